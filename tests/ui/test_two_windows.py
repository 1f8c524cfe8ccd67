"""12.3 and issue 8 point 9: every window notices a file changed underneath (another window, the CLI) through
PRAGMA data_version, reloads keeping its selection and says so; no export from a stale register; no undo over
another window's change."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QItemSelectionModel

from tests.reliability.helpers import ropa, sha
from ui.app import create_window
from ui.commands import SetActivityField
from ui.pages.activity_table import COL_TITLE, ID_ROLE


@pytest.fixture
def two_windows(qtbot, errors, sample_file):
    windows = []
    for _ in range(2):
        window = create_window([str(sample_file)])
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda w=window: bool(w.edit_menu.actions()))  # on screen with its menus: Ctrl+Z works
        windows.append((window, window.show_page("activities")))
    yield windows
    for window, _page in windows:
        window.session.close()


def _select(page, title: str) -> int:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, COL_TITLE).data() == title:
            page.table.selectionModel().setCurrentIndex(
                page.proxy.index(row, COL_TITLE),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            return page.proxy.index(row, COL_TITLE).data(ID_ROLE)
    raise AssertionError(title)


def _titles(page) -> list[str]:
    return [page.proxy.index(r, COL_TITLE).data() for r in range(page.proxy.rowCount())]


def test_an_edit_in_one_window_shows_in_the_other_keeping_its_selection(two_windows, qtbot):
    (a, page_a), (b, page_b) = two_windows
    aid = _select(page_a, "Pasientjournal")
    _select(page_b, "Pasientjournal")
    a.session.push(SetActivityField(a.session, aid, "area", "Klinikk og resepsjon"))
    # B has not been told anything: its timer (or getting the focus) notices the file changed
    qtbot.waitUntil(lambda: page_b.editor.rows["area"].editor.edit.text() == "Klinikk og resepsjon", timeout=5000)
    assert page_b.editor.activity_id == aid and page_b.current_id() == aid
    assert "endret av et annet vindu" in b.statusBar().currentMessage()


def test_the_cli_writing_while_a_window_is_open_is_shown(two_windows, qtbot, sample_file):
    (a, page_a), _ = two_windows
    aid = _select(page_a, "Pasientjournal")
    done = ropa("activity", "add", sample_file, "--title", "Lagt til fra kommandolinjen")
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: "Lagt til fra kommandolinjen" in _titles(page_a), timeout=5000)
    assert page_a.current_id() == aid
    assert "endret av et annet vindu" in a.statusBar().currentMessage()


def test_an_export_never_uses_a_stale_register(two_windows, qtbot, sample_file, tmp_path):
    from ui.export_dialog import ExportDialog

    (a, _page_a), _ = two_windows
    a.session.register()  # built and kept before the CLI changes the file
    a.session.watch.stop()  # no timer help: the export itself must look
    done = ropa("activity", "add", sample_file, "--title", "Ny fra skript")
    assert done.returncode == 0
    dialog = ExportDialog(a.session, a, fmt="json")
    qtbot.addWidget(dialog)
    target = tmp_path / "ut.json"
    dialog.target.setText(str(target))
    with qtbot.waitSignal(dialog.exportFinished, timeout=60_000):
        dialog.start()
    assert "Ny fra skript" in target.read_text(encoding="utf-8")


def test_an_undo_over_another_windows_change_is_refused(two_windows, errors, sample_file):
    (a, page_a), (b, _page_b) = two_windows
    aid = _select(page_a, "Pasientjournal")
    assert a.session.push(SetActivityField(a.session, aid, "area", "Fra vindu A"))
    assert b.session.push(SetActivityField(b.session, aid, "area", "Fra vindu B"))
    before = sha(sample_file)
    a.undo_action.trigger()  # Ctrl+Z in window A
    assert any("Kan ikke angre" in e and "vindu" in e for e in errors)
    assert a.session.store.activity(aid)["area"] == "Fra vindu B"
    assert sha(sample_file) == before
    assert a.session.undo_stack.count() == 0  # the step that cannot be taken is gone, not waiting to misfire
    # B's own undo is still valid: it wrote the value the file holds
    b.undo_action.trigger()
    assert b.session.store.activity(aid)["area"] == "Fra vindu A"


def test_an_undo_over_a_cli_change_is_refused(two_windows, errors, sample_file):
    (a, page_a), _ = two_windows
    aid = _select(page_a, "Pasientjournal")
    assert a.session.push(SetActivityField(a.session, aid, "purpose", "Formål fra vinduet"))
    assert ropa("activity", "set", sample_file, aid, "purpose", "Formål fra skriptet").returncode == 0
    a.undo_action.trigger()
    assert any("Kan ikke angre" in e for e in errors)
    with_cli = json.loads(ropa("activity", "show", sample_file, aid, "--json").stdout)
    assert with_cli["purpose"] == "Formål fra skriptet"


def test_one_windows_own_steps_still_undo_in_any_order(two_windows, errors, monkeypatch):
    import itertools

    from ui.commands import AddActivity

    ticks = itertools.count()  # every write a second later than the one before: the 'updated' stamps differ
    monkeypatch.setattr("ropa_app.store.store.now_iso", lambda: f"2026-11-30T08:{next(ticks) // 60:02d}:"
                                                                f"{next(ticks) % 60:02d}+00:00")
    (a, _page_a), _ = two_windows
    add = AddActivity(a.session, "Ny i vindu A")
    assert a.session.push(add)
    assert a.session.push(SetActivityField(a.session, add.activity_id, "purpose", "Et formål"))
    a.undo_action.trigger()
    a.undo_action.trigger()
    assert errors == []
    assert a.session.store.activity_by_title("Ny i vindu A") is None
    a.redo_action.trigger()
    a.redo_action.trigger()
    assert errors == []
    assert a.session.store.activity(add.activity_id)["purpose"] == "Et formål"


def test_a_damaged_file_is_a_message_in_the_app_and_stays_unchanged(qtbot, errors, sample_file, new_file):
    import sqlite3

    conn = sqlite3.connect(sample_file)
    conn.execute("UPDATE activities SET systems = '[\"ikke avsluttet' WHERE id = 1")
    conn.commit()
    conn.close()
    before = sha(sample_file)
    window = create_window([str(new_file)])
    qtbot.addWidget(window)
    assert not window.session.open(sample_file)
    assert any("skadet" in e for e in errors)
    assert window.session.path == new_file  # the open file stays open
    assert sha(sample_file) == before
    window.session.close()


def test_window_edits_and_cli_writers_at_once_all_succeed(qtbot, errors, sample_file):
    import subprocess
    import sys
    import textwrap

    # Each writer opens, writes and closes the file 60 times (as CLI runs do), starting when told to.
    writer = textwrap.dedent("""
        import sys
        from ropa_app.store import open_ropa
        sys.stdin.readline()
        for i in range(60):
            with open_ropa(sys.argv[1]) as store:
                store.add_activity(f"{sys.argv[2]} {i}")
    """)
    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    aid = window.session.store.activities()[0]["id"]
    children = [subprocess.Popen([sys.executable, "-c", writer, str(sample_file), f"skriver {n}"],
                                 stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(2)]
    for child in children:  # started and waiting: now all go at once
        child.stdin.write("go\n")
        child.stdin.flush()
    overlapped = 0
    for i in range(40):
        overlapped += any(child.poll() is None for child in children)
        assert window.session.push(SetActivityField(window.session, aid, "notes", f"fra vinduet {i}"))
    for child in children:
        _out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
    assert overlapped >= 1  # the edits ran while the processes wrote
    assert errors == []
    titles = [a["title"] for a in window.session.store.activities()]
    assert sum(t.startswith("skriver ") for t in titles) == 120
    assert window.session.store.activity(aid)["notes"] == "fra vinduet 39"
    window.session.close()


def test_opening_a_file_builds_its_register_once(qtbot, errors, sample_file):
    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    window.show()
    for page in ("overview", "activities", "catalogue", "changelog"):
        window.show_page(page)
    assert window.session._live.full_builds == 1  # every page reads the one kept register
    window.session.close()


def test_a_file_replaced_underneath_is_reopened_and_edits_go_into_it(qtbot, errors, sample_file, new_file):
    import os
    import sqlite3

    from ropa_app.store import open_ropa
    from ui.commands import SetOrganisationField

    with open_ropa(new_file) as store:
        store.update_organisation(name="Erstatning AS")
    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    aid = window.session.store.activities()[0]["id"]
    assert window.session.push(SetActivityField(window.session, aid, "notes", "før byttet"))
    os.replace(new_file, sample_file)  # e.g. a backup put back in its place
    qtbot.waitUntil(lambda: "byttet ut" in window.statusBar().currentMessage(), timeout=5000)
    assert window.session.store.organisation()["name"] == "Erstatning AS"
    assert window.session.undo_stack.count() == 0
    assert window.session.push(SetOrganisationField(window.session, "contact_name", "Kari"))
    window.session.close()
    conn = sqlite3.connect(sample_file)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT name, contact_name FROM organisation").fetchone() == ("Erstatning AS", "Kari")
    conn.close()
    assert errors == []


def test_a_file_moved_away_is_said_once_and_edits_wait_until_it_is_back(qtbot, errors, sample_file, tmp_path):
    import os

    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    aid = window.session.store.activities()[0]["id"]
    away = tmp_path / "flyttet.ropa"
    os.rename(sample_file, away)
    qtbot.waitUntil(lambda: any("flyttet eller slettet" in e for e in errors), timeout=5000)
    assert not window.session.push(SetActivityField(window.session, aid, "notes", "mens den var borte"))
    assert not sample_file.exists()  # nothing made anew under the name
    os.rename(away, sample_file)
    assert window.session.push(SetActivityField(window.session, aid, "notes", "tilbake"))
    window.session.close()
    from ropa_app.store import open_ropa

    with open_ropa(sample_file, read_only=True) as store:
        assert store.activity(aid)["notes"] == "tilbake"


def test_a_file_replaced_by_something_unreadable_is_a_message_not_a_crash(qtbot, errors, sample_file, tmp_path):
    import os

    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    window.show()
    junk = tmp_path / "tekst.txt"
    junk.write_text("ikke en ROPA-fil", encoding="utf-8")
    os.replace(junk, sample_file)
    qtbot.waitUntil(lambda: any("ikke en ROPA-fil" in e for e in errors), timeout=5000)
    assert window.session.store is None
    assert sample_file.read_text(encoding="utf-8") == "ikke en ROPA-fil"  # the new content is not touched
    assert not any("uventet feil" in e for e in errors)
