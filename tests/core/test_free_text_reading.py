"""The register reads two free texts the user writes: the activity's transfers text (countries named there are
transfers) and its purpose (words that point to special categories). Any text is safe; what is read is right."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ropa_app.countries import classify, known_codes
from ropa_app.register import countries_named_in, names_a_mechanism, special_signs_in


def test_countries_are_read_by_name_in_either_language_and_by_capital_code():
    assert countries_named_in("Data lagres i USA og i India.") == ("US", "IN")
    assert countries_named_in("Stored in the United States") == ("US",)
    assert countries_named_in("Leverandøren bruker servere i US og CH") == ("US", "CH")
    assert not [c for c in countries_named_in("Ingen overføring ut av EU/EØS") if classify(c).is_transfer]
    assert "NO" not in countries_named_in("no transfers, none")  # lower-case words are not codes
    assert countries_named_in("") == ()


def test_a_mechanism_is_recognised_only_when_one_is_named():
    assert names_a_mechanism("USA, under EUs standardkontrakter (2021/914)")
    assert names_a_mechanism("Microsoft is DPF certified")
    assert not names_a_mechanism("Kundedata lagres i USA")
    assert not names_a_mechanism("Ascc plainly")


def test_signs_of_special_categories_in_a_purpose():
    assert special_signs_in("Ta imot meldinger fra pasienter") == ("pasient",)
    assert special_signs_in("Registrere fagforeningskontingent") == ("fagforening",)
    assert special_signs_in("Svare kunder som ringer") == ()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_read_without_error_and_only_known_codes_come_out(text):
    codes = countries_named_in(text)
    assert set(codes) <= set(known_codes())
    assert len(codes) == len(set(codes))
    names_a_mechanism(text)
    assert all(sign.casefold() in text.casefold() for sign in special_signs_in(text))
