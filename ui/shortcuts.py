"""Undo and redo keys that work wherever the focus is.

Qt's text fields keep their own undo history and claim Ctrl+Z for it, so the window's undo action never sees the
key while a field has the focus. The window's history owns the keys instead, except while the focused field has
unsaved typing of its own to undo (or redo): that is undone first, then the saved history, as in any editor. Fields
save when they lose the focus (or on Enter) and forget their own history once saved, so the next Ctrl+Z goes on to
the saved changes.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

UNDO_KEYS = (QKeySequence("Ctrl+Z"),)
REDO_KEYS = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))


def history_key(event) -> str:
    """'undo', 'redo' or '' for a key event."""
    combo = QKeySequence(event.keyCombination())
    if event.matches(QKeySequence.StandardKey.Undo) or combo in UNDO_KEYS:
        return "undo"
    if event.matches(QKeySequence.StandardKey.Redo) or combo in REDO_KEYS:
        return "redo"
    return ""


def local_history(widget: QWidget, kind: str) -> bool:
    """Whether the text field itself has unsaved typing to undo (or redo)."""
    if isinstance(widget, QLineEdit) and not widget.isReadOnly():
        return widget.isUndoAvailable() if kind == "undo" else widget.isRedoAvailable()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)) and not widget.isReadOnly():
        document = widget.document()
        return document.isUndoAvailable() if kind == "undo" else document.isRedoAvailable()
    return False


class HistoryKeys(QObject):
    """Leaves Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y to the window's undo and redo actions unless the focused field has
    typing of its own to undo or redo.

    Qt asks the focused widget first (ShortcutOverride), so the filter watches the focused widget only, moving with
    the focus: a filter on the whole application would pass every event of every widget through Python, which
    made starting and painting the window measurably slower."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        app = QApplication.instance()
        app.focusChanged.connect(self._follow_focus)
        self._watched = None
        self._follow_focus(None, app.focusWidget())

    def _follow_focus(self, _old, new) -> None:
        if self._watched is not None:
            try:
                self._watched.removeEventFilter(self)
            except RuntimeError:  # the widget is gone already
                pass
        self._watched = new if isinstance(new, QWidget) and new.window() is self.window else None
        if self._watched is not None:
            self._watched.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self.window:
            return False
        kind = history_key(event)
        if kind and not local_history(watched, kind):
            event.ignore()  # not the field's: the window's shortcut takes the key
            return True
        return False
