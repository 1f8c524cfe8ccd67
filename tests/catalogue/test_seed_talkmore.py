"""Seed 002 (Tjenestevilkår for Talkmore Bedriftsnett) is transcribed into the shipped catalogue, fact by fact."""
from __future__ import annotations

import pytest

from ropa_app.catalogue import Source

from .conftest import sources as sources_in

DOC = "002_f8a4fa28b8ffdeaf.txt"
VENDOR = "talkmore"
BASE = "talkmore/bedriftsnett"
ADDONS = {
    "talkmore/bedriftsnett/web-sentralbord": "4 a. Web-basert sentralbord",
    "talkmore/bedriftsnett/kalendersynk": "4 b. Kalender-synk",
    "talkmore/bedriftsnett/nummeroppslag": "4 c. Nummeroppslag",
    "talkmore/bedriftsnett/konferanse": "4 e. Konferanse",
    "talkmore/bedriftsnett/vip-liste": "4 f. VIP-liste",
    "talkmore/bedriftsnett/kotavle": "4 g. Køtavle",
}


@pytest.fixture(scope="module")
def base(catalogue):
    return catalogue.service(BASE)


@pytest.fixture(scope="module")
def categories(base):
    return {c.name: c for c in base.data_categories}


def test_vendor(catalogue):
    vendor = catalogue.vendor(VENDOR)
    assert vendor.name == "Talkmore Bedrift"
    assert vendor.document == DOC
    assert vendor.document_title == "Tjenestevilkår for Talkmore Bedriftsnett"
    assert vendor.source.section == "1. Hva vilkårene gjelder"
    assert any("ikke noe punkt d" in note for note in vendor.notes)


def test_services_and_addons(catalogue):
    vendor = catalogue.vendor(VENDOR)
    assert [s.key for s in vendor.services] == [BASE, *ADDONS]
    for key, section in ADDONS.items():
        addon = catalogue.service(key)
        assert addon.parent == BASE
        assert addon.is_addon
        assert addon.source == Source(DOC, section)
    assert "talkmore/bedriftsnett/net-promoter-score" not in {s.key for s in vendor.services}


def test_base_role_and_dpa(base):
    assert base.name == "Talkmore Bedriftsnett"
    assert base.activity == "telephony"
    assert base.role == "processor"
    assert "For de deler av Tjenesten som ikke er telekommunikasjon er Talkmore databehandler" in base.role_statement
    assert base.dpa_reference.endswith(
        "Databehandlervilkårene fremgår av del C i Vilkår for Bedriftsavtale med Talkmore Bedrift.")
    assert base.source.document == DOC
    assert base.source.section.startswith("10. Talkmores behandling av personopplysninger")


def test_base_purpose_and_processing(base):
    assert base.purposes[0].startswith("Bedriftsnett er en mobilbasert sentralbordtjeneste")
    assert base.purposes[0].endswith("Bedriftsnett kan utvides med tilleggstjenester (se pkt 4)")
    assert "fra Talkmores kundedatabase og støttesystemer til underleverandør" in base.processing
    assert base.description.startswith("Bedriftsnett er en mobilbasert sentralbordtjeneste")


def test_countries_and_transfer(base):
    assert base.countries == ("NO", "EU")
    assert base.countries_statement == "Norge, EU"
    assert base.transfer.outside_eea == "not_stated"  # "Ja" to the SCC question, but no third country named
    assert base.transfer.statement == "Ja"
    assert "EUs prinsipper" in base.transfer.safeguards
    assert base.transfer.source.document == DOC


def test_sub_processors(base):
    got = {p.name: p.countries for p in base.sub_processors}
    assert got == {"Eniro": ("NO",), "Link Mobility": ("NO",), "Gintel": ("NO",)}
    assert {p.country_statement for p in base.sub_processors} == {
        "Eniro, Norge", "Link Mobility, Norge", "Gintel, Norge"}
    assert all(p.source.document == DOC for p in base.sub_processors)


def test_retention_per_category(base, categories):
    assert base.retention_general == ()
    assert categories["Anropslogg (brukers logg)"].retention == (
        "Informasjon om anrop eldre enn 30 dager slettes i brukers anropslogg")
    assert categories["Bedriftskatalogen"].retention == (
        "Personopplysninger kunden har lagt inn i bedriftskatalogen kan slettes når som helst av kunden selv "
        "eller av Talkmore når avtalen sies opp")
    queue_rule = "Anropshistorikk og notater om innringer på kø slettes etter angitt varighet i Bedriftsnett Admin"
    assert categories["Anropslogg for sentralbordoperatør (køer)"].retention == queue_rule
    assert categories["Notater om innringer på kø"].retention == queue_rule
    for name in ("Status", "Kalender/Fravær", "Annet: viderekoblingsnummer"):
        assert categories[name].retention == ""


def test_categories_subjects_and_monitoring(categories):
    subjects = {name: c.subject for name, c in categories.items()}
    assert subjects == {
        "Bedriftskatalogen": "employees",
        "Status": "employees",
        "Anropslogg (brukers logg)": "employees",
        "Anropslogg for sentralbordoperatør (køer)": "callers",
        "Notater om innringer på kø": "callers",
        "Sentralbordanropslogg og statistikk per kø-operatør": "employees",
        "Kalender/Fravær": "employees",
        "Annet: viderekoblingsnummer": "employees",
    }
    monitoring = {name for name, c in categories.items() if c.monitoring}
    assert monitoring == {"Sentralbordanropslogg og statistikk per kø-operatør"}
    stats = categories["Sentralbordanropslogg og statistikk per kø-operatør"]
    assert "svarprosent, snitt samtaletid" in stats.description
    assert categories["Bedriftskatalogen"].description == (
        "Telefonnummer, fornavn, etternavn, internnummer, firmanavn, enhet/avdeling.")
    assert "årsakskategori for fravær" in categories["Kalender/Fravær"].description
    assert all(c.special == "" and c.if_chosen is False for c in categories.values())


def test_security_measures(base):
    measures = base.security_measures
    assert "Kryptering av innhold og ende-til-ende-kommunikasjon ved overføring av data" in measures
    assert "Passordbeskyttet innlogging" in measures
    assert "Personlig brukernavn og passord" in measures
    assert any("sikker oppbevaring og håndtering av Kunde- og personopplysninger, brukernavn og passord" in m
               for m in measures)


def test_customer_duties(base):
    duties = base.customer_duties
    assert any("lovlig formål og rettslig grunnlag (hjemmel)" in d for d in duties)
    assert any("registrert hos Talkmore med korrekt navn på Bruker" in d for d in duties)
    assert any("Stenge tilgangen" in d for d in duties)
    assert any("personopplysningsloven overholdes" in d for d in duties)


def test_cookies(base):
    by_kind = {c.kind: c for c in base.cookies}
    technical = by_kind["Teknisk nødvendige informasjonskapsler"]
    assert (technical.placed_by, technical.third_party, technical.blocking) == ("Talkmore", False,
                                                                                  "Kan ikke blokkeres")
    analytics = by_kind["Informasjonskapsler for analyseformål"]
    assert analytics.placed_by == "Google Analytics"
    assert analytics.third_party is True
    assert analytics.countries == ("not_stated",)
    assert "markedsføringskampanjer" in analytics.purpose
    purposes = " ".join(c.purpose for c in base.cookies)
    for stated in ("Funksjonalitet i Bedriftsnett løsningen", "Analyse av bruksmønstre",
                   "Analyse av digital kommunikasjon"):
        assert stated in purposes
    assert all(c.source.section.startswith("11. ") for c in base.cookies)


def test_addons_hold_only_their_own_facts(catalogue):
    for key in ADDONS:
        addon = catalogue.service(key)
        assert addon.sub_processors == ()
        assert addon.countries == ()
        assert addon.cookies == ()
        assert addon.role == ""
        assert addon.activity == "telephony"


def test_addons_inherit_base_facts(catalogue, base):
    for key in ADDONS:
        merged = catalogue.resolved(key)
        assert merged.role == "processor"
        assert merged.countries == ("NO", "EU")
        assert [p.name for p in merged.sub_processors] == ["Eniro", "Link Mobility", "Gintel"]
        assert merged.transfer == base.transfer
        assert set(base.data_categories) <= set(merged.data_categories)
        assert merged.name == catalogue.service(key).name


def test_addon_categories(catalogue):
    def own(key):
        return {c.name: c for c in catalogue.service(key).data_categories}

    assert own("talkmore/bedriftsnett/web-sentralbord") == {}
    assert own("talkmore/bedriftsnett/konferanse") == {}
    calendar = own("talkmore/bedriftsnett/kalendersynk")
    assert calendar["Emnefelt fra fravær i Exchange-kalenderen"].subject == "employees"
    assert "Tilgjengelighet fra Exchange-kalenderen" in calendar
    lookup = own("talkmore/bedriftsnett/nummeroppslag")
    (info,) = lookup.values()
    assert info.subject == "callers"
    assert info.example == "Navn og adresse"
    assert "ekstern opplysningstjeneste" in info.description
    vip = own("talkmore/bedriftsnett/vip-liste")
    assert vip["VIP-liste (telefonnummer)"].subject == "callers"
    board = own("talkmore/bedriftsnett/kotavle")
    assert board["Agenter tilgjengelig på telefon"].subject == "employees"
    assert board["Agenter tilgjengelig på telefon"].monitoring is True
    assert board["Innringere i kø"].subject == "callers"


def test_every_fact_cites_the_seed(catalogue):
    vendor = catalogue.vendor(VENDOR)
    sources = sources_in(vendor.source) + [s for svc in vendor.services for s in sources_in(svc)]
    assert len(sources) > 25
    assert {s.document for s in sources} == {DOC}
    assert all(s.section for s in sources)
