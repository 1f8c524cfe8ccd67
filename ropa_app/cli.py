"""The `ropa` command: parse arguments, call the core, print. Exit 0 on success, 1 on a user error (message on
stderr, no traceback), 2 on bad usage."""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ropa_app import __version__
from ropa_app.cli_whole import cmd_activity_add
from ropa_app.errors import RopaError
from ropa_app.i18n import LANGUAGES, normalise_language, t

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


def _default_language() -> str:
    return normalise_language(os.environ.get("ROPA_LANG") or os.environ.get("LANG", "nb"))


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _json(data: object) -> None:
    # A terminal that cannot show every letter (Latin-1, ASCII) still gets the exact data, as \u escapes.
    utf = (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "").startswith("utf")
    sys.stdout.write(json.dumps(data, ensure_ascii=not utf, indent=2) + "\n")


def _tolerant_output() -> None:
    """Letters the terminal's encoding lacks (a Latin-1 or ASCII terminal and a "€" in a title) are shown as "?"
    instead of ending the command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass


# --- commands ---------------------------------------------------------------------------------------------

def cmd_where(args: argparse.Namespace) -> int:
    from ropa_app.paths import default_file

    _out(str(default_file()))
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from ropa_app.store import create_ropa

    path = Path(args.file)
    sample = None
    if args.sample:
        from ropa_app.sample import fill_sample_company, sample_definition

        sample = sample_definition()  # before the file is made: a build without the sample says so
    with create_ropa(path) as store:
        if sample is not None:
            fill_sample_company(store, lang=args.lang, data=sample)
        org = {k: v for k, v in (("name", args.org), ("org_number", args.org_number)) if v is not None}
        if org:
            store.update_organisation(**org)
        _out(t("cli.created", args.lang, path=str(path), services=len(store.catalogue().services)))
    return EXIT_OK


def cmd_catalogue(args: argparse.Namespace) -> int:
    from ropa_app.catalogue import load_catalogue

    catalogue = load_catalogue()
    services = [s for s in catalogue.services if not args.vendor or s.vendor == args.vendor]
    if args.vendor and not services:
        raise RopaError("unknown_vendor", vendor=args.vendor)
    if args.json:
        _json([{**dataclasses.asdict(s), "vendor_name": catalogue.vendor(s.vendor).name} for s in services])
        return EXIT_OK
    for vendor in catalogue.vendors:
        vendor_services = [s for s in services if s.vendor == vendor.id]
        if not vendor_services:
            continue
        _out(f"{vendor.name}  ({vendor.document_label()})")
        for s in vendor_services:
            indent = "    " if s.parent else "  "
            role = t(f"enum.role.{s.role}", args.lang) if s.role else t("cli.addon", args.lang)
            _out(f"{indent}{s.key:<52} {s.name}  [{role}]")
    _out(t("cli.catalogue_version", args.lang, version=catalogue.version, count=len(services)))
    return EXIT_OK


def cmd_org(args: argparse.Namespace) -> int:
    from ropa_app.columns import enum_label
    from ropa_app.domain import ORGANISATION_FIELDS
    from ropa_app.validation import format_orgnr

    changes = {name: getattr(args, name) for name in ORGANISATION_FIELDS if getattr(args, name, None) is not None}
    with _open(args, write=bool(changes)) as store:
        if changes:
            changed = store.update_organisation(**changes)
            _out(t("cli.org_updated", args.lang, count=len(changed)))
        org = store.organisation()
    if args.json:
        _json(org)
        return EXIT_OK
    for name, spec in ORGANISATION_FIELDS.items():
        value = org[name]
        if name == "org_number":
            value = format_orgnr(value)
        elif spec.kind == "choice" and value:  # «ja», not "yes"
            value = enum_label("yes_no", value, args.lang)
        _out(f"{t(f'field.organisation.{name}', args.lang)}: {value}")
    return EXIT_OK


def cmd_adopt(args: argparse.Namespace) -> int:
    from ropa_app.adoption import adopt_services

    with _open(args, write=True) as store:
        results = adopt_services(store, args.keys, activity_title=args.activity, lang=args.lang)
        for r in results:
            title = store.activity(r.activity_id)["title"]
            key = "cli.adopt_already" if r.already else ("cli.adopt_implied" if r.implied_by else "cli.adopted")
            _out(t(key, args.lang, key=r.key, id=r.activity_id, title=title, addon=r.implied_by))
    return EXIT_OK


def cmd_drop(args: argparse.Namespace) -> int:
    from ropa_app.adoption import drop_services

    with _open(args, write=True) as store:
        for r in drop_services(store, args.keys):
            _out(t("cli.dropped", args.lang, key=r.key, count=len(r.activity_ids)))
            for activity_id in r.removed_activities:
                _out(t("cli.activity_removed_empty", args.lang, id=activity_id))
    return EXIT_OK


def _activity_json(store, activity: dict) -> dict:
    out = {k: v for k, v in activity.items()}
    out["services"] = store.services_of_activity(activity["id"])
    out["category_decisions"] = [
        {k: d[k] for k in ("service_key", "subject", "category", "decision")}
        for d in store.category_decisions(activity["id"])]
    from ropa_app.starter import pending_proposals

    out["proposals"] = pending_proposals(activity)  # a starter template's, waiting to be accepted: not answers
    return out


def cmd_activity_list(args: argparse.Namespace) -> int:
    with _open(args) as store:
        activities = store.activities()
        links: dict[int, list[str]] = {}
        for link in store.activity_links():
            links.setdefault(link["activity_id"], []).append(link["service_key"])
        if args.json:
            _json([{**a, "services": links.get(a["id"], [])} for a in activities])
            return EXIT_OK
        if not activities:
            _out(t("cli.no_activities", args.lang))
        for a in activities:
            status = t(f"enum.status.{a['status']}", args.lang)
            services = ", ".join(links.get(a["id"], [])) or "-"
            _out(f"{a['id']:>5}  {a['title']}  [{status}]  {services}")
    return EXIT_OK


def cmd_activity_show(args: argparse.Namespace) -> int:
    from ropa_app.columns import choice_label
    from ropa_app.domain import ACTIVITY_FIELDS, LIST_KINDS

    with _open(args) as store:
        activity = store.activity(args.id)
        data = _activity_json(store, activity)
        if args.json:
            _json(data)
            return EXIT_OK
        for name, spec in ACTIVITY_FIELDS.items():
            value = activity[name]
            if spec.kind in LIST_KINDS:
                value = ", ".join(choice_label(spec.name, v, args.lang) for v in value)
            elif spec.kind == "choice":
                value = choice_label(spec.name, value, args.lang)
            _out(f"{t(f'field.activity.{name}', args.lang)}: {value}")
        _out(f"{t('cli.services', args.lang)}: {', '.join(data['services']) or '-'}")
        from ropa_app.cli_whole import show_proposals

        show_proposals(args, activity)
    return EXIT_OK


def cmd_activity_set(args: argparse.Namespace) -> int:
    from ropa_app.domain import ACTIVITY_FIELDS, LIST_KINDS, field_spec

    if args.values[:1] == ["--"]:  # the documented separator is still welcome
        args.values = args.values[1:]
    if not args.values:
        raise RopaError("value_required", field=args.field)
    spec = field_spec(ACTIVITY_FIELDS, args.field)
    value: object = args.values if spec.kind in LIST_KINDS else " ".join(args.values)
    if spec.kind in LIST_KINDS and args.values == [""]:
        value = []
    with _open(args, write=True) as store:
        changed = store.update_activity(args.id, args.field, value)
    _out(t("cli.field_set" if changed else "cli.field_unchanged", args.lang, field=args.field, id=args.id))
    return EXIT_OK


def cmd_activity_remove(args: argparse.Namespace) -> int:
    with _open(args, write=True) as store:
        removed = store.remove_activity(args.id)
    _out(t("cli.activity_removed", args.lang, id=args.id, title=removed["title"]))
    return EXIT_OK


def cmd_decide(args: argparse.Namespace) -> int:
    decision = None if args.decision == "open" else args.decision
    with _open(args, write=True) as store:
        service = store.catalogue().resolved(args.key)
        subjects = [c.subject for c in service.data_categories if c.name == args.category and c.if_chosen]
        subject = args.subject or (subjects[0] if subjects else "")
        store.decide_category(args.id, args.key, subject, args.category, decision)
    _out(t("cli.decided", args.lang, category=args.category, decision=t(f"enum.decision.{args.decision}", args.lang)))
    return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    with _open(args) as store:
        entries = store.change_log(limit=args.limit)
    if args.json:
        _json(entries)
        return EXIT_OK
    for e in entries:
        _out(f"{e['at']}  {e['who']:<10} {e['entity']} {e['entity_id']} {e['field']}: "
             f"{_short(e['old'])} -> {_short(e['new'])}")
    return EXIT_OK


def _short(text: str, width: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_show(args: argparse.Namespace) -> int:
    """An overview of a ROPA: the default file (created on first use), the sample company, or FILE."""
    from ropa_app.paths import default_file
    from ropa_app.store import create_ropa, open_ropa
    from ropa_app.validation import format_orgnr

    if args.sample:
        from ropa_app.sample import sample_file

        path = sample_file()
    else:
        path = Path(args.file) if args.file else default_file()
        if not args.file and not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            create_ropa(path).close()
            _out(t("cli.created_default", args.lang, path=str(path)))
    with open_ropa(path, read_only=True) as store:  # an overview only reads: read-only files work too
        org = store.organisation()
        activities = store.activities()
        adopted = store.adopted_services()
        _out(t("cli.overview_title", args.lang, path=str(path)))
        _out(f"  {t('field.organisation.name', args.lang)}: {org['name'] or '-'}"
             f"  ({format_orgnr(org['org_number']) or '-'})")
        _out("  " + t("cli.overview_counts", args.lang, activities=len(activities), services=len(adopted),
                      catalogue=len(store.catalogue().services)))
        for a in activities:
            _out(f"  {a['id']:>4}  {a['title']}")
    return EXIT_OK


# --- plumbing ---------------------------------------------------------------------------------------------

def _open(args: argparse.Namespace, write: bool = False):
    from ropa_app.store import open_ropa

    return open_ropa(Path(args.file), read_only=not write)


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with the message only (argparse's default), never a traceback."""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help="språk for meldinger / message language (nb, en)")
    parser = _Parser(prog="ropa", parents=[common],
                     description="ROPA – protokoll over behandlingsaktiviteter (GDPR art. 30)")
    parser.add_argument("--version", action="version", version=f"ropa {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, func: Callable, help_text: str, parent=sub) -> argparse.ArgumentParser:
        p = parent.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    command("where", cmd_where, "print the default ROPA file's path")

    p = command("show", cmd_show, "overview of a ROPA (the default file when none is named)")
    p.add_argument("file", nargs="?", help="ROPA file (default: the per-user default file)")
    p.add_argument("--sample", action="store_true", help="show the sample company")

    p = command("init", cmd_init, "create a new ROPA file, with the vendor catalogue")
    p.add_argument("file")
    p.add_argument("--org", help="organisation name")
    p.add_argument("--org-number", help="organisation number (9 digits)")
    p.add_argument("--sample", action="store_true", help="fill in the sample company")

    p = command("catalogue", cmd_catalogue, "list the vendor catalogue")
    p.add_argument("--json", action="store_true")
    p.add_argument("--vendor", help="only this vendor id (e.g. talkmore)")

    p = command("org", cmd_org, "show or change the organisation (the controller)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    for name in ("name", "org-number", "address", "email", "phone", "contact-name", "representative-name",
                 "representative-address", "representative-email", "representative-phone", "dpo-name",
                 "dpo-address", "dpo-email", "dpo-phone"):
        p.add_argument(f"--{name}", dest=name.replace("-", "_"))
    p.add_argument("--acts-as-processor", dest="acts_as_processor", choices=("yes", "no"),
                   help="yes: the company is also a processor for others (art. 30(2))")
    p.add_argument("--has-joint-controllers", dest="has_joint_controllers", choices=("yes", "no"),
                   help="no: the company shares no processing with joint controllers (the register says so)")
    p.add_argument("--dpo-appointed", dest="dpo_appointed", choices=("yes", "no"),
                   help="no: the company has not appointed a data protection officer (the register says so)")
    p.add_argument("--needs-representative", dest="needs_representative", choices=("yes", "no"),
                   help="no: the company is established in the EU/EEA and needs no representative (art. 27)")

    p = command("adopt", cmd_adopt, "start using vendor services")
    p.add_argument("file")
    p.add_argument("keys", nargs="+", metavar="KEY")
    p.add_argument("--activity", help="title of the processing activity to add them to")

    p = command("drop", cmd_drop, "stop using vendor services")
    p.add_argument("file")
    p.add_argument("keys", nargs="+", metavar="KEY")

    p = command("decide", cmd_decide, "confirm or decline an optional data category (e.g. call recording)")
    p.add_argument("file")
    p.add_argument("id", type=int)
    p.add_argument("key")
    p.add_argument("category")
    p.add_argument("decision", choices=("confirmed", "declined", "open"))
    p.add_argument("--subject")

    act = command("activity", lambda a: EXIT_USAGE, "processing activities")
    act_sub = act.add_subparsers(dest="activity_command", metavar="ACTION", required=True)
    p = command("list", cmd_activity_list, "list activities", act_sub)
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p = command("show", cmd_activity_show, "show one activity", act_sub)
    p.add_argument("file")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p = command("add", cmd_activity_add, "add an activity (prints its id); --template starts from a starter "
                                         "template whose values wait as proposals", act_sub)
    p.add_argument("file")
    p.add_argument("--title")
    p.add_argument("--template", help="a starter template's key (see 'ropa templates')")
    p.add_argument("--purpose")
    p = command("set", cmd_activity_set, "set a field (list fields take several values; everything after the "
                                         "field is its value, also words starting with '-')", act_sub)
    p.add_argument("file")
    p.add_argument("id", type=int)
    p.add_argument("field")
    p.add_argument("values", nargs=argparse.REMAINDER, metavar="VALUE")
    p = command("remove", cmd_activity_remove, "remove an activity", act_sub)
    p.add_argument("file")
    p.add_argument("id", type=int)

    p = command("log", cmd_log, "the change log")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int)

    from ropa_app.cli_register import add_commands
    from ropa_app.cli_whole import add_commands as add_whole_register_commands

    add_commands(command)
    add_whole_register_commands(command, act_sub)
    from ropa_app.cli_processor import add_processor_commands

    add_processor_commands(command)
    return parser


SQLITE_INT_MAX = 2**63 - 1


def _not_utf8(argv: list[str]) -> str | None:
    """The first argument that is not valid UTF-8 (Python keeps its bytes as lone surrogates), shown readably."""
    for arg in argv:
        if any("\udc80" <= ch <= "\udcff" for ch in arg):
            return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if any("\ud800" <= ch <= "\udfff" for ch in arg):
            return arg.encode("utf-8", "replace").decode("utf-8")
    return None


def _check_numbers(args: argparse.Namespace) -> None:
    """Numbers beyond SQLite's integer range name nothing in a file: a message, not an OverflowError."""
    for name in ("id", "limit"):
        value = getattr(args, name, None)
        if isinstance(value, int) and not -SQLITE_INT_MAX <= value <= SQLITE_INT_MAX:
            raise RopaError("number_out_of_range")


def _quiet_stdout() -> None:
    """The reader went away (``ropa catalogue | head -1``): send what is still buffered nowhere, silently."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _value_options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option, in every subcommand, that takes exactly one value (--name, --country, -o, ...)."""
    options: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                options |= _value_options(sub)
        elif action.option_strings and action.nargs is None and isinstance(
                action, (argparse._StoreAction, argparse._AppendAction)):
            options.update(action.option_strings)
    return options


def _attach_values(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """A value that starts with "-" ("--purpose -intern-", "--note -"): argparse would take it for an option.
    An option that takes a value always takes the next word, so it is attached (--purpose=-intern-)."""
    options = _value_options(parser)
    out: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            out.extend(argv[i:])
            break
        if word in options and i + 1 < len(argv) and argv[i + 1].startswith("-") and argv[i + 1] != "--":
            out.append(f"{word}={argv[i + 1]}")
            i += 2
            continue
        out.append(word)
        i += 1
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_output()
    lang = _default_language()
    bad = _not_utf8(argv)
    if bad is not None:
        sys.stderr.write(t("cli.error_prefix", lang) + t("error.argument_not_utf8", lang, argument=bad) + "\n")
        return EXIT_USER_ERROR
    parser = build_parser()
    args = parser.parse_args(_attach_values(parser, argv))
    args.lang = getattr(args, "lang", None) or lang
    try:
        _check_numbers(args)
        return args.func(args)
    except RopaError as exc:
        sys.stderr.write(t("cli.error_prefix", args.lang) + exc.message(args.lang) + "\n")
        return EXIT_USER_ERROR
    except BrokenPipeError:  # before OSError, of which it is one
        _quiet_stdout()
        return EXIT_OK
    except OSError as exc:  # a disk or permission problem the core did not foresee: still a message, not a trace
        sys.stderr.write(t("cli.error_prefix", args.lang) + t("cli.os_error", args.lang,
                                                               detail=exc.strerror or str(exc)) + "\n")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        sys.stderr.write(t("cli.interrupted", args.lang) + "\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
