"""Issue 8.2: every page works without a mouse. Tab goes through a page (a table is one stop), Ctrl+F finds the
page's filter, Ctrl+1…5 switch pages, buttons have mnemonics, Delete removes a selected activity or own vendor after
a question naming it. Keys go to the focused widget, as a user's do."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QCheckBox, QInputDialog, QMessageBox, QPushButton

from ropa_app.store import open_ropa
from tests.ui.keys import ALT, CTRL, focused, press, show_window
from ui.app import create_window
from ui.main_window import PAGE_KEYS
from ui.pages.catalogue_dialog import UserServiceDialog


@pytest.fixture
def window(qtbot, sample_file, errors):
    return show_window(qtbot, create_window([str(sample_file)]))


def test_ctrl_digits_switch_pages_and_ctrl_f_finds_the_pages_filter(window, qtbot):
    window.nav.setFocus()
    for number, key in enumerate(PAGE_KEYS, start=1):
        press(getattr(Qt.Key, f"Key_{number}"), CTRL)
        assert window.stack.currentWidget() is window.pages[key]
    searches = {"activities": "filter", "catalogue": "search", "changelog": "filter"}
    for key, name in searches.items():
        press(getattr(Qt.Key, f"Key_{PAGE_KEYS.index(key) + 1}"), CTRL)
        press(Qt.Key.Key_F, CTRL)
        qtbot.waitUntil(lambda: focused() is getattr(window.pages[key], name))


def test_tab_moves_through_the_activities_page_and_a_table_is_one_stop(window, qtbot):
    press(Qt.Key.Key_4, CTRL, widget=window.nav)
    page = window.pages["activities"]
    press(Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(lambda: focused() is page.filter)
    press(Qt.Key.Key_Tab)
    assert focused() is page.table
    row = page.table.currentIndex().row()
    press(Qt.Key.Key_Down)  # arrows move inside the table ...
    assert focused() is page.table and page.table.currentIndex().row() == row + 1
    press(Qt.Key.Key_Tab)  # ... Tab leaves it for the editor's fields
    assert page.editor.isAncestorOf(focused())
    seen = []
    for _ in range(300):
        seen.append(focused())
        if focused() is page.add_button:
            break
        press(Qt.Key.Key_Tab)
    assert focused() is page.add_button  # the buttons come after the editor
    assert page.editor.rows["purpose"].editor.edit in seen and page.editor.rows["notes"].editor.edit in seen
    assert page.table not in seen[1:]
    press(Qt.Key.Key_Tab)
    assert focused() is page.remove_button


def test_every_tab_stop_on_the_catalogue_page_is_a_control_with_a_name(window, qtbot):
    page = window.show_page("catalogue")
    page.select("talkmore/bedriftsnett")
    page.search.setFocus()
    qtbot.waitUntil(lambda: focused() is page.search)
    seen = []
    for _ in range(12):
        press(Qt.Key.Key_Tab)
        widget = focused()
        seen.append(widget.objectName())
        name = widget.accessibleName() or (widget.text() if hasattr(widget, "text") else "")
        assert name, f"a Tab stop says nothing to a screen reader: {widget.objectName()} ({type(widget).__name__})"
    assert "serviceActions" not in seen and "useToggle" in seen  # the scroll box is not a stop; its controls are


@pytest.mark.parametrize("key", ["overview", "organisation", "catalogue", "activities", "changelog", "processor"])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_tables_and_trees_leave_tab_to_the_page_and_buttons_have_mnemonics(window, key, lang):
    window.change_language(lang)
    page = window.show_page(key)
    for view in page.findChildren(QAbstractItemView):
        assert not view.tabKeyNavigation(), view
    letters = []
    for button in page.findChildren(QAbstractButton):
        text = button.text().replace("&&", "")
        # every button; the Organisation page's two answers (no DPO, also a processor) too; not the lists of
        # ticks (legal bases), which are one group
        needs = isinstance(button, QPushButton) or (isinstance(button, QCheckBox) and key == "organisation")
        if needs and button.isVisibleTo(page):
            assert "&" in text, button.text()
        if "&" in text and button.isVisibleTo(page):
            letters.append(text[text.index("&") + 1].casefold())
    menus = {"nb": set("frvh"), "en": set("fevh")}[lang]  # Alt+F/R/V/H (nb), F/E/V/H (en) open the menus
    assert not menus & set(letters) and len(letters) == len(set(letters)), letters


def _letter(text: str) -> str:
    text = text.replace("&&", "")
    return text[text.index("&") + 1].casefold() if "&" in text else ""


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_menu_item_has_its_own_alt_letter_within_its_menu(window, lang):
    """Walk-through 4, finding 8: in bokmål Alt+F then N or L only moved between two items each (a shared letter);
    the View menu's pages had no letter at all."""
    window.fill_menus()
    window.change_language(lang)
    menus = {menu.title(): menu for menu in (window.file_menu, window.edit_menu, window.view_menu,
                                             window.help_menu)}
    bar = [_letter(title) for title in menus]
    assert all(bar) and len(set(bar)) == len(bar), list(menus)
    for title, menu in menus.items():
        items = [a for a in menu.actions() if not a.isSeparator() and a.isVisible()]
        letters = [_letter(a.text()) for a in items]
        assert all(letters), (title, [a.text() for a in items if not _letter(a.text())])
        assert len(set(letters)) == len(letters), (title, [a.text() for a in items])
    pages = [window.page_actions[key].text() for key in PAGE_KEYS]
    assert all(_letter(text) for text in pages), pages


@pytest.mark.parametrize("key", ["overview", "organisation", "catalogue", "activities"])
def test_enter_presses_a_focused_button_as_space_does(window, key):
    page = window.show_page(key)
    buttons = page.findChildren(QPushButton)
    assert buttons
    for button in buttons:
        assert button.autoDefault(), button.text()  # what makes Enter press a button outside a dialog


@pytest.fixture
def titles_asked(window, monkeypatch) -> list:
    """The activities page on screen; every «new activity» title question, recorded and cancelled."""
    asked: list = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: asked.append(a) or ("", False))
    press(Qt.Key.Key_4, CTRL, widget=window.nav)
    return asked


def test_enter_on_the_focused_new_activity_button_asks_for_a_title(window, qtbot, titles_asked):
    asked = titles_asked
    page = window.pages["activities"]
    page.add_button.setFocus()
    qtbot.waitUntil(lambda: focused() is page.add_button)
    press(Qt.Key.Key_Return)
    assert len(asked) == 1
    press(Qt.Key.Key_Enter)  # the keypad's Enter too
    assert len(asked) == 2


def test_alt_mnemonic_presses_the_button(window, qtbot, titles_asked):
    asked = titles_asked
    page = window.pages["activities"]
    page.table.setFocus()
    press(Qt.Key.Key_N, ALT)  # «&Ny behandling …» (a mnemonic clicks after a short animation)
    qtbot.waitUntil(lambda: bool(asked))


def test_delete_on_a_selected_activity_asks_naming_it_then_removes_it(window, qtbot, sample_file, questions):
    press(Qt.Key.Key_4, CTRL, widget=window.nav)
    page = window.pages["activities"]
    aid = next(a["id"] for a in window.session.store.activities() if a["title"] == "Lønn og personal")
    page.select(aid)
    page.table.setFocus()
    qtbot.waitUntil(lambda: focused() is page.table)
    questions.answer = QMessageBox.StandardButton.No
    press(Qt.Key.Key_Delete)
    assert "«Lønn og personal»" in questions[-1]
    assert any(a["id"] == aid for a in window.session.store.activities())
    questions.answer = QMessageBox.StandardButton.Yes
    press(Qt.Key.Key_Delete)
    with open_ropa(sample_file, read_only=True) as store:
        assert all(a["id"] != aid for a in store.activities())
    press(Qt.Key.Key_Z, CTRL)
    with open_ropa(sample_file, read_only=True) as store:
        assert any(a["id"] == aid for a in store.activities())


def test_delete_in_a_text_field_deletes_text_not_the_activity(window, qtbot, questions):
    press(Qt.Key.Key_4, CTRL, widget=window.nav)
    page = window.pages["activities"]
    count = len(window.session.store.activities())
    page.filter.setFocus()
    qtbot.waitUntil(lambda: focused() is page.filter)
    press(Qt.Key.Key_Delete)
    assert questions == [] and len(window.session.store.activities()) == count


def test_delete_on_an_own_vendor_removes_it_after_asking_and_undo_brings_it_back(window, qtbot, questions,
                                                                                 monkeypatch):
    def fill(dialog):
        dialog.vendor.setText("Fjordsky AS")
        dialog.service.setText("Timebok")
        return UserServiceDialog.DialogCode.Accepted

    monkeypatch.setattr(UserServiceDialog, "exec", fill)
    press(Qt.Key.Key_3, CTRL, widget=window.nav)
    page = window.pages["catalogue"]
    page.add_button.click()
    key = "user-fjordsky-as/timebok"
    assert page.selected_key() == key
    page.use.click()  # in use: removing it also stops using it
    store = window.session.store
    assert store.is_adopted(key)
    page.tree.setFocus()
    qtbot.waitUntil(lambda: focused() is page.tree)
    press(Qt.Key.Key_Delete)
    assert "Fjordsky AS" in questions[-1] and "slutter også å bruke" in questions[-1]
    assert not store.catalogue().has(key) and key not in page.model.service_keys()
    assert "Fjordsky AS" in window.statusBar().currentMessage()
    press(Qt.Key.Key_Z, CTRL)
    assert store.catalogue().has(key) and store.is_adopted(key)
    qtbot.waitUntil(lambda: page.selected_key() == key)
    page.select("talkmore/bedriftsnett")
    page.tree.setFocus()
    press(Qt.Key.Key_Delete)  # a shipped service is not the user's to remove
    assert store.catalogue().has("talkmore/bedriftsnett") and len(questions) == 1


def test_delete_on_a_joint_controller_asks_naming_it(window, qtbot, questions):
    from ui.commands import AddJointController

    press(Qt.Key.Key_2, CTRL, widget=window.nav)
    page = window.pages["organisation"]
    assert not page.remove_joint_button.isEnabled()  # nothing to remove yet
    window.session.push(AddJointController(window.session, {"name": "Fjordlys Holding AS"}))
    page.joint_table.setFocus()
    page.joint_table.setCurrentIndex(page.joint_model.index(0, 0))
    assert page.remove_joint_button.isEnabled()
    qtbot.waitUntil(lambda: focused() is page.joint_table)
    press(Qt.Key.Key_Delete)
    assert "Fjordlys Holding AS" in questions[-1]
    assert window.session.store.joint_controllers() == []


def test_tab_on_the_overview_goes_as_the_page_reads_export_map_then_gaps(window, qtbot):
    page = window.show_page("overview")
    qtbot.waitUntil(lambda: page.flow_map is not None and page.gaps is not None)
    page.export_pdf.setFocus()
    qtbot.waitUntil(lambda: focused() is page.export_pdf)
    press(Qt.Key.Key_Tab)
    assert focused() is page.flow_map
    press(Qt.Key.Key_Tab)
    assert focused() is page.gaps


def _in_view(widget, scroll) -> bool:
    """The whole of ``widget`` lies inside ``scroll``'s viewport (or, taller than it, fills it): the user sees where
    the cursor is."""
    from PySide6.QtCore import QPoint, QRect

    view, rect = scroll.viewport().rect(), QRect(widget.mapTo(scroll.viewport(), QPoint(0, 0)), widget.size())
    return view.contains(rect) or (rect.height() > view.height() and rect.contains(view.center()))


def _page_scroll(page):
    from PySide6.QtWidgets import QScrollArea

    return next(s for s in page.findChildren(QScrollArea) if s.widget() is not None and s.isVisible())


@pytest.mark.parametrize("key", ["organisation", "processor"])
def test_focus_coming_into_a_scrolled_page_from_the_sidebar_is_scrolled_into_view(window, qtbot, key):
    """Walk-through 4, finding 4: Tab wrapping from the sidebar into the Organisation page put the cursor in the
    company name, 400 px above the view, and Shift+Tab in the last tick box below it."""
    window.resize(911, 470)  # 1366×768 at 150 %, less a taskbar
    page = window.show_page(key)
    scroll = _page_scroll(page)
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0)
    bar = scroll.verticalScrollBar()
    for start, key_ in ((bar.maximum(), Qt.Key.Key_Tab), (0, Qt.Key.Key_Backtab)):
        bar.setValue(start)
        window.nav.setFocus()
        qtbot.waitUntil(lambda: focused() is window.nav)
        press(key_)
        assert scroll.widget().isAncestorOf(focused()), focused()
        assert _in_view(focused(), scroll), (key_, focused().objectName(), bar.value())


def test_tab_from_the_activity_table_into_the_editor_shows_the_focused_field(window, qtbot):
    window.resize(911, 470)
    page = window.show_page("activities")
    page.select(window.session.store.activities()[0]["id"])
    scroll = page.editor.scroll
    qtbot.waitUntil(lambda: scroll.verticalScrollBar().maximum() > 0)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    page.table.setFocus()
    qtbot.waitUntil(lambda: focused() is page.table)
    press(Qt.Key.Key_Tab)
    assert page.editor.isAncestorOf(focused()) and _in_view(focused(), scroll), focused()
