"""An English export is complete: what ROPA wrote itself is in English, what the vendors wrote stays as they wrote it
(third DPO review, finding 5). ROPA's summary of the company's duties under a vendor's terms, the names ROPA gives
recipients a document implies without naming them («Tjenesteleverandør», «Ekstern opplysningstjeneste»), the Dipper
NPS category that is ROPA's reading and Enghouse's task in ROPA's wording read in English in the English xlsx, PDF
and JSON, and exactly as before in the Norwegian ones. Read back from a file with every catalogue service in use."""
from __future__ import annotations

import json

import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from ropa_app.adoption import adopt_services
from ropa_app.catalogue import load_catalogue
from ropa_app.export import export_register
from ropa_app.i18n import t
from ropa_app.register import build_register
from ropa_app.store import create_ropa, open_ropa

SERVICE_PROVIDER = ("Tjenesteleverandør", "Unnamed service provider (“tjenesteleverandør”)")
DIRECTORY = ("Ekstern opplysningstjeneste", "Unnamed external directory service (“ekstern opplysningstjeneste”)")
ENGHOUSE_TASK = ("Teknisk support fra produsent, ved behov", "Technical support from the manufacturer, when needed")
NPS_CATEGORY = ("Innringers telefonnummer (mottaker av SMS-en): innringerens telefonnummer, som SMS-en sendes til",
                "Caller's phone number (recipient of the SMS): the caller's phone number, to which the SMS is sent")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[tuple[str, str], str]:
    """Every catalogue service adopted, exported as xlsx (read with calamine), PDF (pypdf) and JSON, in nb and en."""
    folder = tmp_path_factory.mktemp("english")
    path = folder / "alle.ropa"
    create_ropa(path).close()
    with open_ropa(path) as store:
        adopt_services(store, [s.key for s in load_catalogue().services])
        register = build_register(store)
    out = {}
    for lang in ("nb", "en"):
        target = folder / f"alle.{lang}.xlsx"
        export_register(register, "xlsx", target, lang)
        book = CalamineWorkbook.from_path(str(target))
        out["xlsx", lang] = flat(" ".join(str(c) for name in book.sheet_names
                                          for row in book.get_sheet_by_name(name).to_python() for c in row))
        target = folder / f"alle.{lang}.pdf"
        export_register(register, "pdf", target, lang)
        out["pdf", lang] = flat(" ".join(page.extract_text() or "" for page in PdfReader(str(target)).pages))
        target = folder / f"alle.{lang}.json"
        export_register(register, "json", target, lang)
        out["json", lang] = json.loads(target.read_text(encoding="utf-8"))
    return out


def _duties() -> list[tuple[str, str]]:
    """Every customer duty (ROPA's summary) in the catalogue, with its English."""
    pairs = {}
    for service in load_catalogue().services:
        pairs.update(zip(service.customer_duties, service.customer_duties_en))
    assert len(pairs) == 23
    return list(pairs.items())


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_the_company_duties_read_in_english_in_english_and_as_before_in_norwegian(exports, kind):
    en, nb = exports[kind, "en"], exports[kind, "nb"]
    for norwegian, english in _duties():
        assert flat(english) in en, english
        assert flat(norwegian) not in en, norwegian
        assert flat(norwegian) in nb, norwegian
        assert flat(english) not in nb, english
    assert "The company's duties under the terms (ROPA's summary)" in en
    assert "Virksomhetens plikter etter vilkårene (ROPAs sammendrag)" in nb


def test_the_json_gives_the_duties_in_the_exports_language_and_keeps_the_english_beside_the_norwegian(exports):
    duties = dict(_duties())
    en = [d for p in exports["json", "en"]["processors"] for d in p["customer_duties"]]
    nb = [d for p in exports["json", "nb"]["processors"] for d in p["customer_duties"]]
    assert en and {d["text"] for d in en} <= set(duties.values())
    assert nb and {d["text"] for d in nb} <= set(duties) and all(d["text_en"] == duties[d["text"]] for d in nb)


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
@pytest.mark.parametrize("pair", [SERVICE_PROVIDER, DIRECTORY])
def test_a_recipient_ropa_named_has_its_english_name_quoting_the_documents_word(exports, kind, pair):
    norwegian, english = pair
    en, nb = exports[kind, "en"], exports[kind, "nb"]
    assert f"{english} (from " in en
    assert f"{norwegian} (from " not in en and f"{norwegian} (for " not in en
    assert f"{norwegian} (fra " in nb and english not in nb


def test_the_english_transfers_sheet_and_gaps_name_the_recipient_in_english(exports):
    en = exports["json", "en"]
    names = {row["recipient"] for row in en["transfer_overview"]}
    assert SERVICE_PROVIDER[1] in names and DIRECTORY[1] in names
    assert not names & {SERVICE_PROVIDER[0], DIRECTORY[0]}
    # the gap asking who the recipient is stands under its English name, and its message names it so too: the
    # English label, which quotes the document's own word (DPO audit 4, N9: the message gave the Norwegian name)
    [gap] = {(g["field"], g["message"]) for g in en["gaps"] if g["code"] == "recipient_unnamed"
             and g["params"]["via"] == "Phonero"}
    assert gap[0] == f"recipient:{SERVICE_PROVIDER[1]}"
    assert ("Phonero mentions a recipient without naming it or saying where it processes the data: "
            f"{SERVICE_PROVIDER[1]}. Ask Phonero") in gap[1]
    assert "'Tjenesteleverandør'" not in gap[1] and "'Ekstern opplysningstjeneste'" not in str(en["gaps"])
    nb = exports["json", "nb"]
    [gap_nb] = {g["message"] for g in nb["gaps"] if g["code"] == "recipient_unnamed" and g["params"]["via"] == "Phonero"}
    assert "Phonero nevner en mottaker uten å navngi den («Tjenesteleverandør»)" in gap_nb
    assert f"{t('column.third_countries', 'en')} – {SERVICE_PROVIDER[1]}" in exports["xlsx", "en"]
    assert f"{t('column.third_countries', 'nb')} – Tjenesteleverandør" in exports["xlsx", "nb"]


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
@pytest.mark.parametrize("pair", [ENGHOUSE_TASK, NPS_CATEGORY])
def test_ropas_paraphrase_and_reading_read_in_english(exports, kind, pair):
    norwegian, english = pair
    assert english in exports[kind, "en"] and norwegian not in exports[kind, "en"]
    assert norwegian in exports[kind, "nb"] and english not in exports[kind, "nb"]


def test_the_vendors_own_words_stay_as_written_in_english(exports):
    """A quote of the document is not translated: Phonero's «Tjenesteleverandør: Telenor» row, We4you's tasks."""
    en = exports["xlsx", "en"]
    assert "Telenor (for Phonero: Tjenesteleverandør)" in en
    assert "Zisson (for We4you: Telefonsystem)" in en
    assert "Grunnleggende informasjon om kunden og brukere som er nødvendig for bestilling" in en
