"""12.16: activity ids are never reused (AUTOINCREMENT, migration m004), so a removed activity's change log never
mixes with a new one's; m004 keeps every column, link and decision of a file made before it."""
from __future__ import annotations

import sqlite3
from pathlib import Path


from ropa_app.store import create_ropa, open_ropa, opening
from tests.reliability.helpers import sha

M004 = "m004_activity_ids_never_reused"


def make_m003_file(path: Path, monkeypatch) -> Path:
    """A file as the version before m004 made it: the sample company, and its last activity removed."""
    from ropa_app.sample import fill_sample_company
    from ropa_app.store.migrations import migrations

    with monkeypatch.context() as patch:
        patch.setattr(opening, "apply_migrations", lambda db: migrations.apply(db, stop_before=M004))
        patch.setattr("ropa_app.store.store.SCHEMA_VERSION", 3)
        with create_ropa(path) as store:
            fill_sample_company(store)
            first = min(a["id"] for a in store.activities())
            service = next(s for s in store.catalogue().services
                           if any(c.if_chosen for c in store.catalogue().resolved(s.key).data_categories))
            store.adopt_service(service.key, first)
            for c in store.catalogue().resolved(service.key).data_categories:
                if c.if_chosen:
                    store.decide_category(first, service.key, c.subject, c.name, "confirmed")
            last = max(a["id"] for a in store.activities())
            store.update_activity(last, "notes", "Skrevet før den ble fjernet")
            store.remove_activity(last)
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")][-1] == "m003_answers"
    conn.close()
    return path


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_new_file_never_gives_a_removed_activitys_id_again(new_file):
    with open_ropa(new_file) as store:
        first = store.add_activity("Første")
        second = store.add_activity("Andre")
        store.update_activity(second, "purpose", "Noe om den andre")
        store.remove_activity(second)
        third = store.add_activity("Tredje")
        assert third > second > first
        log_of_third = [e for e in store.change_log() if e["entity"] == "activity" and e["entity_id"] == str(third)]
        assert [e["new"] for e in log_of_third] == ["Tredje"]


def test_m004_keeps_every_column_link_and_decision_and_starts_above_removed_ids(tmp_path, monkeypatch):
    path = make_m003_file(tmp_path / "gammel.ropa", monkeypatch)
    columns_before = [r[1] for r in _rows(path, "PRAGMA table_info(activities)")]
    activities = _rows(path, "SELECT * FROM activities ORDER BY id")
    links = _rows(path, "SELECT * FROM activity_services ORDER BY 1, 2")
    decisions = _rows(path, "SELECT * FROM category_decisions ORDER BY 1, 2, 3, 4")
    removed = max(int(r[0]) for r in _rows(path, "SELECT entity_id FROM change_log WHERE field = 'removed'"))
    assert links and decisions and removed > max(a[0] for a in activities)

    with open_ropa(path) as store:
        assert store.backup_path is not None and M004 in store.backup_path.name
        new_id = store.add_activity("Ny etter oppgraderingen")
    assert new_id > removed
    assert [r[1] for r in _rows(path, "PRAGMA table_info(activities)")] == columns_before
    assert "AUTOINCREMENT" in _rows(path, "SELECT sql FROM sqlite_master WHERE name = 'activities'")[0][0]
    after = [r for r in _rows(path, "SELECT * FROM activities ORDER BY id") if r[0] != new_id]
    assert after == activities
    assert _rows(path, "SELECT * FROM activity_services ORDER BY 1, 2") == links
    assert _rows(path, "SELECT * FROM category_decisions ORDER BY 1, 2, 3, 4") == decisions
    assert _rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(path, "PRAGMA foreign_key_check") == []


def test_the_read_only_check_of_an_m003_file_changes_nothing(tmp_path, monkeypatch):
    path = make_m003_file(tmp_path / "gammel.ropa", monkeypatch)
    before = sha(path)
    with open_ropa(path, read_only=True) as store:
        assert store.activities()
    assert sha(path) == before
