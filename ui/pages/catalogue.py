"""Leverandørkatalog: vendors → services → add-ons with search; every fact of a service with its source; a clear
"we use this" toggle; the DPA reference; changed vendor facts to review; and the company's own vendors."""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QEvent, QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ropa_app.catalogue import Catalogue
from ui.commands import (
    AddActivity,
    AdoptServices,
    DropServices,
    LinkService,
    RemoveUserServices,
    SaveUserService,
    SetDpaReference,
    UnlinkService,
)
from ui.i18n import current, tr
from ui.pages import (
    RefreshWhenShown,
    Retranslatable,
    bold,
    confirm,
    heading,
    hint,
    keyboard_view,
    push_button,
)
from ui.pages.catalogue_detail import change_lines, esc, service_html, vendor_html
from ui.pages.catalogue_dialog import InvalidEntry, UserServiceDialog, build_user_service, values_from_service
from ui.pages.catalogue_tree import (
    COL_IN_USE,
    COL_NAME,
    KEY_ROLE,
    KIND_ROLE,
    SERVICE_KINDS,
    CatalogueFilter,
    CatalogueTreeModel,
    ServiceTree,
)

# One style sheet, set once; the box's "inUse" property picks the colours (setting a style sheet anew per service
# shown re-polished every widget inside the box).
USE_BOX_STYLE = ('QFrame#useBox[inUse="true"] { background: #e6f4ea; border: 1px solid #81c995; border-radius: 6px; }'
                 'QFrame#useBox[inUse="false"] { background: #f1f3f4; border: 1px solid #dadce0; '
                 'border-radius: 6px; }')
CHANGE_BOX_STYLE = "QFrame#catalogueChange { background: #fff4e5; border: 1px solid #f0a020; border-radius: 6px; }"
DETAIL_CSS = ("h3 { margin-top: 14px; margin-bottom: 4px; } h4 { margin-top: 8px; margin-bottom: 2px; } "
              "p { margin-top: 2px; margin-bottom: 4px; } li { margin-bottom: 4px; }")
SUPPORTS_NAMED = 5  # activities named (as links) in the "supports" line; the checklist shows them all
_remembered = {"key": None}  # the selection survives the page being rebuilt (language change)


class SearchBox(QLineEdit):
    """The search field: arrow keys and Enter go on to the tree, Escape clears."""

    def __init__(self, on_leave) -> None:
        super().__init__()
        self.on_leave = on_leave

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.on_leave()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class ActivityChecklistModel(QAbstractListModel):
    """The file's activities as checkable rows: one view paints the few rows on screen, where a check box per
    activity made thousands of widgets to build, style and translate on a large file."""

    def __init__(self, on_toggle) -> None:
        super().__init__()
        self.on_toggle = on_toggle
        self.activities: list[tuple[int, str]] = []
        self.linked: set[int] = set()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.activities)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        activity_id, title = self.activities[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return title
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if activity_id in self.linked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:
            return activity_id
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.on_toggle(self.activities[index.row()][0], checked)  # an undoable edit; the page shows the outcome
        return True

    def set_rows(self, activities: list[tuple[int, str]], linked: set[int]) -> None:
        if activities != self.activities:
            self.beginResetModel()
            self.activities, self.linked = list(activities), set(linked)
            self.endResetModel()
        elif linked != self.linked:
            self.linked = set(linked)
            if self.activities:
                self.dataChanged.emit(self.index(0), self.index(len(self.activities) - 1),
                                      [Qt.ItemDataRole.CheckStateRole])

    def row_of(self, activity_id: int) -> int:
        return next((row for row, (i, _) in enumerate(self.activities) if i == activity_id), -1)


class ActivityChecklist(Retranslatable, QWidget):
    """The file's activities, each with a box ticked when the service supports it (Space or a click ticks it), and
    "New activity …". Its fixed texts follow a language change in place (connect ``retranslate_to`` to the hub)."""

    VISIBLE_ROWS = 8  # the list scrolls beyond this; a long file's activities are found by typing a title's start

    def __init__(self, on_toggle, on_new) -> None:
        super().__init__()
        self.setObjectName("activityChecklist")
        self.on_toggle, self.on_new = on_toggle, on_new
        self.key: str | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.setSpacing(2)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        column.addWidget(self.caption)
        self.model = ActivityChecklistModel(lambda activity_id, checked: self.key and self.on_toggle(
            self.key, activity_id, checked))
        self.view = QListView()
        self.view.setObjectName("activityChecklistView")
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)  # 2,000 rows are measured by one
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.tr_text(self.view.setAccessibleName, "ui.catalogue.checklist.caption")
        self.caption.setBuddy(self.view)
        column.addWidget(self.view)
        self.new_button = push_button()
        self.new_button.setObjectName("newActivityForService")
        self.tr_text(self.new_button.setText, "ui.catalogue.checklist.new")
        self.tr_text(self.new_button.setToolTip, "ui.catalogue.checklist.new_tip")
        self.new_button.clicked.connect(lambda: self.key and self.on_new(self.key))
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addStretch(1)
        column.addLayout(row)

    def set_service(self, key: str, activities: list[tuple[int, str]], linked: set[int]) -> None:
        changed_key = key != self.key
        self.key = key
        self.model.set_rows(activities, linked)
        if changed_key:
            self.view.scrollToTop()
        rows = self.model.rowCount()
        self.view.setVisible(bool(rows))
        if rows:
            row_height = max(self.view.sizeHintForRow(0), self.view.fontMetrics().height() + 4)
            frame = 2 * self.view.frameWidth()
            # every row, up to eight, when there is room; on a small (or 150 %-scaled) screen it gives way down to
            # a few rows (90 px, as every list keeps), or to all of them when they are fewer
            whole = rows * row_height + frame
            self.view.setMinimumHeight(min(whole, max(90, 2 * row_height + frame)))
            self.view.setMaximumHeight(min(whole, self.VISIBLE_ROWS * row_height + frame))
        self.retranslated()

    # what a user sees and does, for tests and keyboard code
    def is_checked(self, activity_id: int) -> bool:
        return activity_id in self.model.linked

    def checked(self) -> set[int]:
        return set(self.model.linked)

    def toggle(self, activity_id: int) -> None:
        """Tick or untick one activity as Space on its row does."""
        from PySide6.QtGui import QKeyEvent

        row = self.model.row_of(activity_id)
        if row < 0:
            raise KeyError(activity_id)
        self.view.setCurrentIndex(self.model.index(row))
        self.view.setFocus()
        QApplication.sendEvent(self.view, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Space,
                                                    Qt.KeyboardModifier.NoModifier, " "))

    def retranslated(self) -> None:
        self.caption.setText(tr("ui.catalogue.checklist.caption") if self.model.rowCount()
                             else tr("ui.catalogue.checklist.empty"))

    def retranslate_to(self, _lang: str = "") -> None:
        self.retranslate()


class FitScrollArea(QScrollArea):
    """A vertical scroll area as tall as its content at its present width, when there is room for it, and
    scrolling when there is not (the content's wrapped labels are measured at the width they have)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._width = -1

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        content = self.widget()
        if content is None:
            return super().sizeHint()
        width = self.viewport().width() if self._width > 0 else content.sizeHint().width()
        height = content.heightForWidth(width) if content.hasHeightForWidth() else -1
        if height < 0:
            height = content.sizeHint().height()
        return QSize(content.sizeHint().width(), height + 2 * self.frameWidth())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != self._width:  # wrapped labels take another height: ask the layout again
            self._width = event.size().width()
            self.updateGeometry()

    def content_changed(self) -> None:
        """Measure again after the content's texts or rows changed."""
        if self.widget() is not None and self.widget().layout() is not None:
            self.widget().layout().activate()
        self.updateGeometry()


class CataloguePage(Retranslatable, RefreshWhenShown, QWidget):
    page_key = "catalogue"

    def __init__(self, session, window) -> None:
        super().__init__()
        self.session, self.window_ = session, window
        self._catalogue: Catalogue | None = None
        self._origins: dict[str, str] = {}
        self._adopted: dict[str, dict] = {}
        self._changes: list[dict] = []
        self._key: str | None = None
        self._kind = ""
        self._shown: str | None = None  # the key whose text the detail pane holds (keep its scroll position)
        self._build()
        hub = session.hub
        hub.fileOpened.connect(self._file_opened)
        hub.servicesChanged.connect(self.mark_stale)
        hub.registerChanged.connect(self.mark_stale)
        self.refresh()

    # --- construction -------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        title, explanation = heading(""), hint("")
        self.tr_text(title.setText, "ui.nav.catalogue")
        self.tr_text(explanation.setText, "ui.catalogue.hint")
        layout.addWidget(title)
        layout.addWidget(explanation)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([430, 690])
        self.splitter = splitter
        layout.addWidget(splitter, 1)

    def _build_list(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 6, 6, 0)
        self.search = SearchBox(self._leave_search)
        self.search.setObjectName("catalogueSearch")
        self.tr_text(self.search.setPlaceholderText, "ui.catalogue.search.placeholder")
        self.tr_text(self.search.setAccessibleName, "ui.catalogue.search.accessible")
        self.tr_text(self.search.setToolTip, "ui.catalogue.search.tip")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        column.addWidget(self.search)
        self.model = CatalogueTreeModel(self)
        self.proxy = CatalogueFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = ServiceTree()
        self.tree.setObjectName("catalogueTree")
        self.tr_text(self.tree.setAccessibleName, "ui.catalogue.tree.accessible")
        self.tree.setModel(self.proxy)
        self.tree.setIndentation(14)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_IN_USE, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)
        self.tree.toggleRequested.connect(self._toggle_current)
        self.tree.typed.connect(self._type_into_search)
        keyboard_view(self.tree, self.remove_user_vendor)
        column.addWidget(self.tree, 1)
        self.no_match = hint("")
        self.no_match.setTextFormat(Qt.TextFormat.PlainText)  # it repeats what the user typed
        self.no_match.hide()
        column.addWidget(self.no_match)
        self.add_button = push_button()
        self.tr_text(self.add_button.setText, "ui.catalogue.add_vendor")
        self.add_button.setObjectName("addUserVendor")
        self.tr_text(self.add_button.setToolTip, "ui.catalogue.add_vendor.tip")
        self.add_button.clicked.connect(self.add_user_service)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        column.addLayout(row)
        return panel

    def _build_detail(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(12, 6, 0, 0)
        column.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("serviceTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # names are data, never markup
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold(self.title, 1.25)
        column.addWidget(self.title)
        self.subtitle = hint("")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.subtitle)
        # The use box and the changes to review scroll on their own when a small (or 150 %-scaled) screen has no
        # room for all of them above the service's facts; with room they take just their height.
        self.actions = FitScrollArea()
        self.actions.setObjectName("serviceActions")
        # Not a Tab stop of its own (it has nothing to say): Tab goes to its controls, and focusing one scrolls to it
        self.actions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        actions = QWidget()
        actions_column = QVBoxLayout(actions)
        actions_column.setContentsMargins(0, 0, 0, 0)
        actions_column.setSpacing(6)
        self.actions.setWidget(actions)
        column.addWidget(self.actions)

        self.use_box = QFrame()
        self.use_box.setObjectName("useBox")
        self.use_box.setProperty("inUse", False)
        self.use_box.setStyleSheet(USE_BOX_STYLE)
        box = QVBoxLayout(self.use_box)
        box.setContentsMargins(12, 8, 12, 8)
        box.setSpacing(4)
        top = QHBoxLayout()
        self.use = QCheckBox()
        self.tr_text(self.use.setText, "ui.catalogue.use")
        self.use.setObjectName("useToggle")
        self.tr_text(lambda text: self.use.setAccessibleName(text.replace("&", "")), "ui.catalogue.use")
        self.tr_text(self.use.setToolTip, "ui.catalogue.use.tip")
        bold(self.use, 1.1)
        self.use.clicked.connect(self._use_clicked)
        top.addWidget(self.use)
        top.addStretch(1)
        self.edit_button = push_button()
        self.tr_text(self.edit_button.setText, "ui.catalogue.edit")
        self.edit_button.setObjectName("editUserService")
        self.edit_button.clicked.connect(self.edit_user_service)
        top.addWidget(self.edit_button)
        box.addLayout(top)
        self.use_hint = hint("")
        self.use_hint.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.use_hint)
        self.supports = QLabel()
        self.supports.setObjectName("supportsActivities")
        self.supports.setWordWrap(True)
        self.supports.setTextFormat(Qt.TextFormat.RichText)
        self.supports.linkActivated.connect(self._open_link)
        box.addWidget(self.supports)
        self.checklist = ActivityChecklist(self.set_linked, self.new_activity_for_service)
        self.session.hub.languageChanged.connect(self.checklist.retranslate_to)  # its texts follow the language
        box.addWidget(self.checklist)
        self.dpa_row = QWidget()
        dpa_layout = QHBoxLayout(self.dpa_row)
        dpa_layout.setContentsMargins(0, 0, 0, 0)
        self.dpa_label = QLabel()
        self.tr_text(self.dpa_label.setText, "ui.catalogue.dpa.label")
        self.dpa = QLineEdit()
        self.dpa.setObjectName("dpaReference")
        self.tr_text(self.dpa.setAccessibleName, "ui.catalogue.dpa.label")
        self.tr_text(self.dpa.setPlaceholderText, "ui.catalogue.dpa.placeholder")
        self.tr_text(self.dpa.setToolTip, "ui.catalogue.dpa.tip")
        self.dpa_label.setBuddy(self.dpa)
        self.dpa.editingFinished.connect(self._save_dpa)
        dpa_layout.addWidget(self.dpa_label)
        dpa_layout.addWidget(self.dpa, 1)
        box.addWidget(self.dpa_row)
        self.dpa_key: str | None = None
        actions_column.addWidget(self.use_box)

        self.change_box = QFrame()
        self.change_box.setObjectName("catalogueChange")
        self.change_box.setStyleSheet(CHANGE_BOX_STYLE)
        change = QVBoxLayout(self.change_box)
        change.setContentsMargins(12, 8, 12, 8)
        self.change_text = QLabel()
        self.change_text.setObjectName("changeText")
        self.change_text.setWordWrap(True)
        self.change_text.setTextFormat(Qt.TextFormat.RichText)
        self.change_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        change.addWidget(self.change_text)
        self.review_button = push_button()
        self.tr_text(self.review_button.setText, "ui.catalogue.change.reviewed")
        self.review_button.setObjectName("markReviewed")
        self.review_button.clicked.connect(self.mark_reviewed)
        row = QHBoxLayout()
        row.addWidget(self.review_button)
        row.addStretch(1)
        change.addLayout(row)
        actions_column.addWidget(self.change_box)

        self.detail = QTextBrowser()
        self.detail.setObjectName("serviceDetail")
        self.tr_text(self.detail.setAccessibleName, "ui.catalogue.detail.accessible")
        self.detail.setOpenLinks(False)
        self.detail.document().setDefaultStyleSheet(DETAIL_CSS)
        self.detail.document().setIndentWidth(18)
        self.detail.anchorClicked.connect(lambda url: self._open_link(url.toString()))
        column.addWidget(self.detail, 1)
        return panel

    # --- refreshing ---------------------------------------------------------------------------------------
    def retranslated(self) -> None:
        self.model._set_headers()
        self._catalogue = None  # the tree's marks («✓ I bruk», «2 av 11») are made again, the selection kept
        self._shown = None
        self.refresh()
        if self.search.text().strip():
            self.no_match.setText(tr("ui.catalogue.no_match", text=self.search.text().strip()))

    def _file_opened(self) -> None:
        self._catalogue = None
        self.mark_stale()

    def refresh(self) -> None:
        self.refreshed()
        store = self.session.store
        if store is None:
            return
        catalogue = store.catalogue()
        if catalogue is not self._catalogue:
            self._rebuild(catalogue)
        self._adopted = {r["service_key"]: r for r in store.adopted_services()}
        self._changes = store.catalogue_changes()
        self.model.set_marks(set(self._adopted), {c["service_key"] for c in self._changes})
        self._show_detail()

    def _rebuild(self, catalogue: Catalogue) -> None:
        store = self.session.store
        keep = self._key or _remembered["key"]
        scroll = self.tree.verticalScrollBar().value()
        self._catalogue = catalogue
        self._origins = {s.key: store.service_origin(s.key) for s in catalogue.services}
        user_vendors = {s.vendor for s in catalogue.services if self._origins[s.key] == "user"}
        self.model.rebuild(catalogue, user_vendors)
        self.tree.expandAll()
        if not (keep and self.model.index_of(keep).isValid()):
            keys = self.model.service_keys()
            keep = keys[0] if keys else None
        self._key = None
        if keep:
            self.select(keep, scroll_to=False)
        self.tree.verticalScrollBar().setValue(scroll)

    # --- selection ----------------------------------------------------------------------------------------
    def select(self, key: str, scroll_to: bool = True) -> bool:
        """Select a service (or vendor) by key, clearing the search when it hides it."""
        source = self.model.index_of(key)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.search.clear()
            index = self.proxy.mapFromSource(source)
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if scroll_to:
            self.tree.scrollTo(index)
        if self._key != key:  # setCurrentIndex does not signal when the row was already current
            self._set_current(key, source.data(KIND_ROLE))
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            source = self.proxy.mapToSource(current.siblingAtColumn(COL_NAME))
            self._set_current(source.data(KEY_ROLE), source.data(KIND_ROLE))

    def _set_current(self, key: str, kind: str) -> None:
        if key == self._key:
            return
        self._save_dpa()  # a reference typed for the previous service is kept, whatever took the focus
        self._key, self._kind = key, kind
        _remembered["key"] = key
        self._show_detail()

    def selected_key(self) -> str | None:
        return self._key

    # --- the detail pane ----------------------------------------------------------------------------------
    def _show_detail(self) -> None:
        catalogue, key = self._catalogue, self._key
        if catalogue is None or not key:
            self._show_empty()
            return
        if self._kind in SERVICE_KINDS and catalogue.has(key):
            self._show_service(catalogue, key)
        else:
            vendor = next((v for v in catalogue.vendors if v.id == key), None)
            if vendor is None:
                self._show_empty()
                return
            self.title.setText(vendor.name)
            self.subtitle.setText(tr("ui.catalogue.vendor.subtitle", count=len(vendor.services)))
            self.use_box.hide()
            self.change_box.hide()
            origin = "user" if vendor.services and self._origins.get(vendor.services[0].key) == "user" else "shipped"
            self._set_html(key, vendor_html(catalogue, vendor, origin))

    def _show_empty(self) -> None:
        self.title.setText(tr("ui.nav.catalogue"))
        self.subtitle.setText(tr("ui.catalogue.select_hint"))
        self.use_box.hide()
        self.change_box.hide()
        self._set_html(None, "")

    def _set_html(self, key: str | None, text: str) -> None:
        bar = self.detail.verticalScrollBar()
        position = bar.value() if key == self._shown else 0
        self.detail.setHtml(text)
        bar.setValue(position)
        self._shown = key

    def _show_service(self, catalogue: Catalogue, key: str) -> None:
        service = catalogue.service(key)
        resolved = catalogue.resolved(key)
        vendor = next((v for v in catalogue.vendors if v.id == service.vendor), None)
        base = catalogue.service(service.parent) if service.parent and catalogue.has(service.parent) else None
        origin = self._origins.get(key, "")
        self.title.setText(service.name)
        parts = [vendor.name if vendor else service.vendor]
        parts.append(tr("ui.catalogue.addon_of", base=base.name) if base
                     else tr(f"enum.role.{resolved.role}") if resolved.role else "")
        if origin == "user":
            parts.append(tr("ui.catalogue.user.origin"))
        self.subtitle.setText(" · ".join(p for p in parts if p))

        adopted = key in self._adopted
        self.use_box.show()
        if self.use_box.property("inUse") != adopted:
            self.use_box.setProperty("inUse", adopted)
            self.use_box.style().unpolish(self.use_box)
            self.use_box.style().polish(self.use_box)
            self.use_box.update()
        self.use.setChecked(adopted)
        self.edit_button.setVisible(origin == "user")
        self.use_hint.setText(self._use_hint(catalogue, key, adopted))
        self.supports.setVisible(adopted)
        independent = resolved.role == "independent_controller"
        self.dpa_row.setVisible(adopted and not independent)
        if adopted:
            self.supports.setText(self._supports_text(key, independent))
            if self.dpa_key != key or not (self.dpa.hasFocus() and self.dpa.isModified()):
                self.dpa.setText(self._adopted[key].get("dpa_reference", ""))
                self.dpa.setModified(False)
            self.dpa_key = key
        else:
            self.dpa_key = None
        self.checklist.set_service(key, self._file_activities(),
                                   set(self.session.store.activities_of_service(key)) if adopted else set())
        self._show_changes(key)
        self.actions.content_changed()
        self._set_html(key, service_html(catalogue, key, origin))

    def _use_hint(self, catalogue: Catalogue, key: str, adopted: bool) -> str:
        service = catalogue.service(key)
        lines = []
        if service.parent and catalogue.has(service.parent):
            lines.append(tr("ui.catalogue.use.addon_hint", base=catalogue.service(service.parent).name))
        addons = catalogue.addons(key)
        if addons:  # in use: what stopping does; not in use: what the add-ons need
            lines.append(tr("ui.catalogue.use.base_hint" if adopted else "ui.catalogue.use.base_hint_unused",
                            count=len(addons)))
        if not adopted:
            lines.append(tr("ui.catalogue.use.lands_in", activity=self._landing_title(catalogue, key)))
        lines.append(tr("ui.catalogue.use.undo"))
        return " ".join(lines)

    def _landing_title(self, catalogue: Catalogue, key: str) -> str:
        """The processing activity adopting ``key`` would put it in (as the core decides: base, template)."""
        store = self.session.store
        service = catalogue.service(key)
        if service.parent and store.is_adopted(service.parent):
            linked = store.activities_of_service(service.parent)
            if linked:
                return store.activity(linked[0])["title"]
        if not any(a.key == service.activity for a in catalogue.activities):
            return service.name  # an own service without a template: an activity named after it (the core's rule)
        existing = store.activity_by_template(service.activity)
        if existing:
            return store.activity(existing)["title"]
        return catalogue.activity(service.activity).title(current())

    def _supports_text(self, key: str, independent: bool) -> str:
        store = self.session.store
        ids = store.activities_of_service(key)
        shown = ids[:SUPPORTS_NAMED]  # the rest are ticked in the checklist under it
        links = ", ".join(f'<a href="activity:{i}">{esc(store.activity(i)["title"] or "?")}</a>' for i in shown)
        if len(ids) > len(shown):
            links += " " + esc(tr("ui.catalogue.supports_more", count=len(ids) - len(shown)))
        text = (esc(tr("ui.catalogue.supports", activities="\x00")).replace("\x00", links) if ids
                else esc(tr("ui.catalogue.supports_none")))
        if independent:
            text += "<br>" + esc(tr("ui.catalogue.dpa.independent"))
        return text

    def _show_changes(self, key: str) -> None:
        changes = [c for c in self._changes if c["service_key"] == key]
        self.change_box.setVisible(bool(changes))
        if not changes:
            return
        from ropa_app.dates import format_datetime

        parts = []
        for change in changes:
            parts.append("<b>" + esc(tr("ui.catalogue.change.title", old=change["from_version"] or "?",
                                        new=change["to_version"],
                                        date=format_datetime(change["detected"], current()))) + "</b>")
            parts.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in change_lines(change)) + "</ul>")
        parts.append(esc(tr("ui.catalogue.change.review_hint")))
        self.change_text.setText("".join(parts))

    def _open_link(self, link: str) -> None:
        kind, _, value = link.partition(":")
        if kind == "service":
            self.select(value)
        elif kind == "activity" and value.isdigit():
            self.session.hub.navigateRequested.emit("activities", int(value), "")

    # --- edits --------------------------------------------------------------------------------------------
    def _use_clicked(self, checked: bool) -> None:
        if self._key and self._kind in SERVICE_KINDS:
            self.set_in_use(self._key, checked)

    def _toggle_current(self) -> None:
        if self._key and self._kind in SERVICE_KINDS and self.session.store:
            self.set_in_use(self._key, not self.session.store.is_adopted(self._key))

    def set_in_use(self, key: str, use: bool) -> bool:
        """Adopt (an add-on brings its base) or drop (a base takes its add-ons) ``key``, as an undoable edit."""
        store = self.session.store
        catalogue = store.catalogue()
        service = catalogue.service(key)
        if use == store.is_adopted(key):
            self._show_detail()
            return False
        if use:
            base = catalogue.service(service.parent) if service.parent and not store.is_adopted(service.parent) \
                else None
            done = self.session.push(AdoptServices(self.session, [key]))
            titles = ", ".join(store.activity(i)["title"] for i in store.activities_of_service(key))
            message = tr("ui.catalogue.status.adopted_with_base", service=service.name, base=base.name,
                         activity=titles) if base else \
                tr("ui.catalogue.status.adopted", service=service.name, activity=titles)
        else:
            addons = [a.name for a in catalogue.addons(key) if store.is_adopted(a.key)]
            done = self.session.push(DropServices(self.session, [key]))
            message = tr("ui.catalogue.status.dropped_addons", service=service.name, addons=", ".join(addons)) \
                if addons else tr("ui.catalogue.status.dropped", service=service.name)
        if done:
            self._status(message)
        self.refresh()
        return done

    def _save_dpa(self) -> None:
        key = self.dpa_key
        store = self.session.store
        if not key or store is None or not self.dpa.isModified():
            return
        self.dpa.setModified(False)
        text = self.dpa.text().strip()
        rows = [r for r in store.adopted_services() if r["service_key"] == key]
        if rows and rows[0]["dpa_reference"] != text:
            self.session.push(SetDpaReference(self.session, key, text))

    def mark_reviewed(self) -> None:
        store = self.session.store
        key = self._key
        ids = [c["id"] for c in self._changes if c["service_key"] == key]
        if not ids:
            return

        def acknowledge() -> None:
            for change_id in ids:
                store.acknowledge_catalogue_change(change_id)

        self.session.run(acknowledge, "servicesChanged")
        self._status(tr("ui.catalogue.status.reviewed", service=store.catalogue().service(key).name))

    # --- which activities a service supports -------------------------------------------------------------
    def set_linked(self, key: str, activity_id: int, linked: bool) -> bool:
        """Tick or untick an activity in the service's checklist: an undoable link or unlink."""
        store = self.session.store
        if store is None or linked == (store.is_adopted(key) and activity_id in store.activities_of_service(key)):
            return False
        command = (LinkService if linked else UnlinkService)(self.session, key, activity_id)
        done = self.session.push(command)
        if done:
            self._status(tr("ui.catalogue.status.linked" if linked else "ui.catalogue.status.unlinked",
                            service=command.service, activity=command.title))
        self.refresh()
        return done

    def new_activity_for_service(self, key: str) -> int | None:
        """"New activity …": ask its title, make it, and let the service support it (one undo step)."""
        from PySide6.QtWidgets import QInputDialog

        store = self.session.store
        if store is None:
            return None
        title, ok = QInputDialog.getText(self, tr("ui.activities.add_title"), tr("ui.activities.add_label"),
                                         text=store.catalogue().service(key).name)
        if not ok or not title.strip():
            return None
        stack = self.session.undo_stack
        stack.beginMacro(tr("ui.undo.new_activity_for", title=title.strip()))
        try:
            add = AddActivity(self.session, title.strip())
            if not self.session.push(add) or add.activity_id is None:
                return None
            self.session.push(LinkService(self.session, key, add.activity_id))
        finally:
            stack.endMacro()
        self.refresh()
        self._status(tr("ui.catalogue.status.linked", service=store.catalogue().service(key).name,
                        activity=title.strip()))
        return add.activity_id

    def _file_activities(self) -> list[tuple[int, str]]:
        """(id, title) of the file's activities, from the kept register (no 2,000 rows decoded per click)."""
        return [(e.id, e.title) for e in self.session.register().entries]

    def add_user_service(self) -> None:
        if not self.session.store:
            return
        values, accepted = UserServiceDialog.get_values(self, None, self._file_activities())
        if accepted:
            self.save_user_service(values)

    def edit_user_service(self) -> None:
        store = self.session.store
        key = self._key
        if not store or not key or store.service_origin(key) != "user":
            return
        catalogue = store.catalogue()
        values, accepted = UserServiceDialog.get_values(self, values_from_service(catalogue, key),
                                                        self._file_activities(), editing=True)
        if accepted:
            self.save_user_service(values, existing_key=key)

    def save_user_service(self, values: dict[str, str], existing_key: str | None = None) -> str | None:
        """Store the company's own vendor service; returns its key, or None when it was refused."""
        store = self.session.store
        try:
            vendor, service = build_user_service(values, store.catalogue(), existing_key)
        except InvalidEntry as exc:
            self.session.show_error(str(exc))
            return None
        self._key, self._kind = service.key, "service"  # the rebuild selects the new service
        activity_id = values.get("activity") if not existing_key else None
        stack = self.session.undo_stack
        if activity_id is not None:  # saving and linking are one step to undo
            stack.beginMacro(tr("ui.undo.add_user_service", name=f"{vendor.name}: {service.name}"))
        try:
            self.session.push(SaveUserService(self.session, vendor, service))  # undoable, as every edit
            if activity_id is not None and store.catalogue().has(service.key):
                self.session.push(LinkService(self.session, service.key, activity_id))
        finally:
            if activity_id is not None:
                stack.endMacro()
        if not store.catalogue().has(service.key):
            return None
        self.refresh()
        self.select(service.key)
        if activity_id is not None and activity_id in store.activities_of_service(service.key):
            self._status(tr("ui.catalogue.status.user_saved_linked", service=service.name, vendor=vendor.name,
                            activity=store.activity(activity_id)["title"]))
        else:
            self._status(tr("ui.catalogue.status.user_saved", service=service.name, vendor=vendor.name))
        return service.key

    def _status(self, message: str) -> None:
        self.session.hub.statusMessage.emit(message)
        if hasattr(self.window_, "statusBar"):
            self.window_.statusBar().showMessage(message, 10000)

    # --- keyboard and navigation --------------------------------------------------------------------------
    def _filter(self, text: str) -> None:
        self.proxy.set_query(text)
        self.tree.expandAll()
        visible = self._visible_service_keys()
        self.no_match.setVisible(bool(text.strip()) and not visible)
        self.no_match.setText(tr("ui.catalogue.no_match", text=text.strip()))
        if visible and self._key not in visible:
            self.select(visible[0], scroll_to=True)

    def _visible_service_keys(self) -> list[str]:
        keys = []
        for key in self.model.service_keys():
            if self.proxy.mapFromSource(self.model.index_of(key)).isValid():
                keys.append(key)
        return keys

    def remove_user_vendor(self) -> bool:
        """Delete on the company's own vendor (or one of its services): remove it after asking, undoably."""
        store, key = self.session.store, self._key
        if store is None or not key or self._catalogue is None:
            return False
        catalogue = self._catalogue
        if self._kind in SERVICE_KINDS:
            keys = [key] if self._origins.get(key) == "user" else []
        else:
            keys = [s.key for s in catalogue.services if s.vendor == key and self._origins.get(s.key) == "user"]
        if not keys:
            return False
        command = RemoveUserServices(self.session, keys)
        used = sorted({i for k in keys if store.is_adopted(k) for i in store.activities_of_service(k)})
        in_use = tr("ui.confirm.in_use_activities", count=len(used),
                    titles=", ".join(f"«{store.activity(i)['title']}»" for i in used)) if used else \
            tr("ui.confirm.in_use") if any(store.is_adopted(k) for k in keys) else ""
        if not confirm(self, tr("ui.confirm.remove_user_service", name=command.name, in_use=in_use)):
            return False
        self._key = None
        if not self.session.push(command):
            return False
        self.refresh()
        self._status(tr("ui.catalogue.status.user_removed", name=command.name))
        return True

    def focus_filter(self) -> None:
        self._focus_search()

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _leave_search(self) -> None:
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.tree.currentIndex().isValid():
            visible = self._visible_service_keys()
            if visible:
                self.select(visible[0])

    def _type_into_search(self, text: str) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.end(False)
        self.search.insert(text)

    def focus_field(self, _activity_id, field: str) -> None:
        """From a gap: ``field`` is a service key (its DPA reference), or "" for a catalogue change to review."""
        if self._stale or self._catalogue is None:
            self.refresh()
        if field:
            if not self.select(field):
                return
            target = self.dpa if self.dpa_row.isVisibleTo(self) else self.use
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            if target is self.dpa:
                self.dpa.selectAll()
            return
        changed = {c["service_key"] for c in self._changes}
        keys = [k for k in self.model.service_keys() if k in changed]
        if keys and self.select(keys[0]):
            self.review_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not keys:
            self._focus_search()  # nothing to review: start by finding the services the company uses
