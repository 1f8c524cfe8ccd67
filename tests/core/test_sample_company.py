"""Issue 10: the product does not depend on demo data. The sample company is data in resources/sample/, reached
through ropa_app.sample only; the program runs without the sample_data package (a developer's generator), and a
build without the sample says so in words when asked for it."""
from __future__ import annotations

import os
import subprocess
import sys

from ropa_app.cli import main

# Every module of the core and the app imported, and the sample company opened by the command line and by the
# window, with sample_data made unimportable.
WITHOUT_SAMPLE_DATA = """
import importlib, pkgutil, sys

class NoDemoData:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "sample_data":
            raise ImportError("the program must not need sample_data: " + name)

sys.meta_path.insert(0, NoDemoData())
import ropa_app, ui
for package in (ropa_app, ui):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not info.name.endswith("__main__"):  # (that one runs the command line)
            importlib.import_module(info.name)
from ropa_app.cli import main
assert main(["init", "k.ropa", "--sample"]) == 0
assert main(["show", "--sample"]) == 0
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.app import create_window
print("window:", create_window(["--sample"]).windowTitle())
"""


def test_the_program_runs_and_offers_the_sample_without_the_sample_data_package(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ROPA_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", WITHOUT_SAMPLE_DATA], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "window: Fjordlys Fysioterapi AS – eksempel-fjordlys-fysioterapi.ropa – ROPA" in done.stdout
    assert (tmp_path / "k.ropa").exists()


def _without_sample(monkeypatch, tmp_path):
    import ropa_app.sample

    monkeypatch.setattr(ropa_app.sample, "resource_path", lambda *parts: tmp_path.joinpath("weggelassen", *parts))


def test_a_build_without_the_sample_says_so_and_makes_no_file(tmp_path, capsys, monkeypatch):
    _without_sample(monkeypatch, tmp_path)
    target = tmp_path / "k.ropa"
    assert main(["init", str(target), "--sample"]) == 1
    err = capsys.readouterr().err
    assert "Eksempelvirksomheten følger ikke med" in err and "Traceback" not in err
    assert not target.exists()
    assert main(["show", "--sample", "--lang", "en"]) == 1
    assert "The sample company is not included" in capsys.readouterr().err


def test_the_app_asked_for_a_missing_sample_says_so_and_opens_the_default_file(qtbot, tmp_path, monkeypatch,
                                                                              isolated_data):
    from PySide6.QtWidgets import QMessageBox

    from ui.app import create_window

    _without_sample(monkeypatch, tmp_path)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    window = create_window(["--sample"])
    qtbot.addWidget(window)
    assert len(shown) == 1 and "Eksempelvirksomheten følger ikke med" in shown[0]
    assert window.session.path == isolated_data / "default.ropa"
    window.session.close()
