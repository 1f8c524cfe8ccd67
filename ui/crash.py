"""Unexpected errors: logged to a file in the data folder and reported in a friendly dialog with the log's path.

Nothing is logged before something goes wrong, so the logging machinery is set up then, not at start-up."""
from __future__ import annotations

import sys
from pathlib import Path

from ropa_app.paths import data_dir

LOGGER = "ropa"


def log_path() -> Path:
    return data_dir() / "logs" / "ropa.log"


def setup_logging():
    """The "ropa" logger, writing to log_path() (where the data folder is now); returns it."""
    import logging
    from logging.handlers import RotatingFileHandler

    log = logging.getLogger(LOGGER)
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for handler in list(log.handlers):  # the data folder may have moved (ROPA_DATA_DIR): log where it is now
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) != path:
            log.removeHandler(handler)
            handler.close()
    if not any(isinstance(h, RotatingFileHandler) for h in log.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return log


def install_excepthook(report) -> None:
    """Log every uncaught exception and call ``report(log_path)``; never let a traceback reach the user."""

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        import traceback

        log = setup_logging()
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            report(log_path())
        except Exception:  # the report itself must never raise out of the hook
            log.exception("could not show the error dialog")

    sys.excepthook = hook
