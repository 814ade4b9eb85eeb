"""Arrows, node and edge fields, the title and batches: each operation's events, what may change
the labels, and an undo that puts back every field exactly."""

from __future__ import annotations

import pytest

from diagrammer.model import (
    LINK,
    OPTIMIZES,
    AddNode,
    Batch,
    Change,
    Connect,
    Disconnect,
    Edge,
    ModelError,
    Move,
    Node,
    RemoveNodes,
    Reparent,
    SetEdgeFields,
    SetNodeFields,
    SetTitle,
)
from tests.model.operations_support import round_trip, sample, saved
from tests.model.support import Recorder, snapshot

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
