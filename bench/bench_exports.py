"""Export speed against the libraries' own floor, measured by hand (not a test):

    .venv/bin/python bench/bench_exports.py [--activities 2000] [--runs 3]

Builds a large register with the sample generator, then measures in one run:
- the xlsx export against openpyxl writing the same cell values raw in write-only mode (target <= 1.3x);
- the PDF export against reportlab building the same paragraphs and tables raw (target <= 1.3x).
"""
from __future__ import annotations

import argparse
import gc
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def best(fn, runs: int) -> float:
    """The best CPU time of ``runs`` (CPU time: less disturbed by whatever else the machine does)."""
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def raw_xlsx_cells(register, lang):
    """The same cell values the export writes, sheet by sheet, as plain rows."""
    from ropa_app.columns import PROTOKOLL_COLUMNS, gap_text, locations_text, organisation_rows

    sheets = {
        "org": [list(r) for r in organisation_rows(register, lang)],
        "protokoll": [["Nr."] + [c.label(lang) for c in PROTOKOLL_COLUMNS]]
        + [[e.id] + [c.text(e, lang) for c in PROTOKOLL_COLUMNS] for e in register.entries],
        "processors": [[p.vendor, p.service, p.role, p.dpa_reference, p.vendor_dpa_terms,
                        locations_text(p.countries, lang), ", ".join(p.sub_processors)] for p in register.processors],
        "subs": [[s.name, s.processor, s.service, s.activity, s.data, locations_text(s.locations, lang)]
                 for s in register.sub_processors],
        "transfers": [[t.recipient, t.country, t.status, t.mechanism] for t in register.transfers],
        "gaps": [[g.severity, g.activity_title, g.field, gap_text(g, lang)] for g in register.gaps],
        "log": [[e.at, e.who, e.entity, e.entity_id, e.field, e.old, e.new] for e in register.change_log],
    }
    return sheets


def raw_xlsx(sheets) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(io.BytesIO())


def raw_pdf(register, lang) -> None:
    """reportlab building the same paragraphs and tables (the export's body) in a plain SimpleDocTemplate: no cover,
    contents, bookmarks or page footers."""
    from reportlab.platypus import SimpleDocTemplate

    from ropa_app.export.pdf_story import body
    from ropa_app.export.pdf_style import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_SIZE, register_fonts

    register_fonts()
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=PAGE_SIZE, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, invariant=1, pageCompression=1)
    doc.build(body(register, lang))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from ropa_app.export.pdf import render_pdf
    from ropa_app.export.xlsx import render_xlsx
    from ropa_app.register import build_register
    from ropa_app.store import open_ropa
    from sample_data.generate import generate

    path = generate(Path(tempfile.mkdtemp()) / "big.ropa", args.activities)
    with open_ropa(path, read_only=True) as store:
        register = build_register(store)
    print(f"register: {len(register.entries)} activities, {len(register.gaps)} gaps, "
          f"{len(register.change_log)} change-log entries")
    lang = "nb"
    sheets = raw_xlsx_cells(register, lang)
    floor = best(lambda: raw_xlsx(sheets), args.runs)  # the values are ready: the floor is openpyxl alone
    ours = best(lambda: render_xlsx(register, lang, io.BytesIO(), lambda f, m: None), args.runs)
    print(f"xlsx: export {ours:.2f} s, raw write-only openpyxl {floor:.2f} s, ratio {ours / floor:.2f} (target <= 1.3)")
    floor = best(lambda: raw_pdf(register, lang), args.runs)
    ours = best(lambda: render_pdf(register, lang, io.BytesIO(), lambda f, m: None), args.runs)
    print(f"pdf:  export {ours:.2f} s, raw reportlab {floor:.2f} s, ratio {ours / floor:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
