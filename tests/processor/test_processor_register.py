"""Issue 11, part A: the processor's register (art. 30(2)) in the file, its checks, and its exports read back as a
reader gets them (python-calamine for the xlsx, openpyxl for its colours, pypdf for the PDF, json)."""
from __future__ import annotations

import json

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from ropa_app.cli import main
from ropa_app.errors import RopaError
from ropa_app.export import export_register
from ropa_app.export.xlsx import MANDATORY_FILL, OPTIONAL_FILL
from ropa_app.processor_columns import PROCESSOR_COLUMNS
from ropa_app.register import build_register
from ropa_app.store import open_ropa
from ropa_app.validation import clean_text

pytestmark = pytest.mark.timeout(120)
PARTNER = "Sandviken Manuellterapi AS"


def _register(path):
    with open_ropa(path) as store:
        return build_register(store)


def _processor_gaps(register):
    return sorted((g.severity, g.code, g.param_dict().get("recipient", "")) for g in register.gaps
                  if g.field.startswith(("served_controller.", "processor_role.")))


# --- the file -----------------------------------------------------------------------------------------------

def test_controllers_and_sub_processors_are_kept_changed_logged_and_restored(new_file):
    with open_ropa(new_file) as store:
        cid = store.add_served_controller("Klinikk AS", email="post@klinikk.no", dpa_date="02.04.2024")
        assert store.served_controller(cid)["dpa_date"] == "2024-04-02"  # a Norwegian date is stored as ISO
        assert store.update_served_controller(cid, "processing", "Timebestilling") == ("", "Timebestilling")
        assert store.update_served_controller(cid, "processing", "Timebestilling") is None
        sub = store.add_served_sub_processor(cid, name="Timebok AS", countries=["uk"], task="Timebok")
        assert store.served_sub_processors(cid)[0]["countries"] == ["GB"]
        with pytest.raises(RopaError):
            store.update_served_controller(cid, "email", "ikke en adresse")
        with pytest.raises(RopaError):
            store.add_served_sub_processor(cid, service_key="finnes/ikke")
        snapshot = store.remove_served_controller(cid)
        assert store.served_controllers() == [] and store.served_sub_processors() == []
        store.restore_served_controller(snapshot)
        assert store.served_controller(cid)["processing"] == "Timebestilling"
        assert [s["id"] for s in store.served_sub_processors(cid)] == [sub]
        logged = {(c["entity"], c["field"]) for c in store.change_log()}
    assert {("served_controller", "name"), ("served_controller", "processing"),
            ("served_controller", "sub_processor"), ("served_controller", "removed"),
            ("served_controller", "restored")} <= logged


def test_the_role_is_an_organisation_setting_and_nothing_is_checked_before_it(new_file):
    with open_ropa(new_file) as store:
        store.add_served_controller("Klinikk AS")
        assert _processor_gaps(build_register(store)) == []  # not said to be a processor: no 30(2) checks
        store.update_organisation(acts_as_processor="yes")
        register = build_register(store)
    assert register.organisation.acts_as_processor == "yes" and register.processor.acts_as_processor


# --- the checks ------------------------------------------------------------------------------------------------

def test_the_30_2_checks_are_graded_by_the_processor_template(new_file):
    with open_ropa(new_file) as store:
        store.update_organisation(acts_as_processor="yes")
        assert _processor_gaps(build_register(store)) == [("mandatory", "processor_no_controllers", "")]
        cid = store.add_served_controller("Klinikk AS")
        store.add_served_sub_processor(cid, name="Ukjent Sky AS")  # nobody says where: unknown, never "no"
        store.add_served_sub_processor(cid, name="Booking Inc.", countries=["US"])
        assert _processor_gaps(build_register(store)) == sorted([
            ("mandatory", "served_contact_missing", ""),  # (a)
            ("mandatory", "served_processing_missing", ""),  # (b)
            ("mandatory", "served_location_unknown", "Ukjent Sky AS"),  # (c)
            ("mandatory", "served_mechanism_missing", "Booking Inc."),  # (c)
            ("mandatory", "served_security_missing", ""),  # (d)
            ("warning", "served_org_number_missing", ""),  # green: not required by art. 30(2)
            ("warning", "served_dpa_missing", ""),  # art. 28(3), not a 30(2) field
        ])
        for field, value in (("email", "post@klinikk.no"), ("processing", "Timebestilling"),
                             ("org_number", "917000018"), ("dpa_reference", "DBA 2024")):
            store.update_served_controller(cid, field, value)
        store.update_processor_role(security_measures="To-faktor og logging")
        store.resolve_recipient("Ukjent Sky AS", ["SE"])
        store.resolve_recipient("Booking Inc.", ["US"], "EUs standardkontrakter (2021/914)")
        assert _processor_gaps(build_register(store)) == []


def test_the_register_text_never_says_no_transfer_while_a_location_is_unknown(new_file):
    from ropa_app.processor_columns import third_countries_text

    with open_ropa(new_file) as store:
        store.update_organisation(acts_as_processor="yes")
        cid = store.add_served_controller("Klinikk AS")
        store.add_served_sub_processor(cid, name="Ukjent Sky AS")
        part = build_register(store).processor
        text = third_countries_text(part.controllers[0], part, "nb")
        store.resolve_recipient("Ukjent Sky AS", ["NO"])
        part = build_register(store).processor
    assert "Ukjent" in text and "Nei" not in text
    assert third_countries_text(part.controllers[0], part, "nb").startswith("Nei")


# --- the exports -------------------------------------------------------------------------------------------------

def _xlsx(register, path, which):
    export_register(register.with_parts(which), "xlsx", path)
    return CalamineWorkbook.from_path(str(path))


def test_the_processor_workbook_follows_the_template_order_and_colours(sample_file, tmp_path):
    register = _register(sample_file)
    book = _xlsx(register, tmp_path / "p.xlsx", "processor")
    assert book.sheet_names[:2] == ["Databehandler", "Protokoll som databehandler"]
    assert "Protokoll" not in book.sheet_names  # the controller's register is not in it
    rows = book.get_sheet_by_name("Protokoll som databehandler").to_python()
    assert rows[0][1:] == [c.label("nb") for c in PROCESSOR_COLUMNS]
    row = dict(zip(rows[0], rows[1]))
    assert row["Behandlingsansvarlig (navn og organisasjonsnummer)"].startswith(PARTNER)
    assert "Timebok Norge AS" in row["Underdatabehandlere (og hvor de behandler opplysningene)"]
    assert "Ukjent" in row["Navn på tredjeland eller internasjonale organisasjoner"]
    assert "02.04.2024" in row["Databehandleravtale (dato/referanse)"]
    role = book.get_sheet_by_name("Databehandler").to_python()
    assert ["Navn", "Fjordlys Fysioterapi AS"] in [r[:2] for r in role] or any(
        "Fjordlys Fysioterapi AS" in r for r in role)
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx")["Protokoll som databehandler"]
    fills = [ws.cell(1, i + 2).fill.start_color.rgb[-6:] for i in range(len(PROCESSOR_COLUMNS))]
    assert fills == [MANDATORY_FILL if c.mandatory else OPTIONAL_FILL for c in PROCESSOR_COLUMNS]
    assert {c.key for c in PROCESSOR_COLUMNS if c.mandatory} == {"controller", "contact", "processing",
                                                                "third_countries", "safeguards", "security"}
    gaps = book.get_sheet_by_name("Mangler").to_python()[1:]
    assert gaps and all(PARTNER == r[2] or "Sandviken" in str(r) for r in gaps)  # the processor's gaps alone


def test_both_registers_in_one_workbook_and_the_controller_stays_the_default(sample_file, tmp_path):
    register = _register(sample_file)
    both = _xlsx(register, tmp_path / "b.xlsx", "both").sheet_names
    assert "Protokoll" in both and "Protokoll som databehandler" in both
    assert both.index("Protokoll") < both.index("Protokoll som databehandler")
    export_register(register, "xlsx", tmp_path / "c.xlsx")
    assert "Protokoll som databehandler" not in CalamineWorkbook.from_path(str(tmp_path / "c.xlsx")).sheet_names


def test_the_processor_pdf_and_both(sample_file, tmp_path):
    register = _register(sample_file)
    export_register(register.with_parts("processor"), "pdf", tmp_path / "p.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(tmp_path / "p.pdf")).pages)
    assert "Protokoll for databehandler" in text and PARTNER in text and "Timebok Norge AS" in text
    for c in PROCESSOR_COLUMNS:
        label = " ".join(c.label("nb").split())
        assert (f"{label} *" in text) == c.mandatory, c.key
    assert "Behandlingsaktiviteter" not in text  # the controller's register is not in it
    export_register(register.with_parts("both"), "pdf", tmp_path / "b.pdf")
    reader = PdfReader(str(tmp_path / "b.pdf"))
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert outline.index("Behandlingsaktiviteter") < outline.index("Dataflytkart") < outline.index(
        "Protokoll som databehandler") < outline.index("Mangler og merknader")


def test_the_datatilsynet_copy_of_the_processor_register_has_no_working_documents(sample_file, tmp_path):
    with open_ropa(sample_file) as store:
        store.update_served_controller(1, "notes", "Intern merknad om partneren")
        register = build_register(store)
    export_register(register.for_audience("datatilsynet").with_parts("processor"), "pdf", tmp_path / "d.pdf")
    text = " ".join((p.extract_text() or "") for p in PdfReader(str(tmp_path / "d.pdf")).pages)
    assert "Mangler og merknader" not in text and "Endringslogg" not in text and "Intern merknad" not in text


def test_json_and_the_command_line(sample_file, tmp_path, capsys):
    out = tmp_path / "p.json"
    assert main(["export", str(sample_file), "--format", "json", "--register", "processor", "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["parts"] == ["processor"] and data["entries"] == []
    controller = data["processor"]["controllers"][0]
    assert controller["name"] == PARTNER
    assert "Timebok Norge AS" in controller["register_text"]["sub_processors"]
    assert all(g["field"].startswith("served_controller.") for g in data["gaps"])
    assert main(["export", str(sample_file), "--format", "json", "-o", str(out)]) == 0
    assert "processor" not in json.loads(out.read_text())
    with pytest.raises(SystemExit):
        main(["export", str(sample_file), "--format", "json", "--register", "ingen"])


# --- user text is data -------------------------------------------------------------------------------------------

free_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).filter(
    lambda s: clean_text(s).strip())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=free_text, processing=free_text, task=free_text)
def test_any_text_in_the_processor_fields_comes_back_as_typed_never_as_a_formula(new_file, tmp_path, name,
                                                                                 processing, task):
    with open_ropa(new_file) as store:
        store.update_organisation(acts_as_processor="yes")
        for c in store.served_controllers():
            store.remove_served_controller(c["id"])
        cid = store.add_served_controller("=" + name if not name.strip().startswith("=") else name,
                                          processing=processing)
        store.add_served_sub_processor(cid, name="@" + task, countries=["NO"], task=task)
        stored = store.served_controller(cid)
        register = build_register(store)
    target = tmp_path / "h.xlsx"
    export_register(register.with_parts("processor"), "xlsx", target)
    row = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("Protokoll som databehandler").to_python()[1]
    assert row[1].split("\n")[0] == stored["name"]
    assert row[5].split("\n")[0] == stored["processing"].split("\n")[0]
    ws = openpyxl.load_workbook(target)["Protokoll som databehandler"]
    assert all(cell.data_type != "f" for r in ws.iter_rows() for cell in r)
    export_register(register.with_parts("processor"), "pdf", tmp_path / "h.pdf")  # never crashes


def test_the_command_line_keeps_the_processor_register(new_file, capsys):
    assert main(["processor", "role", str(new_file), "--on", "yes", "--security-measures", "To-faktor"]) == 0
    assert main(["processor", "add", str(new_file), "--name", "Regnskap AS", "--email", "post@regnskap.no",
                 "--dpa-date", "01.02.2025"]) == 0
    controller_id = int(capsys.readouterr().out.strip().splitlines()[-1])
    assert main(["processor", "set", str(new_file), str(controller_id), "processing", "Lønnskjøring", "for",
                 "kunden"]) == 0
    assert main(["processor", "sub", str(new_file), str(controller_id), "--name", "Sky Inc", "--country", "US"]) == 0
    assert main(["processor", "sub", str(new_file), str(controller_id)]) == 1  # neither a service nor a name
    capsys.readouterr()
    assert main(["processor", "show", str(new_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    row = data["controllers"][0]
    assert data["acts_as_processor"] and row["name"] == "Regnskap AS"
    assert row["processing"] == "Lønnskjøring for kunden" and "01.02.2025" in row["dpa"]
    assert "overføringsgrunnlag mangler" in row["safeguards"]
    assert main(["check", str(new_file)]) == 1
    assert "Regnskap AS" in capsys.readouterr().out
    assert main(["processor", "remove", str(new_file), str(controller_id)]) == 0
    with open_ropa(new_file) as store:
        assert store.served_controllers() == []


def test_a_file_from_before_m006_is_backed_up_and_migrated_without_a_processor_role(tmp_path, monkeypatch):
    import sqlite3

    from ropa_app.sample import fill_sample_company
    from ropa_app.store import create_ropa, opening
    from ropa_app.store.migrations import migrations
    from ropa_app.store.schema import MIGRATION_NAMES

    path = tmp_path / "gammel.ropa"
    with monkeypatch.context() as patch:
        patch.setattr(opening, "apply_migrations",
                      lambda db: migrations.apply(db, stop_before="m006_processor_register"))
        patch.setattr("ropa_app.store.store.SCHEMA_VERSION", MIGRATION_NAMES.index("m006_processor_register"))
        with create_ropa(path) as store:
            fill_sample_company(store)  # the controller's part only: the tables of m006 are not there yet
    with sqlite3.connect(path) as conn:
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'served_controllers'").fetchone()
    with open_ropa(path) as store:
        assert store.backup_path is not None and "m006" in store.backup_path.name
        assert store.organisation()["acts_as_processor"] == "" and store.served_controllers() == []
        register = build_register(store)
    assert not register.processor.acts_as_processor and _processor_gaps(register) == []
    assert len(register.entries) == 5


def test_the_change_log_names_a_served_controller_and_its_sub_processor_by_name(new_file):
    from ropa_app.change_log import describer_for
    from ropa_app.register import build_register

    with open_ropa(new_file) as store:
        store.update_organisation(acts_as_processor="yes")
        cid = store.add_served_controller("Klinikk AS")
        store.update_served_controller(cid, "processing", "Timebestilling")
        store.add_served_sub_processor(cid, service_key="we4you/sentralbord")
        gone = store.add_served_controller("Tannlege AS")
        store.remove_served_controller(gone)
        register = build_register(store)
    describe = describer_for(register, "nb")
    sentences = [describe.describe(e.entity, e.entity_id, e.field, e.old, e.new).sentence
                 for e in register.change_log if e.entity == "served_controller"]
    assert any("«Klinikk AS»" in s and "Timebestilling" in s for s in sentences), sentences
    assert any(s.startswith("«Klinikk AS»: underdatabehandler lagt til: We4you") for s in sentences), sentences
    assert "Behandlingsansvarlig som virksomheten er databehandler for, fjernet: «Tannlege AS»" in sentences
    assert "Behandlingsansvarlig som virksomheten er databehandler for, lagt til: «Klinikk AS»" in sentences
    assert not any(f"ansvarlig {cid}" in s.lower() for s in sentences), sentences


def test_the_change_log_writes_the_processor_role_without_a_row_number_and_numbers_and_dates_as_read(
        new_file):
    from ropa_app.change_log import describer_for
    from ropa_app.register import build_register

    with open_ropa(new_file) as store:
        store.update_organisation(acts_as_processor="yes")
        store.update_processor_role(security_measures="Kryptert lagring")
        cid = store.add_served_controller("Klinikk AS")
        store.update_served_controller(cid, "org_number", "917000018")
        store.update_served_controller(cid, "dpa_date", "2024-04-02")
        register = build_register(store)
    describe = describer_for(register, "nb")
    texts = [describe.describe(e.entity, e.entity_id, e.field, e.old, e.new) for e in register.change_log]
    role = next(x for x, e in zip(texts, register.change_log) if e.entity == "processor_role")
    assert not role.what.endswith(": 1") and ": 1:" not in role.sentence
    number = next(x for x, e in zip(texts, register.change_log) if e.field == "org_number")
    assert number.new == "917 000 018" and "«917 000 018»" in number.sentence
    date = next(x for x, e in zip(texts, register.change_log) if e.field == "dpa_date")
    assert date.new == "02.04.2024" and "«02.04.2024»" in date.sentence
