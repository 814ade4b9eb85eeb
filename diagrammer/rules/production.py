"""Steps 3 and 4 of rules.md §6, and mesa depth: effective producers, G's cycles, depth.

EP (D2) is kept as a chain instead of a set per node. A node's ``owner`` is the nearest node at or
above it, through non-designed nodes only, that has valid producers; ``next_owner`` links each
owner to the next one up. EP(X) is the union of the producers of the owners on X's chain. This
keeps a 10,000-level containment chain linear, and most nodes share their container's owner.
Only mesa-optimizers (R7) ever need EP spelled out, for their labels and texts.

Nodes are the numbers of :mod:`diagrammer.rules.structure`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress

from diagrammer.rules.result import Problem, make_problem
from diagrammer.rules.structure import Structure
from diagrammer.rules.vocabulary import OPTIMIZES_CYCLE, problem_message

#: A chain longer than this many nodes is shown with its middle elided (see :func:`chain_nodes`).
CHAIN_SHOWN = 7
#: Nodes kept at each end of an elided chain.
CHAIN_END = 3


@dataclass
class Production:
    """Effective producers, mesa-optimizers and depths.

    ``owner[i]`` is node ``i``'s owner, ``None`` when EP(i) is empty. ``mesa`` maps each R7 node
    to EP(X), sorted. ``depth`` holds the R7 nodes whose depth is defined; ``looping`` the R7
    nodes whose depth is undefined. Along a longest chain, ``best`` gives a node's producer one
    level up (depth ≥ 2), ``start`` the outermost optimizer of a depth-1 node, and ``head`` the
    first nodes of the chain (at most :data:`CHAIN_END`).
    """

    owner: list[int | None]
    next_owner: dict[int, int]
    mesa: dict[int, tuple[int, ...]]
    depth: dict[int, int] = field(default_factory=dict)
    best: dict[int, int] = field(default_factory=dict)
    start: dict[int, int] = field(default_factory=dict)
    head: dict[int, tuple[int, ...]] = field(default_factory=dict)
    looping: set[int] = field(default_factory=set)

    def is_learned(self, node: int) -> bool:
        """D2: EP(X) is not empty."""
        return self.owner[node] is not None

    def owners(self, node: int) -> Iterator[int]:
        """The nodes whose valid producers make up EP(``node``), nearest first."""
        return self.owners_from(self.owner[node])

    def owners_from(self, owner: int | None) -> Iterator[int]:
        """``owner`` and the owners above it, nearest first."""
        while owner is not None:
            yield owner
            owner = self.next_owner.get(owner)


def analyse_production(s: Structure) -> Production:
    """EP, the mesa-optimizers and every defined depth (the problems: :func:`production_problems`).

    Examples
    --------
    >>> from diagrammer.model import Document, Edge, Node, Table
    >>> from diagrammer.rules.structure import build_structure
    >>> doc = Document.from_parts("", [Node("sgd", kinds=["optimizer"], designed_by_humans=True),
    ...                                Node("net", kinds=["optimizer"])], [Edge("e", "sgd", "net")])
    >>> s = build_structure(Table.of(doc))
    >>> production = analyse_production(s)
    >>> s.ids, production.mesa, production.depth
    (['net', 'sgd'], {0: (1,)}, {0: 1})
    """
    owner, next_owner = effective_producer_chains(s)
    production = Production(owner, next_owner, mesa_producers(s, owner, next_owner))
    assign_depths(production)
    return production


def production_problems(s: Structure, production: Production) -> list[Problem]:
    """The ``optimizes-cycle`` problems, one per cycle of G (unsorted).

    Asked for separately: no label depends on them (depth finds its own cycles), and finding them
    may import networkx.
    """
    cycles = optimizes_cycles(s, production)
    if not cycles:
        return []
    drawing = s.edges_from(set().union(*cycles))
    return [cycle_problem(s, production, component, drawing) for component in cycles]


def effective_producer_chains(s: Structure) -> tuple[list[int | None], dict[int, int]]:
    """D2 top-down: each learned node's owner, and each owner's next owner up.

    A designed node has no owner and gives its children none: designed nodes block inheritance.
    """
    owner: list[int | None] = [None] * len(s.ids)
    next_owner: dict[int, int] = {}
    producers, designed, parent = s.producers, s.is_designed, s.parent
    for node in s.order:
        if designed[node]:
            continue
        up = parent[node]
        inherited = owner[up] if up is not None else None
        if node in producers:
            owner[node] = node
            if inherited is not None:
                next_owner[node] = inherited
        elif inherited is not None:
            owner[node] = inherited
    return owner, next_owner


def mesa_producers(s: Structure, owner: list[int | None], next_owner: dict[int, int]) -> dict[int, tuple[int, ...]]:
    """R7's nodes (optimizer, not designed, EP ≠ ∅), each with EP(X) spelled out and sorted.

    EP is computed once per owner and shared by every node below it. Designed nodes have no owner.
    """
    by_owner: dict[int, tuple[int, ...]] = {}
    mesa: dict[int, tuple[int, ...]] = {}
    producers = s.producers
    for node in compress(range(len(owner)), s.is_optimizer):
        first = owner[node]
        if first is None:
            continue
        found = by_owner.get(first)
        if found is None:
            current = next_owner.get(first)
            if current is None:
                found = tuple(producers[first])
            else:
                union = set(producers[first])
                while current is not None:
                    union.update(producers[current])
                    current = next_owner.get(current)
                found = tuple(sorted(union))
            by_owner[first] = found
        mesa[node] = found
    return mesa


def optimizes_cycles(s: Structure, production: Production) -> list[set[int]]:
    """The strongly connected components of G (D4) with two or more nodes.

    A node on a cycle of G needs an edge out, so it is a valid producer, and an edge in: for a
    non-designed node that means EP ≠ ∅, which makes it a mesa-optimizer; for a designed node a
    valid producer (EP is empty, but valid edges belong to G). Only G's pairs between those
    candidates count: valid edges, plus inherited pairs (P, X) with P ∈ EP(X).

    Peeling off nodes without a predecessor, again and again, leaves only the cycles and what they
    lead to; networkx finds the components in that rest. A diagram without cycles (the usual
    case) never builds a networkx graph, nor even imports networkx.
    """
    mesa, producers, designed = production.mesa, s.producers, s.is_designed
    into: dict[int, tuple[int, ...] | list[int]] = {}
    for node in s.products:
        if node in mesa:
            into[node] = mesa[node]
        elif designed[node] and node in producers:
            into[node] = producers[node]
    rest = _peeled(into)
    if not rest:
        return []
    import networkx as nx

    graph = nx.DiGraph((source, node) for node in rest for source in into[node] if source in rest)
    return [component for component in nx.strongly_connected_components(graph) if len(component) > 1]


def _peeled(into: dict[int, tuple[int, ...] | list[int]]) -> set[int]:
    """The nodes of the graph ``into`` (node -> its sources) that lie on a cycle or after one.

    Kahn's topological sort, kept for what it cannot sort.
    """
    waiting, after = _in_degrees(into)
    ready = [node for node, count in waiting.items() if not count]
    for node in ready:
        for later in after.get(node, ()):
            waiting[later] -= 1
            if not waiting[later]:
                ready.append(later)
    return {node for node, count in waiting.items() if count}


def _in_degrees(into: dict[int, tuple[int, ...] | list[int]]) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Each node's number of sources within the graph, and each node's successors."""
    waiting: dict[int, int] = {}
    after: dict[int, list[int]] = {}
    for node, sources in into.items():
        count = 0
        for source in sources:
            if source in into:
                count += 1
                later = after.get(source)
                if later is None:
                    after[source] = [node]
                else:
                    later.append(node)
        waiting[node] = count
    return waiting, after


def cycle_problem(
    s: Structure, production: Production, component: set[int], drawing: dict[tuple[int, int], tuple[str, ...]]
) -> Problem:
    """The ``optimizes-cycle`` problem of one strongly connected component of G.

    Its edges are the valid edges that put one member's pair into another's: drawn straight to
    the member, or to a container the member inherits from (``drawing``: the edges of each pair
    from the members).
    """
    edge_ids = []
    for node in component:
        owners = [node] if s.is_designed[node] else production.owners(node)
        for owner in owners:
            for producer in s.producers.get(owner, ()):
                if producer in component:
                    edge_ids.extend(drawing[producer, owner])
    ids = s.sort_ids(component)
    return make_problem(OPTIMIZES_CYCLE, ",".join(ids), problem_message(OPTIMIZES_CYCLE), ids, edge_ids)


def assign_depths(production: Production) -> None:
    """R8's depth for every mesa-optimizer, or membership of ``looping`` where it is undefined.

    Depth is undefined for nodes in, or reachable from, a cyclic strongly connected component of
    the graph of pairs (P, X) with both P and X mesa-optimizers and P ∈ EP(X): exactly the nodes
    a topological sort of that graph never reaches. The others are reached after all their
    producers, so each depth is one more than the greatest among its producers'. A cycle of G
    through a designed optimizer is reported by ``optimizes-cycle`` but, as the rules define
    depth, does not hide it: the designed node restarts the count.

    Kahn's sort here instead of networkx's, because it also yields the looping nodes, and building
    the graph for networkx cost more than the whole sort.
    """
    mesa = production.mesa
    learned_producers = {node: [p for p in producers if p in mesa] for node, producers in mesa.items()}
    waiting, after = _in_degrees(learned_producers)
    depth, best, start, head = production.depth, production.best, production.start, production.head
    ready = [node for node, count in waiting.items() if not count]
    for node in ready:
        above = learned_producers[node]
        if not above:
            depth[node] = 1
            outermost = start[node] = mesa[node][0]  # EP is sorted: the first by name, then id
            head[node] = (outermost, node)
        else:
            # The deepest producer; on a tie the first, by name then id, as EP is sorted.
            top = above[0]
            top_depth = depth[top]
            for producer in above:
                if depth[producer] > top_depth:
                    top, top_depth = producer, depth[producer]
            depth[node] = top_depth + 1
            best[node] = top
            chain_head = head[top]
            head[node] = chain_head if len(chain_head) >= CHAIN_END else (*chain_head, node)
        for later in after.get(node, ()):
            waiting[later] -= 1
            if not waiting[later]:
                ready.append(later)
    production.looping = {node for node, count in waiting.items() if count}


def chain_nodes(production: Production, node: int) -> tuple[list[int], int]:
    """The longest chain ending at ``node``, outermost optimizer first, and how many it elides.

    A chain of more than :data:`CHAIN_SHOWN` nodes keeps :data:`CHAIN_END` at each end, so that a
    10,000-long chain costs O(1) per node instead of O(depth).
    """
    depth = production.depth[node]
    length = depth + 1
    if length <= CHAIN_SHOWN:
        tail = [node]
        while production.depth[tail[-1]] > 1:
            tail.append(production.best[tail[-1]])
        tail.append(production.start[tail[-1]])
        return tail[::-1], 0
    tail = [node]
    while len(tail) < CHAIN_END:
        tail.append(production.best[tail[-1]])
    return [*production.head[node], *tail[::-1]], length - 2 * CHAIN_END
