"""Random expressions over random shapes: the closed form, the forward sweep and the reverse
sweep agree with one another and with central differences (diffcli's check, whose fourth
way is NumPy-free central differences of the function's value)."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import diffcli

SHAPES = {"x": (3, 1), "y": (3, 1), "A": (3, 3), "B": (3, 3), "t": ()}


def _grow(kind, children):
    vec, mat, sca = children
    if kind == "vec":
        return st.one_of(
            st.tuples(mat, vec).map(lambda p: f"({p[0]})*({p[1]})"),
            st.tuples(vec, vec).map(lambda p: f"({p[0]}).*({p[1]})"),
            st.tuples(vec, vec).map(lambda p: f"({p[0]}) + ({p[1]})"),
            st.tuples(sca, vec).map(lambda p: f"({p[0]})*({p[1]})"),
            st.sampled_from(["sin", "tanh", "sigmoid", "softmax"]).flatmap(lambda fn: vec.map(lambda v: f"{fn}({v})")),
            mat.map(lambda m: f"({m})'*x"),
        )
    if kind == "mat":
        return st.one_of(
            st.tuples(mat, mat).map(lambda p: f"({p[0]})*({p[1]})"),
            st.tuples(mat, mat).map(lambda p: f"({p[0]}) - ({p[1]})"),
            mat.map(lambda m: f"({m})'"),
            st.tuples(vec, vec).map(lambda p: f"({p[0]})*({p[1]})'"),
            st.tuples(sca, mat).map(lambda p: f"({p[0]})*({p[1]})"),
        )
    return st.one_of(
        vec.map(lambda v: f"sum({v})"), vec.map(lambda v: f"norm2({v})^2"), vec.map(lambda v: f"logsumexp({v})"),
        st.tuples(vec, vec).map(lambda p: f"({p[0]})'*({p[1]})"), mat.map(lambda m: f"tr({m})"),
        st.tuples(sca, sca).map(lambda p: f"({p[0]})*({p[1]})"), sca.map(lambda s: f"sin({s})"),
    )


def _typed(depth):
    leaves = (st.sampled_from(["x", "y"]), st.sampled_from(["A", "B"]), st.sampled_from(["t", "2"]))
    if depth == 0:
        return leaves
    below = _typed(depth - 1)
    return tuple(st.one_of(leaf, _grow(kind, below)) for leaf, kind in zip(leaves, ("vec", "mat", "sca")))


scalar_functions = _typed(3)[2]

rng = np.random.default_rng(7)
POINT = {"x": rng.normal(size=3).tolist(), "y": rng.normal(size=3).tolist(),
         "A": (rng.normal(size=(3, 3)) / 2).tolist(), "B": (rng.normal(size=(3, 3)) / 2).tolist(), "t": 0.4}


@settings(max_examples=60, deadline=None)
@given(scalar_functions)
def test_closed_form_forward_reverse_and_differences_agree(text):
    f = diffcli.parse(text, SHAPES)
    if not f.variables:
        return
    point = {n: POINT[n] for n in f.variables}
    if abs(f.evaluate(point)) > 1e6:
        return
    try:
        rows = f.check(point)
    except diffcli.MathError:  # an intermediate at a point where it has no derivative, e.g. norm2 of 0
        assume(False)
    for r in rows:
        assert r.agree, (text, r.variable, r.spread())
