"""Undo commands: one QUndoCommand class that wraps any model operation."""

from __future__ import annotations

from contextlib import nullcontext

from PySide6.QtGui import QUndoCommand

from diagrammer.model import Batch, Document, Operation

_MERGE_ID = 1


class ModelCommand(QUndoCommand):
    """Undo and redo of a model operation that has already been applied.

    The editor applies the operation itself before pushing (so that a refused edit is reported
    and never reaches the stack); the first ``redo`` that QUndoStack.push calls is then skipped.
    Commands with the same ``merge_key`` pushed one after another merge into one step (typing in
    a field): the merged step redoes both operations and undoes both inverses.
    """

    def __init__(self, document: Document, operation: Operation, inverse: Operation, text: str,
                 merge_key: str | None = None, around=nullcontext) -> None:
        super().__init__(text)
        self.document = document
        self._around = around  # a context each undo and redo runs in (the scene routes arrows once)
        self.operation = operation
        self.merge_key = merge_key
        self._inverse = inverse
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        with self._around():
            self._inverse = self.document.apply(self.operation)

    def undo(self) -> None:
        with self._around():
            self.operation = self.document.apply(self._inverse)

    def id(self) -> int:
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, ModelCommand) or other.merge_key != self.merge_key:
            return False
        # Later changes are undone first; each inverse restores only what its own step touched.
        self.operation = Batch([self.operation, other.operation])
        self._inverse = Batch([other._inverse, self._inverse])
        return True
