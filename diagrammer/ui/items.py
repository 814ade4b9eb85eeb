"""Scene items: a box per node (nested as Qt child items) and an arrow per edge.

Items are drawn from what the scene hands them (the node's fields and its labels); they own no
document state. Fonts use pixel sizes so that text keeps its size relative to the boxes on screen,
in PNG, SVG and PDF alike.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem

from diagrammer.model import Node
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


NO_LINE, NO_RECT = QLineF(), QRectF()  # shared placeholders: never changed in place
NODE_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
EDGE_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
LEFT_CENTRE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter
ELIDE = Qt.TextElideMode.ElideRight
# Below this zoom text is unreadable: boxes are drawn without it, as yEd and draw.io do.
TEXT_MIN_ZOOM = 0.3
WHITE = QColor("#ffffff")
OPTIMIZER_PEN = QPen(QColor(KIND_COLOURS["optimizer"]), 1.2)
DROP_PEN = QPen(QColor(DROP_TARGET_COLOUR), 3.0)
SELECTION_PEN = QPen(QColor(SELECTION_COLOUR), 2.0, Qt.PenStyle.DashLine)

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


_METRICS: dict[int, QFontMetricsF] = {}
_NODE_STYLES: dict[tuple, tuple] = {}
_BADGES: dict[tuple, list[tuple[str, QRectF]]] = {}


def metrics_of(font: QFont) -> QFontMetricsF:
    """Metrics of one of this module's fonts (made once: thousands of boxes share them)."""
    metrics = _METRICS.get(id(font))
    if metrics is None:
        metrics = _METRICS[id(font)] = QFontMetricsF(font)
    return metrics


def badge_rects(labels, width: float) -> list[tuple[str, QRectF]]:
    """Where each label badge goes: rows from ``BADGE_TOP``, wrapping within ``width``.

    Memoised: most boxes of a large diagram share their label set and width.
    """
    key = (tuple(labels), width)
    cached = _BADGES.get(key)
    if cached is None:
        cached = _BADGES[key] = _layout_badges(labels, width)
    return cached


def _layout_badges(labels, width: float) -> list[tuple[str, QRectF]]:
    metrics = metrics_of(BADGE_FONT)
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

    def __init__(self, node: Node, palette: Palette, interactive: bool = True, labels=(),
                 has_problem: bool = False, is_container: bool = False) -> None:
        super().__init__()
        self.node_id = node.id
        self.palette = palette
        self.node = node
        self.labels: list[str] = list(labels)
        self.has_problem = has_problem
        self.is_container = is_container
        self.drop_target = False
        self.preview_size: QSizeF | None = None
        self._badges: list[tuple[str, QRectF]] = []
        self._texts: tuple = ()
        self.full_detail = not interactive  # exports always draw text, whatever their scale
        if interactive:
            self.setFlags(NODE_FLAGS)
        self.setPos(node.x or 0.0, node.y or 0.0)
        self._relayout()

    def type(self) -> int:
        return NODE_TYPE

    # ----- state from the scene --------------------------------------------------------------

    def set_node(self, node: Node) -> None:
        self.prepareGeometryChange()
        self.setPos(node.x or 0.0, node.y or 0.0)
        self.node = node
        self._relayout()
        self.update()

    def set_labels(self, labels: list[str], has_problem: bool) -> bool:
        """Show new labels; True when the box's outline changed (its arrows need re-routing)."""
        if labels == self.labels and has_problem == self.has_problem:
            return False
        old = self._rect
        self.prepareGeometryChange()
        self.labels = list(labels)
        self.has_problem = has_problem
        self._relayout()
        self.update()
        return self._rect != old

    def set_container(self, is_container: bool) -> None:
        if is_container != self.is_container:
            self.prepareGeometryChange()
            self.is_container = is_container
            self._relayout()
            self.update()

    def set_preview_size(self, size: QSizeF | None) -> None:
        """The size shown while a resize is being dragged (None: the model's size)."""
        self.prepareGeometryChange()
        self.preview_size = size
        self._relayout()
        self.update()

    def set_drop_target(self, on: bool) -> None:
        if on != self.drop_target:
            self.drop_target = on
            self.update()

    def _relayout(self) -> None:
        """Compute once what paint draws: outline, elided texts, tags and badges."""
        if self.preview_size is None:
            width, height = self.node.width, self.node.height
        else:
            width, height = self.preview_size.width(), self.preview_size.height()
        self._badges = badge_rects(self.labels, width) if self.labels else []
        if self._badges and not self.is_container:
            # A leaf grows downwards rather than hide a label it was given.
            height = max(height, self._badges[-1][1].bottom() + 6)
        self.box_width, self.box_height = width, height
        self._rect = QRectF(0, 0, width, height)
        self._bounding = QRectF(-3, -3, width + 6, height + 6)
        self._style()
        self._texts = ()  # made on the first close-up paint: far zoomed out, text is never drawn

    def _text_layout(self) -> tuple:
        if self._texts:
            return self._texts
        size = self.size()
        inner = size.width() - 16
        name = metrics_of(NAME_FONT).elidedText(self.node.name or "(unnamed)", ELIDE, inner)
        goal = metrics_of(GOAL_FONT).elidedText(f"goal: {self.node.goal}", ELIDE, inner) if self.node.goal else ""
        tags = []
        x = 8.0
        tag_metrics = metrics_of(TAG_FONT)
        for text, colour in kind_tags(self.node):
            w = tag_metrics.horizontalAdvance(text)
            if x + w > size.width() - 6:
                break
            tags.append((QRectF(x, 24, w + 1, 13), text, QColor(colour)))
            x += w + 8
        self._texts = (QRectF(8, 6, inner, 18), name, tags, QRectF(8, 36, inner, 15), goal)
        return self._texts

    def tooltip_text(self) -> str:
        tips = [self.node.name or self.node.id]
        if self.node.goal:
            tips.append(f"Goal: {self.node.goal}")
        if self.labels:
            tips.append("Labels: " + ", ".join(display_name(label) for label in self.labels))
        return "\n".join(tips)

    # ----- geometry --------------------------------------------------------------------------

    def size(self) -> QSizeF:
        if self.preview_size is not None:
            return self.preview_size
        return QSizeF(self.node.width, self.node.height)

    def box_rect(self) -> QRectF:
        return self._rect

    def scene_box(self) -> tuple[float, float, float, float]:
        """The box's scene rectangle as plain numbers ``(x, y, width, height)``."""
        pos = self.scenePos()
        return pos.x(), pos.y(), self.box_width, self.box_height

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounding

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

    def _style(self) -> None:
        """Pens and brushes for the current kinds and labels, shared by every box that looks alike."""
        node = self.node
        key = (*node.kinds, node.designed_by_humans, self.is_container, self.labels[0] if self.labels else "",
               id(self.palette))
        self._style_key = key
        style = _NODE_STYLES.get(key)
        if style is None:
            self._make_style()
            _NODE_STYLES[key] = (self._radius, self._fill, self._pen, self._strip)
        else:
            self._radius, self._fill, self._pen, self._strip = style

    def _make_style(self) -> None:
        node = self.node
        self._radius = 14.0 if node.is_agent else 4.0
        self._fill = QBrush(self.palette.container_fill if self.is_container else self.palette.box_fill)
        if node.is_agent:
            border = QColor(KIND_COLOURS["agent"])
        elif node.is_optimizer:
            border = QColor(KIND_COLOURS["optimizer"])
        else:
            border = self.palette.box_border
        self._pen = QPen(border, 2.0 if node.kinds else 1.2)
        if node.designed_by_humans:
            self._pen.setStyle(Qt.PenStyle.DashLine)
        self._strip = QBrush(label_colour(self.labels[0])) if self.labels else None

    def paint(self, painter: QPainter, option, widget=None) -> None:
        rect = self._rect
        radius = self._radius
        painter.setPen(self._pen)
        painter.setBrush(self._fill)
        painter.drawRoundedRect(rect, radius, radius)
        if self.full_detail or painter.worldTransform().m11() >= TEXT_MIN_ZOOM:
            if self.node.is_agent and self.node.is_optimizer:
                # Both kinds: an inner orange outline inside the agent's blue one.
                painter.setPen(OPTIMIZER_PEN)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect.adjusted(3, 3, -3, -3), radius - 3, radius - 3)
            self._paint_text(painter, rect)
            self._paint_badges(painter)
            if self.has_problem:
                self._paint_problem_mark(painter, rect)
        if self.drop_target or self.isSelected():
            self._paint_marks(painter, rect, radius)

    def _paint_marks(self, painter: QPainter, rect: QRectF, radius: float) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.drop_target:
            painter.setPen(DROP_PEN)
            painter.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), radius, radius)
        if self.isSelected():
            painter.setPen(SELECTION_PEN)
            painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), radius, radius)
            painter.fillRect(QRectF(rect.right() - HANDLE + 2, rect.bottom() - HANDLE + 2, HANDLE, HANDLE),
                             QColor(SELECTION_COLOUR))

    def _paint_text(self, painter: QPainter, rect: QRectF) -> None:
        name_box, name, tags, goal_box, goal = self._text_layout()
        painter.setFont(NAME_FONT)
        painter.setPen(self.palette.text)
        painter.drawText(name_box, LEFT_CENTRE, name)
        painter.setFont(TAG_FONT)
        for box, text, colour in tags:
            painter.setPen(colour)
            painter.drawText(box, LEFT_CENTRE, text)
        if goal:
            painter.setFont(GOAL_FONT)
            painter.setPen(self.palette.subtle_text)
            painter.drawText(goal_box, LEFT_CENTRE, goal)

    def _paint_badges(self, painter: QPainter) -> None:
        painter.setFont(BADGE_FONT)
        for (text, box), label in zip(self._badges, self.labels, strict=True):
            colour = label_colour(label)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(box, BADGE_HEIGHT / 2, BADGE_HEIGHT / 2)
            painter.setPen(WHITE)
            painter.drawText(box, CENTRE, text)

    def _paint_problem_mark(self, painter: QPainter, rect: QRectF) -> None:
        mark = QRectF(rect.right() - 20, 5, 15, 15)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PROBLEM_COLOUR))
        painter.drawEllipse(mark)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(_font(11, bold=True))
        painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, "!")
