"""The document model (standard library only): nodes, edges, containment, reversible operations."""

from diagrammer.model.document import (
    AGENT,
    EDGE_KINDS,
    KINDS,
    LINK,
    OPTIMIZER,
    OPTIMIZES,
    Change,
    Document,
    Edge,
    ModelError,
    Node,
)
from diagrammer.model.operations import (
    AddNode,
    AddSubtree,
    Batch,
    Connect,
    Disconnect,
    Move,
    Operation,
    RemoveNodes,
    Reparent,
    Resize,
    SetEdgeFields,
    SetNodeFields,
    SetTitle,
)

__all__ = [
    "AGENT", "EDGE_KINDS", "KINDS", "LINK", "OPTIMIZER", "OPTIMIZES", "Change", "Document", "Edge",
    "ModelError", "Node", "AddNode", "AddSubtree", "Batch", "Connect", "Disconnect", "Move", "Operation",
    "RemoveNodes", "Reparent", "Resize", "SetEdgeFields", "SetNodeFields", "SetTitle",
]
