"""The file on disk is the truth: a second editor saves the file this window shows."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtWidgets import QApplication

from diagrammer.io.native import load_document, save_document
from diagrammer.ui.main_window import WINDOWS
from tests.ui.conftest import doc_of

ROOT = Path(__file__).resolve().parents[2]
Button = __import__("PySide6.QtWidgets", fromlist=["QMessageBox"]).QMessageBox.StandardButton

OTHER_EDITOR = textwrap.dedent("""
    import sys
    from diagrammer.ui.app import make_application
    from diagrammer.ui.main_window import MainWindow
    app = make_application()
    window = MainWindow()
    window.open_path(sys.argv[1])
    for _ in range(int(sys.argv[2])):
        window.actions["add-agent"].trigger()
    assert window._save_to(sys.argv[1])
    window.close()
""")


def other_editor_adds(path, boxes=2):
    """A second editor process opens the file, adds boxes and saves."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", OTHER_EDITOR, str(path), str(boxes)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr


def names(window):
    return sorted(n.name for n in window.document.nodes.values())


def shared_file(tmp_path):
    path = tmp_path / "c.json"
    save_document(doc_of([("a", "Start", [], None, 0, 0, 180, 84)]), path)
    return path


def test_an_unmodified_window_reloads_as_one_undo_step(open_window, qtbot, tmp_path):
    path = shared_file(tmp_path)
    window = open_window(load_document(path), str(path))
    other_editor_adds(path)
    qtbot.waitUntil(lambda: len(window.document.nodes) == 3, timeout=5000)
    assert names(window) == ["Agent", "Agent", "Start"]
    assert not window.isWindowModified()
    assert window.statusBar().currentMessage() == "Reloaded c.json: it was changed on disk."
    window.actions["undo"].trigger()
    assert names(window) == ["Start"]
    window.actions["redo"].trigger()
    assert names(window) == ["Agent", "Agent", "Start"]


def test_a_modified_window_asks_and_keep_mine_keeps_it(open_window, qtbot, tmp_path, dialogs):
    path = shared_file(tmp_path)
    window = open_window(load_document(path), str(path))
    window.actions["add-optimizer"].trigger()
    dialogs["answers"].append(Button.No)  # Keep mine
    other_editor_adds(path)
    qtbot.waitUntil(lambda: len(dialogs["question"]) == 1, timeout=5000)
    assert dialogs["question"][0][0] == "File changed on disk"
    assert dialogs["question"][0][1].startswith("c.json was changed by another program.")
    assert names(window) == ["Optimizer", "Start"]
    assert window.isWindowModified()


def test_a_modified_window_asks_and_reload_takes_the_files_version(open_window, qtbot, tmp_path, dialogs):
    path = shared_file(tmp_path)
    window = open_window(load_document(path), str(path))
    window.actions["add-optimizer"].trigger()
    dialogs["answers"].append(Button.Yes)  # Reload
    other_editor_adds(path)
    qtbot.waitUntil(lambda: len(window.document.nodes) == 3, timeout=5000)
    assert names(window) == ["Agent", "Agent", "Start"]
    window.actions["undo"].trigger()  # the reload is one step: my version comes back
    assert names(window) == ["Optimizer", "Start"]


def test_compare_saves_my_version_as_a_copy_and_shows_both(open_window, qtbot, tmp_path, dialogs):
    path = shared_file(tmp_path)
    window = open_window(load_document(path), str(path))
    window.actions["add-optimizer"].trigger()
    window.document.nodes[next(iter(window.document.nodes))].height = 10.0  # drawn taller than stored
    drawn = {n.name: (n.width, n.height) for n in window.editor.drawn_document().nodes.values()}
    dialogs["answers"].append(Button.Save)  # Compare…
    before = len(WINDOWS)
    other_editor_adds(path)
    qtbot.waitUntil(lambda: len(WINDOWS) == before + 1, timeout=5000)
    copy = tmp_path / "c (my version).diagram.json"
    assert sorted(n.name for n in load_document(copy).nodes.values()) == ["Optimizer", "Start"]
    assert {n.name: (n.width, n.height) for n in load_document(copy).nodes.values()} == drawn  # as Save writes
    assert names(window) == ["Agent", "Agent", "Start"]
    mine = WINDOWS[-1]
    assert (mine.path, names(mine)) == (str(copy), ["Optimizer", "Start"])
    mine.close()


def test_saving_over_another_writers_version_asks_first(open_window, tmp_path, dialogs):
    path = shared_file(tmp_path)
    window = open_window(load_document(path), str(path))
    window.actions["add-optimizer"].trigger()
    other_editor_adds(path)  # before this window has looked at the file again
    dialogs["answers"].append(Button.Cancel)
    assert window.save() is False
    assert dialogs["question"][-1][1] == (
        "c.json was changed by another program since you opened it. Overwrite that version with yours?"
    )
    assert len(load_document(path).nodes) == 3, "the other editor's work is still there"
    assert window.isWindowModified()
    dialogs["answers"].append(Button.Save)  # Overwrite
    assert window.save() is True
    assert sorted(n.name for n in load_document(path).nodes.values()) == ["Optimizer", "Start"]


def test_one_file_is_one_window(open_window, qtbot, tmp_path):
    path = shared_file(tmp_path)
    window = open_window(load_document(path), str(path))
    other = open_window()
    count = len(WINDOWS)
    assert other.open_path(str(path)) is window
    assert other.open_path(str(tmp_path / "." / "c.json")) is window
    assert len(WINDOWS) == count
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def test_a_deleted_file_is_said_once_and_saving_writes_it_again(open_window, qtbot, tmp_path, dialogs):
    path = shared_file(tmp_path)
    window = open_window(load_document(path), str(path))
    path.unlink()
    message = "c.json was deleted or moved by another program; saving writes it again."
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == message, timeout=5000)
    assert names(window) == ["Start"]
    assert window.save() is True
    assert dialogs["question"] == []
    assert sorted(n.name for n in load_document(path).nodes.values()) == ["Start"]
