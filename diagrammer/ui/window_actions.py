"""The window's actions and menus. Keys come from ``QKeySequence.StandardKey`` where one exists,
and no key is bound to two actions (a test checks)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from diagrammer.io.formats import NATIVE
from diagrammer.model import kinds as kind_table
from diagrammer.ui.scene_gestures import CONNECT_LINK, CONNECT_OPTIMIZES, SELECT

Std = QKeySequence.StandardKey


class Action(QAction):
    """A QAction that knows, while its slots run, whether its key triggered it (a box added by key
    goes to the mouse pointer; from the palette or a menu, near the view's centre)."""

    by_key = False

    def event(self, event) -> bool:  # Qt override
        if event.type() != QEvent.Type.Shortcut:
            return super().event(event)
        self.by_key = True
        try:
            return super().event(event)
        finally:
            self.by_key = False


class Actions(dict):
    """Actions by name, plus the menus that list files (recent, examples)."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window
        self.recent_menu: QMenu | None = None
        self.zoom_menu: QMenu | None = None

    def add(self, name: str, text: str, slot, keys=None, checkable: bool = False, tip: str = "") -> QAction:
        action = Action(text, self.window)
        action.setObjectName(name)
        if keys is not None:
            if isinstance(keys, QKeySequence.StandardKey):
                action.setShortcuts(keys)
            else:
                action.setShortcut(QKeySequence(keys))
        action.setCheckable(checkable)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)
        self[name] = action
        return action

    def refresh_recent(self) -> None:
        if self.recent_menu is None:
            return
        self.recent_menu.clear()
        recent = self.window.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name.replace("&", "&&"))
            action.setToolTip(path)
            action.triggered.connect(partial(self.window.open_path, path))
        self.recent_menu.setEnabled(bool(recent))


def build_actions(window) -> Actions:
    """Create every action of ``window`` and its menu bar."""
    a = Actions(window)
    w = window
    a.add("new", "&New Window", w.new_window, Std.New)
    a.add("open", "&Open…", w.open_dialog, Std.Open)
    a.add("save", "&Save", w.save, Std.Save)
    a.add("save-as", "Save &As…", w.save_as, Std.SaveAs)
    a.add("export", "&Export Picture…", w.export_picture, "Ctrl+E")
    a.add("export-report", "Export &Report…", w.export_report, "Ctrl+Shift+E",
          tip="The picture with every box's labels, their explanations and the problems, as HTML or Markdown")
    a.add("close", "&Close", w.close, Std.Close)
    a.add("quit", "&Quit", QApplication.closeAllWindows, Std.Quit)
    a.add("undo", "&Undo", lambda: w.editor.undo_stack.undo(), Std.Undo)
    a.add("redo", "&Redo", lambda: w.editor.undo_stack.redo(), Std.Redo)
    a.add("cut", "Cu&t", w.cut_selection, Std.Cut)
    a.add("copy", "&Copy", w.copy_selection, Std.Copy)
    a.add("paste", "&Paste", lambda: w.editor.paste(), Std.Paste)
    a.add("duplicate", "D&uplicate", lambda: w.editor.duplicate(w.editor.scene.selected_node_ids()), "Ctrl+D")
    a.add("delete", "&Delete", w.delete_selection, Std.Delete)
    a.add("select-all", "Select &All", w.select_all, Std.SelectAll)
    a.add("rename", "&Rename in Place", w.edit_in_place, "F2", tip="Edit the selected box's name or arrow's label (F2)")
    a.add("find", "&Find…", lambda: w.finder.open(), Std.Find)
    a.add("find-next", "Find &Next", lambda: w.finder.step(1), "F3")
    a.add("find-previous", "Find Pre&vious", lambda: w.finder.step(-1), "Shift+F3")
    a.add("zoom-in", "Zoom &In", lambda: w.view.zoom_by(1.25), Std.ZoomIn)
    a.add("zoom-out", "Zoom &Out", lambda: w.view.zoom_by(0.8), Std.ZoomOut)
    a.add("zoom-reset", "&Actual Size", lambda: w.view.set_zoom(1.0), "Ctrl+0")
    a.add("fit", "&Fit to Window", w.view.fit, "Ctrl+Shift+H")
    a.add("zoom-selection", "Zoom to &Selection", w.zoom_to_selection, "Ctrl+Shift+J")
    a.add("help-rules", "The &Rules", partial(w.show_help, "rules.md"), Std.HelpContents)
    a.add("help-format", "The &File Format", partial(w.show_help, "format.md"))
    a.add("help-shortcuts", "&Keyboard Shortcuts", partial(w.show_help, "shortcuts"), "Ctrl+/")
    a.add("about", "&About Diagrammer", partial(w.show_help, "about"))
    a.add("grid", "Show &Grid and Snap", w.toggle_grid, "Ctrl+Shift+G", checkable=True)
    for box in kind_table.BOXES:  # the palette's boxes, each with its key (the table of kinds)
        a.add(f"add-{box.id}", box.display, partial(w.add_node, box.id), box.shortcut,
              tip=f"Add {box.display.lower()} ({box.shortcut})")
    tools = QActionGroup(window)
    for name, text, mode, key, tip in (
        ("tool-select", "Select", SELECT, "Esc", "Select and move boxes (Esc)"),
        ("tool-optimizes", "Optimizes arrow", CONNECT_OPTIMIZES, "M",
         "Drag from an optimizer to what it optimizes, trains or produces (M)"),
        ("tool-link", "Link arrow", CONNECT_LINK, "L", "Drag a plain arrow that the rules ignore (L)"),
    ):
        tools.addAction(a.add(name, text, partial(w.set_tool, mode), key, checkable=True, tip=tip))
    for how, text in (("left", "Left"), ("hcenter", "Centres Horizontally"), ("right", "Right"),
                      ("top", "Top"), ("vcenter", "Centres Vertically"), ("bottom", "Bottom")):
        a.add(f"align-{how}", f"Align {text}",
              lambda _c=False, h=how: w.editor.align(h, w.editor.scene.selected_node_ids()))
    for axis in ("horizontal", "vertical"):
        a.add(f"distribute-{axis}", f"Distribute {axis.title()}ly",
              lambda _c=False, ax=axis: w.editor.distribute(ax, w.editor.scene.selected_node_ids()))
    a.add("auto-layout", "Auto &Layout", w.auto_layout, "Ctrl+L")
    _build_menus(window, a)
    return a


def _build_menus(window, a: Actions) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    for name in ("new", "open"):
        file_menu.addAction(a[name])
    a.recent_menu = file_menu.addMenu("Open &Recent")
    examples = file_menu.addMenu("&Examples")
    for path in window.example_paths():
        action = examples.addAction(path.name.removesuffix(NATIVE.default_extension).replace("-", " ").capitalize())
        action.triggered.connect(partial(window.open_example, str(path)))
    file_menu.addSeparator()
    for name in ("save", "save-as", "export", "export-report"):
        file_menu.addAction(a[name])
    file_menu.addSeparator()
    file_menu.addAction(a["close"])
    file_menu.addAction(a["quit"])
    a.refresh_recent()

    edit = bar.addMenu("&Edit")
    for name in ("undo", "redo", None, "cut", "copy", "paste", "duplicate", "delete", None, "select-all", "rename",
                 None, "find", "find-next", "find-previous"):
        edit.addSeparator() if name is None else edit.addAction(a[name])

    insert = bar.addMenu("&Insert")
    for box in kind_table.BOXES:
        insert.addAction(a[f"add-{box.id}"])
    insert.addSeparator()
    for name in ("tool-select", "tool-optimizes", "tool-link"):
        insert.addAction(a[name])

    arrange = bar.addMenu("&Arrange")
    for how in ("left", "hcenter", "right", "top", "vcenter", "bottom"):
        arrange.addAction(a[f"align-{how}"])
    arrange.addSeparator()
    arrange.addAction(a["distribute-horizontal"])
    arrange.addAction(a["distribute-vertical"])
    arrange.addSeparator()
    arrange.addAction(a["auto-layout"])

    view = bar.addMenu("&View")
    for name in ("zoom-in", "zoom-out", "zoom-reset", "fit", "zoom-selection", None, "grid"):
        view.addSeparator() if name is None else view.addAction(a[name])
    view.addSeparator()
    for dock in window.docks.values():
        view.addAction(dock.toggleViewAction())

    a.zoom_menu = QMenu("Zoom", window)
    a.zoom_menu.setObjectName("zoom-menu")
    for name in ("fit", "zoom-reset", "zoom-selection", None, "zoom-in", "zoom-out"):
        a.zoom_menu.addSeparator() if name is None else a.zoom_menu.addAction(a[name])
    a.zoom_menu.addSeparator()
    for percent in (50, 200):
        action = a.zoom_menu.addAction(f"{percent}%")
        action.triggered.connect(lambda _c=False, z=percent / 100: window.view.set_zoom(z))

    help_menu = bar.addMenu("&Help")
    for name in ("help-rules", "help-format", "help-shortcuts", None, "about"):
        help_menu.addSeparator() if name is None else help_menu.addAction(a[name])
