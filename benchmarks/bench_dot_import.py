"""DOT import next to Graphviz's own reading: time and peak memory, each in a fresh process.

Files: a generated 2,000-node file (three levels of clusters, labelled edges), a generated 5 MB
file, a 40,000-edge flat chain and, when ``../shared/corpus/dot`` is beside the repository, the
largest corpus file. Our time is ``read_dot`` as timed inside a child interpreter (its start-up is
not counted: the editor is already running when it opens a file); Graphviz's is ``gvpr -c 'N{}'``
(read the graph, write it back, no layout) as a whole process. Prints both and the ratio;
asserts nothing (shared machines are noisy). Budgets (issue 13): 2,000 nodes within 3x Graphviz;
5 MB under 30 s and 1 GB.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dot"
READ = """
import sys, time
from diagrammer.io.dot import read_dot
started = time.perf_counter()
read_dot(sys.argv[1])
print(time.perf_counter() - started)
"""
# Peak memory of the process alone: GNU time's %M (ru_maxrss seen from Python counts the forking parent).
TIME = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)


def generated_dot(n: int = 2000, seed: int = 1) -> str:
    """Three levels of clusters (4 x 4 x 4), nodes spread over them, 1.5 labelled edges per node."""
    rng = random.Random(seed)
    lines = ["digraph generated {", "  compound=true;", "  node [shape=box];"]
    per_cluster = n // 64
    count = 0
    for a in range(4):
        lines.append(f'  subgraph cluster_{a} {{ label="Part {a}";')
        for b in range(4):
            lines.append(f'    subgraph cluster_{a}_{b} {{ label="Part {a}.{b}";')
            for c in range(4):
                lines.append(f'      subgraph cluster_{a}_{b}_{c} {{ label="Part {a}.{b}.{c}";')
                for _ in range(per_cluster):
                    lines.append(f'        v{count} [label="Node {count}", kinds="agent", goal="goal {count % 7}"];')
                    count += 1
                lines.append("      }")
            lines.append("    }")
        lines.append("  }")
    while count < n:
        lines.append(f'  v{count} [label="Node {count}"];')
        count += 1
    for i in range(int(n * 1.5)):
        kind = "optimizes" if i % 3 == 0 else "link"
        lines.append(f'  v{rng.randrange(n)} -> v{rng.randrange(n)} [kind={kind}, label="e{i}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def five_mb_dot() -> str:
    nodes = 40_000
    lines = ["digraph big {", "  node [shape=box];"]
    for c in range(nodes // 100):
        lines.append(f'  subgraph cluster_{c} {{ label="Cluster {c}";')
        lines.extend(f'    n{i} [label="node number {i}", kinds="agent"];' for i in range(c * 100, c * 100 + 100))
        lines.append("  }")
    lines.extend(f'  n{i} -> n{(i * 7919 + 1) % nodes} [label="e{i}", kind=optimizes];' for i in range(nodes))
    lines.extend(f"  n{i} -> n{(i * 104729 + 3) % nodes};" for i in range(nodes))
    return "\n".join(lines) + "\n}\n"


def flat_chain() -> str:
    return "digraph {\n" + "".join(f"n{i} -> n{i + 1};\n" for i in range(40_000)) + "}\n"


def run(command: list[str], repeat: int) -> tuple[float, int]:
    """Best wall time and the peak memory (bytes, 0 when unknown) of ``command`` as a child process."""
    best, peak = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - started)
    if TIME:
        proc = subprocess.run([TIME, "-f", "%M", *command], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, check=False)
        peak = int(proc.stderr.strip().splitlines()[-1]) * 1024
    return best, peak


def our_reading(path: Path, repeat: int) -> float:
    """Best time of ``read_dot`` as the child reports it (interpreter start-up not counted)."""
    times = []
    for _ in range(repeat):
        proc = subprocess.run([sys.executable, "-c", READ, str(path)], cwd=ROOT, capture_output=True, text=True,
                              check=True)  # fmt: skip
        times.append(float(proc.stdout.strip()))
    return min(times)


def compare(title: str, path: Path, repeat: int) -> None:
    ours = our_reading(path, repeat)
    _, peak = run([sys.executable, "-c", READ, str(path)], 0)
    line = (f"{title}: {path.stat().st_size / 1e6:.2f} MB\n"
            f"  import {ours:6.2f} s, peak {peak / 2**20:6.0f} MB (whole process)")
    if shutil.which("gvpr"):
        theirs, their_peak = run(["gvpr", "-c", "N{}", str(path)], repeat)
        line += (f"\n  gvpr   {theirs:6.2f} s, peak {their_peak / 2**20:6.0f} MB (whole process); "
                 f"ratio import / Graphviz {ours / theirs:.1f}")
    print(line, flush=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for title, text, repeat in (("generated 2,000 nodes", generated_dot(), 5), ("generated 5 MB", five_mb_dot(), 1),
                                    ("flat chain of 40,000 edges", flat_chain(), 2)):
            path = Path(folder) / "g.dot"
            path.write_text(text)
            compare(title, path, repeat)
    if CORPUS.is_dir():
        largest = max(CORPUS.iterdir(), key=lambda p: p.stat().st_size)
        compare(f"largest corpus file ({largest.name})", largest, 3)


if __name__ == "__main__":
    main()
