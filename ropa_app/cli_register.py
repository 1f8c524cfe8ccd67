"""`ropa check`, `ropa export` and the commands that complete the register (recipient locations, DPA references)."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ropa_app.errors import RopaError
from ropa_app.i18n import t

EXIT_OK, EXIT_GAPS = 0, 1


def _register(args: argparse.Namespace):
    from ropa_app.register import build_register
    from ropa_app.store import open_ropa

    made_at = _timestamp(args.timestamp) if getattr(args, "timestamp", None) else None
    with open_ropa(Path(args.file), read_only=True) as store:
        return build_register(store, made_at=made_at)


def _timestamp(text: str) -> dt.datetime:
    """An ISO 8601 time between 1970 and 9998 (a register's 'made at'); anything else is a message."""
    try:
        stamp = dt.datetime.fromisoformat(text)
        stamp = stamp if stamp.tzinfo else stamp.astimezone()
        stamp.astimezone(dt.timezone.utc)
        stamp.timestamp()
    except (ValueError, OverflowError, OSError):
        raise RopaError("invalid_timestamp", value=text) from None
    if not 1970 <= stamp.year <= 9998:
        raise RopaError("invalid_timestamp", value=text) from None
    return stamp


def cmd_check(args: argparse.Namespace) -> int:
    from ropa_app.columns import field_label, gap_text

    from ropa_app.processor_register import with_listed_gaps

    register = with_listed_gaps(_register(args).with_parts(args.register))
    if args.json:
        data = [{"severity": g.severity, "code": g.code, "field": g.field, "activity_id": g.activity_id,
                 "activity": g.activity_title, "message": gap_text(g, args.lang)} for g in register.gaps]
        from ropa_app.cli import _json

        _json(data)  # exact in any terminal encoding
    else:
        for severity in ("mandatory", "warning", "notice"):
            gaps = [g for g in register.gaps if g.severity == severity]
            if not gaps:
                continue
            sys.stdout.write(f"{t('severity.' + severity, args.lang)} ({len(gaps)}):\n")
            for g in gaps:
                # an activity, the controller a processor's gap concerns (art. 30(2)), or the company
                where = (f"{g.activity_id} {g.activity_title}" if g.activity_id else g.activity_title
                         or t("cli.organisation", args.lang))
                sys.stdout.write(f"  [{where}] {field_label(g.field, args.lang)}: {gap_text(g, args.lang)}\n")
        if not register.gaps:
            sys.stdout.write(t("cli.no_gaps", args.lang) + "\n")
        else:
            sys.stdout.write(t("cli.gap_summary", args.lang, mandatory=len(register.mandatory_gaps),
                               total=len(register.gaps)) + "\n")
    return EXIT_GAPS if register.mandatory_gaps else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from ropa_app.export import export_register

    full = _register(args)
    register = full.for_audience(args.audience).with_parts(args.register)
    out = Path(args.output) if args.output else Path(args.file).with_suffix("." + args.format)
    export_register(register, args.format, out, lang=args.lang, source=Path(args.file))
    key = "cli.exported_datatilsynet" if register.for_datatilsynet else "cli.exported"
    from ropa_app.processor_register import gaps_of_parts

    # the mandatory gaps the export lists: those of the registers it holds (a controller-only export none of the
    # processor's register), counted the same way for the copy for Datatilsynet, which lists none
    listed = [g for g in gaps_of_parts(full.with_parts(args.register)) if g.severity == "mandatory"]
    check = "ropa check" if args.register == "both" else f"ropa check --register {args.register}"
    sys.stdout.write(t(key, args.lang, path=str(out), gaps=len(listed), check=check) + "\n")
    return EXIT_OK


def cmd_recipient(args: argparse.Namespace) -> int:
    from ropa_app.store import open_ropa

    from ropa_app.validation import normalise_country

    codes = [normalise_country(c) for c in args.country or [] if c.strip()]  # refused before the file is opened
    with open_ropa(Path(args.file)) as store:
        store.resolve_recipient(args.name, [code for code, _alias in codes], args.mechanism or "", args.note or "")
    for code, alias in codes:
        if alias:
            sys.stdout.write(t("cli.country_alias", args.lang, alias=alias, code=code) + "\n")
    sys.stdout.write(t("cli.recipient_saved", args.lang, name=args.name) + "\n")
    return EXIT_OK


def cmd_dpa(args: argparse.Namespace) -> int:
    from ropa_app.store import open_ropa

    with open_ropa(Path(args.file)) as store:
        reference = args.reference[1:] if args.reference[:1] == ["--"] else args.reference
        if not reference:
            raise RopaError("value_required", field="reference")
        store.set_dpa_reference(args.key, " ".join(reference))
    sys.stdout.write(t("cli.dpa_saved", args.lang, key=args.key) + "\n")
    return EXIT_OK


def add_commands(command) -> None:
    p = command("check", cmd_check, "list the register's gaps (exit 1 when a mandatory item is missing)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.add_argument("--register", choices=("controller", "processor", "both"), default="both",
                   help="both (default): every gap of the file; controller or processor: the gaps an export of "
                        "that register lists")

    p = command("export", cmd_export, "export the Article 30 register")
    p.add_argument("file")
    p.add_argument("--format", choices=("xlsx", "pdf", "json"), required=True)
    p.add_argument("-o", "--output", help="target file (default: beside the ROPA file)")
    p.add_argument("--timestamp", help="the time to print as 'made at' (ISO 8601), for reproducible exports")
    p.add_argument("--audience", choices=("internal", "datatilsynet"), default="internal",
                   help="internal (default): everything, with gaps and the change log; datatilsynet: the register "
                        "alone, to hand to the supervisory authority (art. 30(4))")
    p.add_argument("--register", choices=("controller", "processor", "both"), default="controller",
                   help="controller (default): the register of processing activities, art. 30(1); processor: the "
                        "register kept as a processor for other controllers, art. 30(2); both: one document")

    p = command("recipient", cmd_recipient,
                "record where a recipient processes data and the transfer mechanism, e.g. after asking the vendor")
    p.add_argument("file")
    p.add_argument("name", help="the recipient's name as the register shows it, e.g. 'Google Cloud'")
    p.add_argument("--country", action="append", help="ISO country code (repeatable), e.g. NO, SE, US")
    p.add_argument("--mechanism", help="e.g. 'EUs standardkontrakter (2021/914)' or 'DPF-sertifisert'")
    p.add_argument("--note")

    p = command("dpa", cmd_dpa, "record the data processing agreement (date/reference) for an adopted service")
    p.add_argument("file")
    p.add_argument("key")
    p.add_argument("reference", nargs=argparse.REMAINDER, help="everything after the key, also words starting "
                                                                "with '-'")
