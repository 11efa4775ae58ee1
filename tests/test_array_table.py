"""Every array operation of the table, walked: a new entry is tested without writing a test.

For each entry and each combination of argument shapes its own shape rule
accepts, at a random point in its domain, the function s = sum(r .* f(args))
(r random and fixed) is differentiated by each argument three ways — the
symbolic reverse pass, the numeric forward sweep along a random direction,
the numeric reverse sweep — and each is compared with NumPy central
differences of the entry's value.
"""

import itertools

import numpy as np
import pytest

from diffcli.canonical import canonical
from diffcli.diff import gradient
from diffcli.errors import ShapeError
from diffcli.evaluate import evaluate, forward, reverse
from diffcli.expr import size, var, written
from diffcli.rules import TABLE, VARIADIC, operations
from diffcli.shapes import EXACT

SHAPES = [(3, 1), (3, 3), (2, 3), (3, 2), (1, 3), ()]
ENTRIES = sorted((e for e in operations() if not e.scalar or e.array_only), key=lambda e: e.name)
EMUL = TABLE["emul"]
SUM = TABLE["sum"]


def _combos(entry):
    arity = 2 if entry.arity == VARIADIC else entry.arity
    free = arity - entry.sizes
    out = []
    for shapes in itertools.product(SHAPES, repeat=free):
        if not any(shapes) and entry.sizes == 0:
            continue
        sizes = [3] * entry.sizes
        try:
            out_shape = entry.shape(EXACT, *shapes, *sizes) if entry.shape else EXACT.common(*shapes)
        except ShapeError:
            continue
        out.append((shapes, tuple(sizes), out_shape))
    return out[:4]


def _value(rng, shape, entry, i):
    if not shape:
        return float(rng.uniform(0.5, 1.5))
    a = rng.normal(size=shape)
    if shape[0] == shape[1]:  # square: positive definite, for det, logdet and inv
        a = a @ a.T + shape[0] * np.eye(shape[0])
    if entry.name in ("epow", "ediv") or (entry.name == "norm1"):
        a = np.abs(a) + 0.5  # positive bases, nonzero divisors and entries away from norm1's kink
    return a


CASES = [pytest.param(e, shapes, sizes, o, id=f"{e.name}:{'/'.join(map(str, shapes))}")
         for e in ENTRIES for shapes, sizes, o in _combos(e)]


def test_every_array_entry_has_shapes_to_test():
    names = {c.values[0].name for c in CASES}
    missing = [e.name for e in ENTRIES if e.name not in names and not (e.sizes and e.arity == e.sizes)]
    assert not missing, f"no shape combination accepted for {missing}"


@pytest.mark.parametrize("entry, shapes, sizes, out_shape", CASES)
def test_derivatives_of_array_entries_match_central_differences(entry, shapes, sizes, out_shape):
    rng = np.random.default_rng(abs(hash((entry.name, shapes))) % 2**32)
    args = [var(f"a{i}", s) for i, s in enumerate(shapes)]
    f = written(entry, *args, *(size(n) for n in sizes))
    r = var("r", f.shape)
    s = written(SUM, written(EMUL, r, f)) if f.shape else written(TABLE["mul"], r, f)
    point = {a.name: _value(rng, sh, entry, i) for i, (a, sh) in enumerate(zip(args, shapes))}
    point["r"] = rng.normal(size=f.shape) if f.shape else 1.3
    symbolic = gradient(canonical(s), [a.name for a in args])
    rev = reverse(s, point)
    adjoint = {n.name: rev.adjoint.get(n, 0.0) for n in rev.order if type(n).__name__ == "Var"}
    for a, sym in zip(args, symbolic):
        x = point[a.name]
        fd = _central(lambda v: evaluate(s, {**point, a.name: v}), x)
        if entry.detached:
            fd = 0 * fd  # detach: no derivative by definition
        got = np.broadcast_to(evaluate(sym, point), np.shape(fd)) if np.shape(fd) else evaluate(sym, point)
        tol = 1e-6 * max(1.0, abs(float(evaluate(s, point))))  # central differences lose digits to |s|
        assert np.allclose(got, fd, rtol=1e-6, atol=tol), (entry.name, a.name, shapes)
        assert np.allclose(np.broadcast_to(adjoint.get(a.name, 0.0), np.shape(fd)), fd, rtol=1e-6, atol=tol)
        direction = rng.normal(size=np.shape(x)) if np.shape(x) else 0.7
        tangent = forward(s, point, {a.name: direction}).tangent[s]
        assert np.isclose(tangent, np.sum(fd * direction), rtol=1e-6, atol=tol * 10), (entry.name, a.name, shapes)


def _central(f, x, h=1e-6):
    if not np.shape(x):
        return (f(x + h) - f(x - h)) / (2 * h)
    out = np.zeros_like(x)
    for k in range(x.size):
        e = np.zeros_like(x)
        e.flat[k] = h
        out.flat[k] = (f(x + e) - f(x - e)) / (2 * h)
    return out
