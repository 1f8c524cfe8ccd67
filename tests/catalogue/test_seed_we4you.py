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
    assert service.source.section == "«Arten og formålet med behandlingen»"  # was the whole document


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
        assert p.source == Source(DOC, f"«Bruk av underleverandører», rad «{p.name}»")


HENSIKTSMESSIGHET = (
    "Ved sletting av opplysninger som ikke lenger er relevante fjernes disse ved hensiktsmessighet uten ugrunnet "
    "opphold hos We4you.",
    "Der hvor historiske opplysninger er nødvendige å beholde for oppdragets formål beholdes disse til "
    "hensiktsmessigheten opphører.",
)


def test_retention(service):
    rules = service.retention_general
    assert rules == HENSIKTSMESSIGHET + (
        "Der hvor kunde/oppdragsgiver gir beskjed om at opplysninger skal slettes blir dette omgående og uten "
        "ugrunnet opphold.",
        "Opphører et kunde/leverandørfold slettes alle personopplysninger omgående.",
    )
    assert all(c.retention == "" for c in service.data_categories)


def test_open_ended_retention(service):
    # «fjernes disse ved hensiktsmessighet», «beholdes disse til hensiktsmessigheten opphører»: no time limit
    assert service.open_ended_retention == HENSIKTSMESSIGHET


def test_security_measures_are_measures_and_promises_are_terms(service):
    # signed confidentiality declarations, by everyone and by new staff and temps before they start: one measure
    assert service.security_measures == (
        "Alle ansatte i We4you AS har undertegnet taushetserklæring. Ved evnt. nytilsetting eller ved bruk av "
        "vikarer vil taushetserklæring signeres før oppstart.",)
    terms = service.vendor_terms
    for promise in ("Partene skal foreta egnede tekniske og organisatoriske sikkerhetstiltak",
                    "skal partene varsle den annen part uten ugrunnet opphold",
                    "Dersom kunde ønsker kopi av taushetserklæring oversendes disse på forespørsel.",
                    "Der hvor kunden ønsker signering av egen taushetserklæring vil vi normalt innfri dette.",
                    "Der hvor kunden ønsker bekreftelse på sletting av informasjon vil slik erklæring utstedes.",
                    "stedlig ettersyn", "We4you AS vil løpende ajourføre oversikt over underleverandører"):
        assert sum(promise in t for t in terms) == 1, promise
    assert "bekreftelse på sletting" not in " ".join(service.retention_general)  # a promise, not a deadline


def test_customer_duties(service):
    assert any("Varsle Datatilsynet" in d for d in service.customer_duties)


def test_data_categories(service):
    cats = {c.name: c for c in service.data_categories}
    # «Informasjonsinnhold» per sub-processor; the messages «Sender beskjeder til kunde på vegen av innringer» are
    # the caller's words to the customer's employee
    assert {n: (set(c.whose), c.content) for n, c in cats.items()} == {
        "Navn og telefonnummer til avdelinger og ansatte": (
            {"employees"}, "navn, telefonnummer til avdelinger og ansatte hos kunden"),
        "Kundekort": ({"employees"}, "instruks fra kunden, navn, stillingsbeskrivelse, telefonnummer og epost"),
        "Beskjeder og informasjon fra kunde": ({"employees"}, "beskjeder og informasjon fra kunde"),
        "Beskjeder på vegne av innringer": ({"callers", "employees"}, "beskjeder til kunde på vegne av innringer"),
    }
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
