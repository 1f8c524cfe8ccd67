"""Leverandørkatalog (placeholder until the page is written)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class CataloguePage(QWidget):
    page_key = "catalogue"

    def __init__(self, session, window) -> None:
        super().__init__()
        QVBoxLayout(self).addWidget(QLabel("catalogue"))

    def focus_field(self, _activity_id, field: str) -> None:
        pass
