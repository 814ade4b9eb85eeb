"""Building the scene's items; a large diagram's items are made just after its first frame.

A fit leaves a diagram of thousands of boxes far zoomed out, where the overview layer draws the
frame: it needs each box's scene rectangle and style, not its item. Making 5,000 box and 2,500
arrow items (and Qt's index of them) before that frame would nearly double the time until the
window shows the diagram, so the scene makes them in slices between frames right after it (then
routes the arrows, as before); meanwhile the overview draws the boxes and the straight arrows from
plain data. Whatever needs the items gets them first: reading ``node_items`` or ``edge_items``, a
document change, any input on the scene, and a frame the overview does not draw finish the
remaining slices at once.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPointF, QRectF, QTimer

from diagrammer.layout.geometry import drawn_position, effective_parents, reading_order, resolve_all, resolve_box
from diagrammer.layout.routing import Router
from diagrammer.rules import Classification
from diagrammer.ui.edge_item import EdgeItem, edge_pens
from diagrammer.ui.items import NodeItem, node_style
from diagrammer.ui.layout_sizes import header_of, reach_of
from diagrammer.ui.overview import NO_CONTENTS, OverviewLayer

# Qt draws and indexes child items recursively and crashes on very deep item trees (thousands of
# levels). Boxes nested deeper than this are drawn as top-level items at their scene position.
MAX_ITEM_DEPTH = 48
# Up to this many boxes, the items are made before the first frame.
BUILD_AT_ONCE = 1000
# Slices start this long after the first frame (counted again from it: a slice due before the
# window's first paint would delay it), each a little shorter than a 60 Hz frame.
BUILD_START_MS = 100
BUILD_SLICE_SECONDS = 0.012
# Up to this many arrows are routed before the first frame; beyond, straight until routed in slices.
ROUTE_AT_ONCE = 300

_INPUT = frozenset({
    QEvent.Type.GraphicsSceneMousePress, QEvent.Type.GraphicsSceneMouseDoubleClick,
    QEvent.Type.GraphicsSceneContextMenu, QEvent.Type.GraphicsSceneDragEnter, QEvent.Type.GraphicsSceneHelp,
    QEvent.Type.GraphicsSceneWheel, QEvent.Type.KeyPress, QEvent.Type.InputMethod,
})


class ItemBuilding:
    """The building half of ``DiagramScene``: ``rebuild`` and the items made now or in slices."""

    def _init_building(self) -> None:
        self._node_items: dict[str, NodeItem] = {}
        self._edge_items: dict[str, EdgeItem] = {}
        # Still to make, the next one last: (scene x, y, width, height, node id, drawn parent,
        # x, y in it, problem?, container?) and (edge id, straight points, problem?).
        self._pending_nodes: list[tuple] = []
        self._pending_edges: list[tuple] = []
        self._build_timer = QTimer(self, singleShot=True, timeout=self._build_slice)
        self._first_frame_due = False  # slices wait for the first frame, then BUILD_START_MS more

    @property
    def node_items(self) -> dict[str, NodeItem]:
        """Every box's item (made now if the open has not made them all yet)."""
        if self._pending_nodes or self._pending_edges:
            self.finish_items()
        return self._node_items

    @property
    def edge_items(self) -> dict[str, EdgeItem]:
        """Every arrow's item (made now if the open has not made them all yet)."""
        if self._pending_nodes or self._pending_edges:
            self.finish_items()
        return self._edge_items

    def items_pending(self) -> bool:
        return bool(self._pending_nodes or self._pending_edges)

    def rebuild(self, result: Classification | None = None) -> None:
        """Items for the whole document, drawn with ``result``'s labels when given."""
        active = self.overview is not None and self.overview.active
        self._build_timer.stop()
        self._first_frame_due = False
        self._pending_nodes, self._pending_edges = [], []
        self.clear()
        self.overview = None
        if self.interactive:
            self.overview = OverviewLayer(self)
            self.addItem(self.overview)
        for table in (self._node_items, self._edge_items, self._edges_by_node, self._depth, self._parent_of):
            table.clear()
        self._flat.clear()
        self.router = Router()
        self._stale_routes.clear()
        doc = self.document
        parents = effective_parents(doc)
        problem_nodes, problem_edges = problem_ids(result)
        self._labels = label_tuples(result)
        self._resolved = resolved = resolve_all(doc, self._labels, self.measure, parents)
        later = self.interactive and len(doc.nodes) > BUILD_AT_ONCE
        boxes: dict[str, tuple] = {}  # the entries, by id: their first four are scene rectangles
        for node_id in doc.forest.preorder:  # parents first
            parent = parents[node_id]
            # Nested or drawn flat, a box sits at its container's scene position plus its own.
            x, y = drawn_position(doc.nodes[node_id], resolved[parent] if parent is not None else None)
            px, py = (boxes[parent][0], boxes[parent][1]) if parent is not None else (0.0, 0.0)
            box = resolved[node_id]
            container = bool(doc.children(node_id))
            # One tuple per box (thousands are kept until their items are made): scene rectangle first.
            entry = (px + x, py + y, box.width, box.height, node_id, parent, x, y, node_id in problem_nodes, container)
            boxes[node_id] = entry
            self.router.set_box(node_id, entry[:4], parent, header_of(container, box.layout),
                                reach_of(box.layout, box.width))
            if later:
                self._pending_nodes.append(entry)
            else:
                self._make_node(entry)
        # A large diagram shows at once with straight arrows, routed a batch at a time right after.
        self._pending_routes = []
        straight = later or (self.interactive and len(doc.edges) > ROUTE_AT_ONCE)
        for edge_id, edge in doc.edges.items():
            points = tuple(self.router.straight(edge.source, edge.target)) if straight else None
            entry = (edge_id, points, edge_id in problem_edges)
            if later:
                self._pending_edges.append(entry)
            else:
                self._make_edge(entry)
        if straight:
            self._pending_routes = list(reversed(doc.edges))
        if later:
            self._pending_nodes.reverse()
            self._pending_edges.reverse()
            self._build_timer.start(BUILD_START_MS)  # in case no view paints the scene
            self._first_frame_due = True
        elif straight:
            self._route_timer.start(BUILD_START_MS)
        if active:
            self.overview.set_zoom(0.0)

    # ----- making the items ------------------------------------------------------------------

    def finish_items(self) -> None:
        """Make every item still to be made, now."""
        self._build_timer.stop()
        self._build(None)

    def _build_slice(self) -> None:
        self._build(time.perf_counter() + BUILD_SLICE_SECONDS)

    def _build(self, deadline: float | None) -> None:
        nodes, edges = self._pending_nodes, self._pending_edges
        while nodes and (deadline is None or time.perf_counter() < deadline):
            self._make_node(nodes.pop())
        while not nodes and edges and (deadline is None or time.perf_counter() < deadline):
            self._make_edge(edges.pop())
        if nodes or edges:
            self._build_timer.start(0)
        elif self._pending_routes and not self._route_timer.isActive():
            self._route_timer.start(0)

    def _make_node(self, entry: tuple) -> None:
        node_id, parent, x, y, has_problem, is_container = entry[4:]
        self._create_node(node_id, parent, self._labels.get(node_id, ()), has_problem, is_container, (x, y))

    def _make_edge(self, entry: tuple) -> None:
        edge_id, points, has_problem = entry
        self._create_edge(edge_id, points).set_problem(has_problem)

    def _create_node(self, node_id: str, parent: str | None, labels=(), has_problem: bool = False,
                     is_container: bool = False, pos: tuple[float, float] | None = None) -> NodeItem:
        """A new box's item; ``pos`` is its drawn position in its container when known."""
        node = self.document.nodes[node_id]
        resolved = self._resolved.get(node_id)
        if resolved is None:
            resolved = self._resolved[node_id] = resolve_box(node, labels, [], self.measure)
        item = NodeItem(node, self.palette, self.interactive, labels, has_problem, is_container, resolved.layout,
                        (resolved.width, resolved.height))
        self._node_items[node_id] = item
        if self.overview is not None and self.overview.active:
            item.setFlag(NO_CONTENTS, True)
        parent_item = self._node_items.get(parent) if parent is not None else None
        if parent_item is not None and self._depth[parent] < MAX_ITEM_DEPTH:
            # A child joins the scene with its parent: one index update instead of two.
            self._depth[node_id] = self._depth[parent] + 1
            self._parent_of[node_id] = parent
            item.nested = True
            item.setPos(QPointF(*pos) if pos is not None else self._drawn_pos(node_id))
            item.setParentItem(parent_item)
        else:
            self.addItem(item)
            self._attach(node_id, parent)
        return item

    def _create_edge(self, edge_id: str, straight: list | None = None) -> EdgeItem:
        """A new arrow's item, routed now or (``straight`` points given) drawn straight until routed."""
        edge = self.document.edges[edge_id]
        item = EdgeItem(edge, self.palette, self.interactive)
        if self.overview is not None and self.overview.active:
            item.setFlag(NO_CONTENTS, True)
        self._edge_items[edge_id] = item
        for end in (edge.source, edge.target):
            self._edges_by_node.setdefault(end, set()).add(edge_id)
        if straight is not None:
            item.set_route(straight)
        else:
            self._route(item)  # routed before it joins the scene: one index insertion, not two
        self.addItem(item)
        return item

    # ----- until the items are made ----------------------------------------------------------

    def pending_boxes(self):
        """``(scene rectangle, style key, pen, fill, strip)`` of each box not made yet."""
        nodes, palette = self.document.nodes, self.palette
        for x, y, width, height, node_id, _parent, _x, _y, _problem, is_container in self._pending_nodes:
            key, style = node_style(nodes[node_id], self._labels.get(node_id, ()), is_container, palette)
            yield QRectF(x, y, width, height), key, style[2], style[1], style[3]

    def pending_arrows(self):
        """``(pen, points)`` of each arrow not made yet."""
        edges = self.document.edges
        for edge_id, points, has_problem in self._pending_edges:
            yield edge_pens(edges[edge_id].kind, has_problem, self.palette)[0][0], points

    def itemsBoundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        """Qt's, plus the boxes and arrows not made yet (with the margins their items will have)."""
        rect = super().itemsBoundingRect()
        boxes = self._pending_nodes  # each entry starts with the box's scene rectangle
        if boxes:
            left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
            right, bottom = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
            rect = rect.united(QRectF(left - 3, top - 3, right - left + 6, bottom - top + 6))
        points = [p for _, route, _ in self._pending_edges for p in route or ()]
        if points:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            rect = rect.united(QRectF(min(xs) - 12, min(ys) - 12, max(xs) - min(xs) + 24, max(ys) - min(ys) + 24))
        return rect

    def before_paint(self) -> None:
        """A view is about to paint: unless the overview draws the frame, it needs every item."""
        if self.items_pending() and not (self.overview is not None and self.overview.active):
            self.finish_items()
        elif self._first_frame_due and self._build_timer.isActive():
            self._build_timer.start(BUILD_START_MS)  # the slices start after this frame
        self._first_frame_due = False

    def event(self, event) -> bool:
        if event.type() in _INPUT and self.items_pending():
            self.finish_items()  # Qt looks for the items under the pointer next
        return super().event(event)


def label_tuples(result: Classification | None) -> dict[str, tuple[str, ...]]:
    """Each labelled box's labels in reading order; boxes with the same labels share one tuple."""
    # Read from the explanations: ``result.labels`` would make a list per box, kept with the result.
    explanations = result.explanations if result is not None else {}
    return {node_id: reading_order(tuple(found)) for node_id, found in explanations.items() if found}


def problem_ids(result: Classification | None) -> tuple[set[str], set[str]]:
    nodes: set[str] = set()
    edges: set[str] = set()
    for problem in result.problems if result is not None else ():
        nodes.update(problem.node_ids)
        edges.update(problem.edge_ids)
    return nodes, edges
