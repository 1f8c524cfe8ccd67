"""The `ropa` command: every command works on a real file, every user error is a clear message with exit 1."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import pytest
from conftest import checksum, read_only

from ropa_app.cli import main
from ropa_app.store import open_ropa


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_a_seeded_file(tmp_path, capsys):
    path = tmp_path / "ny.ropa"
    code, out, err = run(capsys, "init", path, "--org", "Nye Bedrift AS", "--org-number", "923 609 016")
    assert code == 0 and err == ""
    assert "Opprettet" in out
    with open_ropa(path) as store:
        assert store.organisation()["name"] == "Nye Bedrift AS"
        assert store.organisation()["org_number"] == "923609016"


def test_init_with_an_invalid_org_number_leaves_no_file(tmp_path, capsys):
    path = tmp_path / "ny.ropa"
    code, out, err = run(capsys, "init", path, "--org-number", "123456789")
    assert code == 1
    assert "123456789" in err and "organisasjonsnummer" in err
    assert "Traceback" not in err


def test_init_sample_fills_in_the_sample_company(tmp_path, capsys):
    path = tmp_path / "eksempel.ropa"
    assert run(capsys, "init", path, "--sample")[0] == 0
    code, out, _ = run(capsys, "activity", "list", path, "--json")
    titles = [a["title"] for a in json.loads(out)]
    assert "Telefoni og sentralbord" in titles and "Pasientjournal" in titles
    telephony = next(a for a in json.loads(out) if a["title"] == "Telefoni og sentralbord")
    assert "we4you/sentralbord" in telephony["services"]
    assert telephony["legal_basis"] == ["b", "f"]


def test_catalogue_json_lists_every_service_with_every_field(capsys):
    from ropa_app.catalogue import Service, load_catalogue

    code, out, _ = run(capsys, "catalogue", "--json")
    assert code == 0
    services = json.loads(out)
    assert {s["key"] for s in services} == {s.key for s in load_catalogue().services}
    fields = {f for f in Service.__dataclass_fields__}
    for s in services:
        assert fields <= set(s) and s["vendor_name"]


def test_catalogue_text_and_vendor_filter(capsys):
    code, out, _ = run(capsys, "catalogue", "--vendor", "we4you")
    assert code == 0 and "we4you/sentralbord" in out and "talkmore" not in out
    code, _, err = run(capsys, "catalogue", "--vendor", "finnes-ikke")
    assert code == 1 and "finnes-ikke" in err


def test_org_show_and_change(new_file, capsys):
    code, out, _ = run(capsys, "org", new_file, "--name", "Fjord AS", "--org-number", "923609016",
                       "--email", "post@fjord.no", "--phone", "+47 22 33 44 55", "--dpo-name", "Kari Nordmann",
                       "--dpo-email", "kari@fjord.no")
    assert code == 0
    assert "Organisasjonsnummer: 923 609 016" in out  # shown as Norwegians write it
    code, out, _ = run(capsys, "org", new_file, "--json")
    org = json.loads(out)
    assert org["dpo_name"] == "Kari Nordmann" and org["email"] == "post@fjord.no"


@pytest.mark.parametrize("option,value,words", [
    ("--org-number", "923609017", "organisasjonsnummer"),
    ("--email", "post@fjord", "e-postadresse"),
    ("--dpo-email", "kari at fjord.no", "e-postadresse"),
    ("--phone", "ring meg", "telefonnummer"),
])
def test_org_invalid_values_are_refused_and_nothing_changes(new_file, capsys, option, value, words):
    run(capsys, "org", new_file, "--name", "Før AS")
    before = checksum(new_file)
    code, out, err = run(capsys, "org", new_file, "--name", "Etter AS", option, value)
    assert code == 1 and words in err and "Traceback" not in err
    assert checksum(new_file) == before


def test_adopt_drop_and_activity_commands(new_file, capsys):
    code, out, _ = run(capsys, "adopt", new_file, "talkmore/bedriftsnett", "talkmore/bedriftsnett/kalendersynk")
    assert code == 0 and "Telefoni og sentralbord" in out
    code, out, _ = run(capsys, "activity", "list", new_file, "--json")
    [activity] = json.loads(out)
    assert activity["services"] == ["talkmore/bedriftsnett", "talkmore/bedriftsnett/kalendersynk"]
    aid = activity["id"]

    assert run(capsys, "activity", "set", new_file, aid, "purpose", "Svare", "kunder")[0] == 0
    assert run(capsys, "activity", "set", new_file, aid, "legal_basis", "b", "f")[0] == 0
    assert run(capsys, "activity", "set", new_file, aid, "data_subjects", "kunder", "ansatte")[0] == 0
    # Not while a mandatory item is missing: the message says which, and nothing changes.
    before = checksum(new_file)
    code, _, err = run(capsys, "activity", "set", new_file, aid, "status", "approved")
    assert code == 1 and "kan ikke godkjennes" in err and "Google Analytics" in err and "sikkerhetstiltak" in err
    assert checksum(new_file) == before
    assert run(capsys, "activity", "set", new_file, aid, "security_measures", "To-faktor", "for", "alle")[0] == 0
    assert run(capsys, "recipient", new_file, "Google Analytics", "--country", "IE")[0] == 0
    assert run(capsys, "activity", "set", new_file, aid, "status", "approved")[0] == 0
    code, out, _ = run(capsys, "activity", "show", new_file, aid, "--json")
    shown = json.loads(out)
    assert shown["purpose"] == "Svare kunder"
    assert shown["legal_basis"] == ["b", "f"] and shown["data_subjects"] == ["kunder", "ansatte"]
    assert shown["status"] == "approved"
    code, out, _ = run(capsys, "activity", "show", new_file, aid)
    assert "Formålet med behandlingen: Svare kunder" in out
    assert "(f) Berettiget interesse" in out
    code, out, _ = run(capsys, "--lang", "en", "activity", "show", new_file, aid)
    assert "Purpose of the processing: Svare kunder" in out

    code, out, _ = run(capsys, "activity", "add", new_file, "--title", "Lønn og personal")
    new_id = int(out.strip())
    assert run(capsys, "activity", "remove", new_file, new_id)[0] == 0
    code, out, _ = run(capsys, "drop", new_file, "talkmore/bedriftsnett")
    assert code == 0
    code, out, _ = run(capsys, "activity", "list", new_file, "--json")
    assert [a["services"] for a in json.loads(out)] == [[]]  # the activity the user wrote in stays


def test_every_activity_field_can_be_set_from_the_command_line(new_file, capsys):
    from ropa_app.domain import ACTIVITY_FIELDS

    sample = {"choices": None, "choice": None, "email": "a@b.no", "phone": "+47 22 33 44 55"}
    choice_values = {"legal_basis": ["c"], "special_categories": ["health"], "art9_conditions": ["h"],
                     "high_risk": ["yes"], "dpia_done": ["no"], "status": ["approved"],
                     "special_categories_answer": ["yes"], "criminal_offences_answer": ["no"]}
    aid = int(run(capsys, "activity", "add", new_file, "--title", "Alt")[1])
    for name, spec in ACTIVITY_FIELDS.items():
        values = choice_values.get(name) or [sample.get(spec.kind) or f"verdi for {name}"]
        code, _, err = run(capsys, "activity", "set", new_file, aid, name, *values)
        assert code == 0, (name, err)
    shown = json.loads(run(capsys, "activity", "show", new_file, aid, "--json")[1])
    assert shown["art9_conditions"] == ["h"] and shown["owner_email"] == "a@b.no"
    assert shown["retention"] == "verdi for retention"


@pytest.mark.parametrize("argv,words", [
    (["activity", "set", "{f}", "999", "purpose", "x"], "999"),
    (["activity", "set", "{f}", "{id}", "colour", "blue"], "colour"),
    (["activity", "set", "{f}", "{id}", "legal_basis", "z"], "«Behandlingsgrunnlag artikkel 6»"),  # its label
    (["activity", "set", "{f}", "{id}", "owner_email", "nope"], "e-postadresse"),
    (["activity", "set", "{f}", "{id}", "title", " "], "tittel"),
    (["activity", "show", "{f}", "999"], "999"),
    (["activity", "remove", "{f}", "999"], "999"),
    (["adopt", "{f}", "talkmore/ukjent"], "talkmore/ukjent"),
    (["drop", "{f}", "we4you/sentralbord"], "ikke tatt i bruk"),
    (["decide", "{f}", "{id}", "talkmore/bedriftsnett", "Samtaleopptak", "confirmed"], "Samtaleopptak"),
])
def test_user_errors_exit_1_with_a_message_and_change_nothing(new_file, capsys, argv, words):
    aid = int(run(capsys, "activity", "add", new_file, "--title", "Test")[1])
    before = checksum(new_file)
    argv = [a.format(f=new_file, id=aid) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 1, out
    assert words in err and err.startswith("Feil: ") and "Traceback" not in err
    assert checksum(new_file) == before


def test_messages_in_english(new_file, capsys):
    code, _, err = run(capsys, "--lang", "en", "activity", "show", new_file, "42")
    assert code == 1 and err.startswith("Error: ") and "no processing activity number 42" in err


def test_bad_files_are_clear_errors(tmp_path, capsys):
    text = tmp_path / "notat.ropa"
    text.write_text("ikke en database")
    code, _, err = run(capsys, "activity", "list", text)
    assert code == 1 and "ikke en ROPA-fil" in err
    code, _, err = run(capsys, "activity", "list", tmp_path / "borte.ropa")
    assert code == 1 and "Fant ikke filen" in err
    code, _, err = run(capsys, "init", tmp_path / "mangler" / "ny.ropa")
    assert code == 1 and "finnes ikke" in err


def test_newer_file_is_refused_by_every_command(new_file, capsys):
    conn = sqlite3.connect(new_file)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    before = checksum(new_file)
    for argv in (["activity", "list", new_file], ["adopt", new_file, "we4you/sentralbord"], ["log", new_file]):
        code, _, err = run(capsys, *argv)
        assert code == 1 and "nyere versjon" in err
    assert checksum(new_file) == before


def test_read_only_file_can_be_listed_but_not_changed(new_file, capsys):
    with read_only(new_file):
        assert run(capsys, "activity", "list", new_file)[0] == 0
        code, _, err = run(capsys, "adopt", new_file, "we4you/sentralbord")
        assert code == 1 and "skrivebeskyttet" in err


def test_locked_file_is_a_clear_error(new_file, capsys, monkeypatch):
    from ropa_app.store import opening

    monkeypatch.setattr(opening, "BUSY_TIMEOUT_MS", 50)
    blocker = sqlite3.connect(new_file, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        code, _, err = run(capsys, "adopt", new_file, "we4you/sentralbord")
    finally:
        blocker.rollback()
        blocker.close()
    assert code == 1 and "i bruk av et annet program" in err
    with open_ropa(new_file) as store:
        assert store.adopted_services() == []


def test_log_lists_changes(new_file, capsys):
    run(capsys, "org", new_file, "--name", "Logg AS")
    code, out, _ = run(capsys, "log", new_file, "--json")
    entries = json.loads(out)
    assert entries[0]["field"] == "name" and entries[0]["new"] == "Logg AS"
    code, out, _ = run(capsys, "log", new_file)
    assert "organisation 1 name" in out and "Logg AS" in out


def test_decide_optional_category(new_file, capsys):
    key = "telenor-inpli/2involve-kontaktsenter"
    run(capsys, "adopt", new_file, key)
    aid = json.loads(run(capsys, "activity", "list", new_file, "--json")[1])[0]["id"]
    from ropa_app.catalogue import load_catalogue

    optional = next(c for c in load_catalogue().resolved(key).data_categories if c.if_chosen)
    code, out, err = run(capsys, "decide", new_file, aid, key, optional.name, "declined")
    assert code == 0, err
    shown = json.loads(run(capsys, "activity", "show", new_file, aid, "--json")[1])
    assert shown["category_decisions"][0]["decision"] == "declined"


def test_show_creates_and_opens_the_default_file(isolated_data, capsys):
    code, out, _ = run(capsys, "show")
    assert code == 0 and (isolated_data / "default.ropa").exists()
    code, out, _ = run(capsys, "where")
    assert out.strip() == str(isolated_data / "default.ropa")
    code, out, _ = run(capsys, "show", "--sample")
    assert code == 0 and "Fjordlys Fysioterapi AS" in out and "914 653 223" in out


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["activity", "frobnicate"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["adopt"])
    assert exc.value.code == 2


def test_installed_entry_points_run(new_file):
    """`ropa` on the PATH of the environment and `python -m ropa_app` both work, without a traceback."""
    ropa = shutil.which("ropa", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert ropa, "the ropa console script is installed beside the interpreter"
    done = subprocess.run([ropa, "catalogue", "--vendor", "dipper"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "dipper/bedriftsnett" in done.stdout
    done = subprocess.run([sys.executable, "-m", "ropa_app", "activity", "show", str(new_file), "7"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "7" in done.stderr
