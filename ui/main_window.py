"""The main window: a sidebar of pages over one open ROPA file, the File/Edit/View menus, and the status bar."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from ropa_app.errors import RopaError
from ropa_app.paths import resource_path
from ui import settings
from ui.hub import SignalHub
from ui.i18n import current, gap_counts, set_language, tr
from ui.pages import may_leave
from ui.session import Session

# What only the menus (made after the first paint, see fill_menus) and the dialogs use is imported where it is used:
# importing a Qt class makes its enums in Python, and the first screen is painted sooner without them.
if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent

FILE_FILTER_KEY = "ui.file.filter"
PAGE_KEYS = ("overview", "organisation", "catalogue", "activities", "changelog", "processor")  # Ctrl+1..6; the
# processor page last, so the shortcuts people know (Ctrl+5 for the change log) stay
DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(640, 440)  # 1366×768 at 150 % leaves about 910×480 logical pixels
PAGE_CLASSES = {"overview": ("ui.pages.overview", "OverviewPage"),
                "organisation": ("ui.pages.organisation", "OrganisationPage"),
                "catalogue": ("ui.pages.catalogue", "CataloguePage"),
                "activities": ("ui.pages.activities", "ActivitiesPage"),
                "processor": ("ui.pages.processor", "ProcessorPage"),
                "changelog": ("ui.pages.changelog", "ChangeLogPage")}


def fitted_size(wanted: QSize) -> QSize:
    """``wanted``, but never larger than the screen's available area (taskbar and scaling taken off)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    available = screen.availableGeometry()
    return QSize(min(wanted.width(), int(available.width() * 0.95)),
                 min(wanted.height(), int(available.height() * 0.92)))


def icon(name: str) -> QIcon:
    return QIcon(str(resource_path("icons", f"{name}.svg")))


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None) -> None:
        super().__init__()
        self.hub = session.hub if session else SignalHub()
        self.session = session or Session(self.hub, self.show_error)
        self.session.show_error = self.show_error
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(fitted_size(DEFAULT_SIZE))
        self.pages: dict[str, QWidget] = {}
        self._texts: list[tuple[object, str]] = []  # (menu or action, i18n key): retranslated in place
        self._lang = current()
        self._painted = False  # the first screen has been on screen: the open file's register may be read
        self.history_keys = None  # the undo keys' filter, made with the menus (see fill_menus)
        self._build()
        self.hub.fileOpened.connect(self._file_opened)
        self.hub.registerChanged.connect(self._update_status)
        self.hub.organisationChanged.connect(self._update_title)
        self.hub.organisationChanged.connect(self._update_processor_nav)
        self.hub.fileOpened.connect(self._update_processor_nav)
        self.hub.navigateRequested.connect(self.navigate)
        self.hub.statusMessage.connect(self._show_status)
        self.hub.historyApplied.connect(self._history_applied)
        self.session.undo_stack.indexChanged.connect(self._on_undo_index)

    # --- construction -------------------------------------------------------------------------------------
    def _build(self) -> None:
        # The first screen shows the menu bar's titles; what is in the menus is made once it has been painted
        # (see fill_menus): their actions and key sequences (which make Qt's namespace, see ui.pages) delayed the
        # first paint by some 20 ms.
        self.file_menu, self.edit_menu, self.view_menu, self.help_menu = (
            self._menu(f"ui.menu.{key}") for key in ("file", "edit", "view", "help"))
        self.recent_menu = self.undo_action = self.redo_action = self.find_action = None
        self.language_actions: dict[str, QAction] = {}
        self.page_actions: dict[str, QAction] = {}  # View → a page (Ctrl+1…6)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(190)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        for key in PAGE_KEYS:
            self.stack.addWidget(QWidget())  # the page itself is built the first time it is shown: fast start
            item = QListWidgetItem(icon(key), "")
            item.setSizeHint(QSize(180, 40))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._select_row)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status_label = QLabel()
        self.status_label.setObjectName("gapStatus")
        # room between a long message (cut by the bar) and the counts, which never touch it
        self.status_label.setContentsMargins(16, 0, 4, 0)
        self.statusBar().addPermanentWidget(self.status_label)
        self._retranslate_chrome()
        self.nav.item(PAGE_KEYS.index("processor")).setHidden(True)
        self.nav.setCurrentRow(0)

    def _retranslate_chrome(self) -> None:
        """The window's own texts (menus, navigation, status) in the current language, widgets kept."""
        for target, key in self._texts:
            if isinstance(target, QMenu):
                target.setTitle(tr(key))
            else:
                target.setText(tr(key))
        self.nav.setAccessibleName(tr("ui.nav.accessible"))
        for row, key in enumerate(PAGE_KEYS):
            item = self.nav.item(row)
            item.setText(tr(f"ui.nav.{key}"))
            item.setToolTip(tr(f"ui.nav.{key}.tip"))
        for lang, action in self.language_actions.items():
            action.setChecked(current() == lang)
        self._update_title()
        self._update_status()

    def _update_processor_nav(self) -> None:
        """«Som databehandler» is in the sidebar, and in the View menu with Ctrl+6, once the organisation says the
        company is a processor."""
        store = self.session.store
        shown = bool(store) and store.organisation().get("acts_as_processor") == "yes"
        self.nav.item(PAGE_KEYS.index("processor")).setHidden(not shown)
        action = self.page_actions.get("processor")
        if action is not None:  # a hidden action's shortcut does nothing; disabled too, to be sure of it
            action.setVisible(shown)
            action.setEnabled(shown)

    def page_hidden(self, key: str) -> bool:
        """The page is not offered (not in the sidebar): «Som databehandler» for a company that is no processor."""
        return self.nav.item(PAGE_KEYS.index(key)).isHidden()

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

    def _rebuild_page(self, key: str) -> None:
        index = PAGE_KEYS.index(key)
        shown = self.stack.currentIndex() == index
        old = self.pages.pop(key)
        self.stack.insertWidget(index, QWidget())
        self.stack.removeWidget(old)
        old.deleteLater()
        if shown:
            self.page(key)
            self.stack.setCurrentIndex(index)

    def may_leave_page(self) -> bool:
        """The page on screen may be left (another page, another file, closing): it holds no invalid value that
        is not saved, or the user chose to discard it (No puts the cursor in it)."""
        shown = self.stack.currentWidget()
        if not hasattr(shown, "unsaved_invalid"):
            return True
        return may_leave(self, shown.unsaved_invalid(), shown.discard_invalid)

    def _select_row(self, row: int) -> None:
        if row >= 0 and row != self.stack.currentIndex():
            if not self.may_leave_page():
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(self.stack.currentIndex())  # stay: the value is being corrected
                self.nav.blockSignals(False)
                return
        if row >= 0:
            self.page(PAGE_KEYS[row])
            self.stack.setCurrentIndex(row)

    def _action(self, key: str, slot, shortcut=None, icon_name: str | None = None) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(tr(key), self)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, (list, tuple)) else [QKeySequence(shortcut)]
            action.setShortcuts(list(shortcuts))  # (an action's shortcut works in its whole window)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(slot)
        self.addAction(action)  # the shortcut works wherever the focus is in the window, menu bar or not
        self._texts.append((action, key))
        return action

    def _menu(self, key: str):
        menu = self.menuBar().addMenu(tr(key))
        self._texts.append((menu, key))
        return menu

    def _make_history_actions(self) -> None:
        """Undo and redo from the stack; their texts follow it («Angre formål i «Lønn og personal»»), so they are
        made again when the language changes (the stack keeps the prefix it was given)."""
        from ui.shortcuts import REDO_KEYS, UNDO_KEYS

        stack = self.session.undo_stack
        first = next((a for a in self.edit_menu.actions() if a not in (self.undo_action, self.redo_action)), None)
        for old in (self.undo_action, self.redo_action):
            if old is not None:
                self.edit_menu.removeAction(old)
                self.removeAction(old)
                old.deleteLater()
        self.undo_action = stack.createUndoAction(self, tr("ui.menu.undo"))
        self.redo_action = stack.createRedoAction(self, tr("ui.menu.redo"))
        for action, keys in ((self.undo_action, UNDO_KEYS), (self.redo_action, REDO_KEYS)):
            action.setShortcuts(list(keys))
            self.addAction(action)
            if first is not None:
                self.edit_menu.insertAction(first, action)
            else:
                self.edit_menu.addAction(action)

    def fill_menus(self) -> None:
        """The menus' actions and their shortcuts (Ctrl+O, Ctrl+Z, Ctrl+1 …): made right after the first paint, before
        a key can reach the window; by anyone who needs them sooner (tests, a window never shown). Once."""
        if self.find_action is not None:
            return
        from PySide6.QtGui import QKeySequence

        from ui.shortcuts import HistoryKeys

        self.history_keys = HistoryKeys(self)  # Ctrl+Z in a text field: its own typing first, then the history
        file_menu = self.file_menu
        file_menu.addAction(self._action("ui.menu.new", self.new_file, QKeySequence.StandardKey.New))
        file_menu.addAction(self._action("ui.menu.open", self.open_file_dialog, QKeySequence.StandardKey.Open))
        self.recent_menu = file_menu.addMenu(tr("ui.menu.recent"))
        self._texts.append((self.recent_menu, "ui.menu.recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addAction(self._action("ui.menu.save", self.save, QKeySequence.StandardKey.Save))
        file_menu.addAction(self._action("ui.menu.save_copy", self.save_copy, QKeySequence("Ctrl+Shift+S")))
        file_menu.addSeparator()
        file_menu.addAction(self._action("ui.menu.export", self.export_dialog, QKeySequence("Ctrl+E"), "export"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("ui.menu.import_pack", lambda: self._packs().import_pack_dialog(self)))
        file_menu.addAction(self._action("ui.menu.export_pack", lambda: self._packs().export_pack_dialog(self)))
        file_menu.addSeparator()
        file_menu.addAction(self._action("ui.menu.quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = self.edit_menu
        self._make_history_actions()
        edit_menu.addSeparator()
        self.find_action = self._action("ui.menu.find", self.focus_filter, QKeySequence.StandardKey.Find)
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("ui.menu.user_name", self.ask_user_name))

        view_menu = self.view_menu
        for i, key in enumerate(PAGE_KEYS):
            self.page_actions[key] = self._action(f"ui.menu.page.{key}", lambda _=False, k=key: self.show_page(k),
                                                  QKeySequence(f"Ctrl+{i + 1}"))
            view_menu.addAction(self.page_actions[key])
        self._update_processor_nav()
        view_menu.addSeparator()
        lang_menu = view_menu.addMenu(tr("ui.menu.language"))
        self._texts.append((lang_menu, "ui.menu.language"))
        for lang in ("nb", "en"):
            action = self._action(f"ui.language.{lang}", lambda _=False, lang_=lang: self.change_language(lang_))
            action.setCheckable(True)
            action.setChecked(current() == lang)
            lang_menu.addAction(action)
            self.language_actions[lang] = action

        help_menu = self.help_menu
        help_menu.addAction(self._action("ui.menu.open_data_folder", self.open_data_folder))
        help_menu.addAction(self._action("ui.menu.about", self.about))

    # --- pages --------------------------------------------------------------------------------------------
    def show_page(self, key: str) -> QWidget:
        """Show the page ``key`` and return it; a page the sidebar does not offer is refused (the page on screen
        stays and is returned)."""
        if self.page_hidden(key):
            return self.current_page()
        self.nav.setCurrentRow(PAGE_KEYS.index(key))
        return self.page(key)

    def current_page(self) -> QWidget:
        return self.page(PAGE_KEYS[max(self.nav.currentRow(), 0)])

    def focus_filter(self) -> None:
        """Ctrl+F: the current page's filter or search field."""
        page = self.current_page()
        if hasattr(page, "focus_filter"):
            page.focus_filter()

    def navigate(self, page: str, activity_id, field: str) -> None:
        """Go to the page, activity and field a gap concerns."""
        if self.page_hidden(page):
            return
        target = self.show_page(page)
        if hasattr(target, "focus_field"):
            target.focus_field(activity_id, field)

    # --- files --------------------------------------------------------------------------------------------
    def open_path(self, path: Path, create: bool = False) -> bool:
        if not self.may_leave_page():
            return False
        opened = self.session.open(Path(path), create=create, copy_of_read_only=self.copy_of_read_only)
        if opened:
            settings.remember_file(self.session.path)
        return opened

    def copy_of_read_only(self, path: Path, problem: RopaError) -> Path | None:
        """A file ROPA can read but not save (read-only, on a CD, in a folder without write access): say so, and
        offer to save a copy the user can work in (in their documents folder unless they choose another). The
        copy's path, or None when the user declines or the copy cannot be made (and the message says why)."""
        from PySide6.QtWidgets import QMessageBox

        from ropa_app.store import open_ropa
        from ui.file_dialogs import documents_folder, save_file_name

        answer = QMessageBox.question(self, tr("ui.read_only.title"),
                                      tr("ui.read_only.text", reason=problem.message(current()), name=path.name),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        name = save_file_name(self, tr("ui.dialog.save_copy_title"), tr("ui.file.copy_name", name=path.stem),
                              self._file_filter(), folder=documents_folder())
        if not name:
            return None
        target = Path(name) if name.endswith(".ropa") else Path(name + ".ropa")
        if target.resolve() == path.resolve():
            self.show_error(tr("ui.error.copy_onto_itself"))
            return None
        try:
            with open_ropa(path, read_only=True) as store:  # an older file is brought up to date in the copy
                store.save_copy(target)
        except RopaError as exc:
            self.show_error(exc.message(current()))
            return None
        self.hub.statusMessage.emit(tr("ui.status.copy_saved", path=str(target)))
        return target

    def _file_filter(self) -> str:
        return tr(FILE_FILTER_KEY)

    def new_file(self) -> None:
        from ui.file_dialogs import save_file_name

        name = save_file_name(self, tr("ui.dialog.new_title"), tr("ui.file.new_name"), self._file_filter())
        if name:
            path = Path(name) if name.endswith(".ropa") else Path(name + ".ropa")
            if path.exists():
                self.show_error(tr("error.file_exists", path=str(path)))
                return
            self.open_path(path, create=True)

    def open_file_dialog(self) -> None:
        from ui.file_dialogs import open_file_name

        name = open_file_name(self, tr("ui.dialog.open_title"), self._file_filter())
        if name:
            self.open_path(Path(name))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = settings.recent_files()
        if not files:
            empty = self.recent_menu.addAction(tr("ui.menu.recent_empty"))
            empty.setEnabled(False)
        for path in files:
            text = tr("ui.menu.recent_item", name=path.name, folder=str(path.parent)).replace("&", "&&")
            self.recent_menu.addAction(text, lambda p=path: self.open_path(p)).setToolTip(str(path))

    def save(self) -> None:
        """Ctrl+S: there is nothing to save by hand; say so, after saving a field being typed in."""
        from PySide6.QtCore import Qt

        focused = QApplication.focusWidget()
        if focused is not None and focused.window() is self:
            focused.clearFocus()
            focused.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.session.store:
            self._show_status(tr("ui.status.saved", file=self.session.path.name))

    def save_copy(self) -> None:
        if not self.session.store:
            return
        from ui.file_dialogs import save_file_name

        name = save_file_name(self, tr("ui.dialog.save_copy_title"),
                              tr("ui.file.copy_name", name=self.session.path.stem), self._file_filter())
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

    @staticmethod
    def _packs():
        from ui import vendor_packs

        return vendor_packs

    def export_dialog(self) -> None:
        from ui.export_dialog import ExportDialog

        if self.session.store:
            ExportDialog(self.session, self).exec()

    def open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from ropa_app.paths import data_dir

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir())))

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ropa_app import __version__

        QMessageBox.about(self, tr("ui.about.title"), tr("ui.about.text", version=__version__))

    # --- language -----------------------------------------------------------------------------------------
    def change_language(self, lang: str) -> None:
        set_language(lang)  # Qt sends LanguageChange when its translator changes; retranslate() runs once
        settings.set_language(lang)
        self.retranslate()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def ask_user_name(self) -> None:
        """The name the change log records for this user's edits: set once, kept in the app's settings."""
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, tr("ui.user_name.title"), tr("ui.user_name.prompt"),
                                        text=settings.user_name())
        if ok:
            settings.set_user_name(name)
            self.session.apply_user_name()
            if "changelog" in self.pages:
                self.pages["changelog"].name_note.setVisible(not settings.user_name())
            self.statusBar().showMessage(tr("ui.user_name.saved", name=settings.user_name() or "–"), 5000)

    def retranslate(self) -> None:
        """Show the window in the current language, every widget kept (what is typed, selected, scrolled)."""
        if self._lang == current():
            return
        self._lang = current()
        self.statusBar().clearMessage()  # a passing message («Gjør om: …») would stay in the old language
        self._retranslate_chrome()
        stack = self.session.undo_stack
        for index in range(stack.count()):
            command = stack.command(index)
            if hasattr(command, "retitle"):
                command.retitle()
        if self.undo_action is not None:
            self._make_history_actions()
        for key, page in list(self.pages.items()):  # built pages; the others are built in the new language
            if hasattr(page, "retranslate"):
                page.retranslate()
            else:  # a page that writes its words once: built again, in the new language
                self._rebuild_page(key)
        self.hub.languageChanged.emit(self._lang)

    # --- start-up: the first screen from a cheap query, the register read once it is on screen ----------------
    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self.fill_menus)
            self._read_soon()

    def _read_soon(self) -> None:
        """Read the open file's register once the event loop is back, after this paint has reached the screen."""
        QTimer.singleShot(0, self, self.session.read)

    # --- status -------------------------------------------------------------------------------------------
    def _file_opened(self) -> None:
        self._update_title()
        if self._painted:
            self._read_soon()

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
        if not self.session.is_read:
            self.status_label.setText(tr("ui.status.reading"))
            return
        register = self.session.register()
        counts = register.severity_counts()
        self.status_label.setText(gap_counts(counts))

    def _show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _history_applied(self, kind: str, command) -> None:
        """After undo/redo: say what changed and show it (once the stack has finished its step)."""
        self._show_status(tr(f"ui.status.{'undone' if kind == 'undo' else 'redone'}", what=command.text()))
        target = command.target() if hasattr(command, "target") else None
        if target:
            QTimer.singleShot(0, self, lambda: self.navigate(*target))

    def show_error(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, tr("ui.dialog.error_title"), message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.may_leave_page():  # a wrong value typed in a field: ask, as leaving the page does
            event.ignore()
            return
        focused = QApplication.focusWidget()
        if focused is not None:
            focused.clearFocus()  # a field being typed in saves itself on focus-out, before the file closes
        settings.settings().setValue("geometry", self.saveGeometry())
        self.session.close()
        event.accept()

