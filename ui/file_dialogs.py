"""The app's file dialogs (new, open, save a copy, export): they start in the user's documents folder the first
time and in the last folder used after that, never in the data folder the app keeps for itself."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ui import settings

LAST_FOLDER = "last_folder"


def documents_folder() -> Path:
    """The user's documents folder, or their home folder where there is none (a fresh account, a minimal desktop):
    a dialog offered a folder that does not exist falls back to wherever the program was started."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location and Path(location).is_dir() else Path.home()


def start_folder() -> Path:
    """The last folder the user chose a file in, while it exists; else the documents folder."""
    remembered = str(settings.settings().value(LAST_FOLDER, "") or "")
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    return documents_folder()


def remember_folder(path: str | Path) -> None:
    settings.settings().setValue(LAST_FOLDER, str(Path(path).parent))


def open_file_name(parent: QWidget | None, title: str, file_filter: str) -> str:
    """Ask for a file to open; "" when cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), file_filter)
    if name:
        remember_folder(name)
    return name


def save_file_name(parent: QWidget | None, title: str, default_name: str, file_filter: str,
                   folder: Path | None = None) -> str:
    """Ask where to save, offering ``default_name`` in the start folder; "" when cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str((folder or start_folder()) / default_name),
                                          file_filter)
    if name:
        remember_folder(name)
    return name
