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
    variable: str
    symbolic: float
    forward: float
    reverse: float
    finite: float | None
    step: float
    agree: bool

    def spread(self) -> tuple[float, float]:
        """Largest absolute and relative difference from the symbolic value."""
        vals = [self.forward, self.reverse] + ([self.finite] if self.finite is not None else [])
        a = max(abs(v - self.symbolic) for v in vals)
        return a, a / max(abs(self.symbolic), 1e-300) if self.symbolic else a

    def as_json(self):
        a, r = self.spread()
        return {"variable": self.variable, "symbolic": self.symbolic, "forward": self.forward,
                "reverse": self.reverse, "finite_difference": self.finite, "step": self.step,
                "abs_diff": a, "rel_diff": r, "agree": self.agree}


def _close(a: float, b: float, rtol: float, scale: float) -> bool:
    return abs(a - b) <= rtol * max(abs(a), abs(b), scale)


def central_difference(raw, point: dict, name: str):
    """(df/dname, step); None for the value where f is undefined nearby."""
    x = point[name]
    h = 6.055454e-6 * max(1.0, abs(x))  # cube root of machine epsilon, scaled
    try:
        up = evaluate(raw, {**point, name: x + h})
        down = evaluate(raw, {**point, name: x - h})
    except MathError:
        return None, h
    return (up - down) / (2 * h), h


def compare(function, point: dict, names: list[str], sizes=None) -> list[Comparison]:
    """The four derivatives of a parsed function (an ``api.Expression``) at a point, by each variable."""
    raw = function.raw
    rev = reverse(raw, point)
    by_name = {n.name: rev.adjoint.get(n, 0.0) for n in rev.order if type(n) is Var}
    fvalue = rev.value[raw]
    out = []
    for name in names:
        sym = function.diff(name).evaluate(point)
        fwd_sweep = forward(raw, point, {name: 1.0})
        fwd = fwd_sweep.tangent.get(raw, 0.0)
        rv = by_name.get(name, 0.0)
        fd, h = central_difference(raw, point, name)
        scale = max(1.0, abs(fvalue)) * 1e-8
        ok = _close(sym, fwd, EXACT_RTOL, 1e-12) and _close(sym, rv, EXACT_RTOL, 1e-12)
        if fd is not None:
            ok = ok and _close(sym, fd, FD_RTOL, scale + 1e-6)
        out.append(Comparison(name, sym, fwd, rv, fd, h, ok))
    return out


@dataclass
class AnswerCheck:
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

