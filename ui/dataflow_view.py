"""The data-flow map on screen (QGraphicsView): draws a ropa_app.dataflow.FlowMap, the same nodes, colours and
safeguard labels as the PDF. Clicking a company's vendor or a recipient emits ``nodeActivated``; the page decides
what it opens (the vendor in the catalogue, the recipient in its activity).

By keyboard: Tab reaches the map like any control; the arrow keys move between its boxes (up and down in a column,
left and right to the nearest box of the next column), Enter or Space opens the box, and the box with the focus
has a ring and says what it is to a screen reader."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsView

from ropa_app.dataflow import COMPANY, COUNTRY, LEGEND_COLOURS, FlowMap, Metrics, Node, layout, legend
from ui.i18n import current, tr

BOX_WIDTH = 170.0
BOX_HEIGHT = 30.0
COLUMN_GAP = 90.0
COUNTRY_GAP = 190.0  # arrows from all over converge on the countries, each safeguard's label on its lead-out
LEAD = 100.0
ROW_GAP = 10.0


class NodeItem(QGraphicsRectItem):
    """A box on the map; clickable when it stands for a vendor or recipient."""

    def __init__(self, node: Node, rect: QRectF, view: FlowMapView) -> None:
        super().__init__(rect)
        self.node, self.view = node, view
        fill, line = node.colours
        self.setBrush(QBrush(QColor(fill)))
        self.setPen(QPen(QColor(line), 1.2))
        self.setToolTip(describe(node))
        if node.kind not in (COMPANY, COUNTRY):
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.node.kind not in (COMPANY, COUNTRY):
            self.view.nodeActivated.emit(self.node)
            event.accept()
            return
        super().mousePressEvent(event)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return super().boundingRect().adjusted(-5, -5, 5, 5)  # room for the focus ring

    def paint(self, painter, option, widget=None) -> None:
        super().paint(painter, option, widget)
        if self is self.view.current:  # the keyboard's place on the map
            painter.setPen(QPen(QColor(FOCUS_COLOUR), 2.5 if self.view.hasFocus() else 1.5, Qt.PenStyle.SolidLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.rect().adjusted(-3, -3, 3, 3), 4, 4)


FOCUS_COLOUR = "#1A73E8"


def describe(node: Node) -> str:
    """What a box says to a tooltip and a screen reader: a country with its status, a sub-processor with every
    vendor it serves («Link Mobility (for Dipper, Phonero, Talkmore Bedrift)»)."""
    if node.kind == COUNTRY:
        return f"{node.label}: {tr(f'dataflow.status.{node.status}')}"
    if node.vias:
        return f"{node.label} ({tr('register.for_vendor', vendor=', '.join(node.vias))})"
    return node.label


class FlowMapView(QGraphicsView):
    nodeActivated = Signal(object)  # the Node clicked, or opened with Enter

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.current: NodeItem | None = None  # the box the arrow keys are on
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setObjectName("flowMap")
        self.flow: FlowMap | None = None
        self.items_by_id: dict[str, NodeItem] = {}

    def set_map(self, flow: FlowMap) -> None:
        self.flow = flow
        kept = self.current.node.id if self.current is not None else None
        self.current = None
        scene = self.scene()
        scene.clear()
        self.items_by_id = {}
        self.setAccessibleName(flow.title)
        font = QFont(self.font())
        metrics = QFontMetrics(font)
        bold = QFont(font)
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        # the same layout as the PDF's (ropa_app.dataflow.layout), at the app's sizes: lanes, channels, routes
        plan = layout(flow, Metrics(box_width=BOX_WIDTH, box_height=BOX_HEIGHT, row_gap=ROW_GAP,
                                    column_gap=COLUMN_GAP, country_gap=COUNTRY_GAP, channel=metrics.height() + 6,
                                    line_height=bold_metrics.height(), arrow=7.0, lead=LEAD,
                                    measure=bold_metrics.horizontalAdvance))
        for h in plan.headings:
            for i, line in enumerate(h.lines):
                title = scene.addSimpleText(line, bold)
                title.setBrush(QBrush(QColor("#5F6670")))
                title.setPos(h.box.x, h.box.y + i * bold_metrics.height())
        where = {node_id: QRectF(b.x, b.y, b.w, b.h) for node_id, b in plan.boxes.items()}
        for route in plan.routes:
            e = route.edge
            colour = QColor(e.colours[1]) if e.colours else QColor("#8A929C")
            points = [QPointF(x, y) for x, y in route.points]
            path = QPainterPath(points[0])
            for point in points[1:-1]:
                path.lineTo(point)
            end = points[-1]
            pen = QPen(colour, 2.0 if e.note else 1.2)
            if e.reading:  # a place that is only ROPA's reading: dashed, in its own colour, never solid green
                pen.setStyle(Qt.PenStyle.DashLine)
            line = scene.addPath(path, pen)
            arrow = QPolygonF([end, end + QPointF(-7, -4), end + QPointF(-7, 4)])
            scene.addPolygon(arrow, QPen(colour), QBrush(colour))
            if e.note and route.mark:
                line.setToolTip(e.note)
                shown = e.safeguard if e.needs_safeguard and e.safeguard else tr("dataflow.reading_short")
                label = scene.addSimpleText(metrics.elidedText(shown, Qt.TextElideMode.ElideRight, int(LEAD - 6)))
                label.setBrush(QBrush(colour))
                label.setToolTip(e.note)
                # on the arrow's straight lead-out: arrows into one country converge, their starts do not
                label.setPos(route.mark[0] - LEAD / 2 + 3, route.mark[1] - metrics.height() - 1)
        for n in flow.nodes:
            item = NodeItem(n, where[n.id], self)
            scene.addItem(item)
            text = scene.addSimpleText(metrics.elidedText(n.label, Qt.TextElideMode.ElideRight, int(BOX_WIDTH - 12)),
                                       bold if n.kind == COMPANY else font)
            text.setBrush(QBrush(QColor("#FFFFFF" if n.kind == COMPANY else "#1F2328")))
            text.setPos(where[n.id].left() + 6, where[n.id].center().y() - metrics.height() / 2)
            text.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.items_by_id[n.id] = item
        y = plan.height + 8
        x = 0.0
        shown = set(flow.statuses())
        for status, label in legend(current()):
            if status not in shown:
                continue
            fill, line = LEGEND_COLOURS[status]
            scene.addRect(QRectF(x, y, 14, 14), QPen(QColor(line)), QBrush(QColor(fill)))
            caption = scene.addSimpleText(label)
            caption.setPos(x + 20, y - 1)
            x += 20 + metrics.horizontalAdvance(label) + 24
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-4, -4, 4, 4))
        self._fit()
        self._go_to(self.items_by_id.get(kept) or self._first())

    # --- the keyboard ---------------------------------------------------------------------------------------
    def _first(self) -> NodeItem | None:
        items = list(self.items_by_id.values())
        return items[0] if items else None

    def _go_to(self, item: NodeItem | None) -> None:
        old, self.current = self.current, item
        for changed in (old, item):
            if changed is not None:
                changed.update()
        if item is None:
            return
        self.ensureVisible(item, 8, 8)
        node = item.node
        self.setAccessibleDescription(describe(node))

    def _neighbour(self, key: int) -> NodeItem | None:
        here = self.current.node
        nodes = list(self.items_by_id.values())
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            column = sorted((i for i in nodes if i.node.column == here.column), key=lambda i: i.node.row)
            at = column.index(self.current) + (1 if key == Qt.Key.Key_Down else -1)
            return column[at] if 0 <= at < len(column) else None
        step = 1 if key == Qt.Key.Key_Right else -1
        columns = sorted({i.node.column for i in nodes})
        at = columns.index(here.column) + step
        if not 0 <= at < len(columns):
            return None
        y = self.current.rect().center().y()
        return min((i for i in nodes if i.node.column == columns[at]), key=lambda i: abs(i.rect().center().y() - y))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if self.current is None:
            self._go_to(self._first())
        if self.current is not None and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left,
                                                Qt.Key.Key_Right):
            self._go_to(self._neighbour(key) or self.current)
            event.accept()
            return
        if self.current is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.current.node.kind not in (COMPANY, COUNTRY):
                self.nodeActivated.emit(self.current.node)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        if self.current is not None:
            self.current.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        if self.current is not None:
            self.current.update()

    MIN_SCALE = 0.8  # below this a box's name is too small to read (6–7 px at half size): scroll instead

    def _fit(self) -> None:
        """The map's width in the view (a long map scrolls down, as a page does), never smaller than MIN_SCALE:
        fitting a tall map (a file with many recipients) into the height made its names unreadable."""
        rect = self.sceneRect()
        if rect.isEmpty():
            return
        view = self.viewport().size()
        scale = max(min(1.0, view.width() / rect.width()), self.MIN_SCALE)
        self.resetTransform()
        self.scale(scale, scale)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def node_item(self, node_id: str) -> NodeItem:
        return self.items_by_id[node_id]


def open_node(session, node: Node, activity_id: int | None = None, controller_id: int | None = None) -> None:
    """Open what a clicked box stands for: a vendor (or its sub-processor) in the catalogue page; a recipient the
    company named itself where it was named (its activity, or the controller on the processor page)."""
    hub = session.hub
    if node.service_key and session.store.catalogue().has(node.service_key):
        hub.navigateRequested.emit("catalogue", None, node.service_key)
        return
    if controller_id is not None:
        hub.navigateRequested.emit("processor", controller_id, "sub_processors")
        return
    if activity_id is None:
        register = session.register()
        activity_id = next((e.id for e in register.entries
                            if any(r.name == node.recipient for r in e.recipients)), None)
    hub.navigateRequested.emit("activities", activity_id, "recipients")
