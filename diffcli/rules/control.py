"""Comparisons, and, or, not, and where(COND, A, B): what branches of a program become.

A comparison is an operation like any other: its value is 1.0 or 0.0 and
its derivative is 0 (it is constant on each side of its boundary). A
branch on the inputs makes the function piecewise: ``where(c, a, b)`` is a
when c holds (is not 0) and b otherwise, NumPy's spelling; its partials are
(0, where(c, 1, 0), where(c, 0, 1)).

What is special about where for the canonical builders is a pair of hooks
on its entry: a where with number branches (or a number) distributes over a
product (``absorb``), and the where's of one condition in a sum join
(``join``), so that the derivative of where(c, x^2, -x) reads
where(c, 2*x, -1) rather than a sum of products of where's.
"""

from __future__ import annotations

import operator

from .. import algebra as A
from ..expr import ONE, ZERO, Call, Num
from .base import Syntax, define

# binding strength below the arithmetic operators' (as Python: not x > 0 is not (x > 0))
COMPARE, NOT, AND, OR = 8, 6, 4, 2


def _truth(v) -> float:
    return 1.0 if v else 0.0


def _compare_exact(test, same: bool):
    """Numbers compare at once; a node compared with itself is decided too (x <= x)."""

    def exact(a, b):
        if type(a) is Num and type(b) is Num:
            return ONE if test(a.value, b.value) else ZERO
        if a is b:
            return ONE if same else ZERO
        return None

    return exact


def _zero(*_):
    return ZERO


def _comparison(name, symbol, test, same, numpy_name):
    return define(name, 2, lambda a, b: _truth(test(a, b)), (_zero, _zero),
                  syntax=Syntax(f" {symbol} ", COMPARE, COMPARE + 1, COMPARE + 1),
                  spellings=(numpy_name,), exact=_compare_exact(test, same), truth=True,
                  boundary=lambda a, b: a == b, rule="comparison (piecewise constant)")


less = _comparison("less", "<", operator.lt, False, "less")
less_equal = _comparison("less_equal", "<=", operator.le, True, "less_equal")
greater = _comparison("greater", ">", operator.gt, False, "greater")
greater_equal = _comparison("greater_equal", ">=", operator.ge, True, "greater_equal")
equal = _comparison("equal", "==", operator.eq, True, "equal")
not_equal = _comparison("not_equal", "!=", operator.ne, False, "not_equal")


def _number(a):
    return type(a) is Num


def _and_exact(a, b):
    for x, y in ((a, b), (b, a)):
        if _number(x):
            if x.value == 0:
                return ZERO
            return (ONE if y.value != 0 else ZERO) if _number(y) else (y if _truth_valued(y) else None)
    return a if a is b and _truth_valued(a) else None


def _or_exact(a, b):
    for x, y in ((a, b), (b, a)):
        if _number(x):
            if x.value != 0:
                return ONE
            return (ONE if y.value != 0 else ZERO) if _number(y) else (y if _truth_valued(y) else None)
    return a if a is b and _truth_valued(a) else None


def _not_exact(a):
    if _number(a):
        return ONE if a.value == 0 else ZERO
    if type(a) is Call and a.payload is logical_not and _truth_valued(a.args[0]):
        return a.args[0]  # not not c is c when c is 1 or 0
    return None


def _truth_valued(node) -> bool:
    return type(node) is Call and node.payload.truth


logical_and = define("logical_and", 2, lambda a, b: _truth(a and b), (_zero, _zero),
                     syntax=Syntax(" and ", AND, AND, AND + 1), spellings=("logical_and",),
                     python="(bool({0}) and bool({1}))", numpy="numpy.logical_and({0}, {1})",
                     exact=_and_exact, truth=True, rule="and (piecewise constant)")
logical_or = define("logical_or", 2, lambda a, b: _truth(a or b), (_zero, _zero),
                    syntax=Syntax(" or ", OR, OR, OR + 1), spellings=("logical_or",),
                    python="(bool({0}) or bool({1}))", numpy="numpy.logical_or({0}, {1})",
                    exact=_or_exact, truth=True, rule="or (piecewise constant)")
logical_not = define("logical_not", 1, lambda a: _truth(not a), _zero,
                     syntax=Syntax("not ", NOT, NOT, NOT, "prefix"), spellings=("logical_not",),
                     python="(not {0})", numpy="numpy.logical_not({0})",
                     exact=_not_exact, truth=True, rule="not (piecewise constant)")


# -- where ---------------------------------------------------------------------------

def _where_value(c, a, b):
    return a if c else b


def _where_exact(c, a, b):
    if _number(c):
        return a if c.value != 0 else b
    if a is b:
        return a
    if type(c) is Call and c.payload is logical_not and _truth_valued(c.args[0]):
        return where(c.args[0], b, a)  # where(not c, a, b) is where(c, b, a)
    # a branch that is itself a where on the same condition only ever takes one side
    if _is_where(a) and a.args[0] is c:
        return where(c, a.args[1], b)
    if _is_where(b) and b.args[0] is c:
        return where(c, a, b.args[2])
    return None


def _is_where(node) -> bool:
    return type(node) is Call and node.payload is where


def _absorb(node, factor):
    """where(c, p, q)*f = where(c, p*f, q*f) when p and q are numbers or f is: a product stays one where."""
    c, a, b = node.args
    if (_number(a) and _number(b)) or _number(factor):
        return where(c, A.mul(a, factor), A.mul(b, factor))
    return None


def _join(terms):
    """where(c, a1, b1) + where(c, a2, b2) = where(c, a1 + a2, b1 + b2); None when no two share c."""
    by_condition: dict = {}
    for t in terms:
        by_condition.setdefault(t.args[0], []).append(t)
    if all(len(group) == 1 for group in by_condition.values()):
        return None
    return [where(c, A.add(*(t.args[1] for t in group)), A.add(*(t.args[2] for t in group)))
            if len(group) > 1 else group[0] for c, group in by_condition.items()]


where = define("where", 3, _where_value, (_zero, lambda c, a, b: where(c, ONE, ZERO),
                                          lambda c, a, b: where(c, ZERO, ONE)),
               python="({1} if {0} else {2})", numpy="numpy.where({0}, {1}, {2})",
               latex=r"\begin{{cases}} {{{1}}} & \text{{if }} {{{0}}} \\ {{{2}}} & \text{{otherwise}} \end{{cases}}",
               exact=_where_exact, absorb=_absorb, join=_join, lazy=True,
               rule="where (the branch the condition selects)")
