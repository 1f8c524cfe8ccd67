"""The open ROPA in the app: the Store, its undo stack, and the one place edits run (report, announce).

Every edit goes through :meth:`Session.push` as a QUndoCommand calling the core; a RopaError is shown to the user
in their language through an injected ``show_error`` (tests pass their own), and the hub announces what changed.

The file can change underneath (a second window, the CLI): :meth:`Session.sync` asks the Store (SQLite's
``PRAGMA data_version``) before every register build, edit, undo and export, when the app gets the focus back and on
a timer, and reloads the pages (they keep their selection) with a word in the status bar.

Opening a file is cheap (the Store's own checks, and one query that refuses a damaged file); its register is built
the first time anyone asks for it. The window asks through :meth:`Session.read` once its first screen is on screen,
so a large file shows its window at once and its counts and gaps a moment later.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QUndoCommand, QUndoStack

from ropa_app.errors import RopaError
from ropa_app.store import Store, create_ropa, open_ropa
from ui.hub import SignalHub
from ui.i18n import current, tr

if TYPE_CHECKING:
    from ropa_app.live_register import LiveRegister
    from ropa_app.register import Register

WATCH_INTERVAL_MS = 1000  # how often an idle window looks whether the file changed underneath
READ_ONLY_ERRORS = ("file_read_only", "folder_read_only")  # the file can be read, not saved: offer a copy
READ_STEP = 100  # activities built per turn of the event loop while a file is first read (about 25 ms)


class Session:
    def __init__(self, hub: SignalHub, show_error: Callable[[str], None]) -> None:
        self.hub = hub
        self.show_error = show_error
        self.store: Store | None = None
        self.undo_stack = QUndoStack()
        self._live: LiveRegister | None = None  # the register, kept up to date from the file's change log; built
        # the first time it is asked for
        self._read_told = False  # the pages were told the register has been read (see read())
        self._read_scheduled = False  # the next step of reading is waiting for the event loop
        self._syncing = False
        self._gone = False  # the open file's name points at nothing any more
        self.watch = QTimer()
        self.watch.setInterval(WATCH_INTERVAL_MS)
        self.watch.timeout.connect(self.sync)
        self.watch.start()
        app = QGuiApplication.instance()
        if app is not None:
            app.focusWindowChanged.connect(lambda _window: self.sync())

    # --- files --------------------------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.store.path if self.store else None

    def open(self, path: Path, create: bool = False,
             copy_of_read_only: Callable[[Path, RopaError], Path | None] | None = None) -> bool:
        """Open (or create) a ROPA file; on failure show why and keep the current file. A file that cannot be
        written (read-only, or in a read-only folder) is handed to ``copy_of_read_only``, which may make a copy
        the user can work in and give its path: that copy is opened instead."""
        try:
            store = create_ropa(path) if create else open_ropa(path)
        except RopaError as exc:
            if exc.key in READ_ONLY_ERRORS and not create and copy_of_read_only is not None:
                copy = copy_of_read_only(Path(path), exc)
                return copy is not None and self.open(copy)
            self.show_error(exc.message(current()))
            return False
        try:  # a damaged file (a list that is not JSON, ...) is refused here, not in the middle of a page
            store.check_readable()
        except RopaError as exc:
            store.close()
            self.show_error(exc.message(current()))
            return False
        self.close()
        self.store = store
        self.apply_user_name()
        self.undo_stack.clear()
        self.hub.fileOpened.emit()
        self.hub.registerChanged.emit()
        return True

    def apply_user_name(self) -> None:
        """The change log names edits by the name the user set (ROPA_USER when none is set), never the OS account."""
        from ui import settings

        if self.store is not None:
            self.store.who = settings.user_name() or self.store.who

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
        self._live, self._read_told = None, False
        self._gone = False

    def sync(self) -> bool:
        """Reload when another window or the CLI changed the file since this window last looked; True if it did.
        The pages rebuild from the file (keeping their selection) and the status bar says why."""
        if self.store is None or self._syncing:
            return False
        if self.store.replaced_on_disk():
            return self._reopen()
        self._gone = False  # (back where it was)
        try:
            changed = self.store.changed_on_disk()
        except RopaError:
            return False  # the next read or write says what is wrong, in words
        if not changed:
            return False
        self._syncing = True
        try:
            for name in ("organisationChanged", "activitiesChanged", "servicesChanged", "registerChanged"):
                getattr(self.hub, name).emit()
            self.hub.statusMessage.emit(tr("ui.status.file_reloaded"))
        finally:
            self._syncing = False
        return True

    def _reopen(self) -> bool:
        """The file's name points at another file (a backup copied over it) or at none (moved, deleted).
        Replaced: this window's connection is closed first (its WAL goes into the old file, never into the new
        one), then what the name holds now is opened. Gone: the old connection stays (Save a copy still works),
        it is said once, and edits wait until the file is back."""
        path = self.store.path
        if not path.exists():
            if not self._gone:
                self._gone = True
                self.show_error(tr("ui.error.file_gone", path=str(path)))
            return False
        self.store.close()
        self._live, self._read_told = None, False
        try:
            store = open_ropa(path)
            store.check_readable()
        except RopaError as exc:
            self.store = None  # nothing to show or save into: open a file to go on
            self.undo_stack.clear()
            self.show_error(exc.message(current()))
            self.hub.registerChanged.emit()
            return False
        self._gone = False
        self.store = store
        self.apply_user_name()
        self.undo_stack.clear()  # its steps belong to the file that was replaced
        self.hub.fileOpened.emit()
        self.hub.registerChanged.emit()
        self.hub.statusMessage.emit(tr("ui.status.file_replaced"))
        return True

    def _refuse_while_gone(self) -> bool:
        if self._gone:
            self.show_error(tr("ui.error.file_gone", path=str(self.store.path)))
        return self._gone

    # --- the register -------------------------------------------------------------------------------------
    def register(self) -> Register:
        """The register as the file holds it now (never a copy from before another program's change): the kept
        register catches up with whatever the change log says happened, here or elsewhere. Built at the first
        call after a file is opened."""
        self.sync()
        if self._live is None:
            from ropa_app.live_register import LiveRegister

            self._live = LiveRegister(self.store)
        return self._live.register()

    @property
    def is_read(self) -> bool:
        """Whether the open file's register has been built (until then a first screen shows what
        ``store.summary()`` gives)."""
        return self._live is not None and self._live.complete

    def read(self) -> bool:
        """Build the open file's register if no one has yet, and tell the pages once (registerChanged): the
        window calls this after its first screen has been painted. The file is read at once; its activities are
        built READ_STEP at a time, each step a turn of the event loop, so a large file's window answers clicks
        and keys while it reads (a page that needs the register before then builds the rest at once). Damage
        that the check at opening could not see is said here and the file is closed, as when a file is
        replaced by something unreadable."""
        self._read_scheduled = False
        if self.store is None or self._read_told:
            return self.store is not None
        try:
            if self._live is None:
                from ropa_app.live_register import LiveRegister

                self.sync()
                self._live = LiveRegister(self.store, deferred=True)
            if not self._live.build_some(READ_STEP):
                if not self._read_scheduled:
                    self._read_scheduled = True
                    QTimer.singleShot(0, self.read)
                return True
            self.register()
        except RopaError as exc:
            self.close()
            self.undo_stack.clear()
            self.show_error(exc.message(current()))
            self.hub.registerChanged.emit()
            return False
        self._read_told = True
        self.hub.registerChanged.emit()
        return True

    # --- edits --------------------------------------------------------------------------------------------
    def push(self, command: QUndoCommand) -> bool:
        """Run an edit as an undoable command; False (and a message) when the core refused it."""
        self.sync()
        if self.store is None or self._refuse_while_gone():
            return False
        try:
            self.undo_stack.push(command)
        except RopaError as exc:
            self.show_error(exc.message(current()))
            return False
        return not getattr(command, "failed", False)

    def run(self, action: Callable[[], object], *signals: str) -> object | None:
        """Run a core call that is not undoable (e.g. acknowledging a change); report errors, announce changes."""
        self.sync()
        if self.store is None or self._refuse_while_gone():
            return None
        try:
            result = action()
        except RopaError as exc:
            self.show_error(exc.message(current()))
            return None
        self.announce(*signals)
        return result

    def announce(self, *signals: str) -> None:
        for name in signals:
            getattr(self.hub, name).emit()
        self.hub.registerChanged.emit()
