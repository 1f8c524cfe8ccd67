"""Building the processor's register (art. 30(2), ropa_app.model.ProcessorRegister) from an open ROPA file: each
controller the company acts for, what it does for them, the sub-processors it uses (catalogue services with their
own sub-processors, or vendors the user names) with their countries, and the transfers out of the EEA.

Sub-processors go through the same code as the controller's recipients (ropa_app.register): the same country
classification, the same user resolutions of a recipient's location, and the same rule that a vendor which does
not say where it processes is "unknown", never "no transfer". Renderers never read the database: they get this.
"""
from __future__ import annotations

from dataclasses import replace

from ropa_app.catalogue import Catalogue
from ropa_app.model import (
    PROCESSOR,
    RESELLER,
    SUB_PROCESSOR,
    Fact,
    ProcessorRegister,
    Recipient,
    ServedController,
)
from ropa_app.register import (
    _dedupe_facts,
    _facts,
    _locations,
    _merge_recipients,
    _merge_transfers,
    _origin,
    _recipients_for,
    _resolve,
    _transfers,
)

_CONTROLLER_COLUMNS = ("id", "name", "org_number", "address", "email", "phone", "contact_name", "representative",
                       "dpo", "dpa_reference", "dpa_date", "processing", "data_subjects", "data_categories",
                       "security_measures", "notes", "created", "updated")


def _as_sub_processor(r: Recipient) -> Recipient:
    """A vendor the company uses is, for the controllers it serves, a sub-processor; an independent controller
    (a vendor acting on its own account) stays what it is, and the vendor's own sub-processors keep their via."""
    if r.kind in (PROCESSOR, RESELLER) and not r.via:
        return replace(r, kind=SUB_PROCESSOR)
    return r


def _with_task(r: Recipient, task: str) -> Recipient:
    """The vendor of a catalogue service does, for this controller, the task the user recorded for it (art.
    30(2)(b): «Sentralbord utenom åpningstid: …»), not merely the service's name; its own sub-processors keep the
    tasks their vendor's document states."""
    return replace(r, activity=task, activity_en="") if task and not r.via and r.kind == SUB_PROCESSOR else r


def _sub_processors(rows: list[dict], catalogue: Catalogue, resolutions: dict) -> tuple[list[Recipient],
                                                                                       list[Fact]]:
    out: list[Recipient] = []
    security: list[Fact] = []
    for row in rows:
        key = row["service_key"]
        if key:
            if not catalogue.has(key):
                continue
            service = catalogue.resolved(key)
            task = row["task"].strip()
            out += [_with_task(_as_sub_processor(r), task) for r in _recipients_for(catalogue, service, resolutions)]
            security += _facts(catalogue, service, "security_measures", _origin(catalogue, service))
            continue
        locations = _locations(tuple(row["countries"]))  # none recorded: "not stated", a gap, never "no"
        out.append(_resolve(Recipient(name=row["name"], kind=SUB_PROCESSOR, locations=locations,
                                      activity=row["task"], mechanism=row["mechanism"],
                                      resolved_by_user=bool(row["countries"])), resolutions))
    return out, security


def build_processor_register(store, catalogue: Catalogue, resolutions: dict, organisation: dict) -> ProcessorRegister:
    """The processor's register as the file holds it (empty controllers when the company has recorded none)."""
    subs_by_controller: dict[int, list[dict]] = {}
    for row in store.served_sub_processors():
        subs_by_controller.setdefault(row["controller_id"], []).append(row)
    controllers = []
    for row in store.served_controllers():
        recipients, security = _sub_processors(subs_by_controller.get(row["id"], []), catalogue, resolutions)
        merged = _merge_recipients(recipients)
        controllers.append(ServedController(
            **{k: row[k] for k in _CONTROLLER_COLUMNS}, sub_processors=merged,
            transfers=tuple(_transfers(row["id"], merged, "")), vendor_security=_dedupe_facts(security)))
    role = store.processor_role()
    return ProcessorRegister(
        acts_as_processor=organisation.get("acts_as_processor", "") == "yes", controllers=tuple(controllers),
        security_measures=role["security_measures"], transfers_note=role["transfers_note"],
        transfers=_merge_transfers([t for c in controllers for t in c.transfers]))


PROCESSOR_GAP_FIELDS = ("served_controller.", "processor_role.")


def is_processor_gap(gap) -> bool:
    return gap.field.startswith(PROCESSOR_GAP_FIELDS)


def gaps_of_parts(register) -> tuple:
    """The gaps an export of ``register.parts`` lists: those of the registers it holds. The controller's register
    alone (the default export) lists and counts no gap of the processor's register (art. 30(2)), which it does not
    contain; the processor's alone only its own; both, every gap of the file."""
    if register.has_controller_part and register.has_processor_part:
        return register.gaps
    if register.has_controller_part:
        return tuple(g for g in register.gaps if not is_processor_gap(g))
    return tuple(g for g in register.gaps if is_processor_gap(g))


def with_listed_gaps(register):
    """``register`` as an export of its parts lists it: the gaps of those parts (gaps_of_parts). The checksum stays
    the file's: the same content, whichever part is printed."""
    gaps = gaps_of_parts(register)
    if gaps == register.gaps:
        return register
    register.checksum()  # computed on the whole, kept by the copy
    return register._same_content(replace(register, gaps=gaps))
