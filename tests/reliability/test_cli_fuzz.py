"""The `ropa` command under arbitrary bytes, paths and arguments: always exit 0, 1 or 2, never a traceback.

Runs in a scratch folder (relative names only, so nothing is written outside it); the files offered include a
real ROPA file, a crafted one, a folder, a FIFO, a device, random bytes and names that are not UTF-8."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ropa_app.cli import main

COMMANDS = [["where"], ["show"], ["init"], ["catalogue"], ["org"], ["adopt"], ["drop"], ["decide"],
            ["activity", "list"], ["activity", "show"], ["activity", "add"], ["activity", "set"],
            ["activity", "remove"], ["log"], ["check"], ["export"], ["recipient"], ["dpa"], ["activity"], []]
# commands with their file already named, so that arbitrary values reach the core, not only argparse
STARTS = [["activity", "set", "k.ropa", "1"], ["activity", "show", "k.ropa"], ["org", "k.ropa"],
          ["export", "k.ropa", "--format", "json", "-o"], ["recipient", "k.ropa", "Zisson"],
          ["activity", "add", "k.ropa", "--title"], ["log", "k.ropa", "--limit"], ["dpa", "k.ropa"],
          ["decide", "k.ropa", "1", "talkmore/bedriftsnett"], ["adopt", "k.ropa"], ["org", "k.ropa", "--phone"]]
OPTIONS = ["--json", "--lang", "en", "nb", "--format", "json", "xlsx", "pdf", "-o", "--output", "--timestamp",
           "--title", "--purpose", "--name", "--org-number", "--email", "--phone", "--country", "--mechanism",
           "--note", "--limit", "--sample", "--activity", "--subject", "--help", "--", "-", "--vendor",
           "purpose", "systems", "legal_basis", "status", "owner_email", "talkmore/bedriftsnett", "confirmed",
           "1", "0", "-1", "99999999999999999999", "0001-01-01", "2026-11-24T10:00:00+01:00", "UK", "XX", "NO"]


def _workspace(folder, sample_file):
    shutil.copy(sample_file, folder / "k.ropa")
    crafted = folder / "skadet.ropa"
    shutil.copy(sample_file, crafted)
    conn = sqlite3.connect(crafted)
    conn.execute("UPDATE activities SET systems = '{' WHERE id = 1")
    conn.execute("UPDATE meta SET value = 'x' WHERE key = 'catalogue_version'")
    conn.commit()
    conn.close()
    (folder / "mappe").mkdir()
    os.mkfifo(folder / "rør")
    (folder / "tilfeldig.ropa").write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    (folder / "tekst.txt").write_text("hei", encoding="utf-8")
    return ["k.ropa", "skadet.ropa", "mappe", "rør", "tilfeldig.ropa", "tekst.txt", "finnes-ikke.ropa",
            "/dev/null", "ut.json", "ut.pdf", "k.ropa-wal", "ny.ropa"]


def _relative(text: str) -> str:
    return text.lstrip("/") or "x"


def argvs(files):
    token = st.one_of(st.sampled_from(OPTIONS), st.sampled_from(files), st.text(max_size=12).map(_relative),
                      st.binary(max_size=8).map(lambda b: _relative(os.fsdecode(b))),
                      st.integers(-2**70, 2**70).map(str))
    return st.tuples(st.sampled_from(COMMANDS + STARTS), st.lists(token, max_size=7)).map(lambda p: p[0] + p[1])


def test_arbitrary_arguments_in_process(tmp_path, sample_file, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    files = _workspace(tmp_path, sample_file)

    @settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
    @given(argvs(files))
    def run(argv):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: usage errors and --help
            code = exc.code
        out, err = capsys.readouterr()
        event(f"exit {code}")
        assert code in (0, 1, 2), (argv, code, err)
        assert "Traceback" not in err and "Traceback" not in out, argv

    run()


def test_arbitrary_bytes_in_real_processes(tmp_path, sample_file):
    files = _workspace(tmp_path, sample_file)
    raw = st.one_of(st.binary(max_size=10).map(lambda b: b.lstrip(b"/").replace(b"\x00", b"") or b"x"),
                    st.sampled_from([f.encode() for f in files] + [o.encode() for o in OPTIONS]))

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(COMMANDS + STARTS), st.lists(raw, max_size=6))
    def run(command, rest):
        argv = [c.encode() for c in command] + rest
        done = subprocess.run([sys.executable, "-m", "ropa_app", *argv], cwd=tmp_path, capture_output=True,
                              timeout=120, env={**os.environ, "LANG": "C.UTF-8"})
        assert done.returncode in (0, 1, 2), (argv, done.returncode, done.stderr)
        assert b"Traceback" not in done.stderr, (argv, done.stderr)

    run()
