"""Seed 001 (Phonero tjenestebeskrivelse, 11 services) is transcribed into the shipped catalogue, row by row."""
from __future__ import annotations

import pytest

from .conftest import sources as sources_in

DOC = "001_20f38073a6cb6d75.txt"

# key -> (name, role, activity, countries)
ROWS = {
    "phonero/bedriftsnett": ("Phonero Bedriftsnett", "processor", "telephony", ("NO",)),
    "phonero/bedriftsnett-besoksregistrering": (
        "Phonero Bedriftsnett Besøksregistrering", "processor", "visitor_registration", ("NO",)),
    "phonero/bedriftsnett-kundetilfredshet-nps": (
        "Phonero Bedriftsnett Kundetilfredshet og NPS", "processor", "customer_satisfaction", ("NO",)),
    "phonero/mobilt-opptak-mvr": ("Mobilt Opptak (MVR)", "processor", "call_recording", ("NO",)),
    "phonero/analog-aksess": (
        "Analog Aksess (fastlinje tale)", "reseller_processor", "telecom_access", ("NO",)),
    "phonero/isdn-aksess": ("ISDN aksess", "reseller_processor", "telecom_access", ("NO",)),
    "phonero/sip-aksess": ("Phonero SIP aksess", "processor", "telecom_access", ("NO",)),
    "phonero/link-din-bedrift": (
        "Phonero Link din Bedrift ditt Phonero", "processor", "telecom_administration", ("NO",)),
    "phonero/bedriftsportal-fakturakontroll": (
        "Phonero Bedriftsportal & Fakturakontroll din Bedrift ditt Phonero", "independent_controller",
        "telecom_administration", ("NO",)),
    "phonero/supporthenvendelser": ("Supporthenvendelser via mail/Chat", "processor", "supplier_support", ("DE",)),
    "phonero/nettbutikk-smart-mobilkjop": (
        "Phonero nettbutikk Smart Mobilkjøp", "processor", "telecom_administration", ("DE",)),
}

# key -> {sub-processor name: (countries, activity)}
SUB_PROCESSORS = {
    "phonero/bedriftsnett": {"Link Mobility": (("NO",), "SMS varsling")},
    "phonero/bedriftsnett-besoksregistrering": {"Link Mobility": (("NO",), "SMS varsling")},
    "phonero/bedriftsnett-kundetilfredshet-nps": {"Link Mobility": (("NO",), "SMS varsling")},
    "phonero/mobilt-opptak-mvr": {"Touch Technology AS": (("NO",), "")},
    "phonero/analog-aksess": {"Telenor": (("NO", "not_stated"), "Tjenesteleverandør")},
    "phonero/isdn-aksess": {"Telenor": (("NO", "not_stated"), "Tjenesteleverandør")},
    "phonero/sip-aksess": {},
    "phonero/link-din-bedrift": {},
    "phonero/bedriftsportal-fakturakontroll": {},
    "phonero/supporthenvendelser": {"Zendesk": (("DE",), "")},
    "phonero/nettbutikk-smart-mobilkjop": {"Bluestone AS": (("DE",), "")},
}

# Whose data each category is: (service, subject, name) -> (the «Datatyper» cell's words that say so, whose, content).
STAFF = "Opplysninger om ansatte som oppgitt av virksomheten"
BASIC = ("Grunnleggende informasjon om kunden og brukere som er nødvendig for bestilling og/eller aktivering av "
         "tjenestene hos tjenesteleverandør, herunder: Navn, telefonnummer og epost")  # kunden = the company's people
VISITS = ("Opplysninger om besøkende og vertskap oppgitt av den besøkende: Navn, selskap, telefonnummer, "
          "Besøkslogg (tidspunkt for registrering)")
NPS = ("Opplysninger om innringer og køagent og svar på undersøkelsen gitt av innringer: innringers nummer, "
       "tidspunkt, Net Promoter Score eller svar på egendefinert undersøkelse; Net Promoter Score eller svar på "
       "egendefinerte spørsmål pr køagent og kø")
MVR = ("Opplysninger om ansatte som oppgitt av virksomheten: Navn, mobilnummer, epost adresse. Kommunikasjonsdata: "
       "Samtaleopptak og meldingsinnhold; Metadata (inkludert til/fra nummer, varighet og tidspunkt)")
E, CP = {"employees"}, {"employees", "call_parties"}
WHOSE = {
    ("phonero/bedriftsnett", "employees", STAFF): (
        STAFF + ": Navn, adresse, telefonnummer, epostadresse, Bruker ID", E,
        "navn, adresse, telefonnummer, epostadresse, Bruker ID"),
    # a call history lists who called and who was called
    ("phonero/bedriftsnett", "employees", "Samtalehistorikk (inkl. antall besvarte/ubesvarte anrop)"): (
        "Logger og statistiske opplysninger, slik som Samtalehistorikk (inkl. antall besvarte/ubesvarte anrop)", CP,
        "samtalehistorikk (inkl. antall besvarte/ubesvarte anrop)"),
    ("phonero/bedriftsnett", "employees", "På- og avloggingstidspunkt"): (
        "Logger og statistiske opplysninger, slik som … På- og avloggingstidspunkt", E, "på- og avloggingstidspunkt"),
    ("phonero/bedriftsnett", "employees", "Eventuelle andre opplysninger"): (
        "Eventuelle andre opplysninger som oppgis av virksomheten enten manuelt eller gjennom systemintegrasjoner", E,
        "eventuelle andre opplysninger som oppgis av virksomheten enten manuelt eller gjennom systemintegrasjoner"),
    ("phonero/bedriftsnett-besoksregistrering", "visitors", "Navn"): (
        VISITS, {"visitors", "hosts"}, "navn på besøkende og vertskap, oppgitt av den besøkende"),
    # the visitor's company; the host's company is the customer itself
    ("phonero/bedriftsnett-besoksregistrering", "visitors", "Selskap"): (
        VISITS, {"visitors"}, "selskap, oppgitt av den besøkende"),
    ("phonero/bedriftsnett-besoksregistrering", "visitors", "Telefonnummer"): (
        VISITS, {"visitors", "hosts"}, "telefonnummer, oppgitt av den besøkende"),
    ("phonero/bedriftsnett-besoksregistrering", "visitors", "Besøkslogg"): (
        VISITS, {"visitors", "hosts"}, "besøkslogg (tidspunkt for registrering)"),
    ("phonero/bedriftsnett-kundetilfredshet-nps", "callers", "Innringers nummer"): (
        NPS, {"callers"}, "innringers nummer"),
    ("phonero/bedriftsnett-kundetilfredshet-nps", "callers", "Tidspunkt"): (NPS, {"callers"}, "tidspunkt"),
    ("phonero/bedriftsnett-kundetilfredshet-nps", "callers",
     "Net Promoter Score eller svar på egendefinert undersøkelse"): (
        NPS, {"callers"}, "Net Promoter Score eller svar på egendefinert undersøkelse, gitt av innringer"),
    ("phonero/bedriftsnett-kundetilfredshet-nps", "employees",
     "Net Promoter Score eller svar på egendefinerte spørsmål pr køagent og kø"): (
        NPS, {"employees", "callers"}, "Net Promoter Score eller svar på egendefinerte spørsmål pr køagent og kø"),
    ("phonero/mobilt-opptak-mvr", "employees", STAFF): (MVR, E, "navn, mobilnummer, epost adresse"),
    ("phonero/mobilt-opptak-mvr", "employees", "Samtaleopptak og meldingsinnhold"): (
        MVR, CP, "samtaleopptak og meldingsinnhold"),
    ("phonero/mobilt-opptak-mvr", "employees", "Metadata"): (
        MVR, CP, "metadata (inkludert til/fra nummer, varighet og tidspunkt)"),
    **{(key, "employees", "Grunnleggende informasjon om kunden og brukere"): (BASIC, E, "navn, telefonnummer og epost")
       for key in ("phonero/analog-aksess", "phonero/isdn-aksess", "phonero/sip-aksess", "phonero/link-din-bedrift")},
    **{(key, "employees", "Opplysninger for konfigurering av tjenestene"): (
        "Opplysninger for konfigurering av tjenestene", E, "opplysninger for konfigurering av tjenestene")
       for key in ("phonero/analog-aksess", "phonero/isdn-aksess", "phonero/sip-aksess", "phonero/link-din-bedrift")},
    ("phonero/link-din-bedrift", "employees", "BrukerID"): (
        "BrukerID for innlogging til portal", E, "BrukerID for innlogging til portal"),
    ("phonero/bedriftsportal-fakturakontroll", "employees", STAFF): (
        STAFF + ": Navn, adresse, telefonnummer, epostadresse", E, "navn, adresse, telefonnummer, epostadresse"),
    ("phonero/bedriftsportal-fakturakontroll", "employees", "Opplysninger om teknisk utstyr"): (
        "Opplysninger om teknisk utstyr: Type telefon, eier (leasing)", E, "type telefon, eier (leasing)"),
    ("phonero/bedriftsportal-fakturakontroll", "employees", "Opplysninger om bruk av abonnement"): (
        "Opplysninger om bruk av abonnement: Aggregert forbruksdata", E, "aggregert forbruksdata"),
    # «kunder av Phonero» is the company: its employees write to Phonero's support
    ("phonero/supporthenvendelser", "employees", "E-post- og Chat-henvendelser"): (
        "E-post- og Chat-henvendelser til og fra kunder av Phonero om problemer kundene ønsker bistand til", E,
        "e-post- og chat-henvendelser til og fra kunder av Phonero om problemer kundene ønsker bistand til, "
        "samt annen informasjon som sendes fra Phonero til kundene"),
    ("phonero/supporthenvendelser", "employees", "Opplysninger om bruker"): (
        "Opplysninger om bruker inkludert navn, epostadresse, bruker ID, telefonnummer.", E,
        "navn, epostadresse, bruker ID, telefonnummer"),
    ("phonero/nettbutikk-smart-mobilkjop", "employees", "Brukerinformasjon"): (
        "Opplysninger om ansatte gitt av virksomheten og/eller brukeren … Brukerinformasjon, inkludert navn, "
        "adresse, telefonnummer, epost og bruker ID.", E, "navn, adresse, telefonnummer, epost og bruker ID"),
    ("phonero/nettbutikk-smart-mobilkjop", "employees", "Ordrehistorikk"): (
        "Ordrehistorikk, inkludert leveringsadresse, fakturaadresse, navn på mottaker, telefonnummer og epost og "
        "ordre ID.", E, "leveringsadresse, fakturaadresse, navn på mottaker, telefonnummer og epost og ordre ID"),
}

TELENOR_WHERE = ("Norge (merk at tjenesteleverandør kan i tillegg behandle data på andre lokasjoner "
                 "ifm. tjenesteleveransen)")


def _categories(catalogue, key):
    return {(c.subject, c.name): c for c in catalogue.service(key).data_categories}


def test_vendor(catalogue):
    vendor = catalogue.vendor("phonero")
    assert vendor.document == DOC
    assert vendor.document_title == "Phonero tjenestebeskrivelse"
    assert vendor.document_date == "15.03.2021"  # «Sist oppdatert 15.03.2021.»
    assert vendor.document_version == ""
    assert vendor.source.section == "innledning"
    assert any("Telias rolle" in note for note in vendor.notes)


def test_all_eleven_rows_are_base_services(catalogue):
    vendor = catalogue.vendor("phonero")
    assert [s.key for s in vendor.services] == list(ROWS)
    assert all(not s.is_addon for s in vendor.services)


@pytest.mark.parametrize("key", list(ROWS))
def test_row(catalogue, key):
    name, role, activity, countries = ROWS[key]
    s = catalogue.service(key)
    assert s.name == name
    assert s.role == role
    assert s.activity == activity
    assert s.countries == countries
    assert s.data_categories, key
    assert s.source.document == DOC
    assert s.source.section.startswith(f"tabellrad «{name}»")


@pytest.mark.parametrize("key", list(ROWS))
def test_sub_processors(catalogue, key):
    s = catalogue.service(key)
    got = {p.name: (p.countries, p.activity) for p in s.sub_processors}
    assert got == SUB_PROCESSORS[key]
    for p in s.sub_processors:
        assert p.source.document == DOC
        assert p.country_statement


@pytest.mark.parametrize("key", list(ROWS))
def test_document_is_silent_on_retention_security_and_transfer(catalogue, key):
    s = catalogue.service(key)
    assert s.transfer is None
    assert s.retention_general == ()
    assert s.security_measures == ()
    assert all(c.retention == "" for c in s.data_categories)


def test_row_location_used_for_sub_processors_and_said_so(catalogue):
    """The row's «Behandlingssted» is stated for the service: the statement is the document's cell, and ROPA's own
    note (location_note, rendered in the reader's language) says it is the service's location, not the
    sub-processor's. (Was a Norwegian cataloguer's note given as the vendor's statement.)"""
    link = catalogue.service("phonero/bedriftsnett").sub_processors[0]
    assert (link.country_statement, link.location_note) == ("Norge", "service_location")
    zendesk = catalogue.service("phonero/supporthenvendelser").sub_processors[0]
    assert zendesk.countries == ("DE",)
    assert (zendesk.country_statement, zendesk.location_note) == ("Tyskland", "service_location")
    bluestone = catalogue.service("phonero/nettbutikk-smart-mobilkjop").sub_processors[0]
    assert bluestone.countries == ("DE",)
    assert (bluestone.country_statement, bluestone.location_note) == ("Tyskland", "service_location")
    touch = catalogue.service("phonero/mobilt-opptak-mvr").sub_processors[0]
    assert (touch.country_statement, touch.location_note) == ("Norge", "service_location")
    for key in ("phonero/analog-aksess", "phonero/isdn-aksess"):  # Telenor's own words: no note needed
        assert catalogue.service(key).sub_processors[0].location_note == ""


def test_dpa_reference_sentence_cut_short_is_marked(catalogue):
    """«Denne oversikten er et vedlegg til Phoneros databehandleravtale, og inneholder en spesifikasjon …»: the
    quote stops mid-sentence, so it ends with «…» (was ended with a full stop the document does not have)."""
    for s in catalogue.vendor("phonero").services:
        if s.dpa_reference:
            assert s.dpa_reference == "Denne oversikten er et vedlegg til Phoneros databehandleravtale, …"


def test_reseller_and_telenor(catalogue):
    """«Behandlingssted: Norge (merk at tjenesteleverandør kan i tillegg behandle data på andre lokasjoner …)»:
    Phonero's own location is Norway, known; the caveat is about its service provider Telenor."""
    for key in ("phonero/analog-aksess", "phonero/isdn-aksess"):
        s = catalogue.service(key)
        assert s.role == "reseller_processor"
        assert s.role_statement == "Videreselger (databehandler)"
        assert (s.countries, s.countries_statement) == (("NO",), "Norge")
        (telenor,) = s.sub_processors
        assert telenor.name == "Telenor"
        assert telenor.countries == ("NO", "not_stated")
        assert telenor.country_statement == TELENOR_WHERE


def test_independent_controller(catalogue):
    s = catalogue.service("phonero/bedriftsportal-fakturakontroll")
    assert "selvstendige behandlingsansvarlige" in s.role_statement
    assert "overføring av opplysninger mellom to behandlingsansvarlige" in s.role_statement
    assert s.dpa_reference == ""
    names = {c.name: c.description for c in s.data_categories}
    assert names["Opplysninger om teknisk utstyr"] == "Type telefon, eier (leasing)"
    assert names["Opplysninger om bruk av abonnement"] == "Aggregert forbruksdata"


def test_processors_point_to_the_dpa(catalogue):
    for key, (_name, role, _a, _c) in ROWS.items():
        s = catalogue.service(key)
        if role != "independent_controller":
            assert "Phoneros databehandleravtale" in s.dpa_reference, key


def test_bedriftsnett_logs_are_monitoring(catalogue):
    cats = _categories(catalogue, "phonero/bedriftsnett")
    assert cats[("employees", "Samtalehistorikk (inkl. antall besvarte/ubesvarte anrop)")].monitoring is True
    assert cats[("employees", "På- og avloggingstidspunkt")].monitoring is True
    staff = cats[("employees", "Opplysninger om ansatte som oppgitt av virksomheten")]
    assert staff.description == "Navn, adresse, telefonnummer, epostadresse, Bruker ID"
    assert staff.monitoring is False


def test_whose_data_each_category_is(catalogue):
    got = {(s.key, c.subject, c.name): c for s in catalogue.vendor("phonero").services for c in s.data_categories}
    assert set(got) == set(WHOSE)
    for key, (words, whose, content) in WHOSE.items():
        assert set(got[key].whose) == whose, key
        assert got[key].content == content, key
        assert content.split()[0].strip(",").lower() in words.lower(), key  # the content is the cell's


def test_monitoring_of_employees(catalogue):
    """Call recording of employees, login/logout times, call history with answer counts, results per queue agent."""
    flagged = {(s.key, c.name) for s in catalogue.vendor("phonero").services for c in s.data_categories
               if c.monitoring}
    assert flagged == {
        ("phonero/bedriftsnett", "Samtalehistorikk (inkl. antall besvarte/ubesvarte anrop)"),
        ("phonero/bedriftsnett", "På- og avloggingstidspunkt"),
        ("phonero/bedriftsnett-kundetilfredshet-nps",
         "Net Promoter Score eller svar på egendefinerte spørsmål pr køagent og kø"),
        ("phonero/mobilt-opptak-mvr", "Samtaleopptak og meldingsinnhold"),
        ("phonero/mobilt-opptak-mvr", "Metadata"),
    }


def test_nps_has_its_own_activity(catalogue):
    assert catalogue.service("phonero/bedriftsnett-kundetilfredshet-nps").activity == "customer_satisfaction"


def test_no_terms_and_no_open_ended_retention(catalogue):
    for s in catalogue.vendor("phonero").services:
        assert s.vendor_terms == () and s.open_ended_retention == (), s.key


def test_visitor_registration(catalogue):
    cats = catalogue.service("phonero/bedriftsnett-besoksregistrering").data_categories
    assert {c.subject for c in cats} == {"visitors"}
    assert {s for c in cats for s in c.whose} == {"visitors", "hosts"}  # «om besøkende og vertskap»
    assert {c.name for c in cats} == {"Navn", "Selskap", "Telefonnummer", "Besøkslogg"}
    assert all("oppgitt av den besøkende" in c.description or c.name == "Besøkslogg" for c in cats)


def test_nps_callers_and_queue_agents(catalogue):
    cats = _categories(catalogue, "phonero/bedriftsnett-kundetilfredshet-nps")
    assert {s for s, _ in cats} == {"callers", "employees"}
    assert ("callers", "Innringers nummer") in cats
    per_agent = cats[("employees", "Net Promoter Score eller svar på egendefinerte spørsmål pr køagent og kø")]
    assert per_agent.monitoring is True
    assert not any(c.monitoring for (s, _), c in cats.items() if s == "callers")


def test_mobile_recording(catalogue):
    cats = _categories(catalogue, "phonero/mobilt-opptak-mvr")
    assert cats[("employees", "Samtaleopptak og meldingsinnhold")].monitoring is True
    assert cats[("employees", "Opplysninger om ansatte som oppgitt av virksomheten")].description == (
        "Navn, mobilnummer, epost adresse")


def test_link_has_portal_user_id(catalogue):
    cats = _categories(catalogue, "phonero/link-din-bedrift")
    assert cats[("employees", "BrukerID")].description == "BrukerID for innlogging til portal"


def test_webshop_order_history(catalogue):
    cats = _categories(catalogue, "phonero/nettbutikk-smart-mobilkjop")
    assert "leveringsadresse, fakturaadresse" in cats[("employees", "Ordrehistorikk")].description
    assert catalogue.service("phonero/nettbutikk-smart-mobilkjop").purposes == (
        "Bestilling, leveranse og fakturering av utstyr kjøpt i nettbutikken",)


def test_every_fact_cites_the_seed(catalogue):
    vendor = catalogue.vendor("phonero")
    sources = sources_in(vendor.source) + [s for svc in vendor.services for s in sources_in(svc)]
    assert len(sources) > 40
    assert {s.document for s in sources} == {DOC}
    assert all(s.section for s in sources)


def test_sip_and_link_send_data_to_an_unnamed_service_provider(catalogue):
    """The SIP and Link rows: data «nødvendig for bestilling og/eller aktivering av tjenestene hos
    tjenesteleverandør», with an empty «Underleverandører» column: a recipient the row does not name or place, not a
    sub-processor it lists (DPO audit 3, item 4). The other rows imply no such recipient."""
    words = ("Grunnleggende informasjon om kunden og brukere som er nødvendig for bestilling og/eller aktivering av "
             "tjenestene hos tjenesteleverandør, herunder: Navn, telefonnummer og epost")
    for key, row in (("phonero/sip-aksess", "Phonero SIP aksess"),
                     ("phonero/link-din-bedrift", "Phonero Link din Bedrift ditt Phonero")):
        service = catalogue.service(key)
        [provider] = service.recipients
        assert (provider.name, provider.countries, provider.note, provider.unnamed) == (
            "Tjenesteleverandør", ("not_stated",), "unnamed", True)
        assert provider.statement == words
        assert words in {c.description for c in service.data_categories}  # the row's own words
        assert provider.source.section == f"tabellrad «{row}», kolonne «Datatyper»"
        assert service.sub_processors == ()
    others = [s.key for s in catalogue.vendor("phonero").services
              if s.recipients and s.key not in ("phonero/sip-aksess", "phonero/link-din-bedrift")]
    assert others == []  # Analog and ISDN name their provider: Telenor, a sub-processor
