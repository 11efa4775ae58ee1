"""The library under the command: what a notebook user imports."""

import math
import random
import subprocess
import sys

import pytest
import sympy

import diffcli
from diffcli.expr import interned
from helpers import sym, sympy_value, to_sympy

MISSION = "ln(x1)+x1*x2-sin(x2)"


def test_the_briefs_session():
    f = diffcli.parse(MISSION)
    assert str(f.diff("x1")) == "1/x1 + x2"
    assert f.diff("x1").evaluate(x1=2, x2=5) == 5.5
    assert [str(g) for g in f.gradient()] == ["1/x1 + x2", "x1 - cos(x2)"]
    rows = f.trace("reverse", at={"x1": 2, "x2": 5}).adjoint
    assert [(r.name, round(r.value, 3)) for r in rows][-2:] == [("x1", 5.5), ("x2", 1.716)]
    g = f.compile()
    assert g(x1=2, x2=5) == f.evaluate(x1=2, x2=5) == g(2, 5)


def test_issue_examples():
    assert str(diffcli.parse("x^3").diff("x")) == "3*x^2"
    out = subprocess.run([sys.executable, "-c", "import diffcli; print(diffcli.parse('x^3').diff('x'))"],
                         capture_output=True, text=True, check=True).stdout
    assert out == "3*x^2\n"


def test_evaluate_takes_a_dict_or_keywords_and_checks_the_point():
    f = diffcli.parse("x*y")
    assert f.evaluate({"x": 2}, y=3) == 6
    with pytest.raises(diffcli.InputError, match="no value for y"):
        f.evaluate(x=1)
    with pytest.raises(diffcli.InputError, match="q is not a variable"):
        f.evaluate(x=1, y=2, q=3)
    with pytest.raises(diffcli.InputError, match="finite"):
        f.evaluate(x=math.nan, y=1)


def test_errors_name_no_command_line_flag():
    cases = [lambda: diffcli.parse("x*y").diff(), lambda: diffcli.parse("sin(x").diff(),
             lambda: diffcli.parse("ln(x)").evaluate(x=-1), lambda: diffcli.parse("relu(x)").diff().evaluate(x=0),
             lambda: diffcli.parse("a = x*w; a^2").diff("a"), lambda: diffcli.parse("x").trace("sideways", {"x": 1}),
             lambda: diffcli.parse("x").evaluate()]
    for case in cases:
        with pytest.raises(diffcli.DiffcliError) as info:
            case()
        assert "--" not in str(info.value), str(info.value)


def test_error_kinds():
    with pytest.raises(diffcli.InputError):
        diffcli.parse("2 3")
    with pytest.raises(diffcli.MathError):
        diffcli.parse("ln(x)").evaluate(x=-1)
    with pytest.raises(diffcli.KinkError):
        diffcli.parse("abs(x)").diff().evaluate(x=0)
    # a derivative is undefined where its function is, though 1/x is defined at -1
    with pytest.raises(diffcli.MathError):
        diffcli.parse("ln(x)").diff().evaluate(x=-1)
    # and defined at a kink the simplification removed, in the subgradient convention
    assert diffcli.parse("relu(x)").diff(subgradient=True).evaluate(x=0) == 0


def test_gradient_and_hessian_against_sympy():
    text = "x^2*y + sin(x*y) + exp(y)/x"
    f = diffcli.parse(text)
    theirs = to_sympy(text)
    point = {"x": 0.7, "y": -1.2}
    xs = [sym("x"), sym("y")]
    for g, v in zip(f.gradient(), xs):
        assert g.evaluate(point) == pytest.approx(sympy_value(sympy.diff(theirs, v), point), rel=1e-12)
    assert f.gradient_at(point) == pytest.approx([sympy_value(sympy.diff(theirs, v), point) for v in xs], rel=1e-12)
    h = f.hessian()
    for i, a in enumerate(xs):
        for j, b in enumerate(xs):
            assert h[i][j].evaluate(point) == pytest.approx(sympy_value(sympy.diff(theirs, a, b), point), rel=1e-12)


def test_notebook_displays():
    f = diffcli.parse("sqrt(x)/(1 + x^2)")
    latex = f.diff()._repr_latex_()
    assert latex.startswith("$") and r"\frac" in latex and r"\sqrt" in latex
    html = f.trace("forward", {"x": 2.0})._repr_html_()
    assert html.count("<table>") == 2 and "v̇" in html and "</tr>" in html
    assert "Expression(" in repr(f)


def test_other_formats():
    f = diffcli.parse("x^x")
    assert f.diff().latex() == r"x^{x} \left(\ln\left(x\right) + 1\right)"
    code = f.diff().python()
    assert eval(code, {"math": math}, {"x": 1.7}) == pytest.approx(f.diff().evaluate(x=1.7))  # our code


def test_compile_agrees_bit_for_bit_and_reports_failures_as_evaluate_does():
    rng = random.Random(1)
    for text in [MISSION, "sigmoid(x1)*tanh(x2) + max(x1, x2)^2", "x1^x2 + atan2(x1, x2)"]:
        f = diffcli.parse(text)
        c = f.compile()
        for _ in range(50):
            p = {"x1": rng.uniform(0.1, 3), "x2": rng.uniform(0.1, 3)}
            assert c(**p) == f.evaluate(p)
    with pytest.raises(diffcli.MathError, match="ln"):
        diffcli.parse("ln(x)").compile()(-1)


def test_steps_and_expand():
    f = diffcli.parse("(x + 1)^2")
    assert str(f.expand()) == "x^2 + 2*x + 1"
    steps = f.steps()
    assert steps[0].rule == "chain rule" and steps[-1].rhs == "1"


def test_intern_tables_let_go_of_what_nobody_holds():
    """A process that parses 10^4 different formulas does not keep them all alive."""
    keep = diffcli.parse("sin(x)*y")
    d = keep.diff("x")
    for i in range(10_000):
        f = diffcli.parse(f"sin({i}*x) + x^{i % 7 + 2} + exp(y/{i + 1})")
        f.diff("x")
    assert interned() < 200_000
    # what is held is untouched: the same formula still gives the same nodes
    assert diffcli.parse("sin(x)*y").node is keep.node
    assert str(d) == "y*cos(x)"


def test_release_keeps_identity_for_held_nodes():
    from diffcli.expr import release

    a = diffcli.parse("x*y + sin(x)")
    node = a.node
    release()
    assert diffcli.parse("x*y + sin(x)").node is node
