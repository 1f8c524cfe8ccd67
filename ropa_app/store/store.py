"""The Store: the only place with SQL. Every change runs in one transaction and writes the change log."""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ropa_app import __version__
from ropa_app.domain import (
    ACTIVITY_FIELDS,
    DECISIONS,
    DPA_REFERENCE,
    JOINT_CONTROLLER_FIELDS,
    LIST_KINDS,
    ORGANISATION_FIELDS,
    field_spec,
    normalise_value,
)
from ropa_app.errors import RopaError
from ropa_app.store import opening
from ropa_app.store.processor_role import ProcessorRoleStore
from ropa_app.store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from ropa_app.catalogue import Catalogue, Service, Vendor


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        info = Path(path).stat()
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


USER_ENV = "ROPA_USER"


def default_who() -> str:
    """Who the change log names: the name the user set (the app's settings; ROPA_USER for the command line), never
    the operating system's account name, which says nothing to a reader of the register's history."""
    return " ".join(os.environ.get(USER_ENV, "").split())[:200]


def _as_text(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return "" if value is None else str(value)


class Store(ProcessorRoleStore):
    """An open ROPA file. Create with :func:`open_ropa` or :func:`create_ropa`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool = False) -> None:
        self.path = path
        self.conn = conn
        self._db = None
        self.read_only = read_only
        self.backup_path: Path | None = None
        self._catalogue: Catalogue | None = None
        self.who = default_who()  # the name the change log records; the app sets the user's own
        self._write_failed = False  # a write failed (a full disk): tidy its -wal/-shm away on close
        self._wal = read_only
        self._data_version: int | None = None
        self.changed_on_disk()
        self._identity = _file_identity(path)

    @property
    def db(self):
        """sqlite-utils over this connection, made at the first write: reading needs no import of it, which keeps
        opening a file (and starting the app) fast."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    # --- lifecycle ----------------------------------------------------------------------------------------
    def close(self) -> None:
        try:
            if not self.read_only:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # what the checkpoint could not move stays safe in the WAL, for the next opening
        self.conn.close()
        if self._write_failed:
            opening.remove_debris(self.path)  # a write that failed on a full disk leaves nothing behind

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One transaction; nested calls join the outer one. SQLite errors become messages a user can read.

        The outermost one starts with ``BEGIN IMMEDIATE``: it takes the write lock first, so a second writer waits
        (up to the busy timeout) instead of failing when its read turns into a write. A file that is not yet in
        WAL mode is switched at the first write, never when it is only read (or refused)."""
        if self.read_only:
            raise RopaError("file_read_only", path=str(self.path))
        try:
            if self.conn.in_transaction:
                with self.db.atomic():  # a savepoint inside the outer transaction
                    yield self
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self.changed_on_disk()  # another program's commit: forget what was cached from before it
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.rollback()
                raise
            self.conn.commit()
            self._ensure_wal()
        except sqlite3.Error as exc:
            self._write_failed = True
            if self.conn.in_transaction:
                self.conn.rollback()
            raise opening.translate_sqlite_error(exc, self.path) from None
        except OverflowError:
            raise RopaError("number_out_of_range") from None

    def migrate(self, stamp: bool = False) -> None:
        """Apply the pending migrations in one transaction: every one of them, or none. Foreign keys are off
        meanwhile (a table rebuild must not cascade), and checked before the commit."""
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with self.transaction():
                opening.apply_migrations(self.db)
                if self.conn.execute("PRAGMA foreign_key_check").fetchone():
                    raise RopaError("file_corrupt", path=str(self.path))
                if stamp:
                    _stamp_versions(self)
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")

    def _ensure_wal(self) -> None:
        """After the first write that went through, switch a file not yet in WAL mode (so readers and a second
        window never block a writer). A refused write has then changed nothing, not even the journal mode."""
        if self._wal:
            return
        try:
            if self.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                self.conn.execute("PRAGMA journal_mode = WAL")
            self._wal = True
        except sqlite3.Error:
            pass  # another connection holds the file: try again after the next write

    def changed_on_disk(self) -> bool:
        """Whether another connection (a second window, the CLI) committed to the file since this Store last
        looked (SQLite's ``PRAGMA data_version``). Forgets the cached catalogue when it did."""
        try:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise opening.translate_sqlite_error(exc, self.path) from None
        changed = self._data_version is not None and version != self._data_version
        self._data_version = version
        if changed:
            self._catalogue = None
        return changed

    def replaced_on_disk(self) -> bool:
        """Whether the name now points at another file, or at none (it was moved, deleted, or a copy was put in
        its place): this connection still holds the old one, which no other program will ever read."""
        return self._identity is not None and _file_identity(self.path) != self._identity

    def _query(self, sql: str, params: list | tuple = ()) -> list[dict]:
        try:
            cursor = self.conn.execute(sql, params)
            names = [d[0] for d in cursor.description or ()]
            return [dict(zip(names, row)) for row in cursor.fetchall()]
        except sqlite3.Error as exc:
            raise opening.translate_sqlite_error(exc, self.path) from None
        except OverflowError:  # an id beyond SQLite's integer range names nothing in the file
            raise RopaError("number_out_of_range") from None

    def save_copy(self, target: Path) -> Path:
        """A consistent copy of this file at ``target`` (SQLite's backup API, then an atomic rename)."""
        target = Path(target)
        opening.ensure_writable(target)
        tmp = target.with_name(f".{target.name}.copying")
        debris = [tmp] + [Path(f"{tmp}{suffix}") for suffix in ("-journal", "-wal", "-shm")]
        try:
            dest = sqlite3.connect(tmp)
            try:
                self.conn.backup(dest)
            finally:
                dest.close()
            opening.verify_complete(tmp)  # whole before it gets the name (a full disk fails here, not later)
            tmp.replace(target)
        except sqlite3.Error as exc:
            raise opening.translate_sqlite_error(exc, target) from None
        except RopaError as exc:
            if exc.params.get("path") == str(tmp):
                exc.params["path"] = str(target)
            raise
        except OSError as exc:
            raise opening.translate_os_error(exc, target) from None
        finally:
            for leftover in debris:
                leftover.unlink(missing_ok=True)
        return target

    # --- at a glance --------------------------------------------------------------------------------------
    def summary(self) -> dict:
        """What a first screen can show before the register is built, from one cheap query: the organisation's
        name and number and how many activities the file holds."""
        return self._query("SELECT name, org_number, (SELECT count(*) FROM activities) AS activities "
                           "FROM organisation WHERE id = 1")[0]

    def check_readable(self) -> None:
        """Refuse a damaged or hand-edited file at once, in one query, instead of when a page first reads it:
        every JSON value the register decodes (an activity's lists, the recipients' and sub-processors'
        countries, the catalogue's facts) is JSON, and an activity's lists are lists, as :meth:`_json` and
        :meth:`_decode_activity` require."""
        def value(column: str) -> str:
            return f"coalesce(nullif({column}, ''), '[]')"  # what _json reads an empty value as

        def not_a_list(column: str) -> str:
            return f"(CASE WHEN json_valid({value(column)}) THEN json_type({value(column)}) END IS NOT 'array')"

        lists = " OR ".join(not_a_list(name) for name, spec in ACTIVITY_FIELDS.items() if spec.kind in LIST_KINDS)
        tables = [("activities", lists)] + [(table, f"NOT json_valid({value(column)})") for table, column in (
            ("recipient_resolutions", "countries"), ("catalogue_services", "facts"), ("catalogue_vendors", "facts"))]
        if self._has_processor_tables():
            tables.append(("served_sub_processors", f"NOT json_valid({value('countries')})"))
        damaged = " OR ".join(f"EXISTS (SELECT 1 FROM {table} WHERE {condition})" for table, condition in tables)
        if self._query(f"SELECT {damaged} AS damaged")[0]["damaged"]:
            raise RopaError("file_corrupt", path=str(self.path))

    # --- meta ---------------------------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self._query("SELECT key, value FROM meta")}

    def _set_meta(self, **values: str) -> None:
        for key, value in values.items():
            self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, str(value)])

    # --- change log ---------------------------------------------------------------------------------------
    def _log(self, entity: str, entity_id: object, field: str, old: object, new: object) -> None:
        self.db.execute(
            "INSERT INTO change_log (at, who, entity, entity_id, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [now_iso(), self.who, entity, str(entity_id), field, _as_text(old), _as_text(new)])

    def change_log_since(self, last_id: int) -> list[dict]:
        """Change-log entries after ``last_id``, oldest first: what happened since a reader last looked."""
        return self._query("SELECT id, at, who, entity, entity_id, field, old, new FROM change_log WHERE id > ? "
                           "ORDER BY id", [last_id])

    def change_log(self, limit: int | None = None) -> list[dict]:
        sql = "SELECT id, at, who, entity, entity_id, field, old, new FROM change_log ORDER BY id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self._query(sql)

    # --- organisation -------------------------------------------------------------------------------------
    def organisation(self) -> dict:
        row = self._query("SELECT * FROM organisation WHERE id = 1")[0]
        row.pop("id")
        return row

    def update_organisation(self, **values: object) -> dict:
        """Set organisation fields (validated); returns {field: (old, new)} for what changed."""
        cleaned = {name: normalise_value(field_spec(ORGANISATION_FIELDS, name), v) for name, v in values.items()}
        changes = {}
        with self.transaction():
            current = self.organisation()
            for name, value in cleaned.items():
                if current[name] != value:
                    self.db.execute(f"UPDATE organisation SET {name} = ? WHERE id = 1", [value])
                    self._log("organisation", 1, name, current[name], value)
                    changes[name] = (current[name], value)
        return changes

    # --- joint controllers --------------------------------------------------------------------------------
    def joint_controllers(self) -> list[dict]:
        return self._query("SELECT * FROM joint_controllers ORDER BY id")

    def add_joint_controller(self, **values: object) -> int:
        cleaned = {n: normalise_value(field_spec(JOINT_CONTROLLER_FIELDS, n), v) for n, v in values.items()}
        if not cleaned.get("name"):
            raise RopaError("name_required")
        with self.transaction():
            new_id = self.db["joint_controllers"].insert(cleaned).last_pk
            self._log("joint_controller", new_id, "name", "", cleaned["name"])
        return int(new_id)

    def remove_joint_controller(self, jc_id: int) -> None:
        with self.transaction():
            rows = self._query("SELECT name FROM joint_controllers WHERE id = ?", [jc_id])
            if not rows:
                raise RopaError("unknown_joint_controller", id=jc_id)
            self.db.execute("DELETE FROM joint_controllers WHERE id = ?", [jc_id])
            self._log("joint_controller", jc_id, "name", rows[0]["name"], "")

    # --- activities ---------------------------------------------------------------------------------------
    def _json(self, text: str | None, default: str = "[]") -> object:
        """A JSON column's value; one that is not JSON (a damaged or hand-edited file) is a message, not a crash."""
        try:
            return json.loads(text or default)
        except (ValueError, TypeError):
            raise RopaError("file_corrupt", path=str(self.path)) from None

    def _decode_activity(self, row: dict) -> dict:
        for name, spec in ACTIVITY_FIELDS.items():
            if spec.kind in LIST_KINDS:
                value = self._json(row.get(name))
                if not isinstance(value, list):
                    raise RopaError("file_corrupt", path=str(self.path))
                row[name] = value
        return row

    def activities(self) -> list[dict]:
        return [self._decode_activity(r) for r in self._query("SELECT * FROM activities ORDER BY id")]

    def activity(self, activity_id: int) -> dict:
        rows = self._query("SELECT * FROM activities WHERE id = ?", [activity_id])
        if not rows:
            raise RopaError("unknown_activity", id=activity_id)
        return self._decode_activity(rows[0])

    def add_activity(self, title: str, template: str = "", **values: object) -> int:
        title = normalise_value(ACTIVITY_FIELDS["title"], title)
        if not title:
            raise RopaError("title_required")
        cleaned = {n: normalise_value(field_spec(ACTIVITY_FIELDS, n), v) for n, v in values.items()}
        stamp = now_iso()
        with self.transaction():
            record = {"title": title, "template": template, "created": stamp, "updated": stamp}
            record.update({k: _as_text(v) for k, v in cleaned.items()})
            new_id = int(self.db["activities"].insert(record).last_pk)
            self._log("activity", new_id, "title", "", title)
            for name, value in cleaned.items():
                if value:
                    self._log("activity", new_id, name, "", value)
        return new_id

    def update_activity(self, activity_id: int, field: str, value: object) -> tuple[object, object] | None:
        """Set one field; returns (old, new), or None when nothing changed."""
        spec = field_spec(ACTIVITY_FIELDS, field)
        new = normalise_value(spec, value)
        if field == "title" and not new:
            raise RopaError("title_required")
        with self.transaction():
            old = self.activity(activity_id)[field]
            if old == new:
                return None
            if field == "status" and new == "approved":
                self._refuse_approval_with_gaps(activity_id)
            self.db.execute(f"UPDATE activities SET {field} = ?, updated = ? WHERE id = ?",
                            [_as_text(new), now_iso(), activity_id])
            self._log("activity", activity_id, field, old, new)
        return old, new

    def _refuse_approval_with_gaps(self, activity_id: int) -> None:
        """An activity with open mandatory gaps cannot be approved ("Godkjent"): whoever approves it signs that
        it is complete. Every path that sets the status comes through update_activity."""
        from ropa_app.columns import gap_text
        from ropa_app.i18n import LANGUAGES
        from ropa_app.register import build_register

        register = build_register(self, include_change_log=False)
        gaps = [g for g in register.mandatory_gaps if g.activity_id == activity_id]
        if gaps:
            raise RopaError("cannot_approve", title=register.entry(activity_id).title, count=len(gaps),
                            gaps={lang: " ".join(gap_text(g, lang) for g in gaps) for lang in LANGUAGES})

    def remove_activity(self, activity_id: int) -> dict:
        """Delete an activity and its links to services (the services stay adopted); returns what was removed."""
        with self.transaction():
            removed = self.activity(activity_id)
            removed["services"] = self.services_of_activity(activity_id)
            self.db.execute("DELETE FROM activities WHERE id = ?", [activity_id])
            self._log("activity", activity_id, "removed", removed["title"], "")
        return removed

    def activity_has_user_text(self, activity_id: int) -> bool:
        """Whether the user has written anything in the activity beyond what adoption put there."""
        return bool(self._query(
            "SELECT 1 FROM change_log WHERE entity = 'activity' AND entity_id = ? AND field NOT IN "
            "('title', 'service') LIMIT 1", [str(activity_id)])) or bool(self._query(
            "SELECT 1 FROM change_log WHERE entity = 'activity' AND entity_id = ? AND field = 'title' "
            "AND old != '' LIMIT 1", [str(activity_id)]))

    def activity_by_template(self, template: str) -> int | None:
        rows = self._query("SELECT id FROM activities WHERE template = ? ORDER BY id LIMIT 1", [template])
        return rows[0]["id"] if rows else None

    def activity_by_title(self, title: str) -> int | None:
        rows = self._query("SELECT id FROM activities WHERE lower(title) = lower(?) ORDER BY id LIMIT 1", [title])
        return rows[0]["id"] if rows else None

    # --- snapshots for undo ---------------------------------------------------------------------------------
    def snapshot_activity(self, activity_id: int) -> dict:
        """Everything that makes up an activity (row, service links, category decisions), to restore it exactly."""
        row = self._query("SELECT * FROM activities WHERE id = ?", [activity_id])
        if not row:
            raise RopaError("unknown_activity", id=activity_id)
        return {"row": row[0], "services": self.services_of_activity(activity_id),
                "decisions": self.category_decisions(activity_id)}

    def restore_activity(self, snapshot: dict) -> int:
        """Put back an activity removed earlier, with the same id (undo)."""
        row = snapshot["row"]
        with self.transaction():
            self.db["activities"].insert(row)
            self._log("activity", row["id"], "restored", "", row["title"])
            for key in snapshot["services"]:
                if self.is_adopted(key):
                    self.db.execute("INSERT OR IGNORE INTO activity_services (activity_id, service_key) VALUES (?, ?)",
                                    [row["id"], key])
            for d in snapshot["decisions"]:
                if d["service_key"] in snapshot["services"] and self.is_adopted(d["service_key"]):
                    self.db.execute("INSERT OR REPLACE INTO category_decisions VALUES (?, ?, ?, ?, ?)",
                                    [d["activity_id"], d["service_key"], d["subject"], d["category"], d["decision"]])
        return int(row["id"])

    def snapshot_services(self, keys: list[str]) -> dict:
        """The adoption state of ``keys`` (adopted rows, links, decisions), to restore it after a drop (undo)."""
        marks = ",".join("?" * len(keys))
        return {
            "adopted": self._query(f"SELECT * FROM adopted_services WHERE service_key IN ({marks})", keys),
            "links": self._query(f"SELECT * FROM activity_services WHERE service_key IN ({marks})", keys),
            "decisions": self._query(f"SELECT * FROM category_decisions WHERE service_key IN ({marks})", keys),
        }

    def restore_services(self, snapshot: dict) -> None:
        with self.transaction():
            for row in snapshot["adopted"]:
                self.db["adopted_services"].insert(row, replace=True)
                self._log("service", row["service_key"], "adopted", "", "yes")
            for row in snapshot["links"]:
                self.db.execute("INSERT OR IGNORE INTO activity_services (activity_id, service_key) VALUES (?, ?)",
                                [row["activity_id"], row["service_key"]])
                self._log("activity", row["activity_id"], "service", "", row["service_key"])
            for d in snapshot["decisions"]:
                self.db.execute("INSERT OR REPLACE INTO category_decisions VALUES (?, ?, ?, ?, ?)",
                                [d["activity_id"], d["service_key"], d["subject"], d["category"], d["decision"]])

    # --- adopted services ---------------------------------------------------------------------------------
    def adopted_services(self) -> list[dict]:
        return self._query("SELECT * FROM adopted_services ORDER BY service_key")

    def is_adopted(self, key: str) -> bool:
        return bool(self._query("SELECT 1 FROM adopted_services WHERE service_key = ?", [key]))

    def activity_states(self, ids: list[int]) -> tuple[dict[int, dict], dict[int, list[str]], list[dict]]:
        """For these activities, in three queries: their rows by id (a removed one is missing), their service keys
        by id (sorted) and their category decisions."""
        rows: dict[int, dict] = {}
        links: dict[int, list[str]] = {}
        decisions: list[dict] = []
        for start in range(0, len(ids), 500):  # well under SQLite's limit on bound parameters
            chunk = list(ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for r in self._query(f"SELECT * FROM activities WHERE id IN ({marks})", chunk):
                rows[r["id"]] = self._decode_activity(r)
            for r in self._query(f"SELECT activity_id, service_key FROM activity_services WHERE activity_id IN "
                                 f"({marks}) ORDER BY activity_id, service_key", chunk):
                links.setdefault(r["activity_id"], []).append(r["service_key"])
            decisions += self._query(f"SELECT * FROM category_decisions WHERE activity_id IN ({marks}) "
                                     "ORDER BY activity_id, service_key, category", chunk)
        return rows, links, decisions

    def services_of_activity(self, activity_id: int) -> list[str]:
        return [r["service_key"] for r in self._query(
            "SELECT service_key FROM activity_services WHERE activity_id = ? ORDER BY service_key", [activity_id])]

    def activities_of_service(self, key: str) -> list[int]:
        return [r["activity_id"] for r in self._query(
            "SELECT activity_id FROM activity_services WHERE service_key = ? ORDER BY activity_id", [key])]

    def activity_links(self) -> list[dict]:
        return self._query("SELECT activity_id, service_key FROM activity_services ORDER BY activity_id, service_key")

    def adopt_service(self, key: str, activity_id: int) -> bool:
        """Record that ``key`` is used and supports ``activity_id``; False when that link already existed."""
        self.catalogue().service(key)  # unknown keys are a user error, before anything is written
        with self.transaction():
            self.activity(activity_id)
            if not self.is_adopted(key):
                self.db.execute("INSERT INTO adopted_services (service_key, adopted) VALUES (?, ?)",
                                [key, now_iso()])
                self._log("service", key, "adopted", "", "yes")
            if activity_id in self.activities_of_service(key):
                return False
            self.db.execute("INSERT INTO activity_services (activity_id, service_key) VALUES (?, ?)",
                            [activity_id, key])
            self._log("activity", activity_id, "service", "", key)
            self.db.execute("UPDATE activities SET updated = ? WHERE id = ?", [now_iso(), activity_id])
        return True

    def drop_service(self, key: str) -> list[int]:
        """Stop using ``key``: removes its links and confirmations; returns the activities it supported."""
        with self.transaction():
            if not self.is_adopted(key):
                raise RopaError("not_adopted", key=key)
            linked = self.activities_of_service(key)
            for activity_id in linked:
                self._log("activity", activity_id, "service", key, "")
            self.db.execute("DELETE FROM adopted_services WHERE service_key = ?", [key])
            self._log("service", key, "adopted", "yes", "")
        return linked

    def unlink_service(self, key: str, activity_id: int) -> list[dict]:
        """Take ``key`` out of one activity (it stays in use for the others, or with none); its confirmations of
        optional categories there go too. Returns those decisions (for undo)."""
        with self.transaction():
            self.activity(activity_id)
            if activity_id not in self.activities_of_service(key):
                raise RopaError("service_not_in_activity", key=key, id=activity_id)
            decisions = [d for d in self.category_decisions(activity_id) if d["service_key"] == key]
            self.db.execute("DELETE FROM activity_services WHERE activity_id = ? AND service_key = ?",
                            [activity_id, key])
            self._log("activity", activity_id, "service", key, "")
            self.db.execute("UPDATE activities SET updated = ? WHERE id = ?", [now_iso(), activity_id])
        return decisions

    def restore_decisions(self, decisions: list[dict]) -> None:
        """Put back confirmations of optional categories removed with a link (undo of an unlink)."""
        with self.transaction():
            for d in decisions:
                self.db.execute("INSERT OR REPLACE INTO category_decisions VALUES (?, ?, ?, ?, ?)",
                                [d["activity_id"], d["service_key"], d["subject"], d["category"], d["decision"]])
                # Logged like any decision: the change log is the record, and what the kept register reads.
                self._log("activity", d["activity_id"], f"category:{d['service_key']}:{d['category']}", "",
                          d["decision"])

    def set_dpa_reference(self, key: str, reference: str) -> None:
        reference = normalise_value(DPA_REFERENCE, reference)
        with self.transaction():
            rows = self._query("SELECT dpa_reference FROM adopted_services WHERE service_key = ?", [key])
            if not rows:
                raise RopaError("not_adopted", key=key)
            if rows[0]["dpa_reference"] != reference:
                self.db.execute("UPDATE adopted_services SET dpa_reference = ? WHERE service_key = ?",
                                [reference, key])
                self._log("service", key, "dpa_reference", rows[0]["dpa_reference"], reference)

    # --- optional data categories -------------------------------------------------------------------------
    def category_decisions(self, activity_id: int | None = None) -> list[dict]:
        if activity_id is None:
            return self._query("SELECT * FROM category_decisions ORDER BY activity_id, service_key, category")
        return self._query("SELECT * FROM category_decisions WHERE activity_id = ? ORDER BY service_key, category",
                           [activity_id])

    def decide_category(self, activity_id: int, service_key: str, subject: str, category: str,
                        decision: str | None) -> None:
        """Confirm or decline an "if chosen" data category for an activity; None withdraws the decision."""
        if decision is not None and decision not in DECISIONS:
            raise RopaError("invalid_choice", field="decision", value=decision, choices=", ".join(DECISIONS))
        service = self.catalogue().resolved(service_key)
        if not any(c.subject == subject and c.name == category and c.if_chosen for c in service.data_categories):
            raise RopaError("unknown_optional_category", category=category, key=service_key)
        with self.transaction():
            if activity_id not in self.activities_of_service(service_key):
                raise RopaError("service_not_in_activity", key=service_key, id=activity_id)
            old = self._query("SELECT decision FROM category_decisions WHERE activity_id = ? AND service_key = ? "
                              "AND subject = ? AND category = ?", [activity_id, service_key, subject, category])
            old_value = old[0]["decision"] if old else ""
            if old_value == (decision or ""):
                return
            self.db.execute("DELETE FROM category_decisions WHERE activity_id = ? AND service_key = ? "
                            "AND subject = ? AND category = ?", [activity_id, service_key, subject, category])
            if decision:
                self.db.execute("INSERT INTO category_decisions VALUES (?, ?, ?, ?, ?)",
                                [activity_id, service_key, subject, category, decision])
            self._log("activity", activity_id, f"category:{service_key}:{category}", old_value, decision or "")

    # --- recipients the user has resolved -------------------------------------------------------------------
    def recipient_resolutions(self) -> list[dict]:
        rows = self._query("SELECT * FROM recipient_resolutions ORDER BY recipient")
        for r in rows:
            r["countries"] = self._json(r["countries"])
        return rows

    def resolve_recipient(self, recipient: str, countries: list[str], mechanism: str = "", note: str = "") -> None:
        """Record where a recipient processes data. Country codes are ISO 3166-1 (or EU/EEA); the aliases people
        type (UK, EL) are stored as GB and GR (:func:`ropa_app.validation.normalise_country` says which)."""
        from ropa_app.validation import clean_text, normalise_country

        recipient = clean_text(recipient).strip()
        if not recipient:
            raise RopaError("name_required")
        countries = list(dict.fromkeys(normalise_country(c)[0] for c in countries if c.strip()))
        mechanism, note = clean_text(mechanism).strip(), clean_text(note).strip()
        with self.transaction():
            old = self._query("SELECT * FROM recipient_resolutions WHERE recipient = ?", [recipient])
            self.db.execute(
                "INSERT INTO recipient_resolutions (recipient, countries, mechanism, note, updated) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(recipient) DO UPDATE SET countries = excluded.countries, "
                "mechanism = excluded.mechanism, note = excluded.note, updated = excluded.updated",
                [recipient, json.dumps(countries), mechanism, note, now_iso()])
            self._log("recipient", recipient, "location",
                      old[0]["countries"] + " " + old[0]["mechanism"] if old else "",
                      json.dumps(countries) + " " + mechanism)

    def forget_recipient(self, recipient: str) -> None:
        with self.transaction():
            old = self._query("SELECT * FROM recipient_resolutions WHERE recipient = ?", [recipient])
            if old:
                self.db.execute("DELETE FROM recipient_resolutions WHERE recipient = ?", [recipient])
                self._log("recipient", recipient, "location", old[0]["countries"] + " " + old[0]["mechanism"], "")

    # --- catalogue ----------------------------------------------------------------------------------------
    def catalogue(self) -> Catalogue:
        """The catalogue as stored in this file (shipped and the user's own vendors)."""
        if self._catalogue is None:
            from ropa_app.catalogue import (
                Catalogue,
                load_activity_templates,
                service_from_dict,
                vendor_from_dict,
            )

            vendors = []
            services_by_vendor: dict[str, list[Service]] = {}
            for row in self._query("SELECT vendor, facts FROM catalogue_services ORDER BY position, key"):
                services_by_vendor.setdefault(row["vendor"], []).append(service_from_dict(self._json(row["facts"])))
            for row in self._query("SELECT id, origin, facts FROM catalogue_vendors ORDER BY origin, id"):
                vendors.append(vendor_from_dict(self._json(row["facts"]),
                                                tuple(services_by_vendor.get(row["id"], ()))))
            meta = self.meta()
            shipped = load_activity_templates()
            self._catalogue = Catalogue(version=meta.get("catalogue_version", ""),
                                        date=meta.get("catalogue_date", ""), vendors=tuple(vendors),
                                        activities=shipped)
        return self._catalogue

    def sync_catalogue(self, shipped: Catalogue) -> list[str]:
        """Seed, or upgrade to, the shipped catalogue. The user's vendors and data are untouched; a changed fact
        of an adopted service is recorded in catalogue_changes. Returns the keys of adopted services changed."""
        from ropa_app.catalogue import vendor_to_dict
        from ropa_app.catalogue_index import version_tuple

        meta = self.meta()
        stored_version = meta.get("catalogue_version", "")
        if stored_version and version_tuple(stored_version) >= version_tuple(shipped.version):
            return []
        changed_adopted: list[str] = []
        with self.transaction():
            adopted = {r["service_key"] for r in self.adopted_services()}
            old = {r["key"]: r for r in self._query(
                "SELECT key, facts, fingerprint FROM catalogue_services WHERE origin = 'shipped'")}
            for vendor in shipped.vendors:
                facts = json.dumps(vendor_to_dict(vendor), ensure_ascii=False, sort_keys=True)
                self.db.execute("INSERT INTO catalogue_vendors (id, name, origin, facts) VALUES (?, ?, 'shipped', ?) "
                                "ON CONFLICT(id) DO UPDATE SET name = excluded.name, facts = excluded.facts",
                                [vendor.id, vendor.name, facts])
            for position, service in enumerate(shipped.services):
                facts = json.dumps(service.to_dict(), ensure_ascii=False, sort_keys=True)
                fingerprint = service.fingerprint()
                previous = old.pop(service.key, None)
                if previous and previous["fingerprint"] != fingerprint and service.key in adopted:
                    self.db.execute(
                        "INSERT INTO catalogue_changes (service_key, detected, from_version, to_version, "
                        "old_facts, new_facts) VALUES (?, ?, ?, ?, ?, ?)",
                        [service.key, now_iso(), stored_version, shipped.version, previous["facts"], facts])
                    changed_adopted.append(service.key)
                self.db.execute(
                    "INSERT INTO catalogue_services (key, vendor, parent, name, origin, facts, fingerprint, position) "
                    "VALUES (?, ?, ?, ?, 'shipped', ?, ?, ?) ON CONFLICT(key) DO UPDATE SET vendor = excluded.vendor, "
                    "parent = excluded.parent, name = excluded.name, facts = excluded.facts, "
                    "fingerprint = excluded.fingerprint, position = excluded.position",
                    [service.key, service.vendor, service.parent, service.name, facts, fingerprint, position])
            for gone_key, previous in old.items():
                # A service the vendor no longer describes: keep it while adopted (the user's register needs it).
                if gone_key in adopted:
                    self.db.execute(
                        "INSERT INTO catalogue_changes (service_key, detected, from_version, to_version, "
                        "old_facts, new_facts) VALUES (?, ?, ?, ?, ?, '')",
                        [gone_key, now_iso(), stored_version, shipped.version, previous["facts"]])
                    changed_adopted.append(gone_key)
                else:
                    self.db.execute("DELETE FROM catalogue_services WHERE key = ?", [gone_key])
            self._set_meta(catalogue_version=shipped.version, catalogue_date=shipped.date)
            if stored_version:
                self._log("catalogue", "", "version", stored_version, shipped.version)
        self._catalogue = None
        return changed_adopted

    def catalogue_changes(self, include_acknowledged: bool = False) -> list[dict]:
        sql = "SELECT * FROM catalogue_changes"
        if not include_acknowledged:
            sql += " WHERE acknowledged = 0"
        return self._query(sql + " ORDER BY id")

    def acknowledge_catalogue_change(self, change_id: int) -> None:
        with self.transaction():
            self.db.execute("UPDATE catalogue_changes SET acknowledged = 1 WHERE id = ?", [change_id])
            self._log("catalogue_change", change_id, "acknowledged", "0", "1")

    # --- the user's own vendors ---------------------------------------------------------------------------
    def add_user_service(self, vendor: Vendor, service: Service) -> None:
        """Add a vendor service the catalogue does not ship (kept apart: origin 'user', never upgraded)."""
        from ropa_app.catalogue import vendor_to_dict

        if not service.key.startswith("user-"):
            raise RopaError("user_key_prefix", key=service.key)
        with self.transaction():
            shipped = self._query("SELECT origin FROM catalogue_vendors WHERE id = ?", [vendor.id])
            if shipped and shipped[0]["origin"] == "shipped":
                raise RopaError("user_key_prefix", key=service.key)
            self.db.execute("INSERT INTO catalogue_vendors (id, name, origin, facts) VALUES (?, ?, 'user', ?) "
                            "ON CONFLICT(id) DO UPDATE SET name = excluded.name, facts = excluded.facts",
                            [vendor.id, vendor.name, json.dumps(vendor_to_dict(vendor), ensure_ascii=False)])
            old = self._query("SELECT facts FROM catalogue_services WHERE key = ?", [service.key])
            facts = json.dumps(service.to_dict(), ensure_ascii=False, sort_keys=True)
            self.db.execute(
                "INSERT INTO catalogue_services (key, vendor, parent, name, origin, facts, fingerprint, position) "
                "VALUES (?, ?, ?, ?, 'user', ?, ?, 100000) ON CONFLICT(key) DO UPDATE SET name = excluded.name, "
                "facts = excluded.facts, fingerprint = excluded.fingerprint",
                [service.key, vendor.id, service.parent, service.name, facts, service.fingerprint()])
            self._log("user_service", service.key, "facts", old[0]["facts"] if old else "", facts)
        self._catalogue = None

    def remove_user_service(self, key: str) -> None:
        """Remove one of the company's own vendor services (and its vendor when it has no other service left).
        An adopted service is refused: stop using it first."""
        rows = self._query("SELECT vendor, facts FROM catalogue_services WHERE key = ? AND origin = 'user'", [key])
        if not rows:
            raise RopaError("user_service_unknown", key=key)
        if self.is_adopted(key):
            raise RopaError("user_service_in_use", key=key)
        with self.transaction():
            self.db.execute("DELETE FROM catalogue_services WHERE key = ?", [key])
            vendor = rows[0]["vendor"]
            if not self._query("SELECT key FROM catalogue_services WHERE vendor = ?", [vendor]):
                self.db.execute("DELETE FROM catalogue_vendors WHERE id = ? AND origin = 'user'", [vendor])
            self._log("user_service", key, "facts", rows[0]["facts"], "")
        self._catalogue = None

    def service_origin(self, key: str) -> str:
        rows = self._query("SELECT origin FROM catalogue_services WHERE key = ?", [key])
        return rows[0]["origin"] if rows else ""




# --- opening and creating -----------------------------------------------------------------------------------

def _initialise(store: Store) -> None:
    stamp = now_iso()
    with store.transaction():
        store.db.execute("INSERT INTO meta (key, value) VALUES ('format', ?), ('created', ?)",
                   [opening.FORMAT_NAME, stamp])


def _stamp_versions(store: Store) -> None:
    with store.transaction():
        store._set_meta(schema_version=str(SCHEMA_VERSION), app_version=__version__)


def create_ropa(path: Path, catalogue: Catalogue | None = None) -> Store:
    """Create a new ROPA file at ``path``, seeded with the shipped catalogue. Refuses to overwrite.

    The file is made under a temporary name, written out of its WAL, closed, and checked (integrity and schema)
    before it gets the user's name; any failure (a full disk above all) removes every temporary file and says
    why, so no half-made ROPA is ever left under the real name."""
    path = Path(path)
    if path.exists():
        raise RopaError("file_exists", path=str(path))
    opening.ensure_writable(path)
    tmp = path.with_name(f".{path.name}.creating")
    debris = [tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")]
    for leftover in debris:
        leftover.unlink(missing_ok=True)
    from ropa_app.catalogue import load_catalogue

    try:
        store = Store(tmp, opening.connect(tmp))
        try:
            store.migrate()
            _initialise(store)
            _stamp_versions(store)
            store.sync_catalogue(catalogue or load_catalogue())
            opening.checkpoint_or_fail(store.conn)
        finally:
            store.conn.close()
        opening.verify_complete(tmp)
        tmp.replace(path)
    except sqlite3.Error as exc:
        raise opening.translate_sqlite_error(exc, path) from None
    except RopaError as exc:
        if exc.params.get("path") == str(tmp):
            exc.params["path"] = str(path)
        raise
    except OSError as exc:
        raise opening.translate_os_error(exc, path) from None
    finally:
        for leftover in debris:
            leftover.unlink(missing_ok=True)
    return open_ropa(path)


def open_ropa(path: Path, *, read_only: bool = False, catalogue: Catalogue | None = None) -> Store:
    """Open an existing ROPA file: refuse what is not ours or is newer, back up before migrating, and bring the
    shipped catalogue in when it is newer than the file's. ``read_only`` never writes."""
    path = Path(path)
    pending = opening.inspect_file(path)
    if read_only:
        conn = opening.connect(path, read_only=True)
        if not pending:
            return Store(path, conn, read_only=True)
        # An older file on read-only media (or only to be read): migrate a copy in memory, never the file.
        try:
            memory = sqlite3.connect(":memory:")
            conn.backup(memory)
        except sqlite3.Error as exc:
            raise opening.translate_sqlite_error(exc, path) from None
        finally:
            conn.close()
        memory.execute("PRAGMA foreign_keys = ON")
        store = Store(path, memory)
        try:
            store.migrate(stamp=True)
        except BaseException:
            memory.close()
            raise
        store.read_only = True
        return store
    opening.ensure_writable(path)
    backup = opening.backup_before_migration(path, pending) if pending else None
    conn = opening.connect(path)
    try:
        store = Store(path, conn)
    except BaseException:
        conn.close()
        opening.remove_debris(path)
        raise
    store.backup_path = backup
    try:
        from ropa_app.catalogue_index import shipped_catalogue_version, version_tuple

        if pending:
            store.migrate(stamp=True)
        shipped_version = shipped_catalogue_version()
        stored_version = store.meta().get("catalogue_version", "")
        if not stored_version or version_tuple(shipped_version) > version_tuple(stored_version):
            from ropa_app.catalogue import load_catalogue

            store.sync_catalogue(catalogue or load_catalogue())
        elif catalogue is not None:
            store.sync_catalogue(catalogue)
    except BaseException:
        store.conn.close()
        opening.remove_debris(path)
        raise
    return store
