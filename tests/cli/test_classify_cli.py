"""``diagrammer classify``: the public cases through the real command, its table, its exit statuses."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.rules.support import spec_display

ROOT = Path(__file__).resolve().parents[2]
CASES_FILE = ROOT / "tests" / "data" / "public-cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]

def run_cli(*args, **kwargs):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-m", "diagrammer", *args],
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        **kwargs,
    )


def write_case(case: dict, folder: Path) -> Path:
    """The mechanical conversion of rules.md §9: each optimizes pair becomes an edge."""
    node_ids = {node["id"] for node in case["nodes"]}
    edges = []
    for producer, product in case["optimizes"]:
        number = len(edges) + 1
        while f"edge-{number}" in node_ids:
            number += 1
        edges.append({"id": f"edge-{number}", "source": producer, "target": product, "kind": "optimizes"})
    document = {"format": "diagrammer", "version": 1, "title": case["id"], "nodes": case["nodes"], "edges": edges}
    path = folder / f"{case['id']}.diagram.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_public_case_json_output(case, tmp_path):
    result = run_cli("classify", str(write_case(case, tmp_path)), "--json")
    assert result.stderr == b""
    assert result.returncode == (1 if case["expected_problems"] else 0)
    output = json.loads(result.stdout.decode("utf-8"))
    assert list(output) == ["nodes", "problems"]
    assert {node_id: entry["labels"] for node_id, entry in output["nodes"].items()} == case["expected"]
    names = {node["id"]: node["name"] for node in case["nodes"]}
    for node_id, entry in output["nodes"].items():
        assert entry["name"] == names[node_id]
        assert sorted(entry["explanations"]) == entry["labels"]
        assert all(isinstance(text, str) and text for text in entry["explanations"].values())
    assert [problem["id"] for problem in output["problems"]] == case["expected_problems"]
    for problem in output["problems"]:
        assert list(problem) == ["id", "code", "subject", "message"]
        assert problem["id"] == f"{problem['code']}:{problem['subject']}"
        assert problem["message"]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_public_case_table_output(case, tmp_path):
    result = run_cli("classify", str(write_case(case, tmp_path)))
    assert result.stderr == b""
    assert result.returncode == (1 if case["expected_problems"] else 0)
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines[0].split() == ["Node", "Id", "Labels"]
    rows = lines[1 : 1 + len(case["nodes"])]
    for node, row in zip(case["nodes"], rows, strict=True):
        labels = case["expected"][node["id"]]
        shown = ", ".join(spec_display(label) for label in labels) or "-"
        assert row.startswith(node["name"]) and row.endswith(f"  {shown}")
        assert f"  {node['id']}  " in row
    for problem in case["expected_problems"]:
        assert any(line.startswith(f"  {problem}: ") for line in lines)
    labelled = sum(bool(labels) for labels in case["expected"].values())
    count = len(case["expected_problems"])
    summary = f"{len(case['nodes'])} nodes, {labelled} with labels, {count} problem{'' if count == 1 else 's'}."
    assert lines[-1] == summary


def test_missing_file_exits_2_with_one_line(tmp_path):
    path = tmp_path / "missing.json"
    result = run_cli("classify", str(path), "--json")
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == f'diagrammer: Cannot open "{path}": there is no such file.\n'


def test_folder_exits_2_with_one_line(tmp_path):
    result = run_cli("classify", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.decode() == f'diagrammer: Cannot open "{tmp_path}": it is a folder, not a file.\n'


def test_missing_dot_file_exits_2_with_one_line(tmp_path):
    path = tmp_path / "missing.dot"
    result = run_cli("classify", str(path))
    assert result.returncode == 2
    assert result.stderr.decode() == f'diagrammer: Cannot open "{path}": there is no such file.\n'


def test_unicode_names_are_printed_as_utf8(tmp_path):
    path = tmp_path / "u.json"
    nodes = [{"id": "ü", "name": "Évolution ✓", "kinds": ["optimizer"]}, {"id": "b", "name": "Line\nbreak"}]
    path.write_text(json.dumps({"format": "diagrammer", "version": 1, "nodes": nodes}), encoding="utf-8")
    as_json = run_cli("classify", str(path), "--json")
    assert as_json.returncode == 0
    assert "Évolution ✓".encode() in as_json.stdout
    assert json.loads(as_json.stdout)["nodes"]["ü"]["name"] == "Évolution ✓"
    table = run_cli("classify", str(path)).stdout.decode("utf-8")
    assert "Évolution ✓" in table and "Line break" in table


def test_lone_surrogates_still_give_valid_json(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"format": "diagrammer", "version": 1, "nodes": [{"id": "a", "name": "x\\ud800y"}]}')
    result = run_cli("classify", str(path), "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["nodes"]["a"]["name"] == "x\ud800y"
    assert run_cli("classify", str(path)).returncode == 0


def test_output_cut_short_by_the_reader_is_quiet(tmp_path):
    path = tmp_path / "many.json"
    nodes = [{"id": f"n{i}", "name": f"Agent {i}", "kinds": ["agent"], "parent": "n0" if i else None}
             for i in range(3000)]  # fmt: skip
    path.write_text(json.dumps({"format": "diagrammer", "version": 1, "nodes": nodes}), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "diagrammer", "classify", str(path), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert process.stdout.read(100).startswith(b'{\n  "nodes": {')
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=300) == 0
    assert stderr == b""


@pytest.mark.parametrize("as_json", [False, True], ids=["table", "json"])
def test_an_unexpected_failure_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, as_json):
    import diagrammer.rules
    from diagrammer.commands.classify import run_classify

    def broken(_doc):
        raise RuntimeError("boom\nsecond line")

    path = tmp_path / "ok.json"
    path.write_text('{"format": "diagrammer", "version": 1}')
    monkeypatch.setattr(diagrammer.rules, "classify", broken)
    assert run_classify(str(path), as_json=as_json) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f'diagrammer: Cannot classify "{path}": RuntimeError: boom second line.\n'


def test_called_in_process_the_command_returns_its_status(tmp_path, capsys):
    from diagrammer.cli import main

    path = write_case(CASES[0], tmp_path)
    status = main(["classify", str(path), "--json"])
    assert status == (1 if CASES[0]["expected_problems"] else 0)
    assert capsys.readouterr().out.encode("utf-8") == run_cli("classify", str(path), "--json").stdout


def test_a_dot_file_is_classified(tmp_path):
    path = tmp_path / "g.dot"
    path.write_text('digraph G { a [kinds="optimizer"]; b; a -> b [kind=optimizes]; }\n')
    result = run_cli("classify", str(path), "--json")
    assert result.stderr == b""
    # The DOT reader chooses the node ids; the names are the DOT node names.
    assert sorted(entry["name"] for entry in json.loads(result.stdout)["nodes"].values()) == ["a", "b"]
    assert result.returncode in (0, 1)


def test_the_table_summary_groups_thousands_the_same_way_for_every_count(tmp_path):
    from diagrammer.commands.classify import table_text
    from diagrammer.model import Document, Node
    from diagrammer.rules import classify

    nodes = [Node(f"a{i}", f"Agent {i}", ["agent"], parent="top") for i in range(1200)]
    doc = Document.from_parts("", [Node("top", "Top", ["agent"]), *nodes], [])
    assert table_text(doc, classify(doc)).splitlines()[-1] == "1,201 nodes, 1,201 with labels, 0 problems."
