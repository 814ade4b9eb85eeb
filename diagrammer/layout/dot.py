"""Layout by Graphviz: our own DOT text in, ``dot -Tjson`` out, read with :mod:`json`.

Containers become clusters whose ``margin`` is our padding and whose (empty, fixed-size) label
reserves our header band; leaves keep their size (``fixedsize``); optimizes arrows weigh more
than links, so they are kept short and straight. Graphviz's coordinates (points, y upwards,
absolute, node centres) become ours (top-left, y downwards, relative to the container), and each
container is then grown, if needed, to hold its parts below the header.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable

from diagrammer.layout.builtin import MARGIN, MIN_CONTAINER_WIDTH, Rect
from diagrammer.model.document import OPTIMIZES, Document
from diagrammer.model.forest import postorder
from diagrammer.model.geometry import HEADER_HEIGHT, PADDING

POLL_SECONDS = 0.05
OPTIMIZES_WEIGHT = 4
# An empty, fixed-size table: the label takes exactly the header band Graphviz must leave free,
# and as wide as the built-in layout's narrowest container, so both engines agree on it.
_HEADER_LABEL = (
    '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
    f'<TD FIXEDSIZE="TRUE" WIDTH="{int(MIN_CONTAINER_WIDTH - 2 * PADDING)}" HEIGHT="{int(HEADER_HEIGHT - PADDING)}">'
    "</TD></TR></TABLE>>"
)


class LayoutError(Exception):
    """Graphviz could not lay the diagram out; the message is one sentence."""


class LayoutCancelled(Exception):
    """The user cancelled the layout."""


def dot_geometry(
    doc: Document,
    tree: dict[str, list[str]],
    tops: list[str],
    dot: str,
    timeout: float,
    cancel: Callable[[], bool] | None = None,
) -> dict[str, Rect]:
    """``(x, y, width, height)`` of every node by Graphviz ``dot`` (the executable's path)."""
    text, names = _dot_text(doc, tree, tops)
    output = _run(dot, text, timeout, cancel)
    try:
        data = json.loads(output)
    except ValueError as exc:
        raise LayoutError(f"Graphviz returned output that is not JSON ({exc}).") from exc
    absolute = _absolute(data, names, doc)
    missing = [nid for nid in tree if nid not in absolute]
    if missing:
        raise LayoutError(f"Graphviz left {len(missing)} boxes out of its layout, e.g. {missing[0]!r}.")
    geometry = _relative(absolute, tree, tops)
    overlap = first_overlap(geometry, tree, tops)
    if overlap is not None:
        raise LayoutError(f"Graphviz's layout put {overlap[0]!r} over {overlap[1]!r}.")
    return geometry


def first_overlap(geometry: dict[str, Rect], tree, tops) -> tuple[str, str] | None:
    """Two siblings whose boxes intersect, or a part and the container it sticks out of."""
    for parent, parts in [(None, tops), *tree.items()]:
        if parent is not None:
            width, height = geometry[parent][2:]
            for part in parts:
                x, y, w, h = geometry[part]
                if x < 0 or y < 0 or x + w > width or y + h > height:
                    return part, parent
        # Sweep in x order: only boxes starting before one ends can meet it.
        boxes = sorted((geometry[p], p) for p in parts)
        for i, ((x, y, w, h), a) in enumerate(boxes):
            for (x2, y2, _, h2), b in boxes[i + 1 :]:
                if x2 >= x + w:
                    break
                if y2 < y + h and y < y2 + h2:
                    return a, b
    return None


def _dot_text(doc: Document, tree, tops) -> tuple[str, dict[str, str]]:
    names: dict[str, str] = {}
    lines = [
        "digraph {",
        "  graph [rankdir=TB, nodesep=0.42, ranksep=0.7];",
        '  node [shape=box, fixedsize=true, label=""];',
    ]
    stack: list[tuple[str, bool]] = [(top, False) for top in reversed(tops)]
    while stack:
        nid, closing = stack.pop()
        if closing:
            lines.append("}")
            continue
        if not tree[nid]:
            name = f"n{len(names)}"
            names[name] = nid
            node = doc.nodes[nid]
            lines.append(f"{name} [width={node.width / 72.0!r}, height={node.height / 72.0!r}];")
            continue
        name = f"cluster_{len(names)}"
        names[name] = nid
        lines.append(f"subgraph {name} {{ margin={PADDING:g}; labelloc=t; labeljust=l; label={_HEADER_LABEL};")
        stack.append((nid, True))
        stack.extend((child, False) for child in reversed(tree[nid]))
    leaf_name = {nid: name for name, nid in names.items() if not name.startswith("cluster_")}
    for edge in doc.edges.values():
        if edge.source in tree and edge.target in tree:
            tail, head = _first_leaf(edge.source, tree), _first_leaf(edge.target, tree)
            weight = OPTIMIZES_WEIGHT if edge.kind == OPTIMIZES else 1
            lines.append(f"{leaf_name[tail]} -> {leaf_name[head]} [weight={weight}];")
    lines.append("}")
    return "\n".join(lines) + "\n", names


def _first_leaf(nid: str, tree) -> str:
    while tree[nid]:
        nid = tree[nid][0]
    return nid


def _run(dot: str, text: str, timeout: float, cancel) -> str:
    """Run ``dot -Tjson``, polling ``cancel`` and the clock; the process is killed on either."""
    deadline = time.monotonic() + timeout
    try:
        proc = subprocess.Popen([dot, "-Tjson"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise LayoutError(f"Graphviz could not be started ({exc.strerror or exc}).") from exc
    data: bytes | None = text.encode("utf-8")
    try:
        while True:
            try:
                out, err = proc.communicate(data, timeout=POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                # Retrying communicate() loses no output, but it keeps sending the input itself
                # and refuses to be given it again.
                data = None
                if cancel is not None and cancel():
                    raise LayoutCancelled("The layout was cancelled.") from None
                if time.monotonic() >= deadline:
                    raise LayoutError(f"Graphviz took longer than {timeout:g} seconds.") from None
    finally:
        # Whatever stopped the wait (time, the user, an exception in cancel), dot must not outlive it.
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    if proc.returncode != 0:
        lines = [line for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
        detail = lines[-1] if lines else f"exit status {proc.returncode}"
        raise LayoutError(f"Graphviz failed ({detail}).")
    return out.decode("utf-8", "replace")


def _floats(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def _absolute(data: dict, names: dict[str, str], doc: Document) -> dict[str, Rect]:
    """Scene rectangles, y downwards, from Graphviz's points (y upwards, node centres)."""
    top = _floats(data["bb"])[3]
    rects: dict[str, Rect] = {}
    for obj in data.get("objects", []):
        nid = names.get(obj.get("name", ""))
        if nid is None:
            continue
        if "bb" in obj:
            llx, lly, urx, ury = _floats(obj["bb"])
            rects[nid] = (llx, top - ury, urx - llx, ury - lly)
        elif "pos" in obj:
            x, y = _floats(obj["pos"])[:2]
            node = doc.nodes[nid]
            rects[nid] = (x - node.width / 2, top - y - node.height / 2, node.width, node.height)
    return rects


def _relative(absolute: dict[str, Rect], tree, tops) -> dict[str, Rect]:
    # Grow containers where Graphviz left less than our header and padding (children first).
    for nid in postorder(tree, tops):
        parts = tree[nid]
        if not parts:
            continue
        x, y, w, h = absolute[nid]
        left = min(absolute[p][0] for p in parts) - PADDING
        upper = min(absolute[p][1] for p in parts) - HEADER_HEIGHT
        right = max(absolute[p][0] + absolute[p][2] for p in parts) + PADDING
        bottom = max(absolute[p][1] + absolute[p][3] for p in parts) + PADDING
        x0, y0 = min(x, left), min(y, upper)
        absolute[nid] = (x0, y0, max(x + w, right) - x0, max(y + h, bottom) - y0)
    origin_x = min(absolute[t][0] for t in tops) - MARGIN
    origin_y = min(absolute[t][1] for t in tops) - MARGIN
    geometry: dict[str, Rect] = {}
    stack = [(top, origin_x, origin_y) for top in tops]
    while stack:
        nid, px, py = stack.pop()
        x, y, w, h = absolute[nid]
        if tree[nid]:
            # Containers are whole numbers wide and high, rounded up so their parts still fit.
            geometry[nid] = (float(round(x - px)), float(round(y - py)), float(-(-w // 1)), float(-(-h // 1)))
        else:
            geometry[nid] = (float(round(x - px)), float(round(y - py)), w, h)
        stack.extend((child, x, y) for child in tree[nid])
    return geometry
