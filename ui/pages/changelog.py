"""Endringslogg: every change to the file as a sentence (when, who, what; old and new value beside it), newest first,
filterable. The sentences come from ropa_app.change_log, as in the exports."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from ropa_app.change_log import ChangeDescriber
from ropa_app.dates import format_datetime
from ui.i18n import current, tr
from ui.models import FilterProxy, RowsModel, TableColumn
from ui.pages import RefreshWhenShown, Retranslatable, heading, hint, keyboard_view

COLUMNS = (
    TableColumn("at", "ui.log.at", lambda r: format_datetime(r["at"], current()), lambda r: r["at"]),
    TableColumn("who", "ui.log.who"),
    TableColumn("change", "ui.log.change", lambda r: r["text"].sentence),
    TableColumn("old", "ui.log.old", lambda r: r["text"].old),
    TableColumn("new", "ui.log.new", lambda r: r["text"].new),
)


class ChangeLogPage(Retranslatable, RefreshWhenShown, QWidget):
    page_key = "changelog"

    def __init__(self, session, window) -> None:
        super().__init__()
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        title, explanation = heading(""), hint("")
        self.tr_text(title.setText, "ui.nav.changelog")
        self.tr_text(explanation.setText, "ui.log.hint")
        layout.addWidget(title)
        layout.addWidget(explanation)
        self.filter = QLineEdit()
        self.tr_text(self.filter.setPlaceholderText, "ui.log.filter")
        self.tr_text(self.filter.setAccessibleName, "ui.log.filter")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.model = RowsModel(COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.tr_text(self.table.setAccessibleName, "ui.nav.changelog")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((140, 70, 580, 160)):
            self.table.setColumnWidth(column, width)
        keyboard_view(self.table)
        layout.addWidget(self.table, 1)
        session.hub.registerChanged.connect(self.mark_stale)

    def retranslated(self) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.mark_stale()

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def refresh(self) -> None:
        if self.session.store:
            store = self.session.store
            catalogue = store.catalogue()
            describer = ChangeDescriber(
                current(), {a["id"]: a["title"] for a in store.activities()},
                {s.key: f"{catalogue.vendor(s.vendor).name}: {s.name}" for s in catalogue.services})
            rows = store.change_log()
            for row in rows:
                row["text"] = describer.describe(row["entity"], row["entity_id"], row["field"], row["old"], row["new"])
            self.model.set_rows(rows)
            self.refreshed()
