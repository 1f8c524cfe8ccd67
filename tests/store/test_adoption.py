"""Adopting and dropping vendor services: where they land, what they bring, and that dropping removes exactly that."""
from __future__ import annotations

import pytest

from ropa_app.adoption import adopt_services, drop_services
from ropa_app.errors import RopaError
from ropa_app.store import open_ropa

TALKMORE = "talkmore/bedriftsnett"
ADDONS = ["talkmore/bedriftsnett/web-sentralbord", "talkmore/bedriftsnett/kalendersynk"]


def test_talkmore_and_its_addons_land_in_one_telephony_activity(new_file):
    with open_ropa(new_file) as store:
        results = adopt_services(store, [TALKMORE, *ADDONS])
        assert len({r.activity_id for r in results}) == 1
        [activity] = store.activities()
        assert activity["title"] == "Telefoni og sentralbord"
        assert activity["purpose"] == ""  # the purpose is the company's to state
        assert store.services_of_activity(activity["id"]) == sorted([TALKMORE, *ADDONS])


def test_an_addon_with_a_purpose_of_its_own_lands_in_its_own_activity(new_file):
    """Dipper's Net Promoter Score is a customer survey, not telephony (issue 7, point 9): its own activity, like
    Phonero's NPS; its base lands in telephony."""
    nps = "dipper/bedriftsnett/net-promoter-score"
    with open_ropa(new_file) as store:
        results = adopt_services(store, [nps, "phonero/bedriftsnett-kundetilfredshet-nps"])
        landed = {r.key: store.activity(r.activity_id)["title"] for r in results}
        assert landed == {"dipper/bedriftsnett": "Telefoni og sentralbord", nps: "Kundetilfredshetsmålinger",
                          "phonero/bedriftsnett-kundetilfredshet-nps": "Kundetilfredshetsmålinger"}
        assert len(store.activities()) == 2


def test_english_titles_when_asked(new_file):
    with open_ropa(new_file) as store:
        adopt_services(store, [TALKMORE], lang="en")
        assert store.activities()[0]["title"] == "Telephony and switchboard"


def test_an_addon_brings_its_base_service(new_file):
    with open_ropa(new_file) as store:
        results = adopt_services(store, [ADDONS[0]])
        assert [(r.key, r.implied_by) for r in results] == [(TALKMORE, ADDONS[0]), (ADDONS[0], "")]
        assert store.is_adopted(TALKMORE)


def test_services_for_different_purposes_get_their_own_activities(new_file):
    with open_ropa(new_file) as store:
        adopt_services(store, [TALKMORE, "phonero/supporthenvendelser", "phonero/nettbutikk-smart-mobilkjop"])
        titles = sorted(a["title"] for a in store.activities())
        assert titles == ["Administrasjon av mobilabonnement og utstyr", "Brukerstøtte fra teleleverandør",
                          "Telefoni og sentralbord"]


def test_named_activity_is_created_or_reused(new_file):
    with open_ropa(new_file) as store:
        adopt_services(store, [TALKMORE], activity_title="Sentralbord i Bergen")
        adopt_services(store, ["we4you/sentralbord"], activity_title="sentralbord i bergen")
        [activity] = store.activities()
        assert store.services_of_activity(activity["id"]) == [TALKMORE, "we4you/sentralbord"]


def test_adopting_twice_changes_nothing(new_file):
    with open_ropa(new_file) as store:
        adopt_services(store, [TALKMORE])
        log_size = len(store.change_log())
        [again] = adopt_services(store, [TALKMORE])
        assert again.already
        assert len(store.change_log()) == log_size


def test_unknown_key_adopts_nothing(new_file):
    with open_ropa(new_file) as store:
        with pytest.raises(RopaError) as err:
            adopt_services(store, [TALKMORE, "talkmore/finnes-ikke"])
        assert err.value.key == "unknown_service"
        assert store.activities() == [] and store.adopted_services() == []


def test_drop_removes_exactly_what_adoption_brought(new_file):
    with open_ropa(new_file) as store:
        adopt_services(store, ["phonero/supporthenvendelser"])
        before = (store.activities(), store.adopted_services())
        adopt_services(store, [TALKMORE, *ADDONS])
        drop_services(store, [TALKMORE])  # the base takes its add-ons along
        assert (store.activities(), store.adopted_services()) == before


def test_drop_keeps_an_activity_the_user_has_written_in(new_file):
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, [TALKMORE])
        store.update_activity(r.activity_id, "purpose", "Svare kunder som ringer.")
        drop_services(store, [TALKMORE])
        [activity] = store.activities()
        assert activity["purpose"] == "Svare kunder som ringer."
        assert store.services_of_activity(activity["id"]) == []


def test_drop_of_an_addon_keeps_the_base(new_file):
    with open_ropa(new_file) as store:
        adopt_services(store, [TALKMORE, *ADDONS])
        drop_services(store, [ADDONS[0]])
        assert store.is_adopted(TALKMORE) and not store.is_adopted(ADDONS[0])
        assert len(store.activities()) == 1


def test_drop_removes_its_confirmations_of_optional_categories(new_file):
    key = "telenor-inpli/2involve-kontaktsenter"
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, [key])
        optional = [c for c in store.catalogue().resolved(key).data_categories if c.if_chosen]
        assert optional, "2involve has dialogue content 'if chosen'"
        store.decide_category(r.activity_id, key, optional[0].subject, optional[0].name, "confirmed")
        assert len(store.category_decisions(r.activity_id)) == 1
        drop_services(store, [key])
        assert store.category_decisions() == []


def test_dropping_what_is_not_adopted_is_a_clear_error(new_file):
    with open_ropa(new_file) as store:
        with pytest.raises(RopaError) as err:
            drop_services(store, [TALKMORE])
        assert err.value.key == "not_adopted"


def test_every_change_is_in_the_change_log(new_file):
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, [TALKMORE])
        store.update_activity(r.activity_id, "legal_basis", ["b", "f"])
        store.update_organisation(name="Loggført AS")
        log = store.change_log()
        fields = {(e["entity"], e["field"]) for e in log}
        assert {("service", "adopted"), ("activity", "service"), ("activity", "legal_basis"),
                ("organisation", "name")} <= fields
        entry = next(e for e in log if e["field"] == "legal_basis")
        assert entry["old"] == "[]" and entry["new"] == '["b", "f"]' and entry["at"]
