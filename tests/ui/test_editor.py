"""The editor driven as a user drives it: palette clicks, drags, keys, the docks."""

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QToolButton

from diagrammer.io.native import dumps_document, load_document, save_document
from tests.ui.conftest import click, doc_of, drag


def labels_of(window, node_id):
    window.editor.flush()
    return window.editor.scene.node_items[node_id].labels


def press_tool(window, qtbot, action_name):
    button = window.palette_bar.widgetForAction(window.actions[action_name])
    assert isinstance(button, QToolButton)
    QTest.mouseMove(button, QPoint(5, 5))  # the pointer is on the button, not the canvas
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_palette_adds_each_kind_of_box(open_window, qtbot):
    window = open_window()
    for action, kinds in (("add-agent", ["agent"]), ("add-optimizer", ["optimizer"]),
                          ("add-agent-optimizer", ["agent", "optimizer"]), ("add-system", [])):
        press_tool(window, qtbot, action)
        node_id = window.editor.scene.selected_node_ids()[0]
        assert window.document.nodes[node_id].kinds == kinds
    assert len(window.document.nodes) == 4
    boxes = [(n.x, n.y) for n in window.document.nodes.values()]
    assert len(set(boxes)) == 4, "each new box gets its own free spot"
    window.editor.flush()
    assert window.status_counts.text() == "4 nodes · 0 labels · 0 problems"
    window.actions["undo"].trigger()
    assert len(window.document.nodes) == 3


def test_drag_into_container_makes_a_subagent_and_undo_redo(open_window):
    doc = doc_of([("mind", "Mind", ["agent"], None, 0, 0, 500, 300),
                  ("shard", "Shard", ["agent"], None, 600, 0, 180, 84)])
    window = open_window(doc)
    click(window, 690, 20)
    assert window.editor.scene.selected_node_ids() == ["shard"]
    drag(window, (690, 20), (150, 130))
    assert doc.nodes["shard"].parent == "mind"
    assert window.editor.scene.node_items["shard"].parentItem() is window.editor.scene.node_items["mind"]
    assert labels_of(window, "shard") == ["subagent"]
    assert labels_of(window, "mind") == ["composite-agent"]
    assert window.editor.undo_stack.count() == 1, "a drag is one undo step"
    window.actions["undo"].trigger()
    assert doc.nodes["shard"].parent is None
    assert (doc.nodes["shard"].x, doc.nodes["shard"].y) == (600, 0)
    assert labels_of(window, "shard") == []
    window.actions["redo"].trigger()
    assert doc.nodes["shard"].parent == "mind"
    assert labels_of(window, "shard") == ["subagent"]


def test_drag_out_of_container_and_container_moves_its_parts(open_window):
    doc = doc_of([("box", "Box", [], None, 0, 0, 400, 300),
                  ("part", "Part", ["agent"], "box", 20, 100, 180, 84)])
    window = open_window(doc)
    click(window, 30, 20)
    drag(window, (30, 20), (80, 60))
    assert (doc.nodes["box"].x, doc.nodes["box"].y) == (50, 40)
    assert (doc.nodes["part"].x, doc.nodes["part"].y) == (20, 100), "parts keep their place in the container"
    assert window.editor.scene.node_items["part"].scenePos().toTuple() == (70, 140)
    click(window, 100, 150)
    drag(window, (100, 150), (700, 150))
    assert doc.nodes["part"].parent is None
    assert labels_of(window, "part") == []


def test_container_grows_to_fit_a_dropped_part(open_window):
    doc = doc_of([("box", "Box", [], None, 0, 0, 300, 200),
                  ("part", "Part", [], None, 500, 0, 180, 84)])
    window = open_window(doc)
    click(window, 510, 10)
    drag(window, (510, 10), (250, 150))
    assert doc.nodes["part"].parent == "box"
    items = window.editor.scene.node_items
    part = items["part"].mapRectToScene(items["part"].box_rect())
    box = items["box"].mapRectToScene(items["box"].box_rect())
    assert box.contains(part), "the drawn container holds its part"


def test_optimizes_arrow_makes_a_mesa_optimizer(open_window, qtbot):
    doc = doc_of([("sgd", "SGD", ["optimizer"], None, 0, 0, 180, 84),
                  ("model", "Model", ["optimizer"], None, 400, 0, 180, 84)])
    window = open_window(doc)
    press_tool(window, qtbot, "tool-optimizes")
    drag(window, (90, 40), (490, 40))
    assert [(e.source, e.target, e.kind) for e in doc.edges.values()] == [("sgd", "model", "optimizes")]
    # Badges read in the order of meaning: production from base to mesa and depth, then the gaps.
    assert labels_of(window, "model") == ["mesa-optimizer", "mesa-depth-1", "objective-unstated"]
    assert labels_of(window, "sgd") == ["base-optimizer"]
    window.actions["undo"].trigger()
    assert not doc.edges
    assert labels_of(window, "model") == []
    window.actions["redo"].trigger()
    assert labels_of(window, "model") == ["mesa-optimizer", "mesa-depth-1", "objective-unstated"]


def test_link_arrow_is_ignored_by_the_rules(open_window, qtbot):
    doc = doc_of([("a", "A", ["optimizer"], None, 0, 0, 180, 84),
                  ("b", "B", ["optimizer"], None, 400, 0, 180, 84)])
    window = open_window(doc)
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    drag(window, (90, 40), (490, 40))
    assert [e.kind for e in doc.edges.values()] == ["link"]
    assert labels_of(window, "b") == []


def test_typing_a_goal_shows_objective_mismatch_and_undoes_in_one_step(open_window, qtbot):
    doc = doc_of([("sgd", "SGD", ["optimizer"], None, 0, 0, 180, 84),
                  ("model", "Model", ["optimizer"], None, 400, 0, 180, 84)],
                 [("e1", "sgd", "model", "optimizes")])
    doc.nodes["sgd"].goal = "low loss"
    window = open_window(doc)
    click(window, 450, 20)
    goal = window.properties.goal_edit
    qtbot.keyClicks(goal, "win")
    assert doc.nodes["model"].goal == "win"
    assert labels_of(window, "model") == ["mesa-optimizer", "mesa-depth-1", "objective-mismatch"]
    window.labels_panel.show_node(doc, window.editor.result, "model")
    assert "differs from its base objective «low loss»" in window.labels_panel.text()
    assert window.editor.undo_stack.count() == 1, "typing in one field merges into one step"
    window.actions["undo"].trigger()
    assert doc.nodes["model"].goal is None
    assert labels_of(window, "model") == ["mesa-optimizer", "mesa-depth-1", "objective-unstated"]


def test_kind_checkboxes_edit_every_selected_box(open_window, qtbot):
    doc = doc_of([("a", "A", [], None, 0, 0, 180, 84), ("b", "B", ["agent"], None, 300, 0, 180, 84)])
    window = open_window(doc)
    window.actions["select-all"].trigger()
    box = window.properties.kind_boxes["optimizer"]
    assert box.checkState() == Qt.CheckState.Unchecked
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert doc.nodes["a"].kinds == ["optimizer"] and doc.nodes["b"].kinds == ["agent", "optimizer"]
    assert window.properties.kind_boxes["agent"].checkState() == Qt.CheckState.PartiallyChecked
    window.actions["undo"].trigger()
    assert doc.nodes["a"].kinds == [] and doc.nodes["b"].kinds == ["agent"]


def test_clicking_a_problem_selects_it_and_fix_is_one_undo_step(open_window, qtbot):
    doc = doc_of([("data", "Dataset", [], None, 0, 0, 180, 84),
                  ("model", "Model", ["optimizer"], None, 400, 0, 180, 84)],
                 [("e1", "data", "model", "optimizes")])
    window = open_window(doc)
    panel = window.problems_panel
    assert panel.list.count() == 1
    item = panel.list.item(0)
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    scene = window.editor.scene
    assert scene.selected_edge_ids() == ["e1"]
    assert set(scene.selected_node_ids()) == {"data", "model"}
    assert panel.fix_button.text() == "Add the optimizer kind"
    qtbot.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    assert doc.nodes["data"].kinds == ["optimizer"]
    window.editor.flush()
    assert panel.list.count() == 0
    assert window.status_counts.text() == "2 nodes · 4 labels · 0 problems"
    window.actions["undo"].trigger()
    window.editor.flush()
    assert panel.list.count() == 1


def test_delete_removes_the_subtree_and_undo_restores_it(open_window):
    doc = doc_of([("box", "Box", [], None, 0, 0, 400, 300),
                  ("part", "Part", ["optimizer"], "box", 20, 100, 180, 84),
                  ("other", "Other", ["optimizer"], None, 500, 0, 180, 84)],
                 [("e1", "other", "part", "optimizes")])
    before = dumps_document(doc)
    window = open_window(doc)
    click(window, 30, 20)
    window.actions["delete"].trigger()
    assert list(doc.nodes) == ["other"] and not doc.edges
    window.actions["undo"].trigger()
    assert dumps_document(doc) == before
    assert set(window.editor.scene.node_items) == {"box", "part", "other"}


def test_copy_paste_between_two_windows(open_window):
    first = open_window(doc_of([("box", "Box", ["agent"], None, 0, 0, 400, 300),
                                ("part", "Part", ["agent"], "box", 20, 100, 180, 84)]))
    second = open_window()
    click(first, 30, 20)
    first.actions["copy"].trigger()
    second.activateWindow()
    second.actions["paste"].trigger()
    doc = second.document
    assert sorted(n.name for n in doc.nodes.values()) == ["Box", "Part"]
    part = next(n for n in doc.nodes.values() if n.name == "Part")
    assert doc.nodes[part.parent].name == "Box"
    assert labels_of(second, part.id) == ["subagent"]
    second.actions["undo"].trigger()
    assert not doc.nodes


def test_duplicate_and_cut(open_window):
    doc = doc_of([("a", "A", ["agent"], None, 0, 0, 180, 84)])
    window = open_window(doc)
    click(window, 20, 20)
    window.actions["duplicate"].trigger()
    assert len(doc.nodes) == 2
    copy = [n for n in doc.nodes.values() if n.id != "a"][0]
    assert (copy.name, copy.x, copy.y) == ("A", 20, 100), "the nearest spot where it covers nothing"
    window.actions["cut"].trigger()
    assert list(doc.nodes) == ["a"]


def test_save_close_reopen_gives_the_same_diagram(open_window, tmp_path, dialogs):
    doc = doc_of([("mind", "Mind", ["agent"], None, 0, 0, 500, 300),
                  ("shard", "Shard", ["agent"], "mind", 20, 90, 180, 84)])
    window = open_window(doc)
    path = tmp_path / "mind.diagram.json"
    assert window._save_to(str(path))
    assert not window.isWindowModified()
    assert window.windowTitle() == "mind.diagram.json[*] — Diagrammer"
    saved = path.read_bytes()
    window.close()
    reopened = open_window()
    assert reopened.open_path(str(path)) is reopened
    assert dumps_document(reopened.document).encode() == saved
    assert labels_of(reopened, "shard") == ["subagent"]
    assert reopened.recent_files()[0] == str(path.resolve())


def test_close_with_changes_asks_and_cancel_keeps_the_window(open_window, dialogs, qtbot):
    window = open_window()
    press_tool(window, qtbot, "add-agent")
    assert window.isWindowModified()
    dialogs["answers"].append(QMessageBox.StandardButton.Cancel)
    assert window.close() is False
    assert dialogs["question"][0][0] == "Save changes?"
    assert window.isVisible()
    dialogs["answers"].append(QMessageBox.StandardButton.Discard)
    assert window.close() is True


def test_opening_a_broken_file_shows_the_sentence_and_keeps_the_document(open_window, tmp_path, dialogs):
    doc = doc_of([("a", "A", ["agent"], None, 0, 0, 180, 84)])
    window = open_window(doc)
    before = dumps_document(doc)
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "diagrammer", "version": 1, "nodes": [', encoding="utf-8")
    assert window.open_path(str(bad)) is None
    assert len(dialogs["critical"]) == 1
    title, text = dialogs["critical"][0]
    assert title == "Cannot open the file"
    assert "broken.json" in text and "\n" not in text
    assert dumps_document(window.document) == before


def test_no_key_is_bound_to_two_actions(open_window):
    window = open_window()
    seen = {}
    for name, action in window.actions.items():
        for shortcut in action.shortcuts():
            key = shortcut.toString()
            assert key not in seen, f"{key} is bound to {seen.get(key)} and {name}"
            seen[key] = name
    assert window.actions["undo"].shortcut().toString() == "Ctrl+Z"


def test_zoom_keys_wheel_and_fit(open_window, qtbot):
    window = open_window(doc_of([("a", "A", [], None, 0, 0, 180, 84), ("b", "B", [], None, 2000, 1500, 180, 84)]))
    window.view.set_zoom(1.0)
    window.actions["zoom-in"].trigger()
    assert abs(window.view.zoom() - 1.25) < 1e-9
    window.actions["zoom-out"].trigger()
    assert abs(window.view.zoom() - 1.0) < 1e-9
    window.actions["fit"].trigger()
    assert window.view.zoom() < 0.6
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(0, 0) and visible.contains(2180, 1584)


def test_examples_menu_opens_every_example(open_window):
    window = open_window()
    examples = window.example_paths()
    assert len(examples) >= 6
    for path in examples:
        opened = window.open_path(str(path))
        assert opened is not None
        assert len(opened.document.nodes) == len(load_document(path).nodes)
        if opened is not window:
            opened.close()


def test_resize_handle_resizes_as_one_step(open_window):
    doc = doc_of([("a", "A", [], None, 0, 0, 180, 84)])
    window = open_window(doc)
    click(window, 20, 20)
    drag(window, (176, 80), (256, 140))
    assert (doc.nodes["a"].width, doc.nodes["a"].height) == (256, 140)
    window.actions["undo"].trigger()
    assert (doc.nodes["a"].width, doc.nodes["a"].height) == (180, 84)


def test_align_left_moves_to_the_leftmost(open_window):
    doc = doc_of([("a", "A", [], None, 10, 0, 180, 84), ("b", "B", [], None, 300, 200, 180, 84)])
    window = open_window(doc)
    window.actions["select-all"].trigger()
    window.actions["align-left"].trigger()
    assert doc.nodes["b"].x == 10 and doc.nodes["b"].y == 200


def test_saved_file_round_trips_through_the_loader(tmp_path):
    doc = doc_of([("a", "A", ["agent"], None, 0, 0, 180, 84)])
    path = Path(tmp_path) / "x.json"
    save_document(doc, path)
    assert dumps_document(load_document(path)) == dumps_document(doc)


def test_paste_into_a_file_with_broken_references_avoids_the_missing_ids(open_window):
    doc = doc_of([("a", "A", ["optimizer"], None, 0, 0, 180, 84),
                  ("b", "B", [], "n3", 300, 0, 180, 84)],
                 [("e1", "a", "n4", "optimizes")])
    window = open_window(doc)
    click(window, 20, 20)
    window.actions["copy"].trigger()
    new_ids = window.editor.paste()
    assert len(new_ids) == 1 and new_ids[0] not in ("n3", "n4")
    window.actions["undo"].trigger()
    assert list(doc.nodes) == ["a", "b"] and list(doc.edges) == ["e1"]


def test_the_drop_target_lights_up_while_dragging(open_window):
    from PySide6.QtWidgets import QApplication

    from tests.ui.conftest import _send, scene_point

    doc = doc_of([("box", "Box", ["agent"], None, 0, 0, 400, 300), ("a", "A", ["agent"], None, 600, 0, 180, 84)])
    window = open_window(doc)
    click(window, 650, 20)
    viewport = window.view.viewport()
    left = Qt.MouseButton.LeftButton
    _send(viewport, QMouseEvent.Type.MouseButtonPress, scene_point(window, 650, 20), left, left)
    for x in (500, 300, 200):
        _send(viewport, QMouseEvent.Type.MouseMove, scene_point(window, x, 150), Qt.MouseButton.NoButton, left)
    QApplication.processEvents()
    assert window.editor.scene.node_items["box"].drop_target is True
    _send(viewport, QMouseEvent.Type.MouseButtonRelease, scene_point(window, 200, 150), left, Qt.MouseButton.NoButton)
    assert window.editor.scene.node_items["box"].drop_target is False
    assert doc.nodes["a"].parent == "box"


def test_far_zoom_draws_the_diagram_in_one_layer_and_boxes_stay_clickable(open_window):
    from PySide6.QtWidgets import QGraphicsItem

    nodes = [(f"n{i}", f"Box {i}", ["agent"], None, (i % 20) * 220, (i // 20) * 140, 180, 84) for i in range(200)]
    doc = doc_of(nodes, [("e1", "n0", "n1", "link")])
    window = open_window(doc)
    scene = window.editor.scene
    window.view.set_zoom(0.1)
    assert scene.overview.active
    no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    assert scene.node_items["n5"].flags() & no_contents
    window.view.centerOn(2200, 700)
    image = window.view.viewport().grab().toImage()
    # Every pixel: the outlines are one pixel wide, and where they fall depends on the window's size.
    colours = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    bluish = [c for c in colours if c.blue() - c.red() > 40]
    assert bluish, "the boxes' agent outlines are drawn by the overview layer"
    click(window, 20 * 220 - 200 + 90, 40)
    assert scene.selected_node_ids() == ["n19"]
    window.view.set_zoom(1.0)
    assert not scene.overview.active
    assert not scene.node_items["n5"].flags() & no_contents


def test_the_wheel_zooms_under_the_mouse(open_window):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    window = open_window(doc_of([("a", "A", [], None, 0, 0, 180, 84)]))
    window.view.set_zoom(1.0)
    at = QPointF(window.view.viewport().rect().center())
    event = QWheelEvent(at, QPointF(window.view.viewport().mapToGlobal(at.toPoint())), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(window.view.viewport(), event)
    assert abs(window.view.zoom() - 1.15) < 1e-9
