"""Classify a random nested 100,000-node diagram end to end, against reading the same JSON.

Writes (fixed seed) a native file of 100,000 nodes and 100,000 optimizes edges, then times
``python -m diagrammer classify FILE --json > /dev/null`` against
``python -c "import json, networkx; json.load(open(FILE))"``, both in fresh processes, and prints
both times, their ratio (goal: at most 3, stretch 2) and the largest peak memory of any one
process. Wall time is the goal; CPU time (user + system, of the command and the copies it forks to
word part of the output on a machine with two processors) is printed too. It also times steps
in-process: loading the file, the ``classify()`` call of the editor, and the command's own way
(deciding the labels, then wording them and the problems into the JSON in one process). Nothing
is asserted: machines are shared and noisy.

Run: ``python benchmarks/bench_classify.py [--nodes N] [--edges M] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import random
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


def best_run(command: list[str], repeat: int) -> tuple[float, float, float, int]:
    """Fastest wall time and fastest CPU time of ``repeat`` runs, the largest peak memory in MB,
    and the last run's exit status.

    Each run is started and measured by a small helper process: a child's peak memory counts its
    parent's at the fork, and this process holds the whole diagram.
    """
    runs = []
    for _ in range(repeat):
        helper = [sys.executable, __file__, "--measure", *command]
        runs.append(json.loads(subprocess.run(helper, capture_output=True, check=True, cwd=ROOT).stdout))
    return (min(run["wall"] for run in runs), min(run["cpu"] for run in runs),
            max(run["peak_mb"] for run in runs), runs[-1]["status"])  # fmt: skip


def measure(command: list[str]) -> dict:
    """Run ``command`` (output discarded) and return its wall and CPU time, peak memory and status."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
    _, wait_status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(wait_status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "status": process.returncode}  # fmt: skip


def fastest(step, repeat: int) -> tuple[float, object]:
    """The fastest of ``repeat`` calls of ``step()``, and what the last one returned."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        timings.append(time.perf_counter() - start)
    return min(timings), result


def time_steps(path: Path, data: dict, repeat: int, label: str) -> None:
    """Print the in-process times of the steps, with the garbage collector paused as the command
    pauses it: loading, the ``classify()`` call of the editor and the API, and the command's own
    way: deciding the labels, then wording them and every problem into the JSON in one process."""
    import networkx  # noqa: F401 - classify imports it only for cycles; no timed step should pay for that

    from diagrammer.io import load_document
    from diagrammer.rules import classify

    doc = to_document(data)
    gc.disable()
    try:
        loading, _ = fastest(lambda: load_document(path), repeat)
        classifying, result = fastest(lambda: classify(doc), repeat)
        try:
            from diagrammer.commands.classify import json_chunks
            from diagrammer.rules.classifier import analyse
        except ImportError:
            deciding = writing = None
        else:
            deciding, analysis = fastest(lambda: analyse(doc), repeat)
            writing, _ = fastest(lambda: list(json_chunks(doc, analysis)), repeat)
    finally:
        gc.enable()
    labels = sum(len(found) for found in result.labels.values())
    shown = f"; command: labels {deciding:.2f} s, texts and JSON {writing:.2f} s" if writing is not None else ""
    print(f"in-process {label}: load {loading:.2f} s, classify() {classifying:.2f} s{shown} "
          f"({labels} labels, {len(result.problems)} problems)")


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
        time_steps(path, data, args.repeat, label)
        del data

        if importlib.util.find_spec("diagrammer.commands.classify") is None:
            print("the classify command does not exist yet")
            return 0
        baseline = [sys.executable, "-c", f"import json, networkx; json.load(open({str(path)!r}))"]
        command = [sys.executable, "-m", "diagrammer", "classify", str(path), "--json"]
        # The two alternate, so that a slow minute on a shared machine weighs on both alike.
        bases, ours = [], []
        for _ in range(args.repeat):
            bases.append(best_run(baseline, 1))
            ours.append(best_run(command, 1))
        base_wall, base_cpu = min(r[0] for r in bases), min(r[1] for r in bases)
        base_peak = max(r[2] for r in bases)
        wall, cpu = min(r[0] for r in ours), min(r[1] for r in ours)
        peak, status = max(r[2] for r in ours), ours[-1][3]
        if status not in (0, 1):
            print(f"classify exited with status {status}")
            return 1
        print(f"classify {label}: {wall:.2f} s (CPU {cpu:.2f} s, peak RSS {peak:.0f} MB); "
              f"json+networkx load: {base_wall:.2f} s (CPU {base_cpu:.2f} s, peak RSS {base_peak:.0f} MB); "
              f"ratio {wall / base_wall:.2f} (CPU {cpu / base_cpu:.2f}); run by run: "
              f"{', '.join(f'{o[0] / b[0]:.2f}' for o, b in zip(ours, bases, strict=True))}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(sys.argv[2:])))
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
