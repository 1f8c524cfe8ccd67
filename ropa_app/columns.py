"""How the register reads: Datatilsynet's column order, which columns are mandatory, and each value as text in
the chosen language. The xlsx and pdf renderers (and the app's tables) share this, so the register says the same
everywhere."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ropa_app.countries import classify, country_name
from ropa_app.dates import format_datetime
from ropa_app.domain import CHOICE_GROUPS
from ropa_app.i18n import t
from ropa_app.register import (
    DECLINED,
    INDEPENDENT_CONTROLLER,
    OPEN,
    OTHER,
    PROCESSOR,
    RESELLER,
    SUB_PROCESSOR,
    DataCategory,
    Entry,
    Location,
    Register,
)
from ropa_app.validation import format_orgnr


@dataclass(frozen=True)
class Column:
    key: str
    mandatory: bool  # orange in Datatilsynet's template; optional columns are green
    text: Callable[[Entry, str], str]
    width: int = 30  # a sensible spreadsheet width, in characters
    choices: str = ""  # the list a spreadsheet validation offers for this column, if any

    def label(self, lang: str) -> str:
        return t(f"column.{self.key}", lang)


def join_lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p and p.strip())


def enum_label(group: str, value: str, lang: str) -> str:
    return t(f"enum.{group}.{value or 'unknown'}", lang)


def choice_label(field: str, value: str, lang: str) -> str:
    """The label of a choice field's value ("b" -> "(b) Avtale"); other fields' values as they are."""
    group = CHOICE_GROUPS.get(field)
    return enum_label(group, value, lang) if group else value


def subject_label(subject: str, lang: str) -> str:
    key = f"enum.subject.{subject}"
    text = t(key, lang)
    return subject if text == key else text


def locations_text(locations: tuple[Location, ...], lang: str) -> str:
    return ", ".join(country_name(loc.code, lang) for loc in locations)


def _from(vendor: str, lang: str) -> str:
    return t("register.from_vendor", lang, vendor=vendor)


# --- per-column text --------------------------------------------------------------------------------------

def joint_text(e: Entry, lang: str) -> str:
    if not (e.joint_controllers or e.joint_responsibilities or e.joint_contact):
        return t("register.none_stated", lang)
    return join_lines(e.joint_controllers,
                      e.joint_responsibilities and f"{t('register.responsibilities', lang)}: {e.joint_responsibilities}",
                      e.joint_contact and f"{t('register.contact_point', lang)}: {e.joint_contact}")


def owner_text(e: Entry, lang: str) -> str:
    return join_lines(e.owner_name, e.owner_phone, e.owner_email)


def processors_text(e: Entry, lang: str) -> str:
    lines = []
    for use in e.services:
        role = enum_label("role", use.role, lang)
        if use.role == INDEPENDENT_CONTROLLER:
            agreement = t("register.no_dpa_needed", lang)
        else:
            agreement = f"{t('register.dpa', lang)}: {use.dpa_reference or t('register.dpa_missing', lang)}"
        lines.append(f"{use.vendor} – {use.name} ({role}). {agreement}")
    return "\n".join(lines) or t("register.no_vendor_services", lang)


def subjects_text(e: Entry, lang: str) -> str:
    names = list(e.data_subjects) + [subject_label(s, lang) for s in e.inherited_subjects]
    return ", ".join(dict.fromkeys(n for n in names if n))


def art6_text(e: Entry, lang: str) -> str:
    return join_lines(
        "\n".join(enum_label("art6", b, lang) for b in e.legal_basis),
        e.legal_basis_reference and f"{t('register.reference', lang)}: {e.legal_basis_reference}",
        e.legitimate_interest_assessment and f"{t('register.lia', lang)}: {e.legitimate_interest_assessment}")


def art9_text(e: Entry, lang: str) -> str:
    specials = [enum_label("special", s, lang) for s in e.special_categories]
    return join_lines(
        specials and f"{t('register.special_categories', lang)}: {', '.join(specials)}",
        "\n".join(f"{t('register.art9', lang)} {enum_label('art9', c, lang)}" for c in e.art9_conditions),
        e.art10_basis and f"{t('register.art10', lang)}: {e.art10_basis}") or t("register.not_applicable", lang)


def _category_name(c: DataCategory, lang: str) -> str:
    name = c.name
    if c.optional and c.decision == OPEN:
        name += f" ({t('register.optional_open', lang)})"
    return name


def categories_text(e: Entry, lang: str) -> str:
    own = [c.name for c in e.data_categories if not c.origin]
    lines = [", ".join(own)] if own else []
    groups: dict[tuple[str, str], list[str]] = {}
    for c in e.data_categories:
        if c.origin and c.decision != DECLINED:
            groups.setdefault((c.origin.vendor, c.subject), []).append(_category_name(c, lang))
    for (vendor, subject), names in groups.items():
        lines.append(f"{subject_label(subject, lang)}: {', '.join(dict.fromkeys(names))} {_from(vendor, lang)}")
    return "\n".join(lines)


def security_text(e: Entry, lang: str) -> str:
    vendor_lines = [f"• {f.text} {_from(f.origin.vendor, lang)}" for f in e.vendor_security]
    return join_lines(e.security_measures,
                      vendor_lines and t("register.vendor_measures", lang) + ":\n" + "\n".join(vendor_lines))


def retention_text(e: Entry, lang: str) -> str:
    per_category = [f"• {c.name}: {c.retention} {_from(c.origin.vendor, lang)}"
                    for c in e.data_categories if c.origin and c.retention and c.decision != DECLINED]
    general = [f"• {f.text} {_from(f.origin.vendor, lang)}" for f in e.retention_rules]
    vendor = per_category + general
    return join_lines(e.retention,
                      vendor and t("register.vendor_retention", lang) + ":\n" + "\n".join(dict.fromkeys(vendor)))


def yes_no_text(value: str, lang: str) -> str:
    return enum_label("yes_no", value, lang)


def dpia_text(e: Entry, lang: str) -> str:
    return join_lines(yes_no_text(e.dpia_done, lang),
                      e.dpia_reference and f"{t('register.reference', lang)}: {e.dpia_reference}")


def recipients_text(e: Entry, lang: str) -> str:
    kinds = ((PROCESSOR, "register.recipients_processors"), (RESELLER, "register.recipients_processors"),
             (SUB_PROCESSOR, "register.recipients_sub_processors"),
             (INDEPENDENT_CONTROLLER, "register.recipients_controllers"), (OTHER, "register.recipients_other"))
    groups: dict[str, list[str]] = {}
    for kind, label in kinds:
        for r in e.recipients:
            if r.kind != kind:
                continue
            name = r.name
            if r.kind == SUB_PROCESSOR:
                name += f" ({t('register.for_vendor', lang, vendor=r.via)}{': ' + r.activity if r.activity else ''})"
            elif r.kind == OTHER and r.via:
                name += f" {_from(r.via, lang)}"
            groups.setdefault(label, []).append(name)
    return "\n".join(f"{t(label, lang)}: {', '.join(dict.fromkeys(names))}" for label, names in groups.items())


def third_country_text(e: Entry, lang: str) -> str:
    unknown = [r.name for r in e.recipients if any(loc.status == "not_stated" for loc in r.locations)
               and (r.origin is not None or r.locations)]
    transfers = [f"{country_name(tr.country, lang)}: {tr.recipient} "
                 f"({t('country.status.' + tr.status, lang)})" for tr in e.transfers]
    if not transfers and not unknown and not e.transfers_note:
        return t("register.no_transfers", lang)
    return join_lines("\n".join(transfers), e.transfers_note,
                      unknown and t("register.location_unknown_for", lang, names=", ".join(dict.fromkeys(unknown))))


def safeguards_text(e: Entry, lang: str) -> str:
    lines = []
    for tr in e.transfers:
        status = classify(tr.country)
        if tr.mechanism:
            lines.append(f"{tr.recipient} ({country_name(tr.country, lang)}): {tr.mechanism}")
        elif not status.needs_mechanism:
            lines.append(f"{tr.recipient} ({country_name(tr.country, lang)}): "
                         f"{t('register.adequacy', lang, decision=status.decision)}")
        else:
            lines.append(f"{tr.recipient} ({country_name(tr.country, lang)}): {t('register.mechanism_missing', lang)}")
    return "\n".join(lines) or t("register.not_applicable", lang)


PROTOKOLL_COLUMNS: tuple[Column, ...] = (
    Column("title", False, lambda e, lang: e.title, 28),
    Column("joint", True, joint_text, 24),
    Column("owner", False, owner_text, 24),
    Column("processors", False, processors_text, 40),
    Column("purpose", True, lambda e, lang: e.purpose, 45),
    Column("data_subjects", True, subjects_text, 26),
    Column("art6", False, art6_text, 32, choices="art6"),
    Column("art9", False, art9_text, 30),
    Column("area", False, lambda e, lang: e.area, 22),
    Column("data_categories", True, categories_text, 50),
    Column("security", True, security_text, 50),
    Column("retention", True, retention_text, 50),
    Column("high_risk", False, lambda e, lang: yes_no_text(e.high_risk, lang), 16, choices="yes_no"),
    Column("dpia", False, dpia_text, 22),
    Column("sources", False, lambda e, lang: ", ".join(e.sources), 24),
    Column("systems", False, lambda e, lang: ", ".join(e.systems), 24),
    Column("recipients", True, recipients_text, 45),
    Column("third_countries", True, third_country_text, 36),
    Column("safeguards", True, safeguards_text, 36),
    Column("status", False, lambda e, lang: enum_label("status", e.status, lang), 14, choices="status"),
    Column("updated", False, lambda e, lang: format_datetime(e.updated, lang), 20),
)


def organisation_rows(register: Register, lang: str) -> list[tuple[str, str]]:
    """The organisation block (art. 30(1)(a)) as (label, value) rows."""
    o = register.organisation

    def field(name: str) -> str:
        return t(f"field.organisation.{name}", lang)

    rows = [
        (field("name"), o.name),
        (field("org_number"), format_orgnr(o.org_number)),
        (field("address"), o.address),
        (field("email"), o.email),
        (field("phone"), o.phone),
        (field("contact_name"), o.contact_name),
        (field("representative_name"), join_lines(o.representative_name, o.representative_address,
                                                  o.representative_email, o.representative_phone)
         or t("register.none_stated", lang)),
        (field("dpo_name"), join_lines(o.dpo_name, o.dpo_address, o.dpo_email, o.dpo_phone)
         or t("register.no_dpo", lang)),
    ]
    joint = [join_lines(jc.name + (f" ({format_orgnr(jc.org_number)})" if jc.org_number else ""), jc.contact,
                        jc.email, jc.phone, jc.responsibilities) for jc in o.joint_controllers]
    rows.append((t("field.joint_controller.name", lang), "\n\n".join(joint) or t("register.none_stated", lang)))
    return rows


def gap_text(gap, lang: str) -> str:
    return t(f"gap.{gap.code}", lang, **gap.param_dict())


def field_label(field: str, lang: str) -> str:
    """A readable name for a gap's field (activity fields, organisation.<field>, recipient:<name>, ...)."""
    if field.startswith("organisation."):
        return t(f"field.{field}", lang)
    if field.startswith("recipient:"):
        return t("column.recipients", lang) + " – " + field.split(":", 1)[1]
    if field.startswith("category:"):
        return t("column.data_categories", lang)
    if field.startswith("service:"):
        return t("column.processors", lang)
    key = f"field.activity.{field}"
    text = t(key, lang)
    return text if text != key else field
