"""Scene items: a box per node (nested as Qt child items) and an arrow per edge.

Items are drawn from what the scene hands them (the node's fields, its labels, and the size and
text layout the scene resolved with :mod:`diagrammer.layout.geometry`); they own no document
state. Fonts use pixel sizes so that text keeps its size relative to the boxes on screen, in PNG,
SVG and PDF alike.
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

from diagrammer.layout.geometry import BoxLayout
from diagrammer.model import Node
from diagrammer.model import kinds as kind_table
from diagrammer.rules import display_name
from diagrammer.ui.measure import BADGE_FONT, GOAL_FONT, NAME_FONT, TAG_FONT, _font
from diagrammer.ui.theme import (
    DROP_TARGET_COLOUR,
    PROBLEM_COLOUR,
    SELECTION_COLOUR,
    Palette,
    label_colour,
)

NODE_TYPE = QGraphicsItem.UserType + 1
EDGE_TYPE = QGraphicsItem.UserType + 2
HANDLE = 10.0
MARK = 15.0  # the problem and note marks at the top right


NO_LINE, NO_RECT = QLineF(), QRectF()  # shared placeholders: never changed in place
NODE_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
EDGE_FLAGS = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
LEFT_CENTRE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter
TEXT_FLAGS = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextDontClip
# Below this zoom text is unreadable: boxes are drawn without it, as yEd and draw.io do.
TEXT_MIN_ZOOM = 0.3
WHITE = QColor("#ffffff")
INNER_WIDTH = 1.2  # the outline of each further kind of a box, inside its border
INNER_STEP = 3.0  # between a box's border and its first inner outline, and between inner outlines
DROP_PEN = QPen(QColor(DROP_TARGET_COLOUR), 3.0)
SELECTION_PEN = QPen(QColor(SELECTION_COLOUR), 2.0, Qt.PenStyle.DashLine)

BADGE_HEIGHT = 16.0  # the legend's badges
MARK_FONT = _font(11, bold=True)
DESIGNED_COLOUR = QColor("#5b6b7a")  # the DESIGNED tag's (designed by humans is not a kind)
NOTE_COLOUR = QColor("#e0b000")

_METRICS: dict[int, QFontMetricsF] = {}
_NODE_STYLES: dict[tuple, tuple] = {}
# A box's outline and bounding rectangles by size, shared by every box of that size (never changed
# in place): thousands of boxes of a few sizes then make a few rectangles, not two each.
_OUTLINES: dict[tuple[float, float], tuple[QRectF, QRectF]] = {}
MAX_OUTLINES = 20000


def metrics_of(font: QFont) -> QFontMetricsF:
    """Metrics of one of this module's fonts (made once: thousands of boxes share them)."""
    metrics = _METRICS.get(id(font))
    if metrics is None:
        metrics = _METRICS[id(font)] = QFontMetricsF(font)
    return metrics


def _qrect(rect: tuple[float, float, float, float]) -> QRectF:
    return QRectF(*rect)


def node_style(node: Node, labels, is_container: bool, palette: Palette) -> tuple[tuple, tuple]:
    """A box's style key and its ``(radius, fill, pen, strip, inner pens, tag colours)``, shared by every
    box that looks alike."""
    key = (*node.kinds, node.designed_by_humans, is_container, labels[0] if labels else "", id(palette))
    style = _NODE_STYLES.get(key)
    if style is None:
        style = _NODE_STYLES[key] = _make_style(node, labels, is_container, palette)
    return key, style


def _make_style(node: Node, labels, is_container: bool, palette: Palette) -> tuple:
    """The border takes the colour of the box's first kind in the table of kinds; each further kind
    adds an inner outline in its colour (an agent optimizer: orange inside the agent's blue)."""
    radius = 14.0 if node.is_agent else 4.0
    fill = QBrush(palette.container_fill if is_container else palette.box_fill)
    colours = [QColor(row.colour) for row in kind_table.KINDS if row.id in node.kinds]
    pen = QPen(colours[0] if colours else palette.box_border, 2.0 if node.kinds else 1.2)
    if node.designed_by_humans:
        pen.setStyle(Qt.PenStyle.DashLine)
    inner_pens = tuple(QPen(colour, INNER_WIDTH) for colour in colours[1:])
    tag_colours = {row.id: QColor(row.colour) for row in kind_table.KINDS if row.id in node.kinds}
    tag_colours["designed"] = DESIGNED_COLOUR
    strip = QBrush(label_colour(labels[0])) if labels else None
    return radius, fill, pen, strip, inner_pens, tag_colours


class NodeItem(QGraphicsItem):
    """A box drawn at the size and with the text layout the scene resolved for it (no eliding)."""

    def __init__(self, node: Node, palette: Palette, interactive: bool = True, labels=(),
                 has_problem: bool = False, is_container: bool = False, layout: BoxLayout | None = None,
                 size: tuple[float, float] | None = None) -> None:
        super().__init__()
        self.node_id = node.id
        self.palette = palette
        self.node = node
        self.labels: list[str] = list(labels)
        self.has_problem = has_problem
        self.is_container = is_container
        self.drop_target = False
        # Drawn inside another box: a container then needs no fill of its own (the same colour is
        # under it), which keeps deep nesting from painting every pixel once per level.
        self.nested = False
        self.preview_size: QSizeF | None = None
        self.layout = layout
        self.full_detail = not interactive  # exports always draw text, whatever their scale
        if interactive:
            self.setFlags(NODE_FLAGS)
        width, height = size if size is not None else (node.width, node.height)
        self._set_size(width, height, announce=False)  # not in a scene yet
        self._style()

    def type(self) -> int:
        return NODE_TYPE

    # ----- state from the scene --------------------------------------------------------------

    def set_node(self, node: Node) -> None:
        """New fields (the scene sets the position and size it resolved)."""
        self.node = node
        self._style()
        self.update()

    def set_labels(self, labels: list[str], has_problem: bool) -> bool:
        """Show new labels; True when the labels changed (the box's size may need resolving)."""
        if labels == self.labels and has_problem == self.has_problem:
            return False
        changed = labels != self.labels
        self.labels = list(labels)
        self.has_problem = has_problem
        self._style()
        self.update()
        return changed

    def set_container(self, is_container: bool) -> None:
        if is_container != self.is_container:
            self.is_container = is_container
            self._style()
            self.update()

    def set_box(self, width: float, height: float, layout: BoxLayout) -> bool:
        """Draw at this size with this text layout; True when the outline changed."""
        if layout is self.layout and width == self.box_width and height == self.box_height:
            return False
        outline = (width, height) != (self.box_width, self.box_height)
        self.layout = layout
        self._set_size(width, height)
        self.update()
        return outline

    def set_preview_size(self, size: QSizeF | None) -> None:
        """The size shown while a resize is being dragged (None: the resolved size)."""
        self.prepareGeometryChange()
        self.preview_size = size
        self._set_size(self.box_width, self.box_height)
        self.update()

    def set_drop_target(self, on: bool) -> None:
        if on != self.drop_target:
            self.drop_target = on
            self.update()

    def _set_size(self, width: float, height: float, announce: bool = True) -> None:
        if announce:
            self.prepareGeometryChange()
        self.box_width, self.box_height = width, height
        if self.preview_size is not None:
            width = max(width if self.is_container else 0.0, self.preview_size.width())
            height = max(self.layout.min_height if self.layout else 0.0, self.preview_size.height())
        outline = _OUTLINES.get((width, height))
        if outline is None:
            outline = (QRectF(0, 0, width, height), QRectF(-3, -3, width + 6, height + 6))
            if self.preview_size is None:  # not every size a resize drag passes through
                if len(_OUTLINES) > MAX_OUTLINES:
                    _OUTLINES.clear()
                _OUTLINES[(width, height)] = outline
        self._rect, self._bounding = outline

    def text_rects(self) -> list[QRectF]:
        """Every text this box draws, in its own coordinates."""
        return [_qrect(r) for r in self.layout.text_rects()] if self.layout is not None else []

    def drawn_texts(self) -> list[str]:
        """Every text this box draws, as drawn (wrapped lines, tags, badges)."""
        layout = self.layout
        if layout is None:
            return []
        return ([t for t, _ in layout.names] + [t for t, _, _ in layout.tags] + [t for t, _ in layout.goals]
                + [t for _, t, _ in layout.badges])

    def tooltip_text(self) -> str:
        tips = [self.node.name or self.node.id]
        if self.node.goal:
            tips.append(f"Goal: {self.node.goal}")
        if self.labels:
            tips.append("Labels: " + ", ".join(display_name(label) for label in self.labels))
        if self.node.notes:
            tips.append(f"Notes: {self.node.notes}")
        return "\n".join(tips)

    # ----- geometry --------------------------------------------------------------------------

    def size(self) -> QSizeF:
        return self._rect.size()

    def box_rect(self) -> QRectF:
        return self._rect

    def scene_box(self) -> tuple[float, float, float, float]:
        """The box's scene rectangle as plain numbers ``(x, y, width, height)``."""
        pos = self.scenePos()
        return pos.x(), pos.y(), self._rect.width(), self._rect.height()

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
        self._style_key, style = node_style(self.node, self.labels, self.is_container, self.palette)
        self._radius, self._fill, self._pen, self._strip, self._inner_pens, self._tag_colours = style

    def paint(self, painter: QPainter, option, widget=None) -> None:
        rect = self._rect
        radius = self._radius
        painter.setPen(self._pen)
        painter.setBrush(Qt.BrushStyle.NoBrush if self.nested and self.is_container else self._fill)
        painter.drawRoundedRect(rect, radius, radius)
        if self.full_detail or painter.worldTransform().m11() >= TEXT_MIN_ZOOM:
            if self._inner_pens:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for i, pen in enumerate(self._inner_pens, 1):
                    inset = INNER_STEP * i
                    painter.setPen(pen)
                    painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), max(radius - inset, 0.0),
                                            max(radius - inset, 0.0))
            self._paint_text(painter, rect)
            self._paint_badges(painter)
            if self.node.notes:
                self._paint_note_mark(painter, rect)
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
        layout = self.layout
        if layout is None:
            return
        painter.setFont(NAME_FONT)
        painter.setPen(self.palette.text)
        for line, box in layout.names:
            painter.drawText(_qrect(box), TEXT_FLAGS, line)
        painter.setFont(TAG_FONT)
        for text, kind, box in layout.tags:
            painter.setPen(self._tag_colours[kind])
            painter.drawText(_qrect(box), TEXT_FLAGS, text)
        if layout.goals:
            painter.setFont(GOAL_FONT)
            painter.setPen(self.palette.subtle_text)
            for line, box in layout.goals:
                painter.drawText(_qrect(box), TEXT_FLAGS, line)

    def _paint_badges(self, painter: QPainter) -> None:
        if self.layout is None:
            return
        painter.setFont(BADGE_FONT)
        for label, text, rect in self.layout.badges:
            box = _qrect(rect)
            radius = box.height() / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(label_colour(label))
            painter.drawRoundedRect(box, radius, radius)
            painter.setPen(WHITE)
            painter.drawText(box, CENTRE | Qt.TextFlag.TextDontClip, text)

    def _paint_note_mark(self, painter: QPainter, rect: QRectF) -> None:
        """A folded-corner note sign left of the problem mark: this box has notes (shown as tooltip)."""
        left = rect.right() - 2 * MARK - 8
        path = QPainterPath()
        path.moveTo(left, 5)
        path.lineTo(left + MARK - 5, 5)
        path.lineTo(left + MARK, 10)
        path.lineTo(left + MARK, 5 + MARK)
        path.lineTo(left, 5 + MARK)
        path.closeSubpath()
        painter.setPen(QPen(self.palette.subtle_text, 1.0))
        painter.setBrush(NOTE_COLOUR)
        painter.drawPath(path)
        for i in range(3):
            y = 9.5 + i * 3.5
            painter.drawLine(QLineF(left + 3, y, left + MARK - 4, y))

    def _paint_problem_mark(self, painter: QPainter, rect: QRectF) -> None:
        mark = QRectF(rect.right() - MARK - 5, 5, MARK, MARK)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PROBLEM_COLOUR))
        painter.drawEllipse(mark)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(MARK_FONT)
        painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, "!")
