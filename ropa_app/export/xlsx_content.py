"""What the Excel workbook says: every sheet's cell values, built from the Register, in the order the workbook
holds them, with the layout each sheet asks for (column widths, which rows are headings or labels, tables,
drop-downs, print setup) as plain data. ropa_app.export.xlsx writes these plans with openpyxl and gives them their
look; the export's benchmark (bench/bench_exports.py) writes the very same values bare, as its floor. One builder
of the values for both, so the two can never drift.

Nothing here imports openpyxl. The sheets: the controller (organisation block, when and from what the file was
made, gaps by severity, the colour legend), the register itself (one row per processing activity,
ropa_app.columns.PROTOKOLL_COLUMNS in order), processors, sub-processors, transfers, sources, the full text of
cells too long for the register sheet, the processor's register (ropa_app.export.xlsx_processor), gaps, the change
log, and a hidden sheet of lists that feeds the drop-downs of the register sheet.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from ropa_app.change_log import describer_for
from ropa_app.columns import (
    PROTOKOLL_COLUMNS,
    enum_label,
    field_label,
    gap_text,
    location_statement_text,
    locations_text,
    organisation_rows,
    origin_cite,
    source_document_text,
    sub_processor_data_text,
    sub_processor_mechanism_text,
    sub_processor_status_lines,
    sub_processor_task_text,
    transfer_rows,
)
from ropa_app.countries import country_name
from ropa_app.dates import format_date, format_datetime, zone_of
from ropa_app.domain import ART6, STATUSES
from ropa_app.export.vendor_documents import SaidOnce, description_cell, document_notes_text, role_cell, terms_cell
from ropa_app.i18n import t
from ropa_app.locators import section_text
from ropa_app.register import Location, Register

Progress = Callable[[float, str], None]

# --- layout -------------------------------------------------------------------------------------------------

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

CONTROLLER_WIDTHS = (42, 90)
# (text key under xlsx.col., width) per sheet; the register sheet's columns come from PROTOKOLL_COLUMNS.
PROCESSOR_COLUMNS = (("vendor", 18), ("service", 30), ("role", 20), ("vendor_processing", 50), ("dpa_reference", 26),
                     ("vendor_dpa_terms", 36), ("countries", 20), ("sub_processors", 30), ("activities", 34),
                     ("source", 34))
SUB_PROCESSOR_COLUMNS = (("sub_processor", 22), ("processor", 18), ("service", 28), ("what", 34), ("data", 30),
                         ("countries_status", 28), ("location_statement", 36), ("mechanism", 30),
                         ("activities", 30), ("source", 34))
TRANSFER_COLUMNS = (("recipient", 24), ("country", 18), ("classification", 28), ("mechanism", 60), ("via", 20),
                    ("activities", 34))
SOURCE_COLUMNS = (("number", NUMBER_WIDTH), ("vendor", 20), ("document", 44), ("section", 60), ("activities", 34),
                  ("document_notes", 70))
FULL_TEXT_COLUMNS = (("number", NUMBER_WIDTH), ("activity", 30), ("column", 30), ("line", 100))
GAP_COLUMNS = (("severity", 20), ("number", NUMBER_WIDTH), ("activity", 30), ("field", 30), ("message", 80))
CHANGE_LOG_COLUMNS = (("time", 20), ("who", 16), ("changed", 30), ("field", 28), ("old", 45), ("new", 45))
LIST_COLUMNS = (("legal_basis", 45), ("status", 16), ("yes_no", 16))
LIST_ORDER = ("art6", "status", "yes_no")  # the hidden list sheet's columns, as Column.choices names them

TABLE_NAMES = {"register": "tblProtokoll", "processors": "tblDatabehandlere",
               "sub_processors": "tblUnderdatabehandlere", "transfers": "tblOverforinger", "gaps": "tblMangler",
               "change_log": "tblEndringslogg", "sources": "tblKilder", "full_text": "tblFullstendigTekst"}
SEVERITIES = ("mandatory", "warning", "notice")


@dataclass(frozen=True)
class Look:
    """How a styled cell looks (the writer turns it into a format, once); plain body cells take the workbook's
    default format (wrapped, top-aligned) and need none."""

    bold: bool = False
    size: float | None = None
    fill: str = ""  # "mandatory", "optional", "heading" or "" (none)
    border: bool = False
    wrap: bool = True


HEADING = Look(True, fill="heading", border=True)
MANDATORY_HEADING = Look(True, fill="mandatory", border=True)
OPTIONAL_HEADING = Look(True, fill="optional", border=True)
LABEL = Look(True)
TITLE = Look(True, 14, wrap=False)  # one line, running on over the empty cell beside it
BODY = Look()


@dataclass(frozen=True)
class Styled:
    """A row whose cells are not all plain body text: a look per cell, and a fixed height if it needs one.
    Plain rows are plain lists."""

    values: Sequence[object]
    looks: Sequence[Look]
    height: float | None = None


Row = list | Styled


@dataclass
class SheetPlan:
    """One sheet: its name (xlsx.sheet.<key>), column widths, heading, rows and layout.

    ``rows`` is built as it is written: read each plan's rows to the end before asking for the next plan (the
    register sheet's rows decide whether a "Fullstendig tekst" sheet follows, and report progress)."""

    key: str
    widths: Sequence[float]
    rows: Iterable[Row]
    heading: Sequence[str] = ()
    heading_looks: Sequence[Look] | None = None  # HEADING for every cell unless given
    freeze: str | None = DATA_FREEZE
    print_titles: bool = True  # repeat the heading row on every printed page
    print_scale: int | None = None  # None: fit the width of a page
    table: str = ""  # an Excel table (filters, stripes) over the heading and the rows, by this name
    hidden: bool = False
    choices: Sequence[tuple[int, str]] = ()  # (column number, list) with a drop-down fed from the lists sheet


def sheet_name(key: str, lang: str) -> str:
    return t(f"xlsx.sheet.{key}", lang)


def chars_per_line(width: float, bold: bool = False) -> float:
    """How many characters of average proportional text a line of a column ``width`` wide holds."""
    return max(1.0, width * (BOLD_CHARS_PER_WIDTH if bold else CHARS_PER_WIDTH))


def text_lines(text: str, chars: float) -> int:
    """How many lines ``text`` wraps to in a column that holds ``chars`` characters a line."""
    if "\n" not in text:
        return 1 if len(text) <= chars else math.ceil(len(text) / chars)
    parts = text.split("\n")
    lines = len(parts)
    for part in parts:
        if len(part) > chars:
            lines += math.ceil(len(part) / chars) - 1
    return lines


def format_moment(iso: str, lang: str, zone=None) -> str:
    """A timestamp as the language writes it, in the time zone the export was made in (see ropa_app.dates);
    without ``zone``, in the timestamp's own."""
    return format_datetime(iso, lang, zone or zone_of(iso))


def workbook_title(register: Register, lang: str) -> str:
    name = register.organisation.name.strip()
    return t("xlsx.title", lang, name=name) if name else t("xlsx.title_unnamed", lang)


def _columns_labels(columns: Sequence[tuple[str, float]], lang: str) -> list[str]:
    return [t(f"xlsx.col.{key}", lang) for key, _ in columns]


def _widths(columns: Sequence[tuple[str, float]]) -> list[float]:
    return [width for _, width in columns]


def _status_text(loc: Location, lang: str, beside_stated: bool = False) -> str:
    """«Norge (EU/EØS)»; an unstated location beside stated ones is the other places a vendor may also use."""
    status = t(f"country.status.{loc.status}", lang)
    status = t(f"country.status.{loc.status}", lang)
    if loc.status == "not_stated":
        others = t('country.others_not_stated', lang)
        return f"{others[:1].upper()}{others[1:]}" if beside_stated else status  # said once, not twice
    name = country_name(loc.code, lang)
    if name.casefold() == status.casefold():  # «EU/EØS», not «EU/EØS (EU/EØS)»
        return status
    return f"{name} ({status})"


def _statuses_text(locations, lang: str) -> str:
    stated = any(loc.status != "not_stated" for loc in locations)
    return "\n".join(_status_text(loc, lang, stated) for loc in locations)


def _activities_text(ids: Sequence[int], titles: dict[int, str]) -> str:
    return "\n".join(f"{i} – {titles[i]}" if titles.get(i) else str(i) for i in ids)


def _source_text(origin, lang: str) -> str:
    return origin_cite(origin, lang)


def _or_none(rows: Iterable[list], key: str, lang: str) -> Iterator[list]:
    """The rows, or one row saying there are none."""
    empty = True
    for row in rows:
        empty = False
        yield row
    if empty:
        yield [t(f"xlsx.none.{key}", lang)]


def data_sheet(key: str, columns: Sequence[tuple[str, float]], rows: Iterable[list], lang: str) -> SheetPlan:
    """A data sheet: translated headers, the rows (or a "none" row), and an Excel table."""
    return SheetPlan(key, _widths(columns), _or_none(rows, key, lang), heading=_columns_labels(columns, lang),
                     table=TABLE_NAMES[key])


# --- the sheets ---------------------------------------------------------------------------------------------

def controller_sheet(register: Register, lang: str) -> SheetPlan:
    def rows() -> Iterator[Row]:
        yield Styled([workbook_title(register, lang)], [TITLE], TITLE_HEIGHT)
        yield []
        yield Styled([t("xlsx.controller.heading", lang)], [LABEL])
        for label, value in organisation_rows(register, lang):
            yield Styled([label, value], [LABEL, BODY])
        yield []
        yield Styled([t("xlsx.controller.about", lang)], [LABEL])
        for key, value in (("made_at", format_moment(register.made_at, lang, zone_of(register.made_at))),
                           ("file_name", register.file_name), ("checksum", register.checksum()),
                           ("catalogue_version", register.catalogue_version),
                           ("countries_date", format_date(register.countries_date, lang)),  # a plain date: no zone
                           ("app_version", register.app_version)):
            yield Styled([t(f"xlsx.controller.{key}", lang), value], [LABEL, BODY])
        yield Styled([t("register.vendor_language", lang),
                      t("register.vendor_language_value", lang, sheet=sheet_name("sources", lang))], [LABEL, BODY])
        if not register.for_datatilsynet:  # the gap list is the company's working document
            yield []
            yield Styled([t("xlsx.controller.gaps", lang, sheet=sheet_name("gaps", lang))], [LABEL])
            for severity in SEVERITIES:
                count = sum(1 for g in register.gaps if g.severity == severity)
                yield Styled([t(f"severity.{severity}", lang), count], [LABEL, BODY])
            yield Styled([t("xlsx.controller.gaps_total", lang), len(register.gaps)], [LABEL, BODY])
        yield []
        yield Styled([t("xlsx.controller.legend", lang, sheet=sheet_name("register", lang))], [LABEL])
        yield from legend_rows(lang, t("xlsx.controller.legend_mandatory_text", lang))

    return SheetPlan("controller", CONTROLLER_WIDTHS, rows(), freeze=None, print_titles=False)


def legend_rows(lang: str, mandatory_text: str) -> list[Styled]:
    """The colour legend of a Protokoll: orange mandatory, green optional."""
    return [Styled([t("xlsx.controller.legend_mandatory", lang), mandatory_text], [MANDATORY_HEADING, BODY]),
            Styled([t("xlsx.controller.legend_optional", lang), t("xlsx.controller.legend_optional_text", lang)],
                   [OPTIONAL_HEADING, BODY])]


def register_sheet(register: Register, lang: str, full_text: list[list], progress: Progress, start: float,
                   end: float) -> SheetPlan:
    """The Protokoll, one row per activity. A cell too long to show within Excel's row height is cut at a line,
    with a reference; its whole text goes to ``full_text`` as rows of the "Fullstendig tekst" sheet."""
    columns = PROTOKOLL_COLUMNS
    widths = [NUMBER_WIDTH] + [c.width for c in columns]
    total = len(register.entries)

    def rows() -> Iterator[list]:
        continued = t("xlsx.continued", lang, sheet=sheet_name("full_text", lang), number="{number}")
        missing = t("pdf.value.missing", lang)  # an orange cell is never blank: the PDF says the same
        texts = [(column, column.text, chars_per_line(column.width), column.label(lang)) for column in columns]
        details = {column.key: t(f"xlsx.continued_details.{column.key}", lang, sheet=sheet_name("full_text", lang),
                                 number="{number}") for column in columns if column.short}
        for done, entry in enumerate(register.entries, 1):
            values: list = [entry.id]
            for column, text_of, chars, label in texts:
                text = text_of(entry, lang)
                if not text.strip() and column.mandatory_for(entry):
                    text = missing
                # At most one line per line break plus one per full line of characters: most texts are far
                # from the limit, and only the rest are measured.
                if (text.count("\n") + 1 + len(text) / chars > MAX_CELL_LINES
                        and text_lines(text, chars) > MAX_CELL_LINES):
                    full_text.extend([[entry.id, entry.title, label, line] for line in text.split("\n")])
                    # the categories by name, whole, where the cell cannot hold their contents too (DPO audit 4, N3)
                    short = column.short(entry, lang) if column.short else ""
                    if short and text_lines(short, chars) <= MAX_CELL_LINES - 2:
                        text = short + "\n" + details[column.key].replace("{number}", str(entry.id))
                    else:
                        text = _cut_at_lines(short or text, chars, MAX_CELL_LINES - 2) + "\n" + continued.replace(
                            "{number}", str(entry.id))
                values.append(text)
            yield values
            if done % PROGRESS_EVERY == 0 and done < total:
                progress(start + (end - start) * done / total, t("xlsx.progress.rows", lang, done=done, total=total))
        if not total:
            yield ["", t("xlsx.none.activities", lang)]

    choices = [(index, c.choices) for index, c in enumerate(columns, 2) if c.choices in LIST_ORDER] if total else []
    return SheetPlan("register", widths, rows(),
                     heading=[t("xlsx.col.number", lang)] + [c.label(lang) for c in columns],
                     heading_looks=[HEADING] + [MANDATORY_HEADING if c.mandatory else OPTIONAL_HEADING
                                                for c in columns],
                     freeze=REGISTER_FREEZE, print_scale=REGISTER_PRINT_SCALE, table=TABLE_NAMES["register"],
                     choices=choices)


def _cut_at_lines(text: str, chars: float, max_lines: int) -> str:
    """The first whole lines of ``text`` that wrap to at most ``max_lines`` lines."""
    kept, used = [], 0
    for part in text.split("\n"):
        need = max(1, math.ceil(len(part) / chars))
        if used + need > max_lines:
            break
        kept.append(part)
        used += need
    return "\n".join(kept)


def lists(lang: str) -> dict[str, list[str]]:
    """The choices the register sheet's drop-downs offer, by LIST_ORDER's names."""
    return {"art6": [enum_label("art6", v, lang) for v in ART6],
            "status": [enum_label("status", v, lang) for v in STATUSES],
            "yes_no": [enum_label("yes_no", v, lang) for v in ("yes", "no", "unknown")]}


def lists_sheet(lang: str) -> SheetPlan:
    choices = lists(lang)
    rows = [[choices[key][i] if i < len(choices[key]) else None for key in LIST_ORDER]
            for i in range(max(len(v) for v in choices.values()))]
    return SheetPlan("lists", _widths(LIST_COLUMNS), rows, heading=_columns_labels(LIST_COLUMNS, lang), freeze=None,
                     print_titles=False, hidden=True)


def processors_sheet(register: Register, lang: str, titles: dict[int, str]) -> SheetPlan:
    """One row per service. What a vendor document states once (a base service's purposes, processing, terms and
    the company's duties) is said on the first row that has it; its add-ons say «som for …» and add their own
    (ropa_app.export.vendor_documents)."""
    said = SaidOnce()

    def dpa(p) -> str:
        return p.dpa_reference or t("register.dpa_missing", lang)

    return data_sheet("processors", PROCESSOR_COLUMNS, (
        [p.vendor, p.service, role_cell(register, p, lang), description_cell(p, lang, said), dpa(p),
         terms_cell(p, lang, said), locations_text(p.countries, lang), ", ".join(p.sub_processors),
         _activities_text(p.activity_ids, titles), _source_text(p.origin, lang)]
        for p in register.data_processors), lang)


def sub_processors_sheet(register: Register, lang: str, titles: dict[int, str]) -> SheetPlan:
    return data_sheet("sub_processors", SUB_PROCESSOR_COLUMNS, (
        [s.name, s.processor, s.service, sub_processor_task_text(s, lang), sub_processor_data_text(s, lang),
         "\n".join([_statuses_text(s.locations, lang), *sub_processor_status_lines(s, lang)]),
         location_statement_text(s.processor, s.location_statement, s.location_note, s.locations, lang),
         sub_processor_mechanism_text(s, lang),
         _activities_text(s.activity_ids, titles),
         "\n".join(dict.fromkeys(_source_text(o, lang) for o in (s.origin, *s.more_origins)))]
        for s in register.sub_processors), lang)


def transfers_sheet(register: Register, lang: str, titles: dict[int, str]) -> SheetPlan:
    """Transfers, recipients whose location is unknown, and the vendors' own answers (ropa_app.columns)."""
    return data_sheet("transfers", TRANSFER_COLUMNS, (
        [r.recipient, r.country, r.classification, r.mechanism, r.via, _activities_text(r.activity_ids, titles)]
        for r in transfer_rows(register, lang)), lang)


def sources_sheet(register: Register, lang: str, titles: dict[int, str]) -> SheetPlan:
    """The vendor documents the register relies on, numbered as the Protokoll's last column refers to them; the
    first row of each document carries ROPA's notes on it (the catalogue's vendor notes), labelled as ROPA's."""
    noted: set[tuple[str, str]] = set()

    def notes(s) -> str:
        if (s.vendor, s.document) in noted:
            return ""
        noted.add((s.vendor, s.document))
        return document_notes_text(register.notes_on(s.vendor, s.document), lang)

    return data_sheet("sources", SOURCE_COLUMNS, (
        [s.number, s.vendor, source_document_text(s, lang), section_text(s.section, lang),
         _activities_text(s.activity_ids, titles), notes(s)]
        for s in register.sources), lang)


def gaps_sheet(register: Register, lang: str) -> SheetPlan:
    severities: dict[str, str] = {}
    fields: dict[str, str] = {}
    messages: dict[tuple, str] = {}  # many activities share a gap's wording

    def row(g) -> list:
        severity = severities.get(g.severity) or severities.setdefault(g.severity, t(f"severity.{g.severity}", lang))
        field = fields.get(g.field) or fields.setdefault(g.field, field_label(g.field, lang))
        message = messages.get((g.code, g.params)) or messages.setdefault((g.code, g.params), gap_text(g, lang))
        return [severity, g.activity_id, g.activity_title if g.activity_id is not None else "", field, message]

    return data_sheet("gaps", GAP_COLUMNS, (row(g) for g in register.gaps), lang)


def change_log_sheet(register: Register, lang: str, titles: dict[int, str]) -> SheetPlan:
    describer = describer_for(register, lang, titles=titles)
    zone = zone_of(register.made_at)

    def row(c) -> list:
        change = describer.describe(c.entity, c.entity_id, c.field, c.old, c.new, sentence=False)
        return [format_moment(c.at, lang, zone), c.who, change.what, change.field, change.old, change.new]

    return data_sheet("change_log", CHANGE_LOG_COLUMNS, (row(c) for c in register.change_log), lang)


# --- the workbook -------------------------------------------------------------------------------------------

def reported(plan: SheetPlan, total: int, progress: Progress, start: float, end: float, lang: str) -> SheetPlan:
    """``plan`` reporting its progress every PROGRESS_EVERY rows: an export cancelled while it writes a long sheet
    (20,000 change-log entries) stops at its next report, within milliseconds, not at the sheet's end; until it
    stops, it holds Python's lock against the window that asked it to."""
    message = t("xlsx.progress.sheet", lang, sheet=sheet_name(plan.key, lang))

    def rows() -> Iterator[Row]:
        for done, row in enumerate(plan.rows, 1):
            yield row
            if done % PROGRESS_EVERY == 0:
                progress(start + (end - start) * min(1.0, done / max(total, 1)), message)

    return replace(plan, rows=rows())


def workbook_sheets(register: Register, lang: str, progress: Progress) -> Iterator[SheetPlan]:
    """Every sheet of the workbook in order: the controller's register, the processor's (art. 30(2)) or both, as
    ``register.parts`` says; the gap list and the change log unless the copy is for Datatilsynet. ``register``'s
    gaps are the ones the export lists (see render_xlsx); ``lang`` is a normalised language."""
    titles = {e.id: e.title for e in register.entries}

    def at(fraction: float, key: str) -> None:
        progress(fraction, t("xlsx.progress.sheet", lang, sheet=sheet_name(key, lang)))

    full_text: list[list] = []
    if register.has_controller_part:
        at(0.0, "controller")
        yield controller_sheet(register, lang)
        at(0.05, "register")
        yield register_sheet(register, lang, full_text, progress, 0.05, 0.55)
        at(0.55, "processors")
        yield processors_sheet(register, lang, titles)
        at(0.58, "sub_processors")
        yield sub_processors_sheet(register, lang, titles)
        at(0.6, "transfers")
        yield transfers_sheet(register, lang, titles)
        at(0.61, "sources")
        yield sources_sheet(register, lang, titles)
    if full_text:  # filled as the register sheet's rows were read
        yield reported(data_sheet("full_text", FULL_TEXT_COLUMNS, full_text, lang), len(full_text), progress, 0.61,
                       0.615, lang)
    if register.has_processor_part:  # art. 30(2): the processor's register
        from ropa_app.export.xlsx_processor import processor_sheets

        at(0.615, "processor_register")
        yield from processor_sheets(register, lang)
    if not register.for_datatilsynet:  # gap list and change log: the company's working documents
        at(0.62, "gaps")
        yield reported(gaps_sheet(register, lang), len(register.gaps), progress, 0.62, 0.7, lang)
        at(0.7, "change_log")
        yield reported(change_log_sheet(register, lang, titles), len(register.change_log), progress, 0.7, 0.85,
                       lang)
    yield lists_sheet(lang)
