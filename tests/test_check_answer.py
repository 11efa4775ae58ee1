"""check --answer (issue 11, section 4): right answers accepted, wrong ones caught, undecidable said so."""

import json

import pytest
import sympy
from click.testing import CliRunner

import diffcli
from diffcli.checks import with_rounding
from diffcli.cli import main
from helpers import sym, to_sympy


def run(*args, input=None):
    r = CliRunner().invoke(main, list(args), input=input)
    assert "Traceback" not in r.stdout + r.stderr and "internal error" not in r.stderr, r.stderr
    return r


def sympy_agrees(function, answer, var, points):
    """SymPy at 50 digits: the answer equals the derivative at these points (to 1e-30 of the terms)."""
    x = sym(var)
    d = sympy.diff(to_sympy(function), x)
    a = to_sympy(answer)
    for p in points:
        dv, av = (sympy.N(e.subs(x, sympy.Rational(p)), 50) for e in (d, a))
        assert abs(dv - av) < sympy.Float("1e-30"), (p, dv, av)


TANH = ("tanh(exp(sec(z)) - z)", "-(1 - tanh(z - exp(sec(z)))^2)*(-exp(sec(z))*tan(z)*sec(z) + 1)")


def test_right_answer_whose_values_are_rounding_noise_is_correct():
    function, answer = TANH
    sympy_agrees(function, answer, "z", ["0.3", "1.1", "-2.5"])
    r = run("check", function, "--wrt", "z", "--answer", answer)
    assert r.exit_code == 0 and r.stdout.startswith("correct"), r.stdout


def test_wrong_answer_off_by_a_millionth_is_incorrect():
    function, answer = TANH
    r = run("check", function, "--wrt", "z", "--answer", f"({answer})*(1 + 1e-6) + 1e-3")
    assert r.exit_code == 1 and r.stdout.startswith("incorrect")


def test_rounding_bound_covers_the_cancellation():
    # 1 - tanh(u)^2 at u = 20: the value is rounding noise; the bound says how large the noise can be
    value, bound = with_rounding(diffcli.parse("1 - tanh(20 + x)^2").raw, {"x": 0.0})
    exact = float(1 - sympy.tanh(20) ** 2)
    assert abs(value - exact) <= bound and bound < 1e-15


def test_sampling_starts_at_the_given_point_and_finds_the_domain():
    sympy_agrees("acosh(x/10)", "1/sqrt(x^2-100)", "x", ["20", "11", "150"])
    r = run("check", "acosh(x/10)", "--answer", "1/sqrt(x^2-100)", "--at", "x=20", "--format", "json")
    out = json.loads(r.stdout)
    assert r.exit_code == 0 and out["equal"] is True and out["points"][0] == {"x": 20.0}
    # without --at the points widen until the domain (|x| > 10) is found
    r = run("check", "acosh(x/10)", "--answer", "1/sqrt(x^2-100)")
    assert r.exit_code == 0 and r.stdout.startswith("correct")


def test_no_point_where_defined_is_could_not_decide_exit_1():
    r = run("check", "sqrt(-x^2 - 1) + x", "--answer", "1", "--format", "json")
    out = json.loads(r.stdout)
    assert r.exit_code == 1 and out["equal"] is None and out["decided"] is False
    r = run("check", "sqrt(-x^2 - 1) + x", "--answer", "1")
    assert r.exit_code == 1 and r.stdout.startswith("could not decide")


@pytest.mark.parametrize("at", ["x=1,y=nan", "x=inf,y=1", "y=1e999,x=1"])
def test_a_point_that_is_not_a_finite_number_is_rejected(at):
    r = run("check", "x^2 + y", "--wrt", "x", "--answer", "2x", "--at", at)
    assert r.exit_code == 2


def test_answer_too_large_to_expand_falls_back_to_numbers():
    big = "(x+sin(x)+cos(x)+exp(x)+1)"
    r = run("check", "x", "--answer", f"{big}^30")
    assert r.exit_code == 1 and r.stdout.startswith("incorrect")
    r = run("check", f"{big}^31/31", "--answer", f"{big}^30*(1+cos(x)-sin(x)+exp(x))")
    assert r.exit_code == 0 and r.stdout.startswith("correct")


def test_answer_undefined_where_the_derivative_is_defined_is_incorrect():
    r = run("check", "sqrt(x)", "--answer", "1/(2*sqrt(-x))")
    assert r.exit_code == 1 and r.stdout.startswith("incorrect") and "undefined" in r.stdout
