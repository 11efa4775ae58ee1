"""The canonical form of a graph as written, once per node.

Each operation is rebuilt with its entry's canonical builder. A chain of
sums (or products) whose inner links are used only there is gathered and
built in one call, so a sum of n terms costs O(n log n) rather than n calls
that each re-flatten the sum so far; the entries say which chain they
belong to (``Primitive.chain``). Nodes in ``boundaries`` (a program's
assigned intermediates) stay whole.
"""

from __future__ import annotations

from .expr import Apply, postorder_uses
from .rules.arrays import filled


def _chain(node):
    return node.payload.chain if type(node) is Apply else None


def canonical(root, boundaries=()):
    return canonical_kept(root, boundaries)[0]


def canonical_kept(root, boundaries=()):
    """The canonical form and the set of canonical nodes the boundaries became (kept whole)."""
    order, uses = postorder_uses(root)
    inner = set()
    for node in order:
        chain = _chain(node)
        if chain:
            for a in node.args:
                other = _chain(a)
                if uses[a] == 1 and other and other.gather is chain.gather and a not in boundaries:
                    inner.add(a)
    del uses
    done: dict = {}
    keep: set = set()
    for node in order:
        if node in inner:
            continue
        chain = _chain(node)
        if chain:
            done[node] = chain.gather(*_gather(node, inner, done, chain.invert, keep), keep=keep)
        elif type(node) is Apply:
            done[node] = node.payload.build(*(done[a] for a in node.args))
        else:
            done[node] = node  # a leaf or an already-canonical constant
        if node.shape and not done[node].shape:  # x - x is the zero vector, not 0: logsumexp needs its size
            done[node] = filled(done[node], node.shape)
        if node in boundaries:
            keep.add(done[node])
    return done[root], keep


def _gather(top, inner, done, invert, keep):
    """The operands of a chain of + - (or * /), each inverted where it is subtracted (divided)."""
    out = []
    stack = [(top, False)]
    while stack:
        node, inverted = stack.pop()
        if node is not top and node not in inner:
            out.append(invert(done[node], keep=keep) if inverted else done[node])
            continue
        flips = node.payload.chain.inverted
        stack.append((node.args[1], inverted != flips[1]))
        stack.append((node.args[0], inverted != flips[0]))
    return out
