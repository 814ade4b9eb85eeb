"""Automatic layout: positions and sizes for every box, as one undoable step.

Two engines compute the same thing, ``(x, y, width, height)`` for every node with positions
relative to the container and containers big enough for their parts below the header band:

- ``"dot"``: Graphviz, when its ``dot`` program is installed (:mod:`diagrammer.layout.dot`);
  the most readable result, but slow on big diagrams and it may fail on odd ones;
- ``"builtin"``: a nested layered layout in Python (:mod:`diagrammer.layout.builtin`), fast
  enough for any size and any nesting depth;
- ``"auto"``: ``dot`` when installed and the diagram has at most :data:`DOT_NODE_LIMIT` nodes,
  else the built-in one, which also takes over whenever ``dot`` fails or runs out of time.

Both are given the size each leaf is drawn at and each container's header band (``sizes``; by
default the sizes in the file), so that siblings never overlap as drawn; leaves keep that size
and containers get computed sizes. Every arrow then gets a route (:mod:`diagrammer.layout.routing`,
or Graphviz's own spline after ``dot`` when it avoids every box). The result is a single
:class:`~diagrammer.model.Batch` of :class:`~diagrammer.model.SetNodeFields` and
:class:`~diagrammer.model.SetEdgeFields`, so the editor pushes it as one undo step and applying its
inverse restores the diagram exactly.

Examples
--------
>>> from diagrammer.model import Document, Edge, Node
>>> doc = Document.from_parts("", [Node("a", "A"), Node("b", "B")], [Edge("e1", "a", "b")])
>>> needs_layout(doc)
True
>>> undo = layout_document(doc, engine="builtin")
>>> needs_layout(doc), doc.nodes["a"].y < doc.nodes["b"].y
(False, True)
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable

from diagrammer.layout.builtin import Rect, Sizes, builtin_geometry, default_sizes
from diagrammer.layout.dot import LayoutCancelled, LayoutError, dot_geometry
from diagrammer.layout.routing import Router
from diagrammer.model.document import Document
from diagrammer.model.forest import containment_tree
from diagrammer.model.operations import Batch, Operation, SetEdgeFields, SetNodeFields

__all__ = [
    "DOT_NODE_LIMIT", "ENGINES", "INNER_ARROW_ROOM", "LayoutCancelled", "LayoutError", "Sizes", "layout_document",
    "layout_geometry", "layout_operations", "layout_routes", "needs_layout",
]  # fmt: skip

ENGINES = ("auto", "dot", "builtin")
# Above this many nodes ``auto`` does not try Graphviz: dot's time grows much faster than
# linearly with clusters, and the built-in layout is already readable at that size.
DOT_NODE_LIMIT = 1500
DEFAULT_TIMEOUT = 30.0
INNER_ARROW_ROOM = 40.0  # two clearances of the router and a head
# A layout's arrows are searched for across the whole diagram, within a budget: the grid points
# all its searches may visit (about two seconds); beyond, an arrow takes the plain shape that
# crosses least.
SEARCH_LIMITS = (20_000.0 * 20_000.0, 300)
SEARCH_STEPS = 400_000

_log = logging.getLogger(__name__)


def needs_layout(doc: Document) -> bool:
    """Whether some node has no position yet (``x`` or ``y`` is ``None``).

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> needs_layout(Document.from_parts("", [Node("a", x=0.0, y=0.0)], []))
    False
    """
    return any(node.x is None or node.y is None for node in doc.nodes.values())


def layout_geometry(
    doc: Document,
    engine: str = "auto",
    timeout: float = DEFAULT_TIMEOUT,
    cancel: Callable[[], bool] | None = None,
    sizes: Sizes | None = None,
) -> dict[str, Rect]:
    """``(x, y, width, height)`` for every node, by ``engine`` (see the module documentation)."""
    return _layout(doc, engine, timeout, cancel, sizes)[0]


def _layout(doc: Document, engine: str, timeout: float, cancel, sizes: Sizes | None):
    """Geometry for every node by ``engine``, and the routes Graphviz drew (none from the built-in layout).

    Raises
    ------
    LayoutError
        Only with ``engine="dot"``: Graphviz is missing, failed or ran out of time.
    LayoutCancelled
        ``cancel()`` returned true while Graphviz was running.
    ValueError
        For an unknown engine.

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> doc = Document.from_parts("", [Node("box"), Node("part", parent="box", width=100, height=50)], [])
    >>> _layout(doc, "builtin", 1.0, None, None)[0]
    {'part': (40.0, 72.0, 100, 50), 'box': (40.0, 40.0, 180.0, 136.0)}
    """
    if engine not in ENGINES:
        raise ValueError(f"The layout engine is one of {', '.join(ENGINES)}, not {engine!r}.")
    tree, tops = containment_tree(doc)
    if not tops:
        return {}, {}
    sizes = {**default_sizes(doc, tree), **(sizes or {})}
    # A container with an arrow to one of its own parts keeps room under its header for that arrow.
    for nid in _holding_their_arrows(doc, tree):
        least, header, *rest = sizes[nid]
        sizes[nid] = (least, header + INNER_ARROW_ROOM, *rest)
    if engine != "builtin":
        dot = shutil.which("dot")
        if engine == "dot" and dot is None:
            raise LayoutError("Graphviz is not installed (no dot program was found).")
        if dot is not None and (engine == "dot" or len(doc.nodes) <= DOT_NODE_LIMIT):
            try:
                return dot_geometry(doc, tree, tops, dot, timeout, cancel, sizes)
            except LayoutError as exc:
                if engine == "dot":
                    raise
                _log.info("Using the built-in layout: %s", exc)
    return builtin_geometry(doc, tree, tops, sizes), {}


def _holding_their_arrows(doc: Document, tree: dict[str, list[str]]) -> set[str]:
    parent = {child: nid for nid, parts in tree.items() for child in parts}
    out = set()
    for edge in doc.edges.values():
        for outer, inner in ((edge.source, edge.target), (edge.target, edge.source)):
            current = parent.get(inner)
            while current is not None and current != outer:
                current = parent.get(current)
            if current is not None:
                out.add(outer)
    return out


def layout_routes(
    doc: Document, geometry: dict[str, Rect], sizes: Sizes | None = None, drawn: dict | None = None
) -> dict[str, list[tuple[float, float]]]:
    """A route for every arrow between two placed boxes (scene coordinates), given the layout's geometry.

    ``drawn`` holds routes an engine drew (Graphviz's splines); each is kept when it starts and
    ends on its boxes and crosses no other box, else the router's route replaces it.

    Examples
    --------
    >>> from diagrammer.model import Document, Edge, Node
    >>> doc = Document.from_parts("", [Node("a"), Node("b")], [Edge("e", "a", "b")])
    >>> layout_routes(doc, {"a": (0.0, 0.0, 100.0, 50.0), "b": (0.0, 150.0, 100.0, 50.0)})
    {'e': [(50.0, 50.0), (50.0, 150.0)]}
    """
    tree, tops = containment_tree(doc)
    headers = {**default_sizes(doc, tree), **(sizes or {})}
    router = Router()
    stack: list[tuple[str, str | None, float, float]] = [(top, None, 0.0, 0.0) for top in tops]
    while stack:
        nid, parent, px, py = stack.pop()
        if nid not in geometry:
            continue
        x, y, w, h = geometry[nid]
        entry = headers[nid]
        header, text = (entry[1], entry[-1] if len(entry) > 2 else entry[0]) if tree[nid] else (None, None)
        router.set_box(nid, (px + x, py + y, w, h), parent, header, text)
        stack.extend((child, nid, px + x, py + y) for child in tree[nid])
    drawn = drawn or {}
    router.search_steps, router.search_limits = SEARCH_STEPS, SEARCH_LIMITS
    boxes = router.rects
    placed = [edge for edge in doc.edges.values() if edge.source in boxes and edge.target in boxes]
    # Short arrows first: the searches' budget goes to as many arrows as it can.
    placed.sort(key=lambda edge: _apart(boxes[edge.source], boxes[edge.target]))
    routes = {edge.id: router.route(edge.id, edge.source, edge.target, drawn.get(edge.id)) for edge in placed}
    return {edge.id: routes[edge.id] for edge in doc.edges.values() if edge.id in routes}


def _apart(a: Rect, b: Rect) -> float:
    return abs(a[0] + a[2] / 2 - b[0] - b[2] / 2) + abs(a[1] + a[3] / 2 - b[1] - b[3] / 2)


def layout_operations(
    doc: Document,
    engine: str = "auto",
    timeout: float = DEFAULT_TIMEOUT,
    cancel: Callable[[], bool] | None = None,
    sizes: Sizes | None = None,
) -> Batch:
    """One :class:`~diagrammer.model.Batch` setting ``x``, ``y``, ``width``, ``height`` of every node
    and the ``route`` of every arrow.

    Parameters
    ----------
    doc
        The diagram; it is not changed.
    engine
        ``"auto"``, ``"dot"`` or ``"builtin"``.
    timeout
        Seconds Graphviz may take; then ``auto`` falls back to the built-in layout.
    cancel
        Polled while Graphviz runs; returning true kills it and raises :class:`LayoutCancelled`.
    sizes
        The size each leaf is drawn at and ``(least width, header height)`` of each container
        (see :func:`diagrammer.layout.builtin.default_sizes`); missing entries come from the file.

    Returns
    -------
    Batch
        Apply it with ``doc.apply(batch)``, which returns the inverse (one undo step).

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> doc = Document.from_parts("", [Node("box"), Node("part", parent="box")], [])
    >>> batch = layout_operations(doc, engine="builtin")
    >>> [getattr(op, "node_id", None) for op in batch.operations]
    ['box', 'part']
    >>> undo = doc.apply(batch)
    >>> doc.nodes["part"].x, doc.nodes["part"].y
    (14.0, 72.0)
    >>> _ = doc.apply(undo)
    >>> doc.nodes["part"].x is None
    True
    """
    geometry, drawn = _layout(doc, engine, timeout, cancel, sizes)
    routes = layout_routes(doc, geometry, sizes, drawn)
    operations: list[Operation] = [
        SetNodeFields(nid, dict(zip(("x", "y", "width", "height"), geometry[nid], strict=True))) for nid in doc.nodes
    ]
    for edge in doc.edges.values():
        route = routes.get(edge.id)
        if route != edge.route:
            operations.append(SetEdgeFields(edge.id, {"route": route}))
    return Batch(operations)


def layout_document(doc: Document, **kwargs) -> Operation:
    """Lay ``doc`` out in place (keywords as :func:`layout_operations`); returns the undo step.

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> doc = Document.from_parts("", [Node("a")], [])
    >>> _ = layout_document(doc, engine="builtin")
    >>> (doc.nodes["a"].x, doc.nodes["a"].y)
    (40.0, 40.0)
    """
    return doc.apply(layout_operations(doc, **kwargs))
