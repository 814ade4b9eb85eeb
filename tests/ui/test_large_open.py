"""A large diagram opens with its arrows drawn straight, routed a slice at a time after the first frame;
a window closed before that ends leaves no routing running."""

from PySide6.QtWidgets import QApplication

from diagrammer.model import Document, Edge, Node
from diagrammer.ui.editor import Editor
from diagrammer.ui.scene import ROUTE_AT_ONCE


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
