"""The editor's process ends cleanly, whatever was done in it (a crash at exit loses nothing on
screen but fails scripts and test runs, and tells the user the program is broken)."""

import gc
import os
import subprocess
import sys

import shiboken6
from PySide6.QtCore import QObject, Qt

from diagrammer.paths import examples_dir
from tests.ui.conftest import doc_of

SCRIPT = """
import sys
from diagrammer.ui.app import make_application
app = make_application()
from diagrammer.ui.main_window import MainWindow
window = MainWindow()
window.show()
window.open_path(sys.argv[1])
window.actions["select-all"].trigger()
window.actions["copy"].trigger()
print("copied", "Natural selection" in app.clipboard().text())
window.close()
"""


def test_the_process_ends_cleanly_after_copying_boxes(tmp_path):
    example = str(examples_dir() / "evolution-and-humans.diagram.json")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", SCRIPT, example], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.stdout.splitlines()[-1] == "copied True", result.stderr
    assert result.returncode == 0, f"exit status {result.returncode}: {result.stderr[-2000:]}"


def test_closing_a_window_deletes_its_scene_and_timers_with_it(open_window, qtbot):
    """Qt objects left to Python's collector are freed whenever and wherever it runs, a worker
    thread included, and Qt then fired a timer of a deleted object (a rare crash of the editor)."""
    window = open_window(doc_of([("a", "A", ["agent"], None, 0, 0, 180, 84)]))
    scene, redraw = window.editor.scene, window.explainer._redraw
    window.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))
    assert not shiboken6.isValid(scene)
    assert not shiboken6.isValid(redraw)


def live_qt_objects_left_to_the_collector() -> list[str]:
    """The Qt objects (still alive in C++) that only Python's garbage collector would free now."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = [type(o).__name__ for o in gc.garbage
                 if isinstance(o, QObject) and shiboken6.isValid(o) and shiboken6.ownedByPython(o)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()
    return found


def test_a_session_leaves_no_qt_object_to_pythons_collector(open_window, qtbot, tmp_path):
    """Python's collector runs on whichever thread allocates, a worker opening a file included; a Qt
    object it frees there leaves Qt a timer of deleted memory, and the editor crashed at random later.
    So every Qt object the editor makes is deleted by Qt, on the UI thread."""
    from diagrammer.ui.export import ExportOptions, export_document

    gc.collect()  # what earlier tests left
    window = open_window()
    window.open_path(str(examples_dir() / "evolution-and-humans.diagram.json"))  # on a worker thread
    for action in ("select-all", "copy", "paste", "delete", "undo", "auto-layout", "find"):
        window.actions[action].trigger()
    qtbot.keyClick(window.find_bar, Qt.Key.Key_Escape)
    export_document(window.document, str(tmp_path / "picture.png"), ExportOptions(format="png"))
    window.editor.undo_stack.setClean()
    window.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))
    assert live_qt_objects_left_to_the_collector() == []
