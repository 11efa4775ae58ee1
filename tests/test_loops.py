"""Programs with loops and branches (issue 10): the issue's examples, and loop programs
checked against the same program run as Python with dual numbers (forward mode) and
against central differences, hypothesis writing the programs."""

import math

import pytest
import sympy
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import diffcli
from diffcli.cli import main
from dual import run as dual_run
from helpers import central_difference, sym, to_sympy

SEED_002 = "z = 0\nfor i in range(1000):\n    z = a*cos(z + i) + z*b\nz\n"
LOGISTIC_3 = "l = x\nfor i in range(3):\n    l = 4*l*(1-l)\nl\n"
NEWTON = "y = x; for i in range(8): y = (y + x/y)/2\ny\n"
ABS_BRANCH = "if x > 0:\n    y = x^2\nelse:\n    y = -x\ny\n"
D2L = ("b = a*2\nwhile abs(b) < 1000:\n    b = b*2\n"
       "if b > 0:\n    c = b\nelse:\n    c = 100*b\nc\n")


def cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def value_of(f, point):
    return f.evaluate({k: v for k, v in point.items() if k in f.variables})


# -- the "done when" ----------------------------------------------------------------

def test_seed_002_loop_against_dual_numbers_with_shared_parts_named():
    r = cli("d", "-", "--wrt", "a", "--at", "a=0.5,b=0.3", input=SEED_002)
    assert r.exit_code == 0, r.output
    derivative = r.stdout.splitlines()[0]
    assert derivative.startswith("t1 = ") and "; t2 = " in derivative  # a long loop names its shared parts
    value, want, _ = dual_run(SEED_002, {"a": 0.5, "b": 0.3}, "a")
    got = float(r.stdout.split("df/da = ")[1].split()[0])
    assert got == pytest.approx(want, rel=1e-9, abs=1e-12)
    # and the printed derivative, read back as diffcli input, is that number too
    back = diffcli.parse(derivative)
    assert back.evaluate(a=0.5, b=0.3) == pytest.approx(want, rel=1e-9)
    # the reverse sweep and the function's value agree with the dual run
    f = diffcli.parse(SEED_002)
    assert f.evaluate(a=0.5, b=0.3) == pytest.approx(value, rel=1e-12)
    assert f.gradient_at(a=0.5, b=0.3)[0] == pytest.approx(want, rel=1e-9)


def test_logistic_loop_expands_to_the_seeds_table_1_polynomial():
    r = cli("d", "-", "--expand", input=LOGISTIC_3)
    assert r.exit_code == 0, r.output
    x = sym("x")
    l_ = x
    for _ in range(3):
        l_ = 4 * l_ * (1 - l_)
    table_1 = 64 * (1 - 42 * x + 504 * x**2 - 2640 * x**3 + 7040 * x**4 - 9984 * x**5 + 7168 * x**6 - 2048 * x**7)
    assert sympy.expand(sympy.diff(l_, x) - table_1) == 0  # the seed's row, with the true x^3 coefficient
    ours = to_sympy(r.stdout.splitlines()[0])
    assert sympy.expand(ours - table_1) == 0
    assert sympy.Poly(ours, x).coeff_monomial(x**3) == -64 * 2640
    # the loop and the program written out are one function
    written = "l = x; l = 4*l*(1-l); l = 4*l*(1-l); l = 4*l*(1-l)"
    assert cli("d", written, "--expand").stdout == r.stdout


def test_newton_iteration_for_sqrt_at_2():
    f = diffcli.parse(NEWTON)
    d = f.diff("x")
    assert d.evaluate(x=2) == pytest.approx(1 / (2 * math.sqrt(2)), abs=1e-9)
    assert abs(d.evaluate(x=2) - 0.35355339) < 1e-8
    assert f.evaluate(x=2) == pytest.approx(math.sqrt(2), rel=1e-15)
    _, want, _ = dual_run(NEWTON.replace("; for", "\nfor"), {"x": 2.0}, "x")  # Python wants the loop on its line
    assert d.evaluate(x=2) == pytest.approx(want, rel=1e-12)


def test_branch_on_the_input_is_where_and_right_on_both_sides():
    r = cli("d", ABS_BRANCH)
    assert r.exit_code == 0, r.output
    assert r.stdout == "where(x > 0, 2*x, -1)\n"
    f = diffcli.parse(ABS_BRANCH)
    for x in (-2.5, -0.1, 0.3, 1.5):
        value, slope, _ = dual_run(ABS_BRANCH, {"x": x}, "x")
        assert f.evaluate(x=x) == pytest.approx(value)
        assert f.diff("x").evaluate(x=x) == pytest.approx(slope)
        assert central_difference(lambda t: f.evaluate(x=t), x, 1e-5) == pytest.approx(slope, rel=1e-7)
        out = cli("d", ABS_BRANCH, "--at", f"x={x}").stdout
        assert f"df/dx = {slope:g}" in out or float(out.split("df/dx = ")[1]) == pytest.approx(slope)


def test_a_loop_of_ten_million_is_refused_before_it_runs():
    text = "z = 0\nfor i in range(10^7):\n    z = z + x\nz\n"
    r = cli("d", "-", input=text)
    assert r.exit_code == 2
    # refused up front, from the count: the message gives it, the caret is under range
    assert "range(10000000) runs 10,000,000 times" in r.stderr
    assert "for i in range(10^7):\n           ^" in r.stderr
    from diffcli import interpret

    runs = []
    real = interpret.Run.substitute
    interpret.Run.substitute = lambda self, *a: runs.append(1) or real(self, *a)
    try:
        with pytest.raises(diffcli.InputError):
            diffcli.parse(text)
    finally:
        interpret.Run.substitute = real
    assert len(runs) <= 2  # the bound and nothing of the body: no iteration ran


def test_logistic_loop_and_the_same_program_written_out_are_the_same_graph():
    # (their speed side by side: bench/loops.py)
    n = 300
    loop = diffcli.parse(f"l = x\nfor i in range({n}):\n    l = 4*l*(1-l)\nl\n")
    flat = diffcli.parse("l = x\n" + "l = 4*l*(1-l)\n" * n + "l\n")
    assert loop.raw is flat.raw and loop.node is flat.node
    assert loop.diff("x").node is flat.diff("x").node


def test_d2l_control_flow_derivative_is_c_over_a():
    for a in (0.5, -0.3, 1.7, -1e-3, 123.0):
        f = diffcli.parse(D2L, at={"a": a})
        c = f.evaluate(a=a)
        slope = f.diff("a").evaluate(a=a)
        assert slope == pytest.approx(c / a, rel=1e-12)
        value, want, _ = dual_run(D2L, {"a": a}, "a")
        assert (c, slope) == pytest.approx((value, want), rel=1e-12)
        assert any("while loop on line 2 ran" in n and "holds near that point" in n for n in f.program.notes)
    r = cli("d", "-", "--at", "a=0.5", input=D2L)
    assert r.exit_code == 0, r.output
    assert "df/da = 2048" in r.stdout
    assert "note: the while loop on line 2 ran 10 times at a=0.5" in r.stderr


def test_while_on_the_inputs_without_a_point_says_why():
    r = cli("d", "-", input=D2L)
    assert r.exit_code == 2
    assert "depends on the inputs (a)" in r.stderr and "--at" in r.stderr
    with pytest.raises(diffcli.InputError) as e:
        diffcli.parse(D2L)
    assert "--" not in str(e.value) and "point" in str(e.value)  # the library names no flag


# -- values against Python with dual numbers, and central differences ----------------------

PROGRAMS = [
    "z = 0\nfor i in range(40):\n    z = x*cos(z + i) + z*y\nz\n",
    "z = 0; w = x\nfor i in range(5):\n    z = z + w*i\n    w = w*y - 0.5\nz*w",
    "s = 0\nfor i in range(4):\n    for j in range(i, 6, 2):\n        s = s + sin(x*j + i)*y\ns",
    "z = x\nfor i in range(10, -2, -3):\n    if i > 4:\n        z = z*cos(z)\n    elif i > 0:\n        z = z + y*i\n    else:\n        z = tanh(z)\nz",
    "z = x\nfor i in range(6):\n    if z > y:\n        z = z - 0.3*sin(z)\n    else:\n        z = z + 0.2*x*y\nz",
    "z = 1\nfor i in range(0):\n    z = z*x\nz*y + x",
    "n = 2^3\nm = 10**1\nz = 0\nfor i in range(n, m):\n    z = z + x^2/i\nz",
    "z = x\nk = 0\nwhile k < 4:\n    z = sqrt(z*z + y*y)\n    k += 1\nz",
    "t = x\nfor i in range(3):\n    t *= y\n    t -= x/2\nt",
]


@pytest.mark.parametrize("text", PROGRAMS)
def test_programs_against_dual_numbers_and_central_differences(text):
    f = diffcli.parse(text)
    for point in ({"x": 0.7, "y": -0.4}, {"x": -1.3, "y": 0.9}, {"x": 0.2, "y": 1.1}):
        for w in ("x", "y"):
            value, want, path = dual_run(text, point, w)
            assert value_of(f, point) == pytest.approx(value, rel=1e-12, abs=1e-12), text
            d = f.diff(w) if w in f.variables else None
            got = value_of(d, point) if d is not None else 0.0
            assert got == pytest.approx(want, rel=1e-9, abs=1e-12), (text, point, w, str(d))
            if w in f.variables:
                assert f.gradient_at({k: point[k] for k in f.variables})[f.variables.index(w)] == \
                    pytest.approx(want, rel=1e-9, abs=1e-12)
            h = 1e-6
            if dual_run(text, {**point, w: point[w] + h}, w)[2] == path == \
                    dual_run(text, {**point, w: point[w] - h}, w)[2]:
                fd = central_difference(lambda t: dual_run(text, {**point, w: t})[0], point[w], h)
                assert got == pytest.approx(fd, rel=1e-5, abs=1e-6), (text, point, w)


# hypothesis: random loop programs over z, w (state), x, y (inputs) and the loop variable i

_LEAVES = st.sampled_from(["z", "w", "x", "y", "i", "1", "2", "0.5"])


def _extend(children):
    binop = st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    func = st.tuples(st.sampled_from(["sin", "cos", "tanh"]), children).map(lambda t: f"{t[0]}({t[1]})")
    return st.one_of(binop, func)


_EXPR = st.recursive(_LEAVES, _extend, max_leaves=5)
_ASSIGN = st.tuples(st.sampled_from(["z", "w"]), _EXPR).map(lambda t: f"{t[0]} = 0.5*{t[0]} + 0.4*tanh({t[1]})")
_CONDITION = st.sampled_from(["x > 0.1", "i > 1", "z < w", "x*y > z and not w > 0.3", "i == 2 or y < x"])


@st.composite
def loop_programs(draw):
    start = draw(st.integers(-2, 3))
    stop = draw(st.integers(-2, 6))
    step = draw(st.sampled_from([1, 1, 2, -1, -2]))
    body = ["    " + a for a in draw(st.lists(_ASSIGN, min_size=1, max_size=3))]
    if draw(st.booleans()):
        body += [f"    if {draw(_CONDITION)}:"] + ["        " + a for a in draw(st.lists(_ASSIGN, min_size=1, max_size=2))]
        if draw(st.booleans()):
            body += ["    else:"] + ["        " + a for a in draw(st.lists(_ASSIGN, min_size=1, max_size=2))]
    head = f"for i in range({start}, {stop}, {step}):"
    return "\n".join(["z = x", "w = y", head, *body, draw(st.sampled_from(["z", "z*w", "z + w"]))])


_POINTS = st.fixed_dictionaries({"x": st.floats(-1.5, 1.5).map(lambda v: round(v, 2)),
                                 "y": st.floats(-1.5, 1.5).map(lambda v: round(v, 2))})


@settings(max_examples=60, deadline=None)
@given(loop_programs(), _POINTS)
def test_random_loop_programs_against_dual_numbers(text, point):
    f = diffcli.parse(text)
    for w in ("x", "y"):
        value, want, path = dual_run(text, point, w)
        assert value_of(f, point) == pytest.approx(value, rel=1e-9, abs=1e-12), text
        if w not in f.variables:
            assert want == 0.0
            continue
        got = value_of(f.diff(w), point)
        assert got == pytest.approx(want, rel=1e-7, abs=1e-9), (text, point, w)
        assert f.gradient_at({k: point[k] for k in f.variables})[f.variables.index(w)] == \
            pytest.approx(want, rel=1e-7, abs=1e-9)
        h = 1e-6
        same = dual_run(text, {**point, w: point[w] + h})[2] == path == dual_run(text, {**point, w: point[w] - h})[2]
        assume(same)  # a central difference across a branch boundary measures the jump, not the slope
        fd = central_difference(lambda t: dual_run(text, {**point, w: t})[0], point[w], h)
        assert got == pytest.approx(fd, rel=1e-4, abs=1e-6), (text, point, w)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 8), _POINTS)
def test_random_while_loops_at_a_point_against_dual_numbers(limit, point):
    text = (f"z = x\nk = 0\nwhile z*z < {limit} and k < 50:\n    z = z + 0.5 + 0.1*y*z\n    k = k + 1\n"
            "z*k")
    value, want, _ = dual_run(text, point, "x")
    f = diffcli.parse(text, at=point)
    assert value_of(f, point) == pytest.approx(value, rel=1e-9, abs=1e-12)
    assert value_of(f.diff("x"), point) == pytest.approx(want, rel=1e-7, abs=1e-9)
