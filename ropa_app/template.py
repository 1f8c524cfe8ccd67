"""Datatilsynet's template: which register columns are mandatory (orange) and which optional (green), and which
column each register field belongs to.

One table decides: the xlsx column colours, the PDF's asterisks and the gaps' grades all read it, so they cannot
disagree (DOMAIN.md, "Datatilsynet's template"). A gap for an empty mandatory column is mandatory; a gap for an
optional column is at most "should be fixed". The art. 9 column is mandatory for an activity that processes special
categories (art. 9(1) forbids it unless a condition of art. 9(2) applies).
"""
from __future__ import annotations

# Orange in the template: formål; kategorier av registrerte og personopplysninger; kategorier av mottakere; planlagte
# tidsfrister for sletting; sikkerhetstiltak; felles behandlingsansvarlig; tredjeland; garantier ved overføring.
MANDATORY_COLUMNS = frozenset({"joint", "purpose", "data_subjects", "data_categories", "security", "retention",
                               "recipients", "third_countries", "safeguards"})
CONDITIONAL_COLUMNS = frozenset({"art9"})  # mandatory where special categories are processed
CONTROLLER = "controller"  # the organisation block (art. 30(1)(a)): name and contact details are required

# Register fields (activity field names, and the prefixes of other gap fields) -> the Protokoll column they fill.
FIELD_COLUMNS = {
    "title": "title", "area": "area",
    "joint_controllers": "joint", "joint_responsibilities": "joint", "joint_contact": "joint",
    "owner_name": "owner", "owner_email": "owner", "owner_phone": "owner",
    "service": "processors",
    "purpose": "purpose",
    "data_subjects": "data_subjects",
    "legal_basis": "art6", "legal_basis_reference": "art6", "legitimate_interest_assessment": "art6",
    "special_categories_answer": "art9", "special_categories": "art9", "art9_conditions": "art9",
    "criminal_offences_answer": "art9", "art10_basis": "art9",
    "data_categories": "data_categories", "category": "data_categories",
    "security_measures": "security",
    "retention": "retention",
    "high_risk": "high_risk",
    "dpia_done": "dpia", "dpia_reference": "dpia", "dpia_not_needed_reason": "dpia",
    "sources": "sources", "systems": "systems",
    "recipients": "recipients",
    "transfers": "third_countries", "recipient": "third_countries",  # where a recipient processes: (e)
    "mechanism": "safeguards",
    "status": "status", "notes": "notes",
    "activities": CONTROLLER, "catalogue": "processors",
}


def column_of(field: str) -> str:
    """The Protokoll column a gap's field belongs to ("recipient:Zisson" -> "third_countries")."""
    if field.startswith(("organisation.", "joint_controller.")):
        return CONTROLLER
    return FIELD_COLUMNS.get(field.split(":", 1)[0], field)


def is_mandatory(column: str, special_categories: bool = False) -> bool:
    """Orange in Datatilsynet's template (art. 9 only where special categories are processed)."""
    return column in MANDATORY_COLUMNS or column == CONTROLLER or (special_categories and column in
                                                                   CONDITIONAL_COLUMNS)


# --- the processor's register, art. 30(2) (Datatilsynet's "protokoll for databehandler") ------------------------
# Orange where art. 30(2) requires the field: (a) each controller's name and contact details; (b) the categories of
# processing carried out for it; (c) the third countries and, for art. 49(1) second-subparagraph transfers, the
# safeguards; (d) the general description of security measures (asked "where possible", but, as (g) in the
# controller's template, a blank is what fines were given for). Green: the controller's representative and DPO
# ("where applicable"), the data processing agreement (art. 28(3) asks for it, art. 30(2) does not list it), the
# sub-processors (they feed (c)), data subjects and categories (not asked by 30(2)), notes.
PROCESSOR_MANDATORY_COLUMNS = frozenset({"controller", "contact", "processing", "third_countries", "safeguards",
                                         "security"})
PROCESSOR_FIELD_COLUMNS = {
    "name": "controller", "org_number": "controller",
    "address": "contact", "email": "contact", "phone": "contact", "contact_name": "contact",
    "representative": "representative", "dpo": "dpo",
    "dpa_reference": "dpa", "dpa_date": "dpa",
    "processing": "processing", "data_subjects": "data", "data_categories": "data",
    "sub_processor": "sub_processors", "recipient": "third_countries", "mechanism": "safeguards",
    "security_measures": "security", "notes": "notes", "controllers": "controller",
}


def processor_column_of(field: str) -> str:
    """The processor's Protokoll column a field belongs to ("served_controller.email" -> "contact")."""
    name = field.split(".", 1)[-1].split(":", 1)[0]
    return PROCESSOR_FIELD_COLUMNS.get(name, name)


def is_processor_mandatory(column: str) -> bool:
    """Orange in the processor's template."""
    return column in PROCESSOR_MANDATORY_COLUMNS
