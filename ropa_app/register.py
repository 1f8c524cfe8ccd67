"""The Article 30 register: plain, immutable dataclasses built once from an open ROPA file.

Renderers (xlsx, pdf, json) and checks work from a Register only, never from the database. Inherited facts keep the
vendor, service and source document they came from.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field, replace

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

# Who an export is for: the company's own working copy, or the copy handed to Datatilsynet (art. 30(4)).
INTERNAL, DATATILSYNET = "internal", "datatilsynet"
AUDIENCES = (INTERNAL, DATATILSYNET)


@dataclass(frozen=True)
class Origin:
    """Where an inherited fact comes from: the vendor, the document as a DPO cites it (title, date or version,
    section), and the service it was adopted through. The transcription's internal file name is not kept: it is
    never shown (DOMAIN.md: "Quote, attribute, don't upgrade")."""

    service_key: str
    service: str
    vendor: str
    title: str  # the document's title; for the company's own vendors, how the fact was recorded
    date: str  # the document's date and/or version as it states them; "" when it states none
    section: str

    def label(self) -> str:
        return f"{self.vendor}: {self.service}"

    def document(self) -> str:
        """«Tjenestevilkår for Talkmore Bedriftsnett» or «Phonero tjenestebeskrivelse, 15.03.2021»."""
        return ", ".join(p for p in (self.title, self.date) if p)

    def cite(self) -> str:
        """«Talkmore Bedrift: Tjenestevilkår for Talkmore Bedriftsnett, pkt. 10»."""
        return ", ".join(p for p in (f"{self.vendor}: {self.document()}" if self.document() else self.vendor,
                                     self.section) if p)


@dataclass(frozen=True)
class Fact:
    """A vendor's statement, kept in its words with where it was read."""

    text: str
    origin: Origin
    open_ended: bool = False  # a retention rule that sets no time limit (DOMAIN.md: flag it)


@dataclass(frozen=True)
class DataCategory:
    subject: str  # the catalogue group it was listed under (with name: the key of the user's decision); "" = own
    name: str
    subjects: tuple[str, ...] = ()  # whose data it is: catalogue subject keys (DOMAIN.md: subjects per category)
    content: str = ""  # what it holds, in the document's words
    retention: str = ""
    retention_open_ended: bool = False
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

    @property
    def location_unknown(self) -> bool:
        """A vendor or sub-processor whose processing location nobody has stated (a gap under (e))."""
        return any(loc.status == "not_stated" for loc in self.locations)

    @property
    def location_unrecorded(self) -> bool:
        """A recipient the company named itself and has not said where it is."""
        return self.origin is None and not self.locations


@dataclass(frozen=True)
class Transfer:
    recipient: str  # "" for a country the company names in the activity's own transfers text
    country: str
    status: str
    mechanism: str
    via: str = ""
    activity_ids: tuple[int, ...] = ()
    origin: Origin | None = None
    stated_by_company: bool = False  # from the activity's transfers text or a location the user recorded


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
    transfer_answer: Fact | None = None  # the vendor's own answer on transfers outside the EU/EEA, quoted
    transfer_safeguards: Fact | None = None  # what the vendor says it has agreed with its sub-processors


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
    special_categories_answer: str  # "" not assessed | "no" not applicable (the user said so) | "yes"
    special_categories: tuple[str, ...]
    art9_conditions: tuple[str, ...]
    criminal_offences_answer: str  # as special_categories_answer, for art. 10
    art10_basis: str
    special_signs: tuple[str, ...]  # words in the purpose that point to special categories ("pasient")
    data_subjects: tuple[str, ...]  # the user's own words
    inherited_subjects: tuple[str, ...]  # catalogue subject keys: whose data the categories in use are
    data_categories: tuple[DataCategory, ...]  # own first, then inherited (declined ones included, marked)
    retention: str
    retention_rules: tuple[Fact, ...]  # the vendors' general deletion rules
    security_measures: str
    vendor_security: tuple[Fact, ...]
    vendor_terms: tuple[Fact, ...]  # the vendors' contractual promises and duties: terms, not measures
    sources: tuple[str, ...]
    systems: tuple[str, ...]
    recipients: tuple[Recipient, ...]
    transfers: tuple[Transfer, ...]
    transfers_note: str
    high_risk: str
    dpia_done: str
    dpia_reference: str
    dpia_not_needed_reason: str
    services: tuple[ServiceUse, ...]
    customer_duties: tuple[Fact, ...]
    notes: str
    source_refs: tuple[int, ...] = ()  # numbers in Register.sources of every vendor document section it relies on

    @property
    def categories_in_use(self) -> tuple[DataCategory, ...]:
        return tuple(c for c in self.data_categories if c.in_use)

    @property
    def processors(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.kind in (PROCESSOR, RESELLER))

    @property
    def unknown_locations(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.location_unknown)

    @property
    def unrecorded_locations(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.location_unrecorded)

    @property
    def has_special_categories(self) -> bool:
        """Special categories stated by the user, in a data category in use, or signalled by the purpose."""
        return bool(self.special_categories or self.special_signs
                    or any(c.special for c in self.categories_in_use))

    def origins(self) -> list[Origin]:
        """Every vendor source the entry relies on (for its references to Register.sources)."""
        out: list[Origin] = [u.origin for u in self.services]
        out += [c.origin for c in self.data_categories if c.origin and c.decision != DECLINED]
        out += [r.origin for r in self.recipients if r.origin]
        for facts in (self.retention_rules, self.vendor_security, self.vendor_terms, self.customer_duties):
            out += [f.origin for f in facts]
        for u in self.services:
            out += [f.origin for f in (u.transfer_answer, u.transfer_safeguards) if f]
        return out


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
    vendor_terms: tuple[Fact, ...] = ()  # the vendor's DPA terms and contractual promises, quoted with their source


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
class SourceRef:
    """One vendor document section the register relies on, numbered for the "Kilder" appendix."""

    number: int
    vendor: str
    document: str  # title, and date or version where the document has one
    section: str
    activity_ids: tuple[int, ...]

    def cite(self) -> str:
        return ", ".join(p for p in (f"{self.vendor}: {self.document}" if self.document else self.vendor,
                                     self.section) if p)


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
    sources: tuple[SourceRef, ...] = ()
    audience: str = INTERNAL  # INTERNAL: everything; DATATILSYNET: the register alone (see for_audience)

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

    @property
    def for_datatilsynet(self) -> bool:
        return self.audience == DATATILSYNET

    def for_audience(self, audience: str) -> Register:
        """The register as ``audience`` gets it. Datatilsynet gets the register itself: the controller, the
        activities, processors, sub-processors, transfers and sources; gap lists, the change log, catalogue
        reviews and internal notes are the company's working documents (DOMAIN.md, last rule)."""
        if audience not in AUDIENCES:
            from ropa_app.errors import RopaError

            raise RopaError("unknown_audience", audience=audience, audiences=", ".join(AUDIENCES))
        if audience == INTERNAL:
            return replace(self, audience=INTERNAL)
        return replace(self, audience=DATATILSYNET, gaps=(), change_log=(), catalogue_changes=(),
                       entries=tuple(replace(e, notes="") for e in self.entries))


# --- building ----------------------------------------------------------------------------------------------

def _origin_for(catalogue: Catalogue, service: Service, section: str) -> Origin:
    vendor = catalogue.vendor(service.vendor)
    return Origin(service.key, service.name, vendor.name, vendor.document_title, vendor.dated, section)


def _origin(catalogue: Catalogue, service: Service) -> Origin:
    return _origin_for(catalogue, service, service.source.section)


def _base_origin(catalogue: Catalogue, service: Service) -> Origin:
    """Where the service-wide facts an add-on inherits were read: its base service's section (an add-on's own
    section describes the add-on, not the base's terms, measures or deletion rules)."""
    if not service.parent:
        return _origin(catalogue, service)
    base = catalogue.service(service.parent)
    return replace(_origin(catalogue, service), section=base.source.section)


def _dpa_origin(catalogue: Catalogue, service: Service) -> Origin:
    if service.dpa_source:
        return replace(_origin(catalogue, service), section=service.dpa_source.section)
    return _base_origin(catalogue, service)


def _facts(catalogue: Catalogue, service: Service, field_name: str, own: Origin, **flags) -> list[Fact]:
    """A service's list of facts (measures, terms, rules), each attributed to where it was read: the add-on's own
    section for its own, the base service's for what it inherits."""
    base_values = getattr(catalogue.service(service.parent), field_name) if service.parent else ()
    inherited = _base_origin(catalogue, service)
    return [Fact(text, inherited if text in base_values else own, **{k: text in v for k, v in flags.items()})
            for text in getattr(service, field_name)]


def _locations(codes: tuple[str, ...]) -> tuple[Location, ...]:
    return tuple(Location.of(c) for c in codes) or (Location.of("not_stated"),)


def _dedupe(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return tuple(out)


def _kind(role: str) -> str:
    """The recipient kind of a vendor in the role its document states (processor_except_telecom is a processor
    for what the register covers)."""
    return {"reseller_processor": RESELLER, "independent_controller": INDEPENDENT_CONTROLLER}.get(role, PROCESSOR)


def _recipients_for(catalogue: Catalogue, service: Service, resolutions: dict[str, dict]) -> list[Recipient]:
    origin = _origin(catalogue, service)
    vendor = catalogue.vendor(service.vendor).name
    role = service.role or "processor"
    safeguards = service.transfer.safeguards if service.transfer else ""
    vendor_locations = _locations(service.countries)
    out = [_resolve(Recipient(
        name=vendor, kind=_kind(role), locations=vendor_locations, activity=service.name,
        location_statement=service.countries_statement, mechanism=_mechanism(safeguards, vendor_locations),
        origin=origin), resolutions)]
    for p in service.sub_processors:
        locations = _locations(p.countries)
        out.append(_resolve(Recipient(
            name=p.name, kind=SUB_PROCESSOR, locations=locations, via=vendor, activity=p.activity,
            data=p.data, location_statement=p.country_statement, mechanism=_mechanism(safeguards, locations),
            origin=_origin_for(catalogue, service, p.source.section)), resolutions))
    for c in service.cookies:
        if c.third_party:
            out.append(_resolve(Recipient(
                name=c.placed_by, kind=OTHER, locations=_locations(c.countries), via=vendor, activity=c.purpose,
                data=c.kind, origin=_origin_for(catalogue, service, c.source.section)), resolutions))
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
    return replace(recipient, locations=locations, mechanism=resolution["mechanism"] or recipient.mechanism,
                   resolved_by_user=True)


def _merge_recipients(recipients: list[Recipient]) -> tuple[Recipient, ...]:
    """One row per (name, kind, via): the same sub-processor behind two add-ons is one recipient."""
    merged: dict[tuple[str, str, str], Recipient] = {}
    for r in recipients:
        merged.setdefault((r.name, r.kind, r.via), r)
    return tuple(merged.values())


def _transfers(entry_id: int, recipients: tuple[Recipient, ...], note: str) -> list[Transfer]:
    """Every transfer out of the EEA: to recipients (as the vendor states or the user recorded their location), and
    to the countries the company names in the activity's own transfers text."""
    out = []
    for r in recipients:
        for loc in r.locations:
            s = classify(loc.code)
            if s.is_transfer:
                out.append(Transfer(recipient=r.name, country=loc.code, status=loc.status, mechanism=r.mechanism,
                                    via=r.via, activity_ids=(entry_id,), origin=r.origin,
                                    stated_by_company=r.origin is None or r.resolved_by_user))
    for code in countries_named_in(note):
        s = classify(code)
        if s.is_transfer and not any(t.country == code for t in out):
            out.append(Transfer(recipient="", country=code, status=s.status,
                                mechanism=note if names_a_mechanism(note) else "", activity_ids=(entry_id,),
                                stated_by_company=True))
    return out


@functools.lru_cache(maxsize=1)
def _country_words() -> tuple[tuple[re.Pattern, str], ...]:
    """Country names (bokmål and English) and ISO codes as whole words, longest first ("Sør-Korea" before "Korea")."""
    from ropa_app.countries import _table

    words: dict[str, str] = {}
    for code, names in _table()["names"].items():
        for name in names:
            words[name.casefold()] = code
    patterns = [(re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w-])", re.IGNORECASE), c)
                for w, c in sorted(words.items(), key=lambda kv: -len(kv[0]))]
    return tuple(patterns)


_ISO_CODE = re.compile(r"(?<![\w-])([A-Z]{2})(?![\w-])")


def countries_named_in(text: str) -> tuple[str, ...]:
    """The countries a free text names: by name in bokmål or English (any case), or by ISO code in capitals.

    The activity's transfers field is the company's own answer to art. 30(1)(e); a country it names is a transfer
    the register lists, checks and carries to the transfers section (a country written there is not merely a note
    on one row)."""
    if not text.strip():
        return ()
    from ropa_app.countries import _table

    found: list[tuple[int, str]] = []  # (where in the text, code): reported in the order the text names them
    rest = text
    for pattern, code in _country_words():
        for match in pattern.finditer(rest):
            found.append((match.start(), code))
        rest = pattern.sub(lambda m: " " * len(m.group()), rest)  # keep positions; a name is read once
    names = _table()["names"]
    found += [(m.start(), m.group(1)) for m in _ISO_CODE.finditer(rest) if m.group(1) in names]
    return _dedupe(code for _, code in sorted(found))


_MECHANISM_WORDS = ("standardkontrakt", "standard contractual", "scc", "2021/914", "bindende virksomhetsregler",
                    "binding corporate", "bcr", "data privacy framework", "dpf", "art. 46", "artikkel 46",
                    "article 46", "art. 49", "artikkel 49", "article 49", "adekvans", "adequacy", "samtykke",
                    "consent", "sertifisering", "certification", "atferdsnorm", "code of conduct")


def names_a_mechanism(text: str) -> bool:
    """Whether a free text records a transfer mechanism (SCCs, BCR, DPF, art. 46/49, adequacy, ...)."""
    low = text.casefold()
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for w in _MECHANISM_WORDS)


@functools.lru_cache(maxsize=1)
def _special_sign_words() -> tuple[tuple[str, str], ...]:
    import tomllib

    from ropa_app.paths import resource_path

    with resource_path("special_category_signs.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return tuple((w.casefold(), category) for category, words in data["signs"].items() for w in words)


def special_signs_in(purpose: str) -> tuple[str, ...]:
    """Words in a purpose that point to special categories (art. 9): «pasient», «helse», «fagforening»... The
    list is data (resources/special_category_signs.toml); a word matches at the start of a word, so «pasienter»
    and «helseopplysninger» count."""
    low = purpose.casefold()
    return _dedupe(w for w, _ in _special_sign_words() if re.search(rf"(?<!\w){re.escape(w)}", low))


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

    entries = [_entry(a, catalogue, adopted, resolutions, links.get(a["id"], []), decisions)
               for a in store.activities()]
    entries, sources = _number_sources(entries)
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
        catalogue_version=meta.get("catalogue_version", ""), countries_date=table_date(), sources=sources)
    return replace(register, gaps=tuple(find_gaps(register)))


def _entry(a: dict, catalogue: Catalogue, adopted: dict, resolutions: dict, keys: list[str],
           decisions: dict) -> Entry:
    uses, categories, retention_rules, security, terms, recipients, duties = [], [], [], [], [], [], []
    for key in keys:
        if not catalogue.has(key):
            continue
        service = catalogue.resolved(key)
        origin = _origin(catalogue, service)
        open_ended = set(service.open_ended_retention)
        answer = safeguards = None
        if service.transfer:
            tr_origin = _origin_for(catalogue, service, service.transfer.source.section)
            if service.transfer.statement:
                answer = Fact(service.transfer.statement, tr_origin)
            if service.transfer.safeguards:
                safeguards = Fact(service.transfer.safeguards, tr_origin)
        uses.append(ServiceUse(
            key=key, name=service.name, vendor=origin.vendor, role=service.role or "processor",
            dpa_reference=_dpa_reference(catalogue, adopted, key), vendor_dpa_terms=service.dpa_reference,
            countries=_locations(service.countries), origin=origin, transfer_answer=answer,
            transfer_safeguards=safeguards))
        for c in service.data_categories:
            decision = ""
            if c.if_chosen:
                decision = decisions.get((a["id"], key, c.subject, c.name), OPEN)
            categories.append(DataCategory(
                subject=c.subject, name=c.name, subjects=c.whose, content=c.content, retention=c.retention,
                retention_open_ended=bool(c.retention) and c.retention in open_ended,
                description=c.description, example=c.example, purpose=c.purpose, optional=c.if_chosen,
                decision=decision, monitoring=c.monitoring, special=c.special,
                origin=_origin_for(catalogue, service, c.source.section)))
        retention_rules += _facts(catalogue, service, "retention_general", origin, open_ended=open_ended)
        security += _facts(catalogue, service, "security_measures", origin)
        terms += _facts(catalogue, service, "vendor_terms", origin)
        duties += _facts(catalogue, service, "customer_duties", origin)
        recipients += _recipients_for(catalogue, service, resolutions)
    own_categories = [DataCategory(subject="", name=name, retention=a["retention"]) for name in a["data_categories"]]
    recipients = [_resolve(Recipient(name=name, kind=OTHER, locations=()), resolutions)
                  for name in a["recipients"]] + recipients
    merged_recipients = _merge_recipients(recipients)
    # Categories: the same category from a base service and its add-on appears once.
    unique_categories = _dedupe_categories(own_categories + categories)
    special_answer, criminal_answer = a.get("special_categories_answer", ""), a.get("criminal_offences_answer", "")
    if not special_answer and (a["special_categories"] or a["art9_conditions"]):
        special_answer = "yes"  # answered before the question was asked on its own (files before m003)
    if not criminal_answer and a["art10_basis"].strip():
        criminal_answer = "yes"
    return Entry(
        id=a["id"], title=a["title"], area=a["area"], status=a["status"], created=a["created"],
        updated=a["updated"], owner_name=a["owner_name"], owner_email=a["owner_email"],
        owner_phone=a["owner_phone"], joint_controllers=a["joint_controllers"],
        joint_responsibilities=a["joint_responsibilities"], joint_contact=a["joint_contact"],
        purpose=a["purpose"], template=a["template"], legal_basis=tuple(a["legal_basis"]),
        legal_basis_reference=a["legal_basis_reference"],
        legitimate_interest_assessment=a["legitimate_interest_assessment"],
        special_categories_answer=special_answer, special_categories=tuple(a["special_categories"]),
        art9_conditions=tuple(a["art9_conditions"]), criminal_offences_answer=criminal_answer,
        art10_basis=a["art10_basis"], special_signs=special_signs_in(a["purpose"]),
        data_subjects=tuple(a["data_subjects"]),
        inherited_subjects=_dedupe(s for c in unique_categories if c.origin and c.in_use for s in c.subjects),
        data_categories=unique_categories, retention=a["retention"],
        retention_rules=_dedupe_facts(retention_rules), security_measures=a["security_measures"],
        vendor_security=_dedupe_facts(security), vendor_terms=_dedupe_facts(terms), sources=tuple(a["sources"]),
        systems=tuple(a["systems"]), recipients=merged_recipients,
        transfers=tuple(_transfers(a["id"], merged_recipients, a["transfers"])),
        transfers_note=a["transfers"], high_risk=a["high_risk"], dpia_done=a["dpia_done"],
        dpia_reference=a["dpia_reference"], dpia_not_needed_reason=a.get("dpia_not_needed_reason", ""),
        services=tuple(uses), customer_duties=_dedupe_facts(duties), notes=a["notes"])


def _number_sources(entries: list[Entry]) -> tuple[list[Entry], tuple[SourceRef, ...]]:
    """Number every vendor document section the register relies on (the "Kilder" appendix), in the order of the
    vendors' documents and their sections, and give each entry the numbers it refers to."""
    used: dict[tuple[str, str, str], set[int]] = {}
    per_entry: dict[int, set[tuple[str, str, str]]] = {}
    for e in entries:
        for o in e.origins():
            key = (o.vendor, o.document(), o.section)
            used.setdefault(key, set()).add(e.id)
            per_entry.setdefault(e.id, set()).add(key)
    ordered = sorted(used, key=lambda k: (k[0].casefold(), k[1].casefold(), _section_order(k[2])))
    numbers = {key: n for n, key in enumerate(ordered, 1)}
    sources = tuple(SourceRef(numbers[k], k[0], k[1], k[2], tuple(sorted(used[k]))) for k in ordered)
    entries = [replace(e, source_refs=tuple(sorted(numbers[k] for k in per_entry.get(e.id, ())))) for e in entries]
    return entries, sources


def _section_order(section: str) -> tuple:
    """"pkt. 4 c" before "pkt. 10": numbers compare as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.casefold()) for p in re.findall(r"\d+|\D+", section))


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
            merged[key] = replace(old, mechanism=old.mechanism or t.mechanism,
                                  activity_ids=tuple(sorted(set(old.activity_ids + t.activity_ids))))
        else:
            merged[key] = t
    return tuple(merged.values())


def _processor_rows(catalogue: Catalogue, adopted: dict, links: dict[int, list[str]], resolutions: dict):
    activity_ids: dict[str, list[int]] = {}
    for activity_id, keys in links.items():
        for key in keys:
            activity_ids.setdefault(key, []).append(activity_id)
    processors, subs = [], {}
    position = {s.key: i for i, s in enumerate(catalogue.services)}
    for key in sorted(adopted, key=lambda k: position.get(k, 10**6)):
        if not catalogue.has(key):
            continue
        service = catalogue.resolved(key)
        origin = _origin(catalogue, service)
        processors.append(ProcessorRow(
            vendor=origin.vendor, service_key=key, service=service.name, role=service.role or "processor",
            dpa_reference=_dpa_reference(catalogue, adopted, key), vendor_dpa_terms=service.dpa_reference,
            countries=_locations(service.countries), sub_processors=tuple(p.name for p in service.sub_processors),
            activity_ids=tuple(sorted(activity_ids.get(key, []))), origin=origin,
            vendor_terms=tuple(([Fact(service.dpa_reference, _dpa_origin(catalogue, service))]
                                if service.dpa_reference else [])
                               + _facts(catalogue, service, "vendor_terms", origin))))
        for r in _recipients_for(catalogue, service, resolutions):
            if r.kind != SUB_PROCESSOR:
                continue
            k = (r.name, r.via)
            ids = tuple(sorted(activity_ids.get(key, [])))
            if k in subs:
                old = subs[k]
                subs[k] = replace(old, activity_ids=tuple(sorted(set(old.activity_ids) | set(ids))))
            else:
                subs[k] = SubProcessorRow(r.name, r.via, service.name, r.activity, r.data, r.locations,
                                          r.location_statement, r.mechanism, ids, r.origin)
    return tuple(processors), tuple(subs.values())
