"""Each vendor fact cites its own section, in the reader's language, and ROPA's own notes are labelled as ROPA's
(DPO audit 2026-11-30, items 7, 8, 9 and 10)."""
from __future__ import annotations

import re

import pytest

from ropa_app.adoption import adopt_services
from ropa_app.catalogue import load_catalogue
from ropa_app.columns import (
    location_statement_text,
    locations_text,
    retention_text,
    source_cite_text,
    source_document_text,
    transfer_rows,
    vendor_says,
)
from ropa_app.locators import NORWEGIAN_LOCATOR_WORDS, outside_quotes, section_text
from ropa_app.register import build_register
from ropa_app.store import open_ropa

from .test_register_fidelity import export, sheets


@pytest.fixture
def register(sample_file):
    with open_ropa(sample_file) as store:
        adopt_services(store, [s.key for s in store.catalogue().services])
        return build_register(store)


def _every_section(catalogue) -> set[str]:
    found: set[str] = set()

    def walk(obj) -> None:
        if hasattr(obj, "section") and isinstance(obj.section, str):
            found.add(obj.section)
        if hasattr(obj, "__dataclass_fields__"):
            for name in obj.__dataclass_fields__:
                walk(getattr(obj, name))
        elif isinstance(obj, tuple):
            for item in obj:
                walk(item)

    for vendor in catalogue.vendors:
        walk(vendor)
    return found


def test_every_catalogue_section_reads_in_english_outside_the_quoted_headings():
    sections = _every_section(load_catalogue())
    assert len(sections) > 40
    norwegian = re.compile(r"\b(" + "|".join(NORWEGIAN_LOCATOR_WORDS) + r")\b", re.IGNORECASE)
    for section in sections:
        english = section_text(section, "en")
        leftovers = [m.group(0) for part in outside_quotes(english) for m in norwegian.finditer(part)]
        assert not leftovers, (section, english)
        # the document's own quoted words are kept as it writes them
        assert re.findall(r"«[^»]*»", english) == re.findall(r"«[^»]*»", section)
        assert section_text(section, "nb") == section


def test_locators_in_english():
    assert section_text("pkt. 10 (med pkt. 2, 3 og 5–9)", "en") == "item 10 (with item 2, 3 and 5–9)"
    assert section_text("tabellrad «Phonero Bedriftsnett», kolonnene «Underleverandører» og «Behandlingssted»",
                        "en") == "table row «Phonero Bedriftsnett», columns «Underleverandører» and «Behandlingssted»"
    assert section_text("innledning; Tabell 1", "en") == "introduction; Table 1"
    assert section_text("tabellrad «Phonero Bedriftsportal & Fakturakontroll» og fotnote *", "en") == (
        "table row «Phonero Bedriftsportal & Fakturakontroll» and footnote *")
    assert section_text("«Bruk av underleverandører», rad «Zisson»", "en") == "«Bruk av underleverandører», row «Zisson»"
    assert section_text("pkt. 10, «X» (Anropslogg, 1. strekpunkt) og «Hvordan og når slettes …?»", "en") == (
        "item 10, «X» (Anropslogg, bullet 1) and «Hvordan og når slettes …?»")


def _fact(register, vendor: str, needle: str, field: str = "vendor_terms"):
    return next(f for e in register.entries for f in getattr(e, field)
                if f.origin.vendor == vendor and needle in f.text)


def test_each_vendor_fact_cites_its_own_section_never_the_whole_document(register):
    we4you = "We4you"
    assert _fact(register, we4you, "fjernes disse ved hensiktsmessighet", "retention_rules").origin.section == (
        "«Endring og sletting av personopplysninger»")
    assert _fact(register, we4you, "stedlig ettersyn").origin.section == "«Innsyn i opplysninger»"
    assert _fact(register, we4you, "benytte underleverandører").origin.section == "«Bruk av underleverandører»"
    assert _fact(register, we4you, "taushetserklæring", "vendor_security").origin.section == (
        "«IT-sikkerhet og personvernsikkerhet»")
    assert _fact(register, "Talkmore Bedrift", "ansvarlig for sikkerheten").origin.section == "pkt. 8 «Talkmore ansvar»"
    assert _fact(register, "Dipper", "har rett til å endre").origin.section == (
        "pkt. 2 «Ikrafttredelse, oppgraderinger og endringer»")
    assert _fact(register, "Telenor Inpli", "etter 2 år", "retention_rules").origin.section == (
        "Tabell 1, «Hvordan og når slettes personopplysningene?»")
    sections = {s.section for s in register.sources}
    assert not any(" til «" in s or "(med pkt." in s for s in sections), sections
    # and the facts say where, in English too
    term = _fact(register, "Talkmore Bedrift", "ansvarlig for sikkerheten")
    assert vendor_says(term, "en").endswith("(Tjenestevilkår for Talkmore Bedriftsnett, item 8 «Talkmore ansvar»)")


def test_an_undated_document_says_undated_in_the_document_cell(register, tmp_path):
    refs = {r.vendor: r for r in register.sources}
    assert source_document_text(refs["We4you"], "nb").endswith(", udatert")
    assert source_document_text(refs["Talkmore Bedrift"], "en") == "Tjenestevilkår for Talkmore Bedriftsnett, undated"
    assert source_document_text(refs["Phonero"], "nb") == "Phonero tjenestebeskrivelse, 15.03.2021"
    assert "udatert" in source_cite_text(refs["Dipper"], "nb")
    kilder = sheets(export(register, "xlsx", tmp_path / "r.xlsx", "en"))["Sources"]
    assert all(r[2] for r in kilder[1:])
    assert any(str(r[2]).endswith(", undated") for r in kilder[1:])
    assert not any("pkt." in str(r[3]) or "tabellrad" in str(r[3]) for r in kilder[1:])


def _sub(register, name: str, processor: str):
    return next(s for s in register.sub_processors if s.name == name and s.processor == processor)


def test_sub_processor_locations_attributed_and_ropas_notes_labelled(register):
    zendesk = _sub(register, "Zendesk", "Phonero")
    text = location_statement_text(zendesk.processor, zendesk.location_statement, zendesk.location_note,
                                   zendesk.locations, "en")
    assert text.startswith("Phonero states: “Tyskland”\nROPA's note: the document states the processing location "
                           "of the service (Germany)")
    nb = location_statement_text(zendesk.processor, zendesk.location_statement, zendesk.location_note,
                                 zendesk.locations, "nb")
    assert nb.startswith("Phonero oppgir: «Tyskland»\nROPAs merknad: dokumentet oppgir behandlingssted for tjenesten")
    zisson = _sub(register, "Zisson", "We4you")
    assert location_statement_text(zisson.processor, zisson.location_statement, zisson.location_note,
                                   zisson.locations, "en") == (
        "ROPA's note: the document does not state the processing location")
    enghouse = _sub(register, "Enghouse Interactive", "Telenor Inpli")
    assert "ROPA's note" in location_statement_text(enghouse.processor, enghouse.location_statement,
                                                    enghouse.location_note, enghouse.locations, "en")
    for sp in register.sub_processors:  # no Norwegian cataloguer's note is given as the vendor's words
        assert "ikke oppgitt" not in sp.location_statement and "Behandlingssted for" not in sp.location_statement


def test_telenor_under_phonero_is_norway_and_other_unstated_places(register):
    telenor = _sub(register, "Telenor", "Phonero")
    assert locations_text(telenor.locations, "nb") == "Norge, i tillegg andre steder som ikke er oppgitt"
    assert locations_text(telenor.locations, "en") == "Norway, also other locations, not stated"
    [row] = [r for r in transfer_rows(register, "nb") if r.recipient == "Telenor"]
    assert row.country == "Norge, i tillegg andre steder som ikke er oppgitt"
    assert row.classification == "Behandlingssted ikke oppgitt"  # still unknown: never "no transfer"
    [we4you_row] = [r for r in transfer_rows(register, "nb") if r.recipient == "Zisson"]
    assert we4you_row.country == "Ukjent"


def test_a_retention_rule_given_to_a_category_by_reading_says_so(register):
    [entry] = [e for e in register.entries if any(u.vendor == "Telenor Inpli" for u in e.services)]
    text = retention_text(entry, "nb")
    # one line for the rule, the categories it covers named together; the one it reaches only by ROPA's reading
    # (the rule says «statistikkdata», not CDR) is marked beside its name, the recordings it names are not
    [line] = [line for line in text.splitlines() if line.startswith("• Samtaledata (CDR)")]
    names, rule = line.split(": For kunder med aktiv 2involve-avtale", 1)
    assert names == ("• Samtaledata (CDR) [ROPAs lesning: dokumentet knytter ikke regelen til denne kategorien ved "
                     "navn], Samtaleopptak (lydlogg), Skjermbildeopptak")
    assert "samt statistikkdata etter 2 år." in rule and "ROPAs lesning" not in rule


def test_sources_the_documents_state_reach_the_sources_column(register):
    """«oppgitt av den besøkende», «som oppgitt av virksomheten», «hentes fra ekstern opplysningstjeneste»: the
    register's «Kilder til personopplysningene» quotes them, attributed (DPO audit, item 12; was blank)."""
    from ropa_app.columns import sources_text

    by_title = {e.title: sources_text(e, "nb") for e in register.entries}
    visitors = next(v for k, v in by_title.items() if "Besøksregistrering" in k)
    # each quote with its document and section, as every other vendor quote (DPO audit 4, N13: the parenthesis
    # named a category), and the categories it concerns after it
    assert ("Phonero oppgir: «oppgitt av den besøkende» (Phonero tjenestebeskrivelse, 15.03.2021, tabellrad "
            "«Phonero Bedriftsnett Besøksregistrering», kolonne «Datatyper») – gjelder: Navn, Selskap, Telefonnummer, "
            "Besøkslogg") in visitors
    telephony = next(v for k, v in by_title.items() if "Telefoni" in k)
    assert ("Dipper oppgir: «hentes fra ekstern opplysningstjeneste» (Tjenestevilkår for Dipper Bedriftsnett, "
            "pkt. 4 c (Nummeroppslag)) – gjelder: Informasjon om innringer") in telephony
    assert "Phonero oppgir: «som oppgitt av virksomheten» (Phonero tjenestebeskrivelse, 15.03.2021, tabellrad «" in telephony
    assert ("Talkmore Bedrift oppgir: «kunden har lagt inn i bedriftskatalogen» (Tjenestevilkår for Talkmore "
            "Bedriftsnett, pkt. 10, «Hvilke typer av personopplysninger behandles?» (Bedriftskatalogen) og «Hvordan "
            "og når slettes …?») – gjelder: Bedriftskatalogen") in telephony
    # what the documents say of the service as a whole: Talkmore's customer database, We4you's «etter avtale»
    assert ("Talkmore Bedrift oppgir: «opplysninger fra Talkmores kundedatabase og støttesystemer» (Tjenestevilkår "
            "for Talkmore Bedriftsnett, pkt. 10, «Hvordan behandler Databehandler personopplysningene?»)") in telephony
    assert ("We4you oppgir: «personopplysninger som er innhentet, og registrert etter avtale med kunden» "
            "(Databehandling og behandling av personopplysninger i We4you AS (GDPR), «Arten og formålet med "
            "behandlingen»)") in telephony
    for line in telephony.splitlines()[1:]:  # never a category where the section should be
        assert re.search(r"oppgir: «[^»]+» \((Tjenestevilkår|Phonero tjenestebeskrivelse|Databehandling)", line), line


def test_dipper_nps_callers_number_is_a_category_marked_as_a_reading():
    """003 pkt. 4 d: callers «automatisk mottar en SMS»: their number is processed for the survey; the document
    does not name the number, so the category says it is ROPA's reading."""
    service = load_catalogue().resolved("dipper/bedriftsnett/net-promoter-score")
    [number] = [c for c in service.data_categories if "telefonnummer" in c.name]
    assert number.whose == ("callers",) and number.content_reading  # the export says so
    assert number.content == "innringerens telefonnummer, som SMS-en sendes til"
    assert number.source.section == "pkt. 4 d (Net Promoter Scor)"


def test_a_sub_processor_behind_several_services_names_them_all(register, tmp_path):
    """Telenor serves both Analog Aksess and ISDN aksess; Link Mobility three Phonero services: one row each, naming
    every service and citing each row (was the first service only: DPO audit, item 7)."""
    telenor = _sub(register, "Telenor", "Phonero")
    assert telenor.service.split("\n") == ["Analog Aksess (fastlinje tale)", "ISDN aksess"]
    link = _sub(register, "Link Mobility", "Phonero")
    assert len(link.service.split("\n")) == 3 and "Phonero Bedriftsnett Besøksregistrering" in link.service
    rows = sheets(export(register, "xlsx", tmp_path / "r.xlsx"))["Underdatabehandlere"]
    [row] = [r for r in rows[1:] if r[0] == "Telenor"]
    assert "«ISDN aksess»" in str(row[-1]) and "«Analog Aksess (fastlinje tale)»" in str(row[-1])
