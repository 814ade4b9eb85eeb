"""The main window: canvas, palette, docks and menus (its file life cycle is in ``window_files``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from diagrammer.model import Document
from diagrammer.model import kinds as kind_table
from diagrammer.ui import dialogs
from diagrammer.ui.background import Cancelled, run_with_progress
from diagrammer.ui.editor import Editor
from diagrammer.ui.explain import Explainer
from diagrammer.ui.file_watch import FileWatch
from diagrammer.ui.find import FindBar, Finder
from diagrammer.ui.help import app_icon
from diagrammer.ui.inplace import InPlaceEditor
from diagrammer.ui.items import NodeItem
from diagrammer.ui.minimap import Minimap
from diagrammer.ui.panels import LabelsPanel, LegendPanel, ProblemsPanel
from diagrammer.ui.properties import PropertiesPanel
from diagrammer.ui.scene_gestures import CONNECT_LINK, CONNECT_OPTIMIZES, SELECT
from diagrammer.ui.theme import Palette
from diagrammer.ui.view import DiagramView
from diagrammer.ui.window_actions import build_actions
from diagrammer.ui.window_files import WindowFiles

WINDOWS: list[MainWindow] = []
SESSION: list = []  # the running editor's recovery Session, when there is one (see ui/app.py)


class MainWindow(WindowFiles, QMainWindow):
    """One window per document."""

    def __init__(self, document: Document | None = None, path: str | None = None) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.path: str | None = path
        self.suggested_name: str | None = None  # the file name Save As proposes for an untitled copy
        self._help_windows: dict = {}
        self.editor: Editor | None = None
        self.recorder = None
        self.setWindowIcon(app_icon())
        self.view = DiagramView(None, self)
        self.find_bar = FindBar()
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.view, 1)
        column.addWidget(self.find_bar)  # below the canvas: opening it moves no box on screen
        self.setCentralWidget(centre)
        self.explainer = Explainer(self)
        self.status_tool = QLabel()
        self.status_tool.setObjectName("status-tool")
        self.status_counts = QLabel()
        self.status_zoom = QToolButton()
        self.status_zoom.setObjectName("status-zoom")
        self.status_zoom.setAutoRaise(True)
        self.status_zoom.setToolTip("Zoom level: click for the zoom menu")
        self.status_zoom.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        for widget in (self.status_tool, self.status_counts, self.status_zoom):
            widget.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(widget)
        self._build_docks()
        self.actions = build_actions(self)
        self.status_zoom.setMenu(self.actions.zoom_menu)
        self._build_palette()
        self.in_place = InPlaceEditor(self)
        self.finder = Finder(self, self.find_bar)
        self.view.files_dropped.connect(self.open_paths)
        self.view.double_clicked.connect(self.in_place.start)
        self.view.zoom_changed.connect(self._zoom_changed)
        self.file_watch = FileWatch(self)
        self.set_document(document or Document(), path)
        self._restore_settings()
        WINDOWS.append(self)
        if SESSION and SESSION[0].warning:
            self.statusBar().showMessage(SESSION[0].warning)

    # ----- construction ----------------------------------------------------------------------

    def _build_docks(self) -> None:
        self.properties = PropertiesPanel()
        self.labels_panel = LabelsPanel()
        self.problems_panel = ProblemsPanel()
        self.legend = LegendPanel()
        self.minimap = Minimap(self.view)
        self.docks = {}
        for key, title, widget, area in (
            ("properties", "Properties", self.properties, Qt.DockWidgetArea.RightDockWidgetArea),
            ("labels", "Labels", self.labels_panel, Qt.DockWidgetArea.RightDockWidgetArea),
            ("problems", "Problems", self.problems_panel, Qt.DockWidgetArea.BottomDockWidgetArea),
            ("legend", "Legend", self.legend, Qt.DockWidgetArea.RightDockWidgetArea),
            ("overview", "Overview", self.minimap, Qt.DockWidgetArea.RightDockWidgetArea),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{key}")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            self.docks[key] = dock
        self.tabifyDockWidget(self.docks["labels"], self.docks["legend"])
        self.docks["labels"].raise_()
        self.docks["overview"].hide()  # for large diagrams: View > Overview shows it
        self.resizeDocks([self.docks["problems"]], [140], Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["properties"]], [330], Qt.Orientation.Horizontal)
        self.properties.edited.connect(self._edit_nodes)
        self.properties.edge_edited.connect(self._edit_edges)
        self.problems_panel.problem_chosen.connect(self.reveal_problem)
        self.problems_panel.fix_requested.connect(lambda p: self.editor.fix(p))
        self.properties.finished.connect(self.focus_canvas)
        self.labels_panel.label_chosen.connect(self.explain)
        self.legend.label_chosen.connect(self.select_label)

    def _build_palette(self) -> None:
        bar = QToolBar("Palette", self)
        bar.setObjectName("palette")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for box in kind_table.BOXES:
            bar.addAction(self.actions[f"add-{box.id}"])
        bar.addSeparator()
        for key in ("tool-select", "tool-optimizes", "tool-link"):
            bar.addAction(self.actions[key])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.palette_bar = bar

    # ----- the document ----------------------------------------------------------------------

    def set_document(self, document: Document, path: str | None) -> None:
        if self.editor is not None:
            self.in_place.cancel()
            self.editor.close()
        if self.recorder is not None:
            self.recorder.discard()
        self.editor = Editor(document, self)
        if SESSION:
            from diagrammer.ui.recovery import DocumentRecorder

            self.recorder = DocumentRecorder(SESSION[0], document, self.editor.undo_stack, lambda: self.path, self)
        self.path = path
        self.file_watch.follow(path)
        self.suggested_name = None
        self.explainer.attach(self.editor)
        self.view.setScene(self.editor.scene)
        self.minimap.set_scene(self.editor.scene)
        self.editor.scene.set_zoom(self.view.zoom())
        self.editor.scene.selectionChanged.connect(self._selection_changed)
        self.editor.classified.connect(self._classified)
        self.editor.error.connect(lambda text: dialogs.warning(self, "Diagrammer", text))
        self.editor.undo_stack.cleanChanged.connect(self._update_title)
        self.editor.undo_stack.indexChanged.connect(lambda _i: self._selection_changed())
        self.actions["undo"].setEnabled(False)
        self.actions["redo"].setEnabled(False)
        self.editor.undo_stack.canUndoChanged.connect(self.actions["undo"].setEnabled)
        self.editor.undo_stack.canRedoChanged.connect(self.actions["redo"].setEnabled)
        self.set_tool(SELECT)
        self._classified(self.editor.result)
        self._selection_changed()
        self._update_title()
        self.toggle_grid(self.actions["grid"].isChecked())
        if self.isVisible():
            # On screen the window has its size: fitted now, the first frame after an open is the
            # fitted one (a queued fit came after a frame at the old zoom, for which a large
            # diagram's items had to be made).
            self.view.fit()
        else:
            self.view.fit_soon()

    @property
    def document(self) -> Document:
        return self.editor.document

    def is_modified(self) -> bool:
        return not self.editor.undo_stack.isClean()

    def _update_title(self, *_args) -> None:
        # "[*]" in a file name would be read as the modified mark: doubled, it shows literally.
        untitled = f"{self.suggested_name} (copy)" if self.suggested_name else "Untitled"
        name = (Path(self.path).name if self.path else untitled).replace("[*]", "[*][*]")
        self.setWindowFilePath(self.path or "")
        self.setWindowTitle(f"{name}[*] — Diagrammer")
        self.setWindowModified(self.is_modified())

    def _classified(self, result) -> None:
        doc = self.document
        labels = sum(len(v) for v in result.explanations.values())  # not .labels: a list per box
        problems = len(result.problems)
        self.status_counts.setText(
            f"{plural(len(doc.nodes), 'node')} · {plural(labels, 'label')} · {plural(problems, 'problem')}"
        )
        self.problems_panel.show_problems(result.problems, doc)
        self._show_labels()
        self.explainer.refresh()

    def _selection_changed(self) -> None:
        scene = self.editor.scene
        nodes, edges = scene.selected_node_ids(), scene.selected_edge_ids()
        self.properties.show_selection(self.document, nodes, edges)
        self._show_labels()
        self.explainer.selection_changed(nodes, edges)

    # ----- showing why -----------------------------------------------------------------------

    @property
    def highlight(self):
        return self.explainer.highlight

    def explain(self, node_id: str | None, label: str | None) -> None:
        """Light up what makes ``label`` (every label when None) of ``node_id`` true; None clears."""
        self.explainer.explain(node_id, label)

    def select_label(self, label: str) -> None:
        """Select and light up every box that has ``label`` (a legend click)."""
        self.editor.flush()
        nodes = self.explainer.boxes_with(label)
        self.editor.scene.select_ids(nodes)
        self.explainer.show_label(label)
        self.statusBar().showMessage(f"{plural(len(nodes), 'box', 'boxes')} labelled "
                                     f"{self.legend.item(self.legend.row_of(label)).text()}", 5000)
        if nodes:
            self.view.ensureVisible(self.highlight.bounds(), 40, 40)

    def _show_labels(self) -> None:
        nodes = self.editor.scene.selected_node_ids()
        self.labels_panel.show_node(self.document, self.editor.result, nodes[0] if len(nodes) == 1 else None)

    def _edit_nodes(self, values: dict) -> None:
        self.editor.edit_nodes(self.editor.scene.selected_node_ids(), values)

    def _edit_edges(self, values: dict) -> None:
        self.editor.edit_edges(self.editor.scene.selected_edge_ids(), values)

    def reveal_problem(self, problem) -> None:
        scene = self.editor.scene
        scene.select_ids(problem.node_ids, problem.edge_ids)
        self.explainer.show_problem(problem)
        items = [scene.node_items[n] for n in problem.node_ids if n in scene.node_items]
        items += [scene.edge_items[e] for e in problem.edge_ids if e in scene.edge_items]
        if items:
            rect = items[0].sceneBoundingRect()
            for item in items[1:]:
                rect = rect.united(item.sceneBoundingRect())
            self.view.ensureVisible(rect, 40, 40)

    # ----- tools and editing -----------------------------------------------------------------

    def set_tool(self, mode: str) -> None:
        self.editor.scene.set_mode(mode)
        self.view.setDragMode(
            self.view.DragMode.RubberBandDrag if mode == SELECT else self.view.DragMode.NoDrag
        )
        tool = {SELECT: "tool-select", CONNECT_OPTIMIZES: "tool-optimizes", CONNECT_LINK: "tool-link"}[mode]
        self.actions[tool].setChecked(True)
        self.status_tool.setText(f"Tool: {self.actions[tool].text()}")

    def focus_canvas(self) -> None:
        """Give the keyboard back to the canvas (after Enter or Esc in a dock field)."""
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_in_place(self) -> None:
        """F2: edit the name of the selected box, or the label of the selected arrow."""
        if not self.in_place.start_for_selection():
            self.statusBar().showMessage("Select one box or one arrow to rename it.", 4000)

    def _zoom_changed(self, zoom: float) -> None:
        self.editor.scene.set_zoom(zoom)
        self.status_zoom.setText(f"{round(zoom * 100)}%")

    def zoom_to_selection(self) -> None:
        scene = self.editor.scene
        items = [scene.node_items[n] for n in scene.selected_node_ids()]
        items += [scene.edge_items[e] for e in scene.selected_edge_ids()]
        if not self.view.zoom_to_items(items):
            self.statusBar().showMessage("Select something to zoom to.", 4000)

    def add_node(self, node_type: str) -> None:
        """Add a palette box in a free spot: by its key with the mouse pointer over the canvas, at the
        pointer, as a part of the container under it if any; otherwise (the palette button, the
        Insert menu, a key with the pointer elsewhere) at the top level near the view's centre."""
        at = self.view.pointer_scene_pos() if self.actions[f"add-{node_type}"].by_key else None
        parent = self._container_at(at) if at is not None else None
        node_id = self.editor.add_node(node_type, parent=parent, at=at)
        item = self.editor.scene.node_items[node_id]
        self.view.ensureVisible(item.sceneBoundingRect(), 40, 40)

    def _container_at(self, at: tuple[float, float]) -> str | None:
        """The innermost container (a box that has parts) drawn under the scene point ``at``."""
        item = self.editor.scene.node_at(QPointF(*at))
        while isinstance(item, NodeItem) and not item.is_container:  # a part's drawn container holds the point too
            item = item.parentItem()
        return item.node_id if isinstance(item, NodeItem) else None

    def delete_selection(self) -> None:
        scene = self.editor.scene
        self.editor.delete(scene.selected_node_ids(), scene.selected_edge_ids())

    def copy_selection(self) -> None:
        self.editor.copy(self.editor.scene.selected_node_ids())

    def cut_selection(self) -> None:
        if self.editor.copy(self.editor.scene.selected_node_ids()):
            self.delete_selection()

    def select_all(self) -> None:
        scene = self.editor.scene
        # One selectionChanged for the gesture: one per item refreshed every dock 5,000 times.
        scene.blockSignals(True)
        try:
            for item in [*scene.node_items.values(), *scene.edge_items.values()]:  # made first if still pending
                item.setSelected(True)
        finally:
            scene.blockSignals(False)
        scene.selectionChanged.emit()

    def toggle_grid(self, on: bool) -> None:
        self.editor.scene.grid_visible = on
        self.editor.scene.snap_to_grid = on
        self.editor.scene.update()

    def auto_layout(self) -> None:
        from diagrammer.layout import LayoutCancelled, layout_operations
        from diagrammer.model.document import Document as Snapshot
        from diagrammer.ui.layout_sizes import drawn_sizes

        # The layout works on a copy so the document never changes under the UI thread's feet.
        doc = self.document
        copy = Snapshot.from_parts(doc.title, [n.copy() for n in doc.nodes.values()],
                                   [e.copy() for e in doc.edges.values()])
        sizes = drawn_sizes(self.editor.scene)  # measured here: the layout runs on another thread
        try:
            batch = run_with_progress(self, "Laying out the diagram…",
                                      lambda cancel: layout_operations(copy, cancel=cancel.is_set, sizes=sizes))
        except (Cancelled, LayoutCancelled):
            self.statusBar().showMessage("Auto layout was cancelled.", 5000)
            return
        self.editor.push(batch, "Auto layout", room=False)
        self.view.fit()

    def export_report(self) -> str | None:
        from diagrammer.ui.report import run_report_dialog

        self.editor.flush()
        return run_report_dialog(self)

    def show_help(self, page: str, _checked: bool = False):
        """Open a Help window: ``rules.md``, ``format.md``, ``shortcuts`` or ``about`` (one of each)."""
        from diagrammer.ui.help import open_page

        return open_page(self, page, self._help_windows)

    def export_picture(self) -> str | None:
        from diagrammer.ui.export_dialog import run_export_dialog

        self.editor.flush()
        return run_export_dialog(self)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Follow the system switching between light and dark while the editor is open.
        if event.type() == QEvent.Type.PaletteChange and self.editor is not None:
            scene = self.editor.scene
            palette = Palette.current()
            if palette.dark != scene.palette.dark:
                scene.palette = palette
                scene.setBackgroundBrush(palette.canvas)
                # The rebuilt items start unselected: keep the selection and what is lit.
                selected = scene.selected_node_ids(), scene.selected_edge_ids()
                question = self.explainer.question
                scene.rebuild(self.editor.result)
                scene.select_ids(*selected)
                self.explainer.question = question
                self.explainer.refresh()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.maybe_save():
            self._save_settings()
            self.editor.close()
            self.explainer.detach()
            if self.recorder is not None:
                self.recorder.discard()
            if self in WINDOWS:
                WINDOWS.remove(self)
            event.accept()
        else:
            event.ignore()

    # ----- settings --------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window-geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        state = settings.value("window-state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def _save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window-geometry", self.saveGeometry())
        settings.setValue("window-state", self.saveState())


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 node``, ``2 nodes``, ``0 nodes`` (``nouns`` for irregular plurals)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
