"""Issue 10, "fast at any size": the window shows the overview from one cheap query and reads the register once it
is on screen; nothing the first screen does not show is imported or built before it. Offscreen, no real dialogs."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from PySide6.QtWidgets import QTableView

from tests.ui.keys import wait_until_read
from ui import settings
from ui.app import create_window


def test_the_first_screen_names_the_file_at_once_and_fills_in_the_rest_when_shown(qtbot, sample_file, errors):
    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    page = window.pages["overview"]
    assert set(window.pages) == {"overview"}  # the other pages are built when first visited
    assert page.title.text() == "Fjordlys Fysioterapi AS" and page.count_labels["activities"].text() == "5"
    assert page.reading and page.reading_note.text().startswith("Leser protokollen")
    assert page.count_labels["gaps"].text() == "…" and window.status_label.text() == "Leser protokollen …"
    assert not [t for t in page.findChildren(QTableView) if t.isVisibleTo(page)]  # no empty gap table, but:
    assert page.gaps_waiting.isVisibleTo(page) and page.gaps_waiting.text() == "Leser protokollen …"
    assert not window.session.is_read
    window.show()
    qtbot.waitUntil(lambda: not page.reading)
    assert page.count_labels["gaps"].text() == "10" and page.gap_model.rowCount() == 22  # 6 of them erasure (N2)
    assert not page.gaps.isHidden() and page.gaps_waiting.isHidden()
    assert page.flow_map.flow is not None
    assert "10 obligatoriske" in window.status_label.text()
    assert window.session._live.full_builds == 1 and errors == []


def test_the_menus_and_their_shortcuts_work_as_soon_as_the_window_is_on_screen(qtbot, sample_file, errors):
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtWidgets import QApplication

    from tests.ui.keys import CTRL, press

    class Painted(QObject):
        seen = False

        def eventFilter(self, _obj, event):  # noqa: N802 - Qt's name
            self.seen = self.seen or event.type() == QEvent.Type.Paint
            return False

    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    assert [a.text() for a in window.menuBar().actions()] == ["&Fil", "&Rediger", "&Vis", "&Hjelp"]  # first screen
    painted = Painted()
    window.installEventFilter(painted)
    window.show()
    qtbot.waitUntil(lambda: painted.seen)  # on screen: what is in the menus is made in the next turn of the loop,
    QApplication.processEvents()  # before a key pressed now could reach the window
    menus = [window.file_menu, window.edit_menu, window.view_menu, window.help_menu]
    assert all(menu.actions() for menu in menus)
    assert [a.text() for a in window.view_menu.actions()][:2] == ["&Oversikt", "&Virksomhet"]
    press(Qt.Key.Key_2, CTRL, widget=window.nav)
    assert window.stack.currentWidget() is window.pages["organisation"]
    press(Qt.Key.Key_1, CTRL)
    assert window.stack.currentWidget() is window.pages["overview"]
    window.change_language("en")  # the language menu
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Edit", "&View", "&Help"]
    assert window.language_actions["en"].isChecked() and window.undo_action.text() == "&Undo"
    assert errors == []


def test_edits_undo_and_other_pages_work_before_the_register_has_been_read(qtbot, sample_file, errors):
    from ui.commands import SetOrganisationField

    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    assert window.session.push(SetOrganisationField(window.session, "name", "Fjordlys Klinikk AS"))
    activities = window.show_page("activities")
    assert activities.proxy.rowCount() == 5  # the page read the register when it needed it
    window.show()
    overview = window.show_page("overview")
    wait_until_read(qtbot, window)
    assert overview.title.text() == "Fjordlys Klinikk AS" and overview.count_labels["gaps"].text() == "10"
    window.session.undo_stack.undo()
    assert overview.title.text() == "Fjordlys Fysioterapi AS"
    assert window.session._live.full_builds == 1 and errors == []


def test_another_file_opened_from_the_window_is_read_once_it_is_shown(qtbot, sample_file, new_file, errors):
    window = create_window([str(new_file)])
    qtbot.addWidget(window)
    window.show()
    wait_until_read(qtbot, window)
    assert window.open_path(sample_file)
    page = window.pages["overview"]
    qtbot.waitUntil(lambda: page.count_labels["gaps"].text() == "10")
    assert page.title.text() == "Fjordlys Fysioterapi AS" and not page.reading and errors == []


def test_damage_the_check_at_opening_cannot_see_is_a_message_when_read(qtbot, sample_file, errors):
    conn = sqlite3.connect(sample_file)
    conn.execute("UPDATE catalogue_services SET facts = '{}' "
                 "WHERE key IN (SELECT service_key FROM adopted_services LIMIT 1)")  # JSON, but not a service
    conn.commit()
    conn.close()
    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(errors))
    assert "ugyldig" in errors[0] or "skadet" in errors[0]
    assert window.session.store is None  # closed: nothing half-read to show or save into
    assert not window.pages["overview"].reading
    assert not any("uventet feil" in e for e in errors)


STARTING = """
import sys
import PySide6.QtCore as QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.app import create_window
window = create_window(["--sample"])  # up to the moment the window is shown
print(sorted(m for m in sys.modules if m.startswith(("ropa_app", "ui", "tomllib", "openpyxl", "reportlab"))))

class Painted(QObject):  # once the first paint of the window (and its widgets) is done: was Qt's namespace made?
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            QTimer.singleShot(0, lambda: (print("Qt" in vars(QtCore)), app.quit()))
        return False

painted = Painted()
window.installEventFilter(painted)
window.show()
app.exec()
"""


def test_a_start_imports_and_builds_only_what_the_first_screen_shows(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ROPA_DATA_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", STARTING], capture_output=True, text=True, env=env, timeout=120,
                           check=False) for _first_start_then_an_ordinary_one in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[-1].stderr
    modules, qt_namespace = runs[-1].stdout.strip().splitlines()[-2:]
    imported = set(modules.strip("[]").replace("'", "").split(", "))
    assert "ui.pages.overview" in imported and "ropa_app.store" in imported
    later = {"ropa_app.register", "ropa_app.live_register", "ropa_app.checks", "ropa_app.catalogue",
             "ropa_app.columns", "ropa_app.dataflow", "ui.dataflow_view", "ui.pages.catalogue", "ui.pages.activities",
             "ui.pages.changelog", "ui.pages.gap_table", "ui.models", "tomllib"}  # (tomllib: translations and
    # catalogue index come from the cache)
    assert imported & later == set()
    assert not [m for m in imported if m.startswith(("openpyxl", "reportlab"))]
    # Qt's namespace (its first use makes ~100 enums, 15 ms) is made after the first paint, not before
    assert qt_namespace == "False"


def test_a_large_file_is_read_in_steps_and_the_window_answers_in_between(qtbot, tmp_path, errors):
    from PySide6.QtCore import QTimer

    from sample_data.generate import generate
    from ui.session import READ_STEP

    big = generate(tmp_path / "big.ropa", activities=3 * READ_STEP + 50)
    window = create_window([str(big)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.session._live is not None)  # the first step has been built
    answered: list[bool] = []
    QTimer.singleShot(0, lambda: answered.append(window.session.is_read))  # e.g. a key press waiting its turn
    wait_until_read(qtbot, window)
    assert answered == [False]  # it was served between two steps, while the overview still said «Leser …»
    overview = window.pages["overview"]
    activities = len(window.session.store.activities())
    assert overview.count_labels["activities"].text() == str(activities)
    assert window.session._live.full_builds == 1 and errors == []


def test_a_start_on_the_file_opened_last_does_not_write_the_settings_again(qtbot, sample_file, new_file, isolated_data,
                                                                         errors):
    ini = isolated_data / "ropa-app.ini"
    first = create_window([str(sample_file)])
    qtbot.addWidget(first)
    written = ini.stat().st_mtime_ns, ini.read_bytes()
    again = create_window([str(sample_file)])  # the same file: nothing new to remember (no synced rewrite)
    qtbot.addWidget(again)
    assert (ini.stat().st_mtime_ns, ini.read_bytes()) == written
    another = create_window([str(new_file)])  # another file: remembered first, the sample next
    qtbot.addWidget(another)
    assert settings.recent_files() == [new_file.resolve(), sample_file.resolve()]
    assert settings.last_file() == new_file.resolve() and errors == []
