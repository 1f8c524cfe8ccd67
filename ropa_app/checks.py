"""Checks over the Register: every gap a DPO would point out before the register is handed to Datatilsynet.

Grades follow Datatilsynet's template (ropa_app.template, one table): "mandatory" — a column that is orange in the
template is empty, unknown or unlawful as written (`ropa check` exits 1, and the activity cannot be approved);
"warning" ("Bør rettes") — something to resolve or confirm, or a gap in a green column; "notice" ("Vurder") — a sign
to consider, never a decision made for the user. A mandatory grade is only ever given to a mandatory column, so the
xlsx colours, the PDF's asterisks and the gap list agree.

Rules from DOMAIN.md, "Rules the register keeps", that the checks enforce:
- known, unknown and not applicable are three answers: an unanswered art. 9/10 question is a gap, not "no";
- a transfer question with any unknown recipient location is never answered "no": the unknown location is a gap
  under (e) (the third-country column), named per recipient;
- a retention rule with no time limit is not a deletion deadline: flagged, and so is a period the company sets in
  the vendor's service and a category the vendor gives no rule for, until the company's own rule names the category;
- processing on Datatilsynet's list of what always requires a DPIA (monitoring of employees by control measures
  under arbeidsmiljøloven chapter 9: call and screen recordings) needs a DPIA reference or a recorded reason why
  none is needed; other DPIA signs (login times, statistics per agent) stay "consider".
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ropa_app.catalogue import PROCESSOR_ROLES
from ropa_app.countries import classify
from ropa_app.model import OPEN, DataCategory, Entry, Gap, Organisation, Register, short_category_name
from ropa_app.processor_checks import processor_gaps
from ropa_app.reading import always_needs_dpia
from ropa_app.template import column_of, is_mandatory

MANDATORY, WARNING, NOTICE = "mandatory", "warning", "notice"
SEVERITIES = (MANDATORY, WARNING, NOTICE)


def _gap(code: str, field: str, entry: Entry | None = None, severity: str = "", **params: object) -> Gap:
    """A gap; without ``severity``, a missing answer: mandatory where the template's column is, else a warning."""
    mandatory = is_mandatory(column_of(field), entry.has_special_categories if entry else False)
    if not severity:
        severity = MANDATORY if mandatory else WARNING
    elif severity == MANDATORY and not mandatory:  # pragma: no cover - a programming error
        raise AssertionError(f"{code}: mandatory gap on optional column {column_of(field)}")
    return Gap(severity=severity, code=code, field=field, activity_id=entry.id if entry else None,
               activity_title=entry.title if entry else "",
               params=tuple((k, str(v)) for k, v in params.items()))


def find_gaps(register: Register) -> list[Gap]:
    return register_gaps(register, [list(entry_gaps(e)) for e in register.entries])


def register_gaps(register: Register, per_entry: list[list[Gap]]) -> list[Gap]:
    """Every gap of the register, given each entry's own (entry_gaps, which the live register keeps per entry)."""
    gaps = list(_organisation_gaps(register.organisation))
    if not register.entries:
        gaps.append(_gap("no_activities", "activities"))
    for entry in per_entry:
        gaps.extend(entry)
    gaps.extend(_same_title_gaps(register.entries))
    for change in register.catalogue_changes:
        gaps.append(_gap("catalogue_changed", "catalogue", severity=WARNING, service=change.service,
                         version=change.to_version))
    gaps.extend(_agreement_gaps(register))
    gaps.extend(processor_gaps(register))  # art. 30(2), ropa_app.processor_checks
    return sorted(gaps, key=lambda g: (_ORDER[g.severity], g.activity_id or 0))


_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


def entry_gaps(e: Entry) -> Iterator[Gap]:
    """The gaps of one processing activity."""
    return _entry_gaps(e)


def _agreement_gaps(register: Register) -> Iterator[Gap]:
    """One gap per vendor (agreement) whose services lack the company's DPA reference, not one per add-on: the
    data processing agreement is made with the vendor, and an add-on is covered by its base service's agreement."""
    missing: dict[str, list] = {}
    for p in register.processors:
        if p.role in PROCESSOR_ROLES and not p.dpa_reference:
            missing.setdefault(p.vendor, []).append(p)
    for vendor, rows in missing.items():
        yield _gap("dpa_missing", f"service:{rows[0].service_key}", severity=WARNING, vendor=vendor,
                   services=", ".join(p.service for p in rows))


def _same_title_gaps(entries) -> Iterator[Gap]:
    """Two activities under one title cannot be told apart in the register (nor in a question from Datatilsynet):
    each of them gets a gap naming the others' numbers."""
    by_title: dict[str, list] = {}
    for e in entries:
        by_title.setdefault(" ".join(e.title.split()).casefold(), []).append(e)
    for same in by_title.values():
        if len(same) > 1:
            for e in same:
                others = ", ".join(str(o.id) for o in same if o is not e)
                yield _gap("title_duplicate", "title", e, severity=WARNING, others=others)


def _organisation_gaps(org: Organisation) -> Iterator[Gap]:
    if not org.name.strip():
        yield _gap("org_name_missing", "organisation.name")
    if not (org.email or org.phone or org.address):
        yield _gap("org_contact_missing", "organisation.email")
    if not org.org_number:
        yield _gap("org_number_missing", "organisation.org_number", severity=WARNING)
    if org.dpo_name and not (org.dpo_email or org.dpo_phone or org.dpo_address):
        yield _gap("dpo_contact_missing", "organisation.dpo_email")
    if not org.dpo_name and org.dpo_appointed == "yes":
        yield _gap("dpo_name_missing", "organisation.dpo_name")
    elif not org.dpo_name and org.dpo_appointed != "no":  # unanswered: the register says «Ikke vurdert»
        yield _gap("dpo_not_assessed", "organisation.dpo_name", severity=NOTICE)
    if not org.representative_name and org.needs_representative == "yes":
        yield _gap("representative_name_missing", "organisation.representative_name")
    elif not org.representative_name and org.needs_representative != "no":  # the register says «Ikke vurdert»
        yield _gap("representative_not_assessed", "organisation.representative_name", severity=NOTICE)
    if not org.joint_controllers and not org.has_joint_controllers:  # every joint cell says «Ikke vurdert»
        yield _gap("joint_not_assessed", "organisation.has_joint_controllers", severity=NOTICE)
    for jc in org.joint_controllers:
        if not (jc.contact or jc.email or jc.phone):
            yield _gap("joint_contact_missing", "organisation.joint_controllers", name=jc.name)


def _entry_gaps(e: Entry) -> Iterator[Gap]:
    yield from _purpose_gaps(e)
    yield from _data_gaps(e)
    yield from _transfer_gaps(e)
    yield from _retention_gaps(e)
    # (g) security measures: the company's own; the vendors' measures cover only their part
    if not e.security_measures.strip():
        yield _gap("security_own_missing" if e.vendor_security else "security_missing", "security_measures", e)
    if e.joint_controllers.strip() and not e.joint_contact.strip():
        yield _gap("joint_contact_missing", "joint_contact", e, name=e.joint_controllers.splitlines()[0])
    if not e.owner_name.strip():
        yield _gap("owner_missing", "owner_name", e)
    yield from _dpia_gaps(e)


def _purpose_gaps(e: Entry) -> Iterator[Gap]:
    """(b) the purpose, and the legal basis with art. 9 and 10 asked, never assumed."""
    if not e.purpose.strip():
        yield _gap("purpose_missing", "purpose", e)
    if not e.legal_basis:
        yield _gap("legal_basis_missing", "legal_basis", e)
    if {"c", "e"} & set(e.legal_basis) and not e.legal_basis_reference.strip():
        yield _gap("legal_basis_reference_missing", "legal_basis_reference", e)
    if "f" in e.legal_basis and not e.legitimate_interest_assessment.strip():
        yield _gap("lia_missing", "legitimate_interest_assessment", e)
    in_use = e.categories_in_use
    from_categories = sorted({c.name for c in in_use if c.special})
    if e.special_categories_answer == "no" and (from_categories or e.special_categories):
        yield _gap("art9_answer_contradicted", "special_categories_answer", e,
                   categories=", ".join(from_categories or e.special_categories))
    elif e.special_categories_answer == "no" and e.special_signs:
        # The user has answered; a word in the purpose is a reason to look again, not to overrule them.
        yield _gap("art9_purpose_check", "special_categories_answer", e, severity=WARNING,
                   words=", ".join(e.special_signs))
    elif e.has_special_categories and not e.art9_conditions:
        if e.special_signs and not (from_categories or e.special_categories):
            yield _gap("art9_condition_missing_purpose", "art9_conditions", e, words=", ".join(e.special_signs))
        else:
            yield _gap("art9_condition_missing", "art9_conditions", e)
    elif not e.special_categories_answer:
        yield _gap("art9_not_assessed", "special_categories_answer", e)
    if e.art9_conditions and not e.has_special_categories:
        yield _gap("art9_without_special", "special_categories", e, severity=WARNING)
    if not e.criminal_offences_answer:
        yield _gap("art10_not_assessed", "criminal_offences_answer", e, severity=WARNING)
    elif e.criminal_offences_answer == "yes" and not e.art10_basis.strip():
        yield _gap("art10_basis_missing", "art10_basis", e)


def _data_gaps(e: Entry) -> Iterator[Gap]:
    """(c) data subjects and data categories, (d) recipients."""
    if not e.data_subjects and not e.inherited_subjects:
        yield _gap("data_subjects_missing", "data_subjects", e)
    if not e.categories_in_use:
        yield _gap("data_categories_missing", "data_categories", e)
    for c in e.data_categories:
        if c.optional and c.decision == OPEN:
            yield _gap("optional_category_open", f"category:{c.origin.service_key}:{c.name}", e, severity=WARNING,
                       category=c.name, vendor=c.origin.vendor)
    if not e.recipients:
        yield _gap("recipients_missing", "recipients", e)


def _transfer_gaps(e: Entry) -> Iterator[Gap]:
    """(e) where the data goes: every unknown location is a gap of the third-country column, named per recipient;
    a recipient the company named without saying where should be placed too; a transfer to a third country
    without adequacy needs a recorded safeguard."""
    for r in e.unknown_locations:
        if r.unnamed:  # the document does not say who it is either (Phonero's «tjenesteleverandør»)
            yield _gap("recipient_unnamed", f"recipient:{r.name}", e, recipient=r.name, via=r.via)
        elif r.via:
            yield _gap("location_unknown", f"recipient:{r.name}", e, recipient=r.name, via=r.via)
        else:
            yield _gap("location_unknown_vendor", f"recipient:{r.name}", e, recipient=r.name)
    for r in e.read_locations:  # «Nei» would rest on ROPA's reading: the user confirms with the vendor
        yield _gap("location_read", f"recipient:{r.name}", e, severity=WARNING, recipient=r.name, via=r.via,
                   countries=",".join(loc.code for loc in r.locations))
    unrecorded = [r.name for r in e.unrecorded_locations]
    if unrecorded and not e.transfers_note.strip():
        yield _gap("location_unrecorded", f"recipient:{unrecorded[0]}", e, severity=WARNING,
                   names=", ".join(unrecorded))
    if not e.transfers_note.strip():  # the user's own answer, from the vendor, settles it
        for vendor in dict.fromkeys(use.vendor for use in e.services if use.transfer_unclear):
            yield _gap("transfer_answer_unclear", "transfers", e, severity=WARNING, vendor=vendor)
    for t in e.transfers:
        if classify(t.country).needs_mechanism and not t.mechanism.strip():
            name = t.recipient or t.country
            yield _gap("transfer_mechanism_missing", f"mechanism:{name}", e, recipient=name, country=t.country)


def _retention_gaps(e: Entry) -> Iterator[Gap]:
    """(f) envisaged time limits for erasure, per category where the vendor gives them.

    Each vendor category whose erasure the vendor leaves open (no rule at all, a rule with no time limit, or a
    period the company sets in the service) stays a gap until the company's own rule answers for it, and the
    company's rule answers for the categories it names (see _named_in): a sentence about messages says nothing of
    the call logs beside them (DPO audit 4, N2). Should be fixed, named per vendor with the categories concerned."""
    in_use = e.categories_in_use
    own = e.retention.strip()
    inherited = [c for c in in_use if c.origin]
    if not own and not any(c.retention for c in inherited) and not e.retention_rules:
        yield _gap("retention_missing", "retention", e)
        return
    if any(not c.origin for c in in_use) and not own:
        yield _gap("retention_own_missing", "retention", e)
    folded = _folded(own)
    general: dict[str, list] = {}  # the vendors' general rules, per service: they hold for its other categories
    for f in e.retention_rules:
        general.setdefault(f.origin.service_key, []).append(f)
    missing: dict[str, dict[str, None]] = {}  # vendor -> categories with no rule
    open_ended: dict[str, tuple[dict, dict]] = {}  # vendor -> (rules, categories)
    set_here: dict[tuple[str, str], tuple[dict, dict]] = {}  # (vendor, where) -> (rules, categories)
    for c in inherited:
        # Data disclosed to a vendor that is an independent controller (Phonero's portal) is erased under that
        # controller's own rules, not on the company's behalf: not a gap of the company's (f).
        if c.to_controller or _named_in(folded, c):
            continue
        if c.retention:
            rules = [(c.retention, c.retention_open_ended, c.retention_set_in)]
        else:
            rules = [(f.text, f.open_ended, f.set_in) for f in general.get(c.origin.service_key, ())]
        if not rules:
            missing.setdefault(c.origin.vendor, {})[short_category_name(c.name)] = None
        for text, is_open, where in rules:
            if where:
                group = set_here.setdefault((c.origin.vendor, where), ({}, {}))
            elif is_open:
                group = open_ended.setdefault(c.origin.vendor, ({}, {}))
            else:
                continue
            group[0][text] = None
            group[1][short_category_name(c.name)] = None
    for vendor, names in sorted(missing.items()):
        yield _gap("retention_vendor_missing", "retention", e, severity=WARNING, vendor=vendor,
                   categories=_quoted(names))
    for vendor, (rules, names) in open_ended.items():
        yield _gap("retention_open_ended", "retention", e, severity=WARNING, vendor=vendor, rules=_quoted(rules, "; "),
                   categories=_quoted(names))
    for (vendor, where), (rules, names) in set_here.items():
        yield _gap("retention_set_by_company", "retention", e, severity=WARNING, vendor=vendor, where=where,
                   rules=_quoted(rules, "; "), categories=_quoted(names))


def _named_in(folded: str, c: DataCategory) -> bool:
    """Whether the company's own retention text (``folded``: see _folded) names the category: its name as the
    register shows it, in either language, or without its closing part in brackets, as a whole word or phrase (case
    and spacing aside)."""
    return bool(folded) and any(pattern.search(folded) for pattern in _name_patterns(c.name, c.name_en))


def _folded(text: str) -> str:
    """Text as _named_in compares it: spacing made single, case folded."""
    return " ".join(text.split()).casefold()


@functools.lru_cache(maxsize=4096)
def _name_patterns(name: str, name_en: str) -> tuple[re.Pattern, ...]:
    """The whole-word patterns a category is named by (its names and short names, folded): made once per category
    name, not once per activity (a register of 2,000 activities asks some 12,000 times)."""
    names = {n for full in (name, name_en) if full for n in (full, short_category_name(full))}
    return tuple(re.compile(rf"(?<!\w){re.escape(_folded(n))}(?!\w)") for n in sorted(names))


def _quoted(items, sep: str = ", ") -> str:
    return sep.join(f"«{item}»" for item in items)


def _dpia_gaps(e: Entry) -> Iterator[Gap]:
    """DPIA (art. 35): flag, never decide. Recordings of employees (calls, screens) are control measures under
    arbeidsmiljøloven chapter 9, on Datatilsynet's list of processing that always requires a DPIA: should be fixed
    until a DPIA reference or a reason why none is needed is recorded. Other signs of monitoring (login times,
    statistics per agent, a live queue board) may be systematic monitoring, and special categories may be high
    risk: signs to consider."""
    monitoring = sorted({c.name for c in e.data_categories
                         if c.monitoring and (c.in_use or (c.optional and c.decision == OPEN))})
    listed = [name for name in monitoring if always_needs_dpia(name)]
    answered = e.dpia_reference.strip() or e.dpia_not_needed_reason.strip()
    if listed and not answered:
        # Recordings the company has not yet said it uses (optional, undecided) are asserted of nobody: the gap
        # says what holds if they are used (DPO audit 4, N11).
        undecided = all(c.optional and c.decision == OPEN for c in e.data_categories
                        if c.name in listed and (c.in_use or c.decision == OPEN))
        yield _gap("dpia_listed_if_used" if undecided else "dpia_listed", "dpia_done", e, severity=WARNING,
                   categories=", ".join(listed))
    elif monitoring and not answered and e.dpia_done != "yes":  # one DPIA answers for the recordings and these
        yield _gap("dpia_monitoring_sign", "dpia_done", e, severity=NOTICE, categories=", ".join(monitoring))
    if e.dpia_done != "yes":
        if e.has_special_categories and e.high_risk == "" and not monitoring:
            yield _gap("dpia_special_categories", "high_risk", e, severity=NOTICE)
        if e.high_risk == "yes" and not answered:
            yield _gap("dpia_required", "dpia_done", e)
    if e.dpia_done == "yes" and not e.dpia_reference.strip():
        yield _gap("dpia_reference_missing", "dpia_reference", e)
