"""Each function against SymPy, value and derivative, at points in its domain; and the
behaviours the issue names (stable sigmoid and log1p, kinks, the subgradient convention)."""

import json
import math

import pytest
import sympy
from click.testing import CliRunner

import diffcli
from diffcli.cli import main
from diffcli.evaluate import evaluate
from diffcli.rules import VARIADIC, operations
from helpers import sym, sympy_value, to_sympy
from test_table import sample_points

FUNCTIONS = sorted((e for e in operations() if e.syntax is None and e.scalar and not e.detached
                    and e.name not in ("dirac",)), key=lambda e: e.name)


def _text(entry, n):
    return f"{entry.text}({', '.join(f'a{i}' for i in range(n))})"


@pytest.mark.parametrize("entry", FUNCTIONS, ids=[e.name for e in FUNCTIONS])
def test_value_and_derivative_match_sympy(entry):
    n = 2 if entry.arity == VARIADIC else entry.arity
    text = _text(entry, n)
    f = diffcli.parse(text)
    theirs = to_sympy(text)
    for xs in sample_points(entry, n):
        point = {f"a{i}": x for i, x in enumerate(xs)}
        assert f.evaluate(point) == pytest.approx(sympy_value(theirs, point), rel=1e-12, abs=1e-14), text
        for w in f.variables:
            ours = f.diff(w)
            want = sympy_value(sympy.diff(theirs, sym(w)), point)
            assert ours.evaluate(point) == pytest.approx(want, rel=1e-9, abs=1e-12), (text, w, str(ours))
            # and diffcli's text of the derivative means the same to SymPy
            assert sympy_value(to_sympy(str(ours)), point) == pytest.approx(want, rel=1e-9, abs=1e-12)


def run(*args):
    r = CliRunner().invoke(main, list(args))
    assert "Traceback" not in r.stdout + r.stderr and "internal error" not in r.stderr, r.stderr
    return r


def first(r):
    return r.stdout.splitlines()[0]


def test_erf_derivative_text():
    assert first(run("d", "erf(x)")) == "2*exp(-x^2)/sqrt(pi)"


def test_atan2_partial_text():
    assert first(run("d", "atan2(y, x)", "--wrt", "x")) == "-y/(x^2 + y^2)"


def test_max_of_three_at_a_point():
    r = run("d", "max(x, y, 0)", "--wrt", "x", "--at", "x=1,y=0.5", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["value"] == 1


def test_relu_kink_and_subgradient():
    r = run("d", "relu(x)", "--at", "x=0")
    assert r.exit_code == 1 and "kink" in r.stderr and "relu(x)" in r.stderr
    r = run("d", "relu(x)", "--at", "x=0", "--subgradient", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["value"] == 0
    assert "subgradient" in r.stderr


@pytest.mark.parametrize("text, at, want", [("abs(x)", "x=0", 0), ("max(x, y)", "x=1,y=1", 1), ("min(x, y)", "x=2,y=2", 1)])
def test_subgradient_convention(text, at, want):
    wrt = ["--wrt", "x"] if "y" in text else []
    assert run("d", text, *wrt, "--at", at).exit_code == 1
    r = run("d", text, *wrt, "--at", at, "--subgradient", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["value"] == want  # a tie goes to the first argument


def test_sigmoid_and_softplus_are_stable():
    assert float(run("eval", "sigmoid(x)", "--at", "x=-800").stdout) == 0.0
    assert float(run("eval", "sigmoid(x)", "--at", "x=800").stdout) == 1.0
    assert float(run("eval", "softplus(x)", "--at", "x=800").stdout) == 800.0
    assert float(run("eval", "softplus(x)", "--at", "x=-800").stdout) == 0.0
    r = run("d", "sigmoid(x)", "--at", "x=-800", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["value"] == 0.0


def test_log1p_and_expm1_keep_tiny_arguments():
    r = run("d", "log1p(x)", "--at", "x=1e-20", "--format", "json")
    obj = json.loads(r.stdout)
    assert obj["value"] == 1.0 and obj["function_value"] == 1e-20
    assert float(run("eval", "expm1(x)", "--at", "x=1e-20").stdout) == 1e-20


def test_numpy_spellings_parse():
    for text, same in [("arcsin(x)", "asin(x)"), ("arctan2(y, x)", "atan2(y, x)"), ("absolute(x)", "abs(x)"),
                       ("power(x, 3)", "x^3"), ("arccosh(x)", "acosh(x)"), ("maximum(x, y)", "max(x, y)")]:
        assert str(diffcli.parse(text).diff("x")) == str(diffcli.parse(same).diff("x")), text


@pytest.mark.parametrize("text, value", [("acot(0)", math.pi / 2), ("sech(0)", 1), ("cbrt(-27)", -3),
                                         ("erf(0)", 0), ("erfc(0)", 1), ("sigmoid(0)", 0.5), ("relu(-2)", 0),
                                         ("max(1, 5, 3)", 5), ("exp2(10)", 1024), ("log1p(0)", 0)])
def test_exact_values(text, value):
    assert str(diffcli.parse(text)) in (str(value), {0.5: "1/2", math.pi / 2: "pi/2"}.get(value, str(value)))
    assert evaluate(diffcli.parse(text).node, {}) == pytest.approx(value)


def test_sign_is_a_kink_at_zero():
    assert first(run("d", "sign(x)")) == "2*dirac(x)"
    assert run("d", "sign(x)", "--at", "x=0").exit_code == 1
    assert json.loads(run("d", "sign(x)", "--at", "x=2", "--format", "json").stdout)["value"] == 0


def test_log_base_matches_sympy():
    f = diffcli.parse("log(x, b)")
    theirs = sympy.log(sym("x"), sym("b"))
    for x, b in [(8.0, 2.0), (0.5, 3.0), (10.0, 0.5), (2.0, 10.0)]:
        p = {"x": x, "b": b}
        for w in ("x", "b"):
            assert f.diff(w).evaluate(p) == pytest.approx(sympy_value(sympy.diff(theirs, sym(w)), p), rel=1e-9)


def test_python_spellings_keep_diffcli_semantics():
    """Copies drifted once: sign(0) printed as math.copysign(1.0, x) was 1, and x**(1/3) at -8 complex."""
    code = diffcli.parse("sign(x)").python()
    assert eval(code, {"math": math}, {"x": 0.0}) == 0  # our generated code
    code = diffcli.parse("x^(1/3)").python()
    with pytest.raises(ValueError):
        eval(code, {"math": math}, {"x": -8.0})
    with pytest.raises(diffcli.MathError):
        diffcli.parse("x^(1/3)").evaluate(x=-8)
    assert eval(code, {"math": math}, {"x": 8.0}) == pytest.approx(2.0)
    code = diffcli.parse("lambda*math").python()  # names that are not names in Python
    assert eval(code, {"math": math}, {"lambda_": 2.0, "math_": 3.0}) == 6.0
