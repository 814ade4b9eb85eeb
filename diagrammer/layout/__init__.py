"""Automatic layout: positions and sizes for every box, as one undoable step.

Two engines compute the same thing, ``(x, y, width, height)`` for every node with positions
relative to the container and containers big enough for their parts below the header band:

- ``"dot"``: Graphviz, when its ``dot`` program is installed (:mod:`diagrammer.layout.dot`);
  the most readable result, but slow on big diagrams and it may fail on odd ones;
- ``"builtin"``: a nested layered layout in Python (:mod:`diagrammer.layout.builtin`), fast
  enough for any size and any nesting depth;
- ``"auto"``: ``dot`` when installed and the diagram has at most :data:`DOT_NODE_LIMIT` nodes,
  else the built-in one, which also takes over whenever ``dot`` fails or runs out of time.

Leaves keep their own width and height; containers get computed sizes. The result is a single
:class:`~diagrammer.model.Batch` of :class:`~diagrammer.model.SetNodeFields`, so the editor pushes
it as one undo step and applying its inverse restores the diagram exactly.

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

from diagrammer.layout.builtin import Rect, builtin_geometry
from diagrammer.layout.dot import LayoutCancelled, LayoutError, dot_geometry
from diagrammer.model.document import Document
from diagrammer.model.forest import containment_tree
from diagrammer.model.operations import Batch, Operation, SetNodeFields

__all__ = [
    "DOT_NODE_LIMIT", "ENGINES", "LayoutCancelled", "LayoutError", "layout_document", "layout_geometry",
    "layout_operations", "needs_layout",
]  # fmt: skip

ENGINES = ("auto", "dot", "builtin")
# Above this many nodes ``auto`` does not try Graphviz: dot's time grows much faster than
# linearly with clusters, and the built-in layout is already readable at that size.
DOT_NODE_LIMIT = 1500
DEFAULT_TIMEOUT = 30.0

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
) -> dict[str, Rect]:
    """``(x, y, width, height)`` for every node, by ``engine`` (see the module documentation).

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
    >>> layout_geometry(doc, engine="builtin")
    {'part': (40.0, 72.0, 100, 50), 'box': (40.0, 40.0, 180.0, 136.0)}
    """
    if engine not in ENGINES:
        raise ValueError(f"The layout engine is one of {', '.join(ENGINES)}, not {engine!r}.")
    tree, tops = containment_tree(doc)
    if not tops:
        return {}
    if engine != "builtin":
        dot = shutil.which("dot")
        if engine == "dot" and dot is None:
            raise LayoutError("Graphviz is not installed (no dot program was found).")
        if dot is not None and (engine == "dot" or len(doc.nodes) <= DOT_NODE_LIMIT):
            try:
                return dot_geometry(doc, tree, tops, dot, timeout, cancel)
            except LayoutError as exc:
                if engine == "dot":
                    raise
                _log.info("Using the built-in layout: %s", exc)
    return builtin_geometry(doc, tree, tops)


def layout_operations(
    doc: Document,
    engine: str = "auto",
    timeout: float = DEFAULT_TIMEOUT,
    cancel: Callable[[], bool] | None = None,
) -> Batch:
    """One :class:`~diagrammer.model.Batch` setting ``x``, ``y``, ``width``, ``height`` of every node.

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

    Returns
    -------
    Batch
        Apply it with ``doc.apply(batch)``, which returns the inverse (one undo step).

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> doc = Document.from_parts("", [Node("box"), Node("part", parent="box")], [])
    >>> batch = layout_operations(doc, engine="builtin")
    >>> [op.node_id for op in batch.operations]
    ['box', 'part']
    >>> undo = doc.apply(batch)
    >>> doc.nodes["part"].x, doc.nodes["part"].y
    (14.0, 72.0)
    >>> _ = doc.apply(undo)
    >>> doc.nodes["part"].x is None
    True
    """
    geometry = layout_geometry(doc, engine, timeout, cancel)
    return Batch(
        [SetNodeFields(nid, dict(zip(("x", "y", "width", "height"), geometry[nid], strict=True))) for nid in doc.nodes]
    )


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
