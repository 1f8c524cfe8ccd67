"""What an edit costs in the app, on a large file, measured by hand (not a test):

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_edits.py [--activities 2000] [--runs 7]

The window is driven offscreen; each figure is perf_counter around the action plus processEvents (what a user
waits for), the median of --runs, in one run of the program:
- save a field on the activities page (target <= 50 ms), undo and redo it (<= 50 ms);
- tick a catalogue service (<= 100 ms);
- the change-log page, first view (<= 200 ms);
- switching the language (<= 200 ms).
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
    targets = {"save a field": 50, "undo": 50, "redo": 50, "tick a catalogue service": 100}
    print(f"{args.activities} activities, {len(session.register().change_log):,} change-log entries")
    for name, values in results.items():
        print(f"{name}: median {statistics.median(values):.0f} ms, max {max(values):.0f} ms "
              f"(target <= {targets[name]} ms)")
    print(f"change log page, first view: {first_log:.0f} ms (target <= 200 ms)")
    print(f"switch language: median {statistics.median(switches):.0f} ms (target <= 200 ms)")
    del page
    window.close()


if __name__ == "__main__":
    main()
