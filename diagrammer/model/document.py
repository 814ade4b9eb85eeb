"""The document: nodes, edges, containment as a parent id, and change events.

The document is the single source of truth. The editor's scene is a view of it; the classifier
and the file formats read it. It changes only through the operations of
:mod:`diagrammer.model.operations`, each of which returns its inverse, and every change is announced
to the listeners as :class:`Change` events in a defined order (see ``operations``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from diagrammer.model.forest import Forest
from diagrammer.model.kinds import AGENT, KIND_IDS, OPTIMIZER

KINDS = KIND_IDS  # every kind a node may list, from the table of kinds
OPTIMIZES = "optimizes"
LINK = "link"
EDGE_KINDS = (OPTIMIZES, LINK)

DEFAULT_WIDTH = 180.0
DEFAULT_HEIGHT = 84.0

# Fields that may change without affecting the classification (rules.md reads none of them).
GEOMETRY_FIELDS = frozenset({"x", "y", "width", "height"})
NODE_FIELDS = ("name", "kinds", "designed_by_humans", "goal", "parent", "x", "y", "width", "height", "notes")
EDGE_FIELDS = ("source", "target", "kind", "label", "route")


_ID = attrgetter("id")


class ModelError(ValueError):
    """An operation the document refuses, with a sentence a user can read."""


@dataclass(slots=True)
class Node:
    """A box on the canvas.

    Positions are relative to the parent's top-left corner (to the scene origin for top-level
    nodes); ``x``/``y`` are ``None`` while the node has not been placed yet. Slots: a large
    diagram holds hundreds of thousands of nodes and edges, built and read field by field.

    Examples
    --------
    >>> Node("a", name="Agent", kinds=["agent"]).is_agent
    True
    """

    id: str
    name: str = ""
    kinds: list[str] = field(default_factory=list)
    designed_by_humans: bool = False
    goal: str | None = None
    parent: str | None = None
    x: float | None = None
    y: float | None = None
    width: float = DEFAULT_WIDTH
    height: float = DEFAULT_HEIGHT
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_agent(self) -> bool:
        return AGENT in self.kinds

    @property
    def is_optimizer(self) -> bool:
        return OPTIMIZER in self.kinds

    def copy(self) -> Node:
        # Field by field: deepcopy of every node is the slow part of planning a gesture.
        return Node(
            self.id, self.name, list(self.kinds), self.designed_by_humans, self.goal, self.parent, self.x, self.y,
            self.width, self.height, self.notes, copy.deepcopy(self.extra) if self.extra else {},
        )  # fmt: skip


@dataclass(slots=True)
class Edge:
    """An arrow from ``source`` to ``target``: ``optimizes`` (read by the rules) or ``link``.

    Examples
    --------
    >>> Edge("e1", "evolution", "humans").kind
    'optimizes'
    """

    id: str
    source: str
    target: str
    kind: str = OPTIMIZES
    label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # The drawn path in scene coordinates, first point on the source's border, last on the target's;
    # None: the editor routes the arrow itself.
    route: list[tuple[float, float]] | None = None

    def copy(self) -> Edge:
        return Edge(self.id, self.source, self.target, self.kind, self.label,
                    copy.deepcopy(self.extra) if self.extra else {},
                    list(self.route) if self.route is not None else None)  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One event sent to listeners after the document changed.

    ``what`` is one of ``node-added``, ``node-removed``, ``node-changed``, ``edge-added``,
    ``edge-removed``, ``edge-changed``, ``title-changed``; ``fields`` names the changed fields of a
    ``*-changed`` event. ``structural`` is false when only geometry changed, so listeners that
    classify can skip it.
    """

    what: str
    id: str = ""
    fields: tuple[str, ...] = ()

    @property
    def structural(self) -> bool:
        if self.what == "title-changed":
            return False
        if self.what == "edge-changed":
            return bool(set(self.fields) - {"label", "route"})
        if self.what == "node-changed":
            return bool(set(self.fields) - GEOMETRY_FIELDS - {"notes"})
        return True


Listener = Callable[[Change], None]


class Document:
    """Nodes and edges in insertion order, with containment stored as each node's ``parent`` id.

    Read freely; change only through :mod:`diagrammer.model.operations` (``doc.apply(op)``), which
    keeps the indexes and announces every change.

    Examples
    --------
    >>> from diagrammer.model.operations import AddNode
    >>> doc = Document(title="demo")
    >>> undo = doc.apply(AddNode(Node("a", name="A")))
    >>> [n.name for n in doc.nodes.values()]
    ['A']
    >>> _ = doc.apply(undo)
    >>> len(doc.nodes)
    0
    """

    def __init__(self, title: str = "", extra: dict[str, Any] | None = None) -> None:
        self.title = title
        self.extra: dict[str, Any] = dict(extra or {})
        self.nodes: dict[str, Node] = {}
        self.edges: dict[str, Edge] = {}
        self._child_index: dict[str | None, dict[str, None]] | None = {}
        self._forest: Forest | None = None
        self._listeners: list[Listener] = []

    # ----- building without events (loaders) -------------------------------------------------

    @classmethod
    def from_parts(
        cls, title: str, nodes: list[Node], edges: list[Edge], extra: dict[str, Any] | None = None
    ) -> Document:
        """Build a document from already validated parts (ids unique), without events.

        Parents and endpoints may name missing nodes and parents may loop: the classifier reports
        both, so that a user can open such a file and repair it.
        """
        doc = cls(title, extra)
        nodes, edges = list(nodes), list(edges)
        doc.nodes = dict(zip(map(_ID, nodes), nodes, strict=True))
        doc.edges = dict(zip(map(_ID, edges), edges, strict=True))
        # The children index waits for its first use: classifying a loaded file never needs it.
        doc._child_index = None
        return doc

    @property
    def _children(self) -> dict[str | None, dict[str, None]]:
        """Each container's children in document order (``None`` for the top level), an index the
        mutations below keep up to date; built from the nodes on first use."""
        index = self._child_index
        if index is None:
            index = self._child_index = {}
            for node in self.nodes.values():
                index.setdefault(node.parent, {})[node.id] = None
        return index

    @property
    def forest(self) -> Forest:
        """The containment forest (effective parents, preorder, loops), built on first use after
        each change of the nodes or their containers.

        Examples
        --------
        >>> doc = Document.from_parts("", [Node("box"), Node("part", parent="box")], [])
        >>> doc.forest.parent
        {'box': None, 'part': 'box'}
        """
        forest = self._forest
        if forest is None:
            forest = self._forest = Forest(self)
        return forest

    # ----- listeners -------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def apply(self, operation):
        """Apply ``operation`` and return its inverse."""
        return operation.apply(self)

    # ----- queries ---------------------------------------------------------------------------

    def children(self, node_id: str | None) -> list[str]:
        """Ids of the nodes whose ``parent`` is ``node_id`` (top-level nodes for ``None``)."""
        return list(self._children.get(node_id, ()))

    def ancestors(self, node_id: str) -> Iterator[str]:
        """Proper ancestors from the parent upwards; stops at a missing parent or a loop.

        This follows the stored parent ids, which operations check and change one at a time; what
        every view draws and the rules read is the effective containment of :attr:`forest`.
        """
        seen = {node_id}
        parent = self.nodes[node_id].parent
        while parent is not None and parent in self.nodes and parent not in seen:
            yield parent
            seen.add(parent)
            parent = self.nodes[parent].parent

    def is_ancestor(self, maybe_ancestor: str, node_id: str) -> bool:
        return any(a == maybe_ancestor for a in self.ancestors(node_id))

    def subtree(self, node_id: str) -> list[str]:
        """``node_id`` and all its descendants by stored parent ids (a loop's members included),
        parents before children (iterative, no recursion); see :meth:`ancestors`."""
        out = []
        stack = [node_id]
        seen = set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            out.append(current)
            stack.extend(reversed(self.children(current)))
        return out

    def edges_of(self, node_ids) -> list[str]:
        """Ids of edges touching any of ``node_ids``, in document order."""
        ids = set(node_ids)
        return [e.id for e in self.edges.values() if e.source in ids or e.target in ids]

    def absolute_position(self, node_id: str) -> tuple[float, float]:
        """Top-left of the node in scene coordinates (unplaced coordinates count as 0)."""
        x = y = 0.0
        for nid in [node_id, *self.ancestors(node_id)]:
            node = self.nodes[nid]
            x += node.x or 0.0
            y += node.y or 0.0
        return x, y

    def new_id(self, prefix: str) -> str:
        """An id starting with ``prefix`` that no node or edge uses yet, nor refers to (as its
        container or its end) while it is missing."""
        i = len(self.nodes) + len(self.edges) + 1
        dangling = self._dangling_ends()
        while self._taken(f"{prefix}{i}") or f"{prefix}{i}" in dangling:
            i += 1
        return f"{prefix}{i}"

    def _taken(self, candidate: str) -> bool:
        return candidate in self.nodes or candidate in self.edges or bool(self._children.get(candidate))

    def _dangling_ends(self) -> dict[str, str]:
        """Missing node ids that edges name as an end, each with the first such edge."""
        out: dict[str, str] = {}
        for edge in self.edges.values():
            for end in (edge.source, edge.target):
                if end not in self.nodes:
                    out.setdefault(end, edge.id)
        return out

    # ----- low-level mutation, used only by operations ---------------------------------------

    def _insert_node(self, node: Node, index: int | None = None) -> None:
        self._forest = None
        if index is None or index >= len(self.nodes):
            self.nodes[node.id] = node
        else:
            items = list(self.nodes.items())
            items.insert(index, (node.id, node))
            self.nodes = dict(items)
        self._children.setdefault(node.parent, {})[node.id] = None

    def _insert_nodes_at(self, pairs: list[tuple[Node, int]]) -> None:
        """Insert nodes at their recorded indexes (ascending) with one rebuild of the order."""
        self._forest = None
        items = list(self.nodes.items())
        for node, index in sorted(pairs, key=lambda p: p[1]):
            items.insert(index, (node.id, node))
            self._children.setdefault(node.parent, {})[node.id] = None
        self.nodes = dict(items)

    def _insert_edges_at(self, pairs: list[tuple[Edge, int]]) -> None:
        items = list(self.edges.items())
        for edge, index in sorted(pairs, key=lambda p: p[1]):
            items.insert(index, (edge.id, edge))
        self.edges = dict(items)

    def _delete_node(self, node_id: str) -> None:
        self._forest = None
        # No index lookup here: it made removing a large subtree quadratic (operations record
        # the indexes once, before deleting).
        node = self.nodes.pop(node_id)
        self._children.get(node.parent, {}).pop(node_id, None)

    def _set_parent(self, node_id: str, parent: str | None) -> None:
        self._forest = None
        node = self.nodes[node_id]
        self._children.get(node.parent, {}).pop(node_id, None)
        node.parent = parent
        self._children.setdefault(parent, {})[node_id] = None

    def _insert_edge(self, edge: Edge, index: int | None = None) -> None:
        if index is None or index >= len(self.edges):
            self.edges[edge.id] = edge
        else:
            items = list(self.edges.items())
            items.insert(index, (edge.id, edge))
            self.edges = dict(items)

    def _delete_edge(self, edge_id: str) -> None:
        del self.edges[edge_id]
