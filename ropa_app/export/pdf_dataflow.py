"""The data-flow map in the PDF, drawn as vector graphics (reportlab.graphics) from ropa_app.dataflow: the same nodes,
edges, colours and labels the app shows. A safeguard is a numbered mark on its arrow, listed under the map in full
(a label squeezed between two boxes would be cut)."""
from __future__ import annotations

from reportlab.graphics.shapes import Drawing, PolyLine, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import NotAtTopPageBreak

from ropa_app.dataflow import COLUMNS, LEGEND_COLOURS, FlowMap, Metrics, activity_map, company_map, layout, legend
from ropa_app.export.pdf_style import BASE_TABLE_STYLE, FONT, FONT_BOLD, FRAME_HEIGHT, FRAME_WIDTH, MUTED, para, styles
from ropa_app.i18n import t
from ropa_app.model import Register

BOX_HEIGHT = 20.0
ROW_GAP = 7.0
HEADING_SIZE = 7.0
LABEL_SIZE = 7.0
MARK_SIZE = 6.0
MARK_WIDTH, MARK_HEIGHT = 12.0, 8.0  # a safeguard's numbered mark on its arrow
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


def pdf_metrics(width: float = FRAME_WIDTH) -> Metrics:
    """The PDF's sizes for ropa_app.dataflow.layout: four columns across the frame."""
    box_width, gap = width * 0.17, width * 0.08  # the gap before the countries twice as wide: arrows converge there
    return Metrics(box_width=box_width, box_height=BOX_HEIGHT, row_gap=ROW_GAP, column_gap=gap,
                   country_gap=width - len(COLUMNS) * box_width - (len(COLUMNS) - 2) * gap, channel=MARK_HEIGHT + 1.5,
                   line_height=HEADING_SIZE * 1.2, arrow=5.0, lead=MARK_WIDTH + 4,
                   measure=lambda text: stringWidth(text, FONT_BOLD, HEADING_SIZE))


def flow_drawing(flow: FlowMap, lang: str, width: float = FRAME_WIDTH,
                 max_height: float = FRAME_HEIGHT - 60) -> tuple[Drawing, list[tuple[int, str, str]]]:
    """The map as a Drawing at most ``max_height`` high (scaled down when it has many rows), and the numbered
    safeguards (number, "from → to", safeguard). Boxes, lane headings and arrows are where
    ropa_app.dataflow.layout puts them: an arrow never passes through a box it does not start or end at."""
    m = pdf_metrics(width)
    plan = layout(flow, m)
    height = plan.height
    d = Drawing(width, height)
    d.initialFontName, d.initialFontSize = FONT, LABEL_SIZE  # else the drawing's state names Helvetica (unembedded)

    def up(y: float) -> float:  # the layout's y grows downwards, the drawing's upwards
        return height - y

    for h in plan.headings:
        for i, text in enumerate(h.lines):  # a word wider than the column is set smaller, not cut
            size = min(HEADING_SIZE, HEADING_SIZE * h.box.w / max(stringWidth(text, FONT_BOLD, HEADING_SIZE), 1))
            d.add(String(h.box.x, up(h.box.y + (i + 1) * m.line_height) + 1.5, text, fontName=FONT_BOLD,
                         fontSize=size, fillColor=MUTED))
    notes: list[tuple[int, str, str]] = []
    for route in plan.routes:
        e = route.edge
        line = colors.HexColor(e.colours[1]) if e.colours else colors.HexColor("#8A929C")
        points = [(x, up(y)) for x, y in route.points]
        flat = [v for point in points[:-1] for v in point]
        # a place that is only ROPA's reading: dashed, in its own colour, with a numbered note (never solid green)
        d.add(PolyLine(flat, strokeColor=line, strokeWidth=0.8 if not e.note else 1.2, strokeLineJoin=1,
                       strokeDashArray=[3, 2] if e.reading else None))
        end = points[-1]
        d.add(Polygon([end[0], end[1], end[0] - 5, end[1] + 2.5, end[0] - 5, end[1] - 2.5], fillColor=line,
                      strokeColor=line, strokeWidth=0.3))
        if e.note and route.mark:
            number = len(notes) + 1
            notes.append((number, f"{flow.node(e.source).label} → {flow.node(e.target).label}", e.note))
            # on the arrow's straight lead-out: arrows into one country converge, their starts do not
            mx, my = route.mark[0], up(route.mark[1])
            d.add(Rect(mx - MARK_WIDTH / 2, my - MARK_HEIGHT / 2, MARK_WIDTH, MARK_HEIGHT, rx=2, ry=2, fillColor=colors.white, strokeColor=line, strokeWidth=0.6))
            d.add(String(mx, my - 2.2, str(number), fontName=FONT_BOLD, fontSize=MARK_SIZE, fillColor=line,
                         textAnchor="middle"))
    for n in flow.nodes:
        box = plan.boxes[n.id]
        x, y = box.x, up(box.bottom)
        fill, stroke = n.colours
        d.add(Rect(x, y, box.w, box.h, rx=3, ry=3, fillColor=colors.HexColor(fill),
                   strokeColor=colors.HexColor(stroke), strokeWidth=0.8))
        ink = colors.white if n.kind == "company" else colors.HexColor("#1F2328")
        font = FONT_BOLD if n.kind == "company" else FONT
        size, lines = box_label(n.label, font, box.w - 8)
        leading = size * 1.15
        top = y + box.h / 2 + len(lines) * leading / 2 - size + 1  # the lines centred in the box
        for i, text in enumerate(lines):
            d.add(String(x + 4, top - i * leading, text, fontName=font, fontSize=size, fillColor=ink))
    if height > max_height:
        scale = max_height / height
        d.scale(scale, scale)
        d.width, d.height = width * scale, max_height
    return d, notes


SWATCH = 8.0


def legend_rows(flow: FlowMap, lang: str, width: float = FRAME_WIDTH) -> list[list[tuple[str, str, float]]]:
    """The legend's items (status, label, label width) in rows that fit ``width``: each label measured, an item
    that would not fit moved to the next row, a label wider than the whole row wrapped inside its cell."""
    s = styles()["cell"]
    shown = set(flow.statuses())
    rows: list[list[tuple[str, str, float]]] = [[]]
    used = 0.0
    for status, label in legend(lang):
        if status not in shown:
            continue
        room = min(stringWidth(label, s.fontName, s.fontSize) + LEGEND_PADDING, width - SWATCH)
        if rows[-1] and used + SWATCH + room > width:
            rows.append([])
            used = 0.0
        rows[-1].append((status, label, room))
        used += SWATCH + room
    return [r for r in rows if r]


LEGEND_PADDING = 14.0  # a label's cell: 3 to its left, the rest space before the next swatch


def _legend(flow: FlowMap, lang: str) -> list[Flowable]:
    """The legend as one table per row, each row as high as its labels need (a label is never drawn over what
    follows it)."""
    s = styles()
    out: list[Flowable] = []
    for row in legend_rows(flow, lang):
        cells, style = [], [*BASE_TABLE_STYLE, ("LEFTPADDING", (0, 0), (-1, -1), 3),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
        widths: list[float] = []
        for i, (status, label, room) in enumerate(row):
            cells += ["", para(label, s["cell"])]
            widths += [SWATCH, room]
            fill, stroke = LEGEND_COLOURS[status]
            style += [("BACKGROUND", (2 * i, 0), (2 * i, 0), colors.HexColor(fill)),
                      ("BOX", (2 * i, 0), (2 * i, 0), 0.6, colors.HexColor(stroke))]
        table = Table([cells], colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        out.append(table)
    return out or [Spacer(1, 1)]


def _notes(notes: list[tuple[int, str, str]]) -> list[Flowable]:
    s = styles()
    return [para(f"{n}. {where}: {text}", s["cell"]) for n, where, text in notes]


def _height(flowables: list[Flowable]) -> float:
    return sum(f.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


MIN_MAP_HEIGHT = 120.0  # below this a map is too small to read: the notes go on over the page instead


def map_block(flow: FlowMap, lang: str, max_height: float, heading: Flowable | None = None,
              room: float = FRAME_HEIGHT) -> list[Flowable]:
    """The map with its heading, legend and numbered notes, on one page: the drawing is made smaller where the
    notes need the room (``room``: the height the page has for the block), so a note is never parted from its map
    (DPO audit 4, N5). No space after it: a space pushed onto the next page made an empty page before a page
    break; the next heading's own space before it separates the blocks."""
    head = [heading] if heading is not None else []

    def block(height: float) -> tuple[list[Flowable], float, float]:
        drawing, notes = flow_drawing(flow, lang, max_height=height)
        below = [Spacer(1, 2 * mm), *_legend(flow, lang), Spacer(1, 1 * mm), *_notes(notes)]
        return [*head, drawing, *below], drawing.height + _height(head + below), drawing.height

    flowables, total, drawn = block(max_height)
    if total > room:
        fit = drawn - (total - room) - 2
        if fit >= MIN_MAP_HEIGHT:
            flowables, total, drawn = block(fit)
    # together on this page if they fit below what stands above, else on the next (never a page of its own beyond)
    return [CondPageBreak(min(total + 2, FRAME_HEIGHT - 20)), *flowables]


def dataflow_section(register: Register, lang: str) -> list[Flowable]:
    """One page for the whole company, then a small map per activity."""
    from ropa_app.export.pdf_story import Heading

    s = styles()
    top = [Heading(t("pdf.section.dataflow", lang), s["h1"], "dataflow", 0),
           para(t("pdf.section.dataflow_intro", lang), s["intro"])]
    # no page break where the page is a fresh one already (an empty page, DPO audit 4, N5)
    out: list[Flowable] = [NotAtTopPageBreak(), *top]
    out += map_block(company_map(register, lang), lang, FRAME_HEIGHT - 170,
                     room=FRAME_HEIGHT - _height(top) + top[0].getSpaceBefore())  # none above it at a page's top
    entries = register.entries[:MAX_ACTIVITY_MAPS]
    if entries:
        out.append(NotAtTopPageBreak())
    for number, entry in enumerate(entries, 1):
        flow = activity_map(register, entry, lang)
        title = para(t("pdf.dataflow.activity", lang, number=number, title=entry.title), s["h2"])
        out += map_block(flow, lang, SMALL_MAP_HEIGHT, title)
    if len(register.entries) > MAX_ACTIVITY_MAPS:
        out.append(para(t("pdf.dataflow.more", lang, count=len(register.entries) - MAX_ACTIVITY_MAPS), s["intro"]))
    return out
