"""Numeric evaluation, and the forward (tangent) and reverse (adjoint) sweeps.

All three walk a topological order of the DAG once; nothing recurses. A
failure at the point (a logarithm of a negative number, a division by zero,
an overflow) becomes a MathError naming the operation and the point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .errors import MathError
from .expr import Add, Apply, Call, Const, Mul, Num, Pow, Var, postorder
from .functions import CONSTANTS, _pow_float

_REASONS = {
    ValueError: "outside its domain",
    ZeroDivisionError: "division by zero",
    OverflowError: "the result overflows a double",
}


def describe_point(point: dict) -> str:
    return ", ".join(f"{k}={format_number(v)}" for k, v in point.items())


def format_number(v: float, digits: int | None = None) -> str:
    if digits is not None:
        return f"{v:.{digits}f}"
    if math.isfinite(v) and v == int(v) and abs(v) < 1e16:
        return str(int(v))
    return repr(v)


def _fail(node, point, exc, what="") -> MathError:
    from .printing import to_text

    text = to_text(node, limit=60)
    where = f" at {describe_point(point)}" if point else ""
    if isinstance(exc, OverflowError):
        return MathError(f"{what}{text} overflows a double{where}")
    reason = next((r for t, r in _REASONS.items() if isinstance(exc, t)), str(exc))
    return MathError(f"{what}{text} is undefined{where} ({reason})")


def _local(node, vals):
    """The value of one node from its arguments' values."""
    t = type(node)
    if t is Num:
        return float(node.value)
    if t is Var:
        return vals[node.name]
    if t is Const:
        return CONSTANTS[node.name]
    args = [vals[a] for a in node.args]
    if t is Apply:
        return node.prim.evaluate(*args)
    if t is Add:
        return math.fsum(args)
    if t is Mul:
        r = 1.0
        for a in args:
            r *= a
        return r
    if t is Pow:
        return _pow_float(*args)
    if t is Call:
        return node.fn.evaluate(*args)
    raise TypeError(t.__name__)


def values(root, point: dict, what: str = "", order=None) -> dict:
    """Every node's value at the point (keyed by node; variables also by name)."""
    vals: dict = dict(point)
    for node in order or postorder(root):
        try:
            v = _local(node, vals)
        except (ValueError, ZeroDivisionError, OverflowError) as exc:
            raise _fail(node, point, exc, what) from None
        if isinstance(v, complex) or not math.isfinite(v):
            raise _fail(node, point, OverflowError() if isinstance(v, float) and math.isinf(v) else ValueError(), what)
        vals[node] = v
    return vals


def evaluate(root, point: dict, what: str = "") -> float:
    return values(root, point, what)[root]


@dataclass
class Sweep:
    """What a sweep computed, per node, for the trace tables to print."""

    order: list  # the nodes in the order they were evaluated
    value: dict  # node -> value
    tangent: dict = field(default_factory=dict)  # node -> dv (forward)
    adjoint: dict = field(default_factory=dict)  # node -> vbar (reverse, final)
    steps: list = field(default_factory=list)  # reverse: (node, arg index, arg, contribution, first?)


def _partials(node, vals, point):
    args = [vals[a] for a in node.args]
    try:
        parts = node.prim.dfloat(vals[node], *args)
    except (ValueError, ZeroDivisionError, OverflowError) as exc:
        raise _fail(node, point, exc, "the derivative of ") from None
    return parts


def _check(node, value, point):
    if isinstance(value, complex) or not math.isfinite(value):
        raise _fail(node, point, ValueError(), "the derivative of ")
    return value


def forward(root, point: dict, seed: dict, order=None) -> Sweep:
    """One tangent per node for the direction ``seed`` (variable -> dx)."""
    order = order or postorder(root)
    vals = values(root, point, order=order)
    tan: dict = {}
    for node in order:
        if not node.has_var:
            tan[node] = 0.0
        elif type(node) is Var:
            tan[node] = float(seed.get(node.name, 0.0))
        else:
            parts = _partials(node, vals, point)
            total = 0.0
            for a, p in zip(node.args, parts):
                if a.has_var and tan[a] != 0.0:
                    total += _check(node, tan[a] * p, point)
            tan[node] = total
    return Sweep(order, vals, tangent=tan)


def reverse(root, point: dict, order=None) -> Sweep:
    """Adjoints of every node for the output ``root``, in one backward pass."""
    order = order or postorder(root)
    vals = values(root, point, order=order)
    adj: dict = {root: 1.0}
    steps = []
    for node in reversed(order):
        if type(node) is not Apply or node not in adj:
            continue
        parts = _partials(node, vals, point)
        bar = adj[node]
        for i, (a, p) in enumerate(zip(node.args, parts)):
            if not a.has_var:
                continue
            contrib = _check(node, bar * p, point) if bar != 0.0 else 0.0
            first = a not in adj
            adj[a] = contrib if first else adj[a] + contrib
            steps.append((node, i, a, adj[a], first))
    return Sweep(order, vals, adjoint=adj, steps=steps)


def gradient(root, point: dict, names: list) -> list:
    sweep = reverse(root, point)
    by_name = {n.name: sweep.adjoint.get(n, 0.0) for n in sweep.order if type(n) is Var}
    return [by_name.get(name, 0.0) for name in names]
