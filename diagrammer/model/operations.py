"""Reversible operations on a :class:`~diagrammer.model.document.Document`.

Every operation's ``apply(doc)`` changes the document, announces the change and returns the
operation that undoes it exactly (the saved bytes after undo equal those before).

Event order, which listeners may rely on:

- adding a subtree announces nodes parents first, then their edges;
- removing a subtree announces its edges first, then its nodes children first;
- a batch announces its operations' events in the order of the operations.

Examples
--------
>>> from diagrammer.model.document import Document, Node
>>> doc = Document()
>>> _ = doc.apply(AddNode(Node("box", name="Box")))
>>> undo = doc.apply(SetNodeFields("box", {"name": "Boxer"}))
>>> doc.nodes["box"].name
'Boxer'
>>> _ = doc.apply(undo)
>>> doc.nodes["box"].name
'Box'
"""

from __future__ import annotations

import copy
import heapq
from dataclasses import dataclass, field
from typing import Any

from diagrammer.model.document import (
    EDGE_FIELDS,
    EDGE_KINDS,
    KINDS,
    NODE_FIELDS,
    Change,
    Document,
    Edge,
    ModelError,
    Node,
)


class Operation:
    """Base class: ``apply`` changes the document and returns the inverse operation."""

    def apply(self, doc: Document) -> Operation:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass
class AddNode(Operation):
    """Add one node (its parent, if any, must exist)."""

    node: Node
    index: int | None = None

    def apply(self, doc: Document) -> Operation:
        return AddSubtree([(self.node, self.index)], []).apply(doc)


@dataclass
class AddSubtree(Operation):
    """Insert nodes (parents listed before children) and edges, at their recorded indexes."""

    nodes: list[tuple[Node, int | None]]
    edges: list[tuple[Edge, int | None]] = field(default_factory=list)

    def apply(self, doc: Document) -> Operation:
        # A container must exist or be listed earlier: this also keeps an added subtree free of
        # loops (a node inside itself), and no id may be used twice, even within the subtree.
        new_ids: set[str] = set()
        # A loaded file may refer to missing nodes: a node added under such an id would silently
        # take in those parts or arrows, and undoing the addition would delete them.
        dangling = doc._dangling_ends() if self.nodes else {}
        for node, _ in self.nodes:
            if node.id in doc.nodes or node.id in doc.edges or node.id in new_ids:
                raise ModelError(f"The id {node.id!r} is already used.")
            if node.parent is not None and node.parent not in doc.nodes and node.parent not in new_ids:
                raise ModelError(f"The container {node.parent!r} of {node.id!r} does not exist.")
            orphans = doc.children(node.id)
            if orphans:
                raise ModelError(f"The id {node.id!r} is already used as the container of {orphans[0]!r}.")
            if node.id in dangling:
                raise ModelError(f"The id {node.id!r} is already used by the arrow {dangling[node.id]!r}.")
            _check_kinds(node.kinds)
            new_ids.add(node.id)
        new_edge_ids: set[str] = set()
        for edge, _ in self.edges:
            if edge.id in doc.edges or edge.id in doc.nodes or edge.id in new_ids or edge.id in new_edge_ids:
                raise ModelError(f"The id {edge.id!r} is already used.")
            for end in (edge.source, edge.target):
                if end not in doc.nodes and end not in new_ids:
                    raise ModelError(f"There is no node {end!r} to attach the arrow to.")
            _check_edge_kind(edge.kind)
            new_edge_ids.add(edge.id)
        for node, index in self.nodes:
            doc._insert_node(node.copy(), index)
            doc.emit(Change("node-added", node.id))
        for edge, index in self.edges:
            doc._insert_edge(edge.copy(), index)
            doc.emit(Change("edge-added", edge.id))
        return RemoveNodes([n.id for n, _ in self.nodes], [e.id for e, _ in self.edges])


@dataclass
class RemoveNodes(Operation):
    """Remove nodes with their whole subtrees and every edge touching them, plus ``edge_ids``."""

    node_ids: list[str]
    edge_ids: list[str] = field(default_factory=list)

    def apply(self, doc: Document) -> Operation:
        for node_id in self.node_ids:
            if node_id not in doc.nodes:
                raise ModelError(f"There is no node {node_id!r}.")
        subtree = _subtrees(doc, self.node_ids)
        seen = set(subtree)
        edge_ids = list(dict.fromkeys([*self.edge_ids, *doc.edges_of(seen)]))
        for edge_id in edge_ids:
            if edge_id not in doc.edges:
                raise ModelError(f"There is no arrow {edge_id!r}.")
        # Indexes are recorded while deleting from the end so that re-inserting in ascending
        # order puts every item back where it was.
        order = {nid: i for i, nid in enumerate(doc.nodes)}
        edge_order = {eid: i for i, eid in enumerate(doc.edges)}
        removed_edges = sorted(((doc.edges[e], edge_order[e]) for e in edge_ids), key=lambda p: p[1])
        removed_nodes = [(doc.nodes[n], order[n]) for n in subtree]
        for edge, _ in sorted(removed_edges, key=lambda p: -p[1]):
            doc._delete_edge(edge.id)
            doc.emit(Change("edge-removed", edge.id))
        for node_id in reversed(subtree):
            doc._delete_node(node_id)
            doc.emit(Change("node-removed", node_id))
        # Parents first for re-adding, in ascending index order within the constraint that a
        # parent precedes its children: ascending index alone may put a child first.
        restore = _parents_first(removed_nodes)
        return _RestoreRemoved(restore, removed_edges)


@dataclass
class _RestoreRemoved(Operation):
    """Inverse of RemoveNodes: put nodes and edges back at their exact former indexes."""

    nodes: list[tuple[Node, int]]
    edges: list[tuple[Edge, int]]

    def apply(self, doc: Document) -> Operation:
        # Inserted in ascending index order so each recorded index is valid at its turn; events
        # still go parents first because the list is ordered that way.
        doc._insert_nodes_at(self.nodes)
        for node, _ in self.nodes:
            doc.emit(Change("node-added", node.id))
        doc._insert_edges_at(self.edges)
        for edge, _ in self.edges:
            doc.emit(Change("edge-added", edge.id))
        return RemoveNodes([n.id for n, _ in self.nodes], [e.id for e, _ in self.edges])


def _subtrees(doc: Document, node_ids: list[str]) -> list[str]:
    """The nodes and all their descendants once each, every parent before its children.

    Linear in the number of nodes, even when every node of a deep chain is listed, and a part
    listed before its container still comes after it (so removal announces children first).
    """
    found: dict[str, None] = {}
    _preorder(doc, node_ids, found)
    # Start from the topmost nodes; any rest lies on a containment loop.
    tops = [nid for nid in found if doc.nodes[nid].parent not in found]
    ordered: dict[str, None] = {}
    _preorder(doc, [*tops, *found], ordered)
    return list(ordered)


def _preorder(doc: Document, starts: list[str], out: dict[str, None]) -> None:
    for start in starts:
        stack = [start]
        while stack:
            current = stack.pop()
            if current in out:
                continue
            out[current] = None
            stack.extend(reversed(doc.children(current)))


def _parents_first(pairs: list[tuple[Node, int]]) -> list[tuple[Node, int]]:
    """Ascending index order within the constraint that a parent precedes its children."""
    by_id = {node.id: (node, index) for node, index in pairs}
    waiting: dict[str, list[tuple[int, str]]] = {}
    ready: list[tuple[int, str]] = []
    for node, index in pairs:
        if node.parent in by_id and node.parent != node.id:
            waiting.setdefault(node.parent, []).append((index, node.id))
        else:
            heapq.heappush(ready, (index, node.id))
    out: list[tuple[Node, int]] = []
    while ready:
        _, node_id = heapq.heappop(ready)
        out.append(by_id[node_id])
        for item in waiting.pop(node_id, ()):
            heapq.heappush(ready, item)
    if len(out) < len(pairs):  # a loop among removed nodes: the rest in index order
        placed = {node.id for node, _ in out}
        out.extend(sorted((p for p in pairs if p[0].id not in placed), key=lambda p: p[1]))
    return out


@dataclass
class SetNodeFields(Operation):
    """Set fields of one node: any of ``name``, ``kinds``, ``designed_by_humans``, ``goal``,
    ``x``, ``y``, ``width``, ``height``, ``notes``, or an unknown field kept in ``extra``.

    ``parent`` is changed with :class:`Reparent`, which checks for loops.
    """

    node_id: str
    values: dict[str, Any]

    def apply(self, doc: Document) -> Operation:
        node = doc.nodes.get(self.node_id)
        if node is None:
            raise ModelError(f"There is no node {self.node_id!r}.")
        if "parent" in self.values:
            raise ModelError("Use Reparent to change a node's container.")
        if "id" in self.values:
            raise ModelError(f"The id of {self.node_id!r} cannot be changed.")
        if "kinds" in self.values:
            _check_kinds(self.values["kinds"])
        for key in ("width", "height"):
            if key in self.values and not self.values[key] > 0:
                raise ModelError(f"The {key} of {self.node_id!r} must be positive.")
        old: dict[str, Any] = {}
        for key, value in self.values.items():
            if key in NODE_FIELDS:
                old[key] = copy.deepcopy(getattr(node, key))
                setattr(node, key, copy.deepcopy(value))
            else:
                old[key] = copy.deepcopy(node.extra.get(key, _MISSING))
                if value is _MISSING:
                    node.extra.pop(key, None)
                else:
                    node.extra[key] = copy.deepcopy(value)
        doc.emit(Change("node-changed", self.node_id, tuple(self.values)))
        return SetNodeFields(self.node_id, old)


def Move(node_id: str, x: float, y: float) -> SetNodeFields:  # noqa: N802 - reads as an operation
    """Move a node to ``(x, y)`` relative to its parent."""
    return SetNodeFields(node_id, {"x": x, "y": y})


def Resize(node_id: str, width: float, height: float) -> SetNodeFields:  # noqa: N802
    """Resize a node."""
    return SetNodeFields(node_id, {"width": width, "height": height})


@dataclass
class Reparent(Operation):
    """Put a node inside ``parent`` (``None``: top level) at ``(x, y)`` relative to it.

    A move that would make a node its own ancestor is refused with :class:`ModelError`.
    """

    node_id: str
    parent: str | None
    x: float | None = None
    y: float | None = None
    # True on inverses: undo must put a node back even into a missing container or a loop that
    # came with the file and that this reparent repaired.
    _restore: bool = field(default=False, init=False, repr=False, compare=False)

    def apply(self, doc: Document) -> Operation:
        node = doc.nodes.get(self.node_id)
        if node is None:
            raise ModelError(f"There is no node {self.node_id!r}.")
        if self.parent is not None and not self._restore:
            if self.parent not in doc.nodes:
                raise ModelError(f"There is no container {self.parent!r}.")
            if self.parent == self.node_id or doc.is_ancestor(self.node_id, self.parent):
                name = node.name or self.node_id
                raise ModelError(f"{name!r} cannot be put inside itself or inside one of its own parts.")
        inverse = Reparent(self.node_id, node.parent, node.x, node.y)
        inverse._restore = True
        doc._set_parent(self.node_id, self.parent)
        node.x, node.y = self.x, self.y
        doc.emit(Change("node-changed", self.node_id, ("parent", "x", "y")))
        return inverse


@dataclass
class Connect(Operation):
    """Add an edge. Endpoints must exist; the rules judge whether the edge is valid."""

    edge: Edge
    index: int | None = None

    def apply(self, doc: Document) -> Operation:
        for end in (self.edge.source, self.edge.target):
            if end not in doc.nodes:
                raise ModelError(f"There is no node {end!r} to attach the arrow to.")
        _check_edge_kind(self.edge.kind)
        return AddSubtree([], [(self.edge, self.index)]).apply(doc)


def Disconnect(edge_id: str) -> RemoveNodes:  # noqa: N802 - reads as an operation
    """Remove one edge."""
    return RemoveNodes([], [edge_id])


@dataclass
class SetEdgeFields(Operation):
    """Set ``source``, ``target``, ``kind`` or ``label`` of an edge (or an unknown field)."""

    edge_id: str
    values: dict[str, Any]
    # True on inverses: undo must restore an end that named a missing node when the file loaded.
    _restore: bool = field(default=False, init=False, repr=False, compare=False)

    def apply(self, doc: Document) -> Operation:
        edge = doc.edges.get(self.edge_id)
        if edge is None:
            raise ModelError(f"There is no arrow {self.edge_id!r}.")
        if "id" in self.values:
            raise ModelError(f"The id of {self.edge_id!r} cannot be changed.")
        if "kind" in self.values:
            _check_edge_kind(self.values["kind"])
        if not self._restore:
            for end in ("source", "target"):
                if end in self.values and self.values[end] not in doc.nodes:
                    raise ModelError(f"There is no node {self.values[end]!r} to attach the arrow to.")
        old: dict[str, Any] = {}
        for key, value in self.values.items():
            if key in EDGE_FIELDS:
                old[key] = getattr(edge, key)
                setattr(edge, key, value)
            else:
                old[key] = copy.deepcopy(edge.extra.get(key, _MISSING))
                if value is _MISSING:
                    edge.extra.pop(key, None)
                else:
                    edge.extra[key] = copy.deepcopy(value)
        doc.emit(Change("edge-changed", self.edge_id, tuple(self.values)))
        inverse = SetEdgeFields(self.edge_id, old)
        inverse._restore = True
        return inverse


@dataclass
class SetTitle(Operation):
    title: str

    def apply(self, doc: Document) -> Operation:
        old = doc.title
        doc.title = self.title
        doc.emit(Change("title-changed"))
        return SetTitle(old)


@dataclass
class Batch(Operation):
    """Several operations as one step; the inverse undoes them in reverse order.

    If one fails, those already applied are undone before the error propagates.
    """

    operations: list[Operation]

    def apply(self, doc: Document) -> Operation:
        inverses: list[Operation] = []
        try:
            for op in self.operations:
                inverses.append(op.apply(doc))
        except Exception:
            for inverse in reversed(inverses):
                inverse.apply(doc)
            raise
        return Batch(list(reversed(inverses)))


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"

    def __deepcopy__(self, memo):
        return self


_MISSING = _Missing()


def _check_kinds(kinds) -> None:
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise ModelError(f"A kind is {' or '.join(map(repr, KINDS))}, not {bad[0]!r}.")
    if len(set(kinds)) != len(kinds):
        raise ModelError(f"A kind is listed twice; kinds are a set of {' and '.join(map(repr, KINDS))}.")


def _check_edge_kind(kind) -> None:
    if kind not in EDGE_KINDS:
        raise ModelError(f"An arrow is 'optimizes' or 'link', not {kind!r}.")
