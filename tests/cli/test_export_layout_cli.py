"""diagrammer export (dot, json) and diagrammer layout, as a script would run them."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BARE = ('{"format": "diagrammer", "version": 1, "nodes": [{"id": "box", "name": "Box", "kinds": ["agent"]}, '
        '{"id": "part", "name": "Part", "kinds": ["agent"], "parent": "box"}, '
        '{"id": "t", "name": "Trainer", "kinds": ["optimizer"]}], '
        '"edges": [{"id": "e1", "source": "t", "target": "box", "kind": "link"}]}')


def run(*args):
    return subprocess.run([sys.executable, "-m", "diagrammer", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_layout_command_places_every_node_inside_its_container(tmp_path):
    source = tmp_path / "bare.json"
    source.write_text(BARE, encoding="utf-8")
    out = tmp_path / "laid.diagram.json"
    result = run("layout", str(source), "-o", str(out), "--engine", "builtin")
    assert (result.returncode, result.stderr) == (0, "")
    nodes = {n["id"]: n for n in json.loads(out.read_text())["nodes"]}
    part, box = nodes["part"], nodes["box"]
    assert part["x"] + part["width"] <= box["width"] and part["y"] + part["height"] <= box["height"]
    assert all(n["x"] is not None for n in nodes.values())


def test_export_to_json_lays_out_a_file_without_positions(tmp_path):
    source = tmp_path / "bare.json"
    source.write_text(BARE, encoding="utf-8")
    out = tmp_path / "out.json"
    assert run("export", str(source), "-o", str(out)).returncode == 0
    assert all("x" in n and "y" in n for n in json.loads(out.read_text())["nodes"])


def test_export_to_dot_and_classify_the_dot_file(tmp_path):
    example = ROOT / "resources" / "examples" / "planner-in-trained-program.diagram.json"
    out = tmp_path / "planner.dot"
    assert run("export", str(example), "-o", str(out)).returncode == 0
    assert "subgraph" in out.read_text() and "cluster_prog" in out.read_text()
    original = json.loads(run("classify", str(example), "--json").stdout)
    again = json.loads(run("classify", str(out), "--json").stdout)
    assert again == original


def test_unknown_output_format_is_one_line(tmp_path):
    result = run("export", str(ROOT / "resources" / "examples" / "mind-of-shards.diagram.json"), "-o",
                 str(tmp_path / "x.bmp"))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1


def test_layout_of_a_missing_file_is_one_line(tmp_path):
    result = run("layout", str(tmp_path / "nope.json"), "-o", str(tmp_path / "out.json"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_export_to_json_lays_a_file_out_at_the_sizes_the_editor_draws(tmp_path):
    """A long goal makes a box taller than the file says; export lays it out as `layout` does."""
    goal = "reach a state where every part of the plan is checked twice by someone else"
    source = tmp_path / "long.dot"
    source.write_text(f'digraph {{ a [label="A rather long name for a box", kinds="agent optimizer", goal="{goal}"]; '
                      'b [label="Trainer", kinds="optimizer"]; b -> a [kind=optimizes] }', encoding="utf-8")
    exported, laid = tmp_path / "exported.diagram.json", tmp_path / "laid.diagram.json"
    assert run("export", str(source), "-o", str(exported)).returncode == 0
    assert run("layout", str(source), "-o", str(laid)).returncode == 0

    def sizes(path):
        return {n["name"]: (n["width"], n["height"]) for n in json.loads(path.read_text())["nodes"]}

    assert sizes(exported) == sizes(laid)
    assert sizes(exported)["A rather long name for a box"][1] > 84  # the file's default height, too small
