"""Seeds 002 (Talkmore Bedriftsnett) and 003 (Dipper Bedriftsnett) are transcribed into the shipped catalogue, fact
by fact. The two documents are the same terms under two brands, so one set of tests runs for each document, with
what differs between them (names, punctuation, Dipper's extra add-on) stated per document."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from ropa_app.catalogue import Source

from .conftest import sources as sources_in

SECTIONS = {"web-sentralbord": "4 a. Web-basert sentralbord", "kalendersynk": "4 b. Kalender-synk",
            "nummeroppslag": "4 c. Nummeroppslag", "net-promoter-score": "4 d. Net Promoter Scor",
            "konferanse": "4 e. Konferanse", "vip-liste": "4 f. VIP-liste", "kotavle": "4 g. Køtavle"}


@dataclass(frozen=True)
class Seed:
    doc: str
    vendor: str
    vendor_name: str
    brand: str  # how the document names the vendor in running text
    dpa_party: str
    note: str  # what the catalogue notes about this document's oddities
    addons: tuple[str, ...]
    call_log_rule: str
    directory_rule: str
    queue_rule: str
    directory: str

    @property
    def base(self) -> str:
        return f"{self.vendor}/bedriftsnett"

    def addon(self, name: str) -> str:
        return f"{self.base}/{name}"


TALKMORE = Seed(
    doc="002_f8a4fa28b8ffdeaf.txt", vendor="talkmore", vendor_name="Talkmore Bedrift", brand="Talkmore",
    dpa_party="Talkmore Bedrift", note="ikke noe punkt d",
    addons=("web-sentralbord", "kalendersynk", "nummeroppslag", "konferanse", "vip-liste", "kotavle"),
    call_log_rule="Informasjon om anrop eldre enn 30 dager slettes i brukers anropslogg",
    directory_rule="Personopplysninger kunden har lagt inn i bedriftskatalogen kan slettes når som helst av kunden "
                   "selv eller av Talkmore når avtalen sies opp",
    queue_rule="Anropshistorikk og notater om innringer på kø slettes etter angitt varighet i Bedriftsnett Admin",
    directory="Telefonnummer, fornavn, etternavn, internnummer, firmanavn, enhet/avdeling.")
DIPPER = Seed(
    doc="003_3493e58688a8c49b.txt", vendor="dipper", vendor_name="Dipper", brand="Dipper", dpa_party="Dipper",
    note="Net Promoter Scor",
    addons=("web-sentralbord", "kalendersynk", "nummeroppslag", "net-promoter-score", "konferanse", "vip-liste",
            "kotavle"),
    call_log_rule="Informasjon om anrop eldre enn 30 dager slettes i brukers anropslogg.",
    directory_rule="Personopplysninger kunden har lagt inn i bedriftskatalogen, kan slettes når som helst av "
                   "kunden selv eller av Dipper når avtalen sies opp.",
    queue_rule="Anropshistorikk og notater om innringer på kø slettes etter angitt varighet i Bedriftsnett Admin.",
    directory="telefonnummer, fornavn, etternavn, internnummer, firmanavn, enhet/avdeling.")


@pytest.fixture(scope="module", params=[TALKMORE, DIPPER], ids=["002-talkmore", "003-dipper"])
def seed(request) -> Seed:
    return request.param


@pytest.fixture(scope="module")
def base(catalogue, seed):
    return catalogue.service(seed.base)


@pytest.fixture(scope="module")
def categories(base):
    return {c.name: c for c in base.data_categories}


def test_vendor(catalogue, seed):
    vendor = catalogue.vendor(seed.vendor)
    assert vendor.name == seed.vendor_name
    assert vendor.document == seed.doc
    assert vendor.document_title == f"Tjenestevilkår for {seed.brand} Bedriftsnett"
    assert vendor.source.section == "1. Hva vilkårene gjelder"
    assert any(seed.note in note for note in vendor.notes)


def test_services_and_addons(catalogue, seed):
    vendor = catalogue.vendor(seed.vendor)
    assert [s.key for s in vendor.services] == [seed.base, *(seed.addon(a) for a in seed.addons)]
    for name in seed.addons:
        addon = catalogue.service(seed.addon(name))
        assert addon.parent == seed.base
        assert addon.is_addon
        assert addon.source == Source(seed.doc, SECTIONS[name])


def test_base_role_and_dpa(base, seed):
    assert base.name == f"{seed.brand} Bedriftsnett"
    assert base.activity == "telephony"
    assert base.role == "processor"
    assert (f"For de deler av Tjenesten som ikke er telekommunikasjon er {seed.brand} databehandler"
            in base.role_statement)
    assert base.dpa_reference.endswith(
        f"Databehandlervilkårene fremgår av del C i Vilkår for Bedriftsavtale med {seed.dpa_party}.")
    assert base.source.document == seed.doc
    assert base.source.section.startswith(f"10. {seed.brand}s behandling av personopplysninger")


def test_base_purpose_and_processing(base, seed):
    assert base.purposes[0].startswith("Bedriftsnett er en mobilbasert sentralbordtjeneste")
    assert base.purposes[0].endswith("Bedriftsnett kan utvides med tilleggstjenester (se pkt 4)")
    assert f"fra {seed.brand}s kundedatabase og støttesystemer til underleverandør" in base.processing
    assert base.description.startswith("Bedriftsnett er en mobilbasert sentralbordtjeneste")


def test_countries_and_transfer(base, seed):
    assert base.countries == ("NO", "EU")
    assert base.countries_statement == "Norge, EU"
    assert base.transfer.outside_eea == "not_stated"  # "Ja" to the SCC question, but no third country named
    assert base.transfer.statement == "Ja"
    assert "EUs prinsipper" in base.transfer.safeguards
    assert base.transfer.source.document == seed.doc


def test_sub_processors(base, seed):
    got = {p.name: p.countries for p in base.sub_processors}
    assert got == {"Eniro": ("NO",), "Link Mobility": ("NO",), "Gintel": ("NO",)}
    assert {p.country_statement for p in base.sub_processors} == {
        "Eniro, Norge", "Link Mobility, Norge", "Gintel, Norge"}
    assert all(p.source.document == seed.doc for p in base.sub_processors)


def test_retention_per_category(base, categories, seed):
    assert base.retention_general == ()
    assert categories["Anropslogg (brukers logg)"].retention == seed.call_log_rule
    assert categories["Bedriftskatalogen"].retention == seed.directory_rule
    assert categories["Anropslogg for sentralbordoperatør (køer)"].retention == seed.queue_rule
    assert categories["Notater om innringer på kø"].retention == seed.queue_rule
    for name in ("Status", "Kalender/Fravær", "Annet: viderekoblingsnummer"):
        assert categories[name].retention == ""


def test_categories_subjects_and_monitoring(categories, seed):
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
    assert categories["Bedriftskatalogen"].description == seed.directory
    assert "årsakskategori for fravær" in categories["Kalender/Fravær"].description
    assert all(c.special == "" and c.if_chosen is False for c in categories.values())


def test_security_measures(base):
    measures = base.security_measures
    assert "Kryptering av innhold og ende-til-ende-kommunikasjon ved overføring av data" in measures
    assert "Passordbeskyttet innlogging" in measures
    assert "Personlig brukernavn og passord" in measures
    assert any("sikker oppbevaring og håndtering av Kunde- og personopplysninger, brukernavn og passord" in m
               for m in measures)


def test_customer_duties(base, seed):
    duties = base.customer_duties
    assert any("lovlig formål og rettslig grunnlag (hjemmel)" in d for d in duties)
    assert any(f"registrert hos {seed.brand} med korrekt navn på Bruker" in d for d in duties)
    assert any("Stenge tilgangen" in d for d in duties)
    assert any("personopplysningsloven overholdes" in d for d in duties)


def test_cookies(base, seed):
    by_kind = {c.kind: c for c in base.cookies}
    technical = by_kind["Teknisk nødvendige informasjonskapsler"]
    assert (technical.placed_by, technical.third_party, technical.blocking) == (seed.brand, False,
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


def test_addons_hold_only_their_own_facts(catalogue, seed):
    for name in seed.addons:
        addon = catalogue.service(seed.addon(name))
        assert addon.sub_processors == ()
        assert addon.countries == ()
        assert addon.cookies == ()
        assert addon.role == ""
        assert addon.activity == ("customer_satisfaction" if name == "net-promoter-score" else "telephony")


def test_addons_inherit_base_facts(catalogue, base, seed):
    for name in seed.addons:
        key = seed.addon(name)
        merged = catalogue.resolved(key)
        assert merged.role == "processor"
        assert merged.countries == ("NO", "EU")
        assert [p.name for p in merged.sub_processors] == ["Eniro", "Link Mobility", "Gintel"]
        assert merged.transfer == base.transfer
        assert set(base.data_categories) <= set(merged.data_categories)
        assert merged.name == catalogue.service(key).name


def test_addon_categories(catalogue, seed):
    def own(name):
        return {c.name: c for c in catalogue.service(seed.addon(name)).data_categories}

    assert own("web-sentralbord") == {}
    assert own("konferanse") == {}
    calendar = own("kalendersynk")
    assert calendar["Emnefelt fra fravær i Exchange-kalenderen"].subject == "employees"
    assert "Tilgjengelighet fra Exchange-kalenderen" in calendar
    (info,) = own("nummeroppslag").values()
    assert info.subject == "callers"
    assert info.example == "Navn og adresse"
    assert "ekstern opplysningstjeneste" in info.description
    assert own("vip-liste")["VIP-liste (telefonnummer)"].subject == "callers"
    board = own("kotavle")
    assert board["Agenter tilgjengelig på telefon"].subject == "employees"
    assert board["Agenter tilgjengelig på telefon"].monitoring is True
    assert board["Innringere i kø"].subject == "callers"


def test_every_fact_cites_the_seed(catalogue, seed):
    vendor = catalogue.vendor(seed.vendor)
    sources = sources_in(vendor.source) + [s for svc in vendor.services for s in sources_in(svc)]
    assert len(sources) > 25
    assert {s.document for s in sources} == {seed.doc}
    assert all(s.section for s in sources)


# --- what only one of the two documents says ---------------------------------------------------------------

def test_talkmore_has_no_net_promoter_score_addon(catalogue):
    keys = {s.key for s in catalogue.vendor("talkmore").services}
    assert TALKMORE.addon("net-promoter-score") not in keys


def test_dipper_links_the_google_analytics_opt_out(catalogue):
    analytics = {c.kind: c for c in catalogue.service(DIPPER.base).cookies}["Informasjonskapsler for analyseformål"]
    assert analytics.blocking.endswith("https://tools.google.com/dlpage/gaoptout")


def test_dipper_net_promoter_score_asks_callers_by_sms(catalogue):
    key = DIPPER.addon("net-promoter-score")
    (feedback,) = catalogue.service(key).data_categories
    assert feedback.subject == "callers"
    assert "SMS etter gjennomført samtale" in feedback.description
    merged = catalogue.resolved(key)
    assert merged.activity == "customer_satisfaction"
    assert "Måle brukertilfredshet" in merged.purposes
