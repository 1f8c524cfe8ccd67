"""The processor's register (art. 30(2)) in the PDF: the processor itself, then one label/value table per
controller it acts for, in the processor template's order, mandatory fields marked as in the controller's register,
each with a small map of where that controller's data goes. Built from the Register (ropa_app.processor_columns),
with the controller register's flowables and styles (pdf_story, pdf_style)."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from ropa_app.dataflow import served_controller_map
from ropa_app.export.pdf_dataflow import map_block
from ropa_app.export.pdf_story import (
    KEEP_WITH_HEADING,
    Heading,
    label_value_table,
)
from ropa_app.export.pdf_style import (
    HEADING_CHARS,
    RULE,
    one_line,
    para,
    styles,
)
from ropa_app.i18n import t
from ropa_app.model import Register
from ropa_app.processor_columns import PROCESSOR_COLUMNS, processor_rows

SMALL_MAP_HEIGHT = 150.0


def processor_section(register: Register, lang: str) -> list[Flowable]:
    s = styles()
    part = register.processor
    out: list[Flowable] = [CondPageBreak(KEEP_WITH_HEADING),
                           Heading(t("pdf.section.processor", lang), s["h1"], "processor", 0),
                           para(t("pdf.section.processor_intro", lang), s["intro"])]
    role = [(label, value, False) for label, value in processor_rows(register, lang)]
    role[0] = (role[0][0], role[0][1], True)  # the processor's name and contact details: art. 30(2)(a)
    role.append((t("field.processor_role.security_measures", lang), part.security_measures, False))
    if part.transfers_note:
        role.append((t("field.processor_role.transfers_note", lang), part.transfers_note, False))
    out.append(label_value_table(role, lang))
    out.append(Spacer(1, 4 * mm))
    if not part.controllers:
        return out + [para(t("xlsx.none.served_controllers", lang), s["body"])]
    for number, c in enumerate(part.controllers, 1):
        title = f"{number}. {one_line(c.name, HEADING_CHARS)}"
        rows = [(col.label(lang), col.text(c, part, lang), col.mandatory) for col in PROCESSOR_COLUMNS]
        table = label_value_table(rows, lang, t("pdf.value.continued", lang, title=title))
        out += [CondPageBreak(KEEP_WITH_HEADING), Heading(title, s["h2"], f"served-{c.id}", 1), table,
                Spacer(1, 3 * mm)]
        flow = served_controller_map(register, c, lang)
        out += map_block(flow, lang, SMALL_MAP_HEIGHT, para(flow.title, s["h2"]))
    return out



def processor_cover(register: Register, lang: str) -> list[Flowable]:
    """The cover of a PDF holding the processor's register alone."""
    from collections import Counter

    from reportlab.platypus import TableStyle

    from ropa_app.export.pdf_style import ACCENT, BASE_TABLE_STYLE, FRAME_WIDTH, format_datetime
    from ropa_app.validation import format_orgnr

    s = styles()
    org = register.organisation
    counts = Counter(g.severity for g in register.gaps)
    gap_lines = "\n".join(t("pdf.cover.gap_count", lang, severity=t(f"severity.{sev}", lang), count=counts[sev])
                          for sev in ("mandatory", "warning", "notice") if counts[sev]) or t("pdf.cover.no_gaps", lang)
    facts = [(t("pdf.cover.made", lang), format_datetime(register.made_at, lang, register.made_at)),
             (t("pdf.processor.cover.controllers", lang), str(len(register.processor.controllers)))]
    if not register.for_datatilsynet:
        facts.append((t("pdf.cover.gaps", lang), gap_lines))
    table = Table([[para(label, s["cover_label"]), para(value, s["cover_value"])] for label, value in facts],
                  colWidths=[45 * mm, FRAME_WIDTH - 45 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([*BASE_TABLE_STYLE, ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                               ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT), ("LINEBELOW", (0, 0), (-1, -1), 0.4,
                                                                               RULE)]))
    orgnr = format_orgnr(org.org_number)
    return [Spacer(1, 40 * mm),
            Heading(t("pdf.processor.title", lang), s["cover_title"], "cover", 0, in_toc=False),
            para(one_line(org.name, 200) or "–", s["cover_org"]),
            para(f"{t('pdf.cover.org_number', lang)} {one_line(orgnr, 40)}" if orgnr else "", s["cover_orgnr"]),
            table, Spacer(1, 14 * mm), para(t("pdf.processor.cover.intro", lang), s["cover_small"])]
