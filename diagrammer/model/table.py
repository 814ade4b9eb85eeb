"""A diagram as columns: the fields the classifier reads, one sequence per field.

Item ``i`` of every node column is one node, item ``j`` of every edge column one edge, in any
order (a document gives its own order, a loader the file's). The classifier reads a diagram this
way, so that the command line can classify a large file straight from its parsed JSON while the
document is built and checked elsewhere (see ``diagrammer.commands.classify``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from diagrammer.model.document import Document

_NODE_COLUMNS = attrgetter("id", "name", "kinds", "designed_by_humans", "goal", "parent")
_EDGE_COLUMNS = attrgetter("id", "kind", "source", "target")


@dataclass(frozen=True, slots=True)
class Table:
    """A diagram's nodes and edges as columns (see the module's docstring); read-only.

    ``names`` are the names as given (possibly blank). Parents and endpoints may name missing
    nodes. The table of a document has its unique ids; one read straight from a file is checked
    only by building the document (see ``diagrammer.io.native_read.ParsedFile``).

    Examples
    --------
    >>> from diagrammer.model import Document, Edge, Node
    >>> doc = Document.from_parts("", [Node("a", "A", ["agent"]), Node("b", parent="a")], [Edge("e", "a", "b")])
    >>> table = Table.of(doc)
    >>> table.ids, table.parents, table.sources, table.edge_kinds
    (('a', 'b'), (None, 'a'), ('a',), ('optimizes',))
    """

    ids: Sequence[str]
    names: Sequence[str]
    kinds: Sequence[Sequence[str]]
    designed: Sequence[bool]
    goals: Sequence[str | None]
    parents: Sequence[str | None]
    edge_ids: Sequence[str]
    edge_kinds: Sequence[str]
    sources: Sequence[str]
    targets: Sequence[str]

    @classmethod
    def of(cls, doc: Document) -> Table:
        """The columns of ``doc``'s nodes and edges, in document order."""
        nodes = list(zip(*map(_NODE_COLUMNS, doc.nodes.values()), strict=True)) or [()] * 6
        edges = list(zip(*map(_EDGE_COLUMNS, doc.edges.values()), strict=True)) or [()] * 4
        return cls(*nodes, *edges)
