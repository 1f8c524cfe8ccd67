"""Opening a ROPA file safely: recognise it, refuse what we must not touch, back it up before migrating.

Every check that can refuse a file runs on a read-only connection first, so a refused file is never written.
"""
from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
import stat
from pathlib import Path

from ropa_app.errors import RopaError
from ropa_app.store.schema import MIGRATION_NAMES, MIGRATION_SET, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
FORMAT_NAME = "ropa"
BUSY_TIMEOUT_MS = 10_000  # a writer waits this long for another before saying the file is in use


def translate_sqlite_error(exc: sqlite3.Error, path: Path) -> RopaError:
    """The message a user can act on for an SQLite failure."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return RopaError("file_locked", path=str(path))
    if "readonly" in text or "read-only" in text:
        return RopaError("file_read_only", path=str(path))
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return RopaError("file_corrupt", path=str(path))
    if "unable to open" in text:
        return RopaError("file_cannot_open", path=str(path))
    if "disk" in text and "full" in text:
        return RopaError("disk_full", path=str(path))
    if "disk i/o" in text and _almost_full(path):
        return RopaError("disk_full", path=str(path))
    return RopaError("file_error", path=str(path), detail=str(exc))


def _almost_full(path: Path) -> bool:
    import shutil  # (this module's rare paths import what they need: opening a file is on the app's start)

    try:
        return shutil.disk_usage(Path(path).resolve().parent).free < 4 * 1024 * 1024
    except OSError:
        return False


def translate_os_error(exc: OSError, path: Path) -> RopaError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return RopaError("disk_full", path=str(path))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return RopaError("file_read_only", path=str(path))
    return RopaError("file_error", path=str(path), detail=exc.strerror or str(exc))


def checkpoint_or_fail(conn: sqlite3.Connection) -> None:
    """Move everything in the WAL into the main file and empty the WAL, or raise: a checkpoint that could not
    write (a full disk) must not pass unnoticed, or deleting the WAL would lose the last commits."""
    busy, log_frames, done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy or (log_frames != -1 and done != log_frames):
        raise sqlite3.OperationalError("database or disk is full (checkpoint incomplete)")


def verify_complete(path: Path) -> None:
    """A newly made file must be whole before it gets its name: no WAL left holding data, integrity_check ok,
    and the schema and meta present. A failure on an almost full disk is told as a full disk."""
    wal = Path(f"{path}-wal")
    ok = not (wal.exists() and wal.stat().st_size > 0)
    if ok:
        try:
            conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
            try:
                ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                ok = ok and {"meta", "_sqlite_migrations", "activities", "catalogue_services"} <= tables
                meta = dict(conn.execute("SELECT key, value FROM meta").fetchall()) if ok else {}
                ok = ok and meta.get("format") == FORMAT_NAME and bool(meta.get("catalogue_version"))
            finally:
                conn.close()
        except sqlite3.Error:
            ok = False
    if not ok:
        if _almost_full(path):
            raise RopaError("disk_full", path=str(path))
        raise RopaError("file_corrupt", path=str(path))


SHM_MINIMUM = 32 * 1024  # a live connection maps at least this much of the -shm file


def is_debris(path: Path) -> bool:
    """An empty -wal beside ``path`` with a -shm too short for any live connection: what a write that failed on a
    full disk leaves. No connection can be using them, and they hold no data."""
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    try:
        if not wal.exists() or wal.stat().st_size != 0:
            return False
        return not shm.exists() or shm.stat().st_size < SHM_MINIMUM
    except OSError:
        return False


def remove_debris(path: Path) -> None:
    """Remove what a failed write left (see is_debris). Only after a failure of our own: on a file in use by
    another program the same signs can mean a connection that is just opening."""
    if is_debris(path):
        for suffix in ("-wal", "-shm"):
            try:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            except OSError:
                pass


def _read_only_connection(path: Path) -> sqlite3.Connection:
    """Look without touching. A cleanly closed file (no -wal beside it) is opened immutable, so SQLite creates no
    -wal/-shm files next to it; a file another program has open is opened read-only through its WAL."""
    uri = path.resolve().as_uri()
    if not Path(f"{path}-wal").exists() or is_debris(path):
        conn = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True)
    else:
        conn = sqlite3.connect(uri + "?mode=ro", uri=True)
    conn.execute("PRAGMA query_only = ON")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def inspect_file(path: Path) -> list[str]:
    """Check that ``path`` is a ROPA file this version can open; returns the migrations it still needs."""
    if not path.exists():
        raise RopaError("file_not_found", path=str(path))
    if path.is_dir():
        raise RopaError("not_ropa", path=str(path))
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO, socket or device would hang or mislead
            raise RopaError("not_regular_file", path=str(path))
    except OSError as exc:
        raise RopaError("file_error", path=str(path), detail=exc.strerror or str(exc)) from None
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except PermissionError:
        raise RopaError("file_no_access", path=str(path)) from None
    except OSError as exc:
        raise RopaError("file_error", path=str(path), detail=exc.strerror or str(exc)) from None
    if header != SQLITE_HEADER:
        raise RopaError("not_ropa", path=str(path))
    try:
        conn = _read_only_connection(path)
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, path) from None
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables or "_sqlite_migrations" not in tables:
            raise RopaError("not_ropa", path=str(path))
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != FORMAT_NAME:
            raise RopaError("not_ropa", path=str(path))
        columns = {row[1] for row in conn.execute("PRAGMA table_info(_sqlite_migrations)")}
        if not {"id", "migration_set", "name", "applied_at"} <= columns:
            raise RopaError("file_corrupt", path=str(path))
        applied = [row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET])]
        ours = list(MIGRATION_NAMES)
        schema_text = str(meta.get("schema_version", "0") or "0")
        if not (schema_text.isascii() and schema_text.isdigit() and len(schema_text) < 10):
            raise RopaError("file_corrupt", path=str(path))
        if int(schema_text) > SCHEMA_VERSION or any(name not in ours for name in applied):
            raise RopaError("file_newer", path=str(path), version=meta.get("app_version", "?"))
        from ropa_app.catalogue_index import is_version

        if "catalogue_version" in meta and meta["catalogue_version"] and not is_version(meta["catalogue_version"]):
            raise RopaError("file_corrupt", path=str(path))
        check = conn.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise RopaError("file_corrupt", path=str(path))
        return [name for name in ours if name not in applied]
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, path) from None
    finally:
        conn.close()


def ensure_writable(path: Path) -> None:
    """Refuse early, with a clear message, when the file or its folder cannot be written."""
    folder = path.resolve().parent
    if not folder.exists():
        raise RopaError("folder_missing", path=str(folder))
    if path.exists() and not os.access(path, os.W_OK):
        raise RopaError("file_read_only", path=str(path))
    if not os.access(folder, os.W_OK | os.X_OK):
        # SQLite needs to create its journal beside the file.
        raise RopaError("folder_read_only", path=str(folder))


def _same_database(a: bytes, b: bytes) -> bool:
    """The same pages, whatever the header's counters: the change counter and its copy (bytes 24-27, 92-95),
    which a checkpoint moves on, and the schema cookie (40-43), which the backup API sets in its copy."""
    def pages(data: bytes) -> bytes:
        return data[:24] + data[28:40] + data[44:92] + data[96:]

    return len(a) == len(b) and pages(a) == pages(b)


def _identical_backup(path: Path, migration: str, content: bytes, exclude: Path | None = None) -> Path | None:
    """An earlier backup made before ``migration`` that holds ``content``."""
    from glob import escape as glob_escape

    try:
        pattern = f"{glob_escape(path.stem)}.backup-before-{migration}-*{path.suffix}"
        for candidate in sorted(path.parent.glob(pattern)):
            if candidate != exclude and candidate.stat().st_size == len(content) \
                    and _same_database(candidate.read_bytes(), content):
                return candidate
    except OSError:
        return None
    return None


def backup_before_migration(path: Path, pending: list[str]) -> Path:
    """A copy of the file next to it, named after the first migration it lacks. A cleanly closed file is copied
    byte for byte; one with a live WAL goes through SQLite's backup API so the copy is consistent. An attempt
    that failed before left this very copy already: it is kept, not made again (one backup per migration)."""
    import shutil

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-before-{pending[0]}-{stamp}{path.suffix}")
    try:
        if not Path(f"{path}-wal").exists():
            earlier = _identical_backup(path, pending[0], path.read_bytes())
            if earlier is not None:
                return earlier
            shutil.copy2(path, target)
            return target
        partial = target.with_name(f".{target.name}.partial")  # a fresh file: never a backup into an old one
        partial.unlink(missing_ok=True)
        source = sqlite3.connect(path)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
        earlier = _identical_backup(path, pending[0], partial.read_bytes())
        if earlier is not None:
            partial.unlink()
            return earlier
        partial.replace(target)
    except sqlite3.Error as exc:
        target.with_name(f".{target.name}.partial").unlink(missing_ok=True)
        raise translate_sqlite_error(exc, path) from None
    except OSError as exc:
        target.with_name(f".{target.name}.partial").unlink(missing_ok=True)
        raise RopaError("backup_failed", path=str(path), detail=exc.strerror or str(exc)) from None
    return target


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection to ``path`` with the pragmas every ROPA connection uses (the Store wraps it in sqlite-utils
    when it first writes)."""
    try:
        if read_only:
            conn = _read_only_connection(path)
        else:
            # No debris is removed here: another program may be opening the file this very moment (its -wal just
            # made, its -shm not yet grown), and deleting those would lose its writes. SQLite itself rebuilds a
            # short -shm and reads an empty -wal as nothing; failed writes tidy up after themselves.
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            if not read_only:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                # WAL mode is set by the Store at the first write: a file only read, or refused, keeps its header.
                conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            if not read_only:
                remove_debris(path)
            raise
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, path) from None
    return conn


def apply_migrations(db) -> None:
    """Apply the pending migrations (sqlite-utils' Migrations) to an sqlite-utils Database."""
    from ropa_app.store.migrations import migrations

    migrations.apply(db)
