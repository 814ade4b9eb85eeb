"""A box that grows by itself moves the neighbours it would cover, in the same undo step.

Seen by a new user: SGD drawn just below Company; an optimizes arrow from SGD to Planner (inside
Company) made Planner a mesa-optimizer, its three badges grew it, Company grew with it and covered
SGD's title. A long rename did the same to the box below.
"""

from PySide6.QtCore import Qt

from tests.ui.conftest import click, doc_of, drag
from tests.ui.test_box_pictures import boxes_of, picture_faults


def company_above_sgd():
    return doc_of([
        ("company", "Company", ["agent"], None, 0, 0, 520, 190),
        ("employee", "Employee", ["agent"], "company", 20, 90, 200, 84),
        ("planner", "Planner", ["optimizer"], "company", 260, 90, 140, 60),
        ("sgd", "SGD", ["optimizer"], None, 0, 200, 200, 84),
        ("far", "Far away", [], None, 900, 0, 180, 84),
    ])  # fmt: skip


def test_an_arrow_that_grows_a_container_moves_the_box_below_it(open_window):
    window = open_window(company_above_sgd())
    scene = window.editor.scene
    before = boxes_of(scene)
    assert picture_faults(scene) == []

    window.actions["tool-optimizes"].trigger()
    drag(window, (100, before["sgd"].center().y()), (330, 110))  # SGD -> Planner

    assert [(e.source, e.target) for e in window.document.edges.values()] == [("sgd", "planner")]
    after = boxes_of(scene)
    assert after["company"].bottom() > before["sgd"].top(), "Company grew past where SGD was"
    assert after["sgd"].top() == after["company"].bottom() + 10, "SGD moved down, clear of Company"
    assert after["sgd"].left() == before["sgd"].left()
    assert after["far"] == before["far"], "a box Company does not reach stays put"
    assert picture_faults(scene) == []
    assert window.editor.undo_stack.count() == 1, "the arrow and the move are one step"

    window.actions["undo"].trigger()
    window.editor.flush()
    assert boxes_of(scene) == before and not window.document.edges
    window.actions["redo"].trigger()
    window.editor.flush()
    assert boxes_of(scene) == after


def test_a_long_rename_moves_the_box_below(open_window, qtbot):
    window = open_window(doc_of([("a", "Plan", ["optimizer"], None, 0, 0, 180, 60),
                                 ("b", "Below", [], None, 0, 70, 180, 60),
                                 ("c", "Beside", [], None, 400, 0, 180, 60)]))
    scene = window.editor.scene
    click(window, 60, 20)
    assert scene.selected_node_ids() == ["a"]
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    qtbot.keyClicks(window.in_place.edit, "A planner that searches many moves ahead before it acts")
    qtbot.keyClick(window.in_place.edit, Qt.Key.Key_Return)

    boxes = boxes_of(scene)
    assert boxes["a"].height() > 60, "the name wraps and the box grows taller"
    assert boxes["b"].top() == boxes["a"].bottom() + 10
    assert boxes["c"].topLeft() == scene.node_items["c"].mapToScene(0, 0) and boxes["c"].left() == 400
    assert picture_faults(scene) == []
    assert window.editor.undo_stack.undoText() == "Rename"


def test_a_column_pushed_aside_gets_its_arrows_routed_in_the_next_frames(open_window, qtbot):
    """Growing the top of a column of boxes pushes the whole column down; their arrows are re-routed
    a few at a time between frames (straight until then), and all end up clean."""
    boxes = [("first", "First", [], None, 0, 0, 180, 60)]
    boxes += [(f"b{i}", f"Box {i}", ["optimizer"], None, 0, 70 + 70 * i, 180, 60) for i in range(8)]
    boxes += [(f"t{i}", f"Target {i}", [], None, 500, 70 * i, 180, 60) for i in range(8)]
    arrows = [(f"e{i}{j}", f"b{i}", f"t{(i + j) % 8}", "optimizes") for i in range(8) for j in range(3)]
    window = open_window(doc_of(boxes, arrows))
    scene = window.editor.scene
    scene.finish_routing()
    click(window, 60, 20)
    qtbot.keyClick(window.view, Qt.Key.Key_F2)
    qtbot.keyClicks(window.in_place.edit, "First, with a name long enough to wrap onto three or four lines")
    qtbot.keyClick(window.in_place.edit, Qt.Key.Key_Return)

    boxes_now = boxes_of(scene)
    assert boxes_now["b7"].top() > 70 + 70 * 7, "the column made room"
    assert picture_faults(scene) == []
    assert scene._pending_routes, "some arrows wait for the next frames"
    qtbot.waitUntil(lambda: not scene._pending_routes, timeout=10_000)
    from tests.ui.test_arrow_pictures import assert_clean, scene_picture

    assert_clean(scene_picture(scene))
