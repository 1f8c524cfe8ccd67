"""The PDF register's content as reportlab flowables: cover, table of contents, and one section per part of the
Register. Layout and page furniture live in ropa_app/export/pdf.py; the look in pdf_style.py."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from ropa_app.change_log import describer_for
from ropa_app.columns import (
    PROTOKOLL_COLUMNS,
    field_label,
    gap_text,
    join_lines,
    location_statement_text,
    locations_text,
    organisation_rows,
    role_text,
    source_cite_text,
    source_document_text,
    sub_processor_mechanism_text,
    sub_processor_status_lines,
    sub_processor_task_text,
    transfer_rows,
)
from ropa_app.export.pdf_style import (
    ACCENT,
    BASE_TABLE_STYLE,
    FONT,
    FONT_BOLD,
    FRAME_WIDTH,
    HEADING_CHARS,
    LABEL_BG,
    MANDATORY,
    MANDATORY_HEX,
    RULE,
    cell_pieces,
    data_table,
    fitted_widths,
    format_date,
    format_datetime,
    one_line,
    para,
    rows_for,
    short_timestamp,
    styles,
    widths_of,
)
from ropa_app.export.sanitise import paragraph_text
from ropa_app.export.vendor_documents import (
    SaidOnce,
    description_cell,
    document_notes_text,
    document_terms,
    role_notes_text,
)
from ropa_app.i18n import has, t
from ropa_app.register import Entry, Register
from ropa_app.validation import format_orgnr

SEVERITIES = ("mandatory", "warning", "notice")
LOG_VALUE_CHARS = 1_000  # the change log shows at most this much of an old or new value
KEEP_WITH_HEADING = 40 * mm  # a heading starts a new page unless this much room is left below it
LABEL_WIDTH = 48 * mm
VALUE_WIDTH = FRAME_WIDTH - LABEL_WIDTH
# Column widths of the multi-column tables, in points of the 493-point frame (scaled to it). Each column fits its
# header's longest word and the longest usual word of its values ("adekvansbeslutning", "Organisasjonsnummer").
PROCESSOR_COLUMNS = (230, 75, 55, 90, 43)
VENDOR_TERMS_COLUMNS = (120, 373)
SUB_PROCESSOR_COLUMNS = (95, 80, 110, 100, 108)
TRANSFER_COLUMNS = (110, 70, 90, 160, 63)
SOURCE_COLUMNS = (30, 400, 63)
GAP_COLUMNS = (72, 100, 98, 223)
CHANGE_LOG_COLUMNS = (56, 42, 80, 80, 117, 117)  # old and new values widest: an e-mail address fits on a line


class Heading(Paragraph):
    """A section or activity heading: a table-of-contents line, a PDF destination and an outline entry.

    The document template notices it in ``afterFlowable``. A heading never splits: it moves to the next page."""

    def __init__(self, title: str, style, key: str, level: int, in_toc: bool = True) -> None:
        title = one_line(title) or "–"
        super().__init__(paragraph_text(title), style)
        self.toc_key, self.toc_level, self.outline_title, self.in_toc = key, level, title, in_toc

    def split(self, availWidth, availHeight):
        return []


class ActivityTable(Table):
    """An activity's label/value table; the part continuing on a new page gets a caption naming the activity."""

    caption = ""

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts[1:]:
            part.caption = part.continued_caption = self.caption
        return parts


class TocLine(Flowable):
    """One line of the table of contents. The page number is a PDF form defined when the document is saved, so
    the contents need only one layout pass (see pdf.RegisterCanvas)."""

    NUMBER_WIDTH = 28

    def __init__(self, title: str, key: str, level: int) -> None:
        super().__init__()
        self.title, self.key, self.level = title, key, level
        self.form_name = f"tocpage-{key}"
        self.style = styles()["toc" if level == 0 else "toc1"]
        self.font = FONT_BOLD if level == 0 else FONT
        self.indent = 0 if level == 0 else 14

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        room = availWidth - self.indent - self.NUMBER_WIDTH - 8
        self.lines = fit_lines(self.title, self.font, self.style.fontSize, room, 2)
        self.height = len(self.lines) * self.style.leading + (5 if self.level == 0 else 1)
        return self.width, self.height

    def draw(self) -> None:
        c, size, leading = self.canv, self.style.fontSize, self.style.leading
        c.setFillColor(ACCENT if self.level == 0 else self.style.textColor)
        c.setFont(self.font, size)
        y = self.height
        for line in self.lines:
            y -= leading
            c.drawString(self.indent, y + 0.25 * leading, line)
        baseline = y + 0.25 * leading
        end = self.indent + stringWidth(self.lines[-1], self.font, size) + 4
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.setDash(0.6, 2.4)
        c.line(end, baseline + 1, self.width - self.NUMBER_WIDTH, baseline + 1)
        c.setDash()
        c.saveState()
        c.translate(self.width, baseline)
        c.doForm(self.form_name)
        c.restoreState()
        c.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


def fit_lines(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines, breaking over-long words, with an ellipsis if cut."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while stringWidth(current, font, size) > width and len(current) > 1:
            n = _fitting_prefix(current, font, size, width)
            lines.append(current[:n])
            current = current[n:]
    lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + "…"]
    return lines


def _fitting_prefix(text: str, font: str, size: float, width: float) -> int:
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid], font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


# --- cover and contents ----------------------------------------------------------------------------------

def cover(register: Register, lang: str) -> list[Flowable]:
    s = styles()
    org = register.organisation
    approved = sum(1 for e in register.entries if e.status == "approved")
    counts = Counter(g.severity for g in register.gaps)
    gap_lines = "\n".join(t("pdf.cover.gap_count", lang, severity=t(f"severity.{sev}", lang), count=counts[sev])
                          for sev in SEVERITIES if counts[sev]) or t("pdf.cover.no_gaps", lang)
    facts = [
        (t("pdf.cover.made", lang), format_datetime(register.made_at, lang, register.made_at)),
        (t("pdf.cover.status", lang), t("pdf.cover.status_value_one" if len(register.entries) == 1
                                        else "pdf.cover.status_value", lang, total=len(register.entries),
                                        approved=approved, draft=len(register.entries) - approved)),
        *([] if register.for_datatilsynet else [(t("pdf.cover.gaps", lang), gap_lines)]),
        (t("pdf.cover.source", lang), t("pdf.cover.source_value", lang, file=one_line(register.file_name, 80),
                                        version=register.app_version, catalogue=register.catalogue_version or "–",
                                        countries=format_date(register.countries_date, lang, register.made_at))),
        (t("register.vendor_language", lang),
         t("register.vendor_language_value", lang, sheet=t("pdf.section.sources", lang))),
    ]
    table = Table([[para(label, s["cover_label"]), para(value, s["cover_value"])] for label, value in facts],
                  colWidths=[45 * mm, FRAME_WIDTH - 45 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([*BASE_TABLE_STYLE, ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                               ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT), ("LINEBELOW", (0, 0), (-1, -1), 0.4,
                                                                               RULE)]))
    orgnr = format_orgnr(org.org_number)
    return [
        Spacer(1, 40 * mm),
        Heading(t("pdf.title", lang), s["cover_title"], "cover", 0, in_toc=False),
        para(one_line(org.name, 200) or "–", s["cover_org"]),
        para(f"{t('pdf.cover.org_number', lang)} {one_line(orgnr, 40)}" if orgnr else "", s["cover_orgnr"]),
        table,
        Spacer(1, 14 * mm),
        para(t("pdf.cover.intro", lang), s["cover_small"]),
    ]


def contents(headings: Iterable[Heading], lang: str) -> list[Flowable]:
    s = styles()
    lines: list[Flowable] = [Heading(t("pdf.toc.title", lang), s["h1"], "contents", 0, in_toc=False)]
    lines += [TocLine(h.outline_title, h.toc_key, h.toc_level) for h in headings if h.in_toc]
    return lines


# --- sections --------------------------------------------------------------------------------------------

def body(register: Register, lang: str) -> list[Flowable]:
    """Every section after the contents, in the order of art. 30(1) and then the appendices."""
    numbers = {e.id: i + 1 for i, e in enumerate(register.entries)}
    story: list[Flowable] = []
    story += organisation_section(register, lang)
    story += [PageBreak()] + activities_section(register, lang)
    story += [PageBreak()] + processors_section(register, lang, numbers)
    story += [CondPageBreak(60 * mm)] + sub_processors_section(register, lang)
    story += [CondPageBreak(40 * mm)] + transfers_section(register, lang, numbers)
    story += [PageBreak()] + sources_section(register, lang, numbers)
    if not register.for_datatilsynet:  # the gap list and the change log are the company's working documents
        story += [PageBreak()] + gaps_section(register, lang, numbers)
        story += [PageBreak()] + change_log_section(register, lang, numbers)
    return story


def _section(key: str, lang: str, intro: bool = True) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [CondPageBreak(KEEP_WITH_HEADING), Heading(t(f"pdf.section.{key}", lang), s["h1"], key, 0)]
    if intro and has(f"pdf.section.{key}_intro"):
        out.append(para(t(f"pdf.section.{key}_intro", lang), s["intro"]))
    return out


def _label_value_style(extra: list | None = None) -> TableStyle:
    return TableStyle([
        *BASE_TABLE_STYLE,
        ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *(extra or []),
    ])


def organisation_section(register: Register, lang: str) -> list[Flowable]:
    s = styles()
    rows, lines = [], []
    for label, value in organisation_rows(register, lang):
        pieces = cell_pieces(value, VALUE_WIDTH, s["cell_wide"]) if value.strip() else [para("–", s["empty"])]
        rows.append([para(label, s["label"]), pieces[0]])
        rows += [["", p] for p in pieces[1:]]
        lines.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.4, RULE))
    table = Table(rows, colWidths=[LABEL_WIDTH, VALUE_WIDTH], hAlign="LEFT")
    table.setStyle(_label_value_style(lines))
    return _section("organisation", lang) + [table]


def activities_section(register: Register, lang: str) -> list[Flowable]:
    out = _section("activities", lang)
    if not register.entries:
        return out + [para(t("pdf.empty.activities", lang), styles()["body"])]
    labels = [(col, col.label(lang)) for col in PROTOKOLL_COLUMNS]
    for number, entry in enumerate(register.entries, 1):
        out += activity_block(entry, number, labels, lang)
    return out


def label_value_table(fields: Iterable[tuple[str, str, bool]], lang: str, caption: str = "") -> ActivityTable:
    """A two-column table (label, value) of (label, value, mandatory) rows: a mandatory label is marked with an
    orange asterisk and bar, an empty mandatory value says it is missing. The controller's activities and the
    processor's register are laid out by this one table."""
    s = styles()
    mark = f' <font color="{MANDATORY_HEX}">*</font>'
    missing = paragraph_text(t("pdf.value.missing", lang))
    rows: list[list] = []
    commands: list = []
    for label, value, mandatory in fields:
        if value.strip():
            pieces = cell_pieces(value, VALUE_WIDTH, s["cell_wide"])
        elif mandatory:
            pieces = [Paragraph(missing, s["missing"])]
        else:
            pieces = [Paragraph("–", s["empty"])]
        first = len(rows)
        rows.append([Paragraph(paragraph_text(label) + (mark if mandatory else ""), s["label"]), pieces[0]])
        rows += [["", p] for p in pieces[1:]]
        last = len(rows) - 1
        commands.append(("LINEBELOW", (0, last), (-1, last), 0.4, RULE))
        if mandatory:
            commands.append(("LINEBEFORE", (0, first), (0, last), 2, MANDATORY))
    table = ActivityTable(rows, colWidths=[LABEL_WIDTH, VALUE_WIDTH], hAlign="LEFT")
    table.setStyle(_label_value_style(commands))
    table.caption = paragraph_text(caption)
    return table


def activity_block(entry: Entry, number: int, labels, lang: str) -> list[Flowable]:
    """An activity's heading and its table; a column is mandatory by the same table as the gaps' grades."""
    s = styles()
    title = f"{number}. {one_line(entry.title, HEADING_CHARS)}"
    table = label_value_table(((label, col.text(entry, lang), col.mandatory_for(entry)) for col, label in labels),
                              lang, t("pdf.value.continued", lang, title=title))
    # Not keepWithNext: reportlab's KeepTogether would move every heading with a long table to a new page.
    return [CondPageBreak(KEEP_WITH_HEADING), Heading(title, s["h2"], f"activity-{entry.id}", 1), table,
            Spacer(1, 4 * mm)]


def _activity_refs(ids: Iterable[int], numbers: dict[int, int]) -> str:
    return ", ".join(str(numbers.get(i, i)) for i in ids)


def fitted_table(headers: list[str], cells: list[list[tuple]], fractions: Sequence[float]) -> Table:
    """A data table whose columns are wide enough for their words (pdf_style.fitted_widths): ``cells`` per row,
    each (text, style[, bold first line]) as rows_for takes them."""
    header = styles()["header"]
    columns: list[list[tuple]] = [[(h, header)] for h in headers]
    bold: dict[str, ParagraphStyle] = {}
    for row in cells:
        for column, cell in zip(columns, row):
            text, style = cell[0], cell[1]
            if len(cell) > 2 and cell[2]:  # its first line is set in bold
                head, _, text = text.partition("\n")
                strong = bold.get(style.name) or bold.setdefault(
                    style.name, ParagraphStyle(f"{style.name}-bold", parent=style, fontName=FONT_BOLD))
                column.append((head, strong))
            column.append((text, style))
    widths = fitted_widths(fractions, columns)
    rows: list[list] = []
    for row in cells:
        rows += rows_for(row, widths)
    return data_table(headers, rows, widths)


def processors_section(register: Register, lang: str, numbers: dict[int, int]) -> list[Flowable]:
    """One short row per service: who, the service as its vendor describes it, the company's agreement, where,
    sub-processors, activities. The vendors' terms follow in a block of their own, once per document: they are
    not the agreement, and a base's terms are not repeated for each add-on (ropa_app.export.vendor_documents)."""
    s = styles()
    out = _section("processors", lang)
    if not register.data_processors:  # an independent controller is a recipient only
        return out + [para(t("pdf.empty.processors", lang), s["body"])]
    said = SaidOnce()
    cells: list[list[tuple]] = []
    descriptions: list[str] = []
    for p in register.data_processors:
        vendor = join_lines(f"{p.vendor}\n{p.service}\n({role_text(p.role, lang)})", role_notes_text(register, p, lang))
        cells.append([(vendor, s["cell"], True), (p.dpa_reference or t("register.dpa_missing", lang), s["cell"]),
                      (locations_text(p.countries, lang), s["cell"]),
                      (", ".join(p.sub_processors), s["cell"]), (_activity_refs(p.activity_ids, numbers), s["cell"])])
        descriptions.append(description_cell(p, lang, said))
    headers = [t(f"pdf.column.{k}", lang) for k in ("vendor", "dpa", "countries", "sub_processors", "activities")]
    widths = fitted_widths(PROCESSOR_COLUMNS, [[(h, s["header"])] + [row[i][:2] for row in cells]
                                               for i, h in enumerate(headers)])
    # Each service: one row of short cells, then the service as its vendor describes it across the whole table.
    rows: list[list] = []
    spans: list[int] = []
    rules: list[int] = []
    for row, description in zip(cells, descriptions):
        rows += rows_for(row, widths)
        for piece in cell_pieces(description, FRAME_WIDTH, s["cell"]) if description else []:
            spans.append(len(rows))
            rows.append([piece] + [""] * (len(widths) - 1))
        rules.append(len(rows) - 1)
    out.append(data_table(headers, rows, widths, spans, rules))
    return out + vendor_terms_block(register, lang)


def vendor_terms_block(register: Register, lang: str) -> list[Flowable]:
    """The vendors' terms and the company's duties under them, once per vendor document, apart from the
    processors' table and its «Databehandleravtale» column."""
    s = styles()
    documents = document_terms(register, lang)
    if not documents:
        return []
    cells = [[(join_lines(d.vendor, d.document, t("pdf.value.services", lang, services=", ".join(d.services))),
               s["cell"], True), (d.text, s["cell"])] for d in documents]
    headers = [t(f"pdf.column.{k}", lang) for k in ("vendor_document", "vendor_terms")]
    widths = fitted_widths(VENDOR_TERMS_COLUMNS, [[(h, s["header"])] + [row[i][:2] for row in cells]
                                                  for i, h in enumerate(headers)])
    rows: list[list] = []
    for row in cells:
        rows += rows_for(row, widths)
    heading = Heading(t("pdf.section.vendor_terms", lang), s["h2"], "vendor_terms", 1)
    intro = para(t("pdf.section.vendor_terms_intro", lang), s["intro"])
    # The heading and its intro go to the next page with the table's first row when that does not fit below.
    first = data_table(headers, rows[:1], widths)
    room = sum(f.wrap(FRAME_WIDTH, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
               for f in (heading, intro, first))
    return [Spacer(1, 4 * mm), CondPageBreak(room + 2 * mm), heading, intro, data_table(headers, rows, widths)]


def sub_processors_section(register: Register, lang: str) -> list[Flowable]:
    s = styles()
    out = _section("sub_processors", lang)
    if not register.sub_processors:
        return out + [para(t("pdf.empty.sub_processors", lang), s["body"])]
    cells: list[list[tuple]] = []
    for sp in register.sub_processors:
        # «Ikke oppgitt» is what the status and ROPA's note say already: no place, no name for it
        places = "" if all(loc.status == "not_stated" for loc in sp.locations) else locations_text(sp.locations, lang)
        status = ", ".join(dict.fromkeys(t(f"country.status.{loc.status}", lang) for loc in sp.locations))
        if status.casefold() == places.casefold():  # «EU/EØS» once, not twice
            status = ""
        status = "\n".join(x for x in (status, *sub_processor_status_lines(sp, lang)) if x)
        statement = location_statement_text(sp.processor, sp.location_statement, sp.location_note, sp.locations,
                                            lang)
        where = "\n".join(x for x in (places, status, statement) if x)
        cells.append([(sp.name, s["cell"], True), (f"{sp.processor}\n{sp.service}", s["cell"]),
                      ("\n".join(x for x in (sp.activity, sp.data) if x) or sub_processor_task_text(sp, lang),
                       s["cell"]),
                      (where, s["cell"]), (sub_processor_mechanism_text(sp, lang), s["cell"])])
    headers = [t(f"pdf.column.{k}", lang) for k in ("sub_processor", "processor", "task", "location_status",
                                                      "mechanism")]
    return out + [fitted_table(headers, cells, SUB_PROCESSOR_COLUMNS)]


def transfers_section(register: Register, lang: str, numbers: dict[int, int]) -> list[Flowable]:
    """Transfers, unknown locations and the vendors' own answers: the same rows as the xlsx (ropa_app.columns)."""
    s = styles()
    out = _section("transfers", lang)
    rows_in = transfer_rows(register, lang)
    if not rows_in:
        return out + [para(t("pdf.empty.transfers", lang), s["body"])]
    cells: list[list[tuple]] = []
    for r in rows_in:
        recipient = r.recipient + (f"\n{t('pdf.via', lang, vendor=r.via)}" if r.via else "")
        cells.append([(recipient, s["cell"], True), (r.country, s["cell"]), (r.classification, s["cell"]),
                      (r.mechanism, s["cell"]), (_activity_refs(r.activity_ids, numbers), s["cell"])])
    headers = [t(f"pdf.column.{k}", lang) for k in ("recipient", "country", "classification", "mechanism",
                                                      "activities")]
    return out + [fitted_table(headers, cells, TRANSFER_COLUMNS)]


def sources_section(register: Register, lang: str, numbers: dict[int, int]) -> list[Flowable]:
    """The "Kilder" appendix: every vendor document section the register rests on, numbered; each activity's
    "Leverandørkilder" row refers to these numbers. After each document's sections, ROPA's notes on it (the
    catalogue's vendor notes: «Telias rolle», a missing link, a list that is not complete), labelled as ROPA's."""
    s = styles()
    out = _section("sources", lang)
    if not register.sources:
        return out + [para(t("pdf.empty.sources", lang), s["body"])]
    widths = widths_of(SOURCE_COLUMNS)
    rows: list[list] = []
    sources = register.sources
    for i, ref in enumerate(sources):
        rows += rows_for([(str(ref.number), s["cell"]), (source_cite_text(ref, lang), s["cell"]),
                          (_activity_refs(ref.activity_ids, numbers), s["cell"])], widths)
        last = i + 1 == len(sources) or (sources[i + 1].vendor, sources[i + 1].document) != (ref.vendor,
                                                                                            ref.document)
        notes = document_notes_text(register.notes_on(ref.vendor, ref.document), lang) if last else ""
        if notes:
            title = ": ".join(p for p in (ref.vendor, source_document_text(ref, lang)) if p)
            rows += rows_for([("", s["cell"]), (f"{title}\n{notes}", s["note"], True), ("", s["cell"])], widths)
    headers = [t(f"pdf.column.{k}", lang) for k in ("number", "source", "activities")]
    return out + [data_table(headers, rows, widths)]


def gaps_section(register: Register, lang: str, numbers: dict[int, int]) -> list[Flowable]:
    s = styles()
    out = _section("gaps", lang)
    if not register.gaps:
        return out + [para(t("pdf.empty.gaps", lang), s["body"])]
    severity = {sev: t(f"severity.{sev}", lang) for sev in SEVERITIES}
    general = t("pdf.value.general", lang)
    cells: list[list[tuple]] = []
    for gap in register.gaps:
        if gap.activity_id is None:  # the company's, or a controller it serves as processor (art. 30(2))
            activity = one_line(gap.activity_title, 120) if gap.activity_title else general
        else:
            activity = f"{numbers.get(gap.activity_id, gap.activity_id)}. {one_line(gap.activity_title, 120)}"
        cells.append([(severity.get(gap.severity, gap.severity), s.get(f"severity_{gap.severity}", s["cell"])),
                      (activity, s["cell"]), (field_label(gap.field, lang), s["cell"]),
                      (gap_text(gap, lang), s["cell"])])
    headers = [t(f"pdf.column.{k}", lang) for k in ("severity", "activity", "field", "gap")]
    return out + [fitted_table(headers, cells, GAP_COLUMNS)]


def _cut(value: str, lang: str) -> str:
    """A very long value is cut: the change log says what changed, and the current text is in full in its section."""
    if len(value) > LOG_VALUE_CHARS:
        value = value[:LOG_VALUE_CHARS].rstrip() + " " + t("pdf.value.cut", lang, chars=f"{len(value):,}".replace(
            ",", "\u00a0" if lang == "nb" else ","))
    return value


def change_log_section(register: Register, lang: str, numbers: dict[int, int]) -> list[Flowable]:
    s = styles()
    out = _section("change_log", lang)
    if not register.change_log:
        return out + [para(t("pdf.empty.change_log", lang), s["body"])]
    describer = describer_for(register, lang)
    cell = s["cell"]
    cells: list[list[tuple]] = []
    for entry in register.change_log:
        entity_id = entry.entity_id
        if entry.entity == "activity" and entity_id.isdigit():
            entity_id = str(numbers.get(int(entity_id), entity_id))  # the number the activity has in this document
        change = describer.describe(entry.entity, entity_id, entry.field, entry.old, entry.new,
                                     sentence=False)
        cells.append([(short_timestamp(entry.at, lang, register.made_at), cell), (entry.who, cell),
                      (change.what, cell), (change.field, cell), (_cut(change.old, lang), cell),
                      (_cut(change.new, lang), cell)])
    headers = [t(f"pdf.column.{k}", lang) for k in ("at", "who", "entity", "field", "old", "new")]
    return out + [fitted_table(headers, cells, CHANGE_LOG_COLUMNS)]


