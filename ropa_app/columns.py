"""How the register reads: Datatilsynet's column order, which columns are mandatory, and each value as text in
the chosen language. The xlsx and pdf renderers (and the app's tables) share this, so the register says the same
everywhere."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from ropa_app.countries import classify, country_name
from ropa_app.dates import format_datetime
from ropa_app.domain import CHOICE_GROUPS
from ropa_app.i18n import LANGUAGES, t
from ropa_app.locators import section_text
from ropa_app.register import (
    DECLINED,
    INDEPENDENT_CONTROLLER,
    OPEN,
    OTHER,
    PROCESSOR,
    RESELLER,
    SUB_PROCESSOR,
    DataCategory,
    Entry,
    Fact,
    Location,
    Recipient,
    Register,
)
from ropa_app.template import column_of, is_mandatory
from ropa_app.validation import format_orgnr


@dataclass(frozen=True)
class Column:
    key: str
    text: Callable[[Entry, str], str]
    width: int = 30  # a sensible spreadsheet width, in characters
    choices: str = ""  # the list a spreadsheet validation offers for this column, if any
    # What a spreadsheet cell shows when the whole text is too long for it (the whole text goes to the sheet of
    # full texts): a shorter form that still says all the column must say (the categories without their contents)
    short: Callable[[Entry, str], str] | None = None

    @property
    def mandatory(self) -> bool:
        """Orange in Datatilsynet's template (ropa_app.template decides); optional columns are green."""
        return is_mandatory(self.key)

    def mandatory_for(self, e: Entry) -> bool:
        """Mandatory for this activity (the art. 9 column is, where special categories are processed)."""
        return is_mandatory(self.key, e.has_special_categories)

    def label(self, lang: str) -> str:
        return t(f"column.{self.key}", lang)


def join_lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p and p.strip())


def enum_label(group: str, value: str, lang: str) -> str:
    return t(f"enum.{group}.{value or 'unknown'}", lang)


def choice_label(field: str, value: str, lang: str) -> str:
    """The label of a choice field's value ("b" -> "(b) Avtale"); other fields' values as they are."""
    group = CHOICE_GROUPS.get(field)
    return enum_label(group, value, lang) if group else value


@lru_cache(maxsize=1024)
def subject_label(subject: str, lang: str) -> str:
    key = f"enum.subject.{subject}"
    text = t(key, lang)
    return subject if text == key else text


def locations_text(locations: tuple[Location, ...], lang: str) -> str:
    """«Norge, i tillegg andre steder som ikke er oppgitt»: an unstated location beside stated ones is the other
    places the vendor says it may also process in, not an unknown instead of them."""
    stated = any(loc.status != "not_stated" for loc in locations)
    return ", ".join(t("country.others_not_stated", lang) if stated and loc.status == "not_stated"
                     else country_name(loc.code, lang) for loc in locations)


@lru_cache(maxsize=1024)
def _from(vendor: str, lang: str) -> str:
    return t("register.from_vendor", lang, vendor=vendor)


def vendor_says(fact: Fact, lang: str) -> str:
    """A vendor's statement quoted and attributed, never upgraded to the company's own (DOMAIN.md: "Quote,
    attribute, don't upgrade"): «Talkmore Bedrift oppgir: «Ja» (Tjenestevilkår for Talkmore Bedriftsnett, pkt. 10)»."""
    o = fact.origin
    where = ", ".join(p for p in (o.document(), section_text(o.section, lang)) if p)
    return t("register.vendor_says", lang, vendor=o.vendor, text=fact.text.strip(), source=where)


def vendor_transfer_answer(use, lang: str) -> str:
    """A vendor's own answer on transfers outside the EU/EEA, with the document's whole question (a bare «Ja» to a
    question cut short reads as if safeguards were in place): «Dipper svarer «Ja» på spørsmålet «Har Databehandler
    inngått avtale …?» (…, pkt. 10)». Where the answer points outside the EU/EEA while every place the document
    names is inside it, ROPA's note says so (a statement, no instruction: the register goes to Datatilsynet; the gap
    list asks the user). "" when the vendor does not answer."""
    fact = use.transfer_answer or use.transfer_safeguards  # the answer in the vendor's words, else its summary
    if fact is None:
        return ""
    if use.transfer_answer and use.transfer_question:
        o = fact.origin
        where = ", ".join(p for p in (o.document(), section_text(o.section, lang)) if p)
        text = t("register.vendor_answers", lang, vendor=o.vendor, answer=fact.text.strip(),
                 question=use.transfer_question.strip(), source=where)
    else:
        text = vendor_says(fact, lang)
    if use.transfer_unclear:
        note = t("register.transfer_answer_unclear", lang, vendor=use.vendor,
                 places=locations_text(use.countries, lang))
        text += "\n" + t("register.ropa_note", lang, text=note)
    return text




def role_text(role: str, lang: str) -> str:
    return enum_label("role", role, lang)


# --- per-column text --------------------------------------------------------------------------------------

def joint_text(e: Entry, lang: str) -> str:
    """The activity's joint controllers; without any, the company's answer: none (it said so), none named for this
    activity (it has some elsewhere), or not assessed (nobody answered: never «none»)."""
    if not (e.joint_controllers or e.joint_responsibilities or e.joint_contact):
        return t({"no": "register.no_joint_controllers", "yes": "register.no_joint_here"}.get(
            e.joint_answer, "register.not_assessed"), lang)
    return join_lines(e.joint_controllers,
                      e.joint_responsibilities and f"{t('register.responsibilities', lang)}: {e.joint_responsibilities}",
                      e.joint_contact and f"{t('register.contact_point', lang)}: {e.joint_contact}")


def owner_text(e: Entry, lang: str) -> str:
    """Who is responsible day to day; nobody named reads «Ikke oppgitt», never a blank: the column is green in
    Datatilsynet's template and the gap should be fixed, so not «Mangler», the word of an orange cell (see
    unanswered)."""
    return join_lines(e.owner_name, e.owner_phone, e.owner_email) or unanswered(is_mandatory("owner"), lang)


def unanswered(mandatory: bool, lang: str) -> str:
    """One word per state of a field nobody has answered, in every export (DPO audit 4, N8): «Mangler» where the
    template's cell is orange (mandatory), «Ikke oppgitt» where it is green and the gap list asks for it (should be
    fixed). A green field with nothing to say is left blank in the spreadsheet and «–» in the PDF."""
    return t("pdf.value.missing" if mandatory else "register.not_given", lang)


def processors_text(e: Entry, lang: str) -> str:
    """Per vendor, role and agreement: «Dipper – Dipper Bedriftsnett, Konferanse (Databehandler for …).
    Databehandleravtale: …». Services under the same role and agreement share a line. A vendor that is an
    independent controller for a service is not a processor: it stands among the recipients only."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for use in e.services:
        if use.role == INDEPENDENT_CONTROLLER:  # a recipient, never a processor (no agreement applies)
            continue
        agreement = f"{t('register.dpa', lang)}: {use.dpa_reference or t('register.dpa_missing', lang)}"
        groups.setdefault((use.vendor, role_text(use.role, lang), agreement), []).append(use.name)
    lines = [f"{vendor} – {', '.join(names)} ({role}). {agreement}"
             for (vendor, role, agreement), names in groups.items()]
    # Named with their services, so a vendor that is processor for some and controller for others reads as both
    controllers = ", ".join(f"{vendor} – {', '.join(names)}" for vendor, names in _controller_services(e).items())
    if controllers:
        lines.append(t("register.not_a_processor" if lines else "register.no_processors_controllers", lang,
                       names=controllers))
    return "\n".join(lines) or t("register.no_vendor_services", lang)


def _controller_services(e: Entry) -> dict[str, list[str]]:
    """The services whose vendor is an independent controller, per vendor (Phonero: Bedriftsportal & ...)."""
    out: dict[str, list[str]] = {}
    for use in e.services:
        if use.role == INDEPENDENT_CONTROLLER and use.name not in out.get(use.vendor, []):
            out.setdefault(use.vendor, []).append(use.name)
    return out


def _role_words(statement: str) -> str:
    """The document's words that make the vendor a controller: the footnote its role cell points to, on its own
    («Behandlingsansvarlig*. * Dersom Phonero står oppført …» -> «Dersom Phonero står oppført …»), else the whole
    statement."""
    head, star, note = statement.strip().partition("* ")
    return note.strip() if star and head.rstrip().endswith("*.") and note.strip() else statement.strip()


def independent_controller_text(e: Entry, vendor: str, lang: str) -> str:
    """An independent controller among the recipients, with its services and the document's reason, quoted:
    «Phonero (Phonero Bedriftsportal & Fakturakontroll …; Phonero oppgir: «Dersom Phonero står oppført som
    behandlingsansvarlig, …» (…, tabellrad «…» og fotnote *))»."""
    uses = [u for u in e.services if u.role == INDEPENDENT_CONTROLLER and u.vendor == vendor]
    if not uses:
        return vendor
    names = list(dict.fromkeys(u.name for u in uses))
    quotes = list(dict.fromkeys(vendor_says(Fact(_role_words(u.role_statement), u.origin), lang)
                                for u in uses if u.role_statement.strip()))
    return f"{vendor} ({'; '.join(names + quotes)})"


def _lower_first(text: str) -> str:
    """"Ansatte og brukere" -> "ansatte og brukere"; acronyms ("NAV") and names kept as written."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def subject_names(e: Entry, lang: str) -> list[str]:
    """The activity's categories of data subjects: whose data each category in use is, plus the user's own words,
    once each (compared without case), in one form (lower case but for names), the user's own first."""
    return list(_subject_names(e.data_subjects, e.inherited_subjects, lang))


@lru_cache(maxsize=1024)
def _subject_names(own: tuple[str, ...], inherited: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """Activities that use the same services share their subjects: each combination named once."""
    seen: dict[str, str] = {}
    named = set()  # the vendors' groups the user's own words already name («ansatte»: employees)
    for name in own:
        name = " ".join(name.split())
        if name:
            seen.setdefault(name.casefold(), _lower_first(name))
            named.add(subject_key(name))
    for s in inherited:
        name = " ".join(subject_label(s, lang).split())
        if s not in named:
            seen.setdefault(name.casefold(), _lower_first(name))
    # The same group goes once, by meaning («ansatte» and «ansatte og brukere»), never for sharing a word:
    # «besøkende» is not said by «vertskap (ansatte som får besøk)», and every group the user typed stands.
    return tuple(seen.values())


def _normal(words: str) -> str:
    return " ".join(words.casefold().split())


@lru_cache(maxsize=1)
def _subject_words() -> dict[str, str]:
    """Words for a catalogue group of data subjects -> its key: the group's label in either language and the words
    listed for the same group (i18n «subject.synonyms.<key>»)."""
    from ropa_app.catalogue import SUBJECTS

    words: dict[str, str] = {}
    for s in SUBJECTS:
        for lang in LANGUAGES:
            words[_normal(t(f"enum.subject.{s}", lang))] = s
            for word in t(f"subject.synonyms.{s}", lang).split(";"):
                if word.strip():
                    words.setdefault(_normal(word), s)
    return words


_AND_OTHER = re.compile(r"\b(?:og andre|and other)\s+(.+)$")


def subject_key(name: str) -> str | None:
    """The catalogue group a user's words name, when they name the same group: «Ansatte» -> employees; «pasienter
    og andre innringere» -> callers (A and other B are all B, with A named). None for words that name a narrower
    or another group («tidligere ansatte», «besøk»): those always stand on their own."""
    words = _subject_words()
    text = _normal(name)
    if text in words:
        return words[text]
    other = _AND_OTHER.search(text)
    return words.get(other.group(1).strip()) if other else None


def subjects_text(e: Entry, lang: str) -> str:
    text = ", ".join(subject_names(e, lang))
    return text[:1].upper() + text[1:]


def art6_text(e: Entry, lang: str) -> str:
    """The art. 6(1) bases chosen, with their reference and balancing test; none chosen reads «Ikke oppgitt» (the
    gap list: «Behandlingsgrunnlag etter artikkel 6 mangler», should be fixed: the column is green)."""
    return join_lines(
        "\n".join(enum_label("art6", b, lang) for b in e.legal_basis),
        e.legal_basis_reference and f"{t('register.reference', lang)}: {e.legal_basis_reference}",
        e.legitimate_interest_assessment and f"{t('register.lia', lang)}: {e.legitimate_interest_assessment}"
    ) or unanswered(is_mandatory("art6"), lang)


def _answer(answer: str, lang: str) -> str:
    """"" -> Ikke vurdert; "no" -> Ikke aktuelt (the user said so). Never the one for the other."""
    return t("register.not_assessed" if not answer else "register.not_applicable", lang)


def art9_text(e: Entry, lang: str) -> str:
    """Art. 9 and art. 10, each answered as the user answered: not assessed, not applicable, or the condition."""
    specials = [enum_label("special", s, lang) for s in e.special_categories]
    specials += [c.name for c in e.categories_in_use if c.special]
    if e.special_categories_answer == "yes" or specials or e.art9_conditions:
        art9 = join_lines(
            specials and f"{t('register.special_categories', lang)}: {', '.join(dict.fromkeys(specials))}",
            "\n".join(f"{t('register.art9', lang)} {enum_label('art9', c, lang)}" for c in e.art9_conditions)
            or f"{t('register.art9', lang)}: {t('register.condition_missing', lang)}")
    else:
        art9 = f"{t('register.art9_short', lang)}: {_answer(e.special_categories_answer, lang)}"
    if e.criminal_offences_answer == "yes" or e.art10_basis.strip():
        art10 = f"{t('register.art10', lang)}: {e.art10_basis.strip() or t('register.condition_missing', lang)}"
    else:
        art10 = f"{t('register.art10', lang)}: {_answer(e.criminal_offences_answer, lang)}"
    return join_lines(art9, art10)


def _category_name(c: DataCategory, lang: str) -> str:
    name = c.name
    if c.optional and c.decision == OPEN:
        name += f" ({t('register.optional_open', lang)})"
    return name


def category_text(c: DataCategory, lang: str) -> str:
    """A category with what it holds: «Status: status (ledig, opptatt, fravær)». A content that goes on from the
    name's last words is not said twice: «Annet: viderekoblingsnummer» holding «viderekoblingsnummer ved f.eks.
    opptatt …» reads «Annet: viderekoblingsnummer ved f.eks. opptatt …» (003 pkt. 10: «Annet: Viderekoblingsnummer
    ved …»)."""
    text = _category_content_text(c, lang)
    if c.content_reading:
        text += f" [{t('register.content_reading', lang)}]"
    if c.reading:
        text += f" [{t(f'register.category_reading.{c.reading}', lang)}]"
    extra = tuple(s for s in c.subjects if s != c.subject)
    if c.subjects_reading and c.subject and extra:  # whose it is goes beyond the heading it is listed under
        reading = t("register.subjects_reading", lang, listed=_whose((c.subject,), lang).lower(),
                    extra=_whose(extra, lang).lower())
        text += f" [{reading}]"
    # Telenor Inpli's Tabell 2 gives each category its purpose (column «Formål»): said with the category
    if c.purpose.strip():
        label = t("register.category_system_purpose" if c.purpose_column else "register.category_purpose", lang)
        meaning = f" – {t(f'register.purpose_reading.{c.purpose_reading}', lang)}" if c.purpose_reading else ""
        text = f"{text} ({label}: {c.purpose.strip()}{meaning})"
    if c.stated_purposes:  # cookies: their purposes are quoted once, with the vendor's service (DPO audit 4, N3)
        text = f"{text} ({_stated_purposes_pointer(c, lang)})"
    return text


def _stated_purposes_pointer(c: DataCategory, lang: str) -> str:
    """Where the purposes a vendor states for a category are quoted (the processors sheet and section, with the
    vendor's service), and ROPA's note, short, on those that serve the vendor's own ends: the Protokoll's cell shows
    the activity's data, not three long cookie quotes (DPO audit 4, N3)."""
    vendor = c.stated_purposes[0].origin.vendor
    pointer = t("register.category_purposes_elsewhere", lang, vendor=vendor)
    if not c.own_purposes:
        return pointer
    short = t("register.own_purposes_short", lang, purposes=_own_purposes_listed(c, lang), vendor=vendor)
    return f"{pointer}; {t('register.ropa_note', lang, text=short)}"


def _own_purposes_listed(c: DataCategory, lang: str) -> str:
    names = [t("register.quoted_name", lang, text=n) for n in c.own_purposes]
    return names[0] if len(names) == 1 else t("register.and_list", lang, first=", ".join(names[:-1]), last=names[-1])


def _quoted(fact: Fact, lang: str) -> str:
    """«…» (section): a vendor's words with the point they stand in, the vendor and document said before."""
    return t("register.quoted", lang, text=fact.text.strip(), source=section_text(fact.origin.section, lang))


def stated_purposes_lines(c: DataCategory, facts, lang: str) -> list[str]:
    """The purposes a vendor states for a category (cookies, pkt. 11), ``facts`` of them each quoted with its point,
    and ROPA's note on those that serve the vendor's own ends with no role named: never given as processing on the
    company's behalf (DPO audit 3, item 1). The processors sheet and section print them, once per document."""
    if not facts:
        return []
    lines = [f"– {_quoted(f, lang)}" for f in facts]
    if c.own_purposes:
        lines.append(t("register.ropa_note", lang, text=t("register.own_purposes_note", lang,
                                                              purposes=_own_purposes_listed(c, lang),
                                                              vendor=facts[0].origin.vendor)))
    return lines


def _category_content_text(c: DataCategory, lang: str) -> str:
    name = _category_name(c, lang)
    content = c.content.strip()
    head, colon, tail = c.name.rpartition(":")
    tail = tail.strip()
    if colon and tail and content.casefold().startswith(tail.casefold()) and (
            len(content) == len(tail) or not content[len(tail)].isalnum()):
        return f"{head}: {tail}{content[len(tail):]}" + name[len(c.name):]  # the optional flag, if any, last
    if content and content.casefold() != c.name.casefold():
        return f"{name}: {content}"
    return name


def whose_text(c: DataCategory, lang: str) -> str:
    return _whose(c.subjects, lang)


@lru_cache(maxsize=1024)
def _whose(subjects: tuple[str, ...], lang: str) -> str:
    """Categories share their subjects (a vendor lists a dozen under one heading): each set named once."""
    names = [_lower_first(subject_label(s, lang)) for s in subjects]
    text = ", ".join(dict.fromkeys(names))
    return text[:1].upper() + text[1:]


def categories_text(e: Entry, lang: str) -> str:
    """The categories of personal data, with their content and whose data they are, per vendor: the services' own
    data first, the cookies of their web pages and app after them (a cell cut at its limit shows the activity's
    real data: DPO audit 4, N3)."""
    return _categories(e, lang, compact=False)


def category_names_text(e: Entry, lang: str) -> str:
    """categories_text without what each category holds: every category's name under whose data it is, a line per
    heading. What a spreadsheet cell shows when the whole text is longer than a cell can show, so that (c) is whole
    in the cell and the contents are in the sheet of full texts (DPO audit 4, N3)."""
    return _categories(e, lang, compact=True)


def _categories(e: Entry, lang: str, compact: bool) -> str:
    own = [c.name for c in e.data_categories if not c.origin]
    lines = [", ".join(own)] if own else []
    groups: dict[tuple[str, str, str, bool], list[str]] = {}
    # What the company discloses to a vendor that is an independent controller comes last, under its own heading:
    # never under the same heading as what that vendor processes on the company's behalf.
    for c in sorted((c for c in e.data_categories if c.origin and c.decision != DECLINED),
                    key=lambda c: (c.to_controller, bool(c.stated_purposes))):
        controller = c.origin.service if c.to_controller else ""
        key = (c.origin.vendor, whose_text(c, lang), controller, bool(c.stated_purposes))
        if not compact:
            text = category_text(c, lang)
        else:  # the name, with the purpose the document gives the category (Telenor Inpli's Tabell 2), if any
            text = _category_name(c, lang)
            if c.purpose.strip():
                text = f"{text} ({t('register.category_purpose', lang)}: {c.purpose.strip()})"
            if c.stated_purposes:
                text = f"{text} ({_stated_purposes_pointer(c, lang)})"
        groups.setdefault(key, []).append(text)
    for (vendor, whose, controller, _cookies), names in groups.items():
        heading = f"{whose} {_from(vendor, lang)}"
        if controller:
            heading += " – " + t("register.disclosed_to_controller", lang, vendor=vendor, services=controller)
        names = list(dict.fromkeys(names))
        lines.append(f"{heading}: " + "; ".join(names) if compact else
                     f"{heading}:\n" + "\n".join(f"• {n}" for n in names))
    return "\n".join(lines)


def security_text(e: Entry, lang: str) -> str:
    """The company's measures, then each vendor's as the vendor states it: quoted, with its document and point
    (DPO audit 3, item 7: a measure is traceable from the cell it is signed in)."""
    vendor_lines = [f"• {vendor_says(f, lang)}" for f in e.vendor_security]
    own = e.security_measures.strip() or (vendor_lines and t("register.security_own_not_stated", lang))
    return join_lines(own, vendor_lines and t("register.vendor_measures", lang) + ":\n" + "\n".join(vendor_lines))


def purpose_text(e: Entry, lang: str) -> str:
    """The company's purpose, then the purposes its vendors state for their processing, attributed: the vendor's
    purpose never stands in for the company's (without one, the cell says it is missing)."""
    if not e.vendor_purposes:
        return e.purpose
    vendors: dict[str, list[str]] = {}  # the same words from two vendors (Dipper, Talkmore) said once, both named
    for f in e.vendor_purposes:
        named = vendors.setdefault(f.text.strip(), [])
        if f.origin.vendor not in named:
            named.append(f.origin.vendor)
    purposes = [f"• {text} {_from(', '.join(named), lang)}" for text, named in vendors.items()]
    return join_lines(e.purpose or t("register.purpose_not_stated", lang),
                      t("register.vendor_purposes", lang) + ":\n" + "\n".join(purposes))




def retention_text(e: Entry, lang: str) -> str:
    def open_ended(flag: bool, set_in: str = "") -> str:
        if set_in:  # a period the company sets (in the vendor's service): its value is what (f) asks for
            return f" [{t('register.retention_set_by_company', lang, where=set_in)}]"
        return f" [{t('register.no_time_limit', lang)}]" if flag else ""

    def reading(flag: bool) -> str:  # the vendor's rule given to this category by ROPA's reading, not the document
        return f" [{t('register.retention_reading', lang)}]" if flag else ""

    # Categories that share one rule name it once, together (DPO audit 4, N4); a category the rule reaches only by
    # ROPA's reading says so beside its name
    shared: dict[tuple[str, bool, str, str], list[str]] = {}
    for c in e.data_categories:
        if c.origin and c.retention and c.decision != DECLINED:
            key = (c.retention, c.retention_open_ended, c.retention_set_in, c.origin.vendor)
            name = f"{c.name}{reading(c.retention_reading)}"
            if name not in shared.setdefault(key, []):
                shared[key].append(name)
    per_category = [f"• {', '.join(names)}: {rule}{open_ended(flag, set_in)} {_from(vendor, lang)}"
                    for (rule, flag, set_in, vendor), names in shared.items()]
    general = [f"• {f.text}{open_ended(f.open_ended, f.set_in)} {_from(f.origin.vendor, lang)}"
               for f in e.retention_rules]
    vendor = per_category + general
    own = e.retention.strip() or (vendor and any(not c.origin for c in e.categories_in_use)  # as the gap says
                                  and t("register.retention_own_not_stated", lang))
    return join_lines(own, vendor and t("register.vendor_retention", lang) + ":\n" + "\n".join(dict.fromkeys(vendor)))


def yes_no_text(value: str, lang: str) -> str:
    return enum_label("yes_no", value, lang)


def dpia_text(e: Entry, lang: str) -> str:
    return join_lines(yes_no_text(e.dpia_done, lang),
                      e.dpia_reference and f"{t('register.reference', lang)}: {e.dpia_reference}",
                      e.dpia_not_needed_reason and f"{t('register.dpia_not_needed', lang)}: {e.dpia_not_needed_reason}")


def recipients_text(e: Entry, lang: str) -> str:
    """The recipients by kind; one a vendor's document implies or lets place cookies is named once, in a bullet
    saying what it gets and why (DPO audit 4, N4: not also on its kind's line)."""
    return _recipients(e, lang, compact=False)


def recipient_names_text(e: Entry, lang: str) -> str:
    """recipients_text without what each recipient gets and why: every recipient named on its kind's line. What a
    spreadsheet cell shows when the whole text is longer than a cell can show."""
    return _recipients(e, lang, compact=True)


def _recipients(e: Entry, lang: str, compact: bool) -> str:
    kinds = ((PROCESSOR, "register.recipients_processors"), (RESELLER, "register.recipients_processors"),
             (SUB_PROCESSOR, "register.recipients_sub_processors"),
             (INDEPENDENT_CONTROLLER, "register.recipients_controllers"), (OTHER, "register.recipients_other"))
    groups: dict[str, list[str]] = {}
    for kind, label in kinds:
        if kind == OTHER and any(_told(r) for r in e.recipients):
            groups.setdefault(label, [])  # the heading above their bullets
        for r in e.recipients:
            if r.kind != kind or (_told(r) and not compact):  # named in its bullet below, once
                continue
            name = independent_controller_text(e, r.name, lang) if r.kind == INDEPENDENT_CONTROLLER else r.name
            if r.kind == SUB_PROCESSOR:
                name += f" ({t('register.for_vendor', lang, vendor=r.via)}{': ' + r.activity if r.activity else ''})"
            elif r.kind == OTHER and r.via:
                name += f" {_from(r.via, lang)}"
            groups.setdefault(label, []).append(name)
    lines = [f"{t(label, lang)}: {', '.join(dict.fromkeys(names))}" if names else f"{t(label, lang)}:"
             for label, names in groups.items()]
    if compact:
        return "\n".join(lines)
    return join_lines("\n".join(lines), "\n".join(dict.fromkeys(
        _other_recipient_text(r, lang) for r in e.recipients if _told(r))))


def _told(r: Recipient) -> bool:
    """A recipient a vendor's document implies or lets place cookies: what it gets and why is told in a bullet."""
    return r.kind == OTHER and bool(r.via) and r.origin is not None


def _other_recipient_text(r, lang: str) -> str:
    """What a vendor's document says of a recipient it implies or lets place cookies, quoted: «• Google Analytics
    (fra Dipper) – Informasjonskapsler for analyseformål: Dipper oppgir: «Hjelper oss …» (…)», with ROPA's note
    (the vendor's own purpose, no role named; unnamed; the caller's number looked up): art. 30(1)(d) says what a
    recipient gets and why, not only its name (DPO audit 3, items 1, 4 and 12)."""
    head = f"• {r.name} {_from(r.via, lang)}" + (f" – {r.data}" if r.data else "")
    said = vendor_says(Fact(r.activity, r.origin), lang) if r.activity.strip() else ""
    note = t(f"register.recipient_note.{r.note}", lang, vendor=r.via, name=r.name) if r.note else ""
    told = " ".join(f"{p}." for p in (said, note) if p)
    return f"{head}: {told}" if told else head


def _stated_or(text: str, origin, lang: str) -> str:
    """A sub-processor's fact as its source gives it; empty, what that means: the vendor's document does not say
    (a catalogue vendor), or nobody recorded it (a vendor the user added). Never a blank cell."""
    if text.strip():
        return text
    from ropa_app.own_vendors import USER_PREFIX

    own = origin is not None and origin.service_key.startswith(USER_PREFIX)
    return t("register.sub_not_recorded" if own else "register.sub_not_stated", lang)


def sub_processor_task_text(s, lang: str) -> str:
    """What a sub-processor does («Hva den gjør»), or that the vendor does not say."""
    return _stated_or(s.activity, s.origin, lang)


def sub_processor_data_text(s, lang: str) -> str:
    """Which personal data a sub-processor gets («Hvilke opplysninger»), or that the vendor does not say."""
    return _stated_or(s.data, s.origin, lang)


def sub_processor_mechanism_text(s, lang: str) -> str:
    """A sub-processor's transfer mechanism (mechanism_text); inside the EU/EEA, that none is needed, as the
    Protokoll says it (garantier trengs ikke), never a blank. Where the place is only ROPA's reading, that the
    safeguards can be assessed once it is confirmed, as the Protokoll's safeguards cell says (DPO audit 4, N1)."""
    text = mechanism_text(s.name, s.mechanism, s.locations, lang)
    if text:
        return text
    return t("register.mechanism_read" if s.location_read else "register.mechanism_not_needed", lang)


def sub_processor_status_lines(s, lang: str) -> list[str]:
    """What the status beside a sub-processor's places adds: that the place is ROPA's reading, not confirmed (as
    the transfers sheet classifies it). Empty for a place the document states or the user recorded."""
    return [t("register.location_read_status", lang)] if s.location_read else []


def mechanism_text(name: str, mechanism: str, locations: tuple[Location, ...], lang: str) -> str:
    """A recipient's transfer mechanism as recorded; else the adequacy decision, "missing", or, while its location
    is unknown, that it cannot be assessed. "" when everything is inside the EEA (no mechanism needed)."""
    if mechanism:
        return mechanism
    if any(loc.status == "not_stated" for loc in locations):
        return t("register.safeguards_unknown", lang, names=name)
    statuses = [classify(loc.code) for loc in locations]
    if any(s.needs_mechanism for s in statuses):
        return t("register.mechanism_missing", lang)
    decisions = [s.decision for s in statuses if s.is_transfer]
    return "\n".join(t("register.adequacy", lang, decision=d) for d in dict.fromkeys(decisions))


def transfer_line(tr, lang: str) -> str:
    who = tr.recipient or t("register.stated_by_company", lang)
    return f"{country_name(tr.country, lang)}: {who} ({t('country.status.' + tr.status, lang)})"


def unknown_text(e: Entry, lang: str) -> str:
    return unknown_locations_text(e.unknown_locations, lang)


def unknown_locations_text(recipients, lang: str) -> str:
    """«Ukjent for 2 mottakere: Zisson (for We4you), Google Cloud (for We4you)»; "" when every location is known.
    A recipient used through two vendors is one recipient («Google Analytics (for Dipper, Talkmore Bedrift)»), so
    the count agrees with the names the safeguards column lists. Shared by the controller's and the processor's
    register."""
    vias: dict[str, list[str]] = {}  # one recipient once, with every vendor it is used through
    for r in recipients:
        vias.setdefault(r.name, [])
        if r.via and r.via not in vias[r.name]:
            vias[r.name].append(r.via)
    names = [f"{name} ({t('register.for_vendor', lang, vendor=', '.join(via))})" if via else name
             for name, via in vias.items()]
    if not names:
        return ""
    key = "register.unknown_for_one" if len(names) == 1 else "register.unknown_for"
    return t(key, lang, count=len(names), names=", ".join(names))


def third_country_text(e: Entry, lang: str) -> str:
    """(e) as known: the transfers, every recipient whose location is unknown, the company's own statement. "Nei"
    only when every recipient's location is known and inside the EU/EEA, and never while one is unknown
    (DOMAIN.md: "A transfer question with any unknown recipient location is never answered 'no'")."""
    transfers = [transfer_line(tr, lang) for tr in e.transfers]
    unknown = unknown_text(e, lang)
    unrecorded = [r.name for r in e.unrecorded_locations]
    own = e.transfers_note.strip() and t("register.company_states", lang, text=e.transfers_note.strip())
    read = read_locations_text(e.read_locations, lang)  # places ROPA read from the service's: said so
    if transfers or unknown:
        return join_lines("\n".join(transfers), unknown, read, own)
    if own:
        return join_lines(own, read)
    if unrecorded:
        return t("register.not_assessed_for", lang, names=", ".join(unrecorded))
    if not e.recipients:
        return t("register.not_assessed", lang)
    unclear = [use.vendor for use in e.services if use.transfer_unclear]
    if unclear:  # not «Nei»: the places stated say no, a vendor's own answer points outside the EU/EEA
        return join_lines(t("register.transfers_unclear", lang, vendors=", ".join(dict.fromkeys(unclear))), read)
    if read:  # not a plain «Nei»: it rests on ROPA's reading for these sub-processors
        return join_lines(t("register.no_known_transfers", lang), read)
    return t("register.no_transfers", lang)


def _recipient_name(r, lang: str) -> str:
    return f"{r.name} ({t('register.for_vendor', lang, vendor=r.via)})" if r.via else r.name


def recipient_names(recipients, lang: str) -> str:
    """«Zendesk (for Phonero), Bluestone AS (for Phonero)»: each once."""
    return ", ".join(dict.fromkeys(_recipient_name(r, lang) for r in recipients))


def read_locations_text(recipients, lang: str) -> str:
    """ROPA's note on each sub-processor whose place it read from the service's (or the whole document's) and the
    document does not state for it: «ROPAs merknad: Zendesk (for Phonero): dokumentet oppgir behandlingssted for
    tjenesten (Tyskland), ikke eget behandlingssted for underleverandøren». "" when there is none."""
    notes = [t("register.location_read_note", lang, name=_recipient_name(r, lang), note=t(
        f"register.location_note.{r.location_note}", lang, places=locations_text(r.locations, lang)))
        for r in recipients]
    return "\n".join(t("register.ropa_note", lang, text=n) for n in dict.fromkeys(notes))


def vendor_transfer_statements(e: Entry, lang: str) -> list[str]:
    """What each vendor itself answers about transfers outside the EU/EEA and its sub-processor agreements."""
    return list(dict.fromkeys(text for text in (vendor_transfer_answer(use, lang) for use in e.services) if text))


def safeguard_lines(transfers, unknown_locations, lang: str) -> list[str]:
    """Per transfer: the mechanism recorded, the adequacy decision, or "missing"; then, while any location is
    unknown, that the safeguards cannot be judged. Shared by the controller's and the processor's register."""
    lines = []
    for tr in transfers:
        status = classify(tr.country)
        where = f"{tr.recipient or t('register.stated_by_company', lang)} ({country_name(tr.country, lang)})"
        if tr.mechanism:
            lines.append(f"{where}: {tr.mechanism}")
        elif not status.needs_mechanism:
            lines.append(f"{where}: {t('register.adequacy', lang, decision=status.decision)}")
        else:
            lines.append(f"{where}: {t('register.mechanism_missing', lang)}")
    if unknown_locations:
        lines.append(t("register.safeguards_unknown", lang, names=", ".join(
            dict.fromkeys(r.name for r in unknown_locations))))
    return lines


def safeguards_text(e: Entry, lang: str) -> str:
    """(e) the safeguards: per transfer the mechanism recorded (by the user, or stated by the vendor, quoted), the
    adequacy decision, or "missing"; the vendors' own answers on their sub-processor agreements; and, while a
    location is unknown, that the safeguards cannot be judged."""
    lines = safeguard_lines(e.transfers, e.unknown_locations, lang)
    if e.read_locations:  # «no safeguards needed» would rest on ROPA's reading of where they are
        lines.append(t("register.safeguards_read", lang, names=recipient_names(e.read_locations, lang)))
    lines += vendor_transfer_statements(e, lang)
    if lines:
        return "\n".join(lines)
    answer = third_country_text(e, lang)
    if answer == t("register.no_transfers", lang):
        return t("register.no_safeguards_needed", lang)
    if e.transfers_note.strip():  # it names no third country (else there would be a transfer line above)
        return t("register.no_safeguards_company", lang)
    return t("register.not_assessed", lang)


@dataclass(frozen=True)
class TransferRow:
    """A line of the transfers sheet/section: a transfer, a recipient whose location is unknown, or a vendor's own
    answer on transfers and safeguards. One list for the xlsx and the pdf."""

    recipient: str
    via: str
    country: str
    classification: str
    mechanism: str
    activity_ids: tuple[int, ...]


def transfer_rows(register: Register, lang: str) -> list[TransferRow]:
    rows = []
    for tr in register.transfers:
        status = classify(tr.country)
        if tr.mechanism:
            mechanism = tr.mechanism
        elif status.needs_mechanism:
            mechanism = t("register.mechanism_missing", lang)
        else:
            mechanism = t("register.adequacy", lang, decision=status.decision)
        rows.append(TransferRow(tr.recipient or t("register.stated_by_company", lang), tr.via,
                                country_name(tr.country, lang), t(f"country.status.{tr.status}", lang), mechanism,
                                tr.activity_ids))
    unknown: dict[tuple[str, str], list[int]] = {}
    places: dict[tuple[str, str], str] = {}
    statements: dict[tuple[str, str], list[int]] = {}
    for e in register.entries:
        for r in e.unknown_locations:
            unknown.setdefault((r.name, r.via), []).append(e.id)
            if any(loc.status != "not_stated" for loc in r.locations):  # Norway, and other places not stated
                places[(r.name, r.via)] = locations_text(r.locations, lang)
        for use in e.services:
            text = vendor_transfer_answer(use, lang)
            if text:
                statements.setdefault((use.vendor, text), []).append(e.id)
    for (name, via), ids in unknown.items():
        rows.append(TransferRow(name, via, places.get((name, via)) or t("register.unknown", lang),
                                t("country.status.not_stated", lang),
                                t("register.safeguards_unknown", lang, names=name), tuple(sorted(set(ids)))))
    # A sub-processor whose place is ROPA's reading of the service's (or the whole document's): not a transfer
    # the register can rule out, so it is listed with the reading until the user records what the vendor confirms.
    read: dict[tuple[str, str], tuple[Recipient, list[int]]] = {}
    for e in register.entries:
        for r in e.read_locations:
            read.setdefault((r.name, r.via), (r, []))[1].append(e.id)
    for (name, via), (r, ids) in read.items():
        rows.append(TransferRow(name, via, locations_text(r.locations, lang), t("register.location_read_status", lang),
                                read_locations_text([r], lang), tuple(sorted(set(ids)))))
    for (vendor, text), ids in statements.items():
        rows.append(TransferRow(vendor, "", "–", t("register.vendor_answer", lang), text, tuple(sorted(set(ids)))))
    return rows


def sources_text(e: Entry, lang: str) -> str:
    """Where the data come from: the company's own words, then what each vendor's document says, quoted with the
    document and section as every other vendor quote is («Phonero oppgir: «oppgitt av den besøkende» (Phonero
    tjenestebeskrivelse, 15.03.2021, tabellrad «…», kolonne «Datatyper») – gjelder: Navn, Selskap, …»): of the
    categories in use, then of the service as a whole (Talkmore pkt. 10: «opplysninger fra Talkmores kundedatabase
    og støttesystemer»). DPO audit 4, N13: the parenthesis named a category, not where the words stand."""
    stated: dict[tuple[str, str], list] = {}
    for c in e.categories_in_use:
        if c.origin and c.collected_from:
            stated.setdefault((c.origin.vendor, c.collected_from), []).append(c)
    vendor_lines = []
    for (_vendor, text), categories in stated.items():
        sections = "; ".join(dict.fromkeys(c.origin.section for c in categories))
        fact = Fact(text, replace(categories[0].origin, section=sections))
        names = ", ".join(dict.fromkeys(c.name for c in categories))
        vendor_lines.append(f"{vendor_says(fact, lang)} – {t('register.sources_concerns', lang, names=names)}")
    vendor_lines += [vendor_says(f, lang) for f in e.vendor_sources]
    return join_lines(", ".join(e.sources), "\n".join(vendor_lines))


def source_refs_text(e: Entry, lang: str) -> str:
    return ", ".join(str(n) for n in e.source_refs)


PROTOKOLL_COLUMNS: tuple[Column, ...] = (
    Column("title", lambda e, lang: e.title, 28),
    Column("joint", joint_text, 24),
    Column("owner", owner_text, 24),
    Column("processors", processors_text, 40),
    Column("purpose", purpose_text, 45),
    Column("data_subjects", subjects_text, 26),
    Column("art6", art6_text, 32, choices="art6"),
    Column("art9", art9_text, 30),
    Column("area", lambda e, lang: e.area, 22),
    Column("data_categories", categories_text, 60, short=category_names_text),
    Column("security", security_text, 50),
    Column("retention", retention_text, 50),
    Column("high_risk", lambda e, lang: yes_no_text(e.high_risk, lang), 16, choices="yes_no"),
    Column("dpia", dpia_text, 22),
    Column("sources", sources_text, 24),
    Column("systems", lambda e, lang: ", ".join(e.systems), 24),
    Column("recipients", recipients_text, 45, short=recipient_names_text),
    Column("third_countries", third_country_text, 36),
    Column("safeguards", safeguards_text, 36),
    Column("status", lambda e, lang: enum_label("status", e.status, lang), 14, choices="status"),
    Column("updated", lambda e, lang: format_datetime(e.updated, lang), 20),
    Column("vendor_sources", source_refs_text, 16),
)


def organisation_rows(register: Register, lang: str) -> list[tuple[str, str]]:
    """The organisation block (art. 30(1)(a)) as (label, value) rows."""
    o = register.organisation

    def field(name: str) -> str:
        return t(f"field.organisation.{name}", lang)

    missing = t("pdf.value.missing", lang)
    no_contact = "" if (o.address or o.email or o.phone) else missing  # art. 30(1)(a): one of them is asked for
    rows = [
        (field("name"), o.name or missing),
        (field("org_number"), format_orgnr(o.org_number) or unanswered(False, lang)),  # a gap to fix: not blank
        (field("address"), o.address or no_contact),
        (field("email"), o.email or no_contact),
        (field("phone"), o.phone or no_contact),
        (field("contact_name"), o.contact_name or t("country.not_stated", lang)),  # «Ikke oppgitt», not a blank
        (field("representative_name"), join_lines(o.representative_name, o.representative_address,
                                                  o.representative_email, o.representative_phone)
         or t({"no": "register.representative_not_needed", "yes": "register.representative_unnamed"}.get(
            o.needs_representative, "register.not_assessed"), lang)),
        (field("dpo_name"), join_lines(o.dpo_name, o.dpo_address, o.dpo_email, o.dpo_phone) or t(
            {"no": "register.no_dpo", "yes": "register.dpo_unnamed"}.get(o.dpo_appointed, "register.not_assessed"),
            lang)),
    ]
    joint = [join_lines(jc.name + (f" ({format_orgnr(jc.org_number)})" if jc.org_number else ""), jc.contact,
                        jc.email, jc.phone, jc.responsibilities) for jc in o.joint_controllers]
    rows.append((t("field.joint_controller.name", lang), "\n\n".join(joint) or t(
        "register.no_joint_controllers" if o.has_joint_controllers == "no" else "register.not_assessed", lang)))
    return rows


def gap_text(gap, lang: str) -> str:
    params = gap.param_dict()
    if "country" in params:  # stored as a code; read as the country's name
        params["country"] = country_name(params["country"], lang)
    if "countries" in params:  # codes, comma-separated
        params["countries"] = ", ".join(country_name(c, lang) for c in params["countries"].split(",") if c)
    return t(f"gap.{gap.code}", lang, **params)


def field_label(field: str, lang: str) -> str:
    """A readable name for a gap's field (activity fields, organisation.<field>, recipient:<name>, ...)."""
    if field.startswith("organisation."):
        return t(f"field.{field}", lang)
    if field.startswith(("served_controller.", "processor_role.")):  # the processor's register, art. 30(2)
        from ropa_app.processor_columns import processor_field_label

        return processor_field_label(field, lang)
    if field.startswith(("recipient:", "mechanism:")):
        return t(f"column.{column_of(field)}", lang) + " – " + field.split(":", 1)[1]
    if field.startswith("category:"):
        return t("column.data_categories", lang)
    if field.startswith("service:"):
        return t("column.processors", lang)
    key = f"field.activity.{field}"
    text = t(key, lang)
    return text if text != key else field


# --- vendor documents and sections, as the reader's language cites them ------------------------------------------

def origin_cite(origin, lang: str) -> str:
    """«Phonero: Phonero tjenestebeskrivelse, 15.03.2021, table row «…»»: the section's locator in ``lang``."""
    if origin is None:
        return ""
    return ", ".join(p for p in (f"{origin.vendor}: {origin.document()}" if origin.document() else origin.vendor,
                                 section_text(origin.section, lang)) if p)


def source_document_text(ref, lang: str) -> str:
    """The document cell of the sources appendix: title, then date or version, or "udatert" when the vendor's
    document states neither (a blank would read as something left out)."""
    if ref.undated:
        return ", ".join(p for p in (ref.document, t("register.undated", lang)) if p)
    return ref.document


def source_cite_text(ref, lang: str) -> str:
    """A numbered source as one line: vendor, document (or "udatert"), section in ``lang``."""
    document = source_document_text(ref, lang)
    return ", ".join(p for p in (f"{ref.vendor}: {document}" if document else ref.vendor,
                                 section_text(ref.section, lang)) if p)


def location_statement_text(via: str, statement: str, note: str, locations: tuple[Location, ...],
                            lang: str) -> str:
    """A sub-processor's location as the vendor states it (quoted, attributed) and ROPA's own note on how it was
    read, each labelled as what it is: the cataloguer's note is never given as the vendor's statement."""
    lines = []
    if statement:
        lines.append(t("register.vendor_states", lang, vendor=via, text=statement) if via else statement)
    if note:
        lines.append(t("register.ropa_note", lang, text=t(f"register.location_note.{note}", lang,
                                                            places=locations_text(locations, lang))))
    elif not statement and any(loc.status == "not_stated" for loc in locations):
        lines.append(t("register.ropa_note", lang, text=t("register.location_note.not_stated", lang)))
    return "\n".join(lines)
