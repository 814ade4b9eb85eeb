"""Layout by Graphviz: our own DOT text in, ``dot -Tjson`` out, read with :mod:`json`.

Containers become clusters whose ``margin`` is our padding and whose (empty, fixed-size) label
reserves the container's header band; leaves keep the size they are drawn at (``fixedsize``);
optimizes arrows weigh more than links, so they are kept short and straight. An arrow to or
from a container is drawn to the cluster's border (``compound``, ``lhead``/``ltail``).
Graphviz's coordinates (points, y upwards, absolute, node centres) become ours (top-left, y
downwards, relative to the container), and each container is then grown, if needed, to hold its
parts below the header. Graphviz's spline of each arrow becomes its route (scene coordinates,
flattened into a polyline).
"""

from __future__ import annotations

import json
import math
import subprocess
import time
from collections.abc import Callable

from diagrammer.layout.builtin import MARGIN, MIN_CONTAINER_WIDTH, Rect, Sizes
from diagrammer.model.document import OPTIMIZES, Document
from diagrammer.model.forest import postorder
from diagrammer.model.geometry import PADDING

POLL_SECONDS = 0.05
OPTIMIZES_WEIGHT = 4
CURVE_STEPS = 6  # straight pieces per Bezier piece of a Graphviz spline
LABEL_CHAR, LABEL_LINE, LABEL_WRAP = 6.5, 15.0, 160.0  # an arrow label's character and line, as drawn
Point = tuple[float, float]


def _header_label(width: float, height: float) -> str:
    """An empty, fixed-size table: the cluster label takes exactly the header band Graphviz must leave free."""
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
        f'<TD FIXEDSIZE="TRUE" WIDTH="{math.ceil(width)}" HEIGHT="{math.ceil(height)}">'
        "</TD></TR></TABLE>>"
    )


def _label_room(label: str) -> tuple[float, float]:
    """About the room an arrow's label takes as drawn (wrapped at ``LABEL_WRAP``), for dot to keep free."""
    per_line = int(LABEL_WRAP // LABEL_CHAR)
    lines = math.ceil(len(label) / per_line)
    return LABEL_CHAR * min(len(label), per_line) + 16, LABEL_LINE * lines + 7


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
    sizes: Sizes | None = None,
) -> tuple[dict[str, Rect], dict[str, list[Point]]]:
    """``(x, y, width, height)`` of every node by Graphviz ``dot`` (the executable's path), and
    Graphviz's route of each arrow it drew (scene coordinates)."""
    text, names, edge_names = _dot_text(doc, tree, tops, sizes)
    output = _run(dot, text, timeout, cancel)
    try:
        data = json.loads(output)
    except ValueError as exc:
        raise LayoutError(f"Graphviz returned output that is not JSON ({exc}).") from exc
    absolute = _absolute(data, names, sizes)
    missing = [nid for nid in tree if nid not in absolute]
    if missing:
        raise LayoutError(f"Graphviz left {len(missing)} boxes out of its layout, e.g. {missing[0]!r}.")
    geometry, origin = _relative(absolute, tree, tops, sizes)
    overlap = first_overlap(geometry, tree, tops)
    if overlap is not None:
        raise LayoutError(f"Graphviz's layout put {overlap[0]!r} over {overlap[1]!r}.")
    return geometry, _routes(data, edge_names, origin)


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


def _dot_text(doc: Document, tree, tops, sizes: Sizes) -> tuple[str, dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    lines = [
        "digraph {",
        # Gaps as wide as the built-in layout's, so arrows have room between the boxes.
        "  graph [rankdir=TB, nodesep=0.67, ranksep=0.9, compound=true, splines=spline];",
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
            width, height = sizes[nid]
            lines.append(f"{name} [width={width / 72.0!r}, height={height / 72.0!r}];")
            continue
        name = f"cluster_{len(names)}"
        names[name] = nid
        least, header = sizes[nid][:2]
        label = _header_label(max(least, MIN_CONTAINER_WIDTH) - 2 * PADDING, header - PADDING)
        lines.append(f"subgraph {name} {{ margin={PADDING:g}; labelloc=t; labeljust=l; label={label};")
        stack.append((nid, True))
        stack.extend((child, False) for child in reversed(tree[nid]))
    dot_name = {nid: name for name, nid in names.items()}
    edge_names: dict[str, str] = {}
    for edge in doc.edges.values():
        if edge.source in tree and edge.target in tree:
            tail, head = _first_leaf(edge.source, tree), _first_leaf(edge.target, tree)
            weight = OPTIMIZES_WEIGHT if edge.kind == OPTIMIZES else 1
            attributes = [f"weight={weight}"]
            nested = _inside(edge.source, edge.target, tree) or _inside(edge.target, edge.source, tree)
            if tree[edge.source] and not nested:
                attributes.append(f"ltail={dot_name[edge.source]}")
            if tree[edge.target] and not nested:
                attributes.append(f"lhead={dot_name[edge.target]}")
            if edge.label and edge.source != edge.target:
                # Room for the label (placed later by the router, clear of things): dot keeps it free.
                attributes.append(f"label={_header_label(*_label_room(edge.label))}")
            if edge.source != edge.target and not nested:
                # Graphviz's id names the arrow in its output; arrows it cannot draw well get none.
                key = f"a{len(edge_names)}"
                edge_names[key] = edge.id
                attributes.append(f'id="{key}"')
            lines.append(f"{dot_name[tail]} -> {dot_name[head]} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n", names, edge_names


def _inside(nid: str, container: str, tree) -> bool:
    """Whether ``nid`` is ``container`` or one of its parts, at any depth."""
    stack = [container]
    while stack:
        current = stack.pop()
        if current == nid:
            return True
        stack.extend(tree[current])
    return False


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


def _absolute(data: dict, names: dict[str, str], sizes: Sizes) -> dict[str, Rect]:
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
            width, height = sizes[nid]
            rects[nid] = (x - width / 2, top - y - height / 2, width, height)
    data["_top"] = top
    return rects


def _routes(data: dict, edge_names: dict[str, str], origin: Point) -> dict[str, list[Point]]:
    """Each named arrow's spline as a polyline in scene coordinates, tail border to head border."""
    top = data["_top"]
    ox, oy = origin
    routes: dict[str, list[Point]] = {}
    for edge in data.get("edges", []):
        edge_id = edge_names.get(edge.get("id", ""))
        if edge_id is None or "pos" not in edge:
            continue
        start = end = None
        control: list[Point] = []
        for part in edge["pos"].split():
            values = part.split(",")
            if values[0] in ("s", "e"):
                point = (float(values[1]), float(values[2]))
                start, end = (point, end) if values[0] == "s" else (start, point)
            else:
                control.append((float(values[0]), float(values[1])))
        if len(control) < 4 or (len(control) - 1) % 3:
            continue
        points = _flatten(control)
        if start is not None:
            points.insert(0, start)
        if end is not None:
            points.append(end)  # the arrow's tip: Graphviz ends the spline where its head begins
        routes[edge_id] = [(round(x - ox, 1), round(top - y - oy, 1)) for x, y in points]
    return routes


def _flatten(control: list[Point]) -> list[Point]:
    """Points along a piecewise cubic Bezier curve (``1 + 3n`` control points)."""
    points = [control[0]]
    for k in range(0, len(control) - 1, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = control[k : k + 4]
        for step in range(1, CURVE_STEPS + 1):
            t = step / CURVE_STEPS
            u = 1 - t
            points.append((
                u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3,
                u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3,
            ))
    return points


def _relative(absolute: dict[str, Rect], tree, tops, sizes: Sizes) -> tuple[dict[str, Rect], Point]:
    # Grow containers where Graphviz left less than our header and padding (children first).
    for nid in postorder(tree, tops):
        parts = tree[nid]
        if not parts:
            continue
        x, y, w, h = absolute[nid]
        left = min(absolute[p][0] for p in parts) - PADDING
        upper = min(absolute[p][1] for p in parts) - sizes[nid][1]
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
    # Rounding each level's position may push a part up to a unit past its container's padding.
    for nid in postorder(tree, tops):
        if tree[nid]:
            x, y, w, h = geometry[nid]
            right = max(geometry[p][0] + geometry[p][2] for p in tree[nid]) + PADDING
            bottom = max(geometry[p][1] + geometry[p][3] for p in tree[nid]) + PADDING
            geometry[nid] = (x, y, float(math.ceil(max(w, right))), float(math.ceil(max(h, bottom))))
    return geometry, (origin_x, origin_y)
