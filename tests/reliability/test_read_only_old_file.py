"""12.15: a file from an older schema on read-only media can still be shown, checked and exported: the
migrations run on a copy in memory, the file and its folder stay exactly as they were."""
from __future__ import annotations

import json

from conftest import read_only
from sqlite_utils import Database

from ropa_app.store.migrations import migrations
from tests.reliability.helpers import ropa, sha


def _first_schema_file(path):
    db = Database(path)
    migrations.apply(db, stop_before="m002_recipient_locations")
    db.execute("INSERT INTO meta (key, value) VALUES ('format', 'ropa'), ('schema_version', '1'), "
               "('app_version', '0.0.1'), ('created', '2025-01-01'), ('catalogue_version', '2025.1.0')")
    db.execute("UPDATE organisation SET name = 'Gammel Bedrift AS', org_number = '923609016' WHERE id = 1")
    db.execute("INSERT INTO activities (title, purpose, created, updated) VALUES "
               "('Lønn', 'Utbetale lønn', '2025-01-01', '2025-01-01')")
    db.conn.commit()
    db.conn.close()
    return path


def test_an_old_file_on_read_only_media_is_shown_checked_and_exported(tmp_path):
    folder = tmp_path / "cd"
    folder.mkdir()
    path = _first_schema_file(folder / "gammel.ropa")
    before = sha(path)
    out = tmp_path / "ut.json"
    with read_only(path), read_only(folder):
        show = ropa("show", path)
        listing = ropa("activity", "list", path, "--json")
        check = ropa("check", path)
        export = ropa("export", path, "--format", "json", "-o", out)
    assert show.returncode == 0, show.stderr
    assert "Gammel Bedrift AS" in show.stdout.decode() and "Lønn" in show.stdout.decode()
    assert listing.returncode == 0 and json.loads(listing.stdout)[0]["purpose"] == "Utbetale lønn"
    assert check.returncode == 1 and b"Traceback" not in check.stderr and check.stderr == b""  # gaps, exit 1
    assert export.returncode == 0, export.stderr
    assert "Utbetale lønn" in out.read_text(encoding="utf-8")
    assert sha(path) == before
    assert [p.name for p in folder.iterdir()] == ["gammel.ropa"]  # no backup, no -wal, no -shm


def test_show_works_on_a_read_only_current_file(sample_file):
    before = sha(sample_file)
    with read_only(sample_file), read_only(sample_file.parent):
        done = ropa("show", sample_file)
    assert done.returncode == 0, done.stderr
    assert "Telefoni og sentralbord" in done.stdout.decode()
    assert sha(sample_file) == before
