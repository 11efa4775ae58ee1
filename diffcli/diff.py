"""Symbolic differentiation over the DAG, forward (one variable) and reverse (all of them).

Each node is differentiated once, children before parents (an explicit
order, no recursion), by the partials its table entry gives, and the result
is assembled with the canonical builders: it comes out simplified and shares
structure with the function, so the derivative's graph grows linearly with
the function's.
"""

from __future__ import annotations

from .algebra import add, mul
from .expr import ONE, ZERO, Mul, Var, postorder, written
from .rules import TABLE, rule_of


def diff(root, name: str, subgradient: bool = False):
    """d root / d name, canonical."""
    d: dict = {}
    for node in postorder(root):
        if not node.has_var:
            d[node] = ZERO
        elif type(node) is Var:
            d[node] = ONE if node.name == name else ZERO
        else:
            args = node.args
            live = [i for i, a in enumerate(args) if d[a] is not ZERO]
            parts = rule_of(node).partials(args, live, subgradient) if live else ()
            d[node] = combine([_times(p, d[args[i]]) for p, i in zip(parts, live)])
    return d[root]


def gradient(root, names: list, subgradient: bool = False) -> list:
    """All partial derivatives in one reverse pass over the DAG (symbolic reverse mode).

    Differentiating once per variable costs O(variables x size); accumulating
    adjoints from the output down costs O(size) for the whole gradient, as the
    Baur-Strassen bound promises. A node's adjoint is the sum of its parents'
    contributions, complete by the time the node is reached.
    """
    pending: dict = {root: [ONE]}
    adjoint: dict = {}
    for node in reversed(postorder(root)):
        parts = pending.pop(node, None)
        if parts is None:
            continue
        bar = combine(parts)
        if type(node) is Var:
            adjoint[node.name] = bar
            continue
        if bar is ZERO or not node.args:
            continue
        live = [i for i, a in enumerate(node.args) if a.has_var]
        for i, p in zip(live, rule_of(node).partials(node.args, live, subgradient)):
            term = _times(p, bar)
            if term is not ZERO:
                pending.setdefault(node.args[i], []).append(term)
    return [adjoint.get(name, ZERO) for name in names]


def _times(partial, d):
    return d if partial is ONE else mul(partial, d)


def combine(terms):
    """The sum of the terms, with a factor common to all of them taken out.

    x^x + x^x*ln(x) is x^x*(ln(x) + 1): the power rule's two partials, or two
    paths of the chain rule, meet in one node. Only factors that are more
    than a symbol are taken out (y*(2*x + 1) is longer than 2*x*y + y).
    """
    if len(terms) < 2:
        return terms[0] if terms else ZERO
    common = None
    for t in terms:
        factors = {f for f in (t.args if type(t) is Mul else (t,)) if f.args}
        common = factors if common is None else common & factors
        if not common:
            return add(*terms)
    rests = [mul(*(f for f in (t.args if type(t) is Mul else (t,)) if f not in common)) for t in terms]
    return mul(*common, add(*rests))


_ADD, _MUL = TABLE["add"], TABLE["mul"]


def diff_as_written(root, name: str):
    """The derivative by the rules alone, as written, with nothing simplified."""
    d: dict = {}
    for node in postorder(root):
        if type(node) is Var:
            d[node] = ONE if node.name == name else ZERO
            continue
        live = [i for i, a in enumerate(node.args) if d[a] is not ZERO]
        if not live:
            d[node] = ZERO
            continue
        parts = rule_of(node).partials(node.args, live)
        terms = [written(_MUL, p, d[node.args[i]]) for p, i in zip(parts, live)]
        total = terms[0]
        for t in terms[1:]:
            total = written(_ADD, total, t)
        d[node] = total
    return d[root]

