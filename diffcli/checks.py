"""Four ways to a derivative, compared: symbolic, forward, reverse, finite differences.

Also the check of a user's own derivative against ours, at random points of
the domain and symbolically after simplification.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import algebra as A
from .errors import MathError
from .evaluate import evaluate, forward, reverse
from .expr import ZERO, Var, postorder

# agreement beyond rounding: symbolic, forward and reverse differ only by
# rounding; a central difference with step h ~ eps^(1/3) carries O(h^2) error
EXACT_RTOL = 1e-9
FD_RTOL = 1e-5


@dataclass
class Comparison:
    """One variable's derivative four ways: numbers, or arrays flattened [outputs..., inputs...]."""

    variable: str
    symbolic: object
    forward: object
    reverse: object
    finite: object
    step: float
    agree: bool

    def spread(self) -> tuple[float, float]:
        """Largest absolute and relative difference from the symbolic value."""
        vals = [self.forward, self.reverse] + ([self.finite] if self.finite is not None else [])
        a = max(_max_abs(_minus(v, self.symbolic)) for v in vals)
        size = _max_abs(self.symbolic)
        return a, a / max(size, 1e-300) if size else a

    def as_json(self):
        a, r = self.spread()
        return {"variable": self.variable, "symbolic": _plain(self.symbolic), "forward": _plain(self.forward),
                "reverse": _plain(self.reverse), "finite_difference": _plain(self.finite), "step": self.step,
                "abs_diff": a, "rel_diff": r, "agree": self.agree}


def _minus(a, b):
    return a - b


def _max_abs(v) -> float:
    return float(abs(v)) if isinstance(v, float) else float(abs(v).max())


def _plain(v):
    return v if v is None or isinstance(v, float) else [float(x) for x in v]


def _close(a, b, rtol: float, scale: float) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= rtol * max(abs(a), abs(b), scale)
    return bool((abs(a - b) <= rtol * max(_max_abs(a), _max_abs(b), scale)).all())


def central_difference(raw, point: dict, name: str, sizes=None):
    """(df/dname, step); None for the value where f is undefined nearby. By an array: entry by entry."""
    x = point[name]
    if isinstance(x, float):
        h = 6.055454e-6 * max(1.0, abs(x))  # cube root of machine epsilon, scaled
        try:
            up = evaluate(raw, {**point, name: x + h}, sizes=sizes)
            down = evaluate(raw, {**point, name: x - h}, sizes=sizes)
        except MathError:
            return None, h
        return _flat((up - down) / (2 * h)), h
    columns, h = [], 6.055454e-6 * max(1.0, float(abs(x).max()))
    for k in range(x.size):
        unit = x * 0.0
        unit.flat[k] = h
        try:
            up = evaluate(raw, {**point, name: x + unit}, sizes=sizes)
            down = evaluate(raw, {**point, name: x - unit}, sizes=sizes)
        except MathError:
            return None, h
        columns.append(_flat((up - down) / (2 * h)))
    return _by_columns(columns), h


def _flat(v):
    return v if isinstance(v, float) else v.reshape(-1)


def _by_columns(columns):
    """d[output, input] from one column per input entry, flattened output-major."""
    import numpy

    return numpy.column_stack([numpy.atleast_1d(c) for c in columns]).reshape(-1)


def _unit_directions(x):
    if isinstance(x, float):
        yield 1.0
        return
    for k in range(x.size):
        unit = x * 0.0
        unit.flat[k] = 1.0
        yield unit


def compare(function, point: dict, names: list[str], sizes=None, subgradient: bool = False) -> list[Comparison]:
    """The four derivatives of a parsed function (an ``Expression``) at a point, by each variable."""
    raw = function.raw
    fvalue = evaluate(raw, point, sizes=sizes)
    out = []
    for name in names:
        sym = _flat(function.diff(name, subgradient=subgradient).evaluate(point))
        fwd = [_flat(forward(raw, point, {name: d}, sizes=sizes, subgradient=subgradient).tangent.get(raw, 0.0 * d))
               for d in _unit_directions(point[name])]
        fwd = fwd[0] if isinstance(point[name], float) else _by_columns(fwd)
        rows = []
        for g in _unit_directions(fvalue):
            rev = reverse(raw, point, sizes=sizes, seed=g, subgradient=subgradient)
            by_name = {n.name: rev.adjoint.get(n, 0.0 * point[name]) for n in rev.order if type(n) is Var}
            rows.append(_flat(by_name.get(name, 0.0 * point[name])))
        rv = rows[0] if len(rows) == 1 else _stack_rows(rows)
        fd, h = central_difference(raw, point, name, sizes)
        scale = max(1.0, _max_abs(fvalue)) * 1e-3  # rounding in f(x+h) - f(x-h) is about eps*|f|/h
        size = max(1.0, _max_abs(fvalue))  # rounding is relative to the terms, not to a derivative near 0
        ok = _close(sym, fwd, EXACT_RTOL, size) and _close(sym, rv, EXACT_RTOL, size)
        if fd is not None:
            ok = ok and _close(sym, fd, FD_RTOL, scale)
        out.append(Comparison(name, sym, fwd, rv, fd, h, ok))
    return out


def _stack_rows(rows):
    import numpy

    return numpy.vstack([numpy.atleast_1d(r) for r in rows]).reshape(-1)


@dataclass
class AnswerCheck:
    """Whether a user's derivative is ours: how it was decided, and a point where they differ if they do."""

    equal: bool
    how: str  # "symbolically", "numerically at N points", or the counterexample
    points: list
    counterexample: dict | None = None
    ours: float | None = None
    theirs: float | None = None


def check_answer(ours, theirs, inputs: list[str], seed: int = 0, want: int = 8, tries: int = 400) -> AnswerCheck:
    """Is the user's derivative ``theirs`` the same function as ``ours``?"""
    difference = A.add(ours, A.neg(theirs))
    if difference is ZERO or A.expand(difference) is ZERO:
        return AnswerCheck(True, "symbolically (they simplify to the same expression)", [])
    rng = random.Random(seed)
    names = sorted(set(inputs) | {n.name for n in postorder(theirs) if type(n) is Var})
    good = []
    for i in range(tries):
        spread = 3.0 if i < tries // 2 else 0.9
        point = {n: round(rng.uniform(-spread, spread), 6) for n in names}
        if i % 3 == 1:  # many functions live on positive numbers only
            point = {n: abs(v) + 0.05 for n, v in point.items()}
        try:
            a = evaluate(ours, point)
            b = evaluate(theirs, point)
        except MathError:
            continue
        if not _close(a, b, 1e-8, 1e-10):
            return AnswerCheck(False, "they differ", good, point, a, b)
        good.append(point)
        if len(good) >= want:
            break
    if not good:
        return AnswerCheck(False, "no point was found where both are defined", [])
    return AnswerCheck(True, f"numerically, at {len(good)} random points", good)

