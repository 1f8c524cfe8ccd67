"""Issue 8.8: a new, empty file opens on «Kom i gang» with three steps as links, each ticked when done; the gap
"no activities" names the page to open, and opening it goes to the catalogue. No raw field names."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.keys import CTRL, focused, press, show_window
from ui.app import create_window
from ui.commands import SetOrganisationField
from ui.models import ROW_ROLE


@pytest.fixture
def window(qtbot, new_file, errors):
    return show_window(qtbot, create_window([str(new_file)]))


def follow_link(qtbot, window, link, tabs: int) -> None:
    """From the page list, Tab to a step's link and press Space, as a keyboard user does."""
    window.nav.setFocus()
    qtbot.waitUntil(lambda: focused() is window.nav)
    for _ in range(tabs):
        press(Qt.Key.Key_Tab)
    assert focused() is link
    press(Qt.Key.Key_Space)


def test_a_new_file_opens_on_the_three_steps_and_each_link_opens_its_page(window, qtbot):
    page = window.pages["overview"]
    assert window.stack.currentWidget() is page
    panel = page.getting_started
    assert panel.isVisible() and panel.heading.text() == "Kom i gang"
    texts = {key: f"{panel.marks[key].text()} {link.text().replace('&', '')} {panel.texts[key].text()}"
             for key, link in panel.steps.items()}
    assert "Fyll inn virksomheten" in texts["organisation"] and "Velg tjenester fra katalogen" in texts["catalogue"]
    assert "Fullfør behandlingene" in texts["activities"]
    assert not any(panel.done.values()) and all("○" in t for t in texts.values())
    for tabs, key in enumerate(("organisation", "catalogue", "activities"), start=1):
        press(Qt.Key.Key_1, CTRL, widget=window.nav)
        follow_link(qtbot, window, panel.steps[key], tabs)
        qtbot.waitUntil(lambda k=key: window.stack.currentWidget() is window.pages[k])


def test_steps_are_ticked_when_done_and_the_panel_goes_when_all_are(window, qtbot):
    page = window.pages["overview"]
    session = window.session
    for field, value in (("name", "Nordlys Regnskap AS"), ("org_number", "923609016"), ("address", "Storgata 1"),
                         ("email", "post@nordlys.no"), ("phone", "22334455"), ("contact_name", "Kari")):
        session.push(SetOrganisationField(session, field, value))
    assert page.getting_started.done["organisation"]
    assert "✔" in page.getting_started.marks["organisation"].text()
    assert "(gjort)" in page.getting_started.texts["organisation"].text()
    catalogue = window.show_page("catalogue")
    catalogue.set_in_use("talkmore/bedriftsnett", True)
    window.show_page("overview")
    assert page.getting_started.done["catalogue"] and page.getting_started.isVisible()
    assert not page.getting_started.done["activities"]  # the new activity still lacks what only the company knows


def test_the_no_activities_gap_names_the_page_and_opens_the_catalogue(window, qtbot):
    page = window.pages["overview"]
    rows = [page.gap_proxy.index(r, 0) for r in range(page.gap_proxy.rowCount())]
    row = next(i for i in rows if page.gap_proxy.data(i, ROW_ROLE)["gap"].code == "no_activities")
    field = page.gap_proxy.index(row.row(), 2).data()
    message = page.gap_proxy.index(row.row(), 3).data()
    assert field == "Behandlinger" and "Leverandørkatalog" in message
    page.gaps.setFocus()
    page.gaps.setCurrentIndex(row)
    press(Qt.Key.Key_Return)  # Enter (or a double click) opens the gap
    assert window.stack.currentWidget() is window.pages["catalogue"]
    qtbot.waitUntil(lambda: focused() is window.pages["catalogue"].search)


def test_no_raw_field_names_in_the_gap_table_in_either_language(window):
    for lang in ("nb", "en"):
        window.change_language(lang)
        page = window.show_page("overview")
        fields = [page.gap_proxy.index(r, 2).data() for r in range(page.gap_proxy.rowCount())]
        assert fields and not any(f in ("activities", "catalogue") or "." in f or "_" in f for f in fields)
