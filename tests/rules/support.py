"""Helpers for the classifier tests: compact document builders and the public example cases."""

from __future__ import annotations

import json
from pathlib import Path

from diagrammer.model import Document, Edge, Node
from diagrammer.rules import Classification, classify

CASES_PATH = Path(__file__).resolve().parents[1] / "data" / "public-cases.json"


def node(
    node_id: str,
    kinds: str = "",
    *,
    parent: str | None = None,
    goal: str | None = None,
    designed: bool = False,
    name: str | None = None,
) -> Node:
    """A node; ``kinds`` is a string such as ``"agent optimizer"``; the name defaults to the id."""
    return Node(
        node_id,
        name=node_id if name is None else name,
        kinds=kinds.split(),
        designed_by_humans=designed,
        goal=goal,
        parent=parent,
    )


def diagram(nodes: list[Node], optimizes: list[tuple[str, str]] = (), links: list[tuple[str, str]] = ()) -> Document:
    """A document with one ``optimizes`` edge per pair (ids e0, e1, ...) and ``link`` edges after them."""
    edges = [Edge(f"e{i}", source, target) for i, (source, target) in enumerate(optimizes)]
    edges += [Edge(f"l{i}", source, target, kind="link") for i, (source, target) in enumerate(links)]
    return Document.from_parts("test", nodes, edges)


def labels(doc: Document) -> dict[str, list[str]]:
    return classify(doc).labels


def problem_ids(result: Classification) -> list[str]:
    return [problem.id for problem in result.problems]


def load_cases() -> list[dict]:
    return json.loads(CASES_PATH.read_text(encoding="utf-8"))["cases"]


def case_document(case: dict) -> Document:
    """A public case as a document: each ``optimizes`` pair becomes an optimizes edge (rules.md §9)."""
    nodes = [
        Node(
            raw["id"],
            name=raw.get("name", ""),
            kinds=list(raw.get("kinds", [])),
            designed_by_humans=bool(raw.get("designed_by_humans", False)),
            goal=raw.get("goal"),
            parent=raw.get("parent"),
        )
        for raw in case["nodes"]
    ]
    edges = [Edge(f"e{i}", source, target) for i, (source, target) in enumerate(case["optimizes"])]
    return Document.from_parts(case["id"], nodes, edges)


# rules.md §10, written out here so that the test pins the specification, not the code.
SPEC_DISPLAY = {
    "subagent": "Subagent",
    "composite-agent": "Composite agent",
    "hosted-agent": "Agent inside a non-agent",
    "base-optimizer": "Base optimizer",
    "meta-optimizer": "Meta-optimizer",
    "designed-optimizer": "Designed optimizer",
    "mesa-optimizer": "Mesa-optimizer",
    "mesa-mesa-optimizer": "Mesa-mesa-optimizer",
    "contains-mesa-optimizer": "Contains a mesa-optimizer",
    "learned-algorithm": "Learned algorithm",
    "objective-mismatch": "Objective may differ",
    "objective-unstated": "Objective unstated",
    "behavioral-objective-mismatch": "Behaviour may differ",
    "outer-objective-mismatch": "Outer objective differs",
}


def spec_display(label: str) -> str:
    """The display name rules.md §10 gives ``label``."""
    if label.startswith("mesa-depth-"):
        return f"Mesa level {label.removeprefix('mesa-depth-')}"
    return SPEC_DISPLAY[label]
