"""The built-in nested layout: no external program, fast, and safe for any nesting depth.

Bottom-up over the containment tree (iteratively): the parts of each container are put in layers
along the arrows between them (an arrow between two nodes counts for the two siblings that hold
them), each layer in rows, and the container is sized to hold its rows below its header band.
Layers follow the longest path in the graph of strongly connected groups, so arrows point down
wherever the diagram has no loop; a layer too wide for a balanced box wraps onto several rows.
"""

from __future__ import annotations

import math

from diagrammer.model.document import OPTIMIZES, Document
from diagrammer.model.forest import postorder
from diagrammer.model.geometry import HEADER_HEIGHT, PADDING

# Room between siblings for arrows to pass and turn: two clearances of the router and a few
# arrows side by side (see diagrammer.layout.routing).
GAP_X = 48.0
GAP_Y = 64.0
MARGIN = 40.0
MIN_CONTAINER_WIDTH = 180.0
# Rows wrap at this many times the square root of the area the parts take with their gaps:
# the box comes out about twice as wide as tall, as screens are wide, and two or three parts
# stay side by side.
ASPECT = 2.0

Rect = tuple[float, float, float, float]
Sizes = dict[str, tuple[float, float]]


def default_sizes(doc: Document, tree: dict[str, list[str]]) -> Sizes:
    """What the layouts are given when the caller measures nothing: the sizes in the file.

    A leaf's entry is its ``(width, height)``; a container's is its least width and the height
    of its header band (name, kinds, goal, badges), above its parts, and may add how wide the
    header's texts are.
    """
    return {
        nid: (MIN_CONTAINER_WIDTH, HEADER_HEIGHT, _text_estimate(doc.nodes[nid])) if tree[nid]
        else (doc.nodes[nid].width, doc.nodes[nid].height)
        for nid in tree
    }  # fmt: skip


def _text_estimate(node) -> float:
    """About how far a container's header texts reach, without a font to measure them with."""
    goal = 6.0 * (len(node.goal) + 6) if node.goal else 0.0
    return min(MIN_CONTAINER_WIDTH, max(8.0 * len(node.name or "(unnamed)"), goal, 70.0) + 16.0)


def builtin_geometry(doc: Document, tree: dict[str, list[str]], tops: list[str], sizes: Sizes) -> dict[str, Rect]:
    """``(x, y, width, height)`` of every node, ``x``/``y`` relative to its container."""
    sibling_edges = _sibling_edges(doc, tree, tops)
    size: dict[str, tuple[float, float]] = {}
    geometry: dict[str, Rect] = {}
    for nid in postorder(tree, tops):
        parts = tree[nid]
        if not parts:
            size[nid] = sizes[nid]
            continue
        least, header = sizes[nid][:2]
        rows = _rows(parts, sibling_edges.get(nid, ()), size)
        width, height = _place(rows, size, geometry, PADDING, header, max(least, MIN_CONTAINER_WIDTH) - 2 * PADDING)
        size[nid] = (width + 2 * PADDING, header + height + PADDING)
    _place(_rows(tops, sibling_edges.get(None, ()), size), size, geometry, MARGIN, MARGIN, 0.0)
    return geometry


def _sibling_edges(doc: Document, tree, tops) -> dict[str | None, list[tuple[str, str, bool]]]:
    """Arrows lifted to the two siblings, under the lowest common container, that hold the ends."""
    parent: dict[str, str | None] = {top: None for top in tops}
    depth: dict[str, int] = {top: 0 for top in tops}
    stack = list(tops)
    while stack:
        current = stack.pop()
        for child in tree[current]:
            parent[child] = current
            depth[child] = depth[current] + 1
            stack.append(child)
    lifted: dict[str | None, list[tuple[str, str, bool]]] = {}
    for edge in doc.edges.values():
        a, b = edge.source, edge.target
        if a not in depth or b not in depth or a == b:
            continue
        while depth[a] > depth[b]:
            a = parent[a]  # type: ignore[assignment]
        while depth[b] > depth[a]:
            b = parent[b]  # type: ignore[assignment]
        while parent[a] != parent[b]:
            a, b = parent[a], parent[b]  # type: ignore[assignment]
        if a != b:  # one end inside the other: no order between siblings follows
            lifted.setdefault(parent[a], []).append((a, b, edge.kind == OPTIMIZES))
    return lifted


def _layers(parts: list[str], edges) -> list[list[str]]:
    if not edges:
        return [parts]
    import networkx as nx  # only diagrams with arrows between siblings pay for importing it

    graph = nx.DiGraph()
    graph.add_nodes_from(parts)
    graph.add_edges_from((a, b) for a, b, _ in edges)
    condensed = nx.condensation(graph)
    layer_of: dict[str, int] = {}
    for index, generation in enumerate(nx.topological_generations(condensed)):
        for group in generation:
            for member in condensed.nodes[group]["members"]:
                layer_of[member] = index
    position = {nid: i for i, nid in enumerate(parts)}
    predecessors: dict[str, list[str]] = {}
    for a, b, _ in edges:
        if layer_of[a] < layer_of[b]:
            predecessors.setdefault(b, []).append(a)
    layers: list[list[str]] = [[] for _ in range(max(layer_of.values()) + 1)]
    for nid in parts:
        layers[layer_of[nid]].append(nid)
    # One barycentre sweep: a node sits under the mean position of the nodes pointing at it,
    # which removes most crossings at no real cost.
    for layer in layers:
        layer.sort(key=lambda n: (_mean(predecessors.get(n), position, n), position[n]))
        for i, nid in enumerate(layer):
            position[nid] = i
    return layers


def _mean(sources: list[str] | None, position: dict[str, int], nid: str) -> float:
    if not sources:
        return float(position[nid])
    return sum(position[s] for s in sources) / len(sources)


def _rows(parts: list[str], edges, size) -> list[list[str]]:
    area = sum((size[p][0] + GAP_X) * (size[p][1] + GAP_Y) for p in parts)
    widest = max(size[p][0] for p in parts)
    limit = max(widest, math.sqrt(area) * ASPECT)
    rows: list[list[str]] = []
    for layer in _layers(parts, edges):
        row: list[str] = []
        width = 0.0
        for nid in layer:
            extra = size[nid][0] + (GAP_X if row else 0.0)
            if row and width + extra > limit:
                rows.append(row)
                row, extra, width = [], size[nid][0], 0.0
            row.append(nid)
            width += extra
        rows.append(row)
    return rows


def _place(rows, size, geometry, left: float, top: float, min_width: float) -> tuple[float, float]:
    """Put rows below each other, each centred; returns the width and height they take."""
    widths = [sum(size[n][0] for n in row) + GAP_X * (len(row) - 1) for row in rows]
    content = max([min_width, *widths])
    y = top
    for row, row_width in zip(rows, widths, strict=True):
        x = left + (content - row_width) / 2
        height = max(size[n][1] for n in row)
        for nid in row:
            width, node_height = size[nid]
            # Whole numbers keep saved files tidy; flooring moves a box left by under a pixel, well
            # within the gaps and the padding.
            geometry[nid] = (float(math.floor(x)), float(math.floor(y)), width, node_height)
            x += width + GAP_X
        y += height + GAP_Y
    return float(math.ceil(content)), y - GAP_Y - top
