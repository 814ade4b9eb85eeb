"""Far zoomed out, one layer draws every box and arrow in a few batched calls.

At that zoom text is unreadable and each box is a few pixels wide, yet asking thousands of items
to paint themselves costs a Python call each. While the view is below the zoom at which text is
drawn, the node and arrow items stop painting (they stay for hit-testing, selection and dragging)
and this layer draws the whole diagram from a cache rebuilt only when something changed.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from diagrammer.ui.items import DROP_PEN, SELECTION_PEN, TEXT_MIN_ZOOM

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


class OverviewLayer(QGraphicsItem):
    """Batched drawing of the scene's boxes and arrows for far zoom levels."""

    def __init__(self, scene) -> None:
        super().__init__()
        self._scene = scene
        self.active = False
        self._dirty = True
        self._bounds = QRectF()
        self._boxes: dict[tuple, list[QRectF]] = {}
        self._strips: dict[int, tuple[QBrush, list[QRectF]]] = {}
        self._lines: dict[int, tuple[QPen, list[QLineF]]] = {}
        self._selected: list[QRectF] = []
        self._targets: list[QRectF] = []
        self.setZValue(-1)
        self.setVisible(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_zoom(self, zoom: float) -> None:
        """Switch between item painting and batched painting as the zoom crosses the threshold."""
        active = zoom < TEXT_MIN_ZOOM
        if active == self.active:
            return
        self.active = active
        for item in self._scene.node_items.values():
            item.setFlag(NO_CONTENTS, active)
        for item in self._scene.edge_items.values():
            item.setFlag(NO_CONTENTS, active)
        self._dirty = False  # so that invalidate() tells the scene's index about the new extent
        self.invalidate()
        self.setVisible(active)

    def invalidate(self) -> None:
        """Something moved, changed or was selected: rebuild the cache before the next paint."""
        # Cheap when already dirty: a gesture may report thousands of moves before the next paint.
        if self.active and not self._dirty:
            self.prepareGeometryChange()
            self._dirty = True
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        if self._dirty and self.active:
            self._rebuild()
        return self._bounds

    def _rebuild(self) -> None:
        self._boxes, self._strips, self._lines, self._selected, self._targets = {}, {}, {}, [], []
        bounds = QRectF()
        for item in self._scene.node_items.values():
            rect = item.mapRectToScene(item.box_rect())
            bounds = bounds.united(rect)
            key = (id(item._pen), id(item._fill))
            if key not in self._boxes:
                self._boxes[key] = (_cosmetic(item._pen), item._fill, [])
            self._boxes[key][2].append(rect)
            if item._strip is not None:
                strip = QRectF(rect.left(), rect.top(), rect.width(), min(24.0, rect.height()))
                self._strips.setdefault(id(item._strip), (item._strip, []))[1].append(strip)
            if item.isSelected():
                self._selected.append(rect)
            if item.drop_target:
                self._targets.append(rect)
        for item in self._scene.edge_items.values():
            pen = item._pens[1 if item.isSelected() else 0][0]
            if not item._line.isNull():
                if id(pen) not in self._lines:
                    self._lines[id(pen)] = (_cosmetic(pen), [])
                self._lines[id(pen)][1].append(item._line)
        self._bounds = bounds.adjusted(-4, -4, 4, 4)
        self._dirty = False

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._dirty:
            self._rebuild()
        for pen, brush, rects in self._boxes.values():
            painter.setPen(pen)
            painter.setBrush(brush)
            painter.drawRects(rects)
        painter.setPen(Qt.PenStyle.NoPen)
        for brush, rects in self._strips.values():
            painter.setBrush(brush)
            painter.drawRects(rects)
        for pen, lines in self._lines.values():
            painter.setPen(pen)
            painter.drawLines(lines)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._selected:
            painter.setPen(_SELECTION)
            painter.drawRects(self._selected)
        if self._targets:
            painter.setPen(_DROP_TARGET)
            painter.drawRects(self._targets)


def _cosmetic(pen: QPen) -> QPen:
    """The same pen one screen pixel wide whatever the zoom, so outlines stay visible far out."""
    thin = QPen(pen)
    thin.setWidthF(1.0)
    thin.setCosmetic(True)
    return thin


_SELECTION = _cosmetic(SELECTION_PEN)
_SELECTION.setWidthF(2.0)
_DROP_TARGET = _cosmetic(DROP_PEN)
_DROP_TARGET.setWidthF(3.0)
