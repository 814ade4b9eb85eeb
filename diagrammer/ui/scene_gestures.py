"""The scene's pointer side: mouse gestures (drag, resize, arrow drawing, drop target, snapping), tooltips, the grid."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QToolTip

from diagrammer.model.edits import snap
from diagrammer.model.geometry import GRID
from diagrammer.ui.dialogs import plain_tooltip
from diagrammer.ui.items import NodeItem
from diagrammer.ui.theme import SELECTION_COLOUR

SELECT, CONNECT_OPTIMIZES, CONNECT_LINK = "select", "optimizes", "link"


class SceneGestures:
    """A mixin of :class:`~diagrammer.ui.scene.DiagramScene`: the box under the pointer, mouse, tooltips, grid."""

    def node_at(self, pos: QPointF, exclude: set[str] = frozenset()) -> NodeItem | None:
        """The innermost box under ``pos`` that is not one of ``exclude`` or inside one of them."""
        self.finish_items()  # a diagram just opened: the boxes not made yet count too
        for item in self.items(pos):
            if isinstance(item, NodeItem) and item.node_id not in exclude:
                if not any(a.node_id in exclude for a in _item_ancestors(item)):
                    return item
        return None

    def set_mode(self, mode: str) -> None:
        if self._connect_line is not None:  # switching tools cancels an arrow being drawn
            self.removeItem(self._connect_line)
            self._connect_line = None
            self._connect_source = None
            self._set_drop_target(None)
        self.mode = mode
        for view in self.views():
            view.setCursor(Qt.CursorShape.CrossCursor if mode != SELECT else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self.interactive or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.scenePos()
        if self.mode != SELECT:
            source = self.node_at(pos)
            if source is not None:
                self._connect_source = source.node_id
                self._connect_kind = self.mode
                self._connect_start = pos
                self._connect_line = QGraphicsLineItem(QLineF(pos, pos))
                self._connect_line.setPen(QPen(QColor(SELECTION_COLOUR), 2, Qt.PenStyle.DashLine))
                self._connect_line.setZValue(100)
                self.addItem(self._connect_line)
            event.accept()
            return
        hit = self.node_at(pos)
        if hit is not None and hit.in_resize_handle(hit.mapFromScene(pos)):
            self._resizing = hit
            event.accept()
            return
        super().mousePressEvent(event)
        if hit is not None:
            # Qt moves the selected boxes and the pressed one (selected or not, e.g. with Ctrl).
            # Only the outermost move; parts travel with their container.
            moving = [i for i in self.selectedItems() if isinstance(i, NodeItem)]
            if hit not in moving:
                moving.append(hit)
            ids = {i.node_id for i in moving}
            roots = [i for i in moving if not any(a.node_id in ids for a in _item_ancestors(i))]
            self._drag = {"start": pos, "items": {i.node_id: i.scenePos() for i in roots}}

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        pos = event.scenePos()
        if self._connect_line is not None:
            self._connect_line.setLine(QLineF(self._connect_line.line().p1(), pos))
            target = self.node_at(pos)
            self._set_drop_target(target if target is not None and target.node_id != self._connect_source else None)
            return
        if self._resizing is not None:
            local = self._resizing.mapFromScene(pos)
            self._resizing.set_preview_size(QSizeF(max(local.x(), 40), max(local.y(), 30)))
            self.node_moved(self._resizing.node_id)
            return
        super().mouseMoveEvent(event)
        if self._drag is not None:
            self._set_drop_target(self.node_at(pos, exclude=set(self._drag["items"])))
            self._dragging = True
            try:
                for node_id in self._drag["items"]:
                    self.subtree_moved(node_id)
            finally:
                self._dragging = False

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        pos = event.scenePos()
        if self._connect_line is not None:
            self.removeItem(self._connect_line)
            self._connect_line = None
            target = self.node_at(pos)
            source, self._connect_source = self._connect_source, None
            self._set_drop_target(None)
            moved = (pos - self._connect_start).manhattanLength() > 8
            # A click without a drag draws nothing (a self-loop needs a drag out and back).
            if target is not None and source is not None and (moved or target.node_id != source):
                self.connect_requested.emit(source, target.node_id, self._connect_kind)
            return
        if self._resizing is not None:
            item, self._resizing = self._resizing, None
            size = item.preview_size
            item.set_preview_size(None)
            if size is not None:
                self.resize_requested.emit(item.node_id, self._snapped(size.width()), self._snapped(size.height()))
            return
        super().mouseReleaseEvent(event)
        drag, self._drag = self._drag, None
        target = self._drop_target
        self._set_drop_target(None)
        if drag is None or pos == drag["start"]:
            return
        for node_id in drag["items"]:
            if node_id in self.node_items:
                self.subtree_moved(node_id)  # the full routes the quick ones stood in for
        drops = []
        for node_id, old_pos in drag["items"].items():
            item = self.node_items.get(node_id)
            if item is None:
                continue
            new_pos = item.scenePos()
            if new_pos == old_pos:
                continue
            parent = target.node_id if target is not None else None
            drops.append((node_id, parent, self._snapped(new_pos.x()), self._snapped(new_pos.y())))
        if drops:
            self.drop_requested.emit(drops)

    def _snapped(self, value: float) -> float:
        return snap(value) if self.snap_to_grid else round(value, 2)

    def _set_drop_target(self, item: NodeItem | None) -> None:
        if item is self._drop_target:
            return
        if self._drop_target is not None and self._drop_target.scene() is self:
            self._drop_target.set_drop_target(False)
        self._drop_target = item
        if item is not None:
            item.set_drop_target(True)
        self._overview_changed()

    def helpEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Tooltips are made when asked for, not stored on thousands of items."""
        item = self.node_at(event.scenePos())
        if item is not None:
            QToolTip.showText(event.screenPos(), plain_tooltip(item.tooltip_text()))
            event.accept()
            return
        super().helpEvent(event)

    def drawBackground(self, painter, rect: QRectF) -> None:  # noqa: N802 - Qt override
        super().drawBackground(painter, rect)
        if not self.grid_visible:
            return
        painter.setPen(QPen(self.palette.grid, 0))
        # Lines sit on fixed multiples of the step, whatever part of the canvas is being repainted
        # (a start taken from the exposed area shifted the lines from one repaint to the next); far
        # out, every other line is skipped so that they stay at least 8 pixels apart.
        step = GRID * 2
        while step * painter.worldTransform().m11() < 8:
            step *= 2
        lines = []
        x = math.floor(rect.left() / step) * step
        while x <= rect.right():
            lines.append(QLineF(x, rect.top(), x, rect.bottom()))
            x += step
        y = math.floor(rect.top() / step) * step
        while y <= rect.bottom():
            lines.append(QLineF(rect.left(), y, rect.right(), y))
            y += step
        painter.drawLines(lines)


def _item_ancestors(item):
    parent = item.parentItem()
    while parent is not None:
        yield parent
        parent = parent.parentItem()
