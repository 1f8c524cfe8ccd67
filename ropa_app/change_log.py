"""The change log as people read it: entities and fields named in the user's language, list values as lists,
choices by their labels, services by name. Shared by the app's change-log page and the xlsx and pdf exports."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from ropa_app.columns import choice_label, field_label
from ropa_app.domain import ACTIVITY_FIELDS, CHOICE_GROUPS, LIST_KINDS
from ropa_app.i18n import has, t


@dataclass(frozen=True)
class ChangeText:
    what: str
    field: str
    old: str
    new: str


@lru_cache(maxsize=4096)
def entity_label(entity: str, lang: str) -> str:
    key = f"log.entity.{entity}"
    return t(key, lang) if has(key) else entity


@lru_cache(maxsize=4096)
def change_field_label(entity: str, field: str, lang: str) -> str:
    if entity == "activity" and field.startswith("category:"):
        return f"{field_label('data_categories', lang)}: {field.rsplit(':', 1)[-1]}"
    for key in (f"field.{entity}.{field}", f"log.field.{field}"):
        if has(key):
            return t(key, lang)
    return field_label(field, lang) if entity == "activity" else field


def readable_value(entity: str, field: str, value: str, lang: str, services: dict[str, str]) -> str:
    """A logged value as text: JSON lists joined, choices by label, service keys by name."""
    if entity == "activity" and field == "service":
        return services.get(value, value)
    spec = ACTIVITY_FIELDS.get(field) if entity == "activity" else None
    items: list | None = None
    if value.startswith("[") and value.endswith("]"):
        try:
            decoded = json.loads(value)
        except ValueError:
            decoded = None
        if isinstance(decoded, list):
            items = [str(i) for i in decoded]
    if spec is not None and spec.name in CHOICE_GROUPS:
        if items is not None:
            return ", ".join(choice_label(field, i, lang) for i in items)
        return choice_label(field, value, lang) if value else ""
    if items is not None and (spec is None or spec.kind in LIST_KINDS):
        return ", ".join(items)
    return value


class ChangeDescriber:
    """Describe change-log rows in one language, naming activities and services when it knows them."""

    def __init__(self, lang: str, activity_titles: dict[int, str] | None = None,
                 services: dict[str, str] | None = None) -> None:
        self.lang = lang
        self.titles = activity_titles or {}
        self.services = services or {}

    def describe(self, entity: str, entity_id: str, field: str, old: str, new: str) -> ChangeText:
        what = entity_label(entity, self.lang)
        if entity == "activity" and entity_id.isdigit():
            title = self.titles.get(int(entity_id))
            what = f"{what} {entity_id}" + (f": {title}" if title else "")
        elif entity_id and entity != "organisation":
            what = f"{what}: {self.services.get(entity_id, entity_id)}"
        return ChangeText(what, change_field_label(entity, field, self.lang),
                          readable_value(entity, field, old or "", self.lang, self.services),
                          readable_value(entity, field, new or "", self.lang, self.services))
