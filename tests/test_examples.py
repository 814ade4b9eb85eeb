"""The shipped examples: canonical files, and the labels they exist to show."""

from pathlib import Path

import pytest

from diagrammer.io.native import dumps_document, load_document
from diagrammer.rules import classify

EXAMPLES = Path(__file__).resolve().parents[1] / "resources" / "examples"

EXPECTED = {
    "mind-of-shards": {"mind": ["composite-agent"], "social": ["subagent"], "food": [], "coal": [],
                       "cur": ["subagent"], "craft": ["subagent"]},
    "planner-in-trained-program": {"train": ["base-optimizer", "designed-optimizer"],
                                   "prog": ["contains-mesa-optimizer"],
                                   "plan": ["mesa-depth-1", "mesa-optimizer", "objective-mismatch"], "perc": []},
    "evolution-and-humans": {
        "evolution": ["base-optimizer", "meta-optimizer"], "plants": ["learned-algorithm"],
        "humans": ["base-optimizer", "mesa-depth-1", "mesa-optimizer", "meta-optimizer", "objective-mismatch"],
        "sgd": ["base-optimizer", "designed-optimizer", "outer-objective-mismatch"],
        "model": ["mesa-depth-1", "mesa-optimizer", "objective-unstated"]},
    "learned-optimizer-chain": {
        "hp": ["base-optimizer", "designed-optimizer", "meta-optimizer"],
        "lo": ["base-optimizer", "mesa-depth-1", "mesa-optimizer"],
        "pol": ["mesa-depth-2", "mesa-mesa-optimizer", "mesa-optimizer", "objective-unstated"],
        "icl": ["mesa-depth-2", "mesa-mesa-optimizer", "mesa-optimizer", "objective-mismatch"]},
    "game-player-tree-search": {"selfplay": ["base-optimizer", "designed-optimizer"], "player": [],
                                "mcts": ["designed-optimizer"], "net": ["learned-algorithm"]},
    "drawing-mistakes": {"data": [], "model": [], "a": [], "part": [], "self": [],
                         "g": ["base-optimizer", "mesa-optimizer", "meta-optimizer", "objective-mismatch"],
                         "d": ["base-optimizer", "mesa-optimizer", "meta-optimizer", "objective-mismatch"]},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_labels(name):
    doc = load_document(EXAMPLES / f"{name}.diagram.json")
    assert classify(doc).labels == EXPECTED[name]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_example_files_are_canonical_and_laid_out(path):
    doc = load_document(path)
    assert dumps_document(doc) == path.read_text(encoding="utf-8")
    assert doc.title
    for node in doc.nodes.values():
        assert node.x is not None and node.y is not None
        if node.parent is not None:
            parent = doc.nodes[node.parent]
            assert node.x >= 0 and node.y >= 0
            assert node.x + node.width <= parent.width and node.y + node.height <= parent.height, node.id


def test_drawing_mistakes_example_shows_every_kind_of_arrow_problem():
    doc = load_document(EXAMPLES / "drawing-mistakes.diagram.json")
    assert [p.id for p in classify(doc).problems] == [
        "optimizes-cycle:d,g", "producer-not-optimizer:data->model", "product-inside-producer:a->part",
        "self-optimization:self"]
