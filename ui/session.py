"""The open ROPA in the app: the Store, its undo stack, and the one place edits run (report, announce).

Every edit goes through :meth:`Session.push` as a QUndoCommand calling the core; a RopaError is shown to the user
in their language through an injected ``show_error`` (tests pass their own), and the hub announces what changed.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QUndoCommand, QUndoStack

from ropa_app.errors import RopaError
from ropa_app.register import Register, build_register
from ropa_app.store import Store, create_ropa, open_ropa
from ui.hub import SignalHub
from ui.i18n import current


class Session:
    def __init__(self, hub: SignalHub, show_error: Callable[[str], None]) -> None:
        self.hub = hub
        self.show_error = show_error
        self.store: Store | None = None
        self.undo_stack = QUndoStack()
        self._register: Register | None = None
        hub.registerChanged.connect(self._forget_register)

    # --- files --------------------------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.store.path if self.store else None

    def open(self, path: Path, create: bool = False) -> bool:
        """Open (or create) a ROPA file; on failure show why and keep the current file."""
        try:
            store = create_ropa(path) if create else open_ropa(path)
        except RopaError as exc:
            self.show_error(exc.message(current()))
            return False
        self.close()
        self.store = store
        self.undo_stack.clear()
        self._register = None
        self.hub.fileOpened.emit()
        self.hub.registerChanged.emit()
        return True

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    # --- the register -------------------------------------------------------------------------------------
    def register(self) -> Register:
        if self._register is None:
            self._register = build_register(self.store)
        return self._register

    def _forget_register(self) -> None:
        self._register = None

    # --- edits --------------------------------------------------------------------------------------------
    def push(self, command: QUndoCommand) -> bool:
        """Run an edit as an undoable command; False (and a message) when the core refused it."""
        try:
            self.undo_stack.push(command)
        except RopaError as exc:
            self.show_error(exc.message(current()))
            return False
        return not getattr(command, "failed", False)

    def run(self, action: Callable[[], object], *signals: str) -> object | None:
        """Run a core call that is not undoable (e.g. acknowledging a change); report errors, announce changes."""
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
