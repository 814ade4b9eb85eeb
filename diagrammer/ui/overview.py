"""Far zoomed out, one layer draws every box and arrow in a few batched calls.

At that zoom text is unreadable and each box is a few pixels wide, yet asking thousands of items
to paint themselves costs a Python call each. While the view is below the zoom at which text is
drawn, the node and arrow items stop painting (they stay for hit-testing, selection and dragging)
and this layer draws the whole diagram from a cache rebuilt only when something changed.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPainter, QPen
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
        self._picture: QImage | None = None
        self._picture_key: tuple | None = None
        self.setZValue(-1)
        self.setVisible(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_zoom(self, zoom: float) -> None:
        """Switch between item painting and batched painting as the zoom crosses the threshold."""
        active = zoom < TEXT_MIN_ZOOM
        if active == self.active:
            return
        self.prepareGeometryChange()  # the layer's extent: every box while active, nothing otherwise
        self.active = active
        self._dirty = True
        self._picture = None  # a screenful of pixels, of no use until the next far zoom
        for item in self._scene._node_items.values():  # the items made so far (later ones are told)
            item.setFlag(NO_CONTENTS, active)
        for item in self._scene._edge_items.values():
            item.setFlag(NO_CONTENTS, active)
        self.setVisible(active)

    def invalidate(self) -> None:
        """Something moved, changed or was selected: rebuild the cache before the next paint."""
        # Cheap when already dirty: a gesture may report thousands of moves before the next paint.
        if self.active and not self._dirty:
            self.prepareGeometryChange()
            self._dirty = True
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        if not self.active:
            return QRectF()  # hidden layers count too in the scene's items bounding rectangle
        if self._dirty:
            self._rebuild()
        return self._bounds

    def _rebuild(self) -> None:
        self._picture = None
        self._boxes, self._strips, self._lines, self._selected, self._targets = {}, {}, {}, [], []
        selected = set(self._scene.selectedItems())
        bounds = QRectF()
        boxes, strips = self._boxes, self._strips
        scene = self._scene

        def add_box(rect, key, pen, fill, strip):
            group = boxes.get(key)
            if group is None:
                group = boxes[key] = (_cosmetic(pen), fill, [])
            group[2].append(rect)
            if strip is not None:
                band = QRectF(rect.left(), rect.top(), rect.width(), min(24.0, rect.height()))
                strips.setdefault(id(strip), (strip, []))[1].append(band)
            return rect

        for item in scene._node_items.values():
            rect = add_box(item.mapRectToScene(item._rect), item._style_key, item._pen, item._fill, item._strip)
            bounds = bounds.united(rect)
            if selected and item in selected:
                self._selected.append(rect)
            if item.drop_target:
                self._targets.append(rect)
        for box in scene.pending_boxes():  # a diagram just opened: boxes whose items are not made yet
            bounds = bounds.united(add_box(*box))
        lines = self._lines

        def add_lines(pen, stretches):
            group = lines.get(id(pen))
            if group is None:
                group = lines[id(pen)] = (_cosmetic(pen), [])
            group[1].extend(stretches)

        for item in scene._edge_items.values():
            if item._tip is None or item._loop is not None:  # nothing drawn, or a loop on one box
                continue
            add_lines(item._pens[1 if selected and item in selected else 0][0], item.lines())
        for pen, points in scene.pending_arrows():
            add_lines(pen, [QLineF(*p, *q) for p, q in pairwise(points or ())])
        # The boxes' own bounding rectangles are 3 units larger than the boxes: with the same
        # margin, the layer never widens the scene's items bounding rectangle (fit stays put).
        self._bounds = bounds.adjusted(-3, -3, 3, 3)
        self._dirty = False

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._dirty:
            self._rebuild()
        painter.save()
        if widget is None:  # rendered outside a view: draw directly
            self._draw(painter)
        else:
            # Drawn once per view position into a picture of the viewport; repaints of a part of
            # the view (a rubber band, a highlight, a second paint) copy from it.
            transform = painter.worldTransform()
            ratio = widget.devicePixelRatioF()
            key = (transform, widget.width(), widget.height(), ratio)
            if self._picture is None or self._picture_key != key:
                picture = QImage(int(widget.width() * ratio), int(widget.height() * ratio),
                                 QImage.Format.Format_ARGB32_Premultiplied)
                picture.setDevicePixelRatio(ratio)
                picture.fill(Qt.GlobalColor.transparent)
                inner = QPainter(picture)
                inner.setWorldTransform(transform)
                self._draw(inner)
                inner.end()
                self._picture, self._picture_key = picture, key
            painter.resetTransform()
            painter.drawImage(0, 0, self._picture)
        painter.restore()

    def _draw(self, painter: QPainter) -> None:
        # One-pixel outlines of boxes a few pixels wide: antialiasing would only blur them, and
        # costs several times as much for thousands of shapes.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
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
    thin.setWidth(0)  # Qt's hairline: one pixel, drawn by the raster engine's fastest path
    thin.setCosmetic(True)
    return thin


_SELECTION = _cosmetic(SELECTION_PEN)
_SELECTION.setWidthF(2.0)
_DROP_TARGET = _cosmetic(DROP_PEN)
_DROP_TARGET.setWidthF(3.0)
