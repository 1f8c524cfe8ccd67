"""The Organisation page's answer about a data protection officer: unanswered, the register says «Ikke vurdert» and
lists a notice; ticking «no DPO appointed» makes it say «Ikke utnevnt»; a named DPO answers it. Offscreen."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ropa_app.columns import organisation_rows
from ropa_app.i18n import t
from tests.ui.keys import CTRL, focused, press, show_window, wait_until_read
from ui.app import create_window


def dpo_row(window) -> str:
    register = window.session.register()
    return dict(organisation_rows(register, "nb"))[t("field.organisation.dpo_name", "nb")]


def dpo_gaps(window) -> list[str]:
    return [g.code for g in window.session.register().gaps if g.field.startswith("organisation.dpo")]


def test_no_dpo_is_an_answer_the_user_gives_and_can_undo(qtbot, new_file, errors):
    window = show_window(qtbot, create_window([str(new_file)]))
    wait_until_read(qtbot, window)
    page = window.show_page("organisation")
    assert dpo_row(window) == "Ikke vurdert" and dpo_gaps(window) == ["dpo_not_assessed"]

    page.no_dpo.setFocus()
    qtbot.waitUntil(lambda: focused() is page.no_dpo)
    press(Qt.Key.Key_Space)
    assert window.session.store.organisation()["dpo_appointed"] == "no"
    assert dpo_row(window) == "Ikke utnevnt" and dpo_gaps(window) == []

    press(Qt.Key.Key_Z, CTRL)
    assert not page.no_dpo.isChecked() and dpo_row(window) == "Ikke vurdert"

    page.save("dpo_name", "Kari Nordmann")  # a named DPO answers the question: the tick is not offered
    assert not page.no_dpo.isEnabled() and dpo_row(window).startswith("Kari Nordmann")
    assert errors == []


def test_closing_the_window_with_a_wrong_value_in_a_field_asks_first(qtbot, new_file, errors, questions):
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.keys import type_text

    window = show_window(qtbot, create_window([str(new_file)]))
    wait_until_read(qtbot, window)
    page = window.show_page("organisation")
    email = page.fields["email"].edit
    email.setFocus()
    qtbot.waitUntil(lambda: focused() is email)
    type_text("ugyldig@")
    questions.answer = QMessageBox.StandardButton.No
    assert not window.close()  # stays open, the cursor in the field, the text kept
    assert len(questions) == 1 and "«ugyldig@»" in questions[0]
    assert window.isVisible() and focused() is email and email.text() == "ugyldig@"
    questions.answer = QMessageBox.StandardButton.Yes
    assert window.close()
    assert errors == []


def test_no_joint_controllers_is_an_answer_for_every_activity_and_can_be_undone(qtbot, new_file, errors):
    window = show_window(qtbot, create_window([str(new_file)]))
    wait_until_read(qtbot, window)
    window.session.store.add_activity("Lønn")
    page = window.show_page("organisation")
    joint = t("field.joint_controller.name", "nb")
    assert dict(organisation_rows(window.session.register(), "nb"))[joint] == "Ikke vurdert"
    assert "joint_not_assessed" in {g.code for g in window.session.register().gaps}

    page.no_joint.setFocus()
    qtbot.waitUntil(lambda: focused() is page.no_joint)
    press(Qt.Key.Key_Space)
    register = window.session.register()
    assert window.session.store.organisation()["has_joint_controllers"] == "no"
    assert "joint_not_assessed" not in {g.code for g in register.gaps}
    assert [e.joint_answer for e in register.entries] == ["no"]
    press(Qt.Key.Key_Z, CTRL)
    assert not page.no_joint.isChecked()
    assert [e.joint_answer for e in window.session.register().entries] == [""]
    assert errors == []


def test_a_pasted_address_is_saved_as_the_one_line_box_shows_it(qtbot, new_file, errors):
    """Walk-through 4: a line break, a tab and a right-to-left override pasted into the one-line address box were
    saved and exported though the box showed none of them."""
    from PySide6.QtGui import QGuiApplication

    window = show_window(qtbot, create_window([str(new_file)]))
    page = window.show_page("organisation")
    address = page.fields["address"].edit
    address.setFocus()
    qtbot.waitUntil(lambda: focused() is address)
    QGuiApplication.clipboard().setText("Strandkaien\x0712\x1b 12,\t5013 Bergen\r\nNorge\u202e")
    press(Qt.Key.Key_V, CTRL)
    press(Qt.Key.Key_Tab)
    assert window.session.store.organisation()["address"] == "Strandkaien12 12, 5013 Bergen, Norge"
    assert address.text() == "Strandkaien12 12, 5013 Bergen, Norge"
    assert errors == []
