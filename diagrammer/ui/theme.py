"""Colours and fonts: one place, following the system's light or dark palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# Badge colours: every pair differs by at least 20 in CIELAB (a test checks) and keeps white text
# readable. Text always accompanies the colour (the badge's name, the legend's mark), so no
# information is carried by colour alone.
_LABEL_COLOURS = {
    "subagent": "#1f6fd1",
    "composite-agent": "#0b4f8a",
    "hosted-agent": "#0f8b8d",
    "base-optimizer": "#b86e00",
    "meta-optimizer": "#7a4a1e",
    "designed-optimizer": "#5c6770",
    "mesa-optimizer": "#7b2fbe",
    "mesa-depth": "#c2187a",
    "mesa-mesa-optimizer": "#4a1a7a",
    "contains-mesa-optimizer": "#9c6fd6",
    "learned-algorithm": "#2e7d32",
    "objective-mismatch": "#d1202f",
    "objective-unstated": "#8a7300",
    "behavioral-objective-mismatch": "#e0603a",
    "outer-objective-mismatch": "#7f1020",
}

# A short mark per label, for the legend and the Labels dock: who cannot tell two colours apart
# can still tell the marks apart.
_LABEL_MARKS = {
    "subagent": "Sub",
    "composite-agent": "Comp",
    "hosted-agent": "Host",
    "base-optimizer": "Base",
    "meta-optimizer": "Meta",
    "designed-optimizer": "Dsgn",
    "mesa-optimizer": "Mesa",
    "mesa-depth": "L",
    "mesa-mesa-optimizer": "Mesa²",
    "contains-mesa-optimizer": "∋Mesa",
    "learned-algorithm": "Lrnd",
    "objective-mismatch": "≠Obj",
    "objective-unstated": "?Obj",
    "behavioral-objective-mismatch": "≠Beh",
    "outer-objective-mismatch": "≠Out",
}


PROBLEM_COLOUR = "#d0312d"
SELECTION_COLOUR = "#1a73e8"
DROP_TARGET_COLOUR = "#2ea44f"


def label_colour(label: str) -> QColor:
    """The badge colour of a label id (``mesa-depth-N`` share one colour)."""
    key = "mesa-depth" if label.startswith("mesa-depth-") else label
    return QColor(_LABEL_COLOURS.get(key, "#666666"))


def label_mark(label: str) -> str:
    """The label's short mark (``mesa-depth-N`` gives ``LN``); an unknown label gives its id."""
    if label.startswith("mesa-depth-"):
        return "L" + label.removeprefix("mesa-depth-")
    return _LABEL_MARKS.get(label, label)


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
