"""Exports a reader accepts whatever the names hold: SVG parsed back by an XML parser, DOT read by Graphviz."""

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from diagrammer.io.dot import read_dot
from diagrammer.io.native import save_document
from diagrammer.model import Document, Edge, Node

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "e\x1bn\x00f\x0cb\x07u\ufffe!"
SHOWN = "e\u241bn\u2400f\u240cb\u2407u\ufffd!"


def run_cli(*args):
    environment = dict(os.environ)
    environment.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "diagrammer", *args], capture_output=True, cwd=ROOT,
                          env=environment, timeout=120)  # fmt: skip


def hostile_document():
    return Document.from_parts(
        "Title\x1b",
        [Node("a", HOSTILE, x=0, y=0), Node("b", "plain", x=300, y=0)],
        [Edge("e1", "a", "b", label="\x0c")],
    )


def test_svg_export_of_control_characters_parses_as_xml(tmp_path):
    source = tmp_path / "hostile.json"
    save_document(hostile_document(), source)
    out = tmp_path / "hostile.svg"
    result = run_cli("export", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    root = ET.fromstring(out.read_bytes())  # raises on any character XML forbids
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert SHOWN in texts
    assert root.find(f"{SVG}title").text == "Title\u241b"


def test_control_characters_arriving_through_dot_import_still_give_valid_svg(tmp_path):
    source = tmp_path / "hostile.gv"
    source.write_bytes(b'digraph { a [label="x\x1by\x07z"]; a -> b }')
    out = tmp_path / "hostile.svg"
    result = run_cli("export", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    root = ET.fromstring(out.read_bytes())
    assert any("x\u241by\u2407z" in "".join(t.itertext()) for t in root.iter(f"{SVG}text"))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_dot_export_of_control_characters_is_read_by_graphviz_and_by_us(tmp_path):
    source = tmp_path / "hostile.json"
    save_document(hostile_document(), source)
    out = tmp_path / "hostile.dot"
    result = run_cli("export", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    check = subprocess.run(["dot", "-Tcanon", str(out)], capture_output=True, timeout=60)
    assert check.returncode == 0, check.stderr
    back = read_dot(out)
    assert back.nodes["a"].name == HOSTILE.replace("\x00", "\ufffd")
