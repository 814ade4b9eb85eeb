"""Text measured with the fonts the boxes are drawn with, for the box geometry of the layout layer."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetricsF


def _font(pixels: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(int(pixels))
    font.setBold(bold)
    font.setItalic(italic)
    return font


NAME_FONT = _font(13, bold=True)
TAG_FONT = _font(10, bold=True)
GOAL_FONT = _font(11, italic=True)
BADGE_FONT = _font(10, bold=True)
EDGE_LABEL_FONT = _font(11)
FONTS = {"name": NAME_FONT, "tag": TAG_FONT, "goal": GOAL_FONT, "badge": BADGE_FONT, "edge_label": EDGE_LABEL_FONT}


class QtMeasure:
    """A :class:`diagrammer.layout.geometry.TextMeasure` built on ``QFontMetricsF`` (needs a QGuiApplication).

    Widths are memoised: thousands of boxes share their words.
    """

    def __init__(self) -> None:
        self._metrics = {role: QFontMetricsF(font) for role, font in FONTS.items()}
        # Line heights rounded up so that a text drawn in its rectangle is never clipped.
        self._lines = {role: float(int(m.height() + 0.999)) for role, m in self._metrics.items()}
        self._widths: dict[str, dict[str, float]] = {role: {} for role in FONTS}  # role -> text -> width

    def width(self, text: str, role: str) -> float:
        widths = self._widths[role]
        known = widths.get(text)
        if known is None:
            known = widths[text] = float(int(self._metrics[role].horizontalAdvance(text) + 1.999))
        return known

    def line_height(self, role: str) -> float:
        return self._lines[role]


_SHARED: QtMeasure | None = None


def qt_measure() -> QtMeasure:
    """The one measure every scene, layout and export of this process uses."""
    global _SHARED
    if _SHARED is None:
        _SHARED = QtMeasure()
    return _SHARED
