"""The app's pages. Each takes the Session, listens to the hub, and edits only through Session.push/run."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "") -> QLabel:
    """A label that shows text as typed: user text is data, never markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def heading(text: str) -> QLabel:
    label = plain_label(text)
    label.setObjectName("pageHeading")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


def hint(text: str) -> QLabel:
    label = plain_label(text)
    label.setWordWrap(True)
    label.setObjectName("hint")
    label.setStyleSheet("color: #5f6368;")
    return label


def gap_target(gap) -> tuple[str, object, str]:
    """Which page, activity and field a gap concerns, for navigation."""
    field = gap.field
    if field.startswith("organisation."):
        return "organisation", None, field.split(".", 1)[1]
    if field.startswith("service:"):
        return "catalogue", None, field.split(":", 1)[1]
    if field == "catalogue":
        return "catalogue", None, ""
    if gap.activity_id is not None:
        return "activities", gap.activity_id, field
    return "activities", None, field
