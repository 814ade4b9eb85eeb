"""Read-only docks: the labels of the selected box with their explanations, the problems, the legend.

All user text is inserted as plain text (never parsed as markup).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from diagrammer.model import Document
from diagrammer.rules import LABEL_DISPLAY, Classification, Problem, display_name
from diagrammer.ui.theme import PROBLEM_COLOUR, label_colour


class LabelsPanel(QTextEdit):
    """Every label of the selected box, each with its filled explanation."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setObjectName("labels")

    def show_node(self, doc: Document, result: Classification | None, node_id: str | None) -> None:
        self.clear()
        cursor = self.textCursor()
        if node_id is None or node_id not in doc.nodes or result is None:
            cursor.insertText("Select one box to see why it has its labels.")
            return
        name = doc.nodes[node_id].name or node_id
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        heading.setFontPointSize(self.font().pointSizeF() + 1)
        cursor.insertText(name, heading)
        labels = result.labels.get(node_id, [])
        plain = QTextCharFormat()
        if not labels:
            cursor.insertText("\nNo label: nothing in the diagram makes it a subagent or a product of "
                              "optimization.", plain)
        for label in labels:
            badge = QTextCharFormat()
            badge.setFontWeight(QFont.Weight.Bold)
            badge.setForeground(QBrush(QColor("#ffffff")))
            badge.setBackground(QBrush(label_colour(label)))
            cursor.insertBlock()
            cursor.insertBlock()
            cursor.insertText(f" {display_name(label)} ", badge)
            cursor.insertText(f"  ({label})", plain)
            cursor.insertBlock()
            cursor.insertText(result.explanations.get(node_id, {}).get(label, ""), plain)
        self.moveCursor(QTextCursor.MoveOperation.Start)

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

    def show_problems(self, problems: list[Problem]) -> None:
        current = self.list.currentItem()
        current_id = current.data(Qt.ItemDataRole.UserRole).id if current else None
        self.list.blockSignals(True)
        self.list.clear()
        self._problems = list(problems)
        for problem in problems:
            item = QListWidgetItem(f"{problem.message}\n{problem.id}")
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


LEGEND_ORDER = [
    "subagent", "composite-agent", "hosted-agent", "base-optimizer", "meta-optimizer", "designed-optimizer",
    "mesa-optimizer", "mesa-depth-1", "mesa-mesa-optimizer", "contains-mesa-optimizer", "learned-algorithm",
    "objective-mismatch", "objective-unstated", "behavioral-objective-mismatch", "outer-objective-mismatch",
]


class LegendPanel(QListWidget):
    """Every label with its badge colour and display name."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        for label in LEGEND_ORDER:
            name = "Mesa level N" if label == "mesa-depth-1" else LABEL_DISPLAY.get(label, display_name(label))
            item = QListWidgetItem(_dot_icon(label_colour(label).name()), name)
            item.setToolTip(label if label != "mesa-depth-1" else "mesa-depth-N")
            self.addItem(item)
