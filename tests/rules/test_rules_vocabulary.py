"""Display names, problem texts, goal normalization, the JSON shape, and the docstring examples."""

from __future__ import annotations

import doctest
import importlib
import json
import subprocess
import sys

import pytest

from diagrammer.rules import (
    LABEL_DISPLAY,
    PROBLEM_MESSAGES,
    Classification,
    Problem,
    classify,
    display_name,
    normalize_goal,
)
from tests.rules.support import SPEC_DISPLAY, case_document, diagram, load_cases, node

ALL_LABELS = {**SPEC_DISPLAY, "mesa-depth-3": "Mesa level 3", "mesa-depth-12": "Mesa level 12"}


@pytest.mark.parametrize(("label", "name"), ALL_LABELS.items())
def test_display_names_of_rules_section_10(label, name):
    assert display_name(label) == name


def test_label_display_has_the_fifteen_labels():
    assert len(LABEL_DISPLAY) == 15
    assert LABEL_DISPLAY["mesa-depth-N"] == "Mesa level N"
    assert display_name("mesa-depth-N") == "Mesa level N"
    assert display_name("not-a-label") == "not-a-label"


def test_problem_messages_are_the_fixed_texts():
    assert set(PROBLEM_MESSAGES) == {
        "dangling-reference", "containment-cycle", "self-optimization", "producer-not-optimizer",
        "product-inside-producer", "producer-inside-product", "optimizes-cycle",
    }
    assert PROBLEM_MESSAGES["dangling-reference"] == "a referenced node does not exist"


@pytest.mark.parametrize(
    ("goal", "normalized"),
    [
        (None, None), ("", None), ("   ", None), ("...", None), (" ;!. ", None),
        ("Win the game.", "win the game"), ("  WIN\tthe\n\ngame!!", "win the game"), ("ｗｉｎ", "win"),
        ("Straße", "strasse"), ("a\u00a0b", "a b"), ("win .", "win "),
    ],
)
def test_goal_normalization_d5(goal, normalized):
    assert normalize_goal(goal) == normalized


def test_json_shape_of_format_section_3():
    case = next(c for c in load_cases() if c["id"] == "drawing-mistakes")
    doc = case_document(case)
    data = classify(doc).to_json_dict(doc)
    assert list(data) == ["nodes", "problems"]
    assert list(data["nodes"]) == sorted(doc.nodes)
    assert data["nodes"]["model"] == {"name": "Model", "labels": [], "explanations": {}}
    assert data["problems"][0] == {
        "id": "producer-not-optimizer:data->model",
        "code": "producer-not-optimizer",
        "subject": "data->model",
        "message": PROBLEM_MESSAGES["producer-not-optimizer"],
    }
    json.dumps(data)


def test_json_labels_and_explanations_agree():
    doc = case_document(next(c for c in load_cases() if c["id"] == "learned-optimizer-chain"))
    entry = classify(doc).to_json_dict(doc)["nodes"]["pol"]
    assert entry["name"] == "Policy"
    assert entry["labels"] == ["mesa-depth-2", "mesa-mesa-optimizer", "mesa-optimizer", "objective-unstated"]
    assert list(entry["explanations"]) == entry["labels"]


def test_problem_helpers_name_nodes_and_edges():
    doc = diagram([node("data"), node("model", "optimizer"), node("kid", parent="ghost")], [("data", "model")])
    result = classify(doc)
    assert isinstance(result, Classification)
    assert all(isinstance(problem, Problem) for problem in result.problems)
    assert result.problem_nodes == frozenset({"data", "model", "kid"})
    assert result.problem_edges == frozenset({"e0"})
    assert [p.id for p in result.problems_of("model")] == ["producer-not-optimizer:data->model"]
    with pytest.raises(AttributeError):
        result.problems[0].code = "changed"


MODULES = [
    "diagrammer.rules",
    "diagrammer.rules.classifier",
    "diagrammer.rules.explain",
    "diagrammer.rules.graph",
    "diagrammer.rules.labels",
    "diagrammer.rules.problems",
    "diagrammer.rules.result",
    "diagrammer.rules.why",
    "diagrammer.model.forest",
    "diagrammer.model.document",
    "diagrammer.rules.vocabulary",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failures, _ = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_rules_never_import_qt():
    code = "import sys, diagrammer.rules; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_display_order_reads_containment_then_production_then_gaps():
    from diagrammer.rules import display_order

    shuffled = [
        "outer-objective-mismatch", "mesa-depth-12", "objective-mismatch", "subagent", "mesa-mesa-optimizer",
        "base-optimizer", "mesa-optimizer", "hosted-agent", "unknown-label", "composite-agent",
        "contains-mesa-optimizer", "learned-algorithm", "objective-unstated", "meta-optimizer",
        "designed-optimizer", "behavioral-objective-mismatch",
    ]  # fmt: skip
    assert display_order(shuffled) == [
        "subagent", "composite-agent", "hosted-agent", "base-optimizer", "meta-optimizer", "designed-optimizer",
        "mesa-optimizer", "mesa-depth-12", "mesa-mesa-optimizer", "contains-mesa-optimizer", "learned-algorithm",
        "objective-mismatch", "objective-unstated", "behavioral-objective-mismatch", "outer-objective-mismatch",
        "unknown-label",
    ]  # fmt: skip
    # Issue 12: "Mesa level 1" used to come before "Mesa-optimizer".
    assert display_order(["mesa-depth-1", "mesa-optimizer"]) == ["mesa-optimizer", "mesa-depth-1"]
