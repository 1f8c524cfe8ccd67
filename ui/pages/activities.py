"""Behandlinger: the processing activities as a filterable table, and the editor of the selected one.

The table's rows are rebuilt only when the register changes (never per keystroke in the filter), updated in place
so the selection stays; the editor (ui.pages.activity_editor) saves every edit as one undoable command.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.commands import AddActivity, AddActivityFromTemplate, RemoveActivity
from ui.i18n import current, tr
from ui.pages import Retranslatable, confirm, heading, hint, keyboard_view, may_leave, push_button
from ui.pages.activity_editor import ActivityEditor
from ui.pages.activity_table import (
    COL_GAPS,
    COL_ID,
    COL_SERVICES,
    COL_STATUS,
    COL_TITLE,
    COL_UPDATED,
    ID_ROLE,
    ActivityFilter,
    ActivityTableModel,
    activity_rows,
)

TITLE_CHARS = 28
OPTIONAL_COLUMNS = (COL_UPDATED, COL_SERVICES, COL_STATUS)  # hidden in this order when the list is narrow


class ActivitiesPage(Retranslatable, QWidget):
    page_key = "activities"

    def __init__(self, session, window) -> None:
        super().__init__()
        self.session, self.window_ = session, window
        self._selecting = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter)

        left = QWidget()
        layout = self.left_layout = QVBoxLayout(left)
        layout.setContentsMargins(24, 18, 12, 18)
        title, explanation = heading(""), hint("")
        self.tr_text(title.setText, "ui.nav.activities")
        self.tr_text(explanation.setText, "ui.activities.hint")
        layout.addWidget(title)
        layout.addWidget(explanation)
        self.filter = QLineEdit()
        self.filter.setObjectName("activityFilter")
        self.tr_text(self.filter.setPlaceholderText, "ui.activities.filter")
        self.tr_text(self.filter.setAccessibleName, "ui.activities.filter")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)

        self.model = ActivityTableModel(self)
        self.proxy = ActivityFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("activityTable")
        self.tr_text(self.table.setAccessibleName, "ui.activities.table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        widths = {COL_ID: metrics.horizontalAdvance("0000") + 16,
                  COL_STATUS: metrics.horizontalAdvance(tr("enum.status.approved")) + 24,
                  COL_SERVICES: metrics.horizontalAdvance(tr("ui.activities.column.services")) + 24,
                  COL_GAPS: metrics.horizontalAdvance(tr("ui.activities.column.gaps")) + 24,
                  COL_UPDATED: max(metrics.horizontalAdvance("24.11.2026"),
                                   metrics.horizontalAdvance(tr("column.updated"))) + 24}
        self._widths = widths
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.table.viewport().installEventFilter(self)  # a narrow list hides its least needed columns
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        keyboard_view(self.table, self.remove_activity)
        layout.addWidget(self.table, 1)

        self.splitter.addWidget(left)

        self.editor = ActivityEditor(session)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([560, 600])
        # The buttons come last in the Tab order: filter → table → editor fields → buttons.
        buttons = QHBoxLayout()
        self.add_button = push_button()
        self.add_button.setObjectName("addActivity")
        self.tr_text(self.add_button.setText, "ui.activities.add")
        self.tr_text(self.add_button.setToolTip, "ui.activities.add_tip")
        self.add_button.clicked.connect(self.add_activity)
        self.remove_button = push_button()
        self.remove_button.setObjectName("removeActivity")
        self.tr_text(self.remove_button.setText, "ui.activities.remove")
        self.tr_text(self.remove_button.setToolTip, "ui.activities.remove_tip")
        self.remove_button.clicked.connect(self.remove_activity)
        self.template_button = push_button(tr("ui.activities.add_template"))
        self.template_button.setObjectName("addActivityFromTemplate")
        self.template_button.setToolTip(tr("ui.activities.add_template_tip"))
        self.template_button.clicked.connect(self.add_from_template)
        session.hub.languageChanged.connect(self._template_button_language)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        self.left_layout.addLayout(buttons)

        session.hub.registerChanged.connect(self.refresh)
        session.hub.fileOpened.connect(self._file_opened)
        if window is not None:
            window.installEventFilter(self)  # to save a half-typed text before the window closes the file
        self.refresh()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Close and watched is self.window_:
            self.editor.commit_pending()
        elif event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self.fit_columns()
        return False

    def fit_columns(self) -> None:
        """Keep the title readable: when the list is narrow (150 % scaling, a small laptop, the editor dragged
        wider), hide the last-changed, services and status columns in that order until the title column has room
        for about TITLE_CHARS characters. Their values are in each title's tooltip and in the editor."""
        table = self.table
        available = table.viewport().width()
        wanted = table.fontMetrics().averageCharWidth() * TITLE_CHARS
        shown = [c for c in range(self.model.columnCount()) if c != COL_TITLE]
        for column in OPTIONAL_COLUMNS:
            others = sum(table.columnWidth(c) if not table.isColumnHidden(c) else self._widths[c] for c in shown)
            if available - others >= wanted:
                break
            shown.remove(column)
        for column in OPTIONAL_COLUMNS:
            table.setColumnHidden(column, column not in shown)

    # --- rows and selection -------------------------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.proxy.data(index, ID_ROLE)

    def refresh(self) -> None:
        """Rebuild the rows from the register (keeping the selection), then the editor."""
        if not self.session.store:
            return
        keep = self.editor.activity_id
        position = self.table.selectionModel().currentIndex().row()
        self._selecting = True
        try:
            reset = self.model.update_rows(activity_rows(self.session.register(), current()))
        finally:
            self._selecting = False
        if reset or self.current_id() != keep:
            if keep is not None and self.model.row_of(keep) >= 0:
                self.select(keep)
            elif self.proxy.rowCount():  # the shown activity is gone: its neighbour takes its place
                self._select_row(min(max(position, 0), self.proxy.rowCount() - 1))
            else:
                self.editor.show_activity(None)
        self.editor.refresh()
        self.remove_button.setEnabled(self.editor.activity_id is not None)

    def _file_opened(self) -> None:
        self.filter.clear()
        self.editor.activity_id = None  # the ids belong to the previous file: do not save into the new one
        self.refresh()
        if self.editor.activity_id is None and self.proxy.rowCount():
            self._select_row(0)

    def _select_row(self, row: int) -> None:
        index = self.proxy.index(row, COL_TITLE)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def select(self, activity_id: int) -> bool:
        """Select an activity in the table (clearing a filter that hides it) and show it in the editor."""
        source_row = self.model.row_of(activity_id)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, COL_TITLE))
        if not index.isValid():
            self.filter.clear()
            index = self.proxy.mapFromSource(self.model.index(source_row, COL_TITLE))
        self._select_row(index.row())
        self.editor.show_activity(activity_id)
        return True

    def retranslated(self) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        self.editor.retranslate()
        self.refresh()  # the rows' status texts and dates

    def unsaved_invalid(self) -> list[tuple[str, QWidget]]:
        return self.editor.unsaved_invalid()

    def discard_invalid(self) -> None:
        self.editor.discard_invalid()

    def _current_changed(self, current, _previous) -> None:
        if self._selecting:
            return
        activity_id = self.proxy.data(current, ID_ROLE) if current.isValid() else None
        if activity_id is not None and activity_id != self.editor.activity_id and \
                not may_leave(self, self.unsaved_invalid(), self.discard_invalid):
            keep = self.editor.activity_id  # stay on the activity whose value is being corrected
            QTimer.singleShot(0, self, lambda: self.select(keep) if keep is not None else None)
            return
        if activity_id is not None:
            self.editor.show_activity(activity_id)
            self.remove_button.setEnabled(True)

    # --- buttons ------------------------------------------------------------------------------------------
    def add_activity(self) -> None:
        if not self.session.store:
            return
        title, ok = QInputDialog.getText(self, tr("ui.activities.add_title"), tr("ui.activities.add_label"))
        if not ok or not title.strip():
            return
        command = AddActivity(self.session, title.strip())
        if self.session.push(command) and command.activity_id is not None:
            self.select(command.activity_id)
            self.editor.focus_field("purpose")

    def _template_button_language(self, _lang: str = "") -> None:
        self.template_button.setText(tr("ui.activities.add_template"))
        self.template_button.setToolTip(tr("ui.activities.add_template_tip"))

    def add_from_template(self) -> int | None:
        """"New from template …": a starter activity named by the template; its values wait as proposals."""
        from ropa_app.starter import load_starter_templates

        if not self.session.store:
            return None
        templates = load_starter_templates().templates
        titles = [tpl.title(current()) for tpl in templates]
        title, ok = QInputDialog.getItem(self, tr("ui.activities.template.title"), tr("ui.activities.template.label"),
                                         titles, 0, False)
        if not ok or title not in titles:
            return None
        command = AddActivityFromTemplate(self.session, templates[titles.index(title)].key)
        if self.session.push(command) and command.activity_id is not None:
            self.select(command.activity_id)
            self.status(tr("ui.activities.added_from_template", title=title))
            return command.activity_id
        return None

    def remove_activity(self) -> None:
        activity_id = self.editor.activity_id
        if activity_id is None or not self.session.store:
            return
        title = self.session.store.activity(activity_id)["title"]
        if not confirm(self, tr("ui.confirm.remove_activity", title=title)):
            return
        if self.session.push(RemoveActivity(self.session, activity_id)):
            self.status(tr("ui.activities.removed", title=title))

    def status(self, text: str) -> None:
        self.session.hub.statusMessage.emit(text)
        self.window_.statusBar().showMessage(text, 10000)

    # --- navigation ---------------------------------------------------------------------------------------
    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def focus_field(self, activity_id, field: str) -> None:
        """Select ``activity_id`` and put the cursor in the editor of ``field`` (a gap's target)."""
        if activity_id is not None:
            self.select(int(activity_id))
        if field and field != "activities":
            self.editor.focus_field(field)
        elif activity_id is None:
            self.filter.setFocus(Qt.FocusReason.OtherFocusReason)
