"""DOT export: a diagram as a Graphviz file that ``dot -Tpng`` draws and our importer reads back.

Containers become ``subgraph "cluster_<id>"`` blocks nested as drawn, labelled with their names;
leaves become nodes named ``n1``, ``n2``... (never user text, which DOT would split at colons),
labelled with their names. An edge to or from a container is attached to a leaf inside it with
``lhead``/``ltail`` (Graphviz cannot attach an edge to a cluster itself), and the graph says
``compound=true`` so that the arrow stops at the cluster's border.

Our fields travel as attributes Graphviz ignores: ``diagrammer_id`` (every node, cluster and
edge), ``kinds``, ``designed_by_humans``, ``goal``, ``notes``, edge ``kind``, edge ``route`` (the
drawn path, ``"x1,y1 x2,y2 ..."`` in scene points), ``diagrammer_extra`` (unknown fields, as JSON).
A broken diagram survives too: a node whose container is missing or part of a containment loop is
written at the top level with ``diagrammer_parent``, and an edge to a missing node goes to an
invisible stand-in carrying ``diagrammer_missing``.

Examples
--------
>>> from diagrammer.model import Document, Node
>>> doc = Document.from_parts("", [Node("lab", "Lab"), Node("net", "Net", ["agent"], parent="lab")], [])
>>> print(dumps_dot(doc))  # doctest: +NORMALIZE_WHITESPACE
digraph {
  graph [compound=true, labelloc=t, label=""];
  node [shape=box, style=rounded];
  subgraph cluster_lab {
    label="Lab";
    diagrammer_id="lab";
    n1 [label="Net", diagrammer_id="net", kinds="agent", width=2.5, height=1.1666666666666667];
  }
}
"""

from __future__ import annotations

import json
import os

from diagrammer.io.atomic import write_atomic
from diagrammer.io.dot_text import dot_id, quote
from diagrammer.model.document import Document, Node
from diagrammer.model.forest import containment_tree

_INDENT_CAP = 32  # deeper levels share one indentation, so 10,000 levels stay a small file


def dumps_dot(doc: Document) -> str:
    """The DOT text of ``doc``; see the module documentation for what travels how.

    Examples
    --------
    >>> from diagrammer.model import Document, Edge, Node
    >>> doc = Document.from_parts("T", [Node("a", 'say "hi"'), Node("b", "B")], [Edge("e1", "a", "b")])
    >>> print(dumps_dot(doc).splitlines()[-2])
      n1 -> n2 [diagrammer_id="e1", kind=optimizes];
    """
    return _Writer(doc).text()


def write_dot(doc: Document, path: str | os.PathLike[str]) -> None:
    """Write ``doc`` as DOT to ``path``, atomically (UTF-8).

    Raises
    ------
    SaveError
        With one sentence naming the file, when it cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from diagrammer.model import Document, Node
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.dot"
    >>> write_dot(Document.from_parts("", [Node("a", "A")], []), path)
    >>> path.read_text().startswith("digraph {")
    True
    """
    write_atomic(path, dumps_dot(doc).encode("utf-8"))


def _attr_list(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(f"{key}={value}" for key, value in pairs)


def _extra(extra: dict) -> list[tuple[str, str]]:
    if not extra:
        return []
    return [("diagrammer_extra", quote(json.dumps(extra, ensure_ascii=False, sort_keys=False)))]


class _Writer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.tree, self.tops = containment_tree(doc)
        self.dot_names: dict[str, str] = {}
        for nid in doc.nodes:
            if nid in self.tree and not self.tree[nid]:
                self.dot_names[nid] = f"n{len(self.dot_names) + 1}"
        self.missing: dict[str, str] = {}
        self.first_leaf: dict[str, str] = {}

    def text(self) -> str:
        doc = self.doc
        head = [("compound", "true"), ("labelloc", "t"), ("label", quote(doc.title)), *_extra(doc.extra)]
        lines = ["digraph {", f"  graph [{_attr_list(head)}];", "  node [shape=box, style=rounded];"]
        edge_lines = [self._edge_line(edge) for edge in doc.edges.values()]
        stack: list[tuple[str, int, bool]] = [(nid, 1, False) for nid in reversed(self.tops)]
        while stack:
            nid, depth, closing = stack.pop()
            pad = "  " * min(depth, _INDENT_CAP)
            if closing:
                lines.append(f"{pad}}}")
                continue
            node = doc.nodes[nid]
            fields = self._fields(node, depth == 1)
            if not self.tree[nid]:
                lines.append(f"{pad}{self.dot_names[nid]} [{_attr_list(fields)}];")
                continue
            inner = "  " * min(depth + 1, _INDENT_CAP)
            lines.append(f"{pad}subgraph {dot_id('cluster_' + nid)} {{")
            lines.extend(f"{inner}{key}={value};" for key, value in fields)
            stack.append((nid, depth, True))
            stack.extend((child, depth + 1, False) for child in reversed(self.tree[nid]))
        for missing, name in self.missing.items():
            stand_in = [("shape", "point"), ("style", "invis"), ("label", '""'), ("diagrammer_missing", quote(missing))]
            lines.append(f"  {name} [{_attr_list(stand_in)}];")
        lines.extend(edge_lines)
        lines.append("}")
        return "\n".join(lines) + "\n"

    def _fields(self, node: Node, top: bool) -> list[tuple[str, str]]:
        fields = [("label", quote(node.name)), ("diagrammer_id", quote(node.id))]
        if node.kinds:
            fields.append(("kinds", quote(",".join(node.kinds))))
        if node.designed_by_humans:
            fields.append(("designed_by_humans", "true"))
        if node.goal is not None:
            fields.append(("goal", quote(node.goal)))
        if node.notes:
            fields.append(("notes", quote(node.notes)))
        if top and node.parent is not None:
            fields.append(("diagrammer_parent", quote(node.parent)))
        if not self.tree[node.id]:
            # Graphviz draws the box at our size (inches); containers are sized by their parts.
            fields.append(("width", repr(node.width / 72.0)))
            fields.append(("height", repr(node.height / 72.0)))
        fields.extend(_extra(node.extra))
        return fields

    def _end(self, nid: str) -> tuple[str, str | None]:
        """The DOT node an edge end attaches to, and the cluster it stands for (if any)."""
        if nid not in self.doc.nodes:
            if nid not in self.missing:
                self.missing[nid] = f"m{len(self.missing) + 1}"
            return self.missing[nid], None
        if not self.tree[nid]:
            return self.dot_names[nid], None
        leaf = self.first_leaf.get(nid)
        if leaf is None:
            leaf = nid
            while self.tree[leaf]:
                leaf = self.tree[leaf][0]
            self.first_leaf[nid] = leaf
        return self.dot_names[leaf], dot_id("cluster_" + nid)

    def _edge_line(self, edge) -> str:
        tail, ltail = self._end(edge.source)
        head, lhead = self._end(edge.target)
        attrs = [("diagrammer_id", quote(edge.id)), ("kind", dot_id(edge.kind))]
        if edge.label:
            attrs.append(("label", quote(edge.label)))
        if ltail:
            attrs.append(("ltail", ltail))
        if lhead:
            attrs.append(("lhead", lhead))
        if edge.route is not None:
            attrs.append(("route", quote(route_text(edge.route))))
        attrs.extend(_extra(edge.extra))
        return f"  {tail} -> {head} [{_attr_list(attrs)}];"


def _number(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def route_text(route: list[tuple[float, float]]) -> str:
    """An edge's drawn route as the ``route`` attribute holds it: ``"x1,y1 x2,y2 ..."``.

    Examples
    --------
    >>> route_text([(0.0, 10.5), (20.0, -3.25)])
    '0,10.5 20,-3.25'
    """
    return " ".join(f"{_number(x)},{_number(y)}" for x, y in route)
