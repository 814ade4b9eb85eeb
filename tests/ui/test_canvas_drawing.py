"""What the canvas draws: arrows from border to border that follow the boxes, and the far-zoom
layer's picture, which must show every change although it is reused between repaints."""

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor

from diagrammer.layout.routing import Router
from diagrammer.model.geometry import HEADER_HEIGHT
from diagrammer.ui.theme import SELECTION_COLOUR
from tests.ui.conftest import click, doc_of, drag


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ((0, 0, 100, 50), (300, 0, 100, 50), ((100, 25), (300, 25))),  # side by side
        ((0, 0, 100, 50), (0, 200, 100, 50), ((50, 50), (50, 200))),  # one above the other
        ((300, 0, 100, 50), (0, 0, 100, 50), ((300, 25), (100, 25))),  # pointing left
        # From a container to one of its parts: from under the container's header band.
        ((0, 0, 400, 300), (150, 150, 100, 50), ((200, HEADER_HEIGHT), (200, 150))),
    ],
)
def test_arrows_run_from_border_to_border(source, target, expected):
    router = Router()
    router.set_box("s", source, None, HEADER_HEIGHT if source[2] == 400 else None)
    router.set_box("t", target, "s" if source[2] == 400 else None)
    points = router.route("e", "s", "t")
    assert (points[0], points[-1]) == expected


def arrow_ends(window, edge_id):
    points = window.editor.scene.edge_items[edge_id].points
    return points[0], points[-1]


def test_an_arrow_follows_a_box_dragged_by_the_mouse_and_a_box_dropped_into_a_container(open_window):
    doc = doc_of(
        # Plain systems and a link: no label badges to make the boxes taller than drawn here.
        [("a", "A", [], None, 0, 0, 180, 84), ("b", "B", [], None, 400, 0, 180, 84),
         ("box", "Box", [], None, 0, 300, 500, 300)],
        [("e1", "a", "b", "link")],
    )
    window = open_window(doc)
    assert arrow_ends(window, "e1") == ((180, 42), (400, 42))
    drag(window, (490, 20), (490, 120))  # B down by 100
    assert (doc.nodes["b"].x, doc.nodes["b"].y) == (400, 100)
    # Leaves A's right side and enters B's left side, in their middles.
    assert arrow_ends(window, "e1") == ((180, 42), (400, 142))
    drag(window, (90, 20), (100, 420))  # A into the container
    assert doc.nodes["a"].parent == "box"
    item = window.editor.scene.node_items["a"]
    a_box = item.mapRectToScene(item.box_rect())
    start, _end = arrow_ends(window, "e1")
    on_border = (abs(start[0] - a_box.left()) < 1e-6 or abs(start[0] - a_box.right()) < 1e-6
                 or abs(start[1] - a_box.top()) < 1e-6 or abs(start[1] - a_box.bottom()) < 1e-6)
    assert on_border and a_box.adjusted(-1e-6, -1e-6, 1e-6, 1e-6).contains(QPointF(*start))
    window.editor.undo_stack.undo()
    assert arrow_ends(window, "e1") == ((180, 42), (400, 142))


def selection_pixels(window, rect):
    """Pixels of the selection colour inside the scene rectangle ``rect`` of a fresh paint."""
    image = window.view.viewport().grab().toImage()
    area = window.view.mapFromScene(rect).boundingRect()
    wanted = QColor(SELECTION_COLOUR)
    count = 0
    for x in range(max(area.left() - 2, 0), min(area.right() + 3, image.width())):
        for y in range(max(area.top() - 2, 0), min(area.bottom() + 3, image.height())):
            c = image.pixelColor(x, y)
            if abs(c.red() - wanted.red()) + abs(c.green() - wanted.green()) + abs(c.blue() - wanted.blue()) < 60:
                count += 1
    return count


def test_far_zoom_picture_shows_a_new_selection_and_follows_panning(open_window):
    # Wider than the window at the far zoom, so that the view can scroll.
    nodes = [(f"n{i}", f"Box {i}", ["optimizer"], None, (i % 20) * 800, (i // 20) * 140, 180, 84)
             for i in range(200)]
    window = open_window(doc_of(nodes))
    scene = window.editor.scene
    window.view.set_zoom(0.1)
    assert scene.overview.active
    window.view.centerOn(13000, 700)
    box = QRectF(15 * 800, 0, 180, 84)
    assert selection_pixels(window, box) == 0
    window.view.viewport().grab()  # the same view painted again comes from the kept picture
    click(window, 15 * 800 + 90, 40)
    assert scene.selected_node_ids() == ["n15"]
    assert selection_pixels(window, box) > 0, "the selection outline appears at far zoom"
    before = window.view.mapFromScene(QPointF(15 * 800, 0))
    window.view.horizontalScrollBar().setValue(window.view.horizontalScrollBar().value() - 50)
    after = window.view.mapFromScene(QPointF(15 * 800, 0))
    assert after.x() - before.x() == 50
    assert selection_pixels(window, box) > 0, "the outline moves with the view"
    click(window, 15 * 800 + 90, 400)  # empty canvas: nothing selected
    assert scene.selected_node_ids() == []
    assert selection_pixels(window, box) == 0


def test_fitting_twice_keeps_the_view_where_it_is_at_far_zoom(open_window):
    nodes = [(f"n{i}", f"Box {i}", ["agent"], None, (i % 40) * 400, (i // 40) * 300, 180, 84) for i in range(400)]
    window = open_window(doc_of(nodes))
    window.view.fit()
    assert window.editor.scene.overview.active
    first = window.view.transform()
    window.view.viewport().grab()  # the far-zoom layer, now drawn, must not change what fits
    window.view.fit()
    assert window.view.transform() == first


def test_fit_after_deleting_at_close_zoom_shows_only_what_is_left(open_window):
    from PySide6.QtCore import QRectF

    nodes = [(f"n{i}", f"Box {i}", ["agent"], None, (i % 40) * 400, (i // 40) * 300, 180, 84) for i in range(400)]
    window = open_window(doc_of(nodes))
    window.view.fit()
    window.view.viewport().grab()  # drawn once at far zoom
    window.view.set_zoom(1.0)
    window.editor.scene.select_ids([f"n{i}" for i in range(1, 400)])
    window.editor.delete(window.editor.scene.selected_node_ids(), [])
    assert list(window.document.nodes) == ["n0"]
    window.view.fit()
    visible = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert visible.contains(QRectF(0, 0, 180, 84))
    assert visible.width() < 1200, "the view fits the box that is left, not where the others were"


def test_closed_windows_documents_are_freed_while_another_window_stays_open(open_window, qtbot):
    import gc
    import weakref

    from PySide6.QtWidgets import QApplication

    from diagrammer.ui.main_window import MainWindow

    open_window(doc_of([("keep", "Kept", [], None, 0, 0, 180, 84)]))
    gone = []
    for round_ in range(4):
        nodes = [(f"n{i}", f"Box {i}", ["agent"], None, i * 200, 0, 180, 84) for i in range(50)]
        doc = doc_of(nodes)
        gone.append(weakref.ref(doc))
        window = MainWindow(doc, None)
        window.show()
        QApplication.processEvents()
        window.editor.undo_stack.setClean()
        window.close()
        window.deleteLater()
        del window, doc
        qtbot.wait(50)  # Qt deletes the window
        gc.collect()  # what Python's collector does on its own in time: nothing keeps the document alive
        assert [ref() is None for ref in gone] == [True] * (round_ + 1)
