"""Shipped files parsed once per change, not at every start: the parsed result is kept as JSON in the user's cache
folder, keyed by the files' paths, sizes and modification times. Starting the app then reads one JSON file instead
of importing a TOML parser (10 ms alone) and parsing (the translations, the catalogue's index)."""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path


def cached(name: str, files: list[Path], parse: Callable[[], object]) -> object:
    """``parse()``'s result for ``files``, from ``name`` in the cache folder while none of them changed; parsed
    (and kept) otherwise. A result JSON cannot hold, or no cache folder to be had, is simply parsed every time."""
    stamp = [[str(p), p.stat().st_size, p.stat().st_mtime_ns] for p in files]
    cache = _cache_file(name)
    if cache:
        try:
            kept = json.loads(cache.read_text(encoding="utf-8"))
            if kept.get("stamp") == stamp:
                return kept["data"]
        except (OSError, ValueError, AttributeError):
            pass
    data = parse()
    if cache:
        try:
            text = json.dumps({"stamp": stamp, "data": data}, ensure_ascii=False)
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, cache)
        except (OSError, TypeError, ValueError):
            pass  # a read-only home, or a value JSON cannot hold: parse again next time
    return data


def _cache_file(name: str) -> Path | None:
    try:
        from ropa_app.paths import cache_dir

        return cache_dir() / name
    except Exception:  # no cache folder to be had: work without one
        return None
