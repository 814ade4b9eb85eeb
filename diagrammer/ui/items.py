"""Scene items: a box per node (nested as Qt child items) and an arrow per edge.

Items are drawn from what the scene hands them (the node's fields and its labels); they own no
document state. Fonts use pixel sizes so that text keeps its size relative to the boxes on screen,
in PNG, SVG and PDF alike.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyle

from diagrammer.model import Edge, Node
from diagrammer.model.geometry import HEADER_HEIGHT
from diagrammer.rules import display_name
from diagrammer.ui.theme import (
    DROP_TARGET_COLOUR,
    KIND_COLOURS,
    PROBLEM_COLOUR,
    SELECTION_COLOUR,
    Palette,
    label_colour,
)

NODE_TYPE = QGraphicsItem.UserType + 1
EDGE_TYPE = QGraphicsItem.UserType + 2
HANDLE = 10.0
BADGE_HEIGHT = 16.0
BADGE_GAP = 4.0
BADGE_TOP = 52.0


def _font(pixels: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(int(pixels))
    font.setBold(bold)
    font.setItalic(italic)
    return font


NAME_FONT = _font(13, bold=True)
TAG_FONT = _font(10, bold=True)
GOAL_FONT = _font(11, italic=True)
BADGE_FONT = _font(10, bold=True)


def kind_tags(node: Node) -> list[tuple[str, str]]:
    """The small tags drawn under the name: ``(text, colour)``."""
    tags = []
    if node.is_agent:
        tags.append(("AGENT", KIND_COLOURS["agent"]))
    if node.is_optimizer:
        tags.append(("OPTIMIZER", KIND_COLOURS["optimizer"]))
    if not tags:
        tags.append(("SYSTEM", "#7a7f87"))
    if node.designed_by_humans:
        tags.append(("DESIGNED", "#5b6b7a"))
    return tags


def badge_rects(labels: list[str], width: float) -> list[tuple[str, QRectF]]:
    """Where each label badge goes: rows from ``BADGE_TOP``, wrapping within ``width``."""
    metrics = QFontMetricsF(BADGE_FONT)
    x, y = 8.0, BADGE_TOP
    out = []
    for label in labels:
        text = display_name(label)
        w = metrics.horizontalAdvance(text) + 12
        if x > 8.0 and x + w > width - 6:
            x, y = 8.0, y + BADGE_HEIGHT + BADGE_GAP
        out.append((text, QRectF(x, y, w, BADGE_HEIGHT)))
        x += w + BADGE_GAP
    return out


class NodeItem(QGraphicsItem):
    """A box: name, kind tags, goal, and the label badges in the header band."""

    def __init__(self, node: Node, palette: Palette, interactive: bool = True) -> None:
        super().__init__()
        self.node_id = node.id
        self.palette = palette
        self.node = node
        self.labels: list[str] = []
        self.has_problem = False
        self.is_container = False
        self.drop_target = False
        self.preview_size: QSizeF | None = None
        self._badges: list[tuple[str, QRectF]] = []
        if interactive:
            self.setFlags(
                QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                | QGraphicsItem.GraphicsItemFlag.ItemSendsScenePositionChanges
            )
            self.setAcceptHoverEvents(True)
        self.setPos(node.x or 0.0, node.y or 0.0)
        self._relayout()

    def type(self) -> int:
        return NODE_TYPE

    # ----- state from the scene --------------------------------------------------------------

    def set_node(self, node: Node) -> None:
        self.prepareGeometryChange()
        self.node = node
        self._relayout()
        self.update()

    def set_labels(self, labels: list[str], has_problem: bool) -> None:
        if labels == self.labels and has_problem == self.has_problem:
            return
        self.prepareGeometryChange()
        self.labels = list(labels)
        self.has_problem = has_problem
        self._relayout()
        self.update()

    def set_container(self, is_container: bool) -> None:
        if is_container != self.is_container:
            self.is_container = is_container
            self.update()

    def set_drop_target(self, on: bool) -> None:
        if on != self.drop_target:
            self.drop_target = on
            self.update()

    def _relayout(self) -> None:
        self._badges = badge_rects(self.labels, self.size().width())
        goal = self.node.goal or ""
        tips = [self.node.name or self.node.id]
        if goal:
            tips.append(f"Goal: {goal}")
        if self.labels:
            tips.append("Labels: " + ", ".join(display_name(label) for label in self.labels))
        self.setToolTip("\n".join(tips))

    # ----- geometry --------------------------------------------------------------------------

    def size(self) -> QSizeF:
        if self.preview_size is not None:
            return self.preview_size
        return QSizeF(self.node.width, self.node.height)

    def box_rect(self) -> QRectF:
        size = self.size()
        height = size.height()
        if self._badges and not self.is_container:
            # A leaf grows downwards rather than hide a label it was given.
            height = max(height, self._badges[-1][1].bottom() + 6)
        return QRectF(0, 0, size.width(), height)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self.box_rect().adjusted(-3, -3, 3, 3)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.box_rect())
        return path

    def in_resize_handle(self, pos: QPointF) -> bool:
        rect = self.box_rect()
        return self.isSelected() and rect.right() - HANDLE <= pos.x() <= rect.right() + 2 and (
            rect.bottom() - HANDLE <= pos.y() <= rect.bottom() + 2
        )

    # ----- painting --------------------------------------------------------------------------

    def paint(self, painter: QPainter, option, widget=None) -> None:
        pal = self.palette
        rect = self.box_rect()
        radius = 14.0 if self.node.is_agent else 4.0
        fill = pal.container_fill if self.is_container else pal.box_fill
        border = QColor(KIND_COLOURS["agent"]) if self.node.is_agent else pal.box_border
        if self.node.is_optimizer and not self.node.is_agent:
            border = QColor(KIND_COLOURS["optimizer"])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(border, 2.0 if self.node.kinds else 1.2)
        if self.node.designed_by_humans:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(rect, radius, radius)
        if self.node.is_agent and self.node.is_optimizer:
            # Both kinds: an inner orange outline inside the agent's blue one.
            painter.setPen(QPen(QColor(KIND_COLOURS["optimizer"]), 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(3, 3, -3, -3), radius - 3, radius - 3)
        self._paint_text(painter, rect)
        self._paint_badges(painter)
        if self.has_problem:
            self._paint_problem_mark(painter, rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if self.drop_target:
            painter.setPen(QPen(QColor(DROP_TARGET_COLOUR), 3.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), radius, radius)
        if selected:
            painter.setPen(QPen(QColor(SELECTION_COLOUR), 2.0, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), radius, radius)
            painter.setBrush(QColor(SELECTION_COLOUR))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRect(QRectF(rect.right() - HANDLE + 2, rect.bottom() - HANDLE + 2, HANDLE, HANDLE))

    def _paint_text(self, painter: QPainter, rect: QRectF) -> None:
        pal = self.palette
        inner = rect.width() - 16
        painter.setFont(NAME_FONT)
        painter.setPen(pal.text)
        name = QFontMetricsF(NAME_FONT).elidedText(self.node.name or "(unnamed)", Qt.TextElideMode.ElideRight, inner)
        painter.drawText(QRectF(8, 6, inner, 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(TAG_FONT)
        metrics = QFontMetricsF(TAG_FONT)
        x = 8.0
        for text, colour in kind_tags(self.node):
            w = metrics.horizontalAdvance(text)
            if x + w > rect.width() - 6:
                break
            painter.setPen(QColor(colour))
            painter.drawText(QRectF(x, 24, w + 1, 13), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x += w + 8
        if self.node.goal:
            painter.setFont(GOAL_FONT)
            painter.setPen(pal.subtle_text)
            goal = QFontMetricsF(GOAL_FONT).elidedText(f"goal: {self.node.goal}", Qt.TextElideMode.ElideRight, inner)
            painter.drawText(QRectF(8, 36, inner, 15), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, goal)

    def _paint_badges(self, painter: QPainter) -> None:
        painter.setFont(BADGE_FONT)
        for (text, box), label in zip(self._badges, self.labels, strict=True):
            colour = label_colour(label)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(box, BADGE_HEIGHT / 2, BADGE_HEIGHT / 2)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_problem_mark(self, painter: QPainter, rect: QRectF) -> None:
        mark = QRectF(rect.right() - 20, 5, 15, 15)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PROBLEM_COLOUR))
        painter.drawEllipse(mark)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(_font(11, bold=True))
        painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, "!")

    # ----- Qt notifications ------------------------------------------------------------------

    def itemChange(self, change, value):  # noqa: N802 - Qt override
        if change == QGraphicsItem.GraphicsItemChange.ItemScenePositionHasChanged and self.scene() is not None:
            self.scene().node_moved(self.node_id)
        return super().itemChange(change, value)


class EdgeItem(QGraphicsItem):
    """An arrow between two boxes: solid for ``optimizes``, dashed for ``link``; red when rejected."""

    def __init__(self, edge: Edge, palette: Palette, interactive: bool = True) -> None:
        super().__init__()
        self.edge_id = edge.id
        self.edge = edge
        self.palette = palette
        self.has_problem = False
        self._line = QLineF()
        self._loop: QRectF | None = None
        self.setZValue(10)
        if interactive:
            self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)

    def type(self) -> int:
        return EDGE_TYPE

    def set_edge(self, edge: Edge) -> None:
        self.edge = edge
        self.setToolTip(edge.label or ("optimizes" if edge.kind == "optimizes" else "link"))
        self.update()

    def set_problem(self, has_problem: bool) -> None:
        if has_problem != self.has_problem:
            self.has_problem = has_problem
            self.update()

    def set_ends(self, source: QRectF | None, target: QRectF | None) -> None:
        """Route the arrow between the two boxes' scene rectangles (border to border)."""
        self.prepareGeometryChange()
        self._loop = None
        if source is None or target is None:
            self._line = QLineF()
        elif self.edge.source == self.edge.target:
            self._loop = QRectF(source.right() - 30, source.top() - 22, 44, 44)
        else:
            line = QLineF(source.center(), target.center())
            self._line = QLineF(_clip(line, source, from_start=True), _clip(line, target, from_start=False))
        self.update()

    def _path(self) -> QPainterPath:
        path = QPainterPath()
        if self._loop is not None:
            path.arcMoveTo(self._loop, 200)
            path.arcTo(self._loop, 200, 250)
        elif self._line.length() > 0:
            path.moveTo(self._line.p1())
            path.lineTo(self._line.p2())
        return path

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        rect = self._path().boundingRect().adjusted(-12, -12, 12, 12)
        if self.edge.label:
            rect = rect.united(self._label_rect().adjusted(-2, -2, 2, 2))
        return rect

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        return stroker.createStroke(self._path())

    def _label_rect(self) -> QRectF:
        metrics = QFontMetricsF(GOAL_FONT)
        w = metrics.horizontalAdvance(self.edge.label) + 8
        centre = self._loop.center() if self._loop is not None else self._line.center()
        return QRectF(centre.x() - w / 2, centre.y() - 9, w, 18)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        path = self._path()
        if path.isEmpty():
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(PROBLEM_COLOUR) if self.has_problem else self.palette.edge
        if option.state & QStyle.StateFlag.State_Selected:
            colour = QColor(SELECTION_COLOUR)
        optimizes = self.edge.kind == "optimizes"
        pen = QPen(colour, 2.2 if optimizes else 1.4)
        if not optimizes or self.has_problem:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        tip = path.pointAtPercent(1.0)
        angle = math.radians(-path.angleAtPercent(0.98))
        head = QPolygonF([
            tip,
            tip - QPointF(math.cos(angle - 0.4) * 11, math.sin(angle - 0.4) * 11),
            tip - QPointF(math.cos(angle + 0.4) * 11, math.sin(angle + 0.4) * 11),
        ])
        painter.setPen(QPen(colour, 1.4))
        painter.setBrush(colour if optimizes else self.palette.canvas)
        painter.drawPolygon(head)
        if self.edge.label:
            box = self._label_rect()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.palette.canvas)
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(self.palette.text)
            painter.setFont(GOAL_FONT)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.edge.label)


def _clip(line: QLineF, rect: QRectF, from_start: bool) -> QPointF:
    """Where ``line`` crosses the border of ``rect`` (the end inside ``rect`` is moved to the border)."""
    inside, outside = (line.p1(), line.p2()) if from_start else (line.p2(), line.p1())
    if rect.contains(outside):
        return inside if not rect.contains(inside) else _border_towards(rect, outside)
    edges = [
        QLineF(rect.topLeft(), rect.topRight()),
        QLineF(rect.topRight(), rect.bottomRight()),
        QLineF(rect.bottomRight(), rect.bottomLeft()),
        QLineF(rect.bottomLeft(), rect.topLeft()),
    ]
    for edge in edges:
        kind, point = line.intersects(edge)
        if kind == QLineF.IntersectionType.BoundedIntersection:
            return point
    return inside


def _border_towards(rect: QRectF, point: QPointF) -> QPointF:
    """For an arrow to a box drawn inside it: the nearest point of ``rect``'s top band."""
    return QPointF(min(max(point.x(), rect.left()), rect.right()), rect.top() + HEADER_HEIGHT / 2)
