"""Vendor packs: a consultant describes a vendor once and uses it for every client. A pack is a TOML file holding
the file's own vendors in the shipped catalogue's format (each ``[[vendors]]`` table is a vendor file's ``[vendor]``
with its ``[[vendors.services]]``), plus a ``[pack]`` header.

Importing checks the whole pack first (a problem names the file, line and field, and nothing is written), then
adds or updates every service in one transaction; each fact is sourced to the pack ("pakke.toml, <date>")."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ropa_app.catalogue import (
    NOT_STATED,
    REGIONS,
    ROLES,
    SUBJECTS,
    TRANSFER_STATES,
    Service,
    Source,
    Vendor,
    _build,
    vendor_to_dict,
)
from ropa_app.errors import RopaError, Words, problem
from ropa_app.own_vendors import USER_PREFIX

PACK_FORMAT = "ropa-vendor-pack"
PACK_VERSION = "1"
MAX_PACK_BYTES = 5_000_000


# --- writing ------------------------------------------------------------------------------------------------

def _string(text: str) -> str:
    # JSON's escapes are TOML's; DEL is the one character TOML wants escaped that JSON leaves as it is.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items() if v is not None) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to a pack")  # a programming error


def _is_table_list(value: object) -> bool:
    return isinstance(value, (list, tuple)) and bool(value) and all(isinstance(v, dict) for v in value)


def _is_inline(value: object) -> bool:
    return isinstance(value, dict) and all(not isinstance(v, (dict, list, tuple)) for v in value.values())


def _table(out: list[str], path: str, data: dict) -> None:
    nested = []
    for key, value in data.items():
        if value is None:
            continue
        if _is_table_list(value):
            nested.append((key, value))
        elif isinstance(value, dict) and not _is_inline(value):
            nested.append((key, value))
        else:
            out.append(f"{key} = {_value(value)}")
    for key, value in nested:
        if isinstance(value, dict):
            out.extend(["", f"[{path}.{key}]"])
            _table(out, f"{path}.{key}", value)
        else:
            for item in value:
                out.extend(["", f"[[{path}.{key}]]"])
                _table(out, f"{path}.{key}", item)


def pack_text(vendors: list[tuple[Vendor, list[Service]]], exported_from: str = "", date: str = "") -> str:
    """The pack's TOML for ``vendors`` (each with the services to include)."""
    out = ["# ROPA vendor pack: the company's own vendors in the vendor catalogue's format.",
           "# Import with `ropa pack import FILE PACK` or File → Importer leverandørpakke in the app.",
           "", "[pack]", f"format = {_string(PACK_FORMAT)}", f"version = {_string(PACK_VERSION)}",
           f"exported = {_string(date or dt.date.today().isoformat())}"]
    if exported_from:
        out.append(f"exported_from = {_string(exported_from)}")
    for vendor, services in vendors:
        out.extend(["", "[[vendors]]"])
        body = vendor_to_dict(vendor)
        body["services"] = [dict(_service_dict(s)) for s in services]
        _table(out, "vendors", body)
    return "\n".join(out) + "\n"


def _service_dict(service: Service) -> dict:
    data = service.to_dict()
    data.pop("vendor")  # the vendor table it sits in says it, as in a shipped vendor file
    return data


def export_pack(store, target: Path, keys: list[str] | None = None) -> list[str]:
    """Write the file's own vendors (or the services ``keys`` name, or whole vendors by id) to ``target``."""
    catalogue = store.catalogue()
    own = [s for s in catalogue.services if store.service_origin(s.key) == "user"]
    if keys:
        for key in keys:
            if not any(s.key == key or s.vendor == key for s in own):
                raise RopaError("user_service_unknown", key=key)
        own = [s for s in own if s.key in keys or s.vendor in keys]
    if not own:
        raise RopaError("pack_nothing_to_export")
    vendors = []
    for vendor in catalogue.vendors:
        services = [s for s in own if s.vendor == vendor.id]
        if services:
            vendors.append((vendor, services))
    text = pack_text(vendors, exported_from=store.path.name)
    _write_atomically(Path(target), text.encode("utf-8"), store.path)
    return [s.key for s in own]


def _write_atomically(target: Path, data: bytes, source: Path) -> None:
    """Beside the target, then renamed into place; never onto a ROPA file (the exports' rule)."""
    import os
    import tempfile

    from ropa_app.export import check_export_target

    folder = target.resolve().parent
    if not folder.is_dir():
        raise RopaError("folder_missing", path=str(folder))
    check_export_target(target, source)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise RopaError("export_failed", path=str(target), detail=exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(name, 0o644)
        os.replace(name, target)
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise RopaError("export_failed", path=str(target), detail=exc.strerror or str(exc)) from None


# --- reading ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PackEntry:
    vendor: Vendor
    service: Service
    state: str  # "new" | "changed" | "same"
    changed: tuple[str, ...] = ()  # for "changed": the facts that differ (field names), "name" for the vendor's


def _segments(field: str) -> list[tuple[str, int | None]]:
    out = []
    for part in field.split("."):
        match = re.fullmatch(r"([A-Za-z_]+)(?:\[(\d+)\])?", part)
        if not match:
            return out
        out.append((match.group(1), int(match.group(2)) if match.group(2) is not None else None))
    return out


def line_of(text: str, field: str) -> int:
    """The line in ``text`` where ``field`` ('vendors[0].services[1].data_categories[2].subject') is written, or
    the line of the nearest table that holds it; 1 when nothing can be found. Tracks [[...]] headers in order."""
    segments = _segments(field)
    if not segments:
        return 1
    lines = text.split("\n")
    counters: dict[tuple, int] = {}
    current: list[tuple[str, int | None]] = []
    best, best_depth = 1, -1
    header = re.compile(r"^\s*(\[\[?)\s*([A-Za-z_.]+)\s*\]\]?\s*(#.*)?$")
    key_line = re.compile(r"^\s*([A-Za-z_]+)\s*=")
    for number, line in enumerate(lines, start=1):
        match = header.match(line)
        if match:
            names = match.group(2).split(".")
            parents = tuple(current[: len(names) - 1])
            if match.group(1) == "[[":
                slot = (parents, names[-1])
                # the slot holds the parents' indices: each parent item counts its own children from 0
                counters[slot] = counters.get(slot, -1) + 1
                current = list(parents) + [(names[-1], counters[slot])]
            else:
                current = list(parents) + [(names[-1], None)]
            depth = _matching_depth(current, segments)
            if depth == len(current) and depth > best_depth:
                best, best_depth = number, depth
            continue
        match = key_line.match(line)
        if match and len(current) == len(segments) - 1 and _matching_depth(current, segments) == len(current):
            if match.group(1) == segments[-1][0]:
                return number
        if match and len(current) < len(segments) and _matching_depth(current, segments) == len(current):
            name, _index = segments[len(current)]
            if match.group(1) == name and len(current) + 1 > best_depth:
                best, best_depth = number, len(current) + 1
    return best


def _matching_depth(current: list, segments: list) -> int:
    depth = 0
    for have, want in zip(current, segments):
        if have != want:
            break
        depth += 1
    return depth


def _fail(file: str, text: str, field: str, what: Words, line: int | None = None) -> RopaError:
    return RopaError("pack_invalid", file=file, line=line or line_of(text, field), field=field, problem=what)


def _check_country(code: str, file: str, text: str, where: str) -> None:
    from ropa_app.iso3166 import CODES

    if code != NOT_STATED and code not in REGIONS and code not in CODES:
        raise _fail(file, text, where, problem("country", code=code))


def _check_service(s: Service, vendor_id: str, file: str, text: str, where: str) -> None:
    if not s.key.startswith(vendor_id + "/") or len(s.key) <= len(vendor_id) + 1:
        raise _fail(file, text, f"{where}.key", problem("key_prefix", prefix=f"{vendor_id}/"))
    if s.parent:
        raise _fail(file, text, f"{where}.parent", problem("pack_addon"))
    if s.role not in ROLES:
        raise _fail(file, text, f"{where}.role", problem("one_of", values=", ".join(ROLES)))
    if not s.name.strip():
        raise _fail(file, text, f"{where}.name", problem("missing"))
    if s.transfer and s.transfer.outside_eea not in TRANSFER_STATES:
        raise _fail(file, text, f"{where}.transfer.outside_eea", problem("one_of", values=", ".join(TRANSFER_STATES)))
    for code in s.countries:
        _check_country(code, file, text, f"{where}.countries")
    for j, p in enumerate(s.sub_processors):
        if not p.name.strip():
            raise _fail(file, text, f"{where}.sub_processors[{j}].name", problem("missing"))
        for code in p.countries:
            _check_country(code, file, text, f"{where}.sub_processors[{j}].countries")
    for j, c in enumerate(s.data_categories):
        for name, values in (("subject", (c.subject,)), ("subjects", c.subjects)):
            if any(v not in SUBJECTS for v in values):
                raise _fail(file, text, f"{where}.data_categories[{j}].{name}",
                            problem("one_of", values=", ".join(SUBJECTS)))


def read_pack(path: Path) -> tuple[list[tuple[Vendor, list[Service]]], str]:
    """Parse and check a pack; returns its vendors and services and the pack's text. Any problem is a
    RopaError naming the file, line and field."""
    path = Path(path)
    file = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RopaError("pack_unreadable", file=str(path), detail=exc.strerror or str(exc)) from None
    if len(raw) > MAX_PACK_BYTES:
        raise RopaError("pack_invalid", file=file, line=1, field="-", problem=problem("too_large", size="5 MB"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RopaError("pack_invalid", file=file, line=line, field="-", problem=problem("not_utf8")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise RopaError("pack_invalid", file=file, line=int(found.group(1)) if found else 1, field="-",
                        problem=problem("toml", detail=str(exc))) from None
    header = data.get("pack")
    if not isinstance(header, dict) or header.get("format") != PACK_FORMAT:
        raise _fail(file, text, "pack.format", problem("pack_format", format=PACK_FORMAT))
    if header.get("version") != PACK_VERSION:
        raise _fail(file, text, "pack.version", problem("pack_version", version=PACK_VERSION))
    extra = set(data) - {"pack", "vendors"}
    if extra:
        raise _fail(file, text, sorted(extra)[0], problem("unknown_field"))
    raw_vendors = data.get("vendors")
    if not isinstance(raw_vendors, list) or not raw_vendors:
        raise _fail(file, text, "vendors", problem("no_vendor"))
    out: list[tuple[Vendor, list[Service]]] = []
    keys: set[str] = set()
    for i, rv in enumerate(raw_vendors):
        where = f"vendors[{i}]"
        if not isinstance(rv, dict):
            raise _fail(file, text, where, problem("expected_table"))
        vendor_id = rv.get("id")
        if not isinstance(vendor_id, str) or not vendor_id.startswith(USER_PREFIX) or \
                not re.fullmatch(r"[a-z0-9][a-z0-9-]*", vendor_id[len(USER_PREFIX):]):
            raise _fail(file, text, f"{where}.id", problem("vendor_id", prefix=USER_PREFIX))
        raw_services = rv.get("services", [])
        if not isinstance(raw_services, list) or not raw_services:
            raise _fail(file, text, f"{where}.services", problem("no_service"))
        services = []
        try:
            for j, rs in enumerate(raw_services):
                if not isinstance(rs, dict):
                    raise RopaError("catalogue_invalid", file=file, field=f"{where}.services[{j}]",
                                    problem=problem("expected_table"))
                service = _build(Service, rs, f"{where}.services[{j}]", file, defaults={"vendor": vendor_id})
                _check_service(service, vendor_id, file, text, f"{where}.services[{j}]")
                if service.key in keys:
                    raise _fail(file, text, f"{where}.services[{j}].key", problem("duplicate_key"))
                keys.add(service.key)
                services.append(service)
            vendor = _build(Vendor, {k: v for k, v in rv.items() if k != "services"}, where, file,
                            defaults={"services": ()})
        except RopaError as exc:
            if exc.key != "catalogue_invalid":
                raise
            raise _fail(file, text, exc.params["field"], exc.params["problem"]) from None
        if not vendor.name.strip():
            raise _fail(file, text, f"{where}.name", problem("missing"))
        out.append((vendor, services))
    return out, text


def _with_source(obj, source: Source):
    """``obj`` (a dataclass) with every Source inside it replaced by ``source``."""
    if isinstance(obj, Source):
        return source
    if dataclasses.is_dataclass(obj):
        return dataclasses.replace(obj, **{f.name: _with_source(getattr(obj, f.name), source)
                                           for f in dataclasses.fields(obj)})
    if isinstance(obj, tuple):
        return tuple(_with_source(v, source) for v in obj)
    return obj


def without_sources(obj) -> object:
    """A service's or vendor's facts with every source blanked: what "the same facts" compares."""
    return _with_source(obj, Source("", ""))


def plan_import(store, path: Path, date: str | None = None) -> list[PackEntry]:
    """What importing ``path`` would do: each service new, changed or the same (the file is only read)."""
    path = Path(path)
    vendors, _text = read_pack(path)
    source = Source(document=path.name, section=date or dt.date.today().isoformat())
    catalogue = store.catalogue()
    entries = []
    for vendor, services in vendors:
        shipped = [v for v in catalogue.vendors if v.id == vendor.id and
                   any(store.service_origin(s.key) == "shipped" for s in v.services)]
        if shipped:
            raise RopaError("user_key_prefix", key=vendor.id)
        sourced_vendor = dataclasses.replace(_with_source(vendor, source), document=path.name,
                                             document_title=path.name)
        for service in services:
            sourced = _with_source(service, source)
            if not catalogue.has(service.key):
                state = "new"
            elif store.service_origin(service.key) != "user":
                raise RopaError("user_key_prefix", key=service.key)
            else:
                old, new = without_sources(catalogue.service(service.key)), without_sources(sourced)
                changed = tuple(f.name for f in dataclasses.fields(Service) if getattr(old, f.name) !=
                                getattr(new, f.name))
                if catalogue.vendor(vendor.id).name != vendor.name:
                    changed = ("vendor",) + changed
                state = "changed" if changed else "same"
                entries.append(PackEntry(sourced_vendor, sourced, state, changed))
                continue
            entries.append(PackEntry(sourced_vendor, sourced, state))
    return entries


def apply_import(store, entries: list[PackEntry]) -> list[PackEntry]:
    """Add or update what the plan says is new or changed (one transaction); returns what was written."""
    written = [e for e in entries if e.state != "same"]
    with store.transaction():
        for entry in written:
            store.add_user_service(entry.vendor, entry.service)
    return written
