"""Issue 7: the register says only what is true, read back from the exports with independent readers
(python-calamine for xlsx, pypdf for pdf, json for json), on the sample company and on a file that uses all 28
services. DOMAIN.md, "Rules the register keeps"."""
from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from ropa_app.adoption import adopt_services
from ropa_app.columns import PROTOKOLL_COLUMNS
from ropa_app.export import export_register
from ropa_app.i18n import t
from ropa_app.register import build_register
from ropa_app.store import open_ropa
from ropa_app.template import column_of, is_mandatory

SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def export(register, fmt: str, path, lang: str = "nb"):
    export_register(register, fmt, path, lang)
    return path


def sheets(path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def protokoll(path, title: str) -> dict[str, str]:
    """The Protokoll row of the activity ``title``, by column label."""
    rows = sheets(path)["Protokoll"]
    row = next(r for r in rows[1:] if r[1] == title)
    return {str(h): str(v) for h, v in zip(rows[0], row)}


def pdf_text(path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages)


@pytest.fixture
def all_services(_all_services_template, tmp_path):
    """A private copy of the sample company with every catalogue service adopted."""
    import shutil

    path = tmp_path / "all.ropa"
    shutil.copy(_all_services_template, path)
    return path


def col(key: str) -> str:
    return t(f"column.{key}", "nb")


# --- 1. transfers are honest -------------------------------------------------------------------------------

def test_an_unknown_location_is_unknown_never_no_in_every_format(all_services, tmp_path):
    with open_ropa(all_services) as store:
        register = build_register(store)
    telephony = next(e for e in register.entries if e.title == "Telefoni og sentralbord")
    assert telephony.unknown_locations and not telephony.transfers

    row = protokoll(export(register, "xlsx", tmp_path / "r.xlsx"), "Telefoni og sentralbord")
    answer = row[col("third_countries")]
    assert answer.startswith("Ukjent for") and "We4you" in answer and "Zisson" in answer
    for column in ("third_countries", "safeguards"):
        assert "Ikke aktuelt" not in row[col(column)] and not row[col(column)].startswith("Nei")
    transfers = sheets(tmp_path / "r.xlsx")["Overføringer"]
    unknown = {r[0] for r in transfers[1:] if r[1] == "Ukjent"}
    assert {"We4you", "Zisson", "Google Cloud", "Microsoft Outlook", "Google Analytics"} <= unknown

    text = pdf_text(export(register, "pdf", tmp_path / "r.pdf"))
    section = text.split(t("pdf.section.transfers", "nb"))[-1].split(t("pdf.section.sources", "nb"))[0]
    assert "Zisson" in section and "Ukjent" in section
    assert t("pdf.empty.transfers", "nb") not in text

    data = json.loads(export(register, "json", tmp_path / "r.json").read_text())
    entry = next(e for e in data["entries"] if e["title"] == "Telefoni og sentralbord")
    assert entry["register_text"]["third_countries"].startswith("Ukjent for")
    assert any(r["recipient"] == "Zisson" and r["country"] == "Ukjent" for r in data["transfer_overview"])


def test_no_only_when_every_location_is_known_and_inside_the_eea(sample_file, tmp_path):
    from conftest import complete_sample

    with open_ropa(sample_file) as store:
        complete_sample(store)
        store.resolve_recipient("Google Analytics", ["IE"])
        store.update_activity(store.activity_by_title("Telefoni og sentralbord"), "transfers", "")
        register = build_register(store)
    row = protokoll(export(register, "xlsx", tmp_path / "r.xlsx"), "Telefoni og sentralbord")
    # Every place is known and inside the EU/EEA, but Talkmore answers «Ja» to the question about agreements for
    # transfers outside it: not «Nei» (second DPO review), and no instruction in the register itself.
    answer = row[col("third_countries")]
    assert answer.startswith("Uavklart: Talkmore Bedrift svarer ja på spørsmålet om avtaler for overføring")
    assert "Avklar" not in answer and "Spør" not in answer
    with open_ropa(sample_file) as store:  # the company asked Talkmore and wrote down its answer
        store.update_activity(store.activity_by_title("Telefoni og sentralbord"), "transfers",
                              "Talkmore bekrefter at ingen opplysninger går ut av EU/EØS.")
        register = build_register(store)
    row = protokoll(export(register, "xlsx", tmp_path / "r2.xlsx"), "Telefoni og sentralbord")
    assert row[col("third_countries")] == t("register.company_states", "nb",
                                            text="Talkmore bekrefter at ingen opplysninger går ut av EU/EØS.")


def test_no_when_every_location_is_known_inside_the_eea_and_no_vendor_says_otherwise(new_file, tmp_path):
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, ["phonero/supporthenvendelser"])
        # Phonero states where the service is, not Zendesk: known once the company has it confirmed (third audit)
        store.resolve_recipient("Zendesk", ["DE"], note="Phonero bekreftet på e-post")
        register = build_register(store)
    [entry] = [e for e in register.entries if e.id == r.activity_id]
    assert not entry.unknown_locations and not entry.transfers and not entry.read_locations
    assert protokoll(export(register, "xlsx", tmp_path / "r.xlsx"), entry.title)[col("third_countries")] == \
        t("register.no_transfers", "nb")


# --- 2. what the user enters about transfers counts --------------------------------------------------------

def test_a_country_in_the_activitys_transfers_text_is_a_transfer_everywhere(new_file, tmp_path):
    with open_ropa(new_file) as store:
        aid = store.add_activity("Kundeoppfølging", recipients=["CRM-leverandør"])
        store.update_activity(aid, "transfers", "Kundedata lagres hos CRM-leverandøren i USA.")
        register = build_register(store)
        [transfer] = register.entry(aid).transfers
        assert transfer.country == "US" and transfer.stated_by_company
        [gap] = [g for g in register.gaps if g.code == "transfer_mechanism_missing"]
        assert gap.severity == "mandatory" and gap.activity_id == aid

        path = export(register, "xlsx", tmp_path / "a.xlsx")
        row = protokoll(path, "Kundeoppfølging")
        assert "USA" in row[col("third_countries")]
        assert t("register.mechanism_missing", "nb") in row[col("safeguards")]
        assert any(r[1] == "USA" for r in sheets(path)["Overføringer"][1:])
        assert any("USA" in str(r) for r in sheets(path)["Mangler"][1:])

        store.update_activity(aid, "transfers", "Kundedata lagres hos CRM-leverandøren i USA, under EUs "
                                                "standardkontrakter (2021/914).")
        register = build_register(store)
    assert "transfer_mechanism_missing" not in {g.code for g in register.gaps}
    row = protokoll(export(register, "xlsx", tmp_path / "b.xlsx"), "Kundeoppfølging")
    assert "standardkontrakter" in row[col("safeguards")]


def test_a_recipient_location_the_user_records_feeds_transfers_and_gaps(sample_file, tmp_path):
    with open_ropa(sample_file) as store:
        store.resolve_recipient("Zisson", ["IN"])
        register = build_register(store)
    assert any(g.code == "transfer_mechanism_missing" and g.severity == "mandatory" for g in register.gaps)
    path = export(register, "xlsx", tmp_path / "r.xlsx")
    assert any(r[0] == "Zisson" and r[1] == "India" for r in sheets(path)["Overføringer"][1:])
    row = protokoll(path, "Telefoni og sentralbord")
    assert "India: Zisson" in row[col("third_countries")]
    assert "Zisson (India): " + t("register.mechanism_missing", "nb") in row[col("safeguards")]


# --- 3. the vendor's own answers on safeguards --------------------------------------------------------------

def test_talkmores_yes_is_quoted_and_attributed(sample_file, tmp_path):
    with open_ropa(sample_file) as store:
        register = build_register(store)
    path = export(register, "xlsx", tmp_path / "r.xlsx")
    # the whole question «Ja» answers, word for word (002 pkt. 10), not one cut short
    quote = ("Talkmore Bedrift svarer «Ja» på spørsmålet «Har databehandler inngått avtale med underleverandører i "
             "henhold til EUs prinsipper om overføring av personopplysningertil land utenfor EU/EØS?» "
             "(Tjenestevilkår for Talkmore Bedriftsnett")
    safeguards = protokoll(path, "Telefoni og sentralbord")[col("safeguards")]
    assert quote in safeguards
    assert "ROPAs merknad: dokumentet oppgir bare behandlingssteder i EU/EØS (Norge, EU)" in safeguards
    assert ("transfer_answer_unclear", "Talkmore Bedrift") in {
        (g.code, g.param_dict().get("vendor")) for g in register.gaps}
    assert any(quote in str(r[3]) for r in sheets(path)["Overføringer"][1:])
    assert quote in pdf_text(export(register, "pdf", tmp_path / "r.pdf")).split(
        t("pdf.section.transfers", "nb"))[-1]


# --- 5. data subjects: one list, one form ----------------------------------------------------------------

def test_data_subjects_are_the_union_without_duplicates(new_file, tmp_path):
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, ["talkmore/bedriftsnett"])
        store.update_activity(r.activity_id, "data_subjects",
                              ["ANSATTE OG BRUKERE", "ansatte", "Ansatte", "leverandører"])
        register = build_register(store)
    text = protokoll(export(register, "xlsx", tmp_path / "r.xlsx"), "Telefoni og sentralbord")[col("data_subjects")]
    names = [n.strip().casefold() for n in text.split(",")]
    assert len(names) == len(set(names))  # a name written twice is listed once ...
    assert {"ansatte og brukere", "ansatte", "leverandører"} <= set(names)  # ... and none the user wrote is lost


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_no_category_of_data_subjects_is_dropped_for_sharing_a_word_with_another(new_file, tmp_path, lang):
    """«Hosts (employees receiving visitors)» does not say «Visitors»: both stand (audit, 30 Nov 2026)."""
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, ["phonero/bedriftsnett-besoksregistrering"])
        store.update_activity(r.activity_id, "data_subjects", ["ansatte", "besøk"])
        register = build_register(store)
    [entry] = [e for e in register.entries if e.id == r.activity_id]
    rows = sheets(export(register, "xlsx", tmp_path / "r.xlsx", lang=lang))[t("xlsx.sheet.register", lang)]
    row = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == entry.id)))
    names = [n.strip().casefold() for n in row[t("column.data_subjects", lang)].split(",")]
    expected = {"nb": ["besøkende", "vertskap (ansatte som får besøk)"],
                "en": ["visitors", "hosts (employees receiving visitors)"]}[lang]
    assert names == ["ansatte", "besøk", *expected]


# --- 6. art. 9 and 10 are asked ---------------------------------------------------------------------------

def test_art_9_and_10_unanswered_read_not_assessed_and_are_gaps(new_file, tmp_path):
    with open_ropa(new_file) as store:
        aid = store.add_activity("Kundeservice", purpose="Svare kunder som ringer")
        register = build_register(store)
        row = protokoll(export(register, "xlsx", tmp_path / "a.xlsx"), "Kundeservice")[col("art9")]
        assert "Ikke vurdert" in row and "Ikke aktuelt" not in row
        assert {"art9_not_assessed", "art10_not_assessed"} <= {g.code for g in register.gaps}
        store.update_activity(aid, "special_categories_answer", "no")
        store.update_activity(aid, "criminal_offences_answer", "no")
        register = build_register(store)
    row = protokoll(export(register, "xlsx", tmp_path / "b.xlsx"), "Kundeservice")[col("art9")]
    assert row.count("Ikke aktuelt") == 2 and "Ikke vurdert" not in row
    assert not {"art9_not_assessed", "art10_not_assessed"} & {g.code for g in register.gaps}


def test_patients_in_the_purpose_make_the_art_9_condition_mandatory(new_file, tmp_path):
    with open_ropa(new_file) as store:
        aid = store.add_activity("Pasientmeldinger", purpose="Ta imot pasientmeldinger fra klinikkens pasienter")
        [gap] = [g for g in build_register(store).gaps if g.code.startswith("art9_condition_missing")]
        assert gap.severity == "mandatory" and "pasient" in gap.param_dict()["words"]
        store.update_activity(aid, "special_categories_answer", "yes")
        store.update_activity(aid, "special_categories", ["health"])
        store.update_activity(aid, "art9_conditions", ["h"])
        register = build_register(store)
    assert not [g for g in register.gaps if g.code.startswith("art9")]
    path = export(register, "pdf", tmp_path / "p.pdf")
    # The art. 9 label carries the mandatory asterisk in this activity.
    assert re.search(r"Behandlingsgrunnlag artikkel 9 eller 10 \*", pdf_text(path))


# --- 7. DPIA signs -----------------------------------------------------------------------------------------

def test_dpia_listed_monitoring_is_should_fix_and_special_categories_only_consider(new_file):
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, ["telenor-inpli/2involve-kontaktsenter"])
        aid = store.add_activity("Helse", special_categories_answer="yes", special_categories=["health"],
                                 art9_conditions=["h"])
        gaps = build_register(store).gaps
    # the recordings are optional and undecided: the same grade, worded «if you use …» (DPO audit 4, N11)
    assert [g.severity for g in gaps if g.code == "dpia_listed_if_used" and g.activity_id == r.activity_id] == [
        "warning"]
    assert [g.severity for g in gaps if g.code == "dpia_special_categories" and g.activity_id == aid] == ["notice"]


# --- 13. grades agree with the template ---------------------------------------------------------------------

def test_every_mandatory_gap_is_on_an_orange_column_and_colours_and_asterisks_agree(all_services, tmp_path):
    from ropa_app.processor_register import is_processor_gap
    from ropa_app.template import is_processor_mandatory, processor_column_of

    with open_ropa(all_services) as store:
        for a in store.activities():
            store.update_activity(a["id"], "purpose", "")
        register = build_register(store)
    entries = {e.id: e for e in register.entries}
    for gap in register.gaps:
        if is_processor_gap(gap):  # art. 30(2): graded by the processor's template
            assert gap.severity != "mandatory" or is_processor_mandatory(processor_column_of(gap.field)), gap
            continue
        special = entries[gap.activity_id].has_special_categories if gap.activity_id else False
        assert (gap.severity != "mandatory") or is_mandatory(column_of(gap.field), special), gap
    for e in register.entries:  # an empty mandatory column is always a mandatory gap
        assert any(g.code == "purpose_missing" and g.severity == "mandatory" for g in register.gaps
                   if g.activity_id == e.id)
    path = export(register, "pdf", tmp_path / "r.pdf")
    text = pdf_text(path)
    for c in PROTOKOLL_COLUMNS:
        if c.key == "art9":
            continue
        label = " ".join(c.label("nb").split())
        assert (f"{label} *" in text) == c.mandatory, c.key


def test_an_activity_with_mandatory_gaps_cannot_be_approved(new_file):
    from ropa_app.errors import RopaError

    with open_ropa(new_file) as store:
        aid = store.add_activity("Tom")
        with pytest.raises(RopaError) as refused:
            store.update_activity(aid, "status", "approved")
        assert refused.value.key == "cannot_approve"
        assert "Formålet med behandlingen mangler" in refused.value.message("nb")
        assert store.activity(aid)["status"] == "draft"


# --- 15. sources a DPO can cite --------------------------------------------------------------------------

def test_sources_are_cited_by_title_and_numbered_and_no_seed_file_name_appears(all_services, tmp_path, capsys):
    from ropa_app.cli import main

    with open_ropa(all_services) as store:
        register = build_register(store)
    assert register.sources and all(e.source_refs for e in register.entries if e.services)
    numbers = {s.number for s in register.sources}
    assert all(set(e.source_refs) <= numbers for e in register.entries)
    xlsx = export(register, "xlsx", tmp_path / "r.xlsx")
    found = sheets(xlsx)
    kilder = found["Kilder"]
    assert [int(r[0]) for r in kilder[1:]] == sorted(numbers)
    # an undated document says so in the document cell (was blank beside the title: DPO audit, item 8)
    assert any(r[2] == "Tjenestevilkår for Talkmore Bedriftsnett, udatert" for r in kilder[1:])
    assert any(r[2] == "Phonero tjenestebeskrivelse, 15.03.2021" for r in kilder[1:])
    pdf = pdf_text(export(register, "pdf", tmp_path / "r.pdf"))
    assert t("pdf.section.sources", "nb") in pdf and "Tjenestevilkår for Dipper Bedriftsnett" in pdf
    blob = json.dumps(found, ensure_ascii=False, default=str) + pdf
    blob += export(register, "json", tmp_path / "r.json").read_text()
    main(["check", str(all_services)])
    main(["catalogue"])
    main(["activity", "show", str(all_services), "1"])
    blob += capsys.readouterr().out
    assert not SEED_FILE.search(blob)


# --- 16. the copy for Datatilsynet ------------------------------------------------------------------------

def test_the_copy_for_datatilsynet_is_the_register_alone(sample_file, tmp_path, capsys):
    from ropa_app.cli import main

    with open_ropa(sample_file) as store:
        store.update_activity(1, "notes", "Intern merknad: spør Ingrid")
    for fmt in ("xlsx", "pdf", "json"):
        code = main(["export", str(sample_file), "--format", fmt, "-o", str(tmp_path / f"dt.{fmt}"),
                     "--audience", "datatilsynet"])
        assert code == 0
    assert "Datatilsynet" in capsys.readouterr().out
    names = CalamineWorkbook.from_path(str(tmp_path / "dt.xlsx")).sheet_names
    assert {"Protokoll", "Databehandlere", "Underdatabehandlere", "Overføringer", "Kilder"} <= set(names)
    assert not {"Mangler", "Endringslogg"} & set(names)
    text = pdf_text(tmp_path / "dt.pdf")
    assert t("pdf.section.sources", "nb") in text
    assert t("pdf.section.gaps", "nb") not in text and t("pdf.section.change_log", "nb") not in text
    assert "spør Ingrid" not in text
    data = json.loads((tmp_path / "dt.json").read_text())
    assert data["audience"] == "datatilsynet" and data["gaps"] == [] and data["change_log"] == []
    # The default keeps everything.
    main(["export", str(sample_file), "--format", "xlsx", "-o", str(tmp_path / "all.xlsx")])
    assert {"Mangler", "Endringslogg"} <= set(CalamineWorkbook.from_path(str(tmp_path / "all.xlsx")).sheet_names)


def test_the_change_log_names_the_user_not_the_os_account(new_file, monkeypatch, capsys):
    import getpass

    from ropa_app.cli import main

    monkeypatch.setenv("ROPA_USER", "Kari Nordmann")
    assert main(["activity", "add", str(new_file), "--title", "Lønn"]) == 0
    with open_ropa(new_file) as store:
        whos = {e["who"] for e in store.change_log()}
    assert whos == {"Kari Nordmann"}
    monkeypatch.delenv("ROPA_USER")
    with open_ropa(new_file) as store:
        store.add_activity("Uten navn")
        assert getpass.getuser() not in {e["who"] for e in store.change_log()} - {"Kari Nordmann"}


# --- 17. printable ------------------------------------------------------------------------------------------

def test_pdf_labels_are_never_split_inside_a_word_and_emails_stay_whole(sample_file, tmp_path):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from ropa_app.export.pdf_story import LABEL_WIDTH
    from ropa_app.export.pdf_style import register_fonts, styles

    register_fonts()
    label = styles()["label"]
    for lang in ("nb", "en"):
        for c in PROTOKOLL_COLUMNS:
            for word in (c.label(lang) + " *").split():
                assert stringWidth(word, label.fontName, label.fontSize) <= LABEL_WIDTH - 8, (lang, word)
    email = "personvern@fjordlys-fysioterapi.no"
    with open_ropa(sample_file) as store:
        store.update_organisation(email=email)
        register = build_register(store)
    raw = PdfReader(str(export(register, "pdf", tmp_path / "r.pdf"))).pages
    lines = [line for page in raw for line in (page.extract_text() or "").splitlines()]
    assert sum(email in line for line in lines) >= 2  # the organisation and the change log, each on one line


def test_long_cells_continue_on_the_full_text_sheet_and_nothing_is_lost(all_services, tmp_path):
    with open_ropa(all_services) as store:
        register = build_register(store)
    path = export(register, "xlsx", tmp_path / "r.xlsx")
    found = sheets(path)
    full = found["Fullstendig tekst"]
    row = protokoll(path, "Telefoni og sentralbord")
    cut = [label for label, value in row.items() if "Fortsetter i arket «Fullstendig tekst»" in value]
    assert cut
    entry = next(e for e in register.entries if e.title == "Telefoni og sentralbord")
    for c in PROTOKOLL_COLUMNS:
        if c.label("nb") in cut:
            lines = [r[3] for r in full[1:] if int(r[0]) == entry.id and r[2] == c.label("nb")]
            assert "\n".join(lines) == c.text(entry, "nb")


def test_sample_exports_stay_readable_in_libreoffice_terms(sample_file, tmp_path):
    """Every body cell of the Protokoll wraps by its own format (LibreOffice ignores the default)."""
    import openpyxl

    with open_ropa(sample_file) as store:
        register = build_register(store)
    ws = openpyxl.load_workbook(export(register, "xlsx", tmp_path / "r.xlsx"))["Protokoll"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert cells and all(c.alignment.wrap_text for c in cells)


# --- 4, 5, 8-12, 14: the catalogue's facts as the register states them -------------------------------------

def test_vendor_facts_read_as_the_documents_state_them(all_services, tmp_path):
    with open_ropa(all_services) as store:
        for a in store.activities():  # no company text: what shows is the vendors' alone
            for field in ("security_measures", "retention"):
                store.update_activity(a["id"], field, "")
        register = build_register(store)
    path = export(register, "xlsx", tmp_path / "r.xlsx")
    found = sheets(path)
    telephony = protokoll(path, "Telefoni og sentralbord")
    full = "\n".join(str(r[3]) for r in found["Fullstendig tekst"][1:] if r[1] == "Telefoni og sentralbord")

    # 4: Talkmore and Dipper are processors only for what is not telecommunication; the reseller stays.
    processors = {(r[0], r[1]): r for r in found["Databehandlere"][1:]}
    assert "ikke er telekommunikasjon" in processors[("Talkmore Bedrift", "Talkmore Bedriftsnett")][2]
    assert "ikke er telekommunikasjon" in processors[("Dipper", "Dipper Bedriftsnett")][2]
    # The role as Phonero's table gives it, with ROPA's note that the table's column is headed «Telias rolle».
    assert processors[("Phonero", "ISDN aksess")][2] == (
        "Videreselger (databehandler)\nROPAs merknad: Tabellens kolonneoverskrift lyder «Telias rolle», selv om "
        "dokumentet er Phoneros tjenestebeskrivelse. Rollen i kolonnen er registrert som Phoneros rolle.")
    # 14: Phonero's "this overview is an annex to our DPA" is Phonero's sentence, quoted and attributed, once for
    # the document: its other services refer to the first.
    assert processors[("Phonero", "Phonero Bedriftsnett")][5] == (
        "Phonero oppgir: «Denne oversikten er et vedlegg til Phoneros databehandleravtale, …» "
        "(Phonero tjenestebeskrivelse, 15.03.2021, innledning)")
    assert processors[("Phonero", "ISDN aksess")][5] == "Leverandørens vilkår: som for Phonero Bedriftsnett"
    # An add-on's terms are its base's: quoted on the base's row, referred to on the add-on's (audit 3, item 14).
    assert "(Tjenestevilkår for Dipper Bedriftsnett, pkt. 10" in processors[("Dipper", "Dipper Bedriftsnett")][5]
    assert processors[("Dipper", "Konferanse")][5] == (
        "Leverandørens vilkår: som for Dipper Bedriftsnett\n"
        "Virksomhetens plikter etter vilkårene (ROPAs sammendrag): som for Dipper Bedriftsnett")

    # 5: whose data: visitors and their hosts; the other party to a recorded call.
    visitors = protokoll(path, "Besøksregistrering")[col("data_subjects")].casefold()
    assert "besøkende" in visitors and "vertskap" in visitors
    assert "samtalepartnere" in protokoll(path, "Opptak av mobilsamtaler")[col("data_subjects")].casefold()

    # 8: Phonero's own location is known; the caveat is Telenor's, whose further locations are unknown.
    lines = protokoll(path, "Fasttelefoni og linjer")[col("third_countries")]
    # SIP aksess's unnamed «tjenesteleverandør» is a recipient of unknown location too (DPO audit 3, item 4)
    assert lines == ("Ukjent for 2 mottakere (behandlingssted ikke oppgitt): Telenor (for Phonero), "
                     "Tjenesteleverandør (for Phonero)")
    codes = {(g.code, g.param_dict().get("recipient")) for g in register.gaps}
    assert ("location_unknown_vendor", "Phonero") not in codes and ("location_unknown", "Telenor") in codes
    assert ("recipient_unnamed", "Tjenesteleverandør") in codes

    # 9: Dipper's NPS is a customer survey, in its own activity.
    assert "Dipper" in protokoll(path, "Kundetilfredshetsmålinger")[col("processors")]
    assert "Net Promoter" not in telephony[col("processors")] + full.split(col("security"))[0]

    # 10: measures only; promises are terms; the company's own measures missing is still mandatory.
    security = telephony[col("security")] + full
    assert "Det brukes kryptering" in security and "ansvarlig for sikkerheten" not in telephony[col("security")]
    assert "på forespørsel" not in telephony[col("security")]
    assert any(g.code == "security_own_missing" and g.severity == "mandatory" for g in register.gaps)

    # 11: We4you's "as long as appropriate" is flagged, not taken for a deadline.
    [we4you] = [g for g in register.gaps if g.code == "retention_open_ended" and g.param_dict()["vendor"] == "We4you"]
    assert "hensiktsmessigheten opphører" in we4you.param_dict()["rules"]

    # 12: categories with their content.
    assert "Status: status (ledig, opptatt, fravær)" in telephony[col("data_categories")] + full


# --- an empty DPO field is not an answer (audit, 30 Nov 2026) ---------------------------------------------------

@pytest.mark.parametrize(("answer", "name", "says", "gap"), [
    ("", "", "Ikke vurdert", ("dpo_not_assessed", "notice")),  # nobody said: not «Ikke utnevnt»
    ("no", "", "Ikke utnevnt", None),  # the user said no DPO is appointed
    ("yes", "", "Utnevnt – navn og kontaktopplysninger mangler", ("dpo_name_missing", "mandatory")),  # appointed, but who?
    ("", "Kari Nordmann", "Kari Nordmann", None),  # a name answers it
])
def test_the_dpo_row_says_not_appointed_only_when_the_user_said_so(new_file, tmp_path, answer, name, says, gap):
    with open_ropa(new_file) as store:
        store.update_organisation(dpo_appointed=answer, dpo_name=name, dpo_email="dpo@example.no" if name else "")
        register = build_register(store)
    rows = sheets(export(register, "xlsx", tmp_path / "r.xlsx"))["Behandlingsansvarlig"]
    [dpo] = [str(r[1]) for r in rows if r[0] == t("field.organisation.dpo_name", "nb")]
    assert dpo.splitlines()[0] == says
    dpo_gaps = [(g.code, g.severity) for g in register.gaps if g.field.startswith("organisation.dpo")]
    assert dpo_gaps == ([gap] if gap else [])
    pdf = pdf_text(export(register, "pdf", tmp_path / "r.pdf"))
    assert f"{t('field.organisation.dpo_name', 'nb')} {says}" in pdf


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_no_orange_cell_of_the_protokoll_is_blank(all_services, tmp_path, lang):
    """The legend says an orange cell must not be left blank: an unanswered one says it is missing, as the PDF
    does, also in the copy for Datatilsynet that has no gap list (audit, 30 Nov 2026)."""
    with open_ropa(all_services) as store:
        register = build_register(store).for_audience("datatilsynet")
    rows = sheets(export(register, "xlsx", tmp_path / "r.xlsx", lang=lang))[t("xlsx.sheet.register", lang)]
    by_number = {e.id: e for e in register.entries}
    missing = 0
    for row in rows[1:]:
        entry = by_number[row[0]]
        for column, value in zip(PROTOKOLL_COLUMNS, row[1:]):
            if column.mandatory_for(entry):
                assert str(value).strip(), (entry.title, column.key)
                missing += value == t("pdf.value.missing", lang)
    assert missing  # the file leaves purposes unanswered: they say so


# --- the vendors' purposes reach the register, attributed, and never stand in for the company's -----------------

def test_the_vendors_stated_purposes_are_in_the_purpose_column_attributed(new_file, tmp_path):
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, ["we4you/sentralbord"])
        register = build_register(store)
    [entry] = [e for e in register.entries if e.id == r.activity_id]
    path = export(register, "xlsx", tmp_path / "r.xlsx")
    text = protokoll(path, entry.title)[col("purpose")]
    assert text.startswith("Mangler: virksomhetens eget formål er ikke oppgitt\n")  # the company's is asked for
    assert "Leverandørene oppgir som formål med sin behandling:" in text
    assert "Kunne betjene kundens kunder og ansatte på en best mulig måte (fra We4you)" in text
    assert ("purpose_missing", entry.id) in {(g.code, g.activity_id) for g in register.gaps}
    pdf = pdf_text(export(register, "pdf", tmp_path / "r.pdf"))
    assert "Sikre korrekt kommunikasjon mellom sentralbord og kunde" in pdf

    with open_ropa(new_file) as store:
        store.update_activity(r.activity_id, "purpose", "Ta imot og sette over telefoner til klinikken")
        register = build_register(store)
    text = protokoll(export(register, "xlsx", tmp_path / "r2.xlsx"), entry.title)[col("purpose")]
    assert text.startswith("Ta imot og sette over telefoner til klinikken\nLeverandørene oppgir")
    assert ("purpose_missing", entry.id) not in {(g.code, g.activity_id) for g in register.gaps}


def test_an_english_register_says_the_vendors_statements_are_given_in_norwegian(sample_file, tmp_path):
    with open_ropa(sample_file) as store:
        register = build_register(store)
    rows = sheets(export(register, "xlsx", tmp_path / "r.xlsx", lang="en"))[t("xlsx.sheet.controller", "en")]
    [note] = [r[1] for r in rows if r and r[0] == "The vendors' statements"]
    assert note.startswith("Given in Norwegian (they are not translated), in the documents' words or close to them")
    assert "The vendors' statements Given in Norwegian" in pdf_text(export(register, "pdf", tmp_path / "r.pdf",
                                                                               lang="en"))


def test_a_mandatory_cell_with_only_the_vendors_text_says_the_companys_part_is_missing(new_file, tmp_path):
    """The copy for Datatilsynet has no gap list: the cell itself says what is missing (second DPO review)."""
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, ["we4you/sentralbord"])
        store.update_activity(r.activity_id, "data_categories", ["Timebok"])  # the company's own data
        register = build_register(store).for_audience("datatilsynet")
    [entry] = [e for e in register.entries if e.id == r.activity_id]
    row = protokoll(export(register, "xlsx", tmp_path / "r.xlsx"), entry.title)
    assert row[col("security")].startswith("Mangler: virksomhetens egne sikkerhetstiltak er ikke beskrevet\n")
    assert "taushetserklæring" in row[col("security")]  # We4you's measure, attributed below
    assert row[col("retention")].startswith("Mangler: sletting av opplysningene virksomheten selv har lagt til")
    with open_ropa(new_file) as store:
        store.update_activity(r.activity_id, "security_measures", "Tofaktorinnlogging")
        store.update_activity(r.activity_id, "retention", "Timeboken slettes etter 12 måneder")
        register = build_register(store)
    row = protokoll(export(register, "xlsx", tmp_path / "r2.xlsx"), entry.title)
    assert row[col("security")].startswith("Tofaktorinnlogging\n")
    assert row[col("retention")].startswith("Timeboken slettes etter 12 måneder\n")


def test_the_controller_sheet_says_missing_where_art_30_1_a_asks_and_nothing_is_given(new_file, tmp_path):
    with open_ropa(new_file) as store:
        store.update_organisation(name="", address="", email="", phone="")
        store.add_activity("Lønn")
        register = build_register(store)
    rows = {r[0]: r[1] for r in sheets(export(register, "xlsx", tmp_path / "r.xlsx"))["Behandlingsansvarlig"]
            if len(r) > 1}
    for name in ("name", "address", "email", "phone"):
        assert rows[t(f"field.organisation.{name}", "nb")] == "Mangler", name
    pdf = pdf_text(export(register, "pdf", tmp_path / "r.pdf"))
    assert "1 behandlingsaktivitet: 0 godkjent, 1 utkast" in pdf  # one activity, in the singular
    with open_ropa(new_file) as store:
        store.update_organisation(name="Klinikk AS", email="post@klinikk.no")
        register = build_register(store)
    rows = {r[0]: r[1] for r in sheets(export(register, "xlsx", tmp_path / "r2.xlsx"))["Behandlingsansvarlig"]
            if len(r) > 1}
    assert rows[t("field.organisation.email", "nb")] == "post@klinikk.no"
    assert rows[t("field.organisation.phone", "nb")] in ("", None)  # one way to reach the company is enough


def test_how_the_vendor_processes_and_each_categorys_purpose_are_in_the_register(new_file, tmp_path):
    """Telenor Inpli, 000 Tabell 1 «Hvordan behandler Databehandler personopplysningene?» (once, on the processor's
    row, not in every activity's purpose) and Tabell 2's column «Formål» (second DPO review)."""
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, ["telenor-inpli/2involve-kontaktsenter"])
        register = build_register(store)
    [entry] = [e for e in register.entries if e.id == r.activity_id]
    path = export(register, "xlsx", tmp_path / "r.xlsx")
    [row] = [r for r in sheets(path)["Databehandlere"][1:] if r[0] == "Telenor Inpli"]
    processing = next(str(c) for c in row if "Slik leverandøren beskriver behandlingen" in str(c))
    assert ("Slik leverandøren beskriver behandlingen:\n• Personopplysninger overføres mellom interne "
            "støttesystemer for drifts- og fakturaformål, samt for å rute samtaler og henvendelser til riktig "
            "bruker/agent") in processing
    assert "Formål leverandøren oppgir:" in processing
    protokoll_row = protokoll(path, entry.title)
    assert "Personopplysninger overføres mellom interne" not in protokoll_row[col("purpose")]
    assert "(fra Telenor Inpli)" in protokoll_row[col("purpose")]  # its purposes stay beside the company's
    assert "(formål: Brukernavn for tilgang til tjenesten)" in protokoll_row[col("data_categories")]
    assert "(formål: Rapportering/ Statistikk)" in protokoll_row[col("data_categories")]
    pdf = pdf_text(export(register, "pdf", tmp_path / "r.pdf"))
    assert "Slik leverandøren beskriver behandlingen" in pdf


def test_what_the_vendors_terms_ask_of_the_company_is_quoted_on_the_processors_sheet(new_file, tmp_path):
    """We4you's «Oppdages brudd på personvernsikkerheten har kunden ansvar for å varsle …» and the other duties
    were cited as sources but shown nowhere but the JSON (second DPO review)."""
    with open_ropa(new_file) as store:
        adopt_services(store, ["we4you/sentralbord"])
        register = build_register(store)
    path = export(register, "xlsx", tmp_path / "r.xlsx")
    [row] = [r for r in sheets(path)["Databehandlere"][1:] if r[0] == "We4you"]
    terms = next(str(c) for c in row if "Virksomhetens plikter etter vilkårene (ROPAs sammendrag):" in str(c))
    assert "We4you oppgir: «Oppdages brudd på personvernsikkerheten har kunden ansvar for å varsle" in terms
    assert "• Varsle Datatilsynet og eventuelt de(n) registrerte ved brudd på personvernsikkerheten" in terms
    pdf = pdf_text(export(register, "pdf", tmp_path / "r.pdf"))
    assert "Virksomhetens plikter etter vilkårene" in pdf and "Oppdages brudd på personvernsikkerheten" in pdf


@pytest.mark.parametrize(("lang", "note"), [("nb", "[ROPAs lesning: dokumentet nevner ikke opplysningen ved navn]"),
                                            ("en", "[ROPA's reading: the document does not name this data]")])
def test_a_category_that_is_ropas_reading_says_so_in_the_readers_language(new_file, tmp_path, lang, note):
    with open_ropa(new_file) as store:
        adopt_services(store, ["dipper/bedriftsnett/net-promoter-score"])
        register = build_register(store)
    entry = next(e for e in register.entries if any(u.key.endswith("net-promoter-score") for u in e.services))
    rows = sheets(export(register, "xlsx", tmp_path / "r.xlsx", lang=lang))[t("xlsx.sheet.register", lang)]
    row = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == entry.id)))
    categories = row[t("column.data_categories", lang)]
    # the category is ROPA's reading: its words, so in the reader's language (third DPO review, finding 5)
    content = {"nb": "innringerens telefonnummer, som SMS-en sendes til",
               "en": "the caller's phone number, to which the SMS is sent"}[lang]
    assert f"{content} {note}" in categories
    assert ("ROPAs" in categories) == (lang == "nb")


def test_the_pdf_gap_list_names_the_controller_a_processors_gap_concerns(sample_file, tmp_path):
    with open_ropa(sample_file) as store:
        register = build_register(store).with_parts("both")
    gaps = pdf_text(export(register, "pdf", tmp_path / "r.pdf")).split(t("pdf.section.gaps", "nb"))[-1]
    company_wide = [g for g in register.gaps if g.activity_id is None and not g.activity_title]
    processors = [g for g in register.gaps if g.activity_id is None and g.activity_title]
    assert processors  # the partner clinic's four: named, not «Hele protokollen»
    assert gaps.count(t("pdf.value.general", "nb")) == len(company_wide)


@pytest.mark.parametrize(("answer", "own", "says", "gap"), [
    ("", "", "Ikke vurdert", True),  # nobody said: not «Ingen oppgitt»
    ("no", "", "Ingen – virksomheten har ingen felles behandlingsansvarlige", False),
    ("yes", "", "Ingen oppgitt for denne behandlingen", False),
    ("", "Fjordlys Holding AS", "Fjordlys Holding AS", True),  # the activity's own answer; the company's still open
])
def test_the_joint_controller_cell_says_none_only_when_the_company_said_so(new_file, tmp_path, answer, own, says,
                                                                          gap):
    with open_ropa(new_file) as store:
        store.update_organisation(has_joint_controllers=answer)
        aid = store.add_activity("Lønn", joint_controllers=own)
        register = build_register(store)
    row = protokoll(export(register, "xlsx", tmp_path / "r.xlsx"), "Lønn")
    assert row[col("joint")].splitlines()[0] == says
    assert ("joint_not_assessed" in {g.code for g in register.gaps}) == gap
    assert register.entry(aid).joint_answer == answer


def test_answering_for_the_company_rewrites_every_activitys_joint_cell_in_the_live_register(new_file):
    from ropa_app.live_register import LiveRegister

    with open_ropa(new_file) as store:
        for n in range(3):
            store.add_activity(f"Behandling {n}")
        live = LiveRegister(store)
        assert {e.joint_answer for e in live.register().entries} == {""}
        store.update_organisation(has_joint_controllers="no")
        assert {e.joint_answer for e in live.register().entries} == {"no"}
        assert live.register().entries == build_register(store).entries  # the same as a full build


def test_a_company_that_lists_joint_controllers_has_answered_yes(new_file):
    from ropa_app.live_register import LiveRegister

    with open_ropa(new_file) as store:
        aid = store.add_activity("Lønn")
        live = LiveRegister(store)
        assert live.register().entry(aid).joint_answer == ""
        store.add_joint_controller(name="Fjordlys Holding AS", email="post@holding.no")
        register = live.register()
        assert register.entry(aid).joint_answer == "yes"
        assert joint_text_of(register, aid) == "Ingen oppgitt for denne behandlingen"
        assert register.entries == build_register(store).entries


def joint_text_of(register, aid: int) -> str:
    from ropa_app.columns import joint_text

    return joint_text(register.entry(aid), "nb")


def test_an_untouched_template_title_reads_in_the_exports_language(new_file, tmp_path):
    """Adoption names an activity after its template in the user's language; an English export of a Norwegian
    user's file says «Telephony and switchboard», not «Telefoni og sentralbord» (third DPO review). A title the
    user wrote stays as written, and the checksum is the file's whichever language the export is in."""
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, ["talkmore/bedriftsnett"])
        own = store.add_activity("Lønn og personal", template="")
        register = build_register(store)
    entry = next(e for e in register.entries if e.id == r.activity_id)
    assert entry.title == "Telefoni og sentralbord" and entry.area == "Kundeservice og administrasjon"

    rows = sheets(export(register, "xlsx", tmp_path / "en.xlsx", lang="en"))[t("xlsx.sheet.register", "en")]
    titles = {row[1] for row in rows[1:]}
    assert {"Telephony and switchboard", "Lønn og personal"} <= titles and "Telefoni og sentralbord" not in titles
    assert "Customer service and administration" in rows[1 + [row[1] for row in rows[1:]].index(
        "Telephony and switchboard")]
    gaps = sheets(export(register, "xlsx", tmp_path / "en2.xlsx", lang="en"))[t("xlsx.sheet.gaps", "en")]
    assert any("Telephony and switchboard" in map(str, row) for row in gaps)
    pdf = pdf_text(export(register, "pdf", tmp_path / "en.pdf", lang="en"))
    register_part, change_log = pdf.split("Change log Changes to the register", 1)  # the history as written
    assert "Telephony and switchboard" in register_part and "Telefoni og sentralbord" not in register_part
    assert "Telefoni og sentralbord" in change_log
    nb = sheets(export(register, "xlsx", tmp_path / "nb.xlsx"))[t("xlsx.sheet.register", "nb")]
    assert "Telefoni og sentralbord" in {row[1] for row in nb[1:]}
    assert register.in_language("en").checksum() == register.checksum()

    with open_ropa(new_file) as store:
        store.update_activity(r.activity_id, "title", "Telefoni for klinikken")
        register = build_register(store)
    rows = sheets(export(register, "xlsx", tmp_path / "en3.xlsx", lang="en"))[t("xlsx.sheet.register", "en")]
    assert "Telefoni for klinikken" in {row[1] for row in rows[1:]}
    assert own
