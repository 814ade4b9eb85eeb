"""Mesa depth (R8, R9): longest chains, designed restarts, and loops that leave depth undefined."""

from __future__ import annotations

from diagrammer.rules import classify
from tests.rules.support import diagram, labels, node, problem_ids


def test_trained_dog_has_two_producers_and_takes_the_longest_chain():
    doc = diagram(
        [node("evolution", "optimizer", goal="fitness"), node("trainer", "agent optimizer", goal="fitness"),
         node("dog", "agent optimizer", goal="fitness")],
        [("evolution", "dog"), ("trainer", "dog"), ("evolution", "trainer")],
    )
    assert labels(doc) == {
        "evolution": ["base-optimizer", "meta-optimizer"],
        "trainer": ["base-optimizer", "mesa-depth-1", "mesa-optimizer"],
        "dog": ["mesa-depth-2", "mesa-mesa-optimizer", "mesa-optimizer"],
    }


def test_depth_counts_through_inherited_producers():
    doc = diagram(
        [node("hp", "optimizer", designed=True, goal="g"), node("lo", "optimizer", goal="g"), node("prog", goal="g"),
         node("plan", "optimizer", parent="prog", goal="g")],
        [("hp", "lo"), ("lo", "prog")],
    )
    assert labels(doc)["plan"] == ["mesa-depth-2", "mesa-mesa-optimizer", "mesa-optimizer"]
    assert classify(doc).explanations["plan"]["mesa-depth-2"] == (
        "«plan» sits 2 learned-optimization levels below the outermost optimizer on its longest chain "
        "«hp» → «lo» → «plan». Designed optimizers restart the count."
    )


def test_designed_optimizers_restart_the_count():
    doc = diagram(
        [node("evolution", "optimizer", goal="g"), node("humans", "agent optimizer", goal="g"),
         node("sgd", "optimizer", designed=True, goal="g"), node("model", "optimizer", goal="g"),
         node("planner", "optimizer", goal="g")],
        [("evolution", "humans"), ("humans", "sgd"), ("sgd", "model"), ("model", "planner")],
    )
    found = labels(doc)
    assert found["humans"] == ["base-optimizer", "mesa-depth-1", "mesa-optimizer", "meta-optimizer"]
    assert found["model"] == ["base-optimizer", "mesa-depth-1", "mesa-optimizer"]
    assert found["planner"] == ["mesa-depth-2", "mesa-mesa-optimizer", "mesa-optimizer"]
    assert classify(doc).explanations["planner"]["mesa-mesa-optimizer"] == (
        "«planner» was optimized by an optimizer that was itself a mesa-optimizer («sgd» → «model» → «planner»). "
        "Mesa-optimizers can produce further optimizers (Hubinger et al. §5, CAIS)."
    )


def test_a_loop_hides_depth_in_it_and_everywhere_it_reaches():
    doc = diagram(
        [node("g", "optimizer"), node("d", "optimizer"), node("x", "optimizer"), node("y", "optimizer"),
         node("o", "optimizer"), node("z")],
        [("g", "d"), ("d", "g"), ("d", "x"), ("x", "y"), ("o", "y"), ("d", "z")],
    )
    result = classify(doc)
    assert problem_ids(result) == ["optimizes-cycle:d,g"]
    assert result.labels == {
        "g": ["base-optimizer", "mesa-optimizer", "meta-optimizer", "objective-unstated"],
        "d": ["base-optimizer", "mesa-optimizer", "meta-optimizer", "objective-unstated"],
        "x": ["base-optimizer", "mesa-optimizer", "objective-unstated"],
        "y": ["mesa-optimizer", "objective-unstated"],
        "o": ["base-optimizer"],
        "z": ["learned-algorithm"],
    }
    assert result.explanations["y"]["mesa-optimizer"].endswith(
        "Its chain of producers loops (an optimizes-cycle), so its mesa level is undefined."
    )


def test_a_loop_inherited_through_a_container_hides_depth_of_its_parts():
    doc = diagram(
        [node("a", "optimizer"), node("net"), node("head", "optimizer", parent="net"),
         node("tail", "optimizer", parent="net")],
        [("a", "net"), ("head", "a")],
    )
    result = classify(doc)
    # tail produces nothing, so it is not on the loop, only reached from it.
    assert problem_ids(result) == ["optimizes-cycle:a,head"]
    assert result.labels == {
        "a": ["base-optimizer", "mesa-optimizer", "objective-unstated"],
        "net": ["contains-mesa-optimizer"],
        "head": ["base-optimizer", "mesa-optimizer", "meta-optimizer", "objective-unstated"],
        "tail": ["mesa-optimizer", "objective-unstated"],
    }


def test_a_cycle_through_a_designed_optimizer_is_reported_but_keeps_depth():
    # G loops humans -> sgd -> model -> humans, so the cycle is reported; but depth is defined
    # over mesa-optimizer pairs only, and the designed sgd restarts the count (rules.md R8, A6).
    doc = diagram(
        [node("humans", "optimizer"), node("sgd", "optimizer", designed=True), node("model", "optimizer")],
        [("humans", "sgd"), ("sgd", "model"), ("model", "humans")],
    )
    result = classify(doc)
    assert problem_ids(result) == ["optimizes-cycle:humans,model,sgd"]
    assert result.problems[0].edge_ids == ("e0", "e1", "e2")
    assert result.labels == {
        "humans": ["base-optimizer", "mesa-depth-2", "mesa-mesa-optimizer", "mesa-optimizer", "meta-optimizer",
                   "objective-unstated"],
        "sgd": ["base-optimizer", "designed-optimizer", "meta-optimizer"],
        "model": ["base-optimizer", "mesa-depth-1", "mesa-optimizer", "meta-optimizer", "objective-unstated"],
    }


def test_a_learned_loop_beside_a_designed_one_still_hides_depth():
    doc = diagram(
        [node("a", "optimizer"), node("b", "optimizer"), node("s", "optimizer", designed=True), node("c", "optimizer")],
        [("a", "b"), ("b", "a"), ("b", "s"), ("s", "a"), ("b", "c")],
    )
    result = classify(doc)
    assert problem_ids(result) == ["optimizes-cycle:a,b,s"]
    assert [label for label in result.labels["c"] if label.startswith("mesa-depth")] == []
    assert [label for label in result.labels["a"] if label.startswith("mesa-depth")] == []


def test_equal_chains_are_broken_by_name_then_id():
    doc = diagram(
        [node("top", "optimizer"), node("p2", "optimizer", name="Beta"), node("p1", "optimizer", name="Alpha"),
         node("x", "optimizer")],
        [("top", "p2"), ("top", "p1"), ("p2", "x"), ("p1", "x")],
    )
    assert "«top» → «Alpha» → «x»" in classify(doc).explanations["x"]["mesa-depth-2"]
