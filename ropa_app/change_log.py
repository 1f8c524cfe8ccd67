"""The change log as people read it: one sentence per change («Egen leverandør lagt til: Visma Lønn (Norge),
3 opplysningskategorier»), plus what changed, the field and the old and new value as text. Entities and fields are
named in the reader's language, list values are lists, choices their labels, services and countries their names,
yes/no words in the reader's language; never JSON nor a raw field name. The one describer for the app's change-log
page and the xlsx and pdf exports."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from ropa_app.columns import choice_label, field_label
from ropa_app.domain import ACTIVITY_FIELDS, CHOICE_GROUPS, LIST_KINDS
from ropa_app.i18n import has, t

SHORT = 60  # a value longer than this is not repeated in the sentence (the old and new columns hold it)
YES_NO = {"yes": "yes", "no": "no", "true": "yes", "false": "no"}


@dataclass(frozen=True)
class ChangeText:
    what: str
    field: str
    old: str
    new: str
    sentence: str = ""


def lower_first(label: str) -> str:
    """«Formålet med behandlingen» → «formålet med behandlingen», «E-mail» → «e-mail» inside a sentence; DPIA, DPO's
    keep their capitals."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


@lru_cache(maxsize=4096)
def entity_label(entity: str, lang: str) -> str:
    key = f"log.entity.{entity}"
    return t(key, lang) if has(key) else t("log.entity.other", lang)


@lru_cache(maxsize=4096)
def change_field_label(entity: str, field: str, lang: str) -> str:
    if entity == "activity" and field.startswith("category:"):
        return f"{field_label('data_categories', lang)}: {field.rsplit(':', 1)[-1]}"
    for key in (f"field.{entity}.{field}", f"log.field.{field}"):
        if has(key):
            return t(key, lang)
    if entity == "activity" and field in ACTIVITY_FIELDS:
        return field_label(field, lang)
    return t("log.field.other", lang)


def _list(value: str) -> list[str] | None:
    if value.startswith("[") and value.endswith("]"):
        try:
            decoded = json.loads(value)
        except ValueError:
            return None
        if isinstance(decoded, list):
            return [str(i) for i in decoded]
    return None


def _countries(codes: list[str], lang: str) -> str:
    from ropa_app.countries import country_name

    return ", ".join(country_name(code, lang) for code in codes)


def _location(value: str, lang: str) -> str:
    """A recipient's logged location: '["US"] mechanism' → 'USA; mechanism'."""
    if value.startswith("["):
        head, _, mechanism = value.partition("] ")
        codes = _list(head + "]") or []
        return "; ".join(p for p in (_countries(codes, lang), mechanism.strip()) if p)
    return value


def user_service_summary(value: str, lang: str, name: str = "") -> str:
    """An own vendor service's logged facts as «Visma Lønn (Norge), 3 opplysningskategorier»."""
    try:
        facts = json.loads(value) if value else {}
    except ValueError:
        return value
    if not isinstance(facts, dict):
        return value
    parts = [name or str(facts.get("name", ""))]
    countries = [str(c) for c in facts.get("countries") or []]
    if countries:
        parts[0] += f" ({_countries(countries, lang)})"
    count = len(facts.get("data_categories") or [])
    if count:
        parts.append(t("log.value.categories.one" if count == 1 else "log.value.categories", lang, count=count))
    return ", ".join(p for p in parts if p)


def readable_value(entity: str, field: str, value: str, lang: str, services: dict[str, str]) -> str:
    """A logged value as text: lists joined, choices by label, service keys and countries by name, yes/no in
    ``lang``; never JSON."""
    if not value:
        return ""
    if (entity, field) in (("activity", "service"), ("served_controller", "sub_processor")):
        return services.get(value, value)
    if entity == "activity" and field.startswith("category:"):
        key = f"enum.decision.{value}"
        return t(key, lang) if has(key) else value
    if entity == "recipient" and field == "location":
        return _location(value, lang)
    if field == "org_number":
        from ropa_app.validation import format_orgnr

        return format_orgnr(value)
    if field == "dpa_date":  # the one date field; stored as ISO, read as the language writes dates
        from ropa_app.dates import format_date

        return format_date(value, lang)
    if entity == "user_service" and field == "facts":
        return user_service_summary(value, lang)
    if entity == "service" and field == "adopted":
        return t("log.value.in_use", lang) if value else ""
    if entity == "catalogue_change" and field == "acknowledged":
        return t("log.value.reviewed" if value == "1" else "log.value.not_reviewed", lang)
    spec = ACTIVITY_FIELDS.get(field) if entity == "activity" else None
    items = _list(value)
    if spec is not None and spec.name in CHOICE_GROUPS:
        if items is not None:
            return ", ".join(choice_label(field, i, lang) for i in items)
        return choice_label(field, value, lang)
    if items is not None and (spec is None or spec.kind in LIST_KINDS):
        return ", ".join(items)
    if value.lower() in YES_NO:
        return t(f"log.value.{YES_NO[value.lower()]}", lang)
    return value


class ChangeDescriber:
    """Describe change-log rows in one language, naming activities and services when it knows them."""

    def __init__(self, lang: str, activity_titles: dict[int, str] | None = None,
                 services: dict[str, str] | None = None, controllers: dict[int, str] | None = None) -> None:
        self.lang = lang
        self.titles = activity_titles or {}
        self.services = services or {}
        self.controllers = controllers or {}  # the controllers the company serves as a processor, by id

    def describe(self, entity: str, entity_id: str, field: str, old: str, new: str, *,
                 sentence: bool = True) -> ChangeText:
        """The change as text; ``sentence=False`` leaves out the sentence (the exports' tables have a column
        each for what, field, old and new, and 20,000 sentences cost an export a tenth of its time)."""
        lang = self.lang
        old, new = old or "", new or ""
        what = entity_label(entity, lang)
        subject = ""  # how the sentence names the thing changed
        if entity == "activity" and entity_id.isdigit():
            title = self.titles.get(int(entity_id)) or (old if field == "removed" else "")
            what = f"{what} {entity_id}" + (f": {title}" if title else "")
            subject = t("log.sentence.quoted", lang, text=title) if title and sentence else what
        elif entity == "served_controller" and entity_id.isdigit():
            name = self.controllers.get(int(entity_id)) or (
                old if field == "removed" else new if field == "restored" or (field == "name" and not old) else "")
            what = f"{what} {entity_id}" + (f": {name}" if name else "")
            subject = t("log.sentence.quoted", lang, text=name) if name and sentence else what
        elif entity in ("service", "user_service") and entity_id:
            name = self.services.get(entity_id, "")
            if entity == "user_service" and not name:
                name = user_service_summary(new or old, lang).split(" (", 1)[0].split(",", 1)[0]
            what = f"{what}: {name or entity_id}"
            subject = name or entity_id
        elif entity_id and entity not in ("organisation", "catalogue", "catalogue_change", "processor_role"):
            what = f"{what}: {self.services.get(entity_id, entity_id)}"
            subject = what
        else:
            subject = what
        label = change_field_label(entity, field, lang)
        old_text = readable_value(entity, field, old, lang, self.services)
        new_text = readable_value(entity, field, new, lang, self.services)
        if not sentence:
            return ChangeText(what, label, old_text, new_text)
        return ChangeText(what, label, old_text, new_text,
                          self._sentence(entity, field, subject, label, old_text, new_text, old, new))

    def _sentence(self, entity: str, field: str, subject: str, label: str, old_text: str, new_text: str,
                  old: str, new: str) -> str:
        lang = self.lang

        def say(key: str, **params: object) -> str:
            return t(f"log.sentence.{key}", lang, **params)

        if entity == "activity" and field == "title" and not old:
            return say("activity_added", title=new_text)
        if entity == "activity" and field == "removed":
            return say("activity_removed", title=old_text)
        if entity == "activity" and field == "restored":
            return say("activity_restored", title=new_text)
        if entity == "activity" and field == "service":
            return say("service_linked" if new else "service_unlinked", activity=subject,
                       service=new_text or old_text)
        if entity == "service" and field == "adopted":
            return say("adopted" if new else "dropped", service=subject)
        if entity == "user_service" and field == "facts":
            key = "user_added" if not old else "user_removed" if not new else "user_changed"
            return say(key, summary=user_service_summary(new or old, lang, name=subject))
        if entity == "served_controller" and (field in ("removed", "restored") or (field == "name" and not old)):
            key = {"removed": "served_removed", "restored": "served_restored"}.get(field, "served_added")
            return say(key, name=new_text or old_text)
        if entity == "served_controller" and field == "sub_processor":
            return say("served_sub_added" if new else "served_sub_removed", controller=subject,
                       name=new_text or old_text)
        if entity == "joint_controller" and field == "name" and (not old or not new):
            return say("joint_added" if new else "joint_removed", name=new_text or old_text)
        if entity == "catalogue" and field == "version":
            return say("catalogue_updated", old=old_text, new=new_text)
        if entity == "catalogue_change" and field == "acknowledged":
            return say("change_reviewed")
        field_name = lower_first(label)
        if len(old_text) > SHORT or len(new_text) > SHORT:
            return say("changed_long", subject=subject, field=field_name)
        if not old_text:
            return say("set", subject=subject, field=field_name, new=new_text)
        if not new_text:
            return say("cleared", subject=subject, field=field_name, old=old_text)
        return say("changed", subject=subject, field=field_name, old=old_text, new=new_text)


def describer_for(register, lang: str, services: dict[str, str] | None = None,
                  titles: dict[int, str] | None = None) -> ChangeDescriber:
    """The describer for a register's change log: its activities by title, its services by vendor and name
    (``services`` when the caller knows more, e.g. the whole catalogue), its served controllers by name."""
    controllers = register.processor.controllers
    if services is None:
        services = {p.service_key: f"{p.vendor}: {p.service}" for p in register.processors}
        for r in (r for c in controllers for r in c.sub_processors if r.origin and r.origin.service_key):
            services.setdefault(r.origin.service_key, r.name)  # a service used only for a served controller
    if titles is None:
        titles = {e.id: e.title for e in register.entries}
    return ChangeDescriber(lang, titles, services, {c.id: c.name for c in controllers})
