"""Export dialog (placeholder)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog


class ExportDialog(QDialog):
    def __init__(self, session, parent=None, fmt: str = "xlsx") -> None:
        super().__init__(parent)
