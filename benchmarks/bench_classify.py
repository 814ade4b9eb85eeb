"""``diagrammer classify --json`` end to end, on one processor, against reading the same file.

Writes (fixed seed) native files of 10,000 and 100,000 nodes (as many optimizes edges), then
times ``python -m diagrammer classify FILE --json > /dev/null`` against
``python -c "import json, networkx; json.load(open(FILE))"``, both in fresh processes pinned to
one processor (``taskset -c 0`` where it exists), and prints:

- the ratio at 100,000 nodes (goal: at most 5);
- the growth from 10,000 to 100,000 nodes (goal: at most 12, linear being 10);
- the peak memory of ``classify`` on a flat 40,000-edge DOT file of about 700 KB (goal: under 1 GB).

Nothing is asserted: machines are shared and noisy.

Run: ``python benchmarks/bench_classify.py [--nodes N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = [f"goal {i}" for i in range(40)] + ["Win the game.", "win the game", "  maximize CLICKS "]
PIN = ["taskset", "-c", "0"] if shutil.which("taskset") else []


def make_diagram(n_nodes: int, n_edges: int, seed: int = 2024) -> dict:
    """A native-format diagram: a random forest (each node inside an earlier one with p = 0.6),
    uniformly random kinds, goals mostly stated, 15% designed, and optimizes edges between
    uniformly random nodes. About 1 in 2,000 parents and edge targets name a missing node.
    """
    rng = random.Random(seed)
    kinds_choices = [[], ["agent"], ["optimizer"], ["agent", "optimizer"]]
    nodes = []
    for i in range(n_nodes):
        parent = f"n{rng.randrange(i)}" if i and rng.random() < 0.6 else None
        if rng.random() < 0.0005:
            parent = f"missing{i}"
        nodes.append({
            "id": f"n{i}", "name": f"Node {i}", "kinds": rng.choice(kinds_choices),
            "designed_by_humans": rng.random() < 0.15,
            "goal": rng.choice(GOALS) if rng.random() < 0.8 else None,
            "parent": parent, "x": 20, "y": 20, "width": 180, "height": 84, "notes": "",
        })  # fmt: skip
    edges = []
    for j in range(n_edges):
        source, target = rng.randrange(n_nodes), rng.randrange(n_nodes)
        edge_target = f"n{target}" if rng.random() > 0.0005 else f"gone{j}"
        edges.append({"id": f"e{j}", "source": f"n{source}", "target": edge_target, "kind": "optimizes", "label": ""})
    return {"format": "diagrammer", "version": 1, "title": "benchmark", "nodes": nodes, "edges": edges}


def write_native(path: Path, n_nodes: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump(make_diagram(n_nodes, n_nodes), handle, indent=2, ensure_ascii=False)
        handle.write("\n")


def write_flat_dot(path: Path, edges: int = 40_000) -> None:
    """The issue's flat DOT file: one chain of ``edges`` edges, about 700 KB."""
    lines = ["digraph {", *(f"n{i} -> n{i + 1};" for i in range(edges)), "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(command: list[str]) -> dict:
    """Run ``command`` (output discarded) and return its wall time, CPU time, peak memory and status."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
    _, wait_status, usage = os.wait4(process.pid, 0)
    return {"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "status": os.waitstatus_to_exitcode(wait_status)}  # fmt: skip


def run(command: list[str]) -> dict:
    """:func:`measure` in a small helper process, so that the peak memory is the command's alone."""
    helper = [sys.executable, __file__, "--measure", *PIN, *command]
    return json.loads(subprocess.run(helper, capture_output=True, check=True, cwd=ROOT).stdout)


def best(command: list[str], repeat: int) -> dict:
    runs = [run(command) for _ in range(repeat)]
    return {"wall": min(r["wall"] for r in runs), "cpu": min(r["cpu"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs), "status": runs[-1]["status"]}  # fmt: skip


def classify(path: Path) -> list[str]:
    return [sys.executable, "-m", "diagrammer", "classify", str(path), "--json"]


def baseline(path: Path) -> list[str]:
    return [sys.executable, "-c", f"import json, networkx; json.load(open({str(path)!r}, encoding='utf-8'))"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    small_nodes = args.nodes // 10
    print(f"one processor: {'taskset -c 0' if PIN else 'not pinned (no taskset)'}")
    with tempfile.TemporaryDirectory() as tmp:
        large, small, flat = Path(tmp) / "large.json", Path(tmp) / "small.json", Path(tmp) / "flat.dot"
        write_native(large, args.nodes)
        write_native(small, small_nodes)
        write_flat_dot(flat)

        base = best(baseline(large), args.repeat)
        ours = best(classify(large), args.repeat)
        if ours["status"] not in (0, 1):
            print(f"classify exited with status {ours['status']}")
            return 1
        print(f"classify --json {args.nodes:,} nodes: {ours['wall']:.2f} s (CPU {ours['cpu']:.2f} s, "
              f"peak {ours['peak_mb']:.0f} MB); python + json + networkx reading it: {base['wall']:.2f} s "
              f"(CPU {base['cpu']:.2f} s, peak {base['peak_mb']:.0f} MB); ratio {ours['wall'] / base['wall']:.2f}, "
              f"CPU {ours['cpu'] / base['cpu']:.2f} (goal <= 5)")  # fmt: skip

        few = best(classify(small), args.repeat)
        print(f"classify --json {small_nodes:,} nodes: {few['wall']:.2f} s (CPU {few['cpu']:.2f} s); growth to "
              f"{args.nodes:,}: {ours['wall'] / few['wall']:.1f}x, CPU {ours['cpu'] / few['cpu']:.1f}x (goal <= 12)")

        dot = best(classify(flat), 1)
        size_kb = flat.stat().st_size / 1024
        print(f"classify --json on a flat {size_kb:.0f} KB DOT file (40,000 edges): {dot['wall']:.2f} s, "
              f"peak {dot['peak_mb']:.0f} MB (goal < 1024 MB), status {dot['status']}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2:])))
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
