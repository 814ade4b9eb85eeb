"""The all-at-once load path builds exactly what the node-by-node path builds, or steps aside."""

from hypothesis import given, settings
from hypothesis import strategies as st

from diagrammer.io.native_read import _quick_edge, _quick_edges, _quick_node, _quick_nodes, _Reader

texts = st.text(max_size=4)
values = st.none() | st.booleans() | st.integers(-(10**8), 10**8) | st.floats(-1e8, 1e8) | texts
kinds = st.lists(st.sampled_from(["agent", "optimizer"]), max_size=3) | st.lists(values, max_size=2) | values
node_dicts = st.fixed_dictionaries(
    {"id": st.text(min_size=1, max_size=3) | values},
    optional={
        "name": texts | values,
        "kinds": kinds,
        "designed_by_humans": st.booleans() | values,
        "goal": st.none() | texts | values,
        "parent": st.none() | texts,
        "x": st.none() | st.integers(-(10**7), 10**7) | st.floats(-1e7, 1e7) | values,
        "y": st.none() | st.integers(-(10**7), 10**7) | st.floats(-1e7, 1e7),
        "width": st.integers(1, 10**7) | st.floats(1e-3, 1e7) | values,
        "height": st.integers(1, 10**7) | st.floats(1e-3, 1e7),
        "notes": texts,
        "custom": values,
    },
)
edge_dicts = st.fixed_dictionaries(
    {"id": st.text(min_size=1, max_size=3) | values},
    optional={
        "source": texts | values,
        "target": texts,
        "kind": st.sampled_from(["optimizes", "link"]) | values,
        "label": texts | values,
        "custom": values,
    },
)


def full(node_id, **fields):
    """A node with every known field, as this program saves a placed node."""
    return {"id": node_id, "name": "", "kinds": [], "designed_by_humans": False, "goal": None, "parent": None,
            "x": 0, "y": 0, "width": 180, "height": 84, "notes": "", **fields}  # fmt: skip


def _plain(raws, quick):
    """Each item as the node-by-node path's quick check builds it, or None if any needs the slow path."""
    built = [quick(raw) for raw in raws]
    return None if None in built else built


complete_nodes = st.builds(lambda raw: {**full(""), **raw}, node_dicts).filter(lambda raw: len(raw) == 11)
complete_edges = st.builds(
    lambda raw: {"source": "", "target": "", "kind": "optimizes", "label": "", **raw},
    edge_dicts,
)


@settings(max_examples=500, deadline=None)
@given(st.lists(node_dicts | complete_nodes, max_size=6) | st.lists(complete_nodes.filter(_quick_node), max_size=6))
def test_all_nodes_at_once_match_node_by_node(raws):
    together = _quick_nodes(raws)
    one_by_one = _plain(raws, _quick_node)
    if together is None:
        return
    assert together == one_by_one
    assert together == [_Reader("", "x").node(raw, number) for number, raw in enumerate(raws, 1)]
    assert [type(node.x) for node in together] == [type(node.x) for node in one_by_one]
    assert [type(node.width) for node in together] == [float] * len(raws)


@settings(max_examples=300, deadline=None)
@given(st.lists(edge_dicts | complete_edges, max_size=6) | st.lists(complete_edges.filter(_quick_edge), max_size=6))
def test_all_edges_at_once_match_edge_by_edge(raws):
    together = _quick_edges(raws)
    assert together is None or together == _plain(raws, _quick_edge)


def test_complete_plainly_valid_items_take_the_all_at_once_path():
    raws = [
        full("a", kinds=["optimizer", "agent"], x=1, y=-10_000_000, width=2.5),
        full("b", name="B", parent="a", goal="g", designed_by_humans=True, x=10_000_000),
    ]
    nodes = _quick_nodes(raws)
    assert nodes == [_quick_node(raw) for raw in raws]
    assert [type(value) for value in (nodes[0].x, nodes[0].y, nodes[0].width, nodes[1].height)] == [float] * 4
    edges = _quick_edges([{"id": "e", "source": "a", "target": "b", "kind": "optimizes", "label": ""},
                          {"id": "f", "source": "", "target": "", "kind": "link", "label": "l"}])  # fmt: skip
    assert [(edge.source, edge.target, edge.kind) for edge in edges] == [("a", "b", "optimizes"), ("", "", "link")]
    assert _quick_nodes([]) == [] and _quick_edges([]) == []
    unplaced = _quick_nodes([full("u", x=None, y=None)])
    assert unplaced == [_quick_node({"id": "u"})] and unplaced[0].x is None


def test_anything_unusual_steps_aside():
    assert _quick_nodes([full("a", kinds=["agent", "agent"])]) is None
    assert _quick_nodes([full("a", kinds=[["agent"]])]) is None
    assert _quick_nodes([full("a", kinds=[{"agent": 1}])]) is None
    assert _quick_nodes([full("a", width=True)]) is None
    assert _quick_nodes([full("a", x=10_000_001)]) is None
    assert _quick_nodes([full("a", other=1)]) is None
    assert _quick_nodes([full("a"), {"id": "b"}]) is None
    assert _quick_nodes([full("a"), ["b"]]) is None
    assert _quick_edges([{"id": "e", "source": "a", "target": "b", "kind": "trains", "label": ""}]) is None
    assert _quick_edges([{"id": "e", "source": "a", "target": "b", "kind": ["link"], "label": ""}]) is None
    assert _quick_edges([{"id": "e", "source": "a", "target": "b"}]) is None
