"""Find boxes by name, goal or label, and step through the matches (Ctrl+F, Enter/F3, Shift+F3)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from diagrammer.model import Document
from diagrammer.rules import Classification, display_name


def find_nodes(doc: Document, result: Classification | None, text: str) -> list[str]:
    """Ids of the boxes whose name, goal or a label (its name or id) contains ``text``, ignoring case,
    in document order."""
    needle = text.strip().casefold()
    if not needle:
        return []
    labels = result.labels if result is not None else {}
    found = []
    for node_id, node in doc.nodes.items():
        fields = [node.name, node.goal or ""]
        for label in labels.get(node_id, ()):
            fields += [display_name(label), label]
        if any(needle in field.casefold() for field in fields):
            found.append(node_id)
    return found


class FindBar(QWidget):
    """A search field with the match count and previous/next buttons; Esc closes it."""

    step = Signal(int)  # +1 next, -1 previous
    text_changed = Signal(str)
    closed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("find-bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        self.field = QLineEdit()
        self.field.setObjectName("find")
        self.field.setPlaceholderText("Find boxes by name, goal or label")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("find-count")
        self.previous_button = QToolButton()
        self.previous_button.setText("▲")
        self.previous_button.setToolTip("Previous match (Shift+F3, Shift+Enter)")
        self.next_button = QToolButton()
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next match (F3, Enter)")
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(close)
        self.field.textChanged.connect(self.text_changed)
        self.previous_button.clicked.connect(lambda: self.step.emit(-1))
        self.next_button.clicked.connect(lambda: self.step.emit(1))
        close.clicked.connect(self.close_bar)
        self.field.installEventFilter(self)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def show_count(self, index: int, total: int) -> None:
        if not self.field.text().strip():
            self.count.setText("")
        elif total == 0:
            self.count.setText("no match")
        else:
            self.count.setText(f"{index + 1} of {total}")

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.field:
            kind = event.type()
            if kind == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
                event.accept()
                return True
            if kind == QEvent.Type.KeyPress:
                if event.key() == Qt.Key.Key_Escape:
                    self.close_bar()
                    return True
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    back = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                    self.step.emit(-1 if back else 1)
                    return True
        return super().eventFilter(watched, event)


class Finder:
    """The find gesture of one window: matches of the bar's text, and the current one."""

    def __init__(self, window, bar: FindBar) -> None:
        self.window = window
        self.bar = bar
        self.matches: list[str] = []
        self.index = -1
        bar.text_changed.connect(self.search)
        bar.step.connect(self.step)
        bar.closed.connect(lambda: window.view.setFocus(Qt.FocusReason.OtherFocusReason))

    def open(self) -> None:
        self.bar.open_bar()
        self.search(self.bar.field.text())

    def search(self, text: str) -> None:
        window = self.window
        window.editor.flush()
        self.matches = find_nodes(window.document, window.editor.result, text)
        self.index = -1
        if self.matches:
            self.step(1)
        else:
            self.bar.show_count(-1, 0)

    def step(self, direction: int) -> None:
        """Select and show the next (``1``) or previous (``-1``) match, wrapping around."""
        if not self.bar.isVisible():
            self.open()
            return
        if not self.matches:
            self.bar.show_count(-1, 0)
            return
        self.index = (self.index + direction) % len(self.matches)
        node_id = self.matches[self.index]
        scene = self.window.editor.scene
        scene.select_ids([node_id])
        item = scene.node_items.get(node_id)
        if item is not None:
            self.window.view.ensureVisible(item.sceneBoundingRect(), 60, 60)
        self.bar.show_count(self.index, len(self.matches))
