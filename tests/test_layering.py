"""The headless layers never load Qt: model, rules, io and the classify command run without PySide6."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADLESS = [
    "diagrammer.model",
    "diagrammer.rules",
    "diagrammer.io",
    "diagrammer.io.native",
    "diagrammer.io.files",
    "diagrammer.io.formats",
    "diagrammer.model.kinds",
    "diagrammer.commands.classify",
    "diagrammer.commands.export",
    "diagrammer.commands.layout",
    "diagrammer.cli",
]


def run_python(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def test_importing_the_headless_layers_does_not_load_qt():
    code = (
        "import importlib, sys\n"
        f"for name in {HEADLESS!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_importing_io_does_not_load_pydot_or_networkx():
    code = "import sys, diagrammer.io; print(sorted({'pydot', 'networkx'} & set(sys.modules)))"
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def test_running_classify_does_not_load_qt(tmp_path):
    path = tmp_path / "d.json"
    nodes = [{"id": "sgd", "kinds": ["optimizer"], "designed_by_humans": True}, {"id": "net", "kinds": ["optimizer"]}]
    edges = [{"id": "e", "source": "sgd", "target": "net"}]
    path.write_text(json.dumps({"format": "diagrammer", "version": 1, "nodes": nodes, "edges": edges}))
    code = (
        "import contextlib, io, sys\n"
        "from diagrammer.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = main(['classify', {str(path)!r}, '--json'])\n"
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0 []\n"


def test_the_import_contracts_of_pyproject_hold():
    """model <- rules, io <- layout <- ui <- commands <- cli; the model uses the standard library
    alone; only the ui imports Qt (pyproject.toml's [tool.importlinter], checked by lint-imports)."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    command = [str(lint_imports)] if lint_imports.exists() else [sys.executable, "-m", "importlinter.cli"]
    result = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_module_of_the_headless_half_is_over_500_lines():
    package = ROOT / "diagrammer"
    files = [*package.glob("commands/*.py"), package / "cli.py", *package.glob("io/native*.py"),
             package / "io" / "formats.py", package / "model" / "kinds.py"]  # fmt: skip
    long = {path.name: n for path in files if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
