"""Exact arithmetic on number nodes: integers and fractions stay exact while they are small enough.

Past MAX_EXACT_BITS a result is rounded to a float (with an ExactnessWarning),
or a power of numbers is kept as a power node, so exact arithmetic never runs
away with time or memory.
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

from .errors import ExactnessWarning
from .expr import Num, Pow, num

MAX_EXACT_BITS = 4096  # beyond this an exact number stays symbolic or becomes a float


def _power_node(base, exp):
    return Pow.make(None, (base, exp), base.shape or exp.shape)


def too_big(q: Fraction) -> bool:
    return q.numerator.bit_length() > MAX_EXACT_BITS or q.denominator.bit_length() > MAX_EXACT_BITS


def fit(value):
    """Keep an exact result exact while it is small enough, else make it a float."""
    if type(value) is not float and too_big(value):
        warnings.warn(ExactnessWarning("a number exceeded the exact-arithmetic limit and was rounded to floating point"))
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    return value


def small(c) -> bool:
    return type(c) is not float and abs(c.numerator) < 2**32 and c.denominator < 2**32


def exact_root(q: Fraction, k: int):
    """The rational r with r**k == q, or None."""
    if q < 0 or k > 64:
        return None
    out = []
    for part in (q.numerator, q.denominator):
        r = round(part ** (1.0 / k)) if part.bit_length() < 1000 else None
        if r is None:
            return None
        for cand in (r - 1, r, r + 1):
            if cand >= 0 and cand**k == part:
                out.append(cand)
                break
        else:
            return None
    return Fraction(out[0], out[1])


def number_power(b: Num, e: Num):
    bv, ev = b.value, e.value
    if b.is_exact and e.is_exact:
        if ev.denominator == 1:
            n = abs(ev.numerator)
            bits = max(bv.numerator.bit_length(), bv.denominator.bit_length())
            if bv == 0 and ev < 0:  # 1/0 stays symbolic (evaluation reports it), in one form
                return _power_node(b, num(-1))
            if bits <= 1 or bits * n <= MAX_EXACT_BITS:
                return num(Fraction(bv) ** ev.numerator if ev < 0 else bv**ev)
            warnings.warn(ExactnessWarning(f"{bv}^{ev} is too large to compute exactly; it is kept as a power"))
            return _power_node(b, e)
        root = exact_root(bv, ev.denominator)
        if root is not None:
            return number_power(num(root), num(ev.numerator))
        return _power_node(b, e)
    try:
        r = float(bv) ** float(ev)
    except (OverflowError, ZeroDivisionError):
        return _power_node(b, e)
    if isinstance(r, complex) or not math.isfinite(r):
        return _power_node(b, e)
    return num(r)
