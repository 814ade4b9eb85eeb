"""Box geometry from content: one size for every box, the same on screen, in files, layouts and exports.

A box shows its name, its kind tags, its goal and its label badges, top to bottom, in a header;
names and goals wrap within the box's width and badges flow in rows across it, so nothing is ever
cut. A leaf is as tall as its header needs (or as the user made it); a container's parts sit below
its header with a margin, and the container grows to hold them.

Text is measured through a :class:`TextMeasure` the caller passes in: the editor and the headless
commands give one built on Qt's font metrics (``diagrammer.ui.measure``), tests may give
:class:`FixedMeasure`. No Qt here.

The document keeps the sizes and positions the user set; what is drawn is derived from them by
:func:`resolve_geometry`: a box is ``max(user size, content size, parts' extent + margin)``, and
when a container's header grew over its parts, all the parts move down together (siblings keep
their spacing).

Examples
--------
>>> from diagrammer.model import Document, Node
>>> doc = Document.from_parts("", [Node("a", "A", x=0, y=0), Node("b", "B", parent="a", x=14, y=0)], [])
>>> geometry = resolve_geometry(doc, {}, FixedMeasure())
>>> b = geometry["b"]
>>> a = geometry["a"]
>>> b[1] >= a[1] + header_height(doc.nodes["a"], (), a[2], FixedMeasure())
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from diagrammer.model import kinds as kind_table
from diagrammer.model.document import Document, Node
from diagrammer.rules import display_name, display_order

ROLES = ("name", "tag", "goal", "badge", "edge_label")

DEFAULT_WIDTH = 240.0  # wide enough for two badges side by side
MIN_WIDTH = 60.0
MIN_HEIGHT = 40.0
INSET = 8.0  # left and right inset of every text
TOP = 6.0
MARK_ROOM = 20.0  # room kept right of the first name line for each mark (problem; note when there are notes)
TAG_GAP = 8.0
BADGE_PAD = 12.0  # text width plus this is a badge's width
BADGE_GAP = 4.0
BADGE_EXTRA = 4.0  # a badge is this much taller than its text line
BOTTOM = 8.0  # below the last text of a leaf
MARGIN = 14.0  # between a container's border or header and its parts

Rect = tuple[float, float, float, float]


class TextMeasure(Protocol):
    """How wide a text is and how tall a line is, for each role a box draws.

    Roles: ``"name"``, ``"tag"``, ``"goal"``, ``"badge"``, ``"edge_label"``.
    Implementations must be hashable (layouts are memoised on them) and give the same answer
    for the same question.
    """

    def width(self, text: str, role: str) -> float: ...

    def line_height(self, role: str) -> float: ...


class FixedMeasure:
    """A measure with fixed character widths, for headless tests and pure layout code.

    Examples
    --------
    >>> FixedMeasure().width("abc", "name")
    24.0
    """

    CHAR = {"name": 8.0, "tag": 6.5, "goal": 6.5, "badge": 6.0, "edge_label": 6.0}
    LINE = {"name": 18.0, "tag": 13.0, "goal": 15.0, "badge": 12.0, "edge_label": 14.0}

    def width(self, text: str, role: str) -> float:
        return len(text) * self.CHAR[role]

    def line_height(self, role: str) -> float:
        return self.LINE[role]


@dataclass(frozen=True)
class BoxLayout:
    """Where each text of a box goes, in the box's own coordinates (top-left is 0, 0).

    ``names`` and ``goals`` are ``(line, rect)``; ``tags`` are ``(text, kind, rect)`` with kind the id
    of a kind of the table (:mod:`diagrammer.model.kinds`) or ``"designed"``; ``badges`` are
    ``(label, text, rect)``.
    ``header_height`` is where a container's parts may start; ``min_height`` is the least height
    that shows every text; ``reach`` is how far from the left its texts reach.
    """

    width: float
    names: tuple[tuple[str, Rect], ...]
    tags: tuple[tuple[str, str, Rect], ...]
    goals: tuple[tuple[str, Rect], ...]
    badges: tuple[tuple[str, str, Rect], ...]
    header_height: float
    min_height: float
    reach: float = 0.0

    def text_rects(self) -> list[Rect]:
        """Every text's rectangle (badges included)."""
        return ([r for _, r in self.names] + [r for _, _, r in self.tags] + [r for _, r in self.goals]
                + [r for _, _, r in self.badges])


def kind_tags(node: Node) -> list[tuple[str, str]]:
    """The small captions under the name, ``(text, kind)``: each kind's caption from the table of
    kinds, in the table's order, then ``DESIGNED`` for a designed box; a box without kind has none.

    >>> kind_tags(Node("a", kinds=["optimizer", "agent"], designed_by_humans=True))
    [('AGENT', 'agent'), ('OPTIMIZER', 'optimizer'), ('DESIGNED', 'designed')]
    """
    return _kind_tags(node.kinds, node.designed_by_humans)


def _kind_tags(kinds, designed: bool) -> list[tuple[str, str]]:
    tags = [(row.caption, row.id) for row in kind_table.KINDS if row.id in kinds]
    if designed:
        tags.append(("DESIGNED", "designed"))
    return tags


def box_layout(node: Node, labels: Iterable[str], width: float, measure: TextMeasure) -> BoxLayout:
    """The layout of ``node``'s texts in a box ``width`` wide (memoised on the inputs); badges flow
    in reading order (:func:`diagrammer.rules.display_order`) whatever order ``labels`` come in.

    Examples
    --------
    >>> from diagrammer.model import Node
    >>> layout = box_layout(Node("a", "A long name that wraps", goal="win"), (), 120, FixedMeasure())
    >>> [line for line, _ in layout.names]
    ['A long', 'name that', 'wraps']
    >>> "…" in str(layout)
    False
    """
    return _box_layout(node.name or "(unnamed)", tuple(node.kinds), node.designed_by_humans, node.goal or "",
                       reading_order(tuple(labels)), float(width), measure, bool(node.notes))


@lru_cache(maxsize=4096)
def reading_order(labels: tuple[str, ...]) -> tuple[str, ...]:
    """:func:`~diagrammer.rules.display_order` as a tuple, memoised: a diagram has thousands of boxes
    but few different sets of labels.

    >>> reading_order(("mesa-optimizer", "subagent"))
    ('subagent', 'mesa-optimizer')
    """
    return tuple(display_order(labels))


@lru_cache(maxsize=65536)
def _box_layout(name: str, kinds: tuple, designed: bool, goal: str, labels: tuple, width: float,
                measure: TextMeasure, notes: bool = False) -> BoxLayout:
    inner = max(width - 2 * INSET, 1.0)
    marks = MARK_ROOM * (2 if notes else 1)
    y = TOP
    name_h = measure.line_height("name")
    names = []
    for i, line in enumerate(wrap(name, "name", inner, measure, first=max(inner - marks, inner / 2))):
        names.append((line, (INSET, y, min(measure.width(line, "name"), inner if i else inner - marks), name_h)))
        y += name_h
    tags = []
    if kinds or designed:
        tag_h = measure.line_height("tag")
        x = INSET
        y += 2
        for text, kind in _kind_tags(kinds, designed):
            w = measure.width(text, "tag")
            if x > INSET and x + w > width - INSET:
                x, y = INSET, y + tag_h
            tags.append((text, kind, (x, y, w, tag_h)))
            x += w + TAG_GAP
        y += tag_h
    goals = []
    if goal:
        goal_h = measure.line_height("goal")
        y += 2
        for line in wrap(f"goal: {goal}", "goal", inner, measure):
            goals.append((line, (INSET, y, min(measure.width(line, "goal"), inner), goal_h)))
            y += goal_h
    badges = []
    if labels:
        badge_h = measure.line_height("badge") + BADGE_EXTRA
        y += 4
        x = INSET
        for label in labels:
            text = display_name(label)
            w = measure.width(text, "badge") + BADGE_PAD
            if x > INSET and x + w > width - INSET:
                x, y = INSET, y + badge_h + BADGE_GAP
            badges.append((label, text, (x, y, w, badge_h)))
            x += w + BADGE_GAP
        y += badge_h
    reach = max((r[0] + r[2] for *_, r in (*names, *tags, *goals, *badges)), default=0.0)
    return BoxLayout(width, tuple(names), tuple(tags), tuple(goals), tuple(badges),
                     y + MARGIN, max(y + BOTTOM, MIN_HEIGHT), reach)


def wrap(text: str, role: str, width: float, measure: TextMeasure, first: float | None = None) -> list[str]:
    """``text`` in lines no wider than ``width`` (the first no wider than ``first``), broken at spaces,
    and inside a word only when the word alone is too wide. Never elided.

    Examples
    --------
    >>> wrap("Shard: eat when hungry", "goal", 60, FixedMeasure())
    ['Shard:', 'eat when', 'hungry']
    """
    limit = width if first is None else first
    if "\n" not in text and not text.startswith(" ") and measure.width(text, role) <= limit:
        return [text]  # the common case: it fits on one line
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if measure.width(candidate, role) <= limit or not line and not word:
                line = candidate
                continue
            if line:
                lines.append(line)
                limit = width
            line = word
            while measure.width(line, role) > limit and len(line) > 1:
                cut = _fit(line, role, limit, measure)
                lines.append(line[:cut])
                limit = width
                line = line[cut:]
        lines.append(line)
        limit = width
    return lines


def _fit(word: str, role: str, width: float, measure: TextMeasure) -> int:
    """How many leading characters of ``word`` fit in ``width`` (at least one)."""
    low, high = 1, len(word)
    while low < high:
        mid = (low + high + 1) // 2
        if measure.width(word[:mid], role) <= width:
            low = mid
        else:
            high = mid - 1
    return low


def min_width(labels: Iterable[str], measure: TextMeasure) -> float:
    """The least width that shows every badge whole on a row of its own."""
    return _min_width(tuple(labels), measure) if labels else MIN_WIDTH


@lru_cache(maxsize=4096)
def _min_width(labels: tuple, measure: TextMeasure) -> float:
    widest = max((measure.width(display_name(label), "badge") for label in labels), default=0.0)
    return max(MIN_WIDTH, widest + BADGE_PAD + 2 * INSET if widest else MIN_WIDTH)


def natural_width(node: Node, labels: Iterable[str], measure: TextMeasure) -> float:
    """The least width at which a box's name and kind line need no wrapping and every badge is
    whole: what a box gets in a file without positions (a DOT import), as Graphviz sizes its nodes.

    Examples
    --------
    >>> from diagrammer.model import Node
    >>> natural_width(Node("a", "strlen"), (), FixedMeasure())
    84.0
    """
    marks = MARK_ROOM * (2 if node.notes else 1)
    name = max(measure.width(line, "name") for line in (node.name or "(unnamed)").split("\n")) + marks
    tags = [measure.width(text, "tag") for text, _ in kind_tags(node)]
    line = sum(tags) + TAG_GAP * (len(tags) - 1) if tags else 0.0
    return float(math.ceil(max(min_width(labels, measure), name + 2 * INSET, line + 2 * INSET)))


def content_size(node: Node, labels: Iterable[str], measure: TextMeasure, width: float | None = None
                 ) -> tuple[float, float]:
    """The size a leaf box needs: ``width`` (default: the node's) widened for its badges, and the
    height of its texts.

    Examples
    --------
    >>> from diagrammer.model import Node
    >>> content_size(Node("a", "A"), (), FixedMeasure(), 200)
    (200.0, 40.0)
    """
    labels = tuple(labels)
    w = max(float(node.width if width is None else width), min_width(labels, measure))
    return w, box_layout(node, labels, w, measure).min_height


def header_height(node: Node, labels: Iterable[str], width: float, measure: TextMeasure) -> float:
    """Where a container's parts may start, below its texts and badges and a margin."""
    return box_layout(node, labels, width, measure).header_height


@dataclass(frozen=True, slots=True)
class Resolved:
    """One box as drawn: its size, how far its parts are moved to clear its header and border, and
    the layout of its texts at that width."""

    width: float
    height: float
    shift_x: float = 0.0
    shift_y: float = 0.0
    layout: BoxLayout | None = field(default=None, compare=False)


def resolve_box(node: Node, labels: Iterable[str], parts: list[Rect], measure: TextMeasure) -> Resolved:
    """The drawn size of ``node`` holding ``parts`` (their user rectangles relative to ``node``).

    Examples
    --------
    >>> from diagrammer.model import Node
    >>> box = Node("a", "A", width=100, height=60)
    >>> r = resolve_box(box, (), [(0.0, 0.0, 50.0, 30.0)], FixedMeasure())
    >>> (r.shift_x, r.shift_y, r.width, r.height)
    (14.0, 38.0, 100.0, 82.0)
    """
    labels = tuple(labels)
    width = float(max(node.width, min_width(labels, measure)))
    if not parts:
        layout = box_layout(node, labels, width, measure)
        return Resolved(width, float(max(node.height, layout.min_height)), layout=layout)
    left = min(p[0] for p in parts)
    shift_x = MARGIN - left if left < MARGIN else 0.0
    width = max(width, max(p[0] + p[2] for p in parts) + shift_x + MARGIN)
    layout = box_layout(node, labels, width, measure)
    top = min(p[1] for p in parts)
    shift_y = layout.header_height - top if top < layout.header_height else 0.0
    height = float(max(node.height, layout.min_height, max(p[1] + p[3] for p in parts) + shift_y + MARGIN))
    return Resolved(width, height, shift_x, shift_y, layout)


def effective_parents(doc: Document) -> dict[str, str | None]:
    """Each node's drawn container: the document's effective parent (a missing container or a
    containment loop means the top level, as rules.md §3 decides).

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> doc = Document.from_parts("", [Node("a", parent="b"), Node("b", parent="a"), Node("c", parent="a")], [])
    >>> effective_parents(doc)
    {'a': None, 'b': None, 'c': 'a'}
    """
    return doc.forest.parent


def children_of(parents: Mapping[str, str | None]) -> dict[str | None, list[str]]:
    """Each drawn container's parts (``None``: the top level), in the order of ``parents``."""
    children: dict[str | None, list[str]] = {}
    for nid, parent in parents.items():
        children.setdefault(parent, []).append(nid)
    return children


def resolve_all(doc: Document, labels_by_id: Mapping[str, Iterable[str]], measure: TextMeasure,
                parents: Mapping[str, str | None] | None = None) -> dict[str, Resolved]:
    """:class:`Resolved` for every node, parts before their containers (no recursion)."""
    children = doc.forest.children if parents is None else children_of(parents)
    out: dict[str, Resolved] = {}
    stack = [(nid, False) for nid in reversed(children.get(None, []))]
    nodes = doc.nodes
    while stack:
        nid, done = stack.pop()
        parts = children.get(nid)
        if not done and parts:
            stack.append((nid, True))
            stack.extend((child, False) for child in reversed(parts))
            continue
        rects = [_user_rect(nodes[p], out[p]) for p in parts] if parts else []
        out[nid] = resolve_box(nodes[nid], labels_by_id.get(nid, ()), rects, measure)
    return out


def _user_rect(node: Node, resolved: Resolved) -> Rect:
    return node.x or 0.0, node.y or 0.0, resolved.width, resolved.height


def drawn_position(node: Node, parent: Resolved | None) -> tuple[float, float]:
    """Where ``node`` is drawn relative to its drawn container (its own position plus the shift)."""
    if parent is None:
        return node.x or 0.0, node.y or 0.0
    return (node.x or 0.0) + parent.shift_x, (node.y or 0.0) + parent.shift_y


def resolve_geometry(doc: Document, labels_by_id: Mapping[str, Iterable[str]], measure: TextMeasure
                     ) -> dict[str, Rect]:
    """Every box's scene rectangle ``(x, y, width, height)`` exactly as drawn.

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> doc = Document.from_parts("", [Node("a", "A", x=10, y=20, width=100, height=50)], [])
    >>> resolve_geometry(doc, {}, FixedMeasure())
    {'a': (10.0, 20.0, 100.0, 50.0)}
    """
    forest = doc.forest
    parents = forest.parent
    resolved = resolve_all(doc, labels_by_id, measure)
    out: dict[str, Rect] = {}
    for nid in forest.preorder:
        parent = parents[nid]
        x, y = drawn_position(doc.nodes[nid], resolved[parent] if parent is not None else None)
        if parent is not None:
            x += out[parent][0]
            y += out[parent][1]
        r = resolved[nid]
        out[nid] = (float(x), float(y), float(r.width), float(r.height))
    return {nid: out[nid] for nid in doc.nodes}


def relative_geometry(doc: Document, labels_by_id: Mapping[str, Iterable[str]], measure: TextMeasure
                      ) -> dict[str, Rect]:
    """Every box's drawn rectangle with ``x``/``y`` relative to its drawn container (as files store it)."""
    parents = doc.forest.parent
    resolved = resolve_all(doc, labels_by_id, measure)
    out: dict[str, Rect] = {}
    for nid, node in doc.nodes.items():
        parent = parents[nid]
        x, y = drawn_position(node, resolved[parent] if parent is not None else None)
        r = resolved[nid]
        out[nid] = (float(x), float(y), float(r.width), float(r.height))
    return out

