"""A deliberately naive second reading of rules.md, used only to cross-check the classifier.

It follows the spec's definitions literally (EP as explicit sets, G with every inherited pair, the
R7 pair graph spelled out, depths by fixpoint iteration) and cares nothing for speed, so it
shares no code or shortcut with ``diagrammer.rules``. Only for small diagrams.
"""

from __future__ import annotations

import re
import unicodedata

import networkx as nx

from diagrammer.model import Document


def _normalize(goal):
    if goal is None:
        return None
    text = unicodedata.normalize("NFKC", goal).casefold()
    text = re.sub(r"\s+", " ", text).strip().rstrip(".!;:,")
    return text or None


def oracle(doc: Document) -> tuple[dict[str, list[str]], list[str]]:
    """Labels and sorted problem ids of ``doc``, computed the slow, obvious way."""
    nodes = doc.nodes
    ids = set(nodes)
    problems: set[str] = set()
    opt = {i for i in ids if "optimizer" in nodes[i].kinds}
    agent = {i for i in ids if "agent" in nodes[i].kinds}
    designed = {i for i in ids if nodes[i].designed_by_humans}
    goal = {i: _normalize(nodes[i].goal) for i in ids}

    # 1. Parents.
    parent = {}
    for i in ids:
        p = nodes[i].parent
        if p and p not in ids:
            problems.add(f"dangling-reference:{p}")
            p = None
        parent[i] = p or None
    loops = nx.DiGraph([(i, p) for i, p in parent.items() if p is not None])
    for cycle in nx.simple_cycles(loops):
        problems.add("containment-cycle:" + ",".join(sorted(cycle)))
        for i in cycle:
            parent[i] = None

    def ancestors(i):
        out = []
        p = parent[i]
        while p is not None:
            out.append(p)
            p = parent[p]
        return out

    # 2. Edges.
    valid = set()
    for edge in doc.edges.values():
        if edge.kind != "optimizes":
            continue
        s, t = edge.source, edge.target
        if s not in ids or t not in ids:
            for end in (s, t):
                if end not in ids:
                    problems.add(f"dangling-reference:{end}")
            continue
        if s == t:
            problems.add(f"self-optimization:{s}")
            continue
        bad = False
        if s not in opt:
            problems.add(f"producer-not-optimizer:{s}->{t}")
            bad = True
        if s in ancestors(t):
            problems.add(f"product-inside-producer:{s}->{t}")
            bad = True
        if t in ancestors(s):
            problems.add(f"producer-inside-product:{s}->{t}")
            bad = True
        if not bad:
            valid.add((s, t))

    vdp = {i: {s for s, t in valid if t == i} for i in ids}

    # 3. EP: VDP(X) ∪ EP(parent), empty for designed nodes.
    ep = {}
    for i in ids:
        found: set[str] = set()
        j = i
        while j is not None and j not in designed:
            found |= vdp[j]
            j = parent[j]
        ep[i] = found

    # 4. G and its cycles.
    g = nx.DiGraph()
    g.add_nodes_from(ids)
    g.add_edges_from(valid)
    g.add_edges_from((p, i) for i in ids for p in ep[i])
    for component in nx.strongly_connected_components(g):
        if len(component) > 1:
            problems.add("optimizes-cycle:" + ",".join(sorted(component)))

    # 5. Production labels.
    out = {i: set() for i in ids}
    base = {s for s, _ in valid}
    r7 = {i for i in opt if i not in designed and ep[i]}
    for i in ids:
        if i in base:
            out[i].add("base-optimizer")
            if any(t in base for s, t in valid if s == i):
                out[i].add("meta-optimizer")
        if i in opt and i in designed:
            out[i].add("designed-optimizer")
        if i in r7:
            out[i].add("mesa-optimizer")
    pairs = nx.DiGraph()
    pairs.add_nodes_from(r7)
    pairs.add_edges_from((p, i) for i in r7 for p in ep[i] if p in r7)
    undefined = set()
    for component in nx.strongly_connected_components(pairs):
        if len(component) > 1:
            for member in component:
                undefined |= {member} | nx.descendants(pairs, member)
    depth: dict[str, int] = {}
    changed = True
    while changed:
        changed = False
        for i in r7 - undefined - set(depth):
            above = [p for p in ep[i] if p in r7]
            if all(p in depth for p in above):
                depth[i] = 1 + max((depth[p] for p in above), default=0)
                changed = True
    for i, d in depth.items():
        out[i].add(f"mesa-depth-{d}")
        if d >= 2:
            out[i].add("mesa-mesa-optimizer")
    descendants = {i: {j for j in ids if i in ancestors(j)} for i in ids}
    for i in ids:
        r10 = bool(ep[i]) and bool(descendants[i] & r7)
        if r10:
            out[i].add("contains-mesa-optimizer")
        plain_learned = i not in designed and i not in opt and vdp[i]
        if plain_learned and not r10:
            out[i].add("learned-algorithm")
        if i in r7:
            if goal[i] is not None and any(goal[p] is not None and goal[p] != goal[i] for p in ep[i]):
                out[i].add("objective-mismatch")
            if goal[i] is None or any(goal[p] is None for p in ep[i]):
                out[i].add("objective-unstated")
        differs = goal[i] is not None and any(goal[p] is not None and goal[p] != goal[i] for p in vdp[i])
        if plain_learned and differs:
            out[i].add("behavioral-objective-mismatch")
        if i in opt and i in designed and differs:
            out[i].add("outer-objective-mismatch")

    # 6. Containment labels.
    for i in agent:
        chain = ancestors(i)
        agents_above = [a for a in chain if a in agent]
        if agents_above:
            out[i].add("subagent")
            out[agents_above[0]].add("composite-agent")
        elif parent[i] is not None:
            out[i].add("hosted-agent")
    return {i: sorted(out[i]) for i in sorted(ids)}, sorted(problems)
