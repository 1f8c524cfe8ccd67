"""Shared helpers for the per-seed catalogue tests."""
from __future__ import annotations

import dataclasses

import pytest

from ropa_app.catalogue import Source, load_catalogue


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
