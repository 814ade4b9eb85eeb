"""Placement without Qt: new, dropped and pasted boxes go to free space in what they belong to."""

from diagrammer.model import AddNode, Document, Node
from diagrammer.model.edits import GAP, drop_operations, free_spot, paste_operations
from diagrammer.model.geometry import HEADER_HEIGHT, PADDING


def overlap(a: Node, b: Node) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


def test_seven_new_boxes_near_one_point_never_overlap():
    doc = Document()
    for i in range(7):
        x, y = free_spot(doc, None, 240, 84, (300, 200))
        doc.apply(AddNode(Node(f"n{i}", x=x, y=y, width=240, height=84)))
    nodes = list(doc.nodes.values())
    assert (nodes[0].x, nodes[0].y) == (300, 200), "the first goes exactly where asked"
    assert not [(a.id, b.id) for i, a in enumerate(nodes) for b in nodes[i + 1:] if overlap(a, b)]
    assert all(abs(n.x - 300) <= 600 and abs(n.y - 200) <= 600 for n in nodes), "all stay near the point"


def test_a_spot_inside_a_container_is_below_its_header_and_clear_of_its_parts():
    doc = Document()
    doc.apply(AddNode(Node("box", x=0, y=0, width=600, height=400)))
    doc.apply(AddNode(Node("part", parent="box", x=PADDING, y=HEADER_HEIGHT, width=200, height=84)))
    x, y = free_spot(doc, "box", 200, 84)
    assert y >= HEADER_HEIGHT and x >= PADDING
    assert x >= PADDING + 200 + GAP or y >= HEADER_HEIGHT + 84 + GAP


def test_a_box_dropped_on_a_containers_header_lands_below_it_beside_the_parts():
    doc = Document()
    doc.apply(AddNode(Node("box", x=0, y=0, width=600, height=400)))
    doc.apply(AddNode(Node("part", parent="box", x=PADDING, y=HEADER_HEIGHT, width=200, height=84)))
    doc.apply(AddNode(Node("new", x=800, y=0, width=200, height=84)))
    doc.apply(drop_operations(doc, [("new", "box", 20, 5)]))
    new, part = doc.nodes["new"], doc.nodes["part"]
    assert new.parent == "box" and new.y >= HEADER_HEIGHT and not overlap(new, part)


def test_paste_goes_into_the_container_of_the_original_at_a_free_spot():
    doc = Document()
    doc.apply(AddNode(Node("box", x=0, y=0, width=600, height=400)))
    doc.apply(AddNode(Node("part", parent="box", x=PADDING, y=HEADER_HEIGHT, width=200, height=84)))
    batch, new_ids = paste_operations(doc, [doc.nodes["part"].copy()], [])
    doc.apply(batch)
    copy = doc.nodes[new_ids[0]]
    assert copy.parent == "box" and not overlap(copy, doc.nodes["part"])
    assert (copy.x, copy.y) == (PADDING + 20, HEADER_HEIGHT + 100), "the nearest free spot to the offset copy"
