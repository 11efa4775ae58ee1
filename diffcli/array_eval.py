"""Numbers for arrays, with NumPy (imported here, so only when an array is evaluated).

Values follow the scalar rules (an intermediate infinity is fine, a NaN or
an infinite result is a MathError naming the operation). A vector's value
is a column, shape (n, 1); a 1x1 result is a float.

The sweeps' numbers come from the table's rules as the symbolic passes use
them: for each kind of operation (entry, argument shapes, which arguments
vary) the tangent or the adjoint is built once as an expression over
stand-ins for the arguments and evaluated with NumPy at each use.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy

from .codegen import compile_graph, template_function
from .diff import adjoints, tangent
from .expr import ZERO, Apply, Const, Num, Size, Var, postorder, size, var
from .rules import rule_of


@lru_cache(maxsize=None)
def implementation(rule):
    """The entry's value on arrays: its own, or its NumPy spelling, or its float rule where that works."""
    if rule.array_value is not None:
        return rule.array_value
    if rule.syntax is None and rule.numpy and rule.scalar:
        return template_function(rule.numpy, rule.arity, {"numpy": numpy})
    return rule.value


def values(order, root, point: dict, fail, sizes: dict | None = None) -> dict:
    """Every node's value; ``fail(node, exc)`` makes the error for a failing operation."""
    vals: dict = dict(point)
    overflowed = None
    with numpy.errstate(all="ignore"):
        for node in order:
            t = type(node)
            if t is Num:
                vals[node] = float(node)
            elif t is Var:
                vals[node] = vals[node.name]
            elif t is Const:
                vals[node] = node.payload.value
            elif t is Size:
                vals[node] = node.payload if isinstance(node.payload, int) else (sizes or {})[node.payload]
            else:
                args = [vals[a] for a in node.args]
                try:
                    v = implementation(rule_of(node))(*args)
                except (ValueError, ZeroDivisionError, OverflowError, TypeError, numpy.linalg.LinAlgError) as exc:
                    raise fail(node, exc) from None
                v = _plain(v, node.shape)
                if _has(v, math.isnan):
                    raise fail(overflowed or node, OverflowError() if overflowed else ValueError())
                if overflowed is None and _has(v, math.isinf):
                    overflowed = node
                vals[node] = v
    if _has(vals[root], math.isinf):
        raise fail(overflowed or root, OverflowError())
    return vals


def _plain(v, shape):
    if not shape and getattr(v, "size", 2) == 1:
        return float(numpy.asarray(v).reshape(()))
    return numpy.asarray(v, dtype=float) if not isinstance(v, float) else v


def _has(v, test) -> bool:
    if isinstance(v, float):
        return test(v)
    return bool((numpy.isnan(v) if test is math.isnan else numpy.isinf(v)).any())


def is_zero(v) -> bool:
    return not numpy.any(v)


def zeros(shape, sizes):
    return 0.0 if not shape else numpy.zeros(tuple(s if isinstance(s, int) else sizes[s] for s in shape))


@lru_cache(maxsize=4096)
def _stand_ins(rule, shapes: tuple, live: tuple, mode: str, subgradient: bool, same: tuple):
    """(the tangent or the adjoints as expressions, argument stand-ins, derivative stand-ins).

    ``same[i]`` is the first place of the argument at place i: an operand
    written twice is one stand-in.
    """
    args = tuple(var(f"#a{same[i]}", s) if isinstance(s, tuple) else size(s) for i, s in enumerate(shapes))
    node = Apply.make(rule, args, rule.shape_of(*args))
    if mode == "forward":
        ts = [var(f"#t{i}", shapes[i]) if i in live else ZERO for i in range(len(shapes))]
        return (tangent(node, ts, subgradient),), args, ts
    bar = var("#b", node.shape)
    return tuple(adjoints(node, bar, list(live), subgradient)), args, [bar]


@lru_cache(maxsize=4096)
def _compiled(rule, shapes: tuple, live: tuple, mode: str, subgradient: bool, same: tuple):
    """The stand-in expressions compiled once to straight-line NumPy code, and their parameters."""
    exprs, args, stand = _stand_ins(rule, shapes, live, mode, subgradient, same)
    params = [a for a in dict.fromkeys(args) if type(a) is Var] + [s for s in stand if s is not ZERO]
    if any(type(n) is Size and isinstance(n.payload, str) for e in exprs for n in postorder(e)):
        return None, exprs, args, stand  # a size known only at the point: interpreted
    return compile_graph(exprs, params, implementation), exprs, args, stand


def derivative_values(node, vals, live, mode, incoming, fail, sizes, subgradient=False):
    """The tangent of node (forward; incoming: the arguments' tangents) or its arguments' adjoints
    (reverse; incoming: [node's adjoint]), as numbers."""
    shapes = tuple(a.payload if type(a) is Size else a.shape for a in node.args)
    same = tuple(node.args.index(a) for a in node.args)
    f, exprs, args, stand = _compiled(rule_of(node), shapes, tuple(live), mode, subgradient, same)
    point = {a.name: vals[x] for a, x in zip(args, node.args) if type(a) is Var}
    point.update({s.name: v for s, v in zip(stand, incoming) if s is not ZERO})
    if f is not None:
        try:
            with numpy.errstate(all="ignore"):
                out = f(*(point[p] for p in dict.fromkeys(a.name for a in args if type(a) is Var)),
                        *(v for s, v in zip(stand, incoming) if s is not ZERO))
            out = [_plain(v, e.shape) for v, e in zip(out, exprs)]
            if not any(_has(v, math.isnan) or _has(v, math.isinf) for v in out):
                return out
        except (ValueError, ZeroDivisionError, OverflowError, TypeError, numpy.linalg.LinAlgError):
            pass  # the interpreter below says which operation fails
    out = []
    for e in exprs:
        order = postorder(e)
        out.append(values(order, e, point, lambda n, exc: fail(node, exc), sizes)[e])
    return out
