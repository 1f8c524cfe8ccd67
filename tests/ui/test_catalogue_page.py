"""The vendor catalogue page, as a user meets it: the tree and its search, the facts with their sources, the
"we use this" toggle (undoable), the DPA reference, changed vendor facts, and the company's own vendors."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog

from ropa_app.catalogue import load_catalogue
from ropa_app.i18n import messages
from ui.pages.catalogue_dialog import InvalidEntry, UserServiceDialog, build_user_service, parse_countries, slugify
from ui.pages.catalogue_tree import COL_IN_USE, KEY_ROLE, KIND_ROLE

TALKMORE = "talkmore/bedriftsnett"
INPLI = "telenor-inpli/2involve-kontaktsenter"  # not used by the sample company; lands in an activity of its own
PAGE_MODULES = ("catalogue.py", "catalogue_detail.py", "catalogue_dialog.py", "catalogue_tree.py")


def _window(qtbot, path: Path):
    from ui.app import create_window

    window = create_window([str(path)])
    qtbot.addWidget(window)
    return window


@pytest.fixture
def window(qtbot, sample_file, errors):
    from ui.i18n import set_language

    window = _window(qtbot, sample_file)
    yield window
    set_language("nb")


@pytest.fixture
def page(window):
    return window.show_page("catalogue")


def _items(model, parent: QModelIndex | None = None):
    parent = parent if parent is not None else QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from _items(model, index)


def _visible_services(page) -> set[str]:
    return {i.data(KEY_ROLE) for i in _items(page.proxy) if i.data(KIND_ROLE) in ("service", "addon")}


def _mark(page, key: str) -> str:
    return page.model.index_of(key).siblingAtColumn(COL_IN_USE).data() or ""


def _activity_titles(store) -> set[str]:
    return {a["title"] for a in store.activities()}


# --- the tree and its search --------------------------------------------------------------------------------

def test_the_tree_holds_every_vendor_and_service_with_addons_under_their_base(page):
    catalogue = load_catalogue()
    model = page.model
    vendors = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert sorted(vendors) == sorted(v.name for v in catalogue.vendors) and len(vendors) == 5
    services = [i for i in _items(model) if i.data(KIND_ROLE) in ("service", "addon")]
    assert len(services) == len(catalogue.services) == 28
    for service in catalogue.services:
        index = model.index_of(service.key)
        assert index.data() == service.name
        expected_parent = service.parent or service.vendor
        assert index.parent().data(KEY_ROLE) == expected_parent
    assert page.tree.isExpanded(page.proxy.mapFromSource(model.index_of("dipper/bedriftsnett")))
    assert "I bruk" in _mark(page, TALKMORE) and _mark(page, INPLI) == ""


def test_search_filters_as_you_type_and_keeps_the_parents_of_matches(page, qtbot):
    qtbot.keyClicks(page.search, "Zendesk")  # a sub-processor's name finds the service that uses it
    assert _visible_services(page) == {"phonero/supporthenvendelser"}
    assert page.proxy.rowCount() == 1 and page.proxy.index(0, 0).data() == "Phonero"
    assert page.selected_key() == "phonero/supporthenvendelser"

    page.search.clear()
    qtbot.keyClicks(page.search, "KALENDER")
    visible = _visible_services(page)
    assert {"talkmore/bedriftsnett/kalendersynk", "dipper/bedriftsnett/kalendersynk"} <= visible
    assert not visible & {"talkmore/bedriftsnett/vip-liste", "we4you/sentralbord", INPLI}

    page.search.clear()
    qtbot.keyClicks(page.search, "ingen slik tjeneste")
    assert _visible_services(page) == set() and page.no_match.isVisibleTo(page)
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert len(_visible_services(page)) == 28 and not page.no_match.isVisibleTo(page)


def test_we4yous_system_column_reads_as_the_document_heads_it(page):
    """We4you's table column is «System/formål»: «Telefonsystem» is a system, never given as a purpose (DPO audit 4,
    N7). Telenor Inpli's column is «Formål»."""
    page.select("we4you/sentralbord")
    text = page.detail.toPlainText()
    assert "System/formål: Telefonsystem" in text and "Formål: Telefonsystem" not in text.replace("System/formål", "")
    page.select(INPLI)
    assert "Formål: " in page.detail.toPlainText()


def test_typing_in_the_tree_goes_to_the_search_box(page, qtbot):
    page.select(TALKMORE)
    qtbot.keyClicks(page.tree, "we4")
    assert page.search.text() == "we4"
    assert _visible_services(page) == {"we4you/sentralbord"}


# --- the detail pane ----------------------------------------------------------------------------------------

def test_selecting_a_service_shows_its_facts_with_their_sources(page):
    page.select(TALKMORE)
    assert page.title.text() == "Talkmore Bedriftsnett"
    text = page.detail.toPlainText()
    assert "Dokument: Tjenestevilkår for Talkmore Bedriftsnett" in text and "Kilde: " in text
    assert ".txt" not in text  # the transcription's file name is internal
    assert "30 dager" in text  # the call log's retention, per data category
    for fact in ("Databehandler", "Gintel", "Eniro", "Norge (EU/EØS)", "Det brukes kryptering av såvel innhold",
                 "Ansatte og brukere", "Innringere", "overvåking av ansatte", "Google Analytics",
                 "Dette sier dokumentet at virksomheten selv må sørge for", "del C i Vilkår for Bedriftsavtale"):
        assert fact in text, fact
    sources = re.findall(r"Kilde: ", text)
    assert len(sources) >= 20  # every fact carries its own source line


def test_an_addon_says_what_it_adds_and_names_the_base_it_inherits_from(page):
    page.select("talkmore/bedriftsnett/nummeroppslag")
    text = page.detail.toPlainText()
    assert "Informasjon om innringer fra ekstern opplysningstjeneste" in text
    assert "arver den fra grunntjenesten «Talkmore Bedriftsnett»" in text
    assert "Gintel" not in text  # the base's sub-processors are inherited, not repeated
    assert "tas «Talkmore Bedriftsnett» i bruk samtidig" in page.use_hint.text()


def test_a_base_service_speaks_of_stopping_only_when_it_is_in_use(page):
    page.select("dipper/bedriftsnett")  # not used by the sample company
    assert not page.session.store.is_adopted("dipper/bedriftsnett")
    assert "Slutter dere" not in page.use_hint.text() and "kan tas i bruk når dere bruker denne" in page.use_hint.text()
    page.select("talkmore/bedriftsnett")  # in use
    assert "Slutter dere å bruke tjenesten, slutter dere også å bruke tilleggstjenestene" in page.use_hint.text()


def test_an_independent_controller_is_a_recipient_and_needs_no_dpa(page):
    key = "phonero/bedriftsportal-fakturakontroll"
    page.select(key)
    assert "ingen databehandleravtale" in page.detail.toPlainText()
    page.use.click()
    assert page.session.store.is_adopted(key)
    assert page.supports.isVisibleTo(page) and not page.dpa_row.isVisibleTo(page)


# --- "we use this" -----------------------------------------------------------------------------------------

def test_ticking_we_use_this_adopts_the_service_and_undo_reverts_it(window, page):
    store = window.session.store
    page.select(INPLI)
    assert not page.use.isChecked() and "Kundesenter (kontaktsenter)" not in _activity_titles(store)
    page.use.click()
    assert store.is_adopted(INPLI)
    assert "Kundesenter (kontaktsenter)" in _activity_titles(store)
    assert page.use.isChecked() and "Kundesenter (kontaktsenter)" in page.supports.text()
    assert "I bruk" in _mark(page, INPLI)
    assert page.dpa_row.isVisibleTo(page)
    assert "2involve Kontaktsenter" in window.statusBar().currentMessage()

    window.session.undo_stack.undo()
    assert not store.is_adopted(INPLI)
    assert "Kundesenter (kontaktsenter)" not in _activity_titles(store)
    assert not page.use.isChecked() and _mark(page, INPLI) == ""
    window.session.undo_stack.redo()
    assert store.is_adopted(INPLI) and page.use.isChecked()


def test_space_in_the_tree_toggles_the_selected_service(page, qtbot):
    store = page.session.store
    page.select("dipper/bedriftsnett/vip-liste")
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    assert store.is_adopted("dipper/bedriftsnett/vip-liste") and store.is_adopted("dipper/bedriftsnett")
    qtbot.keyClick(page.tree, Qt.Key.Key_Space)
    assert not store.is_adopted("dipper/bedriftsnett/vip-liste") and store.is_adopted("dipper/bedriftsnett")


def test_dropping_a_base_drops_its_addons_and_says_so(window, page):
    store = window.session.store
    page.select(TALKMORE)
    page.use.click()
    assert not store.is_adopted(TALKMORE) and not store.is_adopted("talkmore/bedriftsnett/kalendersynk")
    assert "Kalendersynk (Microsoft Exchange)" in window.statusBar().currentMessage()
    window.session.undo_stack.undo()
    assert store.is_adopted(TALKMORE) and store.is_adopted("talkmore/bedriftsnett/web-sentralbord")


def test_the_dpa_reference_is_saved_when_the_field_is_left_and_can_be_undone(window, page, qtbot):
    store = window.session.store

    def reference() -> str:
        return next(r["dpa_reference"] for r in store.adopted_services() if r["service_key"] == TALKMORE)

    page.select(TALKMORE)
    before = reference()
    assert page.dpa.text() == before
    page.dpa.selectAll()
    qtbot.keyClicks(page.dpa, "Ny avtale signert 01.02.2025")
    qtbot.keyClick(page.dpa, Qt.Key.Key_Return)
    assert reference() == "Ny avtale signert 01.02.2025"
    window.session.undo_stack.undo()
    assert reference() == before and page.dpa.text() == before


def test_a_gap_about_a_missing_dpa_leads_to_the_services_dpa_field(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.hub.navigateRequested.emit("catalogue", None, "phonero/supporthenvendelser")
    page = window.pages["catalogue"]
    assert window.stack.currentWidget() is page
    assert page.selected_key() == "phonero/supporthenvendelser"
    qtbot.waitUntil(lambda: page.dpa.hasFocus(), timeout=2000)


def test_refreshes_keep_the_selection_and_do_not_rebuild_the_tree(window, page):
    page.select("we4you/sentralbord")
    resets = []
    page.model.modelReset.connect(lambda: resets.append(1))
    window.hub.registerChanged.emit()
    window.hub.servicesChanged.emit()
    assert resets == [] and page.selected_key() == "we4you/sentralbord"


# --- changed vendor facts -----------------------------------------------------------------------------------

def test_a_changed_vendor_fact_is_shown_and_can_be_marked_as_reviewed(qtbot, sample_file, errors):
    from ropa_app.store import open_ropa

    shipped = load_catalogue()

    def move_gintel(service):
        if service.key != TALKMORE:
            return service
        return dataclasses.replace(service, sub_processors=tuple(
            dataclasses.replace(p, countries=("SE",)) if p.name == "Gintel" else p for p in service.sub_processors))

    vendors = tuple(dataclasses.replace(v, services=tuple(move_gintel(s) for s in v.services))
                    for v in shipped.vendors)
    with open_ropa(sample_file, catalogue=dataclasses.replace(shipped, version="2099.1.1", vendors=vendors)):
        pass
    window = _window(qtbot, sample_file)
    page = window.show_page("catalogue")
    page.focus_field(None, "")  # from the "catalogue changed" gap
    assert page.selected_key() == TALKMORE
    assert page.change_box.isVisibleTo(page) and "Endret" in _mark(page, TALKMORE)
    assert "Gintel behandler nå i Sverige (før: Norge)" in page.change_text.text()
    assert "Underdatabehandlere" in page.change_text.text()
    page.review_button.click()
    assert window.session.store.catalogue_changes() == []
    assert not page.change_box.isVisibleTo(page) and "Endret" not in _mark(page, TALKMORE)


# --- the company's own vendors ------------------------------------------------------------------------------

def _fill(values: dict[str, str]):
    def fake_exec(dialog: UserServiceDialog) -> int:
        dialog.vendor.setText(values.get("vendor", dialog.vendor.text()))
        dialog.service.setText(values.get("service", dialog.service.text()))
        if "description" in values:
            dialog.description.setPlainText(values["description"])
        if "countries" in values:
            dialog.countries.setText(values["countries"])
        if "sub_processors" in values:
            dialog.sub_processors.setPlainText(values["sub_processors"])
        if "data_categories" in values:
            dialog.data_categories.setPlainText(values["data_categories"])
        return QDialog.DialogCode.Accepted
    return fake_exec


def test_adding_a_vendor_through_the_dialog_puts_it_in_the_tree_and_it_can_be_edited(page, monkeypatch, errors):
    store = page.session.store
    monkeypatch.setattr(UserServiceDialog, "exec", _fill({
        "vendor": "Fjordsky AS", "service": "Timebok", "countries": "NO, se",
        "sub_processors": "Amazon Web Services; IE, DE",
        "data_categories": "Kunder: navn og telefonnummer\nAnsatte: brukernavn"}))
    page.add_button.click()
    key = "user-fjordsky-as/timebok"
    assert errors == []
    assert key in page.model.service_keys() and store.service_origin(key) == "user"
    assert page.model.index_of(key).parent().data() == "Fjordsky AS"
    assert page.selected_key() == key and page.edit_button.isVisibleTo(page)
    text = page.detail.toPlainText()
    assert "Egen registrering" in text and "Amazon Web Services" in text and "Sverige (EU/EØS)" in text
    assert "navn og telefonnummer" in text

    monkeypatch.setattr(UserServiceDialog, "exec", _fill({"description": "Timebestilling for pasienter"}))
    page.edit_button.click()
    assert store.catalogue().service(key).description == "Timebestilling for pasienter"
    assert store.catalogue().service(key).sub_processors[0].countries == ("IE", "DE")
    page.use.click()
    assert store.is_adopted(key)
    page.select(TALKMORE)
    assert not page.edit_button.isVisibleTo(page)  # shipped services are not the user's to edit


def test_a_hostile_vendor_name_is_text_not_markup(page, monkeypatch):
    hostile = "<script>x</script> & Co"
    monkeypatch.setattr(UserServiceDialog, "exec", _fill({"vendor": hostile, "service": "<b>Tjeneste</b>"}))
    page.add_button.click()
    key = page.selected_key()
    assert key.startswith("user-script-x-script-co/")
    assert hostile in page.detail.toPlainText()
    assert "<script>" not in page.detail.toHtml() and "&lt;script&gt;" in page.detail.toHtml()
    assert page.title.text() == "<b>Tjeneste</b>" and page.title.textFormat() == Qt.TextFormat.PlainText
    assert page.model.index_of(key).parent().data() == hostile


def test_invalid_dialog_values_are_refused_with_a_message(page, monkeypatch, errors):
    monkeypatch.setattr(UserServiceDialog, "exec", _fill({"vendor": "X", "service": "Y", "countries": "Narnia"}))
    page.add_button.click()
    assert errors and "Narnia" in errors[0]
    assert not any(k.startswith("user-") for k in page.model.service_keys())


def test_the_dialog_checks_its_values_before_closing(qtbot):
    dialog = UserServiceDialog()
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.isVisibleTo(dialog)
    dialog.vendor.setText("Leverandør")
    dialog.service.setText("Tjeneste")
    dialog.data_categories.setPlainText("Kunder navn")  # no "group:" prefix
    assert "Linje 1" in dialog.problem()
    dialog.data_categories.setPlainText("kunder: navn")
    assert dialog.problem() == ""


def test_slugs_and_countries_of_own_entries():
    assert slugify("Østlandske Fjøs & Blåbær AS", "x") == "ostlandske-fjos-blabaer-as"
    assert slugify("!!!", "vendor") == "vendor"
    assert parse_countries("no, Sverige; Germany, EU, uk") == ("NO", "SE", "DE", "EU", "GB")
    with pytest.raises(InvalidEntry, match="XK"):  # ISO 3166 only (issue 9): XK is a user-assigned code
        parse_countries("NO, XK")
    catalogue = load_catalogue()
    _vendor, first = build_user_service({"vendor": "Telenor", "service": "Inpli"}, catalogue)
    assert first.key == "user-telenor/inpli" and first.source.document == "Egen registrering"


# --- language -----------------------------------------------------------------------------------------------

def test_english_labels_and_norwegian_facts(window):
    window.change_language("en")
    page = window.show_page("catalogue")
    page.select(TALKMORE)
    assert page.use.text().replace("&", "") == "We use this service"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Vendor and service"
    assert "✓ In use" in _mark(page, TALKMORE)
    text = page.detail.toPlainText()
    assert "Document: Tjenestevilkår for Talkmore Bedriftsnett" in text and "Source: " in text
    assert "Processor" in text and ".txt" not in text
    assert "30 dager" in text  # the vendor's own words stay as written
    assert page.dpa_label.text() == "Data processing agreement (date/reference)"


def test_every_text_the_page_asks_for_exists_in_both_languages():
    folder = Path(__file__).resolve().parents[2] / "ui" / "pages"
    code = "\n".join((folder / name).read_text() for name in PAGE_MODULES)
    used = set(re.findall(r"""["'](ui\.catalogue\.[\w.]+)["']""", code))
    dynamic = {f"ui.catalogue.role.explain.{r}" for r in ("processor", "reseller_processor", "independent_controller")}
    dynamic |= {f"ui.catalogue.transfer.{s}" for s in ("no", "yes", "not_stated")}
    dynamic |= {f"ui.catalogue.category.{k}" for k in ("example", "purpose", "retention", "if_chosen.legend",
                                                        "monitoring.legend")}
    dynamic |= {f"ui.catalogue.dialog.{n}" for n in ("vendor", "service", "description", "role", "countries",
                                                     "sub_processors", "data_categories", "retention", "security",
                                                     "activity")}
    dynamic |= {f"ui.catalogue.dialog.{n}.placeholder" for n in ("countries", "sub_processors", "retention",
                                                                 "security", "data_categories")}
    from ui.pages.catalogue_detail import FACT_FIELDS

    dynamic |= {f"ui.catalogue.fact.{f}" for f in FACT_FIELDS}
    missing = sorted(k for k in used | dynamic if k not in messages() or set(messages()[k]) != {"nb", "en"})
    assert missing == []


def test_no_page_shows_the_internal_file_name_of_a_vendor_document():
    """Sources read as the vendor's document title and section (issue 7, point 15), never the transcription's file."""
    import re

    from ropa_app.catalogue import load_catalogue
    from ui.pages.catalogue_detail import service_html, vendor_html

    catalogue = load_catalogue()
    pages = [service_html(catalogue, s.key) for s in catalogue.services]
    pages += [vendor_html(catalogue, v) for v in catalogue.vendors]
    assert not [p for p in pages if re.search(r"\d{3}_[0-9a-f]{16}\.txt", p)]
    assert any("Tjenestevilkår for Talkmore Bedriftsnett" in p for p in pages)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_catalogue_service_page_is_in_words_never_a_message_key(lang):
    """A role the explanations lacked showed its key («ui.catalogue.role.explain.processor_except_telecom»)."""
    from ui.i18n import set_language
    from ui.pages.catalogue_detail import service_html, vendor_html

    catalogue = load_catalogue()
    set_language(lang)
    try:
        pages = [service_html(catalogue, s.key) for s in catalogue.services]
        pages += [vendor_html(catalogue, v, "shipped") for v in catalogue.vendors]
    finally:
        set_language("nb")
    keys = sorted({m for page in pages for m in re.findall(r"\b(?:ui|enum|register|fields)\.[a-z_]+\.[a-z_.]+", page)})
    assert keys == []


def test_a_service_supporting_many_activities_names_five_and_ticks_them_all(window, page):
    from ui.commands import AddActivity, LinkService

    session = window.session
    page.select(TALKMORE)
    page.set_in_use(TALKMORE, True)
    for n in range(8):
        add = AddActivity(session, f"Avdeling {n}")
        session.push(add)
        session.push(LinkService(session, TALKMORE, add.activity_id))
    page.select(TALKMORE)
    linked = session.store.activities_of_service(TALKMORE)
    assert len(linked) == 9
    assert page.supports.text().count('href="activity:') == 5
    assert "og 4 til (avkrysset i listen under)" in page.supports.text()
    assert page.checklist.checked() == set(linked)  # every one ticked in the list


def test_a_service_page_cites_each_fact_under_its_own_section():
    """We4you's deletion rules, measures and duties each cite their heading, never «… til …» (the whole
    document); the English page gives the locator in English (DPO audit, items 8 and 10)."""
    from ui.i18n import set_language
    from ui.pages.catalogue_detail import service_html

    catalogue = load_catalogue()
    page = service_html(catalogue, "we4you/sentralbord")
    for heading in ("«Endring og sletting av personopplysninger»", "«IT-sikkerhet og personvernsikkerhet»"):
        assert heading in page.replace("&laquo;", "«").replace("&raquo;", "»")
    assert " til «" not in page
    set_language("en")
    try:
        talkmore = service_html(catalogue, "talkmore/bedriftsnett")
    finally:
        set_language("nb")
    assert "item 9 «Tjenestekvalitet»" in talkmore and "pkt." not in talkmore.split("Bedriftsnett Admin")[-1]
