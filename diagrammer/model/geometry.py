"""Geometry shared by the editor, the exporters and the layouts (no Qt): how a box is laid out.

A box draws its name, its kinds and goal and its label badges in a header band at the top; a
container's parts sit below that band, inside a padding.
"""

HEADER_HEIGHT = 72.0
PADDING = 14.0
MIN_WIDTH = 60.0
MIN_HEIGHT = 40.0
GRID = 10.0


def content_origin() -> tuple[float, float]:
    """Where the first part of a container goes, relative to the container's top-left."""
    return PADDING, HEADER_HEIGHT
