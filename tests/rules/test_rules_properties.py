"""Properties of the classifier on random diagrams: broken parents and edges included."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagrammer.model import Document, Edge, Node
from diagrammer.rules import classify
from tests.rules.oracle import oracle

IDS = [f"n{i}" for i in range(10)]
GHOSTS = ["ghost", "n99"]
GOALS = [None, "", "  ", "win", "Win.", " WIN! ", "lose", "ｗｉｎ", "..."]
KINDS = [[], ["agent"], ["optimizer"], ["agent", "optimizer"], ["optimizer", "agent"]]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def diagrams(draw) -> Document:
    """Up to 10 nodes with random kinds, goals and designed flags; parents that may be missing,
    the node itself or form loops; optimizes edges with self-loops, duplicates and missing ends,
    and a few link edges."""
    count = draw(st.integers(1, len(IDS)))
    ids = IDS[:count]
    ends = st.sampled_from(ids + GHOSTS)
    nodes = [
        Node(
            node_id,
            name=draw(st.sampled_from([node_id, "", "Same name"])),
            kinds=list(draw(st.sampled_from(KINDS))),
            designed_by_humans=draw(st.booleans()),
            goal=draw(st.sampled_from(GOALS)),
            parent=draw(st.one_of(st.none(), ends)),
        )
        for node_id in ids
    ]
    pairs = draw(st.lists(st.tuples(ends, ends, st.sampled_from(["optimizes"] * 4 + ["link"])), max_size=16))
    edges = [Edge(f"e{i}", source, target, kind=kind) for i, (source, target, kind) in enumerate(pairs)]
    return Document.from_parts("random", nodes, edges)


def _full(result) -> tuple:
    """Everything a classification says, problems with their node and edge ids."""
    return result.labels, result.explanations, result.problems


@SETTINGS
@given(diagrams())
def test_agrees_with_a_naive_reading_of_the_rules(doc):
    result = classify(doc)
    expected_labels, expected_problems = oracle(doc)
    assert result.labels == expected_labels
    assert [p.id for p in result.problems] == expected_problems


@SETTINGS
@given(diagrams(), st.randoms(use_true_random=False))
def test_order_of_nodes_and_edges_does_not_matter(doc, rng):
    nodes = list(doc.nodes.values())
    edges = list(doc.edges.values())
    rng.shuffle(nodes)
    rng.shuffle(edges)
    shuffled = Document.from_parts(doc.title, nodes, edges)
    assert _full(classify(shuffled)) == _full(classify(doc))
    assert classify(shuffled).to_json_dict(shuffled) == classify(doc).to_json_dict(doc)


@SETTINGS
@given(diagrams())
def test_output_is_complete_sorted_and_consistent(doc):
    result = classify(doc)
    assert list(result.labels) == sorted(doc.nodes)
    assert list(result.explanations) == sorted(doc.nodes)
    for node_id, labels in result.labels.items():
        assert labels == sorted(labels)
        assert len(set(labels)) == len(labels)
        assert list(result.explanations[node_id]) == labels
        assert all(text for text in result.explanations[node_id].values())
    ids = [problem.id for problem in result.problems]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for problem in result.problems:
        assert problem.id == f"{problem.code}:{problem.subject}"
        assert set(problem.node_ids) <= set(doc.nodes)
        assert set(problem.edge_ids) <= set(doc.edges)
        assert "«X»" not in problem.message and "«P»" not in problem.message


@SETTINGS
@given(diagrams())
def test_exclusions_and_implications_hold(doc):
    for node_id, labels in classify(doc).labels.items():
        has = set(labels)
        node = doc.nodes[node_id]
        depths = [label for label in labels if label.startswith("mesa-depth-")]
        # rules.md §5: R6 excludes R7; R7 excludes R11 and R14; R10 excludes R11.
        assert not {"designed-optimizer", "mesa-optimizer"} <= has
        assert not {"mesa-optimizer", "learned-algorithm"} <= has
        assert not {"mesa-optimizer", "behavioral-objective-mismatch"} <= has
        assert not {"contains-mesa-optimizer", "learned-algorithm"} <= has
        assert len(depths) <= 1
        if depths:
            assert "mesa-optimizer" in has
        assert ("mesa-mesa-optimizer" in has) == any(int(d.rsplit("-", 1)[1]) >= 2 for d in depths)
        if "meta-optimizer" in has:
            assert "base-optimizer" in has
        if has & {"subagent", "composite-agent", "hosted-agent"}:
            assert node.is_agent
        assert not {"subagent", "hosted-agent"} <= has
        if has & {"base-optimizer", "designed-optimizer", "mesa-optimizer", "outer-objective-mismatch"}:
            assert node.is_optimizer
        if "objective-mismatch" in has or "objective-unstated" in has:
            assert "mesa-optimizer" in has
