"""Checks over the Register: every gap a DPO would point out before the register is handed to Datatilsynet.

Severity: "mandatory" — an item art. 30(1) or Datatilsynet's template requires is missing or unlawful as written
(`ropa check` exits 1); "warning" — something to resolve or confirm; "notice" — a sign to consider (DPIA), never a
decision made for the user.
"""
from __future__ import annotations

from collections.abc import Iterator

from ropa_app.countries import UNKNOWN, classify
from ropa_app.register import INDEPENDENT_CONTROLLER, OPEN, Entry, Gap, Organisation, Register

MANDATORY, WARNING, NOTICE = "mandatory", "warning", "notice"
SEVERITIES = (MANDATORY, WARNING, NOTICE)


def _gap(severity: str, code: str, field: str, entry: Entry | None = None, **params: object) -> Gap:
    return Gap(severity=severity, code=code, field=field, activity_id=entry.id if entry else None,
               activity_title=entry.title if entry else "",
               params=tuple((k, str(v)) for k, v in params.items()))


def find_gaps(register: Register) -> list[Gap]:
    gaps = list(_organisation_gaps(register.organisation))
    if not register.entries:
        gaps.append(_gap(MANDATORY, "no_activities", "activities"))
    for entry in register.entries:
        gaps.extend(_entry_gaps(entry))
    for change in register.catalogue_changes:
        gaps.append(_gap(WARNING, "catalogue_changed", "catalogue", service=change.service,
                         version=change.to_version))
    for p in register.processors:
        if p.role != INDEPENDENT_CONTROLLER and not p.dpa_reference:
            gaps.append(_gap(WARNING, "dpa_missing", f"service:{p.service_key}", vendor=p.vendor, service=p.service))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(gaps, key=lambda g: (order[g.severity], g.activity_id or 0))


def _organisation_gaps(org: Organisation) -> Iterator[Gap]:
    if not org.name.strip():
        yield _gap(MANDATORY, "org_name_missing", "organisation.name")
    if not (org.email or org.phone or org.address):
        yield _gap(MANDATORY, "org_contact_missing", "organisation.email")
    if not org.org_number:
        yield _gap(WARNING, "org_number_missing", "organisation.org_number")
    if org.dpo_name and not (org.dpo_email or org.dpo_phone or org.dpo_address):
        yield _gap(MANDATORY, "dpo_contact_missing", "organisation.dpo_email")


def _entry_gaps(e: Entry) -> Iterator[Gap]:
    # (b) purposes and the legal basis
    if not e.purpose.strip():
        yield _gap(MANDATORY, "purpose_missing", "purpose", e)
    if not e.legal_basis:
        yield _gap(MANDATORY, "legal_basis_missing", "legal_basis", e)
    if {"c", "e"} & set(e.legal_basis) and not e.legal_basis_reference.strip():
        yield _gap(WARNING, "legal_basis_reference_missing", "legal_basis_reference", e)
    if "f" in e.legal_basis and not e.legitimate_interest_assessment.strip():
        yield _gap(WARNING, "lia_missing", "legitimate_interest_assessment", e)
    # (c) data subjects and data categories
    in_use = e.categories_in_use
    if not e.data_subjects and not e.inherited_subjects:
        yield _gap(MANDATORY, "data_subjects_missing", "data_subjects", e)
    if not in_use:
        yield _gap(MANDATORY, "data_categories_missing", "data_categories", e)
    for c in e.data_categories:
        if c.optional and c.decision == OPEN:
            yield _gap(WARNING, "optional_category_open", f"category:{c.origin.service_key}:{c.name}", e,
                       category=c.name, vendor=c.origin.vendor)
    specials = set(e.special_categories) | {c.special for c in in_use if c.special}
    if specials and not e.art9_conditions:
        yield _gap(MANDATORY, "art9_condition_missing", "art9_conditions", e)
    if e.art9_conditions and not specials:
        yield _gap(WARNING, "art9_without_special", "special_categories", e)
    # (d) recipients
    if not e.recipients:
        yield _gap(MANDATORY, "recipients_missing", "recipients", e)
    # (e) transfers and where the data is processed
    for r in e.recipients:
        if r.origin is None and not r.locations:
            continue  # a recipient the user named; its location is the user's to state in transfers
        if any(loc.status == UNKNOWN for loc in r.locations):
            if r.via:
                yield _gap(MANDATORY, "location_unknown", f"recipient:{r.name}", e, recipient=r.name, via=r.via)
            else:
                yield _gap(MANDATORY, "location_unknown_vendor", f"recipient:{r.name}", e, recipient=r.name)
    for t in e.transfers:
        if classify(t.country).needs_mechanism and not t.mechanism.strip():
            yield _gap(MANDATORY, "transfer_mechanism_missing", f"recipient:{t.recipient}", e,
                       recipient=t.recipient, country=t.country)
    # (f) erasure
    own_retention = bool(e.retention.strip())
    inherited = [c for c in in_use if c.origin]
    vendor_general = {f.origin.service_key for f in e.retention_rules}
    if not own_retention and not any(c.retention for c in inherited) and not e.retention_rules:
        yield _gap(MANDATORY, "retention_missing", "retention", e)
    else:
        if any(not c.origin for c in in_use) and not own_retention:
            yield _gap(MANDATORY, "retention_own_missing", "retention", e)
        vendors_without = sorted({c.origin.vendor for c in inherited
                                  if not c.retention and c.origin.service_key not in vendor_general})
        for vendor in vendors_without:
            if not own_retention:
                yield _gap(WARNING, "retention_vendor_missing", "retention", e, vendor=vendor)
    # (g) security measures
    if not e.security_measures.strip():
        if e.vendor_security:
            yield _gap(WARNING, "security_own_missing", "security_measures", e)
        else:
            yield _gap(MANDATORY, "security_missing", "security_measures", e)
    # who answers for it
    if not e.owner_name.strip():
        yield _gap(WARNING, "owner_missing", "owner_name", e)
    # DPIA signs (art. 35, Datatilsynet's list): flag, never decide
    if e.dpia_done != "yes":
        monitoring = [c.name for c in in_use if c.monitoring] + [
            c.name for c in e.data_categories if c.monitoring and c.optional and c.decision == OPEN]
        if monitoring and e.high_risk != "no":
            yield _gap(NOTICE, "dpia_monitoring", "dpia_done", e, categories=", ".join(sorted(set(monitoring))))
        if specials and e.high_risk == "":
            yield _gap(NOTICE, "dpia_special_categories", "high_risk", e)
        if e.high_risk == "yes":
            yield _gap(MANDATORY, "dpia_required", "dpia_done", e)
    if e.dpia_done == "yes" and not e.dpia_reference.strip():
        yield _gap(WARNING, "dpia_reference_missing", "dpia_reference", e)
