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


@given(st.text(max_size=20))
def test_anything_not_nine_digits_is_invalid_and_never_crashes(text):
    digits = "".join(c for c in text if c not in " .-")
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


@given(st.from_regex(r"[a-z0-9._%+-]{1,20}@[a-z0-9-]{1,20}\.[a-z]{2,6}", fullmatch=True))
def test_ordinary_addresses_are_valid(address):
    assert is_valid_email(address)


@pytest.mark.parametrize("address", ["", "kari", "kari@", "@firma.no", "kari@firma", "kari nordmann@firma.no",
                                     "kari@@firma.no", "kari@firma.no>", "=HYPERLINK(\"x\")@a.no"])
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
    expected = [ch for ch in text.replace("\r\n", "\n").replace("\r", "\n")
                if ch in "\n\t" or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in "\ufffe\uffff")]
    assert cleaned == "".join(expected)
    assert clean_text(cleaned) == cleaned
