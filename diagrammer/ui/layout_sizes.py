"""The sizes boxes get in an automatic layout, measured as the editor measures them.

The layout (no Qt) is given, for each leaf, its content size and, for each container, the least
width its texts need, the height of its header band (where its parts may start) and how far its
texts reach from its left: what the screen, the exports and the layout then agree on.

A leaf's content size is its width (at least what its badges need) and the height of its texts
wrapped at that width: a layout replaces the heights the user gave leaves, as it replaces their
positions, so no box keeps empty space at its bottom. Outside a layout the user's size is kept
(never smaller than the content; see :func:`diagrammer.layout.geometry.resolve_box`).
"""

from __future__ import annotations

import os

from diagrammer.layout.geometry import BoxLayout, TextMeasure, box_layout, content_size, min_width, natural_width
from diagrammer.model import Document
from diagrammer.ui.items import NodeItem

MIN_CONTAINER_WIDTH = 180.0
TEXT_ROOM = 8.0  # kept right of a header's texts
_APPS: list = []


def header_height(item: NodeItem) -> float | None:
    """Height of a container's header band (name, kinds, goal, badges); None for a leaf."""
    return header_of(item.is_container, item.layout)


def text_width(item: NodeItem) -> float | None:
    """How far from a box's left its texts (name, kinds, goal, badges) reach; None when unknown."""
    return reach_of(item.layout, item.box_width)


def header_of(is_container: bool, layout: BoxLayout | None) -> float | None:
    """:func:`header_height` of a box not made yet."""
    return layout.header_height if is_container and layout is not None else None


def reach_of(layout: BoxLayout | None, width: float) -> float | None:
    """:func:`text_width` of a box ``width`` wide not made yet."""
    if layout is None or not layout.reach:
        return None
    return min(width, layout.reach + TEXT_ROOM)


def sizes_of(doc: Document, labels_by_id, measure: TextMeasure, containers: set[str], fit: bool = False
             ) -> dict[str, tuple]:
    """``{node id: (width, height)}`` of leaves (their content size), ``(least width, header height,
    text width)`` of containers. With ``fit`` (a file without positions) a leaf is no wider than
    its name and kind line need (:func:`~diagrammer.layout.geometry.natural_width`)."""
    out: dict[str, tuple] = {}
    for nid, node in doc.nodes.items():
        labels = tuple(labels_by_id.get(nid, ()))
        if nid in containers:
            least = max(MIN_CONTAINER_WIDTH, min_width(labels, measure))
            layout = box_layout(node, labels, least, measure)
            reach = layout.reach + TEXT_ROOM if layout.reach else least
            out[nid] = (least, layout.header_height, min(least, reach))
        else:
            width = min(node.width, natural_width(node, labels, measure)) if fit else None
            out[nid] = content_size(node, labels, measure, width)
    return out


def drawn_sizes(scene) -> dict[str, tuple]:
    """The sizes a layout gives a scene's boxes, measured as its items are drawn (see :func:`sizes_of`)."""
    containers = {nid for nid, item in scene.node_items.items() if item.is_container}
    return sizes_of(scene.document, scene._labels, scene.measure, containers)


def measured_sizes(doc: Document, fit: bool = False) -> dict[str, tuple]:
    """The same for a document without a window (``diagrammer layout``): Qt measures, offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from diagrammer.rules import classify
    from diagrammer.ui.measure import qt_measure

    if QApplication.instance() is None:
        _APPS.append(QApplication([]))  # kept for the life of the command: fonts need it
    containers = {nid for node in doc.nodes.values() if (nid := node.parent) in doc.nodes}
    return sizes_of(doc, classify(doc).labels, qt_measure(), containers, fit)
