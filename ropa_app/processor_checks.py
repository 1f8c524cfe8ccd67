"""Checks over the processor's register (art. 30(2)), graded by the processor's template (ropa_app.template): a gap
in an orange column is "mandatory", in a green one at most a warning. Nothing is checked until the company says it
acts as a processor (an organisation setting): most small businesses do not.

Gaps name the controller they concern (``params["controller_id"]``, shown where an activity's title would be) and a
field ``served_controller.<field>`` or ``processor_role.<field>``, so the app can open it.
"""
from __future__ import annotations

from collections.abc import Iterator

from ropa_app.countries import classify
from ropa_app.model import Gap, Register, ServedController
from ropa_app.template import is_processor_mandatory, processor_column_of

MANDATORY, WARNING = "mandatory", "warning"


def _gap(code: str, field: str, controller: ServedController | None = None, severity: str = "",
         **params: object) -> Gap:
    mandatory = is_processor_mandatory(processor_column_of(field))
    if not severity:
        severity = MANDATORY if mandatory else WARNING
    elif severity == MANDATORY and not mandatory:  # pragma: no cover - a programming error
        raise AssertionError(f"{code}: mandatory gap on optional column {processor_column_of(field)}")
    if controller is not None:
        params = {"controller": controller.name, "controller_id": controller.id, **params}
    return Gap(severity=severity, code=code, field=field, activity_id=None,
               activity_title=controller.name if controller else "",
               params=tuple((k, str(v)) for k, v in params.items()))


def processor_gaps(register: Register) -> Iterator[Gap]:
    part = register.processor
    if not part.acts_as_processor:
        return
    if not part.controllers:
        yield _gap("processor_no_controllers", "served_controller.controllers")
    for c in part.controllers:
        yield from _controller_gaps(c, part.security_measures)


def _controller_gaps(c: ServedController, general_security: str) -> Iterator[Gap]:
    # (a) the controller's name and contact details
    if not (c.address.strip() or c.email or c.phone):
        yield _gap("served_contact_missing", "served_controller.email", c)
    if not c.org_number:
        yield _gap("served_org_number_missing", "served_controller.org_number", c, severity=WARNING)
    # (b) the categories of processing carried out for it
    if not c.processing.strip():
        yield _gap("served_processing_missing", "served_controller.processing", c)
    # art. 28(3): the processing is governed by a contract; not a 30(2) field, so a warning
    if not (c.dpa_reference.strip() or c.dpa_date):
        yield _gap("served_dpa_missing", "served_controller.dpa_reference", c)
    # (c) transfers: an unknown location is a gap of the third-country column, never "no transfer"
    for r in c.unknown_locations:
        yield _gap("served_location_unknown", f"served_controller.recipient:{r.name}", c, recipient=r.name,
                   via=r.via)
    for r in c.read_locations:  # «no transfer» would rest on ROPA's reading: confirm with the vendor
        yield _gap("served_location_read", f"served_controller.recipient:{r.name}", c, severity=WARNING,
                   recipient=r.name, via=r.via, countries=",".join(loc.code for loc in r.locations))
    for t in c.transfers:
        if classify(t.country).needs_mechanism and not t.mechanism.strip():
            yield _gap("served_mechanism_missing", f"served_controller.mechanism:{t.recipient}", c,
                       recipient=t.recipient, country=t.country)
    # (d) the general description of security measures
    if not (general_security.strip() or c.security_measures.strip()):
        yield _gap("served_security_missing", "served_controller.security_measures", c)
