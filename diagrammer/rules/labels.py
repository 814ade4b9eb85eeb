"""One function per label of rules.md §5 (R1-R15), named after it.

Each rule takes the :class:`Facts` of a diagram and maps every node ``X`` that has the label to
what the label's explanation names (the nearest agent, the products, EP, the differing producers,
...); a node without the label is not in the map. Containment labels (R1-R3) read only the
effective containers; production labels (R4-R15) read only the valid edges and EP.

Whether a node is a mesa-optimizer is decided by :func:`mesa_optimizer` alone: depth, R10, R12 and
R13 all ask it (through :attr:`Facts.mesa`, what it found).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

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
    nearest agent it is (R2). :meth:`found` keeps what each rule found, so that a rule runs once.

    Examples
    --------
    >>> from diagrammer.model import Document, Edge, Node
    >>> doc = Document.from_parts("", [Node("sgd", kinds=["optimizer"], designed_by_humans=True),
    ...                                Node("net", kinds=["optimizer"])], [Edge("e", "sgd", "net")])
    >>> f = Facts(Diagram(doc))
    >>> f.mesa, f.depths.depth, f.found(designed_optimizer), f.found(mesa_depth)
    ({'net': ('sgd',)}, {'net': 1}, {'sgd': True}, {'net': 1})
    """

    def __init__(self, d: Diagram) -> None:
        self.d = d
        self._found: dict[Rule, dict[str, Any]] = {}
        self.mesa = self.found(mesa_optimizer)
        self.depths = mesa_depths(d, self.mesa)
        self.inner = closest_mesa_optimizers_inside(d, self.mesa)
        self.parts: dict[str, list[str]] = {}
        for y in d.order(y for y in d.agent if y in d.nearest_agent):
            self.parts.setdefault(d.nearest_agent[y], []).append(y)

    def found(self, rule: Rule) -> dict[str, Any]:
        """What ``rule`` found for every node that has its label (computed on first use, then kept)."""
        answer = self._found.get(rule)
        if answer is None:
            answer = self._found[rule] = rule(self)
        return answer


#: A rule: every node with the label, mapped to what its explanation names.
Rule = Callable[[Facts], dict[str, Any]]


# ----- R1-R3: containment ------------------------------------------------------------------------


def subagent(f: Facts) -> dict[str, str]:
    """R1 ``subagent``: X is an agent and nearestAgent(X) exists; maps X to nearestAgent(X)."""
    d = f.d
    return {x: a for x, a in d.nearest_agent.items() if x in d.agent}


def composite_agent(f: Facts) -> dict[str, list[str]]:
    """R2 ``composite-agent``: X is nearestAgent(Y) for at least one agent Y; maps X to those Ys (A2)."""
    return f.parts


def hosted_agent(f: Facts) -> dict[str, str]:
    """R3 ``hosted-agent``: X is an agent, has a parent and no agent ancestor; maps X to the parent."""
    d = f.d
    return {x: d.parent[x] for x in d.agent if d.parent[x] is not None and x not in d.nearest_agent}


# ----- R4-R9: optimizers and depth ---------------------------------------------------------------


def base_optimizer(f: Facts) -> dict[str, tuple[str, ...]]:
    """R4 ``base-optimizer``: X is an optimizer with a valid outgoing edge; maps X to its products.

    Every valid edge starts at an optimizer (``producer-not-optimizer`` drops the others).
    """
    return f.d.products


def meta_optimizer(f: Facts) -> dict[str, tuple[str, ...]]:
    """R5 ``meta-optimizer``: some valid direct product of X is itself a base optimizer (A8);
    maps X to those products."""
    products = f.d.products
    return {x: bases for x, ends in products.items() if (bases := tuple(p for p in ends if p in products))}


def designed_optimizer(f: Facts) -> dict[str, bool]:
    """R6 ``designed-optimizer``: X is an optimizer and designed."""
    return dict.fromkeys(f.d.optimizer & f.d.designed, True)


def mesa_optimizer(f: Facts) -> dict[str, tuple[str, ...]]:
    """R7 ``mesa-optimizer``: X is an optimizer, not designed, and EP(X) ≠ ∅; maps X to EP(X).

    EP is empty for a designed node, so "not designed" needs no test of its own.
    """
    d = f.d
    return {x: ep for x in d.doc.nodes if x in d.optimizer and (ep := d.effective_producers(x))}


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


def mesa_depth(f: Facts) -> dict[str, int]:
    """R8 ``mesa-depth-N``: X has R7 and its depth N is defined; maps X to N."""
    return f.depths.depth


def mesa_mesa_optimizer(f: Facts) -> dict[str, bool]:
    """R9 ``mesa-mesa-optimizer``: R8 with N >= 2."""
    return {x: True for x, depth in f.depths.depth.items() if depth >= 2}


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


def contains_mesa_optimizer(f: Facts) -> dict[str, str]:
    """R10 ``contains-mesa-optimizer``: X is learned and some proper descendant has R7; maps X to the
    closest such descendant."""
    d = f.d
    return {x: m for x, m in f.inner.items() if d.is_learned(x)}


def learned_algorithm(f: Facts) -> dict[str, tuple[str, ...]]:
    """R11 ``learned-algorithm``: X is not designed, not an optimizer, VDP(X) ≠ ∅, and R10 does not
    hold (A15: a direct edge is needed); maps X to VDP(X)."""
    d, contains = f.d, f.found(contains_mesa_optimizer)
    return {
        x: producers
        for x, producers in d.vdp.items()
        if x not in d.designed and x not in d.optimizer and x not in contains
    }


def objective_mismatch(f: Facts) -> dict[str, tuple[str, ...]]:
    """R12 ``objective-mismatch``: X has R7 and some P ∈ EP(X) has a goal that differs from X's
    (D5); maps X to every such P, in EP's order."""
    d = f.d
    return {x: differing for x, ep in f.mesa.items() if (differing := _differing(d, x, ep))}


def objective_unstated(f: Facts) -> dict[str, tuple[str, ...]]:
    """R13 ``objective-unstated``: X has R7 and X's goal or a goal in EP(X) is unstated; maps X to the
    nodes lacking one, X first."""
    goal = f.d.goal
    found: dict[str, tuple[str, ...]] = {}
    for x, ep in f.mesa.items():
        lacking = tuple(p for p in ep if goal[p] is None)
        if goal[x] is None:
            lacking = (x, *lacking)
        if lacking:
            found[x] = lacking
    return found


def behavioral_objective_mismatch(f: Facts) -> dict[str, tuple[str, ...]]:
    """R14 ``behavioral-objective-mismatch``: X is not designed, not an optimizer, and some
    P ∈ VDP(X) has a goal that differs from X's (A9, A15); maps X to those Ps."""
    d = f.d
    return {
        x: differing
        for x, producers in d.vdp.items()
        if x not in d.designed and x not in d.optimizer and (differing := _differing(d, x, producers))
    }


def outer_objective_mismatch(f: Facts) -> dict[str, tuple[str, ...]]:
    """R15 ``outer-objective-mismatch``: X is a designed optimizer and some P ∈ VDP(X) (its
    designer) has a goal that differs from X's; maps X to those Ps."""
    d = f.d
    return {x: differing for x in f.found(designed_optimizer) if (differing := _differing(d, x, d.vdp.get(x, ())))}


def _differing(d: Diagram, x: str, producers: tuple[str, ...]) -> tuple[str, ...]:
    """The producers whose stated goal differs from X's stated goal (D5), in their order."""
    goal = d.goal
    mine = goal[x]
    if mine is None:
        return ()
    return tuple(p for p in producers if goal[p] is not None and goal[p] != mine)
