"""Arrow labels: where each goes on its arrow, clear of boxes, other labels and arrows.

The label part of :class:`diagrammer.layout.routing.Router`, which holds the boxes, the routes
and the labels placed so far.
"""

from __future__ import annotations

import math
from itertools import pairwise

from diagrammer.layout.route_search import HEAD, _inflate, crosses

Rect = tuple[float, float, float, float]

LABEL_HEIGHT = 18.0
GAP = 4.0  # kept between a label and a box or a text
CROSSING_COST = 200.0  # a label crossed by another arrow costs as much as this much area covered
HEAD_COST = 400.0


class LabelPlacement:
    """Label placement for :class:`~diagrammer.layout.routing.Router` (a mixin: it uses the router's indexes)."""

    def place_label(self, edge_id: str, width: float, height: float = LABEL_HEIGHT) -> Rect | None:
        """Where arrow ``edge_id``'s label goes: on its path, clear of boxes, texts, other labels and arrows.

        Tried centred on the middle of each stretch (longest first), then on its quarters, then
        beside the arrow at those spots (right of or below it first); the first clear spot wins,
        else the one that covers least (:meth:`_label_cost`). Inside a container holding its ends
        the label may sit in the header band, but not on its texts.
        """
        self.labels.remove(edge_id)
        points = self.routes.get(edge_id)
        if not points or len(points) < 2:
            return None
        source, target = self.ends[edge_id]
        keep = self._ancestors(source) | self._ancestors(target)
        segments = sorted(pairwise(points), key=lambda s: -math.dist(*s))
        spots = [(0.5, s) for s in segments] + [(f, s) for s in segments for f in (0.25, 0.75)]
        centred = [_centred(p, q, f, width, height) for f, (p, q) in spots]
        beside = [rect for f, (p, q) in spots for rect in _beside(p, q, f, width, height)]
        best, least = centred[0], math.inf
        for rect in (*centred, *beside):
            cost = self._label_cost(edge_id, rect, keep)
            if cost < least:
                best, least = rect, cost
                if cost == 0:
                    break
        self.labels.set(edge_id, best)
        return best

    def _label_cost(self, edge_id: str, rect: Rect, keep: set[str]) -> float:
        """How badly a label at ``rect`` covers things: 0 when it is clear of boxes (of the texts
        only, in a container holding an end), of other labels, of other arrows and of its own head."""
        cost = 0.0
        for key in self._near(_inflate(rect, GAP), keep):
            if key in keep:  # inside it is fine, but not on its texts nor across its border
                box = self.rects[key]
                cost += _area(_inflate(self._text_rect(key), GAP), rect)
                cost += _area(_inflate(box, GAP), rect) - _area(_inflate(box, -GAP), rect)
            else:
                cost += _area(_inflate(self.rects[key], GAP), rect)
        for key in self.labels.query(_inflate(rect, 2.0)):
            if key != edge_id:
                cost += 2 * _area(_inflate(self.labels.rects[key], 2.0), rect)
        for other, k in self._segments.query(rect):
            if other != edge_id and crosses(self.routes[other][k], self.routes[other][k + 1], rect, 0.0):
                cost += CROSSING_COST
        head = self.routes[edge_id][-1]
        if _area(_inflate((head[0], head[1], 0.0, 0.0), HEAD), rect):
            cost += HEAD_COST  # a label on the arrowhead hides which way the arrow points
        return cost


def _area(a: Rect, b: Rect) -> float:
    """The area two rectangles share."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _centred(p, q, fraction: float, width: float, height: float) -> Rect:
    cx, cy = p[0] + (q[0] - p[0]) * fraction, p[1] + (q[1] - p[1]) * fraction
    return cx - width / 2, cy - height / 2, width, height


def _beside(p, q, fraction: float, width: float, height: float) -> tuple[Rect, Rect]:
    """A label just right of and just left of a steep stretch, or just below and above a flat one."""
    cx, cy = p[0] + (q[0] - p[0]) * fraction, p[1] + (q[1] - p[1]) * fraction
    if abs(q[1] - p[1]) >= abs(q[0] - p[0]):
        top = cy - height / 2
        return (cx + GAP, top, width, height), (cx - GAP - width, top, width, height)
    left = cx - width / 2
    return (left, cy + GAP, width, height), (left, cy - GAP - height, width, height)
