"""The canonical builders' shortcuts give the node their general path gives.

``algebra.mul`` tries ``_plain_product`` (numbers times distinct factors
nothing merges) before its general path, and ``algebra.add`` ``_plain_sum``;
big programs differentiate with a product's partial times the tangent built
at once (``d_times``) instead of the partial and then the product. All are
only faster ways to the same node: hypothesis draws factors from the subexpressions of random formulas
and their derivatives and holds each shortcut to the long way.
"""

from fractions import Fraction

from helpers import expressions
from hypothesis import given, settings
from hypothesis import strategies as st

import diffcli
from diffcli import algebra
from diffcli.expr import ONE, num, postorder
from diffcli.rules import TABLE

_MUL = TABLE["mul"]


def _pool(texts):
    """Canonical subexpressions of the formulas and of their derivatives by x."""
    nodes = []
    for text in texts:
        try:
            f = diffcli.parse(text)
            roots = [f.node] + [f.diff(v).node for v in f.variables]
        except diffcli.DiffcliError:
            continue
        for root in roots:
            nodes.extend(n for n in postorder(root) if not n.shape)
    return list(dict.fromkeys(nodes))


def _with_parts(nodes):
    """The nodes and their arguments: what a keep set may hold (a kept sum inside 2*(x + y))."""
    return list(dict.fromkeys([*nodes, *(a for n in nodes for a in n.args)]))


def _short_path_is_the_general_one(data, candidates, short, general):
    """Operands drawn from the candidates, kept nodes from them and their parts: where the short
    path answers, its node is the general path's."""
    for _ in range(8):
        operands = tuple(data.draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=4)))
        keep = set(data.draw(st.lists(st.sampled_from(_with_parts(operands)), max_size=3)))
        quick = short(operands, keep)
        if quick is not None:
            assert quick is general(operands, keep), operands


@settings(max_examples=150, deadline=None)
@given(st.lists(expressions, min_size=2, max_size=4), st.data())
def test_plain_product_is_the_general_product(texts, data):
    pool = _pool(texts)
    if not pool:
        return
    _short_path_is_the_general_one(data, pool + [num(2), num(-1), num(3), ONE], algebra._plain_product,
                                   algebra._general_product)


@settings(max_examples=150, deadline=None)
@given(st.lists(expressions, min_size=2, max_size=4), st.data())
def test_plain_sum_is_the_general_sum(texts, data):
    pool = _pool(texts)
    if not pool:
        return
    numbers = [num(2), num(-1), num(0), num(Fraction(1, 2))]
    negated = [algebra.mul(num(-1), n) for n in pool[:10]]  # like terms that cancel
    sums = [n for n in pool if type(n).__name__ == "Add"][:5]
    scaled = [algebra.mul(num(2), n, keep={n}) for n in sums]  # 2*(x + y), which may go into the sum
    _short_path_is_the_general_one(data, pool + numbers + negated + scaled, algebra._plain_sum, algebra._general_sum)


@settings(max_examples=150, deadline=None)
@given(st.lists(expressions, min_size=2, max_size=4), st.data())
def test_product_partial_times_a_tangent_is_the_partial_then_the_product(texts, data):
    pool = _pool(texts)
    if not pool:
        return
    products = [n for n in pool if type(n).__name__ == "Mul"]
    for node in products[:6]:
        live = list(range(len(node.args)))
        tangents = [data.draw(st.sampled_from(pool)) for _ in live]
        # as diff uses it: a big program's kept nodes (a product's factor that is a product among them)
        # (a partial that is itself kept stays one factor the long way, and joins the product at once:
        # the same value grouped otherwise, so such keeps are left out here)
        partials = _MUL.partials(node.args, live)
        keep = {a for a in node.args if type(a).__name__ == "Mul"} | set(data.draw(st.lists(st.sampled_from(pool))))
        keep -= set(partials)
        at_once = _MUL.partials_times(node.args, live, tangents, keep=keep)
        long_way = [algebra.mul(p, t, keep=keep) for p, t in zip(partials, tangents)]
        assert at_once == long_way, (node, tangents)
