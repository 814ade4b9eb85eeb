"""Reading and writing diagrams: the native JSON format, DOT, and atomic saving.

Importing this package stays light (json and the model only): the DOT reader is imported when a
DOT file is actually opened.

Examples
--------
>>> from diagrammer.io import dumps_document, loads_document
>>> doc = loads_document('{"format": "diagrammer", "version": 1, "nodes": [{"id": "a", "x": 40.0}]}')
>>> '"x": 40,' in dumps_document(doc)
True
"""

from diagrammer.io.atomic import write_atomic
from diagrammer.io.errors import LoadError, SaveError
from diagrammer.io.files import load_path
from diagrammer.io.native import dumps_document, load_document, loads_document, save_document

__all__ = [
    "LoadError",
    "SaveError",
    "dumps_document",
    "load_document",
    "load_path",
    "loads_document",
    "save_document",
    "write_atomic",
]
