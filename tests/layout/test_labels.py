"""Arrow labels: clear of boxes and texts when there is room; else where they cover least, never on
the arrow's own head."""

from diagrammer.layout.labels import GAP
from diagrammer.layout.route_search import HEAD
from diagrammer.layout.routing import Router


def overlaps(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def test_a_long_label_on_a_short_arrow_sits_beside_it_not_on_its_head():
    """A new user's file: "optimizes company" on a 20 px arrow hid the arrow and its head."""
    router = Router()
    router.set_box("s", (100.0, 0.0, 80.0, 40.0))
    router.set_box("company", (0.0, 70.0, 400.0, 200.0))
    points = router.route("e", "s", "company", [(140.0, 40.0), (140.0, 70.0)])  # the layout's route
    assert points == [(140.0, 40.0), (140.0, 70.0)], "straight down, 30 px"
    label = router.place_label("e", 120.0)
    head = points[-1]
    assert not overlaps(label, (head[0] - HEAD, head[1] - HEAD, 2 * HEAD, 2 * HEAD))
    assert label[0] >= head[0] + GAP or label[0] + label[2] <= head[0] - GAP, "beside the arrow"


def test_a_label_with_room_sits_centred_on_its_arrow_clear_of_everything():
    router = Router()
    router.set_box("a", (0.0, 0.0, 100.0, 40.0))
    router.set_box("b", (0.0, 200.0, 100.0, 40.0))
    points = router.route("e", "a", "b")
    label = router.place_label("e", 60.0)
    assert label == (20.0, 111.0, 60.0, 18.0)
    assert points == [(50.0, 40.0), (50.0, 200.0)]
