"""Starting and stopping the use of vendor services: which processing activity a service lands in, and removing
exactly what adoption brought when the service is dropped."""
from __future__ import annotations

from dataclasses import dataclass

from ropa_app.catalogue import Catalogue
from ropa_app.store import Store


@dataclass(frozen=True)
class Adoption:
    key: str
    activity_id: int
    activity_created: bool
    already: bool  # the service already supported that activity
    implied_by: str = ""  # set when a base service was adopted because an add-on needs it


@dataclass(frozen=True)
class Drop:
    key: str
    activity_ids: tuple[int, ...]
    removed_activities: tuple[int, ...]
    removed_snapshots: tuple[dict, ...] = ()  # each removed activity as it was (Store.snapshot_activity), for undo


def _with_bases(catalogue: Catalogue, store: Store, keys: list[str]) -> list[tuple[str, str]]:
    """Keys in adoption order, each add-on preceded by its base when the base is not in use yet."""
    ordered: list[tuple[str, str]] = []
    for key in keys:
        service = catalogue.service(key)
        if service.parent and not store.is_adopted(service.parent) and all(k != service.parent for k, _ in ordered):
            ordered.append((service.parent, key))
        if all(k != key for k, _ in ordered):
            ordered.append((key, ""))
    return ordered


def _target_activity(store: Store, catalogue: Catalogue, key: str, title: str | None, lang: str,
                     activity_id: int | None = None) -> tuple[int, bool]:
    if activity_id is not None:
        store.activity(activity_id)  # an unknown id is a message, before anything is written
        return activity_id, False
    if title:
        existing = store.activity_by_title(title)
        return (existing, False) if existing else (store.add_activity(title), True)
    service = catalogue.service(key)
    # An add-on joins its base's activity, unless it serves a purpose of its own (Dipper's NPS: a customer survey).
    if service.parent and service.activity in ("", catalogue.service(service.parent).activity):
        linked = store.activities_of_service(service.parent)
        if linked:
            return linked[0], False
    if not any(a.key == service.activity for a in catalogue.activities):
        # An own vendor's service names no (known) template: it lands in an activity named after it, which the
        # user links elsewhere from the service page or the activity.
        existing = store.activity_by_title(service.name)
        return (existing, False) if existing else (store.add_activity(service.name), True)
    existing = store.activity_by_template(service.activity)
    if existing:
        return existing, False
    template = catalogue.activity(service.activity)
    area = template.area_en if lang == "en" else template.area_nb
    return store.add_activity(template.title(lang), template=template.key, area=area), True


def adopt_services(store: Store, keys: list[str], activity_title: str | None = None,
                   lang: str = "nb", activity_id: int | None = None) -> list[Adoption]:
    """Start using ``keys`` (all or none: one transaction). Add-ons bring their base service along. By default a
    service lands in its template's activity (made when the file has none); ``activity_title`` or ``activity_id``
    names another."""
    catalogue = store.catalogue()
    results: list[Adoption] = []
    with store.transaction():
        for key, implied_by in _with_bases(catalogue, store, keys):
            target, created = _target_activity(store, catalogue, key, activity_title, lang, activity_id)
            added = store.adopt_service(key, target)
            results.append(Adoption(key, target, created, not added, implied_by))
    return results


def link_service(store: Store, key: str, activity_id: int) -> bool:
    """Let ``key`` (catalogue or own) support one more activity; a service not yet in use starts being used.
    An add-on brings its base into the same activity. False when the link was there already."""
    results = adopt_services(store, [key], activity_id=activity_id)
    return not results[-1].already


def unlink_service(store: Store, key: str, activity_id: int) -> list[dict]:
    """Take ``key`` out of one activity. The service stays in use (for its other activities, or for none until
    the user drops it in the catalogue). Returns the confirmations of optional categories that went with it."""
    store.catalogue().service(key)
    return store.unlink_service(key, activity_id)


def _untouched(store: Store, catalogue: Catalogue, activity: dict) -> bool:
    """An activity adoption created and the user has not written in since (only its default title and area)."""
    if not activity["template"]:
        return False
    try:
        template = catalogue.activity(activity["template"])
    except Exception:
        return False
    defaults = {"title": {template.title_nb, template.title_en}, "area": {template.area_nb, template.area_en, ""},
                "status": {"draft"}}
    for name, value in activity.items():
        if name in ("id", "template", "created", "updated"):
            continue
        if name in defaults:
            if value not in defaults[name]:
                return False
        elif value:
            return False
    return not store.category_decisions(activity["id"])


def drop_services(store: Store, keys: list[str]) -> list[Drop]:
    """Stop using ``keys`` and their add-ons (one transaction). Removes their links, their confirmations of optional
    data categories, and any activity that adoption created and nobody has written in; the user's text stays."""
    catalogue = store.catalogue()
    ordered: list[str] = []
    for key in keys:
        catalogue.service(key)
        for addon in catalogue.addons(key):
            if store.is_adopted(addon.key) and addon.key not in ordered:
                ordered.append(addon.key)
        if key not in ordered:
            ordered.append(key)
    results: list[Drop] = []
    with store.transaction():
        for key in ordered:
            linked = store.drop_service(key)
            removed, snapshots = [], []
            for activity_id in linked:
                activity = store.activity(activity_id)
                if not store.services_of_activity(activity_id) and _untouched(store, catalogue, activity):
                    snapshots.append(store.snapshot_activity(activity_id))
                    store.remove_activity(activity_id)
                    removed.append(activity_id)
            results.append(Drop(key, tuple(linked), tuple(removed), tuple(snapshots)))
    return results
