"""Helpers for the model tests: an exact snapshot of a document, and a listener that records events."""

from __future__ import annotations

from collections import Counter

from diagrammer.model import Change, Document, Edge, Node


def node_state(node: Node) -> tuple:
    """Every field of a node as the file would show it; ``repr`` keeps types and extra-key order."""
    return (
        node.id, node.name, repr(node.kinds), node.designed_by_humans, node.goal, node.parent,
        repr(node.x), repr(node.y), repr(node.width), repr(node.height), node.notes, repr(node.extra),
    )


def edge_state(edge: Edge) -> tuple:
    return (edge.id, edge.source, edge.target, edge.kind, edge.label, repr(edge.extra))


def snapshot(doc: Document) -> dict:
    """Title, document extra, nodes and edges in order with every field, and containment sets."""
    parents = {None, *doc.nodes, *(n.parent for n in doc.nodes.values())}
    return {
        "title": doc.title,
        "extra": repr(doc.extra),
        "nodes": [node_state(n) for n in doc.nodes.values()],
        "edges": [edge_state(e) for e in doc.edges.values()],
        "children": {p: frozenset(doc.children(p)) for p in parents if doc.children(p)},
    }


def assert_consistent(doc: Document) -> None:
    """The containment index agrees with the ``parent`` fields, with nothing stale left in it."""
    parents = {None, *doc.nodes, *(n.parent for n in doc.nodes.values())}
    listed = [(p, c) for p in parents for c in doc.children(p)]
    assert sorted(listed, key=repr) == sorted(((n.parent, n.id) for n in doc.nodes.values()), key=repr)


def on_loop(doc: Document) -> bool:
    """Whether some node is (through its containers) inside itself, as a loaded file may be."""
    done: set[str] = set()
    for node_id in doc.nodes:
        path: set[str] = set()
        current: str | None = node_id
        while current in doc.nodes and current not in done:
            if current in path:
                return True
            path.add(current)
            current = doc.nodes[current].parent
        done |= path
    return False


class Recorder:
    """A listener that keeps the events and checks, at each event, the order operations.py promises.

    It mirrors the document the way the editor's scene does (an id map updated by events only):
    a node arrives after its container and before its edges; edges leave before their nodes and
    parts before their containers. Order checks are skipped while the document holds a loop.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.events: list[Change] = []
        self.nodes: dict[str, str | None] = {}
        self.edges: dict[str, tuple[str, str]] = {}
        self.parts: Counter[str | None] = Counter()  # mirrored nodes per container
        self.ends: Counter[str] = Counter()  # mirrored edge ends per node
        for node in doc.nodes.values():
            self._put_node(node.id, node.parent)
        for edge in doc.edges.values():
            self._put_edge(edge.id, edge.source, edge.target)
        self.check_order = not on_loop(doc)
        doc.subscribe(self)

    def _put_node(self, node_id: str, parent: str | None) -> None:
        self.nodes[node_id] = parent
        self.parts[parent] += 1

    def _drop_node(self, node_id: str) -> None:
        self.parts[self.nodes.pop(node_id)] -= 1

    def _put_edge(self, edge_id: str, source: str, target: str) -> None:
        self.edges[edge_id] = (source, target)
        self.ends[source] += 1
        self.ends[target] += 1

    def _drop_edge(self, edge_id: str) -> None:
        for end in self.edges.pop(edge_id):
            self.ends[end] -= 1

    def __call__(self, change: Change) -> None:
        self.events.append(change)
        doc = self.doc
        if change.what == "node-added":
            assert change.id not in self.nodes
            parent = doc.nodes[change.id].parent
            if self.check_order and parent in doc.nodes:
                assert parent in self.nodes, f"{change.id} announced before its container {parent}"
            self._put_node(change.id, parent)
        elif change.what == "node-removed":
            assert change.id in self.nodes and change.id not in doc.nodes
            if self.check_order:
                assert self.parts[change.id] == 0, f"{change.id} removed before its parts"
                assert self.ends[change.id] == 0, f"{change.id} removed before its edges"
            self._drop_node(change.id)
        elif change.what == "edge-added":
            assert change.id not in self.edges
            edge = doc.edges[change.id]
            if self.check_order:
                for end in (edge.source, edge.target):
                    assert end not in doc.nodes or end in self.nodes, "edge announced before its node"
            self._put_edge(change.id, edge.source, edge.target)
        elif change.what == "edge-removed":
            assert change.id in self.edges and change.id not in doc.edges
            self._drop_edge(change.id)
        elif change.what == "node-changed":
            assert change.id in self.nodes
            self._drop_node(change.id)
            self._put_node(change.id, doc.nodes[change.id].parent)
        elif change.what == "edge-changed":
            edge = doc.edges[change.id]
            self._drop_edge(change.id)
            self._put_edge(change.id, edge.source, edge.target)
        else:
            assert change.what == "title-changed"

    def take(self) -> list[tuple[str, str]]:
        """The events since the last call, as ``(what, id)`` pairs."""
        out = [(c.what, c.id) for c in self.events]
        self.events.clear()
        return out

    def in_sync(self) -> bool:
        """The mirror holds exactly the document's nodes (with their parents) and edges."""
        return self.nodes == {nid: n.parent for nid, n in self.doc.nodes.items()} and self.edges == {
            eid: (e.source, e.target) for eid, e in self.doc.edges.items()
        }
