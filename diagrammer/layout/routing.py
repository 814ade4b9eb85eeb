"""Arrow routing: orthogonal paths around boxes, apart from each other, with room for their labels.

Pure arithmetic on scene rectangles ``(x, y, width, height)`` (y downwards); no Qt. A
:class:`Router` holds the boxes (with their containers and header bands) and the routes made so
far, each in a bucket index, so that routing one arrow looks only at what lies near it: dragging
one box re-routes its own arrows without touching the others. Each box is also filed with its
container, so an arrow looks only at the top level and inside the containers of its ends.

What a route avoids:

- every box that is not one of its ends nor a container of one of them (``margin`` away);
- the header band (name, kinds, goal, badges) of the containers it runs inside;
- the labels of other arrows;
- the stretches of other arrows: a segment that would run along another arrow's is moved
  ``SPACING`` aside, so A->B and B->A are two arrows.

An arrow leaves its source and enters its target through the middle of a side, with a first and
last stretch at least ``margin`` long, so even between adjacent boxes more than the head shows.
An arrow between a container and one of its parts starts (or ends) under the container's header.

A stored route (from the file, or Graphviz's curve) is kept while it is clear; a curve through a
title is bent right of it and a curve along another arrow moved aside (:mod:`.curves`), and an
arrow Graphviz drew as a curve that must be re-routed gets round bends. Plain shapes (straight,
one or two bends) come first; the grid search runs only when they are blocked, within limits
(``search_limits``, ``search_steps``) that a whole layout widens.

Examples
--------
>>> router = Router()
>>> router.set_box("a", (0, 0, 100, 50))
>>> router.set_box("b", (0, 200, 100, 50))
>>> router.set_box("wall", (-100, 100, 300, 40))
>>> points = router.route("e", "a", "b")
>>> points
[(0.0, 25.0), (-112.0, 25.0), (-112.0, 225.0), (0.0, 225.0)]
>>> any(crosses(p, q, (-100, 100, 300, 40)) for p, q in pairwise(points))
False
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from diagrammer.layout.curves import apart_variants, is_curved, pushed_right, rounded
from diagrammer.layout.labels import LABEL_HEIGHT, LabelPlacement
from diagrammer.layout.obstacles import BucketIndex, _within
from diagrammer.layout.route_search import (
    _DOWN,
    _EPS,
    _LEFT,
    _RIGHT,
    _UP,
    HEAD,
    SPACING,
    _bounds,
    _inflate,
    _on_border,
    _pairs,
    _plain_paths,
    _search,
    _shared,
    _simplify,
    _straight,
    collinear_overlap,
    crosses,
    loop_shapes,
    polyline_length,
    segments_cross,
)

__all__ = ["HEAD", "LABEL_HEIGHT", "MARGIN", "Router", "collinear_overlap", "crosses", "polyline_length"]

Rect = tuple[float, float, float, float]
Point = tuple[float, float]

MARGIN = 12.0  # clearance between an arrow and the boxes it passes; also the first and last stretch
# The grid search is quadratic in the boxes it looks at: beyond these, a plain shape is used (a
# whole layout searches further, within a budget of steps: see Router.search_steps).
MAX_SEARCH_AREA = 1500.0 * 1500.0
MAX_OBSTACLES = 80
ROUTE_STEPS = 40_000  # grid points one arrow's search may visit (about a tenth of a second)
# Where a segment running along another arrow's is moved: whole spacings first, half ones in a crowd.
_OFFSETS = tuple(f * SPACING for f in (1, -1, 2, -2, 3, -3, 4, -4, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 5, -5))


class Router(LabelPlacement):
    """Boxes and routed arrows; :meth:`route` finds (and remembers) one arrow's path."""

    def __init__(self, margin: float = MARGIN) -> None:
        self.margin = margin
        self.rects: dict[str, Rect] = {}  # every box's scene rectangle
        self.parent: dict[str, str | None] = {}
        # Each box is also filed with its container when it lies inside it (else with None): a
        # route looks only at the top level and inside the containers of its ends, since a box
        # within any other container is covered by that container.
        self._parts: dict[str | None, BucketIndex] = {None: BucketIndex()}
        self._filed: dict[str, str | None] = {}
        # Boxes set or moved since the last route, filed when a route next looks (opening a large
        # diagram then shows before its 5,000 boxes are filed; a drag files its box once per route).
        self._unfiled: set[str] = set()
        self._children: dict[str, set[str]] = {}
        self.header: dict[str, float] = {}
        self.text_width: dict[str, float] = {}
        self.routes: dict[str, list[Point]] = {}
        self.search_steps: float = math.inf  # grid points all searches from now on may visit
        self.search_limits = (MAX_SEARCH_AREA, MAX_OBSTACLES)  # the largest region searched, its most boxes
        self.curved: set[str] = set()  # arrows Graphviz drew as curves: re-routed, they get round bends
        self.ends: dict[str, tuple[str, str]] = {}
        self.loop_corner: dict[str, tuple[int, int]] = {}  # each loop: the corner it goes round, its place there
        self.labels = BucketIndex()
        self._segments = BucketIndex()  # (edge id, index) -> the segment's bounds
        self._lines = (BucketIndex(), BucketIndex())  # the horizontal ones, the vertical ones (for _nearby)

    # ----- boxes -------------------------------------------------------------------------------

    def set_box(self, box_id: str, rect: Rect, parent: str | None = None, header: float | None = None,
                text_width: float | None = None) -> None:
        """Add or move a box; ``header`` is the height of a container's header band (None: a leaf),
        whose texts take ``text_width`` from its left (None: all of it)."""
        rect = (float(rect[0]), float(rect[1]), float(rect[2]), float(rect[3]))
        self.rects[box_id] = rect
        old = self.parent.get(box_id)
        if old is not None and old != parent:
            self._children.get(old, set()).discard(box_id)
        if parent is not None:
            self._children.setdefault(parent, set()).add(box_id)
        self.parent[box_id] = parent
        self._unfiled.add(box_id)
        self._unfiled.update(self._children.get(box_id, ()))  # a part inside the box may now lie outside it
        if header is None:
            self.header.pop(box_id, None)
        else:
            self.header[box_id] = min(header, rect[3])
        if text_width is None:
            self.text_width.pop(box_id, None)
        else:
            self.text_width[box_id] = text_width

    def remove_box(self, box_id: str) -> None:
        self._unfiled.discard(box_id)
        self._unfile(box_id)
        self.rects.pop(box_id, None)
        parent = self.parent.pop(box_id, None)
        if parent is not None:
            self._children.get(parent, set()).discard(box_id)
        self.header.pop(box_id, None)
        self.text_width.pop(box_id, None)
        self._unfiled.update(self._children.get(box_id, ()))

    def _file(self, box_id: str) -> None:
        """File the box with its container if it lies inside it (and is not as large: no cycles), else at the top."""
        rect = self.rects.get(box_id)
        if rect is None:
            return
        parent = self.parent.get(box_id)
        outer = self.rects.get(parent) if parent is not None else None
        home = parent if outer is not None and _within(rect, outer) else None
        if box_id in self._filed and self._filed[box_id] != home:
            self._unfile(box_id)
        self._filed[box_id] = home
        self._parts.setdefault(home, BucketIndex()).set(box_id, rect)

    def _unfile(self, box_id: str) -> None:
        home = self._filed.pop(box_id, None)
        index = self._parts.get(home)
        if index is not None:
            index.remove(box_id)
            if home is not None and not index.rects:
                del self._parts[home]

    def _near(self, area: Rect, keep: set[str], ends: tuple[str, ...] = ()):
        """Boxes meeting ``area`` that an arrow whose ends lie in the ``keep`` containers may meet
        (a curve from Graphviz may run inside the ``ends`` too); the top level first."""
        if self._unfiled:
            for box_id in self._unfiled:
                self._file(box_id)
            self._unfiled.clear()
        yield from self._parts[None].query(area)
        for container in (*keep, *ends):
            index = self._parts.get(container)
            if index is not None:
                yield from index.query(area)

    def _ancestors(self, box_id: str) -> set[str]:
        out: set[str] = set()
        current = self.parent.get(box_id)
        while current is not None and current not in out:
            out.add(current)
            current = self.parent.get(current)
        return out

    def _header_rect(self, box_id: str) -> Rect:
        x, y, w, h = self.rects[box_id]
        return x, y, w, self.header.get(box_id, h)

    def crossing(self, box_id: str) -> list[str]:
        """Arrows (not ending at ``box_id``) that pass through it or through its header band."""
        rect = self.rects.get(box_id)
        if rect is None:
            return []
        out = []
        for edge_id in sorted({key[0] for key in self._segments.query(rect)}):
            source, target = self.ends[edge_id]
            if box_id in (source, target):
                continue
            inside = box_id in self._ancestors(source) | self._ancestors(target)
            area = self._header_rect(box_id) if inside else rect
            points = self.routes[edge_id]
            if any(crosses(p, q, area, 1.0) for p, q in pairwise(points)):
                out.append(edge_id)
        return out

    # ----- arrows ------------------------------------------------------------------------------

    def remove_edge(self, edge_id: str) -> None:
        for k in range(len(self.routes.pop(edge_id, ())) - 1):
            for index in (self._segments, *self._lines):
                index.remove((edge_id, k))
        self.ends.pop(edge_id, None)
        self.loop_corner.pop(edge_id, None)
        self.labels.remove(edge_id)

    def route(self, edge_id: str, source: str, target: str, stored: Sequence[Point] | None = None,
              quick: bool = False) -> list[Point]:
        """The path of arrow ``edge_id`` from box ``source`` to box ``target``, border to border.

        ``stored`` (a route from the file or from Graphviz) is kept when it still starts on the
        source's border, ends on the target's and crosses nothing it must avoid. ``quick`` (while
        a box is dragged) tries only the plain shapes, taking the one that crosses least.
        """
        self.remove_edge(edge_id)
        if source not in self.rects or target not in self.rects:
            return []
        if source == target:
            keep = self._ancestors(source)

            def clear(p: Point, q: Point, clearance: float = self.margin - 1) -> bool:
                return self._segment_clear(p, q, source, target, keep, clearance)

            points = self._loop(edge_id, source, clear)
        else:
            points = [(float(x), float(y)) for x, y in stored] if stored is not None and len(stored) >= 2 else None
            if points and is_curved(points):
                self.curved.add(edge_id)
            if points and not self._valid(points, source, target):
                points = self._off_texts(points, source, target)
            points = self._apart(edge_id, points, source, target) if points else self._find(edge_id, source, target,
                                                                                             quick)
            if edge_id in self.curved and not is_curved(points):  # keep the style of Graphviz's curves
                smooth = rounded(points)
                points = smooth if self._valid(smooth, source, target) else points
        self.routes[edge_id] = points
        self.ends[edge_id] = (source, target)
        for k, (p, q) in enumerate(pairwise(points)):
            self._segments.set((edge_id, k), _bounds((p, q)))
            if abs(p[1] - q[1]) < 1.0 or abs(p[0] - q[0]) < 1.0:
                self._lines[abs(p[0] - q[0]) < 1.0].set((edge_id, k), _bounds((p, q)))
        return points

    def straight(self, source: str, target: str) -> list[Point]:
        """A straight arrow between the borders, aimed centre to centre (a stand-in until routed)."""
        if source not in self.rects or target not in self.rects or source == target:
            return []
        return _straight(self._end_rect(source, target)[0], self._end_rect(target, source)[0])

    def _loop(self, edge_id: str, box: str, clear) -> list[Point]:
        """A small loop round a corner of the box, clear of boxes and moved off other arrows: the one
        crossing the fewest other arrows, the top right one when it crosses none."""
        # The box's other loops, by corner: this one goes round those at its corner, in the first free
        # place (a loop routed again, as its box moves, finds its own place free and keeps it).
        taken: list[set[int]] = [set(), set(), set(), set()]
        for other, (corner, place) in self.loop_corner.items():
            if self.ends[other][0] == box:
                taken[corner].add(place)
        around = [next(k for k in range(len(places) + 1) if k not in places) for places in taken]
        rect = self.rects[box]
        loops = loop_shapes(rect, self.margin + 4, around)
        if not loops:  # no room round any corner: the first place round each
            around = [0, 0, 0, 0]
            loops = loop_shapes(rect, self.margin + 4, around)
        best = None  # (arrows crossed, corner, points) of the loops clear of boxes
        for corner, points in loops:
            if not all(clear(p, q, 1.0) for p, q in pairwise(points)):
                continue
            points = self._spread(edge_id, points, clear, rect, rect)
            crossed = self._arrows_crossed(points)
            if best is None or crossed < best[0]:
                best = (crossed, corner, points)
            if not crossed:  # the first that crosses nothing: the rest need no look (a drag routes it often)
                break
        if best is None:  # boxes on every side: the top right loop all the same
            corner, points = loops[0]
            best = (0, corner, self._spread(edge_id, points, clear, rect, rect))
        _, corner, points = best
        self.loop_corner[edge_id] = (corner, around[corner])
        return points

    def _arrows_crossed(self, points: Sequence[Point]) -> int:
        """How many pieces of other arrows the route ``points`` crosses."""
        count = 0
        for p, q in pairwise(points):
            for other, j in self._segments.query(_bounds((p, q))):
                count += segments_cross(p, q, *self.routes[other][j : j + 2])
        return count

    def _text_rect(self, box_id: str) -> Rect:
        x, y, w, h = self._header_rect(box_id)
        return x, y, min(w, self.text_width.get(box_id, w)), h

    def _obstacles(self, source: str, target: str, area: Rect, margin: float, texts_only: bool = False) -> list[Rect]:
        """Rectangles (inflated by ``margin``) the arrow must not enter, near ``area``.

        Inside a container, its header band; with ``texts_only``, just the part its texts take.
        """
        ends = {source, target}
        keep = self._ancestors(source) | self._ancestors(target)
        out = []
        for key in self._near(_inflate(area, margin), keep, (source, target)):
            if key in keep:
                out.append(_inflate(self._text_rect(key) if texts_only else self._header_rect(key), margin))
            elif key not in ends:
                out.append(_inflate(self.rects[key], margin))
        out.extend(_inflate(self.labels.rects[key], 2.0) for key in self.labels.query(area))
        return out

    def _end_rect(self, box: str, other: str) -> tuple[Rect, bool]:
        """The rectangle an arrow leaves ``box`` from, and whether that is its header band."""
        if box in self._ancestors(other):
            return self._header_rect(box), True
        return self.rects[box], False

    def _valid(self, points: Sequence[Point], source: str, target: str, only: Sequence[int] | None = None) -> bool:
        """Whether the route starts and ends on its boxes' borders and crosses nothing it must avoid
        (looking only at the pieces numbered ``only`` when given: the others are known clear)."""
        src, _ = self._end_rect(source, target)
        dst, _ = self._end_rect(target, source)
        if not (_on_border(points[0], src) and _on_border(points[-1], dst)):
            return False
        if polyline_length(points) < 2 * HEAD:
            return False
        for p, q in pairwise(points) if only is None else ((points[k], points[k + 1]) for k in only):
            for rect in self._obstacles(source, target, _bounds((p, q)), 0.0, texts_only=True):
                if crosses(p, q, rect, 1.0):
                    return False
        return True

    def _off_texts(self, points: list[Point], source: str, target: str) -> list[Point] | None:
        """A curve through the title of a container it runs in, pushed right of the texts (None: no help)."""
        texts = [self._text_rect(k) for k in self._ancestors(source) | self._ancestors(target)]
        rects = [_inflate(r, self.margin / 2) for r in texts if any(crosses(p, q, r, 1.0) for p, q in pairwise(points))]
        slides = [(r[0] + self.margin, r[0] + r[2] - self.margin) if min(abs(p[1] - r[1]), abs(p[1] - r[1] - r[3])) < 1
                  else None for p, r in ((points[0], self._end_rect(source, target)[0]),
                                         (points[-1], self._end_rect(target, source)[0]))]  # fmt: skip
        moved = pushed_right(points, rects, slides) if rects else None
        return moved if moved and self._valid(moved, source, target) else None

    def _apart(self, edge_id: str, points: list[Point], source: str, target: str) -> list[Point]:
        """A drawn curve moved aside where it runs along another arrow (Graphviz aims every arrow
        into a box at the same spot, and draws arrows leaving a box the same way together); the
        router's path if that does not help."""
        shared = self._sharing(edge_id, points)
        if not shared:
            return points
        src, _ = self._end_rect(source, target)
        dst, _ = self._end_rect(target, source)
        for moved in apart_variants(points, src, dst):
            # The curve itself is clear: only the pieces that moved need a look.
            changed = [k for k in range(len(points) - 1) if moved[k] != points[k] or moved[k + 1] != points[k + 1]]
            if not shared.issubset(changed) or self._sharing(edge_id, moved, changed):
                continue
            if not self._valid(moved, source, target, changed):
                moved = self._off_texts(moved, source, target)
                if not moved or self._sharing(edge_id, moved):
                    continue
            return moved
        return self._find(edge_id, source, target)

    def _sharing(self, edge_id: str, points: Sequence[Point], only: Sequence[int] | None = None) -> set[int]:
        """The pieces of the route (of those numbered ``only``) that run along another arrow's."""
        out = set()
        for k in range(len(points) - 1) if only is None else only:
            p, q = points[k], points[k + 1]
            for other, j in self._segments.query(_inflate(_bounds((p, q)), 1.0)):
                if other != edge_id and collinear_overlap(p, q, *self.routes[other][j : j + 2]) > 1.0:
                    out.add(k)
                    break
        return out

    def _ports(self, rect: Rect, header: bool, margin: float) -> list[tuple[Point, Point, int]]:
        """``(point on the border, end of the first stretch, outward direction)`` per usable side."""
        x, y, w, h = rect
        cx, cy = x + w / 2, y + h / 2
        if header:  # under a container's header, into the container
            return [((cx, y + h), (cx, y + h + margin), _DOWN)]
        return [
            ((cx, y), (cx, y - margin), _UP),
            ((x + w, cy), (x + w + margin, cy), _RIGHT),
            ((cx, y + h), (cx, y + h + margin), _DOWN),
            ((x, cy), (x - margin, cy), _LEFT),
        ]

    def _find(self, edge_id: str, source: str, target: str, quick: bool = False) -> list[Point]:
        src, src_header = self._end_rect(source, target)
        dst, dst_header = self._end_rect(target, source)
        keep = self._ancestors(source) | self._ancestors(target)
        known: dict[tuple[Point, Point, float], bool] = {}  # the plain shapes share many stretches

        def clear(p: Point, q: Point, clearance: float = self.margin - 1) -> bool:
            answer = known.get((p, q, clearance))
            if answer is None:
                answer = known[p, q, clearance] = self._segment_clear(p, q, source, target, keep, clearance)
            return answer

        margin = self.margin
        starts = self._ports(src, src_header, margin)
        goals = [(p, q, (d + 2) % 4) for p, q, d in self._ports(dst, dst_header, margin)]
        ends = (_inflate(src, margin - 1), _inflate(dst, margin - 1))
        # Most arrows of a laid-out diagram take one of the plain shapes (straight, one or two
        # bends); the grid search runs only for the others, first with the full clearance, then
        # closer to the boxes (boxes placed by hand may leave narrow gaps).
        plain = sorted(_plain_paths(starts, goals))
        area = _bounds([src[:2], (src[0] + src[2], src[1] + src[3]), dst[:2], (dst[0] + dst[2], dst[1] + dst[3])])
        for margin in (self.margin, 3.0):
            for _, path in plain:
                inner = list(pairwise(path[1:-1]))
                if any(crosses(p, q, r, 0.0) for p, q in inner for r in ends):
                    continue
                if all(clear(p, q, margin - 1) for p, q in pairwise(path)):
                    return self._spread(edge_id, path, clear, src, dst)
            # Around the ends, wider, then around the containers whose headers may stand in the way.
            held = [self.rects[k] for k in keep]
            steps = [min(ROUTE_STEPS, self.search_steps)]
            for grow in () if quick or steps[0] <= 0 else (64.0, 320.0, None):
                if grow is None:
                    if not held:
                        break
                    corners = [pt for r in (area, *held) for pt in (r[:2], (r[0] + r[2], r[1] + r[3]))]
                    region = _inflate(_bounds(corners), 64.0)
                else:
                    region = _inflate(area, grow)
                if region[2] * region[3] > self.search_limits[0]:
                    break
                obstacles = self._obstacles(source, target, region, margin)
                if len(obstacles) > self.search_limits[1]:
                    break
                obstacles.append(_inflate(src, margin))
                obstacles.append(_inflate(dst, margin))
                before = steps[0]
                path = _search(self._ports(src, src_header, margin),
                               [(p, q, (d + 2) % 4) for p, q, d in self._ports(dst, dst_header, margin)],
                               obstacles, region, steps)  # fmt: skip
                self.search_steps -= before - steps[0]
                if path is not None:
                    return self._spread(edge_id, path, clear, src, dst)
        # Too far through too many boxes to search (or boxed in): the plain shape that crosses least.
        return self._spread(edge_id, self._least_crossing(plain, clear), clear, src, dst)

    def _least_crossing(self, candidates, clear) -> list[Point]:
        best = None
        for cost, path in sorted(candidates)[:6]:
            blocked = sum(not clear(p, q) for p, q in pairwise(path))
            if best is None or (blocked, cost) < best[0]:
                best = ((blocked, cost), path)
        return best[1]

    def _segment_clear(self, p: Point, q: Point, source: str, target: str, keep: set[str], clearance: float) -> bool:
        """Whether ``p``-``q`` keeps ``clearance`` from every box and label it must avoid."""
        area = _inflate(_bounds((p, q)), clearance)
        for key in self._near(area, keep, (source, target)):
            if key == source or key == target:
                continue
            rect = self._header_rect(key) if key in keep else self.rects[key]
            if crosses(p, q, _inflate(rect, clearance), 0.0):
                return False
        return not any(crosses(p, q, _inflate(self.labels.rects[key], 2.0), 0.0) for key in self.labels.query(area))

    def _spread(self, edge_id: str, points: list[Point], clear, src: Rect, dst: Rect) -> list[Point]:
        """Move segments running along another arrow's ``SPACING`` aside (when there is room)."""
        points = [list(p) for p in points]
        last = len(points) - 2
        # Twice: moving one segment lengthens its neighbours, which may then meet another arrow.
        for k in [*range(last + 1), *range(last + 1)]:
            (x0, y0), (x1, y1) = points[k], points[k + 1]
            vertical = abs(x0 - x1) < _EPS
            # The other arrows' segments on this line and the lines it may move to, fetched once.
            nearby = self._nearby(edge_id, (x0, y0), (x1, y1), vertical)
            if not _shared(nearby, (x0, y0), (x1, y1), vertical):
                continue
            for off in _OFFSETS:
                a = (x0 + off, y0) if vertical else (x0, y0 + off)
                b = (x1 + off, y1) if vertical else (x1, y1 + off)
                if _shared(nearby, a, b, vertical):
                    continue
                if k == 0 and not _on_border(a, src, 0.5):
                    continue
                if k == last and not _on_border(b, dst, 0.5):
                    continue
                moved = [points[k - 1][:] if k > 0 else None, list(a), list(b), points[k + 2][:] if k < last else None]
                if not all(clear(tuple(p), tuple(q), 2.0) for p, q in _pairs(moved, k, last)):
                    continue
                points[k], points[k + 1] = list(a), list(b)
                break
        return _simplify([(p[0], p[1]) for p in points])

    def _nearby(self, edge_id: str, p: Point, q: Point, vertical: bool) -> list[tuple[Point, Point]]:
        """Other arrows' segments parallel to ``p``-``q`` within reach of its moves."""
        reach = max(abs(o) for o in _OFFSETS) + SPACING
        out = []
        for other, k in self._lines[vertical].query(_inflate(_bounds((p, q)), reach)):
            if other != edge_id:
                a, b = self.routes[other][k], self.routes[other][k + 1]
                # Nearly parallel counts too: the last piece of a flattened Graphviz curve is rarely exact.
                if (abs(a[0] - b[0]) < 1.0) if vertical else (abs(a[1] - b[1]) < 1.0):
                    out.append((a, b))
        return out
