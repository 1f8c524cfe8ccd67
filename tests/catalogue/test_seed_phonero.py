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
        "Analog Aksess (fastlinje tale)", "reseller_processor", "telecom_access", ("NO", "not_stated")),
    "phonero/isdn-aksess": ("ISDN aksess", "reseller_processor", "telecom_access", ("NO", "not_stated")),
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

TELENOR_WHERE = ("Norge (merk at tjenesteleverandør kan i tillegg behandle data på andre lokasjoner "
                 "ifm. tjenesteleveransen)")


def _categories(catalogue, key):
    return {(c.subject, c.name): c for c in catalogue.service(key).data_categories}


def test_vendor(catalogue):
    vendor = catalogue.vendor("phonero")
    assert vendor.document == DOC
    assert vendor.document_title == "Phonero tjenestebeskrivelse"
    assert vendor.document_date == "2021-03-15"
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
    assert name in s.source.section


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
    link = catalogue.service("phonero/bedriftsnett").sub_processors[0]
    assert link.country_statement.startswith("Behandlingssted for tjenesten: Norge")
    zendesk = catalogue.service("phonero/supporthenvendelser").sub_processors[0]
    assert zendesk.countries == ("DE",)
    assert zendesk.country_statement.startswith("Behandlingssted for tjenesten: Tyskland")
    bluestone = catalogue.service("phonero/nettbutikk-smart-mobilkjop").sub_processors[0]
    assert bluestone.countries == ("DE",)
    assert "Tyskland" in bluestone.country_statement


def test_reseller_and_telenor(catalogue):
    for key in ("phonero/analog-aksess", "phonero/isdn-aksess"):
        s = catalogue.service(key)
        assert s.role_statement == "Videreselger (databehandler)"
        assert s.countries_statement == TELENOR_WHERE
        (telenor,) = s.sub_processors
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


def test_visitor_registration(catalogue):
    cats = catalogue.service("phonero/bedriftsnett-besoksregistrering").data_categories
    assert {c.subject for c in cats} == {"visitors"}
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
