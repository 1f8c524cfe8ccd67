"""The app's pages. Each takes the Session, listens to the hub, and edits only through Session.push/run.

The first screen (the window and the overview, up to its first paint) does not touch Qt's ``Qt`` namespace: the
first use of it makes all its ~100 enums in Python, some 15 ms of a start. Its modules import ``Qt`` in the
functions that run later, and the first screen sets its few enum properties by name (:func:`set_by_name`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from ui.i18n import tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractItemView, QScrollArea


def set_by_name(widget: QWidget, **properties: str) -> QWidget:
    """Set Qt properties of enum type by their values' names, e.g. ``alignment="AlignCenter"``: what
    ``widget.setAlignment(Qt.AlignmentFlag.AlignCenter)`` does, without making the ``Qt`` namespace (see above)."""
    for name, value in properties.items():
        if not widget.setProperty(name, value):
            raise ValueError(f"{type(widget).__name__}.{name} = {value!r}")
    return widget


def push_button(text: str = "") -> QPushButton:
    """A push button that Enter presses when it has the focus, as Space does (and as buttons in dialogs and on
    Windows do); in a page Qt's buttons otherwise ignore Enter."""
    button = QPushButton(text)
    button.setAutoDefault(True)
    return button


def plain_label(text: str = "") -> QLabel:
    """A label that shows text as typed: user text is data, never markup."""
    return set_by_name(QLabel(text), textFormat="PlainText")


def confirm(parent: QWidget, text: str, title_key: str = "ui.confirm.title") -> bool:
    """Ask before removing or discarding something; the question names it. No is the default."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, tr(title_key), text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def may_leave(parent: QWidget, unsaved: list[tuple[str, QWidget]], discard) -> bool:
    """Before leaving a page (or an activity) holding invalid values that are not saved: ask; Yes discards them,
    No puts the cursor in the first one."""
    if not unsaved:
        return True
    from ui.i18n import counted

    fields = "\n".join(tr("ui.leave.field", label=label, value=widget.text()) for label, widget in unsaved)
    title = "ui.leave.title.one" if len(unsaved) == 1 else "ui.leave.title"
    if confirm(parent, counted("ui.leave.text", len(unsaved), fields=fields), title):
        discard()
        return True
    from PySide6.QtCore import Qt

    unsaved[0][1].setFocus(Qt.FocusReason.OtherFocusReason)
    return False


def keyboard_view(view: QAbstractItemView, on_delete=None) -> QAbstractItemView:
    """A table or tree as one stop in the Tab order (arrow keys move inside); Delete calls ``on_delete``."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence, QShortcut

    view.setTabKeyNavigation(False)
    if on_delete is not None:
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), view, on_delete,
                  context=Qt.ShortcutContext.WidgetShortcut)
    return view


class _FocusFollower(QObject):
    """Scrolls a scroll area to the widget that gets the focus inside it (see :func:`scroll_to_focus`)."""

    def __init__(self, scroll: QScrollArea, xmargin: int, ymargin: int) -> None:
        super().__init__(scroll)  # goes with the scroll area; Qt then drops the connection below
        self.scroll, self.margins = scroll, (xmargin, ymargin)
        QApplication.instance().focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old, new) -> None:
        from PySide6.QtCore import Qt

        content = self.scroll.widget()
        if new is None or content is None or not self.scroll.isVisible() or not content.isAncestorOf(new):
            return
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            return  # a click lands on what the user sees; scrolling would move it from under the pointer
        from PySide6.QtCore import QPoint

        xmargin, ymargin = self.margins
        top_left = new.mapTo(content, QPoint(0, 0))
        if new.height() + 2 * ymargin <= self.scroll.viewport().height():  # the whole field, with room around it
            self.scroll.ensureVisible(top_left.x() + new.width() // 2, top_left.y() + new.height() // 2,
                                      new.width() // 2 + xmargin, new.height() // 2 + ymargin)
        else:  # taller than the view: where its cursor is, as Qt's own Tab does
            self.scroll.ensureWidgetVisible(new, xmargin, ymargin)


def scroll_to_focus(scroll: QScrollArea, xmargin: int = 50, ymargin: int = 50) -> QScrollArea:
    """Show the focused field of a scrolled page, however the focus got there. Qt's scroll area scrolls to a field
    only when Tab moves inside it; focus that arrives from outside (Tab wrapping round from the sidebar or a table,
    Shift+Tab, a button) would otherwise land on a field above or below the view, out of the user's sight."""
    _FocusFollower(scroll, xmargin, ymargin)
    return scroll


def bold(widget, scale: float = 1.0):
    """Make a widget's text bold (and ``scale`` times larger); returns the widget."""
    font = widget.font()
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    widget.setFont(font)
    return widget


def subheading(text: str) -> QLabel:
    return bold(plain_label(text))


def heading(text: str) -> QLabel:
    label = bold(plain_label(text), 1.5)
    label.setObjectName("pageHeading")
    return label


def hint(text: str) -> QLabel:
    label = plain_label(text)
    label.setWordWrap(True)
    label.setObjectName("hint")
    label.setStyleSheet("color: #5f6368;")
    return label


class Retranslatable:
    """Mixin for a page that shows itself in a new language in place (no widget is rebuilt): the page sets each
    fixed text through :meth:`tr_text`, and :meth:`retranslate` sets them all again, then calls ``retranslated``."""

    def tr_text(self, setter, key: str, **params) -> None:
        setter(tr(key, **params))
        if "_tr_texts" not in self.__dict__:
            self._tr_texts = []
        self._tr_texts.append((setter, key, params))

    def retranslate(self) -> None:
        for setter, key, params in self.__dict__.get("_tr_texts", []):
            setter(tr(key, **params))
        self.retranslated()

    def retranslated(self) -> None:
        """What else the page shows in words (table headers, rows): override."""


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
    if field.startswith(("served_controller.", "processor_role.")):  # the processor's register, art. 30(2)
        controller = gap.param_dict().get("controller_id")
        return "processor", int(controller) if controller else None, field
    if field.startswith("organisation."):
        return "organisation", None, field.split(".", 1)[1]
    if field.startswith("service:"):
        return "catalogue", None, field.split(":", 1)[1]
    if field in ("catalogue", "activities") and gap.activity_id is None:
        return "catalogue", None, ""  # a catalogue change to review, or no activity yet: adopt services
    if gap.activity_id is not None:
        return "activities", gap.activity_id, field
    return "activities", None, field
