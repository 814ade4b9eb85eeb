"""One open document: its undo stack, its scene, and the live classification.

Every gesture and every field edit becomes a :class:`ModelCommand` on the undo stack; the model
announces the change, the scene updates its items, and structural changes schedule a debounced
re-classification on the UI thread (a move or resize never re-classifies).
"""

from __future__ import annotations

import atexit
import uuid

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QUndoStack

from diagrammer.io.errors import LoadError
from diagrammer.io.native import dumps_document, loads_document
from diagrammer.layout.geometry import DEFAULT_WIDTH, content_size
from diagrammer.model import (
    OPTIMIZER,
    Batch,
    Change,
    Connect,
    Document,
    Edge,
    ModelError,
    Node,
    Operation,
    RemoveNodes,
    Reparent,
    SetEdgeFields,
    SetNodeFields,
)
from diagrammer.model import kinds as kind_table
from diagrammer.model.edits import (
    add_node_operations,
    align_operations,
    distribute_operations,
    drop_operations,
    free_spot,
    paste_operations,
    resize_operations,
    sub_document,
)
from diagrammer.model.room import make_room
from diagrammer.rules import Classification, Problem, classify
from diagrammer.ui.commands import ModelCommand
from diagrammer.ui.scene import DiagramScene

CLIPBOARD_MIME = "application/x-diagrammer+json"
SOURCE_KEY = "copiedFrom"  # in the clipboard document: which editor copied it (its containers mean something there)
CLASSIFY_DELAY_MS = 120
MAX_ROOM_ROUNDS = 8  # making room moves parts, whose containers grow: one round per level, at most this many


class Editor(QObject):
    """The document, its undo stack, its scene and its latest classification."""

    classified = Signal(object)  # Classification
    error = Signal(str)

    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.undo_stack = QUndoStack(self)
        self.source_id = uuid.uuid4().hex
        self.result: Classification = classify(document)
        self.scene = DiagramScene(document, result=self.result)
        # Owned by the editor, hence by the window: deleted with it on the UI thread. Left to Python,
        # the collector could free it (and stop its timers) on a worker thread, and Qt would later
        # fire a timer of a deleted scene.
        self.scene.setParent(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CLASSIFY_DELAY_MS)
        self._timer.timeout.connect(self.classify_now)
        document.subscribe(self._on_change)
        self.scene.drop_requested.connect(self.drop)
        self.scene.resize_requested.connect(self.resize)
        self.scene.connect_requested.connect(self.connect_nodes)

    def close(self) -> None:
        self._timer.stop()
        self.undo_stack.blockSignals(True)
        self.scene.blockSignals(True)
        self.document.unsubscribe(self._on_change)
        self.scene.detach()

    # ----- classification --------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.structural:
            self._timer.start()

    def classify_now(self) -> None:
        self._timer.stop()
        self.result = classify(self.document)
        self.scene.apply_classification(self.result)
        self.classified.emit(self.result)

    def flush(self) -> None:
        """Run a pending re-classification now (before saving, exporting or testing)."""
        if self._timer.isActive():
            self.classify_now()

    # ----- pushing commands ------------------------------------------------------------------

    def push(self, operation: Operation, text: str, merge_key: str | None = None, room: bool = True) -> bool:
        """Apply ``operation`` as one undo step; a refused edit is reported, never raised.

        With ``room``, boxes that grew because of it (a longer name, a new badge, a part dropped
        in) move the neighbours they would cover, in the same step (:mod:`diagrammer.model.room`);
        placements the user chose (resize, align, layout, a reload) pass ``room=False``.
        """
        if isinstance(operation, Batch) and not operation.operations:
            return False
        before = self.scene.box_sizes() if room else None
        with self.scene.routing_deferred():  # a layout moves every box: route each arrow once, at the end
            try:
                inverse = self.document.apply(operation)
            except ModelError as exc:
                self.error.emit(str(exc))
                return False
            if before is not None:
                operation, inverse = self._make_room(operation, inverse, before, labels_now=merge_key is None)
        self.undo_stack.push(ModelCommand(self.document, operation, inverse, text, merge_key,
                                          self.scene.routing_deferred))
        return True

    def _make_room(self, operation: Operation, inverse: Operation, before: dict, labels_now: bool = True
                   ) -> tuple[Operation, Operation]:
        """``operation`` and its inverse, extended by the moves that clear what grown boxes cover;
        a few rounds, as a container grows again when its parts move. With ``labels_now`` the labels
        are brought up to date first (a new badge grows a box); typing in a field (merged steps)
        keeps its re-classification debounced, so a keystroke never waits for it."""
        for _ in range(MAX_ROOM_ROUNDS):
            if labels_now:
                self.flush()
            sizes = self.scene.box_sizes()
            grown = [nid for nid, (w, h) in sizes.items()
                     if nid in before and (w > before[nid][0] + 0.5 or h > before[nid][1] + 0.5)]  # fmt: skip
            moves = make_room(self.document, sizes, grown)
            if not moves.operations:
                break
            undo_moves = self.document.apply(moves)
            operation, inverse = Batch([operation, moves]), Batch([undo_moves, inverse])
        return operation, inverse

    # ----- gestures --------------------------------------------------------------------------

    def add_node(self, node_type: str, parent: str | None = None, at: tuple[float, float] | None = None) -> str:
        """Add the palette's box ``node_type`` (a :data:`~diagrammer.model.kinds.BOXES` id) in free
        space nearest ``at`` (a scene point; default: the view's centre)."""
        row = kind_table.box(node_type)
        name = row.display
        node = Node(self.document.new_id("n"), name=name, kinds=list(row.kinds), parent=parent)
        node.width, node.height = content_size(node, (), self.scene.measure, DEFAULT_WIDTH)
        frame = self.scene.frame()
        if at is None:
            at = self.view_centre()
        if at is not None:
            ox, oy = frame.origin(parent)
            at = (at[0] - node.width / 2 - ox, at[1] - node.height / 2 - oy)
        node.x, node.y = free_spot(self.document, parent, node.width, node.height, at, frame)
        self.push(add_node_operations(self.document, node), f"Add {name}")
        self.scene.select_ids([node.id])
        return node.id

    def view_centre(self) -> tuple[float, float] | None:
        """The scene point at the centre of the first view showing the scene (None: no view)."""
        for view in self.scene.views():
            centre = view.mapToScene(view.viewport().rect().center())
            return centre.x(), centre.y()
        return None

    def drawn_document(self) -> Document:
        """A copy of the document with every box's position and size as drawn (what files store)."""
        nodes = [n.copy() for n in self.document.nodes.values()]
        geometry = self.scene.drawn_geometry()
        for node in nodes:
            x, y, node.width, node.height = geometry[node.id]
            if node.x is not None and node.y is not None:
                node.x, node.y = x, y
        edges = [e.copy() for e in self.document.edges.values()]
        return Document.from_parts(self.document.title, nodes, edges, dict(self.document.extra))

    def drop(self, drops: list) -> None:
        batch = drop_operations(self.document, [tuple(d) for d in drops], self.scene.frame())
        reparented = any(isinstance(op, Reparent) for op in batch.operations)
        if not self.push(batch, "Move into container" if reparented else "Move"):
            # Nothing changed in the model: put the dragged boxes back where the model has them.
            for node_id, *_ in drops:
                node = self.document.nodes.get(node_id)
                item = self.scene.node_items.get(node_id)
                if node is not None and item is not None:
                    item.setPos(node.x or 0.0, node.y or 0.0)

    def resize(self, node_id: str, width: float, height: float) -> None:
        self.push(resize_operations(self.document, node_id, width, height), "Resize", room=False)
        item = self.scene.node_items.get(node_id)
        if item is not None:
            item.set_node(self.document.nodes[node_id])

    def connect_nodes(self, source: str, target: str, kind: str) -> str:
        edge = Edge(self.document.new_id("e"), source, target, kind=kind)
        self.push(Connect(edge), "Draw optimizes arrow" if kind == "optimizes" else "Draw link")
        return edge.id

    def delete(self, node_ids: list[str], edge_ids: list[str]) -> None:
        # Parts of a deleted container go with it; name only the outermost.
        outer = [n for n in node_ids if not any(a in node_ids for a in self.document.ancestors(n))]
        if outer or edge_ids:
            self.push(RemoveNodes(outer, list(edge_ids)), "Delete")

    def edit_nodes(self, node_ids: list[str], values: dict) -> None:
        """Apply a properties edit to every selected node; typing in one field merges."""
        ops: list[Operation] = []
        for node_id in node_ids:
            node = self.document.nodes[node_id]
            fields = {}
            for key, value in values.items():
                if key.startswith("kind:"):
                    kind = key.split(":", 1)[1]
                    kinds = [k for k in kind_table.KIND_IDS
                             if (k == kind and value) or (k != kind and k in node.kinds)]
                    if kinds != node.kinds:
                        fields["kinds"] = kinds
                elif getattr(node, key) != value:
                    fields[key] = value
            if fields:
                ops.append(SetNodeFields(node_id, fields))
        if not ops:
            return
        field = next(iter(values))
        merge = f"{field}:{','.join(node_ids)}" if field in ("name", "goal", "notes") else None
        self.push(Batch(ops), f"Edit {field.split(':')[-1].replace('_', ' ')}", merge)

    def edit_edges(self, edge_ids: list[str], values: dict) -> None:
        edges = self.document.edges
        ops = [SetEdgeFields(e, values) for e in edge_ids if any(getattr(edges[e], k) != v for k, v in values.items())]
        field = next(iter(values))
        merge = f"edge-{field}:{','.join(edge_ids)}" if field == "label" else None
        self.push(Batch(ops), f"Edit arrow {field}", merge)

    def align(self, how: str, node_ids: list[str]) -> None:
        self.push(align_operations(self.document, node_ids, how), f"Align {how}", room=False)

    def distribute(self, axis: str, node_ids: list[str]) -> None:
        self.push(distribute_operations(self.document, node_ids, axis), f"Distribute {axis}ly", room=False)

    # ----- problems ---------------------------------------------------------------------------

    def fix_operation(self, problem: Problem) -> Operation | None:
        """The obvious repair of ``problem`` as one operation, or ``None`` when there is none."""
        doc = self.document
        edges = [e for e in problem.edge_ids if e in doc.edges]
        if problem.code in ("self-optimization", "producer-inside-product"):
            return RemoveNodes([], edges) if edges else None
        if problem.code == "producer-not-optimizer" and edges:
            producer = doc.edges[edges[0]].source
            kinds = [k for k in kind_table.KIND_IDS if k in doc.nodes[producer].kinds or k == OPTIMIZER]
            return SetNodeFields(producer, {"kinds": kinds})
        if problem.code == "product-inside-producer" and edges:
            edge = doc.edges[edges[0]]
            producer = doc.nodes[edge.source]
            x, y = doc.absolute_position(edge.source)
            frame = self.scene.frame()
            x, y = self.scene.node_items[edge.source].scene_box()[:2]
            return drop_operations(doc, [(edge.target, producer.parent, x + frame.size(edge.source)[0] + 40, y)],
                                   frame)
        if problem.code == "containment-cycle":
            return Batch([Reparent(n, None, doc.nodes[n].x, doc.nodes[n].y) for n in problem.node_ids
                          if n in doc.nodes])
        if problem.code == "dangling-reference":
            missing = problem.subject
            ops: list[Operation] = [Reparent(n.id, None, n.x, n.y) for n in doc.nodes.values() if n.parent == missing]
            broken = [e.id for e in doc.edges.values() if missing in (e.source, e.target)]
            if broken:
                ops.append(RemoveNodes([], broken))
            return Batch(ops) if ops else None
        return None

    def fix(self, problem: Problem) -> None:
        operation = self.fix_operation(problem)
        if operation is not None:
            self.push(operation, f"Fix {problem.code.replace('-', ' ')}")

    # ----- clipboard --------------------------------------------------------------------------

    def copy(self, node_ids: list[str]) -> bool:
        if not node_ids:
            return False
        # Copied as drawn, the outermost boxes top-level at their scene positions; the note of
        # their containers lets a paste into this editor put each copy back where its original is.
        part = sub_document(self.drawn_document(), node_ids)
        parents = {n: self.document.nodes[n].parent for n in part.nodes
                   if part.nodes[n].parent is None and self.document.nodes[n].parent in self.document.nodes}
        part.extra[SOURCE_KEY] = {"editor": self.source_id, "parents": parents}
        data = QMimeData()
        text = dumps_document(part)
        data.setData(CLIPBOARD_MIME, text.encode("utf-8"))
        data.setText(text)
        QGuiApplication.clipboard().setMimeData(data)
        atexit.unregister(release_clipboard)  # once, and after PySide's own, so that it runs before them
        atexit.register(release_clipboard)
        return True

    def paste(self) -> list[str]:
        data = QGuiApplication.clipboard().mimeData()
        if data is None or not data.hasFormat(CLIPBOARD_MIME):
            return []
        try:
            part = loads_document(bytes(data.data(CLIPBOARD_MIME)).decode("utf-8"), "the clipboard")
        except (LoadError, UnicodeDecodeError) as exc:
            self.error.emit(str(exc))
            return []
        source = part.extra.get(SOURCE_KEY)
        if isinstance(source, dict) and source.get("editor") == self.source_id:
            self._back_into_containers(part, source.get("parents") or {})
        batch, new_ids = paste_operations(self.document, list(part.nodes.values()), list(part.edges.values()),
                                          frame=self.scene.frame())
        if self.push(batch, "Paste"):
            self.scene.select_ids(new_ids)
            return new_ids
        return []

    def _back_into_containers(self, part: Document, parents: dict) -> None:
        """Make each copied box a part of its original's container again (when that still exists)."""
        frame = self.scene.frame()
        for node_id, parent in parents.items():
            node = part.nodes.get(node_id)
            if node is None or node.parent is not None or parent not in self.document.nodes:
                continue
            ox, oy = frame.origin(parent)
            node.parent = parent
            node.x, node.y = (node.x or 0.0) - ox, (node.y or 0.0) - oy

    def duplicate(self, node_ids: list[str]) -> list[str]:
        part = sub_document(self.drawn_document(), node_ids, keep_parents=True)
        batch, new_ids = paste_operations(self.document, list(part.nodes.values()), list(part.edges.values()),
                                          frame=self.scene.frame())
        if self.push(batch, "Duplicate"):
            self.scene.select_ids(new_ids)
            return new_ids
        return []


#: Platforms whose clipboard is Qt's own, kept until the very end of the process.
PROCESS_CLIPBOARDS = frozenset({"offscreen", "minimal"})


def release_clipboard() -> None:
    """Empty the clipboard where Qt keeps it until the process ends (no desktop: tests, servers).

    There Qt deletes the copied boxes' data only after Python has stopped, and the process ended
    with a segmentation fault after any copy. A desktop's clipboard goes with the application, in
    time, and is left alone: what was copied stays for other programs after the editor quits.
    """
    if QGuiApplication.instance() is not None and QGuiApplication.platformName() in PROCESS_CLIPBOARDS:
        QGuiApplication.clipboard().clear()
