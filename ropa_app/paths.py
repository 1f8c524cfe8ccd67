"""Where things live: shipped resources (source checkout, installed wheel, PyInstaller bundle) and the default file."""
from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_FILE_ENV = "ROPA_FILE"
DATA_DIR_ENV = "ROPA_DATA_DIR"
DEFAULT_FILE_NAME = "ropa.ropa"


def resource_path(*parts: str) -> Path:
    """A path inside resources/, wherever the program runs from."""
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder bundle
    if bundle:
        return Path(bundle, "resources", *parts)
    import resources  # the package shipped beside ropa_app, in a checkout and in the wheel

    return Path(resources.__file__).resolve().parent.joinpath(*parts)


def data_dir() -> Path:
    """The per-user data folder (platformdirs' rule for each platform), or $ROPA_DATA_DIR."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("ROPA", appauthor=False)


def cache_dir() -> Path:
    """Per-user cache (rebuildable data such as parsed translations): data_dir()/cache when overridden."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override) / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("ROPA", appauthor=False)


def default_file() -> Path:
    """The ROPA file the app and the CLI open when none is named: $ROPA_FILE, else ropa.ropa in data_dir()."""
    override = os.environ.get(DEFAULT_FILE_ENV)
    if override:
        return Path(override)
    return data_dir() / DEFAULT_FILE_NAME
