"""Classify a random nested 100,000-node diagram end to end, against reading the same JSON.

Writes (fixed seed) a native file of 100,000 nodes and 100,000 optimizes edges, then times
``python -m diagrammer classify FILE --json > /dev/null`` against
``python -c "import json, networkx; json.load(open(FILE))"``, both in fresh processes, and prints
both times, their ratio (goal: at most 3, stretch 2) and the peak memory of the children. It also
times the in-process ``classify()`` call alone. Nothing is asserted: machines are shared and noisy.

Run: ``python benchmarks/bench_classify.py [--nodes N] [--edges M] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = [f"goal {i}" for i in range(40)] + ["Win the game.", "win the game", "  maximize CLICKS "]


def make_diagram(n_nodes: int, n_edges: int, seed: int = 2024) -> dict:
    """A native-format diagram: a random forest (each node inside an earlier one with p = 0.6),
    uniformly random kinds, goals mostly stated, 15% designed, and optimizes edges between
    uniformly random nodes. About 1 in 2,000 parents and edge targets name a missing node.
    """
    rng = random.Random(seed)
    kinds_choices = [[], ["agent"], ["optimizer"], ["agent", "optimizer"]]
    nodes = []
    for i in range(n_nodes):
        kinds = rng.choice(kinds_choices)
        parent = f"n{rng.randrange(i)}" if i and rng.random() < 0.6 else None
        if rng.random() < 0.0005:
            parent = f"missing{i}"
        nodes.append({
            "id": f"n{i}", "name": f"Node {i}", "kinds": kinds,
            "designed_by_humans": rng.random() < 0.15,
            "goal": rng.choice(GOALS) if rng.random() < 0.8 else None,
            "parent": parent, "x": 20, "y": 20, "width": 180, "height": 84, "notes": "",
        })
    edges = []
    for j in range(n_edges):
        source, target = rng.randrange(n_nodes), rng.randrange(n_nodes)
        edge_target = f"n{target}" if rng.random() > 0.0005 else f"gone{j}"
        edges.append({"id": f"e{j}", "source": f"n{source}", "target": edge_target,
                      "kind": "optimizes", "label": ""})
    return {"format": "diagrammer", "version": 1, "title": "benchmark", "nodes": nodes, "edges": edges}


def to_document(data: dict):
    """A Document built straight from the parsed JSON (no loader needed)."""
    from diagrammer.model import Document, Edge, Node

    nodes = [
        Node(n["id"], n["name"], n["kinds"], n["designed_by_humans"], n["goal"], n["parent"],
             n["x"], n["y"], n["width"], n["height"], n["notes"])
        for n in data["nodes"]
    ]
    edges = [Edge(e["id"], e["source"], e["target"], e["kind"], e["label"]) for e in data["edges"]]
    return Document.from_parts(data["title"], nodes, edges)


def best_time(command: list[str], repeat: int) -> tuple[float, int]:
    """Fastest wall time of ``repeat`` runs, and the last run's exit status."""
    times = []
    status = 0
    for _ in range(repeat):
        start = time.perf_counter()
        status = subprocess.run(command, stdout=subprocess.DEVNULL, cwd=ROOT).returncode
        times.append(time.perf_counter() - start)
    return min(times), status


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    label = f"{args.nodes // 1000}k" if args.nodes >= 1000 else str(args.nodes)

    data = make_diagram(args.nodes, args.edges)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.diagram.json"
        with path.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False)
            handle.write("\n")

        sys.path.insert(0, str(ROOT))
        from diagrammer.rules import classify

        doc = to_document(data)
        del data
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = classify(doc)
            timings.append(time.perf_counter() - start)
        labels = sum(len(found) for found in result.labels.values())
        print(f"in-process classify() {label}: {min(timings):.2f} s "
              f"({labels} labels, {len(result.problems)} problems)")
        del doc, result

        baseline, _ = best_time(
            [sys.executable, "-c", f"import json, networkx; json.load(open({str(path)!r}))"], args.repeat
        )
        try:
            import diagrammer.commands.classify  # noqa: F401
        except ImportError:
            print(f"json+networkx load: {baseline:.2f} s; the classify command does not exist yet")
            return 0
        end_to_end, status = best_time(
            [sys.executable, "-m", "diagrammer", "classify", str(path), "--json"], args.repeat
        )
        if status not in (0, 1):
            print(f"classify exited with status {status}")
            return 1
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"classify {label}: {end_to_end:.2f} s; json+networkx load: {baseline:.2f} s; "
              f"ratio {end_to_end / baseline:.2f}; peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
