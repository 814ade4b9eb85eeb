"""Making room: a box that grows by itself moves the neighbours it would cover.

A box grows without being dragged when its name or goal gets longer, when a label adds a badge,
or when a part dropped into it (or grown inside it) needs more space. The siblings it would then
cover move right or down, whichever is shorter, and in turn move what they would cover: nothing
lands on top of anything by itself. Boxes the user places (a drag, a resize, an alignment) are
left where they are put.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping

from diagrammer.model.document import Document
from diagrammer.model.edits import GAP
from diagrammer.model.operations import Batch, SetNodeFields


def make_room(doc: Document, sizes: Mapping[str, tuple[float, float]], grown: Iterable[str]) -> Batch:
    """Moves for the siblings that the boxes in ``grown`` now cover, at the drawn ``sizes``.

    A sibling is moved only away from the box covering it (right when it starts right of that box's
    left side, down when it starts below its top), by the shorter of the two, plus :data:`GAP`.

    Examples
    --------
    >>> from diagrammer.model import Node
    >>> doc = Document.from_parts("", [Node("a", x=0, y=0), Node("b", x=200, y=0), Node("c", x=0, y=300)], [])
    >>> sizes = {"a": (260.0, 84.0), "b": (180.0, 84.0), "c": (180.0, 84.0)}  # "a" grew to 260 wide
    >>> [(op.node_id, op.values) for op in make_room(doc, sizes, ["a"]).operations]
    [('b', {'x': 270.0, 'y': 0.0})]
    """
    forest = doc.forest
    rects: dict[str, list[float]] = {}

    def rect(node_id: str) -> list[float]:
        if node_id not in rects:
            node = doc.nodes[node_id]
            width, height = sizes.get(node_id, (node.width, node.height))
            rects[node_id] = [float(node.x), float(node.y), float(width), float(height)]
        return rects[node_id]

    placed = {nid for nid, node in doc.nodes.items() if node.x is not None and node.y is not None}
    queue = deque(nid for nid in dict.fromkeys(grown) if nid in placed)
    moved: dict[str, None] = {}
    budget = 4 * len(doc.nodes) + 16  # each box moves a few times at most; never loops for ever
    while queue and budget > 0:
        budget -= 1
        cover = queue.popleft()
        ax, ay, aw, ah = rect(cover)
        for other in forest.parts(forest.parent[cover]):
            if other == cover or other not in placed:
                continue
            b = rect(other)
            if not (b[0] < ax + aw and ax < b[0] + b[2] and b[1] < ay + ah and ay < b[1] + b[3]):
                continue
            shifts = []
            if b[0] >= ax:
                shifts.append((ax + aw + GAP - b[0], 0.0))
            if b[1] >= ay:
                shifts.append((0.0, ay + ah + GAP - b[1]))
            if not shifts:
                continue  # it starts up and left of the box: it was there first
            dx, dy = min(shifts, key=lambda s: s[0] + s[1])
            b[0] += dx
            b[1] += dy
            moved[other] = None
            queue.append(other)
    return Batch([SetNodeFields(nid, {"x": rects[nid][0], "y": rects[nid][1]}) for nid in moved])
