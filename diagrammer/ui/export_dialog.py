"""File -> Export...: the picture options (remembered between sessions), then where to write it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QProgressDialog,
)

from diagrammer.io.errors import SaveError
from diagrammer.ui import dialogs
from diagrammer.ui.export import ExportOptions, export_document

FILTERS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)", "pdf": "PDF document (*.pdf)",
           "dot": "Graphviz DOT (*.dot)"}


class ExportDialog(QDialog):
    """Format, scale, transparency, legend, margin and selection-only, as last chosen."""

    def __init__(self, parent=None, has_selection: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        form = QFormLayout(self)
        self.format_combo = QComboBox()
        for key, text in (("png", "PNG image"), ("svg", "SVG drawing (text kept as text)"),
                          ("pdf", "PDF document (vector)"), ("dot", "Graphviz DOT (nesting as clusters)")):
            self.format_combo.addItem(text, key)
        self.scale_spin = QDoubleSpinBox()
        self.scale_spin.setRange(0.25, 10.0)
        self.scale_spin.setSingleStep(0.5)
        self.scale_spin.setSuffix(" ×")
        self.transparent_box = QCheckBox("Transparent background")
        self.legend_box = QCheckBox("Include the legend of the labels")
        self.margin_spin = QDoubleSpinBox()
        self.margin_spin.setRange(0, 500)
        self.margin_spin.setSuffix(" px")
        self.selection_box = QCheckBox("Only the selection")
        self.selection_box.setEnabled(has_selection)
        form.addRow("&Format", self.format_combo)
        form.addRow("&Scale (PNG)", self.scale_spin)
        form.addRow("", self.transparent_box)
        form.addRow("", self.legend_box)
        form.addRow("&Margin", self.margin_spin)
        form.addRow("", self.selection_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self._load()

    def _format_changed(self) -> None:
        fmt = self.format_combo.currentData()
        self.scale_spin.setEnabled(fmt == "png")
        self.transparent_box.setEnabled(fmt == "png")
        self.legend_box.setEnabled(fmt != "dot")
        self.margin_spin.setEnabled(fmt != "dot")

    def _load(self) -> None:
        s = QSettings()
        index = self.format_combo.findData(s.value("export/format", "png"))
        self.format_combo.setCurrentIndex(max(index, 0))
        self.scale_spin.setValue(float(s.value("export/scale", 2.0)))
        self.transparent_box.setChecked(s.value("export/transparent", "false") in (True, "true"))
        self.legend_box.setChecked(s.value("export/legend", "true") in (True, "true"))
        self.margin_spin.setValue(float(s.value("export/margin", 24.0)))
        self._format_changed()

    def options(self) -> ExportOptions:
        return ExportOptions(
            format=self.format_combo.currentData(),
            scale=self.scale_spin.value(),
            transparent=self.transparent_box.isChecked(),
            legend=self.legend_box.isChecked(),
            margin=self.margin_spin.value(),
        )

    def remember(self) -> None:
        s = QSettings()
        options = self.options()
        s.setValue("export/format", options.format)
        s.setValue("export/scale", options.scale)
        s.setValue("export/transparent", "true" if options.transparent else "false")
        s.setValue("export/legend", "true" if options.legend else "false")
        s.setValue("export/margin", options.margin)


def export_with_progress(window, doc, path: str, options: ExportOptions) -> bool:
    """Export, showing a cancellable progress dialog while the picture is drawn."""
    progress = QProgressDialog("Exporting…", "Cancel", 0, 100, window)
    progress.setWindowTitle("Export")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)

    def report(done: int, total: int) -> bool:
        progress.setMaximum(total)
        progress.setValue(done)
        QApplication.processEvents()
        return not progress.wasCanceled()

    try:
        if options.format == "dot":
            from diagrammer.io.dot import write_dot
            from diagrammer.model.edits import sub_document

            write_dot(sub_document(doc, options.selection) if options.selection is not None else doc, path)
        else:
            export_document(doc, path, options, report)
    except SaveError as exc:
        dialogs.error(window, "Cannot export", str(exc))
        return False
    finally:
        progress.close()
    return True


def diagram_stem(path: str | None) -> str:
    """``planner.diagram.json`` -> ``planner``; an untitled diagram is ``diagram``."""
    if not path:
        return "diagram"
    name = Path(path).name
    for suffix in (".diagram.json", ".json", ".dot", ".gv"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return Path(name).stem or "diagram"


def start_path(window, fmt: str) -> str:
    """Where the save dialog starts: the diagram's folder and name, with the format's extension."""
    if window.path:
        folder = Path(window.path).parent
    else:
        folder = Path(str(QSettings().value("export/folder", str(Path.home()))))
    return str(folder / f"{diagram_stem(window.path)}.{fmt}")


def chosen_path(path: str, selected_filter: str, fmt: str) -> tuple[str, str]:
    """The file and format to write: a known extension typed decides the format; otherwise the
    filter chosen (or the dialog's format) gives the extension, added once.

    >>> chosen_path("/t/x.pdf", "Graphviz DOT (*.dot)", "dot")
    ('/t/x.pdf', 'pdf')
    >>> chosen_path("/t/x", "SVG drawing (*.svg)", "png")
    ('/t/x.svg', 'svg')
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in FILTERS:
        return path, suffix
    by_filter = {text: key for key, text in FILTERS.items()}
    fmt = by_filter.get(selected_filter, fmt)
    return f"{path}.{fmt}", fmt


def run_export_dialog(window) -> str | None:
    """The whole File -> Export gesture; returns the written path or None."""
    selection = window.editor.scene.selected_node_ids()
    dialog = ExportDialog(window, has_selection=bool(selection))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    dialog.remember()
    options = dialog.options()
    if dialog.selection_box.isChecked():
        options.selection = selection
    filters = ";;".join([FILTERS[options.format], *(t for k, t in FILTERS.items() if k != options.format)])
    path, selected = QFileDialog.getSaveFileName(window, "Export", start_path(window, options.format), filters,
                                                 FILTERS[options.format])
    if not path:
        return None
    path, options.format = chosen_path(path, selected, options.format)
    QSettings().setValue("export/folder", str(Path(path).parent))
    return path if export_with_progress(window, window.document, path, options) else None
