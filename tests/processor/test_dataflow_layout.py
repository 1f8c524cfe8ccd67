"""The data-flow map's geometry and lanes (ropa_app.dataflow, no Qt, no reportlab): what a reader of the map sees
must be what the register says. An arrow never passes through a box it does not start or end at (else «Talkmore
Bedrift → EU» reads as «Google Analytics → EU»), and every recipient stands in the lane of its kind."""
from __future__ import annotations

import pytest

from ropa_app.dataflow import (CONTROLLERS, OTHERS, OTHERS_VIA, PROCESSORS, SERVED_SUB_SUBS, SERVED_SUBS,
                               SUB_PROCESSORS, Box, Metrics, activity_map, company_map, lane_of, layout,
                               served_controller_map)
from ropa_app.model import OTHER, SUB_PROCESSOR
from ropa_app.register import build_register
from ropa_app.store import open_ropa

# the PDF's sizes (pdf_dataflow.pdf_metrics, measured roughly) and the app's (ui.dataflow_view)
PDF_LIKE = Metrics(box_width=84, box_height=20, row_gap=7, column_gap=39, country_gap=79, channel=9.5,
                   line_height=8.4, arrow=5, lead=16, measure=lambda text: len(text) * 4.3)
APP_LIKE = Metrics(box_width=170, box_height=30, row_gap=10, column_gap=90, channel=18, line_height=18, arrow=7,
                   lead=60, measure=lambda text: len(text) * 7.5)


def _register(path, all_services=False):
    with open_ropa(path) as store:
        if all_services:
            from ropa_app.adoption import adopt_services

            adopt_services(store, [s.key for s in store.catalogue().services])
        return build_register(store)


def _maps(register, lang):
    return ([company_map(register, lang)] + [activity_map(register, e, lang) for e in register.entries]
            + [served_controller_map(register, c, lang) for c in register.processor.controllers])


def _crosses(a, b, box: Box, margin: float = 0.5) -> bool:
    """Whether the segment a–b enters the box (its inside, ``margin`` in from its edges): Liang–Barsky clipping."""
    (x0, y0), dx, dy = a, b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - (box.x + margin)), (dx, box.right - margin - x0),
                 (-dy, y0 - (box.y + margin)), (dy, box.bottom - margin - y0)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            low = max(low, q / p)
        else:
            high = min(high, q / p)
    return low <= high


def test_the_crossing_check_sees_an_arrow_through_a_box():
    box = Box(10, 10, 20, 10)
    assert _crosses((0, 15), (40, 15), box) and _crosses((0, 0), (40, 30), box)
    assert not _crosses((0, 5), (40, 5), box) and not _crosses((0, 0), (9, 30), box)


@pytest.mark.parametrize("all_services", [False, True], ids=["sample", "all_services"])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_no_arrow_passes_through_a_box_or_heading_it_does_not_start_or_end_at(sample_file, lang, all_services):
    register = _register(sample_file, all_services)
    checked = 0
    for flow in _maps(register, lang):
        for metrics in (Metrics(), PDF_LIKE, APP_LIKE):
            plan = layout(flow, metrics)
            assert set(plan.boxes) == {n.id for n in flow.nodes}
            for route in plan.routes:
                e, segments = route.edge, route.segments()
                assert route.points[0] == (plan.boxes[e.source].right, plan.boxes[e.source].cy)
                assert route.points[-1] == (plan.boxes[e.target].x, plan.boxes[e.target].cy)
                for i, (a, b) in enumerate(segments):
                    for key, box in plan.obstacles().items():
                        # its own boxes only where it leaves and arrives
                        if (key == e.source and i == 0) or (key == e.target and i == len(segments) - 1):
                            continue
                        assert not _crosses(a, b, box), (flow.title, e.source, e.target, key, metrics.box_width)
                    checked += 1
            # no two boxes overlap, nor a box and a heading
            items = list(plan.obstacles().items())
            for i, (k1, b1) in enumerate(items):
                for k2, b2 in items[i + 1:]:
                    assert (b1.right <= b2.x or b2.right <= b1.x or b1.bottom <= b2.y or b2.bottom <= b1.y), \
                        (flow.title, k1, k2)
    assert checked > 100


def test_the_sample_overview_routes_talkmores_arrows_around_the_sub_processors(sample_file):
    """The review's cases: Talkmore Bedrift → EU and → Norge leave Talkmore itself, and the other recipients'
    arrows to Norge (henvisende lege, Helfo, regnskapsfører, Skatteetaten, NAV) pass no sub-processor's box."""
    register = _register(sample_file)
    for flow in (company_map(register, "nb"), activity_map(register, register.entries[0], "nb")):
        plan = layout(flow)
        for route in plan.routes:
            if flow.node(route.edge.source).label == "Talkmore Bedrift" and route.edge.target.startswith("country:"):
                for a, b in route.segments():
                    for name in ("Google Analytics", "Gintel", "Eniro", "Link Mobility"):
                        node = next(n for n in flow.nodes if n.label == name)
                        assert not _crosses(a, b, plan.boxes[node.id]), (route.edge.target, name)


def test_every_recipient_is_drawn_in_the_lane_of_its_kind(sample_file):
    """Google Analytics is an other recipient placed by Talkmore Bedrift (the register: «Andre mottakere: Google
    Analytics (fra Talkmore Bedrift)»): it stands under that heading, not among the sub-processors."""
    register = _register(sample_file, all_services=True)
    for lang, heading in (("nb", "Andre mottakere via leverandør"), ("en", "Other recipients via a vendor")):
        flow = company_map(register, lang)
        for e in register.entries:
            for r in e.recipients:
                lane = lane_of(r)
                assert any(n.recipient == r.name and n.lane == lane for n in flow.nodes), (r.name, lane)
        for n in flow.nodes:
            if n.lane == SUB_PROCESSORS:
                assert n.role == SUB_PROCESSOR, n.label
        ga = [n for n in flow.nodes if n.label == "Google Analytics"]
        assert [(n.lane, n.role) for n in ga] == [(OTHERS_VIA, OTHER)]
        assert flow.heading(OTHERS_VIA) == heading
        plan = layout(flow)
        [lane_heading] = [h for h in plan.headings if h.key == OTHERS_VIA]
        assert " ".join(lane_heading.lines) == heading
        # every sub-processor above the heading, Google Analytics under it, in the same column
        assert plan.boxes[ga[0].id].y >= lane_heading.box.bottom and plan.boxes[ga[0].id].x == lane_heading.box.x
        assert all(plan.boxes[n.id].bottom <= lane_heading.box.y for n in flow.nodes if n.lane == SUB_PROCESSORS)
        # Phonero is an independent controller for one service and a processor for others: a box in each lane
        phonero = {n.lane for n in flow.nodes if n.label == "Phonero"}
        assert phonero == {PROCESSORS, CONTROLLERS}
        assert {n.lane for n in flow.nodes if n.label == "NAV"} == {OTHERS}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_processor_map_calls_the_companys_vendors_its_sub_processors(sample_file, lang):
    """As a processor for Sandviken Manuellterapi, We4you is the company's sub-processor, not a «processor or
    recipient», and Zisson is We4you's own sub-processor."""
    register = _register(sample_file)
    [controller] = register.processor.controllers
    flow = served_controller_map(register, controller, lang)
    lanes = {n.label: n.lane for n in flow.nodes if n.lane}
    assert lanes["We4you"] == lanes["Timebok Norge AS"] == SERVED_SUBS and lanes["Zisson"] == SERVED_SUB_SUBS
    headings = dict(flow.headings)
    assert headings[SERVED_SUBS] == {"nb": "Virksomhetens underdatabehandlere",
                                     "en": "The company's sub-processors"}[lang]
    assert headings[SERVED_SUB_SUBS] == {"nb": "Deres underdatabehandlere", "en": "Their sub-processors"}[lang]
    assert PROCESSORS not in headings and not any("mottakere" in h or "recipients" in h for h in headings.values())
    assert {h.key for h in layout(flow).headings} >= {SERVED_SUBS, SERVED_SUB_SUBS}


def test_rows_follow_the_order_the_layout_stacks_each_column(sample_file):
    """The app's arrow keys walk a column by row: row order is top-to-bottom order on the map."""
    flow = company_map(_register(sample_file, all_services=True), "nb")
    for metrics in (Metrics(), PDF_LIKE, APP_LIKE):
        boxes = layout(flow, metrics).boxes
        for column in range(4):
            nodes = sorted((n for n in flow.nodes if n.column == column), key=lambda n: n.row)
            assert [boxes[n.id].y for n in nodes] == sorted(boxes[n.id].y for n in nodes)
