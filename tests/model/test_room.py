"""make_room: the siblings a grown box covers move right or down, in a chain, and nothing else moves."""

from diagrammer.model import Document, Node
from diagrammer.model.room import make_room


def moves(doc, sizes, grown):
    return {op.node_id: (op.values["x"], op.values["y"]) for op in make_room(doc, sizes, grown).operations}


def test_a_chain_of_neighbours_moves_right_each_clearing_the_next():
    doc = Document.from_parts("", [Node("a", x=0, y=0), Node("b", x=190, y=0), Node("c", x=380, y=0)], [])
    sizes = {"a": (250.0, 84.0), "b": (180.0, 84.0), "c": (180.0, 84.0)}
    assert moves(doc, sizes, ["a"]) == {"b": (260.0, 0.0), "c": (450.0, 0.0)}  # 70 right, not 94 down


def test_the_shorter_way_out_is_taken_and_a_box_up_and_left_stays():
    doc = Document.from_parts("", [Node("up", x=-100, y=-100), Node("a", x=0, y=0), Node("below", x=20, y=90)], [])
    sizes = {"up": (120.0, 120.0), "a": (400.0, 100.0), "below": (180.0, 84.0)}
    # "below" could go 390 right or 20 down: down; "up" overlaps a's corner but was there first.
    assert moves(doc, sizes, ["a"]) == {"below": (20.0, 110.0)}


def test_only_siblings_move_and_boxes_without_positions_are_left_alone():
    doc = Document.from_parts("", [
        Node("a", x=0, y=0), Node("box", x=500, y=0), Node("inside", parent="box", x=0, y=0),
        Node("loose"),
    ], [])  # fmt: skip
    sizes = {"a": (700.0, 84.0), "box": (180.0, 84.0), "inside": (100.0, 40.0)}
    assert moves(doc, sizes, ["a"]) == {"box": (500.0, 94.0)}  # down 94 rather than right 210
    assert moves(doc, sizes, ["loose"]) == {}
