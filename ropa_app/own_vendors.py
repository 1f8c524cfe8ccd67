"""The company's own vendors: turning what a user types (the app's dialog, the command line, a vendor pack) into
catalogue records kept apart from the shipped ones by a "user-" key, and the questions about them (which activities
use one, may it be removed). Parsing lives here, not in the dialog, so the CLI and the app accept the same text."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ropa_app.catalogue import (
    NOT_STATED,
    SUBJECTS,
    Catalogue,
    DataCategory,
    Service,
    Source,
    SubProcessor,
    Vendor,
)
from ropa_app.errors import RopaError
from ropa_app.i18n import LANGUAGES, t
from ropa_app.validation import clean_text, normalise_country

USER_PREFIX = "user-"
USER_ROLES = ("processor", "independent_controller")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def slugify(text: str, fallback: str) -> str:
    """'Østlandske Fjøs & Co' -> 'ostlandske-fjos-co' (ascii, æ→ae ø→o å→a)."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD).lower())
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-") or fallback


def lines(text: str) -> list[str]:
    return [line.strip() for line in clean_text(text or "").split("\n") if line.strip()]


def _country_names() -> dict[str, str]:
    from ropa_app.countries import country_name, known_codes

    names = {}
    for code in known_codes():
        for lang in LANGUAGES:
            names[country_name(code, lang).casefold()] = code
    return names


def parse_country(token: str) -> str:
    """One country as typed: an ISO 3166-1 code (aliases UK, EL accepted), EU/EEA, or a country's name in either
    language ('Tyskland', 'Germany'). Anything else is a RopaError naming it."""
    token = clean_text(token).strip()
    try:
        return normalise_country(token)[0]
    except RopaError:
        code = _country_names().get(token.casefold(), "")
        if not code:
            raise RopaError("invalid_country", value=token) from None
        return code


def parse_countries(text: str) -> tuple[str, ...]:
    """'NO, se; Tyskland' -> ('NO', 'SE', 'DE'), without duplicates."""
    codes: list[str] = []
    for token in re.split(r"[,;\n]", clean_text(text or "")):
        if token.strip():
            code = parse_country(token)
            if code not in codes:
                codes.append(code)
    return tuple(codes)


def parse_sub_processor(line: str, number: int = 1) -> tuple[str, tuple[str, ...]]:
    """'Navn; IE, DE' -> ('Navn', ('IE', 'DE')); no countries means the vendor does not state them."""
    name, _, countries = clean_text(line).partition(";")
    name = " ".join(name.split())
    if not name:
        raise RopaError("own_vendor_sub_name", line=number)
    try:
        codes = parse_countries(countries)
    except RopaError as exc:
        raise RopaError("own_vendor_sub_country", line=number, value=exc.params.get("value", "")) from None
    return name, codes or (NOT_STATED,)


def parse_sub_processors(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [parse_sub_processor(line, n) for n, line in enumerate(lines(text), start=1)]


def subject_labels(lang: str) -> str:
    return ", ".join(t(f"enum.subject.{s}", lang) for s in SUBJECTS)


def _subject(label: str) -> str | None:
    label = label.strip().casefold()
    if not label:
        return None
    exact = {s: s for s in SUBJECTS}
    for s in SUBJECTS:
        for lang in LANGUAGES:
            exact[t(f"enum.subject.{s}", lang).casefold()] = s
    if label in exact:
        return exact[label]
    starts = {s for s in SUBJECTS for lang in LANGUAGES if t(f"enum.subject.{s}", lang).casefold().startswith(label)}
    return starts.pop() if len(starts) == 1 else None


def parse_categories(text: str, lang: str = "nb") -> list[tuple[str, str]]:
    """One per line, 'subject label: category' -> [(subject key, category)]."""
    out = []
    for number, line in enumerate(lines(text), start=1):
        label, colon, name = line.partition(":")
        subject = _subject(label) if colon else None
        if subject is None or not name.strip():
            raise RopaError("own_vendor_category_line", line=number, value=line, subjects=subject_labels(lang))
        out.append((subject, name.strip()))
    return out


def country_summary(codes: tuple[str, ...], lang: str) -> str:
    """How the register will read the countries, with the same classification as catalogue vendors:
    'Irland (EU/EØS), USA (tredjeland: krever overføringsgrunnlag)'."""
    from ropa_app.countries import classify, country_name

    parts = []
    for code in codes:
        status = classify(code)
        parts.append(f"{country_name(code, lang)} ({t(f'country.status.{status.status}', lang)})")
    return ", ".join(parts)


def today() -> str:
    return dt.date.today().isoformat()


def own_source(lang: str, date: str | None = None) -> Source:
    """Where a fact the user typed comes from: their own entry, dated."""
    return Source(document=t("ui.catalogue.user.document", lang), section=date or today())


def build_own_service(values: dict[str, object], catalogue: Catalogue, existing_key: str | None = None,
                      lang: str = "nb", source: Source | None = None) -> tuple[Vendor, Service]:
    """The vendor and service ``values`` describe (vendor, service, description, role, countries,
    sub_processors, data_categories, retention, security, activity); a RopaError says what cannot be used.
    ``sub_processors`` and ``countries`` may be text or lists (the CLI's repeated options)."""
    def text(name: str) -> str:
        value = values.get(name) or ""
        return "\n".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)

    vendor_name = " ".join(clean_text(text("vendor")).split())
    service_name = " ".join(clean_text(text("service")).split())
    if not vendor_name:
        raise RopaError("own_vendor_name_required")
    if not service_name:
        raise RopaError("own_vendor_service_required")
    countries = parse_countries(text("countries"))
    sub_processors = parse_sub_processors(text("sub_processors"))
    categories = parse_categories(text("data_categories"), lang)
    role = text("role") or USER_ROLES[0]
    if role not in USER_ROLES:
        raise RopaError("invalid_choice", field="role", value=role, choices=", ".join(USER_ROLES))
    activity = text("activity")
    if existing_key and catalogue.has(existing_key):
        key = existing_key
        vendor_id = catalogue.service(existing_key).vendor
    else:
        vendor_id = USER_PREFIX + slugify(vendor_name, "vendor")
        stem = f"{vendor_id}/{slugify(service_name, 'service')}"
        key, n = stem, 1
        while catalogue.has(key):
            n += 1
            key = f"{stem}-{n}"
    source = source or own_source(lang)
    vendor = Vendor(id=vendor_id, name=vendor_name, document=source.document, document_title=source.document,
                    source=source)
    service = Service(
        key=key, vendor=vendor_id, name=service_name, description=clean_text(text("description")).strip(),
        source=source, activity=activity, role=role, countries=countries,
        retention_general=tuple(lines(text("retention"))), security_measures=tuple(lines(text("security"))),
        data_categories=tuple(DataCategory(subject=s, name=n, source=source, subjects=(s,))
                              for s, n in categories),
        sub_processors=tuple(SubProcessor(name=n, countries=c, source=source) for n, c in sub_processors))
    return vendor, service


def values_from_service(catalogue: Catalogue, key: str, lang: str = "nb") -> dict[str, str]:
    """The values of an own service as a user typed them (to edit it)."""
    service = catalogue.service(key)
    vendor = next((v for v in catalogue.vendors if v.id == service.vendor), None)
    return {
        "vendor": vendor.name if vendor else "", "service": service.name, "description": service.description,
        "role": service.role, "countries": ", ".join(service.countries),
        "sub_processors": "\n".join(f"{p.name}; {', '.join(c for c in p.countries if c != NOT_STATED)}".rstrip("; ")
                                    for p in service.sub_processors),
        "data_categories": "\n".join(f"{t(f'enum.subject.{c.subject}', lang)}: {c.name}"
                                     for c in service.data_categories),
        "retention": "\n".join(service.retention_general), "security": "\n".join(service.security_measures),
        "activity": service.activity,
    }


@dataclass(frozen=True)
class OwnService:
    key: str
    vendor: str
    name: str
    activity_ids: tuple[int, ...]


def own_services(store) -> list[OwnService]:
    """The file's own vendor services, each with the activities it supports."""
    catalogue = store.catalogue()
    out = []
    for service in catalogue.services:
        if store.service_origin(service.key) != "user":
            continue
        vendor = next((v.name for v in catalogue.vendors if v.id == service.vendor), service.vendor)
        ids = tuple(store.activities_of_service(service.key)) if store.is_adopted(service.key) else ()
        out.append(OwnService(service.key, vendor, service.name, ids))
    return out


def remove_own_service(store, key: str, unlink: bool = False) -> tuple[int, ...]:
    """Remove an own vendor service. While activities use it, refuse (saying how many) unless ``unlink``: then it
    leaves them first (one transaction). Returns the activities it was taken out of."""
    from ropa_app.adoption import drop_services

    if store.service_origin(key) != "user":
        raise RopaError("user_service_unknown", key=key)
    used = tuple(store.activities_of_service(key)) if store.is_adopted(key) else ()
    if used and not unlink:
        raise RopaError("own_vendor_in_use", key=key, count=len(used),
                        ids=", ".join(str(i) for i in used))
    with store.transaction():
        if store.is_adopted(key):
            drop_services(store, [key])
        store.remove_user_service(key)
    return used
