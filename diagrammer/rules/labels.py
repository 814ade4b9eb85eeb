"""One pure function per rule of rules.md §5 (R1–R15), over the validated structure.

Each returns the nodes that get its label, mapped to what the label's explanation names (the
nearest agent, the products, the differing producers, ...). Containment labels (R1–R3) read only
the neutralised parents; production labels (R4–R15) read only the valid edges and EP. Nodes are
the numbers of :mod:`diagrammer.rules.structure`, so sorted lists of them are in text order.
"""

from __future__ import annotations

from itertools import compress
from operator import and_, not_, or_

from diagrammer.rules.production import Production
from diagrammer.rules.structure import Structure


def nearest_agents(s: Structure) -> list[int | None]:
    """D3 for every node: the closest proper ancestor with the agent kind, or ``None``."""
    nearest: list[int | None] = [None] * len(s.ids)
    is_agent, parent = s.is_agent, s.parent
    for node in s.order:
        up = parent[node]
        if up is not None:
            nearest[node] = up if is_agent[up] else nearest[up]
    return nearest


def subagents(s: Structure, nearest: list[int | None]) -> dict[int, int]:
    """R1: agents with a nearest agent ancestor, mapped to it."""
    return {node: nearest[node] for node in _agents(s) if nearest[node] is not None}


def composite_agents(subagent_of: dict[int, int]) -> dict[int, list[int]]:
    """R2: agents that are the nearest agent of some agent, mapped to those subagents (A2), sorted."""
    composite: dict[int, list[int]] = {}
    for node in sorted(subagent_of):
        whole = subagent_of[node]
        parts = composite.get(whole)
        if parts is None:
            composite[whole] = [node]
        else:
            parts.append(node)
    return composite


def hosted_agents(s: Structure, nearest: list[int | None]) -> dict[int, int]:
    """R3: agents with a (valid) parent but no agent ancestor, mapped to that parent."""
    parent = s.parent
    return {node: parent[node] for node in _agents(s) if parent[node] is not None and nearest[node] is None}


def _agents(s: Structure) -> compress:
    return compress(range(len(s.ids)), s.is_agent)


def base_optimizers(s: Structure) -> dict[int, list[int]]:
    """R4: optimizers with a valid outgoing edge, mapped to their products.

    Every valid edge starts at an optimizer (``producer-not-optimizer`` drops the others).
    """
    return s.products


def meta_optimizers(s: Structure) -> dict[int, list[int]]:
    """R5: base optimizers mapped to their valid direct products that are base optimizers (A8)."""
    products = s.products
    meta = {}
    for node, made in products.items():
        bases = [product for product in made if product in products]
        if bases:
            meta[node] = bases
    return meta


def designed_optimizers(s: Structure) -> list[int]:
    """R6: optimizers marked as designed by humans."""
    return [node for node in compress(range(len(s.ids)), s.is_designed) if s.is_optimizer[node]]


def mesa_optimizers(production: Production) -> dict[int, tuple[int, ...]]:
    """R7: optimizers, not designed, with EP ≠ ∅, mapped to EP."""
    return production.mesa


def mesa_depths(production: Production) -> dict[int, int]:
    """R8: mesa-optimizers whose depth is defined, mapped to it."""
    return production.depth


def mesa_mesa_optimizers(production: Production) -> list[int]:
    """R9: mesa-optimizers at depth 2 or more."""
    return [node for node, depth in production.depth.items() if depth >= 2]


def contains_mesa_optimizers(s: Structure, production: Production) -> dict[int, int]:
    """R10: learned nodes with a mesa-optimizer among their proper descendants.

    Each maps to the mesa-optimizer its text names: the closest one, ties broken by name and id
    (that is, by number).
    """
    mesa, parent = production.mesa, s.parent
    closest: dict[int, tuple[int, int]] = {}  # node -> (distance, number) of the closest
    for node in reversed(s.order):
        up = parent[node]
        if up is None:
            continue
        if node in mesa:
            candidate = (1, node)
        else:
            below = closest.get(node)
            if below is None:
                continue
            candidate = (below[0] + 1, below[1])
        current = closest.get(up)
        if current is None or candidate < current:
            closest[up] = candidate
    owner = production.owner
    return {node: found[1] for node, found in closest.items() if owner[node] is not None}


def learned_algorithms(s: Structure, containing: dict[int, int]) -> dict[int, list[int]]:
    """R11: non-designed non-optimizers with valid producers and no R10, mapped to VDP (A15)."""
    designed, optimizer = s.is_designed, s.is_optimizer
    return {
        node: producers
        for node, producers in s.producers.items()
        if not designed[node] and not optimizer[node] and node not in containing
    }


def objective_mismatches(production: Production, goals: list[str | None]) -> dict[int, list[int]]:
    """R12: mesa-optimizers with a stated goal that some stated goal in EP differs from.

    Maps each to every such producer (in EP's order), so the text can name them all.
    """
    out = {}
    for node, producers in production.mesa.items():
        goal = goals[node]
        if goal is None:
            continue
        differing = [p for p in producers if goals[p] is not None and goals[p] != goal]
        if differing:
            out[node] = differing
    return out


def objectives_unstated(production: Production, goals: list[str | None]) -> dict[int, list[int]]:
    """R13: mesa-optimizers where their own goal or a goal in EP is unstated.

    Maps each to the nodes lacking a goal: the mesa-optimizer itself first, if it lacks one, then
    the producers in EP's order.
    """
    out = {}
    for node, producers in production.mesa.items():
        lacking = [p for p in producers if goals[p] is None]
        if goals[node] is None:
            lacking.insert(0, node)
        if lacking:
            out[node] = lacking
    return out


def behavioral_objective_mismatches(s: Structure, goals: list[str | None]) -> dict[int, list[int]]:
    """R14: non-designed non-optimizers whose goal differs from a direct producer's (A9, A15)."""
    return _direct_mismatches(s, goals, list(map(not_, map(or_, s.is_designed, s.is_optimizer))))


def outer_objective_mismatches(s: Structure, goals: list[str | None]) -> dict[int, list[int]]:
    """R15: designed optimizers whose goal differs from a direct producer's (their designer)."""
    return _direct_mismatches(s, goals, list(map(and_, s.is_designed, s.is_optimizer)))


def _direct_mismatches(s: Structure, goals: list[str | None], applies: list[bool]) -> dict[int, list[int]]:
    """Nodes ``applies`` marks whose stated goal differs from that of some producer in VDP."""
    out = {}
    for node, producers in s.producers.items():
        goal = goals[node]
        if goal is None or not applies[node]:
            continue
        differing = [p for p in producers if goals[p] is not None and goals[p] != goal]
        if differing:
            out[node] = differing
    return out
