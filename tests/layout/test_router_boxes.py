"""The router files its boxes for look-up only when a route next looks: every box set, moved or
removed since the last route counts for the next one, as if it had been filed at once."""

from __future__ import annotations

from itertools import pairwise

from diagrammer.layout.routing import Router, crosses

A = (0.0, 0.0, 100.0, 50.0)
B = (0.0, 400.0, 100.0, 50.0)
WALL = (-100.0, 200.0, 300.0, 40.0)


def _blocked_by(points, rect) -> bool:
    return any(crosses(p, q, rect) for p, q in pairwise(points))


def _straight_down(points) -> bool:
    return len(points) == 2 and points[0][0] == points[1][0]


def _router() -> Router:
    router = Router()
    router.set_box("a", A)
    router.set_box("b", B)
    return router


def test_a_box_set_after_a_route_is_avoided_by_the_next_route():
    router = _router()
    assert _straight_down(router.route("e1", "a", "b"))
    router.set_box("wall", WALL)
    points = router.route("e2", "a", "b")
    assert not _blocked_by(points, WALL)


def test_a_box_moved_or_removed_no_longer_blocks_where_it_was():
    router = _router()
    router.set_box("wall", WALL)
    assert not _straight_down(router.route("e1", "a", "b"))
    router.set_box("wall", (600.0, 200.0, 300.0, 40.0))
    assert _straight_down(router.route("e2", "a", "b"))
    router.set_box("wall", WALL)
    router.remove_box("wall")
    assert _straight_down(router.route("e3", "a", "b"))  # removed before it was ever filed


def test_a_part_left_outside_its_moved_container_is_avoided_at_the_top_level():
    router = _router()
    router.set_box("box", (-200.0, 180.0, 500.0, 80.0))  # across the way from a to b
    router.set_box("part", WALL, parent="box")
    assert not _blocked_by(router.route("e1", "a", "b"), WALL)
    # The container moves far away; its part stays across the way, now outside it.
    router.set_box("box", (1000.0, 1000.0, 100.0, 50.0))
    points = router.route("e2", "a", "b")
    assert not _blocked_by(points, WALL)
    assert router._filed["part"] is None
