"""Rules every shipped vendor file keeps (issue 7), across all five documents and all 28 services. What each
category holds and whose it is, quoted from the document, is in the per-seed tests; this file checks that every
category is covered there, and the rules no single document owns."""
from __future__ import annotations

import re
import shutil

import pytest

from ropa_app.catalogue import SUBJECTS, load_catalogue
from ropa_app.catalogue_index import version_tuple
from ropa_app.errors import RopaError
from ropa_app.paths import resource_path

from . import test_seed_bedriftsnett as bedriftsnett
from . import test_seed_phonero as phonero
from . import test_seed_telenor_inpli as telenor
from .conftest import sources as sources_in

# How each document numbers its parts: a cited section starts with it (or names the intro/heading it cites).
NUMBERING = {
    "telenor-inpli": r"(Tabell [12]|innledning)",
    "phonero": r"(tabellrad «|innledning)",
    "talkmore": r"pkt\. \d+",
    "dipper": r"pkt\. \d+",
    "we4you": r"«",  # no numbering: the heading, in quotes
}
PROMISES = re.compile(r"\bskal\b|ansvarlig for|på forespørsel|\bpartene\b|\bvarsle\b", re.IGNORECASE)


def test_there_are_28_services(catalogue):
    assert len(catalogue.services) == 28


def test_every_category_names_whose_data_it_is_and_what_it_holds(catalogue):
    for s in catalogue.services:
        for c in s.data_categories:
            assert c.subjects, (s.key, c.name)
            assert set(c.subjects) <= set(SUBJECTS), (s.key, c.name)
            assert len(set(c.subjects)) == len(c.subjects), (s.key, c.name)
            assert c.whose == c.subjects
            assert c.content.strip() and "\n" not in c.content, (s.key, c.name)
            assert len(c.content) <= 250, (s.key, c.name)  # short: the register prints it beside the name


def test_every_category_is_checked_against_its_document(catalogue):
    """The per-seed tests hold, for every category, the document's words and whose data it is."""
    covered = {("telenor-inpli/2involve-kontaktsenter", subject, name) for subject, name in telenor.WHOSE}
    covered |= set(phonero.WHOSE)
    for seed in (bedriftsnett.TALKMORE, bedriftsnett.DIPPER):
        covered |= {(seed.base, c.subject, c.name) for c in catalogue.service(seed.base).data_categories
                    if c.name in bedriftsnett.WHOSE}
        covered |= {(seed.addon(addon), c.subject, c.name) for addon in seed.addons
                    for c in catalogue.service(seed.addon(addon)).data_categories
                    if (addon, c.name) in bedriftsnett.ADDON_WHOSE}
    we4you = catalogue.service("we4you/sentralbord")
    covered |= {(we4you.key, c.subject, c.name) for c in we4you.data_categories}  # test_seed_we4you: the whole set
    every = {(s.key, c.subject, c.name) for s in catalogue.services for c in s.data_categories}
    assert every == covered


def test_recordings_and_messages_concern_the_other_party_too(catalogue):
    """DOMAIN.md: "A call recording concerns both parties to the call." """
    for s in catalogue.services:
        for c in s.data_categories:
            if re.search(r"opptak|meldingsinnhold|dialog|beskjeder på vegne", c.name, re.IGNORECASE) and (
                    "skjerm" not in c.name.lower()):
                assert len(c.whose) >= 2, (s.key, c.name)


def test_monitoring_is_always_of_employees(catalogue):
    flagged = [(s.key, c) for s in catalogue.services for c in s.data_categories if c.monitoring]
    assert len(flagged) == 2 * 2 + 3 + 5  # Talkmore and Dipper: 2 each; Telenor Inpli: 3; Phonero: 5
    for key, c in flagged:
        assert "employees" in c.whose, (key, c.name)


def test_security_measures_hold_measures_only(catalogue):
    """DOMAIN.md: "A contractual promise ("partene skal …") is a term, not a measure." """
    for s in catalogue.services:
        for m in s.security_measures:
            assert not PROMISES.search(m), (s.key, m)
        assert len(set(s.security_measures)) == len(s.security_measures)
        assert not set(s.security_measures) & set(s.vendor_terms), s.key
    assert any(PROMISES.search(t) for s in catalogue.services for t in s.vendor_terms)


def test_no_near_duplicate_measures_within_a_vendor(catalogue):
    for vendor in catalogue.vendors:
        measures = [m for s in vendor.services for m in s.security_measures]
        logins = [m for m in measures if "passord" in m.lower() or "innlogging" in m.lower()]
        assert len(logins) <= 1, (vendor.id, logins)


def test_open_ended_retention_repeats_the_service_s_own_texts(catalogue):
    flagged = {}
    for s in catalogue.services:
        merged = catalogue.resolved(s.key)
        texts = set(merged.retention_general) | {c.retention for c in merged.data_categories}
        assert set(merged.open_ended_retention) <= texts, s.key
        flagged[s.vendor] = set(merged.open_ended_retention) | flagged.get(s.vendor, set())
    assert {v: len(t) for v, t in flagged.items()} == {
        "telenor-inpli": 0, "phonero": 0, "talkmore": 1, "dipper": 1, "we4you": 2}
    for texts in flagged.values():
        for text in texts:  # "til hensiktsmessigheten opphører", "ved hensiktsmessighet", a period the user sets
            assert re.search(r"hensiktsmessighet|angitt varighet", text), text


def test_sources_are_short_citable_and_never_name_the_seed_file(catalogue):
    for vendor in catalogue.vendors:
        found = sources_in(vendor.source) + [x for s in vendor.services for x in sources_in(s)]
        for source in found:
            section = source.section
            assert section and len(section) <= 120, section
            assert re.match(NUMBERING[vendor.id], section), (vendor.id, section)
            assert ".txt" not in section and "seed" not in section.lower(), section
            assert not re.search(r"\d{3}_[0-9a-f]{6,}", section), section
            assert vendor.document_title.lower() not in section.lower(), section
            assert source.document == vendor.document  # kept internally, never shown


def test_vendors_are_named_as_they_present_themselves(catalogue):
    got = {v.id: (v.name, v.document_title, v.document_date, v.document_version) for v in catalogue.vendors}
    assert got == {
        "telenor-inpli": ("Telenor Inpli",
                          "Tjenestespesifikke vilkår for behandling av personopplysninger 2involve Kontaktsenter",
                          "", ""),
        "phonero": ("Phonero", "Phonero tjenestebeskrivelse", "15.03.2021", ""),
        "talkmore": ("Talkmore Bedrift", "Tjenestevilkår for Talkmore Bedriftsnett", "", ""),
        "dipper": ("Dipper", "Tjenestevilkår for Dipper Bedriftsnett", "", ""),
        "we4you": ("We4you", "Databehandling og behandling av personopplysninger i We4you AS (GDPR)", "", ""),
    }


def test_catalogue_version_was_raised(catalogue):
    assert version_tuple(catalogue.version) > (2026, 11, 1)
    assert catalogue.date == "2026-11-30"


@pytest.fixture
def copied(tmp_path):
    folder = tmp_path / "catalogue"
    shutil.copytree(resource_path("catalogue"), folder)
    return folder


def test_a_shipped_category_without_subjects_is_refused(copied):
    path = copied / "we4you.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('subjects = ["callers", "employees"]\n', "", 1), encoding="utf-8")
    with pytest.raises(RopaError) as err:
        load_catalogue(copied)
    assert (err.value.key, err.value.params["file"]) == ("catalogue_invalid", "we4you.toml")
    assert err.value.params["field"] == "services[0].data_categories[3].subjects"


def test_an_open_ended_text_that_is_no_retention_text_is_refused(copied):
    path = copied / "we4you.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("beholdes disse til hensiktsmessigheten opphører.\",\n]",
                                 "beholdes disse til hensiktsmessigheten opphører\",\n]", 1), encoding="utf-8")
    with pytest.raises(RopaError) as err:
        load_catalogue(copied)
    assert err.value.params["field"] == "services[0].open_ended_retention[1]"
