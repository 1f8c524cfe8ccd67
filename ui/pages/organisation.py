"""Virksomhet: the controller's details (art. 30(1)(a)), validated as you type, saved when you leave a field."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ropa_app.dates import format_date
from ropa_app.domain import JOINT_CONTROLLER_FIELDS, ORGANISATION_FIELDS
from ropa_app.i18n import has
from ropa_app.validation import format_orgnr, is_valid_date, is_valid_email, is_valid_orgnr, is_valid_phone
from ui.commands import AddJointController, RemoveJointController, SetOrganisationField
from ui.i18n import current, tr
from ui.models import ROW_ROLE, RowsModel, TableColumn
from ui.pages import Retranslatable, confirm, heading, hint, keyboard_view, push_button, scroll_to_focus

# A group whose «none» is an answer the user gives: the tick's name (ui.org.<name> its text), the organisation field
# it answers, and the field whose value answers it too.
NONE_ANSWERS = {
    "ui.org.group.representative": ("no_representative", "needs_representative", "representative_name"),
    "ui.org.group.dpo": ("no_dpo", "dpo_appointed", "dpo_name"),
}
GROUPS = (
    ("ui.org.group.controller", ("name", "org_number", "address", "email", "phone", "contact_name")),
    ("ui.org.group.representative", ("representative_name", "representative_address", "representative_email",
                                     "representative_phone")),
    ("ui.org.group.dpo", ("dpo_name", "dpo_address", "dpo_email", "dpo_phone")),
)
VALIDATORS = {"orgnr": is_valid_orgnr, "email": is_valid_email, "phone": is_valid_phone, "date": is_valid_date}
ERROR_KEYS = {"orgnr": "error.invalid_orgnr", "email": "error.invalid_email", "phone": "error.invalid_phone",
              "date": "error.invalid_date_value"}


def problem(kind: str, text: str) -> str:
    """The message for an invalid value of ``kind``, or "" when it is fine (empty is fine)."""
    check = VALIDATORS.get(kind)
    if not text.strip() or check is None or check(text.strip()):
        return ""
    return tr(ERROR_KEYS[kind], value=text.strip())


class _EscapableEdit(QLineEdit):
    """A line edit where Escape gives the saved value back (``on_escape`` returns True when it did)."""

    def __init__(self, on_escape) -> None:
        super().__init__()
        self._on_escape = on_escape

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape and self._on_escape():
            event.accept()
            return
        super().keyPressEvent(event)


class ValidatedField(QWidget):
    """A line edit with its message underneath; tells the page when a valid value should be saved.

    An invalid value is never silently dropped: it stays in the field, the message says it is not saved, Escape
    gives the saved value back, and the page asks before it is left (``unsaved_invalid``)."""

    def __init__(self, name: str, kind: str, on_commit) -> None:
        super().__init__()
        self.name, self.kind, self.on_commit = name, kind, on_commit
        self.saved = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = _EscapableEdit(self.restore)
        self.edit.setObjectName(f"org_{name}")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self.edit.textEdited.connect(self.validate)
        self.edit.editingFinished.connect(self.commit)

    def _shown(self, value: str) -> str:
        """The stored value as the field shows it: 917 000 018; a date as bokmål writes it (02.04.2024), in
        English as stored (2024-04-02): either is read back as typed."""
        if self.kind == "orgnr":
            return format_orgnr(value)
        if self.kind == "date" and value and current() == "nb":
            return format_date(value, "nb")
        return value

    def set_value(self, value: str) -> None:
        self.saved = value or ""
        if self.edit.hasFocus() and self.edit.isModified():
            return  # never overwrite what the user is typing
        if self.unsaved_invalid():
            return  # an invalid value waits for the user: corrected, or Escape
        self.edit.setText(self._shown(self.saved))
        self.edit.setModified(False)
        self.validate()

    def unsaved_invalid(self) -> bool:
        """The field holds a value that is not saved because it is invalid."""
        text = self.edit.text()
        return bool(problem(self.kind, text)) and text.strip() != self._shown(self.saved).strip()

    def validate(self) -> bool:
        text = problem(self.kind, self.edit.text())
        if text and self.unsaved_invalid():
            text = f"{text} {tr('ui.field.not_saved')}"
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.edit.setStyleSheet("border: 1px solid #b3261e;" if text else "")
        self.edit.setAccessibleDescription(text)
        return not problem(self.kind, self.edit.text())

    def restore(self) -> bool:
        """Escape: show the saved value again; False when it was already shown."""
        unchanged = self.edit.text() == self._shown(self.saved) and not self.message.isVisible()
        self.edit.setText(self._shown(self.saved))
        self.edit.setModified(False)
        self.validate()
        return not unchanged

    def commit(self) -> None:
        if self.edit.isModified() and self.validate():
            self.edit.setModified(False)
            text = one_line(self.edit.text())
            if text != self.edit.text():
                self.edit.setText(text)  # shown as saved
            self.on_commit(self.name, text)
        else:
            self.validate()  # says "not saved" when it is invalid


def one_line(text: str) -> str:
    """What a one-line box saves: a pasted address's line breaks become «, » and tabs spaces (a line edit shows
    neither, and the register would print what the user never saw)."""
    if not any(c in text for c in "\n\r\t"):
        return text
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return ", ".join(line for line in lines if line)


class JointControllerDialog(QDialog):
    """Add a joint controller (felles behandlingsansvarlig). The organisation number, e-mail and phone are checked as
    they are typed, like the Organisation page's fields; OK with a missing name or an invalid value keeps the dialog
    open with every problem named under its field, so nothing typed is lost."""

    def __init__(self, parent=None, values: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jointControllerDialog")
        self.setWindowTitle(tr("ui.org.joint.add_title"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}
        for name in JOINT_CONTROLLER_FIELDS:
            edit = QLineEdit((values or {}).get(name, ""))
            edit.setObjectName(f"joint_{name}")
            edit.setAccessibleName(tr(f"field.joint_controller.{name}"))
            label = QLabel(tr(f"ui.org.joint.label.{name}"))  # the field's name with its Alt letter
            label.setBuddy(edit)
            message = QLabel()
            message.setObjectName(f"joint_{name}_message")
            message.setWordWrap(True)
            message.setTextFormat(Qt.TextFormat.PlainText)  # it repeats what the user typed
            message.setStyleSheet("color: #b3261e;")
            message.hide()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(edit)
            column.addWidget(message)
            form.addRow(label, column)
            self.fields[name], self.messages[name] = edit, message
            edit.textEdited.connect(lambda _text, n=name: self._check(n))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(480)  # room for a message beside a 9-digit number, on a 150 % laptop too
        for name in self.fields:
            if self.fields[name].text():
                self._check(name)

    def problem(self, name: str) -> str:
        """What is wrong with field ``name`` (empty is fine, except the name), or ""."""
        text = self.fields[name].text()
        if name == "name" and not text.strip():
            return tr("error.name_required")
        return problem(JOINT_CONTROLLER_FIELDS[name].kind, text)

    def _check(self, name: str, required: bool = False) -> str:
        text = self.problem(name)
        if name == "name" and not required and not self.messages[name].isVisible():
            text = ""  # no reproach for a name not typed yet; OK says it is needed
        edit, message = self.fields[name], self.messages[name]
        message.setText(text)
        message.setVisible(bool(text))
        edit.setStyleSheet("border: 1px solid #b3261e;" if text else "")
        edit.setAccessibleDescription(text)
        if self.isVisible():  # room for the message's lines: a dialog keeps its size unless told
            self.layout().activate()
            self.resize(self.width(), max(self.height(), self.layout().totalHeightForWidth(self.width())))
        return text

    def accept(self) -> None:
        """OK: saved only when every value can be; otherwise the dialog stays with each problem named."""
        wrong = [name for name in self.fields if self._check(name, required=True)]
        if wrong:
            self.fields[wrong[0]].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.fields.items()}

    @classmethod
    def get_values(cls, parent=None, values: dict[str, str] | None = None) -> tuple[dict[str, str], bool]:
        dialog = cls(parent, values)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.values(), accepted


class OrganisationPage(Retranslatable, QWidget):
    page_key = "organisation"

    def __init__(self, session, window) -> None:
        super().__init__()
        self.session = session
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields; focusing one scrolls to it
        scroll_to_focus(scroll)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        title, explanation = heading(""), hint("")
        self.tr_text(title.setText, "ui.nav.organisation")
        self.tr_text(explanation.setText, "ui.org.hint")
        layout.addWidget(title)
        layout.addWidget(explanation)
        self.fields: dict[str, ValidatedField] = {}
        self.none_ticks: dict[str, QCheckBox] = {}
        for group_key, names in GROUPS:
            box = QGroupBox()
            self.tr_text(box.setTitle, group_key)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for name in names:
                field = ValidatedField(name, ORGANISATION_FIELDS[name].kind, self.save)
                self.tr_text(field.edit.setAccessibleName, f"field.organisation.{name}")
                if has(f"ui.org.placeholder.{name}"):
                    self.tr_text(field.edit.setPlaceholderText, f"ui.org.placeholder.{name}")
                self.fields[name] = field
                label = QLabel()
                self.tr_text(label.setText, f"field.organisation.{name}")
                label.setBuddy(field.edit)
                form.addRow(label, field)
            if group_key in NONE_ANSWERS:
                # Most small Norwegian companies need no representative (art. 27) and no DPO (art. 37); saying so
                # is an answer the register states. A name given answers the question too.
                tick_name, answer, _name = NONE_ANSWERS[group_key]
                tick = QCheckBox()
                tick.setObjectName(tick_name)
                self.tr_text(tick.setText, f"ui.org.{tick_name}")
                self.tr_text(tick.setToolTip, f"ui.org.{tick_name}.tip")
                tick.toggled.connect(lambda on, answer=answer: self.save(answer, "no" if on else ""))
                self.none_ticks[group_key] = tick
                setattr(self, tick_name, tick)  # page.no_dpo, page.no_representative
                form.addRow(tick)
            layout.addWidget(box)

        joint = QGroupBox()
        self.tr_text(joint.setTitle, "ui.org.group.joint")
        joint_layout = QVBoxLayout(joint)
        joint_hint = hint("")
        self.tr_text(joint_hint.setText, "ui.org.joint.hint")
        joint_layout.addWidget(joint_hint)
        self.joint_model = RowsModel(tuple(TableColumn(n, f"field.joint_controller.{n}")
                                           for n in ("name", "org_number", "contact", "responsibilities")), self)
        self.joint_table = QTableView()
        self.joint_table.setModel(self.joint_model)
        self.tr_text(self.joint_table.setAccessibleName, "ui.org.group.joint")
        self.joint_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.joint_table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        header = self.joint_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)  # a 9-digit number needs no more
        # A header wider than its column (150 %, a narrow window) reads from its start and ends in «…», its whole
        # text in the tooltip, instead of being cut at both ends around the centre
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.joint_table.verticalHeader().hide()
        self.joint_table.setMaximumHeight(140)
        keyboard_view(self.joint_table, self.remove_joint)
        joint_layout.addWidget(self.joint_table)
        row = QHBoxLayout()
        add = push_button()
        self.tr_text(add.setText, "ui.org.joint.add")
        add.clicked.connect(self.add_joint)
        self.remove_joint_button = push_button()
        self.tr_text(self.remove_joint_button.setText, "ui.org.joint.remove")
        self.remove_joint_button.clicked.connect(self.remove_joint)
        self.remove_joint_button.setEnabled(False)  # until a joint controller is selected
        self.joint_table.selectionModel().selectionChanged.connect(self._joint_selection_changed)
        row.addWidget(add)
        row.addWidget(self.remove_joint_button)
        row.addStretch(1)
        joint_layout.addLayout(row)
        # Art. 26: most small companies decide alone; saying so is an answer every activity's cell then gives
        self.no_joint = QCheckBox()
        self.no_joint.setObjectName("noJointControllers")
        self.tr_text(self.no_joint.setText, "ui.org.no_joint")
        self.no_joint.toggled.connect(lambda on: self.save("has_joint_controllers", "no" if on else ""))
        joint_layout.addWidget(self.no_joint)
        layout.addWidget(joint)

        # Art. 30(2): a company that processes personal data for others keeps a second register.
        role = QGroupBox()
        self.tr_text(role.setTitle, "ui.org.group.processor")
        role_layout = QVBoxLayout(role)
        role_hint = hint("")
        self.tr_text(role_hint.setText, "ui.org.processor.hint")
        role_layout.addWidget(role_hint)
        self.acts_as_processor = QCheckBox()
        self.acts_as_processor.setObjectName("actsAsProcessor")
        self.tr_text(self.acts_as_processor.setText, "ui.org.acts_as_processor")  # with its Alt letter
        self.acts_as_processor.toggled.connect(
            lambda on: self.save("acts_as_processor", "yes" if on else "no"))
        role_layout.addWidget(self.acts_as_processor)
        layout.addWidget(role)
        layout.addStretch(1)

        session.hub.organisationChanged.connect(self.refresh)
        session.hub.fileOpened.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if not self.session.store:
            return
        org = self.session.store.organisation()
        for name, field in self.fields.items():
            field.set_value(org[name])
        self.acts_as_processor.blockSignals(True)
        self.acts_as_processor.setChecked(org.get("acts_as_processor") == "yes")
        self.acts_as_processor.blockSignals(False)
        for group_key, tick in self.none_ticks.items():
            _tick_name, answer, name = NONE_ANSWERS[group_key]
            tick.blockSignals(True)
            tick.setChecked(org.get(answer) == "no" and not org[name])
            tick.setEnabled(not org[name])  # a name given answers the question
            tick.blockSignals(False)
        self.joint_model.set_rows(self.session.store.joint_controllers())
        self._joint_selection_changed()
        joints = bool(self.joint_model.rows)
        self.no_joint.blockSignals(True)
        self.no_joint.setChecked(org.get("has_joint_controllers") == "no" and not joints)
        self.no_joint.setEnabled(not joints)  # a listed joint controller answers the question
        self.no_joint.blockSignals(False)

    def retranslated(self) -> None:
        for field in self.fields.values():
            field.validate()  # its message in the new language
        self.joint_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.joint_model.columnCount() - 1)

    def unsaved_invalid(self) -> list[tuple[str, QWidget]]:
        """(label, widget) of every field holding an invalid value that is not saved."""
        return [(tr(f"field.organisation.{name}"), field.edit) for name, field in self.fields.items()
                if field.unsaved_invalid()]

    def discard_invalid(self) -> None:
        for field in self.fields.values():
            if field.unsaved_invalid():
                field.restore()

    def save(self, name: str, value: str) -> None:
        self.session.push(SetOrganisationField(self.session, name, value))

    def focus_field(self, _activity_id, field: str) -> None:
        target = self.fields.get(field)
        if target:
            target.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            target.edit.selectAll()

    def _joint_selection_changed(self, *_args) -> None:
        self.remove_joint_button.setEnabled(self.joint_table.selectionModel().hasSelection())

    def add_joint(self) -> None:
        """Ask for a joint controller; should the core still refuse the values, ask again with them kept."""
        values: dict[str, str] | None = None
        while True:
            values, accepted = JointControllerDialog.get_values(self, values)
            if not accepted or self.session.push(AddJointController(self.session, values)) \
                    or self.session.store is None:
                return

    def remove_joint(self) -> None:
        index = self.joint_table.currentIndex()
        if index.isValid():
            row = self.joint_model.data(index, ROW_ROLE)
            if confirm(self, tr("ui.confirm.remove_joint", name=row["name"])):
                self.session.push(RemoveJointController(self.session, row["id"]))
