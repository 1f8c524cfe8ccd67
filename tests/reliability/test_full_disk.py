"""12.2: a full disk never leaves a malformed ROPA under the real name, nor -wal/-shm debris that breaks reads.

Each scenario runs in its own mount namespace (``unshare``) on a small tmpfs: a real ENOSPC from the kernel."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCENARIO = textwrap.dedent("""
    import json, os, sqlite3, subprocess, sys
    folder, size, fill = sys.argv[1], sys.argv[2], int(sys.argv[3])
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}k", "tmpfs", folder], check=True)
    target = os.path.join(folder, "k.ropa")
    ropa = lambda *a: subprocess.run([sys.executable, "-m", "ropa_app", *a], capture_output=True, text=True)
    result = {"steps": []}
    def step(*argv):
        done = ropa(*argv)
        result["steps"].append({"argv": list(argv), "rc": done.returncode, "err": done.stderr, "out": done.stdout,
                                "files": sorted(os.listdir(folder))})
    if fill:  # a file made while there was room, then a disk filled to the last byte
        step("init", target)
        with open(os.path.join(folder, "fyll"), "wb", buffering=0) as fh:
            try:
                while True:
                    fh.write(b"\\0" * 512)
            except OSError:
                pass
        step("activity", "add", target, "--title", "Lønn")
        step("activity", "add", target, "--title", "Lønn")
        step("activity", "list", target)
        step("check", target)
        from ropa_app.errors import RopaError
        from ropa_app.store import open_ropa
        try:  # File > Save a copy, onto the full disk
            with open_ropa(target, read_only=True) as store:
                store.save_copy(os.path.join(folder, "kopi.ropa"))
            result["copy"] = "saved"
        except RopaError as exc:
            result["copy"] = exc.key
        result["after_copy"] = sorted(os.listdir(folder))
    else:
        step("init", target)
    if os.path.exists(target):
        conn = sqlite3.connect("file:" + target + "?mode=ro&immutable=1", uri=True)
        result["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
        result["services"] = conn.execute("SELECT count(*) FROM catalogue_services").fetchone()[0]
        conn.close()
    print(json.dumps(result))
""")


def _in_small_disk(tmp_path, size_kb: int, fill: bool) -> dict:
    folder = tmp_path / f"disk{size_kb}"
    folder.mkdir()
    done = subprocess.run(["unshare", "--mount", "--map-root-user", sys.executable, "-c", SCENARIO, str(folder),
                           str(size_kb), "1" if fill else "0"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_init_on_a_nearly_full_disk_makes_a_whole_file_or_none(tmp_path):
    outcomes = set()
    for size in (40, 120, 200, 280, 360, 400, 440, 480, 520, 560, 640):
        result = _in_small_disk(tmp_path, size, fill=False)
        (init,) = result["steps"]
        if init["rc"] == 0:
            outcomes.add("made")
            assert init["files"] == ["k.ropa"]
            assert result["integrity"] == "ok" and result["services"] > 20
        else:
            outcomes.add("refused")
            assert init["rc"] == 1 and "Traceback" not in init["err"]
            assert "Ikke nok ledig plass" in init["err"] and "k.ropa" in init["err"]
            assert init["files"] == []  # no half-made file, no temporary, no -wal/-shm
    assert outcomes == {"made", "refused"}


def test_a_write_on_a_full_disk_leaves_no_debris_and_reads_still_work(tmp_path):
    result = _in_small_disk(tmp_path, 700, fill=True)
    init, add, add_again, listing, check = result["steps"]
    assert init["rc"] == 0
    for step in (add, add_again):
        assert step["rc"] == 1 and "Ikke nok ledig plass" in step["err"] and "Traceback" not in step["err"]
        assert step["files"] == ["fyll", "k.ropa"]
    assert listing["rc"] == 0 and "Ingen behandlingsaktiviteter" in listing["out"]
    assert check["rc"] == 1 and "Traceback" not in check["err"] and "Mangler" in check["out"]
    assert result["integrity"] == "ok"
    assert result["copy"] == "disk_full" and result["after_copy"] == ["fyll", "k.ropa"]
