"""The words of the rules: label ids and display names, problem codes and texts, goal normalization.

Everything here is fixed by ``docs/rules.md`` (§3, §5, §10 and D5); the classifier and the UI read it
from this one place.
"""

from __future__ import annotations

import unicodedata

SUBAGENT = "subagent"
COMPOSITE_AGENT = "composite-agent"
HOSTED_AGENT = "hosted-agent"
BASE_OPTIMIZER = "base-optimizer"
META_OPTIMIZER = "meta-optimizer"
DESIGNED_OPTIMIZER = "designed-optimizer"
MESA_OPTIMIZER = "mesa-optimizer"
MESA_DEPTH_PREFIX = "mesa-depth-"
MESA_MESA_OPTIMIZER = "mesa-mesa-optimizer"
CONTAINS_MESA_OPTIMIZER = "contains-mesa-optimizer"
LEARNED_ALGORITHM = "learned-algorithm"
OBJECTIVE_MISMATCH = "objective-mismatch"
OBJECTIVE_UNSTATED = "objective-unstated"
BEHAVIORAL_OBJECTIVE_MISMATCH = "behavioral-objective-mismatch"
OUTER_OBJECTIVE_MISMATCH = "outer-objective-mismatch"

#: Display names of rules.md §10, keyed by label id; ``mesa-depth-N`` stands for every depth label.
LABEL_DISPLAY: dict[str, str] = {
    SUBAGENT: "Subagent",
    COMPOSITE_AGENT: "Composite agent",
    HOSTED_AGENT: "Agent inside a non-agent",
    BASE_OPTIMIZER: "Base optimizer",
    META_OPTIMIZER: "Meta-optimizer",
    DESIGNED_OPTIMIZER: "Designed optimizer",
    MESA_OPTIMIZER: "Mesa-optimizer",
    MESA_DEPTH_PREFIX + "N": "Mesa level N",
    MESA_MESA_OPTIMIZER: "Mesa-mesa-optimizer",
    CONTAINS_MESA_OPTIMIZER: "Contains a mesa-optimizer",
    LEARNED_ALGORITHM: "Learned algorithm",
    OBJECTIVE_MISMATCH: "Objective may differ",
    OBJECTIVE_UNSTATED: "Objective unstated",
    BEHAVIORAL_OBJECTIVE_MISMATCH: "Behaviour may differ",
    OUTER_OBJECTIVE_MISMATCH: "Outer objective differs",
}

#: The order badges and legends show labels in (issue 12): containment first, then production from
#: the base optimizer down to the mesa-optimizer and its depth, then the objective gaps; it is
#: rules.md §5's order. ``mesa-depth-N`` stands for every depth label.
DISPLAY_ORDER: tuple[str, ...] = (
    SUBAGENT,
    COMPOSITE_AGENT,
    HOSTED_AGENT,
    BASE_OPTIMIZER,
    META_OPTIMIZER,
    DESIGNED_OPTIMIZER,
    MESA_OPTIMIZER,
    MESA_DEPTH_PREFIX + "N",
    MESA_MESA_OPTIMIZER,
    CONTAINS_MESA_OPTIMIZER,
    LEARNED_ALGORITHM,
    OBJECTIVE_MISMATCH,
    OBJECTIVE_UNSTATED,
    BEHAVIORAL_OBJECTIVE_MISMATCH,
    OUTER_OBJECTIVE_MISMATCH,
)
_DISPLAY_RANK = {label: rank for rank, label in enumerate(DISPLAY_ORDER)}

DANGLING_REFERENCE = "dangling-reference"
CONTAINMENT_CYCLE = "containment-cycle"
SELF_OPTIMIZATION = "self-optimization"
PRODUCER_NOT_OPTIMIZER = "producer-not-optimizer"
PRODUCT_INSIDE_PRODUCER = "product-inside-producer"
PRODUCER_INSIDE_PRODUCT = "producer-inside-product"
OPTIMIZES_CYCLE = "optimizes-cycle"

#: The fixed problem texts of rules.md §5, keyed by problem code. «X» stands for the edge's product
#: and «P» for its producer; :func:`problem_message` fills both with node names.
PROBLEM_MESSAGES: dict[str, str] = {
    DANGLING_REFERENCE: "a referenced node does not exist",
    CONTAINMENT_CYCLE: "containment loops; treated as top-level",
    SELF_OPTIMIZATION: "a system is not a separate model from itself; edge ignored",
    PRODUCER_NOT_OPTIMIZER: "only optimizers can be base optimizers; add the optimizer kind or remove the edge",
    PRODUCT_INSIDE_PRODUCER: (
        "by definition a mesa-optimizer is shaped by its base optimizer but is not part of it; "
        "move «X» out of «P» or remove the edge"
    ),
    PRODUCER_INSIDE_PRODUCT: (
        "«X» cannot be optimized by its own part; draw the edge to the part that is actually trained"
    ),
    OPTIMIZES_CYCLE: (
        "mutual optimization; where the loop runs through learned optimizers only, they and the "
        "optimizers they produce get no mesa level (a designed optimizer in the loop restarts the count)"
    ),
}

# Characters D5 strips from the end of a normalized goal.
_TRAILING_PUNCTUATION = ".!;:,"


def depth_label(depth: int) -> str:
    """The label id for mesa depth ``depth``.

    Examples
    --------
    >>> depth_label(2)
    'mesa-depth-2'
    """
    return f"{MESA_DEPTH_PREFIX}{depth}"


def label_depth(label: str) -> int | None:
    """The depth a ``mesa-depth-N`` label names, or ``None`` for any other label.

    Examples
    --------
    >>> label_depth("mesa-depth-12"), label_depth("subagent")
    (12, None)
    """
    if label.startswith(MESA_DEPTH_PREFIX) and label[len(MESA_DEPTH_PREFIX) :].isdigit():
        return int(label[len(MESA_DEPTH_PREFIX) :])
    return None


def display_name(label: str) -> str:
    """The name a user sees for ``label`` (rules.md §10); an unknown label is shown as its id.

    Examples
    --------
    >>> display_name("hosted-agent")
    'Agent inside a non-agent'
    >>> display_name("mesa-depth-3")
    'Mesa level 3'
    """
    known = LABEL_DISPLAY.get(label)
    if known is not None:
        return known
    depth = label_depth(label)
    if depth is not None:
        return f"Mesa level {depth}"
    return label


def display_order(labels: list[str] | tuple[str, ...]) -> list[str]:
    """``labels`` in the order a user reads them (:data:`DISPLAY_ORDER`); unknown ones last, as given.

    Examples
    --------
    >>> display_order(["mesa-depth-1", "objective-mismatch", "mesa-optimizer", "subagent"])
    ['subagent', 'mesa-optimizer', 'mesa-depth-1', 'objective-mismatch']
    """
    last = len(DISPLAY_ORDER)

    def rank(label: str) -> int:
        if label_depth(label) is not None:
            return _DISPLAY_RANK[MESA_DEPTH_PREFIX + "N"]
        return _DISPLAY_RANK.get(label, last)

    return sorted(labels, key=rank)


def problem_message(code: str, producer: str = "", product: str = "") -> str:
    """The fixed text for ``code`` with «P» and «X» filled with the producer's and product's names.

    Examples
    --------
    >>> problem_message("producer-inside-product", "Planner", "Policy")
    '«Policy» cannot be optimized by its own part; draw the edge to the part that is actually trained'
    """
    return PROBLEM_MESSAGES[code].replace("«X»", f"«{product}»").replace("«P»", f"«{producer}»")


def normalize_goal(goal: str | None) -> str | None:
    """A goal normalized as rules.md D5 says, or ``None`` when it is unstated.

    The steps run in the order D5 lists them (NFKC, casefold, collapse whitespace, trim, strip
    trailing ``.!;:,``). No second trim follows the punctuation strip, because D5 lists none.

    Examples
    --------
    >>> normalize_goal("  Maximize   CLICKS!! ")
    'maximize clicks'
    >>> normalize_goal(" ... ") is None
    True
    """
    if goal is None:
        return None
    text = " ".join(unicodedata.normalize("NFKC", str(goal)).casefold().split())
    text = text.rstrip(_TRAILING_PUNCTUATION)
    return text or None
