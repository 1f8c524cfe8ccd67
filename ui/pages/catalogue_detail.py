"""The catalogue page's detail text: every fact of a service as HTML, each with the document and section it came from.

Catalogue facts and user text are data: every one of them passes through :func:`esc` before it meets markup.
The facts are Norwegian as the vendors wrote them, in both languages; our labels follow the UI language, and so do
ROPA's own words about the documents: its notes on a document, its summary of the customer's duties, the names it
gives recipients a document implies, and its paraphrases (each has its English in the catalogue).
"""
from __future__ import annotations

import datetime as dt
import html
import json

from ropa_app.catalogue import NOT_STATED, SUBJECTS, Catalogue, Service, Source, Vendor
from ropa_app.countries import classify, country_name
from ropa_app.dates import format_date
from ropa_app.i18n import LANGUAGES, t
from ropa_app.locators import section_text
from ui.i18n import current, tr

GREY = "#5f6368"
# Fields of a service compared when the shipped catalogue changed one the company uses, in reading order.
FACT_FIELDS = ("name", "description", "role", "role_statement", "dpa_reference", "purposes", "processing",
               "countries", "countries_statement", "transfer", "data_categories", "sub_processors",
               "recipients", "retention_general", "security_measures", "customer_duties", "cookies", "activity", "parent",
               "source")


def esc(text: object) -> str:
    """Catalogue and user text as HTML text (never markup), line breaks kept."""
    return html.escape(str(text or ""), quote=True).replace("\n", "<br>")


def source_text(source: Source) -> str:
    """«Kilde: section» for a vendor's document (its title heads the page's document part; the transcription's
    file name is internal); the company's own entries say so in the current language, with the date they were
    entered in the app's date format."""
    document, section = source.shown_document, section_text(source.section, current())
    if document in _own_entry_names():
        document = tr("ui.catalogue.user.document")
        try:
            section = format_date(dt.date.fromisoformat(section).isoformat(), current())
        except ValueError:
            pass
    if section and document:
        return tr("ui.catalogue.source", document=document, section=section)
    if section:
        return tr("ui.catalogue.source_section", section=section)
    return tr("ui.catalogue.source_document", document=document or "–")


def _own_entry_names() -> set[str]:
    return {t("ui.catalogue.user.document", lang) for lang in LANGUAGES}


def _source(source: Source) -> str:
    return f'<div style="color:{GREY}; font-size:small; margin-bottom:6px">{esc(source_text(source))}</div>'


def _muted(text: str) -> str:
    return f'<p style="color:{GREY}"><i>{esc(text)}</i></p>'


def _badge(text: str, background: str = "#fde7c8", colour: str = "#6b4100") -> str:
    return f'<span style="background-color:{background}; color:{colour}">&nbsp;{esc(text)}&nbsp;</span>'


def _heading(key: str) -> str:
    return f"<h3>{esc(tr(key))}</h3>"


def _items(values, source: Source) -> str:
    items = "".join(f"<li>{esc(v)}</li>" for v in values)
    return f"<ul>{items}</ul>{_source(source)}"


def _english() -> bool:
    return current() == "en"


def _fact_items(values, service: Service, shown=None) -> str:
    """A service's listed facts, each run of them under the section it was read in (Service.fact_section);
    ``shown`` gives the text to show for a fact (ROPA's English for its own summary), else the fact as written."""
    groups: list[tuple[str, list[str]]] = []
    for value in values:
        section = service.fact_section(value)
        text = (shown(value) if shown else "") or value
        if groups and groups[-1][0] == section:
            groups[-1][1].append(text)
        else:
            groups.append((section, [text]))
    return "".join(_items(items, Source(service.source.document, section)) for section, items in groups)


def countries_text(codes, lang: str | None = None) -> str:
    """'Norge (EU/EØS), USA (Tredjeland …)': each code's name with where it stands under chapter V."""
    lang = lang or current()
    parts = []
    for code in codes:
        status = classify(code).status
        parts.append(f"{country_name(code, lang)} ({tr(f'country.status.{status}')})")
    return ", ".join(parts)


def _quote(text: str) -> str:
    return f"<p>{esc(tr('ui.catalogue.document_says', text=text))}</p>"


# --- a service --------------------------------------------------------------------------------------------

def service_html(catalogue: Catalogue, key: str, origin: str = "shipped") -> str:
    """Every fact of the service ``key``; an add-on shows what it adds and names the base it inherits from."""
    service = catalogue.service(key)
    resolved = catalogue.resolved(key)
    base = catalogue.service(service.parent) if service.parent else None
    vendor = _vendor_of(catalogue, service)
    parts: list[str] = []
    if base is not None:
        parts.append(f'<p>{esc(tr("ui.catalogue.addon_inherits", base=base.name))} '
                     f'<a href="service:{esc(base.key)}">{esc(tr("ui.catalogue.show_base", base=base.name))}</a></p>')
    # The role, its wording and their source belong to whichever service states them (an add-on usually does not).
    parts.append(_role_section(service if service.role or base is None else base, inherited=not service.role
                               and base is not None))
    parts.append(_heading("ui.catalogue.fact.description"))
    parts.append(f"<p>{esc(service.description)}</p>{_source(service.description_source or service.source)}"
                 if service.description
                 else _muted(tr("ui.catalogue.not_stated")))
    own = service  # an add-on shows its own facts only; a base service's own facts are all of them
    if own.purposes:
        parts.append(_heading("ui.catalogue.fact.purposes") + _items(own.purposes, own.source))
    elif base is None:
        parts.append(_heading("ui.catalogue.fact.purposes") + _muted(tr("ui.catalogue.not_stated")))
    if own.processing:
        parts.append(_heading("ui.catalogue.fact.processing") + f"<p>{esc(own.processing)}</p>{_source(own.source)}")
    if own.countries or base is None:
        parts.append(_countries_section(own))
    if own.transfer is not None:
        parts.append(_transfer_section(own))
    elif base is None:
        parts.append(_heading("ui.catalogue.fact.transfer") + _muted(tr("ui.catalogue.transfer.absent")))
    if own.data_categories or base is None:
        parts.append(_categories_section(own))
    if own.sub_processors or base is None:
        parts.append(_sub_processors_section(own))
    if own.recipients:
        parts.append(_recipients_section(own))
    if own.retention_general or base is None:
        parts.append(_retention_section(own))
    if own.security_measures or base is None:
        parts.append(_heading("ui.catalogue.fact.security_measures"))
        parts.append(_fact_items(own.security_measures, own) if own.security_measures
                     else _muted(tr("ui.catalogue.security.none")))
    if own.cookies:
        parts.append(_cookies_section(own))
    if own.customer_duties:
        parts.append(_heading("ui.catalogue.fact.customer_duties"))
        english = own.duty_en if _english() else None  # ROPA's summary, not the vendor's words: in English
        parts.append(f"<p>{esc(tr('ui.catalogue.duties.intro'))}</p>" + _fact_items(own.customer_duties, own,
                                                                                      english))
    if resolved.role != "independent_controller" and (own.dpa_reference or base is None):
        parts.append(_heading("ui.catalogue.fact.dpa_reference"))
        parts.append(f"<p>{esc(own.dpa_reference)}</p>{_source(own.dpa_source or own.source)}" if own.dpa_reference
                     else _muted(tr("ui.catalogue.dpa.none")))
    if vendor is not None:
        parts.append(_document_section(vendor, origin))
    return "\n".join(p for p in parts if p)


def _vendor_of(catalogue: Catalogue, service: Service) -> Vendor | None:
    for vendor in catalogue.vendors:
        if vendor.id == service.vendor:
            return vendor
    return None


def _role_section(service: Service, inherited: bool) -> str:
    parts = [_heading("ui.catalogue.fact.role")]
    if not service.role:
        return parts[0] + _muted(tr("ui.catalogue.not_stated"))
    label = tr(f"enum.role.{service.role}")
    if inherited:
        label = tr("ui.catalogue.inherited", text=label)
    parts.append(f"<p><b>{esc(label)}</b> – {esc(tr(f'ui.catalogue.role.explain.{service.role}'))}</p>")
    if service.role_statement:
        parts.append(_quote(service.role_statement))
    parts.append(_source(service.source))
    return "".join(parts)


def _countries_section(service: Service) -> str:
    parts = [_heading("ui.catalogue.fact.countries")]
    if not service.countries:
        return parts[0] + _muted(tr("ui.catalogue.not_stated"))
    parts.append(f"<p>{esc(countries_text(service.countries))}</p>")
    if service.countries_statement:
        parts.append(_quote(service.countries_statement))
    parts.append(_source(service.source))
    return "".join(parts)


def _transfer_section(service: Service) -> str:
    transfer = service.transfer
    parts = [_heading("ui.catalogue.fact.transfer"),
             f"<p><b>{esc(tr(f'ui.catalogue.transfer.{transfer.outside_eea}'))}</b></p>"]
    if transfer.statement:
        parts.append(f"<p>{esc(tr('ui.catalogue.transfer.statement', text=transfer.statement))}</p>")
    if transfer.safeguards:
        parts.append(f"<p>{esc(tr('ui.catalogue.transfer.safeguards', text=transfer.safeguards))}</p>")
    parts.append(_source(transfer.source))
    return "".join(parts)


def _categories_section(service: Service) -> str:
    parts = [_heading("ui.catalogue.fact.data_categories")]
    if not service.data_categories:
        return parts[0] + _muted(tr("ui.catalogue.not_stated"))
    flags = {"if_chosen": False, "monitoring": False}
    for subject in SUBJECTS + tuple(sorted({c.subject for c in service.data_categories} - set(SUBJECTS))):
        categories = [c for c in service.data_categories if c.subject == subject]
        if not categories:
            continue
        parts.append(f"<h4>{esc(tr(f'enum.subject.{subject}'))}</h4><ul>")
        for c in categories:
            badges = []
            if c.if_chosen:
                badges.append(_badge(tr("ui.catalogue.category.if_chosen")))
                flags["if_chosen"] = True
            if c.monitoring:
                badges.append(_badge(tr("ui.catalogue.category.monitoring"), "#f9dedc", "#8c1d18"))
                flags["monitoring"] = True
            if c.special:
                badges.append(_badge(tr("ui.catalogue.category.special", label=tr(f"enum.special.{c.special}")),
                                     "#f9dedc", "#8c1d18"))
            name = (c.name_en or c.name) if _english() else c.name  # a category that is ROPA's reading: its words
            lines = [f"<b>{esc(name)}</b> {' '.join(badges)}".rstrip()]
            if c.description and c.description != c.name:
                lines.append(esc(c.description))
            purpose = "system_purpose" if c.purpose_column else "purpose"  # We4you's «System/formål» column
            meaning = f" – {tr(f'register.purpose_reading.{c.purpose_reading}')}" if c.purpose_reading else ""
            for key, value in (("example", c.example), (purpose, c.purpose and c.purpose + meaning),
                               ("retention", c.retention)):
                if value:
                    lines.append(esc(tr(f"ui.catalogue.category.{key}", text=value)))
            parts.append(f"<li>{'<br>'.join(lines)}{_source(c.source)}</li>")
        parts.append("</ul>")
    for flag, present in flags.items():
        if present:
            parts.append(f'<p style="color:{GREY}">{esc(tr(f"ui.catalogue.category.{flag}.legend"))}</p>')
    return "".join(parts)


def _sub_processors_section(service: Service) -> str:
    parts = [_heading("ui.catalogue.fact.sub_processors")]
    if not service.sub_processors:
        return parts[0] + _muted(tr("ui.catalogue.sub.none"))
    parts.append("<ul>")
    for p in service.sub_processors:
        lines = [f"<b>{esc(p.name)}</b>"]
        english = _english()  # ROPA's paraphrase in English; the document's words as written
        if p.activity:
            lines.append(esc(tr("ui.catalogue.sub.does", text=(english and p.activity_en) or p.activity)))
        if p.data:
            lines.append(esc(tr("ui.catalogue.sub.data", text=(english and p.data_en) or p.data)))
        lines.append(esc(tr("ui.catalogue.sub.countries", countries=countries_text(p.countries))))
        if p.country_statement:
            lines.append(esc(tr("ui.catalogue.document_says", text=p.country_statement)))
        parts.append(f"<li>{'<br>'.join(lines)}{_source(p.source)}</li>")
    parts.append("</ul>")
    return "".join(parts)


def _retention_section(service: Service) -> str:
    parts = [_heading("ui.catalogue.fact.retention_general")]
    if service.retention_general:
        parts.append(_fact_items(service.retention_general, service))
    per_category = [c for c in service.data_categories if c.retention]
    if per_category:
        parts.append(f"<p>{esc(tr('ui.catalogue.retention.per_category'))}</p><ul>")
        for c in per_category:
            parts.append(f"<li><b>{esc(c.name)}:</b> {esc(c.retention)}{_source(c.source)}</li>")
        parts.append("</ul>")
    if not service.retention_general and not per_category:
        parts.append(_muted(tr("ui.catalogue.retention.none")))
    return "".join(parts)


def _recipients_section(service: Service) -> str:
    """Recipients the document implies without listing them as sub-processors (often unnamed), with its words."""
    parts = [_heading("ui.catalogue.fact.recipients"), "<ul>"]
    for r in service.recipients:
        name = (r.name_en or r.name) if _english() else r.name  # ROPA's name for it (the document's word quoted)
        title = f"<b>{esc(name)}</b>" + (" " + _badge(tr("ui.catalogue.recipient.unnamed")) if r.unnamed else "")
        lines = [title] + ([esc(f"«{r.statement}»")] if r.statement else [])
        lines.append(esc(tr("ui.catalogue.sub.countries", countries=countries_text(r.countries))))
        parts.append(f"<li>{'<br>'.join(lines)}{_source(r.source)}</li>")
    parts.append("</ul>")
    return "".join(parts)


def _cookies_section(service: Service) -> str:
    parts = [_heading("ui.catalogue.fact.cookies"), "<ul>"]
    for c in service.cookies:
        title = f"<b>{esc(c.kind)}</b>"
        if c.third_party:
            title += " " + _badge(tr("ui.catalogue.cookie.third_party"))
        lines = [title, esc(tr("ui.catalogue.cookie.placed_by", name=c.placed_by)),
                 esc(tr("ui.catalogue.cookie.purpose", text=c.purpose))]
        if c.blocking:
            lines.append(esc(tr("ui.catalogue.cookie.blocking", text=c.blocking)))
        if c.third_party or (c.countries and tuple(c.countries) != (NOT_STATED,)):
            lines.append(esc(tr("ui.catalogue.sub.countries", countries=countries_text(c.countries))))
        parts.append(f"<li>{'<br>'.join(lines)}{_source(c.source)}</li>")
    parts.append("</ul>")
    return "".join(parts)


def _document_section(vendor: Vendor, origin: str) -> str:
    parts = [_heading("ui.catalogue.document.heading")]
    name = f"{vendor.name} ({vendor.legal_name})" if vendor.legal_name and vendor.legal_name != vendor.name \
        else vendor.name
    parts.append(f"<p>{esc(tr('ui.catalogue.document.vendor', name=name))}</p>")
    if origin == "user":
        parts.append(f"<p>{esc(tr('ui.catalogue.document.user'))}</p>")
    else:
        parts.append(f"<p>{esc(tr('ui.catalogue.document.title', title=vendor.document_title))}"
                     f"<br>{esc(tr('ui.catalogue.document.date', date=vendor.document_date or tr('ui.catalogue.document.undated')))}</p>")
    if vendor.notes:
        parts.append(f"<p>{esc(tr('ui.catalogue.document.notes'))}</p>")
        # ROPA's notes, not the vendor's words: in English in the English app (a user's own vendor may have none)
        notes = [en or nb for nb, en in vendor.note_pairs()] if _english() else list(vendor.notes)
        parts.append(_items(notes, vendor.source))
    else:
        parts.append(_source(vendor.source))
    return "".join(parts)


def vendor_html(catalogue: Catalogue, vendor: Vendor, origin: str = "shipped") -> str:
    """A vendor row: what its document is, its services, and what the reviewers noted about the document."""
    parts = [f"<p>{esc(tr('ui.catalogue.vendor.services', count=len(vendor.services)))}</p><ul>"]
    for s in vendor.services:
        if not s.parent:
            addons = catalogue.addons(s.key)
            extra = f" ({esc(tr('ui.catalogue.vendor.addons', count=len(addons)))})" if addons else ""
            parts.append(f'<li><a href="service:{esc(s.key)}">{esc(s.name)}</a>{extra}</li>')
    parts.append("</ul>")
    parts.append(_document_section(vendor, origin))
    return "\n".join(parts)


# --- what changed when the shipped catalogue was upgraded ---------------------------------------------------

def _facts(text: str) -> dict:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def change_lines(change: dict, lang: str | None = None) -> list[str]:
    """Plain-text lines saying what changed between the old and the new facts of a service (escape to show)."""
    lang = lang or current()
    old, new = _facts(change.get("old_facts", "")), _facts(change.get("new_facts", ""))
    if not new:
        return [tr("ui.catalogue.change.gone")]
    differ = [f for f in FACT_FIELDS if old.get(f) != new.get(f)]
    differ += sorted(f for f in set(old) | set(new) if f not in FACT_FIELDS and old.get(f) != new.get(f))
    if not differ:
        return [tr("ui.catalogue.change.fingerprint_only")]
    lines = [tr("ui.catalogue.change.fields", fields=", ".join(_fact_label(f) for f in differ))]
    if "countries" in differ:
        before, after = list(old.get("countries") or []), list(new.get("countries") or [])
        lines += _added_removed("countries", [country_name(c, lang) for c in after if c not in before],
                                [country_name(c, lang) for c in before if c not in after])
    if "sub_processors" in differ:
        before = {p.get("name", ""): p for p in old.get("sub_processors") or []}
        after = {p.get("name", ""): p for p in new.get("sub_processors") or []}
        lines += _added_removed("sub_processors", [n for n in after if n not in before],
                                [n for n in before if n not in after])
        for name in (n for n in after if n in before and after[n] != before[n]):
            was, now = before[name].get("countries") or [], after[name].get("countries") or []
            if was != now:
                lines.append(tr("ui.catalogue.change.moved", name=name,
                                old=", ".join(country_name(c, lang) for c in was),
                                new=", ".join(country_name(c, lang) for c in now)))
            else:
                lines.append(tr("ui.catalogue.change.item_changed", name=name))
    return lines


def _fact_label(field: str) -> str:
    key = f"ui.catalogue.fact.{field}"
    text = tr(key)
    return field if text == key else text


def _added_removed(field: str, added: list[str], removed: list[str]) -> list[str]:
    lines = []
    if added:
        lines.append(tr("ui.catalogue.change.added", what=_fact_label(field), items=", ".join(added)))
    if removed:
        lines.append(tr("ui.catalogue.change.removed", what=_fact_label(field), items=", ".join(removed)))
    return lines
