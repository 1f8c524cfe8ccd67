"""The Excel export: Datatilsynet's layout, every vendor fact, hostile text kept as data (never a formula), any
Unicode through the round trip, and the same Register always giving the same workbook.

Read back with python-calamine (an independent reader, which decodes text as Excel does) and with openpyxl (cell
types and styles)."""
from __future__ import annotations

import gc
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from ropa_app.adoption import adopt_services
from ropa_app.columns import PROTOKOLL_COLUMNS
from ropa_app.domain import ACTIVITY_FIELDS, JOINT_CONTROLLER_FIELDS, ORGANISATION_FIELDS
from ropa_app.export import ExportCancelled, export_register
from ropa_app.export.sanitise import EXCEL_CELL_LIMIT, strip_xml_illegal
from ropa_app.export.xlsx import (
    MANDATORY_FILL,
    MAX_ROW_HEIGHT,
    OPTIONAL_FILL,
    TRUNCATED_MARKER,
    format_moment,
    render_xlsx,
    sheet_values,
)
from ropa_app.i18n import t
from ropa_app.register import build_register
from ropa_app.store import open_ropa

pytestmark = pytest.mark.timeout(120)

SHEETS = {
    "nb": ["Behandlingsansvarlig", "Protokoll", "Databehandlere", "Underdatabehandlere", "Overføringer", "Kilder",
           "Fullstendig tekst", "Mangler", "Endringslogg", "Lister"],
    "en": ["Controller", "Register", "Processors", "Sub-processors", "Transfers", "Sources", "Full text", "Gaps",
           "Change log", "Lists"],
}
DATA_SHEETS = ("register", "processors", "sub_processors", "transfers", "gaps", "change_log")
FORMULA = '=HYPERLINK("http://x","y")'
HOSTILE = [FORMULA, "+1", "-2", "@SUM(A1)", "\tTAB", "<b>&amp;</b>", "ctrl\x01\x07chars", "x" * 40_000, "🙂",
           "שלום مرحبا", "_x0041_"]
TEXT_KINDS = ("text", "longtext")


def render(register, path: Path, lang: str = "nb", progress=None) -> Path:
    with path.open("wb") as fh:
        render_xlsx(register, lang, fh, progress or (lambda fraction, message: None))
    return path


def register_of(path: Path, **adopt):
    with open_ropa(path) as store:
        if adopt.get("everything"):
            adopt_services(store, [s.key for s in store.catalogue().services])
        return build_register(store)


def calamine_sheets(path: Path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def sheet_name(key: str, lang: str = "nb") -> str:
    return t(f"xlsx.sheet.{key}", lang)


def texts(rows: list[list]) -> list[str]:
    return [v for row in rows for v in row if isinstance(v, str) and v]


@pytest.fixture
def sample_xlsx(sample_file, tmp_path) -> tuple[Path, object]:
    register = register_of(sample_file)
    return render(register, tmp_path / "sample.xlsx"), register


# --- layout -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nb", "en"])
def test_sheet_names_in_each_language(sample_file, tmp_path, lang):
    path = render(register_of(sample_file), tmp_path / f"{lang}.xlsx", lang)
    assert CalamineWorkbook.from_path(str(path)).sheet_names == SHEETS[lang]
    wb = openpyxl.load_workbook(path)
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * 9 + ["hidden"]
    assert wb.properties.language == {"nb": "nb-NO", "en": "en-GB"}[lang]


def test_register_sheet_has_datatilsynets_columns_in_order_with_their_colours(sample_xlsx):
    path, register = sample_xlsx
    rows = calamine_sheets(path)["Protokoll"]
    assert rows[0] == ["Nr."] + [c.label("nb") for c in PROTOKOLL_COLUMNS]
    assert [int(r[0]) for r in rows[1:]] == [e.id for e in register.entries]
    ws = openpyxl.load_workbook(path)["Protokoll"]
    for index, column in enumerate(PROTOKOLL_COLUMNS, 2):
        cell = ws.cell(row=1, column=index)
        assert cell.fill.fgColor.rgb[-6:] == (MANDATORY_FILL if column.mandatory else OPTIONAL_FILL), column.key
        assert cell.font.b and cell.alignment.wrap_text
    assert {c.mandatory for c in PROTOKOLL_COLUMNS} == {True, False}


def test_register_sheet_is_made_to_be_edited_and_printed(sample_xlsx):
    path, register = sample_xlsx
    wb = openpyxl.load_workbook(path)
    ws = wb["Protokoll"]
    assert ws.freeze_panes == "B2"
    # A4 landscape at 80 % (11 pt prints at 8.8 pt), several pages wide, "Nr." and the title on every page.
    assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$B"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert int(ws.page_setup.scale) * 11 / 100 >= 8 and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.pageOrder == "overThenDown"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert ws.oddFooter.left.text == "&A"
    assert ws.column_dimensions["B"].width == PROTOKOLL_COLUMNS[0].width
    body = ws.cell(row=2, column=6)
    assert body.alignment.wrap_text and body.alignment.vertical == "top"
    heights = [ws.row_dimensions[r].height for r in range(2, len(register.entries) + 2)]
    assert all(h is None or 15 < h <= MAX_ROW_HEIGHT for h in heights) and any(heights)
    # Drop-downs fed from the hidden list sheet; the legal basis one only hints (cells hold several lines).
    validations = {str(dv.sqref).split(":")[0][0]: dv for dv in ws.data_validations.dataValidation}
    by_key = {c.key: i for i, c in enumerate(PROTOKOLL_COLUMNS, 2)}
    from openpyxl.utils import get_column_letter
    art6 = validations[get_column_letter(by_key["art6"])]
    assert art6.type == "list" and "Lister" in art6.formula1 and art6.showErrorMessage is False
    assert validations[get_column_letter(by_key["status"])].showErrorMessage
    assert get_column_letter(by_key["high_risk"]) in validations
    lists = calamine_sheets(path)["Lister"]
    assert t("enum.art6.f", "nb") in texts(lists) and t("enum.yes_no.unknown", "nb") in texts(lists)
    assert wb.properties.title == "Protokoll over behandlingsaktiviteter – " + register.organisation.name
    assert wb.properties.creator == "ROPA"


def test_every_data_sheet_is_a_table_with_a_filter(sample_xlsx):
    path, _ = sample_xlsx
    wb = openpyxl.load_workbook(path)
    names = set()
    for key in DATA_SHEETS:
        ws = wb[sheet_name(key)]
        [(name, ref)] = ws.tables.items()
        names.add(name)
        table = ws.tables[name]
        assert ref.startswith("A1:") and table.autoFilter is not None
        assert table.tableStyleInfo.showRowStripes
        assert [c.name for c in table.tableColumns] == [c.value for c in ws[1]]
        assert int(ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) == ws.max_row
        assert not ws.auto_filter.ref  # a table and a sheet filter together make Excel repair the file
    assert len(names) == len(DATA_SHEETS)


def test_controller_sheet_has_the_organisation_and_where_the_register_comes_from(sample_xlsx):
    path, register = sample_xlsx
    values = texts(calamine_sheets(path)["Behandlingsansvarlig"])
    assert register.organisation.name in " ".join(values)
    assert register.checksum() in values and register.file_name in values
    assert format_moment(register.made_at, "nb") in values
    assert register.catalogue_version in values
    from ropa_app.dates import format_date

    countries = format_date(register.countries_date, "nb")  # as bokmål writes a date: 24.11.2026
    assert countries.count(".") == 2 and countries in values and register.countries_date not in values
    for severity in ("mandatory", "warning", "notice"):
        assert t(f"severity.{severity}", "nb") in values


def test_made_at_as_each_locale_writes_it():
    assert format_moment("2026-11-24T10:15:00+01:00", "nb") == "24.11.2026 kl. 10.15"
    assert format_moment("2026-11-24T10:15:00+01:00", "en") == "24 Nov 2026 10:15"


def test_body_cells_wrap_in_excel_and_in_libreoffice(sample_xlsx):
    """Body cells carry no format of their own: the wrapped, top-aligned default is both the default cell format
    (Excel's, for a cell without a format) and the Normal style (LibreOffice's "Default" for such a cell)."""
    import re
    import zipfile

    path, _ = sample_xlsx
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode()
        register = archive.read("xl/worksheets/sheet2.xml").decode()
    for table in ("cellStyleXfs", "cellXfs"):
        first = re.search(rf"<{table}[^>]*>\s*<xf [^>]*>(.*?)</xf>", styles, re.DOTALL)
        assert first and 'wrapText="1"' in first.group(1) and 'vertical="top"' in first.group(1), table
    assert re.search(r'<cellStyle name="Normal" xfId="0"', styles)
    body = re.findall(r'<c r="[A-Z]+([0-9]+)"([^>]*)>', register)
    assert body and all(" s=" not in attributes for row, attributes in body if int(row) > 1)


# --- content ------------------------------------------------------------------------------------------------

def test_the_workbook_holds_every_value_the_export_builds(sample_file, tmp_path):
    """What a reader reads back is, sheet by sheet and cell by cell, what sheet_values says the export writes (the
    benchmark's floor writes those values bare): nothing lost, nothing added."""
    register = register_of(sample_file, everything=True)
    path = render(register, tmp_path / "all.xlsx")
    read = calamine_sheets(path)
    built = list(sheet_values(register, "nb"))
    assert [name for name, _ in built] == list(read)

    def plain(rows):
        out = [["" if v is None else float(v) if isinstance(v, int) else v for v in row] for row in rows]
        for row in out:
            while row and row[-1] == "":
                row.pop()
        return out

    for name, rows in built:
        assert plain(rows) == plain(read[name]), name
    assert sum(len(rows) for _, rows in built) > 100


def test_text_that_reads_as_an_error_value_is_kept_as_text(new_file, tmp_path):
    with open_ropa(new_file) as store:
        store.add_activity("#N/A", purpose="#DIV/0!")
        register = build_register(store)
    path = render(register, tmp_path / "errors.xlsx")
    row = calamine_sheets(path)["Protokoll"][1]
    assert "#N/A" in row and "#DIV/0!" in row
    ws = openpyxl.load_workbook(path)["Protokoll"]
    cells = [c for c in ws[2] if c.value in ("#N/A", "#DIV/0!")]
    assert len(cells) == 2 and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_every_vendor_and_sub_processor_of_the_catalogue_appears(sample_file, tmp_path):
    register = register_of(sample_file, everything=True)
    sheets = calamine_sheets(render(register, tmp_path / "all.xlsx", "en"))
    with open_ropa(sample_file, read_only=True) as store:
        catalogue = store.catalogue()
        vendors = {catalogue.vendor(s.vendor).name for s in catalogue.services}
        subs = {p.name for s in catalogue.services for p in s.sub_processors}
    processors = sheets["Processors"]
    assert vendors <= {row[0] for row in processors[1:]}
    assert subs <= {row[0] for row in sheets["Sub-processors"][1:]}
    assert subs <= set(", ".join(row[7] for row in processors[1:]).split(", "))
    roles = {row[2] for row in processors[1:]}
    assert t("enum.role.processor", "en") in roles
    assert all(row[4] for row in processors[1:])  # a DPA reference, or "not recorded"


def test_eea_locations_are_never_third_countries(sample_file, tmp_path):
    with open_ropa(sample_file) as store:
        adopt_services(store, [s.key for s in store.catalogue().services])
        store.resolve_recipient("Zisson", ["NO", "SE", "DE", "EU"])
        store.resolve_recipient("Google Analytics", ["EU"])
        register = build_register(store)
    rows = calamine_sheets(render(register, tmp_path / "eea.xlsx"))["Overføringer"]
    third = {t(f"country.status.{s}", "nb") for s in ("third_country", "adequacy", "adequacy_conditional")}
    assert not third & set(texts(rows))
    # An EU/EEA place is listed only where it is ROPA's reading, not the vendor's statement (Phonero's table).
    read = t("register.location_read_status", "nb")
    countries = {row[1] for row in rows[1:] if row[2] != read}
    assert not {"Norge", "Sverige", "Tyskland", "EU"} & countries
    assert {row[0] for row in rows[1:] if row[2] == read} >= {"Zendesk"}
    assert not register.transfers
    # No transfer, but not "none": what is unknown is listed as unknown, and the vendors' own answers are quoted.
    unknown = {row[0] for row in rows[1:] if row[1] == t("register.unknown", "nb")}
    assert {"We4you", "Google Cloud", "Microsoft Outlook"} <= unknown and "Zisson" not in unknown
    assert any(row[0] == "Talkmore Bedrift" and "Talkmore Bedrift svarer «Ja» på spørsmålet «Har" in row[3]
               for row in rows[1:])


def test_a_transfer_names_country_classification_and_missing_mechanism(sample_file, tmp_path):
    with open_ropa(sample_file) as store:
        adopt_services(store, [s.key for s in store.catalogue().services])
        store.resolve_recipient("Zisson", ["US"])
        register = build_register(store)
    rows = calamine_sheets(render(register, tmp_path / "us.xlsx", "en"))["Transfers"]
    zisson = [row for row in rows[1:] if row[0] == "Zisson"]
    assert zisson and zisson[0][1] == "United States"
    assert zisson[0][2] == t("country.status.adequacy_conditional", "en")
    assert zisson[0][3] == t("register.mechanism_missing", "en")


def test_gaps_sheet_lists_every_gap(sample_xlsx):
    """Every gap of the controller's register, which the default export holds (the processor's are left to an
    export that holds the processor's register)."""
    from ropa_app.processor_register import gaps_of_parts

    path, register = sample_xlsx
    rows = calamine_sheets(path)["Mangler"]
    gaps = gaps_of_parts(register)
    assert len(rows) - 1 == len(gaps) > 0 and len(gaps) < len(register.gaps)
    organisation_level = [row for row, gap in zip(rows[1:], gaps) if gap.activity_id is None]
    assert all(row[1] == "" and row[2] == "" for row in organisation_level)
    assert {row[0] for row in rows[1:]} <= {t(f"severity.{s}", "nb") for s in ("mandatory", "warning", "notice")}


def test_an_empty_register_still_exports_readable_tables(new_file, tmp_path):
    register = register_of(new_file)
    path = render(register, tmp_path / "empty.xlsx")
    sheets = calamine_sheets(path)
    assert sheets["Protokoll"][1][1] == t("xlsx.none.activities", "nb")
    assert sheets["Overføringer"][1][0] == t("xlsx.none.transfers", "nb")
    assert sheets["Databehandlere"][1][0] == t("xlsx.none.processors", "nb")
    wb = openpyxl.load_workbook(path)
    assert all(ws.tables for ws in wb.worksheets[1:7])


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_progress_is_reported_in_the_language_and_cancel_leaves_nothing(tmp_path):
    from sample_data.generate import generate

    path = generate(tmp_path / "many.ropa", activities=250)
    with open_ropa(path, read_only=True) as store:
        register = build_register(store)
    seen = []
    render(register, tmp_path / "many.xlsx", "en", lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(seen) >= 8
    assert any("200 of" in m for _, m in seen) and not any(m.startswith("xlsx.") for _, m in seen)
    # The long sheets report as they go, not only as they start: a cancelled export's writer, left behind, stops
    # at its next report (until then it keeps Python's lock from the window that cancelled it).
    from ropa_app.export.xlsx_content import PROGRESS_EVERY, sheet_name

    for key, rows in (("change_log", len(register.change_log)), ("gaps", len(register.gaps))):
        assert rows > 2 * PROGRESS_EVERY
        writing = t("xlsx.progress.sheet", "en", sheet=sheet_name(key, "en"))
        assert sum(m == writing for _, m in seen) > rows // PROGRESS_EVERY

    def cancel(fraction, message):
        if fraction > 0.3:
            raise ExportCancelled

    target = tmp_path / "cancelled.xlsx"
    with pytest.raises(ExportCancelled):
        export_register(register, "xlsx", target, "nb", cancel)
    assert list(tmp_path.glob("cancelled.xlsx*")) == [] and list(tmp_path.glob(".cancelled*")) == []
    gc.collect()  # the abandoned write-only sheets were closed, not left writing to closed files


# --- user text is data --------------------------------------------------------------------------------------

def fill_hostile(store) -> None:
    """A hostile value in every field the user types free text into."""
    values = iter(HOSTILE * 20)
    for name, spec in ORGANISATION_FIELDS.items():
        if spec.kind in TEXT_KINDS:
            store.update_organisation(**{name: next(values)})
    store.add_joint_controller(**{n: next(values) for n, s in JOINT_CONTROLLER_FIELDS.items() if s.kind in TEXT_KINDS})
    adopt_services(store, ["talkmore/bedriftsnett"])
    for activity in store.activities():
        for name, spec in ACTIVITY_FIELDS.items():
            if spec.kind in TEXT_KINDS:
                store.update_activity(activity["id"], name, next(values))
            elif spec.kind == "list":
                store.update_activity(activity["id"], name, HOSTILE)
    aid = store.add_activity(FORMULA, purpose="x" * 40_000, security_measures="🙂" * 20_000)
    store.update_activity(aid, "high_risk", "yes")
    store.set_dpa_reference("talkmore/bedriftsnett", FORMULA)
    store.resolve_recipient("Zisson", ["US"], mechanism="@SUM(A1)")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_hostile_text_is_kept_as_text_and_no_cell_is_a_formula(new_file, tmp_path, lang):
    with open_ropa(new_file) as store:
        fill_hostile(store)
        register = build_register(store)
    path = render(register, tmp_path / "hostile.xlsx", lang)

    wb = openpyxl.load_workbook(path)
    formula_like = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t")):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
                    formula_like += 1
    assert formula_like > 10

    values = [v for rows in calamine_sheets(path).values() for v in texts(rows)]
    assert FORMULA in values and "+1" in values and "@SUM(A1)" in values
    assert "<b>&amp;</b>" in values and "🙂" in values and "שלום مرحبا" in values
    assert "_x0041_" in values  # kept as typed, not read as the escape for "A"
    assert "ctrlchars" in values  # control characters removed (by the store, and again by cell_text)
    assert not any("\x01" in v or "\x07" in v for v in values)
    cut = [v for v in values if len(v) > 30_000 and v.startswith("x")]
    assert cut and all(len(v) <= EXCEL_CELL_LIMIT and v.endswith(TRUNCATED_MARKER) for v in cut)
    emoji = [v for v in values if v.startswith("🙂🙂")]
    assert emoji and all(len(v.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT for v in emoji)
    assert emoji[0].endswith(TRUNCATED_MARKER)
    assert all(len(v.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT for v in values)


def activity_with(path: Path, **fields: str):
    """The register of ``path`` after giving the activity «x» (made on the first call) ``fields``, and the purpose
    as the file stores it."""
    with open_ropa(path) as store:
        aid = store.activity_by_title("x") or store.add_activity("x")
        for name, value in fields.items():
            store.update_activity(aid, name, value)
        return build_register(store), store.activity(aid)["purpose"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
@example(text="_x0041_ and _x005F_")
@example(text="=1+1\n-2\t@")
def test_any_text_survives_the_round_trip(new_file, tmp_path, text):
    register, stored = activity_with(new_file, purpose=text)
    out = io.BytesIO()
    render_xlsx(register, "nb", out, lambda fraction, message: None)
    path = tmp_path / "round.xlsx"
    path.write_bytes(out.getvalue())
    rows = calamine_sheets(path)["Protokoll"]
    purpose = rows[0].index(t("column.purpose", "nb"))
    assert rows[1][purpose] == (strip_xml_illegal(stored) if stored.strip() else "Mangler")  # orange: never blank


def test_the_same_register_gives_the_same_workbook(sample_file, tmp_path):
    register = register_of(sample_file, everything=True)
    first = render(register, tmp_path / "a.xlsx")
    second = render(register, tmp_path / "b.xlsx")
    assert calamine_sheets(first) == calamine_sheets(second)
    props = [openpyxl.load_workbook(p).properties for p in (first, second)]
    assert props[0].created == props[1].created == props[0].modified
    assert props[0].title == props[1].title


# --- the rows' markup ---------------------------------------------------------------------------------------

def workbook_parts(register, lang: str, monkeypatch, markup: bool) -> dict[str, bytes]:
    """Every part of the workbook ``render_xlsx`` writes, with the rows written as markup or by openpyxl."""
    import zipfile

    from ropa_app.export import xlsx

    monkeypatch.setattr(xlsx, "markup_supported", lambda: markup)
    out = io.BytesIO()
    render_xlsx(register, lang, out, lambda fraction, message: None)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_rows_written_as_markup_are_the_rows_openpyxl_writes(sample_file, new_file, monkeypatch, lang):
    """The export writes its rows' markup itself (openpyxl's per-cell writer cost more than all the rest of the
    export); every part of the workbook is byte for byte what openpyxl writes for the same rows, for every
    catalogue service and for hostile text (formulas, markup, control characters, emoji, cut texts)."""
    from ropa_app.export.xlsx import markup_supported

    assert markup_supported()  # the installed openpyxl takes the fast path: else this test compares nothing
    with open_ropa(new_file) as store:
        fill_hostile(store)
        hostile = build_register(store)
    for register in (register_of(sample_file, everything=True), hostile):
        ours = workbook_parts(register, lang, monkeypatch, markup=True)
        theirs = workbook_parts(register, lang, monkeypatch, markup=False)
        assert list(ours) == list(theirs)
        for name in theirs:
            assert ours[name] == theirs[name], name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
@example(text="  spaces around  ")
@example(text="   ")
@example(text="a & b < c > d \"e\" 'f'\r\n")
def test_any_text_cell_is_written_as_openpyxl_writes_it(new_file, monkeypatch, text):
    register, _ = activity_with(new_file, purpose=text, security_measures=f" {text}")
    ours = workbook_parts(register, "nb", monkeypatch, markup=True)
    theirs = workbook_parts(register, "nb", monkeypatch, markup=False)
    assert ours == theirs
