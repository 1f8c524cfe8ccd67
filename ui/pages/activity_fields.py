"""Editors for one field of a processing activity, one class per field kind (ropa_app.domain.ACTIVITY_FIELDS).

Each editor shows a value (``set_value``), never overwrites what the user is typing, and hands a finished edit to
``on_commit(field, value)`` once: line edits when editing finishes, multi-line texts when they lose focus, choices
at once. The activity editor turns that into one undoable SetActivityField.
"""
from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ropa_app.domain import CHOICE_GROUPS, FieldSpec
from ui.i18n import tr
from ui.pages import bold
from ui.pages.organisation import ValidatedField

Commit = Callable[[str, object], None]

SEVERITY_COLOURS = {"mandatory": "#b3261e", "warning": "#a15c00", "notice": "#3d5a80"}
ERROR_STYLE = "color: #b3261e;"


class SteadyComboBox(QComboBox):
    """A combo box the mouse wheel does not change unless it has focus: scrolling the long editor past a combo
    must not save a new value by accident."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class WrapCheckBox(QCheckBox):
    """A check box whose label wraps: the long article 6 and 9 labels must not make the editor wider than a
    scaled laptop screen (a plain QCheckBox is as wide as its text). Clicks on the label reach the box."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._label = QLabel(text)
        self._label.setWordWrap(True)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        indicator = self.style().pixelMetric(self.style().PixelMetric.PM_IndicatorWidth, None, self)
        spacing = self.style().pixelMetric(self.style().PixelMetric.PM_CheckBoxLabelSpacing, None, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(indicator + spacing + 2, 1, 0, 1)
        layout.addWidget(self._label)
        self.setAccessibleName(text)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:  # noqa: D102 - the label's text, as a QCheckBox answers
        return self._label.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._label.setText(text)
        self.setAccessibleName(text)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self.layout().heightForWidth(width)

    def sizeHint(self):  # noqa: N802
        return self.layout().sizeHint()

    def minimumSizeHint(self):  # noqa: N802
        hint = self.layout().minimumSize()
        hint.setWidth(min(hint.width(), 160))
        return hint

    def hitButton(self, pos) -> bool:  # noqa: N802 - the whole row toggles, as with a plain check box
        return self.rect().contains(pos)


def choice_label(field: str, value: str) -> str:
    return tr(f"enum.{CHOICE_GROUPS[field]}.{value or 'unknown'}")


class FieldEditor(QWidget):
    """Base: a field's editing widget(s) plus an error line of its own (for values the core refuses)."""

    def __init__(self, spec: FieldSpec, on_commit: Commit) -> None:
        super().__init__()
        self.spec, self.name, self.on_commit = spec, spec.name, on_commit
        self.loaded: object = "" if spec.kind not in ("list", "choices") else []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()

    def _finish(self) -> None:
        self._layout.addWidget(self.error)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def focus_widget(self) -> QWidget:  # pragma: no cover - every subclass has one
        raise NotImplementedError

    def set_value(self, value, force: bool = False) -> None:  # pragma: no cover
        raise NotImplementedError

    def is_editing(self) -> bool:
        """The user has typed something not yet committed."""
        return False

    def commit(self) -> None:
        """Hand an uncommitted edit over (used before another activity is shown)."""

    def retranslate(self) -> None:
        """Labels of choices and placeholders in the current language (the value stays)."""

    def set_accessible(self, label: str, help_text: str) -> None:
        widget = self.focus_widget()
        widget.setAccessibleName(label)
        widget.setToolTip(help_text)


class LineField(FieldEditor):
    """text: one line, saved when editing finishes (Enter or leaving the field)."""

    def __init__(self, spec: FieldSpec, on_commit: Commit, required: bool = False) -> None:
        super().__init__(spec, on_commit)
        self.required = required
        self.edit = QLineEdit()
        self.edit.setObjectName(f"activity_{spec.name}")
        self.edit.editingFinished.connect(self.commit)
        self._layout.addWidget(self.edit)
        self._finish()

    def focus_widget(self) -> QWidget:
        return self.edit

    def is_editing(self) -> bool:
        return self.edit.isModified()

    def set_value(self, value, force: bool = False) -> None:
        if not force and self.edit.hasFocus() and self.edit.isModified():
            return
        self.loaded = value or ""
        self.edit.setText(self.loaded)
        if not self.edit.hasFocus():
            self.edit.setCursorPosition(0)  # a long title shows its beginning, not its last letters
        self.edit.setModified(False)
        self.show_error("")

    def commit(self) -> None:
        if not self.edit.isModified():
            return
        self.edit.setModified(False)
        text = self.edit.text()
        if self.required and not text.strip():
            self.show_error(tr("error.title_required"))
            self.edit.setText(str(self.loaded))
            return
        self.show_error("")
        if text != self.loaded:
            self.on_commit(self.name, text)


class _PlainText(QPlainTextEdit):
    """A plain text box that tells its owner when it loses focus (to save), and moves focus on Tab."""

    def __init__(self, on_focus_out: Callable[[], None], lines: int) -> None:
        super().__init__()
        self._on_focus_out = on_focus_out
        self.setTabChangesFocus(True)
        line = self.fontMetrics().lineSpacing()
        self.setFixedHeight(line * lines + 14)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._on_focus_out()


class TextField(FieldEditor):
    """longtext (and list: one item per line), saved when the box loses focus and the text changed."""

    def __init__(self, spec: FieldSpec, on_commit: Commit, lines: int = 3) -> None:
        super().__init__(spec, on_commit)
        self.edit = _PlainText(self.commit, lines)
        self.edit.setObjectName(f"activity_{spec.name}")
        self._layout.addWidget(self.edit)
        self._finish()

    def focus_widget(self) -> QWidget:
        return self.edit

    def value(self):
        text = self.edit.toPlainText()
        if self.spec.kind == "list":
            return [line.strip() for line in text.splitlines() if line.strip()]
        return text

    def _text_of(self, value) -> str:
        if self.spec.kind == "list":
            return "\n".join(value or [])
        return value or ""

    def is_editing(self) -> bool:
        return self.edit.document().isModified()

    def set_value(self, value, force: bool = False) -> None:
        if not force and self.edit.hasFocus() and self.is_editing():
            return
        self.loaded = list(value or []) if self.spec.kind == "list" else (value or "")
        text = self._text_of(self.loaded)
        if text != self.edit.toPlainText():
            self.edit.setPlainText(text)
            if self.edit.hasFocus():  # undo/redo from inside the box: go on typing at the end, as before
                from PySide6.QtGui import QTextCursor

                self.edit.moveCursor(QTextCursor.MoveOperation.End)
        self._saved()
        self.show_error("")

    def _saved(self) -> None:
        """The box holds what the file holds: Ctrl+Z now belongs to the window's history. The stacks are cleared
        before the document is marked unmodified: marked first, Qt's clean mark stays on an undo step that no
        longer exists, and the box would read as edited after the user's next typing was undone (it then ignored
        the window's undo of the saved text, showing what the file no longer held)."""
        document = self.edit.document()
        document.clearUndoRedoStacks()
        document.setModified(False)

    def commit(self) -> None:
        if not self.is_editing():
            return
        self._saved()
        value = self.value()
        same = value == self.loaded if self.spec.kind == "list" else value.strip() == str(self.loaded).strip()
        if not same:
            self.on_commit(self.name, value)


class ChoicesField(FieldEditor):
    """choices: a check box per choice with its label; every tick is saved at once."""

    def __init__(self, spec: FieldSpec, on_commit: Commit, columns: int = 1) -> None:
        super().__init__(spec, on_commit)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        rows = (len(spec.choices) + columns - 1) // columns
        for number, choice in enumerate(spec.choices):
            box = WrapCheckBox(choice_label(spec.name, choice))
            box.setObjectName(f"activity_{spec.name}_{choice}")
            box.toggled.connect(self._toggled)
            self.boxes[choice] = box
            grid.addWidget(box, number % rows, number // rows)
        self._layout.addWidget(grid_host)
        self._loading = False
        self._finish()

    def focus_widget(self) -> QWidget:
        return next(iter(self.boxes.values()))

    def set_accessible(self, label: str, help_text: str) -> None:
        for box in self.boxes.values():
            box.setAccessibleDescription(label)
            box.setToolTip(help_text)

    def value(self) -> list[str]:
        return [choice for choice, box in self.boxes.items() if box.isChecked()]

    def retranslate(self) -> None:
        for choice, box in self.boxes.items():
            box.setText(choice_label(self.name, choice))

    def set_value(self, value, force: bool = False) -> None:
        self.loaded = list(value or [])
        self._loading = True
        try:
            for choice, box in self.boxes.items():
                box.setChecked(choice in self.loaded)
        finally:
            self._loading = False
        self.show_error("")

    def _toggled(self, _checked: bool) -> None:
        if not self._loading and self.value() != self.loaded:
            self.on_commit(self.name, self.value())


class ChoiceField(FieldEditor):
    """choice: a combo box ("" is shown as "Ikke vurdert"); a new choice is saved at once."""

    def __init__(self, spec: FieldSpec, on_commit: Commit) -> None:
        super().__init__(spec, on_commit)
        self.combo = SteadyComboBox()
        self.combo.setObjectName(f"activity_{spec.name}")
        for choice in spec.choices:
            self.combo.addItem(choice_label(spec.name, choice), choice)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.currentIndexChanged.connect(self._changed)
        self._loading = False
        row = QWidget()
        row_layout = QVBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout.addWidget(row)
        self._finish()

    def focus_widget(self) -> QWidget:
        return self.combo

    def retranslate(self) -> None:
        for index in range(self.combo.count()):
            self.combo.setItemText(index, choice_label(self.name, self.combo.itemData(index)))

    def set_value(self, value, force: bool = False) -> None:
        self.loaded = value or ""
        self._loading = True
        try:
            index = self.combo.findData(self.loaded)
            self.combo.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False
        self.show_error("")

    def _changed(self, index: int) -> None:
        value = self.combo.itemData(index)
        if not self._loading and value != self.loaded:
            self.on_commit(self.name, value)


class ContactField(FieldEditor):
    """email / phone / organisation number / date: the organisation page's ValidatedField (live message; an invalid
    value is not saved, Escape gives the saved one back)."""

    def __init__(self, spec: FieldSpec, on_commit: Commit) -> None:
        super().__init__(spec, on_commit)
        self.field = ValidatedField(spec.name, spec.kind, self._commit_valid)
        self.field.edit.setObjectName(f"activity_{spec.name}")
        self.field.edit.setPlaceholderText(tr(f"ui.activities.placeholder.{spec.kind}"))
        self._layout.addWidget(self.field)
        self._finish()

    def focus_widget(self) -> QWidget:
        return self.field.edit

    def is_editing(self) -> bool:
        return self.field.edit.isModified()

    def set_value(self, value, force: bool = False) -> None:
        self.loaded = value or ""
        if force:  # another activity: its value, whatever this field held
            self.field.saved = self.loaded
            self.field.restore()
        else:
            self.field.set_value(self.loaded)
        self.show_error("")

    def unsaved_invalid(self) -> bool:
        return self.field.unsaved_invalid()

    def retranslate(self) -> None:
        self.field.edit.setPlaceholderText(tr(f"ui.activities.placeholder.{self.spec.kind}"))
        self.field.validate()

    def commit(self) -> None:
        self.field.commit()

    def _commit_valid(self, name: str, value: str) -> None:
        if value != self.loaded:
            self.on_commit(name, value)


def make_editor(spec: FieldSpec, on_commit: Commit) -> FieldEditor:
    """The editor for a field's kind."""
    if spec.kind == "text":
        return LineField(spec, on_commit, required=spec.name == "title")
    if spec.kind in ("email", "phone", "orgnr", "date"):
        return ContactField(spec, on_commit)
    if spec.kind == "choice":
        return ChoiceField(spec, on_commit)
    if spec.kind == "choices":
        return ChoicesField(spec, on_commit)  # one column: two do not fit beside the table at 1366 px
    if spec.kind == "list":
        return TextField(spec, on_commit, lines=3)
    lines = {"purpose": 4, "security_measures": 4, "retention": 3, "notes": 3}.get(spec.name, 2)
    return TextField(spec, on_commit, lines=lines)


def gap_html(gaps: list[tuple[str, str]]) -> str:
    """Gap messages (severity, text) as coloured lines, escaped."""
    return "<br>".join(f'<span style="color:{SEVERITY_COLOURS.get(severity, "#b3261e")}">'
                       f'{"⚠" if severity == "mandatory" else "•"} {html.escape(text)}</span>'
                       for severity, text in gaps)


class FieldRow(QWidget):
    """A field as the editor lays it out: label above, the editor, its help line, and its gaps."""

    def __init__(self, spec: FieldSpec, on_commit: Commit) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(3)
        self.spec = spec
        label_text = tr(f"field.activity.{spec.name}")
        help_text = tr(f"help.activity.{spec.name}")
        self.label = bold(QLabel(label_text))
        self.label.setWordWrap(True)
        self.editor = make_editor(spec, on_commit)
        self.editor.set_accessible(label_text, help_text)
        self.label.setBuddy(self.editor.focus_widget())
        self.help = QLabel(help_text)
        self.help.setWordWrap(True)
        self.help.setObjectName("hint")
        self.help.setStyleSheet("color: #5f6368;")
        self.gaps = QLabel()
        self.gaps.setObjectName(f"gaps_{spec.name}")
        self.gaps.setWordWrap(True)
        self.gaps.setTextFormat(Qt.TextFormat.RichText)
        self.gaps.hide()
        layout.addWidget(self.label)
        layout.addWidget(self.editor)
        layout.addWidget(self.help)
        layout.addWidget(self.gaps)
        self.extra = QVBoxLayout()  # room below the field (the purpose suggestion)
        self.extra.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.extra)

    def retranslate(self) -> None:
        label_text, help_text = tr(f"field.activity.{self.spec.name}"), tr(f"help.activity.{self.spec.name}")
        self.label.setText(label_text)
        self.help.setText(help_text)
        self.editor.set_accessible(label_text, help_text)
        self.editor.retranslate()

    def set_gaps(self, gaps: list[tuple[str, str]]) -> None:
        self.gaps.setText(gap_html(gaps))
        self.gaps.setVisible(bool(gaps))
        self.gaps.setAccessibleName(" ".join(text for _severity, text in gaps))
