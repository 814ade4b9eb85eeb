"""The diagram as the rules read it (rules.md §3-§4): neutralised containment, valid edges, EP.

Built once per :func:`~diagrammer.rules.classify` call. Containment comes from the document's one
forest (a missing container or a containment loop means top level). Of the edges only
``optimizes`` ones count; each is either valid (kept in :attr:`Diagram.valid` with the ids of the
arrows that draw it) or rejected with the problems it raises.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

from diagrammer.model import AGENT, OPTIMIZER, OPTIMIZES, Document
from diagrammer.rules.problems import edge_is_valid  # the three checks live with their problems
from diagrammer.rules.vocabulary import normalize_goal


class Diagram:
    """What every rule reads, by node id.

    ``ids`` lists every node id, sorted. ``shown[x]`` is the name texts show (the id when the name
    is blank); lists of nodes handed to texts are sorted by :meth:`order` (shown name, then id).
    ``parent`` is the effective container, ``goal`` the D5-normalized goal. ``valid`` maps each
    valid edge (producer, product) to the sorted ids of the arrows drawing it; ``vdp[x]`` (D1) and
    ``products[x]`` list the ends of the valid edges of ``x`` (tuples, in texts' order).
    ``dangling`` maps each missing id to the nodes and edges naming it, ``self_loops`` each node to
    the ids of its arrows to itself, and ``rejected`` each other invalid (producer, product) pair to
    the ids of its arrows.

    Examples
    --------
    >>> from diagrammer.model import Document, Edge, Node
    >>> doc = Document.from_parts("", [Node("sgd", "SGD", ["optimizer"]), Node("net", "", ["optimizer"]),
    ...                                Node("part", "Part", parent="net")],
    ...                           [Edge("e1", "sgd", "net"), Edge("e2", "sgd", "net")])
    >>> d = Diagram(doc)
    >>> d.shown["net"], d.vdp["net"], d.valid["sgd", "net"]
    ('net', ('sgd',), ('e1', 'e2'))
    >>> d.effective_producers("part")
    ('sgd',)
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        nodes = doc.nodes
        self.forest = forest = doc.forest
        self.parent = forest.parent
        self.shown = {x: node.name if node.name and not node.name.isspace() else x for x, node in nodes.items()}
        self.ids = sorted(nodes)
        by_name = sorted(self.ids, key=self.shown.__getitem__)  # shown name, then id (sorts are stable)
        self.rank = {x: i for i, x in enumerate(by_name)}
        normalized = {raw: normalize_goal(raw) for raw in {node.goal for node in nodes.values()}}  # goals repeat
        self.goal = {x: normalized[node.goal] for x, node in nodes.items()}
        self.agent = {x for x, node in nodes.items() if AGENT in node.kinds}
        self.optimizer = {x for x, node in nodes.items() if OPTIMIZER in node.kinds}
        self.designed = {x for x, node in nodes.items() if node.designed_by_humans}
        self.dangling: dict[str, tuple[set[str], set[str]]] = {}
        self.self_loops: dict[str, tuple[str, ...]] = {}
        self.rejected: dict[tuple[str, str], tuple[str, ...]] = {}
        self.valid: dict[tuple[str, str], tuple[str, ...]] = {}
        self._read_parents()
        self._read_edges()
        rank = self.rank
        by_product = sorted(self.valid, key=lambda pair: (rank[pair[1]], rank[pair[0]]))
        self.vdp = {x: tuple(map(itemgetter(0), pairs)) for x, pairs in groupby(by_product, itemgetter(1))}
        by_producer = sorted(self.valid, key=lambda pair: (rank[pair[0]], rank[pair[1]]))
        self.products = {p: tuple(map(itemgetter(1), pairs)) for p, pairs in groupby(by_producer, itemgetter(0))}
        self.nearest_agent = self._nearest_agents()
        self.owner, self.next_owner = self._owners()
        self._ep: dict[str, tuple[str, ...]] = {}

    def order(self, ids: Iterator[str] | list[str] | set[str]) -> list[str]:
        """``ids`` sorted as texts list nodes: by shown name, then id."""
        return sorted(ids, key=self.rank.__getitem__)

    def _read_parents(self) -> None:
        """Record parents that name a missing node (rules.md §3, ``dangling-reference``)."""
        nodes = self.doc.nodes
        for x, node in nodes.items():
            if node.parent and node.parent not in nodes:
                self.dangling.setdefault(node.parent, (set(), set()))[0].add(x)

    def _read_edges(self) -> None:
        """Sort every ``optimizes`` edge into dangling, self-loop, rejected or valid (§6 step 2)."""
        nodes = self.doc.nodes
        self_loops: dict[str, list[str]] = {}
        rejected: list[tuple[str, str, str]] = []  # (producer, product, arrow id)
        valid: list[tuple[str, str, str]] = []
        for edge in self.doc.edges.values():
            if edge.kind != OPTIMIZES:
                continue
            p, x = edge.source, edge.target
            if p not in nodes or x not in nodes:
                for end, other in ((p, x), (x, p)):
                    if end not in nodes:
                        refs = self.dangling.setdefault(end, (set(), set()))
                        refs[1].add(edge.id)
                        if other in nodes:
                            refs[0].add(other)
            elif p == x:
                self_loops.setdefault(p, []).append(edge.id)
            elif edge_is_valid(self, p, x):
                valid.append((p, x, edge.id))
            else:
                rejected.append((p, x, edge.id))
        self.self_loops = {x: tuple(ids) for x, ids in self_loops.items()}
        self.rejected = _by_pair(rejected)
        self.valid = _by_pair(valid)

    def _nearest_agents(self) -> dict[str, str]:
        """D3: each node's closest proper ancestor with the agent kind, for the nodes that have one."""
        nearest: dict[str, str] = {}
        for x in self.forest.preorder:
            up = self.parent[x]
            if up is not None:
                found = up if up in self.agent else nearest.get(up)
                if found is not None:
                    nearest[x] = found
        return nearest

    def _owners(self) -> tuple[dict[str, str], dict[str, str]]:
        """D2 as chains: each learned node's nearest "owner" (itself or a container, reached through
        non-designed nodes, with valid producers), and each owner's next owner up.

        EP(X) is the union of VDP over X's owner chain; most nodes share their container's owner,
        so a 10,000-level nesting stays linear. Designed nodes have no owner and give none.
        """
        owner: dict[str, str] = {}
        next_owner: dict[str, str] = {}
        for x in self.forest.preorder:
            if x in self.designed:
                continue
            up = self.parent[x]
            inherited = owner.get(up) if up is not None else None
            if x in self.vdp:
                owner[x] = x
                if inherited is not None:
                    next_owner[x] = inherited
            elif inherited is not None:
                owner[x] = inherited
        return owner, next_owner

    def owners(self, x: str) -> Iterator[str]:
        """The nodes whose valid producers make up EP(``x``): ``x`` or its containers, nearest first."""
        current = self.owner.get(x)
        while current is not None:
            yield current
            current = self.next_owner.get(current)

    def effective_producers(self, x: str) -> tuple[str, ...]:
        """D2: EP(``x``), sorted; empty for a designed node and a node nothing produced.

        Computed once per owner and shared by every node below it.
        """
        first = self.owner.get(x)
        if first is None:
            return ()
        missing = []  # the owners from ``first`` up whose EP is not known yet
        current: str | None = first
        while current is not None and current not in self._ep:
            missing.append(current)
            current = self.next_owner.get(current)
        for owner in reversed(missing):
            above = self.next_owner.get(owner)
            own = self.vdp[owner]
            self._ep[owner] = tuple(own) if above is None else tuple(self.order({*own, *self._ep[above]}))
        return self._ep[first]

    def is_learned(self, x: str) -> bool:
        """D2: X is learned iff EP(X) is not empty."""
        return x in self.owner

    def edge_ids(self, producer: str, product: str) -> tuple[str, ...]:
        """The ids of the arrows drawing the valid edge ``producer`` -> ``product``."""
        return self.valid[producer, product]


def _by_pair(arrows: list[tuple[str, str, str]]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(producer, product, arrow id) triples as each pair's sorted arrow ids (one sort, no list per pair)."""
    arrows.sort()
    return {pair: tuple(map(itemgetter(2), group)) for pair, group in groupby(arrows, itemgetter(0, 1))}
