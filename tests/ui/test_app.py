"""The desktop app as a user meets it: first run, reopening, language, errors, export. Offscreen, no real dialogs."""
from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ropa_app.store import open_ropa
from tests.ui.keys import wait_until_read
from ui import settings
from ui.app import create_window
from ui.commands import SetOrganisationField
from ui.models import ROW_ROLE


@pytest.fixture
def window_for(qtbot):
    def make(*argv):
        window = create_window([str(a) for a in argv])
        qtbot.addWidget(window)
        window.show()  # pages refresh what is on screen
        wait_until_read(qtbot, window)
        return window

    return make


def test_first_run_creates_and_opens_the_default_file(window_for, isolated_data, errors):
    window = window_for()
    default = isolated_data / "default.ropa"
    assert default.exists()
    assert window.session.path == default
    assert "default.ropa" in window.windowTitle()
    assert errors == []
    with open_ropa(default, read_only=True) as store:
        assert len(store.catalogue().services) == 28  # pre-seeded


def test_the_last_file_is_reopened_next_time(window_for, sample_file, errors):
    window = window_for(sample_file)
    assert window.windowTitle().startswith("Fjordlys Fysioterapi AS – fjordlys.ropa")
    window.close()
    again = window_for()
    assert again.session.path == sample_file
    assert settings.recent_files()[0] == sample_file.resolve()


def test_sample_company_shows_its_gaps_on_the_overview(window_for, errors):
    window = window_for("--sample")
    page = window.show_page("overview")
    assert page.title.text() == "Fjordlys Fysioterapi AS"
    assert page.count_labels["activities"].text() == "5"
    assert page.count_labels["gaps"].text() == "10"  # 6 as controller, 4 as processor (the switchboard again)
    # and 11 to fix (art. 10, DPA, Talkmore's transfer answer, where Zendesk and Bluestone process, and six erasure
    # rules the vendors leave open that the clinic's own sentence does not name: DPO audit 4, N2 and N6) and 1 to
    # consider (the switchboard's per-operator statistics: a DPIA sign)
    assert page.gap_model.rowCount() == 22
    assert "10 obligatoriske" in window.status_label.text()  # 6 as controller, 4 as processor


def test_clicking_a_gap_goes_to_its_field(window_for, sample_file, errors):
    window = window_for(sample_file)
    for field in ("email", "phone", "address"):
        window.session.push(SetOrganisationField(window.session, field, ""))
    page = window.show_page("overview")
    rows = [page.gap_proxy.index(r, 0) for r in range(page.gap_proxy.rowCount())]
    target = next(i for i in rows if page.gap_proxy.data(i, ROW_ROLE)["gap"].code == "org_contact_missing")
    page.open_gap(target)
    assert window.stack.currentWidget() is window.pages["organisation"]


def test_organisation_page_validates_live_and_saves_valid_values(window_for, sample_file, qtbot, errors):
    window = window_for(sample_file)
    page = window.show_page("organisation")
    field = page.fields["org_number"]
    field.edit.clear()
    qtbot.keyClicks(field.edit, "123456789")
    assert "ikke et gyldig organisasjonsnummer" in field.message.text()
    field.commit()
    with open_ropa(sample_file, read_only=True) as store:
        assert store.organisation()["org_number"] == "914653223"  # the invalid value was not saved
    field.edit.clear()
    qtbot.keyClicks(field.edit, "923 609 016")
    assert field.message.text() == ""
    field.commit()
    with open_ropa(sample_file, read_only=True) as store:
        assert store.organisation()["org_number"] == "923609016"
    window.session.undo_stack.undo()
    with open_ropa(sample_file, read_only=True) as store:
        assert store.organisation()["org_number"] == "914653223"
    assert field.edit.text() == "914 653 223"


def test_language_switch_is_complete_and_remembered(window_for, sample_file, errors):
    window = window_for(sample_file)
    window.change_language("en")
    assert window.menuBar().actions()[0].text() == "&File"
    assert window.nav.item(0).text() == "Overview"
    assert window.pages["overview"].gap_model.headerData(3, Qt.Orientation.Horizontal) == "What is missing"
    assert settings.language() == "en"
    window.close()
    again = window_for(sample_file)
    assert again.nav.item(1).text() == "Organisation"
    again.change_language("nb")
    assert again.nav.item(1).text() == "Virksomhet"


def test_bokmal_qt_dialog_buttons(window_for, errors):
    from PySide6.QtWidgets import QDialogButtonBox

    window_for("--sample")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Avbryt", "Lagre"}


def test_a_bad_file_is_a_message_and_the_app_keeps_working(window_for, tmp_path, errors):
    notes = tmp_path / "notater.ropa"
    notes.write_text("handleliste")
    window = window_for(notes)
    assert errors and "ikke en ROPA-fil" in errors[0]
    assert notes.read_text() == "handleliste"
    assert window.session.store is not None  # fell back to the default file


def test_a_newer_file_is_refused_with_a_message(window_for, sample_file, errors, monkeypatch):
    window = window_for(sample_file)
    conn = sqlite3.connect(sample_file)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    window.session.close()
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sample_file), ""))
    window.open_file_dialog()
    assert any("nyere versjon" in e for e in errors)


def test_export_through_the_dialog(window_for, sample_file, tmp_path, qtbot, errors, monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    from python_calamine import CalamineWorkbook

    from ui.export_dialog import ExportDialog

    window = window_for(sample_file)
    dialog = ExportDialog(window.session, window, fmt="xlsx")
    qtbot.addWidget(dialog)
    assert "6 obligatoriske mangler" in dialog.gap_label.text()  # the controller register's: it exports that one
    target = tmp_path / "ut" / "protokoll"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.browse()
    assert dialog.target.text().endswith("protokoll.xlsx")
    dialog.language.setCurrentIndex(1)  # English
    with qtbot.waitSignal(dialog.exportFinished, timeout=60_000):
        dialog.start()
    workbook = CalamineWorkbook.from_path(str(target.parent / "protokoll.xlsx"))
    assert workbook.sheet_names[:2] == ["Controller", "Register"]
    rows = workbook.get_sheet_by_name("Register").to_python()
    assert "Telephony and switchboard" in [str(cell) for row in rows for cell in row]  # the template title, in English
    assert dialog.open_file.isVisibleTo(dialog) and dialog.progress.value() == 100


def test_cancelling_an_export_writes_nothing(window_for, sample_file, tmp_path, qtbot, errors):
    from ui.export_dialog import ExportDialog

    window = window_for(sample_file)
    dialog = ExportDialog(window.session, window, fmt="pdf")
    qtbot.addWidget(dialog)
    dialog.target.setText(str(tmp_path / "p.pdf"))
    dialog.start()
    dialog.cancel_or_close()  # the worker stops at its next progress report
    qtbot.waitUntil(lambda: not dialog.running(), timeout=60_000)
    assert "avbrutt" in dialog.status.text()
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(sample_file.name)] == []  # no pdf, no .tmp


def test_export_to_a_read_only_folder_says_so(window_for, sample_file, tmp_path, qtbot, errors):
    from conftest import read_only

    from ui.export_dialog import ExportDialog

    window = window_for(sample_file)
    folder = tmp_path / "låst"
    folder.mkdir()
    dialog = ExportDialog(window.session, window, fmt="json")
    qtbot.addWidget(dialog)
    dialog.target.setText(str(folder / "p.json"))
    with read_only(folder):
        dialog.start()
        qtbot.waitUntil(lambda: not dialog.running(), timeout=30_000)
    assert str(folder) in dialog.status.text()
    assert list(folder.iterdir()) == []


def test_unexpected_errors_are_logged_and_reported(window_for, errors, isolated_data):
    import sys

    window_for("--sample")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert errors and "ropa.log" in errors[0]
    assert "RuntimeError: boom" in (isolated_data / "logs" / "ropa.log").read_text()


def test_starting_the_app_loads_no_exporter_and_parses_no_vendor_file(tmp_path):
    """Start-up stays fast: openpyxl and reportlab load on export only, and an unchanged catalogue is read from
    the file rather than parsed again from the vendor TOML files."""
    import os
    import subprocess
    import sys

    code = """
import sys, tomllib
parsed = []
original = tomllib.load
def spy(fh, *a, **k):
    parsed.append(getattr(fh, "name", "?"))
    return original(fh, *a, **k)
tomllib.load = spy
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.app import create_window
create_window(["--sample"])          # first start: makes the sample file, seeding the catalogue
parsed.clear()
window = create_window(["--sample"])  # an ordinary start
window.show(); app.processEvents()
print(sorted(m for m in sys.modules if m.split(".")[0] in ("openpyxl", "reportlab")))
print(sorted(p.rsplit("/", 1)[-1] for p in parsed))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ROPA_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    modules, parsed = done.stdout.strip().splitlines()[-2:]
    assert modules == "[]"
    assert parsed in ("[]", "['catalogue.toml']")  # at most the small index, to compare versions


def test_the_gap_table_keeps_the_order_the_user_chose_across_refreshes(window_for, sample_file, errors):
    from PySide6.QtCore import Qt

    from ui.commands import SetActivityField

    window = window_for(sample_file)
    page = window.show_page("overview")
    severity = [page.gap_proxy.index(r, 0).data() for r in range(page.gap_proxy.rowCount())]
    assert severity[0] == "Mangler (obligatorisk)" and severity[-1] != severity[0]  # the register's own order
    page.gaps.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # a click on the header
    aid = window.session.store.activities()[0]["id"]
    window.session.push(SetActivityField(window.session, aid, "notes", "endret"))
    window.show_page("overview")
    severity = [page.gap_proxy.index(r, 0).data() for r in range(page.gap_proxy.rowCount())]
    assert severity[0] != "Mangler (obligatorisk)" and severity[-1] == "Mangler (obligatorisk)"


def test_a_read_only_file_is_opened_as_a_copy_the_user_chooses(window_for, sample_file, tmp_path, errors,
                                                                questions, monkeypatch):
    """Walk-through 4: a read-only file was refused with «Save a copy elsewhere», which the app could not do, and
    the app then quietly opened the default file, where the user's edits went. Now the app offers the copy, opens
    it, and the read-only file stays as it was."""
    from conftest import read_only

    from tests.reliability.helpers import sha

    target = tmp_path / "min kopi.ropa"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    before = sha(sample_file)
    with read_only(sample_file):
        window = window_for(sample_file)
        assert sha(sample_file) == before
    assert len(questions) == 1 and "skrivebeskyttet" in questions[0] and "kopi" in questions[0]
    assert errors == []
    assert window.session.path == target and "min kopi.ropa" in window.windowTitle()
    assert window.session.store.organisation()["name"] == "Fjordlys Fysioterapi AS"
    window.session.store.update_organisation(contact_name="Kari")  # the copy can be worked in
    assert window.statusBar().currentMessage().startswith("Kopien er lagret")


def test_declining_the_copy_of_a_read_only_file_says_the_default_file_is_open(window_for, sample_file, errors,
                                                                              questions, isolated_data):
    from conftest import read_only

    questions.answer = QMessageBox.StandardButton.No
    with read_only(sample_file):
        window = window_for(sample_file)
    assert window.session.path == isolated_data / "default.ropa"
    assert window.statusBar().currentMessage() == f"Åpnet standardfilen din i stedet: {isolated_data / 'default.ropa'}"
