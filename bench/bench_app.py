"""Desktop app speed, measured by hand (not a test):

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_app.py [--runs 7] [--bundle dist/ropa]

1. launch -> main window shown on the sample file, against a bare PySide6 QMainWindow (target <= 1.5x);
2. filtering the activities table of a 2,000-activity file, per keystroke (target < 50 ms);
3. the bundle's size on disk (target <= 120 MB), when --bundle names a built bundle.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each child prints the wall-clock time at which its window has been shown and painted; the parent notes the time
# just before starting the process, so "launch" includes the interpreter's own start, as a user experiences it.
BARE = """
import time, sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1366, 768); w.show()
app.processEvents()
print(time.time())
"""

APP = """
import time, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from ui.app import create_window
w = create_window(sys.argv[1:]); w.resize(1366, 768); w.show()
app.processEvents()
print(time.time())
"""


def _run(code: str, args: list[str], env: dict) -> float:
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120)
    if done.returncode:
        raise SystemExit(done.stderr)
    return float(done.stdout.strip().splitlines()[-1]) - start


def launch(runs: int) -> None:
    data = tempfile.mkdtemp()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), "ROPA_DATA_DIR": data}
    _run(APP, ["--sample"], env)  # makes the sample file once, warms the disk cache
    bare = [_run(BARE, [], env) for _ in range(runs)]
    app = [_run(APP, ["--sample"], env) for _ in range(runs)]
    b, a = statistics.median(bare), statistics.median(app)
    print(f"launch to window shown (median of {runs}): bare QMainWindow {b * 1000:.0f} ms, "
          f"ROPA on the sample {a * 1000:.0f} ms, ratio {a / b:.2f} (target <= 1.5)")


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
          f"max {max(timings):.1f} ms per keystroke (target < 50 ms); rows shown at the end: {proxy.rowCount()}")
    window.close()


def bundle_size(folder: Path) -> None:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle {folder}: {total / 1e6:.1f} MB ({total / 2**20:.1f} MiB) (target <= 120 MB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path)
    args = parser.parse_args()
    launch(args.runs)
    filtering()
    if args.bundle:
        bundle_size(args.bundle)


if __name__ == "__main__":
    main()
