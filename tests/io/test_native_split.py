"""native.py is the format's one entry point: it re-exports the reader and the writer, and its limits apply."""

import pytest

from diagrammer.io import LoadError, loads_document, native, native_read, native_write

HEAD = '{"format": "diagrammer", "version": 1, '


def test_the_public_names_are_the_reader_and_writer_themselves():
    assert native.load_document is native_read.load_document
    assert native.loads_document is native_read.loads_document
    assert native.dumps_document is native_write.dumps_document
    assert native.save_document is native_write.save_document
    assert set(native.__all__) >= {"load_document", "loads_document", "dumps_document", "save_document"}


def test_lowering_the_edge_limit_in_native_applies(monkeypatch):
    monkeypatch.setattr(native, "MAX_EDGES", 1)
    with pytest.raises(LoadError) as info:
        loads_document(HEAD + '"edges": [{"id": "e"}, {"id": "f"}]}', "x.json")
    assert str(info.value) == 'Cannot open "x.json": it has 2 edges, more than the 1 this program opens.'


def test_a_text_over_the_lowered_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(native, "MAX_FILE_BYTES", 1024 * 1024)
    with pytest.raises(LoadError) as info:
        loads_document(HEAD + '"title": "' + "x" * 1024 * 1024 + '"}', "big.json")
    assert str(info.value) == 'Cannot open "big.json": it is larger than the 1 MB this program opens.'
