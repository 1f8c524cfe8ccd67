"""The shipped catalogue's index (resources/catalogue/catalogue.toml: its version, date and the activity templates)
and what a catalogue version is. Opening a file asks only this, to see whether the file's copy of the catalogue is
behind the shipped one, without importing the catalogue's dataclasses or parsing a vendor file."""
from __future__ import annotations

import functools
from pathlib import Path

from ropa_app.errors import RopaError, problem
from ropa_app.paths import resource_path

INDEX_FILE = "catalogue.toml"


def read_toml(path: Path) -> dict:
    """A catalogue TOML file; one that cannot be read or parsed is a message naming it."""
    import tomllib

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise RopaError("catalogue_invalid", file=path.name, field="-",
                        problem=problem("toml", detail=str(exc))) from exc
    except UnicodeDecodeError:
        raise RopaError("catalogue_invalid", file=path.name, field="-",
                        problem=problem("not_utf8")) from None
    except OSError as exc:
        raise RopaError("catalogue_invalid", file=path.name, field="-", problem=exc.strerror or str(exc)) from exc


@functools.lru_cache(maxsize=8)
def index(folder: Path) -> dict:
    """The catalogue index; shipped files do not change while we run (and are parsed again only when changed)."""
    from ropa_app.parsed_cache import cached

    path = folder / INDEX_FILE
    if not path.exists():
        return read_toml(path)  # says which file is missing
    return cached("catalogue-index.json", [path], lambda: read_toml(path))


def shipped_catalogue_version(folder: Path | None = None) -> str:
    """The shipped catalogue's version, read from the small index file only (no vendor file is parsed)."""
    version = index(folder or resource_path("catalogue")).get("version")
    if not isinstance(version, str):
        raise RopaError("catalogue_invalid", file=INDEX_FILE, field="version", problem=problem("missing"))
    if not is_version(version):
        raise RopaError("catalogue_invalid", file=INDEX_FILE, field="version",
                        problem=problem("version", version=version))
    return version


def is_version(version: object) -> bool:
    """'2026.11.1' is a catalogue version; '', '2026..1', '2026.x', '2026.²' are not."""
    return isinstance(version, str) and all(p.isascii() and p.isdigit() and len(p) <= 9 for p in version.split("."))


def version_tuple(version: str) -> tuple[int, ...]:
    """'2026.11.1' -> (2026, 11, 1); used to decide whether the shipped catalogue is newer. Anything that is not
    a version (a damaged file) compares as the oldest, ()."""
    if not is_version(version):
        return ()
    return tuple(int(p) for p in version.split("."))
