"""Steps 3 and 4 of rules.md §6, and mesa depth: effective producers, G's cycles, depth.

EP (D2) is kept as a chain instead of a set per node. A node's ``owner`` is the nearest node at or
above it, through non-designed nodes only, that has valid producers; ``next_owner`` links each
owner to the next one up. EP(X) is the union of the producers of the owners on X's chain. This
keeps a 10,000-level containment chain linear, and most nodes share their container's owner.
Only mesa-optimizers (R7) ever need EP spelled out, for their labels and texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx

from diagrammer.rules.result import Problem, make_problem
from diagrammer.rules.structure import Structure
from diagrammer.rules.vocabulary import OPTIMIZES_CYCLE, problem_message

#: A chain longer than this many nodes is shown with its middle elided (see :func:`chain_nodes`).
CHAIN_SHOWN = 7
#: Nodes kept at each end of an elided chain.
CHAIN_END = 3

# Stands for "every node on a loop" when networkx collects what the loops reach; not a str, so it
# cannot collide with a node id.
_LOOPS = ("loops",)


@dataclass
class Production:
    """Effective producers, mesa-optimizers, depths and the ``optimizes-cycle`` problems.

    ``mesa`` maps each R7 node to EP(X). ``depth`` holds the R7 nodes whose depth is defined;
    ``looping`` the R7 nodes whose depth is undefined. Along a longest chain, ``best`` gives a
    node's producer one level up (depth ≥ 2), ``start`` the outermost optimizer of a depth-1 node,
    and ``head`` the first nodes of the chain (at most :data:`CHAIN_END`).
    """

    owner: dict[str, str]
    next_owner: dict[str, str]
    mesa: dict[str, tuple[str, ...]]
    depth: dict[str, int] = field(default_factory=dict)
    best: dict[str, str] = field(default_factory=dict)
    start: dict[str, str] = field(default_factory=dict)
    head: dict[str, tuple[str, ...]] = field(default_factory=dict)
    looping: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def is_learned(self, node_id: str) -> bool:
        """D2: EP(X) is not empty."""
        return node_id in self.owner

    def owners(self, node_id: str) -> Iterator[str]:
        """The nodes whose valid producers make up EP(``node_id``), nearest first."""
        owner = self.owner.get(node_id)
        while owner is not None:
            yield owner
            owner = self.next_owner.get(owner)


def analyse_production(s: Structure) -> Production:
    """EP, the mesa-optimizers, G's ``optimizes-cycle`` problems and every defined depth.

    Examples
    --------
    >>> from diagrammer.model import Document, Edge, Node
    >>> from diagrammer.rules.structure import build_structure
    >>> doc = Document.from_parts("", [Node("sgd", kinds=["optimizer"], designed_by_humans=True),
    ...                                Node("net", kinds=["optimizer"])], [Edge("e", "sgd", "net")])
    >>> production = analyse_production(build_structure(doc))
    >>> production.mesa, production.depth
    ({'net': ('sgd',)}, {'net': 1})
    """
    owner, next_owner = effective_producer_chains(s)
    production = Production(owner, next_owner, mesa_producers(s, owner, next_owner))
    graph = cycle_graph(s, production.mesa)
    cycles = [component for component in nx.strongly_connected_components(graph) if len(component) > 1]
    production.problems = [cycle_problem(s, production, component) for component in cycles]
    assign_depths(s, production, graph, cycles)
    return production


def effective_producer_chains(s: Structure) -> tuple[dict[str, str], dict[str, str]]:
    """D2 top-down: each learned node's owner, and each owner's next owner up.

    A designed node has no owner and gives its children none: designed nodes block inheritance.
    """
    owner: dict[str, str] = {}
    next_owner: dict[str, str] = {}
    producers, designed, parent = s.producers, s.designed, s.parent
    owner_of = owner.get
    for node_id in s.order:
        if node_id in designed:
            continue
        up = parent[node_id]
        inherited = owner_of(up) if up is not None else None
        if node_id in producers:
            owner[node_id] = node_id
            if inherited is not None:
                next_owner[node_id] = inherited
        elif inherited is not None:
            owner[node_id] = inherited
    return owner, next_owner


def mesa_producers(
    s: Structure, owner: dict[str, str], next_owner: dict[str, str]
) -> dict[str, tuple[str, ...]]:
    """R7's nodes (optimizer, not designed, EP ≠ ∅), each with EP(X) spelled out and sorted.

    EP is computed once per owner and shared by every node below it.
    """
    by_owner: dict[str, tuple[str, ...]] = {}
    mesa: dict[str, tuple[str, ...]] = {}
    producers = s.producers
    for node_id in s.optimizers:
        first = owner.get(node_id)
        if first is None:
            continue
        found = by_owner.get(first)
        if found is None:
            current = next_owner.get(first)
            if current is None:
                found = tuple(producers[first])
            else:
                union = dict.fromkeys(producers[first])
                while current is not None:
                    union.update(dict.fromkeys(producers[current]))
                    current = next_owner.get(current)
                found = tuple(s.sort_nodes(union))
            by_owner[first] = found
        mesa[node_id] = found
    return mesa


def cycle_graph(s: Structure, mesa: dict[str, tuple[str, ...]]) -> nx.DiGraph:
    """The part of G (D4) that can hold a cycle, as a networkx graph.

    A node on a cycle of G needs an edge out, so it is a valid producer, and an edge in: for a
    non-designed node that means EP ≠ ∅, which makes it a mesa-optimizer; for a designed node a
    valid producer (EP is empty, but valid edges belong to G). Only G's pairs between those
    candidates enter the graph: valid edges, plus inherited pairs (P, X) with P ∈ EP(X).
    """
    producers, designed = s.producers, s.designed
    candidates = {
        node_id for node_id in s.products if node_id in mesa or (node_id in designed and node_id in producers)
    }
    graph = nx.DiGraph()
    graph.add_edges_from(
        (producer, node_id)
        for node_id in candidates
        for producer in (mesa[node_id] if node_id in mesa else producers[node_id])
        if producer in candidates
    )
    return graph


def cycle_problem(s: Structure, production: Production, component: set[str]) -> Problem:
    """The ``optimizes-cycle`` problem of one strongly connected component of G.

    Its edges are the valid edges that put one member's pair into another's: drawn straight to
    the member, or to a container the member inherits from.
    """
    edge_ids = []
    for node_id in component:
        owners = [node_id] if node_id in s.designed else production.owners(node_id)
        for owner in owners:
            for producer in s.producers.get(owner, ()):
                if producer in component:
                    edge_ids.extend(s.edge_ids((producer, owner)))
    ids = sorted(component)
    return make_problem(OPTIMIZES_CYCLE, ",".join(ids), problem_message(OPTIMIZES_CYCLE), ids, edge_ids)


def assign_depths(s: Structure, production: Production, graph: nx.DiGraph, cycles: list[set[str]]) -> None:
    """R8's depth for every mesa-optimizer, or membership of ``looping`` where it is undefined.

    Depth is undefined for nodes in, or reachable from, a cyclic strongly connected component of
    the graph of pairs (P, X) with both P and X mesa-optimizers and P ∈ EP(X). That graph is
    ``graph`` without its designed nodes, plus mesa-optimizers that produce nothing or have no
    mesa-optimizer producer (handled after the rest). A cycle of G through a designed optimizer
    is reported by ``optimizes-cycle`` but, as the rules define depth, does not hide it: the
    designed node restarts the count. ``graph`` is consumed.
    """
    mesa = production.mesa
    graph.remove_nodes_from([node_id for node_id in graph if node_id not in mesa])
    looping = production.looping
    seeds: list[str] = []
    for component in cycles:
        if component.isdisjoint(s.designed):
            seeds.extend(component)
            continue
        # Without its designed members the component may fall apart or keep smaller loops.
        members = component.difference(s.designed)
        inner = nx.DiGraph((u, v) for u, v in graph.edges(members) if v in members)
        seeds.extend(n for part in nx.strongly_connected_components(inner) if len(part) > 1 for n in part)
    if seeds:
        graph.add_edges_from((_LOOPS, node_id) for node_id in seeds)
        looping.update(nx.descendants(graph, _LOOPS))
        graph.remove_node(_LOOPS)
        graph.remove_nodes_from(looping)
    ordered = list(nx.topological_sort(graph))
    in_graph = set(ordered)
    # A mesa-optimizer outside the graph has no mesa-optimizer producer (the pair would be in the
    # graph) or, if it produces nothing, comes after its producers; so sources come first.
    products = s.products
    ordered.extend(n for n in mesa if n in products and n not in in_graph and n not in looping)
    ordered.extend(n for n in mesa if n not in products)
    key = s.key
    depth, best, start, head = production.depth, production.best, production.start, production.head
    for node_id in ordered:
        top_depth = 0
        top = ""  # compared only on ties, and ties need top_depth > 0, so top is set by then
        for producer in mesa[node_id]:
            if producer not in mesa:
                continue
            if producer in looping:
                looping.add(node_id)
                break
            level = depth[producer]
            if level > top_depth or (level == top_depth and key(producer) < key(top)):
                top_depth, top = level, producer
        else:
            depth[node_id] = top_depth + 1
            if top_depth == 0:
                outermost = mesa[node_id][0]  # EP is sorted: the first by name, then id
                start[node_id] = outermost
                head[node_id] = (outermost, node_id)
            else:
                best[node_id] = top
                above = head[top]
                head[node_id] = above if len(above) >= CHAIN_END else (*above, node_id)


def chain_nodes(production: Production, node_id: str) -> tuple[list[str], int]:
    """The longest chain ending at ``node_id``, outermost optimizer first, and how many it elides.

    A chain of more than :data:`CHAIN_SHOWN` nodes keeps :data:`CHAIN_END` at each end, so that a
    10,000-long chain costs O(1) per node instead of O(depth).
    """
    depth = production.depth[node_id]
    length = depth + 1
    if length <= CHAIN_SHOWN:
        tail = [node_id]
        while production.depth[tail[-1]] > 1:
            tail.append(production.best[tail[-1]])
        tail.append(production.start[tail[-1]])
        return tail[::-1], 0
    tail = [node_id]
    while len(tail) < CHAIN_END:
        tail.append(production.best[tail[-1]])
    return [*production.head[node_id], *tail[::-1]], length - 2 * CHAIN_END
