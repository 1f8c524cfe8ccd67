"""ROPA's notes on each vendor document (the catalogue's vendor notes) are read in both languages: the English
exports print them in English (DPO audit 3, item 11), and the notes that qualify a vendor's role are named."""
from __future__ import annotations





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


def test_a_note_without_its_english_is_refused(refusal):
    error = refusal("telenor-inpli.toml", '    "The document is not dated.",\n')
    assert (error.params["file"], error.params["field"]) == ("telenor-inpli.toml", "vendor.notes_en")


def test_a_role_note_that_is_not_a_note_word_for_word_is_refused(refusal):
    error = refusal("phonero.toml", 'role_notes = [\n    "Tabellens kolonneoverskrift lyder «Telias rolle»',
                    'role_notes = [\n    "Tabellens overskrift lyder «Telias rolle»')
    assert (error.params["file"], error.params["field"]) == ("phonero.toml", "vendor.role_notes[0]")
