"""Symbolic differentiation over the canonical DAG.

Each node is differentiated once, children before parents (an explicit
post-order, no recursion), and the result is assembled with the canonical
builders, so it comes out simplified and shares structure with the function:
the derivative's graph grows linearly with the function's.
"""

from __future__ import annotations

from .expr import MINUS_ONE, ONE, ZERO, Add, Call, Mul, Pow, Var, postorder
from .functions import FUNCTIONS
from .simplify import add, call, mul, power

_PRODUCT_DIRECT = 8  # above this many factors, use prefix/suffix products (linear)


def diff(root, name: str):
    d: dict = {}
    for node in postorder(root):
        t = type(node)
        if not node.has_var:
            d[node] = ZERO
        elif t is Var:
            d[node] = ONE if node.name == name else ZERO
        elif t is Add:
            d[node] = add(*(d[a] for a in node.args))
        elif t is Mul:
            d[node] = _product_rule(node.args, d)
        elif t is Pow:
            d[node] = _power_rule(node, d)
        elif t is Call:
            d[node] = _chain_rule(node, d)
        else:
            raise TypeError(f"cannot differentiate a {t.__name__}; canonicalise first")
    return d[root]


def _product_rule(factors, d):
    live = [i for i, f in enumerate(factors) if d[f] is not ZERO]
    if not live:
        return ZERO
    keep = set(factors)  # already the flat arguments of a product: do not flatten them again
    if len(factors) <= _PRODUCT_DIRECT or len(live) == 1:
        terms = []
        for i in live:
            terms.append(mul(*factors[:i], d[factors[i]], *factors[i + 1:], keep=keep))
        return add(*terms)
    prefix, suffix = _prefix_suffix(factors, keep)
    return add(*(mul(prefix[i], d[factors[i]], suffix[i + 1]) for i in live))


def _prefix_suffix(factors, keep):
    """prefix[i] = f0*...*f(i-1), suffix[i] = fi*...*f(n-1): the product rule in linear size."""
    n = len(factors)
    prefix = [ONE] * (n + 1)
    for i in range(n):
        prefix[i + 1] = mul(prefix[i], factors[i], keep=keep)
    suffix = [ONE] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix[i] = mul(factors[i], suffix[i + 1], keep=keep)
    return prefix, suffix


def _power_rule(node, d):
    u, v = node.args
    du, dv = d[u], d[v]
    if dv is ZERO:  # u^c -> c*u^(c-1)*u'
        return mul(v, power(u, add(v, MINUS_ONE)), du)
    ln_u = call(FUNCTIONS["ln"], u)
    if du is ZERO:  # c^v -> c^v*ln(c)*v'
        return mul(node, ln_u, dv)
    # u^v -> u^v*(v'*ln(u) + v*u'/u)
    return mul(node, add(mul(dv, ln_u), mul(v, du, power(u, MINUS_ONE))))


def _chain_rule(node, d):
    partials = node.fn.partials(*node.args)
    return add(*(mul(p, d[a]) for p, a in zip(partials, node.args) if d[a] is not ZERO))


def gradient(root, names: list[str]) -> list:
    """All partial derivatives in one reverse pass over the DAG (symbolic reverse mode).

    Differentiating once per variable costs O(variables x size); accumulating
    adjoints from the output down costs O(size) for the whole gradient, as the
    Baur-Strassen bound promises. Each node's adjoint is the sum of its
    parents' contributions, complete by the time the node is reached.
    """
    order = postorder(root)
    pending: dict = {root: [ONE]}
    adjoint: dict = {}

    def push(node, term):
        if node.has_var and term is not ZERO:
            pending.setdefault(node, []).append(term)

    for node in reversed(order):
        parts = pending.pop(node, None)
        if parts is None:
            continue
        bar = add(*parts)
        t = type(node)
        if t is Var:
            adjoint[node.name] = bar
        elif bar is ZERO:
            continue
        elif t is Add:
            for a in node.args:
                push(a, bar)
        elif t is Mul:
            _push_product(node.args, bar, push)
        elif t is Pow:
            u, v = node.args
            push(u, mul(bar, v, power(u, add(v, MINUS_ONE))))
            if v.has_var:
                push(v, mul(bar, node, call(FUNCTIONS["ln"], u)))
        elif t is Call:
            for p, a in zip(node.fn.partials(*node.args), node.args):
                if a.has_var:
                    push(a, mul(bar, p))
    return [adjoint.get(name, ZERO) for name in names]


def _push_product(factors, bar, push):
    keep = set(factors)
    live = [i for i, f in enumerate(factors) if f.has_var]
    if len(factors) <= _PRODUCT_DIRECT or len(live) == 1:
        for i in live:
            push(factors[i], mul(bar, *factors[:i], *factors[i + 1:], keep=keep))
        return
    prefix, suffix = _prefix_suffix(factors, keep)
    for i in live:
        push(factors[i], mul(bar, prefix[i], suffix[i + 1]))
