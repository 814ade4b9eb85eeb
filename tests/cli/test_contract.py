"""The contract of every command: one line on stderr starting "diagrammer: ", exit 2, never a
traceback, also when standard output is full or closed; argparse's usage for a wrong command line."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "mind-of-shards.diagram.json"
USAGE = "usage: diagrammer [-h] [--version] [FILE | COMMAND ...]\n"


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "diagrammer", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120, **kwargs)  # fmt: skip


def run_shell(line: str) -> subprocess.CompletedProcess:
    """``line`` run by the shell, with ``DIAGRAMMER`` standing for the program (for redirections)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DIAGRAMMER": f"{sys.executable} -m diagrammer"}
    return subprocess.run(["sh", "-c", line], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_standard_output_is_blamed_not_the_input():
    result = run_shell(f"$DIAGRAMMER classify '{EXAMPLE}' --json > /dev/full")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "diagrammer: Cannot write to standard output: the disk is full.\n"


def test_a_closed_standard_output_is_one_line():
    result = run_shell(f"$DIAGRAMMER classify '{EXAMPLE}' >&-")
    assert result.returncode == 2
    assert result.stderr == "diagrammer: Cannot write to standard output: it is closed.\n"


def test_every_command_starts_its_error_line_alike(tmp_path):
    missing = tmp_path / "missing.json"
    expected = f'diagrammer: Cannot open "{missing}": there is no such file.\n'
    for args in (["classify", str(missing)], ["export", str(missing), "-o", str(tmp_path / "o.dot")],
                 ["layout", str(missing), "-o", str(tmp_path / "o.json")]):  # fmt: skip
        result = run(*args)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", expected), args
    result = run("export", str(EXAMPLE), "-o", str(tmp_path / "x.bmp"))
    assert result.returncode == 2
    assert result.stderr == (f'diagrammer: Cannot tell the format of "{tmp_path / "x.bmp"}": '
                             "use --format json, dot, png, svg, pdf.\n")  # fmt: skip


def test_version_and_help_print_and_exit_0():
    from diagrammer import __version__

    version = run("--version")
    assert (version.returncode, version.stdout, version.stderr) == (0, f"diagrammer {__version__}\n", "")
    helped = run("--help")
    assert helped.returncode == 0 and helped.stdout.startswith(USAGE)
    for command in ("classify", "export", "layout", "report"):
        assert f"    {command}" in helped.stdout


@pytest.mark.parametrize("args", [["--bogus"], ["some.json", "--bogus"], ["frobnicate", "x.json"], ["classify"],
                                  ["classify", "a.json", "-x"], ["export", "a.json"], ["report", "a.json"]])
def test_a_wrong_command_line_gets_the_usage_line_and_exit_2(args):
    result = run(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("usage: diagrammer")
    assert result.stderr.splitlines()[-1].startswith("diagrammer")
    assert "Traceback" not in result.stderr


def test_report_is_a_command_not_a_file_for_the_editor(tmp_path):
    result = run("report", str(tmp_path / "missing.json"), "-o", str(tmp_path / "r.html"))
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("diagrammer: "), result.stderr


def test_bidi_and_zero_width_characters_are_shown_visibly_in_the_table(tmp_path):
    path = tmp_path / "bidi.json"
    nodes = [{"id": "a\u200bb", "name": "Report\u202egpj.exe", "kinds": ["agent"]},
             {"id": "c", "name": "Zero\u200dJoin\u2066x\u2069", "kinds": ["agent"], "parent": "a\u200bb"}]  # fmt: skip
    path.write_text(json.dumps({"format": "diagrammer", "version": 1, "nodes": nodes}), encoding="utf-8")
    result = run("classify", str(path))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["Report\\u202egpj.exe", "a\\u200bb", "Composite", "agent"]
    assert lines[2].split() == ["Zero\\u200dJoin\\u2066x\\u2069", "c", "Subagent"]
    assert not any(0x200B <= ord(c) <= 0x206F for c in result.stdout)
    # The JSON is data, not a terminal table: the names are exact.
    printed = json.loads(run("classify", str(path), "--json").stdout)
    assert printed["nodes"]["c"]["name"] == "Zero\u200dJoin\u2066x\u2069"


def test_a_file_name_with_a_bidi_control_is_shown_visibly_on_stderr(tmp_path):
    path = tmp_path / "evil\u202etxt.json"
    result = run("classify", str(path))
    assert result.stderr == f'diagrammer: Cannot open "{tmp_path}/evil\\u202etxt.json": there is no such file.\n'


def test_each_command_module_goes_through_the_one_wrapper():
    from diagrammer.commands import classify, export, layout

    for function in (classify.run_classify, export.run_export, layout.run_layout):
        assert function.__wrapped__.__module__ == function.__module__
