"""The sample company: data shipped in resources/sample/ (fjordlys.toml), filled into a ROPA file through the core,
as a user would. The one way in for `ropa init --sample`, `ropa show --sample` and `ropa-app --sample`.

A build that leaves the sample out still runs: asking for it then says so in words.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ropa_app.errors import RopaError
from ropa_app.paths import data_dir, resource_path

if TYPE_CHECKING:
    from ropa_app.store import Store

SAMPLE_FILE_NAME = "eksempel-fjordlys-fysioterapi.ropa"


def sample_definition() -> dict:
    """The sample company as data: its organisation, services, activities and processor role."""
    import tomllib

    path = resource_path("sample", "fjordlys.toml")
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise RopaError("sample_missing", path=str(path)) from None


def fill_sample_company(store: Store, lang: str = "nb", data: dict | None = None) -> None:
    """Fill the sample company (``data``, or the shipped one) into an open (new) ROPA file, in one transaction."""
    from ropa_app.adoption import adopt_services

    data = data if data is not None else sample_definition()
    with store.transaction():
        organisation = dict(data["organisation"])
        for late in ("dpo_appointed", "has_joint_controllers", "needs_representative"):  # a file kept at an older schema (migration tests)
            if late not in store.organisation():
                organisation.pop(late, None)
        store.update_organisation(**organisation)
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
    """The sample company's ROPA file in the data folder, made on first use (an existing one is only named)."""
    path = data_dir() / SAMPLE_FILE_NAME
    if not path.exists():
        from ropa_app.store import create_ropa

        data = sample_definition()  # before anything is made: a build without the sample says so
        path.parent.mkdir(parents=True, exist_ok=True)
        with create_ropa(path) as store:
            fill_sample_company(store, data=data)
    return path
