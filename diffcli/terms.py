"""The anatomy of a canonical term: its number and the rest, and the order terms and factors keep.

A term of a sum is a number times a key (the product of its other factors);
like terms share a key. Terms sort by their first variable, then by falling
degree in it (x^2 + x + 1); factors sort symbols first, then functions,
sums last (2*x*y*sin(x)*(x + 1)). Ties are broken by the node's digest, so
the order is the same in every run.
"""

from __future__ import annotations

import math

from .expr import Add, Const, Mul, Num, Pow, Var


def split(term):
    """term = coefficient * product of key, without building the product."""
    if type(term) is Mul:
        if type(term.args[0]) is Num:
            return term.args[0].value, term.args[1:]
        return 1, term.args
    return 1, (term,)


def coefficient(term):
    return term.value if type(term) is Num else split(term)[0]


def content(s) -> int:
    """The number common to a sum's terms (their integer gcd), negative when every term is."""
    coeffs = [coefficient(t) for t in s.args]
    if not all(type(c) is int for c in coeffs):
        g = 1
    else:
        g = math.gcd(*coeffs)
    return -g if all(c < 0 for c in coeffs) else g


def degree(node, name: str):
    """Degree of a monomial in one variable (0 for anything else)."""
    t = type(node)
    if t is Mul:
        return sum(degree(f, name) for f in node.args if type(f) is not Mul)
    if t is Pow and type(node.args[1]) is Num and type(node.args[0]) is Var:
        return node.args[1].value if node.args[0].name == name else 0
    if t is Var:
        return 1 if node.name == name else 0
    return 0


def term_order(term):
    """Terms by their first variable, then by falling degree in it (x^2 + x + 1)."""
    lead, rank, label, digest = term.sort_key()
    return (lead, -degree(term, lead) if lead else 0, rank, label, digest)


def factor_order(factor):
    """Symbols and their powers first, then functions, sums last: 2*x*y*sin(x)*(x + 1)."""
    t = type(factor)
    base = factor.args[0] if t is Pow else factor
    group = 2 if type(base) is Add else (0 if type(base) in (Var, Const, Num) else 1)
    return (group,) + factor.sort_key()
