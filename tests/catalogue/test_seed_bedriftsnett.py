"""Seeds 002 (Talkmore Bedriftsnett) and 003 (Dipper Bedriftsnett) are transcribed into the shipped catalogue, fact
by fact. The two documents are the same terms under two brands, so one set of tests runs for each document, with
what differs between them (names, punctuation, Dipper's extra add-on) stated per document."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from ropa_app.catalogue import Source

from .conftest import sources as sources_in

SECTIONS = {"web-sentralbord": "pkt. 4 a (Web-basert sentralbord)", "kalendersynk": "pkt. 4 b (Kalender-synk)",
            "nummeroppslag": "pkt. 4 c (Nummeroppslag)", "net-promoter-score": "pkt. 4 d (Net Promoter Scor)",
            "konferanse": "pkt. 4 e (Konferanse)", "vip-liste": "pkt. 4 f (VIP-liste)",
            "kotavle": "pkt. 4 g (Køtavle)"}

# The login, in the documents' own sentences (002 and 003 alike): pkt. 5 and pkt. 10 (DPO audit 3, item 7).
LOGIN = "For å få tilgang på funksjonalitet i app/web må Kunde og kundens Brukere logge seg inn med brukernavn og passord."
DELIVERY = ("Ferdig behandlede opplysninger overføres til behandlingsansvarlig og dennes brukere via passordbeskyttet "
            "innlogging.")
HOW = "pkt. 10, «Hvordan behandler Databehandler personopplysningene?»"

CALLS = ("Bruker kan i sin logg se alle innkommende og utgående anrop ved navn, telefonnummer, dato, klokkeslett, "
         "adresse")
# Whose data each category is: name -> (the document's words that say so, whose, content). Content None: it
# differs between the two documents (Talkmore «evnt.», Dipper «evt.») and is checked per document.
WHOSE = {
    # listed under «Bedriftsnett kan lagre følgende informasjon om brukere i bedriften»
    "Bedriftskatalogen": ("Telefonnummer, fornavn, etternavn, internnummer, firmanavn, enhet/avdeling",
                          {"employees"}, "telefonnummer, fornavn, etternavn, internnummer, firmanavn, enhet/avdeling"),
    "Status": ("Ved søk i bedriftskatalogen vises status (ledig, opptatt, fravær) for interne brukere",
               {"employees"}, "status (ledig, opptatt, fravær)"),
    # the user's own calls, with the names, numbers and addresses of whoever called or was called
    "Anropslogg (brukers logg)": (CALLS, {"employees", "call_parties"},
                                  "innkommende og utgående anrop ved navn, telefonnummer, dato, klokkeslett, adresse, "
                                  "og om samtalen er besvart eller ikke; kontakter i bedriftskatalogen kan være "
                                  "beriket med mer informasjon; kønavn; hvem som har ringt tilbake på et tapt "
                                  "køanrop"),
    "Anropslogg for sentralbordoperatør (køer)": (
        "navnet på innringer eller hvem som har blitt oppringt, hvilken operatør som besvarte samtalen",
        {"employees", "callers", "call_parties"}, None),
    "Notater om innringer på kø": ("Anropshistorikk og notater om innringer på kø slettes", {"callers"},
                                   "notater om innringer på kø"),
    "Sentralbordanropslogg og statistikk per kø-operatør": (
        "se hvordan den enkelte kø-operatør presterer, dvs. se antall distribuerte anrop, svarprosent, "
        "snitt samtaletid, antall satt over, antall utgående anrop, navn på innringer", {"employees", "callers"}, None),
    "Kalender/Fravær": ("Her behandles årsakskategori for fravær, varighet", {"employees"}, None),
    "Annet: viderekoblingsnummer": ("Viderekoblingsnummer ved f.eks. opptatt eller ikke svar, ekstra terminal",
                                    {"employees"},
                                    "viderekoblingsnummer ved f.eks. opptatt eller ikke svar, ekstra terminal"),
}
ADDON_WHOSE = {
    # pkt. 4 a «Løsningen gir oversikt over samtaler, samtalestatus og historikk på ansatte» (pkt. 3: «… på Brukere»):
    # each employee's call history, with the calls' other parties (DPO audit 4, part 2: was in no category)
    ("web-sentralbord", "Oversikt over samtaler, samtalestatus og historikk på ansatte"): (
        "Løsningen gir oversikt over samtaler, samtalestatus og historikk på ansatte", {"employees", "call_parties"},
        "oversikt over samtaler, samtalestatus og historikk på ansatte"),
    ("kalendersynk", "Tilgjengelighet fra Exchange-kalenderen"): (
        "synkronisere informasjon om brukerens tilgjengelig fra bedriftens Microsoft Exchange-kalender",
        {"employees"}, "fravær- og tilgjengelighetsmarkeringer fra bedriftens Microsoft Exchange-kalender"),
    ("kalendersynk", "Emnefelt fra fravær i Exchange-kalenderen"): (
        "emnefeltet til et fravær fra Exchange sendes til Bedriftsnett", {"employees"},
        "emnefeltet til et fravær fra Exchange"),
    ("nummeroppslag", "Informasjon om innringer fra ekstern opplysningstjeneste"): (
        "Informasjonen hentes fra ekstern opplysningstjeneste, og inkluderer blant navn og adresse", {"callers"},
        "informasjon om innringer fra ekstern opplysningstjeneste, blant annet navn og adresse"),
    ("vip-liste", "VIP-liste (telefonnummer)"): (
        "definere en liste av telefonnummer som alltid skal komme først i køen", {"callers"},
        "liste av telefonnummer som alltid skal komme først i køen"),
    ("kotavle", "Agenter tilgjengelig på telefon"): (
        "Køtavlen viser en oversikt over alle agenter tilgjengelig på telefon", {"employees"},
        "oversikt over alle agenter tilgjengelig på telefon"),
    ("kotavle", "Innringere i kø"): (
        "antall innringere i kø, ventetid på den som har vært lengst i kø", {"callers"},
        "antall innringere i kø, ventetid på den som har vært lengst i kø og antall besvarte og ubesvarte samtaler"),
    # «innringere … automatisk mottar en SMS etter gjennomført samtale»; no results per agent are stated
    ("net-promoter-score", "Tilbakemelding fra innringer på kvaliteten på samtalen"): (
        "hvor Kunden kan be om tilbakemelding på kvaliteten på samtalen", {"callers"},
        "innringers tilbakemelding på kvaliteten på samtalen, gitt på SMS etter gjennomført samtale"),
    # the SMS goes to the caller's number: not named by the document, so the content says it is ROPA's reading
    ("net-promoter-score", "Innringers telefonnummer (mottaker av SMS-en)"): (
        "automatisk mottar en SMS etter gjennomført samtale", {"callers"},
        "innringerens telefonnummer, som SMS-en sendes til"),  # flagged content_reading: the export says so
}


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
    calendar: str  # the content of «Kalender/Fravær», in each document's spelling
    encryption: str
    safeguards: str  # the «Ja» to the question on sub-processor agreements, in the question's own words
    transfer_section: str
    transfer_question: str  # word for word, typo included («personopplysningertil», 002 pkt. 10)

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
    directory="Telefonnummer, fornavn, etternavn, internnummer, firmanavn, enhet/avdeling.",
    calendar="årsakskategori for fravær, varighet og evnt. nummer som det viderekobles til",
    encryption="Det brukes kryptering av såvel innhold som ende-til-ende kommunikasjon ved overføring av data.",
    safeguards="Databehandler har inngått avtale med underleverandører i henhold til EUs prinsipper om overføring "
               "av personopplysninger til land utenfor EU/EØS",
    transfer_section="pkt. 10",
    transfer_question="Har databehandler inngått avtale med underleverandører i henhold til EUs prinsipper om "
                      "overføring av personopplysningertil land utenfor EU/EØS?")
DIPPER = Seed(
    doc="003_3493e58688a8c49b.txt", vendor="dipper", vendor_name="Dipper", brand="Dipper", dpa_party="Dipper",
    note="Net Promoter Scor",
    addons=("web-sentralbord", "kalendersynk", "nummeroppslag", "net-promoter-score", "konferanse", "vip-liste",
            "kotavle"),
    call_log_rule="Informasjon om anrop eldre enn 30 dager slettes i brukers anropslogg.",
    directory_rule="Personopplysninger kunden har lagt inn i bedriftskatalogen, kan slettes når som helst av "
                   "kunden selv eller av Dipper når avtalen sies opp.",
    queue_rule="Anropshistorikk og notater om innringer på kø slettes etter angitt varighet i Bedriftsnett Admin.",
    directory="telefonnummer, fornavn, etternavn, internnummer, firmanavn, enhet/avdeling.",
    calendar="årsakskategori for fravær, varighet og evt. nummer som det viderekobles til",
    encryption="Det brukes kryptering av så vel innhold som ende-til-ende kommunikasjon ved overføring av data.",
    safeguards="Databehandler har inngått avtale med underleverandør i henhold til EUs prinsipper for standardavtale "
               "om overføring av personopplysninger til land utenfor EU/EØS",
    transfer_section="pkt. 10",
    transfer_question="Har Databehandler inngått avtale med underleverandør i henhold til EUs prinsipper for "
                      "standardavtale om overføring av personopplysninger til land utenfor EU/EØS?")


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
    assert vendor.source.section == "pkt. 1 (Hva vilkårene gjelder)"
    assert (vendor.document_date, vendor.document_version) == ("", "")  # the terms state neither
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
    # «For de deler av Tjenesten som ikke er telekommunikasjon er … databehandler»: no role for the telecom part
    assert base.role == "processor_except_telecom"
    assert (f"For de deler av Tjenesten som ikke er telekommunikasjon er {seed.brand} databehandler"
            in base.role_statement)
    assert base.dpa_reference.endswith(
        f"Databehandlervilkårene fremgår av del C i Vilkår for Bedriftsavtale med {seed.dpa_party}.")
    assert base.source.document == seed.doc
    assert base.source.section == "pkt. 10"  # was «pkt. 10 (med pkt. 2, 3 og 5–9)»: each other fact cites its own point
    assert base.description_source.section == "pkt. 3 «Bedriftsnett»"


def test_base_purpose_and_processing(base, seed):
    assert base.purposes[0].startswith("Bedriftsnett er en mobilbasert sentralbordtjeneste")
    assert base.purposes[0].endswith("Bedriftsnett kan utvides med tilleggstjenester (se pkt 4)")
    assert f"fra {seed.brand}s kundedatabase og støttesystemer til underleverandør" in base.processing
    assert base.description.startswith("Bedriftsnett er en mobilbasert sentralbordtjeneste")


def test_countries_and_transfer(base, seed):
    assert base.countries == ("NO", "EU")
    assert base.countries_statement == "Norge, EU"
    assert base.transfer.outside_eea == "not_stated"  # "Ja" to the SCC question, but no third country named
    assert base.transfer.statement == "Ja"  # the exact answer
    assert base.transfer.safeguards == seed.safeguards
    assert base.transfer.source == Source(seed.doc, seed.transfer_section)
    assert base.transfer.question == seed.transfer_question  # what «Ja» answers, whole


def test_sub_processors(base, seed):
    got = {p.name: p.countries for p in base.sub_processors}
    assert got == {"Eniro": ("NO",), "Link Mobility": ("NO",), "Gintel": ("NO",)}
    assert {p.country_statement for p in base.sub_processors} == {
        "Eniro, Norge", "Link Mobility, Norge", "Gintel, Norge"}
    assert all(p.source.document == seed.doc for p in base.sub_processors)
    # pkt. 10 says data go «til underleverandør», one and unnamed: which of the three gets what is not stated, so no
    # data are given to each (DPO audit 3, item 8: was that sentence credited to all three)
    assert all(p.data == "" for p in base.sub_processors)
    assert all(p.activity == "Levering av Bedriftsnett" for p in base.sub_processors)


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


def test_whose_data_each_category_is(categories, seed):
    assert set(categories) == set(WHOSE)
    for name, (words, whose, content) in WHOSE.items():
        c = categories[name]
        assert set(c.whose) == whose, name
        if content is not None:
            assert c.content == content, name
        assert words.lower() in f"{c.description} {c.retention}".lower(), name  # transcribed word for word
    assert categories["Kalender/Fravær"].content == seed.calendar
    assert categories["Anropslogg for sentralbordoperatør (køer)"].content.startswith(
        "navnet på innringer eller hvem som har blitt oppringt, hvilken operatør som besvarte samtalen")
    assert "svarprosent, snitt samtaletid" in categories["Sentralbordanropslogg og statistikk per kø-operatør"].content


def test_addon_categories_whose_data(catalogue, seed):
    got = {(name, c.name): c for name in seed.addons for c in catalogue.service(seed.addon(name)).data_categories}
    assert set(got) == {k for k in ADDON_WHOSE if k[0] in seed.addons}
    for key, c in got.items():
        words, whose, content = ADDON_WHOSE[key]
        assert (set(c.whose), c.content) == (whose, content), key
        assert words in f"{catalogue.service(seed.addon(key[0])).description} {c.description}", key


def test_security_measures_are_measures_and_promises_are_terms(base, seed):
    # pkt. 10 «Det brukes kryptering …»; the login in the document's own sentences of pkt. 5 and pkt. 10, each
    # citing its point. pkt. 6 («… skal ikke benyttes av andre») binds the customer's users: a duty, not merged in
    # (was «Personlig, passordbeskyttet innlogging …; tilgangen styres ut fra brukernavn», ROPA's composite).
    assert base.security_measures == (seed.encryption, LOGIN, DELIVERY)
    assert base.fact_section(LOGIN) == "pkt. 5 «Tilgangsrettigheter»"
    assert base.fact_section(DELIVERY) == HOW
    assert any("ikke benyttes av eller gjøres tilgjengelig for andre" in d for d in base.customer_duties)
    # pkt. 8 «… er ansvarlig for sikkerheten …» and pkt. 2 «… vil informere Kunden ved vesentlige endringer»
    assert base.vendor_terms == (
        f"{seed.brand} er ansvarlig for sikkerheten i Bedriftsnett og tilleggstjenester, herunder sikker "
        "oppbevaring og håndtering av Kunde- og personopplysninger, brukernavn og passord.",
        # 002 pkt. 2 anonymises both parties («Xxxxxxxx har rett … informere Xxxxxx …»): the supplied words are
        # in square brackets, never given as the document's (was quoted without brackets)
        f"{seed.brand} har rett til å endre og oppgradere tjenesten, og vil informere Kunden ved vesentlige endringer."
        if seed.vendor == "dipper" else
        "[Talkmore] har rett til å endre og oppgradere tjenesten, og vil informere [Kunden] ved vesentlige endringer.",
    )


def test_each_term_measure_and_duty_cites_its_own_point(base, seed):
    """pkt. 8 and pkt. 2 are cited as themselves, not as «pkt. 10 (med pkt. 2, 3 og 5–9)» (DPO audit, item 8)."""
    security, upgrades = base.vendor_terms
    assert base.fact_section(security).startswith("pkt. 8 «")
    assert base.fact_section(upgrades) == "pkt. 2 «Ikrafttredelse, oppgraderinger og endringer»"
    assert base.fact_section(seed.encryption) == "pkt. 10, «Hvordan behandler Databehandler personopplysningene?»"
    assert base.fact_section("Følge programvarens anbefalte oppdateringsløp") == "pkt. 9 «Tjenestekvalitet»"
    assert base.fact_section("Utstede nødvendige fullmakter til Kontaktperson") == (
        "pkt. 7 «Din bedrifts ansvar ved bruk av Bedriftsnett»")
    for text in base.security_measures + base.vendor_terms + base.customer_duties:
        assert "med pkt." not in base.fact_section(text)


def test_open_ended_retention(base, seed):
    # «kan slettes når som helst … når avtalen sies opp»: a permission, no promise to delete (DPO audit 3, item 10)
    assert base.open_ended_retention == (seed.directory_rule,)
    # «slettes etter angitt varighet i Bedriftsnett Admin»: there is a time limit, the one the customer sets there;
    # not «uten tidsfrist» (DPO audit 4, N6)
    assert [(r.text, r.where) for r in base.customer_set_retention] == [(seed.queue_rule, "Bedriftsnett Admin")]


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
    assert all(c.source.section.startswith("pkt. 11, ") for c in base.cookies)
    # the vendor's own ends, for which the document names no role (DPO audit 3, item 1)
    own = {c.source.section for c in base.cookies if c.own_purpose}
    assert own == {"pkt. 11, «Analyse av bruksmønstre»", "pkt. 11, «Analyse av digital kommunikasjon»",
                   "pkt. 11, tabellrad «Informasjonskapsler for analyseformål»"}


def test_nummeroppslag_looks_callers_up_in_an_unnamed_service_of_unknown_location(catalogue, seed):
    """pkt. 4 c: «Informasjonen hentes fra ekstern opplysningstjeneste»: the caller's number goes to a service the
    document does not name or place (DPO audit 3, item 12)."""
    addon = catalogue.service(seed.addon("nummeroppslag"))
    [service] = addon.recipients
    assert (service.name, service.countries, service.note, service.unnamed) == (
        "Ekstern opplysningstjeneste", ("not_stated",), "lookup", True)
    assert service.statement in addon.description  # the document's own words
    assert service.source == Source(seed.doc, "pkt. 4 c (Nummeroppslag)")
    assert catalogue.service(seed.base).recipients == ()  # the base does not look callers up


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
        assert merged.role == "processor_except_telecom"
        # the queue log's customer-set period goes with the queue log, which the survey does not take along
        assert merged.open_ended_retention == (() if name == "net-promoter-score" else (seed.directory_rule,))
        assert [r.text for r in merged.customer_set_retention] == (
            [] if name == "net-promoter-score" else [seed.queue_rule])
        assert merged.countries == ("NO", "EU")
        assert [p.name for p in merged.sub_processors] == ["Eniro", "Link Mobility", "Gintel"]
        assert merged.transfer == base.transfer
        assert merged.security_measures == base.security_measures
        assert merged.vendor_terms == base.vendor_terms
        own = catalogue.service(key).data_categories
        if name == "net-promoter-score":  # a purpose of its own: the base's call logs are not the survey's data
            assert merged.data_categories == own
            assert merged.purposes == ("Net Promoter Score (NPS) måler brukertilfredshet",)
            assert merged.cookies == ()  # the web pages' cookies concern the app's users, not the survey
        else:
            assert merged.data_categories == base.data_categories + own
        assert merged.name == catalogue.service(key).name


def test_addon_categories(catalogue, seed):
    def own(name):
        return {c.name: c for c in catalogue.service(seed.addon(name)).data_categories}

    (history,) = own("web-sentralbord").values()  # pkt. 4 a: «historikk på ansatte», a sign of monitoring
    assert (history.subject, history.monitoring, history.source.section) == (
        "employees", True, "pkt. 4 a (Web-basert sentralbord)")
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
    feedback, number = catalogue.service(key).data_categories
    assert number.whose == ("callers",) and "SMS-en" in number.name  # added: the audit's item 12
    assert feedback.subject == "callers"
    assert feedback.whose == ("callers",)  # the document states no results per agent
    assert feedback.monitoring is False
    assert catalogue.service(key).activity == "customer_satisfaction"  # its own activity, like Phonero's NPS
    assert "SMS etter gjennomført samtale" in feedback.description
    merged = catalogue.resolved(key)
    assert merged.activity == "customer_satisfaction"
    # the purpose in the document's words («… Net Promoter Score (NPS) måler brukertilfredshet ved at …»), not
    # ROPA's «Måle brukertilfredshet» given as Dipper's (DPO audit 3, item 7)
    assert merged.purposes == ("Net Promoter Score (NPS) måler brukertilfredshet",)
    assert merged.purposes[0] in catalogue.service(key).description
    assert {c.purpose for c in merged.data_categories} == {"Net Promoter Score (NPS) måler brukertilfredshet"}
