"""Issue 11 in the app: the page «Som databehandler» (shown once the company says it is a processor), its undoable
edits, its gaps, and the data-flow maps that open what a box stands for. Offscreen, no real dialogs."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ropa_app.store import open_ropa
from tests.ui.keys import wait_until_read
from ui.app import create_window
from ui.main_window import PAGE_KEYS


@pytest.fixture
def window_for(qtbot):
    def make(path):
        window = create_window([str(path)])
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        wait_until_read(qtbot, window)
        return window

    return make


def _nav_hidden(window) -> bool:
    return window.nav.item(PAGE_KEYS.index("processor")).isHidden()


def test_the_page_is_in_the_sidebar_once_the_company_says_it_is_a_processor(window_for, new_file, errors):
    window = window_for(new_file)
    assert _nav_hidden(window)
    organisation = window.show_page("organisation")
    organisation.acts_as_processor.setChecked(True)
    assert not _nav_hidden(window)
    assert window.nav.item(PAGE_KEYS.index("processor")).text() == "Som databehandler"
    window.session.undo_stack.undo()
    assert _nav_hidden(window) and not organisation.acts_as_processor.isChecked()
    assert errors == []


def test_controllers_and_sub_processors_are_edited_undone_and_their_gaps_shown(window_for, new_file, errors,
                                                                                qtbot):
    with open_ropa(new_file) as store:
        store.update_organisation(acts_as_processor="yes")
    window = window_for(new_file)
    page = window.show_page("processor")
    assert "ingen behandlingsansvarlig" in page.role_gaps.text()
    page.new_name.setText("Klinikk AS")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert [page.controllers.item(i).text() for i in range(page.controllers.count())] == [
        "Klinikk AS – 3 obligatoriske mangler"]
    assert page.controller_box.title() == "Klinikk AS" and "Kategorier av behandling" not in page.role_gaps.text()
    assert page.rows["processing"].gaps.isVisible()

    page.save("processing", "Timebestilling for klinikken")
    assert not page.rows["processing"].gaps.isVisible()
    for name, edit in page.own.items():
        edit.setText({"name": "Sky AS", "countries": "", "mechanism": "", "task": "Lagring"}[name])
    qtbot.mouseClick(page.add_own, Qt.MouseButton.LeftButton)
    assert page.subs.rowCount() == 1 and page.subs.item(0, 0).text() == "Sky AS"
    assert "Sky AS" in page.sub_gaps.text() and page.sub_gaps.isVisible()  # unknown location, a gap
    assert {n.label for n in page.flow_map.flow.nodes} >= {"Sky AS", "Ukjent land"}

    stack = window.session.undo_stack
    assert stack.undoText() == "Ny underdatabehandler: Sky AS"
    stack.undo()
    assert page.subs.rowCount() == 0
    stack.undo()  # the processing text
    stack.undo()  # the controller itself
    assert page.controllers.count() == 0 and not page.controller_box.isVisible()
    stack.redo()
    assert page.controllers.count() == 1
    with open_ropa(new_file, read_only=True) as store:
        assert [c["name"] for c in store.served_controllers()] == ["Klinikk AS"]
        assert any(c["entity"] == "served_controller" for c in store.change_log())
    assert errors == []


def test_a_processor_gap_on_the_overview_opens_its_field(window_for, sample_file, errors, qtbot):
    window = window_for(sample_file)
    overview = window.show_page("overview")
    from ropa_app.processor_register import is_processor_gap
    from ui.pages import gap_target

    gap = next(g for g in window.session.register().gaps if is_processor_gap(g))
    page_key, controller_id, field = gap_target(gap)
    assert page_key == "processor" and controller_id == 1
    window.navigate(page_key, controller_id, field)
    page = window.pages["processor"]
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(page.subs.hasFocus)
    assert overview.flow_map.flow is not None and errors == []


def test_a_box_on_the_maps_opens_the_vendor_in_the_catalogue_or_the_recipient(window_for, sample_file, errors):
    window = window_for(sample_file)
    overview = window.show_page("overview")
    nodes = {n.label: n for n in overview.flow_map.flow.nodes}
    assert {"Fjordlys Fysioterapi AS", "We4you", "Zisson", "Norge", "Ukjent land"} <= set(nodes)
    overview.flow_map.nodeActivated.emit(nodes["Zisson"])
    catalogue = window.pages["catalogue"]
    assert window.stack.currentWidget() is catalogue and catalogue.selected_key() == "we4you/sentralbord"
    overview.flow_map.nodeActivated.emit(nodes["Helfo"])
    activities = window.pages["activities"]
    assert window.stack.currentWidget() is activities
    editor_map = activities.editor.flow_map
    assert "Helfo" in {n.label for n in editor_map.flow.nodes}
    assert errors == []


def test_the_map_is_used_by_keyboard_alone(window_for, sample_file, qtbot, errors):
    """Tab reaches the map, the arrow keys go from the company to its vendors, sub-processors and countries, and
    Enter opens the box as a click does."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = window_for(sample_file)
    overview = window.show_page("overview")
    flow_map = overview.flow_map
    assert flow_map.focusPolicy() & Qt.FocusPolicy.TabFocus
    flow_map.setFocus()
    qtbot.waitUntil(flow_map.hasFocus)
    assert flow_map.current.node.kind == "company"
    QTest.keyClick(flow_map, Qt.Key.Key_Right)  # to the nearest recipient
    assert flow_map.current.node.kind == "recipient"
    seen = {flow_map.current.node.label}
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Down):  # the whole column, from wherever Right landed
        for _ in range(len(flow_map.flow.nodes)):
            QTest.keyClick(flow_map, key)
            seen.add(flow_map.current.node.label)
    assert {"We4you", "Helfo"} <= seen
    assert flow_map.accessibleDescription() == flow_map.current.node.label
    while flow_map.current.node.label != "We4you":
        QTest.keyClick(flow_map, Qt.Key.Key_Up)
    QTest.keyClick(flow_map, Qt.Key.Key_Return)
    catalogue = window.pages["catalogue"]
    assert window.stack.currentWidget() is catalogue and catalogue.selected_key() == "we4you/sentralbord"
    assert errors == []


def test_a_controllers_number_and_agreement_date_read_as_written_and_a_wrong_one_is_not_saved(
        window_for, new_file, errors, qtbot):
    """As on the Organisation page: 917 000 018 and 02.04.2024, not 917000018 and 2024-04-02; a wrong value gets
    a message under the field, no pop-up, and stays unsaved until corrected or Escape gives the saved one back."""
    from tests.ui.keys import focused, press, type_text

    with open_ropa(new_file) as store:
        store.update_organisation(acts_as_processor="yes")
        cid = store.add_served_controller("Klinikk AS")
        store.update_served_controller(cid, "org_number", "917000018")
        store.update_served_controller(cid, "dpa_date", "2024-04-02")
    window = window_for(new_file)
    page = window.show_page("processor")
    number, date = page.rows["org_number"].editor, page.rows["dpa_date"].editor
    assert number.focus_widget().text() == "917 000 018" and date.focus_widget().text() == "02.04.2024"

    for editor, wrong in ((number, "123"), (date, "31.02.2024")):
        edit = editor.focus_widget()
        edit.setFocus()
        qtbot.waitUntil(lambda edit=edit: focused() is edit)
        edit.selectAll()
        type_text(wrong)
        press(Qt.Key.Key_Tab)
        assert editor.unsaved_invalid() and "Ikke lagret" in editor.field.message.text()
    with open_ropa(new_file, read_only=True) as store:
        saved = store.served_controller(cid)
    assert (saved["org_number"], saved["dpa_date"]) == ("917000018", "2024-04-02")

    edit = date.focus_widget()
    edit.setFocus()
    qtbot.waitUntil(lambda: focused() is edit)
    edit.selectAll()
    type_text("15.5.2025")
    press(Qt.Key.Key_Tab)
    with open_ropa(new_file, read_only=True) as store:
        assert store.served_controller(cid)["dpa_date"] == "2025-05-15"
    assert date.focus_widget().text() == "15.05.2025" and not date.unsaved_invalid()
    assert errors == []


def test_leaving_the_page_with_a_wrong_value_asks_first(window_for, new_file, errors, questions, qtbot):
    from tests.ui.keys import focused, press, type_text

    with open_ropa(new_file) as store:
        store.update_organisation(acts_as_processor="yes")
        cid = store.add_served_controller("Klinikk AS")
        store.update_served_controller(cid, "org_number", "917000018")
    window = window_for(new_file)
    page = window.show_page("processor")
    edit = page.rows["org_number"].editor.focus_widget()
    edit.setFocus()
    qtbot.waitUntil(lambda: focused() is edit)
    edit.selectAll()
    type_text("123")
    press(Qt.Key.Key_Tab)
    from PySide6.QtWidgets import QMessageBox

    questions.answer = QMessageBox.StandardButton.No  # stay, the cursor back in the field
    window.nav.setCurrentRow(PAGE_KEYS.index("overview"))
    assert len(questions) == 1 and "«123»" in questions[0]
    assert window.stack.currentWidget() is page and focused() is edit
    questions.answer = QMessageBox.StandardButton.Yes  # leave, and the saved number is back
    window.nav.setCurrentRow(PAGE_KEYS.index("overview"))
    assert window.stack.currentWidget() is window.pages["overview"]
    assert edit.text() == "917 000 018"
    assert errors == []


def test_the_apps_map_draws_a_shared_sub_processor_once_with_the_vendors_it_serves(sample_file, qtbot):
    """Link Mobility serves Dipper, Phonero and Talkmore: one box on the app's map, with an arrow from each vendor
    and a tooltip naming them."""
    from ropa_app.adoption import adopt_services
    from ropa_app.dataflow import SUB, company_map
    from ropa_app.register import build_register
    from ui.dataflow_view import FlowMapView

    with open_ropa(sample_file) as store:
        adopt_services(store, [s.key for s in store.catalogue().services])
        register = build_register(store)
    view = FlowMapView()
    qtbot.addWidget(view)
    view.set_map(company_map(register, "nb"))
    subs = [item for item in view.items_by_id.values() if item.node.kind == SUB]
    labels = [item.node.label for item in subs]
    assert len(labels) == len(set(labels)) and "Link Mobility" in labels
    link = next(item for item in subs if item.node.label == "Link Mobility")
    vendors = {r.via for e in register.entries for r in e.recipients if r.name == "Link Mobility"}
    assert len(vendors) >= 2 and all(v in link.toolTip() for v in vendors)


def test_picking_another_controller_with_a_wrong_value_asks_first(window_for, new_file, errors, questions, qtbot):
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.keys import focused, press, type_text

    with open_ropa(new_file) as store:
        store.update_organisation(acts_as_processor="yes")
        store.add_served_controller("Klinikk AS")
        store.add_served_controller("Klinikk To AS")
    window = window_for(new_file)
    page = window.show_page("processor")
    page.controllers.setCurrentRow(0)
    first = page.controller_id
    edit = page.rows["email"].editor.focus_widget()
    edit.setFocus()
    qtbot.waitUntil(lambda: focused() is edit)
    type_text("x@")
    press(Qt.Key.Key_Tab)
    questions.answer = QMessageBox.StandardButton.No
    page.controllers.setCurrentRow(1)
    assert len(questions) == 1 and "«x@»" in questions[0]
    assert page.controller_id == first and page.controllers.currentRow() == 0 and edit.text() == "x@"
    questions.answer = QMessageBox.StandardButton.Yes
    page.controllers.setCurrentRow(1)
    assert page.controller_id != first and edit.text() == ""
    assert errors == []



def test_the_apps_map_keeps_its_names_readable_and_scrolls_a_tall_map(sample_file, qtbot):
    """A map taller than its view is not shrunk to fit the height (names 6–7 px on a laptop): it keeps at least
    FlowMapView.MIN_SCALE and scrolls, as a page does."""
    from ropa_app.adoption import adopt_services
    from ropa_app.dataflow import company_map
    from ropa_app.register import build_register
    from ui.dataflow_view import FlowMapView

    with open_ropa(sample_file) as store:
        adopt_services(store, [s.key for s in store.catalogue().services])
        register = build_register(store)
    view = FlowMapView()
    qtbot.addWidget(view)
    view.resize(1100, 320)
    view.show()
    view.set_map(company_map(register, "nb"))
    qtbot.waitUntil(lambda: view.transform().m11() > 0)
    assert view.transform().m11() >= 0.8  # names at 80 % of their size or more
    assert view.verticalScrollBar().maximum() > 0  # the rest is reached by scrolling


def test_ctrl_6_and_the_view_menu_do_not_open_the_processor_page_of_a_company_that_is_no_processor(
        window_for, new_file, errors, qtbot):
    """Walk-through 4, finding 5: the sidebar hid «Som databehandler», but Ctrl+6 and View showed the whole page."""
    from tests.ui.keys import CTRL, press

    window = window_for(new_file)
    window.fill_menus()
    assert _nav_hidden(window)
    press(Qt.Key.Key_6, CTRL, widget=window.nav)
    assert window.stack.currentWidget() is window.pages["overview"]
    action = window.page_actions["processor"]
    assert not action.isVisible() and not action.isEnabled()
    action.trigger()
    assert window.show_page("processor") is window.pages["overview"]  # refused: the page on screen stays
    assert window.stack.currentWidget() is window.pages["overview"] and "processor" not in window.pages

    organisation = window.show_page("organisation")
    organisation.acts_as_processor.setChecked(True)  # now it is offered, in the sidebar and the menu
    assert action.isVisible() and action.isEnabled()
    press(Qt.Key.Key_6, CTRL, widget=window.nav)
    assert window.stack.currentWidget() is window.pages["processor"]
    assert errors == []
