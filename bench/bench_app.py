"""Desktop app speed, measured by hand (not a test):

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_app.py [--runs 7] [--only launch|filtering]
    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python bench/bench_app.py --only launch
    .venv/bin/python bench/bench_app.py --bundle dist/ropa

1. launch -> main window on screen, against a bare PySide6 QMainWindow started the same way, on the sample
   file (target <= 1.5x), a 200-activity file (<= 1.5x) and a 2,000-activity file (<= 2x); also the time
   until the overview's data (counts, gaps, map) is filled in;
2. filtering the activities table of a 2,000-activity file, per keystroke (target < 50 ms);
3. the bundle's size on disk (target <= 120 MB), when --bundle names a built bundle.

Launch is timed as a user starts the app: through its entry point (ui.app.main), with a home folder of its
own (no ROPA_DATA_DIR: the data folder is found the platform's way) and compiled Python files. The parent
notes the time just before starting the process (so the interpreter's own start counts); the child notes the
time once a paint of the window has been flushed (a zero-timer posted from a paint event runs after the whole
window has been painted and flushed). "On screen" is the window's first paint (a window paints itself and all
its widgets in one go), and the child reports what the overview showed then. "Filled in" is the first paint of
the overview's gap count once it shows a number. Bare and app runs alternate, so a busy machine slows both
alike; each figure is the median of --runs.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The child's part: note when a paint of `watched` has been flushed (and, for the app, when the gap count has
# been painted with a number), print the wall-clock times as JSON and quit.
PAINTED = """
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
marks, state = {}, {}
class Painted(QObject):
    def __init__(self, window, filled_widget=None, filled=lambda: True, describe=lambda: ""):
        super().__init__()
        self.shown_widget, self.filled_widget = window, filled_widget
        self.filled, self.describe = filled, describe
        window.installEventFilter(self)  # before the window's own handlers see the paint
        if filled_widget is not None:
            filled_widget.installEventFilter(self)
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            if obj is self.shown_widget and "shown" not in marks and "shown" not in state:
                state["shown"] = None
                QTimer.singleShot(0, lambda: self.mark("shown"))
            if obj is (self.filled_widget or self.shown_widget) and "filled" not in state and self.filled():
                state["filled"] = self.describe()
                QTimer.singleShot(0, lambda: self.mark("filled"))
        return False
    def mark(self, key):
        marks[key] = time.time()
        if key == "shown":
            state["shown"] = self.describe()  # what the first paint showed
        if "shown" in marks and "filled" in marks:
            print(json.dumps({"marks": marks, "state": state}))
            QApplication.instance().quit()
"""

BARE = PAINTED + """
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.setCentralWidget(QLabel("ROPA")); w.resize(1366, 768)
watch = Painted(w)
w.show()
app.exec()
"""

APP = PAINTED + """
from PySide6.QtWidgets import QApplication
import ui.app
made = ui.app.create_window
def create_window(argv):  # the real entry point (ui.app.main) makes the window; watch it before it is shown
    global watch, page
    w = made(argv)
    w.resize(1366, 768)
    page = w.pages["overview"]  # the first screen
    watch = Painted(w, page.count_labels["gaps"], gaps_shown, describe)
    return w
def gaps_shown():
    return page.count_labels["gaps"].text().isdigit()
def describe():
    labels = " ".join(f"{k}={v.text()}" for k, v in page.count_labels.items())
    rows = page.gap_model.rowCount() if getattr(page, "gap_model", None) is not None else 0
    return f"title={page.title.text()!r} {labels} gap rows={rows} reading={getattr(page, 'reading', False)}"
ui.app.create_window = create_window
ui.app.main(sys.argv[1:])
"""


def _run(code: str, args: list[str], env: dict) -> tuple[float, float, dict]:
    """(seconds to on screen, seconds to filled in, what the overview showed at each)."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code, *args], check=False, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)
    if done.returncode:
        raise SystemExit(done.stderr)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["marks"]["shown"] - start, result["marks"]["filled"] - start, result["state"]


LAUNCH_CASES = (("the sample", 1.5), ("200 activities", 1.5), ("2,000 activities", 2.0))


def launch(runs: int) -> None:
    data = Path(tempfile.mkdtemp())
    # As a user starts it: a home folder of its own (the data folder found the platform's way, not through
    # ROPA_DATA_DIR), and the Python files compiled once (by the warm-up run), then loaded.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ROPA_", "XDG_")) and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), HOME=str(data / "home"))
    (data / "home").mkdir()
    made = subprocess.run([sys.executable, "-c", _MAKE_FILES, str(data)], check=False, capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)
    if made.returncode:
        raise SystemExit(made.stderr)
    files = {"the sample": ["--sample"], "200 activities": [str(data / "a200.ropa")],
             "2,000 activities": [str(data / "a2000.ropa")]}
    print(f"launch to window on screen (median of {runs}, bare and app runs alternating, "
          f"{env['QT_QPA_PLATFORM']}):")
    for name, target in LAUNCH_CASES:
        _run(APP, files[name], env)  # warms the disk cache (and the first run's caches)
        bare, shown, filled, state = [], [], [], {}
        for _ in range(runs):
            bare.append(_run(BARE, [], env)[0])
            on_screen, filled_in, state = _run(APP, files[name], env)
            shown.append(on_screen)
            filled.append(filled_in)
        b, a, f = statistics.median(bare), statistics.median(shown), statistics.median(filled)
        verdict = "met" if a / b <= target else "NOT met"
        print(f"  {name}: bare QMainWindow {b * 1000:.0f} ms, ROPA {a * 1000:.0f} ms, ratio {a / b:.2f} "
              f"(target <= {target}: {verdict}); overview filled in at {f * 1000:.0f} ms")
        print(f"    on screen: {state['shown']}")
        print(f"    filled in: {state['filled']}")


_MAKE_FILES = """
import sys
from pathlib import Path
from sample_data.generate import generate
generate(Path(sys.argv[1]) / "a200.ropa", activities=200)
generate(Path(sys.argv[1]) / "a2000.ropa", activities=2000)
"""


def filtering() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data = Path(tempfile.mkdtemp())
    os.environ["ROPA_DATA_DIR"] = str(data)
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from sample_data.generate import generate

    app = QApplication.instance() or QApplication([])
    big = generate(data / "big.ropa", activities=2000)
    from ui.app import create_window

    window = create_window([str(big)])
    page = window.show_page("activities")
    proxy = getattr(page, "proxy", None) or page.findChild(type(window.pages["overview"].gap_proxy))
    app.processEvents()
    timings = []
    for text in ("B", "Be", "Beh", "Beha", "Behandling 01", "kunder", "ansatte", "", "xyz", "Drift"):
        t0 = time.perf_counter()
        page.filter.setText(text)  # what a keystroke does
        app.processEvents()
        timings.append((time.perf_counter() - t0) * 1000)
    print(f"activities filter on 2,000 activities: median {statistics.median(timings):.1f} ms, "
          f"max {max(timings):.1f} ms per keystroke (target < 50 ms); "
          f"rows shown at the end: {proxy.rowCount()}")
    window.close()


def bundle_size(folder: Path) -> None:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle {folder}: {total / 1e6:.1f} MB ({total / 2**20:.1f} MiB) (target <= 120 MB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path)
    parser.add_argument("--only", choices=("launch", "filtering"))
    args = parser.parse_args()
    if args.only != "filtering":
        launch(args.runs)
    if args.only != "launch":
        filtering()
    if args.bundle:
        bundle_size(args.bundle)


if __name__ == "__main__":
    main()
