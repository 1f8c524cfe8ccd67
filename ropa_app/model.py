"""The Article 30 register as plain, immutable dataclasses: what renderers (xlsx, pdf, json), the checks and the
app read. Built by ropa_app.register from an open ROPA file; nothing here reads the database or imports Qt.
Inherited facts keep the vendor, document and section they came from."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from ropa_app import __version__
from ropa_app.countries import CountryStatus, classify

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
    undated: bool = False  # a vendor's document that states no date or version (not the company's own entries)

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
    set_in: str = ""  # a retention rule whose period the company sets, and where («Bedriftsnett Admin»): ask for it
    # The text in English when it is ROPA's own words, not the vendor's (the customer duties: ROPA's summary): an
    # export in English shows it (Register.in_language). "" for the vendor's words, quoted as written. A rendering
    # of the same content, not content: the checksum (repr) never sees it.
    text_en: str = field(default="", repr=False)


@dataclass(frozen=True)
class DataCategory:
    subject: str  # the catalogue group it was listed under (with name: the key of the user's decision); "" = own
    name: str
    subjects: tuple[str, ...] = ()  # whose data it is: catalogue subject keys (DOMAIN.md: subjects per category)
    content: str = ""  # what it holds, in the document's words
    retention: str = ""
    retention_open_ended: bool = False
    retention_set_in: str = ""  # the period is the company's to set, there («Bedriftsnett Admin»): the register asks
    description: str = ""
    example: str = ""
    purpose: str = ""
    optional: bool = False
    decision: str = ""  # OPEN / CONFIRMED / DECLINED for optional categories, "" otherwise
    monitoring: bool = False
    special: str = ""
    origin: Origin | None = None  # None: the company's own
    retention_reading: bool = False  # the vendor's rule assigned to this category by ROPA's reading (say so)
    content_reading: bool = False  # the category is ROPA's reading of what the document describes (say so)
    collected_from: str = ""  # where the vendor says the data come from, in its words ("oppgitt av den besøkende")
    subjects_reading: bool = False  # whose data it is goes beyond the document's heading: ROPA's reading (say so)
    reading: str = ""  # ROPA's reading of the category (ropa_app.catalogue.CATEGORY_READINGS): said with it
    purpose_column: str = ""  # the document's column ``purpose`` was read under (catalogue.PURPOSE_COLUMNS), if not «Formål»
    purpose_reading: str = ""  # what a one-word purpose means, as ROPA reads it (catalogue.PURPOSE_READINGS)
    # The purposes the vendor states for this category, each quoted with its own section (Talkmore's and Dipper's
    # cookies, pkt. 11), and the headings of those that serve the vendor's own ends with no role named for them.
    stated_purposes: tuple[Fact, ...] = ()
    own_purposes: tuple[str, ...] = ()
    # From a service whose vendor is an independent controller (Phonero Bedriftsportal & Fakturakontroll): the data
    # are disclosed to the vendor for its own processing, not processed on the company's behalf (say so).
    to_controller: bool = False
    # ROPA's English name and content for a category that is ROPA's reading (content_reading): an export in English
    # shows them (Register.in_language). Not content: the checksum (repr) never sees them.
    name_en: str = field(default="", repr=False)
    content_en: str = field(default="", repr=False)

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
    location_note: str = ""  # ROPA's note on how the locations were read (ropa_app.catalogue.LOCATION_NOTES)
    # A recipient the document implies (ropa_app.catalogue.OtherRecipient) or a cookie's placer: ROPA's note on it
    # (RECIPIENT_NOTES, or "own_purpose": the purpose is the vendor's own, no role named), and whether the document
    # leaves it unnamed (the gap asks who it is).
    note: str = ""
    unnamed: bool = False
    # ROPA's English for its own words: the name it gives a recipient the document implies (the document's word
    # quoted in it), and what a sub-processor does / which data it gets where that is ROPA's paraphrase. An export
    # in English shows them (Register.in_language). Not content: the checksum (repr) never sees them.
    name_en: str = field(default="", repr=False)
    activity_en: str = field(default="", repr=False)
    data_en: str = field(default="", repr=False)

    @property
    def location_unknown(self) -> bool:
        """A vendor or sub-processor whose processing location nobody has stated (a gap under (e))."""
        return any(loc.status == "not_stated" for loc in self.locations)

    @property
    def location_unrecorded(self) -> bool:
        """A recipient the company named itself and has not said where it is."""
        return self.origin is None and not self.locations

    def location_read(self, vendor_answers: bool) -> bool:
        """Its place is known only by ROPA's reading, until the user records what the vendor confirms: the document
        does not state it for this sub-processor, and ROPA read it from the service's place (location_note
        "service_location"), or from the document's answer about all the processing where the vendor gives no
        answer of its own on transfers (``vendor_answers``) ("document_wide"). DOMAIN.md: unknown location is
        neither safe nor a transfer. The one rule for the activities, the sub-processor rows and the map."""
        return not self.resolved_by_user and not self.location_unknown and (
            self.location_note == "service_location" or (self.location_note == "document_wide"
                                                         and not vendor_answers))


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
    transfer_question: str = ""  # the document's question transfer_answer answers, word for word
    transfer_unclear: bool = False  # the answer points outside the EU/EEA while every place it names is inside
    role_statement: str = ""  # the document's own words for the vendor's role (with its footnote), quoted


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
    vendor_purposes: tuple[Fact, ...] = ()  # the purposes the vendors state for their processing (not the company's)
    vendor_sources: tuple[Fact, ...] = ()  # where the vendors say the data of their service come from (quoted)
    joint_answer: str = ""  # the company's answer on joint controllers (Organisation.has_joint_controllers)

    # Read again and again by the checks and every export's texts: each worked out once per entry, kept beside its
    # fields (a frozen dataclass's own __dict__; not a field, so equality, repr and the checksum never see it).

    @cached_property
    def categories_in_use(self) -> tuple[DataCategory, ...]:
        return tuple(c for c in self.data_categories if c.in_use)

    @cached_property
    def processors(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.kind in (PROCESSOR, RESELLER))

    @cached_property
    def unknown_locations(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.location_unknown)

    @cached_property
    def read_locations(self) -> tuple[Recipient, ...]:
        """Sub-processors whose place the document does not state for them: ROPA read it from the service's place
        (location_note "service_location"), or from the document's answer about all the processing where the vendor
        gives no answer of its own on transfers ("document_wide"). Known only by ROPA's reading, until the user
        records what the vendor confirms (DOMAIN.md: unknown location is neither safe nor a transfer)."""
        answered = {u.vendor for u in self.services if u.transfer_answer or u.transfer_safeguards}
        return tuple(r for r in self.recipients if r.location_read(r.via in answered))

    @cached_property
    def unrecorded_locations(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.recipients if r.location_unrecorded)

    @cached_property
    def has_special_categories(self) -> bool:
        """Special categories stated by the user, in a data category in use, or signalled by the purpose."""
        return bool(self.special_categories or self.special_signs
                    or any(c.special for c in self.categories_in_use))

    @cached_property
    def names_en(self) -> dict[str, str]:
        """ROPA's English name of each recipient it named itself (OtherRecipient.name_en), by its name."""
        return {r.name: r.name_en for r in self.recipients if r.name_en}

    def in_language(self, lang: str) -> Entry:
        """The entry with ROPA's own words in ``lang``, as an export in that language shows them (the customer
        duties, the names ROPA gives recipients, its readings: see Register.in_language). The app's English."""
        return _english_entry(self, self.names_en) if lang == "en" else self

    def origins(self) -> list[Origin]:
        """Every vendor source the entry relies on (for its references to Register.sources)."""
        out: list[Origin] = [u.origin for u in self.services]
        out += [c.origin for c in self.data_categories if c.origin and c.decision != DECLINED]
        out += [f.origin for c in self.data_categories if c.decision != DECLINED for f in c.stated_purposes]
        out += [r.origin for r in self.recipients if r.origin]
        for facts in (self.retention_rules, self.vendor_security, self.vendor_terms, self.customer_duties,
                      self.vendor_purposes, self.vendor_sources):
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
    acts_as_processor: str = ""  # "yes": the company is also a processor (art. 30(2)); "" not said; "no"
    dpo_appointed: str = ""  # "no": no DPO appointed (said by the user); "" not said; "yes"
    has_joint_controllers: str = ""  # "no": no joint controllers for any processing (said by the user); "" not said
    needs_representative: str = ""  # "no": established in the EEA, art. 27 asks none (said by the user); "" not said


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
    customer_duties: tuple[Fact, ...] = ()  # what the vendor's terms ask of the company, quoted with their source
    purposes: tuple[Fact, ...] = ()  # the purposes the vendor states for its processing
    processing: tuple[Fact, ...] = ()  # how the vendor says it processes the data
    description: Fact | None = None  # the vendor's description of the service where the document locates it
    addon_of: str = ""  # an add-on: the name of its base service
    own_data: bool = True  # the document lists data categories for this service itself (an add-on may list none)
    base_data: bool = False  # an add-on without its own: the register shows its base service's instead
    # Its cookies and similar technologies (Talkmore's, Dipper's pkt. 11) as the category the activities list: the
    # purposes the vendor states for them are quoted here, once, and the Protokoll's cell points here. Not content
    # of its own (the activities' categories carry it): the checksum (repr) never sees it.
    cookies: tuple[DataCategory, ...] = field(default=(), repr=False)


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
    location_note: str = ""  # ROPA's note on how the locations were read (ropa_app.catalogue.LOCATION_NOTES)
    more_origins: tuple[Origin, ...] = ()  # where the other services it serves state it (service: one per line)
    # Its place is only ROPA's reading (Recipient.location_read): the sheet and table say it is not confirmed, never
    # «no transfer». Worked out from fields the checksum sees (its note, the user's resolution, the vendor's answer).
    location_read: bool = field(default=False, repr=False)
    # What it does / which data in English where that is ROPA's paraphrase (Recipient.activity_en): an export in
    # English shows them. Not content: the checksum (repr) never sees them.
    activity_en: str = field(default="", repr=False)
    data_en: str = field(default="", repr=False)


@dataclass(frozen=True)
class DocumentNote:
    """One of ROPA's notes on a vendor's document (the catalogue's vendor notes: «Tabellens kolonneoverskrift
    lyder «Telias rolle» …»), in bokmål and English; ROPA's words, never the vendor's."""

    nb: str
    en: str = ""  # "" in a file whose copy of the catalogue predates the English notes

    def text(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.nb


@dataclass(frozen=True)
class DocumentNotes:
    """ROPA's notes on one vendor document the register relies on (the Kilder sheet and section print them with
    the vendor); ``role`` are those that qualify the role the document gives the vendor (printed beside it)."""

    vendor: str
    document: str  # title, and date or version, as SourceRef.document and Origin.document()
    notes: tuple[DocumentNote, ...]
    role: tuple[DocumentNote, ...] = ()


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
    undated: bool = False  # a vendor document that states no date or version (the export says "udatert")

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


# --- the processor's register, art. 30(2) ----------------------------------------------------------------------

CONTROLLER_PART, PROCESSOR_PART = "controller", "processor"
PARTS = {"controller": (CONTROLLER_PART,), "processor": (PROCESSOR_PART,), "both": (CONTROLLER_PART, PROCESSOR_PART)}


@dataclass(frozen=True)
class ServedController:
    """A controller the company processes personal data for (art. 30(2)(a)), with what it does for them (b),
    the sub-processors it uses for them and where they process (c), and the measures it applies (d)."""

    id: int
    name: str
    org_number: str
    address: str
    email: str
    phone: str
    contact_name: str
    representative: str
    dpo: str
    dpa_reference: str
    dpa_date: str  # ISO date, "" when not recorded
    processing: str  # the categories of processing carried out for this controller
    data_subjects: str
    data_categories: str
    security_measures: str  # what applies to this controller beyond the role's general measures
    notes: str
    created: str
    updated: str
    sub_processors: tuple[Recipient, ...] = ()  # the vendors used, and their own sub-processors (via)
    transfers: tuple[Transfer, ...] = ()  # every transfer out of the EEA, as for an activity
    vendor_security: tuple[Fact, ...] = ()  # what the sub-processors from the catalogue state, quoted

    @property
    def unknown_locations(self) -> tuple[Recipient, ...]:
        return tuple(r for r in self.sub_processors if r.location_unknown)

    @property
    def read_locations(self) -> tuple[Recipient, ...]:
        """Sub-processors whose place ROPA read from the service's (Entry.read_locations): not yet confirmed."""
        return tuple(r for r in self.sub_processors if r.location_read(vendor_answers=True))


@dataclass(frozen=True)
class ProcessorRegister:
    """The company's register as a processor. Empty (and not exported) until the company says it is one."""

    acts_as_processor: bool = False
    controllers: tuple[ServedController, ...] = ()
    security_measures: str = ""  # the role's general description (art. 30(2)(d))
    transfers_note: str = ""
    transfers: tuple[Transfer, ...] = ()  # merged over the controllers; activity_ids hold controller ids

    def controller(self, controller_id: int) -> ServedController:
        for c in self.controllers:
            if c.id == controller_id:
                return c
        raise KeyError(controller_id)


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
    document_notes: tuple[DocumentNotes, ...] = ()  # ROPA's notes on the vendor documents in ``sources``
    audience: str = INTERNAL  # INTERNAL: everything; DATATILSYNET: the register alone (see for_audience)
    processor: ProcessorRegister = field(default_factory=ProcessorRegister)  # art. 30(2)
    parts: tuple[str, ...] = (CONTROLLER_PART,)  # which registers an export holds (see with_parts)
    # The catalogue's activity templates (ropa_app.catalogue.ActivityTemplate): the default titles and business
    # areas adoption gives, in each language (see in_language). Not content: the checksum never sees them.
    activity_templates: tuple = ()

    def checksum(self) -> str:
        """A content checksum over everything the register says (not when it was made or by which version).

        The repr of frozen dataclasses of strings, numbers and tuples is deterministic, and much cheaper than a JSON
        dump of asdict(); computed once per Register."""
        cached = self.__dict__.get("_checksum")
        if cached is None:
            content = (self.organisation, self.entries, self.processors, self.sub_processors, self.transfers,
                       self.change_log, self.catalogue_changes, self.file_name, self.catalogue_version,
                       self.countries_date, self.gaps)
            if self.processor.acts_as_processor or self.processor.controllers:
                content += (self.processor,)  # a file without a processor role keeps the checksum it had
            digest = hashlib.sha256()
            _hash_repr(digest, content, depth=1)
            cached = digest.hexdigest()[:16]
            self.__dict__["_checksum"] = cached  # frozen dataclass: cache beside the fields
        return cached

    def with_parts(self, which: str) -> Register:
        """The register for ``which`` export: "controller" (art. 30(1), the default), "processor" (art. 30(2))
        or "both" in one document."""
        if which not in PARTS:
            from ropa_app.errors import RopaError

            raise RopaError("unknown_register_part", part=which, parts=", ".join(PARTS))
        return self._same_content(replace(self, parts=PARTS[which]))

    def in_language(self, lang: str) -> Register:
        """The register as an export in ``lang`` shows it: an activity's title and business area that are still
        the default adoption gave them, in the other language, read in ``lang`` (an untouched «Telefoni og
        sentralbord» reads «Telephony and switchboard» in English, and the other way round). What the user wrote
        is theirs and stays as written; the checksum stays the file's."""
        templates = {template.key: template for template in self.activity_templates}
        changed: dict[int, Entry] = {}
        for entry in self.entries:
            template = templates.get(entry.template) if entry.template else None
            if template is None:
                continue
            title = template.title(lang) if entry.title in (template.title_nb, template.title_en) else entry.title
            area = entry.area
            if area and area in (template.area_nb, template.area_en):
                area = (template.area_en if lang == "en" else template.area_nb) or area
            if (title, area) != (entry.title, entry.area):
                changed[entry.id] = replace(entry, title=title, area=area)
        if lang == "en":
            return self._in_english(changed)
        if not changed:
            return self
        self.checksum()  # computed on the file's words, kept by the copy
        gaps = tuple(replace(g, activity_title=changed[g.activity_id].title) if g.activity_id in changed else g
                     for g in self.gaps)
        return self._same_content(replace(self, entries=tuple(changed.get(e.id, e) for e in self.entries),
                                          gaps=gaps))

    def _in_english(self, changed: dict[int, Entry]) -> Register:
        """The register with ROPA's own words in English (``changed``: the entries whose titles were put in English
        already): the customer duties (ROPA's summary of the vendor's terms), the names ROPA gives recipients a
        document implies («Tjenesteleverandør»: the document's word, quoted in the English name), a category that
        is ROPA's reading, and a sub-processor's task or data where ROPA paraphrased them. The vendor's own words
        stay as written (DOMAIN.md: quote, attribute, don't upgrade)."""
        names = {r.name: r.name_en for e in self.entries for r in e.recipients if r.name_en}
        names.update((r.name, r.name_en) for c in self.processor.controllers for r in c.sub_processors if r.name_en)
        categories = {c.name: c.name_en for e in self.entries for c in e.data_categories if c.name_en}
        entries = []
        for e in self.entries:
            entry = changed.get(e.id, e)
            english = _english_entry(entry, names)
            if english is not entry:
                changed[e.id] = english
            entries.append(english)
        processors = tuple(_english_facts(p, "customer_duties") for p in self.processors)
        sub_processors = tuple(_english_fields(s, ("activity", "data")) for s in self.sub_processors)
        controllers = tuple(_english_controller(c, names) for c in self.processor.controllers)
        transfers = _english_transfers(self.transfers, names)
        part, part_transfers = self.processor, _english_transfers(self.processor.transfers, names)
        if part_transfers is not part.transfers or any(a is not b for a, b in zip(controllers, part.controllers)):
            part = replace(part, controllers=controllers, transfers=part_transfers)
        if not changed and transfers is self.transfers and part is self.processor and all(
                a is b for a, b in zip(processors + sub_processors, self.processors + self.sub_processors)):
            return self
        self.checksum()  # computed on the file's words, kept by the copy
        gaps = tuple(english_gap(replace(g, activity_title=changed[g.activity_id].title)
                                  if g.activity_id in changed else g, names, categories) for g in self.gaps)
        return self._same_content(replace(self, entries=tuple(entries), processors=processors,
                                          sub_processors=sub_processors, transfers=transfers, processor=part,
                                          gaps=gaps))

    def _same_content(self, other: Register) -> Register:
        """``other``, a copy of this register that says the same (another audience's or part's label): it keeps
        the checksum computed already, which an export of 2,000 activities would otherwise compute again."""
        if "_checksum" in self.__dict__:
            other.__dict__["_checksum"] = self.__dict__["_checksum"]
        return other

    @property
    def has_controller_part(self) -> bool:
        return CONTROLLER_PART in self.parts

    @property
    def has_processor_part(self) -> bool:
        return PROCESSOR_PART in self.parts

    def entry(self, activity_id: int) -> Entry:
        for e in self.entries:
            if e.id == activity_id:
                return e
        raise KeyError(activity_id)

    def severity_counts(self) -> dict[str, int]:
        """How many gaps of each severity (counted once per Register: the status bar asks after every edit)."""
        cached = self.__dict__.get("_severity_counts")
        if cached is None:
            cached = {s: 0 for s in ("mandatory", "warning", "notice")}
            for g in self.gaps:
                cached[g.severity] += 1
            self.__dict__["_severity_counts"] = cached  # frozen dataclass: cache beside the fields
        return dict(cached)

    @property
    def mandatory_gaps(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.severity == "mandatory")

    def notes_on(self, vendor: str, document: str) -> DocumentNotes | None:
        """ROPA's notes on ``vendor``'s ``document`` (as Origin.document() names it), if it has any."""
        for notes in self.document_notes:
            if notes.vendor == vendor and notes.document == document:
                return notes
        return None

    @property
    def data_processors(self) -> tuple[ProcessorRow, ...]:
        """The services whose vendor processes on the company's behalf (the "Databehandlere" sheet and section):
        an independent controller (Phonero Bedriftsportal & Fakturakontroll) is a recipient, not a processor, and
        no data processing agreement applies to it (DOMAIN.md, "How the vendor descriptions become ...")."""
        return tuple(p for p in self.processors if p.role != INDEPENDENT_CONTROLLER)

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
            return self._same_content(replace(self, audience=INTERNAL))
        processor = replace(self.processor, controllers=tuple(replace(c, notes="")
                                                              for c in self.processor.controllers))
        return replace(self, audience=DATATILSYNET, gaps=(), change_log=(), catalogue_changes=(),
                       entries=tuple(replace(e, notes="") for e in self.entries), processor=processor)


# --- ROPA's own words in English (Register.in_language) -------------------------------------------------------

def _english_fields(item, names: tuple[str, ...]):
    """``item`` with each of ``names`` replaced by its ``<name>_en`` where it has one (ROPA's English)."""
    changes = {n: getattr(item, f"{n}_en") for n in names if getattr(item, f"{n}_en")}
    return replace(item, **changes) if changes else item


def _english_facts(item, name: str):
    """``item`` with its facts ``name`` in ROPA's English where a fact has one (the customer duties)."""
    facts = getattr(item, name)
    if not any(f.text_en for f in facts):
        return item
    return replace(item, **{name: tuple(replace(f, text=f.text_en) if f.text_en else f for f in facts)})


def _english_transfers(transfers: tuple[Transfer, ...], names: dict[str, str]) -> tuple[Transfer, ...]:
    if not any(t.recipient in names for t in transfers):
        return transfers
    return tuple(replace(t, recipient=names[t.recipient]) if t.recipient in names else t for t in transfers)


def _english_entry(e: Entry, names: dict[str, str]) -> Entry:
    entry = _english_facts(e, "customer_duties")
    recipients = tuple(_english_fields(r, ("name", "activity", "data")) for r in e.recipients)
    categories = tuple(_english_fields(c, ("name", "content")) for c in e.data_categories)
    transfers = _english_transfers(e.transfers, names)
    changes = {}
    if any(a is not b for a, b in zip(recipients, e.recipients)):
        changes["recipients"] = recipients
    if any(a is not b for a, b in zip(categories, e.data_categories)):
        changes["data_categories"] = categories
    if transfers is not e.transfers:
        changes["transfers"] = transfers
    return replace(entry, **changes) if changes else entry


def _english_controller(c: ServedController, names: dict[str, str]) -> ServedController:
    subs = tuple(_english_fields(r, ("name", "activity", "data")) for r in c.sub_processors)
    transfers = _english_transfers(c.transfers, names)
    if transfers is c.transfers and all(a is b for a, b in zip(subs, c.sub_processors)):
        return c
    return replace(c, sub_processors=subs, transfers=transfers)


def english_gap(g: Gap, names: dict[str, str], categories: dict[str, str] | None = None) -> Gap:
    """A gap about a recipient ROPA named names it in English, in its field and in its message (the gap that asks who
    an unnamed recipient is: «… without naming it: Unnamed service provider (“tjenesteleverandør”)», the document's
    word quoted in the English name; DPO audit 4, N9). A category ROPA labelled is named in English in the message
    (``categories``: its Norwegian name to its English)."""
    kind, colon, name = g.field.partition(":")
    params = g.params
    if categories and any(k in ("category", "categories") for k, _ in params):
        def english(text: str) -> str:
            for nb in sorted(categories, key=len, reverse=True):
                text = text.replace(nb, categories[nb])
            # a gap may name a category without its closing part in brackets («Anropslogg for sentralbordoperatør»)
            for nb in sorted(categories, key=len, reverse=True):
                short_nb, short_en = short_category_name(nb), short_category_name(categories[nb])
                if short_nb != nb:
                    text = text.replace(f"«{short_nb}»", f"«{short_en}»")
            return text
        params = tuple((k, english(v) if k in ("category", "categories") else v) for k, v in params)
    if colon and name in names:
        params = tuple((k, names.get(v, v) if k == "recipient" else v) for k, v in params)
        return replace(g, field=f"{kind}:{names[name]}", params=params)
    return replace(g, params=params) if params is not g.params else g


_CLOSING_BRACKETS = re.compile(r"\s*\([^()]*\)$")


def short_category_name(name: str) -> str:
    """A category's name without its closing part in brackets: «Samtaleopptak (lydlogg)» -> «Samtaleopptak»."""
    return _CLOSING_BRACKETS.sub("", name.strip()) or name.strip()


def _hash_repr(digest, value: tuple, depth: int) -> None:
    """Feed ``digest`` repr(value) as UTF-8 a part at a time, the tuples down to ``depth`` element by element: the
    same digest as hashing the whole text, without holding it (over 30 MB for 2,000 activities) twice over."""
    digest.update(b"(")
    for i, item in enumerate(value):
        if i:
            digest.update(b", ")
        if depth and item.__class__ is tuple:
            _hash_repr(digest, item, depth - 1)
        else:
            digest.update(repr(item).encode("utf-8", "surrogatepass"))
    digest.update(b",)" if len(value) == 1 else b")")


def _without_recursion_guard(*classes: type) -> None:
    """dataclass's __repr__ guards each call against a value that contains itself; frozen values of strings,
    numbers and tuples cannot, and Register.checksum reprs some 100,000 of them for every export (the guard was
    nearly half of that time). The text is the same, and so is every checksum."""
    for cls in classes:
        plain = getattr(cls.__repr__, "__wrapped__", None)
        if plain is not None:
            cls.__repr__ = plain


_without_recursion_guard(Origin, Fact, DataCategory, Location, Recipient, Transfer, ServiceUse, Entry,
                         JointController, Organisation, ProcessorRow, SubProcessorRow, ChangeLogEntry, Gap,
                         SourceRef, CatalogueChange, ServedController, ProcessorRegister, DocumentNote,
                         DocumentNotes)


def _remember_repr(cls: type) -> None:
    """Keep each value's repr beside its fields once made: an Origin is shared by the facts of one document
    section across activities (24,000 of them stand for 43,000 in a register of 2,000 activities), and a
    service's facts, categories and recipients by every activity it supports (ropa_app.register.ServiceParts)."""
    plain = cls.__repr__

    def __repr__(self) -> str:
        text = self.__dict__.get("_repr")
        if text is None:
            text = self.__dict__["_repr"] = plain(self)
        return text

    cls.__repr__ = __repr__


for _shared in (Origin, Fact, DataCategory, Location, Recipient, ServiceUse):
    _remember_repr(_shared)
