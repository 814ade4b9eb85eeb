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
from diagrammer.io.formats import by_name, export_formats, for_path, strip_extension
from diagrammer.ui import dialogs
from diagrammer.ui.export import ExportOptions


def filters() -> dict[str, str]:
    """The Save dialog's filter of each format File -> Export offers, by its name (the table of formats)."""
    return {f.name: f.dialog_filter for f in export_formats()}


class ExportDialog(QDialog):
    """Format, scale, transparency, legend, margin and selection-only, as last chosen."""

    def __init__(self, parent=None, has_selection: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        form = QFormLayout(self)
        self.format_combo = QComboBox()
        for file_format in export_formats():
            note = f" ({file_format.note})" if file_format.note else ""
            self.format_combo.addItem(file_format.title + note, file_format.name)
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
        picture = by_name(fmt).picture
        self.scale_spin.setEnabled(fmt == "png")  # the options of the PNG writer alone
        self.transparent_box.setEnabled(fmt == "png")
        self.legend_box.setEnabled(picture)
        self.margin_spin.setEnabled(picture)

    def _load(self) -> None:
        s = QSettings()
        index = self.format_combo.findData(s.value("export/format", export_formats()[0].name))
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

    file_format = by_name(options.format)
    try:
        if file_format.picture:
            file_format.write(doc, path, options, report)
        else:
            from diagrammer.model.edits import sub_document

            file_format.write(sub_document(doc, options.selection) if options.selection is not None else doc, path)
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
    stem = strip_extension(name)
    return stem if stem != name else Path(name).stem or "diagram"


def start_path(window, fmt: str) -> str:
    """Where the save dialog starts: the diagram's folder and name, with the format's extension."""
    if window.path:
        folder = Path(window.path).parent
    else:
        folder = Path(str(QSettings().value("export/folder", str(Path.home()))))
    return str(folder / f"{diagram_stem(window.path)}{by_name(fmt).default_extension}")


def chosen_path(path: str, selected_filter: str, fmt: str) -> tuple[str, str]:
    """The file and format to write: a known extension typed decides the format; otherwise the
    filter chosen (or the dialog's format) gives the extension, added once.

    >>> chosen_path("/t/x.pdf", "Graphviz DOT (*.dot *.gv)", "dot")
    ('/t/x.pdf', 'pdf')
    >>> chosen_path("/t/x.gv", "PNG image (*.png)", "png")
    ('/t/x.gv', 'dot')
    >>> chosen_path("/t/x", "SVG drawing (*.svg)", "png")
    ('/t/x.svg', 'svg')
    """
    typed = for_path(path)
    if typed is not None and typed.name in filters():
        return path, typed.name
    by_filter = {text: key for key, text in filters().items()}
    fmt = by_filter.get(selected_filter, fmt)
    return f"{path}{by_name(fmt).default_extension}", fmt


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
    offered = filters()
    listed = ";;".join([offered[options.format], *(t for k, t in offered.items() if k != options.format)])
    path, selected = QFileDialog.getSaveFileName(window, "Export", start_path(window, options.format), listed,
                                                 offered[options.format])
    if not path:
        return None
    path, options.format = chosen_path(path, selected, options.format)
    QSettings().setValue("export/folder", str(Path(path).parent))
    return path if export_with_progress(window, window.document, path, options) else None
