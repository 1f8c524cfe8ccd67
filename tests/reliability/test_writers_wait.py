"""Writers on one file wait for each other (BEGIN IMMEDIATE + busy timeout): none fails, none is lost."""
from __future__ import annotations

import subprocess
import sys
import textwrap

from ropa_app.store import open_ropa

WRITER = textwrap.dedent("""
    import sys
    from ropa_app.store import open_ropa

    path, name = sys.argv[1], sys.argv[2]
    for i in range(100):
        # one open per write, as a CLI run does; the update reads before it writes
        with open_ropa(path) as store:
            activity_id = store.activity_by_title(name)
            store.update_activity(activity_id, "notes", f"{name} {i}")
            store.add_activity(f"{name} nr {i}")
    print("done", flush=True)
""")


def test_four_processes_times_a_hundred_writes_all_succeed(new_file):
    names = [f"skriver {n}" for n in range(4)]
    with open_ropa(new_file) as store:
        for name in names:
            store.add_activity(name)
    children = [subprocess.Popen([sys.executable, "-c", WRITER, str(new_file), name],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in names]
    results = [child.communicate(timeout=600) for child in children]
    for child, (out, err) in zip(children, results):
        assert child.returncode == 0, err
        assert out.strip() == "done" and "Traceback" not in err
    with open_ropa(new_file) as store:
        titles = [a["title"] for a in store.activities()]
        for name in names:
            assert sum(t.startswith(f"{name} nr ") for t in titles) == 100
            assert store.activity(store.activity_by_title(name))["notes"] == f"{name} 99"
        notes_logged = [e for e in store.change_log() if e["field"] == "notes"]
        assert len(notes_logged) == 400
