"""Refused operations leave the document as it was with one readable sentence; files that open
with broken references can be repaired and undone; ids and listeners."""

from __future__ import annotations

import pytest

from diagrammer.model import (
    AddNode,
    AddSubtree,
    Batch,
    Change,
    Connect,
    Disconnect,
    Document,
    Edge,
    ModelError,
    Move,
    Node,
    RemoveNodes,
    Reparent,
    Resize,
    SetEdgeFields,
    SetNodeFields,
    SetTitle,
)
from tests.model.operations_support import round_trip, sample, saved
from tests.model.support import Recorder, assert_consistent, snapshot

# ----- refusals --------------------------------------------------------------------------------


REFUSED = [
    (AddNode(Node("x", parent="nowhere")), "The container 'nowhere' of 'x' does not exist."),
    (AddNode(Node("humans")), "The id 'humans' is already used."),
    (AddNode(Node("e1")), "The id 'e1' is already used."),
    (AddNode(Node("x", kinds=["robot"])), "A kind is 'agent' or 'optimizer', not 'robot'."),
    (AddNode(Node("x", kinds=["agent", "agent"])),
     "A kind is listed twice; kinds are a set of 'agent' and 'optimizer'."),
    (AddSubtree([(Node("a"), None), (Node("a"), None)]), "The id 'a' is already used."),
    (AddSubtree([(Node("b", parent="a"), None), (Node("a"), None)]),
     "The container 'a' of 'b' does not exist."),
    (AddSubtree([(Node("a", parent="a"), None)]), "The container 'a' of 'a' does not exist."),
    (AddSubtree([(Node("a"), None)], [(Edge("a", "a", "a"), None)]), "The id 'a' is already used."),
    (AddSubtree([(Node("a"), None)], [(Edge("e9", "a", "b"), None), (Edge("e9", "a", "a"), None)]),
     "There is no node 'b' to attach the arrow to."),
    (AddSubtree([(Node("a"), None)], [(Edge("e9", "a", "a"), None), (Edge("e9", "a", "a"), None)]),
     "The id 'e9' is already used."),
    (AddSubtree([(Node("a"), None)], [(Edge("e9", "a", "a", kind="causes"), None)]),
     "An arrow is 'optimizes' or 'link', not 'causes'."),
    (RemoveNodes(["nowhere"]), "There is no node 'nowhere'."),
    (RemoveNodes(["humans", "nowhere"]), "There is no node 'nowhere'."),
    (RemoveNodes(["lab"], ["e9"]), "There is no arrow 'e9'."),
    (Disconnect("e9"), "There is no arrow 'e9'."),
    (Move("nowhere", 1.0, 2.0), "There is no node 'nowhere'."),
    (Resize("humans", 0.0, 10.0), "The width of 'humans' must be positive."),
    (Resize("humans", 10.0, -1.0), "The height of 'humans' must be positive."),
    (Resize("humans", 10.0, float("nan")), "The height of 'humans' must be positive."),
    (Reparent("nowhere", None), "There is no node 'nowhere'."),
    (Reparent("cortex", "nowhere"), "There is no container 'nowhere'."),
    (Reparent("cortex", "cortex"), "'Cortex' cannot be put inside itself or inside one of its own parts."),
    (Connect(Edge("e9", "humans", "nowhere")), "There is no node 'nowhere' to attach the arrow to."),
    (Connect(Edge("e9", "nowhere", "humans")), "There is no node 'nowhere' to attach the arrow to."),
    (Connect(Edge("e9", "humans", "lab", kind="causes")), "An arrow is 'optimizes' or 'link', not 'causes'."),
    (Connect(Edge("e1", "humans", "lab")), "The id 'e1' is already used."),
    (Connect(Edge("lab", "humans", "lab")), "The id 'lab' is already used."),
    (SetNodeFields("nowhere", {"name": "x"}), "There is no node 'nowhere'."),
    (SetNodeFields("humans", {"parent": None}), "Use Reparent to change a node's container."),
    (SetNodeFields("humans", {"id": "people"}), "The id of 'humans' cannot be changed."),
    (SetNodeFields("humans", {"name": "People", "kinds": ["agent", "robot"]}),
     "A kind is 'agent' or 'optimizer', not 'robot'."),
    (SetNodeFields("humans", {"name": "People", "width": -5}), "The width of 'humans' must be positive."),
    (SetEdgeFields("e9", {"label": "x"}), "There is no arrow 'e9'."),
    (SetEdgeFields("e1", {"label": "x", "kind": "causes"}),
     "An arrow is 'optimizes' or 'link', not 'causes'."),
    (SetEdgeFields("e1", {"label": "x", "target": "nowhere"}),
     "There is no node 'nowhere' to attach the arrow to."),
    (SetEdgeFields("e1", {"id": "e10"}), "The id of 'e1' cannot be changed."),
    (Batch([Move("humans", 1.0, 2.0), Move("nowhere", 1.0, 2.0)]), "There is no node 'nowhere'."),
    (Batch([RemoveNodes(["brain"]), Move("cortex", 1.0, 2.0)]), "There is no node 'cortex'."),
]


@pytest.mark.parametrize(("op", "message"), REFUSED, ids=[m for _, m in REFUSED])
def test_refused_operations_leave_the_document_as_it_was(op, message):
    doc = sample()
    before, before_text = snapshot(doc), saved(doc)
    rec = Recorder(doc)
    with pytest.raises(ModelError) as info:
        doc.apply(op)
    assert str(info.value) == message
    assert snapshot(doc) == before
    assert saved(doc) == before_text
    assert rec.in_sync()
    if not isinstance(op, Batch):
        assert rec.events == []


# ----- files that open with broken references (format.md §1) can be repaired and undone ------


def broken() -> Document:
    """A loop (a and b inside each other), a part of a missing container, an arrow from nowhere."""
    nodes = [
        Node("a", name="A", parent="b", x=1.0, y=1.0),
        Node("b", name="B", parent="a", x=2.0, y=2.0),
        Node("c", name="C", parent="b"),
        Node("orphan", parent="n9", x=3.0, y=3.0),
        Node("d", name="D"),
    ]
    edges = [Edge("e1", "ghost", "d"), Edge("e2", "a", "d"), Edge("e3", "d", "n8")]
    return Document.from_parts("broken", nodes, edges)


def test_a_document_from_parts_indexes_its_children_when_first_needed_even_by_a_change():
    doc = sample()
    doc.apply(Reparent("cortex", "humans", 0.0, 0.0))  # the children index is first used here
    assert doc.children("brain") == []
    assert doc.children("humans") == ["brain", "cortex"]
    assert doc.children(None) == ["evolution", "humans", "lab"]
    assert_consistent(doc)


def test_breaking_a_loop_can_be_undone():
    doc = broken()
    done, _, _ = round_trip(doc, Reparent("a", None, 0.0, 0.0))
    assert done == [("node-changed", "a")]
    assert list(doc.ancestors("c")) == ["b", "a"]


def test_moving_a_part_out_of_a_missing_container_can_be_undone():
    doc = broken()
    round_trip(doc, Reparent("orphan", "d", 5.0, 5.0))
    assert doc.nodes["orphan"].parent == "d"
    assert doc.children("n9") == []


def test_reattaching_an_arrow_from_a_missing_node_can_be_undone():
    doc = broken()
    round_trip(doc, SetEdgeFields("e1", {"source": "a"}))
    assert doc.edges["e1"].source == "a"


def test_removing_nodes_on_a_loop_removes_the_loop_and_undo_restores_it():
    doc = broken()
    done, _, _ = round_trip(doc, RemoveNodes(["a"]))
    assert {i for w, i in done if w == "node-removed"} == {"a", "b", "c"}
    assert {i for w, i in done if w == "edge-removed"} == {"e2"}
    assert list(doc.nodes) == ["orphan", "d"]


def test_a_new_node_may_not_take_the_id_a_broken_reference_names():
    doc = broken()
    before = snapshot(doc)
    with pytest.raises(ModelError) as info:
        doc.apply(AddNode(Node("n9")))
    assert str(info.value) == "The id 'n9' is already used as the container of 'orphan'."
    with pytest.raises(ModelError) as info:
        doc.apply(AddNode(Node("ghost")))
    assert str(info.value) == "The id 'ghost' is already used by the arrow 'e1'."
    assert snapshot(doc) == before
    # 5 nodes and 3 arrows: the first candidate is n9, which the orphan names as its container.
    assert doc.new_id("n") == "n10"
    round_trip(doc, AddNode(Node("n10")))
    assert doc.new_id("n") == "n11"
    dangling = Document.from_parts("", [Node("a")], [Edge("e1", "a", "n3")])
    assert dangling.new_id("n") == "n4"  # n3 is the missing end of e1


def test_new_id_skips_ids_in_use():
    doc = sample()
    assert doc.new_id("e") == "e11"
    doc.apply(Connect(Edge("e11", "lab", "model")))
    assert doc.new_id("e") == "e12"
    assert doc.new_id("n") == "n12"


def test_unsubscribed_listeners_hear_nothing():
    doc = sample()
    heard: list[Change] = []
    doc.subscribe(heard.append)
    doc.apply(SetTitle("a"))
    doc.unsubscribe(heard.append)
    doc.apply(SetTitle("b"))
    assert heard == [Change("title-changed")]
