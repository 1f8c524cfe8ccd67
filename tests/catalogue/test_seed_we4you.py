"""Seed 004 (We4you AS, GDPR terms for the outsourced switchboard) is transcribed into the shipped catalogue."""
from __future__ import annotations

import pytest

from ropa_app.catalogue import Source

from .conftest import sources as sources_in

DOC = "004_a31b2caa5741a39f.txt"
KEY = "we4you/sentralbord"


@pytest.fixture(scope="module")
def service(catalogue):
    return catalogue.service(KEY)


def test_vendor(catalogue):
    vendor = catalogue.vendor("we4you")
    assert vendor.legal_name == "We4you AS"
    assert vendor.document == DOC
    assert vendor.document_title == "Databehandling og behandling av personopplysninger i We4you AS (GDPR)"
    assert [s.key for s in vendor.services] == [KEY]


def test_role_and_purpose(service):
    assert service.activity == "telephony"
    assert service.role == "processor"
    assert "dokumenterbar instruks fra kunden" in service.role_statement
    assert service.purposes == (
        "Sikre korrekt kommunikasjon mellom sentralbord og kunde",
        "Kunne betjene kundens kunder og ansatte på en best mulig måte",
    )
    assert "innhentet, og registrert etter avtale med kunden" in service.processing
    assert service.source.document == DOC
    assert "Arten og formålet med behandlingen" in service.source.section


def test_countries_not_stated(service):
    assert service.countries == ("not_stated",)
    assert service.countries_statement == "Ikke oppgitt i dokumentet"
    assert service.transfer is None


def test_sub_processors(service):
    got = {p.name: (p.countries, p.activity) for p in service.sub_processors}
    assert got == {
        "Zisson": (("not_stated",), "Telefonsystem"),
        "Google Cloud": (("not_stated",), "Kundekort"),
        "Microsoft Outlook": (("not_stated",), "Sende og motta epost"),
    }
    data = {p.name: p.data for p in service.sub_processors}
    assert data["Google Cloud"] == "Instruks fra kunden, navn, stillingsbeskrivelse, telefonnummer og epost"
    assert "Sender beskjeder til kunde" in data["Microsoft Outlook"]
    assert "telefonnummer til avdelinger og ansatte" in data["Zisson"]
    for p in service.sub_processors:
        assert p.source == Source(DOC, f"Bruk av underleverandører, rad «{p.name}»")


def test_retention(service):
    rules = service.retention_general
    assert len(rules) == 5
    assert "Opphører et kunde/leverandørfold slettes alle personopplysninger omgående." in rules
    assert any("gir beskjed om at opplysninger skal slettes" in r for r in rules)
    assert any("bekreftelse på sletting" in r for r in rules)
    assert all(c.retention == "" for c in service.data_categories)


def test_security_measures(service):
    measures = service.security_measures
    assert "Alle ansatte i We4you AS har undertegnet taushetserklæring" in measures
    assert any("vikarer" in m and "før oppstart" in m for m in measures)
    assert any("kopi av taushetserklæring" in m for m in measures)
    assert any("egnede tekniske og organisatoriske sikkerhetstiltak" in m for m in measures)
    assert any("varsle den annen part uten ugrunnet opphold" in m for m in measures)


def test_customer_duties(service):
    assert any("Varsle Datatilsynet" in d for d in service.customer_duties)


def test_data_categories(service):
    cats = {c.name: c for c in service.data_categories}
    assert {n: c.subject for n, c in cats.items()} == {
        "Navn og telefonnummer til avdelinger og ansatte": "employees",
        "Kundekort": "employees",
        "Beskjeder og informasjon fra kunde": "employees",
        "Beskjeder på vegne av innringer": "callers",
    }
    assert cats["Kundekort"].description == "Instruks fra kunden, navn, stillingsbeskrivelse, telefonnummer og epost"
    assert not any(c.monitoring or c.if_chosen or c.special for c in cats.values())


def test_every_fact_cites_the_seed(catalogue):
    vendor = catalogue.vendor("we4you")
    sources = sources_in(vendor.source) + [s for svc in vendor.services for s in sources_in(svc)]
    assert len(sources) >= 9
    assert {s.document for s in sources} == {DOC}
    assert all(s.section for s in sources)
