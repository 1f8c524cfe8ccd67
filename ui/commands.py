"""Undoable edits: each QUndoCommand calls the core and restores exactly what it changed.

A command whose first run the core refuses marks itself ``failed`` and becomes obsolete, so a refused edit never
lands on the undo stack (the error is shown by the session).

Another window or the CLI may have changed the same thing since. Each command knows what it touches in the file
(:meth:`_Command._file_value`); an undo runs only while the file still holds what the command wrote, a redo only
while it holds what was there before. Otherwise the step is refused with a message and dropped from the stack:
someone else's later change is never overwritten.
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ropa_app.adoption import adopt_services, drop_services
from ropa_app.errors import RopaError
from ui.i18n import current, tr

_GONE = object()  # what _file_value gives for something the file does not hold (any more)
_UNCHECKED = object()


class _Command(QUndoCommand):
    def __init__(self, session, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.store = session.store
        self.failed = False
        self._first = True
        self._before: object = _UNCHECKED
        self._written: object = _UNCHECKED

    def redo(self) -> None:
        if self._first:
            self._before = self._checked_value()
        else:
            self.session.sync()
            if self._changed_since(self._before):
                self._refuse("ui.redo.refused_changed")
                return
        try:
            self._redo()
        except RopaError as exc:
            if not self._first:
                raise
            self.failed = True
            self.setObsolete(True)
            self.session.show_error(exc.message(current()))
            return
        finally:
            self._first = False
        self._written = self._checked_value()
        self._announce()

    def undo(self) -> None:
        self.session.sync()
        if self._changed_since(self._written):
            self._refuse("ui.undo.refused_changed")
            return
        try:
            self._undo()
        except RopaError as exc:
            self.session.show_error(exc.message(current()))
            return
        self._announce()

    # --- what the file holds ------------------------------------------------------------------------------
    def _file_value(self) -> object:
        """What this command changes, as the file holds it now (subclasses say; _UNCHECKED for nothing)."""
        return _UNCHECKED

    def _checked_value(self) -> object:
        try:
            return self._file_value()
        except RopaError:
            return _GONE

    def _changed_since(self, expected: object) -> bool:
        if expected is _UNCHECKED:
            return False
        return self._checked_value() != expected

    def _refuse(self, key: str) -> None:
        self.setObsolete(True)  # the step cannot be taken any more: the stack drops it
        self.session.show_error(tr(key, action=self.text()))
        self.session.announce()

    def _redo(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _undo(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _announce(self) -> None:
        self.session.announce()


def _without(row: dict | None, *names: str) -> object:
    return _GONE if row is None else {k: v for k, v in row.items() if k not in names}


def _activity_state(store, activity_id: int) -> dict:
    """An activity's fields, services and decisions; not its 'updated' stamp, which an edit and its undo in
    this very window move on without changing anything."""
    snapshot = store.snapshot_activity(activity_id)
    return {**snapshot, "row": _without(snapshot["row"], "updated")}


class SetOrganisationField(_Command):
    def __init__(self, session, field: str, value: str) -> None:
        super().__init__(session, tr("ui.undo.edit_field", field=tr(f"field.organisation.{field}")))
        self.field, self.new = field, value
        self.old = self.store.organisation()[field]

    def _file_value(self) -> object:
        return self.store.organisation()[self.field]

    def _redo(self) -> None:
        changed = self.store.update_organisation(**{self.field: self.new})
        if not changed and self._first:
            self.setObsolete(True)

    def _undo(self) -> None:
        self.store.update_organisation(**{self.field: self.old})

    def _announce(self) -> None:
        self.session.announce("organisationChanged")


class SetActivityField(_Command):
    def __init__(self, session, activity_id: int, field: str, value) -> None:
        super().__init__(session, tr("ui.undo.edit_field", field=tr(f"field.activity.{field}")))
        self.activity_id, self.field, self.new = activity_id, field, value
        self.old = self.store.activity(activity_id)[field]

    def _file_value(self) -> object:
        return self.store.activity(self.activity_id)[self.field]

    def _redo(self) -> None:
        changed = self.store.update_activity(self.activity_id, self.field, self.new)
        if changed is None and self._first:
            self.setObsolete(True)  # nothing changed: no empty step on the undo stack

    def _undo(self) -> None:
        self.store.update_activity(self.activity_id, self.field, self.old)

    def _announce(self) -> None:
        self.session.hub.activityChanged.emit(self.activity_id)
        self.session.announce()


class AddActivity(_Command):
    def __init__(self, session, title: str) -> None:
        super().__init__(session, tr("ui.undo.add_activity", title=title))
        self.title = title
        self.snapshot: dict | None = None
        self.activity_id: int | None = None

    def _file_value(self) -> object:
        return _GONE if self.activity_id is None else _activity_state(self.store, self.activity_id)

    def _redo(self) -> None:
        if self.snapshot:
            self.store.restore_activity(self.snapshot)
        else:
            self.activity_id = self.store.add_activity(self.title)

    def _undo(self) -> None:
        self.snapshot = self.store.snapshot_activity(self.activity_id)
        self.store.remove_activity(self.activity_id)

    def _announce(self) -> None:
        self.session.announce("activitiesChanged")


class RemoveActivity(_Command):
    def __init__(self, session, activity_id: int) -> None:
        title = session.store.activity(activity_id)["title"]
        super().__init__(session, tr("ui.undo.remove_activity", title=title))
        self.activity_id = activity_id
        self.snapshot = self.store.snapshot_activity(activity_id)

    def _file_value(self) -> object:
        return _activity_state(self.store, self.activity_id)

    def _redo(self) -> None:
        self.store.remove_activity(self.activity_id)

    def _undo(self) -> None:
        self.store.restore_activity(self.snapshot)

    def _announce(self) -> None:
        self.session.announce("activitiesChanged")


class AdoptServices(_Command):
    """Start using services. Undo drops exactly the ones this command adopted; redo puts them back into the very
    activities they were in (same ids), so later commands on those activities still apply."""

    def __init__(self, session, keys: list[str], activity_title: str | None = None) -> None:
        names = ", ".join(session.store.catalogue().service(k).name for k in keys)
        super().__init__(session, tr("ui.undo.adopt", services=names))
        self.keys, self.activity_title = keys, activity_title
        self.adopted: list[str] = []
        self.created: list[dict] = []  # snapshots of activities this command created
        self.links: dict | None = None

    def _file_value(self) -> object:
        return self.store.snapshot_services(list(self.keys))

    def _redo(self) -> None:
        if self.links is None:
            with self.store.transaction():
                results = adopt_services(self.store, self.keys, self.activity_title, lang=current())
                self.adopted = [r.key for r in results if not r.already]
                self.created = [self.store.snapshot_activity(r.activity_id) for r in results if r.activity_created]
                self.links = self.store.snapshot_services(self.adopted)
        else:
            with self.store.transaction():
                for snapshot in self.created:
                    self.store.restore_activity({**snapshot, "services": [], "decisions": []})
                self.store.restore_services(self.links)

    def _undo(self) -> None:
        self.links = self.store.snapshot_services(self.adopted)
        with self.store.transaction():
            drop_services(self.store, list(reversed(self.adopted)))
            for snapshot in self.created:  # created activities the user has since written in stay
                activity_id = snapshot["row"]["id"]
                if activity_id in {a["id"] for a in self.store.activities()} and \
                        not self.store.services_of_activity(activity_id):
                    self.store.remove_activity(activity_id)

    def _announce(self) -> None:
        self.session.announce("activitiesChanged", "servicesChanged")


class DropServices(_Command):
    def __init__(self, session, keys: list[str]) -> None:
        names = ", ".join(session.store.catalogue().service(k).name for k in keys)
        super().__init__(session, tr("ui.undo.drop", services=names))
        self.keys = keys
        self.services: dict | None = None
        self.removed: list[dict] = []

    def _file_value(self) -> object:
        return self.store.snapshot_services(list(self.keys))

    def _redo(self) -> None:
        catalogue = self.store.catalogue()
        affected = list(self.keys) + [a.key for k in self.keys for a in catalogue.addons(k)
                                      if self.store.is_adopted(a.key)]
        self.services = self.store.snapshot_services(affected)
        linked = {row["activity_id"] for row in self.services["links"]}
        before = {aid: self.store.snapshot_activity(aid) for aid in linked}
        with self.store.transaction():
            results = drop_services(self.store, self.keys)
        self.removed = [before[aid] for r in results for aid in r.removed_activities]

    def _undo(self) -> None:
        with self.store.transaction():
            for snapshot in self.removed:
                self.store.restore_activity({**snapshot, "services": [], "decisions": []})
            self.store.restore_services(self.services)

    def _announce(self) -> None:
        self.session.announce("activitiesChanged", "servicesChanged")


class DecideCategory(_Command):
    def __init__(self, session, activity_id: int, service_key: str, subject: str, category: str,
                 decision: str | None) -> None:
        super().__init__(session, tr("ui.undo.decide", category=category))
        self.args = (activity_id, service_key, subject, category)
        self.new = decision
        current_rows = [d for d in self.store.category_decisions(activity_id)
                        if (d["service_key"], d["subject"], d["category"]) == (service_key, subject, category)]
        self.old = current_rows[0]["decision"] if current_rows else None

    def _file_value(self) -> object:
        activity_id, service_key, subject, category = self.args
        rows = [d["decision"] for d in self.store.category_decisions(activity_id)
                if (d["service_key"], d["subject"], d["category"]) == (service_key, subject, category)]
        return rows[0] if rows else None

    def _redo(self) -> None:
        self.store.decide_category(*self.args, self.new)

    def _undo(self) -> None:
        self.store.decide_category(*self.args, self.old)

    def _announce(self) -> None:
        self.session.hub.activityChanged.emit(self.args[0])
        self.session.announce()


class SetDpaReference(_Command):
    def __init__(self, session, key: str, reference: str) -> None:
        super().__init__(session, tr("ui.undo.dpa", service=session.store.catalogue().service(key).name))
        self.key, self.new = key, reference
        rows = [r for r in self.store.adopted_services() if r["service_key"] == key]
        self.old = rows[0]["dpa_reference"] if rows else ""

    def _file_value(self) -> object:
        rows = [r for r in self.store.adopted_services() if r["service_key"] == self.key]
        return rows[0]["dpa_reference"] if rows else _GONE

    def _redo(self) -> None:
        self.store.set_dpa_reference(self.key, self.new)

    def _undo(self) -> None:
        self.store.set_dpa_reference(self.key, self.old)

    def _announce(self) -> None:
        self.session.announce("servicesChanged")


class AddJointController(_Command):
    def __init__(self, session, values: dict[str, str]) -> None:
        super().__init__(session, tr("ui.undo.add_joint", name=values.get("name", "")))
        self.values = values
        self.jc_id: int | None = None

    def _file_value(self) -> object:
        rows = [r for r in self.store.joint_controllers() if r["id"] == self.jc_id]
        return _without(rows[0] if rows else None, "id")

    def _redo(self) -> None:
        self.jc_id = self.store.add_joint_controller(**self.values)

    def _undo(self) -> None:
        self.store.remove_joint_controller(self.jc_id)

    def _announce(self) -> None:
        self.session.announce("organisationChanged")


class RemoveJointController(_Command):
    def __init__(self, session, jc_id: int) -> None:
        row = next(r for r in session.store.joint_controllers() if r["id"] == jc_id)
        super().__init__(session, tr("ui.undo.remove_joint", name=row["name"]))
        self.jc_id = jc_id
        self.values = {k: v for k, v in row.items() if k != "id"}

    def _file_value(self) -> object:
        rows = [r for r in self.store.joint_controllers() if r["id"] == self.jc_id]
        return _without(rows[0] if rows else None, "id")

    def _redo(self) -> None:
        self.store.remove_joint_controller(self.jc_id)

    def _undo(self) -> None:
        self.jc_id = self.store.add_joint_controller(**self.values)

    def _announce(self) -> None:
        self.session.announce("organisationChanged")


class ResolveRecipient(_Command):
    """Record where a recipient processes data and under which transfer mechanism (after asking the vendor)."""

    def __init__(self, session, name: str, countries: list[str], mechanism: str, note: str = "") -> None:
        super().__init__(session, tr("ui.undo.recipient", name=name))
        self.name, self.new = name, (countries, mechanism, note)
        rows = [r for r in self.store.recipient_resolutions() if r["recipient"] == name]
        self.old = (rows[0]["countries"], rows[0]["mechanism"], rows[0]["note"]) if rows else None

    def _file_value(self) -> object:
        rows = [r for r in self.store.recipient_resolutions() if r["recipient"] == self.name]
        return _without(rows[0] if rows else None, "updated")

    def _redo(self) -> None:
        self.store.resolve_recipient(self.name, *self.new)

    def _undo(self) -> None:
        if self.old is None:
            self.store.forget_recipient(self.name)
        else:
            self.store.resolve_recipient(self.name, *self.old)

    def _announce(self) -> None:
        self.session.announce("servicesChanged")
