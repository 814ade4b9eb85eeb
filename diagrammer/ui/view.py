"""The canvas view: zoom (wheel, keys), pan (middle button, Shift+wheel), fit, and file drops.

The view keeps its own scene rectangle: the content plus a free margin of one window around it,
and everything ever shown. It only grows, so the view never has to move the picture when a box is
dropped, added or routed (Qt scrolls when the scrolled area shrinks). Scroll bars are off: the
canvas pans freely, and the Overview dock shows where the view is.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsView

MIN_ZOOM, MAX_ZOOM = 0.05, 8.0


class DiagramView(QGraphicsView):
    """A QGraphicsView with the zoom and pan gestures users expect from a diagram editor."""

    files_dropped = Signal(list)
    zoom_changed = Signal(float)
    double_clicked = Signal(object)  # the box or arrow item double-clicked
    FIT_MARGIN = 30.0  # screen pixels around the content after a fit

    def __init__(self, scene, parent=None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        # Every item sets its own pen, brush and font before drawing, so Qt need not save and
        # restore the painter around each of thousands of items.
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState
                                  | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setAcceptDrops(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._pan_start = None
        # A fit asked for before the window has its size runs once it has (several make one fit);
        # a fit done meanwhile makes it moot.
        self._fit_timer = QTimer(self, singleShot=True, interval=0, timeout=self.fit)

    def setScene(self, scene) -> None:  # noqa: N802 - Qt override
        old = self.scene()
        if old is not None:
            old.sceneRectChanged.disconnect(self._content_grew)
        super().setScene(scene)
        if scene is not None:
            scene.sceneRectChanged.connect(self._content_grew)
            self.setSceneRect(QRectF())
            self._grow_scene_rect()

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def pointer_scene_pos(self) -> tuple[float, float] | None:
        """The scene point under the mouse pointer while it is over the canvas; None when it is
        elsewhere (on the palette, a menu, a dock or outside the window)."""
        viewport = self.viewport()
        pointer = QCursor.pos()
        if QApplication.widgetAt(pointer) is not viewport:  # a menu or a dialog over the canvas is not it
            return None
        local = viewport.mapFromGlobal(pointer)
        point = self.mapToScene(local)
        return point.x(), point.y()

    def _content_grew(self, _rect=None) -> None:
        self._grow_scene_rect()

    def _grow_scene_rect(self) -> None:
        """Make room for the content, a window of free canvas around it, and what is visible.

        The scene's own rectangle (the largest extent its items ever had, kept by Qt as items
        change) stands for the content: asking for the exact bounds would visit every item.
        """
        scene = self.scene()
        if scene is None:
            return
        zoom = self.zoom() or 1.0
        mx, my = self.viewport().width() / zoom, self.viewport().height() / zoom
        rect = scene.sceneRect().adjusted(-mx, -my, mx, my).united(self.visible_scene_rect())
        rect = rect.united(self.sceneRect())
        if rect != self.sceneRect():
            self.setSceneRect(rect)

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float, centre: QPointF | None = None) -> None:
        """Zoom to ``factor`` (clamped), about ``centre`` (scene) or the point under the mouse."""
        factor = min(max(factor, MIN_ZOOM), MAX_ZOOM)
        self.scale(factor / self.zoom(), factor / self.zoom())
        self._grow_scene_rect()
        if centre is not None:
            self.centerOn(centre)
        self.zoom_changed.emit(self.zoom())

    def zoom_by(self, step: float) -> None:
        self.set_zoom(self.zoom() * step)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        before_paint = getattr(self.scene(), "before_paint", None)
        if before_paint is not None:
            before_paint()  # a diagram just opened: its items, unless the overview draws this frame
        super().paintEvent(event)

    def fit_soon(self) -> None:
        """Fit when control returns to the event loop (the window then has its size)."""
        self._fit_timer.start()

    def fit(self) -> None:
        """Show all the content centred with a margin (never closer than 150%)."""
        self._fit_timer.stop()
        rect = self.scene().itemsBoundingRect() if self.scene() is not None else QRectF()
        self.fit_rect(rect if not rect.isEmpty() else QRectF(0, 0, 400, 300))

    def fit_rect(self, rect: QRectF, max_zoom: float = 1.5) -> None:
        """Zoom and scroll so that ``rect`` fills the window, centred, with a margin."""
        area = self.viewport().size()
        margin = 2 * self.FIT_MARGIN
        zoom = min((area.width() - margin) / max(rect.width(), 1.0), (area.height() - margin) / max(rect.height(), 1.0))
        zoom = min(max(zoom, MIN_ZOOM), max_zoom)
        self.scale(zoom / self.zoom(), zoom / self.zoom())
        self._grow_scene_rect()
        self.centerOn(rect.center())
        self.zoom_changed.emit(self.zoom())

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the picture by ``(dx, dy)`` screen pixels, making room if it reaches the edge."""
        zoom = self.zoom()
        visible = self.visible_scene_rect().translated(-dx / zoom, -dy / zoom)
        if not self.sceneRect().contains(visible):
            self.setSceneRect(self.sceneRect().united(visible))
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(dx))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(dy))

    def zoom_to_items(self, items) -> bool:
        """Fit the view to ``items`` (at most 200%); False when there are none."""
        if not items:
            return False
        rect = items[0].sceneBoundingRect()
        for item in items[1:]:
            rect = rect.united(item.sceneBoundingRect())
        self.fit_rect(rect, max_zoom=2.0)
        return True

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        delta = event.angleDelta().y()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            # Shift+wheel pans (sideways when the wheel turns sideways, as most mice send it).
            step = event.angleDelta()
            self.pan_by((step.x() or step.y()) / 2, 0)
            event.accept()
            return
        if delta == 0:
            super().wheelEvent(event)
            return
        self.zoom_by(1.15 if delta > 0 else 1 / 1.15)
        event.accept()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._grow_scene_rect()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().mouseDoubleClickEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.scene() is None:
            return
        from diagrammer.ui.edge_item import EdgeItem
        from diagrammer.ui.items import NodeItem

        for item in self.items(event.position().toPoint()):
            if isinstance(item, NodeItem | EdgeItem):
                self.double_clicked.emit(item)
                return

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_start = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._pan_start is not None:
            delta = event.position() - self._pan_start
            self._pan_start = event.position()
            self.pan_by(delta.x(), delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._pan_start is not None and event.button() == Qt.MouseButton.MiddleButton:
            self._pan_start = None
            self.unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            super().dropEvent(event)
