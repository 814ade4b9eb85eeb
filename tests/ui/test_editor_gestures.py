"""Issue 12 driven as a user: edit in place, focus back to the canvas, legend and problems, find,
fit and zoom, the overview, Help, examples as copies, export names, palette and grid."""

import itertools
import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QToolButton

from diagrammer.io.native import load_document, save_document
from diagrammer.ui.theme import _LABEL_COLOURS, label_colour, label_mark
from tests.ui.conftest import click, doc_of, drag, scene_point


def two_boxes_and_an_arrow():
    return doc_of([("sgd", "SGD", ["optimizer"], None, 0, 0, 180, 84),
                   ("model", "Model", ["optimizer"], None, 400, 0, 180, 84)],
                  [("e1", "sgd", "model", "optimizes")])


def arrow_middle(window, edge_id="e1"):
    centre = window.editor.scene.edge_items[edge_id].boundingRect().center()
    return centre.x(), centre.y()


def double_click(qtbot, window, x, y):
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=scene_point(window, x, y))


# ----- 1. edit on the canvas -------------------------------------------------------------------


def test_double_click_renames_a_box_in_place_as_one_undo_step(open_window, qtbot):
    doc = two_boxes_and_an_arrow()
    window = open_window(doc)
    double_click(qtbot, window, 60, 15)
    edit = window.in_place.edit
    assert edit.isVisible() and edit.text() == "SGD" and edit.hasFocus()
    top_left = edit.geometry().topLeft()
    assert window.view.viewport().rect().contains(top_left)
    assert abs(window.view.mapToScene(top_left).x() - 4) < 3, "the editor lies over the box's name"
    qtbot.keyClicks(edit, "Gradient descent")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert doc.nodes["sgd"].name == "Gradient descent"
    assert not edit.isVisible() and window.view.hasFocus()
    assert window.editor.undo_stack.count() == 1
    assert window.editor.undo_stack.undoText() == "Rename"
    window.actions["undo"].trigger()
    assert doc.nodes["sgd"].name == "SGD"


def test_escape_cancels_an_edit_in_place_and_keeps_the_tool(open_window, qtbot):
    doc = two_boxes_and_an_arrow()
    window = open_window(doc)
    double_click(qtbot, window, 450, 15)
    qtbot.keyClicks(window.in_place.edit, "mm")
    assert window.editor.scene.mode == "select", "letters typed in the editor are text, not tool keys"
    qtbot.keyClick(window.in_place.edit, Qt.Key.Key_Escape)
    assert doc.nodes["model"].name == "Model"
    assert window.editor.undo_stack.count() == 0
    assert window.view.hasFocus()


def test_f2_edits_the_selected_arrows_label(open_window, qtbot):
    doc = two_boxes_and_an_arrow()
    window = open_window(doc)
    click(window, *arrow_middle(window))
    assert window.editor.scene.selected_edge_ids() == ["e1"]
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    qtbot.keyClicks(window.in_place.edit, "trains")
    qtbot.keyClick(window.in_place.edit, Qt.Key.Key_Return)
    assert doc.edges["e1"].label == "trains"
    assert window.editor.undo_stack.count() == 1


def test_double_click_on_an_arrow_edits_its_label(open_window, qtbot):
    doc = two_boxes_and_an_arrow()
    window = open_window(doc)
    double_click(qtbot, window, *arrow_middle(window))
    assert window.in_place.target == ("edge", "e1")


def test_enter_in_a_dock_field_gives_the_keys_back_to_the_canvas(open_window, qtbot):
    doc = two_boxes_and_an_arrow()
    window = open_window(doc)
    click(window, 450, 20)
    goal = window.properties.goal_edit
    goal.setFocus()
    qtbot.keyClicks(goal, "win")
    qtbot.keyClick(goal, Qt.Key.Key_Return)
    assert window.view.hasFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    assert window.editor.scene.mode == "optimizes"
    assert window.status_tool.text() == "Tool: Optimizes arrow"
    assert doc.nodes["model"].goal == "win"


def test_tab_to_notes_then_escape_and_the_tool_key_draws_arrows(open_window, qtbot):
    doc = two_boxes_and_an_arrow()
    window = open_window(doc)
    click(window, 450, 20)
    goal = window.properties.goal_edit
    goal.setFocus()
    qtbot.keyClick(goal, Qt.Key.Key_Tab)
    notes = window.properties.notes_edit
    assert notes.hasFocus()
    qtbot.keyClick(notes, Qt.Key.Key_Escape)
    assert window.view.hasFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_M)
    assert doc.nodes["model"].notes == "", "M is the arrow tool, not a letter in the notes"
    assert window.status_tool.text() == "Tool: Optimizes arrow"
    drag(window, (450, 40), (90, 40))
    assert ("model", "sgd") in {(e.source, e.target) for e in doc.edges.values()}
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert window.status_tool.text() == "Tool: Select"


def test_an_arrows_properties_name_the_boxes_it_joins(open_window):
    window = open_window(two_boxes_and_an_arrow())
    click(window, *arrow_middle(window))
    assert window.properties.ends_label.text() == "from «SGD» to «Model»"


# ----- 2. legend and problems ------------------------------------------------------------------


def test_clicking_a_legend_entry_selects_and_lights_every_box_with_it(open_window, qtbot):
    doc = doc_of([("sgd", "SGD", ["optimizer"], None, 0, 0, 180, 84),
                  ("a", "A", ["optimizer"], None, 400, 0, 180, 84),
                  ("b", "B", ["optimizer"], None, 400, 200, 180, 84)],
                 [("e1", "sgd", "a", "optimizes"), ("e2", "sgd", "b", "optimizes")])
    window = open_window(doc)
    legend = window.legend
    row = legend.row_of("mesa-optimizer")
    rect = legend.visualItemRect(legend.item(row))
    qtbot.mouseClick(legend.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.scene.selected_node_ids() == ["a", "b"]
    assert window.highlight.marked() == {"a", "b"}
    row = legend.row_of("mesa-depth-N")
    qtbot.mouseClick(legend.viewport(), Qt.MouseButton.LeftButton, pos=legend.visualItemRect(legend.item(row)).center())
    assert window.editor.scene.selected_node_ids() == ["a", "b"], "the depth entry stands for every depth"


def test_problems_name_boxes_and_light_what_they_involve(open_window, qtbot):
    doc = doc_of([("n5", "Dataset", [], None, 0, 0, 180, 84),
                  ("n9", "Model", ["optimizer"], None, 400, 0, 180, 84)],
                 [("e1", "n5", "n9", "optimizes")])
    window = open_window(doc)
    panel = window.problems_panel
    text = panel.list.item(0).text()
    assert text.splitlines()[1] == "Arrow «Dataset» → «Model»"
    assert "n5" not in text and "producer-not-optimizer" not in text
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.list.visualItemRect(panel.list.item(0)).center())
    assert window.highlight.marked() == {"n5", "n9", "e1"}
    qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    window.editor.flush()
    assert window.highlight.marked() == set(), "a fixed problem is no longer lit"


def test_the_status_bar_counts_with_correct_plurals(open_window):
    window = open_window(doc_of([("a", "A", ["agent"], None, 0, 0, 180, 84)]))
    assert window.status_counts.text() == "1 node · 0 labels · 0 problems"


# ----- 3. find and navigate --------------------------------------------------------------------


def test_ctrl_f_finds_by_name_goal_or_label_and_steps_through(open_window, qtbot):
    doc = doc_of([("sgd", "SGD", ["optimizer"], None, 0, 0, 180, 84),
                  ("p", "Planner", ["optimizer"], None, 400, 0, 180, 84),
                  ("q", "Quiet", [], None, 3000, 2000, 180, 84)],
                 [("e1", "sgd", "p", "optimizes")])
    doc.nodes["q"].goal = "plan the harvest"
    window = open_window(doc)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    field = window.find_bar.field
    assert window.find_bar.isVisible() and field.hasFocus()
    qtbot.keyClicks(field, "plan")
    assert window.editor.scene.selected_node_ids() == ["p"]
    assert window.find_bar.count.text() == "1 of 2"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.editor.scene.selected_node_ids() == ["q"]
    assert window.find_bar.count.text() == "2 of 2"
    assert window.view.visible_scene_rect().contains(window.editor.scene.node_items["q"].sceneBoundingRect())
    qtbot.keyClick(field, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.editor.scene.selected_node_ids() == ["p"]
    field.clear()
    qtbot.keyClicks(field, "mesa-opt")
    assert window.editor.scene.selected_node_ids() == ["p"], "labels are searched by name and id"
    assert window.find_bar.count.text() == "1 of 1"
    field.clear()
    qtbot.keyClicks(field, "zebra")
    assert window.find_bar.count.text() == "no match"
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible() and window.view.hasFocus()


def test_fit_centres_the_content_with_a_margin_and_no_scroll_bars(open_window):
    window = open_window(doc_of([("a", "A", [], None, 0, 0, 180, 84), ("b", "B", [], None, 2000, 1500, 180, 84)]))
    window.actions["fit"].trigger()
    view = window.view
    assert not view.horizontalScrollBar().isVisible() and not view.verticalScrollBar().isVisible()
    content = window.editor.scene.itemsBoundingRect()
    shown = view.mapFromScene(content).boundingRect()
    viewport = view.viewport().rect()
    assert abs(shown.center().x() - viewport.center().x()) <= 2
    assert abs(shown.center().y() - viewport.center().y()) <= 2
    margins = (shown.left(), shown.top(), viewport.right() - shown.right(), viewport.bottom() - shown.bottom())
    assert min(margins) >= 25, margins
    assert window.status_zoom.text() == f"{round(view.zoom() * 100)}%"


def test_zoom_menu_and_zoom_to_selection(open_window):
    window = open_window(doc_of([("a", "A", [], None, 0, 0, 180, 84), ("b", "B", [], None, 2000, 1500, 180, 84)]))
    menu = window.status_zoom.menu()
    assert [a.text() for a in menu.actions() if a.text()][:3] == ["&Fit to Window", "&Actual Size",
                                                                   "Zoom to &Selection"]
    click(window, 20, 20)
    window.actions["zoom-selection"].trigger()
    view = window.view
    assert view.zoom() == 2.0
    centre = window.editor.scene.node_items["a"].sceneBoundingRect().center()
    assert abs(view.mapFromScene(centre).x() - view.viewport().rect().center().x()) <= 1
    assert window.status_zoom.text() == "200%"
    window.actions["zoom-reset"].trigger()
    assert window.status_zoom.text() == "100%"


def test_a_drop_never_scrolls_the_view(open_window):
    doc = doc_of([("box", "Box", [], None, 0, 0, 300, 200), ("part", "Part", [], None, 500, 0, 180, 84)])
    window = open_window(doc)
    before = window.view.mapToScene(0, 0)
    click(window, 510, 10)
    drag(window, (510, 10), (60, 100))
    assert doc.nodes["part"].parent == "box"
    QApplication.processEvents()
    assert window.view.mapToScene(0, 0) == before
    click(window, 60, 100)
    drag(window, (60, 100), (-180, -150))
    QApplication.processEvents()
    assert window.view.mapToScene(0, 0) == before, "moving a box past the top left edge scrolls nothing"


def test_the_overview_dock_is_in_the_view_menu_and_moves_the_view(open_window, qtbot):
    window = open_window(doc_of([("a", "A", [], None, 0, 0, 180, 84), ("b", "B", [], None, 3000, 2000, 180, 84)]))
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggle = next(a for a in view_menu.actions() if a.text() == "Overview")
    assert not window.docks["overview"].isVisible()
    toggle.trigger()
    qtbot.waitUntil(lambda: window.minimap.isVisible())
    minimap = window.minimap
    minimap.redraw()
    target = minimap._to_widget(window.editor.scene.node_items["b"].sceneBoundingRect()).center().toPoint()
    qtbot.mouseClick(minimap, Qt.MouseButton.LeftButton, pos=target)
    centre = window.view.visible_scene_rect().center()
    assert abs(centre.x() - 3090) < 40 and abs(centre.y() - 2042) < 40


# ----- 4. help --------------------------------------------------------------------------------


def test_help_menu_shows_the_rules_format_shortcuts_and_about(open_window, qtbot):
    window = open_window()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    texts = [a.text() for a in help_menu.actions() if a.text()]
    assert texts == ["The &Rules", "The &File Format", "&Keyboard Shortcuts", "&About Diagrammer"]
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    rules = window._help_windows["rules.md"]
    assert rules.isVisible()
    assert rules.browser.toPlainText().startswith("Classification rules: subagents, base optimizers")
    assert rules.browser.document().toMarkdown().count("|") > 20, "the tables are tables"
    window.actions["help-format"].trigger()
    assert "diagram" in window._help_windows["format.md"].browser.toPlainText().lower()
    window.actions["help-shortcuts"].trigger()
    rows = dict(window._help_windows["shortcuts"].rows())
    assert rows["Find…"].startswith("Ctrl+F") and rows["Rename in Place"] == "F2"
    assert rows["Fit to Window"] == "Ctrl+Shift+H"
    window.actions["about"].trigger()
    about = window._help_windows["about"].text.text()
    assert about.startswith("Diagrammer 0.1.0")
    assert "Licence: " in about and "arXiv 1906.01820" in about and "Discovering Agents" in about
    for page in window._help_windows.values():
        page.close()


def test_every_tool_has_a_tooltip_with_its_key(open_window):
    window = open_window()
    for action in window.palette_bar.actions():
        if action.isSeparator():
            continue
        button = window.palette_bar.widgetForAction(action)
        assert isinstance(button, QToolButton)
        key = action.shortcut().toString()
        assert key and f"({key})" in button.toolTip(), (action.objectName(), button.toolTip())


def test_the_window_has_the_application_icon(open_window):
    window = open_window()
    assert not window.windowIcon().isNull()
    assert not window.windowIcon().pixmap(64, 64).toImage().isNull()


# ----- 5. examples and exports ----------------------------------------------------------------


def test_an_example_opens_as_an_untitled_copy_and_save_asks_where(open_window, tmp_path, monkeypatch, qtbot):
    window = open_window()
    example = window.example_paths()[0]
    before = example.read_bytes()
    examples_menu = next(a.menu() for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Examples")
    examples_menu.actions()[0].trigger()
    assert window.path is None and window.file_watch.path is None
    assert window.windowTitle().startswith(f"{example.name} (copy)")
    click(window, 10, 10)
    window.actions["select-all"].trigger()
    window.actions["delete"].trigger()
    asked = []
    out = tmp_path / "mine.diagram.json"

    def ask(parent, title, start, filters):
        asked.append(start)
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and asked[0].endswith(example.name)
    assert example.read_bytes() == before
    assert window.path == str(out) and load_document(out).nodes == {}


def run_export(window, monkeypatch, typed, fmt, selected_filter=""):
    starts = []

    def fake_exec(dialog):
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
        return 1

    def ask(parent, title, start, filters, chosen=""):
        starts.append((start, chosen))
        return typed, selected_filter

    monkeypatch.setattr("diagrammer.ui.export_dialog.ExportDialog.exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    written = window.export_picture()
    return written, starts


def test_export_starts_in_the_diagrams_folder_and_follows_the_typed_extension(open_window, tmp_path, monkeypatch):
    path = tmp_path / "planner.diagram.json"
    save_document(two_boxes_and_an_arrow(), path)
    window = open_window(load_document(path), str(path))
    written, starts = run_export(window, monkeypatch, str(tmp_path / "x.pdf"), "dot")
    assert starts[0] == (str(tmp_path / "planner.dot"), "Graphviz DOT (*.dot *.gv)")
    assert written == str(tmp_path / "x.pdf")
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "x.pdf.dot").exists()
    written, _ = run_export(window, monkeypatch, str(tmp_path / "y"), "png", "SVG drawing (*.svg)")
    assert written == str(tmp_path / "y.svg") and b"<svg" in (tmp_path / "y.svg").read_bytes()


# ----- 6. looks ---------------------------------------------------------------------------------


def _lab(colour: QColor):
    def lin(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(v) for v in colour.getRgbF()[:3])
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_every_label_colour_and_mark_is_distinct():
    labels = [k if k != "mesa-depth" else "mesa-depth-1" for k in _LABEL_COLOURS]
    assert len(labels) == 15
    for a, b in itertools.combinations(labels, 2):
        distance = math.dist(_lab(label_colour(a)), _lab(label_colour(b)))
        assert distance >= 20, f"{a} and {b} are too alike ({distance:.1f})"
    marks = [label_mark(label) for label in labels]
    assert len(set(marks)) == 15 and all(len(m) <= 5 for m in marks)
    assert label_mark("mesa-depth-2") == "L2"


def test_the_legend_shows_each_labels_mark(open_window):
    window = open_window()
    legend = window.legend
    assert legend.count() == 15
    names = [legend.item(r).text() for r in range(legend.count())]
    assert names[:3] == ["Subagent", "Composite agent", "Agent inside a non-agent"]
    assert "Mesa level N" in names


def _grid_columns(window, rect: QRectF) -> set[int]:
    """The x of the grid lines drawn when ``rect`` of the scene is repainted at 100%."""
    image = QImage(1000, 10, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.translate(-rect.left(), -rect.top())
    window.editor.scene.drawBackground(painter, rect)
    painter.end()
    canvas = window.editor.scene.palette.canvas.rgb()
    return {round(rect.left()) + x for x in range(image.width()) if image.pixel(x, 5) != canvas}


def test_the_grid_lines_stay_put_whatever_area_is_repainted(open_window):
    window = open_window()
    window.actions["grid"].trigger()
    first = _grid_columns(window, QRectF(0, 0, 1000, 10))
    shifted = _grid_columns(window, QRectF(10, 0, 1000, 10))
    assert len(first) == 50 and {x for x in first if x >= 10} == {x for x in shifted if x < 1000}
    assert all(x % 20 == 0 for x in first | shifted)


def test_an_unknown_key_in_the_in_place_editor_is_text(open_window, qtbot):
    window = open_window(two_boxes_and_an_arrow())
    double_click(qtbot, window, 60, 15)
    edit = window.findChild(QLineEdit, "in-place")
    assert edit is window.in_place.edit
    qtbot.keyClick(edit, Qt.Key.Key_A)
    assert len(window.document.nodes) == 2, "A adds an agent only when the canvas has the keys"


def test_clicking_on_empty_canvas_commits_the_edit(open_window, qtbot):
    doc = two_boxes_and_an_arrow()
    window = open_window(doc)
    double_click(qtbot, window, 60, 15)
    qtbot.keyClicks(window.in_place.edit, "Adam")
    click(window, 300, 300)
    window.view.setFocus()
    QApplication.processEvents()
    assert doc.nodes["sgd"].name == "Adam"



def test_zooming_while_editing_in_place_commits_the_edit(open_window, qtbot):
    doc = two_boxes_and_an_arrow()
    window = open_window(doc)
    double_click(qtbot, window, 60, 15)
    qtbot.keyClicks(window.in_place.edit, "Adam")
    window.actions["zoom-in"].trigger()
    assert doc.nodes["sgd"].name == "Adam" and not window.in_place.edit.isVisible()
    assert window.editor.undo_stack.count() == 1
