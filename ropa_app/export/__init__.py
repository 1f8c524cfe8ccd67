"""Exports of the Register: xlsx (openpyxl), pdf (reportlab), json. Atomic: a temporary file beside the target is
renamed into place, so a failed export leaves any earlier file intact and no partial file behind.

The renderers are imported only when used: `ropa catalogue` and the app's start do not pay for openpyxl/reportlab.
"""
from __future__ import annotations

import os
import stat
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from ropa_app.errors import RopaError
from ropa_app.register import Register

FORMATS = ("xlsx", "pdf", "json")
Progress = Callable[[float, str], None]
POLL_SECONDS = 0.1  # how often a running export asks its progress callback whether to go on


class ExportCancelled(Exception):
    """Raised by a progress callback to stop an export; the target is left as it was."""


def _renderer(fmt: str):
    if fmt == "xlsx":
        from ropa_app.export.xlsx import render_xlsx

        return render_xlsx
    if fmt == "pdf":
        from ropa_app.export.pdf import render_pdf

        return render_pdf
    if fmt == "json":
        from ropa_app.export.jsonfmt import render_json

        return render_json
    raise RopaError("unknown_format", format=fmt, formats=", ".join(FORMATS))


_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def _is_database(path: Path) -> bool:
    from ropa_app.store.opening import SQLITE_HEADER

    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_export_target(target: Path, source: Path | None = None) -> None:
    """Refuse, before anything is written, a target an export must never replace: the open ROPA file (also
    through a symlink, a hard link or another spelling), any ROPA/SQLite file or its journal, a ``.ropa`` name,
    a folder, or anything that is not a regular file (a FIFO, a device such as /dev/null)."""
    target = Path(target)
    try:
        info = target.stat() if target.exists() else None
    except OSError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise RopaError("export_target_is_folder", path=str(target))
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise RopaError("export_target_not_file", path=str(target))
    if source is not None and info is not None:
        try:
            if os.path.samefile(target, source):
                raise RopaError("export_target_is_ropa", path=str(target))
        except OSError:
            pass
    if target.suffix.lower() == ".ropa" or (info is not None and _is_database(target)):
        raise RopaError("export_target_is_ropa", path=str(target))
    for side in _SQLITE_SIDE_FILES:
        if target.name.lower().endswith(side):
            main = target.with_name(target.name[: -len(side)])
            if main.suffix.lower() == ".ropa" or (main.exists() and _is_database(main)):
                raise RopaError("export_target_is_ropa", path=str(target))


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Temporary files an export left when its process was killed (SIGKILL, power loss): named after the target
    and the process id, they are removed once that process is gone."""
    prefix = f".{name}."
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(prefix) and p.name.endswith(".tmp")]
    except OSError:
        return
    for candidate in candidates:
        pid = candidate.name[len(prefix):].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # still running: its export is not ours to touch
        except ProcessLookupError:
            pass
        except (PermissionError, OverflowError, OSError):
            continue
        try:
            candidate.unlink()
        except OSError:
            pass


def _render_watched(render, register: Register, lang: str, fd: int, progress: Progress | None) -> None:
    """Run the renderer on a helper thread, writing to ``fd``, and meanwhile ask ``progress`` every POLL_SECONDS
    (repeating the last report): a cancel raised there (ExportCancelled) takes effect at once, whatever the
    renderer is busy with (building a long PDF story, one big table, serialising JSON). The abandoned renderer
    stops at its own next report, writing only into the temporary file the caller removes."""
    if progress is None:
        with os.fdopen(fd, "wb") as fh:
            render(register, lang, fh, lambda fraction, message: None)
            fh.flush()
            os.fsync(fh.fileno())
        return
    last = [0.0, ""]
    failure: list[BaseException] = []

    def relay(fraction: float, message: str) -> None:
        last[:] = [fraction, message]
        progress(fraction, message)

    def work() -> None:
        try:
            with os.fdopen(fd, "wb") as fh:
                render(register, lang, fh, relay)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=work, name="ropa-export", daemon=True)
    worker.start()
    while True:
        worker.join(POLL_SECONDS)
        if not worker.is_alive():
            break
        progress(*last)  # the caller's chance to cancel
    if failure:
        raise failure[0]


def export_register(register: Register, fmt: str, target: Path, lang: str = "nb",
                    progress: Progress | None = None, source: Path | None = None) -> Path:
    """Write ``register`` as ``fmt`` to ``target`` atomically; returns the target. ``source`` is the ROPA file
    the register came from: never a valid target (nor is any other ROPA file)."""
    render = _renderer(fmt)
    target = Path(target)
    folder = target.resolve().parent
    if not folder.is_dir():
        raise RopaError("folder_missing", path=str(folder))
    check_export_target(target, source)
    _remove_stale_temporaries(folder, target.name)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise RopaError("export_failed", path=str(target), detail=exc.strerror or str(exc)) from None
    tmp = Path(tmp_name)
    try:
        _render_watched(render, register, lang, fd, progress)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except ExportCancelled:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RopaError("export_failed", path=str(target), detail=exc.strerror or str(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
