"""The PDF register's look: embedded DejaVu fonts, paragraph and table styles, page geometry, and the helpers that
turn user text into table cells that always fit on a page."""
from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, Table, TableStyle

from ropa_app.dates import format_date_long, format_datetime_long, zone_of
from ropa_app.dates import format_datetime as format_datetime_short
from ropa_app.export.sanitise import paragraph_text, strip_xml_illegal
from ropa_app.paths import resource_path

# --- page geometry ---------------------------------------------------------------------------------------
PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm  # room for the footer
FOOTER_Y = 11 * mm
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM

# --- fonts -----------------------------------------------------------------------------------------------
FONT = "RopaDejaVuSans"
FONT_BOLD = "RopaDejaVuSans-Bold"
FONT_ITALIC = "RopaDejaVuSans-Oblique"
_FONT_FILES = ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf"), (FONT_ITALIC, "DejaVuSans-Oblique.ttf"))
_font_lock = threading.Lock()

# --- colours ---------------------------------------------------------------------------------------------
INK = colors.HexColor("#1F2328")
MUTED = colors.HexColor("#5F6670")
RULE = colors.HexColor("#C9CED6")
LABEL_BG = colors.HexColor("#F1F3F6")
HEADER_BG = colors.HexColor("#DDE3EA")
ACCENT = colors.HexColor("#1D4E89")
MANDATORY_HEX = "#D9822B"
MANDATORY = colors.HexColor(MANDATORY_HEX)  # the orange of Datatilsynet's template, for mandatory fields
MISSING = colors.HexColor("#B42318")
SEVERITY_COLOURS = {"mandatory": MISSING, "warning": colors.HexColor("#9A5B00"), "notice": MUTED}

# --- text sizes ------------------------------------------------------------------------------------------
BODY_SIZE = 9
CELL_SIZE = 8
CELL_LEADING = 10
CELL_PADDING = 3
# A table row must stay well below a page: user text is cut into rows of at most this many (estimated) lines.
MAX_CELL_LINES = 30
HEADING_CHARS = 160  # headings, outline and TOC entries show at most this much of a title


def register_fonts() -> None:
    """Register the DejaVu family once per process; reportlab embeds (subsets) TrueType fonts it draws with."""
    with _font_lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        for name, file_name in _FONT_FILES:
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """Every paragraph style of the document, by name."""
    base = ParagraphStyle("body", fontName=FONT, fontSize=BODY_SIZE, leading=12, textColor=INK, alignment=TA_LEFT,
                          splitLongWords=1)
    s = {"body": base}

    def add(name: str, parent: str = "body", **kw) -> None:
        s[name] = ParagraphStyle(name, parent=s[parent], **kw)

    add("intro", textColor=MUTED, spaceAfter=8)
    add("h1", fontName=FONT_BOLD, fontSize=16, leading=20, textColor=ACCENT, spaceBefore=16, spaceAfter=8)
    add("h2", fontName=FONT_BOLD, fontSize=11.5, leading=14.5, textColor=INK, spaceBefore=10, spaceAfter=5)
    add("continued", fontName=FONT_ITALIC, fontSize=CELL_SIZE, leading=CELL_LEADING, textColor=MUTED, spaceAfter=3)
    add("cell", fontSize=CELL_SIZE, leading=CELL_LEADING)
    add("cell_wide", fontSize=BODY_SIZE - 0.5, leading=CELL_LEADING + 0.5)
    # Labels are the register's own words: never broken inside a word (a test holds every label word to the
    # label column's width).
    add("label", fontName=FONT_BOLD, fontSize=CELL_SIZE - 0.5, leading=CELL_LEADING - 0.5, textColor=INK,
        splitLongWords=0)
    add("header", fontName=FONT_BOLD, fontSize=CELL_SIZE - 0.5, leading=CELL_LEADING - 0.5, textColor=INK)
    add("missing", "cell_wide", fontName=FONT_ITALIC, textColor=MISSING)
    add("empty", "cell_wide", textColor=MUTED)
    add("note", "cell", fontName=FONT_ITALIC)  # ROPA's notes, set apart from the vendors' words
    for severity, colour in SEVERITY_COLOURS.items():
        add(f"severity_{severity}", "cell", fontName=FONT_BOLD, textColor=colour)
    add("cover_title", fontName=FONT_BOLD, fontSize=26, leading=32, textColor=ACCENT, spaceAfter=18)
    add("cover_org", fontName=FONT_BOLD, fontSize=17, leading=22, spaceAfter=4)
    add("cover_orgnr", fontSize=11, leading=15, textColor=MUTED, spaceAfter=28)
    add("cover_label", fontName=FONT_BOLD, fontSize=9.5, leading=13, textColor=MUTED)
    add("cover_value", fontSize=10, leading=14)
    add("cover_small", fontSize=8, leading=11, textColor=MUTED)
    add("toc", fontSize=9.5, leading=13)
    add("toc1", fontSize=9, leading=12)
    return s


# --- text ------------------------------------------------------------------------------------------------

def one_line(text: str, limit: int = HEADING_CHARS) -> str:
    """A title on one line, cut with an ellipsis: for headings, the outline and the TOC."""
    text = " ".join(strip_xml_illegal(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def split_long(text: str, width: float, style: ParagraphStyle, max_lines: int = MAX_CELL_LINES) -> list[str]:
    """Cut text into pieces of at most about ``max_lines`` lines in a cell ``width`` wide, by line and then at a
    space. reportlab cannot split one Paragraph inside a table row, and a row taller than a page raises
    LayoutError; the estimate allows for word wrapping wasting up to half a line."""
    usable = max(width - 2 * CELL_PADDING, 4 * style.fontSize)
    # Fast path: even if every character were one em wide (DejaVu's widest common glyphs), it fits.
    if len(text) * style.fontSize / usable + text.count("\n") + 1 <= max_lines:
        return [text]
    factor = 1.15 / usable
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for line in text.split("\n"):
        while True:
            line_width = pdfmetrics.stringWidth(line, style.fontName, style.fontSize)
            need = max(1, math.ceil(line_width * factor))
            if used + need <= max_lines:
                current.append(line)
                used += need
                break
            if current:
                pieces.append("\n".join(current))
                current, used = [], 0
                continue
            budget = max(1, int(len(line) * max_lines / need))
            cut = line.rfind(" ", budget // 2, budget)
            cut = cut + 1 if cut > 0 else budget
            pieces.append(line[:cut])
            line = line[cut:]
    if current:
        pieces.append("\n".join(current))
    return pieces


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(paragraph_text(text), style)


EMAIL = re.compile(r"[^\s@<>()«»\"',;]+@[^\s@<>()«»\"',;]+\.[A-Za-z]{2,}")
MIN_EMAIL_SIZE = 5.0


def _keeping_emails_whole(text: str, width: float, style: ParagraphStyle) -> ParagraphStyle:
    """A style in which every e-mail address in ``text`` fits the cell on one line: an address broken over two
    lines cannot be copied or trusted. The cell's text is set smaller only when an address would not fit."""
    if "@" not in text:
        return style
    usable = width - 2 * CELL_PADDING
    widest = max((pdfmetrics.stringWidth(m, style.fontName, style.fontSize) for m in EMAIL.findall(text)),
                 default=0.0)
    if widest <= usable:
        return style
    size = max(MIN_EMAIL_SIZE, style.fontSize * usable / widest)
    return ParagraphStyle(f"{style.name}-email", parent=style, fontSize=size, leading=size * 1.2)


def cell_pieces(text: str, width: float, style: ParagraphStyle, bold_first_line: bool = False) -> list:
    """User text as one Paragraph per piece (see :func:`split_long`); "" for an empty cell."""
    if not text:
        return [""]
    style = _keeping_emails_whole(text, width, style)
    pieces = split_long(text, width, style)
    out: list = []
    for i, piece in enumerate(pieces):
        if i == 0 and bold_first_line:
            head, sep, rest = piece.partition("\n")
            markup = f"<b>{paragraph_text(head)}</b>" + (f"<br/>{paragraph_text(rest)}" if sep else "")
            out.append(Paragraph(markup, style))
        else:
            out.append(Paragraph(paragraph_text(piece), style))
    return out


def rows_for(cells: Sequence[tuple[str, ParagraphStyle] | tuple[str, ParagraphStyle, bool]],
             widths: Sequence[float]) -> list[list]:
    """One logical table row as one or more table rows: a long cell continues in the rows below."""
    columns = [cell_pieces(c[0], w, c[1], len(c) > 2 and c[2]) for c, w in zip(cells, widths)]
    height = max(len(c) for c in columns)
    if height == 1:
        return [[c[0] for c in columns]]
    return [[c[i] if i < len(c) else "" for c in columns] for i in range(height)]


# Empty cells are strings, drawn in the cell's font: without FONTNAME every page would name Helvetica (unembedded).
BASE_TABLE_STYLE = (("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT))


def data_table(headers: Sequence[str], rows: list[list], widths: Sequence[float], spans: Sequence[int] = (),
               rules: Sequence[int] | None = None) -> Table:
    """A table with a header row that repeats on every page it runs onto. The style is the same for every row:
    per-row commands would be copied into each part on every page split. A short table may ask for them:
    ``spans``, rows (of ``rows``, from 0) whose first cell runs across the table; ``rules``, the rows a line is
    drawn under (every row when None)."""
    header_style = styles()["header"]
    table = Table([[Paragraph(paragraph_text(h), header_style) for h in headers], *rows], colWidths=list(widths),
                  repeatRows=1, hAlign="LEFT")
    lines = ([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)] if rules is None else
             [("LINEBELOW", (0, 0), (-1, 0), 0.4, RULE)] + [("LINEBELOW", (0, r + 1), (-1, r + 1), 0.4, RULE)
                                                             for r in rules])
    table.setStyle(TableStyle([
        *BASE_TABLE_STYLE,
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        *lines,
        *(("SPAN", (0, r + 1), (-1, r + 1)) for r in spans),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def widths_of(fractions: Sequence[float]) -> list[float]:
    total = sum(fractions)
    return [FRAME_WIDTH * f / total for f in fractions]


MAX_WORD_SHARE = 0.35  # a word wider than this share of the page is broken anyway (a pasted URL, a long token)
MIN_COLUMN_WIDTH = 6 * mm


def _widest_word(texts: Sequence[tuple[str, ParagraphStyle]]) -> float:
    """The width of the widest word of a column's cells (e-mail addresses aside: they are set smaller to fit,
    see _keeping_emails_whole). Only the longest words are measured: a change log has 20,000 cells."""
    by_style: dict[tuple[str, float], set[str]] = {}
    for text, style in texts:
        if text:
            by_style.setdefault((style.fontName, style.fontSize), set()).update(
                w for w in text.split() if "@" not in w)
    widest = 0.0
    for (font, size), words in by_style.items():
        if not words:
            continue
        longest = max(len(w) for w in words)
        for w in words:
            if len(w) >= longest * 0.6:
                widest = max(widest, pdfmetrics.stringWidth(w, font, size))
    return widest


def fitted_widths(fractions: Sequence[float], columns: Sequence[Sequence[tuple[str, ParagraphStyle]]]) -> list[float]:
    """Column widths for a data table: every column at least as wide as its widest word (with the padding), so a
    word is never broken without a hyphen («Supporthenvendel ser»); a column with nothing but its heading no wider
    than that (the change log's empty «Fra» column); the rest of the page shared by ``fractions``, as before.
    ``columns``: per column, its cells' (text, style), the heading first."""
    frame = FRAME_WIDTH
    need = [min(max(_widest_word(cells) + 2 * CELL_PADDING + 1, MIN_COLUMN_WIDTH), frame * MAX_WORD_SHARE)
            for cells in columns]
    if sum(need) >= frame:
        return [frame * n / sum(need) for n in need]
    widths: dict[int, float] = {i: need[i] for i, cells in enumerate(columns) if not any(t for t, _ in cells[1:])}
    while True:  # share what is left by the fractions; a column whose share is narrower than its words keeps those
        rest = [i for i in range(len(columns)) if i not in widths]
        if not rest:
            break
        space = frame - sum(widths.values())
        total = sum(fractions[i] for i in rest)
        share = {i: space * fractions[i] / total for i in rest}
        narrow = [i for i in rest if share[i] < need[i]]
        if not narrow:
            widths.update(share)
            break
        widths.update({i: need[i] for i in narrow})
    spare = frame - sum(widths.values())  # every column empty: the page's width still
    if spare > 0.01:
        widths = {i: w + spare * fractions[i] / sum(fractions) for i, w in widths.items()}
    return [widths[i] for i in range(len(columns))]


# --- dates -----------------------------------------------------------------------------------------------
# Dates are written by ropa_app.dates, in the time zone the export was made in (the made_at's offset).

def format_date(iso: str, lang: str, made_at: str) -> str:
    return format_date_long(iso, lang, zone_of(made_at))


def format_datetime(iso: str, lang: str, made_at: str) -> str:
    return format_datetime_long(iso, lang, zone_of(made_at))


def short_timestamp(iso: str, lang: str, made_at: str) -> str:
    """The change log's compact form: '24.11.2026 kl. 10.15'."""
    return format_datetime_short(iso, lang, zone_of(made_at))

