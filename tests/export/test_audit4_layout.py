"""The fourth DPO audit of the exports (2026-12-01), findings N1, N3, N4 and N5, each read back from the exported
xlsx and PDF as the DPO reads them, in nb and en:

- N1: a sub-processor whose place is only ROPA's reading of the service's is «not confirmed» on the sub-processor
  sheet and table and on the data-flow map too (not «Trengs ikke», not a solid green arrow), until the company
  records what the vendor confirms;
- N3: the Protokoll's categories cell shows the activity's own data (the call logs, We4you's data), the cookies last
  and short, their purposes quoted once on the processors sheet;
- N4: nothing said twice (pkt. 10 repeating pkt. 3, one deletion rule under two labels, Dipper's and Talkmore's
  identical purpose, Google Analytics named twice);
- N5: no empty page in the PDF, and a map's notes on its page."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from ropa_app.countries import country_name
from ropa_app.dataflow import READING, activity_map, company_map
from ropa_app.export import export_register
from ropa_app.i18n import t
from ropa_app.register import build_register
from ropa_app.store import open_ropa

from .test_audit3_register_text import LANGS, cell, flat, protokoll_row, xlsx

SUPPORT = "Brukerstøtte fra teleleverandør"  # Phonero support: «Zendesk | Tyskland», the service's place
TELEPHONY = "Telefoni og sentralbord"


def _register(path, resolve: bool = False):
    with open_ropa(path) as store:
        if resolve:
            store.resolve_recipient("Zendesk", ["DE"], note="Phonero bekreftet på e-post 01.12.2026")
        return build_register(store)


def _pages(register, tmp_path, lang: str) -> list[str]:
    path = tmp_path / f"r.{lang}.pdf"
    export_register(register, "pdf", path, lang)
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


def _row(book, sheet: str, name: str, lang: str) -> dict[str, str]:
    rows = book[t(f"xlsx.sheet.{sheet}", lang)]
    [row] = [r for r in rows[1:] if r[0] == name]
    return {str(h): str(v) for h, v in zip(rows[0], row)}


# --- N1 ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_a_sub_processor_place_that_is_ropas_reading_is_not_confirmed_on_its_sheet_and_table(sample_file, tmp_path,
                                                                                           lang):
    register = _register(sample_file)
    zendesk = _row(xlsx(register, tmp_path, lang), "sub_processors", "Zendesk", lang)
    mechanism = zendesk[t("xlsx.col.mechanism", lang)]
    assert mechanism == t("register.mechanism_read", lang) != t("register.mechanism_not_needed", lang)
    assert t("register.location_read_status", lang) in zendesk[t("xlsx.col.countries_status", lang)]
    # the same words as the Protokoll's safeguards cell: ROPA's reading, not confirmed by the vendor
    safeguards = cell(protokoll_row(xlsx(register, tmp_path, lang), SUPPORT, lang), "safeguards", lang)
    assert ("ROPAs lesning, ikke bekreftet av leverandøren" if lang == "nb" else
            "ROPA's reading, not confirmed by the vendor") in safeguards and mechanism
    # the PDF's table: once for each of the two (Zendesk, Bluestone AS: Phonero's places, ROPA's reading)
    text = " ".join(_pages(register, tmp_path, lang))
    assert text.count(flat(t("register.mechanism_read", lang))) == 2


@pytest.mark.parametrize("lang", LANGS)
def test_the_data_flow_map_marks_a_place_that_is_ropas_reading_with_a_numbered_note(sample_file, tmp_path, lang):
    register = _register(sample_file)
    [entry] = [e for e in register.entries if e.title == SUPPORT]
    flow = activity_map(register, entry, lang)
    [arrow] = [e for e in flow.edges if flow.node(e.source).label == "Zendesk"]
    assert flow.node(arrow.target).label == country_name("DE", lang)
    assert arrow.reading and arrow.colours[1] != "#2E7D32" and READING in flow.statuses()
    assert READING in company_map(register, lang).statuses()
    note = t("dataflow.reading", lang, vendor="Phonero", note=t(
        "register.location_note.service_location", lang, places=country_name("DE", lang)))
    assert arrow.note == note
    # the PDF: a numbered note under the map, and the legend says what the colour means
    pages = _pages(register, tmp_path, lang)
    maps = [p for p in pages if f"Zendesk → {country_name('DE', lang)}: {note}" in p]
    assert maps and all(t("dataflow.status.reading", lang) in p for p in maps)


def test_once_the_company_records_the_place_the_sheet_and_the_map_read_confirmed(sample_file, tmp_path):
    register = _register(sample_file, resolve=True)
    zendesk = _row(xlsx(register, tmp_path), "sub_processors", "Zendesk", "nb")
    assert zendesk[t("xlsx.col.mechanism", "nb")] == t("register.mechanism_not_needed", "nb")
    assert t("register.location_read_status", "nb") not in zendesk[t("xlsx.col.countries_status", "nb")]
    [entry] = [e for e in register.entries if e.title == SUPPORT]
    flow = activity_map(register, entry, "nb")
    assert not any(e.reading for e in flow.edges) and READING not in flow.statuses()
    assert not any("ROPAs lesning" in p for p in _pages(register, tmp_path, "nb")
                   if p.startswith("2. " + SUPPORT))


def test_the_apps_map_draws_a_reading_dashed_with_its_note(sample_file, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QGraphicsPathItem

    from ui.dataflow_view import FlowMapView

    register = _register(sample_file)
    [entry] = [e for e in register.entries if e.title == SUPPORT]
    view = FlowMapView()
    qtbot.addWidget(view)
    view.set_map(activity_map(register, entry, "nb"))
    dashed = [i for i in view.scene().items() if isinstance(i, QGraphicsPathItem)
              and i.pen().style() == Qt.PenStyle.DashLine]
    assert len(dashed) == 1 and "ROPAs lesning" in dashed[0].toolTip() and "Phonero" in dashed[0].toolTip()


# --- N3 and N4 ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_categories_cell_names_the_activitys_own_data_and_the_cookies_last_and_short(sample_file, tmp_path,
                                                                                       lang):
    register = _register(sample_file)
    book = xlsx(register, tmp_path, lang)
    categories = cell(protokoll_row(book, TELEPHONY, lang), "data_categories", lang)
    # every category is in the cell itself: the callers' call logs, the notes, the statistics, We4you's
    names = {"nb": ("Anropslogg (brukers logg)", "Anropslogg for sentralbordoperatør (køer)",
                    "Notater om innringer på kø", "Sentralbordanropslogg og statistikk per kø-operatør", "Kundekort",
                    "Beskjeder på vegne av innringer"),
             "en": ("Call log (the user's own log)", "Call log for switchboard operators (queues)",  # ROPA's labels
                    "Notes on callers in the queue", "Switchboard call log and statistics per queue operator",
                    "Kundekort", "Messages on behalf of callers")}[lang]
    for name in names:
        assert name in categories, name
    cookies = categories.index("Informasjonskapsler og lignende teknologier")
    assert cookies > categories.index(names[-1])  # last
    assert "Talkmore ønsker" not in categories  # the long quotes are not in the cell ...
    assert t("register.category_purposes_elsewhere", lang, vendor="Talkmore Bedrift") in categories  # ... a pointer
    assert t("xlsx.continued", lang, sheet=t("xlsx.sheet.full_text", lang), number=1) not in categories
    # ... to the processors sheet, which quotes them once
    processors = book[t("xlsx.sheet.processors", lang)]
    quoted = [r for r in processors[1:] if "Analyse av bruksmønstre: Talkmore ønsker" in " ".join(map(str, r))]
    assert len(quoted) == 1 and quoted[0][1] == "Talkmore Bedriftsnett"


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_is_said_twice_in_the_protokoll_and_the_processors_sheet(_all_services_template, tmp_path, lang):
    register = _register(_all_services_template)
    book = xlsx(register, tmp_path, lang)
    full = {}  # the whole text of each cell of activity 1 (the cells are cut at Excel's limit)
    for r in book[t("xlsx.sheet.full_text", lang)][1:]:
        if r[0] == 1:
            full.setdefault(r[2], []).append(str(r[3]))
    row = protokoll_row(book, TELEPHONY, lang)

    def whole(key: str) -> str:
        label = t(f"column.{key}", lang)
        return "\n".join(full[label]) if label in full else row[label]

    # the same deletion sentence once per vendor (Dipper, Talkmore), under both categories it applies to
    retention = whole("retention")
    assert retention.count("Anropshistorikk og notater om innringer på kø slettes etter angitt varighet") == 2
    assert "Anropslogg for sentralbordoperatør (køer)" in retention or "Call log for switchboard operators" in retention
    if lang == "nb":
        assert retention.count("• Anropslogg for sentralbordoperatør (køer) [ROPAs lesning: dokumentet knytter ikke "
                               "regelen til denne kategorien ved navn], Notater om innringer på kø: "
                               "Anropshistorikk og notater") == 2
    # Dipper's and Talkmore's identical pkt. 10 purpose once, naming both
    purpose = whole("purpose")
    assert purpose.count("Bedriftsnett er en mobilbasert sentralbordtjeneste") == 1
    assert t("register.from_vendor", lang, vendor="Dipper, Talkmore Bedrift") in purpose
    # Google Analytics named once per vendor that lets it place cookies
    recipients = whole("recipients")
    for vendor in ("Dipper", "Talkmore Bedrift"):
        assert recipients.count(f"Google Analytics {t('register.from_vendor', lang, vendor=vendor)}") == 1
    # the processors sheet: pkt. 10 does not print pkt. 3 again
    [talkmore] = [r for r in book[t("xlsx.sheet.processors", lang)][1:] if r[1] == "Talkmore Bedriftsnett"]
    described = "\n".join(map(str, talkmore))
    assert described.count("Bedriftsnett er en mobilbasert sentralbordtjeneste") == 1
    adds = "Bedriftsnett kan utvides med tilleggstjenester (se pkt 4)"
    assert t("register.purpose_repeats_and_adds", lang, section="pkt. 10" if lang == "nb" else "item 10",
             text=adds) in described


# --- N5 ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("audience", ["internal", "datatilsynet"])
@pytest.mark.parametrize("lang", LANGS)
def test_no_empty_page_and_each_maps_notes_on_its_page(new_file, tmp_path, lang, audience):
    """The audit's file: a new company with every catalogue service adopted (its p. 39 held only the footer)."""
    from ropa_app.adoption import adopt_services

    with open_ropa(new_file) as store:
        adopt_services(store, [s.key for s in store.catalogue().services])
        register = build_register(store).for_audience(audience)
    pages = _pages(register, tmp_path, lang)
    footer = "Side" if lang == "nb" else "Page"
    assert all(len(p.split(footer)[0].split()) > 8 for p in pages), [i + 1 for i, p in enumerate(pages)
                                                                        if len(p.split(footer)[0].split()) <= 8]
    # the overview map with its last numbered note on the section's first page
    [first] = [p for p in pages if p.startswith(t("pdf.section.dataflow", lang))]
    flow = company_map(register, lang)
    notes = [e for e in flow.edges if e.note]
    last = notes[-1]
    assert f"{len(notes)}. {flow.node(last.source).label} → {flow.node(last.target).label}:" in first
