"""Layouts make clean pictures: no overlaps, arrows around boxes and texts, apart, longer than their heads.

Checked on the geometry and routes a layout writes (the sizes in the file; the editor's drawn
sizes are checked in tests/ui/test_arrow_pictures.py).
"""

from __future__ import annotations

import math
import shutil
from itertools import combinations, pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from diagrammer.io.files import load_path
from diagrammer.layout import layout_operations
from diagrammer.layout.builtin import default_sizes
from diagrammer.layout.route_search import segments_cross
from diagrammer.layout.routing import Router
from diagrammer.model import Document, Edge, Node
from diagrammer.model.forest import containment_tree
from diagrammer.paths import examples_dir
from tests.layout.pictures import Arrow, Picture, assert_clean

HAS_DOT = shutil.which("dot") is not None
ENGINES = ["builtin", pytest.param("dot", marks=pytest.mark.skipif(not HAS_DOT, reason="Graphviz is not installed"))]
CLUSTERED = sorted((Path(__file__).parent / "data").glob("clust*"))
EXAMPLES = sorted(examples_dir().glob("*.json"))


def picture_of(doc: Document) -> Picture:
    """Boxes at their absolute positions, container texts across their header band, stored routes."""
    tree, tops = containment_tree(doc)
    sizes = default_sizes(doc, tree)
    picture = Picture()
    stack = [(top, None, 0.0, 0.0) for top in tops]
    while stack:
        nid, parent, px, py = stack.pop()
        node = doc.nodes[nid]
        rect = (px + node.x, py + node.y, node.width, node.height)
        picture.boxes[nid] = rect
        picture.parent[nid] = parent
        picture.text[nid] = (rect[0], rect[1], min(rect[2], sizes[nid][2]), sizes[nid][1]) if tree[nid] else rect
        stack.extend((child, nid, rect[0], rect[1]) for child in tree[nid])
    for edge in doc.edges.values():
        assert edge.route is not None, f"{edge.id} has no route"
        picture.arrows[edge.id] = Arrow(list(edge.route), edge.source, edge.target)
    return picture


def laid_out(doc: Document, engine: str) -> Document:
    doc.apply(layout_operations(doc, engine=engine))
    return doc


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", CLUSTERED, ids=lambda p: p.name)
def test_dot_files_with_clusters(engine, path):
    assert_clean(picture_of(laid_out(load_path(str(path)), engine)))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_after_layout(engine, path):
    assert_clean(picture_of(laid_out(load_path(str(path)), engine)))


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz is not installed")
def test_after_dot_arrows_follow_graphviz_curves():
    doc = laid_out(load_path(str(Path(__file__).parent / "data" / "clust2.dot")), "dot")
    # Graphviz's own splines (flattened into many short pieces), not the router's few right angles.
    curved = [e for e in doc.edges.values() if len(e.route) > 10]
    assert len(curved) >= len(doc.edges) // 2
    # One style: the arrows the router had to bend or replace are curves too: no arrow turns a
    # square corner (made only of horizontal and vertical stretches, and of both).
    def square(route) -> bool:
        kinds = {"h" if abs(p[1] - q[1]) <= 0.5 else "v" if abs(p[0] - q[0]) <= 0.5 else "slanted"
                 for p, q in pairwise(route)}  # fmt: skip
        return kinds == {"h", "v"}

    assert [e.id for e in doc.edges.values() if square(e.route)] == []


def test_two_arrows_between_the_same_boxes_are_two_arrows():
    doc = Document.from_parts("", [Node("a"), Node("b")], [Edge("ab", "a", "b"), Edge("ba", "b", "a", kind="link")])
    picture = picture_of(laid_out(doc, "builtin"))
    assert_clean(picture)
    assert picture.arrows["ab"].points != list(reversed(picture.arrows["ba"].points))


@st.composite
def nested_diagrams(draw):
    n = draw(st.integers(1, 14))
    nodes = []
    for i in range(n):
        parent = draw(st.one_of(st.none(), st.sampled_from([f"n{j}" for j in range(i)]))) if i else None
        nodes.append(Node(f"n{i}", f"Box {i}", draw(st.sampled_from([[], ["agent"], ["optimizer"]])), parent=parent,
                          width=draw(st.sampled_from([180.0, 120.0, 240.0])),
                          height=draw(st.sampled_from([84.0, 60.0, 130.0]))))  # fmt: skip
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2 * n))
    edges = [Edge(f"e{k}", f"n{a}", f"n{b}", draw(st.sampled_from(["optimizes", "link"])))
             for k, (a, b) in enumerate(pairs)]  # fmt: skip
    return Document.from_parts("generated", nodes, edges)


def describe(doc: Document) -> str:
    nodes = [(n.id, n.parent, n.kinds, n.width, n.height) for n in doc.nodes.values()]
    return repr((nodes, [(e.id, e.source, e.target, e.kind) for e in doc.edges.values()]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested_diagrams())
def test_generated_nested_diagrams_with_the_builtin_layout(doc):
    note(describe(doc))
    assert_clean(picture_of(laid_out(doc, "builtin")))


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz is not installed")
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested_diagrams())
def test_generated_nested_diagrams_with_dot(doc):
    note(describe(doc))
    assert_clean(picture_of(laid_out(doc, "dot")))


def test_an_arrow_leaving_a_side_never_turns_back_along_it():
    """Found by the generated diagrams: the middle of the lower box's top lined up with the upper box's
    left side, and both arrows left that side, turned back and ran down along it, one on the other."""
    sizes = [180.0, 180.0, 180.0, 180.0, 120.0, 180.0, 120.0, 180.0, 120.0]
    nodes = [Node(f"n{i}", f"Box {i}", width=w, height=84.0) for i, w in enumerate(sizes)]
    pairs = [("n0", "n5"), ("n3", "n0"), ("n3", "n0"), ("n3", "n1"), ("n3", "n7")]
    edges = [Edge(f"e{k}", a, b) for k, (a, b) in enumerate(pairs)]
    picture = picture_of(laid_out(Document.from_parts("twins", nodes, edges), "builtin"))
    assert_clean(picture)
    source = picture.boxes["n3"]
    for twin in ("e1", "e2"):
        (x0, y0), (x1, y1) = picture.arrows[twin].points[:2]
        assert (y0, y1 > y0) == (source[1] + source[3], True)  # out of the bottom, downwards


@pytest.mark.parametrize("height", [130.0, 84.0, 40.0])
def test_loops_on_one_box_go_round_each_other(height):
    """Found by the generated diagrams: on a tall box the second loop started half a pixel below the
    first and ran along it."""
    box = (100.0, 100.0, 180.0, height)
    router = Router()
    router.set_box("a", box)
    picture = Picture(boxes={"a": box}, parent={"a": None}, text={"a": box})
    for k in range(3):
        picture.arrows[f"e{k}"] = Arrow(router.route(f"e{k}", "a", "a"), "a", "a")
    assert_clean(picture)
    starts = [picture.arrows[f"e{k}"].points[0] for k in range(3)]
    ends = [picture.arrows[f"e{k}"].points[-1] for k in range(3)]
    assert [x for x, _ in starts] == [280.0] * 3  # all leave the right side
    assert starts[0][1] < starts[1][1] < starts[2][1] < 100.0 + height  # each further down it
    assert ends == [(248.0, 100.0), (236.0, 100.0), (224.0, 100.0)]  # heads (8.6 px wide) 12 px apart on top


def test_a_further_loop_takes_a_corner_where_it_crosses_no_arrow():
    """The second loop round the top right corner would cross the arrow leaving the box's right side."""
    router = Router()
    router.set_box("a", (0.0, 0.0, 180.0, 88.0))
    router.set_box("b", (260.0, 220.0, 180.0, 88.0))
    arrow = router.route("ab", "a", "b")
    assert arrow[0] == (180.0, 44.0)  # out of the right side
    loops = [router.route(f"l{k}", "a", "a") for k in range(3)]
    assert [points[0][0] for points in loops] == [180.0, 0.0, 0.0]  # the further ones on the left
    assert not any(segments_cross(p, q, r, s) for points in loops for p, q in pairwise(points)
                   for r, s in pairwise(arrow))


def test_many_loops_on_one_box_share_the_corners_and_keep_their_heads_apart():
    """Nine loops on a container: counted together, the further ones at a second corner were spaced for
    the first corner's loops and landed their heads on those."""
    nodes = [Node(f"n{i}", f"Box {i}", parent="n0" if i == 9 else None) for i in range(10)]
    doc = laid_out(Document.from_parts("loops", nodes, [Edge(f"e{k}", "n0", "n0") for k in range(9)]), "builtin")
    picture = picture_of(doc)
    assert_clean(picture)
    tips = [arrow.points[-1] for arrow in picture.arrows.values()]
    assert min(math.dist(p, q) for p, q in combinations(tips, 2)) >= 10.0  # heads are 8.6 px wide


def test_loops_routed_again_as_their_box_moves_keep_their_places():
    """Routed again one by one (a drag), each loop counted the others and took the outer place: two
    loops then ran along each other."""
    router = Router()
    router.set_box("a", (0.0, 0.0, 180.0, 88.0))
    first = [router.route(f"l{k}", "a", "a") for k in range(3)]
    router.set_box("a", (100.0, 50.0, 180.0, 88.0))
    again = [router.route(f"l{k}", "a", "a") for k in range(3)]
    assert again == [[(x + 100.0, y + 50.0) for x, y in points] for points in first]
