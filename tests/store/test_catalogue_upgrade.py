"""A newer shipped catalogue upgrades the file's copy without touching the user's data; changed facts of
adopted services are recorded for the user to see."""
from __future__ import annotations

import dataclasses

from ropa_app.adoption import adopt_services
from ropa_app.catalogue import Catalogue, load_catalogue
from ropa_app.store import open_ropa

TALKMORE = "talkmore/bedriftsnett"


def _newer(catalogue: Catalogue, version: str, change) -> Catalogue:
    vendors = []
    for vendor in catalogue.vendors:
        services = tuple(change(s) for s in vendor.services)
        vendors.append(dataclasses.replace(vendor, services=services))
    return dataclasses.replace(catalogue, version=version, vendors=tuple(vendors))


def _move_sub_processor(service):
    if service.key != TALKMORE:
        return service
    moved = tuple(dataclasses.replace(p, countries=("SE",)) if p.name.startswith("Gintel") else p
                  for p in service.sub_processors)
    return dataclasses.replace(service, sub_processors=moved)


def test_upgrade_records_changes_to_adopted_services_and_keeps_user_text(new_file):
    with open_ropa(new_file) as store:
        [r] = adopt_services(store, [TALKMORE])
        store.update_activity(r.activity_id, "purpose", "Vårt eget formål")
        store.update_organisation(name="Eget Navn AS")
    shipped = load_catalogue()
    newer = _newer(shipped, "2099.1.1", _move_sub_processor)
    with open_ropa(new_file, catalogue=newer) as store:
        assert store.meta()["catalogue_version"] == "2099.1.1"
        [change] = store.catalogue_changes()
        assert change["service_key"] == TALKMORE
        assert change["from_version"] == shipped.version and change["to_version"] == "2099.1.1"
        gintel = [p for p in store.catalogue().service(TALKMORE).sub_processors if p.name.startswith("Gintel")]
        assert gintel and gintel[0].countries == ("SE",)
        assert store.activity(r.activity_id)["purpose"] == "Vårt eget formål"
        assert store.organisation()["name"] == "Eget Navn AS"
        store.acknowledge_catalogue_change(change["id"])
        assert store.catalogue_changes() == []


def test_changes_to_services_not_in_use_are_applied_quietly(new_file):
    newer = _newer(load_catalogue(), "2099.1.1", _move_sub_processor)
    with open_ropa(new_file, catalogue=newer) as store:
        assert store.catalogue_changes() == []
        assert store.meta()["catalogue_version"] == "2099.1.1"


def test_an_older_catalogue_never_downgrades_the_file(new_file):
    older = _newer(load_catalogue(), "2000.1.1", _move_sub_processor)
    with open_ropa(new_file, catalogue=older) as store:
        assert store.meta()["catalogue_version"] == load_catalogue().version
        gintel = [p for p in store.catalogue().service(TALKMORE).sub_processors if p.name.startswith("Gintel")]
        assert gintel[0].countries != ("SE",)


def test_a_vanished_service_stays_while_adopted(new_file):
    with open_ropa(new_file) as store:
        adopt_services(store, ["we4you/sentralbord"])
    shipped = load_catalogue()
    vendors = tuple(v for v in shipped.vendors if v.id != "we4you")
    newer = dataclasses.replace(shipped, version="2099.1.1", vendors=vendors)
    with open_ropa(new_file, catalogue=newer) as store:
        assert store.catalogue().has("we4you/sentralbord")
        [change] = store.catalogue_changes()
        assert change["service_key"] == "we4you/sentralbord" and change["new_facts"] == ""


def test_user_vendors_are_kept_apart_and_survive_upgrades(new_file):
    from ropa_app.catalogue import Service, Source, Vendor

    source = Source(document="egen avtale", section="")
    vendor = Vendor(id="user-regnskap", name="Regnskapsbyrå AS", document="", document_title="", source=source)
    service = Service(key="user-regnskap/lonn", vendor="user-regnskap", name="Lønnskjøring",
                      description="Lønn", source=source, activity="telecom_administration", role="processor",
                      countries=("NO",))
    with open_ropa(new_file) as store:
        store.add_user_service(vendor, service)
        assert store.service_origin("user-regnskap/lonn") == "user"
    newer = _newer(load_catalogue(), "2099.1.1", lambda s: s)
    with open_ropa(new_file, catalogue=newer) as store:
        assert store.catalogue().service("user-regnskap/lonn").name == "Lønnskjøring"
