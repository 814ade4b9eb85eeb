"""Long work (opening a large or DOT file, automatic layout) off the UI thread, with a progress
dialog that can cancel it. The window stays responsive: the UI thread only waits in short slices
and keeps processing events."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog

SHOW_AFTER_S = 0.3


class Cancelled(Exception):
    """The user pressed Cancel; nothing was changed."""


def run_with_progress(parent, text: str, work: Callable[[threading.Event], object]):
    """Run ``work(cancel_event)`` on a worker thread and return its result (or raise its error).

    A progress dialog appears when the work lasts longer than a moment; its Cancel button sets
    ``cancel_event`` (which cancellable work polls) and raises :class:`Cancelled` at once, leaving
    the worker's eventual result unused.
    """
    cancel = threading.Event()
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = work(cancel)
        except BaseException as exc:  # handed to the UI thread, which re-raises it
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="diagrammer-work", daemon=True)
    thread.start()
    thread.join(SHOW_AFTER_S)
    if thread.is_alive():
        dialog = QProgressDialog(parent)
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # the text names a file: never markup
        dialog.setLabel(label)
        dialog.setCancelButtonText("Cancel")
        dialog.setRange(0, 0)
        dialog.setObjectName("work-progress")
        dialog.setWindowTitle("Diagrammer")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.show()
        try:
            while thread.is_alive():
                QApplication.processEvents()
                if dialog.wasCanceled():
                    cancel.set()
                    raise Cancelled()
                thread.join(0.03)
        finally:
            dialog.close()
            dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
