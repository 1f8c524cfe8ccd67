"""The exports show an own vendor's facts with their source exactly as they show a catalogue vendor's (issue 9):
read back with python-calamine, an independent reader."""
from __future__ import annotations

import datetime as dt

from python_calamine import CalamineWorkbook

from ropa_app.adoption import adopt_services, link_service
from ropa_app.cli import main
from ropa_app.export import export_register
from ropa_app.own_vendors import build_own_service
from ropa_app.register import build_register
from ropa_app.starter import add_from_template
from ropa_app.store import open_ropa

TODAY = dt.date.today().isoformat()


def sheets(path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def row_with(rows: list[list], text: str) -> list:
    return next(r for r in rows if any(isinstance(c, str) and c == text for c in r))


def test_own_vendor_facts_carry_their_source_like_catalogue_facts(new_file, tmp_path, capsys):
    with open_ropa(new_file) as store:
        payroll = add_from_template(store, "payroll")
        vendor, service = build_own_service(
            {"vendor": "Visma", "service": "Visma Lønn", "countries": "NO", "sub_processors": "Microsoft Azure; IE",
             "data_categories": "ansatte: lønn", "retention": "Slettes 5 år etter regnskapsårets slutt"},
            store.catalogue())
        store.add_user_service(vendor, service)
        link_service(store, service.key, payroll)
        adopt_services(store, ["talkmore/bedriftsnett"], activity_id=payroll)
        register = build_register(store)
    out = export_register(register, "xlsx", tmp_path / "protokoll.xlsx")
    book = sheets(out)
    processors = book["Databehandlere"]
    header = processors[0]
    visma, talkmore = row_with(processors, "Visma"), row_with(processors, "Talkmore Bedrift")
    source_column = next(i for i, c in enumerate(header) if isinstance(c, str) and c.startswith("Kilde"))
    assert visma[source_column] == f"Visma: Egen registrering, {TODAY}"
    assert talkmore[source_column].startswith("Talkmore Bedrift: Tjenestevilkår for Talkmore Bedriftsnett")
    azure = row_with(book["Underdatabehandlere"], "Microsoft Azure")
    assert f"Visma: Egen registrering, {TODAY}" in azure and "Irland (EU/EØS)" in " ".join(map(str, azure))
    sources = [" | ".join(str(c) for c in r) for r in book["Kilder"]]
    assert any("Visma" in r and "Egen registrering" in r and TODAY in r for r in sources)
    register_text = " ".join(str(c) for r in book["Protokoll"] for c in r)
    assert "Visma – Visma Lønn (Databehandler)" in register_text and "(fra Visma)" in register_text

    # imported from a pack, the same facts cite the pack and the date
    pack = tmp_path / "pakke.toml"
    assert main(["pack", "export", str(new_file), "-o", str(pack)]) == 0
    other = tmp_path / "klient2.ropa"
    assert main(["init", str(other)]) == 0
    assert main(["pack", "import", str(other), str(pack)]) == 0
    with open_ropa(other) as store:
        activity = store.add_activity("Lønn")
        link_service(store, service.key, activity)
        register = build_register(store)
    book = sheets(export_register(register, "xlsx", tmp_path / "klient2.xlsx"))
    assert row_with(book["Databehandlere"], "Visma")[source_column] == f"Visma: pakke.toml, {TODAY}"
    capsys.readouterr()
