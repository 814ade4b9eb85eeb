"""The obstacle index: rectangles by key in square buckets, so routing looks only at what lies near an arrow."""

from __future__ import annotations

import math

Rect = tuple[float, float, float, float]

CELL = 160.0  # bucket size of the indexes


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
