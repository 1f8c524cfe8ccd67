"""Endringslogg: every change to the file as a sentence (when, who, what; old and new value beside it), newest first,
filterable. The sentences come from ropa_app.change_log, as in the exports."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QIdentityProxyModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from ropa_app.change_log import ChangeDescriber, describer_for
from ropa_app.dates import format_datetime
from ui.i18n import current, tr
from ui import settings
from ui.pages import RefreshWhenShown, Retranslatable, heading, hint, keyboard_view, push_button

HEADERS = ("ui.log.at", "ui.log.who", "ui.log.change", "ui.log.old", "ui.log.new")
CHUNK = 200  # rows a view is given at a time; it asks for more as it scrolls (canFetchMore/fetchMore)
SEARCH_STEP = 500  # entries made searchable per turn of the event loop, ahead of the user's first search


class ChangeLogModel(QAbstractTableModel):
    """The change log, newest first, given to the view in chunks, each entry described only when it is shown
    (or searched): a file with 20,000 changes opens its log at once. The filter searches every entry; their texts
    are made ahead of it, SEARCH_STEP entries per turn of the event loop once the log is shown, so the first
    keystroke in the filter does not wait for 20,000 descriptions (a quarter of a second)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.entries: tuple = ()
        self.describer: ChangeDescriber | None = None
        self._texts: dict[int, tuple[str, ...]] = {}
        self._search: dict[int, str] = {}
        self._filter = ""
        self._matches: list[int] = []
        self._loaded = 0
        self._searchable_to = 0  # entries before this one have their search text made
        self._ahead = QTimer(self)
        self._ahead.setSingleShot(True)
        self._ahead.timeout.connect(self._make_searchable)

    def set_log(self, entries: tuple, describer: ChangeDescriber) -> None:
        self.beginResetModel()
        self.entries, self.describer = entries, describer
        self._texts, self._search = {}, {}
        self._match()
        self.endResetModel()
        self._searchable_to = 0
        self._ahead.start(0)

    @property
    def searchable(self) -> bool:
        """Whether every entry's search text is made (a search then only compares)."""
        return self._searchable_to >= len(self.entries)

    def _make_searchable(self) -> None:
        end = min(self._searchable_to + SEARCH_STEP, len(self.entries))
        for i in range(self._searchable_to, end):
            self._searchable(i)
        self._searchable_to = end
        if end < len(self.entries):
            self._ahead.start(0)

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = text.casefold().strip()
        self._match()
        self.endResetModel()

    def _match(self) -> None:
        if self._filter:
            self._matches = [i for i in range(len(self.entries)) if self._filter in self._searchable(i)]
        else:
            self._matches = list(range(len(self.entries)))
        self._loaded = min(CHUNK, len(self._matches))

    def texts(self, i: int) -> tuple[str, ...]:
        cached = self._texts.get(i)
        if cached is None:
            e = self.entries[i]
            change = self.describer.describe(e.entity, e.entity_id, e.field, e.old, e.new)
            cached = self._texts[i] = (format_datetime(e.at, current()), e.who, change.sentence, change.old,
                                       change.new)
        return cached

    def _searchable(self, i: int) -> str:
        text = self._search.get(i)
        if text is None:
            text = self._search[i] = " ".join(self.texts(i)).casefold()
        return text

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._loaded < len(self._matches)

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        more = min(CHUNK, len(self._matches) - self._loaded)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
        self._loaded += more
        self.endInsertRows()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        text = self.texts(self._matches[index.row()])[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > 40 or "\n" in text else None
        return text.split("\n", 1)[0]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[section])
        return None


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
        # «Hvem» is the name the user set: until then, say so where it shows, with the way to set it
        self.name_note = QWidget()
        note_row = QHBoxLayout(self.name_note)
        note_row.setContentsMargins(0, 0, 0, 0)
        note = hint("")
        self.tr_text(note.setText, "ui.log.no_name")
        self.name_button = push_button()
        self.tr_text(self.name_button.setText, "ui.log.set_name")
        if window is not None:
            self.name_button.clicked.connect(window.ask_user_name)
        note_row.addWidget(note, 1)
        note_row.addWidget(self.name_button)
        layout.addWidget(self.name_note)
        self.filter = QLineEdit()
        self.tr_text(self.filter.setPlaceholderText, "ui.log.filter")
        self.tr_text(self.filter.setAccessibleName, "ui.log.filter")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.model = ChangeLogModel(self)
        self.proxy = QIdentityProxyModel(self)  # the view's model (newest first; the filter is the model's own)
        self.proxy.setSourceModel(self.model)
        self.filter.textChanged.connect(self.model.set_filter)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.tr_text(self.table.setAccessibleName, "ui.nav.changelog")
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        metrics = self.table.fontMetrics()
        self._time_width = metrics.horizontalAdvance("30.11.2026 kl. 14.40") + 16
        self._who_width = metrics.horizontalAdvance("M") * 6
        self.table.viewport().installEventFilter(self)  # the columns share the width the table has
        keyboard_view(self.table)
        layout.addWidget(self.table, 1)
        session.hub.registerChanged.connect(self.mark_stale)

    def eventFilter(self, watched, event) -> bool:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.fit_columns()
        return False

    def fit_columns(self) -> None:
        """Time and who as wide as they need; the change gets half of the rest and the old and new values a
        quarter each, so every column stays in view at 150 % on a laptop (a fixed 580 px description pushed «Ny
        verdi» out to the side). Long texts are in each cell's tooltip."""
        rest = max(0, self.table.viewport().width() - self._time_width - self._who_width)
        widths = (self._time_width, self._who_width, rest // 2, rest // 4, rest - rest // 2 - rest // 4)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, max(60, width))

    def retranslated(self) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        self.mark_stale()

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def refresh(self) -> None:
        if self.session.store:
            register = self.session.register()  # kept up to date: its change log is already in memory
            catalogue = self.session.store.catalogue()
            describer = describer_for(
                register, current(), {s.key: f"{catalogue.vendor(s.vendor).name}: {s.name}"
                                      for s in catalogue.services})
            self.model.set_log(register.change_log, describer)
            self.refreshed()
        self.name_note.setVisible(not settings.user_name())
