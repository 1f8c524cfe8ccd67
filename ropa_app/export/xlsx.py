"""The register as an Excel workbook, laid out after Datatilsynet's template (mandatory columns orange, optional
green), made to be read, edited and printed.

Sheets: the controller (organisation block, when and from what the file was made, gaps by severity, the colour
legend), the register itself (one row per processing activity, ropa_app.columns.PROTOKOLL_COLUMNS in order),
processors, sub-processors, transfers, gaps, the change log, and a hidden sheet of lists that feeds the
drop-downs of the register sheet.

Written in openpyxl's write-only mode, so 2,000 activities cost little more than writing the bare values: every
sheet's settings (column widths, frozen panes, print setup) are set before its first row, the row heights just
before each row, and the Excel tables after the last. Every text cell goes through sanitise.cell_text, and text
that would read as a formula is stored as a string with Excel's quote prefix: no cell is ever a formula.
Deterministic: the same Register gives the same cell values and document properties (the time is the Register's
made_at, never "now").
"""
from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ropa_app.change_log import ChangeDescriber
from ropa_app.columns import (
    PROTOKOLL_COLUMNS,
    enum_label,
    field_label,
    gap_text,
    locations_text,
    mechanism_text,
    organisation_rows,
    role_text,
    transfer_rows,
    vendor_says,
)
from ropa_app.countries import country_name
from ropa_app.dates import format_datetime, zone_of
from ropa_app.domain import ART6, STATUSES
from ropa_app.export.sanitise import EXCEL_CELL_LIMIT, cell_text, looks_like_formula, strip_xml_illegal
from ropa_app.i18n import normalise_language, t
from ropa_app.register import INDEPENDENT_CONTROLLER, Location, Register

Progress = Callable[[float, str], None]

# --- layout -------------------------------------------------------------------------------------------------

MANDATORY_FILL = "F4B183"  # Datatilsynet's orange: art. 30(1) requires it
OPTIONAL_FILL = "A9D08E"  # Datatilsynet's green: optional
HEADER_FILL = "D9D9D9"  # headings that are not Datatilsynet's columns
TABLE_STYLE = "TableStyleLight1"  # light stripes; our own heading fills stay visible
BORDER_COLOUR = "808080"

REGISTER_FREEZE = "B2"  # heading row and the "Nr." column
DATA_FREEZE = "A2"  # heading row
NUMBER_WIDTH = 7

LINE_HEIGHT = 15.0  # points per line of 11 pt Calibri
ROW_PADDING = 3.0
MAX_ROW_HEIGHT = 409.0  # Excel's maximum row height
# Lines a Protokoll cell may hold and still show whole within Excel's maximum row height; a longer text is cut at
# a line there, and the whole of it is on the "Fullstendig tekst" sheet, referenced from the cell.
MAX_CELL_LINES = int((MAX_ROW_HEIGHT - ROW_PADDING) // LINE_HEIGHT) - 1
# Printing the Protokoll: 23 wide columns cannot fit one A4 width at a readable size. It prints at 80 % (11 pt
# Calibri prints at 8.8 pt), several pages wide, across before down, with "Nr." and the title repeated on every
# page, so each printed page says which activity it belongs to.
REGISTER_PRINT_SCALE = 80
CHARS_PER_WIDTH = 1.1  # characters per unit of column width, for average proportional text
BOLD_CHARS_PER_WIDTH = 1.0
PROGRESS_EVERY = 100  # rows of the register sheet between progress reports
TITLE_HEIGHT = 21.0  # one line of the 14 pt title
TRUNCATED_MARKER = " […]"  # ends a text cut at Excel's cell limit
UTF16_SAFE_LENGTH = EXCEL_CELL_LIMIT // 2  # shorter texts fit Excel's limit even if every character is an emoji
HEADER_FOOTER_NAME_LIMIT = 80  # Excel allows 255 characters in a header or footer in all
_OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")

CONTROLLER_WIDTHS = (42, 90)
# (text key under xlsx.col., width) per sheet; the register sheet's columns come from PROTOKOLL_COLUMNS.
PROCESSOR_COLUMNS = (("vendor", 18), ("service", 30), ("role", 20), ("dpa_reference", 26),
                     ("vendor_dpa_terms", 36), ("countries", 20), ("sub_processors", 30), ("activities", 34),
                     ("source", 34))
SUB_PROCESSOR_COLUMNS = (("sub_processor", 22), ("processor", 18), ("service", 28), ("what", 34), ("data", 30),
                         ("countries_status", 28), ("location_statement", 36), ("mechanism", 30),
                         ("activities", 30), ("source", 34))
TRANSFER_COLUMNS = (("recipient", 24), ("country", 18), ("classification", 28), ("mechanism", 60), ("via", 20),
                    ("activities", 34))
SOURCE_COLUMNS = (("number", NUMBER_WIDTH), ("vendor", 20), ("document", 44), ("section", 60), ("activities", 34))
FULL_TEXT_COLUMNS = (("number", NUMBER_WIDTH), ("activity", 30), ("column", 30), ("line", 100))
GAP_COLUMNS = (("severity", 20), ("number", NUMBER_WIDTH), ("activity", 30), ("field", 30), ("message", 80))
CHANGE_LOG_COLUMNS = (("time", 20), ("who", 16), ("changed", 30), ("field", 28), ("old", 45), ("new", 45))
LIST_COLUMNS = (("legal_basis", 45), ("status", 16), ("yes_no", 16))
LIST_ORDER = ("art6", "status", "yes_no")  # the hidden list sheet's columns, as Column.choices names them

TABLE_NAMES = {"register": "tblProtokoll", "processors": "tblDatabehandlere",
               "sub_processors": "tblUnderdatabehandlere", "transfers": "tblOverforinger", "gaps": "tblMangler",
               "change_log": "tblEndringslogg", "sources": "tblKilder", "full_text": "tblFullstendigTekst"}
SEVERITIES = ("mandatory", "warning", "notice")
LANGUAGE_TAGS = {"nb": "nb-NO", "en": "en-GB"}

WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
_THIN = Side(style="thin", color=BORDER_COLOUR)
HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


@dataclass(frozen=True)
class Look:
    """How a styled cell looks; plain body cells take the workbook's default format (wrapped, top-aligned)."""

    font: Font | None = None
    fill: str = ""
    border: bool = False
    wrap: bool = True


HEADING = Look(BOLD, HEADER_FILL, True)
MANDATORY_HEADING = Look(BOLD, MANDATORY_FILL, True)
OPTIONAL_HEADING = Look(BOLD, OPTIONAL_FILL, True)
LABEL = Look(BOLD)
TITLE = Look(TITLE_FONT, wrap=False)  # one line, running on over the empty cell beside it
BODY = Look()


# --- text ---------------------------------------------------------------------------------------------------

def _excel_text(value: object) -> str:
    """cell_text, within Excel's limit counted as Excel counts, and with "_xHHHH_" kept as typed."""
    text = cell_text(value, TRUNCATED_MARKER)
    if len(text) > UTF16_SAFE_LENGTH:
        text = _fit_utf16(text)
    if "_x" in text:
        text = _escape_ooxml(text)
    return text


def _escape_ooxml(text: str) -> str:
    """Excel (and other readers) read "_x0041_" in a cell as the character it encodes ("A"); escape the
    underscore ("_x005F_") so text that merely looks like such a code reads as typed."""
    return _OOXML_ESCAPE.sub(r"_x005F\g<0>", text)


def _fit_utf16(text: str) -> str:
    """Excel's 32,767-character limit counts UTF-16 units; cell_text counts characters. Cut text with many
    characters outside the Basic Multilingual Plane (emoji) further, with the same marker."""
    if len(text.encode("utf-16-le")) // 2 > EXCEL_CELL_LIMIT:
        units, cut = 0, 0
        budget = EXCEL_CELL_LIMIT - len(TRUNCATED_MARKER)
        for cut, ch in enumerate(text):
            units += 2 if ord(ch) > 0xFFFF else 1
            if units > budget:
                break
        text = text[:cut] + TRUNCATED_MARKER
    return text


def format_moment(iso: str, lang: str, zone=None) -> str:
    """A timestamp as the language writes it, in the time zone the export was made in (see ropa_app.dates);
    without ``zone``, in the timestamp's own."""
    return format_datetime(iso, lang, zone or zone_of(iso))


def _utc_naive(iso: str) -> dt.datetime:
    """made_at for the document properties (UTC, as the file format wants); a fixed date if it cannot be read."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return dt.datetime(2000, 1, 1)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _header_footer_text(text: str) -> str:
    """User text for a page header: one line, short, and '&' doubled so it is never read as a code."""
    text = " ".join(strip_xml_illegal(text).split())
    if len(text) > HEADER_FOOTER_NAME_LIMIT:
        text = text[: HEADER_FOOTER_NAME_LIMIT - 1] + "…"
    return text.replace("&", "&&")


def _status_text(loc: Location, lang: str) -> str:
    status = t(f"country.status.{loc.status}", lang)
    if loc.status == "not_stated":
        return status
    return f"{country_name(loc.code, lang)} ({status})"


def _activities_text(ids: Sequence[int], titles: dict[int, str]) -> str:
    return "\n".join(f"{i} – {titles[i]}" if titles.get(i) else str(i) for i in ids)


def _source_text(origin) -> str:
    return origin.cite() if origin else ""


def _lines(text: str, chars_per_line: float) -> int:
    """How many lines ``text`` wraps to in a column that holds ``chars_per_line`` characters a line."""
    if len(text) <= chars_per_line and "\n" not in text:
        return 1
    return sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))


# --- the workbook -------------------------------------------------------------------------------------------

def _wrap_by_default(wb: Workbook) -> bool:
    """Make the workbook's default cell format wrapped and top-aligned, so body cells need no style of their own
    (a style per cell costs write-only mode about as much again as writing the values). Uses openpyxl's style
    tables (3.1); returns False when they are not as expected, and every body cell is then styled instead."""
    try:
        styles, alignments = wb._cell_styles, wb._alignments
        if len(styles) != 1 or any(styles[0]) or not isinstance(styles, IndexedList):
            return False
        base = styles[0].__class__()
        base.alignmentId = alignments.add(WRAP_TOP)
        wb._cell_styles = IndexedList([base])
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - another openpyxl
        return False
    return True


class RowHeight(RowDimension):
    """A row with only a height. The writer serialises a row's dimension by iterating it; the full RowDimension
    looks up nine attributes (and its style) each time, which for 20,000 rows costs as much as their cells."""

    def __iter__(self):
        yield "ht", f"{self.ht:g}"
        yield "customHeight", "1"


class Sheet:
    """One write-only sheet: set up (widths, panes, print) before the first row, rows with estimated heights,
    and an Excel table over the heading and the rows at the end."""

    def __init__(self, book: Book, title: str, widths: Sequence[float], *, freeze: str | None = DATA_FREEZE,
                 print_titles: bool = True, print_scale: int | None = None) -> None:
        self.book = book
        self.ws = book.wb.create_sheet(title)
        self.widths = tuple(widths)
        self.row_count = 0
        self.headings: list[str] = []
        self._chars_per_line = tuple(max(1.0, w * CHARS_PER_WIDTH) for w in self.widths)
        self._row_heights: dict[float, RowHeight] = {}
        for index, width in enumerate(self.widths, 1):
            dimension = self.ws.column_dimensions[get_column_letter(index)]
            dimension.width = width
            dimension.alignment = WRAP_TOP  # what the user types into an empty cell wraps too
        if freeze:
            self.ws.freeze_panes = freeze
        book.print_setup(self.ws, print_titles, print_scale)

    def cell(self, value: object, look: Look = BODY):
        """A cell value for append(): plain values where the default format will do, styled cells otherwise."""
        if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
            if look is BODY or value is None:
                return value
            return self.book.styled(self.ws, value, look)
        text = _excel_text(value)
        if not text:
            return None
        formula_like = looks_like_formula(text)
        if look is BODY and not formula_like:
            return self.book.wrapped(self.ws, text)
        return self.book.styled(self.ws, text, look, quote=formula_like)

    def heading(self, labels: Sequence[str], looks: Sequence[Look] | None = None) -> None:
        self.headings = [_excel_text(label) for label in labels]
        looks = looks or [HEADING] * len(labels)
        lines = max((_lines(text, max(1.0, width * BOLD_CHARS_PER_WIDTH))
                     for text, width in zip(self.headings, self.widths) if text), default=1)
        self._append([self.cell(text, look) for text, look in zip(self.headings, looks)], lines)

    def row(self, values: Sequence[object], looks: Sequence[Look] | None = None, *,
            height: float | None = None) -> None:
        """A row of body cells (or of the given looks); its height fits the longest wrapped text."""
        if len(values) > len(self.widths):
            raise ValueError("more values than columns")
        if looks is not None or not self.book.wraps_by_default:
            looks = looks or [BODY] * len(values)
            cells = [self.cell(v, look) for v, look in zip(values, looks)]
            lines = max((_lines(v, cpl) for v, cpl in zip(values, self._chars_per_line) if isinstance(v, str)),
                        default=1)
            self._append(cells, lines, height)
            return
        # The common case, kept lean: plain text and numbers on the wrapped default format.
        cells: list = []
        append = cells.append
        lines = 1
        for value, chars_per_line in zip(values, self._chars_per_line):
            if value.__class__ is not str:
                append(None if value is None or value == "" else value)
                continue
            text = cell_text(value, TRUNCATED_MARKER)
            if not text:
                append(None)
                continue
            if len(text) > UTF16_SAFE_LENGTH:
                text = _fit_utf16(text)
            if "_x" in text:
                text = _escape_ooxml(text)
            append(self.book.styled(self.ws, text, BODY, quote=True) if looks_like_formula(text)
                   else self.book.wrapped(self.ws, text))
            if len(text) > chars_per_line or "\n" in text:
                lines = max(lines, _lines(text, chars_per_line))
        self._append(cells, lines, height)

    def _append(self, cells: list, lines: int, height: float | None = None) -> None:
        """Append a row with its height estimated from the wrapped text (openpyxl cannot fit rows to text)."""
        self.row_count += 1
        if height is None and lines > 1:
            height = lines * LINE_HEIGHT + ROW_PADDING
        if height is not None:
            height = min(MAX_ROW_HEIGHT, height)
            # Rows of the same height share one RowDimension (it holds no row number): 2,000 rows stay cheap.
            dimension = self._row_heights.get(height)
            if dimension is None:
                dimension = self._row_heights[height] = RowHeight(self.ws, ht=height)
            self.ws.row_dimensions[self.row_count] = dimension
        self.ws.append(cells)

    def table(self, name: str) -> None:
        """An Excel table (filter buttons, stripes) over the heading row and every row after it."""
        names = _unique(self.headings)
        ref = f"A1:{get_column_letter(len(names))}{max(self.row_count, 2)}"
        table = Table(displayName=name, ref=ref,
                      tableStyleInfo=TableStyleInfo(name=TABLE_STYLE, showRowStripes=True, showColumnStripes=False,
                                                    showFirstColumn=False, showLastColumn=False))
        # Write-only sheets cannot be read back: the columns must be named here, exactly as the heading cells.
        table.tableColumns = [TableColumn(id=i, name=n) for i, n in enumerate(names, 1)]
        table.autoFilter = AutoFilter(ref=ref)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="In write-only mode you must add table columns manually")
            self.ws.add_table(table)


def _unique(names: Sequence[str]) -> list[str]:
    """Table column names must be unique (Excel compares them case-insensitively)."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name or "-", 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{name} ({n})"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


class Book:
    """The workbook and the one place styles, print setup and document properties are decided."""

    def __init__(self, register: Register, lang: str) -> None:
        self.register = register
        self.lang = lang
        self.wb = Workbook(write_only=True)
        self.wraps_by_default = _wrap_by_default(self.wb)
        self._fills = {colour: _fill(colour) for colour in (MANDATORY_FILL, OPTIONAL_FILL, HEADER_FILL)}
        self._wrap_style = None
        self._wrapped_cell: type | None = None
        name = register.organisation.name.strip()
        self.title = t("xlsx.title", lang, name=name) if name else t("xlsx.title_unnamed", lang)
        self._header_name = _header_footer_text(name)
        self._footer_time = _header_footer_text(format_moment(register.made_at, lang, zone_of(register.made_at)))

    def wrapped(self, ws, text: str):
        """A body cell that wraps by its own format: LibreOffice ignores the workbook's default alignment. The
        format is registered once; each cell then carries its number, not a style to look up (openpyxl hashes a
        cell's style for every cell it writes, which cost the export as much as the values)."""
        if self._wrapped_cell is None:
            prototype = WriteOnlyCell(ws, "")
            prototype.alignment = WRAP_TOP
            self._wrapped_cell = type("WrappedCell", (Cell,), {
                "__slots__": (), "style_id": prototype.style_id, "has_style": True})
            self._wrap_style = prototype._style
        return self._wrapped_cell(ws, row=1, column=1, value=text, style_array=self._wrap_style)

    def styled(self, ws, value: object, look: Look, *, quote: bool = False):
        cell = WriteOnlyCell(ws, value)
        if quote:
            # Text that Excel would read as a formula: a string, shown as typed, kept a string when edited.
            cell.data_type = "s"
            cell.quotePrefix = True
        cell.alignment = WRAP_TOP if look.wrap else TOP
        if look.font is not None:
            cell.font = look.font
        if look.fill:
            cell.fill = self._fills[look.fill]
        if look.border:
            cell.border = HEADER_BORDER
        return cell

    def print_setup(self, ws, print_titles: bool, scale: int | None = None) -> None:
        ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        if scale:
            ws.page_setup.scale = scale
            ws.page_setup.pageOrder = "overThenDown"
            ws.sheet_properties.pageSetUpPr.fitToPage = False
            ws.print_title_cols = "A:B"
        else:
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.75
        if print_titles:
            ws.print_title_rows = "1:1"
        if self._header_name:
            ws.oddHeader.left.text = self._header_name
        ws.oddFooter.left.text = "&A"  # the sheet's name
        ws.oddFooter.center.text = t("xlsx.footer_page", self.lang)
        ws.oddFooter.right.text = self._footer_time

    def properties(self) -> None:
        props = self.wb.properties
        props.title = cell_text(self.title)[:255]
        props.subject = t("xlsx.subject", self.lang)
        props.creator = "ROPA"
        props.lastModifiedBy = "ROPA"
        props.language = LANGUAGE_TAGS[self.lang]
        props.created = props.modified = _utc_naive(self.register.made_at)

    def discard(self) -> None:
        """After a failure or a cancel: finish each sheet's temporary file and remove it now (openpyxl would
        only at exit), so nothing is left writing to a closed file when the workbook is collected."""
        for ws in self.wb.worksheets:
            with contextlib.suppress(Exception):  # best effort: the export has failed already
                if not ws.closed:
                    ws.close()
                writer = getattr(ws, "_writer", None)
                if writer is not None and isinstance(writer.out, str):
                    writer.cleanup()

    def save(self, out: BinaryIO) -> None:
        """Write the package to ``out``. Workbook.save would stamp the document with the time of saving; the
        Register's made_at is kept instead, so the same Register gives the same workbook."""
        if not self.wb.worksheets:  # pragma: no cover - there are always sheets
            self.wb.create_sheet()
        with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(self.wb, archive).save()


# --- the sheets ---------------------------------------------------------------------------------------------

def _columns_labels(columns: Sequence[tuple[str, float]], lang: str) -> list[str]:
    return [t(f"xlsx.col.{key}", lang) for key, _ in columns]


def _widths(columns: Sequence[tuple[str, float]]) -> list[float]:
    return [width for _, width in columns]


def _sheet_name(key: str, lang: str) -> str:
    return t(f"xlsx.sheet.{key}", lang)


def _controller_sheet(book: Book) -> None:
    register, lang = book.register, book.lang
    sheet = Sheet(book, _sheet_name("controller", lang), CONTROLLER_WIDTHS, freeze=None, print_titles=False)
    sheet.row([book.title], [TITLE], height=TITLE_HEIGHT)
    sheet.row([])
    sheet.row([t("xlsx.controller.heading", lang)], [LABEL])
    for label, value in organisation_rows(register, lang):
        sheet.row([label, value], [LABEL, BODY])
    sheet.row([])
    sheet.row([t("xlsx.controller.about", lang)], [LABEL])
    for key, value in (("made_at", format_moment(register.made_at, lang, zone_of(register.made_at))), ("file_name", register.file_name),
                       ("checksum", register.checksum()), ("catalogue_version", register.catalogue_version),
                       ("countries_date", register.countries_date), ("app_version", register.app_version)):
        sheet.row([t(f"xlsx.controller.{key}", lang), value], [LABEL, BODY])
    if not register.for_datatilsynet:  # the gap list is the company's working document
        sheet.row([])
        sheet.row([t("xlsx.controller.gaps", lang, sheet=_sheet_name("gaps", lang))], [LABEL])
        for severity in SEVERITIES:
            count = sum(1 for g in register.gaps if g.severity == severity)
            sheet.row([t(f"severity.{severity}", lang), count], [LABEL, BODY])
        sheet.row([t("xlsx.controller.gaps_total", lang), len(register.gaps)], [LABEL, BODY])
    sheet.row([])
    sheet.row([t("xlsx.controller.legend", lang, sheet=_sheet_name("register", lang))], [LABEL])
    sheet.row([t("xlsx.controller.legend_mandatory", lang), t("xlsx.controller.legend_mandatory_text", lang)],
              [MANDATORY_HEADING, BODY])
    sheet.row([t("xlsx.controller.legend_optional", lang), t("xlsx.controller.legend_optional_text", lang)],
              [OPTIONAL_HEADING, BODY])


def _register_sheet(book: Book, progress: Progress, start: float, end: float) -> list[list]:
    """The Protokoll, one row per activity; returns the rows of the "Fullstendig tekst" sheet for cells cut there."""
    register, lang = book.register, book.lang
    columns = PROTOKOLL_COLUMNS
    sheet = Sheet(book, _sheet_name("register", lang), [NUMBER_WIDTH] + [c.width for c in columns],
                  freeze=REGISTER_FREEZE, print_scale=REGISTER_PRINT_SCALE)
    sheet.heading([t("xlsx.col.number", lang)] + [c.label(lang) for c in columns],
                  [HEADING] + [MANDATORY_HEADING if c.mandatory else OPTIONAL_HEADING for c in columns])
    total = len(register.entries)
    full_text: list[list] = []
    continued = t("xlsx.continued", lang, sheet=_sheet_name("full_text", lang), number="{number}")
    for done, entry in enumerate(register.entries, 1):
        values: list = [entry.id]
        for column, chars in zip(columns, sheet._chars_per_line[1:]):
            text = column.text(entry, lang)
            if _lines(text, chars) > MAX_CELL_LINES:
                full_text += [[entry.id, entry.title, column.label(lang), line] for line in text.split("\n")]
                text = _cut_at_lines(text, chars, MAX_CELL_LINES - 2) + "\n" + continued.replace(
                    "{number}", str(entry.id))
            values.append(text)
        sheet.row(values)
        if done % PROGRESS_EVERY == 0 and done < total:
            progress(start + (end - start) * done / total, t("xlsx.progress.rows", lang, done=done, total=total))
    if not total:
        sheet.row(["", t("xlsx.none.activities", lang)])
    else:
        _validations(book, sheet, columns, total)
    sheet.table(TABLE_NAMES["register"])
    return full_text


def _cut_at_lines(text: str, chars_per_line: float, max_lines: int) -> str:
    """The first whole lines of ``text`` that wrap to at most ``max_lines`` lines."""
    kept, used = [], 0
    for part in text.split("\n"):
        need = max(1, math.ceil(len(part) / chars_per_line))
        if used + need > max_lines:
            break
        kept.append(part)
        used += need
    return "\n".join(kept)


def _lists(lang: str) -> dict[str, list[str]]:
    return {"art6": [enum_label("art6", v, lang) for v in ART6],
            "status": [enum_label("status", v, lang) for v in STATUSES],
            "yes_no": [enum_label("yes_no", v, lang) for v in ("yes", "no", "unknown")]}


def _validations(book: Book, sheet: Sheet, columns, rows: int) -> None:
    lang = book.lang
    lists = _lists(lang)
    lists_sheet = quote_sheetname(_sheet_name("lists", lang))
    for index, column in enumerate(columns, 2):
        if column.choices not in lists:
            continue
        list_column = get_column_letter(LIST_ORDER.index(column.choices) + 1)
        source = f"{lists_sheet}!${list_column}$2:${list_column}${len(lists[column.choices]) + 1}"
        letter = get_column_letter(index)
        if column.choices == "art6":
            # A hint, not a block: a cell may hold several bases and a reference to law, one per line.
            dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False,
                                showInputMessage=True, promptTitle=t("xlsx.validation.art6_title", lang)[:32],
                                prompt=t("xlsx.validation.art6_prompt", lang)[:255])
        else:
            dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                                errorStyle="stop", errorTitle=t("xlsx.validation.choice_title", lang)[:32],
                                error=t("xlsx.validation.choice_error", lang)[:255])
        dv.add(f"{letter}2:{letter}{rows + 1}")
        sheet.ws.data_validations.append(dv)


def _lists_sheet(book: Book) -> None:
    lang = book.lang
    sheet = Sheet(book, _sheet_name("lists", lang), _widths(LIST_COLUMNS), freeze=None, print_titles=False)
    sheet.ws.sheet_state = "hidden"
    sheet.heading(_columns_labels(LIST_COLUMNS, lang))
    lists = _lists(lang)
    for i in range(max(len(v) for v in lists.values())):
        sheet.row([lists[key][i] if i < len(lists[key]) else None for key in LIST_ORDER])


def _data_sheet(book: Book, key: str, columns, rows: Iterable[list]) -> None:
    """One data sheet: translated headers, the rows, a "none" row when there are none, and an Excel table."""
    sheet = Sheet(book, _sheet_name(key, book.lang), _widths(columns))
    sheet.heading(_columns_labels(columns, book.lang))
    empty = True
    for row in rows:
        sheet.row(row)
        empty = False
    if empty:
        sheet.row([t(f"xlsx.none.{key}", book.lang)])
    sheet.table(TABLE_NAMES[key])


def _processors_sheet(book: Book, titles: dict[int, str]) -> None:
    lang = book.lang

    def dpa(p) -> str:
        if p.dpa_reference:
            return p.dpa_reference
        return t("register.no_dpa_needed" if p.role == INDEPENDENT_CONTROLLER else "register.dpa_missing", lang)

    def terms(p) -> str:
        return "\n".join(vendor_says(fact, lang) for fact in p.vendor_terms)

    _data_sheet(book, "processors", PROCESSOR_COLUMNS, (
        [p.vendor, p.service, role_text(p.role, lang), dpa(p), terms(p),
         locations_text(p.countries, lang), ", ".join(p.sub_processors),
         _activities_text(p.activity_ids, titles), _source_text(p.origin)]
        for p in book.register.processors))


def _sub_processors_sheet(book: Book, titles: dict[int, str]) -> None:
    lang = book.lang
    _data_sheet(book, "sub_processors", SUB_PROCESSOR_COLUMNS, (
        [s.name, s.processor, s.service, s.activity, s.data,
         "\n".join(_status_text(loc, lang) for loc in s.locations), s.location_statement,
         mechanism_text(s.name, s.mechanism, s.locations, lang),
         _activities_text(s.activity_ids, titles), _source_text(s.origin)]
        for s in book.register.sub_processors))


def _transfers_sheet(book: Book, titles: dict[int, str]) -> None:
    """Transfers, recipients whose location is unknown, and the vendors' own answers (ropa_app.columns)."""
    _data_sheet(book, "transfers", TRANSFER_COLUMNS, (
        [r.recipient, r.country, r.classification, r.mechanism, r.via, _activities_text(r.activity_ids, titles)]
        for r in transfer_rows(book.register, book.lang)))


def _sources_sheet(book: Book, titles: dict[int, str]) -> None:
    """The vendor documents the register relies on, numbered as the Protokoll's last column refers to them."""
    _data_sheet(book, "sources", SOURCE_COLUMNS, (
        [s.number, s.vendor, s.document, s.section, _activities_text(s.activity_ids, titles)]
        for s in book.register.sources))


def _full_text_sheet(book: Book, rows: list[list]) -> None:
    _data_sheet(book, "full_text", FULL_TEXT_COLUMNS, rows)


def _gaps_sheet(book: Book) -> None:
    lang = book.lang
    severities: dict[str, str] = {}
    fields: dict[str, str] = {}
    messages: dict[tuple, str] = {}  # many activities share a gap's wording

    def row(g) -> list:
        severity = severities.get(g.severity) or severities.setdefault(g.severity, t(f"severity.{g.severity}", lang))
        field = fields.get(g.field) or fields.setdefault(g.field, field_label(g.field, lang))
        message = messages.get((g.code, g.params)) or messages.setdefault((g.code, g.params), gap_text(g, lang))
        return [severity, g.activity_id, g.activity_title if g.activity_id is not None else "", field, message]

    _data_sheet(book, "gaps", GAP_COLUMNS, (row(g) for g in book.register.gaps))


def _change_log_sheet(book: Book, titles: dict[int, str]) -> None:
    lang = book.lang
    describer = ChangeDescriber(lang, titles, {p.service_key: f"{p.vendor}: {p.service}"
                                               for p in book.register.processors})
    zone = zone_of(book.register.made_at)

    def row(c) -> list:
        change = describer.describe(c.entity, c.entity_id, c.field, c.old, c.new)
        return [format_moment(c.at, lang, zone), c.who, change.what, change.field, change.old, change.new]

    _data_sheet(book, "change_log", CHANGE_LOG_COLUMNS, (row(c) for c in book.register.change_log))


# --- the renderer -------------------------------------------------------------------------------------------

def render_xlsx(register: Register, lang: str, out: BinaryIO, progress: Progress) -> None:
    """Write ``register`` as an xlsx workbook to the open binary file ``out``: the controller's register, the
    processor's (art. 30(2), ropa_app.export.xlsx_processor) or both, as ``register.parts`` says."""
    from dataclasses import replace

    from ropa_app.processor_register import gaps_of_parts

    lang = normalise_language(lang)
    if not register.has_controller_part:
        register = replace(register, gaps=gaps_of_parts(register))
    book = Book(register, lang)
    titles = {e.id: e.title for e in register.entries}

    def sheet_progress(fraction: float, key: str) -> None:
        progress(fraction, t("xlsx.progress.sheet", lang, sheet=_sheet_name(key, lang)))

    try:
        full_text = []
        if register.has_controller_part:
            sheet_progress(0.0, "controller")
            _controller_sheet(book)
            sheet_progress(0.05, "register")
            full_text = _register_sheet(book, progress, 0.05, 0.55)
            sheet_progress(0.55, "processors")
            _processors_sheet(book, titles)
            sheet_progress(0.58, "sub_processors")
            _sub_processors_sheet(book, titles)
            sheet_progress(0.6, "transfers")
            _transfers_sheet(book, titles)
            sheet_progress(0.61, "sources")
            _sources_sheet(book, titles)
        if full_text:
            _full_text_sheet(book, full_text)
        if register.has_processor_part:  # art. 30(2): the processor's register
            from ropa_app.export.xlsx_processor import processor_sheets

            sheet_progress(0.615, "processor_register")
            processor_sheets(book)
        if not register.for_datatilsynet:  # gap list and change log: the company's working documents
            sheet_progress(0.62, "gaps")
            _gaps_sheet(book)
            sheet_progress(0.7, "change_log")
            _change_log_sheet(book, titles)
        _lists_sheet(book)
        book.properties()
        progress(0.85, t("xlsx.progress.saving", lang))
        book.save(out)
    except BaseException:
        book.discard()
        raise
    progress(1.0, t("xlsx.progress.done", lang))
