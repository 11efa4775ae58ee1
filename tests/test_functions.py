"""One test per entry of the table of primitives (diffcli.functions.FUNCTIONS):
the symbolic derivative against central finite differences and SymPy, and the
numeric partials used by the sweeps (dfloat) against the symbolic partials."""


import pytest
import sympy

from diffcli import core
from diffcli.evaluate import evaluate
from diffcli.expr import var
from diffcli.functions import FUNCTIONS
from diffcli.printing import to_text
from helpers import central_difference, sym, sympy_value, to_sympy

BRIEF_FUNCTIONS = ("sin cos tan sec csc cot asin acos atan sinh cosh tanh asinh acosh atanh "
                   "exp ln log log10 log2 sqrt abs sign").split()

WIDE = [-1.3, -0.4, 0.3, 1.7]
POSITIVE = [0.3, 1.0, 2.5, 10.0]
UNIT = [-0.8, -0.2, 0.4, 0.9]

# points inside each one-argument function's domain (and away from kinks/poles)
DOMAIN = {
    "sin": WIDE, "cos": WIDE, "atan": WIDE, "sinh": WIDE, "cosh": WIDE, "tanh": WIDE,
    "asinh": WIDE, "exp": WIDE,
    "tan": [-1.0, 0.2, 1.2, 2.0], "sec": [-1.0, 0.2, 1.2, 2.0],
    "csc": [-0.7, 0.3, 1.2, 2.5], "cot": [-0.7, 0.3, 1.2, 2.5],
    "asin": UNIT, "acos": UNIT, "atanh": UNIT,
    "acosh": [1.2, 2.0, 5.0],
    "ln": POSITIVE, "log10": POSITIVE, "log2": POSITIVE, "sqrt": POSITIVE,
    "abs": [-2.0, -0.5, 0.7, 3.0], "sign": [-2.0, -0.5, 0.7, 3.0],
}
# (x, b) points for the two-argument log
LOG2_POINTS = [(8.0, 2.0), (0.5, 3.0), (10.0, 0.5), (2.0, 10.0)]


def test_table_has_every_function_of_the_brief():
    assert set(BRIEF_FUNCTIONS) <= set(FUNCTIONS) | {s for f in FUNCTIONS.values() for s in f.spellings}
    for name in BRIEF_FUNCTIONS:
        if name != "log":
            assert FUNCTIONS[name].arity == 1
    assert FUNCTIONS["log"].arity == 2


def test_every_unary_function_has_domain_points():
    # guards this file: a new table entry must get points (and so tests) here
    assert set(DOMAIN) | {"log"} == set(FUNCTIONS)


UNARY = sorted(n for n in FUNCTIONS if FUNCTIONS[n].arity == 1)


@pytest.mark.parametrize("name", UNARY)
def test_symbolic_derivative_matches_finite_difference(name):
    fn = FUNCTIONS[name]
    loaded = core.load(f"{name}(x)")
    d = core.derivative(loaded, ["x"])
    for x in DOMAIN[name]:
        expected = central_difference(fn.evaluate, x)
        assert evaluate(d, {"x": x}) == pytest.approx(expected, rel=1e-6, abs=1e-8), (name, x, to_text(d))


@pytest.mark.parametrize("name", UNARY)
def test_symbolic_derivative_of_composition_matches_finite_difference(name):
    # the chain rule through the function: f(2x)' = 2 f'(2x)
    fn = FUNCTIONS[name]
    d = core.derivative(core.load(f"{name}(2*x)"), ["x"])
    for x in DOMAIN[name]:
        expected = central_difference(lambda t: fn.evaluate(2 * t), x / 2)
        assert evaluate(d, {"x": x / 2}) == pytest.approx(expected, rel=1e-6, abs=1e-8), (name, x)


@pytest.mark.parametrize("name", UNARY)
def test_symbolic_derivative_matches_sympy(name):
    d = core.derivative(core.load(f"{name}(x)"), ["x"])
    ours = to_sympy(to_text(d))
    theirs = sympy.diff(to_sympy(f"{name}(x)"), sym("x"))
    for x in DOMAIN[name]:
        a, b = sympy_value(ours, {"x": x}), sympy_value(theirs, {"x": x})
        assert a is not None and b is not None
        assert a == pytest.approx(b, rel=1e-9, abs=1e-12), (name, x, to_text(d), theirs)


@pytest.mark.parametrize("name", UNARY)
def test_numeric_partials_match_symbolic_partials(name):
    fn = FUNCTIONS[name]
    (partial,) = fn.partials(var("x"))
    for x in DOMAIN[name]:
        out = fn.evaluate(x)
        (numeric,) = fn.dfloat(out, x)
        assert numeric == pytest.approx(evaluate(partial, {"x": x}), rel=1e-12, abs=1e-14), (name, x)


@pytest.mark.parametrize("name", UNARY)
def test_value_matches_sympy(name):
    expr = to_sympy(f"{name}(x)")
    for x in DOMAIN[name]:
        assert FUNCTIONS[name].evaluate(x) == pytest.approx(sympy_value(expr, {"x": x}), rel=1e-12, abs=1e-15)


# -- the two-argument log ------------------------------------------------------

def test_log_base_symbolic_partials_match_finite_differences():
    fn = FUNCTIONS["log"]
    loaded = core.load("log(x, b)")
    dx = core.derivative(loaded, ["x"])
    db = core.derivative(loaded, ["b"])
    for x, b in LOG2_POINTS:
        fx = central_difference(lambda t: fn.evaluate(t, b), x)
        fb = central_difference(lambda t: fn.evaluate(x, t), b, h=1e-4 * b)
        assert evaluate(dx, {"x": x, "b": b}) == pytest.approx(fx, rel=1e-6)
        assert evaluate(db, {"x": x, "b": b}) == pytest.approx(fb, rel=1e-6, abs=1e-9)


def test_log_base_matches_sympy():
    loaded = core.load("log(x, b)")
    f = sympy.log(sym("x"), sym("b"))
    for w in ("x", "b"):
        ours = to_sympy(to_text(core.derivative(loaded, [w])))
        theirs = sympy.diff(f, sym(w))
        for x, b in LOG2_POINTS:
            p = {"x": x, "b": b}
            assert sympy_value(ours, p) == pytest.approx(sympy_value(theirs, p), rel=1e-9, abs=1e-12)


def test_log_base_numeric_partials_match_symbolic():
    fn = FUNCTIONS["log"]
    px, pb = fn.partials(var("x"), var("b"))
    for x, b in LOG2_POINTS:
        nx, nb = fn.dfloat(fn.evaluate(x, b), x, b)
        point = {"x": x, "b": b}
        assert nx == pytest.approx(evaluate(px, point), rel=1e-12)
        assert nb == pytest.approx(evaluate(pb, point), rel=1e-12, abs=1e-15)


# -- operators: the sweeps' numeric partials ----------------------------------

@pytest.mark.parametrize("op, text", [("add", "x + y"), ("sub", "x - y"), ("mul", "x*y"),
                                      ("div", "x/y"), ("pow", "x^y")])
def test_operator_numeric_partials(op, text):
    from diffcli.functions import OPERATORS

    prim = OPERATORS[op]
    loaded = core.load(text)
    for x, y in [(1.5, 2.0), (0.7, -1.3), (3.0, 0.5)]:
        point = {"x": x, "y": y}
        out = prim.evaluate(x, y)
        parts = prim.dfloat(out, x, y)
        for i, w in enumerate(("x", "y")):
            sym_val = evaluate(core.derivative(loaded, [w]), point)
            assert parts[i] == pytest.approx(sym_val, rel=1e-12), (op, w, point)
