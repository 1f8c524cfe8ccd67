"""Build the PyInstaller bundle, then run it like a user on another machine would: no source checkout on the
path, no Python environment, offscreen, exporting the sample company."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    pyinstaller = Path(sys.executable).parent / "pyinstaller"
    assert pyinstaller.exists(), "pyinstaller is installed with the test extras"
    work = tmp_path_factory.mktemp("pyinstaller")
    done = subprocess.run([str(pyinstaller), "--noconfirm", "--log-level", "WARN", "--distpath", str(work / "dist"),
                           "--workpath", str(work / "build"), str(ROOT / "build.spec")],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    # Move it away from the build folders, as a user would unpack it somewhere else.
    target = tmp_path_factory.mktemp("installed") / "ropa"
    shutil.copytree(work / "dist" / "ropa", target, symlinks=True)
    return target


def clean_env(home: Path) -> dict[str, str]:
    """No PYTHONPATH, no virtual environment, no display: only what a desktop session would have."""
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
            "ROPA_DATA_DIR": str(home / "data")}


def test_the_bundle_exports_the_sample_company(bundle, tmp_path):
    env = clean_env(tmp_path)
    out = tmp_path / "protokoll.xlsx"
    done = subprocess.run([str(bundle / "ropa-app"), "--sample", "--export", str(out)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(out))
    text = "\n".join(str(cell) for name in workbook.sheet_names
                     for row in workbook.get_sheet_by_name(name).to_python() for cell in row)
    assert "Fjordlys Fysioterapi AS" in text and "We4you" in text


def test_the_bundle_has_the_command_line_too(bundle, tmp_path):
    env = clean_env(tmp_path)
    ropa = str(bundle / "ropa")
    assert subprocess.run([ropa, "init", "k.ropa", "--sample"], cwd=tmp_path, env=env, capture_output=True,
                          timeout=60).returncode == 0
    done = subprocess.run([ropa, "export", "k.ropa", "--format", "pdf", "-o", "k.pdf"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "k.pdf").read_bytes().startswith(b"%PDF")
    bad = subprocess.run([ropa, "activity", "show", "k.ropa", "99"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode == 1 and "99" in bad.stderr and "Traceback" not in bad.stderr


def test_no_library_in_the_bundle_has_an_unresolved_dependency(bundle):
    internal = bundle / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}:{internal / 'PySide6'}"}
    missing = []
    for path in internal.rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        done = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        missing += [f"{path.name}: {line.strip()}" for line in done.stdout.splitlines() if "not found" in line]
    assert missing == []


def test_unused_qt_parts_are_left_out(bundle):
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*")}
    for unwanted in ("wayland", "eglfs", "platformthemes", "sqldrivers", "WebEngine", "libQt6Qml", "libQt6Quick"):
        assert not [n for n in names if unwanted.lower() in n.lower()], unwanted
    assert any(n.endswith("platforms/libqxcb.so") for n in names)
    assert any(n.endswith("platforms/libqoffscreen.so") for n in names)
