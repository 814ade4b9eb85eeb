"""The drawing problems of rules.md §3, one function per problem code, and the valid-edge checks.

Each ``*_problems`` function returns its problems unsorted; :func:`problems` sorts them all by id.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

import networkx as nx

from diagrammer.rules.result import Problem, make_problem
from diagrammer.rules.vocabulary import (
    CONTAINMENT_CYCLE,
    DANGLING_REFERENCE,
    OPTIMIZES_CYCLE,
    PRODUCER_INSIDE_PRODUCT,
    PRODUCER_NOT_OPTIMIZER,
    PRODUCT_INSIDE_PRODUCER,
    SELF_OPTIMIZATION,
    problem_message,
)

if TYPE_CHECKING:
    from diagrammer.rules.graph import Diagram


def producer_not_optimizer(d: Diagram, p: str, x: str) -> bool:
    """``producer-not-optimizer``: P lacks the optimizer kind."""
    return p not in d.optimizer


def product_inside_producer(d: Diagram, p: str, x: str) -> bool:
    """``product-inside-producer``: X is (transitively) inside P, "shaped by the base optimizer, but
    is not part of it"."""
    return d.forest.is_inside(x, p)


def producer_inside_product(d: Diagram, p: str, x: str) -> bool:
    """``producer-inside-product``: P is (transitively) inside X."""
    return d.forest.is_inside(p, x)


#: The three checks of an edge between two distinct existing nodes, with the problem each raises.
EDGE_CHECKS = (
    (PRODUCER_NOT_OPTIMIZER, producer_not_optimizer),
    (PRODUCT_INSIDE_PRODUCER, product_inside_producer),
    (PRODUCER_INSIDE_PRODUCT, producer_inside_product),
)


def edge_is_valid(d: Diagram, p: str, x: str) -> bool:
    """A valid edge: between two distinct existing nodes (checked before), and none of the three
    checks above applies (they are written out here: this runs once per edge)."""
    return p in d.optimizer and not d.forest.is_inside(x, p) and not d.forest.is_inside(p, x)


def dangling_reference_problems(d: Diagram) -> list[Problem]:
    """``dangling-reference:<id>``: a parent or an optimizes edge names a node that does not exist."""
    message = problem_message(DANGLING_REFERENCE)
    return [
        make_problem(DANGLING_REFERENCE, missing, message, nodes, edges)
        for missing, (nodes, edges) in d.dangling.items()
    ]


def containment_cycle_problems(d: Diagram) -> list[Problem]:
    """``containment-cycle:<ids>``: parents loop; the loop's members are treated as top-level."""
    message = problem_message(CONTAINMENT_CYCLE)
    return [make_problem(CONTAINMENT_CYCLE, ",".join(sorted(loop)), message, loop) for loop in d.forest.loops]


def self_optimization_problems(d: Diagram) -> list[Problem]:
    """``self-optimization:<id>``: an edge from a node to itself; ignored."""
    message = problem_message(SELF_OPTIMIZATION)
    return [make_problem(SELF_OPTIMIZATION, x, message, (x,), edges) for x, edges in d.self_loops.items()]


def rejected_edge_problems(d: Diagram) -> list[Problem]:
    """``producer-not-optimizer``, ``product-inside-producer`` and ``producer-inside-product``, each
    ``<p>->x``: every check that applies to a rejected pair, however many arrows draw it."""
    found = []
    for (p, x), edges in d.rejected.items():
        for code, check in EDGE_CHECKS:
            if check(d, p, x):
                message = problem_message(code, d.shown[p], d.shown[x])
                found.append(make_problem(code, f"{p}->{x}", message, (p, x), edges))
    return found


def optimizes_cycles(d: Diagram) -> list[set[str]]:
    """The strongly connected components of G (D4) with two or more nodes.

    G is the valid edges plus every inherited pair (P, X) with P ∈ EP(X). Only nodes with edges both
    into and out of them can be on a cycle: G is built between the valid producers that something
    produces (a designed one through its own edges, another through EP) alone.
    """
    produced = d.vdp.keys() | d.owner.keys()  # the nodes with a pair into them
    g = nx.DiGraph(
        (p, x)
        for x in d.products
        if x in produced
        for p in (d.vdp[x] if x in d.designed else d.effective_producers(x))
        if p in produced
    )
    return [component for component in nx.strongly_connected_components(g) if len(component) > 1]


def optimizes_cycle_problems(d: Diagram) -> list[Problem]:
    """``optimizes-cycle:<ids>``: mutual optimization. The problem names the valid edges that put
    one member's pair into another's, drawn to the member or to a container it inherits from."""
    message = problem_message(OPTIMIZES_CYCLE)
    found = []
    for component in optimizes_cycles(d):
        edges = [
            edge
            for x in component
            for owner in ([x] if x in d.designed else d.owners(x))
            for p in d.vdp.get(owner, ())
            if p in component
            for edge in d.edge_ids(p, owner)
        ]
        ids = sorted(component)
        found.append(make_problem(OPTIMIZES_CYCLE, ",".join(ids), message, ids, edges))
    return found


def problems(d: Diagram) -> list[Problem]:
    """Every problem of the diagram, sorted by id."""
    found = (
        dangling_reference_problems(d)
        + containment_cycle_problems(d)
        + self_optimization_problems(d)
        + rejected_edge_problems(d)
        + optimizes_cycle_problems(d)
    )
    return sorted(found, key=attrgetter("id"))
