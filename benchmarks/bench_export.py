"""PNG export of a 5,000-node diagram, next to a bare QGraphicsScene render of the same rectangles,
texts and arrow lines to an image of the same size. Prints figures and the ratio (goal <= 1.5); asserts nothing."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_editor import bare_scene, generate  # noqa: E402
from PySide6.QtCore import QRectF, QSize  # noqa: E402
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from diagrammer.ui.export import PNG_QUALITY, ExportOptions, export_document  # noqa: E402

SCALE = 0.5


def bare_png(doc, out: str, quality: int = -1) -> tuple[float, QSize]:
    start = time.perf_counter()
    scene = bare_scene(doc, arrows=True)
    rect = scene.itemsBoundingRect().adjusted(-24, -24, 24, 24)
    image = QImage(QSize(round(rect.width() * SCALE), round(rect.height() * SCALE)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    image.save(out, "PNG", quality)
    return time.perf_counter() - start, image.size()


def main() -> None:
    QApplication.instance() or QApplication([])
    doc = generate()
    with tempfile.TemporaryDirectory() as folder:
        bare_png(doc, os.path.join(folder, "warm.png"))
        bare, size = bare_png(doc, os.path.join(folder, "bare.png"))
        bare_same, _ = bare_png(doc, os.path.join(folder, "bare80.png"), PNG_QUALITY)
        start = time.perf_counter()
        out = os.path.join(folder, "ours.png")
        export_document(doc, out, ExportOptions(format="png", scale=SCALE, legend=False))
        ours = time.perf_counter() - start
        reader = QImageReader(out)
        got = reader.size()
    print(f"PNG export of {len(doc.nodes)} nodes at scale {SCALE} ({got.width()}x{got.height()} px): "
          f"{ours:.2f} s; bare QGraphicsScene render ({size.width()}x{size.height()} px) {bare:.2f} s; "
          f"ratio {ours / bare:.2f} (goal <= 1.5)")
    print(f"  the bare render encoded with our PNG setting (quality {PNG_QUALITY}): {bare_same:.2f} s; "
          f"ratio {ours / bare_same:.2f}")


if __name__ == "__main__":
    main()
