"""Arrow labels: where each goes on its arrow, clear of boxes, other labels and arrows.

The label part of :class:`diagrammer.layout.routing.Router`, which holds the boxes, the routes
and the labels placed so far.
"""

from __future__ import annotations

import math
from itertools import pairwise

from diagrammer.layout.route_search import _inflate, _overlap, crosses

Rect = tuple[float, float, float, float]

LABEL_HEIGHT = 18.0


class LabelPlacement:
    """Label placement for :class:`~diagrammer.layout.routing.Router` (a mixin: it uses the router's indexes)."""

    def place_label(self, edge_id: str, width: float, height: float = LABEL_HEIGHT) -> Rect | None:
        """Where arrow ``edge_id``'s label goes: on its path, clear of boxes, other labels and arrows.

        Tried at the middle of each stretch (longest first), then at its quarters; when no spot is
        clear, the middle of the longest stretch.
        """
        self.labels.remove(edge_id)
        points = self.routes.get(edge_id)
        if not points or len(points) < 2:
            return None
        source, target = self.ends[edge_id]
        keep = self._ancestors(source) | self._ancestors(target)
        segments = sorted(pairwise(points), key=lambda s: -math.dist(*s))
        spots = [(0.5, s) for s in segments] + [(f, s) for s in segments for f in (0.25, 0.75)]
        best = None
        for fraction, (p, q) in spots:
            cx, cy = p[0] + (q[0] - p[0]) * fraction, p[1] + (q[1] - p[1]) * fraction
            rect = (cx - width / 2, cy - height / 2, width, height)
            if best is None:
                best = rect
            if self._label_clear(edge_id, rect, keep):
                best = rect
                break
        self.labels.set(edge_id, best)
        return best

    def _label_clear(self, edge_id: str, rect: Rect, keep: set[str]) -> bool:
        for key in self._near(rect, keep):
            box = self._header_rect(key) if key in keep else self.rects[key]
            if _overlap(box, rect):
                return False
        if any(key != edge_id for key in self.labels.query(_inflate(rect, 2.0))):
            return False
        for other, k in self._segments.query(rect):
            if other != edge_id and crosses(self.routes[other][k], self.routes[other][k + 1], rect, 0.0):
                return False
        return True

