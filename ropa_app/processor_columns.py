"""How the processor's register (art. 30(2)) reads: the columns of Datatilsynet's processor template in their order,
which are mandatory (orange), and each value as text in the chosen language. The xlsx, pdf and json renderers and
the app share it, as they share ropa_app.columns for the controller's register."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ropa_app.columns import (
    join_lines,
    organisation_rows,
    read_locations_text,
    recipient_names,
    safeguard_lines,
    transfer_line,
    unknown_locations_text,
)
from ropa_app.countries import country_name
from ropa_app.dates import format_date
from ropa_app.i18n import t
from ropa_app.model import SUB_PROCESSOR, Location, ProcessorRegister, Register, ServedController
from ropa_app.template import is_processor_mandatory, processor_column_of
from ropa_app.validation import format_orgnr


@dataclass(frozen=True)
class ProcessorColumn:
    key: str
    text: Callable[[ServedController, ProcessorRegister, str], str]
    width: int = 30

    @property
    def mandatory(self) -> bool:
        return is_processor_mandatory(self.key)

    def label(self, lang: str) -> str:
        return t(f"pcolumn.{self.key}", lang)


def _places(locations: tuple[Location, ...], lang: str) -> str:
    return ", ".join(country_name(loc.code, lang) for loc in locations)


def controller_text(c: ServedController, part: ProcessorRegister, lang: str) -> str:
    orgnr = format_orgnr(c.org_number)
    return join_lines(c.name, orgnr and f"{t('pdf.cover.org_number', lang)} {orgnr}")


def contact_text(c: ServedController, part: ProcessorRegister, lang: str) -> str:
    return join_lines(c.contact_name, c.address, c.email, c.phone)


def representative_text(c: ServedController, part: ProcessorRegister, lang: str) -> str:
    return c.representative or t("country.not_stated", lang)  # «Ikke oppgitt», as the DPO beside it


def dpo_text(c: ServedController, part: ProcessorRegister, lang: str) -> str:
    return c.dpo or t("country.not_stated", lang)  # «Ikke oppgitt»: nobody said the controller has none


def processing_text(c: ServedController, part: ProcessorRegister, lang: str) -> str:
    return join_lines(c.processing,
                      c.data_subjects and f"{t('pcolumn.data_subjects', lang)}: {c.data_subjects}",
                      c.data_categories and f"{t('pcolumn.data_categories', lang)}: {c.data_categories}")


def dpa_text(c: ServedController, part: ProcessorRegister, lang: str) -> str:
    if not (c.dpa_reference or c.dpa_date):
        return ""
    return join_lines(c.dpa_date and format_date(c.dpa_date, lang), c.dpa_reference)


def sub_processor_line(r, lang: str) -> str:
    where = _places(r.locations, lang)
    name = r.name if not r.via else f"{r.name} ({t('register.for_vendor', lang, vendor=r.via)})"
    task = f": {r.activity}" if r.activity else ""
    return f"{name}{task} ({t('pvalue.location', lang, places=where)})"  # «– Ikke oppgitt» read as the task


def sub_processors_text(c: ServedController, part: ProcessorRegister, lang: str) -> str:
    lines = [sub_processor_line(r, lang) for r in c.sub_processors if r.kind == SUB_PROCESSOR]
    others = [f"{r.name} ({t('enum.role.' + r.kind, lang)})" for r in c.sub_processors if r.kind != SUB_PROCESSOR]
    return "\n".join(lines + others) or t("pvalue.no_sub_processors", lang)


def third_countries_text(c: ServedController, part: ProcessorRegister, lang: str) -> str:
    """(c) as known: transfers, sub-processors whose location is unknown; "no" only when every location is known
    and inside the EEA, never while one is unknown (the same rule as the controller's register)."""
    lines = [transfer_line(tr, lang) for tr in c.transfers]
    unknown = unknown_locations_text(c.unknown_locations, lang)
    read = read_locations_text(c.read_locations, lang)  # places ROPA read from the service's: said so
    if lines or unknown:
        return join_lines("\n".join(lines), unknown, read)
    return join_lines(t("register.no_known_transfers", lang), read) if read else t("register.no_transfers", lang)


def safeguards_text(c: ServedController, part: ProcessorRegister, lang: str) -> str:
    lines = safeguard_lines(c.transfers, c.unknown_locations, lang)
    if c.read_locations:
        lines.append(t("register.safeguards_read", lang, names=recipient_names(c.read_locations, lang)))
    return "\n".join(lines) or t("register.no_safeguards_needed", lang)


def security_text(c: ServedController, part: ProcessorRegister, lang: str) -> str:
    vendor = [f"• {f.text} {t('register.from_vendor', lang, vendor=f.origin.vendor)}" for f in c.vendor_security]
    return join_lines(part.security_measures, c.security_measures,
                      vendor and t("register.vendor_measures", lang) + ":\n" + "\n".join(vendor))


PROCESSOR_COLUMNS: tuple[ProcessorColumn, ...] = (
    ProcessorColumn("controller", controller_text, 28),
    ProcessorColumn("contact", contact_text, 30),
    ProcessorColumn("representative", representative_text, 24),
    ProcessorColumn("dpo", dpo_text, 24),
    ProcessorColumn("processing", processing_text, 45),
    ProcessorColumn("dpa", dpa_text, 26),
    ProcessorColumn("sub_processors", sub_processors_text, 40),
    ProcessorColumn("third_countries", third_countries_text, 36),
    ProcessorColumn("safeguards", safeguards_text, 36),
    ProcessorColumn("security", security_text, 50),
)


def processor_rows(register: Register, lang: str) -> list[tuple[str, str]]:
    """The processor's own name and contact details, its representative and DPO (art. 30(2)(a)): the
    organisation block without the joint controllers (who belong to the controller's register)."""
    relabel = {t("field.organisation.name", lang): t("pfield.processor_name", lang),
               t("field.organisation.representative_name", lang): t("pfield.processor_representative", lang)}
    return [(relabel.get(label, label), value) for label, value in organisation_rows(register, lang)[:-1]]


def processor_field_label(field: str, lang: str) -> str:
    """A readable name for a processor gap's field ("served_controller.recipient:Zisson")."""
    name, _, detail = field.partition(":")
    key = f"field.{name}"
    text = t(key, lang)
    if text == key:
        text = t(f"pcolumn.{processor_column_of(name)}", lang)
    return f"{text} – {detail}" if detail else text
