"""The commands for the company's whole register (issue 9): own vendors (`vendor add|list|remove`), linking any
service to any activity (`link`, `unlink`), starter activities (`templates`, `activity add --template`,
`activity accept`) and vendor packs (`pack export|import`). Thin: parse, call the core, print."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from ropa_app.errors import RopaError
from ropa_app.i18n import t

EXIT_OK = 0


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _json(data: object) -> None:
    utf = (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "").startswith("utf")
    sys.stdout.write(json.dumps(data, ensure_ascii=not utf, indent=2) + "\n")


def _open(args: argparse.Namespace, write: bool = False):
    from ropa_app.store import open_ropa

    return open_ropa(Path(args.file), read_only=not write)


# --- own vendors --------------------------------------------------------------------------------------------

def cmd_vendor_add(args: argparse.Namespace) -> int:
    from ropa_app.own_vendors import build_own_service

    values = {"vendor": args.name, "service": args.service, "description": args.description or "",
              "role": "independent_controller" if args.role == "controller" else args.role, "countries": ", ".join(args.country or []), "sub_processors": args.sub or [],
              "data_categories": args.data or [], "retention": args.retention or [],
              "security": args.security or []}
    with _open(args, write=True) as store:
        vendor, service = build_own_service(values, store.catalogue(), lang=args.lang)
        store.add_user_service(vendor, service)
    _out(service.key)
    return EXIT_OK


def cmd_vendor_list(args: argparse.Namespace) -> int:
    from ropa_app.own_vendors import own_services

    with _open(args) as store:
        rows = own_services(store)
    if args.json:
        _json([{"key": r.key, "vendor": r.vendor, "name": r.name, "activities": list(r.activity_ids)}
               for r in rows])
        return EXIT_OK
    if not rows:
        _out(t("cli.no_own_vendors", args.lang))
    for r in rows:
        ids = ", ".join(str(i) for i in r.activity_ids) or "-"
        _out(f"{r.key:<48} {r.vendor}: {r.name}  [{ids}]")
    return EXIT_OK


def cmd_vendor_remove(args: argparse.Namespace) -> int:
    from ropa_app.own_vendors import remove_own_service

    with _open(args, write=True) as store:
        unlinked = remove_own_service(store, args.key, unlink=args.unlink)
    if unlinked:
        _out(t("cli.vendor_unlinked_from", args.lang, ids=", ".join(str(i) for i in unlinked)))
    _out(t("cli.vendor_removed", args.lang, key=args.key))
    return EXIT_OK


def cmd_link(args: argparse.Namespace) -> int:
    from ropa_app.adoption import link_service

    with _open(args, write=True) as store:
        added = link_service(store, args.key, args.id)
        title = store.activity(args.id)["title"]
    _out(t("cli.linked" if added else "cli.link_already", args.lang, key=args.key, id=args.id, title=title))
    return EXIT_OK


def cmd_unlink(args: argparse.Namespace) -> int:
    from ropa_app.adoption import unlink_service

    with _open(args, write=True) as store:
        unlink_service(store, args.key, args.id)
        title = store.activity(args.id)["title"]
    _out(t("cli.unlinked", args.lang, key=args.key, id=args.id, title=title))
    return EXIT_OK


# --- starter activities -------------------------------------------------------------------------------------

def cmd_templates(args: argparse.Namespace) -> int:
    from ropa_app.starter import load_starter_templates

    templates = load_starter_templates()
    if args.json:
        _json([{"key": tpl.key, "title": tpl.title(args.lang), "proposals": tpl.proposals(args.lang)}
               for tpl in templates.templates])
        return EXIT_OK
    for tpl in templates.templates:
        _out(f"{tpl.key:<16} {tpl.title(args.lang)}")
    _out(t("cli.templates_version", args.lang, version=templates.version, count=len(templates.templates)))
    return EXIT_OK


def show_proposals(args: argparse.Namespace, activity: dict) -> None:
    from ropa_app.columns import choice_label
    from ropa_app.domain import ACTIVITY_FIELDS
    from ropa_app.starter import pending_proposals

    pending = pending_proposals(activity, args.lang)
    if not pending:
        return
    _out(t("cli.proposals_waiting", args.lang, file=args.file, id=activity["id"]))
    for name, value in pending.items():
        if isinstance(value, list):
            spec = ACTIVITY_FIELDS[name]
            value = ", ".join(choice_label(spec.name, v, args.lang) if spec.choices else v for v in value)
        _out(f"  {name} ({t(f'field.activity.{name}', args.lang)}): {value}")


def cmd_activity_add(args: argparse.Namespace) -> int:
    """`activity add`: a blank activity (--title), or one from a starter template (--template)."""
    from ropa_app.starter import add_from_template

    if not args.template and args.title is None:
        raise RopaError("value_required", field="--title / --template")
    with _open(args, write=True) as store:
        if args.template:
            new_id = add_from_template(store, args.template, args.lang, title=args.title)
            if args.purpose is not None:
                store.update_activity(new_id, "purpose", args.purpose)
        else:
            values = {"purpose": args.purpose} if args.purpose is not None else {}
            new_id = store.add_activity(args.title, **values)
        activity = store.activity(new_id)
    _out(str(new_id))
    if args.template:
        show_proposals(args, activity)
    return EXIT_OK


def cmd_activity_accept(args: argparse.Namespace) -> int:
    from ropa_app.starter import accept_proposals

    with _open(args, write=True) as store:
        accepted = accept_proposals(store, args.id, args.fields or None, lang=args.lang)
    if not accepted:
        _out(t("cli.no_proposals", args.lang, id=args.id))
    else:
        _out(t("cli.proposals_accepted", args.lang, fields=", ".join(accepted)))
    return EXIT_OK


# --- vendor packs -------------------------------------------------------------------------------------------

def cmd_pack_export(args: argparse.Namespace) -> int:
    from ropa_app.packs import export_pack

    with _open(args) as store:
        keys = export_pack(store, Path(args.output), args.vendor or None)
    _out(t("cli.pack_written", args.lang, count=len(keys), path=args.output))
    return EXIT_OK


def cmd_pack_import(args: argparse.Namespace) -> int:
    from ropa_app.packs import apply_import, plan_import

    date = dt.date.today().isoformat()
    with _open(args, write=not args.dry_run) as store:
        entries = plan_import(store, Path(args.pack), date)
        for entry in entries:
            state = t(f"cli.pack_entry.{entry.state}", args.lang)
            what = f"  [{', '.join(entry.changed)}]" if entry.changed else ""
            _out(f"  {state:<9} {entry.service.key}  ({entry.vendor.name}: {entry.service.name}){what}")
        if args.dry_run:
            _out(t("cli.pack_dry_run", args.lang))
            return EXIT_OK
        written = apply_import(store, entries)
    _out(t("cli.pack_imported", args.lang, count=len(written), file=Path(args.pack).name, date=date))
    return EXIT_OK


def add_commands(command, activity_sub) -> None:
    vendor = command("vendor", lambda a: 2, "the company's own vendors (services the catalogue lacks)")
    sub = vendor.add_subparsers(dest="vendor_command", metavar="ACTION", required=True)
    p = command("add", cmd_vendor_add, "add an own vendor service (prints its key)", sub)
    p.add_argument("file")
    p.add_argument("--name", required=True, help="the vendor, e.g. 'Visma'")
    p.add_argument("--service", required=True, help="the service, e.g. 'Visma Lønn'")
    p.add_argument("--country", action="append", help="processing country, ISO code or EU (repeatable)")
    p.add_argument("--role", choices=("processor", "controller"), default="processor",
                   help="processor (databehandler, default) or controller (an independent controller)")
    p.add_argument("--sub", action="append", help="sub-processor 'Name;IE,DE' (repeatable)")
    p.add_argument("--data", action="append", help="data category 'group: data', e.g. 'ansatte: lønn' (repeatable)")
    p.add_argument("--retention", action="append", help="a retention rule (repeatable)")
    p.add_argument("--security", action="append", help="a security measure (repeatable)")
    p.add_argument("--description")
    p = command("list", cmd_vendor_list, "list the file's own vendors and the activities each supports", sub)
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p = command("remove", cmd_vendor_remove, "remove an own vendor service (exit 1 while used, unless --unlink)",
                sub)
    p.add_argument("file")
    p.add_argument("key")
    p.add_argument("--unlink", action="store_true", help="take it out of the activities that use it first")

    p = command("link", cmd_link, "let a service (catalogue or own) support an activity")
    p.add_argument("file")
    p.add_argument("key")
    p.add_argument("id", type=int, metavar="ACTIVITY_ID")
    p = command("unlink", cmd_unlink, "take a service out of an activity (it stays in use)")
    p.add_argument("file")
    p.add_argument("key")
    p.add_argument("id", type=int, metavar="ACTIVITY_ID")

    p = command("templates", cmd_templates, "list the starter activity templates")
    p.add_argument("--json", action="store_true")
    p = command("accept", cmd_activity_accept, "accept the template's proposals for an activity (all, or FIELDs)",
                activity_sub)
    p.add_argument("file")
    p.add_argument("id", type=int)
    p.add_argument("fields", nargs="*", metavar="FIELD")

    pack = command("pack", lambda a: 2, "vendor packs: own vendors to reuse in other files")
    sub = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    p = command("export", cmd_pack_export, "write the file's own vendors to a pack", sub)
    p.add_argument("file")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--vendor", action="append", help="only this service key or vendor id (repeatable)")
    p = command("import", cmd_pack_import, "show what a pack adds or changes, then add it", sub)
    p.add_argument("file")
    p.add_argument("pack")
    p.add_argument("--dry-run", action="store_true", help="only show what would change")
