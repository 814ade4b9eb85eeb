"""A containment chain 10,000 levels deep: queries, removal, undo and redo stay iterative and linear
(the times are printed by benchmarks/bench_model.py)."""

from __future__ import annotations

import sys

import pytest

from diagrammer.model import (
    AddSubtree,
    Connect,
    Document,
    Edge,
    ModelError,
    Node,
    RemoveNodes,
    Reparent,
)
from tests.model.support import Recorder, assert_consistent, snapshot
from tests.work import LINEAR, growth

DEPTH = 10_000


def chain_nodes(depth: int = DEPTH) -> list[Node]:
    return [Node(f"n{i}", parent=f"n{i - 1}" if i else None, x=1.0, y=2.0) for i in range(depth)]


@pytest.fixture(autouse=True)
def small_recursion_limit():
    """Any recursion over the chain would hit this limit long before reaching the bottom."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(min(old, 1000))
    yield
    sys.setrecursionlimit(old)


@pytest.mark.parametrize("order", ["parents first", "children first"])
def test_queries_on_a_deep_chain(order):
    nodes = chain_nodes()
    doc = Document.from_parts("deep", nodes if order == "parents first" else nodes[::-1], [])
    leaf = f"n{DEPTH - 1}"
    assert doc.subtree("n0") == [f"n{i}" for i in range(DEPTH)]
    assert list(doc.ancestors(leaf)) == [f"n{i}" for i in range(DEPTH - 2, -1, -1)]
    assert doc.is_ancestor("n0", leaf)
    assert not doc.is_ancestor(leaf, "n0")
    assert doc.absolute_position(leaf) == (DEPTH * 1.0, DEPTH * 2.0)
    with pytest.raises(ModelError):
        doc.apply(Reparent("n0", leaf))


@pytest.mark.parametrize("order", ["parents first", "children first"])
def test_remove_the_root_of_a_deep_chain_then_undo_and_redo(order):
    nodes = chain_nodes()
    edges = [Edge("top-bottom", "n0", f"n{DEPTH - 1}"), Edge("middle", f"n{DEPTH // 2}", "n1")]
    doc = Document.from_parts("deep", nodes if order == "parents first" else nodes[::-1], edges)
    before = snapshot(doc)
    rec = Recorder(doc)
    undo = doc.apply(RemoveNodes(["n0"]))
    assert (len(doc.nodes), len(doc.edges)) == (0, 0)
    removed = rec.take()
    assert {e for e in removed[:2]} == {("edge-removed", "top-bottom"), ("edge-removed", "middle")}
    assert removed[2:] == [("node-removed", f"n{i}") for i in range(DEPTH - 1, -1, -1)]
    redo = doc.apply(undo)
    assert snapshot(doc) == before
    assert_consistent(doc)
    added = rec.take()
    assert added[:DEPTH] == [("node-added", f"n{i}") for i in range(DEPTH)]
    doc.apply(redo)
    assert (len(doc.nodes), len(doc.edges)) == (0, 0)
    assert rec.in_sync()


def test_build_a_deep_chain_with_one_operation_and_undo_it():
    doc = Document()
    rec = Recorder(doc)
    undo = doc.apply(AddSubtree([(n, None) for n in chain_nodes()]))
    doc.apply(Connect(Edge("e", f"n{DEPTH - 1}", "n0")))
    assert list(doc.ancestors(f"n{DEPTH - 1}"))[-1] == "n0"
    doc.apply(undo)  # removing every node listed (each a subtree of the one before) stays linear
    assert (len(doc.nodes), len(doc.edges)) == (0, 0)
    assert rec.in_sync()


def test_removing_a_deep_chain_undoing_and_redoing_is_linear_work():
    """The quadratic code this guards against (a walk up the chain per removed node) did 16 times the
    work on 4 times the levels; it took tens of seconds for one removal at 10,000."""

    def remove_undo_redo(depth: int):
        doc = Document.from_parts("deep", chain_nodes(depth), [Edge("e", "n0", f"n{depth - 1}")])
        return lambda: doc.apply(doc.apply(doc.apply(RemoveNodes(["n0"]))))

    def build_and_undo(depth: int):
        doc = Document()
        nodes = chain_nodes(depth)
        return lambda: doc.apply(doc.apply(AddSubtree([(n, None) for n in nodes])))

    assert growth(remove_undo_redo, 1_000) < LINEAR
    assert growth(build_and_undo, 1_000) < LINEAR


def test_move_the_bottom_of_a_deep_chain_to_the_top_and_back():
    doc = Document.from_parts("deep", chain_nodes(), [])
    before = snapshot(doc)
    undo = doc.apply(Reparent(f"n{DEPTH - 1}", None, 0.0, 0.0))
    assert list(doc.ancestors(f"n{DEPTH - 2}"))[-1] == "n0"
    doc.apply(undo)
    assert snapshot(doc) == before
