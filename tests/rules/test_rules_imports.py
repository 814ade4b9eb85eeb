"""networkx is loaded only for the diagrams that need it: containment loops and optimization cycles."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHAIN = "[Node('a', kinds=['optimizer']), Node('b', kinds=['optimizer'], parent='a'), Node('c', kinds=['optimizer'])]"


@pytest.mark.parametrize(
    ("nodes", "edges", "loaded"),
    [
        (CHAIN, "[Edge('e1', 'a', 'c'), Edge('e2', 'c', 'b')]", False),
        (CHAIN, "[Edge('e1', 'a', 'c'), Edge('e2', 'c', 'a')]", True),
        ("[Node('a', parent='b'), Node('b', parent='a')]", "[]", True),
    ],
    ids=["acyclic", "optimizes-cycle", "containment-loop"],
)
def test_networkx_is_imported_only_for_cycles(nodes, edges, loaded):
    code = (
        "import sys\n"
        "from diagrammer.model import Document, Edge, Node\n"
        "from diagrammer.rules import classify\n"
        f"result = classify(Document.from_parts('', {nodes}, {edges}))\n"
        "print('networkx' in sys.modules, [p.code for p in result.problems])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    shown, problems = result.stdout.split(" ", 1)
    assert shown == str(loaded)
    assert ("cycle" in problems) == loaded
