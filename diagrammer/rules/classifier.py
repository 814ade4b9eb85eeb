"""``classify(document)``: the evaluation order of rules.md §6, from validation to sorted output."""

from __future__ import annotations

from operator import attrgetter, itemgetter

from diagrammer.model import Document
from diagrammer.rules import explain
from diagrammer.rules import labels as rules
from diagrammer.rules.production import analyse_production
from diagrammer.rules.result import Classification, cyclic_gc_paused
from diagrammer.rules.structure import build_structure
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
    normalize_goal,
)


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
        Every node's sorted labels with one explanation each, and the problems sorted by id.

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
    with cyclic_gc_paused():
        return _classify(doc)


def _classify(doc: Document) -> Classification:
    """The steps of rules.md §6 in order; see :func:`classify`."""
    s = build_structure(doc)  # §6 steps 1-2
    production = analyse_production(s)  # steps 3-4
    goals = _normalized_goals(s.goals)
    w = explain.Words(s, production)

    # Steps 5 and 6: the production labels, then the containment labels.
    containing = rules.contains_mesa_optimizers(s, production)
    nearest = rules.nearest_agents(s)
    subagent_of = rules.subagents(s, nearest)
    labelled = [
        (BASE_OPTIMIZER, explain.base_optimizer_texts, rules.base_optimizers(s)),
        (META_OPTIMIZER, explain.meta_optimizer_texts, rules.meta_optimizers(s)),
        (DESIGNED_OPTIMIZER, explain.designed_optimizer_texts, rules.designed_optimizers(s)),
        (MESA_OPTIMIZER, explain.mesa_optimizer_texts, rules.mesa_optimizers(production)),
        (MESA_DEPTH_PREFIX, explain.mesa_depth_texts, rules.mesa_depths(production)),
        (MESA_MESA_OPTIMIZER, explain.mesa_mesa_optimizer_texts, rules.mesa_mesa_optimizers(production)),
        (CONTAINS_MESA_OPTIMIZER, explain.contains_mesa_optimizer_texts, containing),
        (LEARNED_ALGORITHM, explain.learned_algorithm_texts, rules.learned_algorithms(s, containing)),
        (OBJECTIVE_MISMATCH, explain.objective_mismatch_texts, rules.objective_mismatches(production, goals)),
        (OBJECTIVE_UNSTATED, explain.objective_unstated_texts, rules.objectives_unstated(production, goals)),
        (
            BEHAVIORAL_OBJECTIVE_MISMATCH,
            explain.behavioral_objective_mismatch_texts,
            rules.behavioral_objective_mismatches(s, goals),
        ),
        (OUTER_OBJECTIVE_MISMATCH, explain.outer_objective_mismatch_texts, rules.outer_objective_mismatches(s, goals)),
        (SUBAGENT, explain.subagent_texts, subagent_of),
        (COMPOSITE_AGENT, explain.composite_agent_texts, rules.composite_agents(subagent_of)),
        (HOSTED_AGENT, explain.hosted_agent_texts, rules.hosted_agents(s, nearest)),
    ]

    # Step 7: every node, labels sorted. Each label's texts go straight into the nodes' dicts, in
    # label order, which leaves every dict sorted: a depth label sorts at the same place whatever
    # its N ("mesa-depth-..." after "learned-..." and before "mesa-mesa-...").
    found: list[dict[str, str]] = [{} for _ in s.ids]
    for _label, write_texts, labelled_nodes in sorted(labelled, key=itemgetter(0)):
        write_texts(w, labelled_nodes, found)
    ids = s.ids
    explanations = {ids[node]: found[node] for node in s.by_id}
    labels = {node_id: list(by_label) for node_id, by_label in explanations.items()}
    problems = sorted(s.problems + production.problems, key=attrgetter("id"))
    return Classification(labels, explanations, problems)


def _normalized_goals(raw_goals: list[str | None]) -> list[str | None]:
    """D5 for every node, normalizing each distinct text once (goals repeat across a diagram)."""
    normalized = {raw: normalize_goal(raw) for raw in set(raw_goals)}
    return list(map(normalized.__getitem__, raw_goals))
