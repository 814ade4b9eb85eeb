"""Arrow routing: orthogonal paths around boxes, apart from each other, with room for their labels.

Pure arithmetic on scene rectangles ``(x, y, width, height)`` (y downwards); no Qt. A
:class:`Router` holds the boxes (with their containers and header bands) and the routes made so
far, each in a bucket index, so that routing one arrow looks only at what lies near it: dragging
one box re-routes its own arrows without touching the others.

What a route avoids:

- every box that is not one of its ends nor a container of one of them (``margin`` away);
- the header band (name, kinds, goal, badges) of the containers it runs inside;
- the labels of other arrows;
- the stretches of other arrows: a segment that would run along another arrow's is moved
  ``SPACING`` aside, so A->B and B->A are two arrows.

An arrow leaves its source and enters its target through the middle of a side, with a first and
last stretch at least ``margin`` long, so even between adjacent boxes more than the head shows.
An arrow between a container and one of its parts starts (or ends) under the container's header.

Examples
--------
>>> router = Router()
>>> router.set_box("a", (0, 0, 100, 50))
>>> router.set_box("b", (0, 200, 100, 50))
>>> router.set_box("wall", (-100, 100, 300, 40))
>>> points = router.route("e", "a", "b")
>>> points
[(100.0, 25.0), (212.0, 25.0), (212.0, 225.0), (100.0, 225.0)]
>>> any(crosses(p, q, (-100, 100, 300, 40)) for p, q in pairwise(points))
False
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import pairwise

Rect = tuple[float, float, float, float]
Point = tuple[float, float]

MARGIN = 12.0  # clearance between an arrow and the boxes it passes; also the first and last stretch
SPACING = 6.0  # between two arrows running side by side
BEND = 30.0  # a bend costs as much as this many pixels of length
HEAD = 11.0  # length of an arrow head (as drawn by the editor)
CELL = 160.0  # bucket size of the indexes
LABEL_HEIGHT = 18.0
# The grid search is quadratic in the boxes it looks at: beyond these, a plain shape is used.
MAX_SEARCH_AREA = 1500.0 * 1500.0
MAX_OBSTACLES = 80
_EPS = 1e-6
# Where a segment running along another arrow's is moved: whole spacings first, half ones in a crowd.
_OFFSETS = tuple(f * SPACING for f in (1, -1, 2, -2, 3, -3, 4, -4, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 5, -5))
_UP, _RIGHT, _DOWN, _LEFT = 0, 1, 2, 3
_STEP = ((0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0))


class BucketIndex:
    """Rectangles by key in square buckets: which keys may meet a rectangle, in time of its area.

    Buckets come in levels, each eight times coarser than the last; a rectangle is filed on the
    first level where it covers at most a few buckets, so that a container around the whole
    diagram costs as little as a box.
    """

    def __init__(self, cell: float = CELL) -> None:
        self.cell = cell
        self.rects: dict = {}
        self._level: dict = {}
        self._buckets: list[dict[tuple[int, int], set]] = []

    def _cells(self, rect: Rect, level: int):
        x, y, w, h = rect
        c = self.cell * 8**level
        for i in range(math.floor(x / c), math.floor((x + w) / c) + 1):
            for j in range(math.floor(y / c), math.floor((y + h) / c) + 1):
                yield i, j

    def set(self, key, rect: Rect) -> None:
        if key in self.rects:
            self.remove(key)
        self.rects[key] = rect
        level = 0
        while max(rect[2], rect[3]) > 3 * self.cell * 8**level:
            level += 1
        while len(self._buckets) <= level:
            self._buckets.append({})
        self._level[key] = level
        buckets = self._buckets[level]
        for cell in self._cells(rect, level):
            buckets.setdefault(cell, set()).add(key)

    def remove(self, key) -> None:
        rect = self.rects.pop(key, None)
        if rect is None:
            return
        level = self._level.pop(key)
        buckets = self._buckets[level]
        for cell in self._cells(rect, level):
            bucket = buckets.get(cell)
            if bucket is not None:
                bucket.discard(key)
                if not bucket:
                    del buckets[cell]

    def query(self, rect: Rect) -> set:
        """Keys whose rectangle meets ``rect`` (borders touching count)."""
        x, y, w, h = rect
        found: set = set()
        for level, buckets in enumerate(self._buckets):
            if buckets:
                for cell in self._cells(rect, level):
                    bucket = buckets.get(cell)
                    if bucket:
                        found.update(bucket)
        out = set()
        for key in found:
            kx, ky, kw, kh = self.rects[key]
            if kx <= x + w and x <= kx + kw and ky <= y + h and y <= ky + kh:
                out.add(key)
        return out


def crosses(p: Point, q: Point, rect: Rect, inset: float = 0.5) -> bool:
    """Whether the segment ``p``-``q`` passes through the inside of ``rect`` (shrunk by ``inset``).

    >>> crosses((0, 5), (20, 5), (5, 0, 5, 10)), crosses((0, 5), (4, 5), (5, 0, 5, 10))
    (True, False)
    """
    x0, y0 = rect[0] + inset, rect[1] + inset
    x1, y1 = rect[0] + rect[2] - inset, rect[1] + rect[3] - inset
    if x1 <= x0 or y1 <= y0:
        return False
    # Liang-Barsky clipping of the segment against the rectangle.
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if abs(edge_p) < _EPS:
            if edge_q <= 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            if t > t1:
                return False
            t0 = max(t0, t)
        else:
            if t < t0:
                return False
            t1 = min(t1, t)
    return t1 - t0 > _EPS


def _inflate(rect: Rect, by: float) -> Rect:
    return rect[0] - by, rect[1] - by, rect[2] + 2 * by, rect[3] + 2 * by


def _bounds(points: Iterable[Point]) -> Rect:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def polyline_length(points: Sequence[Point]) -> float:
    """Length of a polyline.

    >>> polyline_length([(0, 0), (3, 4), (3, 10)])
    11.0
    """
    return sum(math.hypot(q[0] - p[0], q[1] - p[1]) for p, q in pairwise(points))


def _on_border(point: Point, rect: Rect, tolerance: float = 1.5) -> bool:
    x, y = point
    rx, ry, rw, rh = rect
    inside = rx - tolerance <= x <= rx + rw + tolerance and ry - tolerance <= y <= ry + rh + tolerance
    near = min(abs(x - rx), abs(x - rx - rw), abs(y - ry), abs(y - ry - rh)) <= tolerance
    return inside and near


class Router:
    """Boxes and routed arrows; :meth:`route` finds (and remembers) one arrow's path."""

    def __init__(self, margin: float = MARGIN) -> None:
        self.margin = margin
        self.boxes = BucketIndex()
        self.parent: dict[str, str | None] = {}
        self.header: dict[str, float] = {}
        self.text_width: dict[str, float] = {}
        self.routes: dict[str, list[Point]] = {}
        self.ends: dict[str, tuple[str, str]] = {}
        self.labels = BucketIndex()
        self._segments = BucketIndex()  # (edge id, index) -> the segment's bounds

    # ----- boxes -------------------------------------------------------------------------------

    def set_box(self, box_id: str, rect: Rect, parent: str | None = None, header: float | None = None,
                text_width: float | None = None) -> None:
        """Add or move a box; ``header`` is the height of a container's header band (None: a leaf),
        whose texts take ``text_width`` from its left (None: all of it)."""
        rect = (float(rect[0]), float(rect[1]), float(rect[2]), float(rect[3]))
        self.boxes.set(box_id, rect)
        self.parent[box_id] = parent
        if header is None:
            self.header.pop(box_id, None)
        else:
            self.header[box_id] = min(header, rect[3])
        if text_width is None:
            self.text_width.pop(box_id, None)
        else:
            self.text_width[box_id] = text_width

    def remove_box(self, box_id: str) -> None:
        self.boxes.remove(box_id)
        self.parent.pop(box_id, None)
        self.header.pop(box_id, None)
        self.text_width.pop(box_id, None)

    def _ancestors(self, box_id: str) -> set[str]:
        out: set[str] = set()
        current = self.parent.get(box_id)
        while current is not None and current not in out:
            out.add(current)
            current = self.parent.get(current)
        return out

    def _header_rect(self, box_id: str) -> Rect:
        x, y, w, h = self.boxes.rects[box_id]
        return x, y, w, self.header.get(box_id, h)

    def crossing(self, box_id: str) -> list[str]:
        """Arrows (not ending at ``box_id``) that pass through it or through its header band."""
        rect = self.boxes.rects.get(box_id)
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
            self._segments.remove((edge_id, k))
        self.ends.pop(edge_id, None)
        self.labels.remove(edge_id)

    def route(self, edge_id: str, source: str, target: str, stored: Sequence[Point] | None = None,
              quick: bool = False) -> list[Point]:
        """The path of arrow ``edge_id`` from box ``source`` to box ``target``, border to border.

        ``stored`` (a route from the file or from Graphviz) is kept when it still starts on the
        source's border, ends on the target's and crosses nothing it must avoid. ``quick`` (while
        a box is dragged) tries only the plain shapes, taking the one that crosses least.
        """
        self.remove_edge(edge_id)
        if source not in self.boxes.rects or target not in self.boxes.rects:
            return []
        if source == target:
            keep = self._ancestors(source)

            def clear(p: Point, q: Point, clearance: float = self.margin - 1) -> bool:
                return self._segment_clear(p, q, source, target, keep, clearance)

            rect = self.boxes.rects[source]
            points = self._spread(edge_id, self._loop(source, clear), clear, rect, rect)
        elif stored is not None and len(stored) >= 2 and self._valid(stored, source, target):
            points = self._apart(edge_id, [(float(x), float(y)) for x, y in stored], source, target)
        else:
            points = self._find(edge_id, source, target, quick)
        self.routes[edge_id] = points
        self.ends[edge_id] = (source, target)
        for k, (p, q) in enumerate(pairwise(points)):
            self._segments.set((edge_id, k), _bounds((p, q)))
        return points

    def straight(self, source: str, target: str) -> list[Point]:
        """A straight arrow between the borders, aimed centre to centre (a stand-in until routed)."""
        if source not in self.boxes.rects or target not in self.boxes.rects or source == target:
            return []
        return _straight(self._end_rect(source, target)[0], self._end_rect(target, source)[0])

    def _loop(self, box: str, clear) -> list[Point]:
        """A small loop round a corner of the box: the top right one, else the first that is clear."""
        x, y, w, h = self.boxes.rects[box]
        # Each further loop on the box goes round the ones before it.
        k = sum(1 for s, t in self.ends.values() if s == t == box)
        full = self.margin + 4 + k * SPACING
        share = 1 / (k + 3)  # off the middles of the sides, where other arrows attach
        loops = []
        # Tighter loops only where a full-size one finds no clear corner (boxes packed close together).
        for m in (full, full / 2, full / 3):
            down, across = min(h * share, 2 * full), min(w * share, 2 * full)
            for sx, sy in ((1, -1), (-1, -1), (1, 1), (-1, 1)):
                side = x + w if sx > 0 else x
                edge = y if sy < 0 else y + h
                cy = edge - sy * down
                cx = side - sx * across
                loops.append([(side, cy), (side + sx * m, cy), (side + sx * m, edge + sy * m), (cx, edge + sy * m),
                              (cx, edge)])  # fmt: skip
        for points in loops:
            if all(clear(p, q, 1.0) for p, q in pairwise(points)):
                return points
        return loops[0]

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
        for key in self.boxes.query(_inflate(area, margin)):
            if key in keep:
                out.append(_inflate(self._text_rect(key) if texts_only else self._header_rect(key), margin))
            elif key not in ends:
                out.append(_inflate(self.boxes.rects[key], margin))
        out.extend(_inflate(self.labels.rects[key], 2.0) for key in self.labels.query(area))
        return out

    def _end_rect(self, box: str, other: str) -> tuple[Rect, bool]:
        """The rectangle an arrow leaves ``box`` from, and whether that is its header band."""
        if box in self._ancestors(other):
            return self._header_rect(box), True
        return self.boxes.rects[box], False

    def _valid(self, points: Sequence[Point], source: str, target: str) -> bool:
        src, _ = self._end_rect(source, target)
        dst, _ = self._end_rect(target, source)
        if not (_on_border(points[0], src) and _on_border(points[-1], dst)):
            return False
        if polyline_length(points) < 2 * HEAD:
            return False
        for p, q in pairwise(points):  # each piece against what lies near it: routes may be long
            for rect in self._obstacles(source, target, _bounds((p, q)), 0.0, texts_only=True):
                if crosses(p, q, rect, 1.0):
                    return False
        return True

    def _apart(self, edge_id: str, points: list[Point], source: str, target: str) -> list[Point]:
        """A drawn curve bent ``SPACING`` aside near an end it shares with another arrow (Graphviz
        aims every arrow into a box at the same spot); the router's path if that does not help."""
        if not self._shares(edge_id, points):
            return points
        src, _ = self._end_rect(source, target)
        dst, _ = self._end_rect(target, source)
        count = len(points) - 1
        for offset in (SPACING, -SPACING, 2 * SPACING, -2 * SPACING, 3 * SPACING, -3 * SPACING):
            for at_start, at_end in ((False, True), (True, False), (True, True)):
                moved = []
                for i, (x, y) in enumerate(points):
                    weight = max(at_end * (2 * i / count - 1), at_start * (1 - 2 * i / count), 0.0)
                    dx, dy = _along_border(points[0] if i < count / 2 else points[-1], src if i < count / 2 else dst)
                    moved.append((x + dx * offset * weight, y + dy * offset * weight))
                if not self._shares(edge_id, moved) and self._valid(moved, source, target):
                    return moved
        return self._find(edge_id, source, target)

    def _shares(self, edge_id: str, points: Sequence[Point]) -> bool:
        for p, q in pairwise(points):
            for other, k in self._segments.query(_inflate(_bounds((p, q)), 1.0)):
                if other != edge_id and collinear_overlap(p, q, *self.routes[other][k : k + 2]) > 1.0:
                    return True
        return False

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

        def clear(p: Point, q: Point, clearance: float = self.margin - 1) -> bool:
            return self._segment_clear(p, q, source, target, keep, clearance)

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
            held = [self.boxes.rects[k] for k in keep]
            for grow in () if quick else (64.0, 320.0, None):
                if grow is None:
                    if not held:
                        break
                    corners = [pt for r in (area, *held) for pt in (r[:2], (r[0] + r[2], r[1] + r[3]))]
                    region = _inflate(_bounds(corners), 64.0)
                else:
                    region = _inflate(area, grow)
                if region[2] * region[3] > MAX_SEARCH_AREA:
                    break
                obstacles = self._obstacles(source, target, region, margin)
                if len(obstacles) > MAX_OBSTACLES:
                    break
                obstacles.append(_inflate(src, margin))
                obstacles.append(_inflate(dst, margin))
                path = _search(self._ports(src, src_header, margin),
                               [(p, q, (d + 2) % 4) for p, q, d in self._ports(dst, dst_header, margin)],
                               obstacles, region)  # fmt: skip
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
        for key in self.boxes.query(area):
            if key == source or key == target:
                continue
            rect = self._header_rect(key) if key in keep else self.boxes.rects[key]
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
        for other, k in self._segments.query(_inflate(_bounds((p, q)), reach)):
            if other != edge_id:
                a, b = self.routes[other][k], self.routes[other][k + 1]
                # Nearly parallel counts too: the last piece of a flattened Graphviz curve is rarely exact.
                if (abs(a[0] - b[0]) < 1.0) if vertical else (abs(a[1] - b[1]) < 1.0):
                    out.append((a, b))
        return out

    # ----- labels ------------------------------------------------------------------------------

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
        for key in self.boxes.query(rect):
            box = self._header_rect(key) if key in keep else self.boxes.rects[key]
            if _overlap(box, rect):
                return False
        if any(key != edge_id for key in self.labels.query(_inflate(rect, 2.0))):
            return False
        for other, k in self._segments.query(rect):
            if other != edge_id and crosses(self.routes[other][k], self.routes[other][k + 1], rect, 0.0):
                return False
        return True


def collinear_overlap(p: Point, q: Point, r: Point, s: Point, tolerance: float = 0.5) -> float:
    """How long segments ``p``-``q`` and ``r``-``s`` run along each other (0 unless on one line).

    >>> collinear_overlap((0, 0), (10, 0), (4, 0), (20, 0.2)), collinear_overlap((0, 0), (10, 0), (4, 3), (20, 3))
    (6.0, 0.0)
    """
    return max(_along(p, q, r, s, tolerance), _along(r, s, p, q, tolerance))


def _along(p: Point, q: Point, r: Point, s: Point, tolerance: float) -> float:
    """How far ``r``-``s`` runs along ``p``-``q``, if both its ends lie on that segment's line."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy)
    if length < _EPS:
        return 0.0
    ux, uy = dx / length, dy / length
    for point in (r, s):
        if abs((point[0] - p[0]) * uy - (point[1] - p[1]) * ux) > tolerance:
            return 0.0
    t1 = (r[0] - p[0]) * ux + (r[1] - p[1]) * uy
    t2 = (s[0] - p[0]) * ux + (s[1] - p[1]) * uy
    return max(0.0, min(length, max(t1, t2)) - max(0.0, min(t1, t2)))


def _along_border(point: Point, rect: Rect) -> Point:
    """The direction along the side of ``rect`` that ``point`` lies on."""
    x, y = point
    rx, ry, rw, rh = rect
    if min(abs(y - ry), abs(y - ry - rh)) <= min(abs(x - rx), abs(x - rx - rw)):
        return 1.0, 0.0
    return 0.0, 1.0


def _shared(nearby, p: Sequence[float], q: Sequence[float], vertical: bool) -> bool:
    """Whether one of the ``nearby`` segments runs along ``p``-``q`` (within half a spacing, overlapping)."""
    half = SPACING / 2 - 0.01
    for a, b in nearby:
        if vertical:
            if abs(a[0] - p[0]) > half:
                continue
            lo, hi = max(min(a[1], b[1]), min(p[1], q[1])), min(max(a[1], b[1]), max(p[1], q[1]))
        else:
            if abs(a[1] - p[1]) > half:
                continue
            lo, hi = max(min(a[0], b[0]), min(p[0], q[0])), min(max(a[0], b[0]), max(p[0], q[0]))
        if hi - lo > 1.0:
            return True
    return False


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _pairs(moved, k: int, last: int):
    before, a, b, after = moved
    if before is not None:
        yield before, a
    yield a, b
    if after is not None:
        yield b, after


def _plain_paths(starts, goals) -> list[tuple[float, list[Point]]]:
    """Straight, one-bend and two-bend paths between every pair of sides, with their costs."""
    out = []
    for p, p1, d in starts:
        for q, q1, _ in goals:
            vertical = d in (_UP, _DOWN)
            middles = []
            if vertical:
                middles.append([(p1[0], (p1[1] + q1[1]) / 2), (q1[0], (p1[1] + q1[1]) / 2)])
                middles.append([(p1[0], q1[1])])
            else:
                middles.append([((p1[0] + q1[0]) / 2, p1[1]), ((p1[0] + q1[0]) / 2, q1[1])])
                middles.append([(q1[0], p1[1])])
            for middle in middles:
                path = _simplify([p, p1, *middle, q1, q])
                if len(path) < 2 or _turns_back(path) or polyline_length(path) < 2 * HEAD:
                    continue
                out.append((polyline_length(path) + BEND * (len(path) - 2), path))
    return out


def _turns_back(path: list[Point]) -> bool:
    """Whether the path reverses on itself (a U-turn of zero width)."""
    for a, b, c in zip(path, path[1:], path[2:], strict=False):
        if (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) < -_EPS:
            return True
    return False


def _simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and points in the middle of a straight stretch."""
    out: list[Point] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < _EPS and abs(out[-1][1] - p[1]) < _EPS:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (abs(a[0] - b[0]) < _EPS and abs(b[0] - p[0]) < _EPS) or (
                abs(a[1] - b[1]) < _EPS and abs(b[1] - p[1]) < _EPS
            ):
                out[-1] = p
                continue
        out.append(p)
    return out


def _straight(src: Rect, dst: Rect) -> list[Point]:
    """Centre to centre, clipped to both borders."""
    scx, scy = src[0] + src[2] / 2, src[1] + src[3] / 2
    tcx, tcy = dst[0] + dst[2] / 2, dst[1] + dst[3] / 2
    return [_clip(scx, scy, src[2] / 2, src[3] / 2, tcx, tcy), _clip(tcx, tcy, dst[2] / 2, dst[3] / 2, scx, scy)]


def _clip(cx: float, cy: float, hw: float, hh: float, ox: float, oy: float) -> Point:
    dx, dy = ox - cx, oy - cy
    if abs(dx) < _EPS and abs(dy) < _EPS:
        return cx, cy - hh
    scale = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return cx + dx * scale, cy + dy * scale


def _search(starts, goals, obstacles: list[Rect], region: Rect) -> list[Point] | None:
    """Cheapest orthogonal path (length plus ``BEND`` per bend) on the grid of obstacle borders.

    ``starts``: ``(border point, first stretch end, outward direction)``; ``goals``: ``(border
    point, last stretch start, inward direction)``. Only what lies inside ``region`` is searched.
    """
    rx0, ry0, rx1, ry1 = region[0], region[1], region[0] + region[2], region[1] + region[3]
    xs_set = {rx0, rx1}
    ys_set = {ry0, ry1}
    for x, y, w, h in obstacles:
        xs_set.update((x, x + w))
        ys_set.update((y, y + h))
    for _, (px, py), _ in (*starts, *goals):
        xs_set.add(px)
        ys_set.add(py)
    xs = sorted(v for v in xs_set if rx0 <= v <= rx1)
    ys = sorted(v for v in ys_set if ry0 <= v <= ry1)
    nx, ny = len(xs), len(ys)
    blocked_node: set[int] = set()
    blocked_h: set[int] = set()  # edge from (i, j) to (i + 1, j)
    blocked_v: set[int] = set()  # edge from (i, j) to (i, j + 1)
    for x, y, w, h in obstacles:
        # Grid lines on a border are free; nodes strictly inside, and steps into the inside, are not.
        cols = range(bisect_right(xs, x), bisect_left(xs, x + w))
        rows = range(bisect_right(ys, y), bisect_left(ys, y + h))
        h_steps = range(max(bisect_right(xs, x) - 1, 0), min(bisect_left(xs, x + w), nx - 1))
        v_steps = range(max(bisect_right(ys, y) - 1, 0), min(bisect_left(ys, y + h), ny - 1))
        for j in rows:
            blocked_h.update(i * ny + j for i in h_steps)
            blocked_node.update(i * ny + j for i in cols)
        for i in cols:
            blocked_v.update(i * ny + j for j in v_steps)
    index_x = {v: i for i, v in enumerate(xs)}
    index_y = {v: j for j, v in enumerate(ys)}
    goal_at: dict[int, list[tuple[Point, Point, int]]] = {}
    for goal in goals:
        gx, gy = goal[1]
        if gx in index_x and gy in index_y:
            node = index_x[gx] * ny + index_y[gy]
            if node not in blocked_node:
                goal_at.setdefault(node, []).append(goal)
    if not goal_at:
        return None
    goal_points = [g[1] for g in goals]

    def estimate(x: float, y: float) -> float:
        return min(abs(x - gx) + abs(y - gy) for gx, gy in goal_points)

    heap: list = []
    best: dict[tuple[int, int], float] = {}
    came: dict = {}
    counter = 0
    for start in starts:
        sx, sy = start[1]
        if sx not in index_x or sy not in index_y:
            continue
        node = index_x[sx] * ny + index_y[sy]
        if node in blocked_node:
            continue
        state = (node, start[2])
        cost = math.dist(start[0], start[1])
        if cost < best.get(state, math.inf):
            best[state] = cost
            came[state] = ("start", start[0])
            heapq.heappush(heap, (cost + estimate(sx, sy), counter, cost, state))
            counter += 1
    while heap:
        _, _, cost, state = heapq.heappop(heap)
        if state[0] == -1:  # a finished path
            return _unwind(came, state, xs, ys, ny)
        if cost > best.get(state, math.inf):
            continue
        node, direction = state
        i, j = divmod(node, ny)
        for goal in goal_at.get(node, ()):
            final = cost + (BEND if goal[2] != direction else 0.0) + math.dist(goal[0], goal[1])
            end_state = (-1, id(goal))
            if final < best.get(end_state, math.inf):
                best[end_state] = final
                came[end_state] = ("goal", state, goal[0])
                heapq.heappush(heap, (final, counter, final, end_state))
                counter += 1
        for step in (direction, (direction + 1) % 4, (direction + 3) % 4):
            if step == _UP:
                if j == 0 or (i * ny + j - 1) in blocked_v:
                    continue
                ni, nj = i, j - 1
            elif step == _DOWN:
                if j == ny - 1 or node in blocked_v:
                    continue
                ni, nj = i, j + 1
            elif step == _LEFT:
                if i == 0 or ((i - 1) * ny + j) in blocked_h:
                    continue
                ni, nj = i - 1, j
            else:
                if i == nx - 1 or node in blocked_h:
                    continue
                ni, nj = i + 1, j
            nxt = ni * ny + nj
            if nxt in blocked_node:
                continue
            new_cost = cost + abs(xs[ni] - xs[i]) + abs(ys[nj] - ys[j]) + (BEND if step != direction else 0.0)
            new_state = (nxt, step)
            if new_cost < best.get(new_state, math.inf) - _EPS:
                best[new_state] = new_cost
                came[new_state] = ("step", state)
                heapq.heappush(heap, (new_cost + estimate(xs[ni], ys[nj]), counter, new_cost, new_state))
                counter += 1
    return None


def _unwind(came: dict, end_state, xs, ys, ny: int) -> list[Point]:
    kind, state, last = came[end_state]
    points = [last]
    while True:
        node = state[0]
        i, j = divmod(node, ny)
        points.append((xs[i], ys[j]))
        entry = came[state]
        if entry[0] == "start":
            points.append(entry[1])
            break
        state = entry[1]
    points.reverse()
    return _simplify(points)
