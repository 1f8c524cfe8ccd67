"""Validators for what users type (property-based)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ropa_app.errors import RopaError
from ropa_app.validation import (
    clean_text,
    format_orgnr,
    is_valid_email,
    is_valid_orgnr,
    normalise_email,
    normalise_orgnr,
)

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def with_check_digit(eight: str) -> str | None:
    check = 11 - sum(int(d) * w for d, w in zip(eight, WEIGHTS)) % 11
    check = 0 if check == 11 else check
    return None if check == 10 else eight + str(check)


eight_digits = st.text("0123456789", min_size=8, max_size=8)


@given(eight_digits)
def test_every_number_with_a_correct_check_digit_is_valid(eight):
    number = with_check_digit(eight)
    if number is None:  # no valid check digit exists for these eight
        assert not any(is_valid_orgnr(eight + d) for d in "0123456789")
    elif number == "000000000":  # the check digit fits, but it names no organisation
        assert not is_valid_orgnr(number)
    else:
        assert is_valid_orgnr(number)
        assert is_valid_orgnr(format_orgnr(number))  # "123 456 785" as people write it
        assert normalise_orgnr(format_orgnr(number)) == number


@given(eight_digits, st.integers(0, 8), st.integers(1, 9))
def test_changing_any_single_digit_makes_it_invalid(eight, position, delta):
    number = with_check_digit(eight)
    if number is None:
        return
    digits = list(number)
    digits[position] = str((int(digits[position]) + delta) % 10)
    assert not is_valid_orgnr("".join(digits))


def test_the_vat_form_on_invoices_and_in_enhetsregisteret_is_read_as_the_number():
    for pasted in ("NO 914 653 223 MVA", "no914653223mva", "NO914653223", "914 653 223 MVA", " NO 914.653.223 MVA "):
        assert normalise_orgnr(pasted) == "914653223", pasted
    for wrong in ("NO 914 653 224 MVA", "NOR 914 653 223", "914 653 223 MVAX", "MVA 914 653 223"):
        with pytest.raises(RopaError):
            normalise_orgnr(wrong)


@given(st.from_regex(r"\A(NO ?)?\d{3} ?\d{3} ?\d{3}( ?MVA)?\Z"))
def test_the_vat_form_is_valid_exactly_when_its_number_is(text):
    assert is_valid_orgnr(text) == is_valid_orgnr("".join(c for c in text if c.isdigit()))


@given(st.text(max_size=20))
def test_anything_not_nine_digits_is_invalid_and_never_crashes(text):
    import re

    bare = re.sub(r"^\s*NO(?=[\s\d])|MVA\s*$", "", text, flags=re.IGNORECASE)  # the VAT form's letters
    digits = "".join(c for c in bare if c not in " .-")
    if not (len(digits) == 9 and digits.isascii() and digits.isdigit()):
        assert not is_valid_orgnr(text)
        if text.strip():
            with pytest.raises(RopaError):
                normalise_orgnr(text)


def test_known_organisation_numbers():
    assert is_valid_orgnr("923609016")  # Equinor
    assert is_valid_orgnr("974 760 673")  # Brønnøysundregistrene
    assert not is_valid_orgnr("923609017")
    assert format_orgnr("923609016") == "923 609 016"


@given(st.from_regex(r"[a-z0-9%+_-]{1,10}(\.[a-z0-9%+_-]{1,10}){0,2}@[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?"
                     r"\.[a-z]{2,6}", fullmatch=True))
def test_ordinary_addresses_are_valid(address):
    assert is_valid_email(address)


@pytest.mark.parametrize("address", ["", "kari", "kari@", "@firma.no", "kari@firma", "kari nordmann@firma.no",
                                     "kari@@firma.no", "kari@firma.no>", "=HYPERLINK(\"x\")@a.no",
                                     ".kari@firma.no", "kari.@firma.no", "ka..ri@firma.no", "kari@.firma.no",
                                     "kari@firma..no", "kari@-firma.no", "kari@firma-.no", "kari@firma.n0",
                                     "kari@firma.123", "kari@firma.no.", "kari@" + "a" * 64 + ".no"])
def test_malformed_addresses_are_invalid(address):
    assert not is_valid_email(address)


@given(st.text())
def test_email_validation_never_crashes(text):
    try:
        normalise_email(text)
    except RopaError as exc:
        assert exc.key == "invalid_email"


@given(st.text())
@settings(max_examples=300)
def test_clean_text_removes_control_characters_and_keeps_everything_else(text):
    cleaned = clean_text(text)
    import unicodedata

    assert all(ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs") for ch in cleaned)
    bidi = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
    expected = [ch for ch in text.replace("\r\n", "\n").replace("\r", "\n")
                if ch in "\n\t" or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in "\ufffe\uffff"
                                    and ch not in bidi)]
    assert cleaned == "".join(expected)
    assert clean_text(cleaned) == cleaned


def test_bidirectional_overrides_are_removed_and_right_to_left_text_kept():
    """Walk-through 4: a pasted U+202E reversed how the rest of the address read in the exported register."""
    assert clean_text("Norge\u202e Bergen") == "Norge Bergen"
    assert clean_text("\u2067שלום\u2069 og \u202aA\u202c") == "שלום og A"
    assert clean_text("مرحبا \u200f") == "مرحبا \u200f"  # a right-to-left mark is a mark, not an override


def test_all_zeros_is_not_an_organisation_number():
    assert not is_valid_orgnr("000 000 000")
    with pytest.raises(RopaError):
        normalise_orgnr("000000000")


@pytest.mark.parametrize("number", ["22 33 44 55", "+47 22 33 44 55", "0047 22 33 44 55", "99887766",
                                    "+46 8 123 456 78", "+1 (555) 123-4567", "+354 555 1234", "+44 20 7946 0958"])
def test_phone_numbers_as_people_write_them(number):
    from ropa_app.validation import is_valid_phone, normalise_phone

    assert is_valid_phone(number) and normalise_phone(number) == number


@pytest.mark.parametrize("number", ["22 33 44 5", "+47 22 33 44 55 66 77", "+47 2233 445", "223344556",
                                    "12345", "+1 23", "+49 1234 5678 9012 3456", "22-33-44-55 ext", "(22 33 44 55",
                                    "++47 22334455", "+0 22 33 44 55"])
def test_what_is_not_a_phone_number_is_refused(number):
    from ropa_app.validation import is_valid_phone, normalise_phone

    assert not is_valid_phone(number)
    with pytest.raises(RopaError) as info:
        normalise_phone(number)
    assert info.value.key == "invalid_phone"


@given(st.text(max_size=30))
def test_phone_validation_never_crashes(text):
    from ropa_app.validation import normalise_phone

    try:
        normalise_phone(text)
    except RopaError as exc:
        assert exc.key == "invalid_phone"


def test_country_codes_are_iso_3166_with_the_usual_aliases():
    from ropa_app.validation import normalise_country

    assert normalise_country("no") == ("NO", "")
    assert normalise_country(" us ") == ("US", "")
    assert normalise_country("EU") == ("EU", "")
    assert normalise_country("uk") == ("GB", "UK")
    assert normalise_country("EL") == ("GR", "EL")
    for wrong in ("XX", "ZZ", "NOR", "N", "", "Ø1", "EN"):
        with pytest.raises(RopaError) as info:
            normalise_country(wrong)
        assert "ISO 3166" in info.value.message("nb") and "UK godtas" in info.value.message("nb")


def test_a_country_is_read_by_its_name_in_either_language_as_the_register_writes_it():
    from ropa_app.validation import normalise_country

    for typed, code in (("Norway", "NO"), ("norge", "NO"), ("Tyskland", "DE"), ("  United  States ", "US"),
                        ("NO", "NO"), ("uk", "GB")):
        assert normalise_country(typed)[0] == code, typed
    for wrong in ("Norwai", "XX", "Atlantis"):
        with pytest.raises(RopaError):
            normalise_country(wrong)
