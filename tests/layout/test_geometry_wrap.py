"""Names and goals wrap inside their box: every character kept, no line wider than the box unless it is
one character, lines broken at spaces (inside a word only when it alone is too wide); a text that fits
stays one line, exactly as written."""

from hypothesis import given, settings
from hypothesis import strategies as st

from diagrammer.layout.geometry import FixedMeasure, box_layout, kind_tags, wrap
from diagrammer.model import Node

MEASURE = FixedMeasure()
words = st.text(alphabet="abcdefghij:()-", min_size=0, max_size=30)
texts = st.lists(words, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(texts, st.floats(min_value=10, max_value=400))
def test_wrapped_lines_keep_every_word_and_fit(text, width):
    lines = wrap(text, "goal", width, MEASURE)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # every character kept, none added
    for line in lines:
        assert MEASURE.width(line, "goal") <= width or len(line) == 1
    if MEASURE.width(text, "goal") <= width and not text.startswith(" "):
        assert lines == [text]


def test_a_name_that_fits_is_one_line_and_a_long_one_breaks_at_spaces():
    assert wrap("Value network", "name", 200, MEASURE) == ["Value network"]
    assert wrap("Shard: eat when hungry", "goal", 60, MEASURE) == ["Shard:", "eat when", "hungry"]
    assert wrap("Supercalifragilistic", "name", 64, MEASURE) == ["Supercal", "ifragili", "stic"]


def test_kind_captions_follow_the_kinds():
    assert kind_tags(Node("a", kinds=["optimizer", "agent"], designed_by_humans=True)) == [
        ("AGENT", "agent"), ("OPTIMIZER", "optimizer"), ("DESIGNED", "designed")]
    assert kind_tags(Node("a")) == []
    layout = box_layout(Node("a", "A", kinds=["agent"]), (), 200, MEASURE)
    assert [text for text, _, _ in layout.tags] == ["AGENT"]
    assert layout.reach == max(r[0] + r[2] for r in layout.text_rects())
