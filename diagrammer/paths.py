"""Where the shipped resources (examples, icons) are, installed or in a source checkout."""

from pathlib import Path


def resources_dir() -> Path:
    """The ``resources`` folder: inside the package when installed from a wheel, else the checkout's."""
    here = Path(__file__).resolve().parent
    installed = here / "resources"
    return installed if installed.is_dir() else here.parent / "resources"


def examples_dir() -> Path:
    return resources_dir() / "examples"
