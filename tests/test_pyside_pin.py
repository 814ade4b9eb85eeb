"""PySide6 6.12.0 corrupts the refcount of None on Python 3.11 (``Fatal Python error: none_dealloc``)
after many ``setPos`` calls, which kills the editor during a long drag; pyproject pins below 6.12."""

import os
import subprocess
import sys

import pytest

pytest.importorskip("PySide6")

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene
app = QApplication(sys.argv)
scene = QGraphicsScene()
item = QGraphicsRectItem(0, 0, 10, 10)
scene.addItem(item)
for i in range(20_000):
    item.setPos(i % 500, i % 300)
print("ok", item.pos().x(), item.pos().y())
"""


def test_twenty_thousand_set_pos_calls_exit_cleanly():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=300)
    assert "none_dealloc" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "ok 499.0 199.0"
