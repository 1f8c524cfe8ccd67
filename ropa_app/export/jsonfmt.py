"""The Register as JSON: the interchange format other tools and the tests rely on. Field names are the Register's
dataclass field names and stay stable; `format` is raised when they change incompatibly."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import BinaryIO

from ropa_app.register import REGISTER_FORMAT, Register


def register_dict(register: Register, lang: str = "nb") -> dict:
    """The Register's fields, plus what the xlsx and pdf say in words: each activity's Protokoll texts
    (`register_text`, by column key) and the transfers overview (transfers, unknown locations, vendors' answers),
    so every format states the same thing."""
    from ropa_app.columns import PROTOKOLL_COLUMNS, gap_text, transfer_rows
    from ropa_app.processor_columns import PROCESSOR_COLUMNS
    from ropa_app.processor_register import with_listed_gaps

    register = with_listed_gaps(register).in_language(lang)  # the gaps of the registers this copy holds
    data = asdict(register)
    del data["activity_templates"]  # the catalogue's, not the register's
    data["format"] = REGISTER_FORMAT
    data["language"] = lang
    data["checksum"] = register.checksum()
    for entry, out in zip(register.entries, data["entries"]):
        out["register_text"] = {c.key: c.text(entry, lang) for c in PROTOKOLL_COLUMNS}
    data["transfer_overview"] = [asdict(r) for r in transfer_rows(register, lang)]
    if register.has_processor_part:  # art. 30(2): each controller's row as the xlsx and pdf say it
        part = register.processor
        for controller, out in zip(part.controllers, data["processor"]["controllers"]):
            out["register_text"] = {c.key: c.text(controller, part, lang) for c in PROCESSOR_COLUMNS}
    else:
        del data["processor"]
    if not register.has_controller_part:
        for key in ("entries", "processors", "sub_processors", "transfers", "sources", "document_notes"):
            data[key] = []
        data["transfer_overview"] = []
    for gap, out in zip(register.gaps, data["gaps"]):
        out["params"] = dict(gap.params)
        out["message"] = gap_text(gap, lang)
    return data


def render_json(register: Register, lang: str, out: BinaryIO, progress) -> None:
    progress(0.1, "json")
    out.write(json.dumps(register_dict(register, lang), ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8"))
    progress(1.0, "json")
