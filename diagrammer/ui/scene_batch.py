"""Routing a batch of changes once: a layout moves every box, and routing each moved box's arrows
after every move routed each arrow many times (Ctrl+L on 66 boxes and 80 arrows took 3 s)."""

from __future__ import annotations

from contextlib import contextmanager

# Arrows a batch moved that need a new route: this many are searched at once, the rest between frames
# (a grown container that pushes a row of neighbours aside moves dozens of arrows).
SEARCH_AT_ONCE = 16


class SceneBatch:
    """A mixin of :class:`~diagrammer.ui.scene.DiagramScene`: arrows touched while a batch is
    applied are routed once when it ends, after every box is in its new place."""

    _deferred: tuple[dict, dict] | None = None  # arrows to route, boxes to check for crossings

    @contextmanager
    def routing_deferred(self):
        """Apply changes inside this block; their arrows are routed once at its end."""
        if self._deferred is not None:
            yield
            return
        self.finish_items()  # a diagram just opened: its items before the model changes under them
        self._deferred = ({}, {})
        try:
            yield
        finally:
            edges, boxes = self._deferred
            self._deferred = None
            # Each arrow once: those the batch touched, then those lying across a moved box.
            crossing = (edge_id for node_id in boxes if node_id in self.node_items
                        for edge_id in self.router.crossing(node_id))  # fmt: skip
            searched, later = 0, []
            for edge_id in dict.fromkeys((*edges, *crossing)):
                if (item := self.edge_items.get(edge_id)) is None:
                    continue
                kept = item.edge.route is not None and edge_id not in self._stale_routes  # cheap to check
                if kept or searched < SEARCH_AT_ONCE or not self.interactive:
                    searched += not kept
                    self._route(item)
                else:  # straight now, routed between the next frames (as after opening a big file)
                    item.set_route(self.router.straight(item.edge.source, item.edge.target), None, item.bars)
                    later.append(edge_id)
            if later:  # the pending list is taken from its end: these after those already waiting
                waiting = set(self._pending_routes)
                self._pending_routes[:0] = [e for e in reversed(later) if e not in waiting]
                self._route_timer.start(0)

    def _route_soon(self, item) -> None:
        """Route an arrow now, or at the end of the batch being applied."""
        if self._deferred is None:
            self._route(item)
        else:
            self._deferred[0][item.edge_id] = None

    def _crossings_soon(self, node_id: str) -> None:
        """Re-route the arrows a box now lies across, now or at the end of the batch."""
        if self._deferred is None:
            self._reroute_crossing(node_id)
        else:
            self._deferred[1][node_id] = None
