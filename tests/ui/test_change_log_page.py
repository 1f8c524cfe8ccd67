"""Issue 8.7 in the app: a change made with the keyboard appears on the change-log page as a sentence."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.keys import CTRL, focused, press, show_window, type_text
from ui.app import create_window
from ui.pages.catalogue_dialog import UserServiceDialog


def test_changes_read_as_sentences_on_the_page(qtbot, sample_file, errors, monkeypatch):
    window = show_window(qtbot, create_window([str(sample_file)]))
    page = window.show_page("activities")
    page.select(next(a["id"] for a in window.session.store.activities() if a["title"] == "Lønn og personal"))
    area = page.editor.rows["area"].editor.edit
    area.setFocus()
    qtbot.waitUntil(lambda: focused() is area)
    press(Qt.Key.Key_A, CTRL)
    type_text("Økonomi")
    press(Qt.Key.Key_Tab)

    def fill(dialog):
        dialog.vendor.setText("Visma")
        dialog.service.setText("Lønn")
        dialog.countries.setText("NO")
        return UserServiceDialog.DialogCode.Accepted

    monkeypatch.setattr(UserServiceDialog, "exec", fill)
    window.show_page("catalogue").add_button.click()

    press(Qt.Key.Key_5, CTRL, widget=window.nav)
    log = window.pages["changelog"]
    assert window.stack.currentWidget() is log
    header = [log.model.headerData(c, Qt.Orientation.Horizontal) for c in range(log.model.columnCount())]
    assert header[2] == "Endring"
    change = 2
    sentences = [log.proxy.index(r, change).data() for r in range(log.proxy.rowCount())]
    assert sentences[0].startswith("Egen leverandør lagt til: Visma: Lønn (Norge)")
    assert "«Lønn og personal»: funksjons- eller virksomhetsområde endret fra «Administrasjon» til «Økonomi»" \
        in sentences[:3]
    press(Qt.Key.Key_F, CTRL)
    type_text("Økonomi")
    shown = [log.proxy.index(r, change).data() for r in range(log.proxy.rowCount())]
    assert shown and len(shown) < len(sentences)
    assert "«Lønn og personal»: funksjons- eller virksomhetsområde endret fra «Administrasjon» til «Økonomi»" in shown


def test_a_long_log_is_given_to_the_view_in_chunks_and_the_filter_searches_all_of_it(qtbot, sample_file, errors):
    """Issue 10.3: the page opens a long log at once; scrolling fetches more; the filter finds the oldest entry."""
    from ropa_app.store import open_ropa
    from ui.pages.changelog import CHUNK

    with open_ropa(sample_file) as store:
        aid = store.add_activity("Den eldste endringen")
        for i in range(3 * CHUNK):
            store.update_activity(aid, "notes", f"merknad {i}")
    window = show_window(qtbot, create_window([str(sample_file)]))
    log = window.show_page("changelog")
    total = len(window.session.register().change_log)
    assert log.proxy.rowCount() == CHUNK < total
    log.table.scrollToBottom()
    qtbot.waitUntil(lambda: log.proxy.rowCount() > CHUNK)  # the view asked for more as it reached the end
    log.filter.setText("Den eldste endringen")
    rows = [log.proxy.index(r, 2).data() for r in range(log.proxy.rowCount())]
    assert rows and all("Den eldste endringen" in r for r in rows)
    log.filter.setText("")
    assert log.proxy.rowCount() == CHUNK


def test_the_log_is_made_searchable_while_the_user_looks_so_the_first_keystroke_does_not_wait(
        qtbot, sample_file, errors, monkeypatch):
    """The search texts of a long log are made a step at a time once the page shows it: the window answers
    meanwhile, and a search afterwards describes nothing more (on 20,000 entries the first keystroke waited a
    quarter of a second)."""
    from ropa_app.change_log import ChangeDescriber
    from ropa_app.store import open_ropa
    from ui.pages.changelog import SEARCH_STEP

    with open_ropa(sample_file) as store:
        aid = store.add_activity("Mange merknader")
        for i in range(3 * SEARCH_STEP):
            store.update_activity(aid, "notes", f"merknad {i}")
    window = show_window(qtbot, create_window([str(sample_file)]))
    described: list[str] = []
    original = ChangeDescriber.describe
    monkeypatch.setattr(ChangeDescriber, "describe",
                        lambda self, *args, **kw: described.append(args[0]) or original(self, *args, **kw))
    log = window.show_page("changelog")
    total = len(window.session.register().change_log)
    assert total > 3 * SEARCH_STEP and not log.model.searchable  # not all at once: in steps
    qtbot.waitUntil(lambda: log.model.searchable)
    assert len(described) == total  # each entry described once
    described.clear()
    log.filter.setText("merknad 7")
    rows = [log.proxy.index(r, 2).data() for r in range(log.proxy.rowCount())]
    assert rows and described == []


def test_until_the_user_gives_a_name_the_page_says_who_is_empty_and_offers_to_set_it(qtbot, sample_file, errors,
                                                                                    monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from ui import settings
    from ui.app import create_window

    settings.set_user_name("")
    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("changelog")
    qtbot.waitUntil(lambda: page.name_note.isVisible())
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Ingrid Haugland", True))
    page.name_button.click()
    assert settings.user_name() == "Ingrid Haugland" and not page.name_note.isVisible()
    assert window.session.store.who == "Ingrid Haugland"  # what the next change is logged with


def test_every_column_of_the_log_is_in_view_on_a_small_screen(qtbot, sample_file, errors):
    from ui.app import create_window

    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    window.resize(911, 470)  # a 1366 x 768 laptop at 150 %, less a taskbar
    window.show()
    page = window.show_page("changelog")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    table = page.table
    assert table.horizontalScrollBar().maximum() == 0  # «Ny verdi» is not pushed out to the side
    last = table.horizontalHeader().sectionViewportPosition(4) + table.columnWidth(4)
    assert last <= table.viewport().width()
