"""Fixtures for the app's tests: message boxes are captured, never shown."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def errors(monkeypatch):
    """Every QMessageBox the app would show, captured instead of shown."""
    shown: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda parent, title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def questions(monkeypatch):
    """Every question the app asks (QMessageBox.question), answered Yes unless a test sets ``answer`` to No."""
    asked: list[str] = []

    class Questions(list):
        answer = QMessageBox.StandardButton.Yes

    asked = Questions()

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return asked.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked
