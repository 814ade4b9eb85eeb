"""Arrow items: one per edge, drawn from the route between its two boxes."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from diagrammer.model import Edge
from diagrammer.model.geometry import HEADER_HEIGHT
from diagrammer.ui.items import CENTRE, EDGE_FLAGS, EDGE_TYPE, GOAL_FONT, NO_LINE, NO_RECT, metrics_of
from diagrammer.ui.theme import PROBLEM_COLOUR, SELECTION_COLOUR, Palette

_EDGE_STYLES: dict[tuple, list] = {}

Box = tuple[float, float, float, float]  # a scene rectangle as plain numbers: x, y, width, height


class EdgeItem(QGraphicsItem):
    """An arrow between two boxes: solid for ``optimizes``, dashed for ``link``; red when rejected.

    Routing is plain arithmetic on numbers (it runs for every arrow when a large diagram opens);
    the Qt path used for hit-testing is made only when asked for.
    """

    def __init__(self, edge: Edge, palette: Palette, interactive: bool = True) -> None:
        super().__init__()
        self.edge_id = edge.id
        self.edge = edge
        self.palette = palette
        self.has_problem = False
        self._line = NO_LINE
        self._loop: QRectF | None = None
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

    def set_ends(self, source: Box | None, target: Box | None) -> None:
        """Route the arrow between the two boxes' scene rectangles (border to border).

        (Qt repaints both the old and the new area of an item that announced a geometry change.)
        """
        self.prepareGeometryChange()
        self._loop = None
        self._path_cache = None
        self._head = None
        if source is None or target is None:
            self._line = NO_LINE
            self._tip = None
        elif self.edge.source == self.edge.target:
            x, y, w, _h = source
            self._loop = QRectF(x + w - 30, y - 22, 44, 44)
            path = self._path()
            tip = path.pointAtPercent(1.0)
            self._tip = (tip.x(), tip.y(), math.radians(-path.angleAtPercent(0.98)))
        else:
            x1, y1, x2, y2 = route(source, target)
            self._line = QLineF(x1, y1, x2, y2)
            self._tip = (x2, y2, math.atan2(y2 - y1, x2 - x1)) if (x1, y1) != (x2, y2) else None
        self._bounds = self._make_bounds()

    def _path(self) -> QPainterPath:
        if self._path_cache is None:
            path = QPainterPath()
            if self._loop is not None:
                path.arcMoveTo(self._loop, 200)
                path.arcTo(self._loop, 200, 250)
            elif self._line.length() > 0:
                path.moveTo(self._line.p1())
                path.lineTo(self._line.p2())
            self._path_cache = path
        return self._path_cache

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    def _make_bounds(self) -> QRectF:
        if self._loop is not None:
            rect = self._loop.adjusted(-12, -12, 12, 12)
        else:
            line = self._line
            x1, y1, x2, y2 = line.x1(), line.y1(), line.x2(), line.y2()
            rect = QRectF(min(x1, x2) - 12, min(y1, y2) - 12, abs(x2 - x1) + 24, abs(y2 - y1) + 24)
        if self.edge.label:
            rect = rect.united(self._label_rect().adjusted(-2, -2, 2, 2))
        return rect

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        return stroker.createStroke(self._path())

    def _label_rect(self) -> QRectF:
        metrics = metrics_of(GOAL_FONT)
        w = metrics.horizontalAdvance(self.edge.label) + 8
        centre = self._loop.center() if self._loop is not None else self._line.center()
        return QRectF(centre.x() - w / 2, centre.y() - 9, w, 18)

    def _style(self) -> None:
        key = (self.edge.kind, self.has_problem, id(self.palette))
        pens = _EDGE_STYLES.get(key)
        if pens is None:
            pens = _EDGE_STYLES[key] = self._make_pens()
        self._pens = pens

    def _make_pens(self) -> list:
        optimizes = self.edge.kind == "optimizes"
        colour = QColor(PROBLEM_COLOUR) if self.has_problem else self.palette.edge
        pens = []
        for c in (colour, QColor(SELECTION_COLOUR)):
            pen = QPen(c, 2.2 if optimizes else 1.4)
            if not optimizes or self.has_problem:
                pen.setStyle(Qt.PenStyle.DashLine)
            pens.append((pen, QPen(c, 1.4), QBrush(c if optimizes else self.palette.canvas)))
        return pens

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._tip is None:
            return
        if self._head is None:
            self._head = _arrow_head(*self._tip)
        line_pen, head_pen, head_brush = self._pens[1 if self.isSelected() else 0]
        painter.setPen(line_pen)
        if self._loop is None:
            painter.drawLine(self._line)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._path())
        painter.setPen(head_pen)
        painter.setBrush(head_brush)
        painter.drawPolygon(self._head)
        if self.edge.label:
            box = self._label_rect()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.palette.canvas)
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(self.palette.text)
            painter.setFont(GOAL_FONT)
            painter.drawText(box, CENTRE, self.edge.label)


def _arrow_head(x: float, y: float, angle: float) -> QPolygonF:
    """The head of an arrow whose tip is at ``(x, y)``, pointing along ``angle``."""
    return QPolygonF([
        QPointF(x, y),
        QPointF(x - math.cos(angle - 0.4) * 11, y - math.sin(angle - 0.4) * 11),
        QPointF(x - math.cos(angle + 0.4) * 11, y - math.sin(angle + 0.4) * 11),
    ])


def route(source: Box, target: Box) -> tuple[float, float, float, float]:
    """The straight arrow from box to box, border to border: ``(x1, y1, x2, y2)``.

    Aimed centre to centre; an arrow between a container and one of its parts leaves the
    container from its header band.
    """
    sx, sy, sw, sh = source
    tx, ty, tw, th = target
    scx, scy, tcx, tcy = sx + sw / 2, sy + sh / 2, tx + tw / 2, ty + th / 2
    x1, y1 = _clip(scx, scy, sw / 2, sh / 2, tcx, tcy, sx, sy)
    x2, y2 = _clip(tcx, tcy, tw / 2, th / 2, scx, scy, tx, ty)
    return x1, y1, x2, y2


def _clip(cx: float, cy: float, hw: float, hh: float, ox: float, oy: float, left: float, top: float):
    """Where the line from the centre ``(cx, cy)`` of a box towards ``(ox, oy)`` leaves the box."""
    dx, dy = ox - cx, oy - cy
    if abs(dx) <= hw and abs(dy) <= hh:
        # The other end is inside this box (an arrow to a part): leave from the header band.
        return min(max(ox, left), left + 2 * hw), top + min(HEADER_HEIGHT / 2, hh)
    scale = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return cx + dx * scale, cy + dy * scale
