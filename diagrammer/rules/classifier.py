"""``classify(document)``: the evaluation order of rules.md §6, from validation to sorted output.

:func:`analyse` decides every label; the texts and the problems are worded only when asked for,
and the texts only for the nodes asked for, so that a command can word them in parts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from diagrammer.model import Document, Table
from diagrammer.rules import explain
from diagrammer.rules import labels as rules
from diagrammer.rules.production import Production, analyse_production, production_problems
from diagrammer.rules.result import Classification, Problem, cyclic_gc_paused
from diagrammer.rules.structure import Structure, build_structure, structure_problems
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
        analysis = analyse(doc)
        found = analysis.explanations()
        ids = analysis.s.ids
        explanations = {ids[node]: found[node] for node in analysis.s.by_id}
        labels = {node_id: list(by_label) for node_id, by_label in explanations.items()}
        return Classification(labels, explanations, analysis.problems())


#: Writes one label's explanations into the nodes' dicts: (words, labelled nodes, found).
TextWriter = Callable[[explain.Words, Collection[int], explain.Found], None]


@dataclass
class Analysis:
    """Every label of a diagram decided (rules.md §6 steps 1-6), before any text is written.

    ``labelled`` lists, in label order, each label (a depth label by its prefix), the function
    that writes its explanations, and the nodes that have it (a dict maps each one to what its
    text names). Nodes are the structure's numbers: ``s.ids[n]`` is node ``n``'s id, and
    ``s.by_id`` lists the numbers in id order, the order of the output.
    """

    s: Structure
    production: Production
    words: explain.Words
    labelled: list[tuple[str, TextWriter, Collection[int]]]

    def explanations(self) -> explain.Found:
        """Each node's explanations by number, label -> text in label order (so its labels are
        the keys).

        Examples
        --------
        >>> from diagrammer.model import Document, Node
        >>> doc = Document.from_parts("", [Node("a", "A", ["agent"]), Node("b", "B", ["agent"], parent="a")], [])
        >>> [list(texts) for texts in analyse(doc).explanations()]
        [['composite-agent'], ['subagent']]
        """
        found: explain.Found = [{} for _ in self.s.ids]
        for _label, write_texts, labelled_nodes in self.labelled:
            write_texts(self.words, labelled_nodes, found)
        return found

    def explanations_in_runs(self, numbers: list[int], size: int) -> Iterator[tuple[list[int], explain.Found]]:
        """The explanations of ``numbers``, worded ``size`` nodes at a time, in their order.

        Yields each run of ``size`` numbers with a list holding their explanations by number (as
        :meth:`explanations` does). A run's texts are dropped when the next run is asked for, so
        the next reuses their memory: on 100,000 nodes the texts take about 100 MB, and memory
        never used before costs a page fault per page (memory shared with a forked process, a
        copy of the page). Each label's nodes are first sorted into their runs, in one pass.

        Examples
        --------
        >>> from diagrammer.model import Document, Node
        >>> doc = Document.from_parts("", [Node("a", "A", ["agent"]), Node("b", "B", ["agent"], parent="a"),
        ...                                Node("c", "C", ["agent"], parent="a")], [])
        >>> analysis = analyse(doc)
        >>> [(run, [list(found[n]) for n in run]) for run, found in analysis.explanations_in_runs([2, 1, 0], 2)]
        [([2, 1], [['subagent'], ['subagent']]), ([0], [['composite-agent']])]
        """
        runs = [numbers[start : start + size] for start in range(0, len(numbers), size)]
        run_of = [0] * len(self.s.ids)  # 1 + the run of each number asked for, 0 for the others
        for index, run in enumerate(runs, 1):
            for node in run:
                run_of[node] = index
        by_run: list[tuple[TextWriter, list[Collection[int]]]] = []
        for _label, write_texts, labelled_nodes in self.labelled:
            if isinstance(labelled_nodes, dict):
                parts: list[dict] = [{} for _ in runs]
                for node, what in labelled_nodes.items():
                    index = run_of[node]
                    if index:
                        parts[index - 1][node] = what
                by_run.append((write_texts, parts))
            else:
                listed: list[list[int]] = [[] for _ in runs]
                for node in labelled_nodes:
                    index = run_of[node]
                    if index:
                        listed[index - 1].append(node)
                by_run.append((write_texts, listed))
        none: dict[str, str] = {}
        found: explain.Found = [none] * len(run_of)
        for index, run in enumerate(runs):
            for node in run:
                found[node] = {}
            for write_texts, parts_of_runs in by_run:
                write_texts(self.words, parts_of_runs[index], found)
            yield run, found
            for node in run:
                found[node] = none

    def problems(self) -> list[Problem]:
        """Every problem, sorted by id."""
        return sorted_problems(self.s, self.production)


def analyse(diagram: Document | Table) -> Analysis:
    """The steps of rules.md §6 up to the choice of every label (steps 1-6)."""
    return decide_labels(*validate(diagram))


def validate(diagram: Document | Table) -> tuple[Structure, Production]:
    """Steps 1-4 of rules.md §6: the valid structure and the effective producers, all that the
    problems need (:func:`sorted_problems`) and the labels start from (:func:`decide_labels`).
    A document is read as its :class:`~diagrammer.model.Table` of columns."""
    table = diagram if isinstance(diagram, Table) else Table.of(diagram)
    with cyclic_gc_paused():
        s = build_structure(table)  # §6 steps 1-2
        return s, analyse_production(s)  # steps 3-4


def sorted_problems(s: Structure, production: Production) -> list[Problem]:
    """Every problem of the validated diagram, sorted by id."""
    with cyclic_gc_paused():
        found = structure_problems(s) + production_problems(s, production)
        return sorted(found, key=attrgetter("id"))


def decide_labels(s: Structure, production: Production) -> Analysis:
    """Steps 5 and 6 of rules.md §6: which nodes have which label."""
    with cyclic_gc_paused():
        goals = _normalized_goals(s.goals)
        w = explain.Words(s, production)

        # Steps 5 and 6: the production labels, then the containment labels.
        containing = rules.contains_mesa_optimizers(s, production)
        nearest = rules.nearest_agents(s)
        subagent_of = rules.subagents(s, nearest)
        labelled: list[tuple[str, TextWriter, Collection[int]]] = [
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
            (
                OUTER_OBJECTIVE_MISMATCH,
                explain.outer_objective_mismatch_texts,
                rules.outer_objective_mismatches(s, goals),
            ),
            (SUBAGENT, explain.subagent_texts, subagent_of),
            (COMPOSITE_AGENT, explain.composite_agent_texts, rules.composite_agents(subagent_of)),
            (HOSTED_AGENT, explain.hosted_agent_texts, rules.hosted_agents(s, nearest)),
        ]
        # Step 7 then writes each label's texts straight into the nodes' dicts, in label order,
        # which leaves every dict sorted: a depth label sorts at the same place whatever its N
        # ("mesa-depth-..." after "learned-..." and before "mesa-mesa-...").
        labelled.sort(key=itemgetter(0))
        return Analysis(s, production, w, labelled)


def _normalized_goals(raw_goals: list[str | None]) -> list[str | None]:
    """D5 for every node, normalizing each distinct text once (goals repeat across a diagram)."""
    normalized = {raw: normalize_goal(raw) for raw in set(raw_goals)}
    return list(map(normalized.__getitem__, raw_goals))
