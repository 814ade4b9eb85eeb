"""Adding, removing, moving, resizing and nesting (the fields, batches and refusals are in the
sibling files). Each operation changes the document as a user would see it, announces it in the documented order,
and its inverse puts back exactly what was there (every field, the order of nodes and edges, and
the containment)."""

from __future__ import annotations

import pytest

from diagrammer.model import (
    LINK,
    AddNode,
    AddSubtree,
    Disconnect,
    Document,
    Edge,
    ModelError,
    Move,
    Node,
    RemoveNodes,
    Reparent,
    Resize,
)
from tests.model.operations_support import round_trip, sample
from tests.model.support import Recorder, snapshot

# ----- adding ----------------------------------------------------------------------------------


def test_add_node_at_top_level_appends_it_and_undo_removes_it():
    doc = sample()
    done, undone, redone = round_trip(doc, AddNode(Node("goal", name="Goal", kinds=["agent"])))
    assert done == [("node-added", "goal")]
    assert undone == [("node-removed", "goal")]
    assert redone == [("node-added", "goal")]
    assert list(doc.nodes) == ["evolution", "humans", "brain", "cortex", "lab", "model", "goal"]
    assert doc.nodes["goal"].name == "Goal"
    assert set(doc.children(None)) == {"evolution", "humans", "lab", "goal"}


def test_add_node_inside_a_container_at_an_index():
    doc = sample()
    done, _, _ = round_trip(doc, AddNode(Node("weights", parent="model", x=14.0, y=72.0), index=0))
    assert done == [("node-added", "weights")]
    assert list(doc.nodes) == ["weights", "evolution", "humans", "brain", "cortex", "lab", "model"]
    assert doc.children("model") == ["weights"]
    assert list(doc.ancestors("weights")) == ["model", "lab"]
    assert doc.absolute_position("weights") == (528.0, 184.0)


def test_added_node_is_a_copy_later_changes_to_the_argument_do_not_leak_in():
    doc = sample()
    node = Node("goal", kinds=["agent"], extra={"tags": ["a"]})
    doc.apply(AddNode(node))
    node.kinds.append("optimizer")
    node.extra["tags"].append("b")
    node.name = "changed"
    assert doc.nodes["goal"].kinds == ["agent"]
    assert doc.nodes["goal"].extra == {"tags": ["a"]}
    assert doc.nodes["goal"].name == ""


def test_add_subtree_announces_nodes_parents_first_then_edges():
    doc = sample()
    op = AddSubtree(
        [
            (Node("team", name="Team"), 1),
            (Node("alice", parent="team"), None),
            (Node("bob", parent="team"), 0),
        ],
        [(Edge("e5", "alice", "bob", kind=LINK), 0), (Edge("e6", "team", "humans"), None)],
    )
    done, undone, redone = round_trip(doc, op)
    assert done == [
        ("node-added", "team"), ("node-added", "alice"), ("node-added", "bob"),
        ("edge-added", "e5"), ("edge-added", "e6"),
    ]
    assert {e for e in undone[:2]} == {("edge-removed", "e5"), ("edge-removed", "e6")}
    assert undone[2:] == [("node-removed", "bob"), ("node-removed", "alice"), ("node-removed", "team")]
    assert redone[:1] == [("node-added", "team")]
    assert list(doc.nodes) == [
        "bob", "evolution", "team", "humans", "brain", "cortex", "lab", "model", "alice"
    ]
    assert list(doc.edges) == ["e5", "e1", "e2", "e3", "e4", "e6"]
    assert set(doc.children("team")) == {"alice", "bob"}


# ----- removing --------------------------------------------------------------------------------


def test_remove_a_container_takes_its_parts_and_every_touching_arrow():
    doc = sample()
    done, undone, redone = round_trip(doc, RemoveNodes(["humans"]))
    # Edges first (any order among them), then the nodes, parts before their containers.
    assert {e for e in done[:3]} == {("edge-removed", "e1"), ("edge-removed", "e2"), ("edge-removed", "e4")}
    assert done[3:] == [("node-removed", "cortex"), ("node-removed", "brain"), ("node-removed", "humans")]
    assert undone[:3] == [("node-added", "humans"), ("node-added", "brain"), ("node-added", "cortex")]
    assert {e for e in undone[3:]} == {("edge-added", "e1"), ("edge-added", "e2"), ("edge-added", "e4")}
    assert len(undone) == 6
    assert redone[3:] == done[3:]
    assert list(doc.nodes) == ["evolution", "lab", "model"]
    assert list(doc.edges) == ["e3"]
    assert doc.children("humans") == []


def test_undo_of_remove_puts_nodes_back_in_the_middle_with_their_fields():
    doc = sample()
    before = snapshot(doc)
    undo = doc.apply(RemoveNodes(["brain", "lab"]))
    assert list(doc.nodes) == ["evolution", "humans"]
    assert list(doc.edges) == ["e1"]
    doc.apply(undo)
    assert snapshot(doc) == before
    assert doc.nodes["lab"].extra == {"colour": "red", "tags": [1, 2]}
    assert doc.edges["e3"].extra == {"weight": 3}


def test_remove_a_part_listed_before_its_container_still_removes_parts_first():
    doc = sample()
    done, _, _ = round_trip(doc, RemoveNodes(["cortex", "humans", "brain"]))
    nodes_out = [i for w, i in done if w == "node-removed"]
    assert nodes_out == ["cortex", "brain", "humans"]


def test_remove_with_extra_edges_and_disconnect():
    doc = sample()
    done, undone, _ = round_trip(doc, RemoveNodes(["model"], ["e1", "e3"]))
    assert [w for w, _ in done] == ["edge-removed", "edge-removed", "node-removed"]
    assert list(doc.edges) == ["e2", "e4"]
    doc = sample()
    done, undone, _ = round_trip(doc, Disconnect("e2"))
    assert done == [("edge-removed", "e2")]
    assert undone == [("edge-added", "e2")]
    assert list(doc.edges) == ["e1", "e3", "e4"]
    assert list(doc.nodes) == ["evolution", "humans", "brain", "cortex", "lab", "model"]


# ----- geometry --------------------------------------------------------------------------------


def test_move_and_resize_change_only_geometry_and_are_not_structural():
    doc = sample()
    rec = Recorder(doc)
    undo_move = doc.apply(Move("brain", 20.0, 80.5))
    undo_size = doc.apply(Resize("brain", 320.0, 210))
    assert (doc.nodes["brain"].x, doc.nodes["brain"].y) == (20.0, 80.5)
    assert (doc.nodes["brain"].width, doc.nodes["brain"].height) == (320.0, 210)
    assert doc.absolute_position("cortex") == (74.0, 372.5)
    assert [(c.what, c.id, c.fields, c.structural) for c in rec.events] == [
        ("node-changed", "brain", ("x", "y"), False),
        ("node-changed", "brain", ("width", "height"), False),
    ]
    doc.apply(undo_size)
    doc.apply(undo_move)
    assert snapshot(doc) == snapshot(sample())
    assert repr(doc.nodes["model"].x) == "14"  # an int stays an int: the file would not change


def test_round_trip_of_move_and_resize():
    done, undone, _ = round_trip(sample(), Move("cortex", -5.0, 3.25))
    assert done == undone == [("node-changed", "cortex")]
    round_trip(sample(), Resize("lab", 1000.0, 500.0))


# ----- containment -----------------------------------------------------------------------------


def test_reparent_into_a_container_and_back():
    doc = sample()
    rec = Recorder(doc)
    undo = doc.apply(Reparent("evolution", "lab", 14.0, 200.0))
    assert doc.nodes["evolution"].parent == "lab"
    assert (doc.nodes["evolution"].x, doc.nodes["evolution"].y) == (14.0, 200.0)
    assert set(doc.children("lab")) == {"model", "evolution"}
    assert set(doc.children(None)) == {"humans", "lab"}
    assert list(doc.nodes) == ["evolution", "humans", "brain", "cortex", "lab", "model"]
    assert [(c.what, c.id, c.fields, c.structural) for c in rec.events] == [
        ("node-changed", "evolution", ("parent", "x", "y"), True)
    ]
    doc.apply(undo)
    assert snapshot(doc) == snapshot(sample())


def test_reparent_round_trips():
    round_trip(sample(), Reparent("cortex", None, 300.0, 300.0))
    round_trip(sample(), Reparent("brain", "lab"))
    doc = sample()
    round_trip(doc, Reparent("cortex", "model", 1.0, 2.0))
    assert list(doc.ancestors("cortex")) == ["model", "lab"]
    assert doc.children("brain") == []


def test_reparent_into_a_part_or_itself_is_refused_with_a_readable_message():
    doc = sample()
    before = snapshot(doc)
    rec = Recorder(doc)
    message = "'Humans' cannot be put inside itself or inside one of its own parts."
    for target in ("humans", "brain", "cortex"):
        with pytest.raises(ModelError) as info:
            doc.apply(Reparent("humans", target, 0.0, 0.0))
        assert str(info.value) == message
    unnamed = Document.from_parts("", [Node("a"), Node("b", parent="a")], [])
    with pytest.raises(ModelError) as info:
        unnamed.apply(Reparent("a", "b"))
    assert str(info.value) == "'a' cannot be put inside itself or inside one of its own parts."
    assert snapshot(doc) == before
    assert rec.events == []
