"""The Overview dock: the whole diagram in small, the window's view as a frame; click or drag to move.

The small picture is drawn from the scene a moment after it changes (not on every frame), so a
large diagram costs one render per pause, not one per drag step.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

from diagrammer.ui.theme import SELECTION_COLOUR

REDRAW_DELAY_MS = 250


class Minimap(QWidget):
    """A small picture of the scene with the main view's visible area framed."""

    def __init__(self, view, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("overview")
        self.setMinimumSize(120, 90)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click or drag to move the view")
        self.view = view
        self._picture: QImage | None = None
        self._source = QRectF()  # the scene area the picture shows
        self._scene = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_DELAY_MS)
        self._timer.timeout.connect(self.redraw)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.zoom_changed.connect(self.update)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(220, 160)

    def set_scene(self, scene) -> None:
        if self._scene is not None:
            self._scene.changed.disconnect(self._scene_changed)
        self._scene = scene
        scene.changed.connect(self._scene_changed)
        self.redraw()

    def _scene_changed(self, _regions=None) -> None:
        if self.isVisible() and not self._timer.isActive():
            self._timer.start()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.redraw()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._timer.start()

    def redraw(self) -> None:
        """Render the scene's content into the small picture."""
        if self._scene is None or not self.isVisible() or self.width() < 2 or self.height() < 2:
            return
        content = self._scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        self._source = self._fitted(content)
        image = QImage(self.size() * self.devicePixelRatioF(), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(self.devicePixelRatioF())
        image.fill(self._scene.backgroundBrush().color())
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._scene.render(painter, QRectF(0, 0, self.width(), self.height()), self._source)
        painter.end()
        self._picture = image
        self.update()

    def _fitted(self, rect: QRectF) -> QRectF:
        """``rect`` widened to this widget's aspect ratio, centred."""
        if rect.isEmpty():
            rect = QRectF(0, 0, 400, 300)
        aspect = self.width() / self.height()
        if rect.width() / rect.height() < aspect:
            width = rect.height() * aspect
            return QRectF(rect.center().x() - width / 2, rect.top(), width, rect.height())
        height = rect.width() / aspect
        return QRectF(rect.left(), rect.center().y() - height / 2, rect.width(), height)

    def _to_widget(self, rect: QRectF) -> QRectF:
        scale = self.width() / self._source.width()
        return QRectF((rect.left() - self._source.left()) * scale, (rect.top() - self._source.top()) * scale,
                      rect.width() * scale, rect.height() * scale)

    def to_scene(self, point: QPointF) -> QPointF:
        scale = self._source.width() / self.width()
        return QPointF(self._source.left() + point.x() * scale, self._source.top() + point.y() * scale)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        if self._picture is not None:
            painter.drawImage(0, 0, self._picture)
        if not self._source.isEmpty():
            frame = self._to_widget(self.view.visible_scene_rect())
            painter.setPen(QPen(QColor(SELECTION_COLOUR), 2))
            fill = QColor(SELECTION_COLOUR)
            fill.setAlpha(30)
            painter.setBrush(fill)
            painter.drawRect(frame)
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._centre_at(event.position())

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._centre_at(event.position())

    def _centre_at(self, point: QPointF) -> None:
        if self._source.isEmpty():
            return
        target = self.to_scene(point)
        visible = self.view.visible_scene_rect()
        self.view.pan_by((visible.center().x() - target.x()) * self.view.zoom(),
                         (visible.center().y() - target.y()) * self.view.zoom())
        self.update()
