"""Issue 8.7: the change log reads as sentences for people, in both languages: no JSON, no raw field names, no
English yes/no in bokmål. One describer feeds the app's page and the exports."""
from __future__ import annotations

import re

import pytest

from ropa_app.change_log import ChangeDescriber
from ropa_app.store import open_ropa


def describe_all(path, lang: str):
    with open_ropa(path) as store:
        ids = {a["title"]: a["id"] for a in store.activities()}
        store.update_activity(ids["Lønn og personal"], "high_risk", "yes")
        store.resolve_recipient("Google Analytics", ["US"], "DPF-sertifisert", "")
        store.remove_activity(ids["Pasientjournal"])
        store.acknowledge_catalogue_change  # noqa: B018 - exists; no change to acknowledge in the sample
        catalogue = store.catalogue()
        describer = ChangeDescriber(lang, {a["id"]: a["title"] for a in store.activities()},
                                    {s.key: f"{catalogue.vendor(s.vendor).name}: {s.name}"
                                     for s in catalogue.services})
        return [describer.describe(r["entity"], r["entity_id"], r["field"], r["old"], r["new"])
                for r in store.change_log()]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_change_is_a_sentence_without_json_or_raw_names(sample_file, lang):
    texts = describe_all(sample_file, lang)
    assert len(texts) > 30
    for text in texts:
        for part in (text.what, text.field, text.old, text.new, text.sentence):
            assert not re.search(r'[\[{]"|"[\]}]', part), part
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", part), part  # owner_email, dpa_reference, ...
        assert text.sentence and text.sentence[0].isupper() or text.sentence.startswith(("«", "'")), text
    sentences = [t.sentence for t in texts]
    if lang == "nb":
        assert not any(re.search(r"(?<![\w.@-])(yes|no|true|false)\b", s) for s in sentences)  # not ".no"
        assert "Behandling slettet: «Pasientjournal»" in sentences
        assert "«Lønn og personal»: kan behandlingen innebære høy personvernrisiko? endret fra «Nei» til «Ja»" \
            in sentences
        assert any(s.startswith("Tatt i bruk: Phonero: ") for s in sentences)
        assert any("USA; DPF-sertifisert" in s for s in sentences)
    else:
        assert "Processing activity deleted: 'Pasientjournal'" in sentences


def test_an_own_vendor_is_summarised():
    import json

    facts = json.dumps({"name": "Visma Lønn", "countries": ["NO"],
                        "data_categories": [{"name": "a"}, {"name": "b"}, {"name": "c"}]})
    text = ChangeDescriber("nb").describe("user_service", "user-visma/lonn", "facts", "", facts)
    assert text.sentence == "Egen leverandør lagt til: Visma Lønn (Norge), 3 opplysningskategorier"
    assert text.new == "Visma Lønn (Norge), 3 opplysningskategorier"
    gone = ChangeDescriber("en").describe("user_service", "user-visma/lonn", "facts", facts, "")
    assert gone.sentence == "Own vendor removed: Visma Lønn (Norway), 3 data categories"
