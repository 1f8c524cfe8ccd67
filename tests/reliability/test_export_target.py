"""12.1: an export never replaces the ROPA file it came from, nor any ROPA file (symlink, hard link, spelling)."""
from __future__ import annotations

import os

import pytest

from ropa_app.store import open_ropa
from tests.reliability.helpers import clean_failure, ropa, sha


def _targets(tmp_path, ropa_file):
    link = tmp_path / "lenke.json"
    link.symlink_to(ropa_file)
    hard = tmp_path / "hard.json"
    os.link(ropa_file, hard)
    other = tmp_path / "annen.ropa"
    other.write_bytes(ropa_file.read_bytes())
    return [ropa_file, tmp_path / "." / ropa_file.name, link, hard, other,
            tmp_path / f"{ropa_file.name}-wal", tmp_path / "ny.ropa"]


@pytest.mark.parametrize("fmt", ["json", "xlsx", "pdf"])
def test_cli_export_onto_a_ropa_file_is_refused_and_nothing_changes(sample_file, tmp_path, fmt):
    for target in _targets(tmp_path / "", sample_file) if fmt == "json" else [sample_file]:
        before = {p: sha(p) for p in tmp_path.iterdir() if p.is_file()}
        done = ropa("export", sample_file, "--format", fmt, "-o", target)
        err = clean_failure(done)
        assert "ROPA" in err and "Ingenting er skrevet" in err
        assert {p: sha(p) for p in tmp_path.iterdir() if p.is_file()} == before
        assert not list(tmp_path.glob(".*tmp"))
        with open_ropa(sample_file, read_only=True) as store:
            assert store.activities()


def test_cli_export_to_a_device_or_fifo_is_refused(sample_file, tmp_path):
    fifo = tmp_path / "rør.json"
    os.mkfifo(fifo)
    for target in (fifo, "/dev/null"):
        err = clean_failure(ropa("export", sample_file, "--format", "json", "-o", target, timeout=30))
        assert "vanlig fil" in err
    assert fifo.exists() and os.path.exists("/dev/null")


def test_dialog_export_onto_the_open_file_is_refused(qtbot, sample_file, tmp_path):
    from ui.app import create_window
    from ui.export_dialog import ExportDialog

    window = create_window([str(sample_file)])
    qtbot.addWidget(window)
    before = sha(sample_file)
    dialog = ExportDialog(window.session, window, fmt="json")
    qtbot.addWidget(dialog)
    link = tmp_path / "lenke.json"
    link.symlink_to(sample_file)
    for target in (sample_file, link):
        dialog.target.setText(str(target))
        dialog.start()
        assert not dialog.running()
        assert "ROPA-fil" in dialog.status.text()
    window.session.close()
    assert sha(sample_file) == before
    # later edits still go to the one file, which is intact
    with open_ropa(sample_file) as store:
        assert store.activities()
