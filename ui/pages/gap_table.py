"""The overview's table of gaps: every gap the register found, in the register's order (by severity); the user may
sort by another column. Made when the register has been read, so a start neither builds it nor imports the table
models before the first screen is painted (until then the overview says it is reading, never an empty table)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from ui.i18n import current, tr
from ui.models import FilterProxy, RowsModel, TableColumn
from ui.pages import keyboard_view

SEVERITY_ORDER = {"mandatory": 0, "warning": 1, "notice": 2}


def field_label(field: str, lang: str) -> str:
    from ropa_app.columns import field_label

    return field_label(field, lang)


def gap_text(gap, lang: str) -> str:
    from ropa_app.columns import gap_text

    return gap_text(gap, lang)


GAP_COLUMNS = (
    TableColumn("severity", "ui.gaps.severity", lambda r: tr(f"severity.{r['gap'].severity}"),
                lambda r: SEVERITY_ORDER[r["gap"].severity]),
    TableColumn("activity", "ui.gaps.activity",
                lambda r: r["gap"].activity_title or tr("ui.gaps.organisation")),
    TableColumn("field", "ui.gaps.field", lambda r: field_label(r["gap"].field, current())),
    TableColumn("message", "ui.gaps.message", lambda r: gap_text(r["gap"], current())),
)


def make_gap_table(parent) -> tuple[QTableView, RowsModel, FilterProxy]:
    """The view, its model and its sorting proxy (both owned by ``parent``)."""
    model = RowsModel(GAP_COLUMNS, parent)
    proxy = FilterProxy(parent)
    proxy.setSourceModel(model)
    view = QTableView()
    view.setObjectName("gapTable")
    view.setMinimumHeight(180)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    # The register lists its gaps by severity already: re-sorting 10,000 of them through Python at every refresh
    # would cost most of a second. The header shows that order; the proxy sorts only when the user asks for
    # another one.
    proxy.sort(-1)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    view.setColumnWidth(1, 200)
    view.setColumnWidth(2, 220)
    keyboard_view(view)
    return view, model, proxy


def header_changed(model: RowsModel) -> None:
    """Tell the view its column titles changed (a new language)."""
    model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(GAP_COLUMNS) - 1)


def in_register_order(view: QTableView, proxy: FilterProxy) -> None:
    """Sort as the header says: the register's own order when it says severity, ascending."""
    header = view.horizontalHeader()
    if (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.AscendingOrder):
        if proxy.sortColumn() != -1:
            proxy.sort(-1)  # the register's own order is this one
    elif proxy.sortColumn() != header.sortIndicatorSection():
        proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
