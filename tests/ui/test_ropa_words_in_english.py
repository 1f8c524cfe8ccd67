"""The app in English shows ROPA's own words in English (third DPO review, finding 5): the catalogue page gives the
vendors' notes (ROPA's notes on each document), the customer duties (ROPA's summary) and the names ROPA gives
recipients in English, and an activity's vendor summary gives the duties in English; the Norwegian app as before."""
from __future__ import annotations

import html

import pytest

from ropa_app.catalogue import load_catalogue


@pytest.fixture
def english():
    from ui.i18n import set_language

    set_language("en")
    yield
    set_language("nb")


def _text(page: str) -> str:
    return html.unescape(page)


def test_the_english_catalogue_page_gives_ropas_notes_and_summaries_in_english(english):
    from ui.pages.catalogue_detail import service_html, vendor_html

    catalogue = load_catalogue()
    for vendor in catalogue.vendors:
        page = _text(vendor_html(catalogue, vendor))
        for nb, en in vendor.note_pairs():
            assert en in page and nb not in page, vendor.id
    talkmore = _text(service_html(catalogue, "talkmore/bedriftsnett"))
    assert "Ensure a lawful purpose and a legal basis for the processing of personal data" in talkmore
    assert "Sikre lovlig formål" not in talkmore
    assert "Unnamed service provider (“tjenesteleverandør”)" in _text(service_html(catalogue, "phonero/sip-aksess"))
    assert "Technical support from the manufacturer, when needed" in _text(
        service_html(catalogue, "telenor-inpli/2involve-kontaktsenter"))


def test_the_norwegian_catalogue_page_is_as_before():
    from ui.pages.catalogue_detail import service_html, vendor_html

    catalogue = load_catalogue()
    phonero = _text(vendor_html(catalogue, catalogue.vendor("phonero")))
    assert all(nb in phonero and en not in phonero for nb, en in catalogue.vendor("phonero").note_pairs())
    talkmore = _text(service_html(catalogue, "talkmore/bedriftsnett"))
    assert "Sikre lovlig formål og rettslig grunnlag (hjemmel)" in talkmore and "Ensure a lawful" not in talkmore


def test_an_activitys_vendor_summary_gives_the_duties_in_the_apps_language(new_file):
    from ropa_app.adoption import adopt_services
    from ropa_app.register import build_register
    from ropa_app.store import open_ropa
    from ui.pages.activity_vendor import vendor_summary_html

    with open_ropa(new_file) as store:
        adopt_services(store, ["we4you/sentralbord"], activity_title="Sentralbord")
        [entry] = build_register(store).entries
    en, nb = _text(vendor_summary_html(entry, "en")), _text(vendor_summary_html(entry, "nb"))
    assert "Notify the other party without undue delay on discovering a personal data breach" in en
    assert "Varsle den annen part" not in en
    assert "Varsle den annen part uten ugrunnet opphold" in nb and "Notify the other party" not in nb
