"""Many points at once (diffcli.api.Many): compiled rows are the one-point path's numbers bit for bit,
the vectorised rows agree with them, and a failure is the same failure."""

import math
import re

import pytest
from hypothesis import assume, given, settings, strategies as st

import diffcli
from diffcli.api import Many
from diffcli.errors import MathError
from diffcli.evaluate import evaluate, gradient
from helpers import expressions, points

KINKY = st.tuples(st.sampled_from(["abs", "relu", "sign", "sqrt"]), expressions).map(lambda t: f"{t[0]}({t[1]})")
formulas = st.one_of(expressions, KINKY, st.tuples(KINKY, expressions).map(lambda t: f"{t[0]}*{t[1]}")).filter(
    lambda s: "x" in s or "y" in s)
batches = st.lists(points, min_size=1, max_size=6)


def _rows(f, batch):
    return [tuple(p[n] for n in f.variables) for p in batch]


def _same(a, b):
    if isinstance(a, Exception) or isinstance(b, Exception):
        return type(a) is type(b) and str(a) == str(b)
    return a == b


@settings(max_examples=400, deadline=None)
@given(formulas, points)
def test_compiled_is_the_interpreter_bit_for_bit_and_fails_the_same_way(text, point):
    f = diffcli.parse(text)
    p = {n: point[n] for n in f.variables}
    try:
        c = f.compile()
    except MathError as e:  # ln(-1) written in it: undefined everywhere, said before any code is made
        assert "everywhere" in str(e)
        with pytest.raises(MathError):
            f.evaluate(p)
        return
    for compiled, interpreted in ((lambda: c(**p), lambda: evaluate(f.raw, p)),
                                  (lambda: c.gradient(**p), lambda: (evaluate(f.raw, p),
                                                                    gradient(f.raw, p, f.variables)))):
        try:
            want = interpreted()
        except MathError as e:
            with pytest.raises(type(e)) as got:
                compiled()
            assert str(got.value) == str(e)
            continue
        got = compiled()
        assert got == (want[0], list(want[1])) if isinstance(want, tuple) else got == want, (text, got, want)


@settings(max_examples=300, deadline=None)
@given(formulas, batches, st.sampled_from(["values", "derivatives", "gradients"]))
def test_rows_are_the_one_point_path_and_vectorised_rows_agree(text, batch, kind):
    f = diffcli.parse(text)
    assume(f.variables)
    try:
        extra = {"derivative": f.diff(f.variables[0])} if kind == "derivatives" else \
            {"partials": f.gradient()} if kind == "gradients" else {}
    except MathError:
        assume(False)
    many = Many(f, kind, **extra)
    rows = _rows(f, batch)
    scalar = many.run(rows, vectorise=False)
    for row, got in zip(rows, scalar):
        assert _same(got, many.exact(row)), (text, row)
    vector = many.run(rows, vectorise=True)
    # NumPy's powers and functions are not always Python's bit for bit (x^3 is x*x*x, x^-2 is 1/(x*x),
    # its exp and tanh differ by an ulp): within 1e-12 without functions, 1e-9 with them (cancellation
    # in a random formula magnifies an ulp). The Rosenbrock test below is exact: only squares.
    rel = 1e-9 if re.search(r"[a-z]{2,}\(", text) else 1e-12
    for row, a, b in zip(rows, scalar, vector):
        if isinstance(a, Exception) or isinstance(b, Exception):
            assert _same(a, b), (text, row, a, b)
        else:
            assert b == pytest.approx(a, rel=rel, abs=1e-12), (text, row)


def test_vectorised_rosenbrock_is_exact_and_transcendental_within_1e_12():
    f = diffcli.parse(" + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(1, 10)))
    rows = [tuple(-1.5 + 3 * ((k * 7919 + i * 104729) % 1000) / 999 for i in range(10)) for k in range(2000)]
    many = Many(f, "gradients", partials=f.gradient())
    assert many.run(rows, vectorise=True) == many.run(rows, vectorise=False)
    g = diffcli.parse("exp(-x^2)*sin(3*y) + log(1 + x^2 + y^2) + tanh(x*y)")
    rows = [(-2 + 4 * k / 1999, 1.5 - 3 * ((k * 37) % 1999) / 1999) for k in range(2000)]
    many = Many(g, "gradients", partials=g.gradient())
    for a, b in zip(many.run(rows, vectorise=False), many.run(rows, vectorise=True)):
        assert b == pytest.approx(a, rel=1e-12, abs=1e-15)
    # and against the math module directly
    x, y = rows[123]
    fx = -2 * x * math.exp(-x * x) * math.sin(3 * y) + 2 * x / (1 + x * x + y * y) + y / math.cosh(x * y) ** 2
    assert many.run(rows, vectorise=True)[123][1] == pytest.approx(fx, rel=1e-12)


def test_a_vectorised_batch_reports_failing_rows_exactly():
    f = diffcli.parse("ln(x)*sqrt(y) + 1/(x - 2)")
    rows = [(1.0 + k / 1000, 1.0) for k in range(1500)] + [(-1.0, 1.0), (2.0, 4.0), (3.0, -1.0)]
    many = Many(f, "values")
    vector, scalar = many.run(rows, vectorise=True), many.run(rows, vectorise=False)
    assert all(_same(a, b) for a, b in zip(vector, scalar))
    errors = [str(r) for r in vector if isinstance(r, Exception)]
    assert any("ln(x) is undefined at x=-1" in e for e in errors)
    assert any("division by zero" in e for e in errors) and any("sqrt(y)" in e for e in errors)
    assert vector[0] == (math.log(1.0) * 1.0 + 1 / (1.0 - 2),)
