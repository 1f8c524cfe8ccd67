"""The data-flow map: where personal data goes, computed once from the Register so the map and the register can never
disagree. Left to right: the company → its processors (and other recipients) → their sub-processors → the countries
where they process, countries coloured by their status under GDPR chapter V (Norway/EEA, adequacy, third country,
unknown), and the safeguard written on every arrow into a country that needs one.

Each recipient stands in the lane of its kind as the register classifies it (ropa_app.model's recipient kinds):
processors, independent controllers and other recipients the company gives data to; then, reached through a vendor,
sub-processors and other recipients the vendor places (Google Analytics «fra Talkmore Bedrift» is an other recipient,
never a sub-processor). On the processor's map (art. 30(2)) the vendors are the company's own sub-processors.

This module computes nodes, edges, colours, labels and the geometry (``layout``: boxes, lane headings and every
arrow's route, which never passes through a box it does not start or end at); the app (QGraphicsView) and the PDF
(reportlab graphics) only draw it, at their own sizes. No Qt, no reportlab here.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ropa_app.columns import locations_text, mechanism_text
from ropa_app.countries import ADEQUACY, ADEQUACY_CONDITIONAL, EEA, THIRD_COUNTRY, UNKNOWN, classify, country_name
from ropa_app.i18n import t
from ropa_app.model import (INDEPENDENT_CONTROLLER, OTHER, SUB_PROCESSOR, Entry, Location, Recipient, Register,
                            ServedController, Transfer)

# The map's columns, left to right: the company, whom it gives data to (RECIPIENT), whom they pass it on to (SUB:
# reached through a vendor, a sub-processor or another recipient the vendor places), the countries.
COMPANY, RECIPIENT, SUB, COUNTRY = "company", "recipient", "sub_processor", "country"
COLUMNS = (COMPANY, RECIPIENT, SUB, COUNTRY)  # left to right

# The lanes: each recipient in the lane of its kind as the register lists it (columns.recipients_text), in order.
PROCESSORS, CONTROLLERS, OTHERS = "processors", "controllers", "others"  # given data by the company
SUB_PROCESSORS, OTHERS_VIA = "sub_processors", "others_via"  # reached through a vendor
SERVED_SUBS, SERVED_SUB_SUBS = "served_subs", "served_sub_subs"  # the processor's map: its own sub-processors, theirs
LANES = {RECIPIENT: (PROCESSORS, SERVED_SUBS, CONTROLLERS, OTHERS), SUB: (SUB_PROCESSORS, SERVED_SUB_SUBS, OTHERS_VIA)}


def lane_of(r: Recipient, served: bool = False) -> str:
    """The lane a recipient is drawn in: where the register lists it. On the processor's map the company's vendors
    are its sub-processors, and theirs are sub-processors one step further."""
    if r.via:
        return OTHERS_VIA if r.kind == OTHER else SERVED_SUB_SUBS if served else SUB_PROCESSORS
    if served:
        return SERVED_SUBS
    return CONTROLLERS if r.kind == INDEPENDENT_CONTROLLER else OTHERS if r.kind == OTHER else PROCESSORS

# The four statuses a country can have on the map, and their colours (fill, line), shared by every renderer.
STATUS_ORDER = (EEA, ADEQUACY, THIRD_COUNTRY, UNKNOWN)
STATUS_COLOURS = {
    EEA: ("#DCEFD9", "#2E7D32"),
    ADEQUACY: ("#D7E6F6", "#1D4E89"),
    THIRD_COUNTRY: ("#F9D9C7", "#B4471B"),
    UNKNOWN: ("#E4E4E4", "#5F6670"),
}
# An arrow into a country where the recipient's place is only ROPA's reading (Recipient.location_read): drawn in
# its own colour, dashed, with a numbered note, until the user records what the vendor confirms (DPO audit 4, N1).
READING = "reading"
READING_COLOURS = ("#FCEBC2", "#A15C00")
LEGEND_COLOURS = {**STATUS_COLOURS, READING: READING_COLOURS}
NEUTRAL_COLOURS = ("#FFFFFF", "#5F6670")
COMPANY_COLOURS = ("#1D4E89", "#1D4E89")


def map_status(status: str) -> str:
    """The map's four colours: conditional adequacy (US, DPF-certified only) is an adequacy decision that needs
    checking, drawn as adequacy with its safeguard on the arrow."""
    return ADEQUACY if status == ADEQUACY_CONDITIONAL else status if status in STATUS_COLOURS else UNKNOWN


@dataclass(frozen=True)
class Node:
    id: str
    kind: str  # COMPANY | RECIPIENT | SUB | COUNTRY: the column (SUB: reached through a vendor; see ``lane``)
    label: str
    column: int
    row: int
    status: str = ""  # for a country: its map status
    code: str = ""  # for a country: its code ("not_stated" when nobody says where)
    recipient: str = ""  # for a recipient: its name as the register names it
    via: str = ""  # for a sub-processor: the first vendor it serves (all of them in ``vias``)
    vias: tuple[str, ...] = ()  # for a sub-processor: every vendor it serves, each with an arrow into it
    service_key: str = ""  # the catalogue service a vendor came from ("" for the user's own recipients)
    role: str = ""  # for a recipient: its kind in the register (model.PROCESSOR, SUB_PROCESSOR, OTHER, ...)
    lane: str = ""  # for a recipient: the lane it is drawn in (PROCESSORS, SUB_PROCESSORS, OTHERS_VIA, ...)

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
    reading: str = ""  # the recipient's place in this country is only ROPA's reading: its note (else "")

    @property
    def needs_safeguard(self) -> bool:
        return self.status in (ADEQUACY, THIRD_COUNTRY, UNKNOWN)

    @property
    def note(self) -> str:
        """What the arrow's numbered mark stands for: the safeguard where one is needed, and that the place is
        ROPA's reading, not confirmed. "" for an arrow that needs neither (no mark)."""
        return " – ".join(p for p in (self.safeguard if self.needs_safeguard else "", self.reading) if p)

    @property
    def colours(self) -> tuple[str, str] | None:
        """The arrow's colours: a reading's own, else its country's; None for an arrow between boxes."""
        return READING_COLOURS if self.reading else STATUS_COLOURS[self.status] if self.status else None


@dataclass(frozen=True)
class FlowMap:
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    headings: tuple[tuple[str, str], ...] = ()  # (lane or column kind, its heading in the map's language)

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

    def heading(self, key: str) -> str:
        return dict(self.headings).get(key, "")

    def statuses(self) -> tuple[str, ...]:
        """The country statuses the map shows, in legend order, and READING last where an arrow is a reading."""
        present = {n.status for n in self.of_kind(COUNTRY)}
        reading = (READING,) if any(e.reading for e in self.edges) else ()
        return tuple(s for s in STATUS_ORDER if s in present) + reading


def places(r: Recipient) -> tuple[Location, ...]:
    """Where a recipient processes, as the map shows it: a recipient nobody has placed is "unknown"."""
    return r.locations or (Location.of(UNKNOWN),)


class _Builder:
    def __init__(self, lang: str, served: bool = False) -> None:
        self.lang = lang
        self.served = served  # the processor's map: the vendors are the company's sub-processors
        self.nodes: dict[str, dict] = {}
        self.edges: dict[tuple[str, str], Edge] = {}

    def node(self, node_id: str, kind: str, label: str, **extra) -> str:
        self.nodes.setdefault(node_id, {"id": node_id, "kind": kind, "label": label, **extra})
        return node_id

    def edge(self, source: str, target: str, status: str = "", safeguard: str = "", reading: str = "") -> None:
        old = self.edges.get((source, target))
        if old is None:
            self.edges[(source, target)] = Edge(source, target, status, safeguard, reading)
            return
        # One arrow per box and country: a sub-processor shared by vendors is a reading where any of them is
        reading = "; ".join(dict.fromkeys(p for p in (old.reading, reading) if p))
        self.edges[(source, target)] = Edge(source, target, old.status, old.safeguard or safeguard, reading)

    def country(self, code: str) -> str:
        status = map_status(classify(code).status)
        label = t("dataflow.unknown", self.lang) if status == UNKNOWN and code == UNKNOWN else \
            country_name(code, self.lang)
        return self.node(f"country:{code}", COUNTRY, label, status=status, code=code)

    def arrow_to_country(self, source: str, name: str, mechanism: str, loc: Location, unrecorded: bool = False,
                         reading: str = "") -> None:
        status = map_status(loc.status)
        if status == EEA:
            safeguard = ""
        elif status == UNKNOWN:
            safeguard = mechanism or t("dataflow.unrecorded" if unrecorded else "dataflow.safeguard_unknown", self.lang)
        else:
            safeguard = mechanism_text(name, mechanism, (loc,), self.lang)
        self.edge(source, self.country(loc.code), status, safeguard, reading)

    def reading(self, r: Recipient) -> str:
        """The note on an arrow to a place that is only ROPA's reading: whose document, and how it was read (a box
        shared by vendors names each one the place is a reading for)."""
        how = t(f"register.location_note.{r.location_note}", self.lang, places=locations_text(r.locations, self.lang))
        return t("dataflow.reading", self.lang, vendor=r.via or r.name, note=how)

    @staticmethod
    def _id(lane: str, name: str) -> str:
        prefix = {PROCESSORS: "recipient", SERVED_SUBS: "recipient", SUB_PROCESSORS: "sub", SERVED_SUB_SUBS: "sub"}
        return f"{prefix.get(lane, lane)}:{name}"

    def recipients(self, source: str, recipients: Iterable[Recipient],
                   read: Iterable[Recipient] = ()) -> None:
        """``read``: the recipients whose place is only ROPA's reading (Entry.read_locations): their arrows into
        those countries are marked so."""
        recipients = list(recipients)
        read_keys = {(r.name, r.via) for r in read}
        # A name in two roles (Phonero a processor for one service, an independent controller for another) is a box
        # in each lane; a vendor's sub-processors hang from its box as a processor where it has one.
        direct: dict[str, str] = {}
        for r in recipients:
            if not r.via:
                lane = lane_of(r, self.served)
                if r.name not in direct or lane in (PROCESSORS, SERVED_SUBS):
                    direct[r.name] = self._id(lane, r.name)
        for r in recipients:
            key = r.origin.service_key if r.origin else ""
            lane = lane_of(r, self.served)
            if not r.via:
                node = self.node(self._id(lane, r.name), RECIPIENT, r.name, recipient=r.name, service_key=key,
                                 role=r.kind, lane=lane)
                self.edge(source, node)
            else:
                parent = direct.get(r.via)
                if parent is None:  # a vendor's recipient whose vendor the register does not list itself
                    parent_lane = SERVED_SUBS if self.served else PROCESSORS
                    parent = self.node(self._id(parent_lane, r.via), RECIPIENT, r.via, recipient=r.via,
                                       lane=parent_lane)
                    direct[r.via] = parent
                    self.edge(source, parent)
                # One box per sub-processor, however many vendors use it (Link Mobility for Dipper, Talkmore
                # and Phonero): an arrow from each vendor into it.
                node = self.node(self._id(lane, r.name), SUB, r.name, recipient=r.name, via=r.via, service_key=key,
                                 role=r.kind, lane=lane)
                vias = self.nodes[node].setdefault("vias", ())
                if r.via not in vias:
                    self.nodes[node]["vias"] = vias + (r.via,)
                self.edge(parent, node)
            reading = self.reading(r) if (r.name, r.via) in read_keys else ""
            for loc in places(r):
                self.arrow_to_country(node, r.name, r.mechanism, loc, unrecorded=r.location_unrecorded,
                                      reading=reading)

    def stated_transfers(self, source: str, transfers: Iterable[Transfer]) -> None:
        """Countries the company itself names (the activity's transfers text): an arrow from the company."""
        for tr in transfers:
            if not tr.recipient:
                self.arrow_to_country(source, tr.country, tr.mechanism, Location.of(tr.country))

    def build(self, title: str) -> FlowMap:
        nodes = [Node(**spec, column=COLUMNS.index(spec["kind"]), row=0) for spec in self.nodes.values()]
        edges = tuple(self.edges.values())
        lanes = {n.lane for n in nodes}
        headings = [(COMPANY, t("dataflow.column.company", self.lang))]
        headings += [(lane, t(f"dataflow.lane.{lane}", self.lang)) for kind in (RECIPIENT, SUB)
                     for lane in LANES[kind] if lane in lanes]
        headings.append((COUNTRY, t("dataflow.column.country", self.lang)))
        draft = FlowMap(title, tuple(nodes), edges, tuple(headings))
        # each column's rows in the order the layout stacks them, top to bottom (the keyboard walks them so)
        boxes = layout(draft, Metrics(), countries_by_row=False).boxes
        rows: dict[str, int] = {}
        for column in range(len(COLUMNS)):
            ids = sorted((n.id for n in nodes if n.column == column), key=lambda i: boxes[i].y)
            rows.update({i: row for row, i in enumerate(ids)})
        nodes = [Node(**{**spec, "column": n.column, "row": rows[n.id]}) for spec, n in zip(self.nodes.values(),
                                                                                           nodes, strict=True)]
        return FlowMap(title, tuple(nodes), edges, tuple(headings))


def _ordered(recipients: Iterable[Recipient]) -> list[Recipient]:
    """Direct recipients first (so a sub-processor finds its processor), then the rest as the register has them."""
    recipients = list(recipients)
    return [r for r in recipients if not r.via] + [r for r in recipients if r.via]


def company_map(register: Register, lang: str) -> FlowMap:
    """The whole company: every activity's recipients and the countries named in their transfers."""
    b = _Builder(lang)
    company = b.node("company", COMPANY, register.organisation.name or t("dataflow.company", lang))
    b.recipients(company, _ordered(r for e in register.entries for r in e.recipients),
                 read=(r for e in register.entries for r in e.read_locations))
    b.stated_transfers(company, (tr for e in register.entries for tr in e.transfers))
    return b.build(t("dataflow.title_company", lang))


def activity_map(register: Register, entry: Entry, lang: str) -> FlowMap:
    b = _Builder(lang)
    company = b.node("company", COMPANY, register.organisation.name or t("dataflow.company", lang))
    b.recipients(company, _ordered(entry.recipients), read=entry.read_locations)
    b.stated_transfers(company, entry.transfers)
    return b.build(t("dataflow.title_activity", lang, title=entry.title))


def served_controller_map(register: Register, controller: ServedController, lang: str) -> FlowMap:
    """As a processor: the controller's data goes from the company to its sub-processors and their countries."""
    b = _Builder(lang, served=True)
    company = b.node("company", COMPANY, register.organisation.name or t("dataflow.company", lang))
    b.recipients(company, _ordered(controller.sub_processors), read=controller.read_locations)
    return b.build(t("dataflow.title_served", lang, controller=controller.name))


# --- geometry: where each box, lane heading and arrow goes (renderers scale it to their own sizes) --------------


@dataclass(frozen=True)
class Box:
    """A rectangle on the map; y grows downwards from the map's top."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class Heading:
    key: str  # COMPANY, COUNTRY or a lane
    lines: tuple[str, ...]  # the heading wrapped to the column's width
    box: Box


@dataclass(frozen=True)
class Route:
    """An arrow's path: straight segments from the source's right edge to the target's left edge, the last one
    (as long as the arrowhead) horizontal. An arrow that skips a column runs through a channel of its own between
    that column's boxes, so no arrow passes through a box it does not start or end at."""

    edge: Edge
    points: tuple[tuple[float, float], ...]
    mark: tuple[float, float] | None = None  # an arrow into a country: the middle of its straight lead-out, where
    # the safeguard's mark or label goes (the marks stand in one column, each on its own arrow)

    def segments(self) -> list[tuple[tuple[float, float], tuple[float, float]]]:
        return list(zip(self.points, self.points[1:], strict=False))


@dataclass(frozen=True)
class Metrics:
    """A renderer's sizes, in its own units."""

    box_width: float = 90.0
    box_height: float = 20.0
    row_gap: float = 7.0
    column_gap: float = 38.0
    country_gap: float = 0.0  # the gap before the countries, where the arrows from all over converge (0: column_gap)
    channel: float = 7.0  # the distance between arrows passing through a column, and from them to a box
    line_height: float = 8.5  # a heading's line
    arrow: float = 5.0  # the arrowhead's length: the straight stub before a box
    lead: float = 16.0  # the straight stretch out of column 2 towards a country, where the safeguard's mark goes
    measure: Callable[[str], float] = field(default=lambda text: len(text) * 4.2)  # a heading's width as drawn


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: dict[str, Box]
    headings: tuple[Heading, ...]
    routes: tuple[Route, ...]

    def obstacles(self) -> dict[str, Box]:
        """Everything an arrow must not cross: the boxes, and the lane headings (as ``heading:<key>``)."""
        return {**self.boxes, **{f"heading:{h.key}": h.box for h in self.headings}}


def wrap(text: str, width: float, measure: Callable[[str], float]) -> tuple[str, ...]:
    """``text`` wrapped at spaces into lines ``width`` wide as ``measure`` measures them."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return tuple(lines) or ("",)


@dataclass
class _Band:
    """A horizontal strip of the map: a lane's heading, or a column-1 box with its column-2 stack beside it (the
    boxes reached through it, and a channel for each of its arrows that passes column 2 on the way to a country)."""

    heading: str = ""
    column: int = 0
    owner: str = ""
    stack: list[tuple[str, object]] = field(default_factory=list)  # ("node", id) | ("channel", edge index)


def _bands(flow: FlowMap) -> tuple[list[_Band], dict[int, str]]:
    nodes = list(flow.nodes)
    column = {n.id: n.column for n in nodes}
    lanes_by_kind = {c: [lane for lane in LANES[kind] if any(n.lane == lane for n in nodes if n.column == c)]
                     for c, kind in ((1, RECIPIENT), (2, SUB))}

    def ordered(c: int) -> list[Node]:
        lanes = lanes_by_kind[c]
        return sorted((n for n in nodes if n.column == c),
                      key=lambda n: lanes.index(n.lane) if n.lane in lanes else len(lanes))

    col1, col2 = ordered(1), ordered(2)
    first1 = lanes_by_kind[1][0] if lanes_by_kind[1] else ""
    first2 = lanes_by_kind[2][0] if lanes_by_kind[2] else ""
    at = {n.id: i for i, n in enumerate(col1)}
    parent: dict[str, str] = {}  # a column-2 box stands beside the first column-1 box that has an arrow into it
    for e in flow.edges:
        if column[e.source] == 1 and column[e.target] == 2 and (
                e.target not in parent or at[e.source] < at[parent[e.target]]):
            parent[e.target] = e.source
    skipping = [i for i, e in enumerate(flow.edges) if column[e.target] - column[e.source] > 1]
    placed: set[str] = set()
    used: set[int] = set()
    bands: list[_Band] = []
    lane_now = first1
    for n in col1:
        if n.lane != lane_now:  # a lane after the first: its heading above its boxes
            lane_now = n.lane
            bands.append(_Band(heading=n.lane, column=1))
        subs = [m.id for m in col2 if (m.lane == first2 or not first2) and parent.get(m.id) == n.id]
        channels = [i for i in skipping if flow.edges[i].source == n.id]
        half = len(subs) // 2  # the box's own arrows leave straight ahead, its sub-processors fan out around them
        bands.append(_Band(owner=n.id, stack=[("node", x) for x in subs[:half]] + [("channel", i) for i in channels]
                           + [("node", x) for x in subs[half:]]))
        placed |= set(subs)
        used |= set(channels)
    rest = [i for i in skipping if i not in used]  # the company's own transfers: straight through both columns
    if rest:
        bands.append(_Band(stack=[("channel", i) for i in rest]))
    for m in col2:
        if m.id in placed:
            continue
        if m.lane != first2 and not any(b.heading == m.lane for b in bands):
            bands.append(_Band(heading=m.lane, column=2))
        bands.append(_Band(stack=[("node", m.id)]))
    return bands, {1: first1, 2: first2}


def layout(flow: FlowMap, m: Metrics | None = None, countries_by_row: bool = True) -> Layout:
    """Where everything goes, for a renderer with the sizes ``m``. Columns 1 and 2 are stacked lane by lane; a
    box reached through a vendor stands beside that vendor; every country is as near as it can be to the arrows that
    come into it, in row order."""
    m = m or Metrics()
    bw, bh, gap, half_gap = m.box_width, m.box_height, m.column_gap, m.row_gap / 2
    slot = bh + m.row_gap
    x_of = [c * (bw + gap) for c in range(len(COLUMNS))]
    x_of[-1] += (m.country_gap or gap) - gap
    bands, first = _bands(flow)
    present = {n.column for n in flow.nodes}
    top = {0: COMPANY, 1: first[1], 2: first[2], 3: COUNTRY}
    headings: list[Heading] = []
    header = 0.0
    for c, key in top.items():
        if c in present and key and flow.heading(key):
            lines = wrap(flow.heading(key), bw, m.measure)
            headings.append(Heading(key, lines, Box(x_of[c], 0, bw, len(lines) * m.line_height)))
            header = max(header, len(lines) * m.line_height)
    header += half_gap
    boxes: dict[str, Box] = {}
    channel_y: dict[int, float] = {}
    y = header
    for band in bands:
        if band.heading:
            lines = wrap(flow.heading(band.heading), bw, m.measure)
            headings.append(Heading(band.heading, lines,
                                    Box(x_of[band.column], y + half_gap, bw, len(lines) * m.line_height)))
            y += half_gap + len(lines) * m.line_height
            continue
        content = sum(slot if kind == "node" else m.channel for kind, _ in band.stack)
        height = max(slot if band.owner else 0.0, content)
        if band.owner:
            boxes[band.owner] = Box(x_of[1], y + height / 2 - bh / 2, bw, bh)
        at = y + (height - content) / 2
        for kind, item in band.stack:
            if kind == "node":
                boxes[item] = Box(x_of[2], at + half_gap, bw, bh)
                at += slot
            else:
                channel_y[item] = at + m.channel / 2
                at += m.channel
        y += height
    bottom = y
    # the company: level with what it sends data to
    reached = [boxes[n.id].cy for n in flow.nodes if n.column == 1] + \
              [channel_y[i] for i, e in enumerate(flow.edges) if e.source == "company" and i in channel_y]
    middle = (min(reached) + max(reached)) / 2 if reached else header + slot / 2
    for n in flow.of_kind(COMPANY):
        boxes[n.id] = Box(x_of[0], max(middle - bh / 2, header + half_gap), bw, bh)
    # the countries: each near the arrows into it, none overlapping
    countries = [n for n in flow.nodes if n.column == 3]

    def leaving(i: int, e: Edge) -> float:
        return channel_y[i] if i in channel_y else boxes[e.source].cy

    wanted = {}
    for n in countries:
        ys = [leaving(i, e) for i, e in enumerate(flow.edges) if e.target == n.id]
        wanted[n.id] = sum(ys) / len(ys) - bh / 2 if ys else header + half_gap
    if countries_by_row:
        countries.sort(key=lambda n: n.row)
    else:
        countries.sort(key=lambda n: wanted[n.id])
    floor = max(bottom, header + len(countries) * slot) - half_gap - bh
    tops: list[float] = []
    for n in countries:
        tops.append(max(wanted[n.id], header + half_gap, tops[-1] + slot if tops else 0.0))
    for i in range(len(tops) - 1, -1, -1):
        tops[i] = min(tops[i], floor if i == len(tops) - 1 else tops[i + 1] - slot)
    for n, top_y in zip(countries, tops, strict=True):
        boxes[n.id] = Box(x_of[3], top_y, bw, bh)
    # the arrows
    pad = gap * 0.25
    columns = {n.id: n.column for n in flow.nodes}
    routes = []
    for i, e in enumerate(flow.edges):
        a, b = boxes[e.source], boxes[e.target]
        start, end = (a.right, a.cy), (b.x, b.cy)
        before = (b.x - m.arrow, b.cy)
        if columns[e.target] != 3:
            routes.append(Route(e, (start, before, end)))
            continue
        if i in channel_y:  # through its channel, straight across the columns it skips
            lead = (x_of[2] + bw + m.lead, channel_y[i])
            points = (start, (x_of[columns[e.source] + 1] - pad, channel_y[i]), lead, before, end)
        else:
            lead = (a.right + m.lead, a.cy)
            points = (start, lead, before, end)
        routes.append(Route(e, points, (lead[0] - m.lead / 2, lead[1])))
    height = max([b.bottom for b in boxes.values()] + [h.box.bottom for h in headings] + [header]) + half_gap
    return Layout(x_of[-1] + bw, height, boxes, tuple(headings), tuple(routes))


def legend(lang: str) -> list[tuple[str, str]]:
    """(status, label) for the map's legend: the countries' statuses, then an arrow to a place that is only ROPA's
    reading (its colours in LEGEND_COLOURS)."""
    return [(s, t(f"dataflow.status.{s}", lang)) for s in (*STATUS_ORDER, READING)]


__all__ = ["COMPANY", "CONTROLLERS", "COUNTRY", "LANES", "LEGEND_COLOURS", "OTHERS", "OTHERS_VIA", "PROCESSORS",
           "READING", "RECIPIENT", "SERVED_SUBS", "SERVED_SUB_SUBS", "SUB", "SUB_PROCESSOR", "SUB_PROCESSORS", "Box",
           "Edge", "FlowMap", "Heading", "Layout", "Metrics", "Node", "Route", "activity_map", "company_map",
           "lane_of", "layout", "legend", "places", "served_controller_map", "wrap"]
