"""Table models over plain rows (dicts) with translated headers; sorting and filtering happen in a proxy."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

from ui.i18n import tr

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class TableColumn:
    key: str
    header: str  # i18n key
    text: Callable[[dict], str] | None = None  # default: str(row[key])
    sort: Callable[[dict], object] | None = None


class RowsModel(QAbstractTableModel):
    """Rows of dicts shown through ``columns``. Replace all rows with :meth:`set_rows`."""

    def __init__(self, columns: tuple[TableColumn, ...], parent=None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def _text(self, row: dict, column: TableColumn) -> str:
        if column.text:
            return column.text(row)
        value = row.get(column.key, "")
        return "" if value is None else str(value)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(row, column)
            return text.split("\n", 1)[0] if "\n" in text else text
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._text(row, column)
            return text if len(text) > 40 or "\n" in text else None
        if role == SORT_ROLE:
            return column.sort(row) if column.sort else self._text(row, column).casefold()
        if role == ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                  Qt.ItemDataRole.ToolTipRole):
            return tr(self.columns[section].header)  # the tooltip: the whole header, should a narrow column cut it
        return None


class FilterProxy(QSortFilterProxyModel):
    """Case-insensitive filter over every column, sorting on SORT_ROLE."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setFilterRole(Qt.ItemDataRole.DisplayRole)
