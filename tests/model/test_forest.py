"""The one containment forest: effective parents, preorder and loops, kept fresh by every operation."""

from __future__ import annotations

from diagrammer.model import AddNode, Batch, Document, Node, RemoveNodes, Reparent
from diagrammer.model.forest import containment_tree
from tests.work import LINEAR, growth


def broken() -> Document:
    """A loop a <-> b with c hanging below it, a missing container, and a plain box."""
    return Document.from_parts(
        "",
        [Node("a", parent="b"), Node("b", parent="a"), Node("c", parent="a"), Node("d", parent="gone"),
         Node("e"), Node("f", parent="e"), Node("g", parent="f"), Node("self", parent="self")],
        [],
    )  # fmt: skip


def test_a_loop_and_a_missing_container_mean_the_top_level_and_parts_stay_inside():
    forest = broken().forest
    assert forest.parent == {"a": None, "b": None, "c": "a", "d": None, "e": None, "f": "e", "g": "f", "self": None}
    assert forest.loops == [["a", "b"], ["self"]]
    assert forest.parts(None) == ["a", "b", "d", "e", "self"]


def test_preorder_lists_each_container_before_its_parts_with_subtrees_contiguous():
    forest = broken().forest
    assert forest.preorder == ["a", "c", "b", "d", "e", "f", "g", "self"]
    assert forest.subtree("e") == ["e", "f", "g"]
    assert list(forest.ancestors("g")) == ["f", "e"]
    assert forest.is_inside("g", "e") and forest.is_inside("c", "a")
    assert not forest.is_inside("e", "g") and not forest.is_inside("e", "e") and not forest.is_inside("b", "a")


def test_layouts_and_dot_export_get_the_same_tree():
    assert containment_tree(broken()) == (
        {"a": ["c"], "b": [], "c": [], "d": [], "e": ["f"], "f": ["g"], "g": [], "self": []},
        ["a", "b", "d", "e", "self"],
    )


def test_every_operation_and_its_undo_renews_the_forest():
    doc = Document()
    doc.apply(AddNode(Node("box")))
    assert doc.forest.parent == {"box": None}
    undo_add = doc.apply(AddNode(Node("part", parent="box")))
    assert doc.forest.parent == {"box": None, "part": "box"}
    undo_reparent = doc.apply(Reparent("part", None, 0.0, 0.0))
    assert doc.forest.parent == {"box": None, "part": None}
    doc.apply(undo_reparent)
    assert doc.forest.parent == {"box": None, "part": "box"}
    undo_remove = doc.apply(RemoveNodes(["box"]))
    assert doc.forest.parent == {}
    doc.apply(undo_remove)
    assert doc.forest.preorder == ["box", "part"]
    doc.apply(undo_add)
    assert doc.forest.preorder == ["box"]
    doc.apply(Batch([AddNode(Node("x", parent="box")), AddNode(Node("y", parent="x"))]))
    assert doc.forest.subtree("box") == ["box", "x", "y"]


def test_the_forest_is_built_once_between_changes():
    doc = broken()
    assert doc.forest is doc.forest


def chain(depth: int) -> Document:
    return Document.from_parts("", [Node(f"n{i}", parent=f"n{i - 1}" if i else None) for i in range(depth)], [])


def test_a_hundred_thousand_level_nesting_needs_no_recursion():
    forest = chain(100_000).forest  # a recursive walk would overflow Python's stack a hundred times over
    assert forest.is_inside("n99999", "n0") and len(forest.subtree("n50000")) == 50_000
    assert forest.preorder[:3] == ["n0", "n1", "n2"] and forest.parent["n99999"] == "n99998"


def test_building_the_forest_is_linear_work_on_chains_and_loops():
    """A walk per node up the chain would do 16 times the work on 4 times the nodes (benchmarks/
    bench_model.py prints the time at 100,000 levels)."""

    def loop(size: int) -> Document:
        return Document.from_parts("", [Node(f"n{i}", parent=f"n{(i + 1) % size}") for i in range(size)], [])

    for make in (chain, loop):

        def build_forest(size: int, make=make):
            doc = make(size)
            return lambda: doc.forest

        assert growth(build_forest, 2_000) < LINEAR, make.__name__
