"""The Article 30 register: plain, immutable dataclasses built once from an open ROPA file.

Renderers (xlsx, pdf, json) and checks work from a Register only, never from the database. Inherited facts keep the
vendor, service and source document they came from.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from ropa_app import __version__
from ropa_app.catalogue import Catalogue, Service
from ropa_app.countries import CountryStatus, classify, table_date

REGISTER_FORMAT = 1

# Recipient kinds (the CNIL split: internal / processors / others), with the vendor's role folded in.
PROCESSOR = "processor"
RESELLER = "reseller_processor"
SUB_PROCESSOR = "sub_processor"
INDEPENDENT_CONTROLLER = "independent_controller"
OTHER = "other"  # recipients the user names, and third parties placing cookies

OPEN, CONFIRMED, DECLINED = "open", "confirmed", "declined"


@dataclass(frozen=True)
class Origin:
    """Where an inherited fact comes from."""

    service_key: str
    service: str
    vendor: str
    document: str
    section: str

    def label(self) -> str:
        return f"{self.vendor}: {self.service}"


@dataclass(frozen=True)
class Fact:
    text: str
    origin: Origin


@dataclass(frozen=True)
class DataCategory:
    subject: str  # a catalogue subject key (employees, callers, ...) or the user's own words
    name: str
    retention: str = ""
    description: str = ""
    example: str = ""
    purpose: str = ""
    optional: bool = False
    decision: str = ""  # OPEN / CONFIRMED / DECLINED for optional categories, "" otherwise
    monitoring: bool = False
    special: str = ""
    origin: Origin | None = None  # None: the company's own

    @property
    def in_use(self) -> bool:
        return not self.optional or self.decision == CONFIRMED


@dataclass(frozen=True)
class Location:
    code: str  # ISO code, EU, EEA, or not_stated
    status: str  # see ropa_app.countries

    @classmethod
    def of(cls, code: str) -> Location:
        s: CountryStatus = classify(code)
        return cls(s.code, s.status)


@dataclass(frozen=True)
class Recipient:
    name: str
    kind: str  # PROCESSOR | RESELLER | SUB_PROCESSOR | INDEPENDENT_CONTROLLER | OTHER
    locations: tuple[Location, ...] = ()
    via: str = ""  # the processor a sub-processor works for
    activity: str = ""  # what it does
    data: str = ""
    location_statement: str = ""
    mechanism: str = ""  # transfer mechanism: the user's resolution, else what the vendor states
    resolved_by_user: bool = False
    origin: Origin | None = None


@dataclass(frozen=True)
class Transfer:
    recipient: str
    country: str
    status: str
    mechanism: str
    via: str = ""
    activity_ids: tuple[int, ...] = ()
    origin: Origin | None = None


@dataclass(frozen=True)
class ServiceUse:
    """An adopted service as it supports an activity."""

    key: str
    name: str
    vendor: str
    role: str
    dpa_reference: str  # the company's own reference (date / document)
    vendor_dpa_terms: str  # where the vendor says its processing terms are
    countries: tuple[Location, ...]
    origin: Origin


@dataclass(frozen=True)
class Entry:
    """One processing activity (behandlingsaktivitet), with its own and its inherited facts."""

    id: int
    title: str
    area: str
    status: str
    created: str
    updated: str
    owner_name: str
    owner_email: str
    owner_phone: str
    joint_controllers: str
    joint_responsibilities: str
    joint_contact: str
    purpose: str
    template: str  # the activity template adoption made it from (its purpose suggestion is in the catalogue)
    legal_basis: tuple[str, ...]
    legal_basis_reference: str
    legitimate_interest_assessment: str
    special_categories: tuple[str, ...]
    art9_conditions: tuple[str, ...]
    art10_basis: str
    data_subjects: tuple[str, ...]  # the user's own words
    inherited_subjects: tuple[str, ...]  # catalogue subject keys of the categories in use
    data_categories: tuple[DataCategory, ...]  # own first, then inherited (declined ones included, marked)
    retention: str
    retention_rules: tuple[Fact, ...]  # the vendors' general deletion rules
    security_measures: str
    vendor_security: tuple[Fact, ...]
    sources: tuple[str, ...]
    systems: tuple[str, ...]
    recipients: tuple[Recipient, ...]
    transfers: tuple[Transfer, ...]
    transfers_note: str
    high_risk: str
    dpia_done: str
    dpia_reference: str
    services: tuple[ServiceUse, ...]
    customer_duties: tuple[Fact, ...]
    notes: str

    @property
    def categories_in_use(self) -> tuple[DataCategory, ...]:
        return tuple(c for c in self.data_categories if c.in_use)

    @property
    def processors(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.kind in (PROCESSOR, RESELLER))


@dataclass(frozen=True)
class JointController:
    name: str
    org_number: str
    contact: str
    email: str
    phone: str
    responsibilities: str


@dataclass(frozen=True)
class Organisation:
    name: str
    org_number: str
    address: str
    email: str
    phone: str
    contact_name: str
    representative_name: str
    representative_address: str
    representative_email: str
    representative_phone: str
    dpo_name: str
    dpo_address: str
    dpo_email: str
    dpo_phone: str
    joint_controllers: tuple[JointController, ...] = ()


@dataclass(frozen=True)
class ProcessorRow:
    """A processor (or independent controller) per adopted service, for the Databehandlere sheet."""

    vendor: str
    service_key: str
    service: str
    role: str
    dpa_reference: str
    vendor_dpa_terms: str
    countries: tuple[Location, ...]
    sub_processors: tuple[str, ...]
    activity_ids: tuple[int, ...]
    origin: Origin


@dataclass(frozen=True)
class SubProcessorRow:
    name: str
    processor: str
    service: str
    activity: str
    data: str
    locations: tuple[Location, ...]
    location_statement: str
    mechanism: str
    activity_ids: tuple[int, ...]
    origin: Origin


@dataclass(frozen=True)
class ChangeLogEntry:
    at: str
    who: str
    entity: str
    entity_id: str
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Gap:
    severity: str  # "mandatory" | "warning" | "notice"
    code: str  # message key under gap.<code>
    field: str  # the register field it concerns (activity field name, organisation.<field>, ...)
    activity_id: int | None = None
    activity_title: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def param_dict(self) -> dict[str, str]:
        return dict(self.params)


@dataclass(frozen=True)
class CatalogueChange:
    service_key: str
    service: str
    from_version: str
    to_version: str
    detected: str


@dataclass(frozen=True)
class Register:
    organisation: Organisation
    entries: tuple[Entry, ...]
    processors: tuple[ProcessorRow, ...]
    sub_processors: tuple[SubProcessorRow, ...]
    transfers: tuple[Transfer, ...]
    change_log: tuple[ChangeLogEntry, ...]
    catalogue_changes: tuple[CatalogueChange, ...]
    file_name: str
    made_at: str  # ISO timestamp, local time with offset
    catalogue_version: str
    countries_date: str
    app_version: str = __version__
    gaps: tuple[Gap, ...] = field(default=())

    def checksum(self) -> str:
        """A content checksum over everything the register says (not when it was made or by which version).

        The repr of frozen dataclasses of strings, numbers and tuples is deterministic, and much cheaper than a JSON
        dump of asdict(); computed once per Register."""
        cached = self.__dict__.get("_checksum")
        if cached is None:
            content = (self.organisation, self.entries, self.processors, self.sub_processors, self.transfers,
                       self.change_log, self.catalogue_changes, self.file_name, self.catalogue_version,
                       self.countries_date, self.gaps)
            cached = hashlib.sha256(repr(content).encode("utf-8", "surrogatepass")).hexdigest()[:16]
            self.__dict__["_checksum"] = cached  # frozen dataclass: cache beside the fields
        return cached

    def entry(self, activity_id: int) -> Entry:
        for e in self.entries:
            if e.id == activity_id:
                return e
        raise KeyError(activity_id)

    @property
    def mandatory_gaps(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.severity == "mandatory")


# --- building ----------------------------------------------------------------------------------------------

def _origin(catalogue: Catalogue, service: Service) -> Origin:
    vendor = catalogue.vendor(service.vendor)
    return Origin(service.key, service.name, vendor.name, service.source.document, service.source.section)


def _origin_for(catalogue: Catalogue, service: Service, document: str, section: str) -> Origin:
    vendor = catalogue.vendor(service.vendor)
    return Origin(service.key, service.name, vendor.name, document, section)


def _locations(codes: tuple[str, ...]) -> tuple[Location, ...]:
    return tuple(Location.of(c) for c in codes) or (Location.of("not_stated"),)


def _dedupe(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return tuple(out)


def _recipients_for(catalogue: Catalogue, service: Service, resolutions: dict[str, dict]) -> list[Recipient]:
    origin = _origin(catalogue, service)
    vendor = catalogue.vendor(service.vendor).name
    role = service.role or "processor"
    kind = {"processor": PROCESSOR, "reseller_processor": RESELLER,
            "independent_controller": INDEPENDENT_CONTROLLER}.get(role, PROCESSOR)
    safeguards = service.transfer.safeguards if service.transfer else ""
    vendor_locations = _locations(service.countries)
    out = [_resolve(Recipient(
        name=vendor, kind=kind, locations=vendor_locations, activity=service.name,
        location_statement=service.countries_statement, mechanism=_mechanism(safeguards, vendor_locations),
        origin=origin), resolutions)]
    for p in service.sub_processors:
        locations = _locations(p.countries)
        out.append(_resolve(Recipient(
            name=p.name, kind=SUB_PROCESSOR, locations=locations, via=vendor, activity=p.activity,
            data=p.data, location_statement=p.country_statement, mechanism=_mechanism(safeguards, locations),
            origin=_origin_for(catalogue, service, p.source.document, p.source.section)), resolutions))
    for c in service.cookies:
        if c.third_party:
            out.append(_resolve(Recipient(
                name=c.placed_by, kind=OTHER, locations=_locations(c.countries), via=vendor, activity=c.purpose,
                data=c.kind, origin=_origin_for(catalogue, service, c.source.document, c.source.section)),
                resolutions))
    return out


def _mechanism(safeguards: str, locations: tuple[Location, ...]) -> str:
    """The vendor's stated safeguards matter where data may leave the EEA (or nobody says where it goes)."""
    return safeguards if any(loc.status != "eea" for loc in locations) else ""


def _resolve(recipient: Recipient, resolutions: dict[str, dict]) -> Recipient:
    """Apply what the user found out about a recipient's location and transfer mechanism."""
    resolution = resolutions.get(recipient.name)
    if not resolution:
        return recipient
    locations = _locations(tuple(resolution["countries"])) if resolution["countries"] else recipient.locations
    from dataclasses import replace

    return replace(recipient, locations=locations, mechanism=resolution["mechanism"] or recipient.mechanism,
                   resolved_by_user=True)


def _merge_recipients(recipients: list[Recipient]) -> tuple[Recipient, ...]:
    """One row per (name, kind, via): the same sub-processor behind two add-ons is one recipient."""
    merged: dict[tuple[str, str, str], Recipient] = {}
    for r in recipients:
        merged.setdefault((r.name, r.kind, r.via), r)
    return tuple(merged.values())


def _transfers(entry_id: int, recipients: tuple[Recipient, ...]) -> list[Transfer]:
    out = []
    for r in recipients:
        for loc in r.locations:
            s = classify(loc.code)
            if s.is_transfer:
                out.append(Transfer(recipient=r.name, country=loc.code, status=loc.status, mechanism=r.mechanism,
                                    via=r.via, activity_ids=(entry_id,), origin=r.origin))
    return out


def build_register(store, *, made_at: dt.datetime | None = None, include_change_log: bool = True) -> Register:
    """Read everything the register needs from an open Store, once, and build the Register (with its gaps)."""
    from ropa_app.checks import find_gaps

    catalogue = store.catalogue()
    org_row = store.organisation()
    organisation = Organisation(
        **org_row, joint_controllers=tuple(
            JointController(**{k: jc[k] for k in ("name", "org_number", "contact", "email", "phone",
                                                  "responsibilities")}) for jc in store.joint_controllers()))
    adopted = {r["service_key"]: r for r in store.adopted_services()}
    resolutions = {r["recipient"]: r for r in store.recipient_resolutions()}
    links: dict[int, list[str]] = {}
    for link in store.activity_links():
        links.setdefault(link["activity_id"], []).append(link["service_key"])
    decisions: dict[tuple[int, str, str, str], str] = {
        (d["activity_id"], d["service_key"], d["subject"], d["category"]): d["decision"]
        for d in store.category_decisions()}

    entries = []
    for a in store.activities():
        uses, categories, retention_rules, security, recipients, duties = [], [], [], [], [], []
        for key in links.get(a["id"], []):
            if not catalogue.has(key):
                continue
            service = catalogue.resolved(key)
            origin = _origin(catalogue, service)
            uses.append(ServiceUse(
                key=key, name=service.name, vendor=origin.vendor, role=service.role or "processor",
                dpa_reference=_dpa_reference(catalogue, adopted, key), vendor_dpa_terms=service.dpa_reference,
                countries=_locations(service.countries), origin=origin))
            for c in service.data_categories:
                decision = ""
                if c.if_chosen:
                    decision = decisions.get((a["id"], key, c.subject, c.name), OPEN)
                categories.append(DataCategory(
                    subject=c.subject, name=c.name, retention=c.retention, description=c.description,
                    example=c.example, purpose=c.purpose, optional=c.if_chosen, decision=decision,
                    monitoring=c.monitoring, special=c.special,
                    origin=_origin_for(catalogue, service, c.source.document, c.source.section)))
            retention_rules += [Fact(r, origin) for r in service.retention_general]
            security += [Fact(m, origin) for m in service.security_measures]
            duties += [Fact(d, origin) for d in service.customer_duties]
            recipients += _recipients_for(catalogue, service, resolutions)
        own_categories = [DataCategory(subject="", name=name, retention=a["retention"]) for name in a["data_categories"]]
        recipients = [_resolve(Recipient(name=name, kind=OTHER, locations=()), resolutions)
                      for name in a["recipients"]] + recipients
        merged_recipients = _merge_recipients(recipients)
        # Categories: the same category from a base service and its add-on appears once.
        unique_categories = _dedupe_categories(own_categories + categories)
        entries.append(Entry(
            id=a["id"], title=a["title"], area=a["area"], status=a["status"], created=a["created"],
            updated=a["updated"], owner_name=a["owner_name"], owner_email=a["owner_email"],
            owner_phone=a["owner_phone"], joint_controllers=a["joint_controllers"],
            joint_responsibilities=a["joint_responsibilities"], joint_contact=a["joint_contact"],
            purpose=a["purpose"], template=a["template"], legal_basis=tuple(a["legal_basis"]),
            legal_basis_reference=a["legal_basis_reference"],
            legitimate_interest_assessment=a["legitimate_interest_assessment"],
            special_categories=tuple(a["special_categories"]), art9_conditions=tuple(a["art9_conditions"]),
            art10_basis=a["art10_basis"], data_subjects=tuple(a["data_subjects"]),
            inherited_subjects=_dedupe(c.subject for c in unique_categories if c.origin and c.in_use),
            data_categories=unique_categories, retention=a["retention"],
            retention_rules=_dedupe_facts(retention_rules), security_measures=a["security_measures"],
            vendor_security=_dedupe_facts(security), sources=tuple(a["sources"]), systems=tuple(a["systems"]),
            recipients=merged_recipients, transfers=tuple(_transfers(a["id"], merged_recipients)),
            transfers_note=a["transfers"], high_risk=a["high_risk"], dpia_done=a["dpia_done"],
            dpia_reference=a["dpia_reference"], services=tuple(uses), customer_duties=_dedupe_facts(duties),
            notes=a["notes"]))

    processors, sub_processors = _processor_rows(catalogue, adopted, links, resolutions)
    made = made_at or dt.datetime.now().astimezone()
    meta = store.meta()
    changes = tuple(CatalogueChange(
        service_key=c["service_key"], service=catalogue.service(c["service_key"]).name
        if catalogue.has(c["service_key"]) else c["service_key"], from_version=c["from_version"],
        to_version=c["to_version"], detected=c["detected"]) for c in store.catalogue_changes())
    log = tuple(ChangeLogEntry(**{k: str(e[k]) for k in ("at", "who", "entity", "entity_id", "field", "old", "new")})
                for e in store.change_log()) if include_change_log else ()
    register = Register(
        organisation=organisation, entries=tuple(entries), processors=processors, sub_processors=sub_processors,
        transfers=_merge_transfers([t for e in entries for t in e.transfers]), change_log=log,
        catalogue_changes=changes, file_name=store.path.name, made_at=made.replace(microsecond=0).isoformat(),
        catalogue_version=meta.get("catalogue_version", ""), countries_date=table_date())
    from dataclasses import replace

    return replace(register, gaps=tuple(find_gaps(register)))


def _dpa_reference(catalogue: Catalogue, adopted: dict, key: str) -> str:
    """The company's DPA reference for a service; an add-on is covered by its base service's agreement."""
    own = adopted.get(key, {}).get("dpa_reference", "")
    parent = catalogue.service(key).parent
    if own or not parent:
        return own
    return adopted.get(parent, {}).get("dpa_reference", "")


def _dedupe_categories(categories: list[DataCategory]) -> tuple[DataCategory, ...]:
    seen: dict[tuple[str, str, str], DataCategory] = {}
    for c in categories:
        key = (c.subject, c.name, c.origin.vendor if c.origin else "")
        seen.setdefault(key, c)
    return tuple(seen.values())


def _dedupe_facts(facts: list[Fact]) -> tuple[Fact, ...]:
    seen: dict[tuple[str, str], Fact] = {}
    for f in facts:
        seen.setdefault((f.text, f.origin.vendor), f)
    return tuple(seen.values())


def _merge_transfers(transfers: list[Transfer]) -> tuple[Transfer, ...]:
    merged: dict[tuple[str, str, str], Transfer] = {}
    for t in transfers:
        key = (t.recipient, t.country, t.via)
        if key in merged:
            old = merged[key]
            merged[key] = Transfer(old.recipient, old.country, old.status, old.mechanism or t.mechanism, old.via,
                                   tuple(sorted(set(old.activity_ids + t.activity_ids))), old.origin)
        else:
            merged[key] = t
    return tuple(merged.values())


def _processor_rows(catalogue: Catalogue, adopted: dict, links: dict[int, list[str]], resolutions: dict):
    activity_ids: dict[str, list[int]] = {}
    for activity_id, keys in links.items():
        for key in keys:
            activity_ids.setdefault(key, []).append(activity_id)
    processors, subs = [], {}
    for key in sorted(adopted, key=lambda k: [s.key for s in catalogue.services].index(k)
                      if catalogue.has(k) else 10**6):
        if not catalogue.has(key):
            continue
        service = catalogue.resolved(key)
        origin = _origin(catalogue, service)
        processors.append(ProcessorRow(
            vendor=origin.vendor, service_key=key, service=service.name, role=service.role or "processor",
            dpa_reference=_dpa_reference(catalogue, adopted, key), vendor_dpa_terms=service.dpa_reference,
            countries=_locations(service.countries), sub_processors=tuple(p.name for p in service.sub_processors),
            activity_ids=tuple(sorted(activity_ids.get(key, []))), origin=origin))
        for r in _recipients_for(catalogue, service, resolutions):
            if r.kind != SUB_PROCESSOR:
                continue
            k = (r.name, r.via)
            if k in subs:
                old = subs[k]
                subs[k] = SubProcessorRow(old.name, old.processor, old.service, old.activity, old.data, old.locations,
                                          old.location_statement, old.mechanism,
                                          tuple(sorted(set(old.activity_ids) | set(activity_ids.get(key, [])))),
                                          old.origin)
            else:
                subs[k] = SubProcessorRow(r.name, r.via, service.name, r.activity, r.data, r.locations,
                                          r.location_statement, r.mechanism,
                                          tuple(sorted(activity_ids.get(key, []))), r.origin)
    return tuple(processors), tuple(subs.values())
