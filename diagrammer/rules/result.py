"""What the classifier returns: every node's labels with explanations, and the drawing problems."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from diagrammer.model import Document
from diagrammer.rules.vocabulary import MESA_DEPTH_PREFIX, label_depth

if TYPE_CHECKING:
    from diagrammer.rules.labels import Facts
    from diagrammer.rules.why import Why


class Problem(NamedTuple):
    """One drawing mistake of rules.md §3, such as ``producer-not-optimizer:data->model``.

    ``node_ids`` and ``edge_ids`` name the document's nodes and edges concerned (sorted), so that a
    view can mark them; they are not part of the JSON output. A named tuple: read-only, and cheap
    to keep by the ten thousand (the garbage collector skips tuples of text).

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


@dataclass
class Classification:
    """One explanation per label of every node (labels sorted, nodes in id order), and the problems
    sorted by id. A node's labels are the keys of its explanations (:attr:`labels`).

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

    explanations: dict[str, dict[str, str]]
    problems: list[Problem]
    facts: Facts | None = field(default=None, repr=False, compare=False)

    @cached_property
    def labels(self) -> dict[str, list[str]]:
        """Every node's sorted labels, by node id (made on first use)."""
        return {node_id: list(texts) for node_id, texts in self.explanations.items()}

    @property
    def problem_nodes(self) -> frozenset[str]:
        """Ids of every node that some problem names."""
        return frozenset(node_id for problem in self.problems for node_id in problem.node_ids)

    @property
    def problem_edges(self) -> frozenset[str]:
        """Ids of every edge that some problem names."""
        return frozenset(edge_id for problem in self.problems for edge_id in problem.edge_ids)

    def nodes_with(self, label: str) -> list[str]:
        """The ids of the nodes that have ``label``, sorted; ``mesa-depth-N`` stands for every depth
        (as in the legend).

        Examples
        --------
        >>> result = Classification({"a": {"mesa-depth-2": ""}, "b": {"subagent": ""}, "c": {"mesa-depth-1": ""}}, [])
        >>> result.nodes_with("mesa-depth-N"), result.nodes_with("mesa-depth-1"), result.nodes_with("subagent")
        (['a', 'c'], ['c'], ['b'])
        """
        if label == MESA_DEPTH_PREFIX + "N":
            return sorted(x for x, labels in self.labels.items() if any(label_depth(found) for found in labels))
        return sorted(x for x, labels in self.labels.items() if label in labels)

    def why(self, node_id: str, label: str) -> Why:
        """The nodes and edges (ids) that make ``label`` true of ``node_id``: what a view lights up
        to show why (see :func:`diagrammer.rules.why.why`). Empty when the node lacks the label.

        Examples
        --------
        >>> from diagrammer.model import Document, Edge, Node
        >>> from diagrammer.rules import classify
        >>> doc = Document.from_parts("", [Node("a", "A", ["optimizer"]), Node("b", "B", ["optimizer"])],
        ...                           [Edge("e", "a", "b")])
        >>> classify(doc).why("b", "mesa-optimizer")
        Why(nodes=frozenset({'a'}), edges=frozenset({'e'}))
        """
        from diagrammer.rules.why import NOTHING, why

        if self.facts is None or node_id not in self.facts.d.parent:  # the nodes as classified
            return NOTHING
        return why(self.facts, node_id, label)

    def problems_of(self, node_id: str) -> list[Problem]:
        """The problems that name ``node_id``, in problem order."""
        return [problem for problem in self.problems if node_id in problem.node_ids]

    def json_nodes(self, doc: Document) -> Iterator[tuple[str, dict[str, Any]]]:
        """The node entries of format.md §3 one at a time, in sorted id order: ``(id, {"name": ...,
        "labels": [...], "explanations": {...}})``, each made as it is asked for.

        The explanation dicts are this classification's own (not copies): treat them as read-only.
        """
        nodes = doc.nodes
        for node_id in sorted(self.explanations):
            texts = self.explanations[node_id]
            name = nodes[node_id].name if node_id in nodes else ""
            yield node_id, {"name": name, "labels": list(texts), "explanations": texts}

    def to_json_dict(self, doc: Document) -> dict[str, Any]:
        """The exact ``classify --json`` shape of format.md §3, nodes in sorted id order."""
        return {"nodes": dict(self.json_nodes(doc)), "problems": [problem.to_json_dict() for problem in self.problems]}
