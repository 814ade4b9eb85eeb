"""Pictures of a diagram: PNG, SVG (text kept as text) and PDF (vector, page sized to the diagram).

Exports are drawn from a separate hidden scene built from the document with the print palette, so
they show exactly the boxes, nesting, arrows and badges of the editor, without selection handles
or grid. The same code serves File -> Export in the editor and ``diagrammer export``.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QFontInfo,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from diagrammer.io.atomic import write_atomic
from diagrammer.io.errors import SaveError
from diagrammer.io.formats import FORMATS
from diagrammer.io.xml_text import xml_safe
from diagrammer.model import Document, Edge
from diagrammer.model.edits import sub_document
from diagrammer.rules import classify, display_name, display_order
from diagrammer.ui.edge_item import EdgeItem
from diagrammer.ui.items import BADGE_FONT, BADGE_HEIGHT, GOAL_FONT, NAME_FONT
from diagrammer.ui.scene import DiagramScene
from diagrammer.ui.theme import Palette, label_colour

IMAGE_FORMATS = tuple(f.name for f in FORMATS if f.picture)  # the formats this module draws
MAX_PIXELS = 400_000_000  # a PNG larger than this (20,000 x 20,000) is refused rather than exhaust memory
BAND_HEIGHT = 4096
PNG_QUALITY = 80


@dataclass
class ExportOptions:
    """What the export dialog and the command line let a user choose."""

    format: str = "png"
    scale: float = 2.0
    transparent: bool = False
    legend: bool = True
    margin: float = 24.0
    selection: list[str] | None = None  # node ids; None for the whole diagram


ARROW_ENTRIES = {  # (kind, named in a problem): what the legend says of an arrow drawn so
    ("optimizes", False): "optimizes (trains, designs, produces)",
    ("link", False): "link (an annotation the rules ignore)",
    ("optimizes", True): "named in a problem",
    ("link", True): "named in a problem",
}
ARROW_SAMPLE = 44.0  # length of an arrow drawn in the legend


class LegendItem(QGraphicsItem):
    """A framed list of the labels a diagram uses (badge plus display name), then of the kinds of
    arrow it draws (a short arrow drawn the same way plus what it means)."""

    def __init__(self, labels: list[str], palette: Palette, arrows: list[tuple[str, bool]] = ()) -> None:
        super().__init__()
        self.labels = labels
        self.palette = palette
        metrics = QFontMetricsF(BADGE_FONT)
        # One line per meaning: both styles of an arrow named in a problem say the same.
        entries = {ARROW_ENTRIES[arrow]: arrow for arrow in reversed(list(arrows))}
        self.arrow_texts = list(reversed(entries))
        widths = [metrics.horizontalAdvance(display_name(label)) for label in labels]
        widths += [ARROW_SAMPLE + 10 + QFontMetricsF(GOAL_FONT).horizontalAdvance(t) for t in self.arrow_texts]
        self._width = max([*widths, 60]) + 40
        self._height = 30 + (len(labels) + len(self.arrow_texts)) * (BADGE_HEIGHT + 6)
        y = 28.0 + len(labels) * (BADGE_HEIGHT + 6) + BADGE_HEIGHT / 2
        for text in self.arrow_texts:
            kind, problem = entries[text]
            sample = EdgeItem(Edge(f"legend-{kind}", "a", "b", kind=kind), palette, interactive=False)
            sample.set_problem(problem)
            sample.set_route([(10.0, y), (10.0 + ARROW_SAMPLE, y)])
            sample.setParentItem(self)
            y += BADGE_HEIGHT + 6

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(0, 0, self._width, self._height)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.palette.box_border)
        painter.setBrush(self.palette.box_fill)
        painter.drawRoundedRect(self.boundingRect(), 6, 6)
        painter.setPen(self.palette.text)
        painter.setFont(NAME_FONT)
        title = "Labels" if self.labels else "Legend"
        painter.drawText(QRectF(10, 4, self._width - 20, 20), Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(BADGE_FONT)
        metrics = QFontMetricsF(BADGE_FONT)
        y = 28.0
        for label in self.labels:
            text = display_name(label)
            box = QRectF(10, y, metrics.horizontalAdvance(text) + 12, BADGE_HEIGHT)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(label_colour(label))
            painter.drawRoundedRect(box, BADGE_HEIGHT / 2, BADGE_HEIGHT / 2)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            y += BADGE_HEIGHT + 6
        painter.setPen(self.palette.text)
        painter.setFont(GOAL_FONT)
        for text in self.arrow_texts:
            box = QRectF(20 + ARROW_SAMPLE, y, self._width - 30 - ARROW_SAMPLE, BADGE_HEIGHT)
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, text)
            y += BADGE_HEIGHT + 6


def build_export_scene(doc: Document, options: ExportOptions) -> tuple[DiagramScene, QRectF]:
    """A hidden scene of the document (or selection) and the rectangle to render."""
    if options.selection is not None:
        doc = sub_document(doc, options.selection)
    if any(n.x is None or n.y is None for n in doc.nodes.values()):
        from diagrammer.layout import layout_document
        from diagrammer.ui.layout_sizes import measured_sizes

        doc = sub_document(doc, [n for n in doc.nodes if doc.nodes[n].parent not in doc.nodes])
        layout_document(doc, sizes=measured_sizes(doc, fit=True))  # at the sizes the boxes are drawn at
    palette = Palette.for_export()
    result = classify(doc)
    scene = DiagramScene(doc, palette, interactive=False, result=result)
    scene.setBackgroundBrush(Qt.BrushStyle.NoBrush)
    rect = scene.itemsBoundingRect()
    if options.legend:
        used = display_order(sorted({label for labels in result.labels.values() for label in labels}))
        arrows = sorted({(item.edge.kind, item.has_problem) for item in scene.edge_items.values()},
                        key=lambda a: (a[1], a[0] != "optimizes"))  # fmt: skip
        if used or arrows:
            legend = LegendItem(used, palette, arrows)
            legend.setPos(rect.left(), rect.bottom() + 20 if not rect.isEmpty() else 0)
            scene.addItem(legend)
            rect = scene.itemsBoundingRect()
    if rect.isEmpty():
        rect = QRectF(0, 0, 100, 60)
    scene.detach()
    return scene, rect.adjusted(-options.margin, -options.margin, options.margin, options.margin)


def check_fonts() -> None:
    if not QFontDatabase.families():
        raise SaveError("Cannot export: no fonts are installed, so text would be drawn as boxes "
                        "(install fontconfig and fonts-dejavu-core).")


def render_png(scene: DiagramScene, rect: QRectF, options: ExportOptions,
               progress: Callable[[int, int], bool] | None = None) -> bytes:
    """PNG bytes; rendered in bands so that a long export can report progress and be cancelled."""
    width = max(1, round(rect.width() * options.scale))
    height = max(1, round(rect.height() * options.scale))
    if width * height > MAX_PIXELS:
        raise SaveError(f"Cannot export a {width} x {height} pixel image: lower the scale.")
    # An opaque picture is written without an alpha channel: a quarter less data to compress.
    image_format = QImage.Format.Format_ARGB32_Premultiplied if options.transparent else QImage.Format.Format_RGB32
    image = QImage(QSize(width, height), image_format)
    image.setDotsPerMeterX(round(72 * options.scale / 0.0254))
    image.setDotsPerMeterY(round(72 * options.scale / 0.0254))
    image.fill(QColor(0, 0, 0, 0) if options.transparent else QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    bands = max(1, -(-height // BAND_HEIGHT))
    try:
        for band in range(bands):
            top = band * BAND_HEIGHT
            bottom = min(height, top + BAND_HEIGHT)
            target = QRectF(0, top, width, bottom - top)
            source = QRectF(rect.left(), rect.top() + top / options.scale, rect.width(), (bottom - top) / options.scale)
            painter.setClipRect(target)
            scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)
            if progress is not None and not progress(band + 1, bands):
                raise SaveError("The export was cancelled.")
    finally:
        painter.end()
    return _image_bytes(image)


def _image_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # Qt's default PNG setting compresses hardest; 80 is about twice as fast and, on diagrams (large
    # flat areas), gives files no larger.
    image.save(buffer, "PNG", PNG_QUALITY)
    buffer.close()
    return bytes(data)


def render_svg(scene: DiagramScene, rect: QRectF, title: str) -> bytes:
    """SVG bytes with text as ``<text>`` elements (searchable, editable in Inkscape)."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = os.path.join(folder, "out.svg")
        generator = QSvgGenerator()
        generator.setFileName(tmp)
        generator.setSize(QSize(round(rect.width()), round(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(title or "Diagram")
        generator.setDescription("Made with Diagrammer")
        painter = QPainter(generator)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()
        with open(tmp, "rb") as handle:
            return _portable_fonts(handle.read())


def _portable_fonts(svg: bytes) -> bytes:
    """Name the font the text was measured with, then the generic family: Qt writes the default
    font's own name ("Sans Serif" here), an alias browsers do not know and draw in a serif font."""
    family = html.escape(QFontInfo(NAME_FONT).family(), quote=True)
    return re.sub(rb'font-family="[^"]*"', f'font-family="{family}, sans-serif"'.encode(), svg)


def render_pdf(scene: DiagramScene, rect: QRectF, title: str) -> bytes:
    """Vector PDF bytes on one page the size of the diagram (1 scene unit = 1 point)."""
    with tempfile.TemporaryDirectory() as folder:
        tmp = os.path.join(folder, "out.pdf")
        writer = QPdfWriter(tmp)
        writer.setTitle(title or "Diagram")
        writer.setCreator("Diagrammer")
        writer.setResolution(72)
        writer.setPageLayout(QPageLayout(
            QPageSize(QSizeF(rect.width(), rect.height()), QPageSize.Unit.Point, "diagram",
                      QPageSize.SizeMatchPolicy.ExactMatch),
            QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
        ))
        painter = QPainter(writer)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()
        with open(tmp, "rb") as handle:
            return handle.read()


def export_document(doc: Document, path: str, options: ExportOptions,
                    progress: Callable[[int, int], bool] | None = None) -> None:
    """Render ``doc`` to ``path`` in ``options.format``; the file is written atomically.

    Raises :class:`SaveError` with one sentence when the picture cannot be made or written.
    """
    if options.format not in IMAGE_FORMATS:
        raise SaveError(f"Cannot export to {options.format!r}: the picture formats are {_listed(IMAGE_FORMATS)}.")
    if not options.scale > 0 or options.scale > 50:
        raise SaveError("The scale must be more than 0 and at most 50.")
    check_fonts()
    scene, rect = build_export_scene(doc, options)
    if options.format == "png":
        data = render_png(scene, rect, options, progress)
    elif options.format == "svg":
        data = xml_safe(render_svg(scene, rect, doc.title))
    else:
        data = render_pdf(scene, rect, doc.title)
    write_atomic(path, data)


def _listed(words: tuple[str, ...]) -> str:
    """``('png', 'svg', 'pdf')`` -> ``'png, svg and pdf'``."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)
