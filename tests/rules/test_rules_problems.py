"""Every problem code of rules.md §3: subjects, effects, messages, and the items each names."""

from __future__ import annotations

from diagrammer.model import Document, Edge
from diagrammer.rules import PROBLEM_MESSAGES, classify
from tests.rules.support import diagram, node, problem_ids


def test_dangling_parent_is_reported_and_treated_as_no_parent():
    doc = diagram([node("char", "agent", parent="ghost"), node("other", parent="ghost")])
    result = classify(doc)
    assert problem_ids(result) == ["dangling-reference:ghost"]
    (problem,) = result.problems
    assert (problem.code, problem.subject, problem.message) == (
        "dangling-reference", "ghost", "a referenced node does not exist"
    )
    assert problem.node_ids == ("char", "other")
    assert problem.edge_ids == ()
    # Top-level now: not an agent inside a non-agent.
    assert result.labels == {"char": [], "other": []}


def test_dangling_edges_are_dropped_and_each_missing_id_reported_once():
    doc = diagram(
        [node("sgd", "optimizer"), node("kid", parent="lost")],
        [("sgd", "lost"), ("gone", "nowhere"), ("gone", "gone"), ("lost", "sgd")],
    )
    result = classify(doc)
    assert problem_ids(result) == [
        "dangling-reference:gone",
        "dangling-reference:lost",
        "dangling-reference:nowhere",
    ]
    by_id = {problem.subject: problem for problem in result.problems}
    assert by_id["lost"].node_ids == ("kid", "sgd")
    assert by_id["lost"].edge_ids == ("e0", "e3")
    assert by_id["gone"].edge_ids == ("e1", "e2")
    assert by_id["gone"].node_ids == ()
    assert result.labels == {"sgd": [], "kid": []}


def test_containment_cycle_nodes_become_top_level_but_keep_their_other_children():
    doc = diagram([
        node("a", "agent", parent="b"),
        node("b", "agent", parent="a"),
        node("c", "agent", parent="a"),
        node("d", parent="c"),
        node("e", "agent", parent="d"),
    ])
    result = classify(doc)
    assert problem_ids(result) == ["containment-cycle:a,b"]
    assert result.problems[0].node_ids == ("a", "b")
    assert result.problems[0].message == "containment loops; treated as top-level"
    assert result.labels == {
        "a": ["composite-agent"],
        "b": [],
        "c": ["composite-agent", "subagent"],
        "d": [],
        "e": ["subagent"],
    }


def test_a_node_inside_itself_is_a_containment_cycle():
    result = classify(diagram([node("a", "agent", parent="a"), node("k", "agent", parent="a")]))
    assert problem_ids(result) == ["containment-cycle:a"]
    assert result.labels == {"a": ["composite-agent"], "k": ["subagent"]}


def test_separate_containment_loops_are_separate_problems_and_edges_see_them_top_level():
    doc = diagram(
        [node("x", "optimizer", parent="y"), node("y", "optimizer", parent="x"), node("p", parent="q"),
         node("q", parent="r"), node("r", parent="p")],
        [("x", "y")],
    )
    result = classify(doc)
    assert problem_ids(result) == ["containment-cycle:p,q,r", "containment-cycle:x,y"]
    # After the loop is broken neither is inside the other, so the edge is valid.
    assert result.labels["x"] == ["base-optimizer"]
    assert result.labels["y"] == ["mesa-depth-1", "mesa-optimizer", "objective-unstated"]


def test_self_optimization_drops_the_edge_and_is_not_a_cycle():
    doc = diagram([node("self", "optimizer"), node("data")], [("self", "self"), ("data", "data"), ("self", "self")])
    result = classify(doc)
    # A self-loop is dropped before the producer is checked: "data" gets no second problem.
    assert problem_ids(result) == ["self-optimization:data", "self-optimization:self"]
    assert result.problems[1].edge_ids == ("e0", "e2")
    assert result.problems[1].message == "a system is not a separate model from itself; edge ignored"
    assert result.labels == {"self": [], "data": []}


def test_producer_not_optimizer():
    result = classify(diagram([node("data", name="Dataset"), node("model", "optimizer")], [("data", "model")]))
    assert problem_ids(result) == ["producer-not-optimizer:data->model"]
    assert result.problems[0].message == PROBLEM_MESSAGES["producer-not-optimizer"]
    assert result.problems[0].node_ids == ("data", "model")
    assert result.problems[0].edge_ids == ("e0",)
    assert result.labels == {"data": [], "model": []}


def test_product_inside_producer_message_names_both():
    doc = diagram(
        [node("a", "optimizer", name="Optimizer A"), node("mid", parent="a"),
         node("part", "optimizer", parent="mid", name="")],
        [("a", "part")],
    )
    result = classify(doc)
    assert problem_ids(result) == ["product-inside-producer:a->part"]
    assert result.problems[0].message == (
        "by definition a mesa-optimizer is shaped by its base optimizer but is not part of it; "
        "move «part» out of «Optimizer A» or remove the edge"
    )
    assert result.labels == {"a": [], "mid": [], "part": []}


def test_producer_inside_product():
    doc = diagram([node("policy", name="Policy"), node("planner", "optimizer", parent="policy")],
                  [("planner", "policy")])
    result = classify(doc)
    assert problem_ids(result) == ["producer-inside-product:planner->policy"]
    assert result.problems[0].message == (
        "«Policy» cannot be optimized by its own part; draw the edge to the part that is actually trained"
    )


def test_independent_edge_checks_are_reported_together():
    doc = diagram(
        [node("box"), node("item", parent="box"), node("shell"), node("core", parent="shell")],
        [("box", "item"), ("core", "shell")],
    )
    assert problem_ids(classify(doc)) == [
        "producer-inside-product:core->shell",
        "producer-not-optimizer:box->item",
        "producer-not-optimizer:core->shell",
        "product-inside-producer:box->item",
    ]


def test_duplicate_edges_count_once_and_are_reported_once():
    doc = diagram(
        [node("sgd", "optimizer"), node("net"), node("data")],
        [("sgd", "net"), ("sgd", "net"), ("data", "net"), ("data", "net")],
    )
    result = classify(doc)
    assert problem_ids(result) == ["producer-not-optimizer:data->net"]
    assert result.problems[0].edge_ids == ("e2", "e3")
    assert result.explanations["sgd"]["base-optimizer"].startswith("«sgd» optimizes «net», so it is")


def test_link_edges_are_ignored_entirely():
    doc = diagram(
        [node("data"), node("model", "optimizer")],
        links=[("data", "model"), ("model", "ghost"), ("model", "model")],
    )
    result = classify(doc)
    assert result.problems == []
    assert result.labels == {"data": [], "model": []}


def test_optimizes_cycle_one_problem_per_component_naming_its_edges():
    doc = diagram(
        [node(n, "optimizer") for n in ("g", "d", "x", "y", "z")],
        [("g", "d"), ("d", "g"), ("x", "y"), ("y", "z"), ("z", "x"), ("d", "x")],
    )
    result = classify(doc)
    assert problem_ids(result) == ["optimizes-cycle:d,g", "optimizes-cycle:x,y,z"]
    assert result.problems[0].edge_ids == ("e0", "e1")
    assert result.problems[1].edge_ids == ("e2", "e3", "e4")
    assert result.problems[0].message == (
        "mutual optimization; where the loop runs through learned optimizers only, they and the optimizers they "
        "produce get no mesa level (a designed optimizer in the loop restarts the count)"
    )
    # A loop of learned optimizers: no node in it has a mesa level.
    assert not any(label.startswith("mesa-depth-") for n in "gdxyz" for label in result.labels[n])


def test_optimizes_cycle_through_a_designed_optimizer_keeps_the_mesa_level_the_message_promises():
    """Issue 12: Humans, in a loop with a designed optimizer, still shows Mesa level 1."""
    doc = diagram(
        [node("humans", "agent optimizer", goal="g"), node("sgd", "optimizer", designed=True, goal="g")],
        [("humans", "sgd"), ("sgd", "humans")],
    )
    result = classify(doc)
    assert problem_ids(result) == ["optimizes-cycle:humans,sgd"]
    assert "a designed optimizer in the loop restarts the count" in result.problems[0].message
    assert result.labels["humans"] == ["base-optimizer", "mesa-depth-1", "mesa-optimizer", "meta-optimizer"]


def test_optimizes_cycle_through_an_inherited_pair():
    doc = diagram(
        [node("A", "optimizer"), node("B"), node("b", "optimizer", parent="B")],
        [("A", "B"), ("b", "A")],
    )
    result = classify(doc)
    assert problem_ids(result) == ["optimizes-cycle:A,b"]
    assert result.problems[0].edge_ids == ("e0", "e1")
    assert result.labels == {
        "A": ["base-optimizer", "mesa-optimizer", "objective-unstated"],
        "B": ["contains-mesa-optimizer"],
        "b": ["base-optimizer", "mesa-optimizer", "meta-optimizer", "objective-unstated"],
    }


def test_problems_are_sorted_by_id_across_kinds():
    doc = Document.from_parts(
        "",
        [node("z", parent="missing"), node("a", parent="a"), node("o", "optimizer")],
        [Edge("e1", "o", "o"), Edge("e2", "a", "z")],
    )
    ids = problem_ids(classify(doc))
    assert ids == sorted(ids) == [
        "containment-cycle:a",
        "dangling-reference:missing",
        "producer-not-optimizer:a->z",
        "self-optimization:o",
    ]
