"""12.5-12.12: odd arguments, odd files and odd catalogues are a message with exit 1 (usage: 2), never a
traceback, and the file is byte for byte unchanged (sha256 before and after) whenever a command refuses."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ropa_app.cli import main
from ropa_app.store import open_ropa
from tests.reliability.helpers import clean_failure, ropa, sha


def _side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


@pytest.fixture
def one_activity(new_file) -> Path:
    with open_ropa(new_file) as store:
        store.add_activity("Lønn og personal", purpose="Utbetale lønn")
    return new_file


# --- 12.5 ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["activity", "show", "{f}", "99999999999999999999"],
    ["activity", "set", "{f}", "99999999999999999999", "purpose", "x"],
    ["activity", "remove", "{f}", "-99999999999999999999"],
    ["decide", "{f}", "99999999999999999999", "k", "c", "confirmed"],
    ["log", "{f}", "--limit", "99999999999999999999"],
])
def test_ids_beyond_sqlites_range_are_a_message(one_activity, argv):
    before = sha(one_activity)
    err = clean_failure(ropa(*[a.format(f=one_activity) for a in argv]))
    assert "for stort" in err
    assert sha(one_activity) == before and _side_files(one_activity) == []


# --- 12.6 ---------------------------------------------------------------------------------------------
def test_arguments_that_are_not_utf8_are_refused_naming_the_argument(one_activity, tmp_path):
    before = sha(one_activity)
    latin1 = "Lønn".encode("latin-1")
    for argv in (["activity", "add", one_activity, "--title", latin1],
                 ["activity", "set", one_activity, "1", "purpose", b"Utbetale l\xf8nn"],
                 ["org", one_activity, "--name", b"Bj\xf8rk AS"],
                 ["show", str(tmp_path).encode() + b"/kl\xf8nn.ropa"],
                 ["init", str(tmp_path).encode() + b"/kl\xf8nn.ropa"]):
        err = clean_failure(ropa(*argv))
        assert "UTF-8" in err and "\ufffd" in err  # the argument is named, its odd byte shown as �
    assert sha(one_activity) == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".ropa"] == [one_activity.name]
    with open_ropa(one_activity, read_only=True) as store:
        assert [a["title"] for a in store.activities()] == ["Lønn og personal"]  # no "Lnn" anywhere


# --- 12.7 ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("stamp", ["0001-01-01", "9999-12-31T23:59:59-14:00", "1969-12-31", "abc"])
def test_a_timestamp_out_of_range_is_a_message(one_activity, tmp_path, stamp):
    target = tmp_path / "ut.json"
    err = clean_failure(ropa("export", one_activity, "--format", "json", "-o", target, "--timestamp", stamp))
    assert stamp in err and "tidspunkt" in err
    assert not target.exists()


# --- 12.8 ---------------------------------------------------------------------------------------------
def test_a_fifo_or_device_is_refused_at_once(tmp_path):
    fifo = tmp_path / "rør.ropa"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero"), Path("/dev/null")):
        for argv in (["show", path], ["activity", "list", path], ["check", path], ["org", path, "--name", "X"]):
            err = clean_failure(ropa(*argv, timeout=20))
            assert "ikke en vanlig fil" in err


# --- 12.9 ---------------------------------------------------------------------------------------------
def _craft(path: Path, kind: str) -> None:
    conn = sqlite3.connect(path)
    if kind == "schema_version":
        conn.execute("UPDATE meta SET value = 'tre' WHERE key = 'schema_version'")
    elif kind == "catalogue_version":
        conn.execute("UPDATE meta SET value = '2026.x.²' WHERE key = 'catalogue_version'")
    elif kind == "list_not_json":
        conn.execute("UPDATE activities SET data_subjects = '[\"ansatte\"' WHERE id = 1")
    elif kind == "list_not_list":
        conn.execute("UPDATE activities SET systems = '{\"a\": 1}' WHERE id = 1")
    elif kind == "migrations_without_id":
        conn.executescript("""
            CREATE TABLE m AS SELECT migration_set, name, applied_at FROM _sqlite_migrations;
            DROP TABLE _sqlite_migrations; ALTER TABLE m RENAME TO _sqlite_migrations;""")
    conn.commit()
    conn.close()
    if kind == "not_wal":
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()


COMMANDS = [["show", "{f}"], ["activity", "list", "{f}"], ["activity", "show", "{f}", "1"],
            ["activity", "set", "{f}", "1", "owner_email", "ikke-en-adresse"], ["check", "{f}"],
            ["export", "{f}", "--format", "json", "-o", "{out}"], ["log", "{f}"],
            ["org", "{f}", "--org-number", "123456789"], ["activity", "remove", "{f}", "7"]]


@pytest.mark.parametrize("kind", ["schema_version", "catalogue_version", "list_not_json", "list_not_list",
                                  "migrations_without_id", "not_wal"])
def test_crafted_or_damaged_files_are_a_message_and_never_modified(one_activity, tmp_path, kind):
    _craft(one_activity, kind)
    before = sha(one_activity)
    refused = 0
    for argv in COMMANDS:
        done = ropa(*[a.format(f=one_activity, out=tmp_path / "ut.json") for a in argv])
        err = done.stderr.decode()
        assert done.returncode in (0, 1) and "Traceback" not in err, (argv, err)
        if done.returncode == 1 and argv[0] != "check":  # (check says 1 when the register has gaps)
            refused += 1
            assert err.strip()
            assert sha(one_activity) == before, (argv, err)  # not even the journal mode
            assert _side_files(one_activity) == []
    if kind == "not_wal":
        assert refused == 3  # the invalid e-mail, org number and the unknown activity
    else:
        assert refused >= 5
        assert "skadet" in ropa("activity", "list", one_activity).stderr.decode()


# --- 12.10 --------------------------------------------------------------------------------------------
@pytest.fixture
def broken_catalogue(tmp_path, monkeypatch):
    import ropa_app.catalogue as catalogue

    folder = tmp_path / "catalogue"
    shutil.copytree(catalogue.resource_path("catalogue"), folder)
    original = catalogue.resource_path
    monkeypatch.setattr(catalogue, "resource_path",
                        lambda *parts: folder.joinpath(*parts[1:]) if parts[:1] == ("catalogue",) else original(*parts))
    catalogue._index.cache_clear()
    yield folder
    catalogue._index.cache_clear()


def test_a_vendor_file_that_is_not_utf8_names_the_file(broken_catalogue, capsys, tmp_path):
    (broken_catalogue / "dipper.toml").write_bytes((broken_catalogue / "dipper.toml").read_bytes() + b"\n# \xff\xfe\n")
    assert main(["catalogue"]) == 1
    err = capsys.readouterr().err
    assert "dipper.toml" in err and "UTF-8" in err and "Traceback" not in err
    assert main(["init", str(tmp_path / "ny.ropa")]) == 1
    assert "dipper.toml" in capsys.readouterr().err and not (tmp_path / "ny.ropa").exists()


@pytest.mark.parametrize("version", ["2026.x", "2026..1", "2026.²", ""])
def test_an_odd_catalogue_version_names_the_file(broken_catalogue, capsys, version):
    index = broken_catalogue / "catalogue.toml"
    text = index.read_text(encoding="utf-8")
    start = text.index("version = ")
    end = text.index("\n", start)
    index.write_text(text[:start] + f'version = "{version}"' + text[end:], encoding="utf-8")
    assert main(["catalogue"]) == 1
    err = capsys.readouterr().err
    assert "catalogue.toml" in err and "version" in err


# --- 12.11 --------------------------------------------------------------------------------------------
def test_a_closed_pipe_ends_quietly_with_exit_0():
    for argv in (["catalogue", "--json"], ["catalogue"]):
        child = subprocess.Popen([sys.executable, "-m", "ropa_app", *argv], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, bufsize=0)
        child.stdout.read(1)  # like `| head -c 1`: read a little, then go away
        child.stdout.close()
        err = child.stderr.read()
        assert child.wait(timeout=60) == 0
        assert err == b""


# --- 12.12 --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("live_wal", [False, True])
def test_a_failing_migration_leaves_one_backup_however_often_it_is_tried(new_file, live_wal):
    conn = sqlite3.connect(new_file)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_activity_ids_never_reused'")  # an older file
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.execute("CREATE TRIGGER no_alter BEFORE INSERT ON _sqlite_migrations BEGIN "
                 "SELECT RAISE(ABORT, 'kan ikke'); END")  # ... whose migration cannot complete
    conn.commit()
    other = None
    if live_wal:  # another program has the file open, with a write still in its WAL
        other = sqlite3.connect(new_file)
        other.execute("PRAGMA journal_mode = WAL")
        other.execute("PRAGMA wal_autocheckpoint = 0")
        other.execute("INSERT INTO meta (key, value) VALUES ('annet program', 'ja')")
        other.commit()
        assert Path(f"{new_file}-wal").stat().st_size > 0
    conn.close()
    try:
        for _ in range(3):
            clean_failure(ropa("activity", "add", new_file, "--title", "X"))
    finally:
        if other is not None:
            other.close()
    backups = sorted(new_file.parent.glob("klient.backup-before-m004_activity_ids_never_reused-*.ropa"))
    assert len(backups) == 1
    copy = sqlite3.connect(f"file:{backups[0]}?mode=ro", uri=True)
    assert bool(copy.execute("SELECT 1 FROM meta WHERE key = 'annet program'").fetchall()) == live_wal
    copy.close()
