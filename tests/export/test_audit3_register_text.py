"""The third DPO audit of the exports (2026-12-01), the register's own texts: findings 2 (an independent controller
named with its service and the document's footnote, its data apart), 3 («Nei» to transfers resting on ROPA's reading
of where a sub-processor is), 6 (unanswered cells read as missing; audit 4, N8: one word per state), 9 (one group of data subjects named once) and 16
(only recordings are on Datatilsynet's «always DPIA» list). Each read back from the xlsx and the PDF, as a DPO
reads them, in nb and en."""
from __future__ import annotations

import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from ropa_app.adoption import adopt_services
from ropa_app.export import export_register
from ropa_app.countries import country_name
from ropa_app.i18n import t
from ropa_app.register import build_register
from ropa_app.store import open_ropa

PORTAL = "phonero/bedriftsportal-fakturakontroll"
PORTAL_NAME = "Phonero Bedriftsportal & Fakturakontroll din Bedrift ditt Phonero"
# 001, the footnote the table row's «Behandlingsansvarlig*» points to, word for word
FOOTNOTE = ("Dersom Phonero står oppført som behandlingsansvarlig, innebærer dette at kunden og Phonero er ansett som "
            "selvstendige behandlingsansvarlige for bruk av personopplysninger som registreres gjennom aktivering eller "
            "bruk av den aktuelle tjenesten. Eventuell utveksling av personopplysninger mellom partene ved bruk av "
            "slike tjenester anses som overføring av opplysninger mellom to behandlingsansvarlige, der hver Part er "
            "fullt ut ansvarlig for oppfyllelse av pliktene etter gjeldende personvernlovgivning for sin egen "
            "behandling av de aktuelle opplysningene.")
LANGS = ("nb", "en")


def sheets(path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def xlsx(register, tmp_path, lang: str = "nb") -> dict[str, list[list]]:
    path = tmp_path / f"r.{lang}.xlsx"
    export_register(register, "xlsx", path, lang)
    return sheets(path)


def pdf_text(register, tmp_path, lang: str = "nb") -> str:
    path = tmp_path / f"r.{lang}.pdf"
    export_register(register, "pdf", path, lang)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages)


def shown_title(title: str, lang: str) -> str:
    """An activity's title as an export in ``lang`` shows it: a template's default title in that language."""
    from ropa_app.catalogue import load_activity_templates

    for template in load_activity_templates():
        if title in (template.title_nb, template.title_en):
            return template.title(lang)
    return title


def protokoll_row(book, title: str, lang: str) -> dict[str, str]:
    rows = book[t("xlsx.sheet.register", lang)]
    row = next(r for r in rows[1:] if r[1] == shown_title(title, lang))
    return {str(h): str(v) for h, v in zip(rows[0], row)}


def cell(row: dict[str, str], key: str, lang: str) -> str:
    return row[t(f"column.{key}", lang)]


def gap_rows(book, lang: str) -> list[str]:
    return [" | ".join(str(c) for c in r) for r in book.get(t("xlsx.sheet.gaps", lang), [])]


def flat(text: str) -> str:
    return " ".join(text.split())


# --- 2. Phonero Bedriftsportal & Fakturakontroll: an independent controller, named, its data apart ---------------

@pytest.fixture
def portal_with_phonero_processing(new_file):
    """The portal beside a Phonero service it processes for the company, in one activity: the same category name
    («Opplysninger om ansatte som oppgitt av virksomheten») in both."""
    with open_ropa(new_file) as store:
        adopt_services(store, [PORTAL, "phonero/bedriftsnett"], activity_title="Mobil og sentralbord")
        return build_register(store)


@pytest.mark.parametrize("lang", LANGS)
def test_the_independent_controller_is_named_with_its_service_and_the_documents_footnote(
        portal_with_phonero_processing, tmp_path, lang):
    register = portal_with_phonero_processing
    row = protokoll_row(xlsx(register, tmp_path, lang), "Mobil og sentralbord", lang)
    recipients = cell(row, "recipients", lang)
    controllers = next(line for line in recipients.split("\n")
                       if line.startswith(t("register.recipients_controllers", lang) + ":"))
    assert PORTAL_NAME in controllers
    open_quote, close_quote = ("«", "»") if lang == "nb" else ("“", "”")
    assert f"{open_quote}{FOOTNOTE}{close_quote}" in controllers  # verbatim, whole, as the vendor's words
    assert ("Phonero oppgir:" if lang == "nb" else "Phonero states:") in controllers
    assert ("og fotnote *" if lang == "nb" else "and footnote *") in controllers  # where it says so
    # the processors column says Phonero is not a processor for that service, and still is for the other
    processors = cell(row, "processors", lang)
    assert processors.split("\n")[-1] == t("register.not_a_processor", lang, names=f"Phonero – {PORTAL_NAME}")
    assert processors.startswith("Phonero – Phonero Bedriftsnett (")
    assert flat(f"{open_quote}{FOOTNOTE}{close_quote}") in pdf_text(register, tmp_path, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_what_goes_to_the_independent_controller_stands_apart_from_what_it_processes_for_us(
        portal_with_phonero_processing, tmp_path, lang):
    register = portal_with_phonero_processing
    text = cell(protokoll_row(xlsx(register, tmp_path, lang), "Mobil og sentralbord", lang), "data_categories", lang)
    disclosed = t("register.disclosed_to_controller", lang, vendor="Phonero", services=PORTAL_NAME)
    blocks, heading = {}, ""  # heading -> bullets
    for line in text.split("\n"):
        if line.startswith("• "):
            blocks[heading].append(line[2:])
        else:
            heading = line
            blocks[heading] = []
    [controller_heading] = [h for h in blocks if disclosed in h]
    assert controller_heading.startswith(t("enum.subject.employees", lang))
    assert blocks[controller_heading] == [
        "Opplysninger om ansatte som oppgitt av virksomheten: navn, adresse, telefonnummer, epostadresse",
        "Opplysninger om teknisk utstyr: type telefon, eier (leasing)",
        "Opplysninger om bruk av abonnement: aggregert forbruksdata"]
    processed = [b for h, bullets in blocks.items() if h != controller_heading for b in bullets]
    # the processor's own category of the same name stays, with its own content (Bruker ID) ...
    assert ("Opplysninger om ansatte som oppgitt av virksomheten: navn, adresse, telefonnummer, epostadresse, "
            "Bruker ID") in processed
    # ... and nothing of the portal's stands under a processor's heading
    assert not [b for b in processed if b.startswith(("Opplysninger om teknisk utstyr", "Opplysninger om bruk av"))]
    assert flat(controller_heading) in pdf_text(register, tmp_path, lang)


# --- 3. «Nei» to transfers that rests on ROPA's reading of where a sub-processor is ------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_no_transfer_that_rests_on_ropas_reading_says_so_and_asks_the_vendor(sample_file, tmp_path, lang):
    title = "Brukerstøtte fra teleleverandør"  # Phonero support: «Zendesk | Tyskland», the service's place
    with open_ropa(sample_file) as store:
        register = build_register(store)
    book = xlsx(register, tmp_path, lang)
    row = protokoll_row(book, title, lang)
    third, safeguards = cell(row, "third_countries", lang), cell(row, "safeguards", lang)
    assert third != t("register.no_transfers", lang)
    assert third.startswith(t("register.no_known_transfers", lang))
    germany = "Tyskland" if lang == "nb" else "Germany"
    assert t("register.ropa_note", lang, text="Zendesk (" + t("register.for_vendor", lang, vendor="Phonero") + "): "
             + t("register.location_note.service_location", lang, places=germany)) in third
    assert t("register.no_safeguards_needed", lang) not in safeguards
    assert "Zendesk" in safeguards and t("register.safeguards_read", lang, names="Zendesk (" + t(
        "register.for_vendor", lang, vendor="Phonero") + ")") in safeguards
    # a «Bør rettes» gap asks the company to confirm with Phonero where Zendesk processes the data
    [gap] = [g for g in register.gaps if g.code == "location_read" and g.param_dict()["recipient"] == "Zendesk"]
    assert gap.severity == "warning"
    asks = [r for r in gap_rows(book, lang) if "Zendesk" in r and t("severity.warning", lang) in r]
    assert asks and ("Bekreft med Phonero" if lang == "nb" else "Confirm with Phonero") in asks[0]
    assert germany in asks[0]
    assert flat(third.split("\n")[0]) in pdf_text(register, tmp_path, lang)


def test_once_the_company_records_where_the_sub_processor_is_the_answer_is_no(sample_file, tmp_path):
    with open_ropa(sample_file) as store:
        store.resolve_recipient("Zendesk", ["DE"], note="Phonero bekreftet på e-post 01.12.2026")
        register = build_register(store)
    row = protokoll_row(xlsx(register, tmp_path), "Brukerstøtte fra teleleverandør", "nb")
    assert cell(row, "third_countries", "nb") == t("register.no_transfers", "nb")
    assert cell(row, "safeguards", "nb") == t("register.no_safeguards_needed", "nb")
    assert not [g for g in register.gaps if g.code == "location_read" and "Zendesk" in g.param_dict().values()]


def test_a_vendors_own_answer_about_all_its_processing_needs_no_such_caveat(new_file):
    """Telenor Inpli: «Det behandles ikke personopplysninger utenfor EU/EØS» covers Enghouse: quoted, no gap."""
    from ropa_app.columns import third_country_text

    with open_ropa(new_file) as store:
        [r] = adopt_services(store, ["telenor-inpli/2involve-kontaktsenter"])
        register = build_register(store)
    entry = register.entry(r.activity_id)
    assert entry.read_locations == () and "location_read" not in {g.code for g in register.gaps}
    assert third_country_text(entry, "nb") == t("register.no_transfers", "nb")


# --- 6. unanswered cells read as missing, not blank, not «Ingen oppgitt» ------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_unanswered_cells_read_one_word_per_state(new_file, tmp_path, lang):
    """«Mangler» where the template's cell is orange (mandatory); «Ikke oppgitt» where it is green and the gap list
    asks for it (should be fixed): the legal basis, the day-to-day responsibility, the organisation number; «–» in
    the PDF (blank in the spreadsheet) where it is green and nothing is asked (DPO audit 4, N8)."""
    with open_ropa(new_file) as store:
        store.add_activity("Kundeoppfølging")
        register = build_register(store)
    missing, not_given = t("pdf.value.missing", lang), t("register.not_given", lang)
    assert (missing, not_given) == (("Mangler", "Ikke oppgitt") if lang == "nb" else ("Missing", "Not stated"))
    for g in register.gaps:
        if g.field in ("legal_basis", "owner_name", "organisation.org_number"):
            assert g.severity == "warning", g.code
    book = xlsx(register, tmp_path, lang)
    row = protokoll_row(book, "Kundeoppfølging", lang)
    assert cell(row, "art6", lang) == not_given and cell(row, "owner", lang) == not_given
    assert cell(row, "purpose", lang) == missing and cell(row, "security", lang) == missing  # orange
    assert cell(row, "systems", lang) in ("", "None")  # green, nothing asked
    controller = {str(r[0]): str(r[1]) for r in book[t("xlsx.sheet.controller", lang)] if len(r) > 1}
    assert controller[t("field.organisation.org_number", lang)] == not_given
    legend = " ".join(str(c) for r in book[t("xlsx.sheet.controller", lang)] for c in r)
    assert f"«{missing}»" in legend or f"“{missing}”" in legend
    assert f"«{not_given}»" in legend or f"“{not_given}”" in legend
    text = pdf_text(register, tmp_path, lang)
    for key in ("art6", "owner"):
        label = t(f"column.{key}", lang)
        assert f"{label} {not_given}" in text, label
        assert f"{label} {missing}" not in text and f"{label} –" not in text
    assert f"{t('column.purpose', lang)} * {missing}" in text
    assert f"{t('column.systems', lang)} –" in text
    assert f"{t('field.organisation.org_number', lang)} {not_given}" in text


@pytest.mark.parametrize("lang", LANGS)
def test_nobody_answered_the_representative_or_the_contact_person(new_file, tmp_path, lang):
    with open_ropa(new_file) as store:
        store.add_activity("Kundeoppfølging")
        register = build_register(store)
    rows = {str(r[0]): str(r[1]) for r in xlsx(register, tmp_path, lang)[t("xlsx.sheet.controller", lang)]
            if len(r) > 1}
    assert rows[t("field.organisation.representative_name", lang)] == t("register.not_assessed", lang)
    assert rows[t("field.organisation.contact_name", lang)] == t("country.not_stated", lang)
    text = pdf_text(register, tmp_path, lang)
    assert ("Ingen oppgitt" if lang == "nb" else "None stated") not in text
    assert f"{t('field.organisation.representative_name', lang)} {t('register.not_assessed', lang)}" in text

    assert "representative_not_assessed" in {g.code for g in register.gaps}

    # «Ikke aktuelt» only when the user said so (DOMAIN.md): a Norwegian organisation number is no answer by itself.
    with open_ropa(new_file) as store:
        store.update_organisation(org_number="914 653 223")
        assert representative_cell(build_register(store), tmp_path, lang) == t("register.not_assessed", lang)
        store.update_organisation(needs_representative="no")
        register = build_register(store)
    assert representative_cell(register, tmp_path, lang) == t("register.representative_not_needed", lang)
    assert representative_cell(register, tmp_path, lang).startswith(("Ikke aktuelt – virksomheten er etablert",
                                                                     "Not applicable – the company is established"))
    assert not {"representative_not_assessed", "representative_name_missing"} & {g.code for g in register.gaps}
    with open_ropa(new_file) as store:
        store.update_organisation(needs_representative="yes")
        register = build_register(store)
    assert representative_cell(register, tmp_path, lang) == t("register.representative_unnamed", lang)
    assert ("representative_name_missing", "mandatory") in {(g.code, g.severity) for g in register.gaps}


def representative_cell(register, tmp_path, lang: str) -> str:
    rows = {str(r[0]): str(r[1]) for r in xlsx(register, tmp_path, lang)[t("xlsx.sheet.controller", lang)]
            if len(r) > 1}
    return rows[t("field.organisation.representative_name", lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_served_controllers_representative_reads_as_its_dpo_does(sample_file, tmp_path, lang):
    with open_ropa(sample_file) as store:
        register = build_register(store).with_parts("both")
    rows = xlsx(register, tmp_path, lang)[t("xlsx.sheet.processor_register", lang)]
    row = {str(h): str(v) for h, v in zip(rows[0], rows[1])}
    assert row[t("pcolumn.representative", lang)] == row[t("pcolumn.dpo", lang)] == t("country.not_stated", lang)


# --- 9. one group of data subjects is named once --------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_users_words_and_the_vendors_group_for_the_same_people_are_named_once(sample_file, tmp_path, lang):
    with open_ropa(sample_file) as store:
        register = build_register(store)
    book = xlsx(register, tmp_path, lang)

    def names(title):
        return [n.strip() for n in cell(protokoll_row(book, title, lang), "data_subjects", lang).split(",")]

    call_parties = t("enum.subject.call_parties", lang)
    # «pasienter og andre innringere» are all the callers; «ansatte» the employees: both in the clinic's words
    assert names("Telefoni og sentralbord") == [
        "Pasienter og andre innringere", "ansatte", call_parties[0].lower() + call_parties[1:]]
    assert names("Brukerstøtte fra teleleverandør") == ["Ansatte"]
    assert names("Administrasjon av mobilabonnement og utstyr") == ["Ansatte"]
    assert "ansatte, ansatte og brukere" not in pdf_text(register, tmp_path, lang).casefold()


def test_a_group_the_user_typed_that_is_not_the_vendors_group_stands(new_file, tmp_path):
    from ropa_app.columns import subjects_text

    with open_ropa(new_file) as store:
        [r] = adopt_services(store, ["talkmore/bedriftsnett"])
        store.update_activity(r.activity_id, "data_subjects", ["tidligere ansatte", "brukere", "Innringere"])
        register = build_register(store)
    entry = register.entry(r.activity_id)
    # «tidligere ansatte» and «brukere» name no vendor group as such; «Innringere» is the callers' group
    assert subjects_text(entry, "nb") == ("Tidligere ansatte, brukere, innringere, ansatte og brukere, "
                                          "samtalepartnere (den som ringer eller blir oppringt)")
    assert subjects_text(entry, "en") == ("Tidligere ansatte, brukere, innringere, employees and users, "
                                          "call parties (whoever calls or is called)")


# --- 16. only recordings are on Datatilsynet's «always DPIA» list ---------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_monitoring_signs_are_to_consider_and_only_recordings_always_need_a_dpia(new_file, tmp_path, lang):
    with open_ropa(new_file) as store:
        switchboard, = adopt_services(store, ["talkmore/bedriftsnett/kotavle"])[-1:]
        [centre] = adopt_services(store, ["telenor-inpli/2involve-kontaktsenter"], activity_title="Kundesenter")
        register = build_register(store)
    rows = gap_rows(xlsx(register, tmp_path, lang), lang)
    always = "alltid krever DPIA" if lang == "nb" else "always requires a DPIA"
    # ROPA's label for the category, in the export's language (DPO audit 4, N9); the erasure gap names the board's
    # categories too (DPO audit 4, N2)
    board = [r for r in rows if ("Agenter tilgjengelig på telefon" if lang == "nb" else "Agents available on the phone")
             in r and t("column.retention", lang) not in r]
    assert board and not [r for r in board if always in r]
    assert ("kan være systematisk overvåking" if lang == "nb" else "may be systematic monitoring") in board[0]
    assert t("severity.notice", lang) in board[0]
    [listed] = [r for r in rows if always in r]
    assert "Samtaleopptak (lydlogg), Skjermbildeopptak" in listed and "arbeidsmiljøloven" in listed
    assert "Samtaledata (CDR)" not in listed and t("severity.warning", lang) in listed
    codes = {(g.activity_id, g.code) for g in register.gaps}
    # the recordings are optional and not yet confirmed: «if you use …» (DPO audit 4, N11)
    assert (centre.activity_id, "dpia_listed_if_used") in codes
    assert (centre.activity_id, "dpia_monitoring_sign") not in codes
    assert not {(switchboard.activity_id, "dpia_listed"), (switchboard.activity_id, "dpia_listed_if_used")} & codes


def test_the_processors_register_carries_the_same_caveat_for_the_controllers_it_serves(sample_file, tmp_path):
    """Art. 30(2)(c): a served controller's data through Phonero's support reach Zendesk at a place ROPA read."""
    from ropa_app.processor_columns import safeguards_text, third_countries_text

    with open_ropa(sample_file) as store:
        [controller] = store.served_controllers()
        store.add_served_sub_processor(controller["id"], service_key="phonero/supporthenvendelser")
        register = build_register(store)
    [served] = register.processor.controllers
    for lang in LANGS:
        third = third_countries_text(served, register.processor, lang)
        assert t("register.no_transfers", lang) not in third and "Zendesk" in third.split("\n")[-1]
        assert "Zendesk" in safeguards_text(served, register.processor, lang)
    assert [g.param_dict()["recipient"] for g in register.gaps if g.code == "served_location_read"] == ["Zendesk"]
    row = xlsx(register.with_parts("both"), tmp_path)[t("xlsx.sheet.processor_register", "nb")][1]
    assert any(isinstance(c, str) and t("register.ropa_note", "nb", text="Zendesk (for Phonero): ") in c for c in row)


@pytest.mark.parametrize("lang", LANGS)
def test_the_transfers_sheet_lists_a_place_that_is_only_ropas_reading(sample_file, tmp_path, lang):
    """Zendesk's place is the Phonero service's (Tyskland): the overview of transfers lists it as not confirmed,
    with ROPA's note, instead of leaving it out as if it were known to stay in the EU/EEA."""
    with open_ropa(sample_file) as store:
        register = build_register(store)
    rows = xlsx(register, tmp_path, lang)[t("xlsx.sheet.transfers", lang)]
    [zendesk] = [r for r in rows[1:] if r[0] == "Zendesk"]
    assert zendesk[1] == country_name("DE", lang)
    assert zendesk[2] == t("register.location_read_status", lang)
    assert zendesk[3].startswith(t("register.ropa_note", lang, text="Zendesk (for Phonero)"))
    assert zendesk[5].startswith("2 – ")
