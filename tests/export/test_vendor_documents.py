"""DPO audit 3, items 11, 14 and 15, read back from the exports (python-calamine for xlsx, pypdf for pdf) of the
sample company with every catalogue service adopted:

11. ROPA's notes on each vendor document (the catalogue's vendor notes) are printed with the vendor in the sources
    sheet and section, labelled as ROPA's, in the reader's language; the «Telias rolle» note stands beside Phonero's
    role on the processors sheet and table.
14. The vendors' terms and the company's duties under them are printed once per vendor document, in the PDF in a
    block of their own (not under «Databehandleravtale»), not again for each add-on.
15. Each service's description is quoted with its section; an add-on whose document lists no data of its own
    says so.
"""
from __future__ import annotations

import shutil

import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from ropa_app.adoption import adopt_services
from ropa_app.export import export_register
from ropa_app.i18n import t
from ropa_app.register import build_register
from ropa_app.store import open_ropa

LAST_DUTY = "Følge programvarens anbefalte oppdateringsløp"  # the 15th duty of Dipper's and Talkmore's terms
KONFERANSE = "«Tilleggstjenesten Konferanse lar kundens Brukere sette opp og administrere telefonkonferanser.»"

# Caveats the catalogue records about the documents (audit 3, item 11), as each language prints them.
NOTES = {
    "nb": ["Tabellens kolonneoverskrift lyder «Telias rolle», selv om dokumentet er Phoneros tjenestebeskrivelse.",
           "Punkt 4 sier at tilleggstjenestene omfatter «f.eks.» de oppregnede",
           "Tabell 2 oppgir formålet «Kundestyrte» for opplysninger om Kundens kunde",
           "mangler lenken som teksten om utmelding fra Google Analytics viser til",
           "dokumentet sier ikke hvilken underleverandør som sender SMS-en"],
    "en": ["The table's column heading reads “Telias rolle” (Telia's role), although the document is Phonero's",
           "Item 4 says the add-on services include “f.eks.” (for example) those listed",
           "Tabell 2 gives the purpose “Kundestyrte” (customer-controlled)",
           "the link that the text about opting out of Google Analytics refers to is missing",
           "the document does not say which sub-processor sends the SMS"],
}


@pytest.fixture(scope="module")
def exported(_sample_template, tmp_path_factory):
    """The sample company with every catalogue service adopted, exported in both languages."""
    folder = tmp_path_factory.mktemp("vendor-documents")
    path = folder / "all.ropa"
    shutil.copy(_sample_template, path)
    with open_ropa(path) as store:
        adopt_services(store, [s.key for s in store.catalogue().services])
        register = build_register(store)
    out = {"register": register}
    for lang in ("nb", "en"):
        export_register(register, "xlsx", folder / f"all.{lang}.xlsx", lang)
        export_register(register, "pdf", folder / f"all.{lang}.pdf", lang)
        book = CalamineWorkbook.from_path(str(folder / f"all.{lang}.xlsx"))
        out[lang] = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
        pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(folder / f"all.{lang}.pdf").pages]
        out[f"{lang}-pdf"] = pages
    return out


def by_header(rows: list[list]) -> list[dict[str, str]]:
    return [{str(h): str(v) for h, v in zip(rows[0], row)} for row in rows[1:]]


def processor_row(exported, lang: str, vendor: str, service: str) -> dict[str, str]:
    rows = by_header(exported[lang][t("xlsx.sheet.processors", lang)])
    return next(r for r in rows
                if r[t("xlsx.col.vendor", lang)] == vendor and r[t("xlsx.col.service", lang)] == service)


def section_text(pages: list[str], lang: str, key: str, next_key: str) -> str:
    """The PDF's text from the section ``key``'s intro up to the intro of the section ``next_key`` (the intros are
    sentences of their own; a section's title is also a column's)."""
    text = " ".join(pages)
    start = text.index(t(f"pdf.section.{key}_intro", lang)[:60])
    return text[start:text.index(t(f"pdf.section.{next_key}_intro", lang)[:60], start)]


# --- 11. ROPA's notes on the documents ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nb", "en"])
def test_ropas_notes_on_each_document_stand_with_the_vendor_in_the_sources(exported, lang):
    register = exported["register"]
    rows = by_header(exported[lang][t("xlsx.sheet.sources", lang)])
    column = t("xlsx.col.document_notes", lang)
    label = t("register.document_notes", lang) + ":"
    noted = [r for r in rows if r[column]]
    # one cell per vendor document, on a row of that vendor and document, labelled as ROPA's
    assert sorted(r[t("xlsx.col.vendor", lang)] for r in noted) == sorted(n.vendor for n in register.document_notes)
    assert {n.vendor for n in register.document_notes} == {"Dipper", "Phonero", "Talkmore Bedrift", "Telenor Inpli",
                                                           "We4you"}
    assert all(r[column].startswith(label) for r in noted)
    xlsx = "\n".join(r[column] for r in noted)
    pdf = " ".join(exported[f"{lang}-pdf"])
    for note in NOTES[lang]:
        assert note in xlsx, note
        assert note in pdf, note
    assert label in pdf
    if lang == "en":  # ROPA's own words in English, not the bokmål
        for note in NOTES["nb"]:
            assert note not in xlsx and note not in pdf


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_telia_caveat_stands_beside_phoneros_role(exported, lang):
    note = t("register.ropa_note", lang, text=NOTES[lang][0])
    for service in ("Phonero Bedriftsnett", "ISDN aksess", "Mobilt Opptak (MVR)"):
        role = processor_row(exported, lang, "Phonero", service)[t("xlsx.col.role", lang)]
        assert role.split("\n")[1].startswith(note), role
    we4you = processor_row(exported, lang, "We4you", "We4you sentralbord")[t("xlsx.col.role", lang)]
    assert we4you == t("enum.role.processor", lang)  # a caveat on Phonero's document, not on every vendor
    processors = section_text(exported[f"{lang}-pdf"], lang, "processors", "sub_processors")
    assert processors.count("Telias rolle") == sum(1 for p in exported["register"].data_processors
                                                  if p.vendor == "Phonero")


# --- 14. terms once per document, apart from the agreement ----------------------------------------------------

def test_terms_and_duties_are_printed_once_per_document_in_a_block_of_their_own(exported):
    pages = exported["nb-pdf"]
    processors = section_text(pages, "nb", "processors", "sub_processors")
    table, _, block = processors.partition(t("pdf.section.vendor_terms_intro", "nb")[:60])
    assert block, "the vendors' terms have a block of their own"
    # the processors' table: the agreement column says what the company recorded, no vendor terms under it
    assert "ikke registrert" in table
    for text in ("Virksomhetens plikter etter vilkårene", LAST_DUTY, "Når Dipper er databehandler på vegne av"):
        assert text not in table, text
    # the block: each document's terms and duties once (Dipper and Talkmore each list 15 duties)
    assert block.count(LAST_DUTY) == 2
    # Dipper, Talkmore Bedrift, Telenor Inpli and We4you list duties
    assert block.count("Virksomhetens plikter etter vilkårene (ROPAs sammendrag)") == 4
    assert block.count("Dipper oppgir: «Når Dipper er databehandler på vegne av Kunden") == 1
    # a duty that holds for one add-on says so
    assert ("Kundens Kontaktperson bestemmer hvilke av kundens Brukere som skal ha Kalendersynk (gjelder bare "
            "Kalendersynk (Microsoft Exchange))") in block
    assert " ".join(pages).count(LAST_DUTY) == 2


def test_the_processors_sheet_says_a_documents_terms_once(exported):
    sheet = exported["nb"]["Databehandlere"]
    terms = "Leverandørens vilkår (sitert)"
    rows = by_header(sheet)
    assert sum(r[terms].count(LAST_DUTY) for r in rows) == 2
    konferanse = processor_row(exported, "nb", "Dipper", "Konferanse")
    assert konferanse[terms] == (
        "Leverandørens vilkår: som for Dipper Bedriftsnett\n"
        "Virksomhetens plikter etter vilkårene (ROPAs sammendrag): som for Dipper Bedriftsnett")
    kalender = processor_row(exported, "nb", "Talkmore Bedrift", "Kalendersynk (Microsoft Exchange)")[terms]
    assert kalender.endswith("som for Talkmore Bedriftsnett, og dessuten:\n• Kundens Kontaktperson bestemmer hvilke "
                             "av kundens Brukere som skal ha Kalendersynk (fra Talkmore Bedrift)")
    base = processor_row(exported, "nb", "Dipper", "Dipper Bedriftsnett")
    assert LAST_DUTY in base[terms] and base["Databehandleravtale (dato eller referanse)"] == "ikke registrert"
    english = processor_row(exported, "en", "Dipper", "Konferanse")[t("xlsx.col.vendor_dpa_terms", "en")]
    assert english.startswith("The vendor's terms: as for Dipper Bedriftsnett\n")


# --- 15. what each service is, as its vendor describes it ----------------------------------------------------

@pytest.mark.parametrize(("lang", "described", "no_data"), [
    ("nb", f"Tjenestebeskrivelse: Dipper oppgir: {KONFERANSE} (Tjenestevilkår for Dipper Bedriftsnett, pkt. 4 e "
           "(Konferanse))",
     "ROPAs merknad: dokumentet oppgir ingen personopplysninger for tilleggstjenesten selv; registeret viser dem som "
     "er oppgitt for Dipper Bedriftsnett"),
    ("en", "Service description: Dipper states: “Tilleggstjenesten Konferanse lar kundens Brukere sette opp og "
           "administrere telefonkonferanser.” (Tjenestevilkår for Dipper Bedriftsnett, item 4 e (Konferanse))",
     "ROPA's note: the document states no personal data for the add-on itself; the register shows those stated "
     "for Dipper Bedriftsnett"),
])
def test_each_add_on_is_described_in_its_vendors_words(exported, lang, described, no_data):
    column = t("xlsx.col.vendor_processing", lang)
    konferanse = processor_row(exported, lang, "Dipper", "Konferanse")[column]
    assert konferanse.startswith(f"{described}\n{no_data}\n")
    # an add-on that lists data of its own has no such note, but its description
    kalender = processor_row(exported, lang, "Dipper", "Kalendersynk (Microsoft Exchange)")[column]
    assert "«Tjenesten Kalendersynk lar Kunde synkronisere" in kalender or "“Tjenesten Kalendersynk lar" in kalender
    assert no_data.split(";")[0] not in kalender
    køtavle = processor_row(exported, lang, "Talkmore Bedrift", "Køtavle")[column]
    assert "Køtavlen viser en oversikt over alle agenter" in køtavle and "4 g (Køtavle)" in køtavle
    pdf = " ".join(exported[f"{lang}-pdf"])
    assert described in pdf and no_data in pdf
    # the base's purposes and processing are said on its row; an add-on's row refers to them
    as_for = t("register.as_for", lang, service="Dipper Bedriftsnett")
    assert f"{t('register.vendor_processing_one', lang)}: {as_for}" in konferanse


def test_a_file_whose_catalogue_has_no_english_notes_says_they_are_in_norwegian(exported, tmp_path):
    """A file made before the notes had English keeps its copy of the catalogue until it is upgraded: the English
    export prints the bokmål, labelled as ROPA's and as Norwegian, rather than nothing."""
    from dataclasses import replace

    register = exported["register"]
    old = replace(register, document_notes=tuple(
        replace(d, notes=tuple(replace(n, en="") for n in d.notes), role=tuple(replace(n, en="") for n in d.role))
        for d in register.document_notes))
    export_register(old, "xlsx", tmp_path / "old.xlsx", "en")
    book = CalamineWorkbook.from_path(str(tmp_path / "old.xlsx"))
    sources = by_header(book.get_sheet_by_name("Sources").to_python())
    notes = [r[t("xlsx.col.document_notes", "en")] for r in sources if r[t("xlsx.col.document_notes", "en")]]
    assert len(notes) == 5 and all(n.startswith(t("register.document_notes_norwegian", "en") + ":") for n in notes)
    assert NOTES["nb"][0] in "\n".join(notes)
    processors = by_header(book.get_sheet_by_name("Processors").to_python())
    role = next(r for r in processors if r["Service"] == "ISDN aksess")[t("xlsx.col.role", "en")]
    assert role == (f"Reseller (processor)\nROPA's note (in Norwegian): {NOTES['nb'][0]} "
                    "Rollen i kolonnen er registrert som Phoneros rolle.")
