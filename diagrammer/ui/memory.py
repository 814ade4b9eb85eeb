"""Keeping open documents out of Python's full garbage collections.

A document and its thousands of items live until their window closes. Left to the cyclic
garbage collector, each full collection walks all of them (over 100 ms for 5,000 boxes) at a
random moment, often in the middle of a drag; frozen (``gc.freeze``), they are skipped.
Reference counting still frees whatever is deleted. What a closed window leaves in reference
cycles is collected before anything is frozen again, so that it is never frozen in turn.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer

# A closed window is collectable only once Qt has let it go, a moment after its close event.
SETTLE_DELAY_MS = 1000
_pending = False  # a window closed since the last collection


def settle() -> None:
    """Collect what closed windows left, if any, then freeze what the open windows hold."""
    global _pending
    if _pending:
        _pending = False
        gc.collect()
    gc.freeze()


def release() -> None:
    """A window is closing: unfreeze, and settle again once it has been let go."""
    global _pending
    gc.unfreeze()
    _pending = True
    QTimer.singleShot(SETTLE_DELAY_MS, settle)


def collection_pending() -> bool:
    """True between a window's close and the collection of what it held."""
    return _pending
