"""The Properties dock: edit the selected boxes' name, kinds, design flag, goal and notes.

With several boxes selected it shows the fields they share (a mixed checkbox is partially checked,
a mixed text field is empty with a "several values" hint) and an edit applies to all of them.
Edits are reported as ``{field: value}`` through :attr:`PropertiesPanel.edited`; the window turns
them into undoable commands, and consecutive edits of one text field merge into one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from diagrammer.model import Document
from diagrammer.model import kinds as kind_table

DESIGNED_TIP = "Its algorithm and objective were specified by hand (hard-coded), not learned."


class PropertiesPanel(QStackedWidget):
    """Node fields, edge fields, or a hint when nothing is selected."""

    edited = Signal(dict)  # node fields for the selected nodes
    edge_edited = Signal(dict)  # edge fields for the selected edges
    finished = Signal()  # Enter or Esc in a field: the canvas should have the keyboard again

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._updating = False
        self.addWidget(self._build_empty())
        self.addWidget(self._build_node_form())
        self.addWidget(self._build_edge_form())
        for field in (self.name_edit, self.goal_edit, self.notes_edit, self.label_edit, self.kind_combo):
            field.installEventFilter(self)
        for field in (self.name_edit, self.goal_edit, self.label_edit):
            field.returnPressed.connect(self.finished)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        """Esc in a field hands the keyboard back to the canvas (and is not the Select tool's key there)."""
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and event.key() == Qt.Key.Key_Escape:
            event.accept()
            if kind == QEvent.Type.KeyPress:
                self.finished.emit()
            return True
        return super().eventFilter(watched, event)

    def _build_empty(self) -> QWidget:
        label = QLabel("Select a box or an arrow to edit it.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    def _build_node_form(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.kind_boxes: dict[str, QCheckBox] = {}  # a check box per kind of the table, its definition as tip
        for kind in kind_table.KINDS:
            check = QCheckBox(kind.display)
            check.setToolTip(kind.definition)
            check.clicked.connect(lambda on, k=kind.id: self._emit({f"kind:{k}": on}))
            self.kind_boxes[kind.id] = check
        self.designed_box = QCheckBox("Designed by humans")
        self.designed_box.setToolTip(DESIGNED_TIP)
        self.goal_edit = QLineEdit()
        self.goal_edit.setObjectName("goal")
        self.goal_edit.setPlaceholderText("no stated goal")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notes")
        self.notes_edit.setTabChangesFocus(True)
        kinds = QWidget()
        kinds_layout = QVBoxLayout(kinds)
        kinds_layout.setContentsMargins(0, 0, 0, 0)
        for check in (*self.kind_boxes.values(), self.designed_box):
            kinds_layout.addWidget(check)
        form.addRow("&Name", self.name_edit)
        form.addRow("Kinds", kinds)
        form.addRow("&Goal", self.goal_edit)
        form.addRow("N&otes", self.notes_edit)
        self.name_edit.textEdited.connect(lambda text: self._emit({"name": text}))
        self.goal_edit.textEdited.connect(lambda text: self._emit({"goal": text if text.strip() else None}))
        self.notes_edit.textChanged.connect(lambda: self._emit({"notes": self.notes_edit.toPlainText()}))
        self.designed_box.clicked.connect(lambda on: self._emit({"designed_by_humans": on}))
        return page

    def _build_edge_form(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("optimizes (trains, produces)", "optimizes")
        self.kind_combo.addItem("link (ignored by the rules)", "link")
        self.label_edit = QLineEdit()
        self.label_edit.setObjectName("label")
        self.ends_label = QLabel()
        self.ends_label.setObjectName("ends")
        self.ends_label.setTextFormat(Qt.TextFormat.PlainText)
        self.ends_label.setWordWrap(True)
        form.addRow("Joins", self.ends_label)
        form.addRow("&Kind", self.kind_combo)
        form.addRow("&Label", self.label_edit)
        self.kind_combo.activated.connect(lambda i: self._emit_edge({"kind": self.kind_combo.itemData(i)}))
        self.label_edit.textEdited.connect(lambda text: self._emit_edge({"label": text}))
        return page

    def _emit(self, values: dict) -> None:
        if not self._updating:
            self.edited.emit(values)

    def _emit_edge(self, values: dict) -> None:
        if not self._updating:
            self.edge_edited.emit(values)

    def show_selection(self, doc: Document, node_ids: list[str], edge_ids: list[str]) -> None:
        """Show the shared fields of the selection (nodes take precedence over arrows)."""
        self._updating = True
        try:
            if node_ids:
                self.setCurrentIndex(1)
                nodes = [doc.nodes[n] for n in node_ids if n in doc.nodes]
                _set_text(self.name_edit, {n.name for n in nodes})
                _set_text(self.goal_edit, {n.goal or "" for n in nodes})
                notes = {n.notes for n in nodes}
                if self.notes_edit.toPlainText() != (next(iter(notes)) if len(notes) == 1 else ""):
                    self.notes_edit.setPlainText(next(iter(notes)) if len(notes) == 1 else "")
                for kind_id, check in self.kind_boxes.items():
                    _set_check(check, [kind_id in n.kinds for n in nodes])
                _set_check(self.designed_box, [n.designed_by_humans for n in nodes])
            elif edge_ids:
                self.setCurrentIndex(2)
                edges = [doc.edges[e] for e in edge_ids if e in doc.edges]
                kinds = {e.kind for e in edges}
                self.kind_combo.setCurrentIndex(
                    self.kind_combo.findData(next(iter(kinds))) if len(kinds) == 1 else -1
                )
                _set_text(self.label_edit, {e.label for e in edges})
                self.ends_label.setText("\n".join(f"from «{_name(doc, e.source)}» to «{_name(doc, e.target)}»"
                                                   for e in edges[:5]) + ("\n…" if len(edges) > 5 else ""))
            else:
                self.setCurrentIndex(0)
        finally:
            self._updating = False


def _name(doc: Document, node_id: str) -> str:
    node = doc.nodes.get(node_id)
    return (node.name or node_id) if node is not None else f"{node_id} (missing)"


def _set_text(edit: QLineEdit, values: set[str]) -> None:
    value = next(iter(values)) if len(values) == 1 else ""
    if len(values) > 1:
        edit.setPlaceholderText("several values")
    elif edit.objectName() == "goal":
        edit.setPlaceholderText("no stated goal")
    else:
        edit.setPlaceholderText("")
    if edit.text() != value:
        cursor = edit.cursorPosition()
        edit.setText(value)
        edit.setCursorPosition(min(cursor, len(value)))


def _set_check(box: QCheckBox, values: list[bool]) -> None:
    if all(values):
        box.setTristate(False)
        box.setCheckState(Qt.CheckState.Checked)
    elif not any(values):
        box.setTristate(False)
        box.setCheckState(Qt.CheckState.Unchecked)
    else:
        box.setTristate(True)
        box.setCheckState(Qt.CheckState.PartiallyChecked)
