"""11.5–11.6: the data-flow map comes from the same Register as the register itself: every recipient and every
country the register names is on the map, and nothing else is."""
from __future__ import annotations

import pytest

from ropa_app.countries import EEA, THIRD_COUNTRY, UNKNOWN, country_name
from ropa_app.dataflow import COMPANY, COUNTRY, RECIPIENT, SUB, activity_map, company_map, served_controller_map
from ropa_app.register import build_register
from ropa_app.store import open_ropa


def _register(path):
    with open_ropa(path) as store:
        return build_register(store)


def _expected(recipients, transfers):
    """What the register says: recipients (name, via) and the countries where each processes, a recipient nobody
    has placed counting as "not stated"; plus the countries the company names itself."""
    names = {(r.name, r.via) for r in recipients}
    countries = {loc.code for r in recipients for loc in (r.locations or ())}
    if any(not r.locations for r in recipients):
        countries.add(UNKNOWN)
    countries |= {t.country for t in transfers}
    return names, countries


def _drawn(flow):
    names = {(n.recipient, via) for n in flow.nodes if n.kind in (RECIPIENT, SUB) for via in (n.vias or (n.via,))}
    countries = {n.code for n in flow.of_kind(COUNTRY)}
    return names, countries


def test_the_company_map_shows_every_recipient_and_country_of_the_register_and_nothing_else(sample_file):
    register = _register(sample_file)
    recipients = [r for e in register.entries for r in e.recipients]
    transfers = [t for e in register.entries for t in e.transfers]
    assert _drawn(company_map(register, "nb")) == _expected(recipients, transfers)
    assert len(company_map(register, "nb").of_kind(COMPANY)) == 1


def test_each_activity_map_shows_its_own_recipients_and_countries(sample_file):
    register = _register(sample_file)
    for entry in register.entries:
        assert _drawn(activity_map(register, entry, "nb")) == _expected(entry.recipients, entry.transfers), entry.title


def test_the_processor_map_shows_the_sub_processors_of_each_controller(sample_file):
    register = _register(sample_file)
    assert register.processor.controllers
    for c in register.processor.controllers:
        assert _drawn(served_controller_map(register, c, "nb")) == _expected(c.sub_processors, c.transfers)


def test_countries_are_coloured_by_status_and_arrows_into_a_third_country_carry_the_safeguard(sample_file):
    with open_ropa(sample_file) as store:
        store.resolve_recipient("Zisson", ["US"], "")
        store.resolve_recipient("Google Cloud", ["IN"], "EUs standardkontrakter (2021/914)")
        register = build_register(store)
    flow = company_map(register, "nb")
    by_code = {n.code: n for n in flow.of_kind(COUNTRY)}
    assert by_code["NO"].status == EEA and by_code["IN"].status == THIRD_COUNTRY
    assert by_code[UNKNOWN].status == UNKNOWN
    assert by_code["IN"].label == country_name("IN", "nb")
    into = {(flow.node(e.source).label, flow.node(e.target).code): e for e in flow.edges}
    assert into[("Google Cloud", "IN")].safeguard == "EUs standardkontrakter (2021/914)"
    assert into[("Zisson", "US")].needs_safeguard and into[("Zisson", "US")].safeguard
    assert not into[("Talkmore Bedrift", "NO")].needs_safeguard and not into[("Talkmore Bedrift", "NO")].safeguard
    assert "Ukjent" in into[("Microsoft Outlook", UNKNOWN)].safeguard  # unknown is said, never "no transfer"
    assert [n.column for n in (flow.node("company"), flow.node("recipient:We4you"),
                                flow.node("sub:Zisson"), by_code["US"])] == [0, 1, 2, 3]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_map_speaks_the_language_asked_for(sample_file, lang):
    flow = company_map(_register(sample_file), lang)
    unknown = next(n for n in flow.of_kind(COUNTRY) if n.code == UNKNOWN)
    assert unknown.label == ("Ukjent land" if lang == "nb" else "Unknown country")


def test_a_sub_processor_shared_by_vendors_is_one_box_with_an_arrow_from_each(sample_file):
    """Link Mobility, Eniro, Gintel and Google Analytics serve several vendors: each is drawn once, in the app's
    map and the PDF's (both draw this FlowMap), with the vendors it serves."""
    from ropa_app.adoption import adopt_services

    with open_ropa(sample_file) as store:
        adopt_services(store, [s.key for s in store.catalogue().services])
        register = build_register(store)
    flow = company_map(register, "nb")
    labels = [n.label for n in flow.of_kind(SUB)]
    assert len(labels) == len(set(labels)), sorted(labels)
    link = next(n for n in flow.of_kind(SUB) if n.label == "Link Mobility")
    served = {r.via for e in register.entries for r in e.recipients if r.name == "Link Mobility"}
    assert set(link.vias) == served and len(served) >= 2
    into = {flow.node(e.source).label for e in flow.edges if e.target == link.id}
    assert into == served
    for name in ("Eniro", "Gintel", "Google Analytics"):
        assert labels.count(name) == 1
