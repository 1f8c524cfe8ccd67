"""The main window: a sidebar of pages over one open ROPA file, the File/Edit/View menus, and the status bar."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from ropa_app.errors import RopaError
from ropa_app.paths import resource_path
from ui import settings
from ui.hub import SignalHub
from ui.i18n import current, set_language, tr
from ui.session import Session

FILE_FILTER_KEY = "ui.file.filter"
PAGE_KEYS = ("overview", "organisation", "catalogue", "activities", "changelog")
PAGE_CLASSES = {"overview": ("ui.pages.overview", "OverviewPage"),
                "organisation": ("ui.pages.organisation", "OrganisationPage"),
                "catalogue": ("ui.pages.catalogue", "CataloguePage"),
                "activities": ("ui.pages.activities", "ActivitiesPage"),
                "changelog": ("ui.pages.changelog", "ChangeLogPage")}


def icon(name: str) -> QIcon:
    return QIcon(str(resource_path("icons", f"{name}.svg")))


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None) -> None:
        super().__init__()
        self.hub = session.hub if session else SignalHub()
        self.session = session or Session(self.hub, self.show_error)
        self.session.show_error = self.show_error
        self.setWindowIcon(icon("app"))
        self.resize(1280, 800)
        self.setMinimumSize(QSize(900, 600))
        self.pages: dict[str, QWidget] = {}
        self._build()
        self.hub.fileOpened.connect(self._file_opened)
        self.hub.registerChanged.connect(self._update_status)
        self.hub.organisationChanged.connect(self._update_title)
        self.hub.navigateRequested.connect(self.navigate)
        self.hub.statusMessage.connect(self._show_status)
        self.session.undo_stack.indexChanged.connect(self._on_undo_index)

    # --- construction (rebuilt when the language changes) -------------------------------------------------
    def _build(self) -> None:
        self.menuBar().clear()
        self._build_menus()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(tr("ui.nav.accessible"))
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(210)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        for page in self.pages.values():
            page.deleteLater()
        self.pages = {}
        for key in PAGE_KEYS:
            self.stack.addWidget(QWidget())  # the page itself is built the first time it is shown: fast start
            item = QListWidgetItem(icon(key), tr(f"ui.nav.{key}"))
            item.setSizeHint(QSize(200, 40))
            item.setToolTip(tr(f"ui.nav.{key}.tip"))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._select_row)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.setCurrentRow(0)
        self.status_label = QLabel()
        self.status_label.setObjectName("gapStatus")
        self.statusBar().addPermanentWidget(self.status_label)
        self._update_title()
        self._update_status()

    def page(self, key: str) -> QWidget:
        """The page for ``key``, built on first use."""
        if key not in self.pages:
            import importlib

            module_name, class_name = PAGE_CLASSES[key]
            page = getattr(importlib.import_module(module_name), class_name)(self.session, self)
            index = PAGE_KEYS.index(key)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[key] = page
        return self.pages[key]

    def _select_row(self, row: int) -> None:
        if row >= 0:
            self.page(PAGE_KEYS[row])
            self.stack.setCurrentIndex(row)

    def _action(self, key: str, slot, shortcut=None, icon_name: str | None = None) -> QAction:
        action = QAction(tr(key), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("ui.menu.file"))
        file_menu.addAction(self._action("ui.menu.new", self.new_file, QKeySequence.StandardKey.New))
        file_menu.addAction(self._action("ui.menu.open", self.open_file_dialog, QKeySequence.StandardKey.Open))
        self.recent_menu = file_menu.addMenu(tr("ui.menu.recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addAction(self._action("ui.menu.save_copy", self.save_copy, QKeySequence("Ctrl+Shift+S")))
        file_menu.addSeparator()
        file_menu.addAction(self._action("ui.menu.export", self.export_dialog, QKeySequence("Ctrl+E"), "export"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("ui.menu.quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = bar.addMenu(tr("ui.menu.edit"))
        undo = self.session.undo_stack.createUndoAction(self, tr("ui.menu.undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.session.undo_stack.createRedoAction(self, tr("ui.menu.redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.undo_action, self.redo_action = undo, redo
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)

        view_menu = bar.addMenu(tr("ui.menu.view"))
        for i, key in enumerate(PAGE_KEYS):
            view_menu.addAction(self._action(f"ui.nav.{key}", lambda _=False, k=key: self.show_page(k),
                                             QKeySequence(f"Ctrl+{i + 1}")))
        view_menu.addSeparator()
        lang_menu = view_menu.addMenu(tr("ui.menu.language"))
        for lang in ("nb", "en"):
            action = self._action(f"ui.language.{lang}", lambda _=False, lang_=lang: self.change_language(lang_))
            action.setCheckable(True)
            action.setChecked(current() == lang)
            lang_menu.addAction(action)

        help_menu = bar.addMenu(tr("ui.menu.help"))
        help_menu.addAction(self._action("ui.menu.open_data_folder", self.open_data_folder))
        help_menu.addAction(self._action("ui.menu.about", self.about))

    # --- pages --------------------------------------------------------------------------------------------
    def show_page(self, key: str) -> QWidget:
        self.nav.setCurrentRow(PAGE_KEYS.index(key))
        return self.page(key)

    def navigate(self, page: str, activity_id, field: str) -> None:
        """Go to the page, activity and field a gap concerns."""
        target = self.show_page(page)
        if hasattr(target, "focus_field"):
            target.focus_field(activity_id, field)

    # --- files --------------------------------------------------------------------------------------------
    def open_path(self, path: Path, create: bool = False) -> bool:
        if self.session.open(Path(path), create=create):
            settings.remember_file(Path(path))
            return True
        return False

    def _file_filter(self) -> str:
        return tr(FILE_FILTER_KEY)

    def new_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, tr("ui.dialog.new_title"), str(self._default_folder()),
                                              self._file_filter())
        if name:
            path = Path(name) if name.endswith(".ropa") else Path(name + ".ropa")
            if path.exists():
                self.show_error(tr("error.file_exists", path=str(path)))
                return
            self.open_path(path, create=True)

    def open_file_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("ui.dialog.open_title"), str(self._default_folder()),
                                              self._file_filter())
        if name:
            self.open_path(Path(name))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = settings.recent_files()
        if not files:
            empty = self.recent_menu.addAction(tr("ui.menu.recent_empty"))
            empty.setEnabled(False)
        for path in files:
            self.recent_menu.addAction(path.name, lambda p=path: self.open_path(p)).setToolTip(str(path))

    def save_copy(self) -> None:
        if not self.session.store:
            return
        name, _ = QFileDialog.getSaveFileName(self, tr("ui.dialog.save_copy_title"),
                                              str(self._default_folder() / f"kopi-{self.session.path.name}"),
                                              self._file_filter())
        if not name:
            return
        target = Path(name) if name.endswith(".ropa") else Path(name + ".ropa")
        if target.resolve() == self.session.path.resolve():
            self.show_error(tr("ui.error.copy_onto_itself"))
            return
        try:
            self.session.store.save_copy(target)
        except RopaError as exc:
            self.show_error(exc.message(current()))
            return
        self.hub.statusMessage.emit(tr("ui.status.copy_saved", path=str(target)))

    def _default_folder(self) -> Path:
        return self.session.path.parent if self.session.path else Path.home()

    def export_dialog(self) -> None:
        from ui.export_dialog import ExportDialog

        if self.session.store:
            ExportDialog(self.session, self).exec()

    def open_data_folder(self) -> None:
        from ropa_app.paths import data_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir())))

    def about(self) -> None:
        from ropa_app import __version__

        QMessageBox.about(self, tr("ui.menu.about"), tr("ui.about.text", version=__version__))

    # --- language -----------------------------------------------------------------------------------------
    def change_language(self, lang: str) -> None:
        current_row = self.nav.currentRow()
        set_language(lang)
        settings.set_language(lang)
        self._build()
        self.nav.setCurrentRow(current_row)
        self.hub.languageChanged.emit(lang)

    # --- status -------------------------------------------------------------------------------------------
    def _file_opened(self) -> None:
        self._update_title()

    def _on_undo_index(self, _index: int) -> None:
        self._update_title()

    def _update_title(self) -> None:
        if not self.session.store:
            self.setWindowTitle("ROPA")
            return
        org = self.session.store.organisation()["name"] or tr("ui.title.no_name")
        self.setWindowTitle(f"{org} – {self.session.path.name} – ROPA")

    def _update_status(self) -> None:
        if not self.session.store or not hasattr(self, "status_label"):
            return
        register = self.session.register()
        counts = {s: sum(g.severity == s for g in register.gaps) for s in ("mandatory", "warning", "notice")}
        self.status_label.setText(tr("ui.status.gaps", **counts))

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, tr("ui.dialog.error_title"), message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()  # a field being typed in saves itself on focus-out, before the file closes
        settings.settings().setValue("geometry", self.saveGeometry())
        self.session.close()
        event.accept()

