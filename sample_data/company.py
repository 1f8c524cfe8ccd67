"""The sample company (fjordlys.toml), filled into a ROPA file through the core, as a user would."""
from __future__ import annotations

import tomllib
from pathlib import Path

from ropa_app.adoption import adopt_services
from ropa_app.paths import data_dir, sample_data_path
from ropa_app.store import Store, create_ropa

SAMPLE_FILE_NAME = "eksempel-fjordlys-fysioterapi.ropa"


def sample_definition() -> dict:
    with sample_data_path("fjordlys.toml").open("rb") as fh:
        return tomllib.load(fh)


def fill_sample_company(store: Store, lang: str = "nb") -> None:
    """Fill the sample company into an open (new) ROPA file, in one transaction."""
    data = sample_definition()
    with store.transaction():
        store.update_organisation(**data["organisation"])
        for group in data["services"]:
            adopt_services(store, group["keys"], lang=lang)
        for dpa in data.get("dpa", []):
            store.set_dpa_reference(dpa["key"], dpa["reference"])
        for place in data.get("recipient_locations", []):
            store.resolve_recipient(place["recipient"], place["countries"], note=place.get("note", ""))
        for entry in data["activities"]:
            fields = {k: v for k, v in entry.items() if k not in ("template", "title", "decisions")}
            if "template" in entry:
                activity_id = store.activity_by_template(entry["template"])
                assert activity_id is not None, entry["template"]
            else:
                activity_id = store.add_activity(entry["title"])
            for name, value in fields.items():
                store.update_activity(activity_id, name, value)
        fill_processor_role(store, data.get("processor"))


def fill_processor_role(store: Store, role: dict | None) -> None:
    """The company's role as a processor (art. 30(2)): the controllers it acts for and its sub-processors."""
    if not role or not store._has_processor_tables():  # a file kept at a schema before m006 (migration tests)
        return
    store.update_organisation(acts_as_processor="yes")
    store.update_processor_role(**{k: v for k, v in role.items() if k != "controllers"})
    for controller in role.get("controllers", []):
        fields = {k: v for k, v in controller.items() if k not in ("name", "sub_processors")}
        controller_id = store.add_served_controller(controller["name"], **fields)
        for sub in controller.get("sub_processors", []):
            store.add_served_sub_processor(controller_id, **sub)


def sample_file() -> Path:
    """The sample company's ROPA file in the data folder, made on first use."""
    path = data_dir() / SAMPLE_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with create_ropa(path) as store:
            fill_sample_company(store)
    return path
