"""One test per rule R1–R15 (rules.md §5), with exact labels, and their combinations."""

from __future__ import annotations

from tests.rules.support import diagram, labels, node

# ----- R1–R3: containment ------------------------------------------------------------------------


def test_r1_r2_subagent_and_composite_agent_through_a_non_agent_coalition():
    doc = diagram([
        node("mind", "agent"),
        node("coalition", parent="mind"),
        node("curiosity", "agent", parent="coalition"),
        node("reflex", parent="mind"),
    ])
    assert labels(doc) == {
        "coalition": [],
        "curiosity": ["subagent"],
        "mind": ["composite-agent"],
        "reflex": [],
    }


def test_r1_r2_nested_agents_each_compose_their_nearest_parts():
    doc = diagram([node("a", "agent"), node("b", "agent", parent="a"), node("c", "agent", parent="b")])
    assert labels(doc) == {"a": ["composite-agent"], "b": ["composite-agent", "subagent"], "c": ["subagent"]}


def test_r3_hosted_agent_inside_non_agents_only():
    doc = diagram([node("sim"), node("world", parent="sim"), node("char", "agent", parent="world")])
    assert labels(doc) == {"char": ["hosted-agent"], "sim": [], "world": []}


def test_containment_labels_need_the_agent_kind_and_kinds_never_propagate_up():
    doc = diagram([node("box"), node("part", "optimizer", parent="box"), node("top", "agent")])
    assert labels(doc) == {"box": [], "part": [], "top": []}


# ----- R4–R6 -------------------------------------------------------------------------------------


def test_r4_r6_designed_base_optimizer_and_r11_its_learned_algorithm():
    doc = diagram([node("sgd", "optimizer", designed=True), node("net")], [("sgd", "net")])
    assert labels(doc) == {"net": ["learned-algorithm"], "sgd": ["base-optimizer", "designed-optimizer"]}


def test_r4_needs_a_valid_edge_and_r6_needs_no_edge():
    doc = diagram([node("mcts", "optimizer", designed=True), node("idle", "optimizer")])
    assert labels(doc) == {"idle": [], "mcts": ["designed-optimizer"]}


def test_r5_meta_optimizer_needs_a_direct_product_that_is_a_base_optimizer():
    doc = diagram(
        [
            node("team", "agent optimizer", goal="ship"),
            node("trainer", "optimizer", designed=True, goal="ship"),
            node("model"),
            node("outer", "optimizer", goal="ship"),
            node("box", goal="ship"),
            node("inner", "optimizer", parent="box", goal="ship"),
            node("out", goal="ship"),
        ],
        [("team", "trainer"), ("trainer", "model"), ("outer", "box"), ("inner", "out")],
    )
    assert labels(doc) == {
        "team": ["base-optimizer", "meta-optimizer"],
        "trainer": ["base-optimizer", "designed-optimizer"],
        "model": ["learned-algorithm"],
        # inner is a base optimizer, but outer produced its container, not inner itself.
        "outer": ["base-optimizer"],
        "box": ["contains-mesa-optimizer"],
        "inner": ["base-optimizer", "mesa-depth-1", "mesa-optimizer"],
        "out": ["learned-algorithm"],
    }


def test_r5_evolution_is_a_meta_optimizer_when_humans_optimize_something():
    doc = diagram(
        [
            node("evolution", "optimizer", goal="inclusive genetic fitness"),
            node("humans", "agent optimizer", goal="happiness"),
            node("sgd", "optimizer", designed=True, goal="low loss"),
            node("model", "optimizer", goal="predict tokens"),
        ],
        [("evolution", "humans"), ("humans", "sgd"), ("sgd", "model")],
    )
    assert labels(doc) == {
        "evolution": ["base-optimizer", "meta-optimizer"],
        "humans": ["base-optimizer", "mesa-depth-1", "mesa-optimizer", "meta-optimizer", "objective-mismatch"],
        "sgd": ["base-optimizer", "designed-optimizer", "outer-objective-mismatch"],
        # A6: the designed SGD restarts the count.
        "model": ["mesa-depth-1", "mesa-optimizer", "objective-mismatch"],
    }


# ----- R7, R10, R11: learned things and inheritance ----------------------------------------------


def test_r7_inherited_through_containers_and_r10_on_every_learned_container():
    doc = diagram(
        [
            node("train", "optimizer", designed=True, goal="g"),
            node("outer", goal="g"),
            node("middle", parent="outer"),
            node("planner", "optimizer", parent="middle", goal="g"),
            node("reflex", parent="middle"),
        ],
        [("train", "outer")],
    )
    assert labels(doc) == {
        "train": ["base-optimizer", "designed-optimizer"],
        "outer": ["contains-mesa-optimizer"],
        "middle": ["contains-mesa-optimizer"],
        "planner": ["mesa-depth-1", "mesa-optimizer"],
        # A15: non-optimizer parts of a learned container get no learned-algorithm label.
        "reflex": [],
    }


def test_designed_nodes_block_inheritance():
    doc = diagram(
        [
            node("train", "optimizer", goal="g"),
            node("outer", goal="g"),
            node("engine", "optimizer", parent="outer", designed=True, goal="g"),
            node("search", "optimizer", parent="engine", goal="g"),
        ],
        [("train", "outer")],
    )
    assert labels(doc) == {
        "train": ["base-optimizer"],
        "outer": ["learned-algorithm"],
        "engine": ["designed-optimizer"],
        "search": [],
    }


def test_r10_needs_the_container_itself_learned():
    doc = diagram([node("sgd", "optimizer", goal="g"), node("box"), node("m", "optimizer", parent="box", goal="g")],
                  [("sgd", "m")])
    assert labels(doc) == {"box": [], "m": ["mesa-depth-1", "mesa-optimizer"], "sgd": ["base-optimizer"]}


def test_r10_on_a_learned_optimizer_that_contains_a_learned_planner():
    doc = diagram(
        [node("sgd", "optimizer", designed=True, goal="g"), node("net", "optimizer", goal="g"),
         node("planner", "optimizer", parent="net", goal="g")],
        [("sgd", "net")],
    )
    assert labels(doc)["net"] == ["contains-mesa-optimizer", "mesa-depth-1", "mesa-optimizer"]
    assert labels(doc)["planner"] == ["mesa-depth-1", "mesa-optimizer"]


def test_r11_and_r14_need_a_direct_valid_edge():
    doc = diagram(
        [node("rl", "optimizer", goal="coin"), node("policy", goal="coin"), node("head", parent="policy", goal="edge")],
        [("rl", "policy")],
    )
    assert labels(doc) == {"rl": ["base-optimizer"], "policy": ["learned-algorithm"], "head": []}


# ----- R12–R15: goals ----------------------------------------------------------------------------


def test_r12_goals_compared_after_normalization():
    same = diagram([node("p", "optimizer", goal="Win the game."), node("x", "optimizer", goal="  win   THE game!")],
                   [("p", "x")])
    wide = diagram([node("p", "optimizer", goal="ｗｉｎ"), node("x", "optimizer", goal="WIN")], [("p", "x")])
    differ = diagram([node("p", "optimizer", goal="win"), node("x", "optimizer", goal="lose")], [("p", "x")])
    assert labels(same)["x"] == ["mesa-depth-1", "mesa-optimizer"]
    assert labels(wide)["x"] == ["mesa-depth-1", "mesa-optimizer"]
    assert labels(differ)["x"] == ["mesa-depth-1", "mesa-optimizer", "objective-mismatch"]


def test_r12_and_r13_together_against_several_effective_producers():
    doc = diagram(
        [node("a", "optimizer", goal="a"), node("b", "optimizer"), node("box"),
         node("x", "optimizer", parent="box", goal="x")],
        [("a", "x"), ("b", "box")],
    )
    assert labels(doc)["x"] == ["mesa-depth-1", "mesa-optimizer", "objective-mismatch", "objective-unstated"]


def test_r13_punctuation_only_goal_is_unstated():
    doc = diagram([node("p", "optimizer", goal="grow"), node("x", "optimizer", goal=" .!; ")], [("p", "x")])
    assert labels(doc)["x"] == ["mesa-depth-1", "mesa-optimizer", "objective-unstated"]


def test_r14_behavioral_objective_mismatch_combines_with_r10():
    doc = diagram(
        [node("train", "optimizer", designed=True, goal="a"), node("prog", goal="b"),
         node("plan", "optimizer", parent="prog", goal="a")],
        [("train", "prog")],
    )
    assert labels(doc) == {
        "train": ["base-optimizer", "designed-optimizer"],
        "prog": ["behavioral-objective-mismatch", "contains-mesa-optimizer"],
        "plan": ["mesa-depth-1", "mesa-optimizer"],
    }


def test_r14_not_for_designed_products():
    doc = diagram([node("p", "optimizer", goal="a"), node("tool", designed=True, goal="b")], [("p", "tool")])
    assert labels(doc) == {"p": ["base-optimizer"], "tool": []}


def test_r15_outer_objective_mismatch_needs_stated_goals():
    doc = diagram(
        [node("team", "agent optimizer", goal="wellbeing"), node("t1", "optimizer", designed=True, goal="clicks"),
         node("quiet", "optimizer"), node("t2", "optimizer", designed=True, goal="clicks")],
        [("team", "t1"), ("quiet", "t2")],
    )
    assert labels(doc)["t1"] == ["designed-optimizer", "outer-objective-mismatch"]
    assert labels(doc)["t2"] == ["designed-optimizer"]


# ----- combinations ------------------------------------------------------------------------------


def test_a_subagent_can_also_be_a_mesa_optimizer():
    doc = diagram(
        [node("evolution", "optimizer", goal="fitness"), node("tribe", "agent", goal="survive"),
         node("human", "agent optimizer", parent="tribe", goal="happiness")],
        [("evolution", "human")],
    )
    assert labels(doc) == {
        "evolution": ["base-optimizer"],
        "tribe": ["composite-agent"],
        "human": ["mesa-depth-1", "mesa-optimizer", "objective-mismatch", "subagent"],
    }


def test_a_hosted_agent_can_be_a_base_and_meta_optimizer():
    doc = diagram(
        [node("lab"), node("team", "agent optimizer", parent="lab", goal="g"),
         node("opt", "optimizer", designed=True, goal="g"), node("model", goal="g")],
        [("team", "opt"), ("opt", "model")],
    )
    assert labels(doc)["team"] == ["base-optimizer", "hosted-agent", "meta-optimizer"]
