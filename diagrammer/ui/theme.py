"""Colours and fonts: one place, following the system's light or dark palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# Badge colours by label family: containment (blue/teal), production (orange/purple), objectives (red).
# Text always accompanies the colour, so no information is carried by colour alone.
_LABEL_COLOURS = {
    "subagent": "#2f6fd6",
    "composite-agent": "#1f4fa8",
    "hosted-agent": "#2a8f8f",
    "base-optimizer": "#c46a12",
    "meta-optimizer": "#9a4f0c",
    "designed-optimizer": "#5b6b7a",
    "mesa-optimizer": "#8a3fc7",
    "mesa-depth": "#6d31a0",
    "mesa-mesa-optimizer": "#54207f",
    "contains-mesa-optimizer": "#a35bd1",
    "learned-algorithm": "#3d8b3d",
    "objective-mismatch": "#c62d42",
    "objective-unstated": "#9b6b1d",
    "behavioral-objective-mismatch": "#b5403a",
    "outer-objective-mismatch": "#a0202f",
}

KIND_COLOURS = {
    "agent": "#2f6fd6",
    "optimizer": "#c46a12",
}

PROBLEM_COLOUR = "#d0312d"
SELECTION_COLOUR = "#1a73e8"
DROP_TARGET_COLOUR = "#2ea44f"


def label_colour(label: str) -> QColor:
    """The badge colour of a label id (``mesa-depth-N`` share one colour)."""
    key = "mesa-depth" if label.startswith("mesa-depth-") else label
    return QColor(_LABEL_COLOURS.get(key, "#666666"))


def is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


class Palette:
    """The colours a diagram is drawn with; ``for_export`` gives the light, print-friendly set."""

    def __init__(self, dark: bool) -> None:
        self.dark = dark
        if dark:
            self.canvas = QColor("#1e1f22")
            self.grid = QColor("#2c2e33")
            self.box_fill = QColor("#2b2d31")
            self.container_fill = QColor("#25272b")
            self.box_border = QColor("#8b8f98")
            self.text = QColor("#e8eaed")
            self.subtle_text = QColor("#aeb3bb")
            self.edge = QColor("#c9ccd1")
        else:
            self.canvas = QColor("#ffffff")
            self.grid = QColor("#eceef1")
            self.box_fill = QColor("#ffffff")
            self.container_fill = QColor("#f6f7f9")
            self.box_border = QColor("#5f6368")
            self.text = QColor("#202124")
            self.subtle_text = QColor("#5f6368")
            self.edge = QColor("#3c4043")

    @classmethod
    def current(cls) -> Palette:
        return cls(is_dark())

    @classmethod
    def for_export(cls) -> Palette:
        return cls(False)
