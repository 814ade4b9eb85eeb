"""From Graphviz's meaning of a DOT graph (:mod:`diagrammer.io.dot_parse`) to our document.

Clusters become containers and nodes become nodes, with generated ids (``c1``, ``n1``, ``e1``...)
unless the file carries our own ``diagrammer_id``; names come from labels as Graphviz shows them;
``lhead``/``ltail`` move an edge's end onto the container when the end lies inside it, as dot
requires; our own attributes (``kinds``, ``goal``...) fill our fields.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from diagrammer.io.dot_parse import DotGraph, DotNode, Scope
from diagrammer.io.dot_text import label_text, record_text, unquote, value_text
from diagrammer.model.document import (
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    EDGE_FIELDS,
    KINDS,
    LINK,
    NODE_FIELDS,
    OPTIMIZES,
    Document,
    Edge,
    Node,
)

_RECORD_SHAPES = frozenset({"record", "mrecord"})
_NODE_KEYS = frozenset({"diagrammer_parent", "diagrammer_id", "kinds", "designed_by_humans", "goal", "notes",
                        "diagrammer_extra"})
_EDGE_KEYS = frozenset({"ltail", "lhead", "label", "kind", "diagrammer_id", "diagrammer_extra", "route"})
_TRUE = frozenset({"true", "yes", "1"})
MAX_NOTICES = 10
# The kinds the reader keeps, in words for its notice ("agent and optimizer"), from the table of kinds.
_KIND_WORDS = " and ".join(filter(None, (", ".join(KINDS[:-1]), KINDS[-1]))) if KINDS else "none"
# Unknown fields must not shadow known ones when the document is saved.
_KNOWN = {
    "node": frozenset({"id", *NODE_FIELDS}),
    "edge": frozenset({"id", *EDGE_FIELDS}),
    "document": frozenset({"format", "version", "title", "nodes", "edges"}),
}


@dataclass
class DotImport:
    """The result of reading DOT: the document, notices for the user, and the DOT names.

    ``dot_names`` maps each of our node ids to the DOT node name or cluster name it came from;
    ``clusters`` holds the ids of the containers made from clusters.
    """

    document: Document
    notices: list[str] = field(default_factory=list)
    dot_names: dict[str, str] = field(default_factory=dict)
    clusters: set[str] = field(default_factory=set)


def convert(graph: DotGraph) -> DotImport:
    """The document for one DOT graph, with the notices and the DOT names of its nodes."""
    return _Converter(graph).convert()


def _text(attrs: dict[str, str], key: str) -> str | None:
    raw = attrs.get(key)
    return None if raw is None else value_text(*unquote(raw))


def _kinds(raw: str | None) -> list[str]:
    if not raw:
        return []
    words = raw.replace(",", " ").split()
    return [k for k in dict.fromkeys(w.lower() for w in words) if k in KINDS]


def _inches(raw: str | None, default: float) -> float:
    """Points from Graphviz inches, rounded to a millionth so that sizes we wrote come back whole."""
    if raw is None:
        return default
    try:
        value = round(float(unquote(raw)[0]) * 72.0, 6)
    except ValueError:
        return default
    return value if 0 < value < 1e7 else default


class _Converter:
    def __init__(self, graph: DotGraph) -> None:
        self.graph = graph
        self.notices = list(graph.notices)
        self.used: set[str] = set()
        self.counters = {"n": 0, "c": 0, "e": 0}
        # Graphviz resolves lhead/ltail to the first cluster of that name.
        self.cluster_by_name: dict[str, Scope] = {}
        for cluster in graph.clusters:
            self.cluster_by_name.setdefault(cluster.name, cluster)
        # Our own ids come back first, so generated ids can avoid them.
        self.reserved = {
            _text(a, "diagrammer_id")
            for a in [*(n.attrs for n in graph.nodes.values()), *(c.attrs for c in graph.clusters),
                      *(e.attrs for e in graph.edges)]
            if "diagrammer_id" in a
        }  # fmt: skip

    def _id(self, attrs: dict[str, str], prefix: str) -> str:
        wanted = (_text(attrs, "diagrammer_id") or "") if "diagrammer_id" in attrs else ""
        if wanted and wanted not in self.used:
            self.used.add(wanted)
            return wanted
        while True:
            self.counters[prefix] += 1
            candidate = f"{prefix}{self.counters[prefix]}"
            if candidate not in self.used and candidate not in self.reserved:
                self.used.add(candidate)
                return candidate

    def convert(self) -> DotImport:
        graph = self.graph
        cluster_ids = {c: self._id(c.attrs, "c") for c in graph.clusters}
        # Our export draws an edge to a missing node as an edge to an invisible stand-in.
        stand_ins: dict[str, str] = {}
        node_ids: dict[str, str] = {}
        for node in graph.nodes.values():
            if "diagrammer_missing" in node.attrs:
                stand_ins[node.name] = _text(node.attrs, "diagrammer_missing") or ""
            else:
                node_ids[node.name] = self._id(node.attrs, "n")
        made: list[tuple[int, Node]] = []
        dot_names: dict[str, str] = {}
        for cluster in graph.clusters:
            parent = graph.cluster_parent[cluster]
            nid = cluster_ids[cluster]
            made.append((cluster.seq, self._node(nid, cluster.attrs, self._cluster_name(cluster), parent, cluster_ids)))
            dot_names[nid] = cluster.name
        for name, nid in node_ids.items():
            node = graph.nodes[name]
            placed = graph.placement[name]
            made.append((node.seq, self._node(nid, node.attrs, self._node_name(node), placed, cluster_ids)))
            dot_names[nid] = name
        nodes = {node.id: node for _, node in sorted(made, key=lambda pair: pair[0])}
        edges = self._edges(node_ids, cluster_ids, stand_ins)
        title = self._title()
        doc = Document.from_parts(title, _parents_first(nodes), edges, _json_dict(graph.root.attrs, "document"))
        names = {nid: dot_names[nid] for nid in doc.nodes}
        notices = self.notices
        if len(notices) > MAX_NOTICES:
            notices = [*notices[: MAX_NOTICES - 1], f"{len(notices) - MAX_NOTICES + 1} more notices like these."]
        return DotImport(doc, notices, names, set(cluster_ids.values()))

    def _node(self, nid, attrs, name, cluster: Scope | None, cluster_ids) -> Node:
        parent = cluster_ids[cluster] if cluster is not None else None
        if not attrs.keys() & _NODE_KEYS:  # a plain DOT node: none of our fields
            return Node(nid, name=name, parent=parent)
        if parent is None and "diagrammer_parent" in attrs:
            # Our export writes a node whose container is missing, or part of a containment
            # loop, at the top level and names its real container here.
            parent = _text(attrs, "diagrammer_parent")
        ours = "diagrammer_id" in attrs
        raw_kinds = _text(attrs, "kinds")
        kinds = _kinds(raw_kinds)
        if raw_kinds and len(kinds) != len(set(raw_kinds.replace(",", " ").lower().split())):
            self.notices.append(f'"{name}" has kinds other than {_KIND_WORDS}; they were left out.')
        return Node(
            nid,
            name=name,
            kinds=kinds,
            designed_by_humans=(_text(attrs, "designed_by_humans") or "").lower() in _TRUE,
            goal=_text(attrs, "goal"),
            parent=parent,
            width=_inches(attrs.get("width"), DEFAULT_WIDTH) if ours else DEFAULT_WIDTH,
            height=_inches(attrs.get("height"), DEFAULT_HEIGHT) if ours else DEFAULT_HEIGHT,
            notes=_text(attrs, "notes") or "",
            extra=_json_dict(attrs, "node"),
        )

    def _node_name(self, node: DotNode) -> str:
        raw = node.attrs.get("label")
        if raw is None:
            return node.name
        text, is_html = unquote(raw)
        if not is_html and text == "\\N":
            return node.name
        subst = {"N": node.name, "G": self.graph.name}
        shape = unquote(node.attrs.get("shape", ""))[0].lower()
        if shape in _RECORD_SHAPES and not is_html:
            return record_text(text, subst)
        return label_text(text, is_html, subst)

    def _cluster_name(self, cluster: Scope) -> str:
        raw = cluster.attrs.get("label")
        if raw is not None:
            return label_text(*unquote(raw), {"G": cluster.name})
        rest = cluster.name[len("cluster") :]
        rest = rest[1:] if rest.startswith("_") else rest
        return rest or cluster.name

    def _title(self) -> str:
        raw = self.graph.root.attrs.get("label")
        if raw is not None:
            return label_text(*unquote(raw), {"G": self.graph.name})
        return self.graph.name

    def _edges(self, node_ids, cluster_ids, stand_ins) -> list[Edge]:
        graph = self.graph
        edges = []
        for dot_edge in graph.edges:
            attrs = dot_edge.attrs
            if not attrs.keys() & _EDGE_KEYS:  # a plain DOT edge: none of our fields, no cluster ends
                tail, head = dot_edge.tail, dot_edge.head
                edges.append(Edge(self._id(attrs, "e"), stand_ins[tail] if tail in stand_ins else node_ids[tail],
                                  stand_ins[head] if head in stand_ins else node_ids[head], kind=LINK))
                continue
            ends = []
            for end, other, key in ((dot_edge.tail, dot_edge.head, "ltail"), (dot_edge.head, dot_edge.tail, "lhead")):
                # Our own export means its lhead/ltail even where dot would ignore them (an
                # arrow from a container to itself or to one of its parts).
                other = None if "diagrammer_id" in attrs else other
                target = self._cluster_end(end, other, attrs.get(key), key, cluster_ids)
                if target is None:
                    target = stand_ins[end] if end in stand_ins else node_ids[end]
                ends.append(target)
            label = attrs.get("label")
            subst = None
            if label is not None and "\\" in label:
                subst = {
                    "T": dot_edge.tail, "H": dot_edge.head, "G": graph.name,
                    "E": f"{dot_edge.tail}{'->' if graph.directed else '--'}{dot_edge.head}",
                }  # fmt: skip
            kind = (_text(attrs, "kind") or "").strip().lower()
            edges.append(
                Edge(
                    self._id(attrs, "e"),
                    ends[0],
                    ends[1],
                    kind=OPTIMIZES if kind == OPTIMIZES else LINK,
                    label="" if label is None else label_text(*unquote(label), subst),
                    extra=_json_dict(attrs, "edge"),
                    route=self._route(attrs),
                )
            )
        return edges

    def _route(self, attrs: dict[str, str]) -> list[tuple[float, float]] | None:
        """Our ``route="x1,y1 x2,y2"`` attribute; a malformed one is left out with a notice."""
        raw = _text(attrs, "route")
        if raw is None:
            return None
        try:
            points = [tuple(float(v) for v in pair.split(",")) for pair in raw.split()]
        except ValueError:
            points = []
        if all(len(p) == 2 and all(map(math.isfinite, p)) for p in points) and (points or not raw.strip()):
            return points  # type: ignore[return-value]
        self.notices.append(f'The route "{raw[:40]}" of an edge is not a list of x,y points; it was left out.')
        return None

    def _cluster_end(self, node: str, other: str | None, raw: str | None, key: str, cluster_ids) -> str | None:
        """The container an ``lhead``/``ltail`` names, when the edge's end lies inside it and the
        other end does not (dot ignores such an attribute, with a warning)."""
        if raw is None:
            return None
        wanted = unquote(raw)[0]
        if not wanted:
            return None
        cluster = self.cluster_by_name.get(wanted)
        if cluster is None or not self._inside(node, cluster):
            self.notices.append(
                f'{key}="{wanted}" was ignored, as Graphviz ignores it: "{node}" is not inside such a cluster.'
            )
            return None
        if other is not None and self._inside(other, cluster):
            self.notices.append(
                f'{key}="{wanted}" was ignored, as Graphviz ignores it: "{other}" at the other end is inside it too.'
            )
            return None
        return cluster_ids[cluster]

    def _inside(self, node: str, cluster: Scope) -> bool:
        inside = self.graph.placement.get(node)
        while inside is not None and inside is not cluster:
            inside = self.graph.cluster_parent[inside]
        return inside is not None


def _json_dict(attrs: dict[str, str], owner: str) -> dict:
    """The ``diagrammer_extra`` attribute: unknown fields of a node, edge or document, as JSON."""
    raw = _text(attrs, "diagrammer_extra")
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if k not in _KNOWN[owner]}


def _parents_first(nodes: dict[str, Node]) -> list[Node]:
    """Nodes in reading order, except that a container always comes before its parts."""
    out: list[Node] = []
    done: set[str] = set()
    for node in nodes.values():
        chain = []
        current: Node | None = node
        while current is not None and current.id not in done:
            chain.append(current)
            done.add(current.id)
            current = nodes.get(current.parent) if current.parent is not None else None
        out.extend(reversed(chain))
    return out
