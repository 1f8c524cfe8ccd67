"""Issue 9 on the command line: an own vendor (Visma Lønn) in «Lønn og personal», linked to a second activity,
unlinked and removed; starter activities whose values wait as proposals; vendor packs that carry a vendor from
one file to another exactly, and a broken pack refused with file, line and field, the file unchanged."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import checksum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa_app.cli import main
from ropa_app.packs import without_sources
from ropa_app.register import build_register
from ropa_app.store import open_ropa
from ropa_app.validation import clean_text

VISMA = "user-visma/visma-lonn"
TODAY = dt.date.today().isoformat()


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def add_visma(capsys, path: Path) -> str:
    code, out, err = run(capsys, "vendor", "add", path, "--name", "Visma", "--service", "Visma Lønn",
                         "--country", "NO", "--sub", "Microsoft Azure;IE,NL", "--sub", "Visma IT;NO",
                         "--data", "ansatte: lønn og skattetrekk", "--data", "ansatte: kontonummer",
                         "--retention", "Slettes 5 år etter regnskapsårets slutt",
                         "--security", "Kryptering ved overføring og lagring")
    assert (code, err) == (0, "")
    return out.strip()


def test_visma_lonn_in_lonn_og_personal_linked_to_a_second_activity_unlinked_and_removed(new_file, capsys):
    code, out, _ = run(capsys, "activity", "add", new_file, "--template", "payroll")
    payroll = int(out.splitlines()[0])
    accounting = int(run(capsys, "activity", "add", new_file, "--template", "accounting")[1].splitlines()[0])
    key = add_visma(capsys, new_file)
    assert key == VISMA

    assert run(capsys, "link", new_file, VISMA, payroll)[0] == 0
    code, out, _ = run(capsys, "link", new_file, VISMA, accounting)
    assert code == 0 and "Regnskap og fakturering" in out
    listed = json.loads(run(capsys, "vendor", "list", new_file, "--json")[1])
    assert listed == [{"key": VISMA, "vendor": "Visma", "name": "Visma Lønn", "activities": [payroll, accounting]}]
    with open_ropa(new_file, read_only=True) as store:
        register = build_register(store)
        assert "Visma" in [r.name for r in register.entry(accounting).recipients]

    before = checksum(new_file)
    code, _, err = run(capsys, "vendor", "remove", new_file, VISMA)
    assert code == 1 and "2 behandling" in err and "--unlink" in err and checksum(new_file) == before

    code, out, _ = run(capsys, "unlink", new_file, VISMA, accounting)
    assert code == 0 and "fortsatt i bruk" in out
    listed = json.loads(run(capsys, "vendor", "list", new_file, "--json")[1])
    assert listed[0]["activities"] == [payroll]
    code, _, err = run(capsys, "unlink", new_file, VISMA, accounting)
    assert code == 1 and err

    code, out, _ = run(capsys, "vendor", "remove", new_file, VISMA, "--unlink")
    assert code == 0 and str(payroll) in out
    assert json.loads(run(capsys, "vendor", "list", new_file, "--json")[1]) == []
    with open_ropa(new_file, read_only=True) as store:
        assert [a["id"] for a in store.activities()] == [payroll, accounting]  # the activities stay
        log = [(e["entity"], e["entity_id"], e["field"], e["old"], e["new"]) for e in store.change_log()]
    assert ("activity", str(accounting), "service", "", VISMA) in log
    assert ("activity", str(accounting), "service", VISMA, "") in log
    assert any(e[0] == "user_service" and e[1] == VISMA and e[4] == "" for e in log)  # removed


def test_vendor_commands_refuse_what_they_cannot_use(new_file, capsys):
    before = checksum(new_file)
    for argv in (["--name", "X", "--service", "Y", "--country", "XK"],
                 ["--name", "X", "--service", "Y", "--sub", ";IE"],
                 ["--name", "X", "--service", "Y", "--sub", "Navn;Narnia"],
                 ["--name", " ", "--service", "Y"],
                 ["--name", "X", "--service", "Y", "--data", "ingen gruppe"]):
        code, out, err = run(capsys, "vendor", "add", new_file, *argv)
        assert code == 1 and out == "" and err.startswith("Feil:") and "Traceback" not in err, argv
    assert checksum(new_file) == before
    with pytest.raises(SystemExit) as usage:
        main(["vendor", "add", str(new_file), "--name", "X", "--service", "Y", "--role", "reseller"])
    assert usage.value.code == 2
    assert run(capsys, "vendor", "remove", new_file, "talkmore/bedriftsnett")[0] == 1  # shipped: not ours
    assert run(capsys, "link", new_file, "talkmore/bedriftsnett", 999)[0] == 1
    assert checksum(new_file) == before


def test_a_catalogue_service_links_to_any_activity_and_adopting_still_lands_in_its_template(new_file, capsys):
    code, out, _ = run(capsys, "adopt", new_file, "talkmore/bedriftsnett")
    assert code == 0 and "Telefoni og sentralbord" in out  # the default, and it says so
    payroll = int(run(capsys, "activity", "add", new_file, "--template", "payroll")[1].splitlines()[0])
    assert run(capsys, "link", new_file, "talkmore/bedriftsnett", payroll)[0] == 0
    code, out, _ = run(capsys, "link", new_file, "talkmore/bedriftsnett", payroll)
    assert code == 0 and "allerede" in out
    with open_ropa(new_file, read_only=True) as store:
        assert len(store.activities_of_service("talkmore/bedriftsnett")) == 2


# --- starter activities ---------------------------------------------------------------------------------------

def test_templates_are_listed_and_their_proposals_are_never_the_registers_answer(new_file, capsys):
    templates = json.loads(run(capsys, "templates", "--json")[1])
    assert [t["key"] for t in templates] == ["payroll", "recruitment", "accounting", "customers", "email_office",
                                             "website", "newsletter", "camera", "access_control"]
    by_key = {t["key"]: t for t in templates}
    assert "bokføringsloven § 13" in by_key["accounting"]["proposals"]["retention"]
    assert "7 dager" in by_key["camera"]["proposals"]["retention"]
    assert "kameraovervåkingsforskriften" in by_key["camera"]["proposals"]["retention"]
    assert "arbeidsmiljøloven kapittel 9" in by_key["camera"]["proposals"]["legal_basis_reference"]
    assert "a-opplysningsloven" in by_key["payroll"]["proposals"]["legal_basis_reference"]
    for template in templates:  # every template proposes purpose, data subjects, categories and retention
        assert {"purpose", "data_subjects", "data_categories", "retention"} <= set(template["proposals"])

    code, out, _ = run(capsys, "activity", "add", new_file, "--template", "camera")
    camera = int(out.splitlines()[0])
    assert "Forslag fra malen" in out and "7 dager" in out
    shown = json.loads(run(capsys, "activity", "show", new_file, camera, "--json")[1])
    assert shown["title"] == "Kameraovervåking" and shown["purpose"] == "" and shown["retention"] == ""
    assert "7 dager" in shown["proposals"]["retention"]
    with open_ropa(new_file, read_only=True) as store:
        entry = build_register(store).entry(camera)
        assert entry.retention == "" and entry.purpose == ""  # not the company's answer until accepted
        assert any(g.field == "purpose" for g in build_register(store).mandatory_gaps if g.activity_id == camera)

    code, out, _ = run(capsys, "activity", "accept", new_file, camera, "retention", "legal_basis")
    assert code == 0 and "retention" in out
    shown = json.loads(run(capsys, "activity", "show", new_file, camera, "--json")[1])
    assert "7 dager" in shown["retention"] and shown["legal_basis"] == ["f"]
    assert "retention" not in shown["proposals"] and "purpose" in shown["proposals"]
    assert run(capsys, "activity", "accept", new_file, camera, "retention")[0] == 1  # already accepted
    assert run(capsys, "activity", "accept", new_file, camera)[0] == 0
    assert json.loads(run(capsys, "activity", "show", new_file, camera, "--json")[1])["proposals"] == {}

    code, _, err = run(capsys, "activity", "add", new_file, "--template", "nope")
    assert code == 1 and "payroll" in err
    code, out, _ = run(capsys, "activity", "add", new_file, "--template", "payroll", "--title", "Lønn (Oslo)")
    assert code == 0
    assert json.loads(run(capsys, "activity", "show", new_file, int(out.splitlines()[0]), "--json")[1])[
        "title"] == "Lønn (Oslo)"
    code, out, _ = run(capsys, "--lang", "en", "templates")
    assert "Payroll and personnel" in out


# --- vendor packs ---------------------------------------------------------------------------------------------

def test_a_pack_exported_from_one_file_reproduces_the_vendor_in_another(new_file, tmp_path, capsys):
    add_visma(capsys, new_file)
    add_other = run(capsys, "vendor", "add", new_file, "--name", "Tripletex", "--service", "Regnskap",
                    "--country", "NO", "--role", "controller")
    assert add_other[0] == 0
    pack = tmp_path / "pakke.toml"
    code, out, _ = run(capsys, "pack", "export", new_file, "-o", pack, "--vendor", VISMA)
    assert code == 0 and "1 tjeneste" in out
    other = tmp_path / "annen.ropa"
    run(capsys, "init", other)
    code, out, _ = run(capsys, "pack", "import", other, pack)
    assert code == 0 and "ny" in out and VISMA in out and f"pakke.toml, {TODAY}" in out
    with open_ropa(new_file, read_only=True) as a, open_ropa(other, read_only=True) as b:
        original, copied = a.catalogue().service(VISMA), b.catalogue().service(VISMA)
        assert without_sources(copied) == without_sources(original)  # every fact, exactly
        assert b.catalogue().vendor("user-visma").name == "Visma"
        sources = {copied.source} | {c.source for c in copied.data_categories} | {
            p.source for p in copied.sub_processors}
        assert {(s.document, s.section) for s in sources} == {("pakke.toml", TODAY)}
        assert b.service_origin(VISMA) == "user"
        assert not b.catalogue().has("user-tripletex/regnskap")  # only the vendor asked for
        assert any(e["entity"] == "user_service" and e["entity_id"] == VISMA for e in b.change_log())
    code, out, _ = run(capsys, "pack", "import", other, pack)
    assert code == 0 and "uendret" in out


def test_a_changed_vendor_in_a_pack_is_shown_as_changed_and_dry_run_changes_nothing(new_file, tmp_path, capsys):
    add_visma(capsys, new_file)
    pack = tmp_path / "pakke.toml"
    run(capsys, "pack", "export", new_file, "-o", pack)
    other = tmp_path / "annen.ropa"
    run(capsys, "init", other)
    run(capsys, "pack", "import", other, pack)
    pack.write_text(pack.read_text().replace('countries = ["NO"]', 'countries = ["NO", "SE"]', 1))  # the service's
    before = checksum(other)
    code, out, _ = run(capsys, "pack", "import", other, pack, "--dry-run")
    assert code == 0 and "endret" in out and "[countries]" in out and checksum(other) == before
    assert run(capsys, "pack", "import", other, pack)[0] == 0
    with open_ropa(other, read_only=True) as store:
        assert store.catalogue().service(VISMA).countries == ("NO", "SE")


BROKEN = [
    ('subject = "employees"', 'subject = "ansatte"', "data_categories[0].subject"),
    ('countries = ["IE", "NL"]', 'countries = ["IE", "Narnia"]', "sub_processors[0].countries"),
    ('role = "processor"', 'role = "boss"', "services[0].role"),
    ('key = "user-visma/visma-lonn"', 'key = "talkmore/bedriftsnett"', "services[0].key"),
    ('id = "user-visma"', 'id = "talkmore"', "vendors[0].id"),
    ('name = "Visma Lønn"', 'name = 42', "services[0].name"),
    ('format = "ropa-vendor-pack"', 'format = "noe annet"', "pack.format"),
    ('if_chosen = false', 'if_chosen = "nei"', "data_categories[0].if_chosen"),
    ('retention_general = [', 'retention_general = [[', "-"),
]


@pytest.mark.parametrize("old, new, field", BROKEN)
def test_a_broken_pack_is_refused_with_file_line_and_field_and_the_file_is_unchanged(
        new_file, tmp_path, capsys, old, new, field):
    add_visma(capsys, new_file)
    pack = tmp_path / "pakke.toml"
    run(capsys, "pack", "export", new_file, "-o", pack)
    text = pack.read_text()
    assert old in text
    broken = text.replace(old, new, 1)
    pack.write_text(broken)
    line = next(n for n, line in enumerate(broken.splitlines(), start=1) if new in line)
    other = tmp_path / "annen.ropa"
    run(capsys, "init", other)
    before = checksum(other)
    code, out, err = run(capsys, "pack", "import", other, pack)
    assert code == 1 and "Traceback" not in err
    assert checksum(other) == before
    assert "pakke.toml" in err
    if field != "-":
        assert f"linje {line}," in err and field in err, err
    else:  # TOML itself: the parser's line, where it noticed the array was not closed
        assert f"linje {line}," in err or f"linje {line + 1}," in err, err
    assert "Ingenting er endret" in err


def test_pack_export_refuses_a_file_without_own_vendors_and_a_ropa_target(new_file, tmp_path, capsys):
    code, _, err = run(capsys, "pack", "export", new_file, "-o", tmp_path / "p.toml")
    assert code == 1 and "ingen egne leverandører" in err
    add_visma(capsys, new_file)
    before = checksum(new_file)
    assert run(capsys, "pack", "export", new_file, "-o", new_file)[0] == 1
    assert checksum(new_file) == before


# --- whatever a user types or hands in --------------------------------------------------------------------

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400))
def test_any_text_as_a_pack_is_imported_or_refused_never_a_crash(new_file, tmp_path, capsys, text):
    pack = tmp_path / "fuzz.toml"
    pack.write_bytes(text.encode("utf-8", "replace"))
    before = checksum(new_file)
    code, out, err = run(capsys, "pack", "import", new_file, pack)
    assert code == 1 and "Traceback" not in err and "fuzz.toml" in err
    assert checksum(new_file) == before


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT, service=TEXT, countries=st.lists(TEXT, max_size=3), subs=st.lists(TEXT, max_size=3),
       data=st.lists(TEXT, max_size=2))
def test_any_vendor_add_arguments_add_a_vendor_or_say_why(new_file, tmp_path, capsys, name, service, countries,
                                                          subs, data):
    argv = ["vendor", "add", new_file, "--name", name, "--service", service]
    for flag, values in (("--country", countries), ("--sub", subs), ("--data", data)):
        for value in values:
            argv += [flag, value]
    before = checksum(new_file)
    try:
        code, out, err = run(capsys, *argv)
    except SystemExit as exc:  # argparse: bad usage
        assert exc.code == 2
        capsys.readouterr()
        return
    assert "Traceback" not in err
    if code == 1:
        assert err.startswith("Feil:") and checksum(new_file) == before
        return
    assert code == 0
    key = out.strip()
    assert key.startswith("user-")
    with open_ropa(new_file, read_only=True) as store:
        assert store.service_origin(key) == "user"
        added = store.catalogue().service(key)
        assert added.name == " ".join(clean_text(service).split())  # control characters are not kept
    # the new vendor survives a pack round trip exactly
    pack = tmp_path / "rundtur.toml"
    assert run(capsys, "pack", "export", new_file, "-o", pack, "--vendor", key)[0] == 0
    other = tmp_path / "rundtur.ropa"
    other.unlink(missing_ok=True)
    run(capsys, "init", other)
    assert run(capsys, "pack", "import", other, pack)[0] == 0
    with open_ropa(other, read_only=True) as store:
        assert without_sources(store.catalogue().service(key)) == without_sources(added)
    assert run(capsys, "vendor", "remove", new_file, key)[0] == 0


TOML_VALUES = st.one_of(
    st.text(max_size=20).map(lambda s: json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")),
    st.integers().map(str), st.booleans().map(lambda b: str(b).lower()),
    st.lists(st.sampled_from(['"NO"', '"XX"', '"EU"', '"not_stated"', "1", '""']), max_size=3).map(
        lambda xs: "[" + ", ".join(xs) + "]"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_pack_with_any_one_value_changed_is_imported_or_refused_with_its_line(new_file, tmp_path, capsys, data):
    pack = tmp_path / "pakke.toml"
    if not pack.exists():
        add_visma(capsys, new_file)
        run(capsys, "pack", "export", new_file, "-o", pack)
        (tmp_path / "original.toml").write_bytes(pack.read_bytes())
    lines = (tmp_path / "original.toml").read_text().splitlines()
    assignments = [i for i, line in enumerate(lines) if " = " in line and not line.startswith("#")]
    index = data.draw(st.sampled_from(assignments))
    lines[index] = lines[index].split(" = ", 1)[0] + " = " + data.draw(TOML_VALUES)
    pack.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = tmp_path / "annen.ropa"
    if not other.exists():
        run(capsys, "init", other)
    before = checksum(other)
    code, out, err = run(capsys, "pack", "import", other, pack)
    assert "Traceback" not in err
    if code == 1:
        assert checksum(other) == before and "pakke.toml, linje " in err
    else:
        assert code == 0
        run(capsys, "vendor", "remove", other, out.split()[1], "--unlink")  # next example starts afresh
