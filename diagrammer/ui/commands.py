"""Undo commands: one QUndoCommand class that wraps any model operation."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from diagrammer.model import Batch, Document, Operation

_MERGE_ID = 1


class ModelCommand(QUndoCommand):
    """Apply ``operation`` on redo and its inverse on undo.

    Commands with the same ``merge_key`` pushed one after another merge into one step (typing in
    a field), keeping the first command's inverse and the last command's operation.
    """

    def __init__(self, document: Document, operation: Operation, text: str, merge_key: str | None = None) -> None:
        super().__init__(text)
        self.document = document
        self.operation = operation
        self.merge_key = merge_key
        self._inverse: Operation | None = None

    def redo(self) -> None:
        self._inverse = self.document.apply(self.operation)

    def undo(self) -> None:
        assert self._inverse is not None
        self.operation = self.document.apply(self._inverse)

    def id(self) -> int:
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, ModelCommand) or other.merge_key != self.merge_key:
            return False
        # The document already holds other's result; undoing self's inverse restores the start.
        self.operation = Batch([self.operation, other.operation])
        return True
