"""Every message exists in bokmål and English, and every message the code asks for exists."""
from __future__ import annotations

import re
from pathlib import Path

from ropa_app.domain import (
    ACTIVITY_FIELDS,
    ART6,
    ART9,
    JOINT_CONTROLLER_FIELDS,
    ORGANISATION_FIELDS,
    SPECIAL_CATEGORIES,
)
from ropa_app.i18n import LANGUAGES, messages, t

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_has_both_languages_and_the_same_placeholders():
    for key, texts in messages().items():
        assert set(texts) == set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key
        placeholders = {lang: set(re.findall(r"{(\w+)}", texts[lang])) for lang in LANGUAGES}
        assert placeholders["nb"] == placeholders["en"], key


def test_every_error_and_message_key_used_in_the_code_exists():
    code = "\n".join(p.read_text() for folder in ("ropa_app", "ui", "sample_data")
                     for p in (ROOT / folder).rglob("*.py"))
    used_errors = set(re.findall(r'RopaError\(\s*"(\w+)"', code))
    assert used_errors, "the scan found the error keys"
    missing = [k for k in used_errors if f"error.{k}" not in messages()]
    assert missing == []
    used_texts = set(re.findall(r'(?:\btr?\(\s*|\btr_text\([^,()]+,\s*)"([\w.]+)"', code))
    assert [k for k in used_texts if k not in messages()] == []


def test_every_field_and_choice_has_a_label_and_every_activity_field_a_help_text():
    keys = messages()
    for name in ORGANISATION_FIELDS:
        assert f"field.organisation.{name}" in keys
    for name in JOINT_CONTROLLER_FIELDS:
        assert f"field.joint_controller.{name}" in keys
    for name in ACTIVITY_FIELDS:
        assert f"field.activity.{name}" in keys and f"help.activity.{name}" in keys
    for group, values in (("art6", ART6), ("art9", ART9), ("special", SPECIAL_CATEGORIES)):
        for value in values:
            assert f"enum.{group}.{value}" in keys


def test_parameters_are_filled_in():
    assert t("error.file_not_found", "en", path="/x.ropa") == "The file /x.ropa does not exist."
    assert "/x.ropa" in t("error.file_not_found", "nb", path="/x.ropa")
