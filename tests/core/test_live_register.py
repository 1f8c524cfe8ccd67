"""The kept register (ropa_app.live_register) never drifts from the truth: after every command of a random
sequence, the register brought up to date equals one built afresh from the file (issue 10, point 1)."""
from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa_app.adoption import adopt_services, drop_services
from ropa_app.errors import RopaError
from ropa_app.live_register import LiveRegister
from ropa_app.register import build_register
from ropa_app.store import open_ropa

KEYS = ["talkmore/bedriftsnett", "talkmore/bedriftsnett/kotavle", "we4you/sentralbord", "phonero/mobilt-opptak-mvr",
        "telenor-inpli/2involve-kontaktsenter", "dipper/bedriftsnett/net-promoter-score", "phonero/analog-aksess",
        "phonero/bedriftsportal-fakturakontroll"]
FIELDS = {
    "purpose": st.sampled_from(["", "Svare pasienter som ringer", "Lønn"]),
    "security_measures": st.sampled_from(["", "To-faktor"]),
    "retention": st.sampled_from(["", "30 dager"]),
    "transfers": st.sampled_from(["", "Lagres i USA", "USA, EUs standardkontrakter"]),
    "special_categories_answer": st.sampled_from(["", "yes", "no"]),
    "special_categories": st.sampled_from([[], ["health"]]),
    "recipients": st.sampled_from([[], ["Regnskapsfører"], ["Zisson"]]),
    "data_subjects": st.sampled_from([[], ["ansatte"]]),
    "title": st.sampled_from(["Ny tittel", "Telefoni"]),
    "dpia_not_needed_reason": st.sampled_from(["", "Slått av"]),
}

command = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 9), st.sampled_from(sorted(FIELDS)), st.data()),
    st.tuples(st.just("add"), st.sampled_from(["Lønn", "Kamera"])),
    st.tuples(st.just("remove"), st.integers(0, 9)),
    st.tuples(st.just("remove_restore"), st.integers(0, 9)),
    st.tuples(st.just("adopt"), st.sampled_from(KEYS)),
    st.tuples(st.just("drop"), st.sampled_from(KEYS)),
    st.tuples(st.just("dpa"), st.sampled_from(KEYS), st.sampled_from(["", "Avtale 2024"])),
    st.tuples(st.just("resolve"), st.sampled_from(["Zisson", "Google Cloud", "We4you", "Regnskapsfører"]),
              st.sampled_from([[], ["NO"], ["US"], ["IN"]])),
    st.tuples(st.just("forget"), st.sampled_from(["Zisson", "Google Cloud"])),
    st.tuples(st.just("decide"), st.integers(0, 9), st.sampled_from(["confirmed", "declined", None])),
    st.tuples(st.just("org"), st.sampled_from(["", "Fjord AS"])),
    st.tuples(st.just("other_window"), st.sampled_from(["Fra CLI", "Fra et annet vindu"])),
    st.tuples(st.just("link"), st.sampled_from(KEYS), st.integers(0, 9)),
    st.tuples(st.just("unlink_restore"), st.integers(0, 9)),
)


def _activity(store, n: int) -> int | None:
    ids = [a["id"] for a in store.activities()]
    return ids[n % len(ids)] if ids else None


def _apply(store, path, cmd) -> None:
    kind = cmd[0]
    if kind == "set":
        _, n, field, data = cmd
        aid = _activity(store, n)
        if aid is not None:
            store.update_activity(aid, field, data.draw(FIELDS[field]))
    elif kind == "add":
        store.add_activity(cmd[1])
    elif kind == "remove":
        aid = _activity(store, cmd[1])
        if aid is not None:
            store.remove_activity(aid)
    elif kind == "remove_restore":  # an undo of a removal puts the activity back under its own id
        aid = _activity(store, cmd[1])
        if aid is not None:
            snapshot = store.snapshot_activity(aid)
            store.remove_activity(aid)
            store.restore_activity(snapshot)
    elif kind == "adopt":
        adopt_services(store, [cmd[1]])
    elif kind == "drop":
        drop_services(store, [cmd[1]])
    elif kind == "dpa":
        if store.is_adopted(cmd[1]):
            store.set_dpa_reference(cmd[1], cmd[2])
    elif kind == "resolve":
        store.resolve_recipient(cmd[1], cmd[2])
    elif kind == "forget":
        store.forget_recipient(cmd[1])
    elif kind == "decide":
        aid = _activity(store, cmd[1])
        if aid is None:
            return
        entry = build_register(store, include_change_log=False).entry(aid)
        optional = [c for c in entry.data_categories if c.optional]
        if optional:
            c = optional[cmd[1] % len(optional)]
            store.decide_category(aid, c.origin.service_key, c.subject, c.name, cmd[2])
    elif kind == "org":
        store.update_organisation(name=cmd[1])
    elif kind == "link":
        from ropa_app.adoption import link_service

        aid = _activity(store, cmd[2])
        if aid is not None:
            link_service(store, cmd[1], aid)
    elif kind == "unlink_restore":  # take a service out of an activity, then undo it (its decisions come back)
        aid = _activity(store, cmd[1])
        keys = store.services_of_activity(aid) if aid is not None else []
        if keys:
            decisions = store.unlink_service(keys[0], aid)
            store.adopt_service(keys[0], aid)
            store.restore_decisions(decisions)
    elif kind == "other_window":  # another connection writes: the kept register hears of it from the log
        with open_ropa(path) as other:
            other.add_activity(cmd[1])


@pytest.fixture(scope="module")
def seeded(_sample_template, tmp_path_factory):
    return _sample_template


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(command, min_size=1, max_size=12))
def test_the_kept_register_equals_a_full_build_after_every_command(seeded, tmp_path_factory, commands):
    path = tmp_path_factory.mktemp("live") / "fjordlys.ropa"
    shutil.copy(seeded, path)
    with open_ropa(path) as store:
        live = LiveRegister(store)
        for cmd in commands:
            try:
                _apply(store, path, cmd)
            except RopaError:
                pass  # a refused command changes nothing; the register must still agree
            kept = live.register()
            fresh = build_register(store)
            assert kept.entries == fresh.entries, cmd
            assert kept.gaps == fresh.gaps, cmd
            assert kept.checksum() == fresh.checksum(), cmd
        assert live.full_builds == 1  # every command above was caught up incrementally


def test_a_field_edit_rebuilds_one_activity_not_the_file(sample_file, monkeypatch):
    import ropa_app.live_register as live_module

    with open_ropa(sample_file) as store:
        live = LiveRegister(store)
        live.register()
        built: list[int] = []
        original = live_module.build_entry
        monkeypatch.setattr(live_module, "build_entry", lambda a, *rest: built.append(a["id"]) or original(a, *rest))
        aid = store.activities()[1]["id"]
        store.update_activity(aid, "purpose", "Nytt formål")
        assert live.register().entry(aid).purpose == "Nytt formål"
        assert built == [aid]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 6), st.lists(command, min_size=1, max_size=6))
def test_a_register_built_step_by_step_equals_a_full_build_when_the_file_changes_meanwhile(
        seeded, tmp_path_factory, first_steps, commands):
    """A window builds a large file's register a few activities per turn of its event loop; edits made in
    between (here, or by another program) must end up in it all the same."""
    path = tmp_path_factory.mktemp("steps") / "fjordlys.ropa"
    shutil.copy(seeded, path)
    with open_ropa(path) as store:
        live = LiveRegister(store, deferred=True)
        assert not live.complete
        live.build_some(first_steps)
        for cmd in commands:
            try:
                _apply(store, path, cmd)
            except RopaError:
                pass
            live.build_some(1)
        kept = live.register()
        assert live.complete
        fresh = build_register(store)
        assert kept.entries == fresh.entries
        assert kept.gaps == fresh.gaps
        assert kept.checksum() == fresh.checksum()
        assert live.full_builds == 1
