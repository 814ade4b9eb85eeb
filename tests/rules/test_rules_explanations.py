"""The filled explanation templates of rules.md §5, checked word for word on the public cases."""

from __future__ import annotations

import pytest

from diagrammer.rules import classify
from tests.rules.support import case_document, diagram, load_cases, node

CASES = {case["id"]: case for case in load_cases()}


def explained(case_id: str) -> dict[str, dict[str, str]]:
    return classify(case_document(CASES[case_id])).explanations


def test_r1_subagent():
    assert explained("mind-of-shards")["social"]["subagent"] == (
        "«Shard: social approval» is an agent drawn inside «Mind», which is also an agent. A subagent is "
        "\"an agent that is a part of an agent\" (AISafety.info). Its goal may differ from «Mind»'s: the "
        "whole's goals emerge from its parts."
    )


def test_r2_composite_agent_lists_its_subagents_by_name():
    assert explained("mind-of-shards")["mind"]["composite-agent"] == (
        "«Mind» is an agent composed of the subagents «Shard: curiosity», «Shard: social approval», so its "
        "overall goals emerge from their interaction (shard theory; multiagent models of mind)."
    )


def test_r3_hosted_agent():
    assert explained("simulated-character")["char"]["hosted-agent"] == (
        "«Simulated character» is an agent inside «Simulation», which is not an agent. It is part of a "
        "system, but not a subagent, because no larger agent is composed."
    )


def test_r4_base_optimizer_with_and_without_a_goal():
    assert explained("coin-policy")["rl"]["base-optimizer"] == (
        "«Reward learner» optimizes «Navigation policy», so it is the base (\"outer\") optimizer for them "
        "and its objective «reach the coin» is their base objective (Hubinger et al. §1.1)."
    )
    assert explained("mutual-training")["g"]["base-optimizer"] == (
        "«Generator» optimizes «Discriminator», so it is the base (\"outer\") optimizer for them and its "
        "objective (no stated goal) is their base objective (Hubinger et al. §1.1)."
    )


def test_r4_lists_products_by_name_then_id_with_blank_names_shown_as_ids():
    doc = diagram(
        [node("p", "optimizer", goal=" win. "), node("b", name="Same"), node("a", name="Same"), node("c", name=" ")],
        [("p", "b"), ("p", "c"), ("p", "a")],
    )
    assert classify(doc).explanations["p"]["base-optimizer"].startswith(
        "«p» optimizes «Same», «Same», «c», so it is the base (\"outer\") optimizer for them and its objective "
        "«win.» is"
    )


def test_r5_r6_meta_and_designed_optimizer():
    texts = explained("learned-optimizer-chain")["hp"]
    assert texts["meta-optimizer"] == (
        "«Hyperparameter search» produces «Learned optimizer», which is itself a base optimizer. A system "
        "that produces a base optimizer is a meta-optimizer (Hubinger et al., glossary)."
    )
    assert texts["designed-optimizer"] == (
        "«Hyperparameter search» is an optimizer explicitly implemented by humans (hard-coded). Hand-written "
        "search is not a mesa-optimizer (Hubinger et al. §2: hard-coded MCTS)."
    )


MESA_QUOTES = (
    "\"A mesa-optimizer is an optimizer that is optimized by an optimizer\" (AISafety.info); it is \"a learned "
    "algorithm that is itself an optimizer\" (Hubinger et al.). If it was hand-coded, set designed_by_humans."
)


def test_r7_inherited_via_its_container():
    assert explained("planner-in-trained-program")["plan"]["mesa-optimizer"] == (
        "«Planner» is an optimizer that was itself produced by optimization: «Training process» (via its "
        f"container «Trained program»). {MESA_QUOTES}"
    )


def test_r7_direct_and_inherited_and_the_meta_learning_reading():
    doc = diagram(
        [node("a", "optimizer"), node("b", "optimizer"), node("net"), node("inner", "optimizer", parent="net"),
         node("x", "optimizer", parent="inner"), node("y")],
        [("a", "net"), ("b", "inner"), ("a", "x"), ("x", "y")],
    )
    assert classify(doc).explanations["x"]["mesa-optimizer"] == (
        "«x» is an optimizer that was itself produced by optimization: «a», «b» (directly, and via its "
        f"containers «inner», «net»). {MESA_QUOTES} If «x» was found by deliberate meta-learning, it is "
        "\"a kind of learned optimizer\" but \"not the form of learned optimization\" Hubinger et al. study."
    )


def test_r8_depth_one():
    assert explained("learned-optimizer-chain")["lo"]["mesa-depth-1"] == (
        "«Learned optimizer» sits 1 learned-optimization level below the outermost optimizer on its longest "
        "chain «Hyperparameter search» → «Learned optimizer». Designed optimizers restart the count."
    )


def test_r10_contains_mesa_optimizer():
    assert explained("planner-in-trained-program")["prog"]["contains-mesa-optimizer"] == (
        "«Trained program» was learned and contains the learned optimizer «Planner». On Hubinger et al.'s "
        "reading, «Trained program» itself performs mesa-optimization."
    )


def test_r11_learned_algorithm():
    assert explained("coin-policy")["nav"]["learned-algorithm"] == (
        "«Navigation policy» was produced by «Reward learner» but is not itself an optimizer: the base "
        "optimizer's solution is \"a simple algorithm which is not an optimizer\" (AISafety.info; Hubinger "
        "et al.'s learned algorithm)."
    )


def test_r12_objective_mismatch():
    assert explained("planner-in-trained-program")["plan"]["objective-mismatch"] == (
        "«Planner»'s objective «maximize plan score» differs from its base objective «solve the task» (from "
        "«Training process»). That is a possible inner-alignment gap. Pseudo-alignment (proxy, approximate, "
        "suboptimality) or deceptive alignment cannot be confirmed from a diagram."
    )


@pytest.mark.parametrize(
    ("goals", "which"),
    [
        ((None, "g", "g"), "«x» has"),
        (("g", None, "g"), "«p» has"),
        ((None, None, None), "«x», «p» and «q» have"),
    ],
)
def test_r13_names_every_node_lacking_a_goal(goals, which):
    doc = diagram(
        [node("x", "optimizer", goal=goals[0]), node("p", "optimizer", goal=goals[1]),
         node("q", "optimizer", goal=goals[2])],
        [("q", "x"), ("p", "x")],
    )
    assert classify(doc).explanations["x"]["objective-unstated"] == (
        f"The mesa-objective of «x» cannot be compared with its base objective because {which} no stated goal. "
        "Mesa-objectives are \"not specified directly by the programmers\"."
    )


def test_r14_behavioral_objective_mismatch():
    assert explained("coin-policy")["nav"]["behavioral-objective-mismatch"] == (
        "«Navigation policy» is not an optimizer, so «go to the right edge» is read as its behavioral "
        "objective. It differs from «reach the coin», a reward-result gap or goal misgeneralization risk. "
        "This is not inner misalignment in the strict sense of Hubinger et al. 2019."
    )


def test_r15_outer_objective_mismatch():
    assert explained("recommender")["trainer"]["outer-objective-mismatch"] == (
        "The objective «maximize clicks» given to «Recommender trainer» differs from its designer «Engineering "
        "team»'s goal «user wellbeing». This is an outer-alignment gap (Hubinger et al. §1.2)."
    )
