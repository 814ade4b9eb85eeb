"""One function per label of rules.md §5 (R1-R15), named after it.

Each rule takes the :class:`Facts` of a diagram and a node id ``x``, and returns what the label's
explanation names (the nearest agent, the products, EP, the differing producers, ...) when ``x``
has the label, or ``None`` (or ``False``) when it has not. Containment labels (R1-R3) read only
the effective containers; production labels (R4-R15) read only the valid edges and EP.

Whether a node is a mesa-optimizer is decided by :func:`mesa_optimizer` alone: depth, R10, R12 and
R13 all ask it (through :attr:`Facts.mesa`, which it fills).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

import networkx as nx

from diagrammer.rules.graph import Diagram

#: A chain longer than this many nodes is shown with its middle elided.
CHAIN_SHOWN = 7
#: Nodes kept at each end of an elided chain.
CHAIN_END = 3


@dataclass
class Depths:
    """R8 for every mesa-optimizer: ``depth`` where defined, ``looping`` where not.

    Along a longest chain, ``best[x]`` is ``x``'s producer one level up (depth >= 2), ``start[x]``
    the outermost optimizer of a depth-1 node, and ``head[x]`` the first nodes of the chain (at
    most :data:`CHAIN_END`), so that a very long chain is shown in constant time per node.
    """

    depth: dict[str, int] = field(default_factory=dict)
    best: dict[str, str] = field(default_factory=dict)
    start: dict[str, str] = field(default_factory=dict)
    head: dict[str, tuple[str, ...]] = field(default_factory=dict)
    looping: set[str] = field(default_factory=set)

    def chain(self, x: str) -> tuple[list[str], int]:
        """The longest chain ending at ``x``, outermost optimizer first, and how many nodes of its
        middle are left out (a chain of more than :data:`CHAIN_SHOWN` keeps :data:`CHAIN_END` at
        each end)."""
        length = self.depth[x] + 1
        tail = [x]
        if length <= CHAIN_SHOWN:
            while self.depth[tail[-1]] > 1:
                tail.append(self.best[tail[-1]])
            tail.append(self.start[tail[-1]])
            return tail[::-1], 0
        while len(tail) < CHAIN_END:
            tail.append(self.best[tail[-1]])
        return [*self.head[x], *tail[::-1]], length - 2 * CHAIN_END

    def full_chain(self, x: str) -> list[str]:
        """The whole longest chain ending at ``x``, outermost optimizer first."""
        chain = [x]
        while self.depth[chain[-1]] > 1:
            chain.append(self.best[chain[-1]])
        chain.append(self.start[chain[-1]])
        return chain[::-1]


class Facts:
    """A diagram with the few facts several rules share, each decided once, by its rule.

    ``mesa`` maps every mesa-optimizer (R7) to EP; ``depths`` holds R8; ``inner`` maps each node
    to the closest mesa-optimizer inside it (R10); ``parts`` each agent to the agents whose
    nearest agent it is (R2).

    Examples
    --------
    >>> from diagrammer.model import Document, Edge, Node
    >>> doc = Document.from_parts("", [Node("sgd", kinds=["optimizer"], designed_by_humans=True),
    ...                                Node("net", kinds=["optimizer"])], [Edge("e", "sgd", "net")])
    >>> f = Facts(Diagram(doc))
    >>> f.mesa, f.depths.depth, designed_optimizer(f, "sgd"), mesa_depth(f, "net")
    ({'net': ('sgd',)}, {'net': 1}, True, 1)
    """

    def __init__(self, d: Diagram) -> None:
        self.d = d
        self.mesa = {x: ep for x in d.doc.nodes if (ep := mesa_optimizer(self, x))}
        self.depths = mesa_depths(d, self.mesa)
        self.inner = closest_mesa_optimizers_inside(d, self.mesa)
        self.parts: dict[str, list[str]] = {}
        for y in d.order(y for y in d.agent if y in d.nearest_agent):
            self.parts.setdefault(d.nearest_agent[y], []).append(y)


# ----- R1-R3: containment ------------------------------------------------------------------------


def subagent(f: Facts, x: str) -> str | None:
    """R1 ``subagent``: X is an agent and nearestAgent(X) exists; returns nearestAgent(X)."""
    return f.d.nearest_agent.get(x) if x in f.d.agent else None


def composite_agent(f: Facts, x: str) -> list[str] | None:
    """R2 ``composite-agent``: X is nearestAgent(Y) for at least one agent Y; returns those Ys (A2)."""
    return f.parts.get(x)


def hosted_agent(f: Facts, x: str) -> str | None:
    """R3 ``hosted-agent``: X is an agent, has a parent and no agent ancestor; returns the parent."""
    d = f.d
    if x in d.agent and x not in d.nearest_agent:
        return d.parent[x]
    return None


# ----- R4-R9: optimizers and depth ---------------------------------------------------------------


def base_optimizer(f: Facts, x: str) -> list[str] | None:
    """R4 ``base-optimizer``: X is an optimizer with a valid outgoing edge; returns its products.

    Every valid edge starts at an optimizer (``producer-not-optimizer`` drops the others).
    """
    return f.d.products.get(x)


def meta_optimizer(f: Facts, x: str) -> list[str] | None:
    """R5 ``meta-optimizer``: some valid direct product of X is itself a base optimizer (A8);
    returns those products."""
    products = f.d.products
    return [p for p in products.get(x, ()) if p in products] or None


def designed_optimizer(f: Facts, x: str) -> bool:
    """R6 ``designed-optimizer``: X is an optimizer and designed."""
    return x in f.d.optimizer and x in f.d.designed


def mesa_optimizer(f: Facts, x: str) -> tuple[str, ...] | None:
    """R7 ``mesa-optimizer``: X is an optimizer, not designed, and EP(X) ≠ ∅; returns EP(X).

    EP is empty for a designed node, so "not designed" needs no test of its own.
    """
    return f.d.effective_producers(x) if x in f.d.optimizer else None


def mesa_depths(d: Diagram, mesa: dict[str, tuple[str, ...]]) -> Depths:
    """R8's depth for every mesa-optimizer, or membership of ``looping`` where it is undefined.

    ``depth(X) = 1 + max over P ∈ EP(X)`` of ``depth(P)`` if P has R7, else 0. It is undefined for
    X in, or reachable from, a cyclic strongly connected component of the graph of pairs (P, X)
    with both P and X mesa-optimizers and P ∈ EP(X): those are set aside first, and the rest of
    that graph is acyclic, so its topological order settles each producer before its products.
    A tie between deepest producers goes to the first by name, then id (EP's order). A designed
    optimizer restarts the count: it is never R7.
    """
    pairs = nx.DiGraph((p, x) for x, ep in mesa.items() for p in ep if p in mesa)
    found = Depths()
    loops = [c for c in nx.strongly_connected_components(pairs) if len(c) > 1]
    if loops:  # the loops and everything they reach
        found.looping.update(*nx.bfs_layers(pairs, set().union(*loops)))
        pairs.remove_nodes_from(found.looping)
    depth = found.depth
    alone = mesa.keys() - pairs.nodes - found.looping  # in no pair: depth 1
    for x in chain(alone, nx.topological_sort(pairs)):  # each producer settled before its products
        above = [p for p in mesa[x] if p in mesa]  # in EP's order
        if not above:
            depth[x] = 1
            found.start[x] = mesa[x][0]
            found.head[x] = (mesa[x][0], x)
        else:
            top = max(above, key=depth.__getitem__)  # max keeps the first of equals
            depth[x] = depth[top] + 1
            found.best[x] = top
            head = found.head[top]
            found.head[x] = head if len(head) >= CHAIN_END else (*head, x)
    return found


def mesa_depth(f: Facts, x: str) -> int | None:
    """R8 ``mesa-depth-N``: X has R7 and its depth N is defined; returns N."""
    return f.depths.depth.get(x)


def mesa_mesa_optimizer(f: Facts, x: str) -> bool:
    """R9 ``mesa-mesa-optimizer``: R8 with N >= 2."""
    return f.depths.depth.get(x, 0) >= 2


# ----- R10-R15: learned things and objectives ----------------------------------------------------


def closest_mesa_optimizers_inside(d: Diagram, mesa: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each node with a mesa-optimizer among its proper descendants, mapped to the closest one
    (ties broken by name, then id), in one pass up the containment forest."""
    closest: dict[str, tuple[int, int, str]] = {}  # node -> (distance, rank, id) of the closest
    rank = d.rank
    for x in reversed(d.forest.preorder):
        up = d.parent[x]
        if up is None:
            continue
        below = closest.get(x)
        candidate = (1, rank[x], x) if x in mesa else (below[0] + 1, below[1], below[2]) if below else None
        if candidate is not None and (up not in closest or candidate < closest[up]):
            closest[up] = candidate
    return {x: found[2] for x, found in closest.items()}


def contains_mesa_optimizer(f: Facts, x: str) -> str | None:
    """R10 ``contains-mesa-optimizer``: X is learned and some proper descendant has R7; returns the
    closest such descendant."""
    return f.inner.get(x) if f.d.is_learned(x) else None


def learned_algorithm(f: Facts, x: str) -> list[str] | None:
    """R11 ``learned-algorithm``: X is not designed, not an optimizer, VDP(X) ≠ ∅, and R10 does not
    hold (A15: a direct edge is needed); returns VDP(X)."""
    d = f.d
    if x in d.designed or x in d.optimizer or contains_mesa_optimizer(f, x):
        return None
    return d.vdp.get(x)


def objective_mismatch(f: Facts, x: str) -> list[str] | None:
    """R12 ``objective-mismatch``: X has R7 and some P ∈ EP(X) has a goal that differs from X's
    (D5); returns every such P, in EP's order."""
    ep = f.mesa.get(x)  # R7, as mesa_optimizer decided it
    return _differing(f.d, x, ep) if ep else None


def objective_unstated(f: Facts, x: str) -> list[str] | None:
    """R13 ``objective-unstated``: X has R7 and X's goal or a goal in EP(X) is unstated; returns the
    nodes lacking one, X first."""
    ep = f.mesa.get(x)  # R7, as mesa_optimizer decided it
    if not ep:
        return None
    goal = f.d.goal
    lacking = [p for p in ep if goal[p] is None]
    if goal[x] is None:
        lacking.insert(0, x)
    return lacking or None


def behavioral_objective_mismatch(f: Facts, x: str) -> list[str] | None:
    """R14 ``behavioral-objective-mismatch``: X is not designed, not an optimizer, and some
    P ∈ VDP(X) has a goal that differs from X's (A9, A15); returns those Ps."""
    d = f.d
    if x in d.designed or x in d.optimizer:
        return None
    return _differing(d, x, d.vdp.get(x, ()))


def outer_objective_mismatch(f: Facts, x: str) -> list[str] | None:
    """R15 ``outer-objective-mismatch``: X is a designed optimizer and some P ∈ VDP(X) (its
    designer) has a goal that differs from X's; returns those Ps."""
    if not designed_optimizer(f, x):
        return None
    return _differing(f.d, x, f.d.vdp.get(x, ()))


def _differing(d: Diagram, x: str, producers: tuple[str, ...] | list[str]) -> list[str] | None:
    """The producers whose stated goal differs from X's stated goal (D5), in their order."""
    goal = d.goal
    if goal[x] is None:
        return None
    return [p for p in producers if goal[p] is not None and goal[p] != goal[x]] or None
