"""The fourth DPO audit of the exports (2026-12-01), findings N2, N6 and N11, read back from the exported register
as the DPO reads it, in nb and en:

- N2: the company's own retention sentence does not silence what the vendors leave open (categories with no rule, a
  rule with no time limit): each stays a «Bør rettes» gap until the company's own rule names the category;
- N6: Talkmore's and Dipper's «slettes etter angitt varighet i Bedriftsnett Admin» has a deadline, the one the
  company sets there: the register says so and asks for the value, never «[uten tidsfrist]»;
- N11: the «always DPIA» gap for recordings the company has not confirmed is worded «Hvis dere bruker …».
"""
from __future__ import annotations

import json

import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from ropa_app.adoption import adopt_services
from ropa_app.columns import field_label
from ropa_app.export import export_register
from ropa_app.i18n import t
from ropa_app.register import build_register
from ropa_app.store import open_ropa

LANGS = ("nb", "en")
SWITCHBOARD = "Telefoni og sentralbord"
QUEUE_RULE = "Anropshistorikk og notater om innringer på kø slettes etter angitt varighet i Bedriftsnett Admin"
OWN_RULE = "Beskjeder fra sentralbordet slettes når de er fulgt opp, senest etter 30 dager."  # the sample's


def retention_gaps(register, tmp_path, lang: str, title: str = SWITCHBOARD) -> list[str]:
    """The gap sheet's rows about an activity's retention (its (f) column), each as one line of text."""
    path = tmp_path / f"r.{lang}.xlsx"
    export_register(register, "xlsx", path, lang)
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name(t("xlsx.sheet.gaps", lang)).to_python()
    [entry] = [e for e in register.entries if e.title == title]
    shown = register.in_language(lang).entry(entry.id).title
    label = field_label("retention", lang)
    return [" | ".join(str(c) for c in r) for r in rows[1:] if label in [str(c) for c in r]
            and any(shown in str(c) for c in r)]


def register_text(register, tmp_path, lang: str, title: str = SWITCHBOARD) -> dict[str, str]:
    """Each Protokoll cell of an activity, whole, as the JSON export gives it."""
    path = tmp_path / f"r.{lang}.json"
    export_register(register, "json", path, lang)
    [entry] = [e for e in json.loads(path.read_text(encoding="utf-8"))["entries"] if e["id"] == next(
        x.id for x in register.entries if x.title == title)]
    return entry["register_text"]


def pdf_text(register, tmp_path, lang: str) -> str:
    path = tmp_path / f"r.{lang}.pdf"
    export_register(register, "pdf", path, lang)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages)


def sample_register(sample_file, retention: str | None = None):
    with open_ropa(sample_file) as store:
        if retention is not None:
            [activity] = [a for a in store.activities() if a["title"] == SWITCHBOARD]
            store.update_activity(activity["id"], "retention", retention)
        return build_register(store)


# --- N2: the company's own sentence answers only for what it names -------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_companys_own_sentence_does_not_silence_the_vendors_open_rules(sample_file, tmp_path, lang):
    register = sample_register(sample_file)
    [entry] = [e for e in register.entries if e.title == SWITCHBOARD]
    assert entry.retention == OWN_RULE  # the clinic wrote a rule of its own, about the messages only
    rows = retention_gaps(register, tmp_path, lang)
    warning = t("severity.warning", lang)
    assert rows and all(warning in r for r in rows)  # should be fixed, not mandatory: the vendors' part of (f)
    said = {"nb": ("Talkmore Bedrift oppgir sletting uten tidsfrist", "We4you oppgir sletting uten tidsfrist",
                   "Talkmore Bedrift oppgir ikke når disse opplysningene slettes"),
            "en": ("Talkmore Bedrift states erasure without a time limit", "We4you states erasure without a time limit",
                   "Talkmore Bedrift does not state when this data is erased")}[lang]
    directory, we4you, no_rule = ([r for r in rows if s in r] for s in said)
    assert len(directory) == len(we4you) == len(no_rule) == 1
    assert "«Bedriftskatalogen»" in directory[0] and "kan slettes når som helst" in directory[0]
    messages = {"nb": "«Beskjeder på vegne av innringer»", "en": "«Messages on behalf of callers»"}[lang]  # ROPA's label
    assert "hensiktsmessigheten opphører" in we4you[0] and messages in we4you[0]
    queue_statistics = {"nb": "Sentralbordanropslogg og statistikk per kø-operatør",
                        "en": "Switchboard call log and statistics per queue operator"}[lang]  # ROPA's label
    for name in ("Status", queue_statistics, "Kalender/Fravær", "Annet: viderekoblingsnummer",
                 "Informasjonskapsler og lignende teknologier"):
        assert f"«{name}»" in no_rule[0], name
    # how to make it go: the company's rule answers for the categories it names
    assert all(("nevner ved navn" if lang == "nb" else "the categories it names") in r for r in rows)
    # Phonero gives no rule for its support requests: the clinic's «when the case is solved» is about its own copy
    [support] = retention_gaps(register, tmp_path, lang, "Brukerstøtte fra teleleverandør")
    assert "«E-post- og Chat-henvendelser», «Opplysninger om bruker»" in support


def test_naming_a_category_with_its_deadline_answers_for_it_and_nothing_else(sample_file, tmp_path):
    own = (OWN_RULE + "\nBedriftskatalogen: slettes når den ansatte slutter.\n"
           "Anropslogg for sentralbordoperatør og notater om innringer på kø: 90 dager, satt i Bedriftsnett Admin.")
    rows = retention_gaps(sample_register(sample_file, own), tmp_path, "nb")
    assert not [r for r in rows if "Talkmore Bedrift oppgir sletting uten tidsfrist" in r]
    assert not [r for r in rows if "Bedriftsnett Admin" in r]
    assert [r for r in rows if "We4you oppgir sletting uten tidsfrist" in r]  # We4you's categories are not named
    [no_rule] = [r for r in rows if "Talkmore Bedrift oppgir ikke når disse opplysningene slettes" in r]
    assert "«Status»" in no_rule
    # the deadline stands in the register's (f) cell, the company's own words first
    assert register_text(sample_register(sample_file, own), tmp_path, "nb")["retention"].startswith(own)


def test_a_word_that_only_contains_a_categorys_name_does_not_answer_for_it(sample_file, tmp_path):
    rows = retention_gaps(sample_register(sample_file, "Statusrapporter og kalenderfravær slettes etter ett år."),
                          tmp_path, "nb")
    [no_rule] = [r for r in rows if "Talkmore Bedrift oppgir ikke når disse opplysningene slettes" in r]
    assert "«Status»" in no_rule and "«Kalender/Fravær»" in no_rule


# --- N6: a period the company sets in Bedriftsnett Admin --------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_a_period_set_in_bedriftsnett_admin_is_a_deadline_to_state_not_an_open_end(sample_file, tmp_path, lang):
    register = sample_register(sample_file)
    flag = {"nb": "[fristen settes av virksomheten i Bedriftsnett Admin – oppgi den]",
            "en": "[the company sets the time limit in Bedriftsnett Admin – state it]"}[lang]
    cell = register_text(register, tmp_path, lang)["retention"]
    # one line for the rule, naming both categories it covers (DPO audit 4, N4), in the export's language (N9)
    [line] = [x for x in cell.splitlines() if f": {QUEUE_RULE} {flag} ({'fra' if lang == 'nb' else 'from'} "
              f"Talkmore Bedrift)" in x]
    for category in {"nb": ("Anropslogg for sentralbordoperatør (køer)", "Notater om innringer på kø"),
                     "en": ("Call log for switchboard operators (queues)", "Notes on callers in the queue")}[lang]:
        assert category in line, category
    open_end = f"[{t('register.no_time_limit', lang)}]"
    assert f"Bedriftsnett Admin {open_end}" not in cell
    assert "bedriftskatalogen kan slettes når som helst" in cell and open_end in cell  # still open-ended
    assert flag in pdf_text(register, tmp_path, lang)
    [row] = [r for r in retention_gaps(register, tmp_path, lang) if "Bedriftsnett Admin" in r]
    ask = {"nb": "Oppgi varigheten dere har satt i Bedriftsnett Admin for «Anropslogg for sentralbordoperatør», "
                 "«Notater om innringer på kø»",
           "en": "State the period you have set in Bedriftsnett Admin for «Call log for switchboard operators», "
                 "«Notes on callers in the queue»"}[lang]
    assert ask in row and f"«{QUEUE_RULE}»" in row and t("severity.warning", lang) in row


def test_dippers_queue_log_reads_the_same(new_file, tmp_path):
    with open_ropa(new_file) as store:
        adopt_services(store, ["dipper/bedriftsnett"])
        register = build_register(store)
    [entry] = register.entries
    cell = register_text(register, tmp_path, "nb", entry.title)["retention"]
    assert (f"{QUEUE_RULE}. [fristen settes av virksomheten i Bedriftsnett Admin – oppgi den] (fra Dipper)") in cell
    assert "Bedriftsnett Admin. [uten tidsfrist]" not in cell
    assert [r for r in retention_gaps(register, tmp_path, "nb", entry.title)
            if "Dipper sletter etter en varighet virksomheten selv setter i Bedriftsnett Admin" in r]


# --- N11: recordings not yet confirmed -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_always_dpia_gap_is_conditional_while_the_recordings_are_undecided(new_file, tmp_path, lang):
    key = "telenor-inpli/2involve-kontaktsenter"
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, [key])
        register = build_register(store)
    path = tmp_path / f"r.{lang}.xlsx"
    export_register(register, "xlsx", path, lang)
    rows = [" | ".join(map(str, row)) for row in
            CalamineWorkbook.from_path(str(path)).get_sheet_by_name(t("xlsx.sheet.gaps", lang)).to_python()]
    always = "alltid krever DPIA" if lang == "nb" else "always requires a DPIA"
    [listed] = [row for row in rows if always in row]
    start = "Hvis dere bruker Samtaleopptak (lydlogg), Skjermbildeopptak, er det overvåking av ansatte" if (
        lang == "nb") else "If you use Samtaleopptak (lydlogg), Skjermbildeopptak, that is monitoring of employees"
    assert start in listed
    assert ("Opptak der ansatte tas opp" if lang == "nb" else "Recordings that capture employees") not in listed


def test_data_disclosed_to_an_independent_controller_is_no_erasure_gap_of_the_company(new_file, tmp_path):
    """Phonero's portal holds the data as a controller of its own: its erasure is Phonero's, not on the company's
    behalf; the web shop beside it processes for the company, and its open erasure is the company's gap."""
    with open_ropa(new_file) as store:
        [r, *_] = adopt_services(store, ["phonero/bedriftsportal-fakturakontroll",
                                         "phonero/nettbutikk-smart-mobilkjop"], activity_title="Mobil")
        store.update_activity(r.activity_id, "retention", "Fakturaer oppbevares i 5 år.")
        register = build_register(store)
    [row] = retention_gaps(register, tmp_path, "nb", "Mobil")
    assert "Phonero oppgir ikke når disse opplysningene slettes: «Brukerinformasjon», «Ordrehistorikk»." in row
    assert "teknisk utstyr" not in row and "bruk av abonnement" not in row
