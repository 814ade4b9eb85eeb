"""Message boxes that show their text as plain text.

QMessageBox and tooltips guess whether a string is HTML; a file name or a node name such as
``<img src=x>`` would then be rendered as markup. Every message here is shown literally.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

Button = QMessageBox.StandardButton


def _box(parent, icon, title: str, text: str, buttons=Button.Ok, default=Button.Ok) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(default)
    return box


def run(box: QMessageBox):
    """Show ``box`` modally and return the standard button pressed (tests replace this)."""
    box.exec()
    clicked = box.clickedButton()
    return box.standardButton(clicked) if clicked is not None else Button.Cancel


def error(parent, title: str, text: str) -> None:
    run(_box(parent, QMessageBox.Icon.Critical, title, text))


def warning(parent, title: str, text: str) -> None:
    run(_box(parent, QMessageBox.Icon.Warning, title, text))


def ask_save(parent, name: str) -> Button:
    """"Save changes?" with Save, Discard and Cancel."""
    return run(_box(parent, QMessageBox.Icon.Question, "Save changes?",
                    f"Save the changes to {name} before closing?",
                    Button.Save | Button.Discard | Button.Cancel, Button.Save))


def plain_tooltip(text: str) -> str:
    """Tooltip text that Qt shows literally, line breaks kept."""
    return "<p style='white-space:pre'>" + html.escape(text) + "</p>"
