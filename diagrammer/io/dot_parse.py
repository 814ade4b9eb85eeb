"""DOT read the way Graphviz reads it: the parsed statements replayed with Graphviz's semantics.

:mod:`diagrammer.io.dot_grammar` gives a tree of statements; what a file *means* needs Graphviz's
rules on top, which this module applies in statement order:

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

from diagrammer.io.dot_grammar import Graph, Subgraph
from diagrammer.io.dot_text import unquote

RANK_SETS = frozenset({"same", "min", "max", "source", "sink"})


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


@dataclass(eq=False, slots=True)
class DotNode:
    name: str
    attrs: dict[str, str]
    seq: int
    scopes: dict[int, Scope] = field(default_factory=dict)


@dataclass(eq=False, slots=True)
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


def build_graph(parsed: Graph) -> DotGraph:
    """Replay one parsed graph (see :mod:`diagrammer.io.dot_grammar`) with Graphviz's semantics."""
    return _Builder(parsed).run()


class _Builder:
    def __init__(self, parsed: Graph) -> None:
        self.parsed = parsed
        self.strict = parsed.strict
        self.directed = parsed.directed
        self.root = Scope(parsed.name, None, 0)
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
        stack: list[Iterator[tuple[list, Scope]]] = [self._body(self.parsed.body, self.root)]
        while stack:
            try:
                body, scope = next(stack[-1])
            except StopIteration:
                stack.pop()
                continue
            stack.append(self._body(body, scope))
        graph = DotGraph(self.root.name, self.directed, self.strict, self.root, self.nodes, self.edges)
        _place(graph, self.scopes)
        return graph

    # ----- statements ------------------------------------------------------------------------

    def _body(self, body: list, scope: Scope) -> Iterator[tuple[list, Scope]]:
        """Run one body; yields ``(statements, scope)`` whenever a subgraph must run first."""
        for statement in body:
            kind = statement[0]
            if kind == "sub":
                yield statement[1].body, self._open(statement[1], scope)
            elif kind == "attr":
                target = {"node": scope.node_defaults, "edge": scope.edge_defaults}.get(statement[1], scope.attrs)
                target.update(statement[2])
            elif kind == "set":
                scope.attrs.update(statement[1])
            elif kind == "node":
                for name in statement[1]:
                    self._ref(name, scope).attrs.update(statement[2])
            else:
                ends: list[list[str]] = []
                for operand in statement[1]:
                    if isinstance(operand, Subgraph):
                        sub = self._open(operand, scope)
                        yield operand.body, sub
                        ends.append(list(sub.members))
                    else:
                        ends.append([self._ref(name, scope).name for name in operand])
                attrs = {**scope.edge_defaults, **statement[2]}
                for tails, heads in zip(ends, ends[1:], strict=False):
                    for tail in tails:
                        for head in heads:
                            self._edge(tail, head, attrs)

    def _open(self, sub: Subgraph, parent: Scope) -> Scope:
        name = sub.name
        scope = parent.named.get(name) if name else None
        if scope is None:
            scope = Scope(name, parent, len(self.scopes), dict(parent.node_defaults), dict(parent.edge_defaults))
            scope.seq = self._next()
            self.scopes.append(scope)
            parent.children.append(scope)
            if name:
                parent.named[name] = scope
        return scope

    def _ref(self, name: str, scope: Scope) -> DotNode:
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
            edge = DotEdge(tail, head, attrs)  # edges of one statement share it: nothing changes it later
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
    placement = graph.placement
    for node in graph.nodes.values():
        if len(node.scopes) == 1:  # named in one subgraph only: nothing to decide
            [only] = node.scopes.values()
            best = path[only]
            placement[node.name] = best[-1] if best else None
            continue
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
