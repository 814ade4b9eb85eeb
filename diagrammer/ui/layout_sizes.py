"""The sizes boxes are drawn at, measured by the items themselves, for the automatic layout.

The layout (no Qt) is given, for each leaf, the size its item draws and, for each container, the
least width its header needs and the height of its header band: what the screen, the exports and
the layout then agree on.
"""

from __future__ import annotations

import os

from diagrammer.model import Document
from diagrammer.model.geometry import HEADER_HEIGHT
from diagrammer.ui.items import GOAL_FONT, NAME_FONT, TAG_FONT, NodeItem, kind_tags, metrics_of

MIN_CONTAINER_WIDTH = 180.0
TEXT_ROOM = 16.0  # the name's left and right inset in a box
_APPS: list = []


def header_height(item: NodeItem) -> float | None:
    """Height of a container's header band (name, kinds, goal, badges); None for a leaf."""
    if not item.is_container:
        return None
    badges = item._badges
    return max(HEADER_HEIGHT, badges[-1][1].bottom() + 6) if badges else HEADER_HEIGHT


def text_width(item: NodeItem) -> float:
    """How far from a box's left its header texts (name, kinds, goal, badges) reach."""
    node = item.node
    widths = [metrics_of(NAME_FONT).horizontalAdvance(node.name or "(unnamed)")]
    if node.goal:
        widths.append(metrics_of(GOAL_FONT).horizontalAdvance(f"goal: {node.goal}"))
    widths.append(sum(metrics_of(TAG_FONT).horizontalAdvance(text) + 8 for text, _ in kind_tags(node)))
    right = max(widths) + TEXT_ROOM
    if item._badges:
        right = max(right, max(box.right() for _, box in item._badges) + 8)
    return min(right, item.box_width)


def _entry(item: NodeItem) -> tuple[float, ...]:
    if not item.is_container:
        return item.box_width, item.box_height
    name = metrics_of(NAME_FONT).horizontalAdvance(item.node.name or "(unnamed)") + TEXT_ROOM
    return max(MIN_CONTAINER_WIDTH, name), header_height(item) or HEADER_HEIGHT, text_width(item)


def drawn_sizes(scene) -> dict[str, tuple[float, ...]]:
    """``{node id: (width, height)}`` of leaves, ``(least width, header height, text width)`` of containers."""
    return {nid: _entry(item) for nid, item in scene.node_items.items()}


def measured_sizes(doc: Document) -> dict[str, tuple[float, ...]]:
    """The same for a document without a window (``diagrammer layout``): items are made, not shown."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from diagrammer.rules import classify
    from diagrammer.ui.theme import Palette

    if QApplication.instance() is None:
        _APPS.append(QApplication([]))  # kept for the life of the command: fonts need it
    labels = classify(doc).labels
    palette = Palette.for_export()
    parents = {nid for node in doc.nodes.values() if (nid := node.parent) in doc.nodes}
    return {
        nid: _entry(NodeItem(node, palette, False, labels.get(nid, ()), False, nid in parents))
        for nid, node in doc.nodes.items()
    }
