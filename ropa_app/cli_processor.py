"""`ropa processor`: the register the company keeps as a processor (art. 30(2)) from the command line — the
controllers it acts for, their fields, the sub-processors it uses for them and the role's security measures. Thin:
it parses arguments and calls the Store, as the app's page does."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ropa_app.errors import RopaError
from ropa_app.i18n import t

EXIT_OK = 0


def _open(args: argparse.Namespace, write: bool = False):
    from ropa_app.store import open_ropa

    return open_ropa(Path(args.file), read_only=not write)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def cmd_show(args: argparse.Namespace) -> int:
    from ropa_app.processor_columns import PROCESSOR_COLUMNS
    from ropa_app.register import build_register

    with _open(args) as store:
        register = build_register(store, include_change_log=False)
    part = register.processor
    if args.json:
        data = {"acts_as_processor": part.acts_as_processor, "security_measures": part.security_measures,
                "controllers": [{"id": c.id, "name": c.name, **{col.key: col.text(c, part, args.lang)
                                                               for col in PROCESSOR_COLUMNS}}
                                for c in part.controllers]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if not part.acts_as_processor:
        _out(t("cli.processor.not_processor", args.lang))
    for c in part.controllers:
        _out(f"{c.id}  {c.name}")
        for col in PROCESSOR_COLUMNS[1:]:
            text = (col.text(c, part, args.lang) or "–").replace("\n", "\n      ")
            _out(f"    {col.label(args.lang)}: {text}")
    if not part.controllers:
        _out(t("xlsx.none.served_controllers", args.lang))
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    fields = {k: v for k, v in (("org_number", args.org_number), ("email", args.email), ("phone", args.phone),
                                ("address", args.address), ("processing", args.processing),
                                ("dpa_reference", args.dpa_reference), ("dpa_date", args.dpa_date)) if v}
    with _open(args, write=True) as store:
        new_id = store.add_served_controller(args.name, **fields)
    _out(str(new_id))
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    values = args.values[1:] if args.values[:1] == ["--"] else args.values
    with _open(args, write=True) as store:
        store.update_served_controller(args.id, args.field, " ".join(values))
    _out(t("cli.processor.saved", args.lang, id=args.id))
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    with _open(args, write=True) as store:
        store.remove_served_controller(args.id)
    _out(t("cli.processor.removed", args.lang, id=args.id))
    return EXIT_OK


def cmd_sub(args: argparse.Namespace) -> int:
    if bool(args.service) == bool(args.name):
        raise RopaError("sub_processor_service_or_name")
    with _open(args, write=True) as store:
        store.add_served_sub_processor(args.id, service_key=args.service or "", name=args.name or "",
                                       countries=args.country or [], mechanism=args.mechanism or "",
                                       task=args.task or "")
    _out(t("cli.processor.saved", args.lang, id=args.id))
    return EXIT_OK


def cmd_role(args: argparse.Namespace) -> int:
    changes = {k: v for k, v in (("security_measures", args.security_measures),
                                 ("transfers_note", args.transfers_note)) if v is not None}
    with _open(args, write=True) as store:
        if args.on is not None:
            store.update_organisation(acts_as_processor=args.on)
        store.update_processor_role(**changes)
    _out(t("cli.processor.role_saved", args.lang))
    return EXIT_OK


def add_processor_commands(command) -> None:
    group = command("processor", lambda a: 2, "the register kept as a processor for other controllers (art. 30(2))")
    sub = group.add_subparsers(dest="processor_command", metavar="ACTION", required=True)
    p = command("show", cmd_show, "the controllers the company acts for, as the register says them", sub)
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p = command("role", cmd_role, "say the company is a processor; its general security measures", sub)
    p.add_argument("file")
    p.add_argument("--on", choices=("yes", "no"), help="yes: the company is also a processor (shows the page)")
    p.add_argument("--security-measures")
    p.add_argument("--transfers-note")
    p = command("add", cmd_add, "add a controller the company acts for (prints its id)", sub)
    p.add_argument("file")
    p.add_argument("--name", required=True)
    for name in ("org-number", "email", "phone", "address", "processing", "dpa-reference", "dpa-date"):
        p.add_argument(f"--{name}", dest=name.replace("-", "_"))
    p = command("set", cmd_set, "set a field of a controller (everything after the field is its value)", sub)
    p.add_argument("file")
    p.add_argument("id", type=int)
    p.add_argument("field")
    p.add_argument("values", nargs=argparse.REMAINDER, metavar="VALUE")
    p = command("remove", cmd_remove, "remove a controller and its sub-processors", sub)
    p.add_argument("file")
    p.add_argument("id", type=int)
    p = command("sub", cmd_sub, "add a sub-processor used for a controller: a catalogue service or a named vendor",
                sub)
    p.add_argument("file")
    p.add_argument("id", type=int, help="the controller's id")
    p.add_argument("--service", help="a catalogue service key, e.g. we4you/sentralbord")
    p.add_argument("--name", help="a vendor not in the catalogue")
    p.add_argument("--country", action="append", help="ISO country code (repeatable); none: unknown")
    p.add_argument("--mechanism")
    p.add_argument("--task")
