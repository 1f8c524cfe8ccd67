"""Behandlinger (placeholder until the page is written)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ActivitiesPage(QWidget):
    page_key = "activities"

    def __init__(self, session, window) -> None:
        super().__init__()
        QVBoxLayout(self).addWidget(QLabel("activities"))

    def focus_field(self, activity_id, field: str) -> None:
        pass
