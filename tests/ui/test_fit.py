"""Issue 8.3: the window fits the screen. At 1024×700, and on a 1366×768 laptop at 125 % and 150 % scaling, every
control of every page lies inside the window (or inside a scroll area that does), tables keep room for rows, and the
window's default size is never larger than the screen's available area."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.fit import all_pages_problems
from ui.app import create_window

ROOT = Path(__file__).resolve().parents[2]


def test_every_control_is_reachable_at_small_window_sizes(qtbot, sample_file, errors):
    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # 1024×700 at 100 %; 1366×768 at 125 % (1093×614) and 150 % (911×512), less a taskbar
    assert all_pages_problems(window, [(1024, 700), (1093, 580), (911, 470), (865, 470)]) == []
    assert window.minimumSize().width() <= 911 and window.minimumSize().height() <= 470


SCRIPT = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from ui.app import create_window
from tests.ui.fit import all_pages_problems
window = create_window([sys.argv[1]])
window.show()
app.processEvents()
available = app.primaryScreen().availableGeometry()
size = window.frameGeometry().size()
print(json.dumps({"available": [available.width(), available.height()], "default": [size.width(), size.height()],
                  "problems": all_pages_problems(window, [(size.width(), size.height()),
                                                          (available.width(), available.height() - 40)])}))
"""


@pytest.mark.parametrize("scale", ["1.25", "1.5"])
def test_a_scaled_laptop_screen_shows_the_whole_window(tmp_path, sample_file, scale):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": scale,
           "PYTHONPATH": str(ROOT), "ROPA_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(sample_file)], capture_output=True, text=True,
                          env=env, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    available = result["available"]
    assert available[0] == round(1366 / float(scale)) or abs(available[0] - 1366 / float(scale)) < 2
    assert result["default"][0] <= available[0] and result["default"][1] <= available[1]
    assert result["problems"] == []
