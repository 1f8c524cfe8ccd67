"""`ropa check` and `ropa export` on real files; exports are atomic and reproducible."""
from __future__ import annotations

import json

import pytest
from conftest import complete_sample, read_only

from ropa_app.cli import main
from ropa_app.store import open_ropa

STAMP = "2026-11-24T10:00:00+01:00"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_on_the_sample_exits_1_and_lists_its_gaps(sample_file, capsys):
    code, out, _ = run(capsys, "check", sample_file)
    assert code == 1
    # warnings: Zendesk's and Bluestone's places are ROPA's reading (third audit, 3); the switchboard's statistics
    # per operator are a sign of monitoring to consider, not on the «always DPIA» list (third audit, 16); what the
    # vendors leave open about erasure, which the clinic's own sentence about messages does not name (fourth audit,
    # N2 and N6): four for the switchboard, one for each Phonero activity
    assert "Mangler (obligatorisk) (10)" in out and "Google Cloud" in out and "Bør rettes (11)" in out
    assert "Vurder (1)" in out
    code, out, _ = run(capsys, "--lang", "en", "check", sample_file, "--json")
    gaps = json.loads(out)
    assert len(gaps) == 22 and {g["severity"] for g in gaps} == {"mandatory", "warning", "notice"}
    assert any("does not state where" in g["message"] for g in gaps)


def test_check_on_a_complete_file_exits_0(sample_file, capsys):
    with open_ropa(sample_file) as store:
        complete_sample(store)
    code, out, _ = run(capsys, "check", sample_file)
    assert code == 0 and "Ingen mangler" in out


def test_recipient_and_dpa_commands_close_gaps(sample_file, capsys):
    assert run(capsys, "recipient", sample_file, "Google Cloud", "--country", "US")[0] == 0
    gaps = json.loads(run(capsys, "check", sample_file, "--json")[1])
    assert any(g["code"] == "transfer_mechanism_missing" for g in gaps)
    run(capsys, "recipient", sample_file, "Google Cloud", "--country", "US", "--mechanism", "EUs standardkontrakter")
    run(capsys, "dpa", sample_file, "phonero/supporthenvendelser", "Avtale", "01.02.2024")
    gaps = json.loads(run(capsys, "check", sample_file, "--json")[1])
    assert not any(g["code"] == "transfer_mechanism_missing" for g in gaps)
    [dpa] = [g for g in gaps if g["code"] == "dpa_missing"]  # per agreement: Phonero still lacks one service's
    assert "Phonero nettbutikk Smart Mobilkjøp" in dpa["message"] and "Supporthenvendelser" not in dpa["message"]


def test_json_export_is_reproducible_with_a_timestamp(sample_file, tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run(capsys, "export", sample_file, "--format", "json", "-o", a, "--timestamp", STAMP)[0] == 0
    assert run(capsys, "export", sample_file, "--format", "json", "-o", b, "--timestamp", STAMP)[0] == 0
    assert a.read_bytes() == b.read_bytes()
    data = json.loads(a.read_text())
    assert data["format"] == 1 and data["made_at"] == "2026-11-24T10:00:00+01:00"
    assert data["organisation"]["name"] == "Fjordlys Fysioterapi AS"
    assert {e["title"] for e in data["entries"]} >= {"Telefoni og sentralbord", "Pasientjournal"}
    assert all("message" in g for g in data["gaps"])


def test_export_to_an_unwritable_folder_is_a_clear_error(sample_file, tmp_path, capsys):
    folder = tmp_path / "låst"
    folder.mkdir()
    with read_only(folder):
        code, _, err = run(capsys, "export", sample_file, "--format", "json", "-o", folder / "r.json")
    assert code == 1 and "Traceback" not in err and str(folder) in err
    assert list(folder.iterdir()) == []


def test_a_failed_export_keeps_the_earlier_file_and_leaves_no_partial_file(sample_file, tmp_path, monkeypatch,
                                                                           capsys):
    target = tmp_path / "protokoll.json"
    target.write_text("the earlier export")
    from ropa_app.export import jsonfmt

    def broken(register, lang, out, progress):
        out.write(b"{half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonfmt, "render_json", broken)
    code, _, err = run(capsys, "export", sample_file, "--format", "json", "-o", target)
    assert code == 1 and "No space left" in err and "ikke endret" in err
    assert target.read_text() == "the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["protokoll.json", sample_file.name])


def test_cancelling_an_export_leaves_nothing(sample_file, tmp_path):
    from ropa_app.export import ExportCancelled, export_register
    from ropa_app.register import build_register

    def cancel(fraction, message):
        raise ExportCancelled

    with open_ropa(sample_file, read_only=True) as store:
        register = build_register(store)
    with pytest.raises(ExportCancelled):
        export_register(register, "json", tmp_path / "x.json", progress=cancel)
    assert not (tmp_path / "x.json").exists()
    assert [p.name for p in tmp_path.iterdir()] == [sample_file.name]


def test_bad_timestamp_is_a_user_error(sample_file, tmp_path, capsys):
    code, _, err = run(capsys, "export", sample_file, "--format", "json", "-o", tmp_path / "x.json",
                       "--timestamp", "i går")
    assert code == 1 and "i går" in err


def test_catalogue_command_does_not_load_the_exporters():
    import subprocess
    import sys

    code = ("import sys; from ropa_app.cli import main; main(['catalogue']); "
            "print('\\nLOADED', sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'reportlab')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "LOADED []"


def test_the_export_message_counts_what_the_check_it_names_lists(sample_file, tmp_path, capsys):
    """«… 6 (se «ropa check --register controller»)»: the command the message names prints the same 6 (the
    file's processor register, art. 30(2), has its own 4; `ropa check` alone lists all 10)."""
    code, out, _ = run(capsys, "export", sample_file, "--format", "json", "-o", tmp_path / "r.json",
                       "--audience", "datatilsynet")
    assert code == 0 and "6 (se «ropa check --register controller»)" in out
    gaps = json.loads(run(capsys, "check", sample_file, "--register", "controller", "--json")[1])
    assert sum(g["severity"] == "mandatory" for g in gaps) == 6
    gaps = json.loads(run(capsys, "check", sample_file, "--json")[1])
    assert sum(g["severity"] == "mandatory" for g in gaps) == 10
