"""Big programs (more than WHOLE_INTERMEDIATES_ABOVE operations) keep their intermediates whole in
the derivative; small ones do not. Both must give the same derivative values: hypothesis writes
straight-line and loop programs on either side of the threshold, and each derivative is checked
against the same program run as Python with dual numbers, against the reverse sweep, and after
its text is read back in."""

import math
import re
import warnings

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import diffcli
from diffcli.expr import dag_size, release
from diffcli.expression import WHOLE_INTERMEDIATES_ABOVE
from dual import run as dual_run
from helpers import sym, to_sympy

# each keeps |value| <= 4 when its operands are within [-4, 4] (c is at most 1): no overflow, no domain error
SAFE = ["({a} + {b})/2", "({a} - {b})/2", "tanh({a})*{b}", "sin({a})*{c}", "cos({a} - {b})",
        "{a}/(2 + {b}^2)", "-{a}", "({c}*{a} - {b})/2", "exp(tanh({a}))", "sqrt(1 + {a}^2)/2",
        "ln(1 + {a}^2)", "{a}*{b}/4", "tanh({a})*tanh({b})", "-({a} - {b})/3", "{a}^2/4 - 1"]
CONSTANTS = ["1/2", "3/4", "1", "0.5", "2/3"]
INPUTS = ("x", "y", "z")


@st.composite
def statements(draw, names, count, prefix):
    """count assignments, each one SAFE operation on earlier names (the last few more often)."""
    names = list(names)
    lines = []
    for k in range(count):
        recent = names[-4:]
        a = draw(st.sampled_from(recent + names[:3]))
        b = draw(st.sampled_from(names))
        form = draw(st.sampled_from(SAFE))
        lines.append(f"{prefix}{k} = " + form.format(a=a, b=b, c=draw(st.sampled_from(CONSTANTS))))
        names.append(f"{prefix}{k}")
    return lines, names


@st.composite
def straight_line(draw, least=10, most=60):
    lines, names = draw(statements(INPUTS, draw(st.integers(least, most)), "t"))
    last = draw(st.sampled_from([names[-1], f"{names[-1]} + {names[-2]}", f"{names[-1]}*{names[-2]}",
                                 f"-{names[-1]}/3 + {names[-3]}"]))
    return "\n".join(lines + [last]) + "\n"


@st.composite
def loop_program(draw):
    n = draw(st.integers(1, 12))
    body, _ = draw(statements(("x", "y", "a", "b"), draw(st.integers(1, 4)), "u"))
    k = len(body)
    body += [f"a = (u{k - 1} + tanh(a + i/{n}))/2", f"b = (b + u{k - 1}*{draw(st.sampled_from(CONSTANTS))})/2"]
    lines = ["a = x", "b = y", f"for i in range({n}):"] + ["    " + s for s in body] + ["a*b + a"]
    return "\n".join(lines) + "\n"


points = st.fixed_dictionaries({v: st.floats(-2, 2, allow_nan=False) for v in INPUTS})


def _at(e, point):
    return {k: v for k, v in point.items() if k in e.variables}


def _close(got, want):
    return got == pytest.approx(want, rel=1e-8, abs=1e-10)


def check_derivatives(program: str, point: dict):
    f = diffcli.parse(program)
    reverse = f.gradient_at(_at(f, point))
    for i, w in enumerate(f.variables):
        _, want, _ = dual_run(program, point, w)
        d = f.diff(w)
        assert _close(d.evaluate(_at(d, point)), want), (w, str(d))
        assert _close(reverse[i], want), w
        for cse in (None, True):  # the printed derivative, read back in, is the same function
            back = diffcli.parse(d.to_text(cse=cse))
            assert _close(back.evaluate(_at(back, point)), want), (w, cse)
    return f


@given(straight_line(), points)
@settings(max_examples=60)
def test_straight_line_programs_on_both_sides_of_the_threshold(program, point):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # exactness notes
        check_derivatives(program, point)


@given(loop_program(), points)
@settings(max_examples=40)
def test_loop_programs(program, point):
    check_derivatives(program, point)


@given(straight_line(3, 6), straight_line(20, 40), points)
@settings(max_examples=40)
def test_the_same_function_small_and_padded_past_the_threshold(small, pad, point):
    """small's output plus a big part minus itself: the same function, now a big program."""
    pad_lines = [re.sub(r"\bt(\d)", r"p\1", s) for s in pad.strip().split("\n")]
    *body, out = small.strip().split("\n")
    big = "\n".join(body + pad_lines[:-1] + [f"out = {out}", f"pp = {pad_lines[-1]}", "out + pp - pp"]) + "\n"
    f, g = diffcli.parse(small), diffcli.parse(big)
    assume(f.variables and g.kept)  # a pad that repeats itself is one small graph (nodes are shared)
    assert not f.kept
    for w in f.variables:
        _, want, _ = dual_run(small, point, w)
        df, dg = f.diff(w), g.diff(w)
        assert _close(df.evaluate(_at(df, point)), want)
        assert _close(dg.evaluate(_at(dg, point)), want)


def test_the_threshold_is_crossed_where_it_says():
    """Chains of 1 to 8 steps (about 6 operations each) cross the threshold; the derivative's value
    does not change on crossing it."""
    point = {"x": 0.3}
    seen = set()
    for k in range(1, 9):
        program = "l = x\n" + "".join(f"l{j} = 4*l*(1 - l)/2 + x/3\nl = l{j}\n" for j in range(k)) + "l\n"
        f = diffcli.parse(program)
        seen.add(bool(f.kept))
        assert bool(f.kept) == (dag_size(f.program.output) > WHOLE_INTERMEDIATES_ABOVE)
        _, want, _ = dual_run(program, point, "x")
        assert _close(f.diff("x").evaluate(x=0.3), want)
    assert seen == {False, True}


def test_a_long_running_process_that_releases_nodes_still_answers_right():
    """Derivatives of big programs release the nodes nobody holds: an expression kept across many
    of them still differentiates to the very same node, with the right values."""
    program = "\n".join(f"t{k} = tanh(t{k - 1})*y + x/{k + 2}" if k else "t0 = x*y" for k in range(40)) + "\nt39\n"
    f = diffcli.parse(program)
    first = f.diff("x")
    point = {"x": 0.7, "y": -0.4}
    _, want, _ = dual_run(program, point, "x")
    for k in range(30):
        other = diffcli.parse(program.replace("tanh", "sin" if k % 2 else "cos"))
        assert other.kept
        other.diff("y")
        release()
    again = f.diff("x")
    assert again == first  # one node: equality is identity
    assert _close(again.evaluate(point), want)
    assert _close(diffcli.parse(str(first)).evaluate(point), want)


# Outputs for small programs, as 45458a0 printed them (before big programs kept their intermediates);
# each is checked against SymPy here, so the text is a right derivative, not just an old one.
SMALL = [
    ("a = x^2\nb = a/3\nb + sin(a)/4", "x", "2*x/3 + x*cos(x^2)/2",
     lambda x, y: x**2 / 3 + sympy.sin(x**2) / 4),
    ("a = x*y\nb = a - y/2\nc = b^2/6\nc + a", "x", "y*(2*x*y - y)/6 + y",
     lambda x, y: (x * y - y / 2) ** 2 / 6 + x * y),
    ("a = x*y\nb = a - y/2\nc = b^2/6\nc + a", "y", "x + (2*x*y - y)*(x - 1/2)/6",
     lambda x, y: (x * y - y / 2) ** 2 / 6 + x * y),
    ("u = sqrt(8)*x\nv = u^(6/2)\nv/9 - 2^-3*u", "x", "8^(3/2)*x^2/3 - sqrt(8)/8",
     lambda x, y: (sympy.sqrt(8) * x) ** 3 / 9 - sympy.Rational(1, 8) * sympy.sqrt(8) * x),
]


@pytest.mark.parametrize("program, wrt, text, function", SMALL)
def test_small_programs_print_as_before(program, wrt, text, function):
    x, y = sym("x"), sym("y")
    assert sympy.simplify(to_sympy(text) - sympy.diff(function(x, y), sym(wrt))) == 0
    assert str(diffcli.parse(program).diff(wrt)) == text


@pytest.mark.parametrize("text, exact", [
    ("x/3", sympy.Rational(1, 3)), ("2^-3*x", sympy.Rational(1, 8)), ("(1/2)^-2*x", 4),
    ("4^(1/2)*x", 2), ("(8/27)^(1/3)*x", sympy.Rational(2, 3)), ("(4/9)^(-1/2)*x", sympy.Rational(3, 2)),
    ("x^(6/2)/x^2", 1), ("2^100*x/2^99", 2),
])
def test_exact_numbers_stay_exact(text, exact):
    assert to_sympy(str(diffcli.parse(text).diff("x"))) == exact
    assert math.isfinite(float(exact))


@given(straight_line(5, 40), points, st.sampled_from(INPUTS), st.sampled_from(INPUTS))
@settings(max_examples=40)
def test_second_derivatives_against_central_differences_of_the_first(program, point, v, w):
    """A big program's first derivative keeps its intermediates whole; differentiating it again must
    still be right (this found a product that lost a factor: -(x - 1)*(2*x - 2) was 2 - 2*x)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = diffcli.parse(program)
        assume(v in f.variables and w in f.variables)
        h = 1e-5
        up, down = dict(point, **{w: point[w] + h}), dict(point, **{w: point[w] - h})
        slope = (dual_run(program, up, v)[1] - dual_run(program, down, v)[1]) / (2 * h)
        d2 = f.diff(v, w)
        got = d2.evaluate(_at(d2, point)) if d2.variables else float(diffcli.parse(str(d2)).evaluate({}))
    assert got == pytest.approx(slope, rel=1e-4, abs=1e-6)


@pytest.mark.parametrize("tail", ["q = 2*p11\nout + q - 2*p11", "q = 2*p11\nout + q - q",
                                  "q = p11*y\nout + q - p11*y", "q = x - p11\nout - q + (x - p11)"])
def test_a_kept_intermediate_cancels_with_its_negation(tail):
    """In a big program a named product is kept whole; minus the same product is that whole term
    times -1, so the two cancel (before, q - q stayed as -(2*(...)) + 2*(...))."""
    pad = "\n".join(f"p{k} = tanh(p{k - 1})*y + x/{k + 2}" if k else "p0 = 3*x*y" for k in range(12))
    f = diffcli.parse(f"a = sin(x)*y\n{pad}\nout = a + x\n{tail}\n")
    assert f.kept
    x, y = sym("x"), sym("y")
    assert str(f) == "x + y*sin(x)" and to_sympy("x + y*sin(x)") == x + y * sympy.sin(x)
    assert str(f.diff("x")) == "y*cos(x) + 1" and to_sympy("y*cos(x) + 1") == y * sympy.cos(x) + 1
