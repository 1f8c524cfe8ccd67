"""Issue 8.5: a value that fails validation is never silently dropped. The field says it is not saved, Escape gives
the saved value back, and leaving the page (or the activity) with it asks first."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ropa_app.store import open_ropa
from tests.ui.keys import CTRL, focused, press, show_window, type_text
from ui.app import create_window


@pytest.fixture
def window(qtbot, sample_file, errors):
    return show_window(qtbot, create_window([str(sample_file)]))


def saved_orgnr(path) -> str:
    with open_ropa(path, read_only=True) as store:
        return store.organisation()["org_number"]


def type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    qtbot.waitUntil(lambda: focused() is edit)
    press(Qt.Key.Key_A, CTRL)
    type_text(text)


def test_an_invalid_value_stays_says_not_saved_and_escape_restores(window, qtbot, sample_file):
    page = window.show_page("organisation")
    field = page.fields["org_number"]
    type_into(qtbot, field.edit, "123456789")
    press(Qt.Key.Key_Tab)
    assert saved_orgnr(sample_file) == "914653223"
    assert field.edit.text() == "123456789"  # still there to be corrected
    assert "Ikke lagret" in field.message.text() and field.message.isVisible()
    field.edit.setFocus()
    qtbot.waitUntil(lambda: focused() is field.edit)
    press(Qt.Key.Key_Escape)
    assert field.edit.text() == "914 653 223"
    assert not field.message.isVisible()


def test_leaving_the_page_with_an_invalid_value_asks(window, qtbot, sample_file, questions):
    page = window.show_page("organisation")
    field = page.fields["email"]
    type_into(qtbot, field.edit, "post@")
    press(Qt.Key.Key_Tab)
    questions.answer = QMessageBox.StandardButton.No
    press(Qt.Key.Key_1, CTRL)
    assert "E-post: «post@»" in questions[-1]
    assert window.stack.currentWidget() is page and window.nav.currentRow() == 1
    assert focused() is field.edit and field.edit.text() == "post@"
    questions.answer = QMessageBox.StandardButton.Yes
    press(Qt.Key.Key_1, CTRL)
    assert window.stack.currentWidget() is window.pages["overview"]
    assert field.edit.text() == "post@fjordlys-fysio.no"  # discarded: the saved value is back
    assert len(questions) == 2


def test_the_leave_question_counts_its_values_and_quotes_them_in_the_language(window, qtbot, questions):
    """Walk-through 4, finding 11: with two wrong values the question said «the value is invalid» (singular), and
    the English one quoted them in Norwegian «».»"""
    window.change_language("en")
    page = window.show_page("organisation")
    type_into(qtbot, page.fields["org_number"].edit, "123 456")
    type_into(qtbot, page.fields["email"].edit, "post@")
    press(Qt.Key.Key_Tab)
    questions.answer = QMessageBox.StandardButton.No
    press(Qt.Key.Key_1, CTRL)
    asked = questions[-1]
    assert asked.startswith("These are not saved because the values are invalid:"), asked
    assert "• Organisation number: '123 456'" in asked and "• E-mail: 'post@'" in asked and "«" not in asked
    assert "discard the values? Choose No to correct them." in asked
    page.fields["org_number"].restore()
    press(Qt.Key.Key_1, CTRL)
    assert questions[-1].startswith("This is not saved because the value is invalid:\n\n• E-mail: 'post@'")
    window.change_language("nb")


def test_switching_activity_with_an_invalid_email_asks(window, qtbot, questions):
    page = window.show_page("activities")
    aid = page.editor.activity_id
    email = page.editor.rows["owner_email"].editor.field
    type_into(qtbot, email.edit, "ingrid(at)fjordlys")
    press(Qt.Key.Key_Tab)
    assert "Ikke lagret" in email.message.text()
    assert window.session.store.activity(aid)["owner_email"] != "ingrid(at)fjordlys"
    questions.answer = QMessageBox.StandardButton.No
    page.table.setFocus()
    press(Qt.Key.Key_Down)
    assert "ingrid(at)fjordlys" in questions[-1]
    qtbot.waitUntil(lambda: page.editor.activity_id == aid and page.current_id() == aid)
    assert email.edit.text() == "ingrid(at)fjordlys"
