"""Picture export from the command line and from File -> Export, checked as a reader of the file would."""

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFontDatabase, QFontInfo, QImage
from PySide6.QtWidgets import QDialog, QFileDialog

from diagrammer.io.native import save_document
from diagrammer.ui.export import ExportOptions, export_document
from diagrammer.ui.items import NAME_FONT
from diagrammer.ui.theme import label_colour
from tests.ui.conftest import click, doc_of

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def sample():
    doc = doc_of([("sgd", "Gradient descent", ["optimizer"], None, 0, 0, 200, 84),
                  ("model", "Trained model", ["optimizer"], None, 300, 0, 200, 84),
                  ("other", "Bystander", [], None, 0, 200, 200, 84)],
                 [("e1", "sgd", "model", "optimizes")])
    doc.title = "Sample"
    return doc


def run_cli(*args, env=None):
    environment = dict(os.environ)
    environment.pop("DISPLAY", None)
    environment.pop("QT_QPA_PLATFORM", None)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "diagrammer", *args], capture_output=True, text=True,
                          cwd=ROOT, env=environment, timeout=120)


def has_colour(image: QImage, colour: QColor, tolerance=30) -> bool:
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (abs(c.red() - colour.red()) < tolerance and abs(c.green() - colour.green()) < tolerance
                    and abs(c.blue() - colour.blue()) < tolerance and c.alpha() > 200):
                return True
    return False


def test_fonts_are_installed(qapp):
    assert QFontDatabase.families(), "without fonts every text renders as boxes"


def test_png_from_the_command_line_with_no_display(tmp_path):
    source = tmp_path / "d.diagram.json"
    save_document(sample(), source)
    out = tmp_path / "d.png"
    result = run_cli("export", str(source), "-o", str(out), "--scale", "1")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    image = QImage(str(out))
    assert not image.isNull()
    assert image.width() >= 500 and image.height() >= 284
    assert image.pixelColor(1, 1) == QColor("#ffffff")
    assert has_colour(image, label_colour("mesa-optimizer")), "the Mesa-optimizer badge is drawn"
    assert has_colour(image, label_colour("base-optimizer"))


def test_transparent_png_has_transparent_corners(qapp, tmp_path):
    out = tmp_path / "t.png"
    export_document(sample(), str(out), ExportOptions(format="png", scale=1.0, transparent=True))
    image = QImage(str(out))
    for x, y in ((0, 0), (image.width() - 1, 0), (0, image.height() - 1), (image.width() - 1, image.height() - 1)):
        assert image.pixelColor(x, y).alpha() == 0


def test_png_scale_doubles_the_pixels(qapp, tmp_path):
    one, two = tmp_path / "1.png", tmp_path / "2.png"
    export_document(sample(), str(one), ExportOptions(format="png", scale=1.0, legend=False))
    export_document(sample(), str(two), ExportOptions(format="png", scale=2.0, legend=False))
    a, b = QImage(str(one)), QImage(str(two))
    assert abs(b.width() - 2 * a.width()) <= 1 and abs(b.height() - 2 * a.height()) <= 1


def test_svg_keeps_names_as_text(tmp_path):
    source = tmp_path / "d.diagram.json"
    doc = sample()
    doc.nodes["other"].name = "<b>x</b><img src=x>"
    save_document(doc, source)
    out = tmp_path / "d.svg"
    result = run_cli("export", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    tree = ET.parse(out)
    texts = ["".join(t.itertext()).strip() for t in tree.iter(f"{SVG}text")]
    assert "Gradient descent" in texts and "Trained model" in texts
    assert "<b>x</b><img" in texts and "src=x>" in texts, "names are literal text (wrapped), never markup"
    assert "Mesa-optimizer" in texts
    assert not list(tree.iter(f"{SVG}img")) and not list(tree.iter(f"{SVG}image"))
    # Qt's alias "Sans Serif" is drawn in a serif font by browsers: the font, then the generic family.
    families = {element.get("font-family") for element in tree.iter() if element.get("font-family")}
    assert families == {f"{QFontInfo(NAME_FONT).family()}, sans-serif"}


def test_pdf_is_vector_with_the_page_sized_to_the_diagram(tmp_path):
    source = tmp_path / "d.diagram.json"
    save_document(sample(), source)
    out = tmp_path / "d.pdf"
    result = run_cli("export", str(source), "-o", str(out), "--no-legend")
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert box is not None
    width, height = float(box.group(1)), float(box.group(2))
    # 500 x 284 units of diagram (plus the boxes' 3-unit outline allowance) and a 24 unit margin on
    # each side, 1 unit = 1 point.
    assert 548 <= width <= 556 and 332 <= height <= 340
    assert b"/Subtype /Image" not in data, "boxes and text are vectors, not an embedded bitmap"


def test_export_without_positions_lays_out_first(tmp_path):
    source = tmp_path / "bare.json"
    source.write_text('{"format": "diagrammer", "version": 1, "nodes": [{"id": "a", "name": "A"}, '
                      '{"id": "b", "name": "B", "parent": "a"}], "edges": []}', encoding="utf-8")
    out = tmp_path / "bare.png"
    result = run_cli("export", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert not QImage(str(out)).isNull()


def test_export_of_an_unreadable_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("nope", encoding="utf-8")
    result = run_cli("export", str(bad), "-o", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_editor_export_of_the_selection_only(open_window, tmp_path, monkeypatch):
    window = open_window(sample())
    click(window, 50, 220)
    assert window.editor.scene.selected_node_ids() == ["other"]
    out = tmp_path / "sel.svg"

    def fake_exec(dialog):
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("svg"))
        dialog.selection_box.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr("diagrammer.ui.export_dialog.ExportDialog.exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert window.export_picture() == str(out)
    texts = ["".join(t.itertext()).strip() for t in ET.parse(out).iter(f"{SVG}text")]
    assert "Bystander" in texts
    assert "Gradient descent" not in texts and "Trained model" not in texts


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_editor_export_each_format(open_window, tmp_path, monkeypatch, fmt):
    window = open_window(sample())
    out = tmp_path / f"all.{fmt}"

    def fake_exec(dialog):
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr("diagrammer.ui.export_dialog.ExportDialog.exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert window.export_picture() == str(out)
    assert out.stat().st_size > 500
    from PySide6.QtCore import QSettings

    assert QSettings().value("export/format") == fmt, "the dialog remembers the choice"


def test_editor_export_to_dot_reads_back_the_same_nesting(open_window, tmp_path, monkeypatch):
    from diagrammer.io.dot import read_dot

    doc = doc_of([("mind", "Mind", ["agent"], None, 0, 0, 500, 300),
                  ("shard", "Shard", ["agent"], "mind", 20, 90, 180, 84)])
    window = open_window(doc)
    out = tmp_path / "mind.dot"

    def fake_exec(dialog):
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("dot"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr("diagrammer.ui.export_dialog.ExportDialog.exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert window.export_picture() == str(out)
    back = read_dot(out)
    by_name = {n.name: n for n in back.nodes.values()}
    assert back.nodes[by_name["Shard"].parent].name == "Mind"


def test_dark_palette_switch_redraws_the_canvas(open_window, qapp):
    from PySide6.QtGui import QColor, QPalette

    window = open_window(sample())
    original = qapp.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    try:
        qapp.setPalette(dark)
        qapp.processEvents()
        assert window.editor.scene.palette.dark is True
        assert window.editor.scene.node_items["sgd"].palette.dark is True
    finally:
        qapp.setPalette(original)
        qapp.processEvents()
    assert window.editor.scene.palette.dark is False


def test_the_exported_legend_lists_labels_in_the_order_badges_show_them(qapp, tmp_path):
    from diagrammer.io.files import load_path
    from diagrammer.paths import examples_dir

    out = tmp_path / "evolution.svg"
    export_document(load_path(examples_dir() / "evolution-and-humans.diagram.json"), str(out),
                    ExportOptions(format="svg"))  # fmt: skip
    texts = [e.text.strip() for e in ET.parse(out).iter() if e.tag.endswith("text") and e.text and e.text.strip()]
    legend = texts[texts.index("Labels") + 1 : texts.index("Labels") + 10]
    assert legend == [
        "Base optimizer", "Meta-optimizer", "Designed optimizer", "Mesa-optimizer", "Mesa level 1",
        "Learned algorithm", "Objective may differ", "Objective unstated", "Outer objective differs",
    ]  # fmt: skip


def test_a_picture_of_a_file_without_positions_is_laid_out_at_the_sizes_drawn(qapp):
    from diagrammer.io.dot import reads_dot
    from diagrammer.ui.export import build_export_scene
    from tests.ui.test_box_pictures import picture_faults

    goal = "reach a state where every part of the plan is checked twice by someone else"
    doc = reads_dot('digraph { ' + "; ".join(
        f'n{i} [label="A rather long name for box {i}", kinds="agent optimizer", goal="{goal}"]' for i in range(4))
        + "; n0 -> n1; n2 -> n3 }")
    scene, _rect = build_export_scene(doc, ExportOptions(format="png"))
    assert picture_faults(scene) == []
    for nid, item in scene.node_items.items():
        node = scene.document.nodes[nid]
        assert (node.width, node.height) == (item.box_rect().width(), item.box_rect().height())


def test_the_legend_says_what_each_kind_of_arrow_drawn_means(tmp_path):
    """A reader of an exported picture could not tell an optimizes arrow from a link."""
    doc = sample()
    doc.edges["e1"].label = ""
    plain = tmp_path / "plain.svg"
    export_document(doc, str(plain), ExportOptions(format="svg"))
    texts = [t.strip() for t in svg_texts(plain)]
    assert "optimizes (trains, designs, produces)" in texts
    assert "link (an annotation the rules ignore)" not in texts and "named in a problem" not in texts

    more = doc_of([("a", "A", ["optimizer"], None, 0, 0, 180, 60), ("b", "B", [], None, 300, 0, 180, 60)],
                  [("l", "a", "b", "link"), ("bad", "b", "a", "optimizes")])  # B is no optimizer: a problem
    both = tmp_path / "both.svg"
    export_document(more, str(both), ExportOptions(format="svg"))
    texts = [t.strip() for t in svg_texts(both)]
    assert "link (an annotation the rules ignore)" in texts and "named in a problem" in texts
    assert "optimizes (trains, designs, produces)" not in texts, "the only optimizes arrow is a problem"
    export_document(more, str(both), ExportOptions(format="svg", legend=False))
    assert "named in a problem" not in [t.strip() for t in svg_texts(both)]

    plain_boxes = doc_of([("a", "A", [], None, 0, 0, 180, 60), ("b", "B", [], None, 300, 0, 180, 60)],
                         [("l", "a", "b", "link")])  # no labels: the legend is only the arrows'
    only_arrows = tmp_path / "only.svg"
    export_document(plain_boxes, str(only_arrows), ExportOptions(format="svg"))
    texts = [t.strip() for t in svg_texts(only_arrows)]
    assert "Legend" in texts and "Labels" not in texts and "link (an annotation the rules ignore)" in texts


def svg_texts(path) -> list[str]:
    return ["".join(t.itertext()) for t in ET.parse(path).iter(f"{SVG}text")]
