"""The list of processing activities: one row per register entry, with its services and mandatory gaps.

Rows are plain dicts built once per register change; each carries a precomputed, case-folded search text so the
filter does no formatting per keystroke (2,000 activities filter in a few milliseconds).
"""
from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QModelIndex, Qt

from ropa_app.columns import enum_label
from ropa_app.dates import format_date, format_datetime
from ropa_app.register import Register
from ui.i18n import tr
from ui.models import FilterProxy, RowsModel, TableColumn

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 10
ID_ROLE = Qt.ItemDataRole.UserRole + 11

COL_ID, COL_TITLE, COL_STATUS, COL_SERVICES, COL_GAPS, COL_UPDATED = range(6)

COLUMNS = (
    TableColumn("id", "ui.activities.column.id", lambda r: str(r["id"]), lambda r: r["id"]),
    TableColumn("title", "ui.activities.column.title"),
    TableColumn("status", "column.status", lambda r: r["status_text"]),
    TableColumn("services", "ui.activities.column.services", lambda r: str(r["services"]),
                lambda r: r["services"]),
    TableColumn("gaps", "ui.activities.column.gaps", lambda r: str(r["gaps"]) if r["gaps"] else "",
                lambda r: r["gaps"]),
    TableColumn("updated", "column.updated", lambda r: r["updated_text"], lambda r: r["updated"]),
)


_ROWS: dict[int, tuple[object, str, int, dict]] = {}  # activity id -> (entry, language, gaps, row)


def activity_rows(register: Register, lang: str) -> list[dict]:
    """One row per activity: what the table shows and what the filter searches. The live register keeps an
    unchanged activity's entry as the same object, so its row is made once and reused (a 2,000-row table)."""
    mandatory = Counter(g.activity_id for g in register.gaps
                        if g.severity == "mandatory" and g.activity_id is not None)
    rows = []
    for e in register.entries:
        gaps = mandatory.get(e.id, 0)
        cached = _ROWS.get(e.id)
        if cached and cached[0] is e and cached[1] == lang and cached[2] == gaps:
            rows.append(cached[3])
            continue
        status_text = enum_label("status", e.status, lang)
        vendors = " ".join(f"{s.vendor} {s.name}" for s in e.services)
        rows.append({
            "id": e.id, "title": e.title, "status": e.status, "status_text": status_text,
            "services": len(e.services), "gaps": gaps, "updated": e.updated,
            "updated_text": format_date(e.updated, lang),
            "updated_long": format_datetime(e.updated, lang) if e.updated else "",
            "search": f"{e.title} {e.area} {e.owner_name} {status_text} {vendors}".casefold(),
        })
        _ROWS[e.id] = (e, lang, gaps, rows[-1])
    return rows


class ActivityTableModel(RowsModel):
    """RowsModel that answers the search and id roles first (they are asked most) and updates rows in place."""

    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)
        self._sort: tuple[int, Qt.SortOrder] = (COL_TITLE, Qt.SortOrder.AscendingOrder)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == SEARCH_ROLE:
            return self.rows[index.row()]["search"]
        if role == ID_ROLE:
            return self.rows[index.row()]["id"]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (COL_ID, COL_SERVICES, COL_GAPS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_UPDATED:
            return self.rows[index.row()]["updated_long"]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_TITLE:
            return self._title_tip(self.rows[index.row()])
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == COL_GAPS:
            from PySide6.QtGui import QColor

            return QColor("#b3261e")
        return super().data(index, role)

    def _title_tip(self, row: dict) -> str:
        """The full title, and the values of the columns a narrow list hides (ActivitiesPage.fit_columns)."""
        details = [f"{tr(COLUMNS[c].header)}: {self._text(row, COLUMNS[c])}" for c in (COL_STATUS, COL_SERVICES)]
        if row["updated_long"]:
            details.append(f"{tr(COLUMNS[COL_UPDATED].header)}: {row['updated_long']}")
        return f"{row['title']}\n{' · '.join(details)}"

    def ids(self) -> list[int]:
        return [r["id"] for r in self.rows]

    # Sorting happens here, once, with precomputed keys; the proxy only filters. A sorting proxy would compare
    # rows through Python data() calls whenever the filter widens (tens of thousands of calls for 2,000 rows).
    def _sorted(self, rows: list[dict]) -> list[dict]:
        column, order = self._sort
        key = COLUMNS[column].sort or (lambda r, c=COLUMNS[column]: self._text(r, c).casefold())
        return sorted(rows, key=lambda r: (key(r), r["id"]), reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old_ids = self.ids()
        self.rows = self._sorted(self.rows)
        position = {r["id"]: n for n, r in enumerate(self.rows)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(position[old_ids[i.row()]], i.column()) for i in old])
        self.layoutChanged.emit()

    def update_rows(self, rows: list[dict]) -> bool:
        """Replace the rows; when the same activities are listed in the same order, only changed rows are
        announced (selection and scroll position stay). Returns True when the model was reset."""
        rows = self._sorted(rows)
        new_ids, old_ids = [r["id"] for r in rows], self.ids()
        if sorted(new_ids) != sorted(old_ids):
            self.set_rows(rows)
            return True
        if new_ids != old_ids:  # a changed title or status moved a row: a layout change keeps the selection
            self.layoutAboutToBeChanged.emit()
            self.rows = rows
            position = {activity_id: n for n, activity_id in enumerate(new_ids)}
            persistent = self.persistentIndexList()
            self.changePersistentIndexList(
                persistent, [self.index(position[old_ids[i.row()]], i.column()) for i in persistent])
            self.layoutChanged.emit()
            return False
        changed = [number for number, (old, new) in enumerate(zip(self.rows, rows)) if old != new]
        if changed:
            # One signal over the changed span: a language switch changes every row, and thousands of
            # dataChanged emissions cost time (and crashed PySide 6.12 once, deallocating a bool).
            self.rows = rows
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(COLUMNS) - 1))
        return False

    def row_of(self, activity_id: int) -> int:
        for number, row in enumerate(self.rows):
            if row["id"] == activity_id:
                return number
        return -1


class ActivityFilter(FilterProxy):
    """Filters on the precomputed search text (title, area, owner, status, vendors and services); sorting is
    passed on to the source model, so the proxy keeps the source order and never compares rows itself."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFilterKeyColumn(COL_ID)
        self.setFilterRole(SEARCH_ROLE)
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
