"""One translation mechanism for the core (messages, export labels) and the UI: resources/i18n/*.toml.

Each key has a bokmål (``nb``, the default) and an English (``en``) text; a test fails when one is missing.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ropa_app.paths import resource_path

LANGUAGES = ("nb", "en")
DEFAULT_LANGUAGE = "nb"


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    """Every message, flattened to dotted keys: {'error.not_ropa': {'nb': ..., 'en': ...}}.

    Parsing a dozen TOML files costs tens of milliseconds at every start; the flattened result is kept in the
    user's cache folder (ropa_app.parsed_cache) until one of the files changes."""
    from ropa_app.parsed_cache import cached

    files = sorted(resource_path("i18n").glob("*.toml"))
    return cached("messages.json", files, lambda: _parse(files))


def _parse(files: list[Path]) -> dict[str, dict[str, str]]:
    import tomllib

    flat: dict[str, dict[str, str]] = {}
    for path in files:
        with path.open("rb") as fh:
            _flatten(tomllib.load(fh), "", flat)
    return flat


def _flatten(node: dict, prefix: str, out: dict) -> None:
    """A table with nb/en strings is a message; its sub-tables are messages of their own (ui.nav.x, ui.nav.x.tip)."""
    for key, value in node.items():
        if not isinstance(value, dict):
            continue
        texts = {lang: text for lang, text in value.items() if lang in LANGUAGES and isinstance(text, str)}
        if texts:
            out[f"{prefix}{key}"] = texts
        _flatten({k: v for k, v in value.items() if isinstance(v, dict)}, f"{prefix}{key}.", out)


def normalise_language(lang: str | None) -> str:
    lang = (lang or DEFAULT_LANGUAGE).lower().replace("_", "-")
    if lang.startswith(("nb", "no", "nn")):
        return "nb"
    return "en" if lang.startswith("en") else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The text for ``key`` in ``lang``, with {named} parameters filled in; the key itself when unknown."""
    entry = messages().get(key)
    if entry is None:
        return key
    # A language already normalised ("nb", "en": what the exports pass, 100,000 times) is found as it is.
    text = entry.get(lang) or entry.get(normalise_language(lang)) or entry.get(DEFAULT_LANGUAGE) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def has(key: str) -> bool:
    return key in messages()
