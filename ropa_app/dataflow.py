"""The data-flow map: where personal data goes, computed once from the Register so the map and the register can never
disagree. Left to right: the company → its processors (and other recipients) → their sub-processors → the countries
where they process, countries coloured by their status under GDPR chapter V (Norway/EEA, adequacy, third country,
unknown), and the safeguard written on every arrow into a country that needs one.

This module computes nodes, edges, colours, labels and a layout (columns and rows); the app (QGraphicsView) and the
PDF (reportlab graphics) only draw it. No Qt, no reportlab here.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ropa_app.columns import mechanism_text
from ropa_app.countries import ADEQUACY, ADEQUACY_CONDITIONAL, EEA, THIRD_COUNTRY, UNKNOWN, classify, country_name
from ropa_app.i18n import t
from ropa_app.model import SUB_PROCESSOR, Entry, Location, Recipient, Register, ServedController, Transfer

COMPANY, RECIPIENT, SUB, COUNTRY = "company", "recipient", "sub_processor", "country"
COLUMNS = (COMPANY, RECIPIENT, SUB, COUNTRY)  # left to right

# The four statuses a country can have on the map, and their colours (fill, line), shared by every renderer.
STATUS_ORDER = (EEA, ADEQUACY, THIRD_COUNTRY, UNKNOWN)
STATUS_COLOURS = {
    EEA: ("#DCEFD9", "#2E7D32"),
    ADEQUACY: ("#D7E6F6", "#1D4E89"),
    THIRD_COUNTRY: ("#F9D9C7", "#B4471B"),
    UNKNOWN: ("#E4E4E4", "#5F6670"),
}
NEUTRAL_COLOURS = ("#FFFFFF", "#5F6670")
COMPANY_COLOURS = ("#1D4E89", "#1D4E89")


def map_status(status: str) -> str:
    """The map's four colours: conditional adequacy (US, DPF-certified only) is an adequacy decision that needs
    checking, drawn as adequacy with its safeguard on the arrow."""
    return ADEQUACY if status == ADEQUACY_CONDITIONAL else status if status in STATUS_COLOURS else UNKNOWN


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # COMPANY | RECIPIENT | SUB | COUNTRY
    label: str
    column: int
    row: int
    status: str = ""  # for a country: its map status
    code: str = ""  # for a country: its code ("not_stated" when nobody says where)
    recipient: str = ""  # for a recipient: its name as the register names it
    via: str = ""  # for a sub-processor: the first vendor it serves (all of them in ``vias``)
    vias: tuple[str, ...] = ()  # for a sub-processor: every vendor it serves, each with an arrow into it
    service_key: str = ""  # the catalogue service a vendor came from ("" for the user's own recipients)

    @property
    def colours(self) -> tuple[str, str]:
        if self.kind == COUNTRY:
            return STATUS_COLOURS[self.status]
        return COMPANY_COLOURS if self.kind == COMPANY else NEUTRAL_COLOURS


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    status: str = ""  # for an arrow into a country: the country's map status
    safeguard: str = ""  # the transfer mechanism, adequacy decision, "missing" or "unknown", where one is needed

    @property
    def needs_safeguard(self) -> bool:
        return self.status in (ADEQUACY, THIRD_COUNTRY, UNKNOWN)


@dataclass(frozen=True)
class FlowMap:
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    @property
    def columns(self) -> int:
        return max((n.column for n in self.nodes), default=0) + 1

    @property
    def rows(self) -> int:
        per_column: dict[int, int] = {}
        for n in self.nodes:
            per_column[n.column] = per_column.get(n.column, 0) + 1
        return max(per_column.values(), default=0)

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def of_kind(self, kind: str) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.kind == kind)

    def statuses(self) -> tuple[str, ...]:
        """The country statuses the map shows, in legend order."""
        present = {n.status for n in self.of_kind(COUNTRY)}
        return tuple(s for s in STATUS_ORDER if s in present)


def places(r: Recipient) -> tuple[Location, ...]:
    """Where a recipient processes, as the map shows it: a recipient nobody has placed is "unknown"."""
    return r.locations or (Location.of(UNKNOWN),)


class _Builder:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.nodes: dict[str, dict] = {}
        self.edges: dict[tuple[str, str], Edge] = {}

    def node(self, node_id: str, kind: str, label: str, **extra) -> str:
        self.nodes.setdefault(node_id, {"id": node_id, "kind": kind, "label": label, **extra})
        return node_id

    def edge(self, source: str, target: str, status: str = "", safeguard: str = "") -> None:
        old = self.edges.get((source, target))
        if old is None or (safeguard and not old.safeguard):
            self.edges[(source, target)] = Edge(source, target, status, safeguard)

    def country(self, code: str) -> str:
        status = map_status(classify(code).status)
        label = t("dataflow.unknown", self.lang) if status == UNKNOWN and code == UNKNOWN else \
            country_name(code, self.lang)
        return self.node(f"country:{code}", COUNTRY, label, status=status, code=code)

    def arrow_to_country(self, source: str, name: str, mechanism: str, loc: Location, unrecorded: bool = False) -> None:
        status = map_status(loc.status)
        if status == EEA:
            safeguard = ""
        elif status == UNKNOWN:
            safeguard = mechanism or t("dataflow.unrecorded" if unrecorded else "dataflow.safeguard_unknown", self.lang)
        else:
            safeguard = mechanism_text(name, mechanism, (loc,), self.lang)
        self.edge(source, self.country(loc.code), status, safeguard)

    def recipients(self, source: str, recipients: Iterable[Recipient]) -> None:
        recipients = list(recipients)
        direct = {r.name: f"recipient:{r.name}" for r in recipients if not r.via}
        for r in recipients:
            key = r.origin.service_key if r.origin else ""
            if not r.via:
                node = self.node(direct[r.name], RECIPIENT, r.name, recipient=r.name, service_key=key)
                self.edge(source, node)
            else:
                parent = direct.get(r.via) or self.node(f"recipient:{r.via}", RECIPIENT, r.via, recipient=r.via)
                if parent not in direct.values():
                    self.edge(source, parent)
                # One box per sub-processor, however many vendors use it (Link Mobility for Dipper, Talkmore
                # and Phonero): an arrow from each vendor into it.
                node = self.node(f"sub:{r.name}", SUB, r.name, recipient=r.name, via=r.via, service_key=key)
                vias = self.nodes[node].setdefault("vias", ())
                if r.via not in vias:
                    self.nodes[node]["vias"] = vias + (r.via,)
                self.edge(parent, node)
            for loc in places(r):
                self.arrow_to_country(node, r.name, r.mechanism, loc, unrecorded=r.location_unrecorded)

    def stated_transfers(self, source: str, transfers: Iterable[Transfer]) -> None:
        """Countries the company itself names (the activity's transfers text): an arrow from the company."""
        for tr in transfers:
            if not tr.recipient:
                self.arrow_to_country(source, tr.country, tr.mechanism, Location.of(tr.country))

    def build(self, title: str) -> FlowMap:
        rows: dict[int, int] = {}
        nodes = []
        for spec in self.nodes.values():
            column = COLUMNS.index(spec["kind"])
            nodes.append(Node(**spec, column=column, row=rows.setdefault(column, 0)))
            rows[column] += 1
        return FlowMap(title, tuple(nodes), tuple(self.edges.values()))


def _ordered(recipients: Iterable[Recipient]) -> list[Recipient]:
    """Direct recipients first (so a sub-processor finds its processor), then the rest as the register has them."""
    recipients = list(recipients)
    return [r for r in recipients if not r.via] + [r for r in recipients if r.via]


def company_map(register: Register, lang: str) -> FlowMap:
    """The whole company: every activity's recipients and the countries named in their transfers."""
    b = _Builder(lang)
    company = b.node("company", COMPANY, register.organisation.name or t("dataflow.company", lang))
    b.recipients(company, _ordered(r for e in register.entries for r in e.recipients))
    b.stated_transfers(company, (tr for e in register.entries for tr in e.transfers))
    return b.build(t("dataflow.title_company", lang))


def activity_map(register: Register, entry: Entry, lang: str) -> FlowMap:
    b = _Builder(lang)
    company = b.node("company", COMPANY, register.organisation.name or t("dataflow.company", lang))
    b.recipients(company, _ordered(entry.recipients))
    b.stated_transfers(company, entry.transfers)
    return b.build(t("dataflow.title_activity", lang, title=entry.title))


def served_controller_map(register: Register, controller: ServedController, lang: str) -> FlowMap:
    """As a processor: the controller's data goes from the company to its sub-processors and their countries."""
    b = _Builder(lang)
    company = b.node("company", COMPANY, register.organisation.name or t("dataflow.company", lang))
    b.recipients(company, _ordered(controller.sub_processors))
    return b.build(t("dataflow.title_served", lang, controller=controller.name))


def legend(lang: str) -> list[tuple[str, str]]:
    """(status, label) for the map's legend."""
    return [(s, t(f"dataflow.status.{s}", lang)) for s in STATUS_ORDER]


__all__ = ["COMPANY", "COUNTRY", "RECIPIENT", "SUB", "SUB_PROCESSOR", "Edge", "FlowMap", "Node", "activity_map",
           "company_map", "legend", "places", "served_controller_map"]
