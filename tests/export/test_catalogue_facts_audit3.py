"""What the vendors' documents say reaches the exported register as the documents say it (DPO audit 3, items 1, 4,
7, 8, 10, 12, 13 and 17): each test exports the register and reads the text back, as the DPO reads it."""
from __future__ import annotations

import json
import shutil

import pytest

from ropa_app.adoption import adopt_services
from ropa_app.export import export_register
from ropa_app.register import build_register
from ropa_app.store import open_ropa

from .test_register_fidelity import protokoll, sheets


@pytest.fixture(scope="module")
def all_file(_all_services_template):
    """The sample company with every catalogue service adopted (only read here)."""
    return _all_services_template


@pytest.fixture(scope="module")
def register(all_file):
    with open_ropa(all_file) as store:
        return build_register(store)


@pytest.fixture(scope="module")
def exported(register, tmp_path_factory):
    """The xlsx sheets and the JSON (its register_text holds each Protokoll cell whole), per language."""
    folder = tmp_path_factory.mktemp("audit3-out")
    out = {}
    for lang in ("nb", "en"):
        export_register(register, "xlsx", folder / f"r.{lang}.xlsx", lang)
        export_register(register, "json", folder / f"r.{lang}.json", lang)
        out[lang] = (sheets(folder / f"r.{lang}.xlsx"),
                     json.loads((folder / f"r.{lang}.json").read_text(encoding="utf-8")), folder / f"r.{lang}.xlsx")
    return out


def cell(exported, lang: str, service_key: str, column: str) -> str:
    """The whole Protokoll text of ``column`` for the activity that uses ``service_key``."""
    data = exported[lang][1]
    entry = next(e for e in data["entries"] if any(u["key"] == service_key for u in e["services"]))
    return entry["register_text"][column]


# --- 1: cookies and similar technologies (pkt. 11) ----------------------------------------------------------

def test_cookies_are_a_data_category_with_each_purpose_quoted_and_the_vendors_own_ends_noted(exported):
    nb = cell(exported, "nb", "talkmore/bedriftsnett", "data_categories")
    assert ("• Informasjonskapsler og lignende teknologier (som pikselmerker, websignaler, gjennomsiktige bilder, "
            "JavaScript og lokal lagring): teknisk nødvendige informasjonskapsler (Talkmore); informasjonskapsler for "
            "analyseformål (Google Analytics) (formål: se Databehandlere, Talkmore Bedrift; ROPAs merknad: «Analyse "
            "av bruksmønstre» og «Analyse av digital kommunikasjon» tjener Talkmore Bedrifts egne formål)") in nb
    # the purposes are quoted once, on the vendor's row of the processors sheet (DPO audit 4, N3)
    [talkmore] = [r for r in exported["nb"][0]["Databehandlere"][1:] if r[1] == "Talkmore Bedriftsnett"]
    nb = "\n".join(str(c) for c in talkmore)
    assert "Formål og blokkering leverandøren oppgir for informasjonskapsler og lignende teknologier:" in nb
    assert ("– «Analyse av bruksmønstre: Talkmore ønsker stadig å forbedre Bedriftsnettløsningen. Vi bruker derfor "
            "disse teknologiene til å analysere hvordan våre brukere benytter nettsider og app.» "
            "(pkt. 11, «Analyse av bruksmønstre»)") in nb
    assert "registrere antall brukere som besøker Talkmore etter å ha sett en annonse.» (pkt. 11, «Analyse av digital" in nb
    assert ("– «Er nødvendige for at nettsidene våre skal fungere når du navigerer rundt» "
            "(pkt. 11, tabellrad «Teknisk nødvendige informasjonskapsler»)") in nb
    assert ("ROPAs merknad: «Analyse av bruksmønstre» og «Analyse av digital kommunikasjon» tjener Talkmore Bedrifts "
            "egne formål; dokumentet oppgir ingen rolle for denne behandlingen og beskriver den ikke som behandling "
            "på virksomhetens vegne") in nb
    [dipper] = [r for r in exported["nb"][0]["Databehandlere"][1:] if r[1] == "Dipper Bedriftsnett"]
    assert "ROPAs merknad: «Analyse av bruksmønstre» og «Analyse av digital kommunikasjon» tjener Dippers" in "\n".join(
        str(c) for c in dipper)
    [talkmore] = [r for r in exported["en"][0]["Processors"][1:] if r[1] == "Talkmore Bedriftsnett"]
    en = "\n".join(str(c) for c in talkmore)
    assert "Purposes and blocking the vendor states for cookies and similar technologies:" in en
    assert "benytter nettsider og app.” (item 11, «Analyse av bruksmønstre»)" in en
    assert ("ROPA's note: “Analyse av bruksmønstre” and “Analyse av digital kommunikasjon” serve Talkmore Bedrift's "
            "own ends; the document names no role for this processing") in en
    # never given as a purpose of the processing on the company's behalf
    purposes = cell(exported, "nb", "talkmore/bedriftsnett", "purpose")
    assert "Analyse av" not in purposes and "annonse" not in purposes


def test_google_analytics_is_a_recipient_of_the_analytics_cookies_for_the_purpose_the_vendor_states(exported):
    nb = cell(exported, "nb", "talkmore/bedriftsnett", "recipients")
    assert ("• Google Analytics (fra Talkmore Bedrift) – Informasjonskapsler for analyseformål: Talkmore Bedrift "
            "oppgir: «Hjelper oss å forstå hvordan nettsidene våre blir brukt, og lar oss måle hvor effektive våre "
            "markedsføringskampanjer er.") in nb
    assert ("(Tjenestevilkår for Talkmore Bedriftsnett, pkt. 11, tabellrad «Informasjonskapsler for analyseformål»). "
            "ROPAs merknad: formålet er Talkmore Bedrifts eget; dokumentet oppgir ingen rolle for Google Analytics "
            "eller for denne behandlingen") in nb
    assert "• Google Analytics (fra Dipper) – Informasjonskapsler for analyseformål: Dipper oppgir: «Hjelper oss" in nb
    en = cell(exported, "en", "talkmore/bedriftsnett", "recipients")
    assert "• Google Analytics (from Talkmore Bedrift) – Informasjonskapsler for analyseformål: Talkmore Bedrift " \
           "states: “Hjelper oss" in en
    assert "ROPA's note: the purpose is Talkmore Bedrift's own; the document names no role for Google Analytics" in en


def test_the_sources_sheet_cites_each_cookie_purpose_in_its_own_point(exported):
    kilder = exported["nb"][0]["Kilder"]
    talkmore = {r[3] for r in kilder[1:] if r[1] == "Talkmore Bedrift"}
    assert {"pkt. 11, «Funksjonalitet i Bedriftsnett løsningen»", "pkt. 11, «Analyse av bruksmønstre»",
            "pkt. 11, «Analyse av digital kommunikasjon»", "pkt. 11, tabellrad «Teknisk nødvendige informasjonskapsler»",
            "pkt. 11, tabellrad «Informasjonskapsler for analyseformål»"} <= talkmore


# --- 4 and 12: recipients the documents imply without naming them -------------------------------------------

def test_sip_aksess_alone_never_answers_no_transfer_while_its_service_provider_is_unnamed(_sample_template, tmp_path):
    """DPO audit 3, item 4: a file with only Phonero SIP aksess read «Nei – alle mottakere behandler opplysningene i
    EU/EØS» though the row sends data to a «tjenesteleverandør» it does not name."""
    path = tmp_path / "sip.ropa"
    shutil.copy(_sample_template, path)
    with open_ropa(path) as store:
        adopt_services(store, ["phonero/sip-aksess"])
        register = build_register(store)
    out = tmp_path / "sip.xlsx"
    export_register(register, "xlsx", out, "nb")
    [entry] = [e for e in register.entries if any(u.key == "phonero/sip-aksess" for u in e.services)]
    row = protokoll(out, entry.title)
    third = row["Overføres personopplysningene til et tredjeland?"]
    assert not third.startswith("Nei"), third
    assert "Tjenesteleverandør (for Phonero)" in third
    recipients = row["Kategorier av mottakere"]
    assert "Andre mottakere:\n• Tjenesteleverandør (fra Phonero): Phonero oppgir:" in recipients  # named once
    assert ("Phonero oppgir: «Grunnleggende informasjon om kunden og brukere som er nødvendig for bestilling og/eller "
            "aktivering av tjenestene hos tjenesteleverandør, herunder: Navn, telefonnummer og epost» (Phonero "
            "tjenestebeskrivelse, 15.03.2021, tabellrad «Phonero SIP aksess», kolonne «Datatyper»). ROPAs merknad: "
            "dokumentet navngir ikke mottakeren og oppgir ikke hvor den behandler opplysningene.") in recipients
    gaps = [r for r in sheets(out)["Mangler"][1:] if "Tjenesteleverandør" in " ".join(map(str, r))]
    assert any("Spør Phonero hvem mottakeren er og hvor den behandler opplysningene" in " ".join(map(str, r))
               for r in gaps), gaps


def test_nummeroppslag_sends_the_callers_number_to_an_unnamed_directory_service(register, exported):
    nb = cell(exported, "nb", "dipper/bedriftsnett/nummeroppslag", "recipients")
    assert ("• Ekstern opplysningstjeneste (fra Dipper): Dipper oppgir: «Informasjonen hentes fra ekstern "
            "opplysningstjeneste» (Tjenestevilkår for Dipper Bedriftsnett, pkt. 4 c (Nummeroppslag)). ROPAs lesning: "
            "for å hente informasjon om innringeren må innringerens telefonnummer sendes til opplysningstjenesten; "
            "dokumentet navngir ikke tjenesten og oppgir ikke hvor den behandler opplysningene.") in nb
    third = cell(exported, "nb", "dipper/bedriftsnett/nummeroppslag", "third_countries")
    assert "Ekstern opplysningstjeneste (for Dipper, Talkmore Bedrift)" in third
    en = cell(exported, "en", "dipper/bedriftsnett/nummeroppslag", "recipients")
    assert "ROPA's reading: to look a caller up, the caller's number must be sent to the directory service" in en
    unnamed = {(g.code, g.param_dict()["recipient"], g.param_dict()["via"]) for g in register.gaps
               if g.code == "recipient_unnamed"}
    assert unnamed == {("recipient_unnamed", "Ekstern opplysningstjeneste", "Dipper"),
                       ("recipient_unnamed", "Ekstern opplysningstjeneste", "Talkmore Bedrift"),
                       ("recipient_unnamed", "Tjenesteleverandør", "Phonero")}


# --- 7: measures and purposes in the vendor's words, with their point ----------------------------------------

def test_vendor_measures_are_quoted_with_their_point_and_no_composite_remains(exported, tmp_path):
    nb = cell(exported, "nb", "talkmore/bedriftsnett", "security")
    assert ("• Talkmore Bedrift oppgir: «For å få tilgang på funksjonalitet i app/web må Kunde og kundens Brukere "
            "logge seg inn med brukernavn og passord.» (Tjenestevilkår for Talkmore Bedriftsnett, pkt. 5 "
            "«Tilgangsrettigheter»)") in nb
    assert ("• Talkmore Bedrift oppgir: «Ferdig behandlede opplysninger overføres til behandlingsansvarlig og dennes "
            "brukere via passordbeskyttet innlogging.» (Tjenestevilkår for Talkmore Bedriftsnett, pkt. 10, «Hvordan "
            "behandler Databehandler personopplysningene?»)") in nb
    en = cell(exported, "en", "talkmore/bedriftsnett", "security")
    assert "• Talkmore Bedrift states: “For å få tilgang på funksjonalitet i app/web" in en
    assert "(Tjenestevilkår for Talkmore Bedriftsnett, item 5 «Tilgangsrettigheter»)" in en
    for lang in ("nb", "en"):
        blob = json.dumps(exported[lang][1], ensure_ascii=False)
        assert "tilgangen styres ut fra brukernavn" not in blob
        assert "Måle brukertilfredshet" not in blob
    nps = cell(exported, "nb", "dipper/bedriftsnett/net-promoter-score", "purpose")
    assert "• Net Promoter Score (NPS) måler brukertilfredshet (fra Dipper)" in nps


# --- 8: sub-processors credited with no data the document does not give them --------------------------------

def test_bedriftsnett_sub_processors_are_not_credited_with_the_unnamed_transfer(exported):
    rows = exported["nb"][0]["Underdatabehandlere"]
    header = [str(h) for h in rows[0]]
    data = header.index("Hvilke opplysninger")
    mine = [r for r in rows[1:] if r[0] in ("Eniro", "Gintel") or (r[0] == "Link Mobility" and r[1] != "Phonero")]
    assert len(mine) == 6  # Eniro, Link Mobility and Gintel, for Dipper and for Talkmore
    assert {r[data] for r in mine} == {"Ikke oppgitt av leverandøren"}
    assert not any("kundedatabase" in " ".join(map(str, r)) for r in rows)


# --- 10: «kan slettes» is no deadline -----------------------------------------------------------------------

def test_the_directory_rule_is_flagged_without_a_time_limit(register, exported):
    nb = cell(exported, "nb", "talkmore/bedriftsnett", "retention")
    assert ("• Bedriftskatalogen: Personopplysninger kunden har lagt inn i bedriftskatalogen kan slettes når som "
            "helst av kunden selv eller av Talkmore når avtalen sies opp [uten tidsfrist] (fra Talkmore Bedrift)") in nb
    assert "eller av Dipper når avtalen sies opp. [uten tidsfrist] (fra Dipper)" in nb
    en = cell(exported, "en", "talkmore/bedriftsnett", "retention")
    assert "eller av Talkmore når avtalen sies opp [no time limit]" in en
    # the flag is on the category itself (and the gap stays beside the company's own rule: DPO audit 4, N2)
    directory = {(c.origin.vendor, c.retention_open_ended) for e in register.entries for c in e.data_categories
                 if c.origin and c.name == "Bedriftskatalogen"}
    assert directory == {("Talkmore Bedrift", True), ("Dipper", True)}


# --- 13: whose 2involve's records are --------------------------------------------------------------------------

def test_cdr_customers_are_ropas_reading_and_screen_recording_concerns_the_customer_too(exported):
    nb = cell(exported, "nb", "telenor-inpli/2involve-kontaktsenter", "data_categories")
    assert ("• Samtaledata (CDR): metadata per henvendelse (CDR) [ROPAs lesning: dokumentet fører opplysningen opp "
            "under ansatte og brukere; at den også gjelder kunder, står ikke i dokumentet]") in nb
    groups: dict[str, list[str]] = {}  # «Whose (fra Vendor):» heading -> its bullets
    for line in nb.splitlines():
        if line.endswith("):") and not line.startswith(("•", "–")):
            heading = line
        elif line.startswith("• "):
            groups.setdefault(heading, []).append(line)
    [whose] = [h for h, bullets in groups.items() if any(b.startswith("• Skjermbildeopptak") for b in bullets)]
    assert whose == "Ansatte og brukere, kunder (fra Telenor Inpli):"
    en = cell(exported, "en", "telenor-inpli/2involve-kontaktsenter", "data_categories")
    assert ("[ROPA's reading: the document lists this data under employees and users; that it also concerns "
            "customers is not in the document]") in en


# --- 17: the DPA sentence cites the introduction only ------------------------------------------------------------

def test_telenor_inplis_dpa_sentence_cites_the_introduction(exported):
    rows = exported["nb"][0]["Databehandlere"]
    [row] = [r for r in rows[1:] if r[0] == "Telenor Inpli"]
    dpa = next(line for line in " ".join(map(str, row)).split("Telenor Inpli oppgir: ")
               if line.startswith("«Når Telenor Inpli er databehandler"))
    assert "(Tjenestespesifikke vilkår for behandling av personopplysninger 2involve Kontaktsenter, innledning)" in dpa
    assert "innledning; Tabell 1)" not in dpa
