"""Curved routes: Graphviz's splines bent clear of a container's title, and orthogonal routes with round bends.

After a ``dot`` layout most arrows keep Graphviz's own curve; the few that the router must
replace would otherwise be the only square ones in the picture. These helpers keep one style:
a curve that runs through the texts of a container's header is pushed to the right of them
(smoothly, its ends staying put), and a route the router found gets its corners rounded.

Pure arithmetic on points and rectangles ``(x, y, width, height)`` (y downwards); no Qt.

Examples
--------
>>> rounded([(0.0, 0.0), (0.0, 100.0), (100.0, 100.0)], 20.0)[:3]
[(0.0, 0.0), (0.0, 80.0), (1.25, 88.75)]
>>> is_curved([(0, 0), (0, 10), (5, 10)]), is_curved([(0, 0), (3, 4)])
(False, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from diagrammer.layout.route_search import SPACING, _along_border

Rect = tuple[float, float, float, float]
Point = tuple[float, float]

RADIUS = 24.0  # of a rounded bend
STEP = 8.0  # longest piece of a curve that is bent aside
FALLOFF = 90.0  # how far along the curve a push aside fades out
_BEND_PIECES = 4


def is_curved(points: Sequence[Point]) -> bool:
    """Whether some piece of the polyline is neither horizontal nor vertical (a flattened curve)."""
    return any(abs(p[0] - q[0]) > 0.5 and abs(p[1] - q[1]) > 0.5 for p, q in pairwise(points))


def rounded(points: Sequence[Point], radius: float = RADIUS) -> list[Point]:
    """The polyline with each bend replaced by a quadratic curve (at most ``radius`` from the corner,
    and at most half of each of its two pieces, so consecutive bends never overlap)."""
    points = [(float(x), float(y)) for x, y in points]
    if len(points) < 3:
        return points
    out = [points[0]]
    for a, b, c in zip(points, points[1:], points[2:], strict=False):
        ab, bc = math.dist(a, b), math.dist(b, c)
        r = min(radius, ab / 2, bc / 2)
        if r < 1.0:
            out.append(b)
            continue
        start = (b[0] + (a[0] - b[0]) * r / ab, b[1] + (a[1] - b[1]) * r / ab)
        end = (b[0] + (c[0] - b[0]) * r / bc, b[1] + (c[1] - b[1]) * r / bc)
        out.append(start)
        for k in range(1, _BEND_PIECES):
            t = k / _BEND_PIECES
            u = 1 - t
            out.append((u * u * start[0] + 2 * u * t * b[0] + t * t * end[0],
                        u * u * start[1] + 2 * u * t * b[1] + t * t * end[1]))  # fmt: skip
        out.append(end)
    out.append(points[-1])
    return out


def _resampled(points: Sequence[Point], step: float, near: Sequence[Rect], reach: float) -> list[Point]:
    """The polyline with pieces of at most ``step`` where it comes within ``reach`` of one of ``near``."""
    out = [points[0]]
    for p, q in pairwise(points):
        pieces = 1
        if any(min(p[0], q[0]) - reach < x + w and x < max(p[0], q[0]) + reach
               and min(p[1], q[1]) - reach < y + h and y < max(p[1], q[1]) + reach for x, y, w, h in near):  # fmt: skip
            pieces = max(1, math.ceil(math.dist(p, q) / step))
        out.extend((p[0] + (q[0] - p[0]) * k / pieces, p[1] + (q[1] - p[1]) * k / pieces) for k in range(1, pieces + 1))
    return out


def _lengths(points: Sequence[Point]) -> list[float]:
    """How far along the polyline each point lies."""
    along = [0.0]
    for p, q in pairwise(points):
        along.append(along[-1] + math.dist(p, q))
    return along


def pushed_right(points: Sequence[Point], rects: Sequence[Rect], slides: Sequence[tuple[float, float] | None] = (),
                 falloff: float = FALLOFF) -> list[Point]:
    """The curve moved right where it runs through one of ``rects`` (a header's texts, with room
    around them), the push fading out along the curve so it stays smooth. Its ends do not move,
    except along the span ``slides[0]`` (the start) or ``slides[1]`` (the end) of x where given:
    an end on the top or bottom of a box may slide along it.

    >>> curve = pushed_right([(0.0, 0.0), (0.0, 100.0)], [(-20.0, 40.0, 40.0, 20.0)])
    >>> max(x for x, _ in curve), curve[0], curve[-1]
    (20.0, (0.0, 0.0), (0.0, 100.0))
    """
    fine = _resampled(points, STEP, rects, 2 * falloff)
    along = _lengths(fine)
    last = len(fine) - 1
    moved = False
    for _ in range(8):  # a push may carry a neighbouring point into a text: push again
        need: dict[int, float] = {}  # point -> the x it must reach
        for x0, y0, w, h in rects:
            for i, (x, y) in enumerate(fine):
                if 0 < i < last and x0 < x < x0 + w and y0 < y < y0 + h:
                    need[i] = max(need.get(i, x), x0 + w)
        if not need:
            break
        moved = True
        # Each push fades along the curve, and takes no point further right than where it pushes to.
        shifts = [0.0] * (last + 1)
        for k, right in need.items():
            d = right - fine[k][0]
            for step in (-1, 1):
                i = k
                while 0 <= i <= last and abs(along[i] - along[k]) < falloff:
                    push = min(d * (1 - abs(along[i] - along[k]) / falloff), right - fine[i][0])
                    shifts[i] = max(shifts[i], push)
                    i += step
        first_push, last_push = min(need), max(need)
        for end, span, between in ((0, slides[0] if slides else None, range(first_push)),
                                   (last, slides[1] if len(slides) > 1 else None, range(last_push + 1, last + 1))):
            # An end that slides goes as far as the push near it, and so does the curve up to it: no hook.
            x = fine[end][0]
            clear = max((x0 + w for x0, _, w, _ in rects if x0 < x < x0 + w), default=x)
            if span is None or min(abs(along[end] - along[first_push]), abs(along[end] - along[last_push])) >= falloff:
                shifts[end] = 0.0
                continue
            wanted = min(max(clear, span[0]), span[1]) - x
            for i in between:
                shifts[i] = max(shifts[i], wanted)
            shifts[end] = wanted
        fine = [(x + shift, y) for (x, y), shift in zip(fine, shifts, strict=True)]
    if not moved:
        return list(points)
    return [(round(x, 1), round(y, 1)) for x, y in fine]


BEND_SPAN = 150.0  # how far from its end a curve is bent aside


def apart_variants(points: Sequence[Point], src: Rect, dst: Rect):
    """Curves to try instead of one that runs along another arrow: bent ``SPACING`` (or two or three)
    aside near one end or both (over :data:`BEND_SPAN` at most), along the border it meets; then
    moved aside all along, parallel to itself, except at its ends.
    """
    along = _lengths(points)
    total = along[-1]
    span = max(min(total / 2, BEND_SPAN), 1.0)
    start_dir, end_dir = _along_border(points[0], src), _along_border(points[-1], dst)
    offsets = (SPACING, -SPACING, 2 * SPACING, -2 * SPACING, 3 * SPACING, -3 * SPACING)
    for offset in offsets:
        for at_start, at_end in ((False, True), (True, False), (True, True)):
            moved = []
            for (x, y), s in zip(points, along, strict=True):
                weight = max(at_end * (1 - (total - s) / span), at_start * (1 - s / span), 0.0)
                dx, dy = start_dir if s < total / 2 else end_dir
                moved.append((x + dx * offset * weight, y + dy * offset * weight) if weight else (x, y))
            yield moved
    for offset in offsets:
        yield parallel(points, offset)


def parallel(points: Sequence[Point], offset: float, ramp: float = 4 * SPACING) -> list[Point]:
    """The polyline moved ``offset`` sideways (negative: to the other side), the move growing over ``ramp``
    from each end, which stays put.

    >>> parallel([(0.0, 0.0), (0.0, 50.0), (0.0, 100.0)], 6.0, ramp=10.0)
    [(0.0, 0.0), (-6.0, 50.0), (0.0, 100.0)]
    """
    along = _lengths(points)
    total = along[-1]
    out = []
    for i, (x, y) in enumerate(points):
        before, after = points[max(i - 1, 0)], points[min(i + 1, len(points) - 1)]
        dx, dy = after[0] - before[0], after[1] - before[1]
        length = math.hypot(dx, dy)
        weight = min(1.0, along[i] / ramp, (total - along[i]) / ramp) if length > 0 else 0.0
        nx, ny = (dy / length, -dx / length) if length > 0 else (0.0, 0.0)
        out.append((round(x - nx * offset * weight, 1), round(y - ny * offset * weight, 1)))
    return out
