"""The processor's register (art. 30(2)) in the xlsx workbook, laid out after Datatilsynet's processor template:
the processor block (the company's name and contact details, representative, DPO) and one row per controller in
the template's column order, mandatory columns orange and optional green. Plans of the same kind as the
controller's sheets (ropa_app.export.xlsx_content), written by the same writer, so styles, sanitising and print
setup are decided in one place."""
from __future__ import annotations

from collections.abc import Iterator

from ropa_app.export.xlsx_content import (
    BODY,
    CONTROLLER_WIDTHS,
    HEADING,
    LABEL,
    MANDATORY_HEADING,
    NUMBER_WIDTH,
    OPTIONAL_HEADING,
    REGISTER_FREEZE,
    REGISTER_PRINT_SCALE,
    TITLE,
    TITLE_HEIGHT,
    Row,
    SheetPlan,
    Styled,
    legend_rows,
    sheet_name,
)
from ropa_app.i18n import t
from ropa_app.processor_columns import PROCESSOR_COLUMNS, processor_rows
from ropa_app.register import Register

TABLE_NAME = "tblProtokollDatabehandler"


def processor_role_sheet(register: Register, lang: str) -> SheetPlan:
    """The processor itself (art. 30(2)(a)) and the colour legend of its Protokoll."""

    def rows() -> Iterator[Row]:
        name = register.organisation.name.strip()
        yield Styled([t("xlsx.processor.title", lang, name=name) if name else t("xlsx.processor.title_unnamed", lang)],
                     [TITLE], TITLE_HEIGHT)
        yield []
        yield Styled([t("xlsx.processor.heading", lang)], [LABEL])
        for label, value in processor_rows(register, lang):
            yield Styled([label, value], [LABEL, BODY])
        yield Styled([t("field.processor_role.security_measures", lang),
                      register.processor.security_measures or t("pdf.value.missing", lang)], [LABEL, BODY])
        if register.processor.transfers_note:
            yield Styled([t("field.processor_role.transfers_note", lang), register.processor.transfers_note],
                         [LABEL, BODY])
        yield []
        yield Styled([t("xlsx.controller.legend", lang, sheet=sheet_name("processor_register", lang))], [LABEL])
        yield from legend_rows(lang, t("xlsx.processor.legend_mandatory_text", lang))

    return SheetPlan("processor_role", CONTROLLER_WIDTHS, rows(), freeze=None, print_titles=False)


def processor_register_sheet(register: Register, lang: str) -> SheetPlan:
    """One row per controller the company acts for, in the processor template's column order."""
    part = register.processor

    def rows() -> Iterator[list]:
        for number, controller in enumerate(part.controllers, 1):
            yield [number] + [c.text(controller, part, lang) for c in PROCESSOR_COLUMNS]
        if not part.controllers:
            yield ["", t("xlsx.none.served_controllers", lang)]

    return SheetPlan("processor_register", [NUMBER_WIDTH] + [c.width for c in PROCESSOR_COLUMNS], rows(),
                     heading=[t("xlsx.col.number", lang)] + [c.label(lang) for c in PROCESSOR_COLUMNS],
                     heading_looks=[HEADING] + [MANDATORY_HEADING if c.mandatory else OPTIONAL_HEADING
                                                for c in PROCESSOR_COLUMNS],
                     freeze=REGISTER_FREEZE, print_scale=REGISTER_PRINT_SCALE, table=TABLE_NAME)


def processor_sheets(register: Register, lang: str) -> Iterator[SheetPlan]:
    yield processor_role_sheet(register, lang)
    yield processor_register_sheet(register, lang)
