"""The scene: a view of one document (an id -> item map) plus the gestures drawn on it.

The scene follows the document's change events; it never changes the document itself. Gestures
(a drag, a resize, an arrow drawn) are reported through signals, and the window turns them into
undoable commands, whose model events come back here to update the items. The gesture handling
itself is the ``SceneGestures`` mixin of ``scene_gestures``; making the items (a large diagram's
just after its first frame) is the ``ItemBuilding`` mixin of ``scene_build``.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, QTimer, Signal
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsScene

from diagrammer.layout.geometry import Resolved, drawn_position, resolve_box
from diagrammer.layout.routing import Router
from diagrammer.model import Change, Document
from diagrammer.rules import Classification, display_order
from diagrammer.ui.edge_item import EdgeItem, label_size
from diagrammer.ui.items import NodeItem
from diagrammer.ui.layout_sizes import header_height, text_width
from diagrammer.ui.measure import qt_measure
from diagrammer.ui.overview import OverviewLayer
from diagrammer.ui.scene_batch import SceneBatch
from diagrammer.ui.scene_build import MAX_ITEM_DEPTH, ROUTE_AT_ONCE, ItemBuilding, problem_ids
from diagrammer.ui.scene_frame import SceneFrame
from diagrammer.ui.scene_gestures import CONNECT_OPTIMIZES, SELECT, SceneGestures
from diagrammer.ui.theme import Palette

__all__ = ["ROUTE_AT_ONCE", "DiagramScene"]
BSP_TREE_DEPTH = 8
# Arrows drawn straight at the open are routed in slices of this many seconds between frames
# (shorter than a 60 Hz frame: the view stays smooth meanwhile).
ROUTE_SLICE_SECONDS = 0.012


class DiagramScene(ItemBuilding, SceneGestures, SceneBatch, QGraphicsScene):
    """Items for every node and edge of ``document``, kept in step with its change events."""

    drop_requested = Signal(list)  # [(node_id, parent_id | None, scene_x, scene_y)]
    resize_requested = Signal(str, float, float)
    connect_requested = Signal(str, str, str)  # source, target, kind

    def __init__(self, document: Document, palette: Palette | None = None, interactive: bool = True,
                 result: Classification | None = None) -> None:
        super().__init__()
        self.document = document
        self.palette = palette or Palette.current()
        self.interactive = interactive
        self._init_building()
        self.mode = SELECT
        self.grid_visible = False
        self.snap_to_grid = False
        self._edges_by_node: dict[str, set[str]] = {}
        self._depth: dict[str, int] = {}
        self._parent_of: dict[str, str | None] = {}  # the container each item was attached under
        self._flat: set[str] = set()
        self.measure = qt_measure()
        self._labels: dict[str, tuple[str, ...]] = {}
        self._resolved: dict[str, Resolved] = {}  # each box as drawn: size, and the shift of its parts
        self._drag: dict | None = None
        self._drop_target: NodeItem | None = None
        self._connect_line: QGraphicsLineItem | None = None
        self._connect_source: str | None = None
        self._connect_kind = CONNECT_OPTIMIZES
        self._connect_start = QPointF()
        self._resizing: NodeItem | None = None
        self._suspend_edge_updates = False
        self._pending_routes: list[str] = []
        # The scene's own timer: routing stops with the scene (QTimer.singleShot would keep it alive).
        self._route_timer = QTimer(self, singleShot=True, timeout=self._route_pending)
        self._dragging = False  # while a box is dragged, arrows take plain shapes; the drop routes them fully
        self.router = Router()
        self._stale_routes: set[str] = set()  # arrows whose ends moved since their route was stored
        self.setBackgroundBrush(self.palette.canvas)
        # Qt picks the item index's depth from the item count (13 levels for a few thousand boxes);
        # an arrow across the diagram is then filed in thousands of cells and building the index
        # dominates the first frame. Eight levels keep look-ups quick and arrows cheap to file.
        self.setBspTreeDepth(BSP_TREE_DEPTH)
        self.overview: OverviewLayer | None = None
        self.rebuild(result)
        self.selectionChanged.connect(self._overview_changed)
        document.subscribe(self._on_change)

    def detach(self) -> None:
        """Stop following the document (before the scene is dropped)."""
        self.document.unsubscribe(self._on_change)
        self._route_timer.stop()
        self._build_timer.stop()
        self._pending_routes = []

    # ----- building ----------------------------------------------------------------------------

    def _attach(self, node_id: str, parent: str | None) -> None:
        """Make ``node_id``'s item a child of its container's item, or top-level when too deep."""
        item = self._node_items[node_id]
        self._parent_of[node_id] = parent
        parent_item = self._node_items.get(parent) if parent is not None else None
        item.nested = parent_item is not None
        depth = self._depth[parent] + 1 if parent_item is not None else 0
        self._depth[node_id] = depth
        if parent_item is not None and _is_within(parent_item, item):
            # Undo can restore a containment loop; like the classifier, draw it at the top level.
            parent_item, depth = None, 0
            self._depth[node_id] = 0
            self._parent_of[node_id] = None
            item.nested = False
        if parent_item is not None and depth <= MAX_ITEM_DEPTH:
            self._flat.discard(node_id)
            if item.parentItem() is not parent_item:
                item.setParentItem(parent_item)
            item.setPos(self._drawn_pos(node_id))
        else:
            if item.parentItem() is not None:
                item.setParentItem(None)
            if parent_item is not None:
                self._flat.add(node_id)
                item.setZValue(depth * 1e-4)
            else:
                self._flat.discard(node_id)
                item.setZValue(0)
            item.setPos(self._drawn_pos(node_id))

    def _route(self, item: EdgeItem) -> None:
        """Route one arrow around the boxes; a stored route is kept while its ends stay put."""
        edge = item.edge
        stored = edge.route if item.edge_id not in self._stale_routes else None
        points = self.router.route(item.edge_id, edge.source, edge.target, stored, quick=self._dragging)
        label = self.router.place_label(item.edge_id, *label_size(edge.label)) if edge.label else None
        bars = (False, False)
        if edge.source in self.document.nodes and edge.target in self.document.nodes:  # (a broken file)
            inside = self.document.forest.is_inside  # a container's own arrow meets its header's foot
            bars = (inside(edge.target, edge.source), inside(edge.source, edge.target))
        item.set_route(points, label, bars)

    def _route_pending(self) -> None:
        deadline = time.perf_counter() + ROUTE_SLICE_SECONDS
        pending = self._pending_routes
        while pending and time.perf_counter() < deadline:
            item = self.edge_items.get(pending.pop())
            if item is not None:
                self._route(item)
        if pending:
            self._route_timer.start(0)

    def finish_routing(self) -> None:
        """Route every arrow still drawn straight (before an export or a check of the picture)."""
        self.finish_items()
        pending, self._pending_routes = self._pending_routes, []
        for edge_id in reversed(pending):
            item = self.edge_items.get(edge_id)
            if item is not None:
                self._route(item)

    def box_sizes(self) -> dict[str, tuple[float, float]]:
        """Every box's size as drawn."""
        return {nid: (r.width, r.height) for nid, r in self._resolved.items()}

    def _place_in_router(self, node_id: str) -> bool:
        """Tell the router where a box is now drawn; whether it moved or changed size."""
        item, before = self.node_items[node_id], self.router.rects.get(node_id)
        self.router.set_box(node_id, item.scene_box(), self._parent_of.get(node_id), header_height(item),
                            text_width(item))
        return self.router.rects.get(node_id) != before

    # ----- following the document ------------------------------------------------------------

    def _overview_changed(self) -> None:
        if self.overview is not None:
            self.overview.invalidate()

    def set_zoom(self, zoom: float) -> None:
        """The view's zoom changed: far out, the overview layer draws everything at once."""
        if self.overview is not None:
            self.overview.set_zoom(zoom)

    def _on_change(self, change: Change) -> None:
        self.finish_items()  # an edit of a diagram just opened: its items first
        self._overview_changed()
        doc = self.document
        what = change.what
        if what == "node-added":
            node = doc.nodes[change.id]
            parent = node.parent if node.parent in self.node_items else None
            self._create_node(change.id, parent, self._labels.get(change.id, ()))
            if parent is not None:
                self.node_items[parent].set_container(True)
            self.reresolve(change.id)
            self._place_in_router(change.id)
            if parent is not None:
                self.node_moved(parent)
            self._reroute_crossing(change.id)
        elif what == "node-removed":
            item = self.node_items.pop(change.id)
            parent = item.parentItem()
            drawn_parent = self._parent_of.pop(change.id, None)
            self._resolved.pop(change.id, None)
            self._remove_quietly(item)
            self.router.remove_box(change.id)
            if isinstance(parent, NodeItem):
                parent.set_container(bool(doc.children(parent.node_id)))
                self.node_moved(parent.node_id)
            self._edges_by_node.pop(change.id, None)
            if drawn_parent in self.node_items:
                self.reresolve(drawn_parent)
        elif what == "node-changed":
            self._node_changed(change)
        elif what == "edge-added":
            self._create_edge(change.id)
        elif what == "edge-removed":
            item = self.edge_items.pop(change.id)
            for end in (item.edge.source, item.edge.target):
                self._edges_by_node.get(end, set()).discard(change.id)
            self.router.remove_edge(change.id)
            self._stale_routes.discard(change.id)
            self._remove_quietly(item)
        elif what == "edge-changed":
            item = self.edge_items[change.id]
            old_ends = (item.edge.source, item.edge.target)
            edge = doc.edges[change.id]
            for end in old_ends:
                self._edges_by_node.get(end, set()).discard(change.id)
            for end in (edge.source, edge.target):
                self._edges_by_node.setdefault(end, set()).add(change.id)
            item.set_edge(edge)
            if "route" in change.fields or {"source", "target"} & set(change.fields):
                self._stale_routes.discard(change.id)  # a new route (a layout's) or new ends
            self._route_soon(item)

    def _remove_quietly(self, item) -> None:
        """Remove without a selectionChanged per removed item: deleting 5,000 selected boxes would
        refresh every dock 5,000 times; the undo stack's one signal refreshes them instead."""
        blocked = self.blockSignals(True)
        try:
            self.removeItem(item)
        finally:
            self.blockSignals(blocked)

    def _node_changed(self, change: Change) -> None:
        item = self.node_items[change.id]
        node = self.document.nodes[change.id]
        item.set_node(node)
        if "parent" in change.fields:
            old_parent = self._parent_of.get(change.id)
            for nid in self.document.subtree(change.id):
                parent = self.document.nodes[nid].parent
                self._attach(nid, parent if parent in self.node_items else None)
            for nid in (old_parent, node.parent):
                if nid in self.node_items:
                    self.node_items[nid].set_container(bool(self.document.children(nid)))
            if old_parent in self.node_items:
                self.reresolve(old_parent)
        elif {"x", "y"} & set(change.fields):
            item.setPos(self._drawn_pos(change.id))
        self.reresolve(change.id)
        if {"x", "y", "width", "height", "parent"} & set(change.fields):
            self.subtree_moved(change.id)

    def _drawn_pos(self, node_id: str) -> QPointF:
        """Where a box is drawn relative to its item's parent: its position plus its container's shift
        (plus the container's scene position for a box drawn top-level although nested)."""
        node = self.document.nodes[node_id]
        parent = self._parent_of.get(node_id)
        resolved = self._resolved.get(parent) if parent is not None else None
        x, y = drawn_position(node, resolved)
        if node_id in self._flat:
            return self._node_items[parent].scenePos() + QPointF(x, y)
        return QPointF(x, y)

    def _drawn_parts(self, node_id: str) -> list[str]:
        return [c for c in self.document.children(node_id) if self._parent_of.get(c) == node_id]

    def reresolve(self, node_id: str) -> None:
        """Resolve a box again and its containers upwards, as far as something changed.

        A move costs the moved box's ancestors only; a label that grows a part grows its containers.
        """
        seen: set[str] = set()
        current: str | None = node_id
        while current is not None and current in self.node_items and current not in seen:
            if not self._update_box(current) and seen:
                break
            seen.add(current)
            current = self._parent_of.get(current)

    def _update_box(self, node_id: str) -> bool:
        """Resolve one box from its parts' current sizes; True when its size or shift changed."""
        node = self.document.nodes[node_id]
        resolved = self._resolved
        parts = self._drawn_parts(node_id)
        rects = [(self.document.nodes[p].x or 0.0, self.document.nodes[p].y or 0.0, resolved[p].width,
                  resolved[p].height) for p in parts if p in resolved]
        labels = self._labels.get(node_id, ())
        new = resolve_box(node, labels, rects, self.measure)
        old = resolved.get(node_id)
        resolved[node_id] = new
        item = self.node_items[node_id]
        if item.set_box(new.width, new.height, new.layout):
            self.node_moved(node_id)
        elif old is not None and old.layout is not new.layout and not self._suspend_edge_updates:
            self._place_in_router(node_id)  # same outline, other header: the router keeps arrows off it
        if old is not None and (old.shift_x, old.shift_y) != (new.shift_x, new.shift_y):
            for part in parts:
                self.node_items[part].setPos(self._drawn_pos(part))
                self.subtree_moved(part)
        return new != old

    def drawn_geometry(self) -> dict[str, tuple[float, float, float, float]]:
        """Every box as drawn, ``(x, y, width, height)`` with ``x``/``y`` relative to its container."""
        out = {}
        for nid, node in self.document.nodes.items():
            parent = self._parent_of.get(nid)
            x, y = drawn_position(node, self._resolved.get(parent) if parent is not None else None)
            resolved = self._resolved[nid]
            out[nid] = (float(x), float(y), resolved.width, resolved.height)
        return out

    def frame(self) -> SceneFrame:
        """What placement needs to know of the boxes as drawn."""
        return SceneFrame(self)

    def subtree_moved(self, node_id: str) -> None:
        """Re-route the arrows of a box and of all its parts (they moved with it)."""
        for nid in self.document.subtree(node_id):
            if nid in self._flat and nid != node_id:
                self.node_items[nid].setPos(self._drawn_pos(nid))
            self.node_moved(nid)

    def node_moved(self, node_id: str) -> None:
        """Re-route the arrows of a node whose box moved or changed size (and of its parts)."""
        if self._suspend_edge_updates:
            return
        self._overview_changed()
        item = self.node_items.get(node_id)
        if item is None:
            return
        moved = self._place_in_router(node_id)  # a layout that leaves a box put keeps its routes
        for edge_id in self._edges_by_node.get(node_id, ()):
            if (edge_item := self.edge_items.get(edge_id)) is not None:
                if moved:
                    self._stale_routes.add(edge_id)
                self._route_soon(edge_item)
        if not self._dragging:
            self._crossings_soon(node_id)

    def _reroute_crossing(self, node_id: str) -> None:
        """Re-route the other arrows that the box (moved or new) now lies across."""
        for edge_id in self.router.crossing(node_id):
            edge_item = self.edge_items.get(edge_id)
            if edge_item is not None:
                self._route(edge_item)

    def apply_classification(self, result: Classification) -> None:
        """Show each node's labels and mark the nodes and arrows that a problem names."""
        problem_nodes, problem_edges = problem_ids(result)
        self._overview_changed()
        relabelled = []
        for node_id, item in self.node_items.items():
            labels = display_order(result.labels.get(node_id, []))
            if item.set_labels(labels, node_id in problem_nodes):
                self._labels[node_id] = tuple(labels)
                relabelled.append(node_id)
        for node_id in relabelled:
            self.reresolve(node_id)
        for edge_id, item in self.edge_items.items():
            item.set_problem(edge_id in problem_edges)

    # ----- selection helpers -----------------------------------------------------------------

    def selected_node_ids(self) -> list[str]:
        """Selected nodes in document order."""
        selected = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        return [nid for nid in self.document.nodes if nid in selected]

    def selected_edge_ids(self) -> list[str]:
        selected = {i.edge_id for i in self.selectedItems() if isinstance(i, EdgeItem)}
        return [eid for eid in self.document.edges if eid in selected]

    def select_ids(self, node_ids, edge_ids=()) -> None:
        # One selectionChanged for the whole selection, not one per item (a paste of 5,000 boxes).
        blocked = self.blockSignals(True)
        try:
            self.clearSelection()
            for nid in node_ids:
                if nid in self.node_items:
                    self.node_items[nid].setSelected(True)
            for eid in edge_ids:
                if eid in self.edge_items:
                    self.edge_items[eid].setSelected(True)
        finally:
            self.blockSignals(blocked)
        if not blocked:
            self.selectionChanged.emit()


def _is_within(item, container) -> bool:
    """Whether ``item`` is ``container`` or drawn inside it."""
    current = item
    while current is not None:
        if current is container:
            return True
        current = current.parentItem()
    return False
