"""Numeric evaluation, and the forward (tangent) and reverse (adjoint) sweeps.

All three walk a topological order of the DAG once; nothing recurses. Values
follow IEEE arithmetic: an intermediate may overflow to infinity when the
result does not need it (1/(1 + exp(800)) is 0); a result that is infinite
or not a number, or an operation outside its domain (the logarithm of a
negative number, a division by zero), is a MathError naming the operation.

The numbers a sweep multiplies by are each entry's symbolic partials,
compiled once per entry (``numeric_partials``): no derivative is written
here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from .codegen import compile_graph
from .errors import KinkError, MathError
from .expr import Const, Num, Var, interned_constants, postorder
from .partials import arguments_of, constant_places, partial_graph, same_places
from .numformat import describe_point
from .printing import to_text
from .rules import rule_of

_REASONS = {
    ValueError: "outside its domain",
    ZeroDivisionError: "division by zero",
    OverflowError: "the result overflows a double",
}


def _fail(node, point, exc, what="") -> MathError:
    text = to_text(node, limit=60)
    where = f" at {describe_point(point)}" if point else ""
    if isinstance(exc, OverflowError):
        return MathError(f"{what}{text} overflows a double{where}")
    reason = next((r for t, r in _REASONS.items() if isinstance(exc, t)), str(exc))
    return MathError(f"{what}{text} is undefined{where} ({reason})")


def has_arrays(order, point) -> bool:
    """Does this evaluation involve an array (then NumPy computes it)?"""
    return any(n.shape for n in order) or any(not isinstance(v, (int, float)) for v in point.values())


def values(root, point: dict, what: str = "", order=None, sizes=None) -> dict:
    """Every node's value at the point (keyed by node; variables also by name)."""
    order = order or postorder(root)
    if has_arrays(order, point):
        from . import array_eval

        return array_eval.values(order, root, point, lambda node, exc: _fail(node, point, exc, what), sizes)
    vals: dict = dict(point)
    overflowed = None  # the first operation whose value went past the largest double
    # where(c, a, b) takes one branch: an operation undefined in the other is set aside, not an error
    lazy = None  # is there such a where? asked at the first failure only
    dead: set = set()
    for node in order:
        t = type(node)
        if t is Num:
            vals[node] = float(node)
            continue
        if t is Var:
            vals[node] = vals[node.name]
            continue
        if t is Const:
            vals[node] = node.payload.value
            continue
        args = [vals[a] for a in node.args]
        if dead and any(a in dead for a in node.args):
            vals[node] = _around(node, args, dead)
            continue
        try:
            v = rule_of(node).value(*args)
        except (ValueError, ZeroDivisionError, OverflowError, TypeError) as exc:
            lazy = _has_lazy(order) if lazy is None else lazy
            if not lazy:
                raise _fail(node, point, exc, what) from None
            v = Undefined(_fail(node, point, exc, what))
        else:
            if v != v or isinstance(v, complex):  # NaN: inf - inf, 0*inf, or a domain error
                error = _fail(overflowed or node, point, OverflowError() if overflowed else ValueError(), what)
                lazy = _has_lazy(order) if lazy is None else lazy
                if not lazy:
                    raise error
                v = Undefined(error)
        if type(v) is Undefined:
            dead.add(node)
        elif overflowed is None and (v == math.inf or v == -math.inf):
            overflowed = node
        vals[node] = v
    if type(vals[root]) is Undefined:
        raise vals[root].error
    if dead:  # several roots (a gradient's partials): each must be defined
        used = {a for n in order for a in n.args}
        for n in order:
            if n in dead and n not in used:
                raise vals[n].error
    if not math.isfinite(vals[root]):
        raise _fail(overflowed or root, point, OverflowError(), what)
    if dead:
        vals[Undefined] = dead
    return vals


def _has_lazy(order) -> bool:
    return any(n.args and rule_of(n).lazy for n in order)


class Undefined:
    """The value of an operation undefined at the point, while only a branch not taken uses it.

    ``values`` keeps the set of such nodes under the key ``Undefined``; the sweeps skip them.
    """

    __slots__ = ("error",)

    def __init__(self, error: MathError):
        self.error = error


def _around(node, args, dead):
    """An operation with an undefined argument: undefined too, unless it is lazy and picks another."""
    entry = rule_of(node)
    if entry.lazy and type(args[0]) is not Undefined:
        v = args[entry.value(args[0], *range(1, len(args)))]  # the lazy value picks an argument: its index
    else:
        v = next(a for a in args if type(a) is Undefined)
    if type(v) is Undefined:
        dead.add(node)
    return v


def evaluate(root, point: dict, what: str = "", sizes=None):
    return values(root, point, what, sizes=sizes)[root]


_undefined: dict = {}  # constant node -> why it has no value (None: it has one), as found


def undefined_constants() -> dict:
    """{node: reason} for every constant operation ever built that has no value (ln(0), (-8)^(1/3))."""
    out = {}
    for node in interned_constants():
        if node not in _undefined:
            found = undefined_constant(node)
            _undefined[node] = found[1] if found is not None and found[0] is node else None
        if _undefined[node] is not None:
            out[node] = _undefined[node]
    return out


def undefined_constant(root):
    """A constant part that has no value anywhere (ln(0), (-8)^(1/3)): (node, reason), or None.

    Overflow is not undefined here: a huge constant may still cancel or shrink.
    """
    vals: dict = {}
    for node in postorder(root):
        if node.has_var or node.shape or any(a not in vals for a in node.args):
            continue  # arrays (eye, vector) are no scalar constant
        t = type(node)
        if t is Num or t is Const:
            vals[node] = float(node) if t is Num else node.payload.value
            continue
        if not node.args:  # a size (vector(1) of n), not a number
            continue
        try:
            v = rule_of(node).value(*(vals[a] for a in node.args))
        except OverflowError:
            v = math.inf
        except (ValueError, ZeroDivisionError, TypeError) as exc:
            return node, next((r for k, r in _REASONS.items() if isinstance(exc, k)), "outside its domain")
        if isinstance(v, complex) or (v != v and not any(vals[a] != vals[a] or math.isinf(vals[a])
                                                        for a in node.args)):
            return node, "outside its domain"
        vals[node] = v
    return None


@lru_cache(maxsize=4096)
def numeric_partials(rule, arity: int, live: tuple, subgradient: bool = False, same: tuple | None = None,
                     constants: tuple = ()):
    """f(out, *distinct args) -> the partials by the arguments in ``live``: the entry's rule, compiled.

    Returns (f, takes_out): whether f's first parameter is the output's value.
    """
    parts, params, with_out = partial_graph(rule, arity, live, subgradient, same, constants)
    return compile_graph(list(parts), list(params)), with_out


def partial_values(node, vals, live, point, subgradient=False):
    same = same_places(node)
    f, with_out = numeric_partials(rule_of(node), len(node.args), tuple(live), subgradient, same,
                                   constant_places(node))
    args = [vals[a] for a in arguments_of(node, same)]
    try:
        parts = f(vals[node], *args) if with_out else f(*args)
    except (ValueError, ZeroDivisionError, OverflowError) as exc:
        raise _kink_or_fail(node, vals, point, exc) from None
    for p in parts:
        if p != p or p in (math.inf, -math.inf):
            raise _kink_or_fail(node, vals, point, ValueError())
    return parts


def _kink_or_fail(node, vals, point, exc):
    kink = rule_of(node).kink
    if kink is not None and kink(*(vals[a] for a in node.args)):
        return kink_error(node, point)
    return _fail(node, point, exc, "the derivative of ")


def kink_error(node, point) -> KinkError:
    text = to_text(node, limit=60)
    where = f" at {describe_point(point)}" if point else ""
    return KinkError(f"{text} has a kink{where}: it has no derivative there", text, point)


def find_kink(root, point: dict, sizes=None, vals=None, order=None):
    """The first operation of the function that sits on its kink at the point, or None.

    ``vals`` and ``order``: the function's values at the point and its order, where already known."""
    order = order or postorder(root)
    vals = vals if vals is not None else values(root, point, order=order, sizes=sizes)
    dead = vals.get(Undefined, ())
    for node in order:
        if node.args and node.has_var and node not in dead and not any(a in dead for a in node.args):
            kink = rule_of(node).kink
            if kink is not None and kink(*(vals[a] for a in node.args)):
                return node
    return None


@dataclass
class Sweep:
    """What a sweep computed, per node, for the trace tables to print."""

    order: list  # the nodes in the order they were evaluated
    value: dict  # node -> value
    tangent: dict = field(default_factory=dict)  # node -> dv (forward)
    adjoint: dict = field(default_factory=dict)  # node -> vbar (reverse, final)
    steps: list = field(default_factory=list)  # reverse: (node, arg index, arg, total so far, first?)


def _finite(node, value, point):
    if value != value or value in (math.inf, -math.inf):
        raise _fail(node, point, OverflowError(), "the derivative of ")
    return value


def forward(root, point: dict, seed: dict, order=None, subgradient: bool = False, sizes=None) -> Sweep:
    """One tangent per node for the direction ``seed`` (variable -> dx)."""
    order = order or postorder(root)
    vals = values(root, point, order=order, sizes=sizes)
    if has_arrays(order, point):
        return _array_forward(order, vals, point, seed, subgradient, sizes)
    tan: dict = {}
    dead = vals.get(Undefined, ())
    for node in order:
        if not node.has_var or node in dead:  # an undefined node only feeds a branch not taken
            tan[node] = 0.0
        elif type(node) is Var:
            tan[node] = float(seed.get(node.name, 0.0))
        else:
            live = [i for i, a in enumerate(node.args) if a.has_var and tan[a] != 0.0]
            total = 0.0
            if live:
                for i, p in zip(live, partial_values(node, vals, live, point, subgradient)):
                    total += tan[node.args[i]] * p
            tan[node] = _finite(node, total, point)
    return Sweep(order, vals, tangent=tan)


def reverse(root, point: dict, order=None, subgradient: bool = False, sizes=None, seed=1.0, wanted=None) -> Sweep:
    """Adjoints of every node for the output ``root``, in one backward pass.

    With ``wanted`` (variable names), only the adjoints that lead to them are
    computed: the gradient by w of norm2(X*w - y)^2 never forms X's.
    """
    order = order or postorder(root)
    vals = values(root, point, order=order, sizes=sizes)
    if has_arrays(order, point):
        return _array_reverse(order, vals, point, root, seed, subgradient, sizes, _leading_to(order, wanted))
    adj: dict = {root: 1.0}
    steps = []
    dead = vals.get(Undefined, ())
    for node in reversed(order):
        if not node.args or node not in adj or node in dead:
            continue
        live = [i for i, a in enumerate(node.args) if a.has_var]
        if not live:  # a constant output (-exp(1)): nothing flows back
            continue
        bar = adj[node]
        parts = partial_values(node, vals, live, point, subgradient) if bar != 0.0 else [0.0] * len(live)
        for i, p in zip(live, parts):
            a = node.args[i]
            contrib = _finite(node, bar * p, point)
            first = a not in adj
            adj[a] = contrib if first else adj[a] + contrib
            steps.append((node, i, a, adj[a], first))
    return Sweep(order, vals, adjoint=adj, steps=steps)


def _array_forward(order, vals, point, seed, subgradient, sizes) -> Sweep:
    from . import array_eval as AE

    tan: dict = {}
    fail = _fail_derivative(point)
    for node in order:
        if not node.has_var:
            tan[node] = 0.0
        elif type(node) is Var:
            tan[node] = seed.get(node.name, AE.zeros(node.shape, sizes))
        else:
            live = [i for i, a in enumerate(node.args) if a.has_var and not AE.is_zero(tan[a])]
            tan[node] = (AE.derivative_values(node, vals, live, "forward", [tan.get(a, 0.0) for a in node.args],
                                              fail, sizes, subgradient)[0]
                         if live else AE.zeros(node.shape, sizes))
    return Sweep(order, vals, tangent=tan)


def _leading_to(order, wanted):
    """The nodes that depend on one of the wanted variables (None: all that depend on any)."""
    if wanted is None:
        return None
    out = set()
    for node in order:
        if (type(node) is Var and node.name in wanted) or any(a in out for a in node.args):
            out.add(node)
    return out


def _array_reverse(order, vals, point, root, seed, subgradient, sizes, leads=None) -> Sweep:
    from . import array_eval as AE

    adj: dict = {root: seed}
    steps = []
    fail = _fail_derivative(point)
    for node in reversed(order):
        if not node.args or node not in adj:
            continue
        live = [i for i, a in enumerate(node.args) if a.has_var and (leads is None or a in leads)]
        if not live:
            continue
        parts = AE.derivative_values(node, vals, live, "reverse", [adj[node]], fail, sizes, subgradient)
        for i, p in zip(live, parts):
            a = node.args[i]
            first = a not in adj
            adj[a] = p if first else adj[a] + p
            steps.append((node, i, a, adj[a], first))
    return Sweep(order, vals, adjoint=adj, steps=steps)


def _fail_derivative(point):
    return lambda node, exc: _fail(node, point, exc, "the derivative of ")


def gradient(root, point: dict, names: list, subgradient: bool = False, sizes=None) -> list:
    sweep = reverse(root, point, subgradient=subgradient, sizes=sizes, wanted=set(names))
    by_name = {n.name: sweep.adjoint.get(n, 0.0) for n in sweep.order if type(n) is Var}
    return [by_name.get(name, 0.0) for name in names]


def boundaries(root, point: dict, order=None) -> list:
    """The operations with a boundary (x > 0) whose arguments sit exactly on it at the point."""
    order = order or postorder(root)
    if not any(n.args and rule_of(n).boundary for n in order) or has_arrays(order, point):
        return []
    vals = values(root, point, order=order)
    dead = vals.get(Undefined, ())
    out = []
    for node in order:
        entry = rule_of(node) if node.args else None
        if entry is not None and entry.boundary and node not in dead and not any(a in dead for a in node.args):
            if entry.boundary(*(vals[a] for a in node.args)):
                out.append(node)
    return out
