"""The desktop files and icon that ship with the package, and the report for writers."""

import base64
import configparser
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFileDialog

from diagrammer.commands.report import run_report
from diagrammer.io.native import load_document, save_document
from diagrammer.paths import resources_dir
from tests.ui.conftest import doc_of

MIME = "application/x-diagrammer+json"


def test_the_desktop_entry_opens_diagrams_with_the_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(resources_dir() / "desktop" / "diagrammer.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Name"] == "Diagrammer"
    assert section["Exec"] == "diagrammer %f" and section["Icon"] == "diagrammer"
    assert section["MimeType"] == MIME + ";"
    assert section["Categories"].endswith(";")


def test_the_mime_type_claims_diagram_json_files():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(resources_dir() / "desktop" / "diagrammer-mime.xml").getroot()
    kind = root.find("m:mime-type", ns)
    assert kind.get("type") == MIME
    assert [g.get("pattern") for g in kind.findall("m:glob", ns)] == ["*.diagram.json"]
    assert kind.find("m:sub-class-of", ns).get("type") == "application/json"


def test_the_icon_is_a_valid_svg(qapp):
    renderer = QSvgRenderer(str(resources_dir() / "icons" / "diagrammer.svg"))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == 128 and renderer.defaultSize().height() == 128
    assert not qapp.windowIcon().isNull()


def seed_example():
    """The seed's example: Company holding Employee and Planner, SGD optimizes Planner."""
    doc = doc_of([("company", "Company", ["agent"], None, 0, 0, 460, 260),
                  ("employee", "Employee", ["agent"], "company", 20, 80, 180, 84),
                  ("planner", "Planner <b>*x*</b>", ["optimizer"], "company", 240, 80, 180, 84),
                  ("sgd", "SGD", ["optimizer"], None, 600, 0, 180, 84),
                  ("data", "Data", [], None, 600, 200, 180, 84)],
                 [("e1", "sgd", "planner", "optimizes"), ("e2", "data", "employee", "optimizes")])
    doc.nodes["sgd"].designed_by_humans = True
    return doc


def test_report_html_has_the_picture_labels_explanations_and_problems(qapp, tmp_path):
    source = tmp_path / "seed.diagram.json"
    save_document(seed_example(), source)
    out = tmp_path / "seed.html"
    assert run_report(source, out) == 0
    text = out.read_text(encoding="utf-8")
    picture = re.search(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', text)
    image = QImage.fromData(base64.b64decode(picture.group(1)), "PNG")
    assert image.width() > 800
    assert "<h3>Planner &lt;b&gt;*x*&lt;/b&gt;</h3>" in text, "names are escaped, never markup"
    assert ("<dt>Mesa-optimizer</dt><dd>«Planner &lt;b&gt;*x*&lt;/b&gt;» is an optimizer that was itself "
            "produced") in text
    assert "<dt>Subagent</dt>" in text and "<h3>Data</h3>" in text
    assert ("<li>Arrow «Data» → «Employee»: only optimizers can be base optimizers; "
            "add the optimizer kind or remove the edge</li>") in text


def test_report_markdown_puts_the_picture_beside_it(qapp, tmp_path):
    source = tmp_path / "seed.diagram.json"
    save_document(seed_example(), source)
    out = tmp_path / "post.md"
    assert run_report(source, out) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# t\n\n![Diagram: t](post.png)\n\n## Labels\n")
    assert QImage(str(tmp_path / "post.png")).width() > 800
    assert "### Planner \\<b\\>\\*x\\*\\</b\\>" in text
    assert "- **Mesa level 1**: «Planner" in text
    labels = re.findall(r"^- \*\*(.+?)\*\*", text.split("### Planner")[1].split("###")[0], re.M)
    assert labels[:2] == ["Mesa-optimizer", "Mesa level 1"], "badges in order of meaning"
    assert "- Arrow «Data» → «Employee»: only optimizers" in text


def test_report_errors_are_one_line(tmp_path, capsys):
    assert run_report(tmp_path / "missing.json", tmp_path / "x.html") == 2
    err = capsys.readouterr().err
    assert err.startswith("diagrammer: ") and err.count("\n") == 1
    save_document(seed_example(), tmp_path / "a.diagram.json")
    assert run_report(tmp_path / "a.diagram.json", tmp_path / "x.txt") == 2
    assert capsys.readouterr().err == (f'diagrammer: cannot tell the report format of "{tmp_path / "x.txt"}": '
                                       "name it .html or .md.\n")
    assert not (tmp_path / "x.txt").exists()


def test_file_export_report_from_the_editor(open_window, tmp_path, monkeypatch):
    source = tmp_path / "seed.diagram.json"
    save_document(seed_example(), source)
    window = open_window(load_document(source), str(source))
    starts = []

    def ask(parent, title, start, filters, chosen=""):
        starts.append(start)
        return str(tmp_path / "mine"), "Markdown, picture beside it (*.md)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    file_menu = window.menuBar().actions()[0].menu()
    next(a for a in file_menu.actions() if a.text() == "Export &Report…").trigger()
    assert starts == [str(tmp_path / "seed-report.html")]
    assert (tmp_path / "mine.md").read_text(encoding="utf-8").startswith("# t\n")
    assert (tmp_path / "mine.png").exists()
    assert window.statusBar().currentMessage() == "Wrote mine.md and mine.png"
    assert Path(window.path) == source and window.windowTitle().startswith("seed.diagram.json")
    assert window.actions["export-report"].shortcut().toString() == "Ctrl+Shift+E"


def test_diagrammer_report_on_the_command_line(tmp_path):
    import os
    import subprocess
    import sys

    source = tmp_path / "seed.diagram.json"
    save_document(seed_example(), source)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "diagrammer", "report", str(source), "-o", str(tmp_path / "r.html")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
    assert "<h3>Employee</h3>" in (tmp_path / "r.html").read_text(encoding="utf-8")
