"""Issue 8.1: Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo the last saved change wherever the focus is; unsaved
typing in the focused field is undone first; undo and redo show what they changed and say it in the status bar."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ropa_app.store import open_ropa
from tests.ui.keys import CTRL, SHIFT, focused, press, show_window, type_text
from ui.app import create_window


@pytest.fixture
def window(qtbot, sample_file, errors):
    return show_window(qtbot, create_window([str(sample_file)]))


def saved_activity(path, title: str) -> dict:
    with open_ropa(path, read_only=True) as store:
        return next(a for a in store.activities() if a["title"] == title)


def open_activity(window, qtbot, title: str):
    page = window.show_page("activities")
    aid = next(a["id"] for a in window.session.store.activities() if a["title"] == title)
    page.select(aid)
    return page, aid


def in_purpose_at_its_end(window, qtbot, sample_file):
    """The purpose box of «Lønn og personal», focused with the cursor at the end, and the purpose the file holds."""
    page, aid = open_activity(window, qtbot, "Lønn og personal")
    purpose = page.editor.rows["purpose"].editor.edit
    before = saved_activity(sample_file, "Lønn og personal")["purpose"]
    purpose.setFocus()
    qtbot.waitUntil(lambda: focused() is purpose)
    press(Qt.Key.Key_End, CTRL)
    return purpose, before


def test_ctrl_z_after_leaving_a_text_field_undoes_the_saved_change_and_shows_it(window, qtbot, sample_file):
    purpose, before = in_purpose_at_its_end(window, qtbot, sample_file)
    type_text(" Også reiseregninger.")
    press(Qt.Key.Key_Tab)  # leaving the field saves it
    assert focused() is not purpose
    assert saved_activity(sample_file, "Lønn og personal")["purpose"] == before + " Også reiseregninger."

    press(Qt.Key.Key_Z, CTRL)  # the focus is in another field: the window's history answers
    assert saved_activity(sample_file, "Lønn og personal")["purpose"] == before
    assert window.statusBar().currentMessage() == "Angre: formålet med behandlingen i «Lønn og personal»"
    qtbot.waitUntil(lambda: focused() is purpose)  # undo shows what it changed
    assert purpose.toPlainText() == before

    press(Qt.Key.Key_Z, CTRL | SHIFT)
    assert saved_activity(sample_file, "Lønn og personal")["purpose"] == before + " Også reiseregninger."
    assert window.statusBar().currentMessage() == "Gjør om: formålet med behandlingen i «Lønn og personal»"
    press(Qt.Key.Key_Z, CTRL)
    press(Qt.Key.Key_Y, CTRL)
    assert saved_activity(sample_file, "Lønn og personal")["purpose"] == before + " Også reiseregninger."


def test_unsaved_typing_is_undone_first_then_the_saved_history(window, qtbot, sample_file):
    page, aid = open_activity(window, qtbot, "Lønn og personal")
    area = page.editor.rows["area"].editor.edit
    owner = page.editor.rows["owner_name"].editor.edit
    old_owner = owner.text()
    owner.setFocus()
    qtbot.waitUntil(lambda: focused() is owner)
    press(Qt.Key.Key_A, CTRL)
    type_text("Kari Nordmann")
    press(Qt.Key.Key_Return)  # Enter saves a line; the focus stays in the field
    assert saved_activity(sample_file, "Lønn og personal")["owner_name"] == "Kari Nordmann"

    area.setFocus()
    qtbot.waitUntil(lambda: focused() is area)
    old_area = area.text()
    type_text("XY")
    press(Qt.Key.Key_Z, CTRL)  # the field's own typing first ...
    assert area.text() == old_area
    assert saved_activity(sample_file, "Lønn og personal")["owner_name"] == "Kari Nordmann"
    press(Qt.Key.Key_Z, CTRL)  # ... then the saved history
    assert saved_activity(sample_file, "Lønn og personal")["owner_name"] == old_owner
    assert window.statusBar().currentMessage().startswith("Angre: ")
    qtbot.waitUntil(lambda: focused() is owner)
    assert owner.text() == old_owner


def test_ctrl_z_inside_a_field_that_was_just_saved_undoes_the_save(window, qtbot, sample_file):
    page = window.show_page("organisation")
    name = page.fields["contact_name"].edit
    before = window.session.store.organisation()["contact_name"]
    name.setFocus()
    qtbot.waitUntil(lambda: focused() is name)
    press(Qt.Key.Key_A, CTRL)
    type_text("Ola Nordmann")
    press(Qt.Key.Key_Return)
    assert window.session.store.organisation()["contact_name"] == "Ola Nordmann"
    press(Qt.Key.Key_Z, CTRL)
    assert window.session.store.organisation()["contact_name"] == before
    assert name.text() == before
    assert window.statusBar().currentMessage().startswith("Angre: ")


def retitle(window, qtbot, title: str, more: str):
    """Type ``more`` at the end of activity ``title``'s title and press Enter (which saves it)."""
    page, aid = open_activity(window, qtbot, title)
    edit = page.editor.rows["title"].editor.edit
    edit.setFocus()
    qtbot.waitUntil(lambda: focused() is edit)
    press(Qt.Key.Key_End)
    type_text(more)
    press(Qt.Key.Key_Return)
    return page, aid, edit


def test_undo_works_from_the_navigation_list_and_the_catalogue_search(window, qtbot, sample_file):
    page, aid, title = retitle(window, qtbot, "Pasientjournal", " (EPJ)")
    assert saved_activity(sample_file, "Pasientjournal (EPJ)")
    catalogue = window.show_page("catalogue")
    catalogue.search.setFocus()
    qtbot.waitUntil(lambda: focused() is catalogue.search)
    press(Qt.Key.Key_Z, CTRL)
    assert saved_activity(sample_file, "Pasientjournal")
    assert window.statusBar().currentMessage().startswith("Angre: ")
    assert window.statusBar().currentMessage() == "Angre: tittelen «Pasientjournal»"
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.pages["activities"])
    window.nav.setFocus()
    press(Qt.Key.Key_Z, CTRL | SHIFT)
    assert saved_activity(sample_file, "Pasientjournal (EPJ)")


def test_undo_names_follow_the_language(window, qtbot):
    page, aid = open_activity(window, qtbot, "Lønn og personal")
    page.editor.save("notes", "Ny merknad")
    assert window.undo_action.text().replace("&", "").startswith("Angre ")
    assert window.undo_action.text().endswith(" i «Lønn og personal»")
    window.change_language("en")
    assert window.undo_action.text().replace("&", "").startswith("Undo ")
    assert window.undo_action.text().endswith(" in 'Lønn og personal'")
    window.change_language("nb")
    press(Qt.Key.Key_Z, CTRL, widget=window.nav)
    assert window.session.store.activity(aid)["notes"] != "Ny merknad"


def test_undo_names_the_organisations_fields_as_a_sentence_does(window):
    from ui.commands import SetOrganisationField

    window.change_language("en")
    window.session.push(SetOrganisationField(window.session, "name", "Klinikk Nord AS"))
    assert window.undo_action.text().replace("&", "") == "Undo the organisation's name"  # not «… controller»
    window.session.push(SetOrganisationField(window.session, "email", "post@klinikk.no"))
    assert window.undo_action.text().replace("&", "") == "Undo the organisation's e-mail"  # not «E-mail»
    window.session.push(SetOrganisationField(window.session, "dpo_email", "dpo@klinikk.no"))
    assert window.undo_action.text().replace("&", "") == "Undo the organisation's DPO's e-mail"
    window.change_language("nb")
    assert window.undo_action.text().replace("&", "") == "Angre personvernombudets e-post for virksomheten"


def test_back_in_a_saved_text_box_ctrl_z_undoes_the_saved_change(window, qtbot, sample_file):
    page, aid = open_activity(window, qtbot, "Lønn og personal")
    notes = page.editor.rows["notes"].editor.edit
    notes.setFocus()
    qtbot.waitUntil(lambda: focused() is notes)
    type_text("Avtalt med regnskapsfører.")
    press(Qt.Key.Key_Tab)
    assert saved_activity(sample_file, "Lønn og personal")["notes"].endswith("Avtalt med regnskapsfører.")
    press(Qt.Key.Key_Backtab)
    qtbot.waitUntil(lambda: focused() is notes)
    press(Qt.Key.Key_Z, CTRL)
    assert not saved_activity(sample_file, "Lønn og personal")["notes"].endswith("Avtalt med regnskapsfører.")
    assert not notes.toPlainText().endswith("Avtalt med regnskapsfører.")
    press(Qt.Key.Key_Z, CTRL | SHIFT)  # redo: the text is back, and typing goes on at its end
    assert notes.toPlainText().endswith("Avtalt med regnskapsfører.")
    type_text(" Sjekket.")
    assert notes.toPlainText().endswith("Avtalt med regnskapsfører. Sjekket.")


def test_adding_an_own_vendor_is_undone_with_ctrl_z(window, qtbot, monkeypatch):
    from ui.pages.catalogue_dialog import UserServiceDialog

    def fill(dialog):
        dialog.vendor.setText("Fjordsky AS")
        dialog.service.setText("Timebok")
        return UserServiceDialog.DialogCode.Accepted

    monkeypatch.setattr(UserServiceDialog, "exec", fill)
    page = window.show_page("catalogue")
    page.add_button.setFocus()
    press(Qt.Key.Key_Space)
    key = "user-fjordsky-as/timebok"
    assert window.session.store.catalogue().has(key)
    press(Qt.Key.Key_Z, CTRL)
    assert not window.session.store.catalogue().has(key) and key not in page.model.service_keys()
    assert window.statusBar().currentMessage() == "Angre: legge til egen leverandør Fjordsky AS: Timebok"
    press(Qt.Key.Key_Y, CTRL)
    assert window.session.store.catalogue().has(key)
    qtbot.waitUntil(lambda: page.selected_key() == key)


def test_typing_more_in_a_saved_box_then_undoing_twice_shows_what_the_file_holds(window, qtbot, sample_file):
    """Walk-through 4: type and Tab (saved), come back, type more, Ctrl+Z twice. The first undoes the typing, the
    second the saved text, in the file and in the box; before, the box kept showing the undone text and Tab did not
    save it again, so the user believed it was in the register."""
    purpose, before = in_purpose_at_its_end(window, qtbot, sample_file)
    type_text(" AAA")
    press(Qt.Key.Key_Tab)
    assert saved_activity(sample_file, "Lønn og personal")["purpose"] == before + " AAA"
    press(Qt.Key.Key_Backtab)
    qtbot.waitUntil(lambda: focused() is purpose)
    press(Qt.Key.Key_End, CTRL)
    type_text(" BBB")
    press(Qt.Key.Key_Z, CTRL)  # the typing
    assert purpose.toPlainText() == before + " AAA"
    press(Qt.Key.Key_Z, CTRL)  # the saved change
    assert saved_activity(sample_file, "Lønn og personal")["purpose"] == before
    assert purpose.toPlainText() == before
    press(Qt.Key.Key_Tab)
    assert saved_activity(sample_file, "Lønn og personal")["purpose"] == before


def test_undoing_a_new_title_says_the_title_and_a_language_switch_leaves_no_old_message(window, qtbot):
    """Walk-through 4, findings 9 and 10: the undo text read «Angre denne behandlingen gjelder i «…»» (the field's
    label), and after switching to English the status bar kept «Gjør om: …» in bokmål."""
    window.fill_menus()
    page, aid, title = retitle(window, qtbot, "Lønn og personal", " 2026")
    assert window.session.store.activity(aid)["title"] == "Lønn og personal 2026"
    assert window.undo_action.text() == "&Angre tittelen «Lønn og personal»"
    page.table.setFocus()
    press(Qt.Key.Key_Z, CTRL)
    assert window.statusBar().currentMessage() == "Angre: tittelen «Lønn og personal»"
    assert window.redo_action.text() == "&Gjør om tittelen «Lønn og personal»"

    window.change_language("en")
    assert window.statusBar().currentMessage() == ""  # no bokmål left beside the English gap counts
    assert window.redo_action.text() == "&Redo the title 'Lønn og personal'"
    press(Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.statusBar().currentMessage() == "Redo: the title 'Lønn og personal'"
    window.change_language("nb")
