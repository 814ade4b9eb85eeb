"""Steps 1 and 2 of rules.md §6: validate parents and edges, giving the structure the rules read.

Broken items are neutralised as §3 says: a dangling parent becomes no parent, the nodes of a
containment loop become top-level (their other children stay inside them), and rejected edges are
left out of the valid edges. Each mistake becomes a :class:`~diagrammer.rules.result.Problem`.

Nodes are numbered, and every later step works on the numbers, with lists indexed by number
instead of dicts keyed by id: on a 100,000-node diagram nearly every id lookup misses the
processor's caches, and classifying made millions of them. The numbers follow the order in which
the texts list nodes (shown name, then id), so a sorted list of numbers is already in text order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field
from itertools import compress, islice, repeat
from operator import add, contains, eq, is_, or_, truth

from diagrammer.model import AGENT, OPTIMIZER, OPTIMIZES, Table
from diagrammer.rules.result import Problem, fast_problem, make_problem
from diagrammer.rules.vocabulary import (
    CONTAINMENT_CYCLE,
    DANGLING_REFERENCE,
    PROBLEM_MESSAGES,
    PRODUCER_INSIDE_PRODUCT,
    PRODUCER_NOT_OPTIMIZER,
    PRODUCT_INSIDE_PRODUCER,
    SELF_OPTIMIZATION,
    problem_message,
)

# A missing id -> (ids of the nodes naming it, ids of the edges naming it).
Dangling = dict[str, tuple[set[str], set[str]]]

_OPTIMIZES_ONLY = {OPTIMIZES}


@dataclass
class Structure:
    """The validated diagram: neutralised containment and the valid optimizes edges.

    Node ``i`` has the id ``ids[i]`` and the shown name ``names[i]`` (its name, or its id when
    the name is blank); ``number`` maps ids back, and ``by_id`` lists the numbers in id order.
    Numbers follow the shown name, then the id, the order of every node list in the texts.
    ``given_names[i]`` is the name as given (blank or not). ``parent[i]`` is the container after
    neutralisation (``None`` at the top level). ``order`` lists every node parents first, as a
    depth-first preorder of the containment forest, so each subtree is a contiguous run of it,
    from ``start[i]`` to ``stop[i]``: "A is inside B" is ``start[B] < start[A] < stop[B]``.
    ``producers`` (VDP of D1) and ``products`` hold only nodes with at least one valid edge, each
    pair once however many edges draw it, each list sorted (so in text order).
    The mistakes found are kept as found (``dangling``, ``loops``, ``self_loops``, ``rejected``:
    producer, product and id of each rejected edge); :func:`structure_problems` words them, only
    when asked: a random diagram has tens of thousands, and the labels never need them. Which
    edges draw a pair (:meth:`edges_from`) is likewise found only when asked, from ``drawn``: the
    optimizes edges' ids, producers and products.
    """

    ids: list[str]
    names: list[str]
    given_names: list[str]
    goals: list[str | None]
    is_agent: list[bool]
    is_optimizer: list[bool]
    is_designed: list[bool]
    parent: list[int | None]
    number: dict[str, int] = field(default_factory=dict)
    by_id: list[int] = field(default_factory=list)
    order: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    stop: list[int] = field(default_factory=list)
    producers: dict[int, list[int]] = field(default_factory=dict)
    products: dict[int, list[int]] = field(default_factory=dict)
    dangling: Dangling = field(default_factory=dict)
    loops: list[Problem] = field(default_factory=list)
    self_loops: dict[int, list[str]] = field(default_factory=dict)
    rejected: list[tuple[int, int, str]] = field(default_factory=list)
    drawn: tuple[Sequence[str], Sequence[int | None], Sequence[int | None]] = ((), (), ())

    def edges_from(self, producers: Set[int]) -> dict[tuple[int, int], tuple[str, ...]]:
        """The sorted ids of the optimizes edges that draw each pair from one of ``producers``."""
        drawing: dict[tuple[int, int], list[str]] = {}
        for edge_id, source, target in zip(*self.drawn, strict=True):
            if source in producers:
                found = drawing.get((source, target))
                if found is None:
                    drawing[source, target] = [edge_id]
                else:
                    found.append(edge_id)
        return {pair: tuple(sorted(found)) for pair, found in drawing.items()}

    def sort_ids(self, numbers: Iterable[int]) -> list[str]:
        """The ids of ``numbers``, sorted as ids (problem subjects sort this way)."""
        ids = self.ids
        return sorted([ids[i] for i in numbers])


def build_structure(table: Table) -> Structure:
    """Validate the diagram's parents, then its optimizes edges (rules.md §6 steps 1–2).

    Examples
    --------
    >>> from diagrammer.model import Document, Edge, Node, Table
    >>> doc = Document.from_parts("", [Node("b", "Bee", kinds=["optimizer"]), Node("a", "Ant", parent="b")],
    ...                           [Edge("e", "b", "a")])
    >>> s = build_structure(Table.of(doc))
    >>> s.ids, s.parent, s.products
    (['a', 'b'], [1, None], {})
    >>> [p.id for p in structure_problems(s)]
    ['product-inside-producer:b->a']
    """
    s, parents = _numbered(table)
    _valid_parents(s, parents, s.dangling)
    s.loops = _containment_order(s)
    _validate_edges(s, table, s.dangling)
    _sort_adjacency(s)
    return s


def structure_problems(s: Structure) -> list[Problem]:
    """The problems of steps 1-2 (unsorted): dangling references, containment loops, then the
    rejected edges."""
    ids = s.ids
    dangling = [
        make_problem(DANGLING_REFERENCE, missing, problem_message(DANGLING_REFERENCE), refs[0], refs[1])
        for missing, refs in s.dangling.items()
    ]
    self_loops = [
        make_problem(SELF_OPTIMIZATION, ids[i], problem_message(SELF_OPTIMIZATION), (ids[i],), edge_ids)
        for i, edge_ids in s.self_loops.items()
    ]
    return dangling + s.loops + self_loops + _edge_problems(s, s.rejected)


def _numbered(table: Table) -> tuple[Structure, list[str | None]]:
    """The nodes numbered by shown name (the name, or the id when the name is blank), then id,
    with the fields the rules read, and their parents as drawn.

    Sorting the positions by id and then, stably, by shown name needs no key tuple and no Python
    call per node; each column is then put in that order in one C-level pass.
    """
    ids, given = table.ids, table.names
    shown = [name if name and not name.isspace() else node_id for name, node_id in zip(given, ids, strict=True)]
    in_id_order = sorted(range(len(ids)), key=ids.__getitem__)
    rank = sorted(in_id_order, key=shown.__getitem__)
    kinds = list(map(table.kinds.__getitem__, rank))
    s = Structure(
        ids=list(map(ids.__getitem__, rank)),
        names=list(map(shown.__getitem__, rank)),
        given_names=list(map(given.__getitem__, rank)),
        goals=list(map(table.goals.__getitem__, rank)),
        is_agent=list(map(contains, kinds, repeat(AGENT))),
        is_optimizer=list(map(contains, kinds, repeat(OPTIMIZER))),
        is_designed=list(map(truth, map(table.designed.__getitem__, rank))),
        parent=[],
    )
    s.number = dict(zip(s.ids, range(len(ids)), strict=True))
    number_at = [0] * len(rank)  # the number of the node at each position of the table
    for number, position in enumerate(rank):
        number_at[position] = number
    s.by_id = list(map(number_at.__getitem__, in_id_order))
    return s, list(map(table.parents.__getitem__, rank))


def _valid_parents(s: Structure, parents: list[str | None], dangling: Dangling) -> None:
    """Each node's parent number, ``None`` where the parent is missing (recorded in ``dangling``)."""
    number = s.number
    parent = list(map(number.get, parents))
    for i, up in enumerate(parents):
        # Ids are non-empty (format.md §1), so an empty parent can only mean "no container".
        if not up:
            parent[i] = None
        elif parent[i] is None:
            dangling.setdefault(up, (set(), set()))[0].add(s.ids[i])
    s.parent = parent


def _containment_order(s: Structure) -> list[Problem]:
    """Fill ``order``, ``start`` and ``stop``, breaking containment loops (``parent`` is updated).

    Nodes not reached from the top level are on a loop or hang below one. Only those go to
    networkx, whose strongly connected components are the loops (a node that is its own parent is a
    loop too); their nodes become top-level and the sweep resumes from them.
    """
    parent = s.parent
    count = len(parent)
    children: list[list[int] | None] = [None] * count
    roots = []
    for i, up in enumerate(parent):
        if up is None:
            roots.append(i)
        else:
            below = children[up]
            if below is None:
                children[up] = [i]
            else:
                below.append(i)
    order = _preorder(roots, children)
    problems = []
    if len(order) < count:
        import networkx as nx  # only a diagram with a containment loop needs it

        reached = bytearray(count)
        for i in order:
            reached[i] = 1
        rest = nx.DiGraph((i, parent[i]) for i in range(count) if not reached[i])
        loop_nodes = []
        for component in nx.strongly_connected_components(rest):
            if len(component) == 1:
                (only,) = component
                if parent[only] != only:
                    continue
            ids = s.sort_ids(component)
            problems.append(make_problem(CONTAINMENT_CYCLE, ",".join(ids), problem_message(CONTAINMENT_CYCLE), ids))
            loop_nodes.extend(component)
        for i in loop_nodes:
            children[parent[i]].remove(i)
            parent[i] = None
        order.extend(_preorder(sorted(loop_nodes), children))
    size = [1] * count
    for i in reversed(order):
        up = parent[i]
        if up is not None:
            size[up] += size[i]
    start = [0] * count
    for position, i in enumerate(order):
        start[i] = position
    s.order, s.start, s.stop = order, start, list(map(add, start, size))
    return problems


def _preorder(roots: list[int], children: list[list[int] | None]) -> list[int]:
    """Depth-first preorder of the forest below ``roots``; each subtree comes out contiguous.

    A plain stack over the children lists, not a networkx traversal: on 100,000 nodes, building
    the DiGraph of the containment links alone took several times as long as this whole sweep.
    """
    order: list[int] = []
    stack = roots[::-1]
    pop, push, emit = stack.pop, stack.extend, order.append
    while stack:
        i = pop()
        emit(i)
        below = children[i]
        if below:
            push(below)
    return order


def _validate_edges(s: Structure, table: Table, dangling: Dangling) -> None:
    """Record the valid pairs in ``s.products`` (unsorted, a pair as often as it is drawn), and
    the rejected edges and self-loops.

    Only ``optimizes`` edges are read: a ``link`` (or any other kind) is an annotation the rules
    ignore entirely, so not even its endpoints are checked. The endpoints are looked up in bulk,
    then one pass judges each edge with a few list reads: this loop dominates validation on
    large diagrams, so it does nothing else (duplicates are dropped when the lists are sorted, and
    edges that name a missing node are found apart, in bulk).
    """
    self_loops, rejected, products = s.self_loops, s.rejected, s.products
    is_optimizer, start, stop, number = s.is_optimizer, s.start, s.stop, s.number
    edge_ids, kinds, source_ids, target_ids = table.edge_ids, table.edge_kinds, table.sources, table.targets
    sources = list(map(number.get, source_ids))
    targets = list(map(number.get, target_ids))
    if set(kinds) != _OPTIMIZES_ONLY:  # links are left out of everything below
        optimizes = list(map(OPTIMIZES.__eq__, kinds))
        edge_ids, source_ids, target_ids, sources, targets = (
            list(compress(column, optimizes)) for column in (edge_ids, source_ids, target_ids, sources, targets)
        )
    s.drawn = (edge_ids, sources, targets)
    for edge_id, source, target in zip(edge_ids, sources, targets, strict=True):
        if source is None or target is None:
            continue
        if source == target:
            self_loops.setdefault(source, []).append(edge_id)
        elif (
            is_optimizer[source]
            and not start[source] < start[target] < stop[source]
            and not start[target] < start[source] < stop[target]
        ):
            made = products.get(source)
            if made is None:
                products[source] = [target]
            else:
                made.append(target)
        else:
            rejected.append((source, target, edge_id))
    if None in sources or None in targets:
        missing = map(or_, map(is_, sources, repeat(None)), map(is_, targets, repeat(None)))
        for at in compress(range(len(sources)), missing):
            _record_dangling(edge_ids[at], source_ids[at], target_ids[at], number, dangling)


def _edge_problems(s: Structure, rejected: list[tuple[int, int, str]]) -> list[Problem]:
    """The problems of the rejected edges, one per pair however many edges draw it.

    The three checks are independent (§3): every one that applies is reported. A random diagram
    has tens of thousands of them, so each is built directly, in one loop.
    """
    ids, names, is_optimizer, start, stop = s.ids, s.names, s.is_optimizer, s.start, s.stop
    not_optimizer = PROBLEM_MESSAGES[PRODUCER_NOT_OPTIMIZER]
    drawing: dict[tuple[int, int], list[str]] = {}
    for source, target, edge_id in rejected:
        found = drawing.get((source, target))
        if found is None:
            drawing[source, target] = [edge_id]
        else:
            found.append(edge_id)
    problems = []
    keep = problems.append
    for (source, target), drawn in drawing.items():
        producer, product = ids[source], ids[target]
        subject = f"{producer}->{product}"
        node_ids = (producer, product) if producer < product else (product, producer)
        edge_ids = (drawn[0],) if len(drawn) == 1 else tuple(sorted(drawn))
        if not is_optimizer[source]:
            problem_id = f"{PRODUCER_NOT_OPTIMIZER}:{subject}"
            keep(fast_problem(problem_id, PRODUCER_NOT_OPTIMIZER, subject, not_optimizer, node_ids, edge_ids))
        if start[source] < start[target] < stop[source]:
            code = PRODUCT_INSIDE_PRODUCER
        elif start[target] < start[source] < stop[target]:
            code = PRODUCER_INSIDE_PRODUCT
        else:
            continue
        message = problem_message(code, names[source], names[target])
        keep(fast_problem(f"{code}:{subject}", code, subject, message, node_ids, edge_ids))
    return problems


def _sort_adjacency(s: Structure) -> None:
    """Build the producer lists, and sort the product lists: both then follow the texts' order.

    Walking the sources in order lists each target's producers in order.
    """
    producers: dict[int, list[int]] = {}
    products = s.products
    for source in sorted(products):
        made = products[source]
        if len(made) > 1:
            made.sort()
            if any(map(eq, made, islice(made, 1, None))):  # a pair drawn more than once
                made[:] = sorted(set(made))
        for target in made:
            making = producers.get(target)
            if making is None:
                producers[target] = [source]
            else:
                making.append(source)
    s.producers = producers


def _record_dangling(edge_id: str, source: str, target: str, number: dict[str, int], dangling: Dangling) -> None:
    """Note each missing endpoint of an edge (once, even when both name the same id)."""
    for end, other in ((source, target), (target, source)):
        if end not in number:
            refs = dangling.setdefault(end, (set(), set()))
            refs[1].add(edge_id)
            if other in number:
                refs[0].add(other)
