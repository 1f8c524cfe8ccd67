"""File → «Eksporter leverandørpakke …» and «Importer leverandørpakke …»: the app's side of ropa_app.packs. An
import shows what is new and what changed before it writes anything, and is one undoable step."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ropa_app.errors import RopaError
from ui.commands import ImportPack
from ui.file_dialogs import open_file_name, save_file_name
from ui.i18n import current, tr
from ui.pages import confirm

PACK_FILTER_KEY = "ui.packs.filter"


def _fact_label(field: str) -> str:
    """A changed fact as the catalogue page names it («Behandlingssted»); the vendor's name as «Leverandør»."""
    from ropa_app.i18n import has

    if field == "vendor":
        return tr("ui.catalogue.dialog.vendor")
    key = f"ui.catalogue.fact.{field}"
    return tr(key) if has(key) else field


def export_pack_dialog(window) -> Path | None:
    from ropa_app.packs import export_pack

    store = window.session.store
    if store is None:
        return None
    name = save_file_name(window, tr("ui.packs.export_title"), "leverandorpakke.toml", tr(PACK_FILTER_KEY))
    if not name:
        return None
    target = Path(name) if name.lower().endswith(".toml") else Path(name + ".toml")
    try:
        keys = export_pack(store, target)
    except RopaError as exc:
        window.show_error(exc.message(current()))
        return None
    window.hub.statusMessage.emit(tr("ui.packs.exported", count=len(keys), path=str(target)))
    return target


def import_pack_dialog(window) -> bool:
    from ropa_app.packs import plan_import

    session = window.session
    if session.store is None:
        return False
    name = open_file_name(window, tr("ui.packs.import_title"), tr(PACK_FILTER_KEY))
    if not name:
        return False
    path = Path(name)
    session.sync()
    try:
        entries = plan_import(session.store, path, dt.date.today().isoformat())
    except RopaError as exc:
        window.show_error(exc.message(current()))
        return False
    lines = [f"• {tr(f'ui.packs.state.{e.state}')}: {e.vendor.name}: {e.service.name}"
             + (f" ({', '.join(_fact_label(f) for f in e.changed)})" if e.changed else "") for e in entries]
    changes = [e for e in entries if e.state != "same"]
    if not changes:
        window.hub.statusMessage.emit(tr("ui.packs.nothing_new", file=path.name))
        return False
    if not confirm(window, tr("ui.packs.confirm", file=path.name, lines="\n".join(lines)), "ui.packs.import_title"):
        return False
    if not session.push(ImportPack(session, path.name, entries)):
        return False
    window.hub.statusMessage.emit(tr("ui.packs.imported", count=len(changes), file=path.name))
    return True
