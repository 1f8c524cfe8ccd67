"""ROPA's notes on each vendor document (the catalogue's vendor notes) are read in both languages: the English
exports print them in English (DPO audit 3, item 11), and the notes that qualify a vendor's role are named."""
from __future__ import annotations

import shutil

import pytest

from ropa_app.catalogue import load_catalogue
from ropa_app.errors import RopaError
from ropa_app.paths import resource_path


def test_every_shipped_note_has_its_english(catalogue):
    for vendor in catalogue.vendors:
        assert vendor.notes, vendor.id
        assert len(vendor.notes_en) == len(vendor.notes), vendor.id
        for nb, en in vendor.note_pairs():
            assert en.strip() and en != nb, (vendor.id, nb)
            assert "«" not in en, en  # English quotes, as the English exports write them


def test_phonero_names_the_telia_column_as_the_note_on_its_role(catalogue):
    phonero = catalogue.vendor("phonero")
    [note] = phonero.role_notes
    assert "«Telias rolle»" in note and note in phonero.notes
    english = dict(phonero.note_pairs())[note]
    assert "“Telias rolle” (Telia's role)" in english
    assert all(not v.role_notes for v in catalogue.vendors if v.id != "phonero")


@pytest.fixture
def copied(tmp_path):
    folder = tmp_path / "catalogue"
    shutil.copytree(resource_path("catalogue"), folder)
    return folder


def test_a_note_without_its_english_is_refused(copied):
    path = copied / "telenor-inpli.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('    "The document is not dated.",\n', "", 1), encoding="utf-8")
    with pytest.raises(RopaError) as err:
        load_catalogue(copied)
    assert (err.value.params["file"], err.value.params["field"]) == ("telenor-inpli.toml", "vendor.notes_en")


def test_a_role_note_that_is_not_a_note_word_for_word_is_refused(copied):
    path = copied / "phonero.toml"
    text = path.read_text(encoding="utf-8")
    marker = 'role_notes = [\n    "Tabellens kolonneoverskrift lyder «Telias rolle»'
    assert marker in text
    path.write_text(text.replace(marker, 'role_notes = [\n    "Tabellens overskrift lyder «Telias rolle»', 1),
                    encoding="utf-8")
    with pytest.raises(RopaError) as err:
        load_catalogue(copied)
    assert (err.value.params["file"], err.value.params["field"]) == ("phonero.toml", "vendor.role_notes[0]")
