"""The Register of an open file, kept and brought up to date: a change rebuilds what it touches, not the whole.

DESIGN.md: "The Register is kept, not rebuilt per keystroke: a change rebuilds what it touches, and a property test
holds the incremental result equal to a full build." What changed is read from the file's own change log: every
write the store makes logs what it changed (entity and id), also writes by another window or the command line, so
one mechanism serves this window's edits, its undo and changes made elsewhere. A log entry this module does not
know (a catalogue upgrade, a migration) makes it read everything again.

Per activity it keeps the built entry, its gaps and the vendor sources it relies on; the register is assembled
from those (processors, transfers, source numbers and the register-wide gaps are cheap to assemble).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ropa_app.checks import entry_gaps, register_gaps
from ropa_app.countries import table_date
from ropa_app.model import DocumentNote, DocumentNotes, Entry, Gap, Register
from ropa_app.register import (
    ServiceParts,
    build_entry,
    catalogue_changes_of,
    log_entry,
    merge_transfers,
    number_sources,
    organisation_of,
    processor_rows,
    source_keys,
)

# What a logged change touches, by the change log's entity.
_ACTIVITY, _SERVICE, _RECIPIENT, _ORGANISATION, _CATALOGUE_CHANGE, _USER_SERVICE = (
    "activity", "service", "recipient", "organisation", "catalogue_change", "user_service")


def joint_answer(organisation) -> str:
    """The company's answer on joint controllers, as each activity's empty joint cell gives it: what it said, or
    "yes" once it lists any (then an activity without its own reads «none stated for this activity»)."""
    if organisation.has_joint_controllers or not organisation.joint_controllers:
        return organisation.has_joint_controllers
    return "yes"


def document_notes(catalogue, sources) -> tuple[DocumentNotes, ...]:
    """ROPA's notes on each vendor document ``sources`` cite (the catalogue's vendor notes), in the sources'
    order: the caveats a DPO needs beside the facts read from it («Telias rolle», a missing link, «f.eks.»)."""
    cited = list(dict.fromkeys((s.vendor, s.document) for s in sources))
    by_document = {(v.name, v.document_label()): v for v in catalogue.vendors if v.notes}
    out = []
    for vendor_name, document in cited:
        vendor = by_document.get((vendor_name, document))
        if vendor is None:
            continue
        notes = tuple(DocumentNote(nb, en) for nb, en in vendor.note_pairs())
        out.append(DocumentNotes(vendor_name, document, notes,
                                 tuple(n for n in notes if n.nb in vendor.role_notes)))
    return tuple(out)


class LiveRegister:
    def __init__(self, store, *, include_change_log: bool = True, deferred: bool = False) -> None:
        """``deferred``: read the file now, but build the entries only as :meth:`build_some` is called (a window
        builds a large file's register a step at a time between its event loop's turns) or when the register
        is first asked for."""
        self.store = store
        self.include_change_log = include_change_log
        self.full_builds = 0  # how often everything was read again (the tests and the bench look)
        self._reload(build=not deferred)

    # --- reading -----------------------------------------------------------------------------------------
    def _reload(self, build: bool = True) -> None:
        """Read everything the register needs, once, and build every entry (now, or step by step)."""
        store = self.store
        self.full_builds += 1
        self.catalogue = store.catalogue()
        self.organisation = organisation_of(store)
        self.adopted = {r["service_key"]: r for r in store.adopted_services()}
        self.resolutions = {r["recipient"]: r for r in store.recipient_resolutions()}
        self.links: dict[int, list[str]] = {}
        for link in store.activity_links():
            self.links.setdefault(link["activity_id"], []).append(link["service_key"])
        self.decisions = {(d["activity_id"], d["service_key"], d["subject"], d["category"]): d["decision"]
                          for d in store.category_decisions()}
        self.parts = ServiceParts(self.catalogue, self.adopted, self.resolutions)
        self.changes = catalogue_changes_of(store, self.catalogue)
        self.catalogue_version = store.meta().get("catalogue_version", "")
        rows = store.change_log()
        self.last_log_id = rows[0]["id"] if rows else 0
        self.log = tuple(log_entry(r) for r in rows) if self.include_change_log else ()
        self.rows = {a["id"]: a for a in store.activities()}
        self.entries: dict[int, Entry] = {}
        self.gaps: dict[int, list[Gap]] = {}
        self.sources: dict[int, frozenset] = {}
        self._dirty: set[int] = set()  # entries built since the register was last assembled
        self._numbers: dict = {}
        self._users: dict[tuple, set[int]] = {}  # vendor document section -> the activities relying on it
        self._processors = None  # (processors, sub_processors), until links, services or locations change
        self._pending = list(self.rows)  # activities read but not yet built
        if build:
            self.build_some(len(self._pending))
        self._register: Register | None = None

    @property
    def complete(self) -> bool:
        """Whether every activity read has been built."""
        return not self._pending

    def build_some(self, count: int) -> bool:
        """Build the next ``count`` activities still waiting; True when none is left. The file is not read
        again: what a change since did is applied by :meth:`catch_up`, which builds whatever is left first."""
        step, self._pending = self._pending[:count], self._pending[count:]
        for activity_id in step:
            self._build(activity_id)
        return not self._pending

    def _build(self, activity_id: int) -> None:
        entry = build_entry(self.rows[activity_id], self.catalogue, self.adopted, self.resolutions,
                            self.links.get(activity_id, []), self.decisions, self.parts,
                            joint_answer(self.organisation))
        self.entries[activity_id] = entry
        self.gaps[activity_id] = list(entry_gaps(entry))
        self._set_sources(activity_id, source_keys(entry))
        self._dirty.add(activity_id)

    def _set_sources(self, activity_id: int, keys: frozenset) -> None:
        old = self.sources.pop(activity_id, frozenset())
        if keys:
            self.sources[activity_id] = keys
        for key in old - keys:
            self._users[key].discard(activity_id)
            if not self._users[key]:
                del self._users[key]
        for key in keys - old:
            self._users.setdefault(key, set()).add(activity_id)

    def _reread_activities(self, ids: list[int]) -> None:
        """These activities as the file holds them now: their rows, service links and category decisions, read in
        three queries however many there are (a vendor's base service dropped from 540 activities), then built."""
        wanted = set(ids)
        for key in [k for k in self.decisions if k[0] in wanted]:
            del self.decisions[key]
        rows, links, decisions = self.store.activity_states(ids)
        for d in decisions:
            self.decisions[(d["activity_id"], d["service_key"], d["subject"], d["category"])] = d["decision"]
        resort = False
        present = []
        for activity_id in ids:
            row = rows.get(activity_id)
            if row is None:  # removed: the entry goes
                for table in (self.rows, self.entries, self.gaps, self.links):
                    table.pop(activity_id, None)
                self._set_sources(activity_id, frozenset())
                self._processors = None
                continue
            resort |= activity_id not in self.rows
            self.rows[activity_id] = row
            keys = links.get(activity_id, [])
            if keys != self.links.get(activity_id, []):
                self._processors = None
            if keys:
                self.links[activity_id] = keys
            else:
                self.links.pop(activity_id, None)
            present.append(activity_id)
        if resort:  # the register lists activities in id order (a restored one goes back to its place)
            self.rows = dict(sorted(self.rows.items()))
        for activity_id in present:
            self._build(activity_id)

    # --- catching up ---------------------------------------------------------------------------------------
    def catch_up(self) -> bool:
        """Apply whatever the file's change log says happened since we last looked; True when anything did."""
        self.build_some(len(self._pending))  # a change is applied to built entries (it may name any of them)
        rows = self.store.change_log_since(self.last_log_id)
        if not rows:
            return False
        self.last_log_id = rows[-1]["id"]
        if self.include_change_log:
            self.log = tuple(log_entry(r) for r in reversed(rows)) + self.log  # newest first, as the store lists
        activities: set[int] = set()
        services: set[str] = set()
        recipients: set[str] = set()
        organisation = catalogue_changes = catalogue = False
        for r in rows:
            entity, entity_id = r["entity"], r["entity_id"]
            if entity == _ACTIVITY:
                activities.add(int(entity_id))
            elif entity == _SERVICE:
                services.add(entity_id)
            elif entity == _USER_SERVICE:
                services.add(entity_id)
                catalogue = True
            elif entity == _RECIPIENT:
                recipients.add(entity_id)
            elif entity in (_ORGANISATION, "joint_controller"):
                organisation = True
            elif entity == _CATALOGUE_CHANGE:
                catalogue_changes = True
            else:  # a catalogue upgrade, or anything this module does not know: read everything again
                self._reload()
                return True
        if catalogue or services or recipients:
            self._processors = None
        if catalogue:
            self.store._catalogue = None  # another window may have changed the user's vendors
            self.catalogue = self.store.catalogue()
            catalogue_changes = True
        if organisation:
            answer = joint_answer(self.organisation)
            self.organisation = organisation_of(self.store)
            if joint_answer(self.organisation) != answer:  # every activity's joint cell says it
                activities |= set(self.rows)
        if catalogue_changes:
            self.changes = catalogue_changes_of(self.store, self.catalogue)
        if services:
            self.adopted = {r["service_key"]: r for r in self.store.adopted_services()}
            # An add-on's agreement is its base's: a base service's change touches its add-ons' activities too.
            touched = services | {s.key for key in services if self.catalogue.has(key)
                                  for s in self.catalogue.addons(key)}
            activities |= {a for a, keys in self.links.items() if touched & set(keys)}
        if recipients:
            self.resolutions = {r["recipient"]: r for r in self.store.recipient_resolutions()}
            activities |= {a for a, e in self.entries.items() if any(rec.name in recipients for rec in e.recipients)}
            activities |= {a for a, row in self.rows.items() if recipients & set(row["recipients"])}
        if catalogue or services or recipients:  # what the services bring has changed with them
            self.parts = ServiceParts(self.catalogue, self.adopted, self.resolutions)
        if activities:
            self._reread_activities(sorted(activities))
        self._register = None
        return True

    # --- the register --------------------------------------------------------------------------------------
    def register(self, made_at: dt.datetime | None = None) -> Register:
        """The register as the file holds it now (caught up first)."""
        self.catch_up()
        if self._register is None or made_at is not None:
            self._register = self._assemble(made_at)
        return self._register

    def _assemble(self, made_at: dt.datetime | None) -> Register:
        numbers, sources = number_sources(self._users)
        # Source numbers shift only when a document section comes or goes; then every entry is renumbered.
        renumber = self._dirty if numbers == self._numbers else self.entries.keys()
        for activity_id in renumber:
            entry = self.entries.get(activity_id)
            if entry is None:
                continue
            refs = tuple(sorted(numbers[k] for k in self.sources.get(activity_id, ())))
            if entry.source_refs != refs:
                self.entries[activity_id] = replace(entry, source_refs=refs)
        self._numbers, self._dirty = numbers, set()
        entries = [self.entries[a] for a in self.rows]  # id order
        if self._processors is None:
            self._processors = processor_rows(self.catalogue, self.adopted, self.links, self.resolutions)
        processors, sub_processors = self._processors
        made = (made_at or dt.datetime.now().astimezone()).replace(microsecond=0)
        from ropa_app.processor_register import build_processor_register  # it builds on ropa_app.register

        register = Register(
            processor=build_processor_register(self.store, self.catalogue, self.resolutions,
                                               self.store.organisation()),
            organisation=self.organisation, entries=tuple(entries), processors=processors,
            sub_processors=sub_processors, transfers=merge_transfers(entries), change_log=self.log,
            catalogue_changes=self.changes, file_name=self.store.path.name, made_at=made.isoformat(),
            catalogue_version=self.catalogue_version, countries_date=table_date(), sources=sources,
            document_notes=document_notes(self.catalogue, sources), activity_templates=self.catalogue.activities)
        return replace(register, gaps=tuple(register_gaps(register, [self.gaps[a] for a in self.rows])))
