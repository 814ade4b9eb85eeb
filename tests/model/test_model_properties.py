"""Random editing sessions on random diagrams: undoing everything gives back the original document
(every field, order and containment, and the same saved bytes); redoing everything gives back the
final one. Refused operations change nothing; events keep a mirror of the document in step.

Each session is generated from one drawn byte string (see :class:`Chooser`): a thousand sessions
run in the default test run, and Hypothesis still shrinks a failure to a short, simple one.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagrammer.model import (
    LINK,
    OPTIMIZES,
    AddNode,
    AddSubtree,
    Batch,
    Connect,
    Disconnect,
    Document,
    Edge,
    ModelError,
    Move,
    Node,
    Operation,
    RemoveNodes,
    Reparent,
    Resize,
    SetEdgeFields,
    SetNodeFields,
    SetTitle,
)
from tests.model.support import Recorder, assert_consistent, on_loop, snapshot

try:
    from diagrammer.io.native import dumps_document
except ImportError:  # pragma: no cover - the writer lives in io, which may be absent
    dumps_document = None

# Small pools that cover escapes, non-ASCII text, ints against floats and nested unknown values.
TEXTS = ["", "A", "Humans", "é ü", 'q"uote\\', "two\nlines", "\t", "😀", "<b>x</b>"]
COORDS = [0, 14, -20, 40.0, 72.5, -3.25, 0.001, 1234.5678, -0.0, 10**6]
SIZES = [1, 60, 84.0, 180.0, 200.5, 0.25, 5000]
KIND_SETS = [[], ["agent"], ["optimizer"], ["agent", "optimizer"], ["optimizer", "agent"]]
EDGE_KINDS = [OPTIMIZES, LINK]
JSON = [None, True, False, 0, -3, 2.5, "x", "é\n", [], [1, "a"], {}, {"k": [None, {"z": 1}]}]
EXTRA_KEYS = ["colour", "tags", "shape", "z"]
NODE_KEYS = ["name", "kinds", "designed_by_humans", "goal", "notes", "x", "y", "width", "height", *EXTRA_KEYS]
EDGE_KEYS = ["label", "kind", "source", "target", *EXTRA_KEYS]


class Chooser:
    """Choices read from a byte string; past its end every choice is the first option."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def number(self, count: int) -> int:
        """An int in ``range(count)``."""
        if self.at + 1 >= len(self.data):
            return 0
        value = self.data[self.at] << 8 | self.data[self.at + 1]
        self.at += 2
        return value % count

    def pick(self, options: list):
        return options[self.number(len(options))]

    def maybe(self, options: list):
        """``None`` or one of ``options``."""
        return self.pick([None, *options])

    def some(self, options: list, most: int) -> list:
        """Up to ``most`` distinct options, at least one."""
        count = 1 + self.number(most)
        out: list = []
        for _ in range(count):
            option = self.pick(options)
            if option not in out:
                out.append(option)
        return out

    def extra(self) -> dict:
        return {key: self.pick(JSON) for key in self.some(EXTRA_KEYS, 2)} if self.number(2) else {}


def saved(doc: Document) -> str | None:
    return None if dumps_document is None else dumps_document(doc)


def fresh_ids(doc: Document, prefix: str, count: int) -> list[str]:
    """Ids nothing in the document uses or refers to (a missing container or arrow end)."""
    referred = {n.parent for n in doc.nodes.values()} | {e for x in doc.edges.values() for e in (x.source, x.target)}
    out: list[str] = []
    i = 1
    while len(out) < count:
        candidate = f"{prefix}{i}"
        if candidate not in doc.nodes and candidate not in doc.edges and candidate not in referred:
            out.append(candidate)
        i += 1
    return out


def diagram(c: Chooser) -> Document:
    """Up to 8 nodes and 7 arrows; now and then a broken reference or a loop, as files may hold."""
    ids = [f"d{i}" for i in range(c.number(9))]
    nodes = []
    for i, node_id in enumerate(ids):
        # Mostly an earlier node (a tree); sometimes a missing container or any node (maybe a loop).
        parent = c.pick([None, None, *ids[:i], *ids[:i], "ghost", c.pick(ids)])
        nodes.append(
            Node(node_id, name=c.pick(TEXTS), kinds=list(c.pick(KIND_SETS)), designed_by_humans=c.pick([False, True]),
                 goal=c.maybe(TEXTS), parent=parent, x=c.maybe(COORDS), y=c.maybe(COORDS), width=c.pick(SIZES),
                 height=c.pick(SIZES), notes=c.pick(TEXTS), extra=c.extra())
        )
    shuffled = []
    while nodes:
        shuffled.append(nodes.pop(c.number(len(nodes))))
    ends = [*ids, *ids, "ghost"]
    edges = [
        Edge(f"e{i}", c.pick(ends), c.pick(ends), kind=c.pick(EDGE_KINDS), label=c.pick(TEXTS), extra=c.extra())
        for i in range(c.number(8))
    ]
    return Document.from_parts(c.pick(TEXTS), shuffled, edges, c.pick([{}, {"generator": {"v": 1}}]))


def new_node(c: Chooser, node_id: str, parent: str | None) -> Node:
    return Node(node_id, name=c.pick(TEXTS), kinds=list(c.pick(KIND_SETS)), goal=c.maybe(TEXTS), parent=parent,
                x=c.maybe(COORDS), y=c.maybe(COORDS), width=c.pick(SIZES), extra=c.extra())


def operation(c: Chooser, doc: Document, depth: int = 0) -> Operation:
    """One operation chosen from the document as it is now; mostly valid, some refused."""
    nodes = list(doc.nodes)
    edges = list(doc.edges)
    choices = ["add", "subtree", "title", "refused"]
    if nodes:
        choices += ["remove", "move", "resize", "reparent", "reparent", "connect", "set-node", "set-node"]
    if edges:
        choices += ["disconnect", "set-edge", "set-edge"]
    if depth == 0:
        choices.append("batch")
    what = c.pick(choices)
    index = [None, *range(len(nodes) + 2)]
    if what == "add":
        return AddNode(new_node(c, fresh_ids(doc, "n", 1)[0], c.maybe(nodes)), c.pick(index))
    if what == "subtree":
        new_ids = fresh_ids(doc, "n", 1 + c.number(3))
        parts = [
            (new_node(c, node_id, c.maybe(new_ids[:i] + nodes)), c.pick(index)) for i, node_id in enumerate(new_ids)
        ]
        ends = new_ids + nodes
        arrows = [
            (Edge(edge_id, c.pick(ends), c.pick(ends), kind=c.pick(EDGE_KINDS)), c.pick(index))
            for edge_id in fresh_ids(doc, "e", c.number(3))
        ]
        return AddSubtree(parts, arrows)
    if what == "title":
        return SetTitle(c.pick(TEXTS))
    if what == "remove":
        return RemoveNodes(c.some(nodes, 2), c.some(edges, 1) if edges and c.number(2) else [])
    if what == "move":
        return Move(c.pick(nodes), c.pick(COORDS), c.pick(COORDS))
    if what == "resize":
        return Resize(c.pick(nodes), c.pick(SIZES), c.pick(SIZES))
    if what == "reparent":  # may be into a part: then refused, and the session goes on
        return Reparent(c.pick(nodes), c.maybe(nodes), c.maybe(COORDS), c.pick(COORDS))
    if what == "connect":
        edge = Edge(fresh_ids(doc, "e", 1)[0], c.pick(nodes), c.pick(nodes), kind=c.pick(EDGE_KINDS),
                    label=c.pick(TEXTS), extra=c.extra())
        return Connect(edge, c.pick([None, *range(len(edges) + 2)]))
    if what == "set-node":
        pools = {"name": TEXTS, "kinds": KIND_SETS, "designed_by_humans": [False, True], "goal": [None, *TEXTS],
                 "notes": TEXTS, "x": COORDS, "y": COORDS, "width": SIZES, "height": SIZES}
        keys = c.some(NODE_KEYS, 4)
        return SetNodeFields(c.pick(nodes), {key: c.pick(pools.get(key, JSON)) for key in keys})
    if what == "disconnect":
        return Disconnect(c.pick(edges))
    if what == "set-edge":
        pools = {"label": TEXTS, "kind": EDGE_KINDS, "source": nodes, "target": nodes}
        keys = [key for key in c.some(EDGE_KEYS, 3) if nodes or key not in ("source", "target")]
        return SetEdgeFields(c.pick(edges), {key: c.pick(pools.get(key, JSON)) for key in keys})
    if what == "batch":  # later parts may fail (a node removed by an earlier one): then all rolls back
        return Batch([operation(c, doc, depth + 1) for _ in range(c.number(4))])
    refused = [
        Move("missing", 0, 0),
        AddNode(Node("n1", parent="missing")),
        Connect(Edge(fresh_ids(doc, "e", 1)[0], c.pick(nodes or ["missing"]), "missing")),
        SetEdgeFields(c.pick(edges or ["missing"]), {"label": "x", "kind": "causes"}),
        RemoveNodes([*nodes[:1], "missing"]),
        SetNodeFields(c.pick(nodes or ["missing"]), {"name": "x", "kinds": ["robot"]}),
        SetNodeFields(c.pick(nodes or ["missing"]), {"x": 1, "height": 0}),
    ]
    if nodes:
        refused.append(AddNode(Node(c.pick(nodes + edges))))
        bottom = c.pick(nodes)
        refused.append(Reparent(([bottom, *doc.ancestors(bottom)])[-1], bottom))
    return c.pick(refused)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=800, max_size=2000))
def test_undo_all_restores_the_original_and_redo_all_the_final(data):
    c = Chooser(data)
    doc = diagram(c)
    original, original_text = snapshot(doc), saved(doc)
    rec = Recorder(doc)
    # The mirror checks the announced order except where a loop (from the file) is involved.
    loops = [on_loop(doc)]
    done = []  # (inverse, snapshot before the operation)
    for _ in range(1 + c.number(30)):
        rec.check_order = not loops[-1]
        op = operation(c, doc)
        before = snapshot(doc)
        try:
            inverse = doc.apply(op)
        except ModelError:
            assert snapshot(doc) == before
            if not isinstance(op, Batch):
                assert rec.events == []
            assert rec.in_sync()
            continue
        finally:
            rec.events.clear()
        assert rec.in_sync()
        assert_consistent(doc)
        done.append((inverse, before))
        loops.append(on_loop(doc))
    final, final_text = snapshot(doc), saved(doc)

    redo = []
    for i, (inverse, before) in reversed(list(enumerate(done))):
        rec.check_order = not (loops[i] or loops[i + 1])
        redo.append(doc.apply(inverse))
        assert snapshot(doc) == before
    assert snapshot(doc) == original
    assert saved(doc) == original_text
    assert rec.in_sync()

    for i, op in enumerate(reversed(redo)):
        rec.check_order = not (loops[i] or loops[i + 1])
        doc.apply(op)
    assert snapshot(doc) == final
    assert saved(doc) == final_text
    assert rec.in_sync()
    assert_consistent(doc)
