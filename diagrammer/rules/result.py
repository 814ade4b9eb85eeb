"""What the classifier returns: every node's labels with explanations, and the drawing problems."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from diagrammer.model import Document


@dataclass(frozen=True)
class Problem:
    """One drawing mistake of rules.md §3, such as ``producer-not-optimizer:data->model``.

    ``node_ids`` and ``edge_ids`` name the document's nodes and edges concerned (sorted), so that a
    view can mark them; they are not part of the JSON output.

    Examples
    --------
    >>> p = Problem("self-optimization:a", "self-optimization", "a", "edge ignored", ("a",), ("e1",))
    >>> p.to_json_dict()["id"]
    'self-optimization:a'
    """

    id: str
    code: str
    subject: str
    message: str
    node_ids: tuple[str, ...] = ()
    edge_ids: tuple[str, ...] = ()

    def to_json_dict(self) -> dict[str, str]:
        """The problem in the shape of format.md §3."""
        return {"id": self.id, "code": self.code, "subject": self.subject, "message": self.message}


def make_problem(
    code: str,
    subject: str,
    message: str,
    node_ids: object = (),
    edge_ids: object = (),
) -> Problem:
    """A :class:`Problem` with its id built from ``code`` and ``subject`` and its ids sorted."""
    return Problem(
        f"{code}:{subject}", code, subject, message, tuple(sorted(set(node_ids))), tuple(sorted(set(edge_ids)))
    )


def fast_problem(
    id: str,  # noqa: A002 - the field's name
    code: str,
    subject: str,
    message: str,
    node_ids: tuple[str, ...],
    edge_ids: tuple[str, ...],
) -> Problem:
    """``Problem(id, code, subject, message, node_ids, edge_ids)``, built in half the time.

    A frozen dataclass sets each field through ``object.__setattr__``; setting the instance's
    dictionary at once gives the same object (equal, hashing alike, still frozen), which counts
    when a random diagram has tens of thousands of problems.
    """
    problem = _new(Problem)
    _set(
        problem,
        "__dict__",
        {"id": id, "code": code, "subject": subject, "message": message, "node_ids": node_ids, "edge_ids": edge_ids},
    )
    return problem


_new = object.__new__
_set = object.__setattr__


@dataclass
class Classification:
    """Every node's sorted labels, one explanation per label, and the problems sorted by id.

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> from diagrammer.rules import classify
    >>> doc = Document.from_parts("", [Node("mind", "Mind", ["agent"]),
    ...                                Node("shard", "Shard", ["agent"], parent="mind")], [])
    >>> result = classify(doc)
    >>> result.labels
    {'mind': ['composite-agent'], 'shard': ['subagent']}
    >>> result.to_json_dict(doc)["nodes"]["shard"]["labels"]
    ['subagent']
    """

    labels: dict[str, list[str]]
    explanations: dict[str, dict[str, str]]
    problems: list[Problem]

    @property
    def problem_nodes(self) -> frozenset[str]:
        """Ids of every node that some problem names."""
        return frozenset(node_id for problem in self.problems for node_id in problem.node_ids)

    @property
    def problem_edges(self) -> frozenset[str]:
        """Ids of every edge that some problem names."""
        return frozenset(edge_id for problem in self.problems for edge_id in problem.edge_ids)

    def problems_of(self, node_id: str) -> list[Problem]:
        """The problems that name ``node_id``, in problem order."""
        return [problem for problem in self.problems if node_id in problem.node_ids]

    def to_json_dict(self, doc: Document) -> dict[str, Any]:
        """The exact ``classify --json`` shape of format.md §3, nodes in sorted id order.

        The label lists and explanation dicts are this classification's own (not copies), so that
        100,000 nodes serialize quickly: treat the result as read-only.
        """
        nodes, labels, explanations = doc.nodes, self.labels, self.explanations
        none: dict[str, str] = {}
        with cyclic_gc_paused():
            out_nodes = {
                node_id: {
                    "name": nodes[node_id].name if node_id in nodes else "",
                    "labels": labels[node_id],
                    "explanations": explanations.get(node_id, none),
                }
                for node_id in sorted(labels)
            }
            problems = [problem.to_json_dict() for problem in self.problems]
        return {"nodes": out_nodes, "problems": problems}


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk build, then restore it as it was.

    Classifying allocates hundreds of thousands of small containers and no reference cycles, so
    reference counting frees everything; meanwhile the collector would rescan the whole heap
    again and again (measured on 100,000 nodes: 15% of ``classify``, 60% of ``to_json_dict``).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
