"""Export speed against the libraries' own floor, measured by hand (not a test):

    .venv/bin/python bench/bench_exports.py [--activities 2000] [--runs 5] [--only xlsx|pdf] [--process]

Builds a large register with the sample generator, then measures, alternating the two sides of each comparison
run by run and reporting the medians (and the median of the runs' ratios):
- the xlsx export against openpyxl writing the same cell values bare in write-only mode (target <= 1.3x). The
  floor's values come from ropa_app.export.xlsx.sheet_values, built by the same planner as the export's and
  ready-made before the clock starts: every sheet the export writes, every value as the export writes it. The
  export builds its texts inside its time (and the register's checksum, on a fresh copy each run, as after any
  change); its extra cost is that, styles, row heights, tables, validations and layout.
- with --process, the same comparison as whole processes, as a user meets it (the issue's table): `ropa export`
  on the file (interpreter start, imports, reading the file, building the register, the texts and the workbook,
  the atomic write) against a process that starts, imports openpyxl, loads the ready-made values and writes them.
- the xlsx export against its own row writer (ropa_app.export.xlsx.RowMarkup) writing the same values bare, for
  information: the export writes its rows' markup itself, faster than openpyxl's per-cell writer, so against
  openpyxl's floor the ratio is below 1; this one shows what the texts, styles, heights and layout cost.
- the PDF export against reportlab building the same paragraphs and tables raw (target <= 1.3x).
CPU time throughout (the process's own, or the child's): less disturbed by whatever else the machine does.
"""
from __future__ import annotations

import argparse
import dataclasses
import gc
import io
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The floor as a process of its own: start, import openpyxl, load the values, write them bare.
FLOOR_PROCESS = """
import pickle, sys
from openpyxl import Workbook
with open(sys.argv[1], "rb") as fh:
    sheets = pickle.load(fh)
wb = Workbook(write_only=True)
for name, rows in sheets:
    ws = wb.create_sheet(name)
    for row in rows:
        ws.append(row)
wb.save(sys.argv[2])
"""


def fresh(register):
    """A copy of ``register`` as an export meets it after any change: nothing computed yet (its checksum)."""
    return dataclasses.replace(register)


def cpu_time(fn: Callable[[], object]) -> float:
    gc.collect()
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def child_cpu_time(command: list[str]) -> float:
    """The user + system CPU time of one child process running ``command`` to its end."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)  # this checkout
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed: {process.stderr.read().decode(errors='replace')}")
    process.stderr.close()
    return usage.ru_utime + usage.ru_stime


def compare(label: str, ours: Callable[[], float], floor: Callable[[], float], runs: int, unit: str,
            target: str = "<= 1.3") -> None:
    """Run floor and ours alternately ``runs`` times each; print the medians and the median of the ratios."""
    mine, theirs = [], []
    for _ in range(runs):
        theirs.append(floor())
        mine.append(ours())
    ratio = statistics.median(m / f for m, f in zip(mine, theirs))
    print(f"{label}: export {statistics.median(mine):.2f} s, {unit} {statistics.median(theirs):.2f} s, "
          f"ratio {ratio:.2f} (median of {runs}; runs' ratios {min(m / f for m, f in zip(mine, theirs)):.2f}–"
          f"{max(m / f for m, f in zip(mine, theirs)):.2f}; target {target})", flush=True)


def raw_xlsx(sheets, out) -> None:
    """openpyxl in write-only mode writing the values bare: no styles, heights, tables, validations or layout."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(out)


def raw_markup_xlsx(sheets, out) -> None:
    """The export's own row writer writing the values bare, in an openpyxl write-only workbook."""
    from openpyxl import Workbook

    from ropa_app.export.xlsx import RowMarkup

    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        markup = None
        for number, row in enumerate(rows, 1):
            if markup is None:
                markup = RowMarkup.open(ws)
            markup.row(number, row, None)
    wb.save(out)


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


def bench_xlsx(register, lang: str, runs: int) -> list:
    from ropa_app.export.xlsx import render_xlsx, sheet_values

    sheets = list(sheet_values(register, lang))  # ready-made: the floor is openpyxl alone
    cells = sum(1 for _, rows in sheets for row in rows for value in row if value is not None)
    print(f"xlsx: {len(sheets)} sheets, {cells} cells", flush=True)
    def export() -> float:
        copy = fresh(register)
        return cpu_time(lambda: render_xlsx(copy, lang, io.BytesIO(), lambda f, m: None))

    compare("xlsx, in process", export, lambda: cpu_time(lambda: raw_xlsx(sheets, io.BytesIO())), runs,
            "raw write-only openpyxl")
    compare("xlsx, in process, for information", export,
            lambda: cpu_time(lambda: raw_markup_xlsx(sheets, io.BytesIO())), runs, "its own row writer, bare values",
            target="none")
    return sheets


def bench_xlsx_process(path: Path, sheets, lang: str, runs: int) -> None:
    folder = path.parent
    values = folder / "values.pickle"
    with values.open("wb") as fh:
        pickle.dump(sheets, fh, protocol=pickle.HIGHEST_PROTOCOL)
    export = [sys.executable, "-m", "ropa_app", "--lang", lang, "export", str(path), "--format", "xlsx",
              "-o", str(folder / "export.xlsx")]
    floor = [sys.executable, "-c", FLOOR_PROCESS, str(values), str(folder / "floor.xlsx")]
    env_note = "whole process: `ropa export` vs a process writing the ready-made values"
    print(f"xlsx, {env_note}", flush=True)
    compare("xlsx, whole process", lambda: child_cpu_time(export), lambda: child_cpu_time(floor), runs,
            "raw write-only openpyxl process")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("xlsx", "pdf"))
    parser.add_argument("--process", action="store_true", help="also measure the xlsx export as whole processes")
    args = parser.parse_args()
    from ropa_app.register import build_register
    from ropa_app.store import open_ropa
    from sample_data.generate import generate

    path = generate(Path(tempfile.mkdtemp()) / "big.ropa", args.activities)
    with open_ropa(path, read_only=True) as store:
        register = build_register(store)
    print(f"register: {len(register.entries)} activities, {len(register.gaps)} gaps, "
          f"{len(register.change_log)} change-log entries", flush=True)
    lang = "nb"
    if args.only in (None, "xlsx"):
        sheets = bench_xlsx(register, lang, args.runs)
        if args.process:
            bench_xlsx_process(path, sheets, lang, args.runs)
    if args.only in (None, "pdf"):
        from ropa_app.export.pdf import render_pdf

        def pdf() -> float:
            copy = fresh(register)
            return cpu_time(lambda: render_pdf(copy, lang, io.BytesIO(), lambda f, m: None))

        compare("pdf", pdf,
                lambda: cpu_time(lambda: raw_pdf(register, lang)), args.runs, "raw reportlab")


if __name__ == "__main__":
    main()
