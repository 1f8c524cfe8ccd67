"""What the fourth DPO review found stated but not in the documents, or in the documents but lost, in «Telefoni og
sentralbord» and Phonero's rows (N7, N9, N10, N13 and part 2): each test exports the register with every catalogue
service in use and reads the cells back, in bokmål and English, as the DPO reads them."""
from __future__ import annotations

import json

import pytest

from ropa_app.export import export_register
from ropa_app.register import build_register
from ropa_app.store import open_ropa

from .test_register_fidelity import sheets


@pytest.fixture(scope="module")
def exported(_all_services_template, tmp_path_factory):
    """Per language: the JSON (its register_text holds each Protokoll cell whole) and the xlsx's sheets."""
    with open_ropa(_all_services_template) as store:
        register = build_register(store)
    folder = tmp_path_factory.mktemp("audit4-out")
    out = {}
    for lang in ("nb", "en"):
        export_register(register, "json", folder / f"r.{lang}.json", lang)
        export_register(register, "xlsx", folder / f"r.{lang}.xlsx", lang)
        out[lang] = (json.loads((folder / f"r.{lang}.json").read_text(encoding="utf-8")),
                     sheets(folder / f"r.{lang}.xlsx"))
    return out


def cell(exported, lang: str, service_key: str, column: str) -> str:
    data = exported[lang][0]
    entry = next(e for e in data["entries"] if any(u["key"] == service_key for u in e["services"]))
    return entry["register_text"][column]


def line(text: str, start: str) -> str:
    """The lines of ``text`` that start with ``start`` (Talkmore's and Dipper's categories share a cell), each
    ending in a line break."""
    found = [x for x in text.splitlines() if x.startswith(start)]
    assert found, start
    return "".join(f"{x}\n" for x in found)


# --- N7: We4you's «System/formål» column, and whose the customer's messages are ---------------------------------

def test_we4you_system_column_is_not_called_a_purpose(exported):
    nb = cell(exported, "nb", "we4you/sentralbord", "data_categories")
    assert ("• Navn og telefonnummer til avdelinger og ansatte: navn, telefonnummer til avdelinger og ansatte hos "
            "kunden (system/formål: Telefonsystem)") in nb
    assert "• Kundekort: instruks fra kunden, navn, stillingsbeskrivelse, telefonnummer og epost (system/formål: Kundekort)" in nb
    assert "(formål: Telefonsystem)" not in nb and "(formål: Kundekort)" not in nb
    en = cell(exported, "en", "we4you/sentralbord", "data_categories")
    assert "(system/purpose: Telefonsystem)" in en and "(purpose: Telefonsystem)" not in en
    # Telenor Inpli's column is headed «Formål»: still a purpose
    assert "(formål: " in cell(exported, "nb", "telenor-inpli/2involve-kontaktsenter", "data_categories")


def test_whose_the_customers_messages_are_is_ropas_reading(exported):
    nb = line(cell(exported, "nb", "we4you/sentralbord", "data_categories"), "• Beskjeder og informasjon fra kunde")
    assert "[ROPAs lesning: dokumentet oppgir ikke hvem opplysningene gjelder; de kan også gjelde andre, f.eks. " \
           "innringere]" in nb
    en = line(cell(exported, "en", "we4you/sentralbord", "data_categories"), "• Messages and information from the customer")
    assert "[ROPA's reading: the document does not say whose data these are; they may also concern others" in en
    # the caller's messages are not said to be a reading: the document says «på vegen av innringer»
    assert "ROPAs lesning" not in line(cell(exported, "nb", "we4you/sentralbord", "data_categories"),
                                       "• Beskjeder på vegne av innringer")


# --- N10: Phonero's data types are not purposes -------------------------------------------------------------------

def test_phonero_purposes_are_only_what_the_rows_say_the_data_are_needed_for(exported):
    purposes = cell(exported, "nb", "phonero/link-din-bedrift", "purpose")
    assert "• Bestilling og/eller aktivering av tjenestene hos tjenesteleverandør (fra Phonero)" in purposes
    assert "Konfigurering av tjenestene" not in purposes and "Innlogging til portal" not in purposes
    categories = cell(exported, "en", "phonero/link-din-bedrift", "data_categories")
    assert "• BrukerID: BrukerID for innlogging til portal\n" in categories + "\n"
    assert "(purpose: Innlogging til portal)" not in categories and "(purpose: Konfigurering" not in categories


# --- part 2: stated but not in the document ------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["talkmore/bedriftsnett", "dipper/bedriftsnett"])
def test_the_queue_notes_and_the_call_history_rule_are_marked_as_ropas_reading(exported, key):
    categories = cell(exported, "nb", key, "data_categories")
    assert ("• Notater om innringer på kø [ROPAs lesning: dokumentet nevner opplysningen bare i regelen for sletting, "
            "ikke blant typene av personopplysninger det behandler]") in categories
    retention = cell(exported, "nb", key, "retention")
    # one line for the rule: the queue log marked as ROPA's reading beside its name, the notes (named in it) not
    assert ("• Anropslogg for sentralbordoperatør (køer) [ROPAs lesning: dokumentet knytter ikke regelen til denne "
            "kategorien ved navn], Notater om innringer på kø: Anropshistorikk og notater om innringer på kø slettes "
            "etter angitt varighet") in retention
    en = cell(exported, "en", key, "data_categories")
    assert ("• Notes on callers in the queue: notater om innringer på kø [ROPA's reading: the document mentions this "
            "data only in its rule for deletion") in en


# --- part 2: in the document but lost ------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["talkmore/bedriftsnett", "dipper/bedriftsnett"])
def test_what_was_lost_is_in_the_categories(exported, key):
    nb = cell(exported, "nb", key, "data_categories")
    # pkt. 4 a / pkt. 3: per-employee history, a sign of monitoring to consider
    assert "• Oversikt over samtaler, samtalestatus og historikk på ansatte\n" in nb + "\n"
    # pkt. 10, Anropslogg: «Kontakter som finnes i bedriftskatalogen kan være beriket med mer informasjon»
    assert "; kontakter i bedriftskatalogen kan være beriket med mer informasjon;" in line(nb, "• Anropslogg (brukers logg)")
    # pkt. 11's table: who places each kind, and how to block it or opt out, quoted with the column
    assert "teknisk nødvendige informasjonskapsler (Talkmore)" in nb or "teknisk nødvendige informasjonskapsler (Dipper)" in nb
    # ... the purposes and how to block them are quoted once, on the vendor's row of the processors sheet (audit 4, N3)
    service = {"talkmore/bedriftsnett": "Talkmore Bedriftsnett", "dipper/bedriftsnett": "Dipper Bedriftsnett"}[key]
    [row] = [r for r in exported["nb"][1]["Databehandlere"][1:] if r[1] == service]
    processors = "\n".join(str(c) for c in row)
    assert "– «Kan ikke blokkeres» (pkt. 11, tabellrad «Teknisk nødvendige informasjonskapsler», kolonne «Hvordan " \
           "blokkere»)" in processors
    assert "– «Du kan selv melde deg ut fra denne type innsamling hos den som plasserer informasjonskapselen ved å " \
           "følge lenken under:" in processors
    [row] = [r for r in exported["en"][1]["Processors"][1:] if r[1] == service]
    assert "(item 11, table row «Teknisk nødvendige informasjonskapsler», column «Hvordan blokkere»)" in "\n".join(
        str(c) for c in row)


def test_the_per_employee_history_is_a_monitoring_sign_named_in_english_in_the_english_gaps(exported):
    [nb] = [g["message"] for g in exported["nb"][0]["gaps"] if g["code"] == "dpia_monitoring_sign"
            and "Oversikt over samtaler, samtalestatus og historikk på ansatte" in g["message"]][:1]
    assert "Sentralbordanropslogg og statistikk per kø-operatør" in nb
    en = [g["message"] for g in exported["en"][0]["gaps"] if g["code"] == "dpia_monitoring_sign"]
    assert any("Overview of calls, call status and history per employee" in m for m in en)
    assert not any("Oversikt over samtaler" in m or "Sentralbordanropslogg" in m for m in en)


def test_the_sources_name_the_vendors_customer_database_and_what_we4you_collects(exported):
    nb = cell(exported, "nb", "talkmore/bedriftsnett", "sources")
    assert ("Talkmore Bedrift oppgir: «opplysninger fra Talkmores kundedatabase og støttesystemer» (Tjenestevilkår "
            "for Talkmore Bedriftsnett, pkt. 10, «Hvordan behandler Databehandler personopplysningene?»)") in nb
    assert "Dipper oppgir: «opplysninger fra Dippers kundedatabase og støttesystemer»" in nb
    assert "We4you oppgir: «personopplysninger som er innhentet, og registrert etter avtale med kunden»" in nb
    en = cell(exported, "en", "talkmore/bedriftsnett", "sources")
    assert ("Talkmore Bedrift states: “kunden har lagt inn i bedriftskatalogen” (Tjenestevilkår for Talkmore "
            "Bedriftsnett, item 10") in en
    assert "– concerns: Bedriftskatalogen" in en
    # the Kilder sheet cites the point the customer database is named in
    kilder = exported["nb"][1]["Kilder"]
    assert any("«Hvordan behandler Databehandler personopplysningene?»" in str(r[3]) for r in kilder[1:]
               if "Talkmore" in str(r[1]))


# --- N13: the encryption sentence verbatim --------------------------------------------------------------------------

def test_the_encryption_measure_is_quoted_as_the_document_words_it(exported):
    nb = cell(exported, "nb", "talkmore/bedriftsnett", "security")
    assert ("Talkmore Bedrift oppgir: «Det brukes kryptering av såvel innhold som ende-til-ende kommunikasjon ved "
            "overføring av data.» (Tjenestevilkår for Talkmore Bedriftsnett, pkt. 10, «Hvordan behandler "
            "Databehandler personopplysningene?»)") in nb
    assert "Dipper oppgir: «Det brukes kryptering av så vel innhold" in nb
    assert "«Kryptering av" not in nb


# --- N9: ROPA's labels in English ---------------------------------------------------------------------------------

LABELS = (
    ("Tilgjengelighet fra Exchange-kalenderen", "Availability from the Exchange calendar"),
    ("Emnefelt fra fravær i Exchange-kalenderen", "Subject line of an absence in the Exchange calendar"),
    ("Notater om innringer på kø", "Notes on callers in the queue"),
    ("Agenter tilgjengelig på telefon", "Agents available on the phone"),
    ("Beskjeder på vegne av innringer", "Messages on behalf of callers"),
    ("Navn og telefonnummer til avdelinger og ansatte", "Names and phone numbers of departments and employees"),
)


@pytest.mark.parametrize("pair", LABELS)
def test_ropas_category_labels_read_in_english_and_the_documents_words_stay(exported, pair):
    norwegian, english = pair
    en = cell(exported, "en", "talkmore/bedriftsnett", "data_categories")
    nb = cell(exported, "nb", "talkmore/bedriftsnett", "data_categories")
    assert f"• {english}" in en and f"• {norwegian}" not in en
    assert f"• {norwegian}" in nb and english not in nb
    # the content after the colon is the document's: it stays as written
    assert "• Availability from the Exchange calendar: fravær- og tilgjengelighetsmarkeringer fra bedriftens " \
           "Microsoft Exchange-kalender" in en


def test_the_sub_processors_task_reads_in_english_quoting_the_documents_words(exported):
    en = cell(exported, "en", "talkmore/bedriftsnett", "recipients")
    assert "Eniro (for Talkmore Bedrift: Delivery of Bedriftsnett (“for levering av Bedriftsnett”))" in en
    assert "Levering av Bedriftsnett" not in en
    assert "Eniro (for Talkmore Bedrift: Levering av Bedriftsnett)" in cell(exported, "nb", "talkmore/bedriftsnett",
                                                                           "recipients")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_customer_controlled_purpose_says_what_it_means(exported, lang):
    """Telenor Inpli's Tabell 2 gives «Kundestyrte» as the purpose; said bare it is unintelligible (DPO audit 4):
    the category says, as ROPA's reading, that the company decides the purpose."""
    text = cell(exported, lang, "telenor-inpli/2involve-kontaktsenter", "data_categories")
    meaning = {"nb": "(formål: Kundestyrte – ROPAs lesning: kunden, altså virksomheten, bestemmer formålet)",
               "en": "(purpose: Kundestyrte – ROPA's reading: the customer, that is the company, decides the purpose)"}
    assert text.count(meaning[lang]) >= 5
    assert "Kundestyrte)" not in text.replace(meaning[lang], "")  # never bare
