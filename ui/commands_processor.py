"""Undoable edits of the processor's register (art. 30(2)), on the pattern of ui/commands.py: each command calls
the core and restores exactly what it changed, and refuses an undo or redo when another window or the command line
changed the same thing since."""
from __future__ import annotations

from ropa_app.change_log import lower_first
from ui.commands import _GONE, _Command, _without
from ui.i18n import tr


class _ProcessorCommand(_Command):
    controller_id: int | None = None

    def target(self) -> tuple[str, object, str]:
        return "processor", self.controller_id, getattr(self, "field", "")

    def _announce(self) -> None:
        self.session.announce("processorChanged")


class SetProcessorRoleField(_ProcessorCommand):
    def __init__(self, session, field: str, value: str) -> None:
        super().__init__(session)
        self.field, self.new = field, value
        self.old = self.store.processor_role()[field]
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.processor_role_field", field=lower_first(tr(f"field.processor_role.{self.field}")))

    def _file_value(self) -> object:
        return self.store.processor_role()[self.field]

    def _redo(self) -> None:
        changed = self.store.update_processor_role(**{self.field: self.new})
        if not changed and self._first:
            self.setObsolete(True)

    def _undo(self) -> None:
        self.store.update_processor_role(**{self.field: self.old})


class AddServedController(_ProcessorCommand):
    def __init__(self, session, name: str) -> None:
        super().__init__(session)
        self.name = name
        self.snapshot: dict | None = None
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.add_served_controller", name=self.name)

    def _file_value(self) -> object:
        if self.controller_id is None:
            return _GONE
        rows = [r for r in self.store.served_controllers() if r["id"] == self.controller_id]
        return _without(rows[0] if rows else None, "updated")

    def _redo(self) -> None:
        if self.snapshot is None:
            self.controller_id = self.store.add_served_controller(self.name)
        else:
            self.controller_id = self.store.restore_served_controller(self.snapshot)

    def _undo(self) -> None:
        self.snapshot = self.store.remove_served_controller(self.controller_id)


class RemoveServedController(_ProcessorCommand):
    def __init__(self, session, controller_id: int) -> None:
        super().__init__(session)
        self.controller_id = controller_id
        self.name = self.store.served_controller(controller_id)["name"]
        self.snapshot: dict | None = None
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.remove_served_controller", name=self.name)

    def _file_value(self) -> object:
        rows = [r for r in self.store.served_controllers() if r["id"] == self.controller_id]
        return _without(rows[0] if rows else None, "updated")

    def _redo(self) -> None:
        self.snapshot = self.store.remove_served_controller(self.controller_id)

    def _undo(self) -> None:
        self.store.restore_served_controller(self.snapshot)


class SetServedControllerField(_ProcessorCommand):
    def __init__(self, session, controller_id: int, field: str, value: str) -> None:
        super().__init__(session)
        self.controller_id, self.field, self.new = controller_id, field, value
        row = self.store.served_controller(controller_id)
        self.old, self.name = row[field], row["name"]
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.served_controller_field",
                  field=lower_first(tr(f"field.served_controller.{self.field}")), name=self.name)

    def _file_value(self) -> object:
        return self.store.served_controller(self.controller_id)[self.field]

    def _redo(self) -> None:
        changed = self.store.update_served_controller(self.controller_id, self.field, self.new)
        if changed is None and self._first:
            self.setObsolete(True)

    def _undo(self) -> None:
        self.store.update_served_controller(self.controller_id, self.field, self.old)


class AddServedSubProcessor(_ProcessorCommand):
    """A sub-processor for a controller: a catalogue service (``service_key``) or a vendor the user names."""

    def __init__(self, session, controller_id: int, **values) -> None:
        super().__init__(session)
        self.controller_id, self.values = controller_id, values
        self.sub_id: int | None = None
        self.row: dict | None = None
        key = values.get("service_key", "")
        self.label = self.store.catalogue().service(key).name if key else values.get("name", "")
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.add_served_sub_processor", name=self.label)

    def _file_value(self) -> object:
        rows = [r for r in self.store.served_sub_processors(self.controller_id) if r["id"] == self.sub_id]
        return rows[0] if rows else _GONE

    def _redo(self) -> None:
        if self.row is None:
            self.sub_id = self.store.add_served_sub_processor(self.controller_id, **self.values)
        else:
            self.store.restore_served_sub_processor(self.row)

    def _undo(self) -> None:
        self.row = self.store.remove_served_sub_processor(self.sub_id)


class RemoveServedSubProcessor(_ProcessorCommand):
    def __init__(self, session, sub_id: int) -> None:
        super().__init__(session)
        row = next(r for r in self.store.served_sub_processors() if r["id"] == sub_id)
        self.sub_id, self.controller_id = sub_id, row["controller_id"]
        self.label = row["name"] or row["service_key"]
        self.row: dict | None = None
        self.retitle()

    def describe(self) -> str:
        return tr("ui.undo.remove_served_sub_processor", name=self.label)

    def _file_value(self) -> object:
        rows = [r for r in self.store.served_sub_processors(self.controller_id) if r["id"] == self.sub_id]
        return rows[0] if rows else _GONE

    def _redo(self) -> None:
        self.row = self.store.remove_served_sub_processor(self.sub_id)

    def _undo(self) -> None:
        self.store.restore_served_sub_processor(self.row)
