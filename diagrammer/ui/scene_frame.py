"""Placement's view of a scene: the boxes' drawn sizes, their containers' origins and headers."""

from __future__ import annotations

from diagrammer.layout.geometry import MARGIN, box_layout
from diagrammer.model.edits import Frame


class SceneFrame(Frame):
    """Placement's view of the boxes as this scene draws them (sizes, origins, headers)."""

    def __init__(self, scene) -> None:
        super().__init__(scene.document)
        self.scene = scene

    def size(self, node_id: str) -> tuple[float, float]:
        resolved = self.scene._resolved.get(node_id)
        return (resolved.width, resolved.height) if resolved is not None else super().size(node_id)

    def origin(self, parent: str | None) -> tuple[float, float]:
        item = self.scene.node_items.get(parent) if parent is not None else None
        if item is None:
            return super().origin(parent)
        pos = item.scenePos()
        resolved = self.scene._resolved[parent]
        return pos.x() + resolved.shift_x, pos.y() + resolved.shift_y

    def content_start(self, parent: str) -> tuple[float, float]:
        resolved = self.scene._resolved.get(parent)
        if resolved is None:
            return super().content_start(parent)
        node = self.doc.nodes[parent]
        layout = box_layout(node, self.scene._labels.get(parent, ()), resolved.width, self.scene.measure)
        return MARGIN - resolved.shift_x, layout.header_height - resolved.shift_y
