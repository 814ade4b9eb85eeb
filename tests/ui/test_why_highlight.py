"""Show why: selecting a box, or clicking a label in the Labels dock, lights up what makes it true."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.ui.conftest import click, doc_of


def seed_example():
    """Company (an agent) holds Employee (an agent) and Planner (an optimizer); SGD trains Company."""
    doc = doc_of([("company", "Company", ["agent"], None, 0, 0, 460, 260),
                  ("employee", "Employee", ["agent"], "company", 20, 90, 180, 90),
                  ("planner", "Planner", ["optimizer"], "company", 250, 90, 180, 90),
                  ("sgd", "SGD", ["optimizer"], None, 640, 20, 180, 84)],
                 [("e1", "sgd", "company", "optimizes")])
    doc.nodes["sgd"].designed_by_humans = True
    doc.nodes["sgd"].goal = "low loss"
    doc.nodes["planner"].goal = "plan well"
    return doc


def click_label_in_dock(window, qtbot, label):
    panel = window.labels_panel
    block = panel.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == f"label:{label}":
                cursor = QTextCursor(panel.document())
                cursor.setPosition(fragment.position() + fragment.length() // 2)
                panel.ensureCursorVisible()
                point = panel.cursorRect(cursor).center()
                qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no {label} in the Labels dock")


def test_selecting_a_mesa_optimizer_lights_its_producer_arrow_and_container(open_window):
    window = open_window(seed_example())
    click(window, 340, 110)
    assert window.editor.scene.selected_node_ids() == ["planner"]
    assert window.highlight.marked() == {"planner", "sgd", "e1", "company"}
    assert "employee" not in window.highlight.marked()
    click(window, 700, 400)
    assert window.highlight.marked() == set(), "clicking empty canvas clears the highlight"


def test_clicking_a_label_in_the_dock_lights_only_what_makes_that_label_true(open_window, qtbot):
    window = open_window(seed_example())
    click(window, 110, 110)
    assert window.editor.scene.selected_node_ids() == ["employee"]
    click_label_in_dock(window, qtbot, "subagent")
    assert window.highlight.marked() == {"employee", "company"}
    click(window, 30, 12)
    click_label_in_dock(window, qtbot, "composite-agent")
    assert window.highlight.marked() == {"company", "employee"}
    click_label_in_dock(window, qtbot, "contains-mesa-optimizer")
    assert {"planner", "sgd", "e1"} <= window.highlight.marked()


def test_the_highlight_follows_a_moved_box_and_undo(open_window):
    window = open_window(seed_example())
    click(window, 700, 40)
    marks = {item.data(0): item for item in window.highlight.items}
    assert set(marks) >= {"sgd", "company", "e1"}
    before = marks["company"].sceneBoundingRect()
    from tests.ui.conftest import drag

    click(window, 30, 12)
    drag(window, (30, 12), (80, 52))
    click(window, 700, 40)
    after = {item.data(0): item for item in window.highlight.items}["company"].sceneBoundingRect()
    assert after.translated(-50, -40) == before


def test_the_highlight_survives_the_system_switching_to_dark(open_window, qapp):
    from PySide6.QtGui import QColor, QPalette

    window = open_window(seed_example())
    click(window, 340, 110)
    original = qapp.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    try:
        qapp.setPalette(dark)
        qapp.processEvents()
        assert window.editor.scene.palette.dark is True
        assert window.highlight.marked() == {"planner", "sgd", "e1", "company"}
    finally:
        qapp.setPalette(original)
        qapp.processEvents()
    assert window.highlight.marked() == {"planner", "sgd", "e1", "company"}


def test_a_box_with_nothing_behind_its_labels_lights_nothing(open_window):
    window = open_window(seed_example())
    click(window, 700, 40)
    assert window.highlight.marked() == {"sgd", "company", "e1"}
    window.actions["delete"].trigger()  # SGD and its arrow go: Planner is no longer learned
    click(window, 340, 110)
    assert window.editor.scene.selected_node_ids() == ["planner"]
    window.editor.flush()  # the labels are re-decided a moment after the edit; the highlight follows
    assert window.editor.result.labels["planner"] == []
    assert window.highlight.marked() == set()
