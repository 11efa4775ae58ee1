"""Numbers in products and as nodes. One node per number: however a number arrives (int, Fraction,
bool, NumPy), num() gives the same interned node, since equality of nodes is identity; and the
number a product takes out of a sum never loses a factor."""

from fractions import Fraction

import numpy
import pytest

import diffcli
from diffcli.expr import num


@pytest.mark.parametrize("given, plain", [
    (numpy.int64(3), 3), (numpy.int32(-7), -7), (True, 1), (Fraction(6, 2), 3),
    (Fraction(numpy.int64(3), numpy.int64(6)), Fraction(1, 2)), (numpy.float64(0.5), 0.5),
])
def test_a_number_of_any_type_is_the_one_node_for_its_value(given, plain):
    node = num(given)
    assert node is num(plain)
    assert type(node.value) is type(plain)  # int, Fraction or float: never numpy's own types


def test_numpy_integers_fold_with_the_same_numbers_written():
    from diffcli.algebra import add, mul

    x = diffcli.parse("x").node
    # 3*x built from numpy's 3 and from a written 3 are one node, so x*3 - 3*x is 0
    assert add(mul(num(numpy.int64(3)), x), mul(num(-3), x)) is num(0)


def test_a_sum_s_common_number_taken_out_beside_the_same_sum_makes_a_power():
    """(x - 1)*(2*x - 2) beside a minus: the number 2 comes out of the second sum, which is then the
    first one: one factor squared. The flip of the minus into a sum dropped both copies: -(x - 1)*(2*x - 2)
    was built as 2 - 2*x, and the second derivative of this formula was 0.10704 at y = 0.5."""
    import sympy

    from diffcli.algebra import add, mul
    from helpers import sym, to_sympy

    x = diffcli.parse("x").node
    product = mul(num(-1), add(x, num(-1)), add(mul(num(2), x), num(-2)))
    assert sympy.expand(to_sympy(str(diffcli.api.Expression(product))) + 2 * (sym("x") - 1) ** 2) == 0
    text = "cos(sin((y^2/(y^2 + 2) + 1)^2)/(y^2 + 2))"
    want = float(sympy.diff(to_sympy(text), sym("y"), 2).subs(sym("y"), 0.5))
    assert diffcli.parse(text).diff("y", "y").evaluate(y=0.5) == pytest.approx(want, rel=1e-12)
