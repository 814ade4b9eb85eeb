"""Arrows Graphviz drew as curves stay curves: bent clear of titles, moved apart, or re-routed with round bends."""

from __future__ import annotations

from itertools import pairwise

from diagrammer.layout.curves import is_curved, parallel, pushed_right, rounded
from diagrammer.layout.routing import HEAD, Router, collinear_overlap, crosses, polyline_length

CONTAINER = (200.0, 200.0, 300.0, 200.0)  # its header band is 72 high, its texts 90 wide
TITLE = (200.0, 200.0, 90.0, 72.0)
PART = (240.0, 290.0, 180.0, 84.0)
SOURCE = (0.0, 0.0, 180.0, 84.0)


def _router() -> Router:
    router = Router()
    router.set_box("source", SOURCE)
    router.set_box("container", CONTAINER, header=72.0, text_width=90.0)
    router.set_box("part", PART, parent="container")
    return router


def _curve(p, q, pieces: int = 12) -> list[tuple[float, float]]:
    """A bowed curve from ``p`` to ``q``, as Graphviz's flattened splines come."""
    return [(p[0] + (q[0] - p[0]) * t - 40 * t * (1 - t), p[1] + (q[1] - p[1]) * t)
            for t in (k / pieces for k in range(pieces + 1))]  # fmt: skip


def _on_border(point, rect) -> bool:
    x, y = point
    rx, ry, rw, rh = rect
    inside = rx - 1 <= x <= rx + rw + 1 and ry - 1 <= y <= ry + rh + 1
    return inside and min(abs(x - rx), abs(x - rx - rw), abs(y - ry), abs(y - ry - rh)) <= 1


def test_a_curve_through_a_title_is_bent_right_of_it_and_stays_a_curve():
    stored = _curve((90.0, 84.0), (300.0, 290.0))
    assert any(crosses(p, q, TITLE, 1.0) for p, q in pairwise(stored))
    points = _router().route("e", "source", "part", stored)
    assert is_curved(points)
    assert not any(crosses(p, q, TITLE, 1.0) for p, q in pairwise(points))
    assert _on_border(points[0], SOURCE) and _on_border(points[-1], PART)
    assert points[0] == stored[0]  # the start was clear: it stays where Graphviz put it


def test_a_curve_through_another_box_is_rerouted_with_round_bends():
    router = _router()
    router.set_box("wall", (0.0, 150.0, 180.0, 40.0))
    router.set_box("target", (0.0, 300.0, 180.0, 84.0))
    stored = _curve((90.0, 84.0), (90.0, 300.0))
    points = router.route("e", "source", "target", stored)
    assert points != stored and is_curved(points)
    assert not any(crosses(p, q, (0.0, 150.0, 180.0, 40.0), 1.0) for p, q in pairwise(points))
    assert polyline_length(points) > HEAD


def test_two_curves_along_each_other_are_moved_apart():
    router = _router()
    router.set_box("target", (600.0, 0.0, 180.0, 84.0))
    stored = [(180.0, 42.0), (300.0, 30.0), (450.0, 30.0), (600.0, 42.0)]
    first = router.route("e1", "source", "target", stored)
    second = router.route("e2", "source", "target", stored)
    assert first == stored and is_curved(second)
    assert all(collinear_overlap(p, q, r, s) <= 1.0 for p, q in pairwise(first) for r, s in pairwise(second))


def test_curve_helpers():
    assert rounded([(0.0, 0.0), (0.0, 100.0), (100.0, 100.0)], 20.0)[-1] == (100.0, 100.0)
    assert parallel([(0.0, 0.0), (100.0, 0.0), (200.0, 0.0)], 6.0, ramp=50.0)[1] == (100.0, 6.0)
    pushed = pushed_right([(0.0, 0.0), (0.0, 100.0)], [(-20.0, 40.0, 40.0, 20.0)], [None, (-50.0, 50.0)])
    assert pushed[-1] == (20.0, 100.0)  # the end slid right of the text, so the curve comes straight down
    assert all(x >= 20.0 for x, y in pushed if 40.0 <= y <= 60.0)
