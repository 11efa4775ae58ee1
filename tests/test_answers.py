"""Issue 11, section 4: the answers that were wrong or refused, each checked against SymPy or numbers."""

import math

import pytest
import sympy
from click.testing import CliRunner

import diffcli
from diffcli.cli import main
from helpers import no_spaces_len, sym, sympy_value, to_sympy


def run(*args, input=None):
    r = CliRunner().invoke(main, list(args), input=input)
    assert "Traceback" not in r.stdout + r.stderr and "internal error" not in r.stderr, r.stderr
    return r


def same_function(ours: str, sympy_expr, names=("x",), points=(-2.5, -0.7, 0.3, 1.9, 3.1)):
    """Equal as functions where both are defined: SymPy's value at several points."""
    ours_sym = to_sympy(ours)
    checked = 0
    for v in points:
        pt = {n: v + 0.13 * i for i, n in enumerate(names)}
        a, b = sympy_value(ours_sym, pt), sympy_value(sympy_expr, pt)
        if a is None or b is None:
            continue
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), (ours, pt, a, b)
        checked += 1
    assert checked >= 2, ours


# -- readability: no longer than SymPy, and the same function ----------------------

@pytest.mark.parametrize("expr, want", [
    ("ln(e^x)", "1"),
    ("exp(2x)/exp(x)", "exp(x)"),
    ("tan(atan(x))", "1"),
    ("exp(ln(x))", "1"),
    ("cosh(acosh(x))", "1"),
    ("abs(x^2)", "2*x"),
    ("abs(x)^2", "2*x"),
    ("sqrt(x^4)", "2*x"),
    ("x*abs(x)", "2*abs(x)"),
    ("x^2/abs(x)", "x/abs(x)"),
    ("exp(x)*exp(3*x)", "4*exp(4*x)"),
])
def test_short_forms(expr, want):
    text = str(diffcli.parse(expr).diff("x"))
    assert text == want
    x = sym("x")
    theirs = sympy.diff(to_sympy(expr.replace("2x", "2*x")), x)
    same_function(text, theirs)
    assert no_spaces_len(text) <= no_spaces_len(str(theirs).replace("**", "^"))


def test_negated_difference_reads_as_the_difference_turned_round():
    assert str(diffcli.parse("-(w - w^2)")) == "w^2 - w"
    assert str(diffcli.parse("w^3/3 - w^2/2").diff("w")) == "w^2 - w"
    assert str(diffcli.parse("-(w - w^2)*x").diff("x")) == "w^2 - w"
    assert str(diffcli.parse("-(a + b)")) == "-a - b"  # a number goes into a sum, as in SymPy


def test_sign_and_abs_products():
    assert str(diffcli.parse("x*sign(x)")) == "abs(x)"
    assert str(diffcli.parse("sign(x)*abs(x)")) == "x"
    assert str(diffcli.parse("sqrt(x^2)")) == "abs(x)"
    # the same functions, numerically, away from the kink
    for v in (-1.7, 0.4, 2.2):
        assert diffcli.parse("x*sign(x)").evaluate(x=v) == abs(v)


# -- kinks: the simplified derivative decides -------------------------------------

@pytest.mark.parametrize("expr", ["x*abs(x)", "sqrt(x^4)", "abs(x^3)", "abs(x)^2"])
def test_derivative_defined_at_zero_after_simplification(expr):
    r = run("d", expr, "--at", "x=0")
    assert r.exit_code == 0, r.stderr
    # the one-sided difference quotients both go to 0: the derivative exists and is 0
    f = diffcli.parse(expr)
    for h in (1e-4, -1e-4):
        assert abs((f.evaluate(x=h) - f.evaluate(x=0)) / h) < 1e-3
    assert diffcli.parse(expr).diff("x").evaluate(x=0) == 0


@pytest.mark.parametrize("expr", ["sign(x)", "abs(x)", "x/abs(x)"])
def test_real_kinks_still_exit_1(expr):
    r = run("d", expr, "--at", "x=0")
    assert r.exit_code == 1 and r.stdout == ""


# -- constants that are undefined -------------------------------------------------

@pytest.mark.parametrize("expr, part", [("(-2)^x", "ln(-2)"), ("log(x, 0)", "ln(0)"), ("x*ln(0)", "ln(0)"),
                                        ("x*(-8)^(1/3)", "(-8)^(1/3)")])
def test_undefined_constants_are_reported_not_printed(expr, part):
    r = run("d", expr, "--wrt", "x")
    assert r.exit_code == 1 and r.stdout == "" and part in r.stderr
    assert sympy_value(to_sympy(part), {}) is None  # not a real number


def test_zero_to_a_variable_power_has_derivative_zero():
    r = run("d", "0^x")
    assert r.exit_code == 0 and r.stdout == "0\n"
    r = run("d", "0^y", "--wrt", "y", "--at", "y=0.14")
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == "0"
    assert "df/dy = 0" in r.stdout
    # 0^y is the constant 0 for y > 0
    assert all(diffcli.parse("0^y").evaluate(y=v) == 0 for v in (0.14, 1, 7.5))


# -- overflow of an intermediate is not a failure ---------------------------------

def test_overflowing_intermediate_is_not_a_failure():
    r = run("eval", "1/(1+exp(-x))", "--at", "x=-800")
    assert r.exit_code == 0 and float(r.stdout) == 0
    r = run("d", "tanh(x)", "--at", "x=800", "--format", "json")
    import json

    out = json.loads(r.stdout)
    assert r.exit_code == 0 and out["function_value"] == 1 and out["value"] == 0


@pytest.mark.parametrize("x", [355.5, 800, -800, 0.3])
def test_python_output_of_tanh_derivative_runs_far_out(x):
    code = run("d", "tanh(x)", "--format", "python").stdout.strip()
    value = eval(code, {"math": math, "x": x})  # code we generated from the graph
    assert math.isclose(value, 1 - math.tanh(x) ** 2, abs_tol=1e-300)


@pytest.mark.parametrize("name", ["lambda", "math", "def", "numpy"])
def test_python_output_renames_reserved_names(name):
    code = run("d", f"{name}^2*x", "--wrt", "x", "--format", "python").stdout.strip()
    value = eval(compile(code, "<test>", "eval"), {"math": math, f"{name}_": 3.0})
    assert value == 9.0


# -- grad with many variables is as simple as d --------------------------------------

def test_grad_with_many_variables_is_canonical_like_d():
    r = run("grad", "x^x+a+b+c+d")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == "[x^x*(ln(x) + 1), 1, 1, 1, 1]"
    assert run("d", "x^x+a+b+c+d", "--wrt", "x").stdout.splitlines()[0] == "x^x*(ln(x) + 1)"


def test_steps_with_two_wrt_is_a_usage_error():
    r = run("d", "x^2*y", "--wrt", "x", "--wrt", "y", "--steps")
    assert r.exit_code == 2 and r.stdout == "" and "--wrt" in r.stderr


def test_a_product_with_one_over_zero_is_one_over_zero_in_one_form():
    from diffcli.canonical import canonical
    from diffcli.parse import parse_program
    from diffcli.printing import to_text

    f = canonical(parse_program("(1/2)/(x - x)").output)
    assert to_text(f) == "1/0" and canonical(parse_program(to_text(f)).output) is f
    r = run("d", "(1/2)/(x - x)", "--wrt", "x")
    assert r.exit_code == 1 and "1/0" in r.stderr


def test_a_zero_matrix_between_vectors_is_the_number_zero():
    f = diffcli.parse("x'*((A - A)*x)", {"x": (3, 1), "A": (3, 3)})
    assert str(f) == "0" and f.evaluate(x=[1, 2, 3], A=[[1, 0, 0], [0, 1, 0], [0, 0, 1]]) == 0
