"""What the processors sheet and table (xlsx and PDF) say about each vendor service beyond the register's columns,
and what the sources sheet and section say about each vendor document:

- the vendor's description of the service, quoted with the section it was read in («Tilleggstjenesten Konferanse
  lar …», pkt. 4 e), and for an add-on whose document lists no data of its own, ROPA's note saying so;
- ROPA's notes on the vendor's document (the catalogue's vendor notes), labelled as ROPA's, in the reader's
  language; those that qualify the vendor's role («Telias rolle») beside the role;
- what a vendor document states once, said once: a base service's purposes, processing, terms and the company's
  duties under them are not repeated for each of its add-ons (15 duties for 8 add-ons filled 33 pages), and the
  terms stand apart from the company's data processing agreement.

One place for both renderers, so the sheet and the PDF say the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ropa_app.columns import join_lines, role_text, stated_purposes_lines, vendor_says
from ropa_app.i18n import t
from ropa_app.locators import section_text
from ropa_app.model import DocumentNote, Fact, ProcessorRow, Register


def _in_norwegian(note: DocumentNote, lang: str) -> bool:
    """An English reader gets a note in bokmål only from a file whose copy of the catalogue predates the English
    notes (until the catalogue is upgraded); the label says so."""
    return lang == "en" and not note.en


def document_notes_text(notes, lang: str) -> str:
    """ROPA's notes on a document, labelled as ROPA's, one bullet each ("" when there are none)."""
    if notes is None or not notes.notes:
        return ""
    label = "register.document_notes_norwegian" if any(_in_norwegian(n, lang) for n in notes.notes) \
        else "register.document_notes"
    return t(label, lang) + ":\n" + "\n".join(f"• {n.text(lang)}" for n in notes.notes)


def role_notes_text(register: Register, p: ProcessorRow, lang: str) -> str:
    """ROPA's notes on the document that qualify the vendor's role (Phonero's table heads the role column
    «Telias rolle»), each labelled as ROPA's."""
    notes = register.notes_on(p.origin.vendor, p.origin.document())
    return "\n".join(t("register.ropa_note_norwegian" if _in_norwegian(n, lang) else "register.ropa_note", lang,
                       text=n.text(lang)) for n in (notes.role if notes else ()))


def role_cell(register: Register, p: ProcessorRow, lang: str) -> str:
    """The vendor's role, with ROPA's notes that qualify it."""
    return join_lines(role_text(p.role, lang), role_notes_text(register, p, lang))


def _document(p: ProcessorRow) -> tuple[str, str]:
    return p.origin.vendor, p.origin.document()


@dataclass
class SaidOnce:
    """What the rows printed so far have said of each vendor document: a fact is printed on the first row that
    has it, and a later row of the same document says «som for <that service>»."""

    first: dict[tuple, str] = field(default_factory=dict)

    def split(self, p: ProcessorRow, kind: str, facts) -> tuple[list[Fact], str]:
        """The facts not said before, and the service that said the others ("" if none was said before)."""
        new: list[Fact] = []
        earlier = ""
        for f in facts:
            key = (*_document(p), kind, f.origin.section, f.text)  # the same statement, not the same words
            said = self.first.get(key)
            if said is None or said == p.service:
                self.first[key] = p.service
                new.append(f)
            elif not earlier:
                earlier = said
        return new, earlier


def _listed(header: str, lines: list[str], earlier: str, lang: str) -> str:
    """«Header:\\n• a\\n• b», «Header: som for X», or «Header: som for X, og dessuten:\\n• a»."""
    if not lines and not earlier:
        return ""
    if not earlier:
        return f"{header}:\n" + "\n".join(lines)
    if not lines:
        return f"{header}: {t('register.as_for', lang, service=earlier)}"
    return f"{header}: {t('register.as_for_and', lang, service=earlier)}:\n" + "\n".join(lines)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def _same(sentence: str) -> str:
    return " ".join(sentence.casefold().split()).rstrip(".")


def purpose_line(f: Fact, description: str, lang: str) -> str:
    """A purpose the vendor states, as a bullet; one that repeats the service description above it (Talkmore's and
    Dipper's pkt. 10 answer is pkt. 3 again, some 600 characters) says so, with what it adds quoted (DPO audit 4,
    N4). Sentences compare without case or spacing; all of them but the last must be in the description."""
    said = {_same(s) for s in _sentences(description)}
    sentences = _sentences(f.text)
    new = [s for s in sentences if _same(s) not in said]
    if len(sentences) < 2 or len(new) > 1 or (new and new[0] != sentences[-1]):
        return f"• {f.text}"
    section = section_text(f.origin.section, lang)
    if not new:
        return "• " + t("register.purpose_repeats_description", lang, section=section)
    return "• " + t("register.purpose_repeats_and_adds", lang, section=section, text=new[0].strip())


def _cookies_text(p: ProcessorRow, lang: str, said: SaidOnce) -> str:
    """The purposes the vendor states for its cookies, quoted, once per document (the Protokoll's cell points
    here: DPO audit 4, N3)."""
    parts = []
    for c in p.cookies:
        facts, earlier = said.split(p, "cookies", c.stated_purposes)
        parts.append(_listed(t("register.cookie_purposes", lang), stated_purposes_lines(c, facts, lang), earlier,
                             lang))
    return join_lines(*parts)


def description_cell(p: ProcessorRow, lang: str, said: SaidOnce) -> str:
    """The service as its vendor describes it: the description quoted with its section, ROPA's note when an add-on
    lists no data of its own, then the purposes and the processing the vendor states, and the purposes it states
    for its cookies (each said once per document; a purpose that repeats the description word for word is not said
    twice, one that repeats it with a sentence more says so and quotes the sentence)."""
    description = ""
    if p.description is not None:
        description = f"{t('register.service_description', lang)}: {vendor_says(p.description, lang)}"
    no_data = ""
    if p.addon_of and not p.own_data:
        text = (t("register.addon_base_data", lang, base=p.addon_of) if p.base_data
                else t("register.addon_no_data", lang))
        no_data = t("register.ropa_note", lang, text=text)
    stated = p.description.text.strip() if p.description is not None else ""
    purposes, purposes_earlier = said.split(p, "purposes", [f for f in p.purposes if f.text.strip() != stated])
    processing, processing_earlier = said.split(p, "processing", p.processing)
    return join_lines(
        description, no_data,
        _listed(t("register.vendor_purposes_one", lang), [purpose_line(f, stated, lang) for f in purposes],
                purposes_earlier, lang),
        _listed(t("register.vendor_processing_one", lang), [f"• {f.text}" for f in processing],
                processing_earlier, lang),
        _cookies_text(p, lang, said))


def terms_cell(p: ProcessorRow, lang: str, said: SaidOnce) -> str:
    """The vendor's terms (quoted) and the company's duties under them (ROPA's summary), each said once per
    vendor document: a later service of the same document says «som for <the first>» and adds its own."""
    terms, terms_earlier = said.split(p, "terms", p.vendor_terms)
    duties, duties_earlier = said.split(p, "duties", p.customer_duties)
    from_vendor = t("register.from_vendor", lang, vendor=p.origin.vendor)
    quoted = [vendor_says(f, lang) for f in terms]
    if terms_earlier:
        quoted = [_listed(t("pdf.value.vendor_terms", lang), quoted, terms_earlier, lang)]
    return join_lines("\n".join(quoted),
                      _listed(t("register.customer_duties", lang), [f"• {f.text} {from_vendor}" for f in duties],
                              duties_earlier, lang))


@dataclass(frozen=True)
class DocumentTerms:
    """One vendor document's terms and the company's duties under them, with the services they apply to."""

    vendor: str
    document: str
    services: tuple[str, ...]
    text: str


def document_terms(register: Register, lang: str) -> list[DocumentTerms]:
    """Each vendor document's terms (quoted, with their sections) and the company's duties under them (ROPA's
    summary), once per document, for the PDF's block of its own; a term or duty that holds for only some of the
    document's services in the register says which."""
    groups: dict[tuple[str, str], list[ProcessorRow]] = {}
    for p in register.data_processors:
        groups.setdefault(_document(p), []).append(p)
    out = []
    for (vendor, document), rows in groups.items():
        services = tuple(dict.fromkeys(p.service for p in rows))

        def gathered(kind: str) -> list[tuple[Fact, tuple[str, ...]]]:
            found: dict[str, tuple[Fact, list[str]]] = {}
            for p in rows:
                for f in getattr(p, kind):
                    fact, having = found.setdefault(f.text, (f, []))
                    if p.service not in having:
                        having.append(p.service)
            return [(fact, tuple(having)) for fact, having in found.values()]

        def only(having: tuple[str, ...]) -> str:
            if set(having) >= set(services):
                return ""
            return f" ({t('register.applies_only', lang, services=', '.join(having))})"

        terms = [vendor_says(f, lang) + only(having) for f, having in gathered("vendor_terms")]
        duties = [f"• {f.text}{only(having)}" for f, having in gathered("customer_duties")]
        text = join_lines(f"{t('pdf.value.vendor_terms', lang)}:\n" + "\n".join(terms) if terms else "",
                          f"{t('register.customer_duties', lang)}:\n" + "\n".join(duties) if duties else "")
        if text:
            out.append(DocumentTerms(vendor, document, services, text))
    return out
