"""Issue 8.4, 8.6 and 8.10: the main window's language switch, file dialogs and small manners, driven by keys."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

from ropa_app.paths import data_dir
from ropa_app.store import open_ropa
from tests.ui.keys import CTRL, focused, press, show_window, type_text
from ui.app import create_window
from ui.file_dialogs import documents_folder
from ui.i18n import counted, gap_counts
from ui.main_window import PAGE_KEYS


@pytest.fixture
def window(qtbot, sample_file, errors):
    return show_window(qtbot, create_window([str(sample_file)]))


def settle() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def test_switching_language_three_times_adds_no_widgets_and_keeps_the_page(window, qtbot):
    press(Qt.Key.Key_4, CTRL, widget=window.nav)
    window.show_page("overview")
    window.show_page("activities")
    settle()
    status_labels = len(window.statusBar().findChildren(QLabel))
    widgets = len(window.findChildren(QWidget))
    for lang in ("en", "nb", "en"):
        window.language_actions[lang].trigger()
        settle()
    assert len(window.statusBar().findChildren(QLabel)) == status_labels
    assert len(window.findChildren(QWidget)) <= widgets
    assert window.stack.currentWidget() is window.pages["activities"]
    assert window.status_label.text().startswith("Gaps: 10 mandatory")
    assert window.menuBar().actions()[0].text() == "&File"
    assert window.nav.item(3).text() == "Processing activities"
    assert window.language_actions["en"].isChecked() and not window.language_actions["nb"].isChecked()


def test_ctrl_s_saves_the_field_being_typed_in_and_says_everything_is_saved(window, qtbot, sample_file):
    page = window.show_page("organisation")
    name = page.fields["contact_name"].edit
    name.setFocus()
    qtbot.waitUntil(lambda: focused() is name)
    press(Qt.Key.Key_A, CTRL)
    type_text("Per Hansen")
    press(Qt.Key.Key_S, CTRL)
    with open_ropa(sample_file, read_only=True) as store:
        assert store.organisation()["contact_name"] == "Per Hansen"
    assert "fjordlys.ropa er lagret" in window.statusBar().currentMessage()
    assert focused() is name


def test_file_dialogs_start_in_documents_then_in_the_last_folder(window, qtbot, tmp_path, monkeypatch):
    calls = []

    def save_name(parent, title, start, filter_):
        calls.append(start)
        return "", ""

    def open_name(parent, title, start, filter_):
        calls.append(start)
        return str(tmp_path / "andre" / "klient.ropa"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_name)
    for key in PAGE_KEYS:  # Ctrl+N is the window's, whatever the page
        window.show_page(key)
        press(Qt.Key.Key_N, CTRL, widget=window.nav)
    assert len(calls) == len(PAGE_KEYS)
    assert all(Path(c) == documents_folder() / "Ny protokoll.ropa" for c in calls)
    assert not any(str(c).startswith(str(data_dir())) for c in calls)
    (tmp_path / "andre").mkdir()
    press(Qt.Key.Key_O, CTRL, widget=window.nav)  # the file does not exist: a message, but the folder is kept
    press(Qt.Key.Key_N, CTRL, widget=window.nav)
    assert Path(calls[-1]) == tmp_path / "andre" / "Ny protokoll.ropa"


def test_recent_files_show_name_and_folder(window, qtbot, new_file):
    window.open_path(new_file)
    window.recent_menu.aboutToShow.emit()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert f"klient.ropa – {new_file.parent}" in texts
    assert any(t.startswith("fjordlys.ropa – ") for t in texts)


def test_about_has_a_plain_title(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(title))
    next(a for a in window.actions() if a.text() == "&Om ROPA").trigger()
    assert shown == ["Om ROPA"]


def test_one_gap_is_singular():
    assert gap_counts({"mandatory": 1, "warning": 2, "notice": 1}) == \
        "Mangler: 1 obligatorisk · 2 bør rettes · 1 å vurdere"
    assert counted("ui.export.gaps", 1).startswith("Protokollen har 1 obligatorisk mangel.")
    assert counted("ui.export.gaps", 3).startswith("Protokollen har 3 obligatoriske mangler.")


def test_a_success_after_a_failed_export_is_not_red(window, qtbot, tmp_path):
    from conftest import read_only

    from ui.export_dialog import ExportDialog

    dialog = ExportDialog(window.session, window, fmt="json")
    qtbot.addWidget(dialog)
    locked = tmp_path / "låst"
    locked.mkdir()
    dialog.target.setText(str(locked / "p.json"))
    with read_only(locked):
        dialog.export_button.setFocus()
        press(Qt.Key.Key_Space, widget=dialog.export_button)
        qtbot.waitUntil(lambda: not dialog.running(), timeout=30_000)
    assert "b3261e" in dialog.status.styleSheet()
    dialog.target.setText(str(tmp_path / "p.json"))
    with qtbot.waitSignal(dialog.exportFinished, timeout=30_000):
        press(Qt.Key.Key_Space, widget=dialog.export_button)
    assert dialog.status.styleSheet() == ""
    assert (tmp_path / "p.json").exists()


def test_own_vendor_source_uses_the_apps_date_format_and_language(window, monkeypatch):
    import datetime as dt

    from ropa_app.dates import format_date
    from ui.pages.catalogue_dialog import UserServiceDialog

    def fill(dialog):
        dialog.vendor.setText("Fjordsky AS")
        dialog.service.setText("Timebok")
        return UserServiceDialog.DialogCode.Accepted

    monkeypatch.setattr(UserServiceDialog, "exec", fill)
    page = window.show_page("catalogue")
    page.add_button.click()
    today = dt.date.today().isoformat()
    assert f"Egen registrering, {format_date(today, 'nb')}" in page.detail.toPlainText()
    assert today not in page.detail.toPlainText()
    window.change_language("en")
    page = window.show_page("catalogue")
    page.select("user-fjordsky-as/timebok")
    assert "Egen registrering" not in page.detail.toPlainText()
    assert f"Own entry, {format_date(today, 'en')}" in page.detail.toPlainText()


def dialog_strings(qtbot, folder: Path, save: bool) -> list[str]:
    """Every text Qt's own file dialog shows: labels, buttons, tooltips, menu actions, headers, type column."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton, QTreeView

    dialog = QFileDialog(None, "ROPA", str(folder), "ROPA-filer (*.ropa);;Alle filer (*)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    qtbot.addWidget(dialog)
    dialog.show()
    tree = next(v for v in dialog.findChildren(QTreeView) if v.objectName() == "treeView")
    qtbot.waitUntil(lambda: tree.model().rowCount(tree.rootIndex()) >= 2)
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)] + \
        [w.toolTip() for w in dialog.findChildren(QAbstractButton)]
    texts += [a.text() for a in dialog.findChildren(QAction)]
    model = tree.model()
    texts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    texts += [model.index(r, 2, tree.rootIndex()).data() for r in range(model.rowCount(tree.rootIndex()))]
    dialog.close()
    return [t.replace("&", "") for t in texts if t]


@pytest.mark.parametrize("save", [False, True])
def test_qts_file_dialog_speaks_bokmal(window, qtbot, tmp_path, save):
    (tmp_path / "Kunder").mkdir()
    (tmp_path / "klient.ropa").write_bytes(b"")
    texts = dialog_strings(qtbot, tmp_path, save)
    for english in ("Look in:", "Files of type:", "File name:", "Date Modified", "Name", "Size", "New Folder",
                    "Delete", "Rename", "Show hidden files", "Back", "Forward", "Cancel", "Open", "Save",
                    "File Folder", "Folder", "Detail View", "List View", "Parent Directory"):
        assert english not in texts, english
    for bokmal in ("Søk i:", "Filtype:", "Filnavn:", "Endret", "Navn", "Størrelse", "Avbryt", "Mappe",
                   "Lagre" if save else "Åpne"):
        assert bokmal in texts, bokmal


def test_overview_organisation_and_change_log_retranslate_in_place(window, qtbot, questions):
    pages = {key: window.show_page(key) for key in ("overview", "organisation", "changelog")}
    field = pages["organisation"].fields["org_number"].edit
    window.show_page("organisation")
    field.setFocus()
    qtbot.waitUntil(lambda: focused() is field)
    press(Qt.Key.Key_A, CTRL)
    type_text("123")  # an invalid value being typed survives the switch, its message in the new language
    window.change_language("en")
    for key, page in pages.items():
        assert window.pages[key] is page  # the same widgets
    assert field.text() == "123" and "not a valid" in pages["organisation"].fields["org_number"].message.text()
    assert pages["overview"].export_xlsx.text() == "Export to E&xcel …"
    assert pages["overview"].gap_model.headerData(3, Qt.Orientation.Horizontal) == "What is missing"
    assert pages["changelog"].filter.placeholderText().startswith("Filter")
    window.show_page("changelog")  # leaving the invalid value asks, in English
    assert questions and "This is not saved" in questions[-1]
    log = pages["changelog"]
    assert log.proxy.index(0, 2).data() and not log.proxy.index(0, 2).data().startswith(("Behandling", "Egen"))


def test_the_selected_activity_stays_selected_across_a_language_switch(window, qtbot):
    page = window.show_page("activities")
    aid = next(a["id"] for a in window.session.store.activities() if a["title"] == "Lønn og personal")
    page.select(aid)
    notes = page.editor.rows["notes"].editor.edit
    notes.setFocus()
    qtbot.waitUntil(lambda: focused() is notes)
    type_text("halvskrevet")
    window.change_language("en")
    assert window.pages["activities"] is page  # retranslated in place, nothing rebuilt
    assert page.editor.activity_id == aid and page.current_id() == aid
    assert page.editor.rows["purpose"].label.text() == "Purpose of the processing"
    assert page.editor.rows["legal_basis"].editor.boxes["b"].text() == "(b) Contract"
    assert notes.toPlainText().endswith("halvskrevet")  # what is being typed stays
    assert page.add_button.text() == "&New activity …"


def test_the_catalogue_retranslates_in_place_keeping_the_selection(window, qtbot):
    page = window.show_page("catalogue")
    page.select("talkmore/bedriftsnett")
    window.change_language("en")
    assert window.pages["catalogue"] is page
    assert page.selected_key() == "talkmore/bedriftsnett"
    assert page.use.text() == "We &use this service" and page.search.placeholderText().startswith("Search")
    assert page.model.headerData(0, Qt.Orientation.Horizontal) != "Leverandør og tjeneste"
    assert "Data processor" in page.detail.toPlainText() or "processor" in page.subtitle.text().lower()


def test_the_change_log_names_the_user_by_the_name_set_in_the_app(qtbot, errors, sample_file, monkeypatch):
    """Issue 7, point 16: "who" is a name the user sets once, never the operating system's account."""
    from PySide6.QtWidgets import QInputDialog

    from ui.app import create_window
    from ui.commands import SetActivityField

    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  Kari   Nordmann ", True))
    window.ask_user_name()
    assert "Kari Nordmann" in window.statusBar().currentMessage()
    aid = window.session.store.activities()[0]["id"]
    assert window.session.push(SetActivityField(window.session, aid, "notes", "ny merknad"))
    assert window.session.store.change_log(limit=1)[0]["who"] == "Kari Nordmann"
    window.close()
    again = create_window([str(sample_file)])  # remembered for the next window
    qtbot.addWidget(again)
    assert again.session.store.who == "Kari Nordmann"


def test_without_a_documents_folder_the_dialogs_start_in_the_home_folder(tmp_path, monkeypatch):
    """A fresh account has no ~/Documents: a save dialog offered a path in it fell back to the folder the program
    was started in (walk-through 4), so a copy landed somewhere the user did not choose."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr("ui.file_dialogs.QStandardPaths.writableLocation", lambda location: str(home / "Documents"))
    assert documents_folder() == home
    (home / "Documents").mkdir()
    assert documents_folder() == home / "Documents"
