"""Gestures and undo cases found by review, driven as a user would."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from diagrammer.io.native import dumps_document
from diagrammer.model import SetNodeFields
from tests.ui.conftest import _send, click, doc_of, drag, scene_point


def test_undoing_the_fix_of_a_containment_loop_draws_the_loop_top_level(open_window):
    doc = doc_of([("a", "A", [], "b", 0, 0, 180, 84), ("b", "B", [], "a", 300, 0, 180, 84)])
    window = open_window(doc)
    problem = next(p for p in window.editor.result.problems if p.code == "containment-cycle")
    window.editor.fix(problem)
    assert doc.nodes["a"].parent is None and doc.nodes["b"].parent is None
    window.actions["undo"].trigger()
    assert (doc.nodes["a"].parent, doc.nodes["b"].parent) == ("b", "a")
    items = window.editor.scene.node_items
    assert items["a"].parentItem() is None or items["b"].parentItem() is None


def test_a_refused_edit_is_reported_and_never_reaches_the_undo_stack(open_window, dialogs):
    window = open_window(doc_of([("a", "A", [], None, 0, 0, 180, 84)]))
    assert window.editor.push(SetNodeFields("ghost", {"name": "x"}), "Edit") is False
    assert window.editor.undo_stack.count() == 0
    assert dialogs["warning"] == [("Diagrammer", "There is no node 'ghost'.")]


def test_escape_while_drawing_an_arrow_cancels_it(open_window, qtbot):
    doc = doc_of([("a", "A", ["optimizer"], None, 0, 0, 180, 84), ("b", "B", ["optimizer"], None, 400, 0, 180, 84)])
    window = open_window(doc)
    window.actions["tool-optimizes"].trigger()
    viewport = window.view.viewport()
    left = Qt.MouseButton.LeftButton
    _send(viewport, QMouseEvent.Type.MouseButtonPress, scene_point(window, 90, 40), left, left)
    _send(viewport, QMouseEvent.Type.MouseMove, scene_point(window, 300, 40), Qt.MouseButton.NoButton, left)
    window.actions["tool-select"].trigger()  # Esc
    _send(viewport, QMouseEvent.Type.MouseButtonRelease, scene_point(window, 490, 40), left, Qt.MouseButton.NoButton)
    QApplication.processEvents()
    assert not doc.edges and window.editor.undo_stack.count() == 0


def test_a_click_with_the_arrow_tool_draws_nothing(open_window):
    doc = doc_of([("a", "A", ["optimizer"], None, 0, 0, 180, 84)])
    window = open_window(doc)
    window.actions["tool-optimizes"].trigger()
    click(window, 90, 40)
    assert not doc.edges


def test_undo_of_typing_into_a_shared_field_restores_every_box(open_window, qtbot):
    doc = doc_of([("a", "A", [], None, 0, 0, 180, 84), ("b", "B", [], None, 300, 0, 180, 84)])
    doc.nodes["a"].goal = "x"
    before = dumps_document(doc)
    window = open_window(doc)
    window.actions["select-all"].trigger()
    qtbot.keyClicks(window.properties.goal_edit, "xy")
    assert (doc.nodes["a"].goal, doc.nodes["b"].goal) == ("xy", "xy")
    assert window.editor.undo_stack.count() == 1
    window.actions["undo"].trigger()
    assert dumps_document(doc) == before
    window.actions["redo"].trigger()
    assert (doc.nodes["a"].goal, doc.nodes["b"].goal) == ("xy", "xy")


def test_ctrl_drag_moves_every_box_in_the_model(open_window):
    doc = doc_of([("a", "A", [], None, 0, 0, 180, 84), ("b", "B", [], None, 300, 0, 180, 84)])
    window = open_window(doc)
    click(window, 20, 20)
    drag(window, (320, 20), (320, 220), modifiers=Qt.KeyboardModifier.ControlModifier)
    scene = window.editor.scene
    for nid in ("a", "b"):
        node = doc.nodes[nid]
        assert scene.node_items[nid].pos().toTuple() == (node.x, node.y), "screen and model agree"
    assert doc.nodes["b"].y == 200


def test_paste_into_another_window_never_reuses_a_container_id(open_window):
    first = open_window(doc_of([("n1", "Mind", ["agent"], None, 0, 0, 400, 300),
                                ("n2", "Shard", ["agent"], "n1", 20, 100, 180, 84)]))
    second = open_window(doc_of([("n1", "Unrelated box", [], None, 0, 0, 400, 300)]))
    click(first, 40, 120)
    assert first.editor.scene.selected_node_ids() == ["n2"]
    first.actions["copy"].trigger()
    new_ids = second.editor.paste()
    pasted = second.document.nodes[new_ids[0]]
    assert pasted.name == "Shard" and pasted.parent is None
    # Its old scene position plus the paste offset lies on the unrelated box: the nearest free spot.
    assert (pasted.x, pasted.y) == (40, 320)


def test_saving_removes_the_recovery_file(open_window, tmp_path, qtbot):
    from diagrammer.ui import main_window as main_window_module
    from diagrammer.ui.recovery import Session

    session = Session()
    main_window_module.SESSION[:] = [session]
    try:
        window = open_window(doc_of([("a", "A", [], None, 0, 0, 180, 84)]))
        window.editor.edit_nodes(["a"], {"name": "B"})
        window.recorder.write_now()
        assert window.recorder.file.exists()
        assert window._save_to(str(tmp_path / "saved.diagram.json"))
        assert not window.recorder.file.exists()
    finally:
        main_window_module.SESSION.clear()
        session.end()
