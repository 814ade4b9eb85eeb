"""Why a label holds: the nodes and arrows a view lights up (issue 12 item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from diagrammer.io import load_path
from diagrammer.model import Document
from diagrammer.rules import Why, classify
from tests.rules.support import diagram, node
from tests.rules.test_rules_properties import SETTINGS, diagrams
from tests.work import LINEAR, growth

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


def why(doc, node_id, label):
    found = classify(doc).why(node_id, label)
    return sorted(found.nodes), sorted(found.edges)


def company():
    """SGD trains Company; Planner sits in Team in Company; a second arrow draws the same pair."""
    return diagram(
        [
            node("sgd", "optimizer", designed=True, goal="loss"),
            node("company", goal="profit"),
            node("team", parent="company"),
            node("planner", "agent optimizer", parent="team", goal="plans"),
            node("lab", "optimizer", goal="loss"),
            node("other", "optimizer"),
        ],
        [("sgd", "company"), ("sgd", "company"), ("lab", "planner"), ("sgd", "other")],
    )


def test_mesa_optimizer_lights_its_producers_their_arrows_and_the_containers_of_the_chain():
    assert why(company(), "planner", "mesa-optimizer") == (["company", "lab", "sgd", "team"], ["e0", "e1", "e2"])


def test_mesa_depth_and_objective_labels_light_the_same_chain():
    doc = company()
    assert why(doc, "planner", "mesa-depth-1") == why(doc, "planner", "mesa-optimizer")
    # Planner's goal differs from both producers', so both are lit.
    assert why(doc, "planner", "objective-mismatch") == (["company", "lab", "sgd", "team"], ["e0", "e1", "e2"])
    # Other has no goal: every producer is compared with nothing.
    assert why(doc, "other", "objective-unstated") == (["sgd"], ["e3"])


def test_a_mismatch_lights_only_the_differing_producer():
    doc = diagram(
        [node("a", "optimizer", goal="x"), node("b", "optimizer", goal="y"), node("m", "optimizer", goal="x")],
        [("a", "m"), ("b", "m")],
    )
    assert why(doc, "m", "objective-mismatch") == (["b"], ["e1"])
    assert why(doc, "m", "mesa-optimizer") == (["a", "b"], ["e0", "e1"])


def test_mesa_mesa_lights_the_longest_chain():
    doc = diagram(
        [
            node("hp", "optimizer", designed=True),
            node("lo", "optimizer"),
            node("prog"),
            node("plan", "optimizer", parent="prog"),
            node("side", "optimizer"),
        ],
        [("hp", "lo"), ("lo", "prog"), ("side", "plan")],
    )
    assert classify(doc).labels["plan"] == [
        "mesa-depth-2",
        "mesa-mesa-optimizer",
        "mesa-optimizer",
        "objective-unstated",
    ]
    assert why(doc, "plan", "mesa-mesa-optimizer") == (["hp", "lo", "prog", "side"], ["e0", "e1", "e2"])
    assert why(doc, "plan", "mesa-depth-2") == why(doc, "plan", "mesa-mesa-optimizer")


def test_containment_labels_light_the_agents_and_the_containers_between():
    doc = diagram(
        [
            node("mind", "agent"),
            node("coal", parent="mind"),
            node("cur", "agent", parent="coal"),
            node("social", "agent", parent="mind"),
            node("sim"),
            node("npc", "agent", parent="sim"),
        ]
    )
    assert why(doc, "cur", "subagent") == (["coal", "mind"], [])
    assert why(doc, "mind", "composite-agent") == (["coal", "cur", "social"], [])
    assert why(doc, "npc", "hosted-agent") == (["sim"], [])


def test_base_and_meta_optimizers_light_their_products():
    doc = diagram(
        [node("hp", "optimizer"), node("lo", "optimizer"), node("pol"), node("net")],
        [("hp", "lo"), ("lo", "pol"), ("hp", "net")],
    )
    assert why(doc, "hp", "base-optimizer") == (["lo", "net"], ["e0", "e2"])
    assert why(doc, "hp", "meta-optimizer") == (["lo", "pol"], ["e0", "e1"])
    assert why(doc, "net", "learned-algorithm") == (["hp"], ["e2"])


def test_contains_mesa_optimizer_lights_the_learned_optimizers_inside_and_their_producers():
    doc = diagram(
        [
            node("train", "optimizer", designed=True),
            node("prog"),
            node("mod", parent="prog"),
            node("plan", "optimizer", parent="mod"),
            node("perc", parent="prog"),
            node("coach", "optimizer"),
        ],
        [("train", "prog"), ("coach", "plan")],
    )
    assert why(doc, "prog", "contains-mesa-optimizer") == (["coach", "mod", "plan", "train"], ["e0", "e1"])


def test_direct_mismatches_light_the_differing_direct_producers():
    doc = diagram(
        [
            node("people", "agent optimizer", goal="help"),
            node("sgd", "optimizer", designed=True, goal="loss"),
            node("net", goal="clicks"),
        ],
        [("people", "sgd"), ("sgd", "net")],
    )
    assert why(doc, "sgd", "outer-objective-mismatch") == (["people"], ["e0"])
    assert why(doc, "net", "behavioral-objective-mismatch") == (["sgd"], ["e1"])
    assert why(doc, "sgd", "designed-optimizer") == ([], [])


@pytest.mark.parametrize(
    ("node_id", "label"),
    [("sgd", "mesa-optimizer"), ("planner", "mesa-depth-2"), ("nobody", "subagent"), ("planner", "no-such-label")],
)
def test_a_label_the_node_lacks_lights_nothing(node_id, label):
    assert classify(company()).why(node_id, label) == Why()


def test_the_seed_example_planner_chain():
    doc = load_path(EXAMPLES / "planner-in-trained-program.diagram.json")
    result = classify(doc)
    assert "via its container «Trained program»" in result.explanations["plan"]["mesa-optimizer"]
    assert result.why("plan", "mesa-optimizer") == Why(frozenset({"train", "prog"}), frozenset({"e1"}))


def test_every_label_of_every_example_has_an_answer_naming_existing_things():
    for path in sorted(EXAMPLES.glob("*.json")):
        doc = load_path(path)
        result = classify(doc)
        for node_id, labels in result.labels.items():
            for label in labels:
                found = result.why(node_id, label)
                assert found.nodes <= set(doc.nodes) - {node_id}, (path.name, node_id, label)
                assert found.edges <= set(doc.edges), (path.name, node_id, label)
                if label != "designed-optimizer":
                    assert found.nodes, (path.name, node_id, label)


def test_problems_name_what_they_involve():
    doc = diagram([node("data"), node("model", "optimizer")], [("data", "model")])
    (problem,) = classify(doc).problems
    assert (problem.node_ids, problem.edge_ids) == (("data", "model"), ("e0",))


def test_a_classification_answers_for_the_diagram_it_classified_even_after_an_edit():
    from diagrammer.model import RemoveNodes

    doc = company()
    result = classify(doc)
    doc.apply(RemoveNodes(["planner", "team"]))
    assert result.why("planner", "mesa-optimizer").nodes == {"company", "lab", "sgd", "team"}
    assert result.why("newcomer", "subagent") == Why()


# Labels whose highlighted arrows are all of their cause: remove them and the label goes.
EDGE_CAUSED = {
    "mesa-optimizer", "base-optimizer", "meta-optimizer", "learned-algorithm", "objective-mismatch",
    "behavioral-objective-mismatch", "outer-objective-mismatch",
}  # fmt: skip


@SETTINGS
@given(diagrams())
def test_what_is_lit_is_what_makes_the_label_true(doc):
    result = classify(doc)
    rejected = {edge for problem in result.problems if problem.code != "optimizes-cycle" for edge in problem.edge_ids}
    for node_id, labels in result.labels.items():
        for label in labels:
            found = result.why(node_id, label)
            assert found.nodes <= set(doc.nodes) - {node_id}
            assert found.edges <= set(doc.edges) - rejected  # only valid arrows are ever a reason
            if label in EDGE_CAUSED:
                kept = [edge for edge in doc.edges.values() if edge.id not in found.edges]
                without = Document.from_parts("", [n.copy() for n in doc.nodes.values()], kept)
                assert label not in classify(without).labels[node_id], (node_id, label)


def long_chain(count: int):
    """The classification of o0 -> o1 -> ... (optimizes arrows) and what lights the last one's label."""
    from diagrammer.model import Edge, Node

    nodes = [Node(f"o{i}", kinds=["optimizer"]) for i in range(count)]
    edges = [Edge(f"e{i}", f"o{i}", f"o{i + 1}") for i in range(count - 1)]
    result = classify(Document.from_parts("long", nodes, edges))
    return lambda: result.why(f"o{count - 1}", "mesa-mesa-optimizer")


def test_a_ten_thousand_long_chain_is_lit_whole_with_linear_work():
    found = long_chain(10_000)()
    assert len(found.nodes) == 9_999 and len(found.edges) == 9_999
    assert growth(long_chain, 1_000) < LINEAR, "a walk back along the chain per node would be 16 times"
