"""Arrow items: one per edge, drawing the route the scene's router found (or the file stored)."""

from __future__ import annotations

import math
from itertools import pairwise

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from diagrammer.layout.routing import HEAD, LABEL_HEIGHT
from diagrammer.model import Edge
from diagrammer.ui.items import CENTRE, EDGE_FLAGS, EDGE_TYPE, GOAL_FONT, NO_RECT, metrics_of
from diagrammer.ui.theme import PROBLEM_COLOUR, SELECTION_COLOUR, Palette

_EDGE_STYLES: dict[tuple, list] = {}
LABEL_PADDING = 8.0
BAR, DOT = 16.0, 3.5  # the bar across an arrow's end, the dot at its start, at a container's header
LABEL_WRAP = 160.0  # a label wider than this wraps
LABEL_FLAGS = int(CENTRE) | int(Qt.TextFlag.TextWordWrap)

Point = tuple[float, float]


def label_size(text: str) -> tuple[float, float]:
    """The size of an arrow's label as drawn (its text plus a little room); a label longer than
    :data:`LABEL_WRAP` wraps onto more lines rather than running across the picture."""
    metrics = metrics_of(GOAL_FONT)
    width = metrics.horizontalAdvance(text)
    if width <= LABEL_WRAP:
        return width + LABEL_PADDING, LABEL_HEIGHT
    box = metrics.boundingRect(QRectF(0, 0, LABEL_WRAP, 10_000), LABEL_FLAGS, text)
    return math.ceil(box.width()) + LABEL_PADDING, math.ceil(box.height()) + LABEL_HEIGHT - metrics.height()


def edge_pens(kind: str, has_problem: bool, palette: Palette) -> list:
    """An arrow's ``(line pen, head pen, head brush)``, plain and selected, shared by alike arrows."""
    key = (kind, has_problem, id(palette))
    pens = _EDGE_STYLES.get(key)
    if pens is None:
        pens = _EDGE_STYLES[key] = _make_pens(kind == "optimizes", has_problem, palette)
    return pens


def _make_pens(optimizes: bool, has_problem: bool, palette: Palette) -> list:
    colour = QColor(PROBLEM_COLOUR) if has_problem else palette.edge
    pens = []
    for c in (colour, QColor(SELECTION_COLOUR)):
        pen = QPen(c, 2.2 if optimizes else 1.4)
        if not optimizes or has_problem:
            pen.setStyle(Qt.PenStyle.DashLine)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        pens.append((pen, QPen(c, 1.4), QBrush(c if optimizes else palette.canvas)))
    return pens


class EdgeItem(QGraphicsItem):
    """An arrow between two boxes: solid for ``optimizes``, dashed for ``link``; red when rejected.

    It draws the polyline it is given (:meth:`set_route`) with a head at the last point, and its
    label in the rectangle it is given; the Qt path used for hit-testing is made only when asked for.
    """

    def __init__(self, edge: Edge, palette: Palette, interactive: bool = True) -> None:
        super().__init__()
        self.edge_id = edge.id
        self.edge = edge
        self.palette = palette
        self.has_problem = False
        self.points: list[Point] = []
        self.label_rect: QRectF | None = None
        self.bars = (False, False)  # a bar across the start, the end (see set_route)
        self._loop = None  # the far-zoom layer draws every arrow from its lines()
        self._path_cache: QPainterPath | None = None
        self._tip: tuple[float, float, float] | None = None  # the head's tip and direction
        self._head: QPolygonF | None = None  # made from the tip on the first close-up paint
        self._bounds = NO_RECT
        self._style()
        self.setZValue(10)
        if interactive:
            self.setFlags(EDGE_FLAGS)

    def type(self) -> int:
        return EDGE_TYPE

    def set_edge(self, edge: Edge) -> None:
        self.prepareGeometryChange()
        self.edge = edge
        self._style()
        self._bounds = self._make_bounds()
        self.update()

    def set_problem(self, has_problem: bool) -> None:
        if has_problem != self.has_problem:
            self.has_problem = has_problem
            self._style()
            self.update()

    def set_route(self, points: list[Point], label: tuple[float, float, float, float] | None = None,
                  bars: tuple[bool, bool] = (False, False)) -> None:
        """Draw the arrow along ``points`` (scene coordinates, source border to target border).

        ``bars`` marks the start (a dot) or the end (a bar across) where the arrow meets the foot of
        a container's header (an arrow between a container and its own part), which has no line drawn.
        (Qt repaints both the old and the new area of an item that announced a geometry change.)
        """
        self.prepareGeometryChange()
        self.bars = bars
        self._path_cache = None
        self._head = None
        self.points = list(points)
        self.label_rect = QRectF(*label) if label is not None and self.edge.label else None
        self._tip = None
        if len(points) >= 2:
            (x1, y1), (x2, y2) = points[-2], points[-1]
            if (x1, y1) != (x2, y2):
                self._tip = (x2, y2, math.atan2(y2 - y1, x2 - x1))
        self._bounds = self._make_bounds()

    def lines(self) -> list[QLineF]:
        """The route's straight stretches."""
        return [QLineF(QPointF(*p), QPointF(*q)) for p, q in pairwise(self.points)]

    def _path(self) -> QPainterPath:
        if self._path_cache is None:
            path = QPainterPath()
            if len(self.points) >= 2:
                path.moveTo(*self.points[0])
                # Stop the line where the head begins, so a thick line does not blunt its tip.
                for x, y in self.points[1:-1]:
                    path.lineTo(x, y)
                if self._tip is not None:
                    x, y, angle = self._tip
                    path.lineTo(x - math.cos(angle) * HEAD * 0.6, y - math.sin(angle) * HEAD * 0.6)
            self._path_cache = path
        return self._path_cache

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    def _make_bounds(self) -> QRectF:
        if not self.points:
            return NO_RECT
        xs = [p[0] for p in self.points]
        ys = [p[1] for p in self.points]
        rect = QRectF(min(xs) - 12, min(ys) - 12, max(xs) - min(xs) + 24, max(ys) - min(ys) + 24)
        if self.label_rect is not None:
            rect = rect.united(self.label_rect.adjusted(-2, -2, 2, 2))
        return rect

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        return stroker.createStroke(self._path())

    def _style(self) -> None:
        self._pens = edge_pens(self.edge.kind, self.has_problem, self.palette)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._tip is None:
            return
        if self._head is None:
            self._head = _arrow_head(*self._tip)
        line_pen, head_pen, head_brush = self._pens[1 if self.isSelected() else 0]
        painter.setPen(line_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path())
        painter.setPen(head_pen)
        painter.setBrush(head_brush)
        painter.drawPolygon(self._head)
        if self.bars[0]:  # it leaves from the foot of a container's header: a dot where it starts
            painter.drawEllipse(QPointF(*self.points[0]), DOT, DOT)
        if self.bars[1]:  # it ends at the foot of a container's header: a bar across behind the head
            (px, py), (x, y) = self.points[-2], self.points[-1]
            angle = math.atan2(y - py, x - px) + math.pi / 2
            dx, dy = math.cos(angle) * BAR / 2, math.sin(angle) * BAR / 2
            painter.drawLine(QLineF(x - dx, y - dy, x + dx, y + dy))
        if self.label_rect is not None:
            box = self.label_rect
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.palette.canvas)
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(self.palette.text)
            painter.setFont(GOAL_FONT)
            painter.drawText(box, LABEL_FLAGS, self.edge.label)


def _arrow_head(x: float, y: float, angle: float) -> QPolygonF:
    """The head of an arrow whose tip is at ``(x, y)``, pointing along ``angle``."""
    return QPolygonF([
        QPointF(x, y),
        QPointF(x - math.cos(angle - 0.4) * HEAD, y - math.sin(angle - 0.4) * HEAD),
        QPointF(x - math.cos(angle + 0.4) * HEAD, y - math.sin(angle + 0.4) * HEAD),
    ])
