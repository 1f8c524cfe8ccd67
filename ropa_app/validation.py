"""Validators for values a user types: Norwegian organisation numbers, e-mail addresses, phone numbers, and
cleaning of free text (control characters are removed before anything is stored)."""
from __future__ import annotations

import re
import unicodedata

from ropa_app.errors import RopaError

_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
# Deliberately simple: one @, a dot in the domain, no spaces. Full RFC 5322 is not what users mistype.
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:.]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,20}$")


def orgnr_digits(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def is_valid_orgnr(value: str) -> bool:
    """Norwegian organisation number: 9 digits, the last a mod-11 check digit (Brønnøysundregistrene)."""
    digits = orgnr_digits(value)
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
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
    return bool(_EMAIL.match(value or "")) and len(value) <= 254


def normalise_email(value: str) -> str:
    value = (value or "").strip()
    if value and not is_valid_email(value):
        raise RopaError("invalid_email", value=value)
    return value


def is_valid_phone(value: str) -> bool:
    return bool(_PHONE.match(value or "")) and sum(c.isdigit() for c in value) >= 5


def normalise_phone(value: str) -> str:
    value = (value or "").strip()
    if value and not is_valid_phone(value):
        raise RopaError("invalid_phone", value=value)
    return value


_KEEP_CONTROLS = {"\n", "\t"}


def clean_text(value: str) -> str:
    """Remove control characters (except newline and tab) and lone surrogates; normalise line endings.

    Everything else, markup, emoji and right-to-left text included, is data and is kept as typed.
    """
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in value
        if ch in _KEEP_CONTROLS
        or not (unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff")
    )
