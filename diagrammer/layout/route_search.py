"""Route geometry and path search: segment and rectangle tests, plain shapes, and the grid search around obstacles."""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import pairwise

Rect = tuple[float, float, float, float]
Point = tuple[float, float]

SPACING = 6.0  # between two arrows running side by side
BEND = 30.0  # a bend costs as much as this many pixels of length
HEAD = 11.0  # length of an arrow head (as drawn by the editor)
_EPS = 1e-6
_UP, _RIGHT, _DOWN, _LEFT = 0, 1, 2, 3
_STEP = ((0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0))


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


def segments_cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    """Whether segments ``p``-``q`` and ``r``-``s`` cross at a point inside both (touching ends do not).

    >>> segments_cross((0, 5), (10, 5), (5, 0), (5, 10)), segments_cross((0, 5), (4, 5), (5, 0), (5, 10))
    (True, False)
    """
    def side(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    return (side(p, q, r) * side(p, q, s) < -_EPS) and (side(r, s, p) * side(r, s, q) < -_EPS)


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
                # A U-turn is looked for before simplifying, which would hide one that doubles back
                # over the first stretch (leaving a side, then running along it).
                if _turns_back(_distinct([p, p1, *middle, q1, q])):
                    continue
                path = _simplify([p, p1, *middle, q1, q])
                if len(path) < 2 or polyline_length(path) < 2 * HEAD:
                    continue
                out.append((polyline_length(path) + BEND * (len(path) - 2), path))
    return out


CORNERS = ((1, -1), (-1, -1), (1, 1), (-1, 1))  # top right, top left, bottom right, bottom left


def loop_shapes(rect: Rect, first: float, around: Sequence[int] = (0, 0, 0, 0)) -> list[tuple[int, list[Point]]]:
    """Loops of an arrow from a box to itself, ``(corner, points)`` (top right first): ``first`` out
    from the box (and tighter ones after), starting and ending a third of a side (at most ``2 * first``)
    from the corner. Round ``around[corner]`` loops already there, ``SPACING`` further out and
    ``2 * SPACING`` further along per loop, so that it goes round them and its head (8.6 px wide) lands
    clear of theirs; a corner whose sides are too short for that has none."""
    x, y, w, h = rect
    loops = []
    # Tighter loops only where a full-size one finds no clear corner (boxes packed close together).
    for tighter in (1, 2, 3):
        for corner, (sx, sy) in enumerate(CORNERS):
            k = around[corner]
            m = (first + k * SPACING) / tighter
            down, across = min(h / 3, 2 * first) + 2 * k * SPACING, min(w / 3, 2 * first) + 2 * k * SPACING
            if down >= h or across >= w:
                continue
            side = x + w if sx > 0 else x
            edge = y if sy < 0 else y + h
            cy = edge - sy * down
            cx = side - sx * across
            loops.append((corner, [(side, cy), (side + sx * m, cy), (side + sx * m, edge + sy * m),
                                   (cx, edge + sy * m), (cx, edge)]))  # fmt: skip
    return loops


def _turns_back(path: list[Point]) -> bool:
    """Whether the path reverses on itself (a U-turn of zero width)."""
    for a, b, c in zip(path, path[1:], path[2:], strict=False):
        if (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) < -_EPS:
            return True
    return False


def _distinct(points: list[Point]) -> list[Point]:
    """The points without repeats of the one before."""
    return [p for k, p in enumerate(points) if k == 0 or abs(points[k - 1][0] - p[0]) >= _EPS
            or abs(points[k - 1][1] - p[1]) >= _EPS]


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


def _search(starts, goals, obstacles: list[Rect], region: Rect, steps: list[int] | None = None) -> list[Point] | None:
    """Cheapest orthogonal path (length plus ``BEND`` per bend) on the grid of obstacle borders.

    ``starts``: ``(border point, first stretch end, outward direction)``; ``goals``: ``(border
    point, last stretch start, inward direction)``. Only what lies inside ``region`` is searched.
    ``steps``: ``[how many grid points the search may still visit]``, counted down; None when
    that runs out.
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
    gx0, gy0, gw, gh = _bounds([g[1] for g in goals])
    gx1, gy1 = gx0 + gw, gy0 + gh

    def estimate(x: float, y: float) -> float:
        """A lower bound of the cost still to pay: the distance to the goals' bounds, and a bend
        when no goal lies straight ahead on a grid line through the point."""
        dx = gx0 - x if x < gx0 else x - gx1 if x > gx1 else 0.0
        dy = gy0 - y if y < gy0 else y - gy1 if y > gy1 else 0.0
        return dx + dy + (BEND if dx and dy else 0.0)

    # A state is ``node * 4 + direction`` (the way the path came in); -1 - k is goal k reached.
    heap: list = []
    best: dict[int, float] = {}
    came: dict[int, int | Point] = {}  # state -> the state before, or the border point it starts from
    for start in starts:
        sx, sy = start[1]
        if sx not in index_x or sy not in index_y:
            continue
        node = index_x[sx] * ny + index_y[sy]
        if node in blocked_node:
            continue
        state = node * 4 + start[2]
        cost = math.dist(start[0], start[1])
        if cost < best.get(state, math.inf):
            best[state] = cost
            came[state] = start[0]
            heapq.heappush(heap, (cost + estimate(sx, sy), -cost, state))
    left = math.inf if steps is None else steps[0]
    goal_list = list(goals)
    # The three ways on from each direction (straight on first), and how a step moves on the grid.
    turns = [(d, (d + 1) % 4, (d + 3) % 4) for d in range(4)]
    while heap:
        left -= 1
        if left < 0:
            break
        _, minus, state = heapq.heappop(heap)
        cost = -minus
        if state < 0:  # a finished path
            if steps is not None:
                steps[0] = left
            return _unwind(came, state, goal_list[-1 - state][0], xs, ys, ny)
        if cost > best.get(state, math.inf):
            continue
        node, direction = divmod(state, 4)
        i, j = divmod(node, ny)
        for goal in goal_at.get(node, ()):
            final = cost + (BEND if goal[2] != direction else 0.0) + math.dist(goal[0], goal[1])
            end_state = -1 - goal_list.index(goal)
            if final < best.get(end_state, math.inf):
                best[end_state] = final
                came[end_state] = state
                heapq.heappush(heap, (final, -final, end_state))
        x, y = xs[i], ys[j]
        for step in turns[direction]:
            if step == _UP:
                if j == 0 or node - 1 in blocked_v:
                    continue
                nxt = node - 1
                nx_, ny_ = x, ys[j - 1]
            elif step == _DOWN:
                if j == ny - 1 or node in blocked_v:
                    continue
                nxt = node + 1
                nx_, ny_ = x, ys[j + 1]
            elif step == _LEFT:
                if i == 0 or node - ny in blocked_h:
                    continue
                nxt = node - ny
                nx_, ny_ = xs[i - 1], y
            else:
                if i == nx - 1 or node in blocked_h:
                    continue
                nxt = node + ny
                nx_, ny_ = xs[i + 1], y
            if nxt in blocked_node:
                continue
            new_cost = cost + abs(nx_ - x) + abs(ny_ - y) + (BEND if step != direction else 0.0)
            new_state = nxt * 4 + step
            if new_cost < best.get(new_state, math.inf) - _EPS:
                best[new_state] = new_cost
                came[new_state] = state
                heapq.heappush(heap, (new_cost + estimate(nx_, ny_), -new_cost, new_state))
    if steps is not None:
        steps[0] = max(left, 0)
    return None


def _unwind(came: dict, end_state: int, last: Point, xs, ys, ny: int) -> list[Point]:
    points = [last]
    state = came[end_state]
    while True:
        i, j = divmod(state // 4, ny)
        points.append((xs[i], ys[j]))
        before = came[state]
        if isinstance(before, tuple):
            points.append(before)
            break
        state = before
    points.reverse()
    return _simplify(points)
