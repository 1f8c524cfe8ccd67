"""The register as an A4 PDF (reportlab): cover, contents, the organisation, one table per activity, processors,
sub-processors, transfers, gaps and the change log; bookmarks per section and activity; "Side X av Y" footers.

One layout pass. reportlab's usual recipe for page numbers in a table of contents is ``multiBuild``, which lays the
whole document out at least twice; and the usual "page X of Y" canvas defers every page until the end, which
makes bookmarks point at the wrong page. Instead the contents lines and the footers draw a named PDF form whose
content (the page number) is defined when the canvas is saved, once every page number is known: forms may be
used before they are defined. The bytes are reproducible (invariant mode, dates from ``register.made_at``).
"""
from __future__ import annotations

import datetime as dt
import functools
import time
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
)

from ropa_app.export import Progress
from ropa_app.export.pdf_story import Heading, body, contents, cover
from ropa_app.export.pdf_style import (
    FONT,
    FOOTER_Y,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_SIZE,
    RULE,
    format_datetime,
    one_line,
    register_fonts,
    styles,
)
from ropa_app.i18n import normalise_language, t
from ropa_app.processor_register import with_listed_gaps
from ropa_app.register import Register

FOOTER_SIZE = 7.5
PROGRESS_STEPS = 8  # progress reports during layout, besides the first and the last two
POLL_SECONDS = 0.1  # the progress callback (where a cancel is raised) is called at least this often


@dataclass
class Layout:
    """What the single layout pass learns, for the canvas to write when it saves the file."""

    lang: str
    progress: Progress
    pages: dict[str, int] = field(default_factory=dict)  # heading key -> page number
    toc_forms: dict[str, str] = field(default_factory=dict)  # form name -> heading key
    fold_activities: bool = False
    total_weight: int = 1
    done_weight: int = 0
    next_report: float = 0.0
    last_call: float = field(default_factory=time.monotonic)
    fraction: float = 0.05
    page: int = 1

    def report(self, force: bool = False) -> None:
        """Call the progress callback at each reporting step, and at least every POLL_SECONDS in between (with
        the same fraction), so that a cancel raised there stops a long layout within a fraction of a second."""
        now = time.monotonic()
        if force or now - self.last_call >= POLL_SECONDS:
            self.last_call = now
            self.progress(self.fraction, t("pdf.progress.layout", self.lang, page=self.page))

    def poll(self) -> None:
        self.report()


class _PolledParagraph(Paragraph):
    """A table cell's paragraph that lets a cancel through while reportlab measures a long table (thousands of
    rows are wrapped before the first of them is placed). The class of existing cells is swapped, nothing else."""

    def wrap(self, available_width, available_height):
        self._poll()
        return super().wrap(available_width, available_height)

    def split(self, available_width, available_height):
        self._poll()
        return super().split(available_width, available_height)


def _poll_in_tables(story: list, layout: Layout) -> None:
    for flowable in story:
        if isinstance(flowable, Table):
            for row in flowable._cellvalues:
                for cell in row:
                    for item in cell if isinstance(cell, (list, tuple)) else (cell,):
                        if type(item) is Paragraph:
                            item.__class__ = _PolledParagraph
                            item._poll = layout.poll


def _weight(flowable) -> int:
    """Layout work of a flowable, roughly: table rows (the parts a split table draws are counted as they land)."""
    if isinstance(flowable, Table):
        repeat = flowable.repeatRows if isinstance(flowable.repeatRows, int) else len(flowable.repeatRows)
        return max(1, flowable._nrows - repeat)
    return 1


class RegisterCanvas(Canvas):
    """The canvasmaker: footers and contents lines reference page-number forms that :meth:`save` defines."""

    def __init__(self, *args, layout: Layout, made_at: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._layout = layout
        self._numbered_pages: list[int] = []
        self._pages_shown = 0
        _stamp_creation_date(self, made_at)

    def draw_page_number(self, right: float, y: float) -> None:
        """Draw "Side X av Y" right-aligned at (right, y); Y is filled in when the document is saved."""
        page = self.getPageNumber()
        self._numbered_pages.append(page)
        self.saveState()
        self.translate(right, y)
        self.doForm(f"pageno-{page}")
        self.restoreState()

    def showPage(self) -> None:
        super().showPage()
        self._pages_shown += 1
        self._layout.page = self._pages_shown + 1
        self._layout.report()

    def save(self) -> None:
        layout, total = self._layout, self._pages_shown
        layout.progress(0.96, t("pdf.progress.save", layout.lang, pages=total))
        for page in self._numbered_pages:
            self._number_form(f"pageno-{page}", t("pdf.footer.page", layout.lang, page=page, pages=total))
        for name, key in layout.toc_forms.items():
            self._number_form(name, str(layout.pages.get(key, "–")))
        super().save()

    def _number_form(self, name: str, text: str) -> None:
        self.beginForm(name, lowerx=-300, lowery=-4, upperx=0, uppery=12)
        self.setFont(FONT, FOOTER_SIZE if name.startswith("pageno-") else 9)
        self.setFillColor(MUTED)
        self.drawRightString(0, 0, text)
        self.endForm()


def _stamp_creation_date(canvas: Canvas, made_at: str) -> None:
    """Give the PDF the register's own time as its creation date (invariant mode alone would say 2000-01-01)."""
    try:
        when = dt.datetime.fromisoformat(made_at)
        stamp = canvas._doc._timeStamp
    except (AttributeError, TypeError, ValueError):
        return
    offset = int((when.utcoffset() or dt.timedelta()).total_seconds() // 60)
    stamp.t = when.timestamp()
    stamp.lt = when.timetuple()
    stamp.YMDhms = tuple(when.timetuple())[:6]
    stamp.dhh, stamp.dmm = int(offset / 60), abs(offset) % 60


class RegisterDocTemplate(BaseDocTemplate):
    """A cover page template without footer and a body template with one; headings become bookmarks, outline
    entries and contents page numbers as they are laid out."""

    def __init__(self, out: BinaryIO, layout: Layout, footer_text: str, **kwargs) -> None:
        super().__init__(out, pagesize=PAGE_SIZE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
                         bottomMargin=MARGIN_BOTTOM, **kwargs)
        self.layout = layout
        self.footer_text = footer_text

        def frame(name: str) -> Frame:
            return Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT, id=name, leftPadding=0, rightPadding=0,
                         topPadding=0, bottomPadding=0)

        self.addPageTemplates([PageTemplate("cover", [frame("cover")]),
                               PageTemplate("body", [frame("body")], onPageEnd=self._footer)])

    def _footer(self, canvas: RegisterCanvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, FOOTER_Y + 10, PAGE_SIZE[0] - MARGIN_X, FOOTER_Y + 10)
        canvas.setFont(FONT, FOOTER_SIZE)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, FOOTER_Y, self.footer_text)
        canvas.restoreState()
        canvas.draw_page_number(PAGE_SIZE[0] - MARGIN_X, FOOTER_Y)

    def handle_flowable(self, flowables: list) -> None:
        # An activity table running onto a new page gets a caption naming the activity.
        first = flowables[0] if flowables else None
        caption = getattr(first, "continued_caption", None)
        if caption and self.frame._atTop:
            first.continued_caption = None
            flowables.insert(0, Paragraph(caption, styles()["continued"]))
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable) -> None:
        layout = self.layout
        if isinstance(flowable, Heading):
            key = flowable.toc_key
            layout.pages[key] = self.page
            self.canv.bookmarkHorizontalAbsolute(key, self.frame._y + flowable.height + 6)
            # A long list of activities starts folded in the viewer's bookmark pane.
            self.canv.addOutlineEntry(flowable.outline_title, key, flowable.toc_level,
                                      closed=key == "activities" and layout.fold_activities)
        layout.done_weight += _weight(flowable)
        fraction = layout.done_weight / layout.total_weight
        step = fraction >= layout.next_report
        if step:
            layout.next_report = fraction + 1 / PROGRESS_STEPS
        layout.fraction, layout.page = 0.05 + 0.9 * min(fraction, 1.0), self.page
        layout.report(force=step)


def render_pdf(register: Register, lang: str, out: BinaryIO, progress: Progress) -> None:
    """Write ``register`` as a PDF to the open binary file ``out``."""
    lang = normalise_language(lang)
    progress(0.0, t("pdf.progress.prepare", lang))
    register_fonts()
    register = with_listed_gaps(register).in_language(lang)  # the gaps of the registers this copy holds
    layout = Layout(lang=lang, progress=progress, fold_activities=len(register.entries) > 30)
    sections = _sections(register, lang)
    toc = contents((f for f in sections if isinstance(f, Heading)), lang)
    for line in toc[1:]:
        layout.toc_forms[line.form_name] = line.key
    story = [*_cover(register, lang), NextPageTemplate("body"), PageBreak(), *toc, PageBreak(), *sections]
    # doc.build consumes the story as it lays it out; holding the flowables elsewhere would keep every laid-out
    # paragraph alive, and the growing heap makes the garbage collector cost a fifth of the build.
    del sections, toc
    layout.total_weight = max(1, sum(_weight(f) for f in story))
    _poll_in_tables(story, layout)
    layout.report(force=True)  # story made: the layout starts (a cancel meanwhile stops here)
    organisation = one_line(register.organisation.name, 200)
    doc = RegisterDocTemplate(
        out, layout, footer_text=_footer_text(register, lang),
        title=t("pdf.document_title", lang, organisation=organisation) if organisation else t("pdf.title", lang),
        author=organisation, subject=t("pdf.subject", lang), keywords=t("pdf.keywords", lang), creator="ROPA",
        lang="nb-NO" if lang == "nb" else "en", invariant=1, pageCompression=1, displayDocTitle=1,
        initialFontName=FONT, initialFontSize=9)  # else every page names Helvetica, unembedded
    doc.build(story, canvasmaker=functools.partial(RegisterCanvas, layout=layout, made_at=register.made_at))
    progress(1.0, t("pdf.progress.done", lang))


def _sections(register: Register, lang: str) -> list:
    """The body for the parts asked for: the controller's register (art. 30(1)) with its data-flow maps, the
    processor's (art. 30(2)), or both; then, for the company's own copy, the gap list and the change log."""
    from ropa_app.export.pdf_dataflow import dataflow_section
    from ropa_app.export.pdf_processor import processor_section
    from ropa_app.export.pdf_story import change_log_section, gaps_section
    from ropa_app.model import DATATILSYNET

    numbers = {e.id: i + 1 for i, e in enumerate(register.entries)}
    story: list = []
    if register.has_controller_part:
        # body() of the register alone (no working documents): they come once, after every part
        story += body(replace(register, audience=DATATILSYNET), lang)
        story += dataflow_section(register, lang)
    if register.has_processor_part:
        story += ([PageBreak()] if story else []) + processor_section(register, lang)
    if not register.for_datatilsynet:
        story += [PageBreak()] + gaps_section(register, lang, numbers)
        story += [PageBreak()] + change_log_section(register, lang, numbers)
    return story


def _cover(register: Register, lang: str) -> list:
    from ropa_app.export.pdf_processor import processor_cover

    return cover(register, lang) if register.has_controller_part else processor_cover(register, lang)


def _footer_text(register: Register, lang: str) -> str:
    made = t("pdf.footer.made", lang, made=format_datetime(register.made_at, lang, register.made_at))
    name = one_line(register.organisation.name, 70)
    return f"{name} · {made}" if name else made
