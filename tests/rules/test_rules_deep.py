"""Very deep and very long structures classify without recursion, with work linear in their size
(benchmarks/bench_model.py prints the times at 10,000)."""

from __future__ import annotations

import pytest

from diagrammer.model import Document, Edge, Node
from diagrammer.rules import classify
from tests.work import LINEAR, growth

DEPTH = 10_000


def containment_chain(depth: int) -> Document:
    """Levels of agent optimizers, each inside the one before, under a designed trainer."""
    nodes = [Node("trainer", "Trainer", ["optimizer"], designed_by_humans=True, goal="g")]
    nodes += [
        Node(f"c{i}", f"Level {i}", ["agent", "optimizer"], goal="g", parent=f"c{i - 1}" if i else None)
        for i in range(depth)
    ]
    edges = [
        Edge("train", "trainer", "c0"),
        Edge("down", "c0", f"c{depth - 1}"),  # the product is depth - 1 levels inside its producer
        Edge("up", f"c{depth - 1}", "c0"),  # the producer is depth - 1 levels inside its product
    ]
    return Document.from_parts("deep", nodes, edges)


def optimizer_chain(depth: int) -> Document:
    """o0 optimizes o1, which optimizes o2, and so on (listed bottom first)."""
    nodes = [Node(f"o{i}", kinds=["optimizer"], goal="g") for i in range(depth)]
    edges = [Edge(f"e{i}", f"o{i}", f"o{i + 1}") for i in range(depth - 1)]
    return Document.from_parts("long", nodes[::-1], edges[::-1])


def loops(size: int) -> Document:
    """One containment loop and one optimization loop through all ``size`` optimizers."""
    nodes = [Node(f"n{i}", kinds=["optimizer"], parent=f"n{(i + 1) % size}") for i in range(size)]
    edges = [Edge(f"e{i}", f"n{i}", f"n{(i + 1) % size}") for i in range(size)]
    return Document.from_parts("loops", nodes, edges)


def test_ten_thousand_level_containment_chain():
    result = classify(containment_chain(DEPTH))
    assert [p.id for p in result.problems] == [
        f"producer-inside-product:c{DEPTH - 1}->c0",
        f"product-inside-producer:c0->c{DEPTH - 1}",
    ]
    # Every level inherits the trainer (designed, so depth 1) and contains the learned levels below.
    assert result.labels["c0"] == ["composite-agent", "contains-mesa-optimizer", "mesa-depth-1", "mesa-optimizer"]
    assert result.labels["c5000"] == [
        "composite-agent", "contains-mesa-optimizer", "mesa-depth-1", "mesa-optimizer", "subagent"
    ]
    assert result.labels[f"c{DEPTH - 1}"] == ["mesa-depth-1", "mesa-optimizer", "subagent"]
    assert result.explanations[f"c{DEPTH - 1}"]["mesa-optimizer"].startswith(
        f"«Level {DEPTH - 1}» is an optimizer that was itself produced by optimization: «Trainer» "
        "(via its container «Level 0»)."
    )


def test_ten_thousand_long_optimizer_chain():
    result = classify(optimizer_chain(DEPTH))
    assert result.problems == []
    assert result.labels["o0"] == ["base-optimizer", "meta-optimizer"]
    assert result.labels["o1"] == ["base-optimizer", "mesa-depth-1", "mesa-optimizer", "meta-optimizer"]
    assert result.labels[f"o{DEPTH - 1}"] == [f"mesa-depth-{DEPTH - 1}", "mesa-mesa-optimizer", "mesa-optimizer"]
    # The chain of 10,000 names is shown with its middle elided.
    assert result.explanations[f"o{DEPTH - 1}"][f"mesa-depth-{DEPTH - 1}"] == (
        f"«o{DEPTH - 1}» sits {DEPTH - 1} learned-optimization levels below the outermost optimizer on its "
        f"longest chain «o0» → «o1» → «o2» → … {DEPTH - 6} more … → «o9997» → «o9998» → «o9999». "
        "Designed optimizers restart the count."
    )
    assert "(«o0» → «o1» → «o2» → «o3» → «o4» → «o5» → «o6»)." in result.explanations["o6"]["mesa-mesa-optimizer"]
    assert "«o0» → «o1» → «o2» → … 2 more … → «o5» → «o6» → «o7»" in result.explanations["o7"]["mesa-depth-7"]


def test_ten_thousand_node_containment_loop_and_optimization_loop():
    result = classify(loops(DEPTH))
    ids = ",".join(sorted(f"n{i}" for i in range(DEPTH)))
    assert [p.id for p in result.problems] == [f"containment-cycle:{ids}", f"optimizes-cycle:{ids}"]
    assert result.labels["n0"] == ["base-optimizer", "mesa-optimizer", "meta-optimizer", "objective-unstated"]


@pytest.mark.parametrize("shape", [containment_chain, optimizer_chain, loops], ids=lambda shape: shape.__name__)
def test_classifying_deep_and_long_structures_is_linear_work(shape):
    """A walk along the chain per node would do 16 times the work on 4 times the nodes."""

    def classify_shape(size: int):
        doc = shape(size)
        return lambda: classify(doc)

    assert growth(classify_shape, 1_000) < LINEAR
