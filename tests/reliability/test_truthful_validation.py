"""12.13 (and issue 8 point 12): country codes, organisation numbers, e-mail addresses and phone numbers are
checked by their real rules; a refused value leaves the file byte for byte as it was."""
from __future__ import annotations

import json

import pytest

from tests.reliability.helpers import clean_failure, ropa, sha


@pytest.mark.parametrize("argv, words", [
    (["recipient", "{f}", "Google Cloud", "--country", "XX"], "ISO 3166"),
    (["recipient", "{f}", "Google Cloud", "--country", "NO", "--country", "ZZ"], "«ZZ»"),
    (["org", "{f}", "--org-number", "000 000 000"], "organisasjonsnummer"),
    (["org", "{f}", "--email", ".post@firma.no"], "e-postadresse"),
    (["org", "{f}", "--dpo-email", "post@firma..no"], "e-postadresse"),
    (["org", "{f}", "--email", "post@-firma.no"], "e-postadresse"),
    (["org", "{f}", "--email", "post@firma.n0"], "e-postadresse"),
    (["org", "{f}", "--phone", "22 33 44 5"], "telefonnummer"),
    (["org", "{f}", "--phone", "+47 22 33 44 55 66 77"], "telefonnummer"),
    (["activity", "set", "{f}", "1", "owner_phone", "22 33 44 5"], "telefonnummer"),
])
def test_invalid_values_are_refused_and_the_file_is_unchanged(sample_file, argv, words):
    before = sha(sample_file)
    err = clean_failure(ropa(*[a.format(f=sample_file) for a in argv]))
    assert words in err
    assert sha(sample_file) == before


def test_uk_and_el_are_stored_as_gb_and_gr_and_the_output_says_so(sample_file):
    done = ropa("recipient", sample_file, "Google Cloud", "--country", "uk", "--country", "EL")
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert "UK er lagret som GB" in out and "EL er lagret som GR" in out
    from ropa_app.store import open_ropa

    with open_ropa(sample_file, read_only=True) as store:
        (row,) = [r for r in store.recipient_resolutions() if r["recipient"] == "Google Cloud"]
    assert row["countries"] == ["GB", "GR"]


def test_valid_values_are_kept_as_typed(sample_file):
    done = ropa("org", sample_file, "--phone", "+47 22 33 44 55", "--email", "personvern@fjordlys-klinikk.no",
                "--dpo-phone", "99 88 77 66", "--json")
    assert done.returncode == 0, done.stderr
    org = json.loads(done.stdout.decode()[done.stdout.decode().index("{"):])
    assert org["phone"] == "+47 22 33 44 55" and org["dpo_phone"] == "99 88 77 66"


def test_the_recipient_dialog_uses_the_same_rule():
    from ui.pages.activity_recipient import invalid_codes, parse_codes

    assert parse_codes("no, uk el") == ["NO", "GB", "GR"]
    assert invalid_codes(parse_codes("NO XX zz")) == ["XX", "ZZ"]
