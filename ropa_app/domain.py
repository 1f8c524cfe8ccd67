"""The register's vocabulary: enumerations from GDPR and Datatilsynet's template, and the editable fields of the
organisation and of a processing activity, with how each is checked before it is stored."""
from __future__ import annotations

from typing import NamedTuple

from ropa_app.errors import RopaError, Words
from ropa_app.validation import clean_text, iso_date, normalise_email, normalise_orgnr, normalise_phone

# Art. 6(1) (a)-(f); labels live in resources/i18n (enum.art6.<key>).
ART6 = ("a", "b", "c", "d", "e", "f")
# Art. 9(1) special categories.
SPECIAL_CATEGORIES = ("ethnic_origin", "political_opinions", "religion", "philosophical_beliefs", "trade_union",
                      "genetic", "biometric", "health", "sex_life")
# Art. 9(2) (a)-(j).
ART9 = ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")
STATUSES = ("draft", "approved")
YES_NO = ("", "yes", "no")  # "" = not yet answered
DECISIONS = ("confirmed", "declined")

MAX_TEXT = 100_000  # far beyond anything a register needs; keeps a pasted file from bloating the ROPA


class FieldSpec(NamedTuple):  # (not a dataclass: the store imports this module as the app starts, and importing
    # dataclasses would delay its first screen by ~2 ms)
    name: str
    kind: str  # text | longtext | list | choice | choices | email | phone | orgnr
    choices: tuple[str, ...] = ()
    label: str = ""  # the message key of the field's name, as a message about it names it (field.<group>.<name>)


def _named(group: str, *specs: FieldSpec) -> dict[str, FieldSpec]:
    """The fields of ``group`` by name, each labelled by its message key field.<group>.<name>."""
    return {f.name: f._replace(label=f"field.{group}.{f.name}") for f in specs}


ORGANISATION_FIELDS: dict[str, FieldSpec] = _named("organisation",
    FieldSpec("name", "text"),
    FieldSpec("org_number", "orgnr"),
    FieldSpec("address", "longtext"),
    FieldSpec("email", "email"),
    FieldSpec("phone", "phone"),
    FieldSpec("contact_name", "text"),
    FieldSpec("representative_name", "text"),
    FieldSpec("representative_address", "longtext"),
    FieldSpec("representative_email", "email"),
    FieldSpec("representative_phone", "phone"),
    FieldSpec("dpo_name", "text"),
    FieldSpec("dpo_address", "longtext"),
    FieldSpec("dpo_email", "email"),
    FieldSpec("dpo_phone", "phone"),
    FieldSpec("acts_as_processor", "choice", ("", "yes", "no")),  # art. 30(2): the company is also a processor
    FieldSpec("dpo_appointed", "choice", ("", "yes", "no")),  # art. 37: "no" is an answer, "" is none
    FieldSpec("has_joint_controllers", "choice", ("", "yes", "no")),  # art. 26, for the whole company
    FieldSpec("needs_representative", "choice", ("", "yes", "no")),  # art. 27: "no" (established in the EEA)
)

JOINT_CONTROLLER_FIELDS: dict[str, FieldSpec] = _named("joint_controller",
    FieldSpec("name", "text"),
    FieldSpec("org_number", "orgnr"),
    FieldSpec("contact", "longtext"),
    FieldSpec("email", "email"),
    FieldSpec("phone", "phone"),
    FieldSpec("responsibilities", "longtext"),
)

# Every editable field of a processing activity, in Datatilsynet's register order, named as in the JSON.
ACTIVITY_FIELDS: dict[str, FieldSpec] = _named("activity",
    FieldSpec("title", "text"),
    FieldSpec("joint_controllers", "longtext"),
    FieldSpec("joint_responsibilities", "longtext"),
    FieldSpec("joint_contact", "longtext"),
    FieldSpec("owner_name", "text"),
    FieldSpec("owner_email", "email"),
    FieldSpec("owner_phone", "phone"),
    FieldSpec("purpose", "longtext"),
    FieldSpec("data_subjects", "list"),
    FieldSpec("legal_basis", "choices", ART6),
    FieldSpec("legal_basis_reference", "longtext"),
    FieldSpec("legitimate_interest_assessment", "longtext"),
    FieldSpec("special_categories_answer", "choice", YES_NO),
    FieldSpec("special_categories", "choices", SPECIAL_CATEGORIES),
    FieldSpec("art9_conditions", "choices", ART9),
    FieldSpec("criminal_offences_answer", "choice", YES_NO),
    FieldSpec("art10_basis", "longtext"),
    FieldSpec("area", "text"),
    FieldSpec("data_categories", "list"),
    FieldSpec("security_measures", "longtext"),
    FieldSpec("retention", "longtext"),
    FieldSpec("high_risk", "choice", YES_NO),
    FieldSpec("dpia_done", "choice", YES_NO),
    FieldSpec("dpia_reference", "longtext"),
    FieldSpec("dpia_not_needed_reason", "longtext"),
    FieldSpec("sources", "list"),
    FieldSpec("systems", "list"),
    FieldSpec("recipients", "list"),
    FieldSpec("transfers", "longtext"),
    FieldSpec("status", "choice", STATUSES),
    FieldSpec("notes", "longtext"),
)

# The company as a processor (art. 30(2)): each controller it acts for, and what it does for them.
SERVED_CONTROLLER_FIELDS: dict[str, FieldSpec] = _named("served_controller",
    FieldSpec("name", "text"),
    FieldSpec("org_number", "orgnr"),
    FieldSpec("address", "longtext"),
    FieldSpec("email", "email"),
    FieldSpec("phone", "phone"),
    FieldSpec("contact_name", "text"),
    FieldSpec("representative", "longtext"),
    FieldSpec("dpo", "longtext"),
    FieldSpec("dpa_reference", "longtext"),
    FieldSpec("dpa_date", "date"),
    FieldSpec("processing", "longtext"),
    FieldSpec("data_subjects", "longtext"),
    FieldSpec("data_categories", "longtext"),
    FieldSpec("security_measures", "longtext"),
    FieldSpec("notes", "longtext"),
)
# What holds for the whole processor role: its general security measures (art. 30(2)(d)) and what the company
# itself says about transfers.
PROCESSOR_ROLE_FIELDS: dict[str, FieldSpec] = _named("processor_role",
    FieldSpec("security_measures", "longtext"),
    FieldSpec("transfers_note", "longtext"),
)

# The company's own reference for the data processing agreement behind an adopted service.
DPA_REFERENCE = FieldSpec("dpa_reference", "longtext", label="ui.catalogue.dpa.label")

LIST_KINDS = ("list", "choices")

# Which label group (resources/i18n: enum.<group>.<value>) names the values of each choice field.
CHOICE_GROUPS = {"legal_basis": "art6", "art9_conditions": "art9", "special_categories": "special",
                 "status": "status", "high_risk": "yes_no", "dpia_done": "yes_no",
                 "special_categories_answer": "yes_no", "criminal_offences_answer": "yes_no"}


def normalise_value(spec: FieldSpec, value: object) -> str | list[str]:
    """Check and clean a value for ``spec``; lists come back as lists, everything else as a string."""
    if spec.kind in LIST_KINDS:
        items = [value] if isinstance(value, str) else list(value or [])
        cleaned: list[str] = []
        for item in items:
            text = clean_text(str(item)).strip()
            if spec.kind == "choices":
                text = text.lower().strip("() ")
                if text not in spec.choices:
                    raise RopaError("invalid_choice", field=_field_name(spec), value=str(item),
                                    choices=", ".join(spec.choices))
            if text and text not in cleaned:
                cleaned.append(text)
        if sum(len(text) for text in cleaned) > MAX_TEXT:  # one cap on the list's total, never a silent cut
            raise RopaError("text_too_long", field=_field_name(spec), limit=_LIMIT)
        return cleaned
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    text = clean_text(str(value or ""))
    if len(text) > MAX_TEXT:
        raise RopaError("text_too_long", field=_field_name(spec), limit=_LIMIT)
    if spec.kind == "orgnr":
        return normalise_orgnr(text)
    if spec.kind == "email":
        return normalise_email(text)
    if spec.kind == "phone":
        return normalise_phone(text)
    if spec.kind == "date":  # ISO 8601 (2026-03-01) or Norwegian (01.03.2026); stored as ISO
        return _normalise_date(_field_name(spec), text.strip())
    if spec.kind == "choice":
        text = text.strip().lower()
        if text not in spec.choices:
            raise RopaError("invalid_choice", field=_field_name(spec), value=text,
                            choices=", ".join(c or '""' for c in spec.choices))
        return text
    if spec.kind == "text":
        return " ".join(text.split())  # one line
    return text.strip()


_LIMIT = {"nb": f"{MAX_TEXT:,}".replace(",", "\u00a0"), "en": f"{MAX_TEXT:,}"}  # 100 000 / 100,000


def _field_name(spec: FieldSpec) -> Words | str:
    """The field as a message names it: its label in the message's language."""
    return Words(spec.label) if spec.label else spec.name


def _normalise_date(field: Words | str, text: str) -> str:
    if not text:
        return ""
    iso = iso_date(text)
    if iso is None:
        raise RopaError("invalid_date", field=field, value=text)
    return iso


def field_spec(fields: dict[str, FieldSpec], name: str) -> FieldSpec:
    try:
        return fields[name]
    except KeyError:
        raise RopaError("unknown_field", field=name, fields=", ".join(fields)) from None
