"""Editing gestures as model operations: drops, resizes, growing containers, pasting, aligning.

These are the rules of direct manipulation, kept free of Qt so they are tested on their own and
shared by the editor and the commands. Each function returns one :class:`Batch` (one undo step).

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

from diagrammer.model.document import Document, Edge, Node
from diagrammer.model.geometry import GRID, HEADER_HEIGHT, MIN_HEIGHT, MIN_WIDTH, PADDING
from diagrammer.model.operations import AddSubtree, Batch, Operation, Reparent, SetNodeFields


def snap(value: float, grid: float = GRID) -> float:
    """Round to the nearest grid line."""
    return round(value / grid) * grid


def children_extent(doc: Document, node_id: str) -> tuple[float, float]:
    """The width and height a container needs to hold its parts (with padding)."""
    right = bottom = 0.0
    for child_id in doc.children(node_id):
        child = doc.nodes[child_id]
        right = max(right, (child.x or 0.0) + child.width)
        bottom = max(bottom, (child.y or 0.0) + child.height)
    if right == 0.0 and bottom == 0.0:
        return 0.0, 0.0
    return right + PADDING, bottom + PADDING


class _Planner:
    """Plans operations on a scratch copy so that each step sees the effect of the previous ones."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.ops: list[Operation] = []

    def add(self, op: Operation) -> None:
        self.ops.append(op)
        op.apply(self.doc)

    def grow_ancestors(self, node_id: str | None) -> None:
        """Grow ``node_id`` and its containers until each holds its parts."""
        seen: set[str] = set()
        current = node_id
        while current is not None and current in self.doc.nodes and current not in seen:
            seen.add(current)
            node = self.doc.nodes[current]
            need_w, need_h = children_extent(self.doc, current)
            if need_w > node.width or need_h > node.height:
                self.add(
                    SetNodeFields(current, {"width": max(node.width, need_w), "height": max(node.height, need_h)})
                )
            current = node.parent

    def batch(self) -> Batch:
        return Batch(self.ops)


def _scratch(doc: Document) -> Document:
    """A listener-free copy to plan on (the real document changes only when the batch is applied)."""
    nodes = [n.copy() for n in doc.nodes.values()]
    edges = [e.copy() for e in doc.edges.values()]
    return Document.from_parts(doc.title, nodes, edges, copy.deepcopy(doc.extra))


def drop_operations(doc: Document, drops: list[tuple[str, str | None, float, float]]) -> Batch:
    """Move nodes, each to ``(x, y)`` in *scene* coordinates, inside ``parent`` (``None``: top level).

    A part dropped into a container is kept clear of the container's header, and every container
    on the way up grows to hold its parts. Drops that would put a node inside itself are skipped.
    """
    planner = _Planner(_scratch(doc))
    scratch = planner.doc
    for node_id, parent, x, y in drops:
        node = scratch.nodes[node_id]
        if parent is not None and (parent == node_id or scratch.is_ancestor(node_id, parent)):
            continue
        if parent is None:
            rel_x, rel_y = x, y
        else:
            px, py = scratch.absolute_position(parent)
            rel_x, rel_y = max(x - px, PADDING), max(y - py, HEADER_HEIGHT)
        if parent != node.parent:
            planner.add(Reparent(node_id, parent, rel_x, rel_y))
        elif (rel_x, rel_y) != (node.x, node.y):
            planner.add(SetNodeFields(node_id, {"x": rel_x, "y": rel_y}))
        planner.grow_ancestors(parent)
    return planner.batch()


def resize_operations(doc: Document, node_id: str, width: float, height: float) -> Batch:
    """Resize a node, never smaller than its parts need, and grow its containers to fit."""
    planner = _Planner(_scratch(doc))
    need_w, need_h = children_extent(planner.doc, node_id)
    width = max(width, need_w, MIN_WIDTH)
    height = max(height, need_h, MIN_HEIGHT)
    planner.add(SetNodeFields(node_id, {"width": width, "height": height}))
    planner.grow_ancestors(planner.doc.nodes[node_id].parent)
    return planner.batch()


def add_node_operations(doc: Document, node: Node) -> Batch:
    """Add ``node`` (inside ``node.parent`` if set) and grow its containers to fit it."""
    planner = _Planner(_scratch(doc))
    planner.add(AddSubtree([(node, None)]))
    planner.grow_ancestors(node.parent)
    return planner.batch()


def paste_operations(
    doc: Document, nodes: list[Node], edges: list[Edge], offset: float = 20.0
) -> tuple[Batch, list[str]]:
    """Add copies of ``nodes`` and ``edges`` with fresh ids, shifted by ``offset``.

    Parents outside the copied set are kept when they still exist, else the copy goes to the top
    level; edges whose ends were not copied are left out. Returns the batch and the new node ids.
    """
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
    for node in _parents_first(nodes):
        clone = node.copy()
        clone.id = fresh(node.id, "n")
        if node.parent in copied:
            clone.parent = id_map[node.parent]
        else:
            clone.parent = node.parent if node.parent in doc.nodes else None
            clone.x = (clone.x or 0.0) + offset
            clone.y = (clone.y or 0.0) + offset
        new_nodes.append((clone, None))
    new_edges = []
    for edge in edges:
        if edge.source in id_map and edge.target in id_map:
            clone = edge.copy()
            clone.id = fresh(edge.id, "e")
            clone.source, clone.target = id_map[edge.source], id_map[edge.target]
            new_edges.append((clone, None))
    planner = _Planner(_scratch(doc))
    planner.add(AddSubtree(new_nodes, new_edges))
    for parent in {n.parent for n, _ in new_nodes if n.parent is not None and n.parent in doc.nodes}:
        planner.grow_ancestors(parent)
    return planner.batch(), [n.id for n, _ in new_nodes]


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


def free_spot(doc: Document, parent: str | None, width: float, height: float) -> tuple[float, float]:
    """A position (relative to ``parent``) where a new box of this size overlaps none of its siblings."""
    x0, y0 = (PADDING, HEADER_HEIGHT) if parent is not None else (40.0, 40.0)
    siblings = [doc.nodes[c] for c in doc.children(parent)]

    def clear(x: float, y: float) -> bool:
        return all(
            x + width + 10 <= (s.x or 0) or (s.x or 0) + s.width + 10 <= x
            or y + height + 10 <= (s.y or 0) or (s.y or 0) + s.height + 10 <= y
            for s in siblings
        )

    step = 20.0
    for row in range(200):
        for col in range(12):
            x, y = x0 + col * (width + step), y0 + row * (height + step)
            if clear(x, y):
                return x, y
    return x0, y0
