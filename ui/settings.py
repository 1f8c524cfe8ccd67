"""What the app remembers between runs (QSettings): the last file, recent files, the language, window geometry."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from ropa_app.paths import data_dir

MAX_RECENT = 8


def settings() -> QSettings:
    """Settings in the data folder as an INI file, so ROPA_DATA_DIR (tests) isolates them too."""
    return QSettings(str(data_dir() / "ropa-app.ini"), QSettings.Format.IniFormat)


def language(default: str = "nb") -> str:
    return str(settings().value("language", default))


def set_language(lang: str) -> None:
    settings().setValue("language", lang)


def user_name() -> str:
    """The name the change log records for this user's edits (set once under Rediger → Navnet ditt)."""
    return " ".join(str(settings().value("user_name", "")).split())


def set_user_name(name: str) -> None:
    settings().setValue("user_name", " ".join(name.split())[:200])


def _stored_recent_files(s: QSettings) -> list[str]:
    value = s.value("recent_files", [])
    return [value] if isinstance(value, str) else list(value or [])


def recent_files() -> list[Path]:
    return [Path(p) for p in _stored_recent_files(settings()) if p and os.path.exists(p)]


def remember_file(path: Path) -> None:
    path = Path(path).resolve()
    files = [path] + [p for p in recent_files() if p.resolve() != path]
    s = settings()
    recent = [str(p) for p in files[:MAX_RECENT]]
    if _stored_recent_files(s) == recent and s.value("last_file", "") == str(path):
        return  # remembered as it is (most starts): not written again, a synced replace of the file each time
    s.setValue("recent_files", recent)
    s.setValue("last_file", str(path))


def last_file() -> Path | None:
    value = settings().value("last_file", "")
    return Path(value) if value and os.path.exists(value) else None
