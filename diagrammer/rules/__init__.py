"""The classifier: labels, explanations and problems for a diagram, as ``docs/rules.md`` defines them.

Examples
--------
>>> from diagrammer.model import Document, Node
>>> from diagrammer.rules import classify, display_name
>>> doc = Document.from_parts("", [Node("sim", "Simulation"),
...                                Node("char", "Character", ["agent"], parent="sim")], [])
>>> [display_name(label) for label in classify(doc).labels["char"]]
['Agent inside a non-agent']
"""

from diagrammer.rules.classifier import classify
from diagrammer.rules.result import Classification, Problem
from diagrammer.rules.vocabulary import (
    DISPLAY_ORDER,
    LABEL_DISPLAY,
    PROBLEM_MESSAGES,
    depth_label,
    display_name,
    display_order,
    label_depth,
    normalize_goal,
)
from diagrammer.rules.why import Why

__all__ = [
    "DISPLAY_ORDER",
    "LABEL_DISPLAY",
    "PROBLEM_MESSAGES",
    "Classification",
    "Problem",
    "classify",
    "depth_label",
    "display_name",
    "display_order",
    "label_depth",
    "normalize_goal",
    "Why",
]
