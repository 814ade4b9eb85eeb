"""The explanation of every label: rules.md §5's templates, filled with node names and goals.

Names appear in «…»; lists of nodes come sorted by name, then id (the structure numbers nodes in
that order and keeps its lists sorted), and are joined as «A», «B». A goal is shown as the user
typed it (trimmed), or as :data:`NO_GOAL`. Where a template names one node but several qualify,
the text names them all, in the same order, and agrees in number ("subagent"/"subagents",
"has"/"have", "level"/"levels").

Each function fills one template for every node that has the label, in one pass, writing each
text straight into the node's dict of explanations (``found``, by node number): a large diagram has
hundreds of thousands of labels, and a dict per label merged into the nodes' dicts afterwards cost
a second insertion of each.
"""

from __future__ import annotations

from collections.abc import Iterable

from diagrammer.rules.production import CHAIN_SHOWN, Production, chain_nodes
from diagrammer.rules.structure import Structure
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
    depth_label,
)

NO_GOAL = "(no stated goal)"

Found = list[dict[str, str]]  # by node number: label -> text


class Words:
    """What the templates fill in: quoted names, sorted name lists, goals, chains, by node number.

    Examples
    --------
    >>> from diagrammer.model import Document, Node, Table
    >>> from diagrammer.rules.structure import build_structure
    >>> from diagrammer.rules.production import analyse_production
    >>> doc = Document.from_parts("", [Node("b", "Bee"), Node("a", "Ant", goal=" dig. ")], [])
    >>> s = build_structure(Table.of(doc))
    >>> words = Words(s, analyse_production(s))
    >>> words.nodes([0, 1]), words.goals[s.number["a"]], words.goals[s.number["b"]]
    ('«Ant», «Bee»', '«dig.»', '(no stated goal)')
    """

    def __init__(self, s: Structure, production: Production) -> None:
        self.s = s
        self.production = production
        self.quoted = [f"«{name}»" for name in s.names]
        shown = {raw: _shown_goal(raw) for raw in set(s.goals)}
        self.goals = list(map(shown.__getitem__, s.goals))
        self._chains: dict[int, str] = {}  # R8 and R9 show the same chain
        self._via: dict[int, str] = {}  # nodes below one owner share its containers

    def nodes(self, nodes: list[int] | tuple[int, ...]) -> str:
        """«A», «B», ... for node numbers already sorted (by name, then id)."""
        if len(nodes) == 1:
            return self.quoted[nodes[0]]
        quoted = self.quoted
        return ", ".join([quoted[node] for node in nodes])

    def chain(self, node: int) -> str:
        """The longest chain «A» → «B» → «X»; a very long one elides its middle.

        A chain short enough to show whole is the chain of the producer one level up, then
        «X»: each node's text is built from the one above it, once.
        """
        chains = self._chains
        text = chains.get(node)
        if text is not None:
            return text
        production, quoted = self.production, self.quoted
        if production.depth[node] >= CHAIN_SHOWN:
            shown, elided = chain_nodes(production, node)
            half = len(shown) // 2
            head = " → ".join([quoted[n] for n in shown[:half]])
            tail = " → ".join([quoted[n] for n in shown[half:]])
            text = chains[node] = f"{head} → … {elided} more … → {tail}"
            return text
        # Climb to a node whose chain is known, or to the top (depth 1), then come back down.
        below = [node]
        while True:
            top = below[-1]
            if production.depth[top] == 1:
                text = quoted[production.start[top]]
                break
            text = chains.get(production.best[top])
            if text is not None:
                break
            below.append(production.best[top])
        for n in reversed(below):
            text = chains[n] = f"{text} → {quoted[n]}"
        return text

    def via(self, owner: int) -> str:
        """"via its container(s) «C», ...": the owners from ``owner`` up, nearest first."""
        text = self._via.get(owner)
        if text is None:
            containers = list(self.production.owners_from(owner))
            noun = "container" if len(containers) == 1 else "containers"
            text = self._via[owner] = f"via its {noun} " + ", ".join([self.quoted[c] for c in containers])
        return text


def _shown_goal(raw: str | None) -> str:
    """A goal as the texts show it: trimmed, in guillemets, or :data:`NO_GOAL` when blank."""
    text = str(raw).strip() if raw is not None else ""
    return f"«{text}»" if text else NO_GOAL


# ----- R1–R3 -------------------------------------------------------------------------------------


def subagent_texts(w: Words, subagent_of: dict[int, int], found: Found) -> None:
    """R1: the nearest agent «A» the subagent is part of."""
    q = w.quoted
    for x, a in subagent_of.items():
        found[x][SUBAGENT] = (
            f"{q[x]} is an agent drawn inside {q[a]}, which is also an agent. A subagent is \"an agent that "
            f"is a part of an agent\" (AISafety.info). Its goal may differ from {q[a]}'s: the whole's goals "
            "emerge from its parts."
        )


def composite_agent_texts(w: Words, parts_of: dict[int, list[int]], found: Found) -> None:
    """R2: the subagents {Ys} whose nearest agent this is."""
    q = w.quoted
    for x, parts in parts_of.items():
        found[x][COMPOSITE_AGENT] = (
            f"{q[x]} is an agent composed of the {'subagent' if len(parts) == 1 else 'subagents'} "
            f"{w.nodes(parts)}, so its overall goals emerge from their interaction (shard theory; "
            "multiagent models of mind)."
        )


def hosted_agent_texts(w: Words, container_of: dict[int, int], found: Found) -> None:
    """R3: the non-agent container «C»."""
    q = w.quoted
    for x, c in container_of.items():
        found[x][HOSTED_AGENT] = (
            f"{q[x]} is an agent inside {q[c]}, which is not an agent. It is part of a system, but not a "
            "subagent, because no larger agent is composed."
        )


# ----- R4–R9 -------------------------------------------------------------------------------------


def base_optimizer_texts(w: Words, products_of: dict[int, list[int]], found: Found) -> None:
    """R4: the valid products and the base objective."""
    q, g = w.quoted, w.goals
    for x, products in products_of.items():
        found[x][BASE_OPTIMIZER] = (
            f"{q[x]} optimizes {w.nodes(products)}, so it is the base (\"outer\") optimizer for them and "
            f"its objective {g[x]} is their base objective (Hubinger et al. §1.1)."
        )


def meta_optimizer_texts(w: Words, bases_of: dict[int, list[int]], found: Found) -> None:
    """R5: the products «P» that are themselves base optimizers."""
    q = w.quoted
    one = "which is itself a base optimizer"
    many = "which are themselves base optimizers"
    for x, bases in bases_of.items():
        found[x][META_OPTIMIZER] = (
            f"{q[x]} produces {w.nodes(bases)}, {one if len(bases) == 1 else many}. A system that produces "
            "a base optimizer is a meta-optimizer (Hubinger et al., glossary)."
        )


def designed_optimizer_texts(w: Words, designed: Iterable[int], found: Found) -> None:
    """R6: a fixed text."""
    q = w.quoted
    for x in designed:
        found[x][DESIGNED_OPTIMIZER] = (
            f"{q[x]} is an optimizer explicitly implemented by humans (hard-coded). Hand-written search "
            "is not a mesa-optimizer (Hubinger et al. §2: hard-coded MCTS)."
        )


def mesa_optimizer_texts(w: Words, producers_of: dict[int, tuple[int, ...]], found: Found) -> None:
    """R7: EP and where it comes from; the meta-learning reading (A7) and a loop note."""
    q = w.quoted
    s, looping = w.s, w.production.looping
    for x, producers in producers_of.items():
        text = (
            f"{q[x]} is an optimizer that was itself produced by optimization: {w.nodes(producers)} "
            f"({_how_produced(w, x)}). \"A mesa-optimizer is an optimizer that is optimized by an "
            "optimizer\" (AISafety.info); it is \"a learned algorithm that is itself an optimizer\" "
            "(Hubinger et al.). If it was hand-coded, set designed_by_humans."
        )
        if x in s.products and x in s.producers:
            # A7: a producer of a base optimizer is a meta-optimizer, and the diagram cannot tell
            # deliberate meta-learning from mesa-optimization; say both readings.
            text += (
                f" If {q[x]} was found by deliberate meta-learning, it is \"a kind of learned optimizer\" "
                "but \"not the form of learned optimization\" Hubinger et al. study."
            )
        if x in looping:
            text += " Its chain of producers loops (an optimizes-cycle), so its mesa level is undefined."
        found[x][MESA_OPTIMIZER] = text


def _how_produced(w: Words, x: int) -> str:
    """"directly", "via its container «C»", or both: where EP(X) comes from, nearest first."""
    production = w.production
    first = production.owner[x]
    if first != x:
        return w.via(first)  # X has no valid producer of its own
    above = production.next_owner.get(x)
    return "directly" if above is None else "directly, and " + w.via(above)


def mesa_depth_texts(w: Words, depth_of: dict[int, int], found: Found) -> None:
    """R8: the depth N and the longest chain; the label names N."""
    q = w.quoted
    labels: dict[int, str] = {}
    for x, depth in depth_of.items():
        label = labels.get(depth)
        if label is None:
            label = labels[depth] = depth_label(depth)
        found[x][label] = (
            f"{q[x]} sits {depth} learned-optimization {'level' if depth == 1 else 'levels'} below the "
            f"outermost optimizer on its longest chain {w.chain(x)}. Designed optimizers restart the count."
        )


def mesa_mesa_optimizer_texts(w: Words, nodes: Iterable[int], found: Found) -> None:
    """R9: the longest chain."""
    q = w.quoted
    for x in nodes:
        found[x][MESA_MESA_OPTIMIZER] = (
            f"{q[x]} was optimized by an optimizer that was itself a mesa-optimizer ({w.chain(x)}). "
            "Mesa-optimizers can produce further optimizers (Hubinger et al. §5, CAIS)."
        )


# ----- R10–R15 -----------------------------------------------------------------------------------


def contains_mesa_optimizer_texts(w: Words, inner_of: dict[int, int], found: Found) -> None:
    """R10: the closest learned optimizer «M» inside."""
    q = w.quoted
    for x, m in inner_of.items():
        found[x][CONTAINS_MESA_OPTIMIZER] = (
            f"{q[x]} was learned and contains the learned optimizer {q[m]}. On Hubinger et al.'s reading, "
            f"{q[x]} itself performs mesa-optimization."
        )


def learned_algorithm_texts(w: Words, producers_of: dict[int, list[int]], found: Found) -> None:
    """R11: the direct producers {VDP}."""
    q = w.quoted
    for x, producers in producers_of.items():
        found[x][LEARNED_ALGORITHM] = (
            f"{q[x]} was produced by {w.nodes(producers)} but is not itself an optimizer: the base "
            "optimizer's solution is \"a simple algorithm which is not an optimizer\" (AISafety.info; "
            "Hubinger et al.'s learned algorithm)."
        )


def objective_mismatch_texts(w: Words, differing_of: dict[int, list[int]], found: Found) -> None:
    """R12: the mesa-objective against each differing base objective."""
    q, g = w.quoted, w.goals
    for x, differing in differing_of.items():
        noun = "objective" if len(differing) == 1 else "objectives"
        sources = ", ".join([f"{g[p]} (from {q[p]})" for p in differing])
        found[x][OBJECTIVE_MISMATCH] = (
            f"{q[x]}'s objective {g[x]} differs from its base {noun} {sources}. That is a possible "
            "inner-alignment gap. Pseudo-alignment (proxy, approximate, suboptimality) or deceptive "
            "alignment cannot be confirmed from a diagram."
        )


def objective_unstated_texts(w: Words, lacking_of: dict[int, list[int]], found: Found) -> None:
    """R13: which nodes lack a goal."""
    q = w.quoted
    for x, lacking in lacking_of.items():
        # The mesa-optimizer itself comes first, then its producers (sorted, as EP is).
        names = [q[x]] if lacking[0] == x else []
        names += [q[n] for n in lacking if n != x]
        which = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        found[x][OBJECTIVE_UNSTATED] = (
            f"The mesa-objective of {q[x]} cannot be compared with its base objective because {which} "
            f"{'has' if len(names) == 1 else 'have'} no stated goal. Mesa-objectives are \"not specified "
            "directly by the programmers\"."
        )


def behavioral_objective_mismatch_texts(w: Words, differing_of: dict[int, list[int]], found: Found) -> None:
    """R14: the behavioral objective against the differing producers' goals."""
    q, g = w.quoted, w.goals
    for x, differing in differing_of.items():
        goals = ", ".join(dict.fromkeys(g[p] for p in differing))
        found[x][BEHAVIORAL_OBJECTIVE_MISMATCH] = (
            f"{q[x]} is not an optimizer, so {g[x]} is read as its behavioral objective. It differs "
            f"from {goals}, a reward-result gap or goal misgeneralization risk. This is not inner "
            "misalignment in the strict sense of Hubinger et al. 2019."
        )


def outer_objective_mismatch_texts(w: Words, differing_of: dict[int, list[int]], found: Found) -> None:
    """R15: the designed optimizer's objective against its designers' goals."""
    q, g = w.quoted, w.goals
    for x, differing in differing_of.items():
        noun = "designer" if len(differing) == 1 else "designers"
        whose = ", ".join([f"{q[p]}'s goal {g[p]}" for p in differing])
        found[x][OUTER_OBJECTIVE_MISMATCH] = (
            f"The objective {g[x]} given to {q[x]} differs from its {noun} {whose}. This is an "
            "outer-alignment gap (Hubinger et al. §1.2)."
        )
