"""Multiplying out: products of sums and integer powers of sums (--expand, and check's symbolic test)."""

from __future__ import annotations

import math

from .algebra import add, call, mul, power
from .errors import ExpansionTooLarge
from .expr import ONE, Add, Call, Mul, Num, Pow, postorder

MAX_EXPANSION = 5000


def is_int(n) -> bool:
    return type(n) is Num and n.is_exact and n.value.denominator == 1


def expand(root):
    """Multiply out products of sums and integer powers of sums."""
    done: dict = {}
    for node in postorder(root):
        t = type(node)
        args = [done[a] for a in node.args]
        if t is Add:
            done[node] = add(*[p for a in args for p in (a.args if type(a) is Add else (a,))])
        elif t is Mul:
            done[node] = _expand_product(args)
        elif t is Pow:
            b, e = args
            if type(b) is Add and is_int(e) and 0 < e.value <= 64:
                if math.comb(int(e.value) + len(b.args) - 1, len(b.args) - 1) > MAX_EXPANSION:
                    raise ExpansionTooLarge(f"expanding would give more than {MAX_EXPANSION:,} terms")
                result = ONE
                for _ in range(int(e.value)):
                    result = _expand_product([result, b])
                done[node] = result
            else:
                done[node] = power(b, e)
        elif t is Call:
            done[node] = call(node.fn, *args)
        else:
            done[node] = node
    return done[root]


def _expand_product(factors):
    terms = [ONE]
    for f in factors:
        parts = f.args if type(f) is Add else (f,)
        if len(terms) * len(parts) > MAX_EXPANSION:  # checked before the work, not after
            raise ExpansionTooLarge(f"expanding would multiply out more than {MAX_EXPANSION:,} terms")
        combined = add(*(mul(t, p) for t in terms for p in parts))  # like terms collected as we go
        terms = list(combined.args) if type(combined) is Add else [combined]
    return add(*terms)
