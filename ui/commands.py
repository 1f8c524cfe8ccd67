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
from ropa_app.change_log import lower_first
from ropa_app.errors import RopaError
from ropa_app.i18n import has
from ui.i18n import current, tr

_GONE = object()  # what _file_value gives for something the file does not hold (any more)
_UNCHECKED = object()


class _Command(QUndoCommand):
    """``describe()`` names the change in the current language (the Edit menu, the status bar after undo/redo);
    ``target()`` is the page, activity and field it changed, so undo and redo can show it."""

    def __init__(self, session, text: str = "") -> None:
        super().__init__(text)
        self.session = session
        self.store = session.store
        self.failed = False
        self._first = True
        self._before: object = _UNCHECKED
        self._written: object = _UNCHECKED

    def describe(self) -> str:
        return self.text()

    def retitle(self) -> None:
        """Name the change again in the current language (after a language switch)."""
        self.setText(self.describe())

    def target(self) -> tuple[str, object, str]:
        return "overview", None, ""

    def _activity_title(self, activity_id) -> str:
        try:
            return self.store.activity(activity_id)["title"]
        except (RopaError, KeyError, TypeError):
            return ""

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
            first, self._first = self._first, False
        self._written = self._checked_value()
        self._announce()
        if not first:
            self.session.hub.historyApplied.emit("redo", self)

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
        self.session.hub.historyApplied.emit("undo", self)

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
        super().__init__(session)
        self.field, self.new = field, value
        self.old = self.store.organisation()[field]
        self.retitle()

    def describe(self) -> str:
        if self.field == "name":  # its label, «Behandlingsansvarlig», names the role, not the field
            return tr("ui.undo.organisation_name")
        return tr("ui.undo.organisation_field", field=lower_first(tr(f"field.organisation.{self.field}")))

    def target(self) -> tuple[str, object, str]:
        return "organisation", None, self.field

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
        super().__init__(session)
        self.activity_id, self.field, self.new = activity_id, field, value
        self.old = self.store.activity(activity_id)[field]
        self.title = self.old if field == "title" else self._activity_title(activity_id)
        self.retitle()

    def describe(self) -> str:
        own = f"ui.undo.activity_field.{self.field}"  # «tittelen «…»», not «denne behandlingen gjelder i «…»»
        if has(own):
            return tr(own, title=self.title)
        return tr("ui.undo.activity_field", field=lower_first(tr(f"field.activity.{self.field}")), title=self.title)

    def target(self) -> tuple[str, object, str]:
        return "activities", self.activity_id, self.field

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
        super().__init__(session)
        self.title = title
        self.snapshot: dict | None = None
        self.activity_id: int | None = None
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.add_activity", title=self.title)

    def target(self) -> tuple[str, object, str]:
        return "activities", (None if self.snapshot and not self._exists() else self.activity_id), ""

    def _exists(self) -> bool:
        return bool(self._activity_title(self.activity_id))

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
        super().__init__(session)
        self.title = session.store.activity(activity_id)["title"]
        self.activity_id = activity_id
        self.snapshot = self.store.snapshot_activity(activity_id)
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.remove_activity", title=self.title)

    def target(self) -> tuple[str, object, str]:
        return "activities", (self.activity_id if self._activity_title(self.activity_id) else None), ""

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
        super().__init__(session)
        self.names = ", ".join(session.store.catalogue().service(k).name for k in keys)
        self.keys, self.activity_title = keys, activity_title
        self.adopted: list[str] = []
        self.created: list[dict] = []  # snapshots of activities this command created
        self.links: dict | None = None
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.adopt", services=self.names)

    def target(self) -> tuple[str, object, str]:
        return "catalogue", None, self.keys[0] if self.keys else ""

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
        super().__init__(session)
        catalogue = session.store.catalogue()
        self.names = ", ".join(catalogue.service(k).name for k in keys)
        self.keys = keys
        # what the drop changes: the services and those of their add-ons in use
        self.affected = list(keys) + [a.key for k in keys for a in catalogue.addons(k)
                                      if session.store.is_adopted(a.key)]
        self.services: dict | None = None
        self.removed: list[dict] = []
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.drop", services=self.names)

    def target(self) -> tuple[str, object, str]:
        return "catalogue", None, self.keys[0] if self.keys else ""

    def _file_value(self) -> object:
        return self.store.snapshot_services(self.affected)

    def _redo(self) -> None:
        # the state just read to check against (redo checks the file still holds it): no second read
        before = self._before
        self.services = before if isinstance(before, dict) else self.store.snapshot_services(self.affected)
        with self.store.transaction():
            results = drop_services(self.store, self.keys)
        self.removed = [snapshot for r in results for snapshot in r.removed_snapshots]

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
        super().__init__(session)
        self.args = (activity_id, service_key, subject, category)
        self.title = self._activity_title(activity_id)
        self.new = decision
        current_rows = [d for d in self.store.category_decisions(activity_id)
                        if (d["service_key"], d["subject"], d["category"]) == (service_key, subject, category)]
        self.old = current_rows[0]["decision"] if current_rows else None
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.decide", category=self.args[3], title=self.title)

    def target(self) -> tuple[str, object, str]:
        return "activities", self.args[0], "data_categories"

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
        super().__init__(session)
        self.service = session.store.catalogue().service(key).name
        self.key, self.new = key, reference
        rows = [r for r in self.store.adopted_services() if r["service_key"] == key]
        self.old = rows[0]["dpa_reference"] if rows else ""
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.dpa", service=self.service)

    def target(self) -> tuple[str, object, str]:
        return "catalogue", None, self.key

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
        super().__init__(session)
        self.values = values
        self.jc_id: int | None = None
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.add_joint", name=self.values.get("name", ""))

    def target(self) -> tuple[str, object, str]:
        return "organisation", None, ""

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
        super().__init__(session)
        row = next(r for r in session.store.joint_controllers() if r["id"] == jc_id)
        self.jc_id = jc_id
        self.values = {k: v for k, v in row.items() if k != "id"}
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.remove_joint", name=self.values.get("name", ""))

    def target(self) -> tuple[str, object, str]:
        return "organisation", None, ""

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
        super().__init__(session)
        self.name, self.new = name, (countries, mechanism, note)
        rows = [r for r in self.store.recipient_resolutions() if r["recipient"] == name]
        self.old = (rows[0]["countries"], rows[0]["mechanism"], rows[0]["note"]) if rows else None
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.recipient", name=self.name)

    def target(self) -> tuple[str, object, str]:
        return "activities", None, f"recipient:{self.name}"

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


class RemoveUserServices(_Command):
    """Remove the company's own vendor services; one in use is dropped first (DropServices inside), and undo
    puts everything back as it was."""

    def __init__(self, session, keys: list[str]) -> None:
        super().__init__(session)
        catalogue = session.store.catalogue()
        self.keys = list(keys)
        self.saved = []
        for key in self.keys:
            service = catalogue.service(key)
            vendor = next(v for v in catalogue.vendors if v.id == service.vendor)
            self.saved.append((vendor, service))
        self.name = ", ".join(dict.fromkeys(f"{vendor.name}: {service.name}" for vendor, service in self.saved))
        in_use = [k for k in self.keys if session.store.is_adopted(k)]
        self.drop = DropServices(session, in_use) if in_use else None
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.remove_user_service", name=self.name)

    def target(self) -> tuple[str, object, str]:
        exists = self.store.service_origin(self.keys[0]) == "user" if self.keys else False
        return "catalogue", None, self.keys[0] if exists else ""

    def _redo(self) -> None:
        with self.store.transaction():
            if self.drop is not None:
                self.drop._redo()
            for key in self.keys:
                self.store.remove_user_service(key)

    def _undo(self) -> None:
        with self.store.transaction():
            for vendor, service in self.saved:
                self.store.add_user_service(vendor, service)
            if self.drop is not None:
                self.drop._undo()

    def _announce(self) -> None:
        self.session.announce("activitiesChanged", "servicesChanged")


class SaveUserService(_Command):
    """Add the company's own vendor service, or change one; undo removes the new one or puts the old facts back."""

    def __init__(self, session, vendor, service) -> None:
        super().__init__(session)
        self.vendor, self.service = vendor, service
        catalogue = session.store.catalogue()
        self.previous = None
        if session.store.service_origin(service.key) == "user":
            old = catalogue.service(service.key)
            self.previous = (next(v for v in catalogue.vendors if v.id == old.vendor), old)
        self.retitle()

    def describe(self) -> str:
        key = "ui.undo.edit_user_service" if self.previous else "ui.undo.add_user_service"
        return tr(key, name=f"{self.vendor.name}: {self.service.name}")

    def target(self) -> tuple[str, object, str]:
        exists = self.store.service_origin(self.service.key) == "user"
        return "catalogue", None, self.service.key if exists else ""

    def _redo(self) -> None:
        self.store.add_user_service(self.vendor, self.service)

    def _undo(self) -> None:
        if self.previous is None:
            self.store.remove_user_service(self.service.key)
        else:
            self.store.add_user_service(*self.previous)

    def _announce(self) -> None:
        self.session.announce("servicesChanged")


class LinkService(_Command):
    """Let a service (catalogue or own) support one more activity. A service not yet in use starts being used;
    undo takes exactly that back (the link, and the use when this command began it), never an activity."""

    def __init__(self, session, key: str, activity_id: int) -> None:
        super().__init__(session)
        self.key, self.activity_id = key, activity_id
        self.service = session.store.catalogue().service(key).name
        self.title = self._activity_title(activity_id)
        self.before: dict | None = None
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.link", service=self.service, title=self.title)

    def target(self) -> tuple[str, object, str]:
        return "activities", self.activity_id, ""

    def _file_value(self) -> object:
        return self.store.snapshot_services([self.key])

    def _redo(self) -> None:
        from ropa_app.adoption import link_service

        catalogue = self.store.catalogue()
        service = catalogue.service(self.key)
        keys = [self.key] + ([service.parent] if service.parent else [])
        self.before = self.store.snapshot_services(keys)
        self.keys = keys
        with self.store.transaction():
            if not link_service(self.store, self.key, self.activity_id) and self._first:
                self.setObsolete(True)

    def _undo(self) -> None:
        with self.store.transaction():
            for key in self.keys:
                used_before = any(r["service_key"] == key for r in self.before["adopted"])
                linked_before = {r["activity_id"] for r in self.before["links"] if r["service_key"] == key}
                if not used_before and self.store.is_adopted(key):
                    self.store.drop_service(key)
                elif self.activity_id not in linked_before and \
                        self.activity_id in self.store.activities_of_service(key):
                    self.store.unlink_service(key, self.activity_id)

    def _announce(self) -> None:
        self.session.hub.activityChanged.emit(self.activity_id)
        self.session.announce("activitiesChanged", "servicesChanged")


class UnlinkService(_Command):
    """Take a service out of one activity (it stays in use); undo puts the link and its confirmations back."""

    def __init__(self, session, key: str, activity_id: int) -> None:
        super().__init__(session)
        self.key, self.activity_id = key, activity_id
        self.service = session.store.catalogue().service(key).name
        self.title = self._activity_title(activity_id)
        self.decisions: list[dict] = []
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.unlink", service=self.service, title=self.title)

    def target(self) -> tuple[str, object, str]:
        return "activities", self.activity_id, ""

    def _file_value(self) -> object:
        return self.store.snapshot_services([self.key])

    def _redo(self) -> None:
        from ropa_app.adoption import unlink_service

        self.decisions = unlink_service(self.store, self.key, self.activity_id)

    def _undo(self) -> None:
        with self.store.transaction():
            self.store.adopt_service(self.key, self.activity_id)
            self.store.restore_decisions(self.decisions)

    def _announce(self) -> None:
        self.session.hub.activityChanged.emit(self.activity_id)
        self.session.announce("activitiesChanged", "servicesChanged")


class AddActivityFromTemplate(AddActivity):
    """A new activity from a starter template: named by it; the template's other values wait as proposals."""

    def __init__(self, session, template_key: str, title: str | None = None) -> None:
        from ropa_app.starter import load_starter_templates

        self.template_key = template_key
        self.lang = current()
        super().__init__(session, title or load_starter_templates().get(template_key).title(self.lang))

    def _redo(self) -> None:
        from ropa_app.starter import add_from_template

        if self.snapshot:
            self.store.restore_activity(self.snapshot)
        else:
            self.activity_id = add_from_template(self.store, self.template_key, self.lang, title=self.title)


class AcceptProposals(_Command):
    """Write a starter template's proposals into an activity's empty fields; undo empties them again."""

    def __init__(self, session, activity_id: int, fields: list[str] | None = None) -> None:
        from ropa_app.starter import pending_proposals

        super().__init__(session)
        self.activity_id = activity_id
        self.lang = current()
        activity = self.store.activity(activity_id)
        pending = pending_proposals(activity, self.lang)
        self.fields = [f for f in (fields or list(pending)) if f in pending]
        self.old = {f: activity[f] for f in self.fields}
        self.title = activity["title"]
        self.retitle()

    def describe(self) -> str:
        names = ", ".join(lower_first(tr(f"field.activity.{f}")) for f in self.fields)
        return tr("ui.undo.accept_proposals", fields=names, title=self.title)

    def target(self) -> tuple[str, object, str]:
        return "activities", self.activity_id, self.fields[0] if self.fields else ""

    def _file_value(self) -> object:
        activity = self.store.activity(self.activity_id)
        return {f: activity[f] for f in self.fields}

    def _redo(self) -> None:
        from ropa_app.starter import accept_proposals

        if not self.fields:
            self.setObsolete(True)
            return
        accept_proposals(self.store, self.activity_id, self.fields, self.lang)

    def _undo(self) -> None:
        with self.store.transaction():
            for name, value in self.old.items():
                self.store.update_activity(self.activity_id, name, value)

    def _announce(self) -> None:
        self.session.hub.activityChanged.emit(self.activity_id)
        self.session.announce()


class ImportPack(_Command):
    """Add or update own vendor services from a vendor pack; undo removes what was new and restores what changed."""

    def __init__(self, session, name: str, entries: list) -> None:
        super().__init__(session)
        self.name = name
        self.entries = [e for e in entries if e.state != "same"]
        catalogue = session.store.catalogue()
        self.previous = []
        for entry in self.entries:
            if entry.state == "changed":
                old = catalogue.service(entry.service.key)
                self.previous.append((catalogue.vendor(old.vendor), old))
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.import_pack", name=self.name, count=len(self.entries))

    def _file_value(self) -> object:
        catalogue = self.store.catalogue()
        return {e.service.key: catalogue.service(e.service.key).to_dict() if catalogue.has(e.service.key) else None
                for e in self.entries}

    def target(self) -> tuple[str, object, str]:
        return "catalogue", None, ""

    def _redo(self) -> None:
        from ropa_app.packs import apply_import

        if not self.entries and self._first:
            self.setObsolete(True)
            return
        apply_import(self.store, self.entries)

    def _undo(self) -> None:
        with self.store.transaction():
            for entry in self.entries:
                if entry.state == "new":
                    self.store.remove_user_service(entry.service.key)
            for vendor, service in self.previous:
                self.store.add_user_service(vendor, service)

    def _announce(self) -> None:
        self.session.announce("servicesChanged")
