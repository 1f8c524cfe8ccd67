"""Exports of the Register: xlsx (openpyxl), pdf (reportlab), json. Atomic: a temporary file beside the target is
renamed into place, so a failed export leaves any earlier file intact and no partial file behind.

The renderers are imported only when used: `ropa catalogue` and the app's start do not pay for openpyxl/reportlab.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ropa_app.errors import RopaError
from ropa_app.register import Register

FORMATS = ("xlsx", "pdf", "json")
Progress = Callable[[float, str], None]


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


def export_register(register: Register, fmt: str, target: Path, lang: str = "nb",
                    progress: Progress | None = None) -> Path:
    """Write ``register`` as ``fmt`` to ``target`` atomically; returns the target."""
    render = _renderer(fmt)
    target = Path(target)
    folder = target.resolve().parent
    if not folder.is_dir():
        raise RopaError("folder_missing", path=str(folder))
    if target.is_dir():
        raise RopaError("export_target_is_folder", path=str(target))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise RopaError("export_failed", path=str(target), detail=exc.strerror or str(exc)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            render(register, lang, fh, progress or (lambda fraction, message: None))
            fh.flush()
            os.fsync(fh.fileno())
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
