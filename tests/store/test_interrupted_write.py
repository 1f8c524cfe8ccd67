"""A process killed in the middle of adopting services leaves a file with all of it or none of it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from ropa_app.store import open_ropa

KEYS = ["talkmore/bedriftsnett", "talkmore/bedriftsnett/web-sentralbord", "we4you/sentralbord",
        "phonero/supporthenvendelser"]

# The child adopts the services; after the second link is written (inside the transaction) it tells the
# parent and waits, so the parent kills it at a known point, mid-transaction.
CHILD = textwrap.dedent("""
    import sys
    from ropa_app.adoption import adopt_services
    from ropa_app.store import open_ropa
    from ropa_app.store.store import Store

    original = Store.adopt_service
    calls = []

    def pausing(self, key, activity_id):
        result = original(self, key, activity_id)
        calls.append(key)
        if len(calls) == 2:
            print("mid-transaction", flush=True)
            sys.stdin.readline()  # blocks until killed
        return result

    Store.adopt_service = pausing
    store = open_ropa(sys.argv[1])
    adopt_services(store, sys.argv[2:])
    print("committed", flush=True)
""")


def test_sigkill_mid_adoption_leaves_all_or_nothing(new_file):
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(new_file), *KEYS],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "mid-transaction"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    with open_ropa(new_file) as store:
        assert store.adopted_services() == []
        assert store.activities() == []
        assert [e for e in store.change_log() if e["entity"] != "catalogue"] == []


def test_an_uninterrupted_run_commits_everything(new_file):
    child = subprocess.run([sys.executable, "-c", CHILD, str(new_file), *KEYS], input="go\n",
                           capture_output=True, text=True, timeout=60)
    assert child.stdout.split() == ["mid-transaction", "committed"]
    with open_ropa(new_file) as store:
        assert sorted(r["service_key"] for r in store.adopted_services()) == sorted(KEYS)
