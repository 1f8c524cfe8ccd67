"""What an edit costs in the app, on a large file, measured by hand (not a test):

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_edits.py [--activities 2000] [--runs 7]

The window is driven offscreen; each figure is perf_counter around the action plus processEvents (what a user
waits for), the median of --runs, in one run of the program:
- save a field on the activities page (target <= 50 ms), undo and redo it (<= 50 ms);
- tick a catalogue service (<= 100 ms);
- the change-log page, first view (<= 200 ms);
- switching the language (<= 200 ms);
- cancelling a PDF or xlsx export while it runs (<= 0.5 s from the click to the dialog saying it stopped).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(app, action) -> float:
    t0 = time.perf_counter()
    action()
    app.processEvents()
    return (time.perf_counter() - t0) * 1000


def cancel_export(app, session, fmt: str, after: float) -> float:
    """Start an export the way the export dialog does (a worker in a QThread), cancel it once it has reported
    ``after`` of its progress, and return the ms until the window hears it stopped."""
    from PySide6.QtCore import QThread

    from ui.export_dialog import ExportWorker

    target = Path(tempfile.mkdtemp()) / f"cancelled.{fmt}"
    thread = QThread()
    worker = ExportWorker(session.register(), fmt, target, "nb")
    worker.moveToThread(thread)
    seen = {"progress": 0, "cancelled": None, "ended": False}
    worker.progressed.connect(lambda value, _m: seen.__setitem__("progress", value))
    worker.cancelled.connect(lambda: seen.__setitem__("cancelled", time.perf_counter()))
    for signal in (worker.finished, worker.failed, worker.cancelled):
        signal.connect(lambda *_: seen.__setitem__("ended", True))
        signal.connect(thread.quit)
    thread.started.connect(worker.run)
    thread.start()
    while seen["progress"] < after * 100 and not seen["ended"]:
        app.processEvents()
        time.sleep(0.005)
    t0 = time.perf_counter()
    worker.cancel()
    while not seen["ended"]:
        app.processEvents()
        time.sleep(0.001)
    thread.quit()  # its queued quit() has not been delivered: this loop only waited for the signal
    thread.wait()
    if seen["cancelled"] is None:
        return float("nan")  # it finished before the cancel arrived
    return (seen["cancelled"] - t0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data = Path(tempfile.mkdtemp())
    os.environ["ROPA_DATA_DIR"] = str(data)
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from sample_data.generate import generate

    app = QApplication.instance() or QApplication([])
    big = generate(data / "big.ropa", activities=args.activities)
    from ui.app import create_window
    from ui.commands import AdoptServices, SetActivityField

    window = create_window([str(big)])
    session = window.session
    page = window.show_page("activities")
    app.processEvents()
    activity_id = session.store.activities()[len(session.store.activities()) // 2]["id"]
    results: dict[str, list[float]] = {"save a field": [], "undo": [], "redo": [], "tick a catalogue service": []}
    for i in range(args.runs):
        results["save a field"].append(timed(app, lambda i=i: session.push(
            SetActivityField(session, activity_id, "purpose", f"Formål {i}"))))
        results["undo"].append(timed(app, session.undo_stack.undo))
        results["redo"].append(timed(app, session.undo_stack.redo))
    window.show_page("catalogue")
    app.processEvents()
    for _ in range(args.runs):
        results["tick a catalogue service"].append(timed(app, lambda: session.push(
            AdoptServices(session, ["phonero/sip-aksess"]))))
        session.undo_stack.undo()
        app.processEvents()
    first_log = timed(app, lambda: window.show_page("changelog"))
    switches = [timed(app, lambda lang=lang: window.change_language(lang)) for lang in ("en", "nb") * 2]
    cancels = {fmt: [cancel_export(app, session, fmt, after) for after in (0.2, 0.5)] for fmt in ("pdf", "xlsx")}
    targets = {"save a field": 50, "undo": 50, "redo": 50, "tick a catalogue service": 100}
    print(f"{args.activities} activities, {len(session.register().change_log):,} change-log entries")
    for name, values in results.items():
        print(f"{name}: median {statistics.median(values):.0f} ms, max {max(values):.0f} ms "
              f"(target <= {targets[name]} ms)")
    print(f"change log page, first view: {first_log:.0f} ms (target <= 200 ms)")
    print(f"switch language: median {statistics.median(switches):.0f} ms (target <= 200 ms)")
    for fmt, values in cancels.items():
        print(f"cancel a running {fmt} export (at 20 % and 50 %): "
              f"{', '.join(f'{v:.0f}' for v in values)} ms (target <= 500 ms)")
    del page
    window.close()


if __name__ == "__main__":
    main()
