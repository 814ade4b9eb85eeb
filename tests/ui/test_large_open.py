"""A large diagram opens with its arrows drawn straight, routed a slice at a time after the first frame;
a window closed before that ends leaves no routing running. A diagram of more boxes is painted by the
overview before its items are made; they are all made right after, or at once when anything needs them."""

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from diagrammer.model import Document, Edge, Move, Node
from diagrammer.rules import display_order
from diagrammer.ui.editor import Editor
from diagrammer.ui.items import NodeItem
from diagrammer.ui.overview import NO_CONTENTS
from diagrammer.ui.scene import ROUTE_AT_ONCE, DiagramScene
from diagrammer.ui.scene_build import BUILD_AT_ONCE


def many_arrows() -> Document:
    """Two rows of boxes with more arrows than are routed before the first frame."""
    count = ROUTE_AT_ONCE + 20
    nodes = [Node(f"s{i}", f"S{i}", ["optimizer"], x=i * 220.0, y=0.0, width=180, height=60) for i in range(count)]
    nodes += [Node(f"t{i}", f"T{i}", x=i * 220.0, y=300.0, width=180, height=60) for i in range(count)]
    edges = [Edge(f"e{i}", f"s{i}", f"t{(i + 1) % count}") for i in range(count)]
    return Document.from_parts("big", nodes, edges)


def test_arrows_of_a_large_diagram_are_drawn_at_once_and_routed_after_the_first_frame(qapp, qtbot):
    editor = Editor(many_arrows())
    scene = editor.scene
    assert all(len(item.points) == 2 for item in scene.edge_items.values())  # straight stand-ins
    qtbot.waitUntil(lambda: not scene._pending_routes, timeout=20000)
    for item in scene.edge_items.values():
        assert scene.router.routes[item.edge_id] == item.points
    editor.close()


def test_a_closed_editor_stops_routing(qapp):
    editor = Editor(many_arrows())
    assert editor.scene._pending_routes  # routing still under way
    routed = len(editor.scene.router.routes)
    editor.close()
    QApplication.processEvents()
    assert len(editor.scene.router.routes) == routed  # no slice ran after the close
    assert not editor.scene._pending_routes


# ----- a diagram of more boxes than are made before the first frame ----------------------------------

def many_boxes() -> Document:
    """Containers of ten parts each, more boxes in all than the scene makes before the first frame."""
    nodes, edges = [], []
    containers = BUILD_AT_ONCE // 10 + 5
    for c in range(containers):
        nodes.append(Node(f"c{c}", f"Team {c}", ["agent"], x=(c % 10) * 800.0, y=(c // 10) * 520.0,
                          width=760, height=480))
        for p in range(10):
            nodes.append(Node(f"c{c}p{p}", f"Part {c}.{p}", ["optimizer"] if p % 3 == 0 else [], parent=f"c{c}",
                              x=20.0 + (p % 5) * 145, y=60.0 + (p // 5) * 200, width=130, height=80))
        edges.append(Edge(f"e{c}", f"c{c}p0", f"c{(c + 1) % containers}p4"))
    return Document.from_parts("many boxes", nodes, edges)


def opened(qtbot, document: Document):
    """A window showing ``document`` fitted, its first frame painted and no event handled since."""
    from diagrammer.ui.main_window import MainWindow

    window = MainWindow(document)
    window.resize(1200, 800)
    window.show()
    window.view.fit()
    frame = window.view.viewport().grab().toImage()
    return window, frame


def close(window) -> None:
    window.editor.undo_stack.setClean()
    window.close()


def geometry(scene) -> dict:
    boxes = {nid: (item.scenePos().x(), item.scenePos().y(), item.box_width, item.box_height, item.labels)
             for nid, item in scene.node_items.items()}
    arrows = {eid: (item.edge.source, item.edge.target) for eid, item in scene.edge_items.items()}
    return {"boxes": boxes, "arrows": arrows}


def test_a_large_diagram_is_painted_before_its_items_are_made_then_they_all_exist(qapp, qtbot):
    document = many_boxes()
    window, frame = opened(qtbot, document)
    scene = window.editor.scene
    assert scene.items_pending()  # the first frame came from the overview alone
    assert scene.overview.active
    canvas = scene.backgroundBrush().color().rgb()
    centre = window.view.mapFromScene(scene.overview.boundingRect().center())
    assert frame.pixelColor(centre.x(), centre.y()).rgb() != canvas or any(
        frame.pixelColor(x, centre.y()).rgb() != canvas for x in range(frame.width()))  # boxes drawn
    fitted = scene.itemsBoundingRect()
    qtbot.waitUntil(lambda: not scene.items_pending(), timeout=20000)
    qtbot.waitUntil(lambda: not scene._pending_routes, timeout=20000)  # then the arrows were routed
    assert scene.itemsBoundingRect() == fitted  # the fit made before the items stays right
    eager = DiagramScene(document, interactive=False, result=window.editor.result)
    assert geometry(scene) == geometry(eager)
    assert {item.node_id for item in scene.items() if isinstance(item, NodeItem)} == set(document.nodes)
    close(window)


def test_a_click_right_after_the_open_selects_the_box_under_the_pointer(qapp, qtbot):
    window, _frame = opened(qtbot, many_boxes())
    scene = window.editor.scene
    assert scene.items_pending()
    part = window.document.nodes["c3p7"]
    x, y = window.document.absolute_position(part.id)
    spot = window.view.mapFromScene(x + part.width / 2, y + part.height / 2)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert scene.selected_node_ids() == ["c3p7"]
    close(window)


def test_reading_the_items_or_editing_right_after_the_open_makes_every_item_first(qapp, qtbot):
    document = many_boxes()
    window, _frame = opened(qtbot, document)
    assert len(window.editor.scene.edge_items) == len(document.edges)
    close(window)
    window, _frame = opened(qtbot, many_boxes())
    scene = window.editor.scene
    window.editor.push(Move("c5p1", 300.0, 60.0), "Move")
    assert not scene.items_pending()
    eager = DiagramScene(window.document, interactive=False, result=window.editor.result)
    assert geometry(scene) == geometry(eager)
    window.editor.undo_stack.undo()
    assert geometry(scene) == geometry(DiagramScene(window.document, interactive=False, result=window.editor.result))
    close(window)


def test_a_small_diagram_is_made_whole_before_its_first_frame(qapp):
    editor = Editor(many_arrows())
    assert not editor.scene.items_pending()
    assert len(editor.scene._node_items) == len(editor.document.nodes)
    editor.close()


def test_select_all_and_the_box_under_a_point_right_after_the_open_count_every_box(qapp, qtbot):
    document = many_boxes()
    window, _frame = opened(qtbot, document)
    scene = window.editor.scene
    x, y = window.document.absolute_position("c7")
    assert scene.node_at(QPointF(x + 5, y + 5)).node_id == "c7"
    close(window)
    window, _frame = opened(qtbot, many_boxes())
    window.select_all()
    assert len(window.editor.scene.selected_node_ids()) == len(document.nodes)
    assert len(window.editor.scene.selected_edge_ids()) == len(document.edges)
    close(window)


def test_a_frame_drawn_close_up_right_after_the_open_has_every_item(qapp, qtbot):
    window, _frame = opened(qtbot, many_boxes())
    scene = window.editor.scene
    assert scene.items_pending()
    window.view.set_zoom(1.0)  # texts readable: the items draw this frame, not the overview
    window.view.centerOn(*window.document.absolute_position("c2p3"))
    window.view.viewport().grab()
    assert not scene.items_pending()
    assert not scene.overview.active
    assert not scene.node_items["c2p3"].flags() & NO_CONTENTS  # made after the zoom: it paints itself
    close(window)


def test_a_file_opened_in_a_window_on_screen_is_fitted_before_its_next_frame(qapp, qtbot, open_window, tmp_path):
    from diagrammer.io.native import save_document

    path = tmp_path / "many.diagram.json"
    save_document(many_boxes(), str(path))
    window = open_window()
    assert window.open_path(str(path)) is window
    scene = window.editor.scene
    # No frame at the old zoom comes first: that one would need every item at once.
    assert scene.overview.active and window.view.zoom() < 0.3
    window.view.viewport().grab()
    assert scene.items_pending()
    qtbot.waitUntil(lambda: not scene.items_pending(), timeout=20000)
    assert len(scene.node_items) == len(window.document.nodes)


def test_the_first_slice_of_items_waits_for_the_first_frame(qapp, qtbot):
    document = many_boxes()
    scene = DiagramScene(document)
    assert scene._build_timer.isActive()  # slices start even when no view ever paints the scene
    assert scene._first_frame_due  # ... but a first frame starts their wait again
    scene.detach()  # its timers stop here, not wherever Python's collector frees the scene
    window, _frame = opened(qtbot, document)
    scene = window.editor.scene
    assert scene.items_pending() and scene._build_timer.isActive() and not scene._first_frame_due
    qtbot.waitUntil(lambda: not scene.items_pending(), timeout=20000)
    close(window)


def test_boxes_with_the_same_labels_share_one_tuple(qapp):
    from diagrammer.ui.scene_build import label_tuples

    editor = Editor(many_boxes())
    labels = label_tuples(editor.result)
    assert labels == {nid: tuple(display_order(found)) for nid, found in editor.result.labels.items() if found}
    assert len({id(found) for found in labels.values()}) == len(set(labels.values()))
    editor.close()


def test_deleting_a_box_or_an_arrow_right_after_the_open_works_and_undoes(qapp, qtbot):
    """The items not made yet were made while the model sent its change events, after the box or
    the arrow was gone: a KeyError left the deletion half done (found in review)."""
    from diagrammer.model import RemoveNodes

    window, _frame = opened(qtbot, many_boxes())
    scene = window.editor.scene
    assert scene.items_pending()
    assert window.editor.push(RemoveNodes(["c5p1"], ["e7"]), "Delete")
    assert "c5p1" not in window.document.nodes and "e7" not in window.document.edges
    assert "c5p1" not in scene.node_items and "e7" not in scene.edge_items
    window.editor.undo_stack.undo()
    assert "c5p1" in scene.node_items and "e7" in scene.edge_items
    assert geometry(scene) == geometry(DiagramScene(window.document, interactive=False, result=window.editor.result))
    close(window)
