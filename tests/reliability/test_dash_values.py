"""12.17: values that start with "-" work without "--" for activity set, org, recipient (and dpa)."""
from __future__ import annotations


from ropa_app.store import open_ropa
from tests.reliability.helpers import ropa


def test_values_starting_with_a_dash(sample_file):
    aid = "1"
    steps = [
        ["activity", "set", sample_file, aid, "notes", "-", "intern", "-merknad"],
        ["activity", "set", sample_file, aid, "systems", "-Visma", "--Tripletex"],
        ["activity", "add", sample_file, "--title", "-Lønn-", "--purpose", "-betale ut lønn"],
        ["org", sample_file, "--name", "-Fjordlys-", "--contact-name", "-"],
        ["recipient", sample_file, "Zisson", "--country", "NO", "--note", "-bekreftet på e-post",
         "--mechanism", "-"],
        ["dpa", sample_file, "phonero/supporthenvendelser", "-avtale", "2024-02-01"],
        ["activity", "set", sample_file, aid, "area", "--", "-salg"],  # the separator still works
    ]
    for argv in steps:
        done = ropa(*argv)
        assert done.returncode == 0, (argv, done.stderr)
    with open_ropa(sample_file, read_only=True) as store:
        activity = store.activity(int(aid))
        assert activity["notes"] == "- intern -merknad"
        assert activity["systems"] == ["-Visma", "--Tripletex"]
        assert activity["area"] == "-salg"
        added = store.activity(store.activity_by_title("-Lønn-"))
        assert added["purpose"] == "-betale ut lønn"
        assert store.organisation()["name"] == "-Fjordlys-" and store.organisation()["contact_name"] == "-"
        (zisson,) = [r for r in store.recipient_resolutions() if r["recipient"] == "Zisson"]
        assert zisson["note"] == "-bekreftet på e-post" and zisson["mechanism"] == "-"
        (row,) = [r for r in store.adopted_services() if r["service_key"] == "phonero/supporthenvendelser"]
        assert row["dpa_reference"] == "-avtale 2024-02-01"


def test_the_help_says_so():
    out = ropa("activity", "set", "--help").stdout.decode()
    assert "starting with '-'" in " ".join(out.split())
