"""Opening ROPA files: what is refused, what is migrated, and that a refused file is never touched."""
from __future__ import annotations

import sqlite3

import pytest
from conftest import checksum, read_only

from ropa_app.errors import RopaError
from ropa_app.store import create_ropa, open_ropa
from ropa_app.store.migrations import migrations
from ropa_app.store.schema import SCHEMA_VERSION


def test_the_schema_names_every_migration_in_order():
    """Opening a file checks its version against ropa_app.store.schema, without importing sqlite-utils."""
    from ropa_app.store.migrations import known_names
    from ropa_app.store.schema import MIGRATION_NAMES

    assert tuple(known_names()) == MIGRATION_NAMES


def test_new_file_is_seeded_with_the_shipped_catalogue(new_file):
    from ropa_app.catalogue import load_catalogue

    with open_ropa(new_file) as store:
        assert store.meta()["format"] == "ropa"
        assert int(store.meta()["schema_version"]) == SCHEMA_VERSION
        assert {s.key for s in store.catalogue().services} == {s.key for s in load_catalogue().services}
        assert store.catalogue().version == load_catalogue().version


def test_file_is_plain_sqlite_with_foreign_keys_and_wal(new_file):
    with open_ropa(new_file) as store:
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn = sqlite3.connect(new_file)  # any SQLite tool can read it
    assert conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0] == "ropa"
    conn.close()


def test_create_refuses_to_overwrite(new_file):
    before = checksum(new_file)
    with pytest.raises(RopaError) as err:
        create_ropa(new_file)
    assert err.value.key == "file_exists"
    assert checksum(new_file) == before


@pytest.mark.parametrize("content", [b"", b"hello, this is a text file\n", b"PK\x03\x04 a zip file" + b"\0" * 200])
def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path, content):
    path = tmp_path / "notes.ropa"
    path.write_bytes(content)
    with pytest.raises(RopaError) as err:
        open_ropa(path)
    assert err.value.key == "not_ropa"
    assert path.read_bytes() == content
    assert "ikke en ROPA-fil" in err.value.message("nb")
    assert "not a ROPA file" in err.value.message("en")


def test_another_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = checksum(path)
    with pytest.raises(RopaError) as err:
        open_ropa(path)
    assert err.value.key == "not_ropa"
    assert checksum(path) == before


def test_a_corrupt_file_is_refused_untouched(new_file):
    data = bytearray(new_file.read_bytes())
    # Keep the SQLite header, scribble over the pages behind it.
    for i in range(200, len(data), 7):
        data[i] = 0xA5
    new_file.write_bytes(bytes(data))
    before = checksum(new_file)
    with pytest.raises(RopaError) as err:
        open_ropa(new_file)
    assert err.value.key in ("file_corrupt", "not_ropa")
    assert checksum(new_file) == before


def test_a_truncated_file_is_refused(new_file):
    data = new_file.read_bytes()
    new_file.write_bytes(data[: len(data) // 3])
    with pytest.raises(RopaError) as err:
        open_ropa(new_file)
    assert err.value.key in ("file_corrupt", "not_ropa")


def _claim_newer_schema(path, how):
    conn = sqlite3.connect(path)
    if how == "migration":
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('ropa', 'm999_from_the_future', '2030-01-01')")
    else:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.execute("UPDATE meta SET value = '9.0.0' WHERE key = 'app_version'")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("how", ["migration", "schema_version"])
def test_a_file_from_a_newer_version_is_refused_unchanged(new_file, how):
    _claim_newer_schema(new_file, how)
    before = checksum(new_file)
    with pytest.raises(RopaError) as err:
        open_ropa(new_file)
    assert err.value.key == "file_newer"
    assert "9.0.0" in err.value.message("nb")
    assert checksum(new_file) == before
    assert sorted(p.name for p in new_file.parent.iterdir()) == [new_file.name]  # no backup, no journal


def test_a_first_schema_file_is_migrated_with_a_backup_and_its_data_intact(tmp_path):
    path = tmp_path / "old.ropa"
    # Build a file exactly as the first released schema left it, with data in it.
    from sqlite_utils import Database

    db = Database(path)
    migrations.apply(db, stop_before="m002_recipient_locations")
    db.execute("INSERT INTO meta (key, value) VALUES ('format', 'ropa'), ('schema_version', '1'), "
               "('app_version', '0.0.1'), ('created', '2025-01-01')")
    db.execute("UPDATE organisation SET name = 'Gammel Bedrift AS', org_number = '923609016' WHERE id = 1")
    db.execute("INSERT INTO activities (title, purpose, created, updated) VALUES "
               "('Lønn', 'Utbetale lønn', '2025-01-01', '2025-01-01')")
    db.conn.commit()
    db.conn.close()
    before = checksum(path)

    with open_ropa(path) as store:
        assert store.organisation()["name"] == "Gammel Bedrift AS"
        assert store.activities()[0]["purpose"] == "Utbetale lønn"
        assert int(store.meta()["schema_version"]) == SCHEMA_VERSION
        assert store.recipient_resolutions() == []  # the table migration 2 added
        assert len(store.catalogue().services) > 0  # seeded on first open
        backup = store.backup_path
    assert backup is not None and backup.exists()
    assert "m002_recipient_locations" in backup.name
    assert checksum(backup) == before  # the backup is the file as it was
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT name FROM organisation").fetchone()[0] == "Gammel Bedrift AS"
    conn.close()


def test_opening_an_up_to_date_file_makes_no_backup_and_no_change(new_file):
    before = checksum(new_file)
    with open_ropa(new_file) as store:
        assert store.backup_path is None
    assert checksum(new_file) == before


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(RopaError) as err:
        open_ropa(tmp_path / "finnes-ikke.ropa")
    assert err.value.key == "file_not_found"


def test_a_locked_file_gives_a_clear_message_and_loses_nothing(new_file):
    blocker = sqlite3.connect(new_file, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with open_ropa(new_file) as store:
            store.db.conn.execute("PRAGMA busy_timeout = 100")
            with pytest.raises(RopaError) as err:
                store.update_organisation(name="Ny AS")
            assert err.value.key == "file_locked"
    finally:
        blocker.rollback()
        blocker.close()
    with open_ropa(new_file) as store:
        assert store.organisation()["name"] == ""
        store.update_organisation(name="Ny AS")  # works once the other program lets go
        assert store.organisation()["name"] == "Ny AS"


def test_a_read_only_file_opens_for_reading_but_refuses_writes(new_file):
    with open_ropa(new_file) as store:
        store.update_organisation(name="Lesbar AS")
    with read_only(new_file):
        before = checksum(new_file)
        with pytest.raises(RopaError) as err:
            open_ropa(new_file)
        assert err.value.key == "file_read_only"
        with open_ropa(new_file, read_only=True) as store:
            assert store.organisation()["name"] == "Lesbar AS"
        assert checksum(new_file) == before


def test_a_read_only_folder_is_refused_for_new_files(tmp_path):
    folder = tmp_path / "låst"
    folder.mkdir()
    with read_only(folder):
        with pytest.raises(RopaError) as err:
            create_ropa(folder / "ny.ropa")
        assert err.value.key == "folder_read_only"
        assert "skrivebeskyttet" in err.value.message("nb")
    assert list(folder.iterdir()) == []
