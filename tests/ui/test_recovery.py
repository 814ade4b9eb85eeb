"""Crash recovery: kill the editor with SIGKILL, start it again, restore, and find every edit."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

EDIT = textwrap.dedent("""
    import sys, time
    from PySide6.QtWidgets import QApplication
    from diagrammer.ui.app import make_application, start_session
    from diagrammer.ui.main_window import MainWindow
    app = make_application()
    start_session(app)
    window = MainWindow()
    window.show()
    for action in ("add-agent", "add-optimizer", "add-system"):
        window.actions[action].trigger()
    window.editor.edit_nodes(window.editor.scene.selected_node_ids(), {"name": "Last words"})
    paths = [a for a in sys.argv[1:] if not a.startswith("--")]
    if paths:
        window._save_to(paths[0])
        window.actions["add-agent"].trigger()
    import json, os, pathlib
    expected = len(window.document.nodes)

    def written():  # the recovery file holds every edit (it is written a second after the last)
        data = pathlib.Path(os.environ["XDG_DATA_HOME"])
        for path in data.rglob("*.recovery.json"):
            try:
                document = json.loads(json.loads(path.read_text())["document"])
                if len(document["nodes"]) == expected:
                    return True
            except (OSError, ValueError, KeyError, TypeError):
                pass
        return False

    deadline = time.time() + 60  # a loaded machine may be slow; the write itself is what we wait for
    while not written() and time.time() < deadline:
        app.processEvents()
        time.sleep(0.02)
    print("ready", flush=True)
    if "--quit" in sys.argv:
        from PySide6.QtCore import QTimer
        window.editor.undo_stack.setClean()
        QTimer.singleShot(0, app.closeAllWindows)
        sys.exit(app.exec())
    while True:
        app.processEvents()
        time.sleep(0.05)
""")

RESTORE = textwrap.dedent("""
    import json, sys
    from PySide6.QtWidgets import QMessageBox
    from diagrammer.ui import app as app_module
    from diagrammer.ui.main_window import MainWindow, WINDOWS
    answer = sys.argv[1]
    def exec_(box):
        for button in box.buttons():
            if button.text() == answer:
                box._clicked = button
        return 0
    QMessageBox.exec = exec_
    QMessageBox.clickedButton = lambda box: getattr(box, "_clicked", None)
    qapp = app_module.make_application()
    app_module.start_session(qapp)
    first = MainWindow()
    opened = app_module.offer_recovery(first)
    out = [{"path": w.path, "names": sorted(n.name for n in w.document.nodes.values()),
            "modified": w.isWindowModified()} for w in opened]
    print(json.dumps(out))
""")


def run_env(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    return env


def edit_and_kill(tmp_path, *args):
    proc = subprocess.Popen([sys.executable, "-c", EDIT, *args], cwd=ROOT, env=run_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.strip() == "ready", proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def restore(tmp_path, answer):
    result = subprocess.run([sys.executable, "-c", RESTORE, answer], cwd=ROOT, env=run_env(tmp_path),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def recovery_files(tmp_path):
    return sorted((tmp_path / "data").rglob("*.recovery.json"))


def test_killed_editor_is_restored_with_every_edit(tmp_path):
    edit_and_kill(tmp_path)
    assert len(recovery_files(tmp_path)) == 1
    restored = restore(tmp_path, "Restore")
    assert restored == [{"path": None, "names": ["Agent", "Last words", "Optimizer"], "modified": True}]


def test_restored_saved_file_keeps_its_path_and_the_unsaved_edit(tmp_path):
    saved = tmp_path / "work.diagram.json"
    edit_and_kill(tmp_path, str(saved))
    restored = restore(tmp_path, "Restore")
    assert restored[0]["path"] == str(saved)
    assert restored[0]["names"] == ["Agent", "Agent", "Last words", "Optimizer"]
    assert json.loads(saved.read_text())["nodes"].__len__() == 3, "the file on disk is untouched"


def test_later_keeps_the_files_and_discard_removes_them(tmp_path):
    edit_and_kill(tmp_path)
    assert restore(tmp_path, "Later") == []
    assert len(recovery_files(tmp_path)) == 1
    assert restore(tmp_path, "Discard") == []
    assert recovery_files(tmp_path) == []


def test_normal_close_leaves_no_recovery_file(tmp_path):
    proc = subprocess.run([sys.executable, "-c", EDIT, "--quit"], cwd=ROOT, env=run_env(tmp_path),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert recovery_files(tmp_path) == []
    assert list((tmp_path / "data").rglob("session-*.lock")) == []


def test_a_running_editor_keeps_its_files(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", EDIT], cwd=ROOT, env=run_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert restore(tmp_path, "Restore") == [], "another running editor's work is not taken"
        assert len(recovery_files(tmp_path)) == 1
    finally:
        proc.kill()
        proc.wait(timeout=10)
    time.sleep(0.1)


# ----- a lock that cannot be fooled, files claimed once, folders that cannot be written ------------


def start_editing(tmp_path, *args):
    proc = subprocess.Popen([sys.executable, "-c", EDIT, *args], cwd=ROOT, env=run_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    return proc


def process_state(pid):
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0]


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs /proc to see a zombie")
def test_a_zombie_editor_does_not_hide_its_work(tmp_path):
    proc = start_editing(tmp_path)
    proc.send_signal(signal.SIGKILL)
    # Not reaped: the killed editor stays a zombie, which kill(pid, 0) reports as alive.
    deadline = time.time() + 10
    while process_state(proc.pid) != "Z" and time.time() < deadline:
        time.sleep(0.05)
    try:
        assert process_state(proc.pid) == "Z"
        restored = restore(tmp_path, "Restore")
        assert [r["names"] for r in restored] == [["Agent", "Last words", "Optimizer"]]
    finally:
        proc.wait(timeout=10)


def test_a_reused_process_id_does_not_hide_its_work(tmp_path):
    edit_and_kill(tmp_path)
    [lock] = list((tmp_path / "data").rglob("session-*.lock"))
    lock.write_text(str(os.getpid()))  # a live process now has the dead editor's id
    restored = restore(tmp_path, "Restore")
    assert [r["names"] for r in restored] == [["Agent", "Last words", "Optimizer"]]


def test_two_editors_started_together_offer_the_work_once(tmp_path):
    """Both stay open until both have looked: an editor that has already quit without ending its
    session (as this script does) has crashed, and its restored work is rightly offered again."""
    edit_and_kill(tmp_path)
    script = RESTORE + "\nsys.stdout.flush()\nsys.stdin.read()  # open until the test has both answers\n"
    runs = [subprocess.Popen([sys.executable, "-c", script, "Restore"], cwd=ROOT, env=run_env(tmp_path),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]  # fmt: skip
    outputs = []
    try:
        for run in runs:
            line = run.stdout.readline()
            assert line, run.stderr.read()
            outputs.append(json.loads(line))
    finally:
        for run in runs:
            run.communicate(timeout=60)
    assert [run.returncode for run in runs] == [0, 0]
    assert sorted(len(o) for o in outputs) == [0, 1]
    assert sum(outputs, [])[0]["names"] == ["Agent", "Last words", "Optimizer"]


def test_later_in_a_running_editor_releases_the_work_when_it_closes(tmp_path):
    edit_and_kill(tmp_path)
    script = RESTORE + "\nfrom diagrammer.ui.main_window import SESSION\nSESSION[0].end()\n"
    result = subprocess.run([sys.executable, "-c", script, "Later"], cwd=ROOT, env=run_env(tmp_path),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert len(recovery_files(tmp_path)) == 1
    assert [r["names"] for r in restore(tmp_path, "Restore")] == [["Agent", "Last words", "Optimizer"]]


RESTORE_BESIDE_OPEN_FILE = textwrap.dedent("""
    import json, sys
    from PySide6.QtWidgets import QMessageBox
    from diagrammer.ui import app as app_module
    from diagrammer.ui.main_window import MainWindow, WINDOWS
    QMessageBox.exec = lambda box: [setattr(box, "_clicked", b) for b in box.buttons() if b.text() == "Restore"]
    QMessageBox.clickedButton = lambda box: getattr(box, "_clicked", None)
    qapp = app_module.make_application()
    app_module.start_session(qapp)
    first = MainWindow()
    first.open_path(sys.argv[1])
    app_module.offer_recovery(first)
    again = first.open_path(sys.argv[1])
    print(json.dumps([[w.path, len(w.document.nodes), w.isWindowModified()] for w in WINDOWS if w.isVisible()]
                     + [again is WINDOWS[0]]))
""")


def test_after_restore_the_file_is_open_in_one_window(tmp_path):
    saved = tmp_path / "work.diagram.json"
    edit_and_kill(tmp_path, str(saved))
    result = subprocess.run([sys.executable, "-c", RESTORE_BESIDE_OPEN_FILE, str(saved)], cwd=ROOT,
                            env=run_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown == [[str(saved), 4, True], True], "one window, with the restored unsaved edit"


UNWRITABLE = textwrap.dedent("""
    from diagrammer.ui.app import make_application, start_session
    from diagrammer.ui.main_window import MainWindow
    app = make_application()
    start_session(app)
    window = MainWindow()
    window.show()
    window.actions["add-agent"].trigger()
    window.recorder.write_now()
    print(window.statusBar().currentMessage())
    print(len(window.document.nodes))
    window.editor.undo_stack.setClean()
    window.close()
    app.processEvents()
""")


def test_an_unwritable_recovery_folder_is_a_warning_and_the_editor_runs_on(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    result = subprocess.run([sys.executable, "-c", UNWRITABLE], cwd=ROOT, env=run_env(tmp_path),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    message, count = result.stdout.strip().splitlines()
    folder = blocker / "Diagrammer" / "Diagrammer" / "recovery"
    reason = "a part of its path is not a folder"
    assert message == f"Crash recovery is off: its folder cannot be written ({reason}): {folder}"
    assert count == "1"
