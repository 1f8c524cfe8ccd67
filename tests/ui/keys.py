"""Helpers for tests that drive the app with the keyboard, as a user does: keys go to the focused widget."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused():
    return QApplication.focusWidget()


def press(key, modifiers=Qt.KeyboardModifier.NoModifier, widget=None) -> None:
    """One key press on the focused widget (or ``widget``)."""
    QTest.keyClick(widget or focused(), key, modifiers)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def show_window(qtbot, window, width: int = 1366, height: int = 768):
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    wait_until_read(qtbot, window)
    return window


def wait_until_read(qtbot, window) -> None:
    """As a user waits a moment after the window appears: until the overview shows the file's counts and gaps
    instead of «Leser protokollen …»."""
    qtbot.waitUntil(lambda: not window.pages["overview"].reading)
