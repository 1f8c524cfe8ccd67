"""The shipped vendor catalogue: one TOML file per vendor in resources/catalogue/, validated on load.

Every fact carries the seed document and section it came from. Add-ons (``parent`` set) hold only their own
facts; :meth:`Catalogue.resolved` merges them with their base service.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
import typing
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ropa_app.catalogue_index import INDEX_FILE, shipped_catalogue_version
from ropa_app.catalogue_index import index as _index
from ropa_app.catalogue_index import read_toml as _read_toml
from ropa_app.errors import RopaError, problem
from ropa_app.paths import resource_path

# processor_except_telecom: a processor "for the parts of the service that are not telecommunication" (Talkmore,
# Dipper); for the telecommunication itself the document names no role (DOMAIN.md, "Roles exactly as the document
# states them").
ROLES = ("processor", "processor_except_telecom", "reseller_processor", "independent_controller")
PROCESSOR_ROLES = ("processor", "processor_except_telecom", "reseller_processor")
# Whose data a category is. call_parties: the other party to a call or message (whoever calls or is called).
SUBJECTS = ("employees", "customers", "callers", "call_parties", "visitors", "hosts", "web_users")
TRANSFER_STATES = ("no", "yes", "not_stated")
NOT_STATED = "not_stated"
TRANSCRIPTION_SUFFIX = ".txt"  # the transcribed vendor documents (shared/seeds) are named <n>_<hash>.txt
# Region codes a vendor may state instead of a country; countries are ISO 3166-1 alpha-2.
REGIONS = ("EU", "EEA")
# Why a sub-processor's countries are what they are, when the document states no location of its own (ROPA's
# note, rendered in the reader's language): "service_location" = the location the document states for the
# service (Phonero's table: one «Behandlingssted» per row); "document_wide" = read from a statement about all
# the processing (Telenor Inpli: «Det behandles ikke personopplysninger utenfor EU/EØS»).
LOCATION_NOTES = ("", "service_location", "document_wide")
# ROPA's note on a recipient the document implies without listing it as a sub-processor (rendered in the reader's
# language): "unnamed" = the document mentions it («tjenesteleverandør») without naming it or saying where it is;
# "lookup" = an unnamed service the vendor looks callers up in («ekstern opplysningstjeneste»): ROPA's reading is
# that the caller's number goes to it.
RECIPIENT_NOTES = ("", "unnamed", "lookup")
# ROPA's reading of a category, said with it in the reader's language: "retention_only" = the document names the
# data only in its rule for deletion, not among the types of personal data it lists (Talkmore's «notater om innringer
# på kø»); "subjects_not_stated" = the document does not say whose data they are (We4you's «beskjeder og informasjon
# fra kunde»): the subjects given are ROPA's reading.
CATEGORY_READINGS = ("", "retention_only", "subjects_not_stated")
# The heading of the document's column a category's ``purpose`` was read in, when it is not a purpose column:
# "system_purpose" = «System/formål» (We4you: «Telefonsystem» and «Kundekort» are systems, not purposes).
PURPOSE_COLUMNS = ("", "system_purpose")
# ROPA's reading of a purpose the document gives in a word that needs saying what it means, said with the purpose:
# "customer_controlled" = «Kundestyrte» (Telenor Inpli, Tabell 2): the customer, that is the company, decides it.
PURPOSE_READINGS = ("", "customer_controlled")


@dataclass(frozen=True)
class Source:
    """Where a fact was read: the seed file name and the section, table or row in it."""

    document: str
    section: str

    @property
    def shown_document(self) -> str:
        """The document as the app may show it: "" for a transcribed vendor document, whose file name is internal
        (the vendor's document title is shown instead); the user's own label ("Egen registrering") otherwise."""
        return "" if self.document.endswith(TRANSCRIPTION_SUFFIX) else self.document


@dataclass(frozen=True)
class DataCategory:
    subject: str  # one of SUBJECTS: the group the document lists it under (with name, the key of a user's decision)
    name: str
    source: Source
    subjects: tuple[str, ...] = ()  # whose data it is (all of them); () in files from before: read as (subject,)
    content: str = ""  # what it holds, short, in the document's words ("status (ledig, opptatt, fravær)")
    description: str = ""
    example: str = ""
    purpose: str = ""
    purpose_column: str = ""  # one of PURPOSE_COLUMNS: the document's column heading ``purpose`` was read under
    purpose_reading: str = ""  # one of PURPOSE_READINGS: what a one-word purpose means, as ROPA reads it
    if_chosen: bool = False  # the vendor processes it only when the customer switches it on
    retention: str = ""  # the deletion rule the document states for this category; "" = the service's general rule
    # The rule is stated for a wider group ("statistikkdata") and assigned to this category by ROPA's reading, not
    # by the document: the export says so.
    retention_reading: bool = False
    # The category itself is ROPA's reading of what the document describes (Dipper NPS: the SMS reaches the caller
    # at a number the document does not name): the export says so, in the reader's language.
    content_reading: bool = False
    reading: str = ""  # one of CATEGORY_READINGS: ROPA's reading of the category, said with it
    # A category that is ROPA's reading (content_reading) is named and described in ROPA's words, and so is a label ROPA
    # gave a category the document does not head («Tilgjengelighet fra Exchange-kalenderen»): their English, for the
    # English exports and app (a shipped reading has both; a label its name). The document's own words stay as written.
    name_en: str = ""
    content_en: str = ""
    # Whose data it is (``subjects``) goes beyond the group the document lists it under: ROPA's reading (2involve's
    # CDR, listed under the company's employees, also identify the customer's customer): the export says so.
    subjects_reading: bool = False
    collected_from: str = ""  # where the data come from, in the document's words ("oppgitt av den besøkende")
    monitoring: bool = False  # a sign of systematic monitoring of employees (recordings, per-agent statistics)
    special: str = ""  # art. 9 category key, when the category is special

    @property
    def whose(self) -> tuple[str, ...]:
        """Whose data the category is."""
        return self.subjects or (self.subject,)


@dataclass(frozen=True)
class SubProcessor:
    name: str
    countries: tuple[str, ...]  # ISO codes, REGIONS, or NOT_STATED
    source: Source
    activity: str = ""  # what it does for the vendor
    data: str = ""  # which data it receives
    # The same in English, only where ``activity`` or ``data`` is ROPA's wording (a paraphrase, not the document's
    # words, which stay as written in both languages): the English exports and app show it.
    activity_en: str = ""
    data_en: str = ""
    country_statement: str = ""  # the document's own words about where, when any (quoted: the vendor's statement)
    location_note: str = ""  # one of LOCATION_NOTES: ROPA's note on how the countries were read


@dataclass(frozen=True)
class Cookie:
    kind: str
    placed_by: str
    purpose: str
    source: Source
    blocking: str = ""
    third_party: bool = False  # placed by someone other than the vendor: a recipient of its own
    countries: tuple[str, ...] = (NOT_STATED,)
    # The purpose is the vendor's own (analysing how its app is used, measuring its own advertising), and the
    # document names no role for it: not stated to be processing on the customer's behalf. ROPA's note says so.
    own_purpose: bool = False


@dataclass(frozen=True)
class OtherRecipient:
    """A recipient the document implies without listing it as a sub-processor: Phonero's unnamed
    «tjenesteleverandør», the «ekstern opplysningstjeneste» Nummeroppslag looks callers up in. Its location is
    unknown until the user finds out: never a safe «no transfer»."""

    name: str  # the document's own word for it
    source: Source
    # ROPA's English name for it, the document's word quoted («Tjenesteleverandør» is the document's word, but naming
    # it as a recipient is ROPA's): the English exports and app show it. A shipped recipient has one.
    name_en: str = ""
    statement: str = ""  # the document's words that imply it, quoted
    countries: tuple[str, ...] = (NOT_STATED,)
    note: str = ""  # one of RECIPIENT_NOTES: ROPA's note or reading, in the reader's language
    unnamed: bool = True  # the document does not name it: the gap asks who it is


@dataclass(frozen=True)
class Transfer:
    """What the document says about transfers outside the EU/EEA."""

    outside_eea: str  # one of TRANSFER_STATES
    statement: str
    source: Source
    safeguards: str = ""
    question: str = ""  # the document's question that ``statement`` answers, word for word (a bare «Ja» says nothing)


@dataclass(frozen=True)
class CustomerSetRetention:
    """A deletion rule whose period the customer sets in the service itself (Talkmore, Dipper: «… slettes etter
    angitt varighet i Bedriftsnett Admin»): there is a time limit, and it is the value the company has set, which
    the register asks for. Neither open-ended nor a deadline the document gives (DPO audit 4, N6)."""

    text: str  # one of the service's retention texts, word for word
    where: str  # where the customer sets the period, in the document's words (a part of ``text``)


@dataclass(frozen=True)
class FactSections:
    """Where some of a service's listed facts (retention rules, measures, terms, customer duties) were read, when
    not in the service's own section: each fact cites its own point of the document (word for word as listed)."""

    section: str
    facts: tuple[str, ...]


# Service fields added after files were made: while empty they are left out of the stored facts and the fingerprint,
# so an upgrade does not report every adopted service as changed by a field it does not use.
LATER_FIELDS = ("customer_set_retention",)


@dataclass(frozen=True)
class Service:
    key: str  # vendor/service or vendor/service/addon
    vendor: str  # vendor id
    name: str
    description: str
    source: Source
    activity: str  # key in activities.toml: which processing activity adoption lands in
    parent: str = ""  # base service key for an add-on
    role: str = ""  # one of ROLES; an add-on may leave it to its base
    role_statement: str = ""
    dpa_reference: str = ""  # where the document says the data processing terms are
    dpa_source: Source | None = None  # where that is said, when not in the service's own section
    purposes: tuple[str, ...] = ()
    processing: str = ""  # how the vendor processes the data
    countries: tuple[str, ...] = ()
    countries_statement: str = ""
    transfer: Transfer | None = None
    retention_general: tuple[str, ...] = ()
    security_measures: tuple[str, ...] = ()  # measures only (art. 32): what is done, not what is promised
    vendor_terms: tuple[str, ...] = ()  # the vendor's contractual promises and duties ("Partene skal ...")
    open_ended_retention: tuple[str, ...] = ()  # retention texts (general or per category) that set no time limit
    customer_set_retention: tuple[CustomerSetRetention, ...] = ()  # retention texts whose period the customer sets
    customer_duties: tuple[str, ...] = ()  # what the document leaves to the customer: ROPA's summary, in bokmål
    # The same summaries in English, in the same order (ROPA's words, not the vendor's: the English exports and app
    # show them). A shipped service has one for each.
    customer_duties_en: tuple[str, ...] = ()
    data_categories: tuple[DataCategory, ...] = ()
    sub_processors: tuple[SubProcessor, ...] = ()
    cookies: tuple[Cookie, ...] = ()
    recipients: tuple[OtherRecipient, ...] = ()  # recipients the document implies, not listed as sub-processors
    # Where the vendor says the data it processes come from, when it says so of the service rather than of a category
    # (Talkmore pkt. 10: «opplysninger fra Talkmores kundedatabase og støttesystemer»): its words, quoted.
    data_sources: tuple[str, ...] = ()
    fact_sections: tuple[FactSections, ...] = ()  # the section of each listed fact not read in `source`
    description_source: Source | None = None  # where the description was read, when not in `source`

    @property
    def is_addon(self) -> bool:
        return bool(self.parent)

    def duty_en(self, text: str) -> str:
        """The English of one of the service's customer duties (ROPA's summary); "" when none is given."""
        for nb, en in zip(self.customer_duties, self.customer_duties_en):
            if nb == text:
                return en
        return ""

    def fact_section(self, text: str) -> str:
        """The section a listed fact was read in: its own (fact_sections), else the service's."""
        for group in self.fact_sections:
            if text in group.facts:
                return group.section
        return self.source.section

    def to_dict(self) -> dict:
        """The facts as a file stores them (a field added later and empty is left out; see LATER_FIELDS)."""
        data = dataclasses.asdict(self)
        for name in LATER_FIELDS:  # empty, as in the files made before the field was: left out
            if not data[name]:
                del data[name]
        return data

    def fingerprint(self) -> str:
        """A stable hash of every fact, to notice when a shipped service changed."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    document: str  # seed file name
    document_title: str
    source: Source
    legal_name: str = ""
    document_date: str = ""  # as the document writes it ("Sist oppdatert 15.03.2021" -> "15.03.2021")
    document_version: str = ""
    notes: tuple[str, ...] = ()  # ROPA's notes on the document (caveats, gaps, oddities), in bokmål
    notes_en: tuple[str, ...] = ()  # the same notes in English, in the same order (a shipped vendor has every one)
    # Notes that qualify the role the document gives the vendor, word for word as in ``notes`` (Phonero: the
    # table's column is headed «Telias rolle»): the exports print them beside the vendor's role.
    role_notes: tuple[str, ...] = ()
    services: tuple[Service, ...] = ()

    def note_pairs(self) -> tuple[tuple[str, str], ...]:
        """Each note in bokmål with its English ("" when this copy of the catalogue has none)."""
        return tuple((nb, self.notes_en[i] if i < len(self.notes_en) else "") for i, nb in enumerate(self.notes))

    @property
    def dated(self) -> str:
        """The document's date and/or version as it states them ("15.03.2021"); "" when it states none."""
        return ", ".join(p for p in (self.document_date, self.document_version) if p)

    def document_label(self) -> str:
        """The document as a DPO cites it: title, then date or version. Never the transcription's file name."""
        return ", ".join(p for p in (self.document_title, self.dated) if p)


@dataclass(frozen=True)
class ActivityTemplate:
    """Default title and purpose suggestion for the activity a service lands in."""

    key: str
    title_nb: str
    title_en: str
    purpose_nb: str
    purpose_en: str
    area_nb: str = ""
    area_en: str = ""

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_nb

    def purpose(self, lang: str) -> str:
        return self.purpose_en if lang == "en" else self.purpose_nb


@dataclass(frozen=True)
class Catalogue:
    version: str
    date: str
    vendors: tuple[Vendor, ...]
    activities: tuple[ActivityTemplate, ...] = ()

    @cached_property
    def services(self) -> tuple[Service, ...]:
        return tuple(s for v in self.vendors for s in v.services)

    @cached_property
    def _by_key(self) -> dict[str, Service]:
        return {s.key: s for s in self.services}

    def has(self, key: str) -> bool:
        return key in self._by_key

    def service(self, key: str) -> Service:
        try:
            return self._by_key[key]
        except KeyError:
            raise RopaError("unknown_service", key=key) from None

    def vendor(self, vendor_id: str) -> Vendor:
        for v in self.vendors:
            if v.id == vendor_id:
                return v
        raise RopaError("unknown_vendor", vendor=vendor_id)

    def activity(self, key: str) -> ActivityTemplate:
        for a in self.activities:
            if a.key == key:
                return a
        raise RopaError("unknown_activity_template", key=key)

    def addons(self, key: str) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.parent == key)

    def resolved(self, key: str) -> Service:
        """The service with its base service's facts filled in (see :func:`resolve_service`)."""
        service = self.service(key)
        return resolve_service(service, self.service(service.parent) if service.parent else None)


# What an add-on with a purpose of its own (another activity than its base's) does not take from its base: the
# base's purposes and data categories belong to the base's purpose, and its cookies to the users of the base's web
# pages and app. The vendor's role, terms, places, sub-processors, measures and retention rules hold for the add-on.
PURPOSE_FACTS = ("purposes", "data_categories", "cookies", "data_sources")
# The service's lists of facts that may each cite a section of their own (FactSections).
FACT_LISTS = ("retention_general", "security_measures", "vendor_terms", "customer_duties", "data_sources")


def resolve_service(service: Service, base: Service | None) -> Service:
    """Merge an add-on with its base: scalars fall back to the base, lists are the base's plus the add-on's.

    An add-on that lands in an activity of its own (Dipper's Net Promoter Score: a customer survey, not telephony;
    issue 7, point 9) keeps only its own purposes and data categories: the base's call logs and directory are not
    processed for the survey's purpose."""
    if base is None:
        return service
    own_purpose = bool(service.activity) and service.activity != base.activity
    merged: dict = {}
    for f in dataclasses.fields(Service):
        own, inherited = getattr(service, f.name), getattr(base, f.name)
        if f.name in ("key", "vendor", "name", "description", "description_source", "source", "parent") or (
                own_purpose and f.name in PURPOSE_FACTS):
            merged[f.name] = own
        elif isinstance(own, tuple):
            merged[f.name] = inherited + tuple(x for x in own if x not in inherited)
        else:
            merged[f.name] = own if own not in ("", None) else inherited
    # Each merged customer duty keeps its own English, whichever of the two gave it.
    english = {nb: en for svc in (base, service) for nb, en in zip(svc.customer_duties, svc.customer_duties_en)}
    merged["customer_duties_en"] = tuple(english.get(d, "") for d in merged["customer_duties"]) if english else ()
    # Open-ended retention texts flag the rules the merged service holds, no others.
    texts = set(merged["retention_general"]) | {c.retention for c in merged["data_categories"]}
    merged["open_ended_retention"] = tuple(t for t in merged["open_ended_retention"] if t in texts)
    merged["customer_set_retention"] = tuple(r for r in merged["customer_set_retention"] if r.text in texts)
    return Service(**merged)


# --- loading and validation -------------------------------------------------------------------------------

def _convert(tp, value, where: str, file: str):
    """Check and convert a TOML value against a dataclass field type; errors name the file and field."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise RopaError("catalogue_invalid", file=file, field=where, problem=problem("expected_table"))
        return _build(tp, value, where, file)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _convert(args[0], value, where, file)
    if origin is tuple:
        if not isinstance(value, list):
            raise RopaError("catalogue_invalid", file=file, field=where, problem=problem("expected_list"))
        (inner, _ellipsis) = typing.get_args(tp)
        return tuple(_convert(inner, v, f"{where}[{i}]", file) for i, v in enumerate(value))
    if tp is bool:
        if not isinstance(value, bool):
            raise RopaError("catalogue_invalid", file=file, field=where, problem=problem("expected_bool"))
        return value
    if tp is str:
        if not isinstance(value, str):
            raise RopaError("catalogue_invalid", file=file, field=where, problem=problem("expected_text"))
        return value
    raise TypeError(f"unsupported field type {tp!r}")  # a programming error, not a user error


@functools.lru_cache(maxsize=None)
def _schema(cls) -> tuple[dict, dict]:
    """Type hints and fields of a catalogue dataclass (resolving hints is slow: once per class)."""
    return (typing.get_type_hints(cls),
            {f.name: f for f in dataclasses.fields(cls) if not f.name.startswith("_")})


def _build(cls, data: dict, where: str, file: str, defaults: dict | None = None):
    hints, fields = _schema(cls)
    unknown = set(data) - set(fields)
    if unknown:
        raise RopaError("catalogue_invalid", file=file, field=f"{where}.{sorted(unknown)[0]}",
                        problem=problem("unknown_field"))
    values = dict(defaults or {})
    for name, f in fields.items():
        if name in data:
            values[name] = _convert(hints[name], data[name], f"{where}.{name}" if where else name, file)
        elif name not in values and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise RopaError("catalogue_invalid", file=file, field=f"{where}.{name}" if where else name,
                            problem=problem("missing"))
    return cls(**values)


def _check_vendor(vendor: Vendor, file: str, known_activities: set[str]) -> None:
    keys = [s.key for s in vendor.services]
    # ROPA's notes on the document are read in both languages: one English note for each, in the same order.
    if len(vendor.notes_en) != len(vendor.notes):
        raise RopaError("catalogue_invalid", file=file, field="vendor.notes_en",
                        problem=problem("notes_en", count=len(vendor.notes)))
    for i, note in enumerate(vendor.role_notes):
        if note not in vendor.notes:
            raise RopaError("catalogue_invalid", file=file, field=f"vendor.role_notes[{i}]",
                            problem=problem("note_word_for_word"))
    for i, s in enumerate(vendor.services):
        where = f"services[{i}]"
        if not s.key.startswith(vendor.id + "/"):
            raise RopaError("catalogue_invalid", file=file, field=f"{where}.key",
                            problem=problem("key_prefix", prefix=f"{vendor.id}/"))
        if s.parent:
            if s.parent not in keys or not s.key.startswith(s.parent + "/"):
                raise RopaError("catalogue_invalid", file=file, field=f"{where}.parent",
                                problem=problem("parent"))
        elif s.role not in ROLES:
            raise RopaError("catalogue_invalid", file=file, field=f"{where}.role",
                            problem=problem("one_of", values=", ".join(ROLES)))
        if s.role and s.role not in ROLES:
            raise RopaError("catalogue_invalid", file=file, field=f"{where}.role",
                            problem=problem("one_of", values=", ".join(ROLES)))
        if s.activity not in known_activities:
            raise RopaError("catalogue_invalid", file=file, field=f"{where}.activity",
                            problem=problem("not_an_activity"))
        if s.transfer and s.transfer.outside_eea not in TRANSFER_STATES:
            raise RopaError("catalogue_invalid", file=file, field=f"{where}.transfer.outside_eea",
                            problem=problem("one_of", values=", ".join(TRANSFER_STATES)))
        for j, c in enumerate(s.data_categories):
            for name, values in (("subject", (c.subject,)), ("subjects", c.subjects)):
                if any(v not in SUBJECTS for v in values):
                    raise RopaError("catalogue_invalid", file=file, field=f"{where}.data_categories[{j}].{name}",
                                    problem=problem("one_of", values=", ".join(SUBJECTS)))
            # A shipped category says whose data it is and what it holds (DOMAIN.md: "Data subjects are attached
            # to each data category"); only user vendors stored in older files may lack them (`whose` falls back).
            for name in ("subjects", "content"):
                if not getattr(c, name):
                    raise RopaError("catalogue_invalid", file=file, field=f"{where}.data_categories[{j}].{name}",
                                    problem=problem("missing"))
        # Every open-ended retention text is one of the service's (or its base's) retention texts, word for word.
        base = next((b for b in vendor.services if b.key == s.parent), None) if s.parent else None
        texts = {t for svc in (s, base) if svc for t in svc.retention_general} | {
            c.retention for svc in (s, base) if svc for c in svc.data_categories if c.retention}
        for j, text in enumerate(s.open_ended_retention):
            if text not in texts:
                raise RopaError("catalogue_invalid", file=file, field=f"{where}.open_ended_retention[{j}]",
                                problem=problem("retention_word_for_word"))
        # A period the customer sets is a rule of the service's, word for word, set where the rule itself says.
        for j, rule in enumerate(s.customer_set_retention):
            if rule.text not in texts or not rule.where or rule.where not in rule.text or \
                    rule.text in s.open_ended_retention:
                raise RopaError("catalogue_invalid", file=file, field=f"{where}.customer_set_retention[{j}]",
                                problem=problem("retention_word_for_word"))
        # Every fact given a section of its own is one of the service's (or its base's) facts, word for word, once.
        listed = {t for svc in (s, base) if svc for name in FACT_LISTS for t in getattr(svc, name)}
        cited = [t for group in s.fact_sections for t in group.facts]
        for j, group in enumerate(s.fact_sections):
            for text in group.facts:
                if text not in listed or cited.count(text) > 1:
                    raise RopaError("catalogue_invalid", file=file, field=f"{where}.fact_sections[{j}]",
                                    problem=problem("fact_word_for_word"))
        # ROPA's own words are read in both languages: each customer duty (ROPA's summary) has its English, in the
        # same order; so have a recipient's name, a category that is ROPA's reading, and no English stands alone.
        if len(s.customer_duties_en) != len(s.customer_duties) or not all(s.customer_duties_en):
            raise RopaError("catalogue_invalid", file=file, field=f"{where}.customer_duties_en",
                            problem=problem("customer_duties_en", count=len(s.customer_duties)))
        for j, c in enumerate(s.data_categories):
            for name in ("name_en", "content_en"):
                if c.content_reading and not getattr(c, name):
                    raise RopaError("catalogue_invalid", file=file, field=f"{where}.data_categories[{j}].{name}",
                                    problem=problem("missing"))
            # a category read from the rule for deletion alone is ROPA's label: it has its English name
            if c.reading == "retention_only" and not c.name_en:
                raise RopaError("catalogue_invalid", file=file, field=f"{where}.data_categories[{j}].name_en",
                                problem=problem("missing"))
            for name, value, allowed in (("reading", c.reading, CATEGORY_READINGS),
                                         ("purpose_column", c.purpose_column, PURPOSE_COLUMNS),
                                         ("purpose_reading", c.purpose_reading, PURPOSE_READINGS)):
                if value not in allowed:
                    raise RopaError("catalogue_invalid", file=file, field=f"{where}.data_categories[{j}].{name}",
                                    problem=problem("one_of", values=", ".join(v for v in allowed if v)))
            if (c.purpose_column or c.purpose_reading) and not c.purpose:
                raise RopaError("catalogue_invalid", file=file, field=f"{where}.data_categories[{j}].purpose",
                                problem=problem("missing"))
        for j, p in enumerate(s.sub_processors):
            for name in ("activity", "data"):
                if getattr(p, f"{name}_en") and not getattr(p, name):
                    raise RopaError("catalogue_invalid", file=file, field=f"{where}.sub_processors[{j}].{name}",
                                    problem=problem("missing"))
        for j, r in enumerate(s.recipients):
            if not r.name_en:
                raise RopaError("catalogue_invalid", file=file, field=f"{where}.recipients[{j}].name_en",
                                problem=problem("missing"))
            if r.note not in RECIPIENT_NOTES:
                raise RopaError("catalogue_invalid", file=file, field=f"{where}.recipients[{j}].note",
                                problem=problem("one_of", values=", ".join(n for n in RECIPIENT_NOTES if n)))
        for j, p in enumerate(s.sub_processors):
            if p.location_note not in LOCATION_NOTES:
                raise RopaError("catalogue_invalid", file=file, field=f"{where}.sub_processors[{j}].location_note",
                                problem=problem("one_of", values=", ".join(n for n in LOCATION_NOTES if n)))
        places = [("countries", s.countries)] + [
            (f"sub_processors[{j}].countries", p.countries) for j, p in enumerate(s.sub_processors)] + [
            (f"recipients[{j}].countries", r.countries) for j, r in enumerate(s.recipients)]
        for name, codes in places:
            for code in codes:
                if not (code == NOT_STATED or code in REGIONS or (len(code) == 2 and code.isupper())):
                    raise RopaError("catalogue_invalid", file=file, field=f"{where}.{name}",
                                    problem=problem("country", code=code))
    if len(set(keys)) != len(keys):
        raise RopaError("catalogue_invalid", file=file, field="services.key", problem=problem("duplicate_key"))


def load_activity_templates(folder: Path | None = None) -> tuple[ActivityTemplate, ...]:
    index = _index(folder or resource_path("catalogue"))
    return tuple(_build(ActivityTemplate, {"key": key, **body}, f"activities.{key}", INDEX_FILE)
                 for key, body in index.get("activities", {}).items())


def service_from_dict(data: dict, file: str = "ROPA") -> Service:
    return _build(Service, data, "service", file)


def vendor_from_dict(data: dict, services: tuple[Service, ...] = (), file: str = "ROPA") -> Vendor:
    return _build(Vendor, {k: v for k, v in data.items() if k != "services"}, "vendor", file,
                  defaults={"services": services})


def vendor_to_dict(vendor: Vendor) -> dict:
    out = dataclasses.asdict(vendor)
    out.pop("services")
    return out


def load_catalogue(folder: Path | None = None) -> Catalogue:
    """Read and validate every vendor file in resources/catalogue (or ``folder``)."""
    folder = folder or resource_path("catalogue")
    activities = load_activity_templates(folder)
    version = shipped_catalogue_version(folder)
    date = str(_index(folder).get("date", ""))
    known = {a.key for a in activities}
    vendors = []
    for path in sorted(folder.glob("*.toml")):
        if path.name == INDEX_FILE:
            continue
        data = _read_toml(path)
        raw_vendor = data.get("vendor")
        if not isinstance(raw_vendor, dict):
            raise RopaError("catalogue_invalid", file=path.name, field="vendor", problem=problem("missing"))
        extra = set(data) - {"vendor", "services"}
        if extra:
            raise RopaError("catalogue_invalid", file=path.name, field=sorted(extra)[0], problem=problem("unknown_field"))
        services = []
        for i, raw in enumerate(data.get("services", [])):
            if not isinstance(raw, dict):
                raise RopaError("catalogue_invalid", file=path.name, field=f"services[{i}]", problem=problem("expected_table"))
            services.append(_build(Service, raw, f"services[{i}]", path.name,
                                   defaults={"vendor": raw_vendor.get("id", "")}))
        vendor = _build(Vendor, raw_vendor, "vendor", path.name, defaults={"services": tuple(services)})
        _check_vendor(vendor, path.name, known)
        vendors.append(vendor)
    return Catalogue(version=version, date=date, vendors=tuple(vendors), activities=activities)
