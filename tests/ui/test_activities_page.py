"""Behandlinger as a user meets it: the list, the filter, the editor saving each edit as one undoable command,
optional categories, processing locations, navigation to a field, and a full round trip through a new file.
Offscreen; no real dialog is ever shown."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog

from ropa_app.domain import ACTIVITY_FIELDS
from ropa_app.i18n import messages
from ui.app import create_window
from ui.commands import AdoptServices, SetActivityField
from ui.pages.activity_editor import GROUPS
from ui.pages.activity_recipient import RecipientDialog
from ui.pages.activity_table import COL_TITLE, ID_ROLE

ROOT = Path(__file__).resolve().parents[2]
TALKMORE = "talkmore/bedriftsnett"
INPLI = "telenor-inpli/2involve-kontaktsenter"


@pytest.fixture
def open_window(qtbot, errors):
    def make(path: Path, show: bool = True):
        window = create_window([str(path)])
        qtbot.addWidget(window)
        if show:
            window.resize(1366, 768)
            window.show()
            qtbot.waitExposed(window)
            window.activateWindow()
        return window, window.show_page("activities")

    return make


def titles(page) -> list[str]:
    return [page.proxy.index(r, COL_TITLE).data() for r in range(page.proxy.rowCount())]


def activity_id(window, title: str) -> int:
    return next(a["id"] for a in window.session.store.activities() if a["title"] == title)


def select(page, title: str) -> int:
    row = titles(page).index(title)
    page.table.selectionModel().setCurrentIndex(
        page.proxy.index(row, COL_TITLE),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    return page.proxy.index(row, COL_TITLE).data(ID_ROLE)


def gaps_of(window, aid: int) -> set[tuple[str, str]]:
    return {(g.code, g.field) for g in window.session.register().gaps if g.activity_id == aid}


def editor_of(page, field: str):
    return page.editor.rows[field].editor


def type_and_leave(qtbot, page, field: str, text: str) -> None:
    """Click into a text field at the end of its text, type, and move on to another field (which saves)."""
    from PySide6.QtWidgets import QLineEdit

    widget = editor_of(page, field).focus_widget()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    if isinstance(widget, QLineEdit):
        widget.end(False)  # a line shows its beginning until the user clicks behind the text
    else:
        qtbot.keyClick(widget, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)
    other = editor_of(page, "area" if field != "area" else "title").focus_widget()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)


def add_activity(page, monkeypatch, title: str) -> int:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (title, True))
    page.add_button.click()
    return page.editor.activity_id


# --- the list ---------------------------------------------------------------------------------------------

def test_the_sample_activities_are_listed_with_their_gaps(open_window, sample_file):
    window, page = open_window(sample_file, show=False)
    assert sorted(titles(page)) == sorted(a["title"] for a in window.session.store.activities())
    assert len(titles(page)) == 5
    telephony = page.model.rows[page.model.row_of(activity_id(window, "Telefoni og sentralbord"))]
    assert telephony["services"] == 4
    assert telephony["gaps"] == 6  # five recipients name no processing location; art. 9 for patients calling


def test_filtering_leaves_the_matching_activity(open_window, sample_file, qtbot):
    _window, page = open_window(sample_file)
    qtbot.keyClicks(page.filter, "journal")
    assert titles(page) == ["Pasientjournal"]
    page.filter.clear()
    assert len(titles(page)) == 5
    page.filter.setText("we4you")  # vendors are searchable too
    assert titles(page) == ["Telefoni og sentralbord"]


def test_a_narrow_list_hides_columns_to_keep_the_titles_readable(open_window, sample_file, qtbot):
    from ui.pages.activities import TITLE_CHARS
    from ui.pages.activity_table import COL_SERVICES, COL_STATUS, COL_UPDATED

    window, page = open_window(sample_file)
    table = page.table
    readable = table.fontMetrics().averageCharWidth() * TITLE_CHARS
    page.splitter.setSizes([2000, 400])  # a wide list shows every column
    qtbot.waitUntil(lambda: not table.isColumnHidden(COL_UPDATED))
    assert not any(table.isColumnHidden(c) for c in range(page.model.columnCount()))
    assert table.columnWidth(COL_TITLE) >= readable

    window.resize(900, 600)  # 150 % on a 1366 x 768 laptop, the editor taking its share
    page.splitter.setSizes([420, 480])
    qtbot.waitUntil(lambda: table.isColumnHidden(COL_UPDATED))
    assert table.columnWidth(COL_TITLE) >= min(readable, table.viewport().width() // 2)
    hidden = [c for c in (COL_UPDATED, COL_SERVICES, COL_STATUS) if table.isColumnHidden(c)]
    assert hidden == [COL_UPDATED, COL_SERVICES, COL_STATUS][:len(hidden)]  # the least needed go first
    assert not table.isColumnHidden(COL_TITLE) and not table.isColumnHidden(4)  # the gaps stay

    # what the hidden columns said is in the title's tooltip
    row = page.model.row_of(activity_id(window, "Telefoni og sentralbord"))
    tip = page.model.index(row, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Telefoni og sentralbord\n") and "Status: Utkast" in tip and "Tjenester: 4" in tip


def test_the_selection_stays_when_rows_change_or_are_sorted(open_window, sample_file):
    window, page = open_window(sample_file, show=False)
    aid = select(page, "Pasientjournal")
    window.session.push(SetActivityField(window.session, aid, "title", "Aaa journal"))
    assert titles(page)[0] == "Aaa journal"  # moved to the top (sorted by title) ...
    assert page.current_id() == aid  # ... and still selected
    page.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # most gaps first
    assert titles(page)[0] == "Telefoni og sentralbord"
    assert page.current_id() == aid and page.editor.activity_id == aid


def test_selecting_an_activity_fills_the_editor(open_window, sample_file):
    _window, page = open_window(sample_file, show=False)
    select(page, "Administrasjon av mobilabonnement og utstyr")
    assert editor_of(page, "title").edit.cursorPosition() == 0  # a long title shows its first words
    select(page, "Pasientjournal")
    assert editor_of(page, "title").edit.text() == "Pasientjournal"
    assert editor_of(page, "purpose").edit.toPlainText().startswith("Dokumentere undersøkelse")
    assert editor_of(page, "data_categories").edit.toPlainText().splitlines()[0] == "kontaktopplysninger"
    assert editor_of(page, "legal_basis").value() == ["c"]
    assert editor_of(page, "legal_basis").boxes["c"].text() == "(c) Rettslig forpliktelse"
    assert editor_of(page, "special_categories").value() == ["health"]
    assert editor_of(page, "art9_conditions").boxes["h"].isChecked()
    assert editor_of(page, "high_risk").combo.currentText() == "Ja"
    assert not page.editor.vendor_box.isVisibleTo(page.editor)  # no vendor service behind it

    select(page, "Telefoni og sentralbord")
    summary = page.editor.vendor_text.text()
    for words in ("We4you", "Talkmore Bedrift", "Dette må dere gjøre selv", "Databehandleravtale",
                  "for We4you"):
        assert words in summary
    assert page.editor.vendor_box.isVisibleTo(page.editor)
    assert "Talkmore Bedrift:" in page.editor.services.text()
    assert editor_of(page, "high_risk").combo.currentText() == "Ikke vurdert"


def test_every_field_is_in_one_group_in_datatilsynets_order():
    names = [n for _key, group in GROUPS for n in group]
    assert sorted(names) == sorted(ACTIVITY_FIELDS)
    assert len(names) == len(set(names))


def test_every_text_the_page_asks_for_exists_in_both_languages():
    code = "\n".join(p.read_text() for p in (ROOT / "ui" / "pages").glob("activit*.py"))
    keys = set(re.findall(r'(?:\btr\(\s*|\btr_text\([^,()]+,\s*)"(ui\.activities\.[\w.]+)"', code))
    keys |= {f"ui.activities.optional.{c}" for c in ("open", "confirmed", "declined")}
    keys |= {f"ui.activities.mechanism.{k}" for k in ("scc", "dpf", "bcr", "adequacy")}
    assert len(keys) > 40
    missing = [k for k in keys if k not in messages() or set(messages()[k]) != {"nb", "en"}]
    assert missing == []


# --- editing ----------------------------------------------------------------------------------------------

def test_typing_a_purpose_and_leaving_the_field_saves_it(open_window, sample_file, qtbot, monkeypatch):
    window, page = open_window(sample_file)
    aid = add_activity(page, monkeypatch, "Nettbutikk")
    assert "Nettbutikk" in titles(page) and page.editor.title.text() == "Nettbutikk"
    assert ("purpose_missing", "purpose") in gaps_of(window, aid)
    assert "Formålet med behandlingen mangler" in page.editor.rows["purpose"].gaps.text()
    depth = window.session.undo_stack.count()

    type_and_leave(qtbot, page, "purpose", "Selge varer på nett og levere dem")
    assert window.session.store.activity(aid)["purpose"] == "Selge varer på nett og levere dem"
    assert ("purpose_missing", "purpose") not in gaps_of(window, aid)
    assert page.editor.rows["purpose"].gaps.isHidden()
    assert window.session.undo_stack.count() == depth + 1  # one edit, one command


def test_ticking_legal_bases_saves_them_and_undo_reverts_the_last(open_window, sample_file, monkeypatch):
    window, page = open_window(sample_file, show=False)
    aid = add_activity(page, monkeypatch, "Kundeklubb")
    boxes = editor_of(page, "legal_basis").boxes
    boxes["b"].setChecked(True)
    boxes["f"].setChecked(True)
    assert window.session.store.activity(aid)["legal_basis"] == ["b", "f"]
    assert ("legal_basis_missing", "legal_basis") not in gaps_of(window, aid)
    assert "interesseavveiingen" in page.editor.rows["legitimate_interest_assessment"].gaps.text()

    window.session.undo_stack.undo()
    assert window.session.store.activity(aid)["legal_basis"] == ["b"]
    assert boxes["b"].isChecked() and not boxes["f"].isChecked()


def test_undo_shows_the_old_text_again(open_window, sample_file, qtbot):
    window, page = open_window(sample_file)
    aid = select(page, "Pasientjournal")
    old = window.session.store.activity(aid)["area"]
    type_and_leave(qtbot, page, "area", " og oppfølging")
    assert window.session.store.activity(aid)["area"] == old + " og oppfølging"
    window.session.undo_stack.undo()
    assert window.session.store.activity(aid)["area"] == old
    assert editor_of(page, "area").edit.text() == old


def test_a_refresh_never_overwrites_what_the_user_is_typing(open_window, sample_file, qtbot):
    window, page = open_window(sample_file)
    aid = select(page, "Pasientjournal")
    purpose = editor_of(page, "purpose").edit
    purpose.setFocus()
    qtbot.waitUntil(purpose.hasFocus)
    qtbot.keyClicks(purpose, " Halvskrevet")
    window.session.push(SetActivityField(window.session, aid, "notes", "endret et annet sted"))
    assert "Halvskrevet" in purpose.toPlainText()
    assert "Halvskrevet" not in window.session.store.activity(aid)["purpose"]  # not saved until leaving
    assert editor_of(page, "notes").edit.toPlainText() == "endret et annet sted"


def test_an_invalid_owner_email_shows_the_message_and_is_not_saved(open_window, sample_file, qtbot):
    window, page = open_window(sample_file)
    aid = select(page, "Pasientjournal")
    field = editor_of(page, "owner_email").field
    before = window.session.store.activity(aid)["owner_email"]
    depth = window.session.undo_stack.count()
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "ingrid-at-fjordlys")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.message.isVisibleTo(page) and "ikke en gyldig e-postadresse" in field.message.text()
    assert window.session.store.activity(aid)["owner_email"] == before
    assert window.session.undo_stack.count() == depth

    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "ingrid@fjordlys-fysio.no")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert not field.message.isVisibleTo(page)


def test_choosing_status_and_risk_saves_at_once(open_window, sample_file):
    window, page = open_window(sample_file, show=False)
    aid = select(page, "Lønn og personal")
    risk = editor_of(page, "high_risk").combo
    risk.setCurrentIndex(risk.findData("yes"))
    assert window.session.store.activity(aid)["high_risk"] == "yes"
    assert ("dpia_required", "dpia_done") in gaps_of(window, aid)
    assert "DPIA" in page.editor.rows["dpia_done"].gaps.text()


def test_the_title_cannot_be_emptied(open_window, sample_file, qtbot):
    window, page = open_window(sample_file)
    aid = select(page, "Pasientjournal")
    title = editor_of(page, "title")
    title.edit.setFocus()
    title.edit.selectAll()
    qtbot.keyClick(title.edit, Qt.Key.Key_Delete)
    qtbot.keyClick(title.edit, Qt.Key.Key_Return)
    assert window.session.store.activity(aid)["title"] == "Pasientjournal"
    assert title.edit.text() == "Pasientjournal"
    assert "må ha en tittel" in title.error.text()


def test_removing_can_be_undone(open_window, sample_file, errors, questions):
    window, page = open_window(sample_file, show=False)
    aid = select(page, "Lønn og personal")
    page.remove_button.click()
    assert "«Lønn og personal»" in questions[0]
    assert "Lønn og personal" not in titles(page)
    assert "Kan angres (Ctrl+Z)" in window.statusBar().currentMessage()
    assert page.editor.activity_id is not None and page.editor.activity_id != aid
    window.session.undo_stack.undo()
    assert "Lønn og personal" in titles(page)
    assert errors == []


# --- vendor facts -----------------------------------------------------------------------------------------

def test_deciding_an_optional_category_records_the_decision(open_window, sample_file):
    window, page = open_window(sample_file, show=False)
    assert window.session.push(AdoptServices(window.session, [INPLI]))
    aid = window.session.store.activities_of_service(INPLI)[0]
    page.select(aid)
    combos = page.editor.optional.combos
    key = f"{INPLI}:Samtaleopptak (lydlogg)"
    assert key in combos and page.editor.optional.isVisibleTo(page.editor)
    assert combos[key].currentText() == "Ikke avklart"
    combos[key].setCurrentIndex(combos[key].findData("confirmed"))
    decisions = {d["category"]: d["decision"] for d in window.session.store.category_decisions(aid)}
    assert decisions["Samtaleopptak (lydlogg)"] == "confirmed"
    assert ("optional_category_open", f"category:{key}") not in gaps_of(window, aid)
    combos = page.editor.optional.combos
    combos[key].setCurrentIndex(combos[key].findData("open"))  # withdraw the decision again
    assert "Samtaleopptak (lydlogg)" not in {d["category"] for d in window.session.store.category_decisions(aid)}


def test_the_recipient_dialog_resolves_google_cloud(open_window, sample_file, monkeypatch):
    window, page = open_window(sample_file, show=False)
    aid = select(page, "Telefoni og sentralbord")
    assert ("location_unknown", "recipient:Google Cloud") in gaps_of(window, aid)
    seen = {}

    def answer(dialog):
        seen["title"] = dialog.windowTitle()
        dialog.countries.setText("fi")
        dialog.note.setText("Bekreftet av We4you på e-post")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecipientDialog, "exec", answer)
    button = page.editor.locations.buttons["Google Cloud"]
    assert button.text().replace("&", "") == "Registrer behandlingssted …"
    button.click()
    assert "Google Cloud" in seen["title"]
    resolution = next(r for r in window.session.store.recipient_resolutions() if r["recipient"] == "Google Cloud")
    assert resolution["countries"] == ["FI"] and resolution["note"] == "Bekreftet av We4you på e-post"
    assert ("location_unknown", "recipient:Google Cloud") not in gaps_of(window, aid)
    assert page.editor.locations.buttons["Google Cloud"].text().replace("&", "") == "Endre behandlingssted …"
    window.session.undo_stack.undo()
    assert ("location_unknown", "recipient:Google Cloud") in gaps_of(window, aid)


def test_a_cancelled_recipient_dialog_changes_nothing(open_window, sample_file, monkeypatch):
    window, page = open_window(sample_file, show=False)
    select(page, "Telefoni og sentralbord")
    monkeypatch.setattr(RecipientDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    before = window.session.store.recipient_resolutions()  # the sample's own recipients, placed in Norway
    page.editor.locations.buttons["Zisson"].click()
    assert window.session.store.recipient_resolutions() == before
    assert "Zisson" not in {r["recipient"] for r in before}


def test_the_recipient_dialog_checks_country_codes(qtbot):
    dialog = RecipientDialog(None, "Zisson", [], "")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()  # at least one country
    dialog.countries.setText("NO, Atlantis")
    assert not ok.isEnabled() and "ATLANTIS" in dialog.reading.text()
    dialog.countries.setText("Norge; us")  # a name as the register writes it, or a code
    assert ok.isEnabled() and dialog.values()["countries"] == ["NO", "US"]
    assert "overføringsgrunnlag" in dialog.reading.text()  # the US needs a mechanism
    dialog.mechanism.setCurrentText("DPF-sertifisert")
    assert dialog.values()["mechanism"] == "DPF-sertifisert"
    assert dialog.mechanism.findText("EUs standardkontrakter (2021/914)") >= 0


def test_the_purpose_suggestion_fills_in_the_purpose(open_window, new_file):
    window, page = open_window(new_file, show=False)
    assert window.session.push(AdoptServices(window.session, [TALKMORE]))
    aid = window.session.store.activities()[0]["id"]
    page.select(aid)
    assert page.editor.suggestion.isVisibleTo(page.editor)
    offered = page.editor.suggestion_text.text()
    page.editor.use_suggestion.click()
    purpose = window.session.store.activity(aid)["purpose"]
    assert purpose and purpose in offered
    assert editor_of(page, "purpose").edit.toPlainText() == purpose
    assert not page.editor.suggestion.isVisibleTo(page.editor)
    window.session.undo_stack.undo()
    assert window.session.store.activity(aid)["purpose"] == ""


# --- navigation -------------------------------------------------------------------------------------------

def test_focus_field_selects_the_activity_and_focuses_the_editor(open_window, sample_file, qtbot):
    window, page = open_window(sample_file)
    window.show_page("overview")
    aid = activity_id(window, "Pasientjournal")
    window.navigate("activities", aid, "purpose")
    assert window.stack.currentWidget() is page
    assert page.current_id() == aid and page.editor.activity_id == aid
    qtbot.waitUntil(editor_of(page, "purpose").edit.hasFocus)

    telephony = activity_id(window, "Telefoni og sentralbord")
    page.filter.setText("journal")  # a filter hiding the target is cleared
    page.focus_field(telephony, "recipient:Google Cloud")
    assert page.current_id() == telephony
    qtbot.waitUntil(page.editor.locations.buttons["Google Cloud"].hasFocus)
    page.focus_field(telephony, "legal_basis")
    qtbot.waitUntil(editor_of(page, "legal_basis").boxes["a"].hasFocus)


def test_focus_field_on_an_optional_category(open_window, sample_file, qtbot):
    window, page = open_window(sample_file)
    window.session.push(AdoptServices(window.session, [INPLI]))
    aid = window.session.store.activities_of_service(INPLI)[0]
    gap = next(g for g in window.session.register().gaps
               if g.activity_id == aid and g.code == "optional_category_open")
    page.focus_field(aid, gap.field)
    combo = page.editor.optional.combos[gap.field.split(":", 1)[1]]
    qtbot.waitUntil(combo.hasFocus)


# --- the whole way round ----------------------------------------------------------------------------------

def test_new_file_adopt_fill_close_reopen(open_window, new_file, qtbot, errors):
    window, page = open_window(new_file)
    assert titles(page) == []
    assert not page.editor.scroll.isVisibleTo(page.editor)  # nothing to edit yet: a hint instead
    assert window.session.push(AdoptServices(window.session, [TALKMORE]))
    assert len(titles(page)) == 1
    aid = page.editor.activity_id
    assert aid == window.session.store.activities()[0]["id"]
    assert {("purpose_missing", "purpose"), ("legal_basis_missing", "legal_basis")} <= gaps_of(window, aid)

    type_and_leave(qtbot, page, "purpose", "Telefoni for de ansatte")
    editor_of(page, "legal_basis").boxes["b"].setChecked(True)
    assert not {("purpose_missing", "purpose"), ("legal_basis_missing", "legal_basis")} & gaps_of(window, aid)
    row = page.model.rows[page.model.row_of(aid)]
    assert row["gaps"] == sum(g.severity == "mandatory" for g in window.session.register().gaps
                              if g.activity_id == aid)
    window.close()
    QApplication.processEvents()

    again, page2 = open_window(new_file)
    assert again.session.path == new_file
    assert len(titles(page2)) == 1
    select(page2, titles(page2)[0])
    assert editor_of(page2, "purpose").edit.toPlainText() == "Telefoni for de ansatte"
    assert editor_of(page2, "legal_basis").value() == ["b"]
    assert not again.session.undo_stack.canUndo()
    again.session.undo_stack.undo()  # nothing to undo in a freshly opened file: harmless
    assert again.session.store.activity(aid)["purpose"] == "Telefoni for de ansatte"
    assert again.session.store.activity(aid)["legal_basis"] == ["b"]
    assert errors == []


def test_closing_the_window_while_typing_keeps_the_text(open_window, sample_file, qtbot):
    window, page = open_window(sample_file)
    aid = select(page, "Pasientjournal")
    notes = editor_of(page, "notes").edit
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus)
    qtbot.keyClicks(notes, "Skrevet rett før lukking")
    window.close()
    again, _page = open_window(sample_file, show=False)
    assert again.session.store.activity(aid)["notes"] == "Skrevet rett før lukking"
