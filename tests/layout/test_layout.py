"""Automatic layout: every box placed, parts inside their containers, no sibling overlaps, one undo step."""

from __future__ import annotations

import os
import random
import shutil
import stat

import pytest

from diagrammer.commands.layout import run_layout
from diagrammer.io.dot import read_dot
from diagrammer.io.native import dumps_document, load_document, save_document
from diagrammer.layout import (
    DOT_NODE_LIMIT,
    INNER_ARROW_ROOM,
    LayoutCancelled,
    LayoutError,
    layout_document,
    layout_geometry,
    layout_operations,
    needs_layout,
)
from diagrammer.layout.dot import POLL_SECONDS
from diagrammer.layout.geometry import MIN_WIDTH, box_layout
from diagrammer.model import Batch, Document, Edge, Node, SetEdgeFields, SetNodeFields
from diagrammer.model.document import DEFAULT_WIDTH as MODEL_DEFAULT_WIDTH
from diagrammer.model.forest import containment_tree
from diagrammer.model.geometry import HEADER_HEIGHT, PADDING
from diagrammer.paths import examples_dir
from diagrammer.ui.layout_sizes import measured_sizes
from diagrammer.ui.measure import qt_measure

EXAMPLES = sorted(examples_dir().glob("*.json"))
HAS_DOT = shutil.which("dot") is not None
ENGINES = ["builtin", pytest.param("dot", marks=pytest.mark.skipif(not HAS_DOT, reason="Graphviz is not installed"))]


def generated(n: int, seed: int, nesting: float = 0.7, edges: float = 1.2) -> Document:
    """Random nesting and arrows; half the nodes unplaced, the rest at random spots, sizes varied."""
    rng = random.Random(seed)
    nodes: list[Node] = []
    for i in range(n):
        parent = None
        if nodes and rng.random() < nesting:
            parent = rng.choice(nodes[-40:] if rng.random() < 0.7 else nodes).id
        placed = rng.random() < 0.5
        nodes.append(
            Node(
                f"v{i}", f"Node {i}", rng.choice([[], ["agent"], ["optimizer"], ["agent", "optimizer"]]),
                parent=parent, x=rng.uniform(0, 900) if placed else None, y=rng.uniform(0, 900) if placed else None,
                width=rng.choice([180.0, 120.0, 240.0, 97.5]), height=rng.choice([84.0, 60.0, 130.25]),
            )
        )  # fmt: skip
    arrows = [
        Edge(f"e{i}", rng.choice(nodes).id, rng.choice(nodes).id, rng.choice(["optimizes", "link"]))
        for i in range(int(n * edges))
    ]
    return Document.from_parts("generated", nodes, arrows)


def assert_well_laid_out(doc: Document, original: Document, sizes: dict | None = None) -> None:
    """Parts inside their containers below the header, siblings apart; leaves at their own size
    (or the size given in ``sizes``, as measured for drawing)."""
    tree, tops = containment_tree(doc)
    for node in doc.nodes.values():
        assert node.x is not None and node.y is not None, node.id
        if not tree[node.id]:  # leaves keep their own size
            expected = sizes[node.id] if sizes else (original.nodes[node.id].width, original.nodes[node.id].height)
            assert (node.width, node.height) == pytest.approx(expected)
    for parent, parts in [(None, tops), *tree.items()]:
        boxes = [(doc.nodes[p].x, doc.nodes[p].y, doc.nodes[p].width, doc.nodes[p].height, p) for p in parts]
        if parent is not None:
            width, height = doc.nodes[parent].width, doc.nodes[parent].height
            for x, y, w, h, part in boxes:
                # Inside the container, below its header band, within its padding (half a unit of
                # rounding allowed on the far sides).
                header = sizes[parent][1] if sizes else HEADER_HEIGHT
                assert x >= PADDING and y >= header, (part, parent)
                assert x + w <= width - PADDING + 0.5 and y + h <= height - PADDING + 0.5, (part, parent)
        else:
            assert all(x >= 0 and y >= 0 for x, y, *_ in boxes)
        boxes.sort()
        for i, (x, y, w, h, a) in enumerate(boxes):
            for x2, y2, _, h2, b in boxes[i + 1 :]:
                if x2 >= x + w:
                    break
                assert not (y2 < y + h and y < y2 + h2), f"{a} and {b} overlap"


def check_layout(doc: Document, **kwargs) -> Batch:
    original = Document.from_parts(doc.title, [n.copy() for n in doc.nodes.values()], list(doc.edges.values()))
    before = dumps_document(doc)
    batch = layout_operations(doc, **kwargs)
    assert dumps_document(doc) == before, "computing the layout must not change the diagram"
    assert isinstance(batch, Batch)
    node_ops = [op for op in batch.operations if isinstance(op, SetNodeFields)]
    edge_ops = batch.operations[len(node_ops):]
    assert [op.node_id for op in node_ops] == list(doc.nodes)
    assert all(set(op.values) == {"x", "y", "width", "height"} for op in node_ops)
    assert all(isinstance(op, SetEdgeFields) and set(op.values) == {"route"} for op in edge_ops)
    undo = doc.apply(batch)
    assert not needs_layout(doc)
    assert_well_laid_out(doc, original)
    doc.apply(undo)
    assert dumps_document(doc) == before, "the inverse must restore the diagram exactly"
    return batch


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("n", "seed", "nesting"),
    [(1, 0, 0.0), (12, 1, 0.0), (40, 2, 0.5), (60, 3, 0.9), (150, 4, 0.7), (300, 5, 0.97)],
)
def test_generated_diagrams(engine, n, seed, nesting):
    check_layout(generated(n, seed, nesting), engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples(engine, example):
    check_layout(load_document(example), engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_optimizes_arrows_point_down(engine):
    doc = Document.from_parts(
        "", [Node("c"), Node("b"), Node("a")], [Edge("e1", "a", "b"), Edge("e2", "b", "c", kind="link")]
    )
    layout_document(doc, engine=engine)
    ys = [doc.nodes[n].y for n in ("a", "b", "c")]
    assert ys[0] + 84 <= ys[1] and ys[1] + 84 <= ys[2]


@pytest.mark.parametrize("engine", ENGINES)
def test_broken_diagrams_are_laid_out_too(engine):
    doc = Document.from_parts(
        "",
        [Node("orphan", parent="gone"), Node("part", parent="orphan"), Node("a", parent="b"), Node("b", parent="a"),
         Node("ok")],
        [Edge("e1", "ok", "nowhere"), Edge("e2", "a", "ok"), Edge("e3", "ok", "ok")],
    )  # fmt: skip
    check_layout(doc, engine=engine)


def test_ten_thousand_levels_of_nesting_with_the_builtin_layout():
    nodes = [Node("n0")] + [Node(f"n{i}", parent=f"n{i - 1}") for i in range(1, 10_000)]
    doc = Document.from_parts("", nodes, [Edge("e", "n9999", "n0")])
    check_layout(doc, engine="builtin")  # its time: benchmarks/bench_layout.py
    layout_document(doc, engine="auto")  # too many nodes for dot: auto uses the built-in layout
    assert doc.nodes["n9999"].x == PADDING and doc.nodes["n9999"].y == HEADER_HEIGHT
    # Each level adds its header band above and its padding around the level inside.
    # n0 also keeps room under its header for the arrow from its innermost part.
    assert doc.nodes["n0"].height == 84 + 9_999 * (HEADER_HEIGHT + PADDING) + INNER_ARROW_ROOM
    assert doc.nodes["n0"].width == 180 + 9_999 * 2 * PADDING


def test_needs_layout_and_the_empty_diagram():
    assert not needs_layout(Document())
    assert layout_operations(Document()).operations == []
    assert needs_layout(Document.from_parts("", [Node("a", x=1.0)], []))


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="not 'neato'"):
        layout_operations(Document(), engine="neato")


# ----- Graphviz failing, slow or cancelled: a stand-in ``dot`` on PATH ---------------------------


@pytest.fixture
def fake_dot(tmp_path, monkeypatch):
    """Install a ``dot`` that runs the given shell script instead of Graphviz."""

    def install(script: str) -> None:
        path = tmp_path / "dot"
        path.write_text(f"#!/bin/sh\n{script}\n")
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
        monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")

    return install


def builtin_result(doc: Document) -> dict:
    return layout_geometry(doc, engine="builtin")


@pytest.mark.skipif(os.name != "posix", reason="the stand-in dot is a shell script")
def test_a_slow_dot_times_out_and_auto_falls_back_to_builtin(fake_dot):
    fake_dot("exec sleep 30")
    doc = generated(30, 7)
    polls = []  # dot is polled every POLL_SECONDS while it runs: about 0.2 / 0.05 times before the timeout

    def cancel() -> bool:
        polls.append(1)
        return False

    assert layout_geometry(doc, engine="auto", timeout=0.2, cancel=cancel) == builtin_result(doc)
    with pytest.raises(LayoutError, match="Graphviz took longer than 0.2 seconds"):
        layout_geometry(doc, engine="dot", timeout=0.2, cancel=cancel)
    assert len(polls) <= 2 * (0.2 / POLL_SECONDS + 2), "the slow dot must be killed, not waited for"


@pytest.mark.skipif(os.name != "posix", reason="the stand-in dot is a shell script")
def test_a_failing_dot_falls_back_in_auto_and_is_reported_with_dot(fake_dot):
    fake_dot('cat > /dev/null; echo "Error: trouble in line 3" >&2; exit 1')
    doc = generated(30, 8)
    assert layout_geometry(doc, engine="auto") == builtin_result(doc)
    with pytest.raises(LayoutError, match=r"^Graphviz failed \(Error: trouble in line 3\)\.$"):
        layout_geometry(doc, engine="dot")


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz is not installed")
def test_a_tiny_timeout_with_the_real_dot_falls_back_to_builtin():
    doc = generated(600, 11)
    assert layout_geometry(doc, engine="auto", timeout=0.001) == builtin_result(doc)


@pytest.mark.skipif(os.name != "posix", reason="the stand-in dot is a shell script")
def test_an_overlapping_dot_layout_is_not_used(fake_dot):
    # Both boxes at the same centre: auto must not accept that.
    fake_dot("""cat > /dev/null; echo '{"bb": "0,0,500,500", "objects": [
        {"name": "n0", "pos": "100,100"}, {"name": "n1", "pos": "100,100"}]}'""")
    doc = Document.from_parts("", [Node("a"), Node("b")], [])
    assert layout_geometry(doc, engine="auto") == builtin_result(doc)
    with pytest.raises(LayoutError, match="Graphviz's layout put 'a' over 'b'"):
        layout_geometry(doc, engine="dot")


@pytest.mark.skipif(os.name != "posix", reason="the stand-in dot is a shell script")
def test_cancel_kills_dot(fake_dot, tmp_path):
    finished = tmp_path / "finished"
    # Had dot been waited for, the script would have come to its last line.
    fake_dot(f'sleep 30 < /dev/null > /dev/null 2>&1; touch "{finished}"')
    polls = []
    with pytest.raises(LayoutCancelled):
        layout_operations(generated(10, 9), engine="auto", cancel=lambda: polls.append(1) or len(polls) > 2)
    assert len(polls) == 3
    assert not finished.exists()


def test_without_dot_auto_uses_builtin_and_dot_is_an_error(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    doc = generated(20, 10)
    assert layout_geometry(doc, engine="auto") == builtin_result(doc)
    with pytest.raises(LayoutError, match="Graphviz is not installed"):
        layout_geometry(doc, engine="dot")


@pytest.mark.skipif(os.name != "posix", reason="the stand-in dot is a shell script")
def test_auto_skips_dot_above_the_limit(fake_dot, tmp_path):
    fake_dot(f"touch '{tmp_path / 'called'}'; exit 1")
    check_layout(Document.from_parts("", [Node(f"n{i}") for i in range(DOT_NODE_LIMIT)], []), engine="auto")
    assert (tmp_path / "called").exists()
    (tmp_path / "called").unlink()
    check_layout(Document.from_parts("", [Node(f"n{i}") for i in range(DOT_NODE_LIMIT + 1)], []), engine="auto")
    assert not (tmp_path / "called").exists()


# ----- the command ------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_run_layout_writes_a_file_that_loads(tmp_path, engine):
    source = tmp_path / "in.gv"
    source.write_text('digraph { subgraph cluster_a { label="A"; x -> y [kind=optimizes] } y -> z }')
    out = tmp_path / "out.diagram.json"
    assert run_layout(str(source), str(out), engine=engine) == 0
    doc = load_document(out)
    assert not needs_layout(doc)
    assert [n.name for n in doc.nodes.values()] == ["A", "x", "y", "z"]
    original = read_dot(source)
    # Laid out at the sizes the editor draws (the command measures them with Qt, offscreen).
    assert_well_laid_out(doc, original, measured_sizes(original, fit=True))
    assert run_layout(str(out), str(tmp_path / "again.dot"), engine=engine) == 0
    assert len(read_dot(tmp_path / "again.dot").nodes) == 4


@pytest.mark.parametrize("engine", ENGINES)
def test_a_dot_import_gets_boxes_as_narrow_as_their_names_and_never_wraps_a_short_name(tmp_path, engine):
    """Graphviz sizes a node by its label; 180 px for "x" made imported graphs twice as wide."""
    source = tmp_path / "in.gv"
    long = "a name far too long to sit on one line of a box"
    source.write_text(f'digraph {{ x -> strlen -> get_sym_fields -> "{long}" }}')
    out = tmp_path / "out.diagram.json"
    assert run_layout(str(source), str(out), engine=engine) == 0
    doc = load_document(out)
    measure = qt_measure()
    widths = {node.name: node.width for node in doc.nodes.values()}
    assert widths["x"] == MIN_WIDTH
    assert MIN_WIDTH < widths["strlen"] < widths["get_sym_fields"] < widths[long] == MODEL_DEFAULT_WIDTH
    for node in doc.nodes.values():
        lines = [line for line, _ in box_layout(node, (), node.width, measure).names]
        assert lines == [node.name] if node.name != long else len(lines) > 1
    # A diagram with positions keeps the widths it has: only files without positions are fitted.
    assert run_layout(str(out), str(tmp_path / "again.diagram.json"), engine=engine) == 0
    assert {n.name: n.width for n in load_document(tmp_path / "again.diagram.json").nodes.values()} == widths


def test_run_layout_reports_unreadable_input_and_unwritable_output(tmp_path, capsys):
    assert run_layout(str(tmp_path / "missing.json"), str(tmp_path / "out.json")) == 2
    err = capsys.readouterr().err
    assert err == f'diagrammer: Cannot open "{tmp_path / "missing.json"}": there is no such file.\n'
    good = tmp_path / "good.diagram.json"
    save_document(Document.from_parts("", [Node("a")], []), good)
    assert run_layout(str(good), str(tmp_path / "no" / "out.json"), engine="builtin") == 2
    assert capsys.readouterr().err.count("\n") == 1
