"""The catalogue page's tree: vendors → services → add-ons, a column saying which are in use, and a word filter."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from ropa_app.catalogue import Catalogue, Service, Vendor
from ui.i18n import tr

KEY_ROLE = Qt.ItemDataRole.UserRole + 10  # vendor id or service key
KIND_ROLE = Qt.ItemDataRole.UserRole + 11  # "vendor" | "service" | "addon"
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 12  # the words a search looks in, casefolded
COL_NAME, COL_IN_USE = 0, 1
SERVICE_KINDS = ("service", "addon")


def _search_text(*parts: str) -> str:
    return " ".join(p for p in parts if p).casefold()


def service_search_text(vendor: Vendor, service: Service, base: Service | None) -> str:
    """A service is found by its name, its vendor, its base, its sub-processors, cookies and data categories."""
    return _search_text(service.name, service.key, vendor.name, vendor.legal_name, base.name if base else "",
                        *(p.name for p in service.sub_processors), *(c.placed_by for c in service.cookies),
                        *(c.name for c in service.data_categories))


class CatalogueTreeModel(QStandardItemModel):
    """The stored catalogue as a two-column tree; :meth:`set_marks` updates the "in use" column without a rebuild."""

    def __init__(self, parent=None) -> None:
        super().__init__(0, 2, parent)
        self._items: dict[str, QStandardItem] = {}  # key (vendor id or service key) -> its name item
        self._set_headers()

    def _set_headers(self) -> None:
        self.setHorizontalHeaderLabels([tr("ui.catalogue.column.name"), tr("ui.catalogue.column.in_use")])

    def rebuild(self, catalogue: Catalogue, user_vendors: set[str]) -> None:
        self.beginResetModel()
        self.blockSignals(True)
        try:
            self.removeRows(0, self.rowCount())
            self._items = {}
            for vendor in catalogue.vendors:
                vendor_item = self._item(vendor.name, vendor.id, "vendor",
                                         _search_text(vendor.name, vendor.legal_name, vendor.id))
                font = QFont(vendor_item.font())
                font.setBold(True)
                vendor_item.setFont(font)
                if vendor.id in user_vendors:
                    vendor_item.setToolTip(tr("ui.catalogue.vendor.own"))
                self.appendRow([vendor_item, self._mark_item()])
                bases = [s for s in vendor.services if not s.parent]
                orphans = [s for s in vendor.services if s.parent and not catalogue.has(s.parent)]
                for service in bases + orphans:
                    item = self._service_item(vendor, service, None)
                    vendor_item.appendRow([item, self._mark_item()])
                    for addon in catalogue.addons(service.key):
                        item.appendRow([self._service_item(vendor, addon, service), self._mark_item()])
        finally:
            self.blockSignals(False)
            self.endResetModel()

    def _item(self, text: str, key: str, kind: str, search: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(key, KEY_ROLE)
        item.setData(kind, KIND_ROLE)
        item.setData(search, SEARCH_ROLE)
        item.setToolTip(text)
        self._items[key] = item
        return item

    def _service_item(self, vendor: Vendor, service: Service, base: Service | None) -> QStandardItem:
        return self._item(service.name, service.key, "addon" if base else "service",
                          service_search_text(vendor, service, base))

    @staticmethod
    def _mark_item() -> QStandardItem:
        item = QStandardItem("")
        item.setEditable(False)
        return item

    def set_marks(self, adopted: set[str], changed: set[str]) -> None:
        """Show which services are in use (and which changed since the company adopted them)."""
        for vendor_row in range(self.rowCount()):
            vendor_item = self.item(vendor_row, COL_NAME)
            total = used = 0
            for item in _descendants(vendor_item):
                key = item.data(KEY_ROLE)
                total += 1
                used += key in adopted
                # A change is only recorded for a service in use, so "changed" stands in for "in use" (narrow column).
                if key in changed:
                    self._set_mark(item, tr("ui.catalogue.mark.changed"), tr("ui.catalogue.mark.changed.tip"))
                else:
                    self._set_mark(item, tr("ui.catalogue.mark.in_use") if key in adopted else "")
            self._set_mark(vendor_item, tr("ui.catalogue.vendor.count", used=used, total=total) if used else "")

    @staticmethod
    def _set_mark(name_item: QStandardItem, text: str, tip: str = "") -> None:
        parent = name_item.parent() or name_item.model().invisibleRootItem()
        mark = parent.child(name_item.row(), COL_IN_USE)
        if mark is not None and mark.text() != text:
            mark.setText(text)
            mark.setToolTip(tip)

    def index_of(self, key: str) -> QModelIndex:
        item = self._items.get(key)
        return item.index() if item is not None else QModelIndex()

    def service_keys(self) -> list[str]:
        """Every service key in tree order (bases before their add-ons)."""
        keys = []
        for vendor_row in range(self.rowCount()):
            keys += [i.data(KEY_ROLE) for i in _descendants(self.item(vendor_row, COL_NAME))]
        return keys


def _descendants(item: QStandardItem) -> list[QStandardItem]:
    out = []
    for row in range(item.rowCount()):
        child = item.child(row, COL_NAME)
        out.append(child)
        out += _descendants(child)
    return out


class CatalogueFilter(QSortFilterProxyModel):
    """Keeps rows whose search text holds every typed word (any case), and the parents of such rows."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setRecursiveFilteringEnabled(True)
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterKeyColumn(COL_NAME)

    def set_query(self, text: str) -> None:
        words = text.casefold().split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words = words
            self.invalidateFilter()

    @property
    def query_words(self) -> list[str]:
        return list(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, COL_NAME, source_parent)
        text = index.data(SEARCH_ROLE) or ""
        return all(word in text for word in self._words)


class ServiceTree(QTreeView):
    """The tree of vendors and services. Space asks to toggle "we use this"; typed letters go to the search box."""

    toggleRequested = Signal()
    typed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setAllColumnsShowFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not (event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier))
        if event.key() == Qt.Key.Key_Space and plain and self.currentIndex().data(KIND_ROLE) in SERVICE_KINDS:
            self.toggleRequested.emit()
            event.accept()
            return
        text = event.text()
        if plain and text and text.isprintable() and not text.isspace():
            self.typed.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)
