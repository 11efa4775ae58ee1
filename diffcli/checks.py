"""Four ways to a derivative, compared: symbolic, forward, reverse, finite differences.

Also the check of a user's own derivative against ours, at random points of
the domain and symbolically after simplification.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import algebra as A
from .errors import ExpansionTooLarge, MathError
from .expansion import expand
from .evaluate import evaluate, forward, partial_values, reverse, values
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

    equal: bool | None  # None: could not decide (no point where both are defined)
    how: str  # "symbolically ...", "numerically at N points", or what went wrong
    points: list
    counterexample: dict | None = None
    ours: float | None = None
    theirs: float | None = None


EPS = 2.0**-52
ANSWER_RTOL = 1e-8  # beyond the rounding bound, a relative margin
ROUNDING_MARGIN = 64.0  # the bound is first order: allow for what it leaves out


def with_rounding(root, point: dict) -> tuple[float, float]:
    """(value, bound on its rounding error): a running error analysis over the graph.

    Each operation adds half an ulp of its own value and passes its operands'
    errors on through its partials (the table entry's, as the sweeps use), so
    1 - tanh(u)^2 near tanh(u) = 1 carries an error of the size of its terms,
    not of its (tiny) value.
    """
    order = postorder(root)
    vals = values(root, point, order=order)
    if not isinstance(vals[root], float) or any(not isinstance(v, (int, float)) for v in point.values()):
        return vals[root], 0.0  # arrays: compared within the relative margin alone
    err: dict = {}
    for node in order:
        v = abs(vals[node])
        if not node.args:
            err[node] = 0.0 if type(node) is Var else EPS * v
            continue
        live = [i for i, a in enumerate(node.args) if err[node.args[i]]]
        try:
            parts = partial_values(node, vals, live, point) if live else []
        except MathError:  # a kink or an undefined partial: pass the errors on unscaled
            parts = [1.0] * len(live)
        err[node] = EPS * v + sum(abs(p) * err[node.args[i]] for p, i in zip(parts, live))
    return vals[root], err[root]


def _agree(a, ea, b, eb) -> bool:
    if not (isinstance(a, float) and isinstance(b, float)):
        return _close(a, b, ANSWER_RTOL, 1e-12)
    return abs(a - b) <= ROUNDING_MARGIN * (ea + eb) + ANSWER_RTOL * max(abs(a), abs(b)) + 1e-300


def _candidates(names, center: dict, rng, tries: int):
    """Points to try: the given one first, then ever wider around it, some on the positive side."""
    if center and all(n in center for n in names):
        yield dict(center)
    scales = (0.1, 0.5, 1.0, 3.0, 10.0, 30.0, 100.0, 1000.0)
    for i in range(tries):
        s = scales[min(i * len(scales) // tries, len(scales) - 1)]
        point = {n: center.get(n, 0.0) + rng.uniform(-s, s) for n in names}
        if i % 3 == 1:  # many functions live on positive numbers only
            point = {n: abs(v) + 0.05 for n, v in point.items()}
        yield point


def check_answer(function, ours, theirs, inputs: list[str], at: dict | None = None, seed: int = 0,
                 want: int = 8, tries: int = 800) -> AnswerCheck:
    """Is the user's derivative ``theirs`` the same function as ``ours`` (the derivative of ``function``)?

    Symbolically when the difference simplifies (or expands) to 0; otherwise
    numerically, at points where the function and our derivative are defined,
    starting from ``at`` and widening, each compared within its rounding error.
    """
    difference = A.add(ours, A.neg(theirs))
    try:
        if difference is ZERO or expand(difference) is ZERO:
            return AnswerCheck(True, "symbolically (they simplify to the same expression)", [])
    except ExpansionTooLarge:
        pass  # too large to multiply out: the numbers decide
    rng = random.Random(seed)
    names = list(dict.fromkeys(list(inputs) + [n.name for n in postorder(theirs) if type(n) is Var]))
    good, theirs_undefined = [], None
    for point in _candidates(names, at or {}, rng, tries):
        try:
            values(function, point)
            a, ea = with_rounding(ours, point)
        except MathError:
            continue  # outside the function's domain, or at a kink
        try:
            b, eb = with_rounding(theirs, point)
        except MathError:
            theirs_undefined = theirs_undefined or point
            continue
        if not _agree(a, ea, b, eb):
            return AnswerCheck(False, "they differ", good, point, a, b)
        good.append(point)
        if len(good) >= want:
            break
    if good:
        return AnswerCheck(True, f"numerically, at {len(good)} point{'s' * (len(good) > 1)}", good)
    if theirs_undefined is not None:
        return AnswerCheck(False, "the answer is undefined where the derivative is defined", [], theirs_undefined,
                           evaluate(ours, theirs_undefined), None)
    return AnswerCheck(None, "could not decide: no point was found where the function and its derivative "
                             "are both defined", [])
