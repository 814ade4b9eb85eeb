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
