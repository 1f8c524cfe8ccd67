"""Seed 000 (Telenor Inpli, 2involve Kontaktsenter) is transcribed into the shipped catalogue, fact by fact."""
from __future__ import annotations

import pytest

from .conftest import sources as sources_in

DOC = "000_dcf97ee3d00400ff.txt"
KEY = "telenor-inpli/2involve-kontaktsenter"

# Whose data each row of Tabell 2 is, with the document's words that say so (its «Beskrivelse» column) and what
# the row holds. `subject` is the group the table lists the row under; `subjects` is whose data it really is.
WHOSE = {
    ("employees", "Bruker_ID"): ("Brukers personlig ID", {"employees"}, "brukers personlig ID"),
    ("employees", "Navn"): ("Brukers for- og etternavn", {"employees"}, "brukers for- og etternavn"),
    ("employees", "E-postadresse"): ("Brukers e-postadresse", {"employees"}, "brukers e-postadresse"),
    ("employees", "Telefonnummer"): ("Brukers telefonnummer", {"employees"}, "brukers telefonnummer"),
    # CDR: call detail record of a henvendelse, which identifies the agent and the customer's customer.
    ("employees", "Samtaledata (CDR)"): ("Metadata per henvendelse", {"employees", "customers"},
                                         "metadata per henvendelse (CDR)"),
    ("customers", "Navn"): ("Sluttkundes navn", {"customers"}, "sluttkundes navn"),
    ("customers", "E-postadresse"): ("Sluttkundes e-postadresse", {"customers"}, "sluttkundes e-postadresse"),
    ("customers", "Telefonnummer"): ("Sluttkundes telefonnummer", {"customers"}, "sluttkundes telefonnummer"),
    ("customers", "Chat-dialog"): ("Kopi av chat-dialog mellom bruker/agent og kundens kunde",
                                   {"employees", "customers"},
                                   "kopi av chat-dialog mellom bruker/agent og kundens kunde"),
    ("customers", "E-postdialog"): ("Kopi av e-postdialog mellom bruker/agent og kundens kunde",
                                    {"employees", "customers"},
                                    "kopi av e-postdialog mellom bruker/agent og kundens kunde"),
    ("customers", "Samtaleopptak (lydlogg)"): (
        "Lydopptak av telefonsamtale mellom bruker/agent og kundens kunde", {"employees", "customers"},
        "lydopptak av telefonsamtale mellom bruker/agent og kundens kunde"),
    # The agent's screen: the company's employee, whatever group the table files it under.
    # «under kundedialog»: the agent's screen shows the dialogue with the customer's customer, both parties, by the
    # same rule as the call recording (DPO audit 3, item 13; was the employee only)
    ("customers", "Skjermbildeopptak"): ("Kopi av brukers/agents skjermbilder under kundedialog",
                                         {"employees", "customers"},
                                         "kopi av brukers/agents skjermbilder under kundedialog"),
}


@pytest.fixture(scope="module")
def service(catalogue):
    return catalogue.service(KEY)


@pytest.fixture(scope="module")
def categories(service):
    return {(c.subject, c.name): c for c in service.data_categories}


def test_vendor(catalogue):
    vendor = catalogue.vendor("telenor-inpli")
    assert vendor.name == "Telenor Inpli"
    assert vendor.document == DOC
    assert vendor.document_title == (
        "Tjenestespesifikke vilkår for behandling av personopplysninger 2involve Kontaktsenter")
    assert [s.key for s in vendor.services] == [KEY]


def test_every_fact_cites_the_seed(catalogue):
    vendor = catalogue.vendor("telenor-inpli")
    sources = sources_in(vendor.source) + [s for svc in vendor.services for s in sources_in(svc)]
    assert len(sources) >= 15
    assert {s.document for s in sources} == {DOC}
    assert all(s.section for s in sources)


def test_role_and_dpa(service):
    assert service.name == "2involve Kontaktsenter"
    assert service.activity == "contact_centre"
    assert service.role == "processor"
    assert not service.is_addon
    assert "Telenor Inpli databehandler, og kunden er behandlingsansvarlig" in service.role_statement
    for point in ("punkt 1.18", "punkt 1.22", "punkt 9.3", "SSA-V og SSA-D"):
        assert point in service.dpa_reference
    # the DPA sentence stands in the introduction only, not in Tabell 1 (DPO audit 3, item 17)
    assert service.dpa_source.section == "innledning"


def test_cdr_customers_are_flagged_as_ropas_reading(service):
    """Tabell 2 lists «Samtaledata (CDR)» under «Personopplysninger om Kundens medarbeider»: that the records also
    identify the customer's customer is ROPA's reading, and flagged (DPO audit 3, item 13)."""
    flagged = {c.name for c in service.data_categories if c.subjects_reading}
    assert flagged == {"Samtaledata (CDR)"}
    [cdr] = [c for c in service.data_categories if c.name == "Samtaledata (CDR)"]
    assert cdr.subject == "employees" and set(cdr.whose) == {"employees", "customers"}


def test_purpose_and_processing(service):
    assert len(service.purposes) == 1
    assert "kundens brukere/ansatte og kundens kunder" in service.purposes[0]
    assert service.processing == (
        "Personopplysninger overføres mellom interne støttesystemer for drifts- og fakturaformål, "
        "samt for å rute samtaler og henvendelser til riktig bruker/agent")


def test_whose_data_each_row_is(categories):
    assert set(categories) == set(WHOSE)
    for key, (words, whose, content) in WHOSE.items():
        c = categories[key]
        assert c.description == words, key
        assert set(c.whose) == whose, key
        assert c.content == content, key


def test_recordings_and_per_agent_statistics_are_monitoring_of_employees(categories):
    monitoring = {name for (_s, name), c in categories.items() if c.monitoring}
    assert monitoring == {"Samtaledata (CDR)", "Samtaleopptak (lydlogg)", "Skjermbildeopptak"}
    assert all("employees" in categories[k].whose for k in categories if categories[k].monitoring)


def test_no_measures_no_terms_and_no_open_ended_retention(service):
    assert service.security_measures == ()
    assert service.vendor_terms == ()
    assert service.open_ended_retention == ()  # contract end, a written request, 2 years: all have an end


def test_sources_are_citable(catalogue, service):
    vendor = catalogue.vendor("telenor-inpli")
    assert vendor.source.section == "innledning"
    assert service.source.section == "innledning; Tabell 1"
    assert service.transfer.source.section == "Tabell 1"
    assert service.transfer.question == ("Har Databehandler inngått avtale med underleverandør i henhold til EUs "
                                         "prinsipper for standardavtale om overføring av personopplysninger til "
                                         "land utenfor EU/EØS?")
    sections = {c.name: c.source.section for c in service.data_categories if c.subject == "customers"}
    assert sections["Samtaleopptak (lydlogg)"] == (
        "Tabell 2, «Dialoginnhold hvis valgt», rad «Samtaleopptak (lydlogg)»; Tabell 1, «Hvordan og når slettes …?»")
    assert sections["Navn"] == "Tabell 2, «Personopplysninger om Kundens kunde», rad «Navn»"
    assert (vendor.document_date, vendor.document_version) == ("", "")  # the document states neither


def test_countries_and_transfer(service):
    assert service.countries == ("NO", "SE")
    assert service.countries_statement == "Norge, Sverige"
    assert service.transfer is not None
    assert service.transfer.outside_eea == "no"
    # the exact answer to «Har Databehandler inngått avtale med underleverandør i henhold til EUs prinsipper for
    # standardavtale om overføring av personopplysninger til land utenfor EU/EØS?»
    assert service.transfer.statement == "Nei. Det behandles ikke personopplysninger utenfor EU/EØS. Se punkt over."
    assert service.transfer.safeguards == ""
    assert service.transfer.source.document == DOC
    assert service.transfer.source.section.startswith("Tabell 1")


def test_sub_processor(service):
    assert len(service.sub_processors) == 1
    enghouse = service.sub_processors[0]
    assert enghouse.name == "Enghouse Interactive"
    assert enghouse.countries == ("EEA",)
    assert "Teknisk support fra produsent" in enghouse.activity
    assert "Det behandles ikke personopplysninger utenfor EU/EØS" in enghouse.country_statement
    assert enghouse.source.document == DOC


TWO_YEARS = ("For kunder med aktiv 2involve-avtale, sletter Databehandler lyd- og skjermopptak, samt "
             "statistikkdata etter 2 år.")


def test_general_retention(service):
    """Tabell 1 «Hvordan og når slettes personopplysningene?» quoted as the document writes it, every sentence (the
    2-year sentence was only rewritten per category before), and cited as that row, not «innledning; Tabell 1»."""
    assert service.retention_general == (
        "Databehandler sletter personopplysninger, inkludert alle kopier, etter at avtaleforholdet er avsluttet, "
        "eller dersom den Behandlingsansvarlige skriftlig anmoder om dette.",
        TWO_YEARS + " Kunde har med dette tilgang til lyd- og skjermopptak, samt historiske statistikkdata 2 år "
        "tilbake i tid.",
    )
    for rule in service.retention_general:
        assert service.fact_section(rule) == "Tabell 1, «Hvordan og når slettes personopplysningene?»"
    for duty in service.customer_duties:
        assert service.fact_section(duty) == "innledning"


def test_customer_duties(service):
    duties = service.customer_duties
    assert len(duties) == 3
    assert any("lovlig formål og rettslig grunnlag (hjemmel)" in d for d in duties)
    assert any("egne brukere av Tjenesten er informert" in d for d in duties)
    assert any("registrert hos Telenor Inpli med korrekt navn på Bruker" in d for d in duties)


def test_employee_categories(categories):
    employees = {name for (subject, name) in categories if subject == "employees"}
    assert employees == {"Bruker_ID", "Navn", "E-postadresse", "Telefonnummer", "Samtaledata (CDR)"}
    user_id = categories[("employees", "Bruker_ID")]
    assert (user_id.description, user_id.example, user_id.purpose) == (
        "Brukers personlig ID", "kari.nordmann@domene.no", "Brukernavn for tilgang til tjenesten")
    name = categories[("employees", "Navn")]
    assert (name.description, name.example, name.purpose) == (
        "Brukers for- og etternavn", "Kari Nordmann", "Person knyttet til Bruker_ID")
    assert categories[("employees", "E-postadresse")].purpose == "Rute e-post-henvendelse til bruker/agent"
    phone = categories[("employees", "Telefonnummer")]
    assert phone.example == "+47 12 34 56 78"
    assert "A-nummer når bruker/agent ringer ut" in phone.purpose
    assert not any(c.if_chosen for (s, _), c in categories.items() if s == "employees")


def test_cdr_statistics_kept_two_years_and_flagged_as_monitoring(categories):
    cdr = categories[("employees", "Samtaledata (CDR)")]
    assert cdr.description == "Metadata per henvendelse"
    assert cdr.example == "CDR-utsnitt"
    assert cdr.purpose == "Rapportering/ Statistikk"
    assert cdr.retention == TWO_YEARS
    # «statistikkdata» is not «Samtaledata (CDR)» by name: giving it the rule is ROPA's reading, and flagged so
    assert cdr.retention_reading is True
    assert cdr.monitoring is True


def test_customer_categories(categories):
    customers = {name: c for (subject, name), c in categories.items() if subject == "customers"}
    assert set(customers) == {"Navn", "E-postadresse", "Telefonnummer", "Chat-dialog", "E-postdialog",
                              "Samtaleopptak (lydlogg)", "Skjermbildeopptak"}
    assert customers["Navn"].description == "Sluttkundes navn"
    assert customers["Navn"].example == "Ola Nordmann"
    assert customers["E-postadresse"].example == "ola.nordmann@domene.no"
    for name in ("Navn", "E-postadresse", "Telefonnummer"):
        assert customers[name].purpose == "Kundestyrte"
        assert customers[name].if_chosen is False
        assert customers[name].monitoring is False


def test_dialogue_content_only_if_chosen(categories):
    for name in ("Chat-dialog", "E-postdialog", "Samtaleopptak (lydlogg)", "Skjermbildeopptak"):
        c = categories[("customers", name)]
        assert c.if_chosen is True, name
        assert c.purpose == "Kundestyrte"
        assert c.example == ""  # the table says N/A
        assert "Dialoginnhold hvis valgt" in c.source.section
    assert categories[("customers", "Chat-dialog")].description == (
        "Kopi av chat-dialog mellom bruker/agent og kundens kunde")


def test_recordings_kept_two_years_and_flagged_as_monitoring(categories):
    for name in ("Samtaleopptak (lydlogg)", "Skjermbildeopptak"):
        c = categories[("customers", name)]
        assert c.retention == TWO_YEARS  # the document's sentence, not one rewritten per category
        assert c.retention_reading is False  # «lyd- og skjermopptak» names these categories
        assert c.monitoring is True
    for name in ("Chat-dialog", "E-postdialog"):
        assert categories[("customers", name)].retention == ""
        assert categories[("customers", name)].monitoring is False


def test_no_special_categories(service):
    assert all(c.special == "" for c in service.data_categories)


def test_each_category_cites_its_table_row(service):
    for c in service.data_categories:
        assert c.source.document == DOC
        assert c.source.section.startswith("Tabell 2"), c.name
