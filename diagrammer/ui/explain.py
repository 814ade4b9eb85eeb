"""What the canvas highlight explains, kept in step with the selection, the labels and the edits.

One box selected: what makes its labels true. A label clicked in the Labels dock: what makes that
label true. A legend entry: every box with the label. A problem: what it involves (in red).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from diagrammer.ui.highlight import Highlight, why_ids


class Explainer:
    """The highlight of one window and the question it answers."""

    def __init__(self, owner) -> None:
        self.editor = None
        self.highlight: Highlight | None = None
        self.question: tuple | None = None  # ("node", id, label | None), ("label", id), ("problem", p)
        # A batch of edits (moving 5,000 boxes) sends an event per box: the marks are redrawn once after.
        self._redraw = QTimer(owner)  # deleted with the window, on the UI thread (see Editor's scene)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(0)
        self._redraw.timeout.connect(self._redraw_marks)

    def attach(self, editor) -> None:
        """Follow a new document's editor (the window's document was replaced)."""
        if self.editor is not None:
            self.editor.document.unsubscribe(self._document_changed)
        self.editor = editor
        self.question = None
        self.highlight = Highlight(editor.scene)
        editor.document.subscribe(self._document_changed)

    def detach(self) -> None:
        self._redraw.stop()
        if self.editor is not None:
            self.editor.document.unsubscribe(self._document_changed)
            self.editor = None

    def explain(self, node_id: str | None, label: str | None = None) -> None:
        """Light up what makes ``label`` (every label when None) of ``node_id`` true; None clears."""
        self.question = ("node", node_id, label) if node_id is not None else None
        self.refresh()

    def selection_changed(self, nodes: list[str], edges: list[str]) -> None:
        if len(nodes) == 1 and not edges:
            if self.question is None or self.question[:2] != ("node", nodes[0]):
                self.explain(nodes[0])
        elif self.question is not None and self.question[0] == "node":
            self.explain(None)

    def boxes_with(self, label: str) -> list[str]:
        """The boxes that have ``label`` (``mesa-depth-N``: any depth)."""
        nodes = self.editor.document.nodes
        return [n for n in self.editor.result.nodes_with(label) if n in nodes]

    def show_label(self, label: str) -> None:
        self.question = ("label", label)
        self.refresh()

    def show_problem(self, problem) -> None:
        self.question = ("problem", problem)
        self.refresh()

    def refresh(self) -> None:
        """Redraw the answer to the current question (after a re-classification)."""
        if self.highlight is None:
            return
        question = self.question
        if question is None:
            self.highlight.clear()
        elif question[0] == "node":
            _kind, node_id, label = question
            if node_id not in self.editor.document.nodes:
                self.question = None
                self.highlight.clear()
                return
            nodes, edges = why_ids(self.editor.result, node_id, label)
            nodes.discard(node_id)
            if nodes or edges:  # a box with nothing behind its labels keeps just the selection mark
                self.highlight.show([node_id, *sorted(nodes)], sorted(edges), subject=node_id)
            else:
                self.highlight.clear()
        elif question[0] == "label":
            self.highlight.show(self.boxes_with(question[1]))
        elif any(p.id == question[1].id for p in self.editor.result.problems):
            self.highlight.show(question[1].node_ids, question[1].edge_ids, problem=True)
        else:  # fixed, or undone away
            self.question = None
            self.highlight.clear()

    def _document_changed(self, _change) -> None:
        if self.highlight is not None and self.question is not None:
            self._redraw.start()

    def _redraw_marks(self) -> None:
        if self.highlight is not None and self.editor is not None:
            self.highlight.refresh()
