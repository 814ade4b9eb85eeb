"""DOT read the way Graphviz reads it: pydot's parse replayed with Graphviz's semantics.

pydot gives a tree of statements; what a file *means* needs Graphviz's rules on top, which this
module applies in statement order:

- ``node [...]`` / ``edge [...]`` defaults apply to the nodes and edges created after them in that
  subgraph and in subgraphs opened later inside it; a node keeps the attributes of its creation;
- a named subgraph opened twice in the same parent is one subgraph;
- an edge operand ``{a b}`` or ``subgraph s {...}`` stands for every node in that subgraph, and an
  edge chain ``a -> b -> c`` is two edges; strict graphs merge repeated edges;
- a subgraph whose name starts with ``cluster`` is a cluster unless it sits inside a non-cluster
  subgraph with a ``rank`` (dot never looks inside those), and other subgraphs are transparent;
- a node named in several clusters goes, as in dot, into the first top-level cluster (in
  declaration order) that holds it, then into the first of that cluster's clusters, and so on.

The walk is iterative (a stack of generators), so nesting depth costs no Python recursion here.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from diagrammer.io.dot_text import node_name, unquote

RANK_SETS = frozenset({"same", "min", "max", "source", "sink"})
_PSEUDO_NODES = frozenset({"node", "edge", "graph"})


@dataclass(eq=False)
class Scope:
    """One subgraph (or the root graph) with its own defaults and attributes, as raw DOT tokens.

    ``order`` indexes the builder's list of scopes; ``seq`` is the creation order shared with nodes.
    """

    name: str
    parent: Scope | None
    order: int
    node_defaults: dict[str, str] = field(default_factory=dict)
    edge_defaults: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Scope] = field(default_factory=list)
    named: dict[str, Scope] = field(default_factory=dict)
    members: dict[str, None] = field(default_factory=dict)
    is_cluster: bool = False
    seq: int = 0

    @property
    def cluster_name(self) -> bool:
        return self.name.lower().startswith("cluster")


@dataclass(eq=False)
class DotNode:
    name: str
    attrs: dict[str, str]
    seq: int
    scopes: dict[int, Scope] = field(default_factory=dict)


@dataclass(eq=False)
class DotEdge:
    tail: str
    head: str
    attrs: dict[str, str]


@dataclass
class DotGraph:
    """The meaning of one DOT graph: nodes, edges, the cluster tree and where each node sits.

    ``placement`` maps a node name to its cluster (``None``: top level); ``cluster_parent`` maps
    each cluster to the cluster around it; ``clusters`` lists clusters parents first, in dot's order.
    """

    name: str
    directed: bool
    strict: bool
    root: Scope
    nodes: dict[str, DotNode]
    edges: list[DotEdge]
    clusters: list[Scope] = field(default_factory=list)
    cluster_parent: dict[Scope, Scope | None] = field(default_factory=dict)
    placement: dict[str, Scope | None] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def build_graph(graph_obj: dict[str, Any]) -> DotGraph:
    """Replay one pydot graph (its ``obj_dict``) with Graphviz's semantics."""
    return _Builder(graph_obj).run()


def _attrs(entry: dict[str, Any]) -> dict[str, str]:
    # ``[style]`` without a value means ``style=true`` in Graphviz.
    return {k: ("true" if v is None else str(v)) for k, v in (entry.get("attributes") or {}).items()}


def _statements(obj: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The statements of one graph body in source order (pydot numbers them by ``sequence``)."""
    items: list[tuple[int, int, str, dict[str, Any]]] = []
    for kind in ("nodes", "edges", "subgraphs"):
        for entries in (obj.get(kind) or {}).values():
            for entry in entries:
                items.append((entry.get("sequence") or 0, len(items), kind, entry))
    items.sort(key=lambda item: (item[0], item[1]))
    return [(kind, entry) for _, _, kind, entry in items]


class _Builder:
    def __init__(self, graph_obj: dict[str, Any]) -> None:
        self.obj = graph_obj
        self.strict = bool(graph_obj.get("strict"))
        self.directed = graph_obj.get("type") == "digraph"
        self.root = Scope(unquote(str(graph_obj.get("name") or ""))[0], None, 0)
        self.scopes: list[Scope] = [self.root]
        self.nodes: dict[str, DotNode] = {}
        self.edges: list[DotEdge] = []
        self.edge_index: dict[tuple[str, str] | frozenset[str], DotEdge] = {}
        self.created = 0

    def _next(self) -> int:
        """Creation order shared by nodes and subgraphs: the order a reader meets them in."""
        self.created += 1
        return self.created

    def run(self) -> DotGraph:
        self.root.attrs.update(_attrs(self.obj))
        stack: list[Iterator[tuple[dict[str, Any], Scope]]] = [self._body(self.obj, self.root)]
        while stack:
            try:
                sub_obj, scope = next(stack[-1])
            except StopIteration:
                stack.pop()
                continue
            stack.append(self._body(sub_obj, scope))
        graph = DotGraph(self.root.name, self.directed, self.strict, self.root, self.nodes, self.edges)
        _place(graph, self.scopes)
        return graph

    # ----- statements ------------------------------------------------------------------------

    def _body(self, obj: dict[str, Any], scope: Scope) -> Iterator[tuple[dict[str, Any], Scope]]:
        """Run one body; yields ``(subgraph, scope)`` whenever a subgraph must run first."""
        operand_scopes: dict[int, Scope] = {}
        for kind, entry in _statements(obj):
            if kind == "subgraphs":
                sub = self._open(entry, scope)
                yield entry, sub
            elif kind == "nodes":
                name = str(entry.get("name"))
                if name in _PSEUDO_NODES:
                    target = {"node": scope.node_defaults, "edge": scope.edge_defaults}.get(name, scope.attrs)
                    target.update(_attrs(entry))
                else:
                    node = self._ref(name, scope)
                    node.attrs.update(_attrs(entry))
            else:
                ends: list[list[str]] = []
                for point in entry.get("points") or ():
                    if isinstance(point, dict):
                        # A chain ``a -> {b} -> c`` shares one operand object between two edges:
                        # its body runs once.
                        sub = operand_scopes.get(id(point))
                        if sub is None:
                            sub = operand_scopes[id(point)] = self._open(point, scope)
                            yield point, sub
                        ends.append(list(sub.members))
                    else:
                        ends.append([self._ref(str(point), scope).name])
                if len(ends) == 2:
                    attrs = {**scope.edge_defaults, **_attrs(entry)}
                    for tail in ends[0]:
                        for head in ends[1]:
                            self._edge(tail, head, attrs)

    def _open(self, obj: dict[str, Any], parent: Scope) -> Scope:
        name = unquote(str(obj.get("name") or ""))[0]
        scope = parent.named.get(name) if name else None
        if scope is None:
            scope = Scope(name, parent, len(self.scopes), dict(parent.node_defaults), dict(parent.edge_defaults))
            scope.seq = self._next()
            self.scopes.append(scope)
            parent.children.append(scope)
            if name:
                parent.named[name] = scope
        scope.attrs.update(_attrs(obj))
        return scope

    def _ref(self, ref: str, scope: Scope) -> DotNode:
        name = node_name(ref)
        node = self.nodes.get(name)
        if node is None:
            node = self.nodes[name] = DotNode(name, dict(scope.node_defaults), self._next())
        if scope.order not in node.scopes:
            node.scopes[scope.order] = scope
            current: Scope | None = scope
            while current is not None and name not in current.members:
                current.members[name] = None
                current = current.parent
        return node

    def _edge(self, tail: str, head: str, attrs: dict[str, str]) -> None:
        if self.strict:
            key: tuple[str, str] | frozenset[str] = (tail, head) if self.directed else frozenset((tail, head))
            existing = self.edge_index.get(key)
            if existing is not None:
                existing.attrs.update(attrs)
                return
            edge = self.edge_index[key] = DotEdge(tail, head, dict(attrs))
        else:
            edge = DotEdge(tail, head, dict(attrs))
        self.edges.append(edge)


def _place(graph: DotGraph, scopes: list[Scope]) -> None:
    """Decide which subgraphs are clusters and put every node in its cluster (see module doc)."""
    # Scopes are created parents first, so one pass settles visibility and cluster paths.
    visible = {graph.root: True}
    path: dict[Scope, tuple[Scope, ...]] = {graph.root: ()}
    for scope in scopes[1:]:
        parent = scope.parent
        assert parent is not None
        blocked = (
            parent is not graph.root
            and not parent.is_cluster
            and unquote(parent.attrs.get("rank", ""))[0].lower() in RANK_SETS
        )
        visible[scope] = visible[parent] and not blocked
        scope.is_cluster = visible[scope] and scope.cluster_name
        path[scope] = (*path[parent], scope) if scope.is_cluster else path[parent]
        if scope.cluster_name and not scope.is_cluster and visible[parent]:
            graph.notices.append(
                f'The cluster "{scope.name}" sits inside a subgraph with a rank, where Graphviz does '
                "not draw clusters; its nodes were kept without it."
            )
    # dot's order among sibling clusters: depth first through the subgraph tree.
    rank: dict[Scope, int] = {}
    stack = [graph.root]
    while stack:
        scope = stack.pop()
        if scope.is_cluster:
            rank[scope] = len(rank)
            graph.clusters.append(scope)
            graph.cluster_parent[scope] = path[scope][-2] if len(path[scope]) > 1 else None
        stack.extend(reversed(scope.children))
    moved = 0
    for node in graph.nodes.values():
        paths = [path[s] for s in node.scopes.values()]
        # The sentinel ranks a shorter path after its extensions: dot descends as deep as it can.
        best = min(paths, key=lambda p: (*(rank[c] for c in p), math.inf))
        graph.placement[node.name] = best[-1] if best else None
        conflicting = sorted({p[-1].name for p in paths if best[: len(p)] != p})
        if conflicting:
            moved += 1
            if moved <= 5:
                graph.notices.append(
                    f'The node "{node.name}" is listed in the clusters "{best[-1].name}" and '
                    f'"{conflicting[0]}"; like Graphviz, it was put in "{best[-1].name}" only.'
                )
    if moved > 5:
        graph.notices.append(f"{moved - 5} more nodes listed in several clusters were placed the same way.")
