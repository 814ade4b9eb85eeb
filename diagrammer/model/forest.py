"""The containment forest: every node's effective container, even in a broken diagram.

A parent that names a missing node counts as no parent, and the nodes of a containment loop sit at
the top level (their other parts stay inside them), as rules.md §3 neutralises both. Every layer
asks this one forest (``doc.forest``) instead of walking ``parent`` ids itself: the rules, the
layouts, the DOT export and the scene.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from diagrammer.model.document import Document


class Forest:
    """Effective parents, preorder and containment loops of a document.

    ``parent[n]`` is ``n``'s effective container (``None`` at the top level); ``children[c]`` lists
    the effective parts of ``c`` in document order, ``children[None]`` the top-level nodes;
    ``preorder`` lists every node before its parts, each subtree contiguous; ``loops`` lists the
    members of each containment loop, in document order. Built in linear time without recursion,
    so a 10,000-level nesting costs nothing special. Read-only: the document makes a new one
    after each change (see :attr:`Document.forest <diagrammer.model.document.Document.forest>`).

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> doc = Document.from_parts("", [Node("a", parent="b"), Node("b", parent="a"), Node("c", parent="a"),
    ...                                Node("d", parent="gone")], [])
    >>> forest = doc.forest
    >>> forest.parent
    {'a': None, 'b': None, 'c': 'a', 'd': None}
    >>> forest.preorder, forest.loops
    (['a', 'c', 'b', 'd'], [['a', 'b']])
    >>> forest.is_inside("c", "a"), forest.is_inside("a", "c")
    (True, False)
    """

    def __init__(self, doc: Document) -> None:
        nodes = doc.nodes
        self.loops: list[list[str]] = []
        # Stored parents, a missing one as None; the members of a loop are set to None below.
        self.parent: dict[str, str | None] = {
            node_id: node.parent if node.parent in nodes else None for node_id, node in nodes.items()
        }
        # Walk up from each node until a node already placed; a walk that meets itself is a loop.
        state: dict[str, int] = {}  # 1 while on the current walk, 2 once settled
        for start in nodes:
            if start in state:
                continue
            walk: list[str] = []
            current: str | None = start
            while current is not None and current not in state:
                state[current] = 1
                walk.append(current)
                current = self.parent[current]
            if current is not None and state[current] == 1:
                self.loops.append(walk[walk.index(current) :])
            for node_id in walk:
                state[node_id] = 2
        if self.loops:
            position = {node_id: index for index, node_id in enumerate(nodes)}
            for loop in self.loops:
                loop.sort(key=position.__getitem__)
                for node_id in loop:
                    self.parent[node_id] = None
            self.loops.sort(key=lambda loop: position[loop[0]])
        children: dict[str | None, list[str]] = {None: []}
        for node_id, up in self.parent.items():
            children.setdefault(up, []).append(node_id)
        self.children = children
        self.preorder: list[str] = []
        stack = children[None][::-1]
        while stack:
            node_id = stack.pop()
            self.preorder.append(node_id)
            stack.extend(reversed(children.get(node_id, ())))
        self._start = {node_id: index for index, node_id in enumerate(self.preorder)}
        size = dict.fromkeys(self.preorder, 1)
        for node_id in reversed(self.preorder):
            up = self.parent[node_id]
            if up is not None:
                size[up] += size[node_id]
        self._size = size

    def parts(self, node_id: str | None) -> list[str]:
        """The effective parts of ``node_id`` in document order (the top level for ``None``)."""
        return self.children.get(node_id, [])

    def ancestors(self, node_id: str) -> Iterator[str]:
        """``node_id``'s effective containers, nearest first."""
        up = self.parent[node_id]
        while up is not None:
            yield up
            up = self.parent[up]

    def is_inside(self, node_id: str, container: str) -> bool:
        """True when ``node_id`` is a proper descendant of ``container``, in constant time."""
        start = self._start[container]
        return start < self._start[node_id] < start + self._size[container]

    def subtree(self, node_id: str) -> list[str]:
        """``node_id`` and everything inside it, in preorder."""
        start = self._start[node_id]
        return self.preorder[start : start + self._size[node_id]]


def containment_tree(doc: Document) -> tuple[dict[str, list[str]], list[str]]:
    """Each node's parts as nested, and the nodes at the top, both in document order.

    The forest's answer in the shape the layouts and the DOT export walk.

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> doc = Document.from_parts("", [Node("a"), Node("b", parent="a"), Node("c", parent="gone")], [])
    >>> containment_tree(doc)
    ({'a': ['b'], 'b': [], 'c': []}, ['a', 'c'])
    """
    forest = doc.forest
    return {node_id: list(forest.parts(node_id)) for node_id in doc.nodes}, list(forest.parts(None))


def postorder(tree: dict[str, list[str]], tops: list[str]) -> list[str]:
    """Every node after all of its parts (children before parents), without recursion."""
    out: list[str] = []
    stack = [(top, False) for top in reversed(tops)]
    while stack:
        nid, done = stack.pop()
        if done:
            out.append(nid)
            continue
        stack.append((nid, True))
        stack.extend((child, False) for child in reversed(tree[nid]))
    return out
