"""Compiled evaluation: the same numbers as the interpreter, bit for bit, and the same failures."""

import math

import pytest
from hypothesis import assume, given, settings

import diffcli
from diffcli.errors import MathError
from diffcli.evaluate import evaluate, gradient
from helpers import points, var_expressions


@settings(max_examples=300, deadline=None)
@given(var_expressions, points)
def test_compiled_value_and_gradient_are_the_interpreters_bit_for_bit(text, point):
    f = diffcli.parse(text)
    assume(f.variables)
    p = {n: point[n] for n in f.variables}
    try:
        want = evaluate(f.raw, p)
    except MathError:
        with pytest.raises(MathError):
            f.compile()(**p)
        return
    c = f.compile()
    assert c(**p) == want or (math.isnan(want) and math.isnan(c(**p)))
    try:
        grad = gradient(f.raw, p, f.variables)
    except MathError:
        with pytest.raises(MathError):
            c.gradient(**p)
        return
    value, got = c.gradient(**p)
    assert value == want and got == grad, (text, got, grad)


def test_compiled_derivative_and_many_points():
    f = diffcli.parse("x^x*sin(y)")
    d = f.diff("x").compile()
    for x in (0.5, 1.0, 2.5):
        assert d(x, 0.3) == f.diff("x").evaluate(x=x, y=0.3)


def test_compiled_gradient_of_a_long_sum():
    n = 300
    f = diffcli.parse(" + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(1, n)))
    c = f.compile()
    pt = {v: 0.1 * (i % 7) - 0.3 for i, v in enumerate(f.variables)}
    value, g = c.gradient(**pt)
    assert g == gradient(f.raw, pt, f.variables) and value == f.evaluate(pt)
    x = [pt[f"x{i}"] for i in range(1, n + 1)]
    exact = [0.0] * n  # the Rosenbrock gradient by hand
    for i in range(n - 1):
        exact[i] += -400 * x[i] * (x[i + 1] - x[i] ** 2) - 2 * (1 - x[i])
        exact[i + 1] += 200 * (x[i + 1] - x[i] ** 2)
    by_name = dict(zip(f.variables, g))
    assert [by_name[f"x{i}"] for i in range(1, n + 1)] == pytest.approx(exact, rel=1e-12, abs=1e-12)
