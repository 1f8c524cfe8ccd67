"""Building the Article 30 register (ropa_app.model) from an open ROPA file, once: every activity with its own and
its inherited facts, the processors, sub-processors, transfers, numbered sources and the gaps (ropa_app.checks).

Renderers (xlsx, pdf, json) and checks work from the Register only, never from the database. The dataclasses live
in ropa_app.model and are importable from here too.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ropa_app.catalogue import TRANSCRIPTION_SUFFIX, Catalogue, Service
from ropa_app.countries import classify
from ropa_app.model import *
from ropa_app.model import (
    INDEPENDENT_CONTROLLER,
    OPEN,
    OTHER,
    PROCESSOR,
    RESELLER,
    SUB_PROCESSOR,
    CatalogueChange,
    ChangeLogEntry,
    DataCategory,
    Entry,
    Fact,
    JointController,
    Location,
    Organisation,
    Origin,
    ProcessorRow,
    Recipient,
    Register,
    ServiceUse,
    SourceRef,
    SubProcessorRow,
    Transfer,
)
from ropa_app.reading import countries_named_in, names_a_mechanism, special_signs_in

# --- building ----------------------------------------------------------------------------------------------

def _origin_for(catalogue: Catalogue, service: Service, section: str) -> Origin:
    vendor = catalogue.vendor(service.vendor)
    undated = not vendor.dated and vendor.document.endswith(TRANSCRIPTION_SUFFIX)
    return Origin(service.key, service.name, vendor.name, vendor.document_title, vendor.dated, section, undated)


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
    """A service's list of facts (measures, terms, rules), each attributed to where it was read: the section the
    catalogue gives the fact itself, else the add-on's own section for its own, the base service's for what it
    inherits. A list that is ROPA's own words (customer_duties, ROPA's summary) gives each fact its English from
    the parallel ``<field>_en`` list."""
    base_values = getattr(catalogue.service(service.parent), field_name) if service.parent else ()
    english = dict(zip(getattr(service, field_name), getattr(service, f"{field_name}_en", ())))
    inherited = _base_origin(catalogue, service)
    by_section: dict[str, Origin] = {}  # one Origin per section: origins are shared (see source_keys)

    def origin_of(text: str) -> Origin:
        origin = inherited if text in base_values else own
        for group in service.fact_sections:
            if text in group.facts:
                return by_section.setdefault(group.section, replace(origin, section=group.section))
        return origin

    return [Fact(text, origin_of(text), **{k: text in v for k, v in flags.items()}, text_en=english.get(text, ""))
            for text in getattr(service, field_name)]


def _processing_facts(catalogue: Catalogue, service: Service, own: Origin) -> tuple[Fact, ...]:
    """How the vendor says it processes the data (one text per service), attributed as _facts does."""
    if not service.processing.strip():
        return ()
    base = catalogue.service(service.parent) if service.parent else None
    inherited = base is not None and base.processing == service.processing
    return (Fact(service.processing, _base_origin(catalogue, service) if inherited else own),)


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
            origin=_origin_for(catalogue, service, p.source.section), location_note=p.location_note,
            activity_en=p.activity_en, data_en=p.data_en), resolutions))
    for c in service.cookies:
        if c.third_party:  # its purpose (the vendor's words) is printed with it; "own_purpose": no role named
            out.append(_resolve(Recipient(
                name=c.placed_by, kind=OTHER, locations=_locations(c.countries), via=vendor, activity=c.purpose,
                data=c.kind, origin=_origin_for(catalogue, service, c.source.section),
                note="own_purpose" if c.own_purpose else ""), resolutions))
    for r in service.recipients:  # implied by the document, not listed as a sub-processor (often unnamed)
        out.append(_resolve(Recipient(
            name=r.name, kind=OTHER, locations=_locations(r.countries), via=vendor, activity=r.statement,
            origin=_origin_for(catalogue, service, r.source.section), note=r.note, unnamed=r.unnamed,
            name_en=r.name_en), resolutions))
    return out


def _cookie_category(catalogue: Catalogue, service: Service) -> tuple[DataCategory, ...]:
    """Talkmore's and Dipper's cookies and similar technologies (pkt. 11) as one category of data about the users of
    the app and web pages: named in the document's words (the first kind), what the other kinds are, and each
    purpose the vendor states for them quoted with its own point. A third party's purpose (Google Analytics) is
    printed with that recipient. Purposes that serve the vendor's own ends (own_purpose) are listed by heading, for
    ROPA's note that the document names no role for them (DPO audit 3, item 1)."""
    if not service.cookies:
        return ()
    first, *others = service.cookies
    # each kind of the table with who places it, in the table's words (column «Hvem plasserer den»)
    kinds = [c.kind + (f" ({c.placed_by})" if c.placed_by else "") for c in others if c.kind != first.kind]
    content = "; ".join(dict.fromkeys(k[:1].lower() + k[1:] if k[1:2].islower() else k for k in kinds))
    section = first.source.section.split(",")[0].strip()  # «pkt. 11»: the point the kinds are listed in
    stated, own, blocking = [], [], []
    for c in service.cookies:
        if c.blocking:  # how to block it or opt out, quoted from the table's column «Hvordan blokkere» (DPO audit 4)
            blocking.append(Fact(c.blocking, _origin_for(catalogue, service,
                                                          f"{c.source.section}, kolonne «Hvordan blokkere»")))
        if c.third_party:
            continue
        origin = _origin_for(catalogue, service, c.source.section)
        stated.append(Fact(c.purpose, origin))
        if c.own_purpose:
            headings = re.findall(r"«([^»]*)»", c.source.section)
            own.append(headings[-1] if headings else c.kind)
    stated += blocking
    return (DataCategory(
        subject="employees", name=first.kind, subjects=("employees",), content=content or first.kind,
        origin=_origin_for(catalogue, service, section), stated_purposes=tuple(stated), own_purposes=tuple(own)),)


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


def build_register(store, *, made_at: dt.datetime | None = None, include_change_log: bool = True) -> Register:
    """Read everything the register needs from an open Store, once, and build the Register (with its gaps)."""
    from ropa_app.live_register import LiveRegister

    return LiveRegister(store, include_change_log=include_change_log).register(made_at=made_at)


def organisation_of(store) -> Organisation:
    return Organisation(**store.organisation(), joint_controllers=tuple(
        JointController(**{k: jc[k] for k in ("name", "org_number", "contact", "email", "phone",
                                              "responsibilities")}) for jc in store.joint_controllers()))


def catalogue_changes_of(store, catalogue: Catalogue) -> tuple[CatalogueChange, ...]:
    return tuple(CatalogueChange(
        service_key=c["service_key"], service=catalogue.service(c["service_key"]).name
        if catalogue.has(c["service_key"]) else c["service_key"], from_version=c["from_version"],
        to_version=c["to_version"], detected=c["detected"]) for c in store.catalogue_changes())


def log_entry(row: dict) -> ChangeLogEntry:
    return ChangeLogEntry(**{k: str(row[k]) for k in ("at", "who", "entity", "entity_id", "field", "old", "new")})


def build_entry(a: dict, catalogue: Catalogue, adopted: dict, resolutions: dict, keys: list[str],
                decisions: dict, parts: ServiceParts | None = None, joint_answer: str = "") -> Entry:
    """One activity with its own and its inherited facts (its source numbers are given when the register is
    assembled); ``parts``: the services' parts already built for this catalogue, agreements and locations;
    ``joint_answer``: the company's answer on joint controllers (Organisation.has_joint_controllers)."""
    return _entry(a, catalogue, adopted, resolutions, keys, decisions, parts, joint_answer)


def source_keys(entry: Entry) -> frozenset[tuple[str, str, str, bool]]:
    """The vendor document sections an entry relies on, as (vendor, document, section, undated)."""
    unique = {id(o): o for o in entry.origins()}.values()  # origins are shared: a few stand for hundreds
    return frozenset((o.vendor, o.document(), o.section, o.undated) for o in unique)


def number_sources(used: dict[tuple[str, str, str, bool], set[int]]) -> tuple[dict, tuple[SourceRef, ...]]:
    """Number every vendor document section the register relies on (the "Kilder" appendix), in the order of the
    vendors' documents and their sections, given the activities relying on each; returns the numbers by key and
    the SourceRefs."""
    ordered = sorted(used, key=lambda k: (k[0].casefold(), k[1].casefold(), _section_order(k[2])))
    numbers = {key: n for n, key in enumerate(ordered, 1)}
    return numbers, tuple(SourceRef(numbers[k], k[0], k[1], k[2], tuple(sorted(used[k])), undated=k[3])
                          for k in ordered)


def merge_transfers(entries) -> tuple[Transfer, ...]:
    return _merge_transfers([t for e in entries for t in e.transfers])


def processor_rows(catalogue: Catalogue, adopted: dict, links: dict[int, list[str]], resolutions: dict):
    return _processor_rows(catalogue, adopted, links, resolutions)


@dataclass(frozen=True)
class ServicePart:
    """What one service brings to every activity it supports: its use, data categories (an optional one still
    undecided), retention rules, measures, terms, duties, recipients and the purposes its vendor states."""

    use: ServiceUse
    categories: tuple[DataCategory, ...]
    retention_rules: tuple[Fact, ...]
    security: tuple[Fact, ...]
    terms: tuple[Fact, ...]
    duties: tuple[Fact, ...]
    recipients: tuple[Recipient, ...]
    purposes: tuple[Fact, ...]
    data_sources: tuple[Fact, ...] = ()


class ServiceParts:
    """Each service's part, built once for a state of the catalogue, the company's agreements (``adopted``) and
    the recipient locations it recorded (``resolutions``): a new state is a new ServiceParts. 2,000 activities on
    one switchboard share one build of its facts, and the shared values make their texts once for the checksum."""

    def __init__(self, catalogue: Catalogue, adopted: dict, resolutions: dict) -> None:
        self.catalogue, self.adopted, self.resolutions = catalogue, adopted, resolutions
        self._parts: dict[str, ServicePart] = {}

    def of(self, key: str) -> ServicePart:
        part = self._parts.get(key)
        if part is None:
            part = self._parts[key] = _service_part(self.catalogue, self.adopted, self.resolutions, key)
        return part


def _service_part(catalogue: Catalogue, adopted: dict, resolutions: dict, key: str) -> ServicePart:
    service = catalogue.resolved(key)
    origin = _origin(catalogue, service)
    open_ended = set(service.open_ended_retention)
    set_in = {r.text: r.where for r in service.customer_set_retention}  # periods the company sets
    answer = safeguards = None
    question, unclear = "", False
    if service.transfer:
        tr_origin = _origin_for(catalogue, service, service.transfer.source.section)
        if service.transfer.statement:
            answer = Fact(service.transfer.statement, tr_origin)
            question = service.transfer.question
            # «Ja» to a question about transfers outside the EU/EEA, while every place the document names is
            # inside it (Talkmore, Dipper: «Norge, EU»): the register says so and asks the user to find out.
            unclear = service.transfer.outside_eea == "not_stated" and not any(
                classify(code).is_transfer for code in service.countries)
        if service.transfer.safeguards:
            safeguards = Fact(service.transfer.safeguards, tr_origin)
    use = ServiceUse(
        key=key, name=service.name, vendor=origin.vendor, role=service.role or "processor",
        dpa_reference=_dpa_reference(catalogue, adopted, key), vendor_dpa_terms=service.dpa_reference,
        countries=_locations(service.countries), origin=origin, transfer_answer=answer,
        transfer_safeguards=safeguards, transfer_question=question, transfer_unclear=unclear,
        role_statement=service.role_statement)
    to_controller = service.role == "independent_controller"  # disclosed to the vendor, not processed for us
    categories = tuple(DataCategory(
        subject=c.subject, name=c.name, subjects=c.whose, content=c.content, retention=c.retention,
        retention_open_ended=bool(c.retention) and c.retention in open_ended,
        retention_set_in=set_in.get(c.retention, "") if c.retention else "",
        description=c.description, example=c.example, purpose=c.purpose, optional=c.if_chosen,
        decision=OPEN if c.if_chosen else "", monitoring=c.monitoring, special=c.special,
        origin=_origin_for(catalogue, service, c.source.section), retention_reading=c.retention_reading,
        content_reading=c.content_reading, subjects_reading=c.subjects_reading,
        collected_from=c.collected_from, to_controller=to_controller, name_en=c.name_en,
        content_en=c.content_en, reading=c.reading, purpose_column=c.purpose_column,
        purpose_reading=c.purpose_reading)
        for c in service.data_categories) + \
        _cookie_category(catalogue, service)
    return ServicePart(
        use=use, categories=categories,
        retention_rules=tuple(replace(f, set_in=set_in.get(f.text, "")) for f in _facts(
            catalogue, service, "retention_general", origin, open_ended=open_ended)),
        security=tuple(_facts(catalogue, service, "security_measures", origin)),
        terms=tuple(_facts(catalogue, service, "vendor_terms", origin)),
        duties=tuple(_facts(catalogue, service, "customer_duties", origin)),
        recipients=tuple(_recipients_for(catalogue, service, resolutions)),
        purposes=tuple(_facts(catalogue, service, "purposes", origin)),
        data_sources=tuple(_facts(catalogue, service, "data_sources", origin)))


def _entry(a: dict, catalogue: Catalogue, adopted: dict, resolutions: dict, keys: list[str],
           decisions: dict, parts: ServiceParts | None = None, joint_answer: str = "") -> Entry:
    if parts is None:
        parts = ServiceParts(catalogue, adopted, resolutions)
    uses, categories, retention_rules, security, terms, recipients, duties = [], [], [], [], [], [], []
    purposes: list[Fact] = []
    data_sources: list[Fact] = []
    for key in keys:
        if not catalogue.has(key):
            continue
        part = parts.of(key)
        uses.append(part.use)
        for c in part.categories:
            if c.optional:  # the user's decision for this activity
                decision = decisions.get((a["id"], key, c.subject, c.name), OPEN)
                if decision != c.decision:
                    c = replace(c, decision=decision)
            categories.append(c)
        retention_rules += part.retention_rules
        security += part.security
        terms += part.terms
        duties += part.duties
        purposes += part.purposes
        data_sources += part.data_sources
        recipients += part.recipients
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
        services=tuple(uses), customer_duties=_dedupe_facts(duties), notes=a["notes"],
        vendor_purposes=_dedupe_facts(purposes), vendor_sources=_dedupe_facts(data_sources),
        joint_answer=joint_answer)


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
    seen: dict[tuple[str, str, str, bool], DataCategory] = {}
    for c in categories:
        # what a vendor gets as an independent controller stays apart from what it processes for the company
        key = (c.subject, c.name, c.origin.vendor if c.origin else "", c.to_controller)
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


def _described(catalogue: Catalogue, service: Service) -> dict:
    """What a processor row says about the service itself: the vendor's description, quoted with the section it
    was read in, and for an add-on its base and whether the document lists data of the add-on's own.

    The description is quoted where the catalogue says where it stands: an add-on's own point (Dipper pkt. 4 e
    «Tilleggstjenesten Konferanse lar …») or a base's ``description_source`` (pkt. 3). A base's description without
    one is put together from the document's opening passages (Telenor Inpli, We4you), which its purposes quote
    already: not one passage, so not a quote."""
    located = bool(service.parent or service.description_source) and service.description.strip()
    section = (service.description_source or service.source).section
    out: dict = {"description": Fact(service.description, _origin_for(catalogue, service, section))
                 if located else None}
    if service.parent:
        own = bool(catalogue.service(service.key).data_categories)
        out.update(addon_of=catalogue.service(service.parent).name, own_data=own,
                   base_data=not own and bool(service.data_categories))
    return out


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
                               + _facts(catalogue, service, "vendor_terms", origin)),
            customer_duties=tuple(_facts(catalogue, service, "customer_duties", origin)),
            purposes=tuple(_facts(catalogue, service, "purposes", origin)),
            processing=_processing_facts(catalogue, service, origin), cookies=_cookie_category(catalogue, service),
            **_described(catalogue, service)))
        answers = bool(service.transfer and (service.transfer.statement or service.transfer.safeguards))
        for r in _recipients_for(catalogue, service, resolutions):
            if r.kind != SUB_PROCESSOR:
                continue
            k = (r.name, r.via)
            ids = tuple(sorted(activity_ids.get(key, [])))
            read = r.location_read(answers)
            if k in subs:  # the same sub-processor behind another service: one row naming every service
                old = subs[k]
                more = () if service.name in old.service.split("\n") else (r.origin,)
                subs[k] = replace(old, activity_ids=tuple(sorted(set(old.activity_ids) | set(ids))),
                                  service="\n".join(dict.fromkeys(old.service.split("\n") + [service.name])),
                                  more_origins=old.more_origins + more, location_read=old.location_read or read)
            else:
                subs[k] = SubProcessorRow(r.name, r.via, service.name, r.activity, r.data, r.locations,
                                          r.location_statement, r.mechanism, ids, r.origin, r.location_note,
                                          activity_en=r.activity_en, data_en=r.data_en, location_read=read)
    return tuple(processors), tuple(subs.values())
