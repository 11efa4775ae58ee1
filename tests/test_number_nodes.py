"""One node per number: however a number arrives (int, Fraction, bool, NumPy), num() gives the
same interned node, since equality of nodes is identity."""

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
