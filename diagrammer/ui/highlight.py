"""Show on the canvas what makes a label true: outlines over boxes and glows along arrows.

The marks are items of their own, laid over the diagram's items (which stay untouched); they take
no clicks, and the scene's tooltips and hit tests look through them.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from diagrammer.ui.theme import PROBLEM_COLOUR

WHY_COLOUR = "#f2a900"  # amber: reads on light and dark canvases and differs from selection blue
HIGHLIGHT_Z = 1e6


class Highlight:
    """One set of marks in one scene: boxes (the subject drawn stronger) and arrows."""

    def __init__(self, scene) -> None:
        self.scene = scene
        self.items: list[QGraphicsPathItem] = []
        self.node_ids: tuple[str, ...] = ()
        self.edge_ids: tuple[str, ...] = ()
        self.subject: str | None = None
        self.problem = False

    def show(self, node_ids, edge_ids=(), subject: str | None = None, problem: bool = False) -> None:
        """Mark ``node_ids`` and ``edge_ids`` (``subject``, the box being explained, drawn thicker)."""
        self.node_ids, self.edge_ids = tuple(node_ids), tuple(edge_ids)
        self.subject, self.problem = subject, problem
        self.refresh()

    def clear(self) -> None:
        self.show((), ())

    def refresh(self) -> None:
        """Redraw the marks where the items are now (after a move, an undo, a rebuild)."""
        for item in self.items:
            # A rebuilt scene (the system switched to dark) has deleted its items, these included.
            if shiboken6.isValid(item) and item.scene() is self.scene:
                self.scene.removeItem(item)
        self.items = []
        colour = QColor(PROBLEM_COLOUR if self.problem else WHY_COLOUR)
        for node_id in self.node_ids:
            box = self.scene.node_items.get(node_id)
            if box is None:
                continue
            rect = box.mapRectToScene(box.box_rect()).adjusted(-5, -5, 5, 5)
            path = QPainterPath()
            path.addRoundedRect(rect, 10, 10)
            self._add(path, QPen(colour, 5 if node_id == self.subject else 3.5), Qt.BrushStyle.NoBrush, node_id)
        for edge_id in self.edge_ids:
            arrow = self.scene.edge_items.get(edge_id)
            if arrow is None or arrow.boundingRect().isEmpty():
                continue
            glow = QColor(colour)
            glow.setAlpha(110)
            self._add(arrow.mapToScene(arrow.shape()), QPen(Qt.PenStyle.NoPen), QBrush(glow), edge_id)

    def _add(self, path: QPainterPath, pen: QPen, brush, key: str) -> None:
        item = QGraphicsPathItem(path)
        item.setPen(pen)
        item.setBrush(brush)
        item.setZValue(HIGHLIGHT_Z)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        item.setAcceptHoverEvents(False)
        item.setData(0, key)
        self.scene.addItem(item)
        self.items.append(item)

    def marked(self) -> set[str]:
        """The ids of the boxes and arrows marked now (what a user sees lit)."""
        return {item.data(0) for item in self.items if shiboken6.isValid(item) and item.scene() is self.scene}

    def bounds(self) -> QRectF:
        rect = QRectF()
        for item in self.items:
            if shiboken6.isValid(item):
                rect = rect.united(item.sceneBoundingRect())
        return rect


def why_ids(result, node_id: str, label: str | None) -> tuple[set[str], set[str]]:
    """The boxes and arrows that make ``label`` of ``node_id`` true (all its labels when None)."""
    nodes: set[str] = set()
    edges: set[str] = set()
    for each in [label] if label is not None else result.labels.get(node_id, ()):
        why = result.why(node_id, each)
        nodes |= why.nodes
        edges |= why.edges
    return nodes, edges
