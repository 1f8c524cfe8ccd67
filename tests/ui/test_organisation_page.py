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


def test_a_joint_controller_with_typos_keeps_the_dialog_open_with_every_problem_named(qtbot, new_file, errors,
                                                                                     monkeypatch):
    """Walk-through 4, finding 2: OK with a wrong organisation number and a wrong e-mail once closed the dialog,
    named one problem in a message box and lost all six typed fields."""
    from PySide6.QtWidgets import QDialog, QLabel

    from tests.ui.keys import type_text
    from ui.pages.organisation import JointControllerDialog

    window = show_window(qtbot, create_window([str(new_file)]))
    page = window.show_page("organisation")
    seen: dict = {}

    def fill(dialog: JointControllerDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        typed = {"name": "Fjordlys Holding AS", "org_number": "123 456", "contact": "Daglig leder",
                 "email": "per@", "phone": "+47 22 33 44 55", "responsibilities": "Holding svarer for lønn"}
        for name, text in typed.items():
            dialog.fields[name].setFocus()
            qtbot.waitUntil(lambda n=name: focused() is dialog.fields[n])
            type_text(text)
        # checked as typed: both wrong values are named under their fields before OK
        seen["as_typed"] = [n for n, m in dialog.messages.items() if m.isVisible()]
        press(Qt.Key.Key_Return)
        seen["after_ok"] = (dialog.isVisible(), dialog.result(), dict(dialog.values()),
                            [m.text() for m in dialog.messages.values() if m.isVisible()], focused())
        dialog.fields["org_number"].selectAll()
        dialog.fields["org_number"].setFocus()
        type_text("923 609 016")
        dialog.fields["email"].setFocus()
        qtbot.waitUntil(lambda: focused() is dialog.fields["email"])
        type_text("firma.no")
        press(Qt.Key.Key_Return)
        seen["labels"] = [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
        return dialog.result()

    monkeypatch.setattr(JointControllerDialog, "exec", fill)
    page.add_joint()

    assert seen["as_typed"] == ["org_number", "email"]
    visible, result, kept, messages, cursor = seen["after_ok"]
    assert visible and result != QDialog.DialogCode.Accepted  # still open: nothing typed is lost
    assert kept["name"] == "Fjordlys Holding AS" and kept["responsibilities"] == "Holding svarer for lønn"
    assert len(messages) == 2 and "«123 456»" in messages[0] and "«per@»" in messages[1]
    assert cursor.objectName() == "joint_org_number"  # the cursor in the first wrong value
    rows = window.session.store.joint_controllers()
    assert [(r["name"], r["org_number"], r["email"]) for r in rows] == [
        ("Fjordlys Holding AS", "923609016", "per@firma.no")]
    assert errors == []
    letters = [text[text.index("&") + 1].casefold() for text in seen["labels"] if "&" in text]
    assert len(letters) == 6 and len(set(letters)) == 6 and "a" not in letters  # (A: «Avbryt»)


def test_a_joint_controller_without_a_name_is_not_saved_and_the_dialog_says_so(qtbot, new_file, errors,
                                                                                monkeypatch):
    from ui.pages.organisation import JointControllerDialog

    window = show_window(qtbot, create_window([str(new_file)]))
    page = window.show_page("organisation")
    dialog = JointControllerDialog(page)
    qtbot.addWidget(dialog)
    dialog.fields["email"].setText("post@firma.no")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.messages["name"].text() == t("error.name_required", "nb")
    assert not dialog.messages["email"].text()


def test_a_joint_controller_header_too_wide_for_its_column_reads_from_its_start(qtbot, sample_file, errors):
    """Walk-through 4, finding 11: at 150 % «Allocation of responsibilities» was centred in a narrower column and
    cut at both ends («llocation of responsibilitie»). A header that does not fit now starts at its first letter,
    ends in «…», and shows its whole text as a tooltip."""
    from ropa_app.i18n import t as text

    window = show_window(qtbot, create_window([str(sample_file), "--lang", "en"]), 911, 470)
    page = window.show_page("organisation")
    header = page.joint_table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(3) > 0)
    column = 3
    wanted = header.fontMetrics().horizontalAdvance(text("field.joint_controller.responsibilities", "en"))
    assert header.sectionSize(column) < wanted + 12  # the case of the finding: it does not fit
    assert header.defaultAlignment() & Qt.AlignmentFlag.AlignLeft
    assert header.textElideMode() == Qt.TextElideMode.ElideRight
    assert page.joint_model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == \
        "Allocation of responsibilities"
    assert header.sectionSize(1) >= header.sectionSizeHint(1)  # the organisation number and its header: whole


def test_no_representative_needed_is_an_answer_the_user_gives_and_can_undo(qtbot, new_file, errors):
    """Audit 4, N12: the representative reads «Ikke vurdert» until the company says it is established in the
    EU/EEA (art. 27); ROPA does not answer for it."""
    window = show_window(qtbot, create_window([str(new_file)]))
    wait_until_read(qtbot, window)
    page = window.show_page("organisation")

    def cell() -> str:
        return dict(organisation_rows(window.session.register(), "nb"))[
            t("field.organisation.representative_name", "nb")]

    assert cell() == "Ikke vurdert"
    page.no_representative.setFocus()
    qtbot.waitUntil(lambda: focused() is page.no_representative)
    press(Qt.Key.Key_Space)
    assert window.session.store.organisation()["needs_representative"] == "no"
    assert cell() == "Ikke aktuelt – virksomheten er etablert i EU/EØS (art. 27)"
    press(Qt.Key.Key_Z, CTRL)
    assert not page.no_representative.isChecked() and cell() == "Ikke vurdert"
    page.save("representative_name", "EU Rep Ltd")
    assert not page.no_representative.isEnabled() and cell().startswith("EU Rep Ltd")
    assert errors == []
