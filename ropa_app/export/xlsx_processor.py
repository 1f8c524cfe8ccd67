"""The processor's register (art. 30(2)) in the xlsx workbook, laid out after Datatilsynet's processor template:
the processor block (the company's name and contact details, representative, DPO) and one row per controller in
the template's column order, mandatory columns orange and optional green. Uses the controller workbook's Book and
Sheet (ropa_app.export.xlsx), so styles, sanitising and print setup are decided in one place."""
from __future__ import annotations

from ropa_app.export.xlsx import (
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
    Book,
    Sheet,
)
from ropa_app.i18n import t
from ropa_app.processor_columns import PROCESSOR_COLUMNS, processor_rows

TABLE_NAME = "tblProtokollDatabehandler"


def _sheet_name(key: str, lang: str) -> str:
    return t(f"xlsx.sheet.{key}", lang)


def processor_role_sheet(book: Book) -> None:
    """The processor itself (art. 30(2)(a)) and the colour legend of its Protokoll."""
    register, lang = book.register, book.lang
    sheet = Sheet(book, _sheet_name("processor_role", lang), CONTROLLER_WIDTHS, freeze=None, print_titles=False)
    name = register.organisation.name.strip()
    sheet.row([t("xlsx.processor.title", lang, name=name) if name else t("xlsx.processor.title_unnamed", lang)],
              [TITLE], height=TITLE_HEIGHT)
    sheet.row([])
    sheet.row([t("xlsx.processor.heading", lang)], [LABEL])
    for label, value in processor_rows(register, lang):
        sheet.row([label, value], [LABEL, BODY])
    sheet.row([t("field.processor_role.security_measures", lang),
               register.processor.security_measures or t("pdf.value.missing", lang)], [LABEL, BODY])
    if register.processor.transfers_note:
        sheet.row([t("field.processor_role.transfers_note", lang), register.processor.transfers_note],
                  [LABEL, BODY])
    sheet.row([])
    sheet.row([t("xlsx.controller.legend", lang, sheet=_sheet_name("processor_register", lang))], [LABEL])
    sheet.row([t("xlsx.controller.legend_mandatory", lang), t("xlsx.processor.legend_mandatory_text", lang)],
              [MANDATORY_HEADING, BODY])
    sheet.row([t("xlsx.controller.legend_optional", lang), t("xlsx.controller.legend_optional_text", lang)],
              [OPTIONAL_HEADING, BODY])


def processor_register_sheet(book: Book) -> None:
    """One row per controller the company acts for, in the processor template's column order."""
    register, lang = book.register, book.lang
    part = register.processor
    sheet = Sheet(book, _sheet_name("processor_register", lang), [NUMBER_WIDTH] + [c.width for c in PROCESSOR_COLUMNS],
                  freeze=REGISTER_FREEZE, print_scale=REGISTER_PRINT_SCALE)
    sheet.heading([t("xlsx.col.number", lang)] + [c.label(lang) for c in PROCESSOR_COLUMNS],
                  [HEADING] + [MANDATORY_HEADING if c.mandatory else OPTIONAL_HEADING for c in PROCESSOR_COLUMNS])
    for number, controller in enumerate(part.controllers, 1):
        sheet.row([number] + [c.text(controller, part, lang) for c in PROCESSOR_COLUMNS])
    if not part.controllers:
        sheet.row(["", t("xlsx.none.served_controllers", lang)])
    sheet.table(TABLE_NAME)


def processor_sheets(book: Book) -> None:
    processor_role_sheet(book)
    processor_register_sheet(book)
