"""Starter activities: templates for the processing nearly every Norwegian small business has (payroll,
accounting, camera surveillance, ...), read from resources/activity_templates.toml (versioned data, never code).

A template only *proposes*. An activity made from one gets its title and area (what names it), and remembers the
template's key; every other value stays a proposal, shown beside the empty field until the user accepts it (which
writes it into the field, logged and undoable like any edit). The register reads the fields only, so an unaccepted
proposal is never presented as the company's answer: the field is still empty, and still a gap."""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ropa_app.catalogue_index import is_version
from ropa_app.domain import ACTIVITY_FIELDS, LIST_KINDS
from ropa_app.errors import RopaError
from ropa_app.paths import resource_path

TEMPLATES_FILE = "activity_templates.toml"
# What a template may propose, in the order the editor shows them (register order).
PROPOSED_FIELDS = ("purpose", "data_subjects", "legal_basis", "legal_basis_reference", "data_categories",
                   "retention")
_TEXTS = ("title", "area") + PROPOSED_FIELDS


@dataclass(frozen=True)
class StarterTemplate:
    key: str
    values_nb: dict
    values_en: dict

    def title(self, lang: str) -> str:
        return self.values(lang)["title"]

    def values(self, lang: str) -> dict:
        return self.values_en if lang == "en" else self.values_nb

    def proposals(self, lang: str) -> dict[str, object]:
        values = self.values(lang)
        return {f: values[f] for f in PROPOSED_FIELDS if values.get(f)}


@dataclass(frozen=True)
class StarterTemplates:
    version: str
    date: str
    templates: tuple[StarterTemplate, ...]

    def get(self, key: str) -> StarterTemplate:
        for template in self.templates:
            if template.key == key:
                return template
        raise RopaError("unknown_starter_template", key=key, keys=", ".join(t.key for t in self.templates))

    def has(self, key: str) -> bool:
        return any(t.key == key for t in self.templates)


def _invalid(field: str, problem: str) -> RopaError:
    return RopaError("catalogue_invalid", file=TEMPLATES_FILE, field=field, problem=problem)


def parse_templates(data: dict) -> StarterTemplates:
    """Check the file's data: every text in both languages, lists where a list field is, art. 6 letters."""
    version = data.get("version")
    if not is_version(version):
        raise _invalid("version", "missing or not numbers separated by dots")
    templates = []
    for key, body in (data.get("templates") or {}).items():
        if not isinstance(body, dict):
            raise _invalid(f"templates.{key}", "expected a table")
        allowed = {f"{n}_{lang}" for n in _TEXTS if n != "legal_basis" for lang in ("nb", "en")} | {"legal_basis"}
        unknown = set(body) - allowed
        if unknown:
            raise _invalid(f"templates.{key}.{sorted(unknown)[0]}", "unknown field")
        per_lang = {}
        for lang in ("nb", "en"):
            values: dict = {}
            for name in _TEXTS:
                spec = ACTIVITY_FIELDS[name]
                raw = body.get("legal_basis", []) if name == "legal_basis" else body.get(f"{name}_{lang}")
                where = f"templates.{key}.{name}" + ("" if name == "legal_basis" else f"_{lang}")
                if name in ("title", "purpose") and not raw:
                    raise _invalid(where, "missing")
                if spec.kind in LIST_KINDS:
                    if not isinstance(raw or [], list) or any(not isinstance(v, str) for v in raw or []):
                        raise _invalid(where, "expected a list of texts")
                    if spec.choices and any(v not in spec.choices for v in raw or []):
                        raise _invalid(where, f"must be among {', '.join(spec.choices)}")
                    values[name] = list(raw or [])
                else:
                    if not isinstance(raw or "", str):
                        raise _invalid(where, "expected text")
                    values[name] = raw or ""
            per_lang[lang] = values
        templates.append(StarterTemplate(key, per_lang["nb"], per_lang["en"]))
    return StarterTemplates(version=version, date=str(data.get("date", "")), templates=tuple(templates))


@functools.lru_cache(maxsize=4)
def load_starter_templates(path: Path | None = None) -> StarterTemplates:
    path = path or resource_path(TEMPLATES_FILE)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _invalid("-", str(exc)) from None
    return parse_templates(data)


def add_from_template(store, key: str, lang: str = "nb", title: str | None = None) -> int:
    """A new activity named by the template (or ``title``); its other values wait as proposals."""
    template = load_starter_templates().get(key)
    values = template.values(lang)
    return store.add_activity(title or values["title"], template=key, area=values["area"])


def pending_proposals(activity: dict, lang: str = "nb") -> dict[str, object]:
    """The template's proposals for fields the activity leaves empty: what the editor offers to accept."""
    templates = load_starter_templates()
    key = activity.get("template") or ""
    if not templates.has(key):
        return {}
    return {f: v for f, v in templates.get(key).proposals(lang).items() if not activity.get(f)}


def accept_proposals(store, activity_id: int, fields: list[str] | None = None, lang: str = "nb") -> list[str]:
    """Write the template's proposals into the activity's empty fields (all, or ``fields``); returns the fields set."""
    with store.transaction():
        pending = pending_proposals(store.activity(activity_id), lang)
        wanted = fields or list(pending)
        for name in wanted:
            if name not in pending:
                raise RopaError("no_proposal", field=name, id=activity_id)
        for name in wanted:
            store.update_activity(activity_id, name, pending[name])
    return wanted
