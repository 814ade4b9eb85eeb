"""Adding a box by key puts it at the mouse pointer; the palette button and the menu put it near
the view's centre (issue 10: "new boxes appear in free space near the view's centre, or the cursor
by key")."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import doc_of, scene_point


def point_at(window, x, y):
    """Move the mouse pointer over the canvas to the scene point (x, y), as a user does."""
    QTest.mouseMove(window.view.viewport(), scene_point(window, x, y))
    QApplication.processEvents()


def pointer_off_canvas(window):
    """Move the pointer onto the palette (the state later tests expect)."""
    button = window.palette_bar.widgetForAction(window.actions["add-agent"])
    QTest.mouseMove(button, QPoint(5, 5))
    QApplication.processEvents()


def press_key(window, key):
    QTest.keyClick(window.view.viewport(), key)
    QApplication.processEvents()


def new_box(window, before):
    (node_id,) = set(window.document.nodes) - before
    return node_id, window.editor.scene.node_items[node_id].scene_box()


def overlaps(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def test_a_key_over_free_canvas_adds_the_box_centred_on_the_pointer(open_window):
    window = open_window(doc_of([("a", "A", ["agent"], None, 0, 0, 180, 84)]))
    try:
        point_at(window, 500, 300)
        before = set(window.document.nodes)
        press_key(window, Qt.Key.Key_O)
        node_id, (x, y, w, h) = new_box(window, before)
    finally:
        pointer_off_canvas(window)
    assert window.document.nodes[node_id].kinds == ["optimizer"]
    assert window.document.nodes[node_id].parent is None
    assert (x + w / 2, y + h / 2) == (500, 300), "centred on the pointer"
    assert window.editor.scene.selected_node_ids() == [node_id]


def test_a_key_over_a_box_adds_the_box_in_the_nearest_free_spot(open_window):
    window = open_window(doc_of([("a", "A", ["agent"], None, 480, 340, 180, 84),
                                 ("b", "B", [], None, 480, 470, 180, 84)]))
    try:
        point_at(window, 570, 380)  # on box A, which holds no parts: the new box goes beside it
        before = set(window.document.nodes)
        press_key(window, Qt.Key.Key_S)
        node_id, box = new_box(window, before)
    finally:
        pointer_off_canvas(window)
    assert window.document.nodes[node_id].parent is None
    scene = window.editor.scene
    assert not any(overlaps(box, scene.node_items[n].scene_box()) for n in ("a", "b"))
    x, y, w, h = box
    distance = abs(x + w / 2 - 570) + abs(y + h / 2 - 380)
    assert distance < 250, f"near the pointer (the view's centre, 300, 250, is 400 away): {box}"


def test_a_key_over_a_container_adds_a_part_of_it_in_free_space(open_window):
    window = open_window(doc_of([("org", "Org", ["agent"], None, 0, 0, 500, 320),
                                 ("emp", "Employee", ["agent"], "org", 20, 60, 180, 84)]))
    scene = window.editor.scene
    ox, oy, ow, oh = scene.node_items["org"].scene_box()
    try:
        point_at(window, ox + 360, oy + 200)  # inside Org, clear of Employee
        before = set(window.document.nodes)
        press_key(window, Qt.Key.Key_A)
        node_id, box = new_box(window, before)
    finally:
        pointer_off_canvas(window)
    assert window.document.nodes[node_id].parent == "org"
    assert scene.node_items[node_id].parentItem() is scene.node_items["org"]
    assert not overlaps(box, scene.node_items["emp"].scene_box())
    x, y, w, h = box
    ox, oy, ow, oh = scene.node_items["org"].scene_box()
    assert ox < x and oy < y and x + w < ox + ow and y + h < oy + oh, "drawn inside its container"
    assert x < ox + 360 < x + w and y < oy + 200 < y + h, "under the pointer"
    window.editor.flush()
    assert "subagent" in scene.node_items[node_id].labels
    window.actions["undo"].trigger()
    assert node_id not in window.document.nodes, "one undo step"


def test_the_palette_button_adds_near_the_view_s_centre_wherever_the_pointer_was(open_window, qtbot):
    window = open_window()
    point_at(window, 100, 100)
    pointer_off_canvas(window)  # a user's pointer crosses to the palette to click it
    button = window.palette_bar.widgetForAction(window.actions["add-agent"])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    (node_id,) = window.document.nodes
    x, y, w, h = window.editor.scene.node_items[node_id].scene_box()
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    assert abs(x + w / 2 - centre.x()) <= 1 and abs(y + h / 2 - centre.y()) <= 1
    assert window.view.pointer_scene_pos() is None


def test_the_insert_menu_adds_near_the_view_s_centre_even_when_it_opens_over_the_canvas(open_window):
    window = open_window()
    insert = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Insert")
    insert.popup(window.view.viewport().mapToGlobal(QPoint(40, 40)))
    QTest.qWaitForWindowExposed(insert)
    action = window.actions["add-optimizer"]
    spot = insert.actionGeometry(action).center()
    try:
        QTest.mouseMove(insert, spot)
        assert window.view.pointer_scene_pos() is None, "the pointer is on the menu, not the canvas"
        QTest.mouseClick(insert, Qt.MouseButton.LeftButton, pos=spot)
        QApplication.processEvents()
    finally:
        insert.hide()
        pointer_off_canvas(window)
    (node_id,) = window.document.nodes
    assert window.document.nodes[node_id].kinds == ["optimizer"]
    x, y, w, h = window.editor.scene.node_items[node_id].scene_box()
    centre = window.view.mapToScene(window.view.viewport().rect().center())
    assert abs(x + w / 2 - centre.x()) <= 1 and abs(y + h / 2 - centre.y()) <= 1
