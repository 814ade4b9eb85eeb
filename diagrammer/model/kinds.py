"""The table of box kinds: every kind a node may have, and every box the palette adds.

A node's ``kinds`` is a set of the :data:`KINDS` ids (rules.md: an agent, an optimizer, both, or
neither). The file formats check kinds against this table, the editor draws a kind's caption in its
colour, and the palette offers the :data:`BOXES`, each with its shortcut. Adding a kind means a row
here (and, if the rules read it, its rule); the readers, writers and drawing follow the table.

Examples
--------
>>> [kind.id for kind in KINDS]
['agent', 'optimizer']
>>> kind("optimizer").caption
'OPTIMIZER'
>>> [(box.id, box.shortcut, box.kinds) for box in BOXES]  # doctest: +NORMALIZE_WHITESPACE
[('agent', 'A', ('agent',)), ('optimizer', 'O', ('optimizer',)),
 ('agent-optimizer', 'B', ('agent', 'optimizer')), ('system', 'S', ())]
"""

from __future__ import annotations

from dataclasses import dataclass

AGENT = "agent"
OPTIMIZER = "optimizer"


@dataclass(frozen=True)
class Kind:
    """One kind: its id in files, its display name, the colour of its border and caption, the
    caption drawn on a box of that kind, and the one-sentence definition a tooltip shows."""

    id: str
    display: str
    colour: str
    caption: str
    definition: str


@dataclass(frozen=True)
class Box:
    """One entry of the palette: the box it adds (its default name and kinds) and its shortcut."""

    id: str
    display: str
    kinds: tuple[str, ...]
    shortcut: str


KINDS: tuple[Kind, ...] = (
    Kind(AGENT, "Agent", "#2f6fd6", "AGENT",
         "An agent is a system that can be understood as taking actions towards achieving a goal."),
    Kind(OPTIMIZER, "Optimizer", "#c46a12", "OPTIMIZER",
         "An optimizer internally searches a space (outputs, policies, plans) for elements that score well "
         "on an objective it explicitly represents (Hubinger et al. 2019). Being optimized is not enough."),
)  # fmt: skip

BOXES: tuple[Box, ...] = (
    Box("agent", "Agent", (AGENT,), "A"),
    Box("optimizer", "Optimizer", (OPTIMIZER,), "O"),
    Box("agent-optimizer", "Agent optimizer", (AGENT, OPTIMIZER), "B"),
    Box("system", "System", (), "S"),
)

KIND_IDS: tuple[str, ...] = tuple(k.id for k in KINDS)


def kind(kind_id: str) -> Kind:
    """The row of ``kind_id`` (``KeyError`` when no kind has that id)."""
    for row in KINDS:
        if row.id == kind_id:
            return row
    raise KeyError(kind_id)


def box(box_id: str) -> Box:
    """The palette entry ``box_id`` (``KeyError`` when there is none)."""
    for row in BOXES:
        if row.id == box_id:
            return row
    raise KeyError(box_id)
