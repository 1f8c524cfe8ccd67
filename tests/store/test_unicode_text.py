"""Arbitrary Unicode in every text field is stored and read back as typed (minus control characters)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa_app.domain import ACTIVITY_FIELDS, ORGANISATION_FIELDS
from ropa_app.store import create_ropa
from ropa_app.validation import clean_text

TEXT_KINDS = ("text", "longtext")
FREE_LISTS = [n for n, s in ACTIVITY_FIELDS.items() if s.kind == "list"]
free_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300)


def expected(kind: str, value: str) -> str:
    text = clean_text(value)
    return " ".join(text.split()) if kind == "text" else text.strip()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(free_text, min_size=len(ACTIVITY_FIELDS), max_size=len(ACTIVITY_FIELDS)),
       org_values=st.lists(free_text, min_size=len(ORGANISATION_FIELDS), max_size=len(ORGANISATION_FIELDS)))
def test_any_text_round_trips_through_the_file(tmp_path_factory, values, org_values):
    path = tmp_path_factory.mktemp("u") / "u.ropa"
    with create_ropa(path) as store:
        aid = store.add_activity("x")
        wanted = {}
        for (name, spec), value in zip(ACTIVITY_FIELDS.items(), values):
            if spec.kind in TEXT_KINDS:
                if name == "title" and not expected("text", value):
                    continue
                store.update_activity(aid, name, value)
                wanted[name] = expected(spec.kind, value)
            elif name in FREE_LISTS:
                store.update_activity(aid, name, [value, value + "!"])
                first = clean_text(value).strip()
                wanted[name] = [v for v in dict.fromkeys([first, clean_text(value + "!").strip()]) if v]
        org_wanted = {}
        for (name, spec), value in zip(ORGANISATION_FIELDS.items(), org_values):
            if spec.kind in TEXT_KINDS:
                store.update_organisation(**{name: value})
                org_wanted[name] = expected(spec.kind, value)
    with __import__("ropa_app.store", fromlist=["open_ropa"]).open_ropa(path, read_only=True) as store:
        activity = store.activity(aid)
        for name, value in wanted.items():
            assert activity[name] == value, name
        organisation = store.organisation()
        for name, value in org_wanted.items():
            assert organisation[name] == value, name
