"""One pure function per rule of rules.md §5 (R1–R15), over the validated structure.

Each returns the nodes that get its label, mapped to what the label's explanation names (the
nearest agent, the products, the differing producers, ...). Containment labels (R1–R3) read only
the neutralised parents; production labels (R4–R15) read only the valid edges and EP.
"""

from __future__ import annotations

from diagrammer.rules.production import Production
from diagrammer.rules.structure import Structure


def nearest_agents(s: Structure) -> dict[str, str]:
    """D3 for every node that has one: the closest proper ancestor with the agent kind."""
    nearest: dict[str, str] = {}
    agents, parent = s.agents, s.parent
    for node_id in s.order:
        up = parent[node_id]
        if up is None:
            continue
        if up in agents:
            nearest[node_id] = up
        else:
            above = nearest.get(up)
            if above is not None:
                nearest[node_id] = above
    return nearest


def subagents(s: Structure, nearest: dict[str, str]) -> dict[str, str]:
    """R1: agents with a nearest agent ancestor, mapped to it."""
    return {node_id: nearest[node_id] for node_id in s.agents if node_id in nearest}


def composite_agents(s: Structure, subagent_of: dict[str, str]) -> dict[str, list[str]]:
    """R2: agents that are the nearest agent of some agent, mapped to those subagents (A2), sorted."""
    composite: dict[str, list[str]] = {}
    for node_id in s.sort_nodes(subagent_of):
        composite.setdefault(subagent_of[node_id], []).append(node_id)
    return composite


def hosted_agents(s: Structure, nearest: dict[str, str]) -> dict[str, str]:
    """R3: agents with a (valid) parent but no agent ancestor, mapped to that parent."""
    parent = s.parent
    return {
        node_id: parent[node_id]
        for node_id in s.agents
        if parent[node_id] is not None and node_id not in nearest
    }


def base_optimizers(s: Structure) -> dict[str, list[str]]:
    """R4: optimizers with a valid outgoing edge, mapped to their products.

    Every valid edge starts at an optimizer (``producer-not-optimizer`` drops the others).
    """
    return s.products


def meta_optimizers(s: Structure) -> dict[str, list[str]]:
    """R5: base optimizers mapped to their valid direct products that are base optimizers (A8)."""
    products = s.products
    meta = {}
    for node_id, made in products.items():
        bases = [product for product in made if product in products]
        if bases:
            meta[node_id] = bases
    return meta


def designed_optimizers(s: Structure) -> set[str]:
    """R6: optimizers marked as designed by humans."""
    return s.optimizers & s.designed


def mesa_optimizers(production: Production) -> dict[str, tuple[str, ...]]:
    """R7: optimizers, not designed, with EP ≠ ∅, mapped to EP."""
    return production.mesa


def mesa_depths(production: Production) -> dict[str, int]:
    """R8: mesa-optimizers whose depth is defined, mapped to it."""
    return production.depth


def mesa_mesa_optimizers(production: Production) -> set[str]:
    """R9: mesa-optimizers at depth 2 or more."""
    return {node_id for node_id, depth in production.depth.items() if depth >= 2}


def contains_mesa_optimizers(s: Structure, production: Production) -> dict[str, str]:
    """R10: learned nodes with a mesa-optimizer among their proper descendants.

    Each maps to the mesa-optimizer its text names: the closest one, ties broken by name and id.
    """
    mesa, parent, names = production.mesa, s.parent, s.names
    closest: dict[str, tuple[int, str, str]] = {}  # node -> (distance, name, id) of the closest
    for node_id in reversed(s.order):
        up = parent[node_id]
        if up is None:
            continue
        if node_id in mesa:
            candidate = (1, names[node_id], node_id)
        else:
            below = closest.get(node_id)
            if below is None:
                continue
            candidate = (below[0] + 1, below[1], below[2])
        current = closest.get(up)
        if current is None or candidate < current:
            closest[up] = candidate
    learned = production.owner
    return {node_id: found[2] for node_id, found in closest.items() if node_id in learned}


def learned_algorithms(s: Structure, containing: dict[str, str]) -> dict[str, list[str]]:
    """R11: non-designed non-optimizers with valid producers and no R10, mapped to VDP (A15)."""
    excluded = s.designed | s.optimizers
    return {
        node_id: producers
        for node_id, producers in s.producers.items()
        if node_id not in excluded and node_id not in containing
    }


def objective_mismatches(
    production: Production, goals: dict[str, str | None]
) -> dict[str, list[str]]:
    """R12: mesa-optimizers with a stated goal that some stated goal in EP differs from.

    Maps each to every such producer (in EP's order), so the text can name them all.
    """
    out = {}
    for node_id, producers in production.mesa.items():
        goal = goals[node_id]
        if goal is None:
            continue
        differing = [p for p in producers if goals[p] is not None and goals[p] != goal]
        if differing:
            out[node_id] = differing
    return out


def objectives_unstated(production: Production, goals: dict[str, str | None]) -> dict[str, list[str]]:
    """R13: mesa-optimizers where their own goal or a goal in EP is unstated.

    Maps each to the nodes lacking a goal: the mesa-optimizer itself first, if it lacks one, then
    the producers in EP's order.
    """
    out = {}
    for node_id, producers in production.mesa.items():
        lacking = [p for p in producers if goals[p] is None]
        if goals[node_id] is None:
            lacking.insert(0, node_id)
        if lacking:
            out[node_id] = lacking
    return out


def behavioral_objective_mismatches(s: Structure, goals: dict[str, str | None]) -> dict[str, list[str]]:
    """R14: non-designed non-optimizers whose goal differs from a direct producer's (A9, A15)."""
    excluded = s.designed | s.optimizers
    return _direct_mismatches(s, goals, lambda node_id: node_id not in excluded)


def outer_objective_mismatches(s: Structure, goals: dict[str, str | None]) -> dict[str, list[str]]:
    """R15: designed optimizers whose goal differs from a direct producer's (their designer)."""
    chosen = s.designed & s.optimizers
    return _direct_mismatches(s, goals, chosen.__contains__)


def _direct_mismatches(s: Structure, goals: dict[str, str | None], applies) -> dict[str, list[str]]:
    """Nodes ``applies`` accepts whose stated goal differs from that of some producer in VDP."""
    out = {}
    for node_id, producers in s.producers.items():
        goal = goals[node_id]
        if goal is None or not applies(node_id):
            continue
        differing = [p for p in producers if goals[p] is not None and goals[p] != goal]
        if differing:
            out[node_id] = differing
    return out
