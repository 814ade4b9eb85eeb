"""Editing gestures as model operations: drops, resizes, pasting, aligning, and placing in free space.

These are the rules of direct manipulation, kept free of Qt so they are tested on their own and
shared by the editor and the commands. Each function returns one :class:`Batch` (one undo step).

Containers are not grown here: the document keeps the sizes the user set, and the drawn size of a
container (big enough for its parts) is derived from them (``diagrammer.layout.geometry``), so a
container shrinks back when its parts leave. Placement asks a :class:`Frame` how boxes are drawn:
the editor passes one that knows the drawn sizes and headers; the default uses the model's numbers.

Examples
--------
>>> from diagrammer.model import Document, Node, AddNode
>>> doc = Document()
>>> _ = doc.apply(AddNode(Node("box", x=0, y=0, width=300, height=200)))
>>> _ = doc.apply(AddNode(Node("part", x=400, y=0)))
>>> _ = doc.apply(drop_operations(doc, [("part", "box", 20, 100)]))
>>> doc.nodes["part"].parent, doc.nodes["part"].x, doc.nodes["part"].y
('box', 20.0, 100.0)
"""

from __future__ import annotations

import copy
import math

from diagrammer.model.document import Document, Edge, Node
from diagrammer.model.geometry import GRID, HEADER_HEIGHT, MIN_HEIGHT, MIN_WIDTH, PADDING
from diagrammer.model.operations import AddSubtree, Batch, Operation, Reparent, SetNodeFields

GAP = 10.0  # the least space placement keeps between a new box and its neighbours
SEARCH_STEP = 20.0
SEARCH_RINGS = 80

Rect = tuple[float, float, float, float]


class Frame:
    """How boxes are drawn, as far as placing them needs: sizes, container origins and headers.

    This default reads the model's own numbers (a fixed header band); the editor's scene answers
    with what it draws.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def size(self, node_id: str) -> tuple[float, float]:
        """The drawn width and height of a box."""
        node = self.doc.nodes[node_id]
        return node.width, node.height

    def origin(self, parent: str | None) -> tuple[float, float]:
        """The scene point of ``parent``'s coordinate origin for its parts (0, 0 for the top level)."""
        return self.doc.absolute_position(parent) if parent is not None else (0.0, 0.0)

    def content_start(self, parent: str) -> tuple[float, float]:
        """The least ``x`` and ``y`` (in ``parent``'s coordinates) that keep a part clear of its
        container's border and header."""
        return PADDING, HEADER_HEIGHT


def snap(value: float, grid: float = GRID) -> float:
    """Round to the nearest grid line."""
    return round(value / grid) * grid


class _Planner:
    """Plans operations on a scratch copy so that each step sees the effect of the previous ones."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.ops: list[Operation] = []

    def add(self, op: Operation) -> None:
        self.ops.append(op)
        op.apply(self.doc)

    def batch(self) -> Batch:
        return Batch(self.ops)


def _scratch(doc: Document) -> Document:
    """A listener-free copy to plan on (the real document changes only when the batch is applied)."""
    nodes = [n.copy() for n in doc.nodes.values()]
    edges = [e.copy() for e in doc.edges.values()]
    return Document.from_parts(doc.title, nodes, edges, copy.deepcopy(doc.extra))


def drop_operations(doc: Document, drops: list[tuple[str, str | None, float, float]],
                    frame: Frame | None = None) -> Batch:
    """Move nodes, each to ``(x, y)`` in *scene* coordinates, inside ``parent`` (``None``: top level).

    A part dropped into a container is kept clear of the container's header and border; a box
    that enters a container, or lands on its header, goes to the nearest spot where it covers no
    part already there. Drops that would put a node inside itself are skipped.
    """
    frame = frame or Frame(doc)
    planner = _Planner(_scratch(doc))
    scratch = planner.doc
    moving = {d[0] for d in drops}
    for node_id, parent, x, y in drops:
        node = scratch.nodes[node_id]
        if parent is not None and (parent == node_id or scratch.is_ancestor(node_id, parent)):
            continue
        ox, oy = frame.origin(parent)
        rel_x, rel_y = x - ox, y - oy
        if parent is not None:
            left, top = frame.content_start(parent)
            clamped = rel_x < left or rel_y < top
            rel_x, rel_y = max(rel_x, left), max(rel_y, top)
            if clamped or parent != node.parent:
                width, height = frame.size(node_id)
                rel_x, rel_y = free_spot(scratch, parent, width, height, (rel_x, rel_y), frame, moving)
        if parent != node.parent:
            planner.add(Reparent(node_id, parent, rel_x, rel_y))
        elif (rel_x, rel_y) != (node.x, node.y):
            planner.add(SetNodeFields(node_id, {"x": rel_x, "y": rel_y}))
    return planner.batch()


def resize_operations(doc: Document, node_id: str, width: float, height: float) -> Batch:
    """Set the size the user gave a box (its drawn size still holds its texts and parts)."""
    return Batch([SetNodeFields(node_id, {"width": max(width, MIN_WIDTH), "height": max(height, MIN_HEIGHT)})])


def add_node_operations(doc: Document, node: Node) -> Batch:
    """Add ``node`` (inside ``node.parent`` if set)."""
    return Batch([AddSubtree([(node, None)])])


def paste_operations(
    doc: Document, nodes: list[Node], edges: list[Edge], offset: float = 20.0, frame: Frame | None = None
) -> tuple[Batch, list[str]]:
    """Add copies of ``nodes`` and ``edges`` with fresh ids, near their originals shifted by ``offset``.

    Parents outside the copied set are kept when they still exist, else the copy goes to the top
    level; edges whose ends were not copied are left out. The copies that land in one container
    move together to the nearest spot inside it where they cover nothing. Returns the batch and
    the new node ids.
    """
    frame = frame or Frame(doc)
    # Ids a file names as missing containers or arrow ends are taken too: reusing one would adopt
    # the orphans (and undoing the paste would then delete them).
    taken = set(doc.nodes) | set(doc.edges) | set(doc._dangling_ends())
    taken |= {n.parent for n in doc.nodes.values() if n.parent is not None}
    id_map: dict[str, str] = {}

    def fresh(old: str, prefix: str) -> str:
        base = f"{prefix}{len(taken) + 1}"
        i = len(taken) + 1
        while base in taken:
            i += 1
            base = f"{prefix}{i}"
        taken.add(base)
        id_map[old] = base
        return base

    copied = {n.id for n in nodes}
    new_nodes: list[tuple[Node, int | None]] = []
    tops: dict[str | None, list[Node]] = {}
    for node in _parents_first(nodes):
        clone = node.copy()
        clone.id = fresh(node.id, "n")
        if node.parent in copied:
            clone.parent = id_map[node.parent]
        else:
            clone.parent = node.parent if node.parent in doc.nodes else None
            clone.x = (clone.x or 0.0) + offset
            clone.y = (clone.y or 0.0) + offset
            tops.setdefault(clone.parent, []).append(clone)
        new_nodes.append((clone, None))
    for parent, group in tops.items():
        left = min(n.x for n in group)
        top = min(n.y for n in group)
        width = max(n.x + n.width for n in group) - left
        height = max(n.y + n.height for n in group) - top
        x, y = free_spot(doc, parent, width, height, (left, top), frame)
        for clone in group:
            clone.x += x - left
            clone.y += y - top
    new_edges = []
    for edge in edges:
        if edge.source in id_map and edge.target in id_map:
            clone = edge.copy()
            clone.id = fresh(edge.id, "e")
            clone.source, clone.target = id_map[edge.source], id_map[edge.target]
            new_edges.append((clone, None))
    return Batch([AddSubtree(new_nodes, new_edges)]), [n.id for n, _ in new_nodes]


def _parents_first(nodes: list[Node]) -> list[Node]:
    ids = {n.id for n in nodes}
    by_id = {n.id: n for n in nodes}
    out: list[Node] = []
    placed: set[str] = set()
    for node in nodes:
        chain = []
        current: str | None = node.id
        while current is not None and current in ids and current not in placed and current not in chain:
            chain.append(current)
            current = by_id[current].parent
        for nid in reversed(chain):
            placed.add(nid)
            out.append(by_id[nid])
    return out


def sub_document(doc: Document, node_ids: list[str], keep_parents: bool = False) -> Document:
    """The given boxes with all their parts and the arrows among them, as a document of its own.

    The outermost boxes are placed at their scene positions at the top level, unless
    ``keep_parents`` keeps their containers (for duplicating within the same document).
    """
    keep: set[str] = set()
    for node_id in node_ids:
        if node_id not in keep:
            keep.update(doc.subtree(node_id))
    nodes = []
    for node_id in doc.nodes:
        if node_id not in keep:
            continue
        node = doc.nodes[node_id].copy()
        if node.parent not in keep and not keep_parents:
            node.x, node.y = doc.absolute_position(node_id)
            node.parent = None
        nodes.append(node)
    edges = [e.copy() for e in doc.edges.values() if e.source in keep and e.target in keep]
    return Document.from_parts(doc.title, nodes, edges)


ALIGNMENTS = ("left", "right", "top", "bottom", "hcenter", "vcenter")


def align_operations(doc: Document, node_ids: list[str], how: str) -> Batch:
    """Align the nodes' edges or centres (in scene coordinates) on the first-selected extreme."""
    if how not in ALIGNMENTS:
        raise ValueError(f"unknown alignment {how!r}")
    boxes = {nid: (*doc.absolute_position(nid), doc.nodes[nid].width, doc.nodes[nid].height) for nid in node_ids}
    if len(boxes) < 2:
        return Batch([])
    lefts = [b[0] for b in boxes.values()]
    tops = [b[1] for b in boxes.values()]
    rights = [b[0] + b[2] for b in boxes.values()]
    bottoms = [b[1] + b[3] for b in boxes.values()]
    drops = []
    for nid, (x, y, w, h) in boxes.items():
        nx, ny = x, y
        if how == "left":
            nx = min(lefts)
        elif how == "right":
            nx = max(rights) - w
        elif how == "top":
            ny = min(tops)
        elif how == "bottom":
            ny = max(bottoms) - h
        elif how == "hcenter":
            nx = (min(lefts) + max(rights)) / 2 - w / 2
        elif how == "vcenter":
            ny = (min(tops) + max(bottoms)) / 2 - h / 2
        drops.append((nid, doc.nodes[nid].parent, nx, ny))
    return drop_operations(doc, drops)


def distribute_operations(doc: Document, node_ids: list[str], axis: str) -> Batch:
    """Space the nodes evenly between the outermost two along ``axis`` ('horizontal'/'vertical')."""
    if len(node_ids) < 3:
        return Batch([])
    index = 0 if axis == "horizontal" else 1
    boxes = sorted(
        ((nid, doc.absolute_position(nid)) for nid in node_ids), key=lambda p: (p[1][index], p[0])
    )
    size = [doc.nodes[nid].width if index == 0 else doc.nodes[nid].height for nid, _ in boxes]
    start = boxes[0][1][index]
    end = boxes[-1][1][index] + size[-1]
    gap = (end - start - sum(size)) / (len(boxes) - 1)
    drops = []
    cursor = start
    for (nid, (x, y)), extent in zip(boxes, size, strict=True):
        pos = (cursor, y) if index == 0 else (x, cursor)
        drops.append((nid, doc.nodes[nid].parent, pos[0], pos[1]))
        cursor += extent + gap
    return drop_operations(doc, drops)


def free_spot(doc: Document, parent: str | None, width: float, height: float,
              near: tuple[float, float] | None = None, frame: Frame | None = None,
              exclude=frozenset()) -> tuple[float, float]:
    """The position nearest ``near`` (relative to ``parent``) where a box of this size covers none of
    ``parent``'s parts (but those of ``exclude``) and, inside a container, stays clear of its header.

    Examples
    --------
    >>> from diagrammer.model import Document, Node, AddNode
    >>> doc = Document()
    >>> _ = doc.apply(AddNode(Node("a", x=0, y=0, width=100, height=50)))
    >>> free_spot(doc, None, 100, 50, (0, 0))
    (0.0, 60.0)
    """
    frame = frame or Frame(doc)
    if parent is not None:
        left, top = frame.content_start(parent)
    else:
        left = top = -math.inf
    if near is None:
        near = (left, top) if parent is not None else (40.0, 40.0)
    nx, ny = max(near[0], left), max(near[1], top)
    reach = SEARCH_RINGS * SEARCH_STEP
    others = []
    for child in doc.children(parent):
        if child in exclude:
            continue
        node = doc.nodes[child]
        w, h = frame.size(child)
        x, y = node.x or 0.0, node.y or 0.0
        if x < nx + width + reach + GAP and x + w > nx - reach - GAP and y < ny + height + reach + GAP \
                and y + h > ny - reach - GAP:
            others.append((x - GAP, y - GAP, x + w + GAP, y + h + GAP))

    def clear(x: float, y: float) -> bool:
        right, bottom = x + width, y + height
        return all(x >= r or right <= lft or y >= b or bottom <= t for lft, t, r, b in others)

    for ring in range(SEARCH_RINGS + 1):
        best = None
        for i in range(-ring, ring + 1):
            for j in (-ring, ring) if abs(i) != ring else range(-ring, ring + 1):
                x, y = nx + i * SEARCH_STEP, ny + j * SEARCH_STEP
                if x < left or y < top or not clear(x, y):
                    continue
                # Equally near: below before above, right before left (reading order).
                candidate = (math.hypot(x - nx, y - ny), y < ny, x < nx, x, y)
                if best is None or candidate < best:
                    best = candidate
        if best is not None:
            return float(best[3]), float(best[4])
    # Crowded all around: below every part.
    bottom = max((doc.nodes[c].y or 0.0) + frame.size(c)[1] for c in doc.children(parent))
    return float(nx), float(bottom + GAP)
