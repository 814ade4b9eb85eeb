"""The explanation of every label: rules.md §5's templates, filled with node names and goals.

Names appear in «…»; lists of nodes come sorted by name, then id, and are joined as «A», «B». A
goal is shown as the user typed it (trimmed), or as :data:`NO_GOAL`. Where a template names one
node but several qualify, the text names them all, in the same order, and agrees in number
("subagent"/"subagents", "has"/"have", "level"/"levels").

Each function words one label for one node, from what the label's rule returned (``found``).
"""

from __future__ import annotations

from diagrammer.rules.labels import CHAIN_SHOWN, Facts

NO_GOAL = "(no stated goal)"


class Words:
    """What the templates fill in: quoted names, name lists, shown goals and chains, by node id.

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> from diagrammer.rules.graph import Diagram
    >>> doc = Document.from_parts("", [Node("b", "Bee"), Node("a", "Ant", goal=" dig. ")], [])
    >>> words = Words(Facts(Diagram(doc)))
    >>> words.nodes(["a", "b"]), words.goal("a"), words.goal("b")
    ('«Ant», «Bee»', '«dig.»', '(no stated goal)')
    """

    def __init__(self, f: Facts) -> None:
        self.f = f
        self.q = {x: f"«{name}»" for x, name in f.d.shown.items()}
        self._chains: dict[str, str] = {}  # R8 and R9 show the same chain, and build on the one above
        self._goals: dict[object, str] = {}  # shown goal by raw goal: goals repeat

    def nodes(self, nodes: list[str] | tuple[str, ...]) -> str:
        """«A», «B», ... for nodes already sorted (by name, then id)."""
        return ", ".join([self.q[x] for x in nodes])

    def goal(self, x: str) -> str:
        """The goal as the texts show it: trimmed, in guillemets, or :data:`NO_GOAL` when blank."""
        raw = self.f.d.doc.nodes[x].goal
        shown = self._goals.get(raw)
        if shown is None:
            text = str(raw).strip() if raw is not None else ""
            shown = self._goals[raw] = f"«{text}»" if text else NO_GOAL
        return shown

    def chain(self, x: str) -> str:
        """The longest chain «A» → «B» → «X»; a very long one elides its middle.

        A chain short enough to show whole is the chain of the producer one level up, then «X»:
        each node's text is built from the one above it, once.
        """
        text = self._chains.get(x)
        if text is not None:
            return text
        depths, q = self.f.depths, self.q
        if depths.depth[x] >= CHAIN_SHOWN:
            shown, elided = depths.chain(x)
            half = len(shown) // 2
            head = " → ".join([q[n] for n in shown[:half]])
            tail = " → ".join([q[n] for n in shown[half:]])
            text = self._chains[x] = f"{head} → … {elided} more … → {tail}"
            return text
        below = [x]  # climb to a node whose chain is known, or to the top (depth 1), then come back down
        while True:
            top = below[-1]
            if depths.depth[top] == 1:
                text = q[depths.start[top]]
                break
            text = self._chains.get(depths.best[top])
            if text is not None:
                break
            below.append(depths.best[top])
        for n in reversed(below):
            text = self._chains[n] = f"{text} → {q[n]}"
        return text

    def via(self, owner: str) -> str:
        """ "via its container(s) «C», ...": the owners from ``owner`` up, nearest first."""
        containers = [owner]
        while (above := self.f.d.next_owner.get(containers[-1])) is not None:
            containers.append(above)
        noun = "container" if len(containers) == 1 else "containers"
        return f"via its {noun} " + ", ".join([self.q[c] for c in containers])


# ----- R1-R3 -------------------------------------------------------------------------------------


def subagent_text(w: Words, x: str, a: str) -> str:
    """R1: the nearest agent «A» the subagent is part of."""
    q = w.q
    return (
        f'{q[x]} is an agent drawn inside {q[a]}, which is also an agent. A subagent is "an agent that '
        f"is a part of an agent\" (AISafety.info). Its goal may differ from {q[a]}'s: the whole's goals "
        "emerge from its parts."
    )


def composite_agent_text(w: Words, x: str, parts: list[str]) -> str:
    """R2: the subagents {Ys} whose nearest agent this is."""
    return (
        f"{w.q[x]} is an agent composed of the {'subagent' if len(parts) == 1 else 'subagents'} "
        f"{w.nodes(parts)}, so its overall goals emerge from their interaction (shard theory; "
        "multiagent models of mind)."
    )


def hosted_agent_text(w: Words, x: str, c: str) -> str:
    """R3: the non-agent container «C»."""
    return (
        f"{w.q[x]} is an agent inside {w.q[c]}, which is not an agent. It is part of a system, but not a "
        "subagent, because no larger agent is composed."
    )


# ----- R4-R9 -------------------------------------------------------------------------------------


def base_optimizer_text(w: Words, x: str, products: tuple[str, ...]) -> str:
    """R4: the valid products and the base objective."""
    return (
        f'{w.q[x]} optimizes {w.nodes(products)}, so it is the base ("outer") optimizer for them and '
        f"its objective {w.goal(x)} is their base objective (Hubinger et al. §1.1)."
    )


def meta_optimizer_text(w: Words, x: str, bases: tuple[str, ...]) -> str:
    """R5: the products «P» that are themselves base optimizers."""
    which = "which is itself a base optimizer" if len(bases) == 1 else "which are themselves base optimizers"
    return (
        f"{w.q[x]} produces {w.nodes(bases)}, {which}. A system that produces "
        "a base optimizer is a meta-optimizer (Hubinger et al., glossary)."
    )


def designed_optimizer_text(w: Words, x: str, _found: bool) -> str:
    """R6: a fixed text."""
    return (
        f"{w.q[x]} is an optimizer explicitly implemented by humans (hard-coded). Hand-written search "
        "is not a mesa-optimizer (Hubinger et al. §2: hard-coded MCTS)."
    )


def mesa_optimizer_text(w: Words, x: str, producers: tuple[str, ...]) -> str:
    """R7: EP and where it comes from; the meta-learning reading (A7) and a loop note."""
    d, q = w.f.d, w.q
    text = (
        f"{q[x]} is an optimizer that was itself produced by optimization: {w.nodes(producers)} "
        f'({_how_produced(w, x)}). "A mesa-optimizer is an optimizer that is optimized by an '
        'optimizer" (AISafety.info); it is "a learned algorithm that is itself an optimizer" '
        "(Hubinger et al.). If it was hand-coded, set designed_by_humans."
    )
    if x in d.products and x in d.vdp:
        # A7: a producer of a base optimizer is a meta-optimizer, and the diagram cannot tell
        # deliberate meta-learning from mesa-optimization; say both readings.
        text += (
            f' If {q[x]} was found by deliberate meta-learning, it is "a kind of learned optimizer" '
            'but "not the form of learned optimization" Hubinger et al. study.'
        )
    if x in w.f.depths.looping:
        text += " Its chain of producers loops (an optimizes-cycle), so its mesa level is undefined."
    return text


def _how_produced(w: Words, x: str) -> str:
    """ "directly", "via its container «C»", or both: where EP(X) comes from, nearest first."""
    d = w.f.d
    first = d.owner[x]
    if first != x:
        return w.via(first)  # X has no valid producer of its own
    above = d.next_owner.get(x)
    return "directly" if above is None else "directly, and " + w.via(above)


def mesa_depth_text(w: Words, x: str, depth: int) -> str:
    """R8: the depth N and the longest chain; the label names N."""
    return (
        f"{w.q[x]} sits {depth} learned-optimization {'level' if depth == 1 else 'levels'} below the "
        f"outermost optimizer on its longest chain {w.chain(x)}. Designed optimizers restart the count."
    )


def mesa_mesa_optimizer_text(w: Words, x: str, _found: bool) -> str:
    """R9: the longest chain."""
    return (
        f"{w.q[x]} was optimized by an optimizer that was itself a mesa-optimizer ({w.chain(x)}). "
        "Mesa-optimizers can produce further optimizers (Hubinger et al. §5, CAIS)."
    )


# ----- R10-R15 -----------------------------------------------------------------------------------


def contains_mesa_optimizer_text(w: Words, x: str, m: str) -> str:
    """R10: the closest learned optimizer «M» inside."""
    q = w.q
    return (
        f"{q[x]} was learned and contains the learned optimizer {q[m]}. On Hubinger et al.'s reading, "
        f"{q[x]} itself performs mesa-optimization."
    )


def learned_algorithm_text(w: Words, x: str, producers: tuple[str, ...]) -> str:
    """R11: the direct producers {VDP}."""
    return (
        f"{w.q[x]} was produced by {w.nodes(producers)} but is not itself an optimizer: the base "
        'optimizer\'s solution is "a simple algorithm which is not an optimizer" (AISafety.info; '
        "Hubinger et al.'s learned algorithm)."
    )


def objective_mismatch_text(w: Words, x: str, differing: tuple[str, ...]) -> str:
    """R12: the mesa-objective against each differing base objective."""
    noun = "objective" if len(differing) == 1 else "objectives"
    sources = ", ".join([f"{w.goal(p)} (from {w.q[p]})" for p in differing])
    return (
        f"{w.q[x]}'s objective {w.goal(x)} differs from its base {noun} {sources}. That is a possible "
        "inner-alignment gap. Pseudo-alignment (proxy, approximate, suboptimality) or deceptive "
        "alignment cannot be confirmed from a diagram."
    )


def objective_unstated_text(w: Words, x: str, lacking: tuple[str, ...]) -> str:
    """R13: which nodes lack a goal, the mesa-optimizer itself first."""
    names = [w.q[n] for n in lacking]
    which = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"The mesa-objective of {w.q[x]} cannot be compared with its base objective because {which} "
        f'{"has" if len(names) == 1 else "have"} no stated goal. Mesa-objectives are "not specified '
        'directly by the programmers".'
    )


def behavioral_objective_mismatch_text(w: Words, x: str, differing: tuple[str, ...]) -> str:
    """R14: the behavioral objective against the differing producers' goals."""
    goals = ", ".join(dict.fromkeys(w.goal(p) for p in differing))
    return (
        f"{w.q[x]} is not an optimizer, so {w.goal(x)} is read as its behavioral objective. It differs "
        f"from {goals}, a reward-result gap or goal misgeneralization risk. This is not inner "
        "misalignment in the strict sense of Hubinger et al. 2019."
    )


def outer_objective_mismatch_text(w: Words, x: str, differing: tuple[str, ...]) -> str:
    """R15: the designed optimizer's objective against its designers' goals."""
    noun = "designer" if len(differing) == 1 else "designers"
    whose = ", ".join([f"{w.q[p]}'s goal {w.goal(p)}" for p in differing])
    return (
        f"The objective {w.goal(x)} given to {w.q[x]} differs from its {noun} {whose}. This is an "
        "outer-alignment gap (Hubinger et al. §1.2)."
    )
