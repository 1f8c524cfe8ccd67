"""Whether every control of every page can be reached in a window of a given size: a control lies inside the
window and inside each of its parents, unless it is inside a scroll area (then the scroll area must be); a table or
tree keeps room for a few rows. Used in-process and in a subprocess with QT_SCALE_FACTOR."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QAbstractItemView)


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _reachable_through(control: QWidget, window) -> QWidget:
    """The widget that must lie inside the window for ``control`` to be reachable: the outermost scroll area whose
    scrolled content holds it (it scrolls into view), else the control itself."""
    target, child, parent = control, control, control.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and child is parent.viewport():
            target = parent
        child, parent = parent, parent.parentWidget()
    return target


def problems(window) -> list[str]:
    """What a user could not reach on the page on screen."""
    found = []
    for area in window.findChildren(QScrollArea):  # a page scrolls down, never sideways
        if area.isVisible() and area.horizontalScrollBar().isVisible():
            found.append(f"{area.parentWidget().__class__.__name__} scrolls sideways: content "
                         f"{area.widget().minimumSizeHint().width()} wide in {area.viewport().width()}")
    for control in window.findChildren(QWidget):
        if not isinstance(control, CONTROLS) or isinstance(control, QHeaderView):
            continue
        if not control.isVisible() or control.window() is not window:
            continue
        name = control.text() if isinstance(control, QAbstractButton) else \
            control.objectName() or control.accessibleName()
        # a list keeps room for rows: 90 px at least, unless it shows every row it has (a short checklist)
        scrolls = isinstance(control, QAbstractItemView) and control.verticalScrollBar().maximum() > 0
        if isinstance(control, QAbstractItemView) and ((control.height() < 90 and scrolls) or control.width() < 150):
            found.append(f"{type(control).__name__} {name!r} too small: {control.size().toTuple()}")
        child = _reachable_through(control, window)
        parent = child.parentWidget()
        while parent is not None:
            if not parent.rect().contains(_rect_in(child, parent)):
                found.append(f"{type(control).__name__} {name!r} outside {type(parent).__name__} "
                             f"{parent.objectName()}: {_rect_in(child, parent).getRect()} not in "
                             f"{parent.rect().getRect()}")
                break
            if parent is window:
                break
            child, parent = parent, parent.parentWidget()
    return found


def all_pages_problems(window, sizes) -> list[str]:
    from ui.main_window import PAGE_KEYS

    found = []
    for width, height in sizes:
        window.resize(width, height)
        for key in PAGE_KEYS:
            page = window.show_page(key)
            QApplication.processEvents()
            if window.width() > width or window.height() > height:
                found.append(f"window {window.size()} larger than {width}×{height}")
            found += [f"{width}×{height} {key}: {p}" for p in problems(window)]
            if key == "activities":  # each activity shows other parts of the editor
                for activity in window.session.store.activities():
                    page.select(activity["id"])
                    QApplication.processEvents()
                    found += [f"{width}×{height} {activity['title']}: {p}" for p in problems(window)]
    return found
