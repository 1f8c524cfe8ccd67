"""The register as an Excel workbook, laid out after Datatilsynet's template (mandatory columns orange, optional
green), made to be read, edited and printed.

What each sheet says, and its layout as plain data, comes from ropa_app.export.xlsx_content; this module writes it
with openpyxl's write-only mode and gives it its look. Written so that 2,000 activities cost little more than
openpyxl writing the bare values (bench/bench_exports.py measures that floor with the same values):
- body cells are plain values. The wrapped, top-aligned format they need is the workbook's default, set twice:
  as the default cell format (Excel's for a cell without a format) and as the "Normal" named style (LibreOffice
  makes it its "Default" style, which it gives such a cell). No object, style or lookup per body cell.
- a row of plain values is written as its markup, a text cell as an inline string exactly as openpyxl writes one
  (RowMarkup): openpyxl would make a cell object and an element tree for every value, which costs more than all
  the rest of the export. openpyxl writes everything else, formatted cells included, into the same sheet stream.
- only headings, labels and text that would read as a formula or an error are cells with a format of their own.
- every sheet's settings (column widths, frozen panes, print setup) are set before its first row, the row heights
  just before each row, and the Excel tables and drop-downs after the last.
Every text cell goes through sanitise.cell_text, and text that would read as a formula (or as an error value such
as "#N/A") is stored as a string with Excel's quote prefix: no cell is ever a formula. Deterministic: the same
Register gives the same cell values and document properties (the time is the Register's made_at, never "now").
"""
from __future__ import annotations

import contextlib
import datetime as dt
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile

import openpyxl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ropa_app.dates import zone_of
from ropa_app.export.sanitise import EXCEL_CELL_LIMIT, cell_text, looks_like_formula, strip_xml_illegal
from ropa_app.export.xlsx_content import (
    BODY,
    HEADING,
    LINE_HEIGHT,
    LIST_ORDER,
    MAX_ROW_HEIGHT,
    ROW_PADDING,
    Look,
    SheetPlan,
    Styled,
    chars_per_line,
    format_moment,
    lists,
    sheet_name,
    text_lines,
    workbook_sheets,
    workbook_title,
)
from ropa_app.i18n import normalise_language, t
from ropa_app.register import Register

Progress = Callable[[float, str], None]

# --- the look -----------------------------------------------------------------------------------------------

MANDATORY_FILL = "F4B183"  # Datatilsynet's orange: art. 30(1) requires it
OPTIONAL_FILL = "A9D08E"  # Datatilsynet's green: optional
HEADER_FILL = "D9D9D9"  # headings that are not Datatilsynet's columns
FILLS = {"mandatory": MANDATORY_FILL, "optional": OPTIONAL_FILL, "heading": HEADER_FILL}
TABLE_STYLE = "TableStyleLight1"  # light stripes; our own heading fills stay visible
BORDER_COLOUR = "808080"

TRUNCATED_MARKER = " […]"  # ends a text cut at Excel's cell limit
UTF16_SAFE_LENGTH = EXCEL_CELL_LIMIT // 2  # shorter texts fit Excel's limit even if every character is an emoji
HEADER_FOOTER_NAME_LIMIT = 80  # Excel allows 255 characters in a header or footer in all
_OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
# Text a reader would take for a formula or an error value ("#N/A"): stored as a string, quote-prefixed.
_ERROR_TEXTS = frozenset(ERROR_CODES)
LANGUAGE_TAGS = {"nb": "nb-NO", "en": "en-GB"}

WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
_THIN = Side(style="thin", color=BORDER_COLOUR)
HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


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


def _needs_quote(text: str) -> bool:
    """Text Excel would read as a formula or as an error value: it is written as a quote-prefixed string."""
    return looks_like_formula(text) or (text[:1] == "#" and text in _ERROR_TEXTS)


class _Quoted:
    """A text that must be written as a quote-prefixed string (see _needs_quote)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _body_text(value: str, chars: float) -> tuple[str | _Quoted | None, int]:
    """A body cell's text made safe (plain, _Quoted, or None when nothing is left) and the lines it wraps to in a
    column of ``chars`` characters a line."""
    text = _excel_text(value)
    if not text:
        return None, 1
    return (_Quoted(text) if _needs_quote(text) else text), text_lines(text, chars)


def cell_value(value: object) -> object:
    """What a cell holds for ``value``: its text made safe (_excel_text), a number as it is, None for nothing."""
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return _excel_text(value) or None


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


# --- the workbook -------------------------------------------------------------------------------------------

def _wrap_by_default(wb: Workbook) -> bool:
    """Make the workbook's default format wrapped and top-aligned, so body cells need no format of their own (a
    format per cell costs write-only mode about as much again as writing the values): the default cell format
    (Excel's, for a cell without one) and the "Normal" named style (LibreOffice's "Default", for such a cell;
    LibreOffice ignores the default cell format). Uses openpyxl's style tables (3.1); returns False when they are
    not as expected, and every body cell is then given the format instead."""
    try:
        styles, alignments = wb._cell_styles, wb._alignments
        normal = wb._named_styles["Normal"]
        if len(styles) != 1 or any(styles[0]) or not isinstance(styles, IndexedList):
            return False
        base = styles[0].__class__()
        base.alignmentId = alignments.add(WRAP_TOP)
        wb._cell_styles = IndexedList([base])
        normal.alignment = WRAP_TOP
    except (AttributeError, KeyError, TypeError, ValueError):  # pragma: no cover - another openpyxl
        return False
    return True


class RowHeight(RowDimension):
    """A row with only a height. The writer serialises a row's dimension by iterating it; the full RowDimension
    looks up nine attributes (and its style) each time, which for 20,000 rows costs as much as their cells."""

    def __init__(self, worksheet, height: float) -> None:
        super().__init__(worksheet, ht=height)
        self._attributes = (("ht", f"{height:g}"), ("customHeight", "1"))

    def __iter__(self):
        return iter(self._attributes)


class Sheet:
    """One write-only sheet: set up (widths, panes, print) before the first row, rows with estimated heights,
    and an Excel table and drop-downs after the last."""

    def __init__(self, book: Book, plan: SheetPlan) -> None:
        self.book = book
        self.ws = book.wb.create_sheet(sheet_name(plan.key, book.lang))
        self.widths = tuple(plan.widths)
        self.row_count = 0
        self.headings: list[str] = []
        self._chars_per_line = tuple(chars_per_line(w) for w in self.widths)
        # Per column, each text as built -> (what the cell holds, the lines it wraps to): texts repeat (a gap's
        # wording, a field's name, a log entry's author), and each is made safe and measured once.
        self._columns = tuple((chars, {}) for chars in self._chars_per_line)
        self._row_heights: dict[float, RowHeight] = {}
        self._markup: RowMarkup | None = None  # opened with the first row, where openpyxl is as expected
        for index, width in enumerate(self.widths, 1):
            dimension = self.ws.column_dimensions[get_column_letter(index)]
            dimension.width = width
            dimension.alignment = WRAP_TOP  # what the user types into an empty cell wraps too
        if plan.freeze:
            self.ws.freeze_panes = plan.freeze
        if plan.hidden:
            self.ws.sheet_state = "hidden"
        book.print_setup(self.ws, plan.print_titles, plan.print_scale)

    def write(self, plan: SheetPlan) -> None:
        """The plan's heading and rows, then its drop-downs and table."""
        if plan.heading:
            self.heading(plan.heading, plan.heading_looks)
        row, styled = self.row, self.styled_row
        for values in plan.rows:
            if values.__class__ is Styled:
                styled(values.values, values.looks, values.height)
            else:
                row(values)
        if plan.choices and self.row_count > 1:
            self.validations(plan.choices)
        if plan.table:
            self.table(plan.table)

    def heading(self, labels: Sequence[str], looks: Sequence[Look] | None = None) -> None:
        self.headings = [_excel_text(label) for label in labels]
        looks = looks or [HEADING] * len(labels)
        lines = max((text_lines(text, chars_per_line(width, bold=True))
                     for text, width in zip(self.headings, self.widths) if text), default=1)
        self._append([self.book.cell(self.ws, text or None, look) for text, look in zip(self.headings, looks)],
                     lines)

    def styled_row(self, values: Sequence[object], looks: Sequence[Look], height: float | None = None) -> None:
        """A row of cells with the given looks; its height fits the longest wrapped text unless given."""
        values = [cell_value(v) for v in values]
        lines = max((text_lines(v, cpl) for v, cpl in zip(values, self._chars_per_line) if isinstance(v, str)),
                    default=1)
        self._append([self.book.cell(self.ws, v, look) for v, look in zip(values, looks)], lines, height)

    def row(self, values: Sequence[object]) -> None:
        """A row of body cells: plain values on the wrapped default format; its height fits the longest text."""
        if len(values) > len(self.widths):
            raise ValueError("more values than columns")
        if not self.book.wraps_by_default:  # pragma: no cover - another openpyxl
            self.styled_row(values, [BODY] * len(values))
            return
        cells: list = []
        append = cells.append
        lines = 1
        for value, (chars, seen) in zip(values, self._columns):
            if value.__class__ is not str:
                append(value if value is None or value.__class__ is int else cell_value(value))
                continue
            known = seen.get(value)
            if known is None:
                known = seen[value] = _body_text(value, chars)
            text, n = known
            if text.__class__ is _Quoted:
                text = self.book.cell(self.ws, text.text, BODY)
            append(text)
            lines = max(lines, n)
        self._append(cells, lines)

    def _append(self, cells: list, lines: int, height: float | None = None) -> None:
        """Append a row with its height estimated from the wrapped text (openpyxl cannot fit rows to text)."""
        self.row_count += 1
        if height is None and lines > 1:
            height = lines * LINE_HEIGHT + ROW_PADDING
        if height is not None:
            height = min(MAX_ROW_HEIGHT, height)
        if self._markup is None and self.book.writes_markup:
            self._markup = RowMarkup.open(self.ws)
        if self._markup is not None:
            self._markup.row(self.row_count, cells, height)
            return
        if height is not None:
            # Rows of the same height share one RowDimension (it holds no row number): 2,000 rows stay cheap.
            dimension = self._row_heights.get(height)
            if dimension is None:
                dimension = self._row_heights[height] = RowHeight(self.ws, height)
            self.ws.row_dimensions[self.row_count] = dimension
        self.ws.append(cells)

    def validations(self, choices: Sequence[tuple[int, str]]) -> None:
        """Drop-downs over every body row of the given columns, fed from the hidden lists sheet."""
        lang = self.book.lang
        lists_sheet = quote_sheetname(sheet_name("lists", lang))
        offered = lists(lang)
        last = self.row_count
        for index, key in choices:
            list_column = get_column_letter(LIST_ORDER.index(key) + 1)
            source = f"{lists_sheet}!${list_column}$2:${list_column}${len(offered[key]) + 1}"
            letter = get_column_letter(index)
            if key == "art6":
                # A hint, not a block: a cell may hold several bases and a reference to law, one per line.
                dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False,
                                    showInputMessage=True, promptTitle=t("xlsx.validation.art6_title", lang)[:32],
                                    prompt=t("xlsx.validation.art6_prompt", lang)[:255])
            else:
                dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                                    errorStyle="stop", errorTitle=t("xlsx.validation.choice_title", lang)[:32],
                                    error=t("xlsx.validation.choice_error", lang)[:255])
            dv.add(f"{letter}2:{letter}{last}")
            self.ws.data_validations.append(dv)

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


class RowMarkup:
    """A write-only sheet's <sheetData>, its rows written as markup: a text as an inline string (as openpyxl
    writes one: escaped, its spaces kept when it has spaces at either end), a whole number as a number, and any
    other value or formatted cell by openpyxl itself (openpyxl.cell._writer.write_cell) into the same stream.
    Opened in place of openpyxl's own row stream (WriteOnlyWorksheet.append), so closing and saving the sheet
    are openpyxl's as before."""

    def __init__(self, ws, xf) -> None:
        self.ws = ws
        self.xf = xf
        self.write = xf._file  # the stream's own write: the markup goes in as it is
        self._texts: dict[str, str] = {}  # a text -> the end of its cell's markup (texts repeat)
        self._letters: list[str] = []

    @classmethod
    def open(cls, ws) -> RowMarkup | None:
        """The markup stream of ``ws``, or None where openpyxl does not write through et_xmlfile's stream as 3.1
        does (with lxml installed, or another version): its own append() then writes every row."""
        if not markup_supported():
            return None
        ws._get_writer()
        writer = ws._writer
        xf = writer.xf.send(True)

        def sheet_data():
            with xf.element("sheetData"):
                try:
                    yield
                except GeneratorExit:
                    pass
            writer.xf.send(None)  # back to openpyxl's stream, which writes the rest of the sheet on close()

        rows = sheet_data()
        next(rows)
        ws._rows = rows  # what WriteOnlyWorksheet.close() closes
        return cls(ws, xf)

    def letters(self, count: int) -> list[str]:
        while len(self._letters) < count:
            self._letters.append(get_column_letter(len(self._letters) + 1))
        return self._letters

    def row(self, number: int, cells: Sequence[object], height: float | None) -> None:
        r = str(number)
        parts = ['<row r="', r, f'" ht="{height:g}" customHeight="1">' if height is not None else '">']
        texts = self._texts
        for column, (letter, value) in enumerate(zip(self.letters(len(cells)), cells), 1):
            cls = value.__class__
            if value is None:
                continue
            if cls is str:
                end = texts.get(value)
                if end is None:
                    end = texts[value] = _inline_string_end(value)
                parts += ('<c r="', letter, r, end)
            elif cls is int:
                parts += ('<c r="', letter, r, '" t="n"><v>', "%.16g" % value, "</v></c>")
            else:
                self.write("".join(parts))
                parts = []
                cell = value if isinstance(value, Cell) else WriteOnlyCell(self.ws, value)
                cell.row, cell.column = number, column
                write_cell(self.xf, self.ws, cell, cell.has_style)
        parts.append("</row>")
        self.write("".join(parts))


def markup_supported() -> bool:
    """Whether openpyxl writes sheets through et_xmlfile's incremental writer (no lxml), whose stream RowMarkup
    writes into."""
    if openpyxl.LXML:  # pragma: no cover - lxml is not installed with ROPA
        return False
    try:
        from et_xmlfile.xmlfile import _IncrementalFileWriter

        return callable(getattr(_IncrementalFileWriter(print), "_file", None))
    except (ImportError, TypeError):  # pragma: no cover - another et_xmlfile
        return False


def _inline_string_end(text: str) -> str:
    """The markup of a cell holding ``text`` after its reference: an inline string, escaped as the standard
    library escapes element text, its spaces kept (xml:space) when it begins or ends with whitespace around
    other text (openpyxl's rule, openpyxl.xml.functions.whitespace). Characters XML cannot hold are left out
    (every text is made safe before, by cell_text: this only keeps the file readable whatever comes)."""
    text = strip_xml_illegal(text)
    text_markup = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f'" t="inlineStr"><is><t{space}>{text_markup}</t></is></c>'


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
        self.writes_markup = markup_supported()
        self._fills = {key: PatternFill(fill_type="solid", start_color=colour, end_color=colour)
                       for key, colour in FILLS.items()}
        self._fonts: dict[Look, Font] = {}
        self.title = workbook_title(register, lang)
        name = register.organisation.name.strip()
        self._header_name = _header_footer_text(name)
        self._footer_time = _header_footer_text(format_moment(register.made_at, lang, zone_of(register.made_at)))

    def cell(self, ws, value: object, look: Look):
        """A cell for append(): the plain value where the default format will do, a formatted cell otherwise
        (headings, labels, text that would read as a formula or an error value)."""
        quote = value.__class__ is str and _needs_quote(value)
        if value is None or (look == BODY and self.wraps_by_default and not quote):
            return value
        cell = WriteOnlyCell(ws, value)
        if quote:
            # Text that Excel would read as a formula: a string, shown as typed, kept a string when edited.
            cell.data_type = "s"
            cell.quotePrefix = True
        cell.alignment = WRAP_TOP if look.wrap else TOP
        if look.bold or look.size:
            font = self._fonts.get(look)
            if font is None:
                font = self._fonts[look] = Font(bold=look.bold, size=look.size)
            cell.font = font
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



# --- the renderer -------------------------------------------------------------------------------------------

def _exported(register: Register, lang: str) -> Register:
    """The register as the workbook lists it: the gaps of the registers it holds (a controller-only copy counts
    and lists no gap of the processor's register, a processor-only copy only those), in ``lang``
    (Register.in_language)."""
    from ropa_app.processor_register import with_listed_gaps

    return with_listed_gaps(register).in_language(lang)


def render_xlsx(register: Register, lang: str, out: BinaryIO, progress: Progress) -> None:
    """Write ``register`` as an xlsx workbook to the open binary file ``out``: the controller's register, the
    processor's (art. 30(2), ropa_app.export.xlsx_processor) or both, as ``register.parts`` says."""
    lang = normalise_language(lang)
    register = _exported(register, lang)
    book = Book(register, lang)
    try:
        for plan in workbook_sheets(register, lang, progress):
            Sheet(book, plan).write(plan)
        book.properties()
        progress(0.85, t("xlsx.progress.saving", lang))
        book.save(out)
    except BaseException:
        book.discard()
        raise
    progress(1.0, t("xlsx.progress.done", lang))


def sheet_values(register: Register, lang: str) -> Iterator[tuple[str, list[list]]]:
    """Every sheet's name and rows of cell values, exactly as render_xlsx writes them (the heading row included,
    None for an empty cell), without their look: the benchmark's floor writes these bare."""
    lang = normalise_language(lang)
    for plan in workbook_sheets(_exported(register, lang), lang, lambda fraction, message: None):
        rows = [[cell_value(v) for v in plan.heading]] if plan.heading else []
        rows += [[cell_value(v) for v in (row.values if row.__class__ is Styled else row)] for row in plan.rows]
        yield sheet_name(plan.key, lang), rows
