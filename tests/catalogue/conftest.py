"""Shared helpers for the per-seed catalogue tests."""
from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable

import pytest

from ropa_app.catalogue import Source, load_catalogue
from ropa_app.errors import RopaError
from ropa_app.paths import resource_path


def sources(obj) -> list[Source]:
    """Every Source found anywhere inside a catalogue object."""
    if isinstance(obj, Source):
        return [obj]
    found: list[Source] = []
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            found += sources(getattr(obj, f.name))
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            found += sources(item)
    return found


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def refusal(tmp_path) -> Callable[[str, str, str], RopaError]:
    """The error loading a copy of the shipped catalogue gives after replacing ``old`` (which must be there) by
    ``new`` in one vendor file: a catalogue that breaks a rule is refused with the file and the field."""
    folder = tmp_path / "catalogue"
    shutil.copytree(resource_path("catalogue"), folder)

    def refuse(file: str, old: str, new: str = "") -> RopaError:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(RopaError) as err:
            load_catalogue(folder)
        return err.value

    return refuse
