"""The input language (brief: "The input language"), checked by meaning:
each input is evaluated at a point and compared with a value worked out by
hand, never with the program's own output."""

import math

import pytest

from diffcli.errors import InputError
from diffcli.expr import Apply, Var
from diffcli.parse import parse_program as parse
from helpers import value_at

E, PI = math.e, math.pi


# -- numbers -----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2", 2.0),
    ("2.5", 2.5),
    (".5", 0.5),
    ("1e-3", 0.001),
    ("2.5E+4", 25000.0),
    ("1E3", 1000.0),
    ("2e", 2 * E),          # exponent needs digits: 2*e
    ("pi", PI),
    ("π", PI),
    ("e", E),
])
def test_numbers_and_constants(text, expected):
    assert value_at(text, {}) == pytest.approx(expected, rel=1e-15)


def test_2e_times_variable():
    # "2e" is 2*e; followed by x it is 2*e*x
    assert value_at("2e x", {"x": 3.0}) == pytest.approx(6 * E)


def test_fractions_stay_exact():
    from diffcli.printing import to_text

    assert to_text(parse("x/3").output) in ("x/3",)
    from diffcli.canonical import canonical

    assert to_text(canonical(parse("x/3").output)) == "x/3"
    assert to_text(canonical(parse("0.1 + 0.2").output)) == "3/10"


# -- precedence and associativity -------------------------------------------

@pytest.mark.parametrize("text, point, expected", [
    ("x^2^3", {"x": 2.0}, 256.0),            # right-assoc: 2^(2^3), not (2^2)^3 = 64
    ("x**2**3", {"x": 2.0}, 256.0),
    ("-x^2", {"x": 3.0}, -9.0),              # -(x^2)
    ("-x**2", {"x": 3.0}, -9.0),
    ("2^-x", {"x": 1.0}, 0.5),               # 2^(-x)
    ("2^-x^2", {"x": 2.0}, 2.0 ** -4),       # 2^(-(x^2))
    ("-x*y", {"x": 2.0, "y": 3.0}, -6.0),
    ("x - y - 1", {"x": 5.0, "y": 2.0}, 2.0),  # left-assoc
    ("x / y / 2", {"x": 8.0, "y": 2.0}, 2.0),  # left-assoc
    ("x -y", {"x": 5.0, "y": 2.0}, 3.0),       # a subtraction, not x*(-y)
    ("+x", {"x": 4.0}, 4.0),
    ("- -x", {"x": 4.0}, 4.0),
    ("2*x^3", {"x": 2.0}, 16.0),
])
def test_precedence(text, point, expected):
    assert value_at(text, point) == pytest.approx(expected, rel=1e-14)


def test_minus_binds_tighter_than_times_structurally():
    # -x*y is (-x)*y: a product whose first operand is a negation
    out = parse("-x*y").output
    assert type(out) is Apply and out.prim.name == "mul"
    assert type(out.args[0]) is Apply and out.args[0].prim.name == "neg"


def test_power_binds_tighter_than_minus_structurally():
    out = parse("-x^2").output
    assert type(out) is Apply and out.prim.name == "neg"
    assert out.args[0].prim.name == "pow"


# -- implicit multiplication ------------------------------------------------

@pytest.mark.parametrize("text, point, expected", [
    ("2x", {"x": 3.0}, 6.0),
    ("2 sin(x)", {"x": 0.5}, 2 * math.sin(0.5)),
    ("2(x+1)", {"x": 3.0}, 8.0),
    ("(x+1)(x-1)", {"x": 3.0}, 8.0),
    ("x y", {"x": 2.0, "y": 3.0}, 6.0),
    ("sin(x)cos(x)", {"x": 0.7}, math.sin(0.7) * math.cos(0.7)),
    ("1/2x", {"x": 4.0}, 2.0),             # (1/2)*x, not 1/(2x) = 0.125
    ("2^3x", {"x": 2.0}, 16.0),            # (2^3)*x, not 2^(3x) = 64
    ("2x^2", {"x": 3.0}, 18.0),            # 2*(x^2)
    ("3 x y", {"x": 2.0, "y": 5.0}, 30.0),
    ("x/2y", {"x": 8.0, "y": 2.0}, 8.0),   # (x/2)*y
    ("2pi", {}, 2 * PI),
    ("2 π x", {"x": 1.0}, 2 * PI),
])
def test_implicit_multiplication(text, point, expected):
    assert value_at(text, point) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("text, name", [("x1x2", "x1x2"), ("sinx", "sinx"), ("theta_2", "theta_2"),
                                        ("beta", "beta"), ("xy", "xy")])
def test_implicit_multiplication_never_splits_a_name(text, name):
    assert parse(text).inputs == [name]
    assert value_at(text, {name: 3.0}) == 3.0


# -- unicode and alternative operators --------------------------------------

@pytest.mark.parametrize("text, point, expected", [
    ("2×x", {"x": 3.0}, 6.0),
    ("2·x", {"x": 3.0}, 6.0),
    ("x−1", {"x": 3.0}, 2.0),       # U+2212 minus
    ("−x^2", {"x": 3.0}, -9.0),
    ("π/2", {}, PI / 2),
    ("x**3", {"x": 2.0}, 8.0),
    ("sin(π x)", {"x": 0.5}, 1.0),
])
def test_unicode_operators(text, point, expected):
    assert value_at(text, point) == pytest.approx(expected, rel=1e-14)


# -- functions ---------------------------------------------------------------

@pytest.mark.parametrize("text, point, expected", [
    ("log(x)", {"x": E ** 2}, 2.0),           # natural log
    ("ln(x)", {"x": E ** 3}, 3.0),
    ("log(x, 2)", {"x": 8.0}, 3.0),           # base 2
    ("log(x, b)", {"x": 81.0, "b": 3.0}, 4.0),
    ("log(1000, 10)", {}, 3.0),
    ("log10(x)", {"x": 1000.0}, 3.0),
    ("log2(x)", {"x": 32.0}, 5.0),
    ("abs(x)", {"x": -2.5}, 2.5),
    ("sign(x)", {"x": -2.5}, -1.0),
    ("sec(x)", {"x": 0.3}, 1 / math.cos(0.3)),
    ("csc(x)", {"x": 0.3}, 1 / math.sin(0.3)),
    ("cot(x)", {"x": 0.3}, 1 / math.tan(0.3)),
    ("acosh(x)", {"x": 2.0}, math.acosh(2.0)),
])
def test_function_meaning(text, point, expected):
    assert value_at(text, point) == pytest.approx(expected, rel=1e-12)


# -- programs ----------------------------------------------------------------

def test_program_semicolons():
    text = "a = x*w; b = a - y; b^2"
    prog = parse(text)
    assert prog.inputs == ["x", "w", "y"]          # intermediates are not inputs
    assert value_at(text, {"x": 2.0, "w": 3.0, "y": 1.0}) == 25.0


def test_program_newlines_comments_trailing_semicolon():
    text = "# a model\na = x*w   # the product\n\nb = a - y;\nb^2;\n"
    assert parse(text).inputs == ["x", "w", "y"]
    assert value_at(text, {"x": 2.0, "w": 3.0, "y": 1.0}) == 25.0


def test_program_last_assignment_is_output():
    assert value_at("a = x + 1; b = a*a", {"x": 2.0}) == 9.0


def test_reassignment_logistic_map():
    text = "l = x; l = 4*l*(1-l); l = 4*l*(1-l)"
    prog = parse(text)
    assert prog.inputs == ["x"]
    x = 0.1
    l1 = 4 * x * (1 - x)
    l2 = 4 * l1 * (1 - l1)
    assert value_at(text, {"x": x}) == pytest.approx(l2, rel=1e-14)


def test_program_derivative_is_in_terms_of_inputs():
    import diffcli
    from diffcli.expr import free_vars
    from diffcli.evaluate import evaluate

    loaded = diffcli.parse("a = x*w; b = a - y; b^2")
    d = loaded.diff("w").node
    assert set(free_vars(d)) <= {"x", "w", "y"}
    # d/dw (xw - y)^2 = 2x(xw - y)
    assert evaluate(d, {"x": 2.0, "w": 3.0, "y": 1.0}) == pytest.approx(2 * 2 * (6 - 1))


@pytest.mark.parametrize("text", ["pi = 3", "π = 3", "e = 2", "sin = x", "ln = 2*x", "log = x"])
def test_assigning_to_constant_or_function_is_an_error(text):
    with pytest.raises(InputError):
        parse(text + "; x")


def test_inputs_in_order_of_first_appearance():
    assert parse("z*y + x*z + w").inputs == ["z", "y", "x", "w"]


def test_expression_may_start_with_minus():
    assert value_at("-x + 1", {"x": 3.0}) == -2.0


def test_shared_subexpression_is_one_node():
    out = parse("sin(x*y) + x*y").output
    left, right = out.args
    assert left.args[0] is right   # the two x*y are the same node
    # x*y and y*x are different operations as written
    out2 = parse("x*y + y*x").output
    assert out2.args[0] is not out2.args[1]


def test_variables_are_var_nodes():
    out = parse("x").output
    assert type(out) is Var and out.name == "x"
