"""The app's pages. Each takes the Session, listens to the hub, and edits only through Session.push/run."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
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


class RefreshWhenShown:
    """Mixin for a page whose content is costly to rebuild: rebuild at once while it is on screen, otherwise the
    next time it is shown. The page implements ``refresh()`` and calls ``refreshed()`` at its end."""

    _stale = True

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible() or self.isVisibleTo(self.window()):  # on screen, or the current page of a hidden window
            self.refresh()

    def refreshed(self) -> None:
        self._stale = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShowToParent and self._stale:  # becoming the current page of a hidden window
            self.refresh()
        return super().event(event)


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
