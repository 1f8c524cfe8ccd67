"""The data-flow map in the PDF, drawn as vector graphics (reportlab.graphics) from ropa_app.dataflow: the same nodes,
edges, colours and labels the app shows. A safeguard is a numbered mark on its arrow, listed under the map in full
(a label squeezed between two boxes would be cut)."""
from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table, TableStyle

from ropa_app.dataflow import COLUMNS, FlowMap, activity_map, company_map, legend
from ropa_app.dataflow import STATUS_COLOURS
from ropa_app.export.pdf_style import BASE_TABLE_STYLE, FONT, FONT_BOLD, FRAME_HEIGHT, FRAME_WIDTH, MUTED, para, styles
from ropa_app.i18n import t
from ropa_app.model import Register

BOX_HEIGHT = 20.0
ROW_GAP = 7.0
HEADER_HEIGHT = 14.0
LABEL_SIZE = 7.0
MARK_SIZE = 6.0
MAX_ACTIVITY_MAPS = 100  # beyond this the company map speaks for them (the app shows each activity's map)
SMALL_MAP_HEIGHT = 190.0


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


LABEL_SIZES = (LABEL_SIZE, 6.5, 6.0, 5.5, 5.0)  # a long name is wrapped, then set smaller, before it is cut


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` wrapped at spaces into lines ``width`` wide (a word wider than that is a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def box_label(text: str, font: str, width: float, height: float = BOX_HEIGHT) -> tuple[float, list[str]]:
    """A box's label as (size, lines): whole on one line, else wrapped onto as many lines as the box holds, set
    smaller if it must be («Fjordlys Fysioterapi og Manuellterapi AS» whole, not «Fjordlys Fysioterapi…»); cut
    with an ellipsis only when even the smallest size cannot hold it."""
    for size in LABEL_SIZES:
        lines = _lines(text, font, size, width)
        if len(lines) * size * 1.15 <= height - 3 and all(stringWidth(x, font, size) <= width for x in lines):
            return size, lines
    size = LABEL_SIZES[-1]
    room = max(1, int((height - 3) // (size * 1.15)))
    lines = _lines(text, font, size, width)
    kept = [_fit(x, font, size, width) for x in lines[:room]]
    if len(lines) > room:
        kept[-1] = _fit(kept[-1].rstrip("…") + " " + lines[room], font, size, width)
        if not kept[-1].endswith("…"):
            kept[-1] = _fit(kept[-1] + "…", font, size, width)
    return size, kept


def flow_drawing(flow: FlowMap, lang: str, width: float = FRAME_WIDTH,
                 max_height: float = FRAME_HEIGHT - 60) -> tuple[Drawing, list[tuple[int, str, str]]]:
    """The map as a Drawing at most ``max_height`` high (scaled down when it has many rows), and the numbered
    safeguards (number, "from → to", safeguard)."""
    columns = len(COLUMNS)
    box_width = width * 0.19
    gap = (width - columns * box_width) / (columns - 1)
    rows = max(flow.rows, 1)
    height = HEADER_HEIGHT + rows * (BOX_HEIGHT + ROW_GAP)
    d = Drawing(width, height)
    d.initialFontName, d.initialFontSize = FONT, LABEL_SIZE  # else the drawing's state names Helvetica (unembedded)
    per_column: dict[int, int] = {}
    for n in flow.nodes:
        per_column[n.column] = per_column.get(n.column, 0) + 1
    where: dict[str, tuple[float, float]] = {}
    for n in flow.nodes:
        x = n.column * (box_width + gap)
        offset = (rows - per_column[n.column]) * (BOX_HEIGHT + ROW_GAP) / 2  # each column centred
        y = height - HEADER_HEIGHT - offset - (n.row + 1) * (BOX_HEIGHT + ROW_GAP) + ROW_GAP / 2
        where[n.id] = (x, y)
    for column, kind in enumerate(COLUMNS):
        if column in per_column:
            d.add(String(column * (box_width + gap), height - 9, _fit(t(f"dataflow.column.{kind}", lang), FONT_BOLD,
                                                                       7, box_width + gap * 0.8),
                         fontName=FONT_BOLD, fontSize=7, fillColor=MUTED))
    notes: list[tuple[int, str, str]] = []
    for e in flow.edges:
        (x1, y1), (x2, y2) = where[e.source], where[e.target]
        start, end = (x1 + box_width, y1 + BOX_HEIGHT / 2), (x2, y2 + BOX_HEIGHT / 2)
        line = colors.HexColor(STATUS_COLOURS[e.status][1]) if e.status else colors.HexColor("#8A929C")
        d.add(Line(*start, end[0] - 4, end[1], strokeColor=line, strokeWidth=0.8 if not e.needs_safeguard else 1.2))
        d.add(Polygon([end[0], end[1], end[0] - 5, end[1] + 2.5, end[0] - 5, end[1] - 2.5], fillColor=line,
                      strokeColor=line, strokeWidth=0.3))
        if e.needs_safeguard and e.safeguard:
            number = len(notes) + 1
            notes.append((number, f"{flow.node(e.source).label} → {flow.node(e.target).label}", e.safeguard))
            # near the arrow's start: arrows into one country converge, their starts do not
            mx = start[0] + min(gap * 0.4, 20)
            my = start[1] + (end[1] - start[1]) * (mx - start[0]) / max(end[0] - start[0], 1)
            d.add(Rect(mx - 6, my - 4, 12, 8, rx=2, ry=2, fillColor=colors.white, strokeColor=line, strokeWidth=0.6))
            d.add(String(mx, my - 2.2, str(number), fontName=FONT_BOLD, fontSize=MARK_SIZE, fillColor=line,
                         textAnchor="middle"))
    for n in flow.nodes:
        x, y = where[n.id]
        fill, stroke = n.colours
        d.add(Rect(x, y, box_width, BOX_HEIGHT, rx=3, ry=3, fillColor=colors.HexColor(fill),
                   strokeColor=colors.HexColor(stroke), strokeWidth=0.8))
        ink = colors.white if n.kind == "company" else colors.HexColor("#1F2328")
        font = FONT_BOLD if n.kind == "company" else FONT
        size, lines = box_label(n.label, font, box_width - 8)
        leading = size * 1.15
        top = y + BOX_HEIGHT / 2 + len(lines) * leading / 2 - size + 1  # the lines centred in the box
        for i, text in enumerate(lines):
            d.add(String(x + 4, top - i * leading, text, fontName=font, fontSize=size, fillColor=ink))
    if height > max_height:
        scale = max_height / height
        d.scale(scale, scale)
        d.width, d.height = width * scale, max_height
    return d, notes


def _legend(flow: FlowMap, lang: str) -> Flowable:
    s = styles()
    cells, style = [], [*BASE_TABLE_STYLE, ("LEFTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    shown = set(flow.statuses())
    for i, (status, label) in enumerate((s_, l_) for s_, l_ in legend(lang) if s_ in shown):
        cells += ["", para(label, s["cell"])]
        fill, stroke = STATUS_COLOURS[status]
        style += [("BACKGROUND", (2 * i, 0), (2 * i, 0), colors.HexColor(fill)),
                  ("BOX", (2 * i, 0), (2 * i, 0), 0.6, colors.HexColor(stroke))]
    if not cells:
        return Spacer(1, 1)
    table = Table([cells], colWidths=[8, 100] * (len(cells) // 2), rowHeights=[11], hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def _notes(notes: list[tuple[int, str, str]]) -> list[Flowable]:
    s = styles()
    return [para(f"{n}. {where}: {text}", s["cell"]) for n, where, text in notes]


def map_block(flow: FlowMap, lang: str, max_height: float, heading: Flowable | None = None) -> list[Flowable]:
    drawing, notes = flow_drawing(flow, lang, max_height=max_height)
    out: list[Flowable] = [CondPageBreak(min(drawing.height + 40, FRAME_HEIGHT - 20))]
    if heading is not None:
        out.append(heading)
    out += [drawing, Spacer(1, 2 * mm), _legend(flow, lang), Spacer(1, 1 * mm), *_notes(notes), Spacer(1, 5 * mm)]
    return out


def dataflow_section(register: Register, lang: str) -> list[Flowable]:
    """One page for the whole company, then a small map per activity."""
    from ropa_app.export.pdf_story import Heading

    s = styles()
    out: list[Flowable] = [PageBreak(), Heading(t("pdf.section.dataflow", lang), s["h1"], "dataflow", 0),
                           para(t("pdf.section.dataflow_intro", lang), s["intro"])]
    out += map_block(company_map(register, lang), lang, FRAME_HEIGHT - 170)
    entries = register.entries[:MAX_ACTIVITY_MAPS]
    if entries:
        out.append(PageBreak())
    for number, entry in enumerate(entries, 1):
        flow = activity_map(register, entry, lang)
        title = para(t("pdf.dataflow.activity", lang, number=number, title=entry.title), s["h2"])
        out += map_block(flow, lang, SMALL_MAP_HEIGHT, title)
    if len(register.entries) > MAX_ACTIVITY_MAPS:
        out.append(para(t("pdf.dataflow.more", lang, count=len(register.entries) - MAX_ACTIVITY_MAPS), s["intro"]))
    return out
