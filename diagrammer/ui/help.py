"""The Help menu's windows: the rules and the file format as readable pages, the keyboard shortcuts,
and About (version, licence, the sources the rules quote)."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
)

import diagrammer
from diagrammer.paths import resources_dir

DOC_TITLES = {"rules.md": "Classification rules", "format.md": "File format"}


def docs_dir() -> Path:
    """The specs folder: inside the package when installed, else the source checkout's ``docs``."""
    here = Path(diagrammer.__file__).resolve().parent
    installed = here / "docs"
    return installed if installed.is_dir() else here.parent / "docs"


def icon_path() -> Path:
    return resources_dir() / "icons" / "diagrammer.svg"


def app_icon() -> QIcon:
    return QIcon(str(icon_path()))


def read_doc(name: str) -> str | None:
    try:
        return (docs_dir() / name).read_text(encoding="utf-8")
    except OSError:
        return None


class DocWindow(QDialog):
    """A Markdown page from ``docs/`` in a browser window (links to the web open in the browser)."""

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(f"help-{name}")
        self.setWindowTitle(f"{DOC_TITLES.get(name, name)} — Diagrammer")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(820, 700)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        text = read_doc(name)
        if text is None:
            self.browser.setPlainText(f"The page {name} is not installed with this copy of Diagrammer.")
        else:
            self.browser.setMarkdown(text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)


class ShortcutsWindow(QDialog):
    """Every action that has a key, with its key, made from the window's own actions."""

    def __init__(self, actions, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("help-shortcuts")
        self.setWindowTitle("Keyboard shortcuts — Diagrammer")
        self.resize(520, 640)
        rows = []
        for action in actions.values():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            if keys:
                rows.append((action.text().replace("&", ""), ", ".join(keys)))
        rows += [("Edit the name or label in place", "Double-click, F2"),
                 ("Commit / cancel an edit in place", "Enter / Esc"),
                 ("Pan", "Middle-drag, Shift+wheel"), ("Zoom", "Wheel")]
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (text, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(text))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text()) for r in range(self.table.rowCount())]


SOURCES = [
    "Hubinger, van Merwijk, Mikulik, Skalse, Garrabrant (2019): Risks from Learned Optimization "
    "in Advanced Machine Learning Systems (arXiv 1906.01820)",
    "AISafety.info: What are the differences between subagents and mesa-optimizers?",
    "LessWrong / Alignment Forum: the Mesa-Optimization tag",
    "Pope & Turner (2022): The shard theory of human values; Udell: Shard Theory, an overview",
    "Sotala: Multiagent Models of Mind; Wentworth: Why Subagents?",
    "Kenton et al. (2023): Discovering Agents (arXiv 2208.08345)",
    "Fox et al. (2021): PyCID, a Python library for causal influence diagrams",
]


def version() -> str:
    try:
        return metadata.version("diagrammer")
    except metadata.PackageNotFoundError:
        return diagrammer.__version__


def licence() -> str:
    """The licence the package declares, or a plain statement that it declares none."""
    try:
        meta = metadata.metadata("diagrammer")
    except metadata.PackageNotFoundError:
        meta = None
    declared = (meta.get("License-Expression") or meta.get("License")) if meta is not None else None
    return declared or "none declared yet"


def about_text() -> str:
    lines = [f"Diagrammer {version()}",
             "A diagram editor that labels agents, subagents and mesa-optimizers as you draw.",
             f"Licence: {licence()}",
             "",
             "The rules and their explanations quote:"]
    lines += [f"• {source}" for source in SOURCES]
    return "\n".join(lines)


class AboutWindow(QDialog):
    """Icon, version, licence and the sources, as plain text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("help-about")
        self.setWindowTitle("About Diagrammer")
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(about_text())
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(560, 360)


def open_page(window, page: str, opened: dict):
    """Show the Help window for ``page`` (``rules.md``, ``format.md``, ``shortcuts``, ``about``),
    making it the first time; ``opened`` keeps one of each per main window."""
    dialog = opened.get(page)
    if dialog is None:
        if page == "shortcuts":
            dialog = ShortcutsWindow(window.actions, window)
        elif page == "about":
            dialog = AboutWindow(window)
        else:
            dialog = DocWindow(page, window)
        opened[page] = dialog
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
