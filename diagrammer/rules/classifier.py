"""``classify(document)``: the evaluation order of rules.md §6, from validation to sorted output.

The label table below is rules.md §5 in code: each label with the rule deciding it
(:mod:`~diagrammer.rules.labels`) and the template wording it (:mod:`~diagrammer.rules.explain`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from diagrammer.model import Document
from diagrammer.rules import explain, labels
from diagrammer.rules.graph import Diagram
from diagrammer.rules.problems import problems
from diagrammer.rules.result import Classification
from diagrammer.rules.vocabulary import (
    BASE_OPTIMIZER,
    BEHAVIORAL_OBJECTIVE_MISMATCH,
    COMPOSITE_AGENT,
    CONTAINS_MESA_OPTIMIZER,
    DESIGNED_OPTIMIZER,
    HOSTED_AGENT,
    LEARNED_ALGORITHM,
    MESA_DEPTH_PREFIX,
    MESA_MESA_OPTIMIZER,
    MESA_OPTIMIZER,
    META_OPTIMIZER,
    OBJECTIVE_MISMATCH,
    OBJECTIVE_UNSTATED,
    OUTER_OBJECTIVE_MISMATCH,
    SUBAGENT,
    depth_label,
)

Text = Callable[[explain.Words, str, Any], str]

#: Every label of rules.md §5 with its rule and its text, in label order (``mesa-depth-`` stands
#: for every depth label, which sorts at that place whatever its N).
LABELS: list[tuple[str, labels.Rule, Text]] = [
    (BASE_OPTIMIZER, labels.base_optimizer, explain.base_optimizer_text),
    (BEHAVIORAL_OBJECTIVE_MISMATCH, labels.behavioral_objective_mismatch, explain.behavioral_objective_mismatch_text),
    (COMPOSITE_AGENT, labels.composite_agent, explain.composite_agent_text),
    (CONTAINS_MESA_OPTIMIZER, labels.contains_mesa_optimizer, explain.contains_mesa_optimizer_text),
    (DESIGNED_OPTIMIZER, labels.designed_optimizer, explain.designed_optimizer_text),
    (HOSTED_AGENT, labels.hosted_agent, explain.hosted_agent_text),
    (LEARNED_ALGORITHM, labels.learned_algorithm, explain.learned_algorithm_text),
    (MESA_DEPTH_PREFIX, labels.mesa_depth, explain.mesa_depth_text),
    (MESA_MESA_OPTIMIZER, labels.mesa_mesa_optimizer, explain.mesa_mesa_optimizer_text),
    (MESA_OPTIMIZER, labels.mesa_optimizer, explain.mesa_optimizer_text),
    (META_OPTIMIZER, labels.meta_optimizer, explain.meta_optimizer_text),
    (OBJECTIVE_MISMATCH, labels.objective_mismatch, explain.objective_mismatch_text),
    (OBJECTIVE_UNSTATED, labels.objective_unstated, explain.objective_unstated_text),
    (OUTER_OBJECTIVE_MISMATCH, labels.outer_objective_mismatch, explain.outer_objective_mismatch_text),
    (SUBAGENT, labels.subagent, explain.subagent_text),
]


def classify(doc: Document) -> Classification:
    """Label every node of ``doc`` and list its drawing problems (rules.md).

    Only ``optimizes`` edges count; ``link`` edges are ignored. The result does not depend on the
    order of the document's nodes or edges, and the document is not changed.

    Parameters
    ----------
    doc
        The diagram. Parents and edge endpoints may name missing nodes and parents may loop:
        those become problems, never exceptions.

    Returns
    -------
    Classification
        Every node's sorted labels with one explanation each (nodes in id order), and the
        problems sorted by id.

    Examples
    --------
    >>> from diagrammer.model import Document, Edge, Node
    >>> doc = Document.from_parts("", [
    ...     Node("evolution", "Natural selection", ["optimizer"], goal="inclusive genetic fitness"),
    ...     Node("humans", "Humans", ["agent", "optimizer"], goal="happiness")],
    ...     [Edge("e1", "evolution", "humans")])
    >>> result = classify(doc)
    >>> result.labels["humans"]
    ['mesa-depth-1', 'mesa-optimizer', 'objective-mismatch']
    >>> print(result.explanations["humans"]["mesa-depth-1"])  # doctest: +NORMALIZE_WHITESPACE
    «Humans» sits 1 learned-optimization level below the outermost optimizer on its longest chain
    «Natural selection» → «Humans». Designed optimizers restart the count.
    >>> result.problems
    []
    """
    d = Diagram(doc)  # §6 steps 1-3: containment, edges, EP
    f = labels.Facts(d)  # step 5's shared facts: R7's nodes, depths, R10, R2
    words = explain.Words(f)
    explanations: dict[str, dict[str, str]] = {x: {} for x in d.ids}
    for label, rule, text in LABELS:  # in label order, so that each node's labels come sorted
        for x, found in f.found(rule).items():
            explanations[x][depth_label(found) if label == MESA_DEPTH_PREFIX else label] = text(words, x, found)
    return Classification(explanations, problems(d), f)  # step 4 and §3: the problems
