"""The containment tree as layouts and the DOT export nest it, even in a broken diagram.

A node whose container is missing, or which sits in a containment loop, cannot be reached from
the top level; such a group gets a top of its own (the highest node reachable going up), so that
every node appears exactly once, inside a tree.
"""

from __future__ import annotations

from diagrammer.model.document import Document


def containment_tree(doc: Document) -> tuple[dict[str, list[str]], list[str]]:
    """Each node's parts as nested, and the nodes at the top, both in document order.

    A group without a top-level node comes where its first node is in the document.

    Iterative, so a 10,000-level nesting costs no recursion.

    Examples
    --------
    >>> from diagrammer.model import Document, Node
    >>> doc = Document.from_parts("", [Node("a"), Node("b", parent="a"), Node("c", parent="gone")], [])
    >>> containment_tree(doc)
    ({'a': ['b'], 'b': [], 'c': []}, ['a', 'c'])
    """
    tree: dict[str, list[str]] = {}
    tops: list[str] = []

    def grow(top: str) -> None:
        tops.append(top)
        tree[top] = []
        stack = [top]
        while stack:
            current = stack.pop()
            parts = [c for c in doc.children(current) if c not in tree]
            for part in parts:
                tree[part] = []
            tree[current] = parts
            stack.extend(reversed(parts))

    for nid in doc.nodes:
        if nid in tree:
            continue
        chain = {nid}
        top = nid
        parent = doc.nodes[top].parent
        while parent is not None and parent in doc.nodes and parent not in chain and parent not in tree:
            chain.add(parent)
            top = parent
            parent = doc.nodes[top].parent
        grow(top)
    return tree, tops


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
