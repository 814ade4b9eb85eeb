"""Each operation changes the document as a user would see it, announces it in the documented order,
and its inverse puts back exactly what was there (every field, the order of nodes and edges, and
the containment)."""

from __future__ import annotations

import pytest

from diagrammer.model import (
    LINK,
    OPTIMIZES,
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
from tests.model.support import Recorder, assert_consistent, snapshot

try:
    from diagrammer.io.native import dumps_document
except ImportError:  # pragma: no cover - the writer lives in io, which may be absent
    dumps_document = None


def sample() -> Document:
    """Two trees with four arrows, unknown fields on the document, a node and an edge."""
    nodes = [
        Node("evolution", name="Natural selection", kinds=["optimizer"], goal="inclusive genetic fitness",
             x=40.0, y=40.0, width=200.0, height=90.0),
        Node("humans", name="Humans", kinds=["agent", "optimizer"], goal="happiness",
             x=40.0, y=220.0, width=400.0, height=300.0),
        Node("brain", name="Brain", kinds=["optimizer"], parent="humans", x=14.0, y=72.0, width=300.0,
             height=200.0),
        Node("cortex", name="Cortex", parent="brain", x=14.0, y=72.0, notes="a part"),
        Node("lab", name="Lab", kinds=["agent"], designed_by_humans=True, x=500.0, y=40.0,
             extra={"colour": "red", "tags": [1, 2]}),
        Node("model", name="Model", kinds=["optimizer"], designed_by_humans=True, goal="low loss",
             parent="lab", x=14, y=72),
    ]
    edges = [
        Edge("e1", "evolution", "humans"),
        Edge("e2", "humans", "brain", kind=LINK, label="has"),
        Edge("e3", "lab", "model", extra={"weight": 3}),
        Edge("e4", "cortex", "evolution", kind=LINK),
    ]
    return Document.from_parts("Evolution", nodes, edges, {"generator": {"name": "test"}})


def saved(doc: Document) -> str | None:
    return None if dumps_document is None else dumps_document(doc)


def round_trip(doc: Document, op) -> tuple[list, list, list]:
    """Apply ``op``, undo it, redo it; check each state exactly. Returns the three event lists."""
    rec = Recorder(doc)
    before, before_text = snapshot(doc), saved(doc)
    undo = doc.apply(op)
    done = rec.take()
    after, after_text = snapshot(doc), saved(doc)
    assert_consistent(doc)
    redo = doc.apply(undo)
    undone = rec.take()
    assert snapshot(doc) == before
    assert saved(doc) == before_text
    assert_consistent(doc)
    doc.apply(redo)
    redone = rec.take()
    assert snapshot(doc) == after
    assert saved(doc) == after_text
    assert rec.in_sync()
    return done, undone, redone


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


# ----- arrows ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [OPTIMIZES, LINK])
def test_connect_adds_an_arrow_of_either_kind(kind):
    doc = sample()
    done, undone, _ = round_trip(doc, Connect(Edge("e5", "model", "humans", kind=kind, label="trains")))
    assert done == [("edge-added", "e5")]
    assert undone == [("edge-removed", "e5")]
    assert list(doc.edges) == ["e1", "e2", "e3", "e4", "e5"]
    assert (doc.edges["e5"].kind, doc.edges["e5"].label) == (kind, "trains")
    assert doc.edges_of(["model"]) == ["e3", "e5"]


def test_connect_at_an_index_and_a_self_loop():
    doc = sample()
    round_trip(doc, Connect(Edge("self", "humans", "humans"), index=1))
    assert list(doc.edges) == ["e1", "self", "e2", "e3", "e4"]


def test_set_edge_fields_label_is_not_structural_other_fields_are():
    doc = sample()
    rec = Recorder(doc)
    doc.apply(SetEdgeFields("e1", {"label": "selects"}))
    doc.apply(SetEdgeFields("e1", {"kind": LINK}))
    doc.apply(SetEdgeFields("e1", {"source": "lab", "target": "cortex"}))
    doc.apply(SetEdgeFields("e1", {"weight": 0.5}))
    assert [(c.what, c.id, c.fields, c.structural) for c in rec.events] == [
        ("edge-changed", "e1", ("label",), False),
        ("edge-changed", "e1", ("kind",), True),
        ("edge-changed", "e1", ("source", "target"), True),
        ("edge-changed", "e1", ("weight",), True),
    ]
    e1 = doc.edges["e1"]
    assert (e1.source, e1.target, e1.kind, e1.label) == ("lab", "cortex", LINK, "selects")
    assert e1.extra == {"weight": 0.5}
    assert doc.edges_of(["evolution"]) == ["e4"]


def test_set_edge_fields_round_trips_including_unknown_fields():
    round_trip(sample(), SetEdgeFields("e2", {"label": "", "kind": OPTIMIZES, "target": "cortex"}))
    doc = sample()
    round_trip(doc, SetEdgeFields("e3", {"weight": {"nested": [1, None]}, "colour": "blue"}))
    assert list(doc.edges["e3"].extra.items()) == [("weight", {"nested": [1, None]}), ("colour", "blue")]
    doc = sample()
    undo = doc.apply(SetEdgeFields("e1", {"style": "dashed"}))
    doc.apply(undo)
    assert "style" not in doc.edges["e1"].extra
    assert doc.edges["e1"].extra == {}


# ----- fields ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "structural"),
    [
        ({"name": "People"}, True),
        ({"kinds": []}, True),
        ({"kinds": ["optimizer", "agent"]}, True),
        ({"designed_by_humans": True}, True),
        ({"goal": None}, True),
        ({"goal": "flourishing"}, True),
        ({"notes": "see the paper"}, False),
        ({"x": 1.5, "y": -2}, False),
        ({"width": 401.0}, False),
        ({"notes": "n", "height": 301.0}, False),
        ({"notes": "n", "name": "N"}, True),
        ({"colour": "green"}, True),
    ],
)
def test_set_node_fields_round_trips_and_says_whether_the_labels_may_change(values, structural):
    doc = sample()
    rec = Recorder(doc)
    undo = doc.apply(SetNodeFields("humans", values))
    assert [(c.what, c.id, c.fields, c.structural) for c in rec.events] == [
        ("node-changed", "humans", tuple(values), structural)
    ]
    node = doc.nodes["humans"]
    for key, value in values.items():
        assert (getattr(node, key) if hasattr(node, key) else node.extra[key]) == value
    doc.apply(undo)
    assert snapshot(doc) == snapshot(sample())


def test_unknown_node_fields_are_added_changed_and_removed_exactly_by_undo():
    doc = sample()
    op = SetNodeFields("lab", {"tags": [3], "shape": {"corners": 4}, "name": "Lab 2"})
    done, _, _ = round_trip(doc, op)
    assert done == [("node-changed", "lab")]
    extra = list(doc.nodes["lab"].extra.items())
    assert extra == [("colour", "red"), ("tags", [3]), ("shape", {"corners": 4})]
    assert doc.nodes["lab"].name == "Lab 2"
    doc = sample()
    undo = doc.apply(SetNodeFields("evolution", {"shape": "round"}))
    assert doc.nodes["evolution"].extra == {"shape": "round"}
    doc.apply(undo)
    assert "shape" not in doc.nodes["evolution"].extra
    assert snapshot(doc) == snapshot(sample())


def test_set_node_fields_copies_the_values_it_is_given():
    doc = sample()
    kinds = ["agent"]
    tags = ["x"]
    undo = doc.apply(SetNodeFields("cortex", {"kinds": kinds, "tags": tags}))
    kinds.append("optimizer")
    tags.append("y")
    assert doc.nodes["cortex"].kinds == ["agent"]
    assert doc.nodes["cortex"].extra == {"tags": ["x"]}
    doc.nodes["cortex"].kinds.append("optimizer")  # what an in-place edit after the change would do
    doc.apply(undo)
    assert doc.nodes["cortex"].kinds == []


def test_set_title_is_not_structural_and_round_trips():
    doc = sample()
    rec = Recorder(doc)
    undo = doc.apply(SetTitle("Mesa-optimizers"))
    assert doc.title == "Mesa-optimizers"
    assert [(c.what, c.structural) for c in rec.events] == [("title-changed", False)]
    redo = doc.apply(undo)
    assert doc.title == "Evolution"
    doc.apply(redo)
    assert doc.title == "Mesa-optimizers"
    round_trip(sample(), SetTitle(""))


@pytest.mark.parametrize(
    ("change", "structural"),
    [
        (Change("node-added", "a"), True),
        (Change("node-removed", "a"), True),
        (Change("edge-added", "e"), True),
        (Change("edge-removed", "e"), True),
        (Change("title-changed"), False),
        (Change("node-changed", "a", ("x", "y")), False),
        (Change("node-changed", "a", ("width", "height")), False),
        (Change("node-changed", "a", ("notes",)), False),
        (Change("node-changed", "a", ()), False),
        (Change("node-changed", "a", ("name",)), True),
        (Change("node-changed", "a", ("kinds",)), True),
        (Change("node-changed", "a", ("goal",)), True),
        (Change("node-changed", "a", ("designed_by_humans",)), True),
        (Change("node-changed", "a", ("parent", "x", "y")), True),
        (Change("edge-changed", "e", ("label",)), False),
        (Change("edge-changed", "e", ("kind",)), True),
        (Change("edge-changed", "e", ("source",)), True),
        (Change("edge-changed", "e", ("target", "label")), True),
    ],
)
def test_which_changes_may_change_the_labels(change, structural):
    assert change.structural is structural


# ----- batches ---------------------------------------------------------------------------------


def test_batch_announces_in_operation_order_and_undoes_in_reverse():
    doc = sample()
    op = Batch([
        AddNode(Node("team", name="Team")),
        Reparent("lab", "team", 14.0, 72.0),
        Connect(Edge("e5", "team", "evolution")),
        SetTitle("T"),
        Move("evolution", 0.0, 0.0),
    ])
    done, undone, redone = round_trip(doc, op)
    assert done == [
        ("node-added", "team"), ("node-changed", "lab"), ("edge-added", "e5"), ("title-changed", ""),
        ("node-changed", "evolution"),
    ]
    assert undone == [
        ("node-changed", "evolution"), ("title-changed", ""), ("edge-removed", "e5"), ("node-changed", "lab"),
        ("node-removed", "team"),
    ]
    assert redone == done
    assert list(doc.ancestors("model")) == ["lab", "team"]


def test_failing_batch_rolls_back_what_it_did_and_reports_the_error():
    doc = sample()
    before, before_text = snapshot(doc), saved(doc)
    rec = Recorder(doc)
    op = Batch([
        Move("humans", 1.0, 2.0),
        SetNodeFields("humans", {"name": "People"}),
        RemoveNodes(["lab"]),
        Reparent("humans", "cortex"),
        SetTitle("never"),
    ])
    with pytest.raises(ModelError) as info:
        doc.apply(op)
    assert str(info.value) == "'People' cannot be put inside itself or inside one of its own parts."
    assert snapshot(doc) == before
    assert saved(doc) == before_text
    assert rec.take() == [
        ("node-changed", "humans"), ("node-changed", "humans"),
        ("edge-removed", "e3"), ("node-removed", "model"), ("node-removed", "lab"),
        ("node-added", "lab"), ("node-added", "model"), ("edge-added", "e3"),
        ("node-changed", "humans"), ("node-changed", "humans"),
    ]
    assert rec.in_sync()


def test_nested_and_empty_batches():
    doc = sample()
    done, _, _ = round_trip(doc, Batch([]))
    assert done == []
    inner = Batch([Move("lab", 1.0, 1.0), Batch([SetTitle("x"), Disconnect("e3")])])
    done, undone, _ = round_trip(doc, inner)
    assert done == [("node-changed", "lab"), ("title-changed", ""), ("edge-removed", "e3")]
    assert undone == [("edge-added", "e3"), ("title-changed", ""), ("node-changed", "lab")]


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
