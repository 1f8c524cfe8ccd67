"""Fixtures for the app's tests: message boxes are captured, never shown."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(autouse=True)
def no_unexpected_questions(monkeypatch):
    """A question no test expected fails the test instead of waiting for an answer that never comes."""
    def unexpected(parent, title, text, *args, **kwargs):
        raise AssertionError(f"unexpected question: {text}")

    monkeypatch.setattr(QMessageBox, "question", unexpected)


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
