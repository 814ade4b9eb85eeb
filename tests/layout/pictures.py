"""What a reader of the picture would notice, checked on plain rectangles and polylines.

A picture is the boxes as drawn (scene rectangles, each with its drawn container and its text
band), and the arrows as drawn (their polylines, ends and label rectangles). Used on layouts
without Qt and on the editor's scene items.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations, pairwise

from diagrammer.layout.routing import HEAD, collinear_overlap, crosses

Rect = tuple[float, float, float, float]
TOLERANCE = 0.5


@dataclass
class Arrow:
    points: list[tuple[float, float]]
    source: str
    target: str
    label: Rect | None = None


@dataclass
class Picture:
    boxes: dict[str, Rect] = field(default_factory=dict)
    parent: dict[str, str | None] = field(default_factory=dict)
    text: dict[str, Rect] = field(default_factory=dict)  # where each box draws its texts
    arrows: dict[str, Arrow] = field(default_factory=dict)

    def ancestors(self, nid: str) -> set[str]:
        out: set[str] = set()
        current = self.parent.get(nid)
        while current is not None and current not in out:
            out.add(current)
            current = self.parent.get(current)
        return out


def _inside(inner: Rect, outer: Rect) -> bool:
    return (inner[0] >= outer[0] - TOLERANCE and inner[1] >= outer[1] - TOLERANCE
            and inner[0] + inner[2] <= outer[0] + outer[2] + TOLERANCE
            and inner[1] + inner[3] <= outer[1] + outer[3] + TOLERANCE)  # fmt: skip


def _overlap(a: Rect, b: Rect) -> bool:
    return (a[0] < b[0] + b[2] - TOLERANCE and b[0] < a[0] + a[2] - TOLERANCE
            and a[1] < b[1] + b[3] - TOLERANCE and b[1] < a[1] + a[3] - TOLERANCE)  # fmt: skip


def box_overlaps(picture: Picture) -> list[tuple[str, str]]:
    """Pairs of boxes that meet although neither holds the other."""
    out = []
    items = sorted(picture.boxes.items(), key=lambda kv: kv[1][0])
    for i, (a, ra) in enumerate(items):
        for b, rb in items[i + 1:]:
            if rb[0] >= ra[0] + ra[2]:
                break
            if _overlap(ra, rb) and not (_inside(ra, rb) or _inside(rb, ra)):
                out.append((a, b))
    return out


def arrow_crossings(picture: Picture) -> list[tuple[str, str]]:
    """``(arrow, what it crosses)``: a box not its end nor holding one, a text, another arrow's label."""
    out = []
    for eid, arrow in picture.arrows.items():
        keep = picture.ancestors(arrow.source) | picture.ancestors(arrow.target)
        segments = list(pairwise(arrow.points))
        for nid, rect in picture.boxes.items():
            if nid in (arrow.source, arrow.target):
                continue
            area = picture.text[nid] if nid in keep else rect
            if any(crosses(p, q, area, 1.0) for p, q in segments):
                out.append((eid, nid))
        for end in {arrow.source, arrow.target}:
            # Its own ends' texts: only an arrow between a container and its part runs inside one.
            if end in keep and any(crosses(p, q, picture.text[end], 1.0) for p, q in segments):
                out.append((eid, f"text of {end}"))
        for other, other_arrow in picture.arrows.items():
            if other != eid and other_arrow.label is not None:
                if any(crosses(p, q, other_arrow.label, 1.0) for p, q in segments):
                    out.append((eid, f"label of {other}"))
    return out


def misplaced_labels(picture: Picture) -> list[tuple[str, str]]:
    """``(arrow, what its label lies on)``: a box (of a box holding one of its ends, the texts or
    the border), or another arrow's label."""
    out = []
    labelled = [(eid, arrow) for eid, arrow in picture.arrows.items() if arrow.label is not None]
    for eid, arrow in labelled:
        keep = picture.ancestors(arrow.source) | picture.ancestors(arrow.target)
        for nid, rect in picture.boxes.items():
            if _overlap(arrow.label, picture.text[nid] if nid in keep else rect):
                out.append((eid, nid))
            elif nid in keep and _overlap(arrow.label, rect) and not _inside(arrow.label, rect):
                out.append((eid, f"border of {nid}"))
        out.extend((eid, f"label of {other}") for other, o in labelled
                   if other != eid and _overlap(arrow.label, o.label))
    return out


def shared_stretches(picture: Picture) -> list[tuple[str, str]]:
    """Pairs of arrows that run along each other (collinear and overlapping by more than a pixel)."""
    segments = []
    for eid, arrow in picture.arrows.items():
        segments.extend((eid, p, q) for p, q in pairwise(arrow.points))
    out = set()
    for (a, p, q), (b, r, s) in combinations(segments, 2):
        if a == b:
            continue
        if collinear_overlap(p, q, r, s) > 1.0:
            out.add(tuple(sorted((a, b))))
    return sorted(out)


def short_arrows(picture: Picture) -> list[str]:
    """Arrows whose drawn length is no longer than their head."""
    return [eid for eid, arrow in picture.arrows.items()
            if sum(math.dist(p, q) for p, q in pairwise(arrow.points)) <= HEAD]  # fmt: skip


def problems(picture: Picture) -> dict[str, list]:
    """Everything wrong with the picture; empty lists when it is clean."""
    return {
        "overlapping boxes": box_overlaps(picture),
        "arrows crossing": arrow_crossings(picture),
        "shared stretches": shared_stretches(picture),
        "labels on boxes or texts": misplaced_labels(picture),
        "arrows shorter than their head": short_arrows(picture),
    }


def assert_clean(picture: Picture) -> None:
    found = {k: v for k, v in problems(picture).items() if v}
    assert not found, found
