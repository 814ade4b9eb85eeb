"""The obstacle index: rectangles by key in square buckets, so routing looks only at what lies near an arrow."""

from __future__ import annotations

import math

Rect = tuple[float, float, float, float]

CELL = 160.0  # bucket size of the indexes
MAX_CELLS = 48  # buckets a thin rectangle may cover on its level
FEW = 24  # up to this many rectangles, a query looks at each


def _within(inner: Rect, outer: Rect) -> bool:
    """Whether ``inner`` lies inside ``outer`` and is smaller (so filing boxes by it makes no cycle).

    >>> _within((1, 1, 5, 5), (0, 0, 10, 10)), _within((0, 0, 10, 10), (0, 0, 10, 10))
    (True, False)
    """
    inside = (outer[0] <= inner[0] and outer[1] <= inner[1] and inner[0] + inner[2] <= outer[0] + outer[2]
              and inner[1] + inner[3] <= outer[1] + outer[3])  # fmt: skip
    return inside and inner[2] * inner[3] < outer[2] * outer[3]


class BucketIndex:
    """Rectangles by key in square buckets: which keys may meet a rectangle, in time of its area.

    Buckets come in levels, each eight times coarser than the last; a rectangle is filed on the
    first level where its longer side spans at most about three buckets, so that a container
    around the whole diagram costs as little as a box; a thin one (a stretch of an arrow) stays on
    the finest level that holds it in :data:`MAX_CELLS` buckets (a coarse bucket would gather
    every long stretch of its region).
    """

    def __init__(self, cell: float = CELL) -> None:
        self.cell = cell
        self.rects: dict = {}
        self._level: dict = {}
        self._buckets: list[dict[tuple[int, int], set]] = []

    def _span(self, rect: Rect, level: int) -> tuple[int, int, int, int]:
        x, y, w, h = rect
        c = self.cell * 8**level
        return math.floor(x / c), math.floor((x + w) / c), math.floor(y / c), math.floor((y + h) / c)

    def set(self, key, rect: Rect) -> None:
        if key in self.rects:
            self.remove(key)
        self.rects[key] = rect
        # A thin rectangle (a stretch of an arrow) stays fine while it covers few buckets; any other
        # goes up until its longer side spans at most about three.
        thin, longer = min(rect[2], rect[3]) <= self.cell, max(rect[2], rect[3])
        level = 0
        while True:
            i0, i1, j0, j1 = self._span(rect, level)
            if (i1 - i0 + 1) * (j1 - j0 + 1) <= MAX_CELLS if thin else longer <= 3 * self.cell * 8**level:
                break
            level += 1
        while len(self._buckets) <= level:
            self._buckets.append({})
        self._level[key] = level
        buckets = self._buckets[level]
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                bucket = buckets.get((i, j))
                if bucket is None:
                    buckets[i, j] = {key}
                else:
                    bucket.add(key)

    def remove(self, key) -> None:
        rect = self.rects.pop(key, None)
        if rect is None:
            return
        level = self._level.pop(key)
        buckets = self._buckets[level]
        i0, i1, j0, j1 = self._span(rect, level)
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                bucket = buckets.get((i, j))
                if bucket is not None:
                    bucket.discard(key)
                    if not bucket:
                        del buckets[i, j]

    def query(self, rect: Rect) -> list:
        """Keys whose rectangle meets ``rect`` (borders touching count), each once."""
        x, y, w, h = rect
        x1, y1 = x + w, y + h
        rects = self.rects
        if len(rects) > FEW:
            found: set = set()
            cell = self.cell
            for buckets in self._buckets:
                if buckets:
                    i0, i1, j0, j1 = int(x // cell), int(x1 // cell), int(y // cell), int(y1 // cell)
                    if i0 == i1 and j0 == j1:
                        bucket = buckets.get((i0, j0))
                        if bucket:
                            found |= bucket
                    elif (i1 - i0 + 1) * (j1 - j0 + 1) > len(buckets):
                        for (i, j), bucket in buckets.items():
                            if i0 <= i <= i1 and j0 <= j <= j1:
                                found |= bucket
                    else:
                        for i in range(i0, i1 + 1):
                            for j in range(j0, j1 + 1):
                                bucket = buckets.get((i, j))
                                if bucket:
                                    found |= bucket
                cell *= 8
            items = [(key, rects[key]) for key in found]
        else:
            items = rects.items()
        return [key for key, (kx, ky, kw, kh) in items if kx <= x1 and x <= kx + kw and ky <= y1 and y <= ky + kh]
