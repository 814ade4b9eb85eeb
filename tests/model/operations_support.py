"""The sample document and the round-trip check that the operation tests share."""

from __future__ import annotations

from diagrammer.model import LINK, Document, Edge, Node
from tests.model.support import Recorder, assert_consistent, snapshot

try:
    from diagrammer.io.native import dumps_document
except ImportError:  # pragma: no cover - the writer lives in io, which may be absent
    dumps_document = None


def sample() -> Document:
    """Two trees with four arrows, unknown fields on the document, a node and an edge."""
    nodes = [
        Node("evolution", name="Natural selection", kinds=["optimizer"], goal="inclusive genetic fitness",
             x=40.0, y=40.0, width=200.0, height=90.0),
        Node("humans", name="Humans", kinds=["agent", "optimizer"], goal="happiness",
             x=40.0, y=220.0, width=400.0, height=300.0),
        Node("brain", name="Brain", kinds=["optimizer"], parent="humans", x=14.0, y=72.0, width=300.0,
             height=200.0),
        Node("cortex", name="Cortex", parent="brain", x=14.0, y=72.0, notes="a part"),
        Node("lab", name="Lab", kinds=["agent"], designed_by_humans=True, x=500.0, y=40.0,
             extra={"colour": "red", "tags": [1, 2]}),
        Node("model", name="Model", kinds=["optimizer"], designed_by_humans=True, goal="low loss",
             parent="lab", x=14, y=72),
    ]
    edges = [
        Edge("e1", "evolution", "humans"),
        Edge("e2", "humans", "brain", kind=LINK, label="has"),
        Edge("e3", "lab", "model", extra={"weight": 3}),
        Edge("e4", "cortex", "evolution", kind=LINK),
    ]
    return Document.from_parts("Evolution", nodes, edges, {"generator": {"name": "test"}})


def saved(doc: Document) -> str | None:
    return None if dumps_document is None else dumps_document(doc)


def round_trip(doc: Document, op) -> tuple[list, list, list]:
    """Apply ``op``, undo it, redo it; check each state exactly. Returns the three event lists."""
    rec = Recorder(doc)
    before, before_text = snapshot(doc), saved(doc)
    undo = doc.apply(op)
    done = rec.take()
    after, after_text = snapshot(doc), saved(doc)
    assert_consistent(doc)
    redo = doc.apply(undo)
    undone = rec.take()
    assert snapshot(doc) == before
    assert saved(doc) == before_text
    assert_consistent(doc)
    doc.apply(redo)
    redone = rec.take()
    assert snapshot(doc) == after
    assert saved(doc) == after_text
    assert rec.in_sync()
    return done, undone, redone
