"""The sizes boxes are drawn at, for the automatic layout and the arrow router.

The layout (no Qt) is given, for each leaf, the size it is drawn at and, for each container, the
least width it may have with the height of its header at that width (a wider box's header is no
taller, so the parts placed below it stay clear) and how far its header texts reach: what the
screen, the exports and the layout then agree on. Sizes come from :mod:`diagrammer.layout.geometry`
measured with the fonts the items draw with.
"""

from __future__ import annotations

import os

from diagrammer.layout.geometry import INSET, box_layout, min_width, resolve_box
from diagrammer.model import Document, Node
from diagrammer.ui.items import NodeItem
from diagrammer.ui.measure import qt_measure

MIN_CONTAINER_WIDTH = 180.0
_APPS: list = []


def header_height(item: NodeItem) -> float | None:
    """Height of a container's header (name, kinds, goal, badges and the margin); None for a leaf."""
    if not item.is_container or item.layout is None:
        return None
    return item.layout.header_height


def text_width(item: NodeItem) -> float:
    """How far from a box's left its header texts (name, kinds, goal, badges) reach."""
    rects = item.layout.text_rects() if item.layout is not None else []
    right = max((x + w for x, _, w, _ in rects), default=0.0) + INSET
    return min(right, item.box_width)


def _entry(node: Node, labels, is_container: bool, size: tuple[float, float]) -> tuple[float, ...]:
    if not is_container:
        return size
    measure = qt_measure()
    least = max(MIN_CONTAINER_WIDTH, min_width(labels, measure))
    layout = box_layout(node, labels, least, measure)
    reach = max((x + w for x, _, w, _ in layout.text_rects()), default=0.0) + INSET
    return least, layout.header_height, min(reach, least)


def drawn_sizes(scene) -> dict[str, tuple[float, ...]]:
    """``{node id: (width, height)}`` of leaves, ``(least width, header height, text width)`` of containers."""
    return {nid: _entry(item.node, item.labels, item.is_container, (item.box_width, item.box_height))
            for nid, item in scene.node_items.items()}


def measured_sizes(doc: Document) -> dict[str, tuple[float, ...]]:
    """The same for a document without a window (``diagrammer layout``), measured with Qt's fonts."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from diagrammer.rules import classify, display_order

    if QApplication.instance() is None:
        _APPS.append(QApplication([]))  # kept for the life of the command: fonts need it
    labels = classify(doc).labels
    parents = {nid for node in doc.nodes.values() if (nid := node.parent) in doc.nodes}
    measure = qt_measure()
    out = {}
    for nid, node in doc.nodes.items():
        found = tuple(display_order(labels.get(nid, ())))
        leaf = resolve_box(node, found, [], measure)
        out[nid] = _entry(node, found, nid in parents, (leaf.width, leaf.height))
    return out
