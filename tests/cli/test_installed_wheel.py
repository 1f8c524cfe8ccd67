"""Resources are found the same way from an installed wheel as from the source checkout (the bundle has its own
test): build the wheel, install it into a folder of its own, and run `ropa` from it, away from the checkout."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_installed_wheel_finds_its_catalogue_translations_fonts_and_sample(tmp_path):
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(wheels), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = wheels.glob("ropa-*.whl")
    target = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                                str(wheel)], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr[-2000:]
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "ROPA_DATA_DIR": str(tmp_path / "data"), "ROPA_LANG": "en"}
    code = ("import ropa_app, resources, sys; from ropa_app.cli import main; "
            "print(ropa_app.__file__); print(resources.__file__); sys.exit(main(sys.argv[1:]))")

    def ropa(*args):
        return subprocess.run([sys.executable, "-c", code, *args], cwd=work, env=env, capture_output=True,
                              text=True, timeout=120)

    done = ropa("catalogue", "--vendor", "we4you")
    assert done.returncode == 0, done.stderr
    module_file, resources_file = done.stdout.splitlines()[:2]
    assert module_file.startswith(str(target)) and resources_file.startswith(str(target))  # not the checkout
    assert "we4you/sentralbord" in done.stdout
    assert ropa("init", "k.ropa", "--sample").returncode == 0
    exported = ropa("export", "k.ropa", "--format", "pdf", "-o", "k.pdf")  # fonts come from the wheel
    assert exported.returncode == 0, exported.stderr
    assert (work / "k.pdf").read_bytes().startswith(b"%PDF")
    bad = ropa("activity", "show", "k.ropa", "9")
    assert bad.returncode == 1 and "no processing activity number 9" in bad.stderr  # translations from the wheel
