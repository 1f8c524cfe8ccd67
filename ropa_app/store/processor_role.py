"""The Store's part for the company's role as a processor (art. 30(2)): the controllers it acts for, the
sub-processors it uses for each, and the role's own security measures. Mixed into ropa_app.store.Store; like the
rest of the store, every write is one transaction and is written to the change log."""
from __future__ import annotations

import json

from ropa_app.domain import PROCESSOR_ROLE_FIELDS, SERVED_CONTROLLER_FIELDS, field_spec, normalise_value
from ropa_app.errors import RopaError

CONTROLLER = "served_controller"
SUB_PROCESSOR = "served_sub_processor"
ROLE = "processor_role"


class ProcessorRoleStore:
    """Reads and writes of the processor's register. Expects the Store's _query, _log, db, transaction, _json."""

    def _has_processor_tables(self) -> bool:
        """Whether m006 has run. Opening migrates every file first; only a file held at an older schema on
        purpose (the migration tests build one) lacks the tables, and reads as "no processor role"."""
        return bool(self._query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'processor_role'"))

    # --- the role as a whole ----------------------------------------------------------------------------------
    def processor_role(self) -> dict:
        if not self._has_processor_tables():
            return {name: "" for name in PROCESSOR_ROLE_FIELDS}
        rows = self._query("SELECT security_measures, transfers_note FROM processor_role WHERE id = 1")
        return rows[0] if rows else {name: "" for name in PROCESSOR_ROLE_FIELDS}

    def update_processor_role(self, **values: object) -> dict:
        """Set the role's own fields; returns {field: (old, new)} for what changed."""
        cleaned = {n: normalise_value(field_spec(PROCESSOR_ROLE_FIELDS, n), v) for n, v in values.items()}
        changes = {}
        with self.transaction():
            current = self.processor_role()
            for name, value in cleaned.items():
                if current[name] != value:
                    self.db.execute(f"UPDATE processor_role SET {name} = ? WHERE id = 1", [value])
                    self._log(ROLE, 1, name, current[name], value)
                    changes[name] = (current[name], value)
        return changes

    # --- the controllers the company acts for -----------------------------------------------------------------
    def served_controllers(self) -> list[dict]:
        if not self._has_processor_tables():
            return []
        return self._query("SELECT * FROM served_controllers ORDER BY id")

    def served_controller(self, controller_id: int) -> dict:
        rows = self._query("SELECT * FROM served_controllers WHERE id = ?", [controller_id])
        if not rows:
            raise RopaError("unknown_served_controller", id=controller_id)
        return rows[0]

    def add_served_controller(self, name: str, **values: object) -> int:
        from ropa_app.store.store import now_iso

        name = normalise_value(SERVED_CONTROLLER_FIELDS["name"], name)
        if not name:
            raise RopaError("name_required")
        cleaned = {n: normalise_value(field_spec(SERVED_CONTROLLER_FIELDS, n), v) for n, v in values.items()}
        stamp = now_iso()
        with self.transaction():
            new_id = int(self.db["served_controllers"].insert(
                {"name": name, **cleaned, "created": stamp, "updated": stamp}).last_pk)
            self._log(CONTROLLER, new_id, "name", "", name)
            for field, value in cleaned.items():
                if value:
                    self._log(CONTROLLER, new_id, field, "", value)
        return new_id

    def update_served_controller(self, controller_id: int, field: str, value: object) -> tuple | None:
        """Set one field; returns (old, new), or None when nothing changed."""
        from ropa_app.store.store import now_iso

        new = normalise_value(field_spec(SERVED_CONTROLLER_FIELDS, field), value)
        if field == "name" and not new:
            raise RopaError("name_required")
        with self.transaction():
            old = self.served_controller(controller_id)[field]
            if old == new:
                return None
            self.db.execute(f"UPDATE served_controllers SET {field} = ?, updated = ? WHERE id = ?",
                            [new, now_iso(), controller_id])
            self._log(CONTROLLER, controller_id, field, old, new)
        return old, new

    def remove_served_controller(self, controller_id: int) -> dict:
        """Remove a controller and its sub-processors; returns a snapshot that restores both (undo)."""
        with self.transaction():
            row = self.served_controller(controller_id)
            subs = self._query("SELECT * FROM served_sub_processors WHERE controller_id = ? ORDER BY id",
                               [controller_id])
            self.db.execute("DELETE FROM served_controllers WHERE id = ?", [controller_id])
            self._log(CONTROLLER, controller_id, "removed", row["name"], "")
        return {"row": row, "subs": subs}

    def restore_served_controller(self, snapshot: dict) -> int:
        row = snapshot["row"]
        with self.transaction():
            self.db["served_controllers"].insert(row)
            for sub in snapshot["subs"]:
                self.db["served_sub_processors"].insert(sub)
            self._log(CONTROLLER, row["id"], "restored", "", row["name"])
        return int(row["id"])

    # --- the sub-processors it uses for them ------------------------------------------------------------------
    def served_sub_processors(self, controller_id: int | None = None) -> list[dict]:
        if not self._has_processor_tables():
            return []
        if controller_id is None:
            rows = self._query("SELECT * FROM served_sub_processors ORDER BY controller_id, id")
        else:
            rows = self._query("SELECT * FROM served_sub_processors WHERE controller_id = ? ORDER BY id",
                               [controller_id])
        for r in rows:
            r["countries"] = self._json(r["countries"])
        return rows

    def add_served_sub_processor(self, controller_id: int, *, service_key: str = "", name: str = "",
                                 countries: list[str] | tuple[str, ...] = (), mechanism: str = "",
                                 task: str = "") -> int:
        """A sub-processor used for a controller: a catalogue service (its vendor, countries and own
        sub-processors come from the catalogue) or a vendor the user names, with the countries they know of
        (none: the location is unknown, a gap) and the transfer mechanism."""
        from ropa_app.validation import clean_text, normalise_country

        service_key = service_key.strip()
        name = " ".join(clean_text(name).split())
        if service_key:
            self.catalogue().service(service_key)  # an unknown key is a user error, before anything is written
        elif not name:
            raise RopaError("name_required")
        codes = list(dict.fromkeys(normalise_country(c)[0] for c in countries if c.strip()))
        mechanism, task = clean_text(mechanism).strip(), clean_text(task).strip()
        with self.transaction():
            self.served_controller(controller_id)
            new_id = int(self.db["served_sub_processors"].insert({
                "controller_id": controller_id, "service_key": service_key, "name": name,
                "countries": json.dumps(codes), "mechanism": mechanism, "task": task}).last_pk)
            self._log(CONTROLLER, controller_id, "sub_processor", "", service_key or name)
        return new_id

    def remove_served_sub_processor(self, sub_id: int) -> dict:
        with self.transaction():
            rows = self._query("SELECT * FROM served_sub_processors WHERE id = ?", [sub_id])
            if not rows:
                raise RopaError("unknown_served_sub_processor", id=sub_id)
            row = rows[0]
            self.db.execute("DELETE FROM served_sub_processors WHERE id = ?", [sub_id])
            self._log(CONTROLLER, row["controller_id"], "sub_processor", row["service_key"] or row["name"], "")
        return row

    def restore_served_sub_processor(self, row: dict) -> int:
        with self.transaction():
            self.served_controller(row["controller_id"])
            self.db["served_sub_processors"].insert(row)
            self._log(CONTROLLER, row["controller_id"], "sub_processor", "", row["service_key"] or row["name"])
        return int(row["id"])
