"""Why a label holds: the nodes and arrows that make it true, for a view to light up.

Each label's answer follows its rule in rules.md §5: the producers, the valid edges and the
containers through which production is inherited for the mesa labels; the enclosing agent for a
subagent; the parts for a composite agent; and so on (:func:`why`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from diagrammer.rules import labels as rules
from diagrammer.rules.labels import Facts
from diagrammer.rules.vocabulary import (
    BASE_OPTIMIZER,
    BEHAVIORAL_OBJECTIVE_MISMATCH,
    COMPOSITE_AGENT,
    CONTAINS_MESA_OPTIMIZER,
    DESIGNED_OPTIMIZER,
    HOSTED_AGENT,
    LEARNED_ALGORITHM,
    MESA_MESA_OPTIMIZER,
    MESA_OPTIMIZER,
    META_OPTIMIZER,
    OBJECTIVE_MISMATCH,
    OBJECTIVE_UNSTATED,
    OUTER_OBJECTIVE_MISMATCH,
    SUBAGENT,
    label_depth,
)


@dataclass(frozen=True)
class Why:
    """The ids of the nodes and of the edges that make a label true (never the labelled node itself).

    Examples
    --------
    >>> Why(frozenset({"sgd"}), frozenset({"e1"})) | Why(frozenset({"data"}))
    Why(nodes=frozenset({...}), edges=frozenset({'e1'}))
    """

    nodes: frozenset[str] = field(default_factory=frozenset)
    edges: frozenset[str] = field(default_factory=frozenset)

    def __or__(self, other: Why) -> Why:
        return Why(self.nodes | other.nodes, self.edges | other.edges)


NOTHING = Why()


def why(f: Facts, x: str, label: str) -> Why:
    """What makes ``label`` true of node ``x``; :data:`NOTHING` when ``x`` lacks the label.

    - ``mesa-optimizer``, ``objective-mismatch``, ``objective-unstated``: the producers in EP(X)
      (for the objective labels, those whose goal differs or is unstated; all of EP when X's own
      goal is unstated), the valid edges from them, and the containers between X and the
      container each edge enters (production inherited "via its container").
    - ``mesa-depth-N``, ``mesa-mesa-optimizer``: that, plus the longest chain of producers with
      the edges and containers of each of its steps.
    - ``subagent``: the nearest agent and the containers between; ``composite-agent``: its agent
      parts and the containers between; ``hosted-agent``: the container.
    - ``base-optimizer``: the products and the edges to them; ``meta-optimizer``: the products that
      are base optimizers, their products, and the edges of both steps.
    - ``contains-mesa-optimizer``: EP(X) as for ``mesa-optimizer``, every mesa-optimizer inside X
      with the containers between, and their producers and edges.
    - ``learned-algorithm``, ``behavioral-objective-mismatch``, ``outer-objective-mismatch``: the
      direct producers (those whose goal differs, for the mismatches) and their edges.
    - ``designed-optimizer``: nothing but the node itself, which is never listed.

    Examples
    --------
    >>> from diagrammer.model import Document, Edge, Node
    >>> from diagrammer.rules import classify
    >>> doc = Document.from_parts("", [
    ...     Node("sgd", "SGD", ["optimizer"], designed_by_humans=True), Node("company", "Company"),
    ...     Node("team", "Team", parent="company"), Node("planner", "Planner", ["optimizer"], parent="team")],
    ...     [Edge("e1", "sgd", "company")])
    >>> found = classify(doc).why("planner", "mesa-optimizer")
    >>> sorted(found.nodes), sorted(found.edges)
    (['company', 'sgd', 'team'], ['e1'])
    """
    depth = label_depth(label)
    if depth is not None:
        return _depth(f, x) if f.depths.depth.get(x) == depth else NOTHING
    explain = _WHY.get(label)
    if explain is None:
        return NOTHING
    rule, answer = explain
    found = f.found(rule).get(x)
    return NOTHING if found is None else answer(f, x, found)


def _inherited(f: Facts, x: str, producers: Iterable[str]) -> Why:
    """``producers`` (a part of EP(X)), the valid edges from them into X or the containers X
    inherits from, and the containers between X and the farthest such container."""
    d = f.d
    wanted = set(producers)
    edges: set[str] = set()
    farthest = x
    for owner in d.owners(x):
        for p in d.vdp[owner]:
            if p in wanted:
                edges.update(d.edge_ids(p, owner))
                farthest = owner
    nodes = set(wanted)
    if farthest != x:
        for up in d.forest.ancestors(x):
            nodes.add(up)
            if up == farthest:
                break
    return Why(frozenset(nodes), frozenset(edges))


def _direct(f: Facts, x: str, producers: Iterable[str]) -> Why:
    """``producers`` (a part of VDP(X)) and their valid edges into X."""
    producers = list(producers)
    edges = {edge for p in producers for edge in f.d.edge_ids(p, x)}
    return Why(frozenset(producers), frozenset(edges))


def _products(f: Facts, x: str, products: Iterable[str]) -> Why:
    """``products`` of X and the valid edges from X to them."""
    products = list(products)
    edges = {edge for p in products for edge in f.d.edge_ids(x, p)}
    return Why(frozenset(products), frozenset(edges))


def _containers_up_to(f: Facts, x: str, top: str, seen: set[str] | None = None) -> set[str]:
    """The containers of ``x`` up to and including ``top``; stops early at one in ``seen``."""
    found = set()
    for up in f.d.forest.ancestors(x):
        if seen is not None and up in seen:
            break
        found.add(up)
        if up == top:
            break
    return found


def _depth(f: Facts, x: str) -> Why:
    """R8/R9: EP(X) as for R7, and every step of the longest chain ending at X."""
    chain = f.depths.full_chain(x)
    steps = [_inherited(f, x, f.mesa[x])]
    steps += [_inherited(f, below, [above]) for above, below in zip(chain, chain[1:], strict=False)]
    nodes = set(chain).union(*(step.nodes for step in steps)) - {x}
    return Why(frozenset(nodes), frozenset().union(*(step.edges for step in steps)))


def _subagent(f: Facts, x: str, agent: str) -> Why:
    return Why(frozenset(_containers_up_to(f, x, agent)))


def _composite(f: Facts, x: str, parts: list[str]) -> Why:
    nodes = set(parts)
    for part in parts:
        nodes |= _containers_up_to(f, part, x)
    nodes.discard(x)
    return Why(frozenset(nodes))


def _meta(f: Facts, x: str, bases: tuple[str, ...]) -> Why:
    answer = _products(f, x, bases)
    for base in bases:
        answer |= _products(f, base, f.d.products[base])
    return Why(answer.nodes - {x}, answer.edges)


def _contains(f: Facts, x: str, _closest: str) -> Why:
    """R10: X learned (as for R7), and every mesa-optimizer inside X with what produced it.

    The containers and owners at or above X are X's own, so each inner walk stops at X: the
    whole answer costs one pass over X's subtree (and its owners).
    """
    d = f.d
    answer = _inherited(f, x, d.effective_producers(x))
    nodes, edges = set(answer.nodes), set(answer.edges)
    inside: set[str] = set()
    for m in d.forest.subtree(x)[1:]:
        if m not in f.mesa:
            continue
        nodes.update(f.mesa[m])
        inside.add(m)
        inside |= _containers_up_to(f, m, x, seen=inside)
        for owner in d.owners(m):
            if owner == x or not d.forest.is_inside(owner, x):
                break
            edges.update(edge for p in d.vdp[owner] for edge in d.edge_ids(p, owner))
    inside.discard(x)
    return Why(frozenset(nodes | inside), frozenset(edges))


def _unstated(f: Facts, x: str, lacking: tuple[str, ...]) -> Why:
    return _inherited(f, x, f.mesa[x] if lacking[0] == x else lacking)


_WHY = {
    SUBAGENT: (rules.subagent, _subagent),
    COMPOSITE_AGENT: (rules.composite_agent, _composite),
    HOSTED_AGENT: (rules.hosted_agent, lambda f, x, c: Why(frozenset({c}))),
    BASE_OPTIMIZER: (rules.base_optimizer, _products),
    META_OPTIMIZER: (rules.meta_optimizer, _meta),
    DESIGNED_OPTIMIZER: (rules.designed_optimizer, lambda f, x, found: NOTHING),
    MESA_OPTIMIZER: (rules.mesa_optimizer, _inherited),
    MESA_MESA_OPTIMIZER: (rules.mesa_mesa_optimizer, lambda f, x, found: _depth(f, x)),
    CONTAINS_MESA_OPTIMIZER: (rules.contains_mesa_optimizer, _contains),
    LEARNED_ALGORITHM: (rules.learned_algorithm, _direct),
    OBJECTIVE_MISMATCH: (rules.objective_mismatch, _inherited),
    OBJECTIVE_UNSTATED: (rules.objective_unstated, _unstated),
    BEHAVIORAL_OBJECTIVE_MISMATCH: (rules.behavioral_objective_mismatch, _direct),
    OUTER_OBJECTIVE_MISMATCH: (rules.outer_objective_mismatch, _direct),
}
