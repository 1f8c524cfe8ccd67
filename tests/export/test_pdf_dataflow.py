"""The PDF's data-flow map: the legend and the numbered safeguards under it never overlap («Unknown – must be
resolved» wrapped onto the footnote «1. We4you → Unknown country» in English)."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate

from ropa_app.dataflow import activity_map, company_map, served_controller_map
from ropa_app.export.pdf_dataflow import SMALL_MAP_HEIGHT, map_block
from ropa_app.export.pdf_style import FONT, FRAME_HEIGHT, PAGE_SIZE, register_fonts
from ropa_app.register import build_register
from ropa_app.store import open_ropa


def _text_boxes(flowables) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every line of text the PDF draws, with its box (x0, y0, x1, y1) on the page."""
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=PAGE_SIZE).build(flowables)
    out = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out.append((text.strip(), (x, y - 0.25 * size, x + stringWidth(text.strip(), FONT, size), y + size)))

    reader = PdfReader(buf)
    assert len(reader.pages) == 1
    reader.pages[0].extract_text(visitor_text=visit)
    return out


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_legend_and_the_safeguards_under_it_do_not_overlap(sample_file, lang):
    register_fonts()
    with open_ropa(sample_file) as store:
        register = build_register(store)
    maps = [(company_map(register, lang), FRAME_HEIGHT - 170), (activity_map(register, register.entries[0], lang),
                                                                SMALL_MAP_HEIGHT)]
    maps += [(served_controller_map(register, c, lang), SMALL_MAP_HEIGHT) for c in register.processor.controllers]
    unknown = {"nb": "Ukjent – må avklares", "en": "Unknown – must be resolved"}[lang]
    for flow, height in maps:
        lines = _text_boxes(map_block(flow, lang, height))
        notes = [box for text, box in lines if text[:3] in {f"{n}. " for n in range(1, 20)}]
        legend = [box for text, box in lines if text in {"Norge/EØS", "Norway/EEA", unknown}]
        assert notes and len(legend) == 2, (flow.title, [t for t, _ in lines])
        assert unknown in [text for text, _ in lines], "the legend's label is whole on one line"
        for x0, y0, x1, y1 in legend:
            for a0, b0, a1, b1 in notes:
                assert x1 <= a0 or a1 <= x0 or y1 <= b0 or b1 <= y0, (flow.title, (x0, y0, x1, y1), (a0, b0, a1, b1))
        assert min(y0 for _, y0, _, _ in legend) >= max(y1 for _, _, _, y1 in notes)  # the notes below it
