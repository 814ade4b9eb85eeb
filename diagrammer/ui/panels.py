"""Read-only docks: the labels of the selected box with their explanations, the problems, the legend.

All user text is inserted as plain text (never parsed as markup).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from diagrammer.model import Document
from diagrammer.rules import DISPLAY_ORDER, LABEL_DISPLAY, Classification, Problem, display_name, display_order
from diagrammer.ui.theme import PROBLEM_COLOUR, label_colour, label_mark


class LabelsPanel(QTextBrowser):
    """Every label of the selected box, each with its filled explanation; clicking a label's badge
    reports it (the window then shows on the canvas what makes it true)."""

    label_chosen = Signal(str, str)  # node id, label id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setObjectName("labels")
        self.node_id: str | None = None
        self.anchorClicked.connect(self._anchor_clicked)

    def show_node(self, doc: Document, result: Classification | None, node_id: str | None) -> None:
        self.clear()
        self.node_id = node_id if node_id is not None and node_id in doc.nodes and result is not None else None
        cursor = self.textCursor()
        if self.node_id is None:
            cursor.insertText("Select one box to see why it has its labels.")
            return
        name = doc.nodes[node_id].name or node_id
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        heading.setFontPointSize(self.font().pointSizeF() + 1)
        cursor.insertText(name, heading)
        labels = display_order(result.labels.get(node_id, []))
        plain = QTextCharFormat()
        if not labels:
            cursor.insertText("\nNo label: nothing in the diagram makes it a subagent or a product of "
                              "optimization.", plain)
        else:
            cursor.insertText("\nClick a label to see on the canvas what makes it true.", plain)
        for label in labels:
            badge = QTextCharFormat()
            badge.setFontWeight(QFont.Weight.Bold)
            badge.setForeground(QBrush(QColor("#ffffff")))
            badge.setBackground(QBrush(label_colour(label)))
            badge.setAnchor(True)
            badge.setAnchorHref(f"label:{label}")
            badge.setToolTip("Show why on the canvas")
            cursor.insertBlock()
            cursor.insertBlock()
            cursor.insertText(f" {display_name(label)} ", badge)
            cursor.insertText(f"  ({label})", plain)
            cursor.insertBlock()
            cursor.insertText(result.explanations.get(node_id, {}).get(label, ""), plain)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _anchor_clicked(self, url) -> None:
        text = url.toString()
        if self.node_id is not None and text.startswith("label:"):
            self.label_chosen.emit(self.node_id, text.removeprefix("label:"))

    def text(self) -> str:
        return self.toPlainText()


# The obvious repair of each problem, if there is one (the window applies it as one undo step).
FIX_TEXT = {
    "self-optimization": "Remove the arrow",
    "producer-inside-product": "Remove the arrow",
    "producer-not-optimizer": "Add the optimizer kind",
    "product-inside-producer": "Move it out of its producer",
    "containment-cycle": "Move to the top level",
}


class ProblemsPanel(QWidget):
    """The diagram's problems; choosing one selects what it names, and offers the obvious fix."""

    problem_chosen = Signal(object)  # Problem
    fix_requested = Signal(object)  # Problem

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.list = QListWidget()
        self.list.setObjectName("problems")
        self.list.setWordWrap(True)
        self.fix_button = QPushButton("Fix")
        self.fix_button.setEnabled(False)
        self.fix_button.setObjectName("fix")
        row = QHBoxLayout()
        self.summary = QLabel("No problems.")
        row.addWidget(self.summary, 1)
        row.addWidget(self.fix_button)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemClicked.connect(lambda item: self.problem_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.fix_button.clicked.connect(self._fix)
        self._problems: list[Problem] = []

    def show_problems(self, problems: list[Problem], doc: Document | None = None) -> None:
        current = self.list.currentItem()
        current_id = current.data(Qt.ItemDataRole.UserRole).id if current else None
        self.list.blockSignals(True)
        self.list.clear()
        self._problems = list(problems)
        for problem in problems:
            item = QListWidgetItem(f"{problem.message}\n{problem_subject(problem, doc)}")
            item.setToolTip(problem.id)
            item.setData(Qt.ItemDataRole.UserRole, problem)
            item.setIcon(_dot_icon(PROBLEM_COLOUR))
            self.list.addItem(item)
            if problem.id == current_id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.summary.setText(
            "No problems." if not problems else f"{len(problems)} problem{'s' if len(problems) != 1 else ''}."
        )
        self._current_changed(self.list.currentItem(), None)

    def _current_changed(self, item, _previous) -> None:
        problem = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        fix = FIX_TEXT.get(problem.code) if problem is not None else None
        if problem is not None and problem.code == "dangling-reference":
            fix = "Remove the broken reference"
        self.fix_button.setEnabled(fix is not None)
        self.fix_button.setText(fix or "Fix")

    def _fix(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.fix_requested.emit(item.data(Qt.ItemDataRole.UserRole))


def problem_subject(problem: Problem, doc: Document | None) -> str:
    """What a problem involves, by box names: ``«SGD» → «Planner»`` for arrows, else the boxes."""

    def name(node_id: str) -> str:
        node = doc.nodes.get(node_id) if doc is not None else None
        return f"«{node.name or node_id}»" if node is not None else f"«{node_id}» (missing)"

    if problem.code == "dangling-reference":
        return f"No box has the id «{problem.subject}»"
    arrows = []
    for edge_id in problem.edge_ids:
        edge = doc.edges.get(edge_id) if doc is not None else None
        if edge is not None:
            arrows.append(f"{name(edge.source)} → {name(edge.target)}")
    if arrows:
        return "Arrow " + "; ".join(arrows) if len(arrows) == 1 else "Arrows " + "; ".join(arrows)
    return ", ".join(name(n) for n in problem.node_ids) or problem.subject


def _dot_icon(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def _mark_icon(label: str) -> QIcon:
    """The label's badge colour with its short mark written on it."""
    font = QFont()
    font.setPixelSize(10)
    font.setBold(True)
    pixmap = QPixmap(46, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(label_colour(label))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(0, 0, 46, 16, 8, 8)
    painter.setPen(QColor("#ffffff"))
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "L" if label == ANY_DEPTH else label_mark(label))
    painter.end()
    return QIcon(pixmap)


ANY_DEPTH = "mesa-depth-N"  # the legend's one entry for every depth


class LegendPanel(QListWidget):
    """Every label with its badge colour, mark and display name; clicking one reports its id
    (``mesa-depth-N`` for the depth entry, which stands for every depth)."""

    label_chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setIconSize(QSize(46, 16))
        for key in DISPLAY_ORDER:
            item = QListWidgetItem(_mark_icon(key), LABEL_DISPLAY[key])
            item.setToolTip(f"{key}: click to select every box with this label")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.addItem(item)
        self.itemClicked.connect(lambda item: self.label_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))

    def row_of(self, label: str) -> int:
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == label:
                return row
        return -1
