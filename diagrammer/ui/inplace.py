"""Edit a box's name or an arrow's label where it is drawn: a line edit laid over the item.

Enter (or clicking elsewhere) commits the text as one undo step, Esc cancels; either way the
canvas gets the keyboard back, so the tool keys work again at once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLineEdit

from diagrammer.model import SetEdgeFields, SetNodeFields
from diagrammer.ui.edge_item import EdgeItem
from diagrammer.ui.items import GOAL_FONT, NAME_FONT, NodeItem

MIN_WIDTH = 140


class InPlaceEditor(QObject):
    """One line edit over the view's viewport, shown for the item being edited."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.edit = QLineEdit(window.view.viewport())
        self.edit.setObjectName("in-place")
        self.edit.hide()
        self.edit.installEventFilter(self)
        self.edit.returnPressed.connect(self.commit)
        self.target: tuple[str, str] | None = None  # ("node" | "edge", id)
        # The editor is laid over the item on screen: zooming or panning away commits it.
        view = window.view
        view.zoom_changed.connect(lambda _zoom: self.commit())
        view.horizontalScrollBar().valueChanged.connect(lambda _value: self.commit())
        view.verticalScrollBar().valueChanged.connect(lambda _value: self.commit())

    @property
    def active(self) -> bool:
        return self.target is not None

    def start(self, item) -> bool:
        """Open the editor over ``item`` (a box or an arrow); False for anything else."""
        self.cancel()
        view = self.window.view
        if isinstance(item, NodeItem):
            self.target = ("node", item.node_id)
            text = item.node.name
            rect = QRectF(4, 3, max(item.box_width - 8, 40), 24)
            scene_rect = item.mapRectToScene(rect)
        elif isinstance(item, EdgeItem):
            self.target = ("edge", item.edge_id)
            text = item.edge.label
            centre = item.boundingRect().center()
            scene_rect = QRectF(centre.x() - 80, centre.y() - 12, 160, 24)
        else:
            return False
        font = QFont(NAME_FONT if isinstance(item, NodeItem) else GOAL_FONT)
        font.setPixelSize(max(9, round(font.pixelSize() * view.zoom())))  # the size the text is drawn at
        box = view.mapFromScene(scene_rect).boundingRect()
        self.edit.setFont(font)
        self.edit.setText(text)
        self.edit.selectAll()
        height = max(box.height(), self.edit.sizeHint().height())
        self.edit.setGeometry(box.x(), box.center().y() - height // 2, max(box.width(), MIN_WIDTH), height)
        self.edit.show()
        self.edit.raise_()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def start_for_selection(self) -> bool:
        """Edit the one selected box's name, or the one selected arrow's label; False otherwise."""
        scene = self.window.editor.scene
        nodes, edges = scene.selected_node_ids(), scene.selected_edge_ids()
        if len(nodes) == 1:
            return self.start(scene.node_items[nodes[0]])
        if not nodes and len(edges) == 1:
            return self.start(scene.edge_items[edges[0]])
        return False

    def commit(self) -> None:
        """Apply the typed text (one undo step) and give the keyboard back to the canvas."""
        if self.target is None:
            return
        kind, item_id = self.target
        text = self.edit.text()
        self._close()
        editor = self.window.editor
        if kind == "node" and item_id in editor.document.nodes and editor.document.nodes[item_id].name != text:
            editor.push(SetNodeFields(item_id, {"name": text}), "Rename")
        elif kind == "edge" and item_id in editor.document.edges and editor.document.edges[item_id].label != text:
            editor.push(SetEdgeFields(item_id, {"label": text}), "Edit arrow label")

    def cancel(self) -> None:
        """Close without changing anything."""
        if self.target is not None:
            self._close()

    def _close(self) -> None:
        self.target = None
        self.edit.hide()
        self.window.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.edit and self.target is not None:
            if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
                event.accept()  # Esc is the Select tool's key elsewhere; here it cancels the edit
                return True
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.cancel()
                return True
            if event.type() == QEvent.Type.FocusOut:
                self.commit()
        return super().eventFilter(watched, event)
