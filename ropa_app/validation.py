"""Validators for values a user types: Norwegian organisation numbers, e-mail addresses, phone numbers, country
codes (ISO 3166-1), and cleaning of free text (control characters are removed before anything is stored)."""
from __future__ import annotations

import re
import unicodedata

from ropa_app.errors import RopaError

_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
# The usual rules, not all of RFC 5322 (quoted local parts are not what people type): a local part of letters,
# digits and !#$%&'*+/=?^_`{|}~- in dot-separated runs (no leading, trailing or double dot); a domain of labels of
# letters, digits and inner hyphens (none empty, none starting or ending with a hyphen, at most 63 characters),
# the last one (the top-level domain) alphabetic, or an IDN "xn--" label.
_LOCAL = re.compile(r"^[\w!#$%&'*+/=?^`{|}~-]+(\.[\w!#$%&'*+/=?^`{|}~-]+)*$")
_LABEL = re.compile(r"^[^\W_]([\w-]{0,61}[^\W_])?$")
_PHONE_CHARS = re.compile(r"^\+?[0-9][0-9 ()./\-]*$")
NORWAY_CALLING_CODE = "47"
NORWAY_DIGITS = 8  # every Norwegian subscriber number, fixed or mobile
E164_MAX_DIGITS = 15  # country code and number together (ITU-T E.164)
E164_MIN_DIGITS = 8


_VAT_FORM = re.compile(r"^\s*NO(?=[\s\d])|MVA\s*$", re.IGNORECASE)


def orgnr_digits(value: str) -> str:
    """The digits of an organisation number as people paste it: «914 653 223», «914.653.223», and the VAT form
    on invoices and in Enhetsregisteret, «NO 914 653 223 MVA»."""
    return re.sub(r"[\s.\-]", "", _VAT_FORM.sub("", value or ""))


def is_valid_orgnr(value: str) -> bool:
    """Norwegian organisation number: 9 digits, the last a mod-11 check digit (Brønnøysundregistrene)."""
    digits = orgnr_digits(value)
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    if set(digits) == {"0"}:  # passes the check digit, names no organisation
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], _ORGNR_WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[8])


def format_orgnr(value: str) -> str:
    """'123456785' -> '123 456 785' (as Norwegians write it); anything else is returned as given."""
    digits = orgnr_digits(value)
    if len(digits) == 9 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return value


def normalise_orgnr(value: str) -> str:
    """The stored form (9 digits), or a RopaError the user can read."""
    value = (value or "").strip()
    if not value:
        return ""
    if not is_valid_orgnr(value):
        raise RopaError("invalid_orgnr", value=value)
    return orgnr_digits(value)


def is_valid_email(value: str) -> bool:
    value = value or ""
    if len(value) > 254 or value.count("@") != 1:
        return False
    local, domain = value.split("@")
    if not local or len(local) > 64 or not _LOCAL.match(local):
        return False
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return False
    tld = labels[-1]
    return (len(tld) >= 2 and tld.isalpha()) or (tld.lower().startswith("xn--") and len(tld) > 5)


def normalise_email(value: str) -> str:
    value = (value or "").strip()
    if value and not is_valid_email(value):
        raise RopaError("invalid_email", value=value)
    return value


def is_valid_phone(value: str) -> bool:
    """A Norwegian number of 8 digits ("22 33 44 55"), or + (or 00) and a country code with a plausible length:
    8 digits after +47, 8 to 15 digits in all elsewhere (E.164)."""
    value = (value or "").strip()
    if not _PHONE_CHARS.match(value) or value.count("(") != value.count(")"):
        return False
    digits = "".join(c for c in value if c.isdigit())
    international = value.startswith("+")
    if not international and digits.startswith("00"):
        digits, international = digits[2:], True
    if not international:
        return len(digits) == NORWAY_DIGITS
    if digits.startswith(NORWAY_CALLING_CODE):
        return len(digits) == len(NORWAY_CALLING_CODE) + NORWAY_DIGITS
    return E164_MIN_DIGITS <= len(digits) <= E164_MAX_DIGITS and not digits.startswith("0")


def normalise_phone(value: str) -> str:
    value = (value or "").strip()
    if value and not is_valid_phone(value):
        raise RopaError("invalid_phone", value=value)
    return value


_KEEP_CONTROLS = {"\n", "\t"}


_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def clean_text(value: str) -> str:
    """Remove control characters (except newline and tab), lone surrogates and the invisible bidirectional
    embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069: pasted in, they reverse how the
    text after them reads in every viewer of the register); normalise line endings.

    Everything else, markup, emoji and right-to-left text included, is data and is kept as typed.
    """
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_BIDI_CONTROLS)
    return "".join(
        ch for ch in value
        if ch in _KEEP_CONTROLS
        or not (unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff")
    )


def normalise_country(value: str) -> tuple[str, str]:
    """An ISO 3166-1 alpha-2 code (or EU/EEA) in capitals, and the alias it was typed as ("" if none):
    'uk' -> ('GB', 'UK'), 'Tyskland' -> ('DE', 'Tyskland'). Unknown codes (XX, ZZ, NOR) are a RopaError."""
    from ropa_app.catalogue import REGIONS
    from ropa_app.iso3166 import ALIASES, CODES

    code = (value or "").strip().upper()
    if code in ALIASES:
        return ALIASES[code], code
    if code in CODES or code in REGIONS:
        return code, ""
    from ropa_app.countries import code_of_name

    named = code_of_name(value)  # «Norway», «Tyskland»: the name as the register itself writes it
    if named:
        return named, value.strip()
    raise RopaError("invalid_country", value=value)


def iso_date(text: str) -> str | None:
    """A date as the user writes it (01.03.2026, or ISO 2026-03-01) as ISO; None when it is no date."""
    import datetime as dt
    import re

    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day).isoformat()
        return dt.date.fromisoformat(text).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def is_valid_date(value: str) -> bool:
    return iso_date(value) is not None
