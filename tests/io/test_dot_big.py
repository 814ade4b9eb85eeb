"""Big DOT files in bounded time and memory: a 5 MB file and a 700 KB flat chain, read in a child process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ = """
import resource, sys
from diagrammer.io.dot import read_dot
d = read_dot(sys.argv[1])
print(len(d.nodes), len(d.edges))
try:  # the high-water mark of this process alone (ru_maxrss can include the parent's, from before exec)
    with open("/proc/self/status") as status:
        print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) * 1024)
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024))
"""


def five_megabytes(path: Path) -> tuple[int, int]:
    """Clusters of 100 labelled nodes and two labelled edges per node: about 5 MB."""
    lines = ["digraph big {", "  node [shape=box];"]
    nodes = 40_000
    for c in range(nodes // 100):
        lines.append(f'  subgraph cluster_{c} {{ label="Cluster {c}";')
        lines.extend(f'    n{i} [label="node number {i}", kinds="agent"];' for i in range(c * 100, c * 100 + 100))
        lines.append("  }")
    lines.extend(f'  n{i} -> n{(i * 7919 + 1) % nodes} [label="e{i}", kind=optimizes];' for i in range(nodes))
    lines.extend(f"  n{i} -> n{(i * 104729 + 3) % nodes};" for i in range(nodes))
    lines.append("}")
    path.write_text("\n".join(lines) + "\n")
    return nodes + nodes // 100, 2 * nodes


def read_in_child(path: Path) -> tuple[str, int]:
    """Output and peak memory (bytes) of reading ``path`` in a fresh interpreter (its time is
    benchmarks/bench_dot_import.py's business: this machine is shared)."""
    proc = subprocess.run([sys.executable, "-c", READ, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    counts, peak = proc.stdout.strip().splitlines()
    return counts, int(peak)


def test_a_5_mb_dot_file_reads_under_1_gb(tmp_path):
    path = tmp_path / "big.dot"
    nodes, edges = five_megabytes(path)
    assert path.stat().st_size > 5_000_000
    out, peak = read_in_child(path)
    assert out == f"{nodes} {edges}"
    assert peak < 1024**3


def test_a_flat_chain_costs_memory_in_proportion_to_its_size(tmp_path):
    path = tmp_path / "flat.dot"
    path.write_text("digraph {\n" + "".join(f"n{i} -> n{i + 1};\n" for i in range(40_000)) + "}\n")
    out, peak = read_in_child(path)
    assert out == "40001 40000"
    # About 700 KB of text; the old reader took 9 GB for it under classify.
    assert peak < 300 * 1024**2
