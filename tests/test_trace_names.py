"""Trace rows never take a name the user wrote; dots and bars go over the whole name (issue 11)."""

import re
import unicodedata

import pytest

import diffcli
from diffcli.trace import Spell


def trace(text, mode, at, wrt=None):
    return diffcli.parse(text).trace(mode, at, wrt)


def user_names(text):
    return set(re.findall(r"[A-Za-z_]\w*", text))


@pytest.mark.parametrize("text, at", [
    ("v0*v1 + sin(v0)", {"v0": 1, "v1": 2}),
    ("v1 = x*y\nv2 = v1 + x\nv2*y", {"x": 1, "y": 2}),
    ("u0*v-1 + w1", {"u0": 1, "v": 2, "w1": 3}),
])
@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_row_names_never_collide_with_the_users(text, at, mode):
    t = trace(text, mode, at, next(iter(at)) if mode == "forward" else None)
    users = user_names(text)
    rows = t.primal + t.derivative_rows
    op_rows = [r.name for r in t.primal[:-1]]
    assert not set(op_rows) & users
    # each row name means one thing: the adjoint rows of the inputs are the user's names, and only those
    adjoint_targets = {r.name for r in t.adjoint}
    assert not (adjoint_targets - set(op_rows) - set(at) - {t.primal[-1].expr})
    assert rows


def test_reverse_table_names_each_bar_once():
    # inputs v1, v2 (the network): before, two different rows were both written v̄1
    t = trace("a = v1*v2\nb = a + v1\nb*v2", "reverse", {"v1": 1.0, "v2": 2.0})
    lines = [c[0] for c in t.columns("adjoint", 3, True)]
    inputs_bars = [ln for ln in lines if ln in ("v̄1", "v̄2")]
    assert len(inputs_bars) == 2  # the two inputs' final adjoints, each once
    assert all(not ln.startswith("v̄") for ln in lines[:-2])


def test_values_do_not_depend_on_the_row_letter():
    a = trace("p*q + sin(p)", "reverse", {"p": 1.3, "q": 0.7})
    b = trace("v0*v1 + sin(v0)", "reverse", {"v0": 1.3, "v1": 0.7})
    assert [r.value for r in a.adjoint] == [r.value for r in b.adjoint]
    assert [r.expr.replace("v", "u") for r in a.adjoint[:-2]] == [r.expr for r in b.adjoint[:-2]]


@pytest.mark.parametrize("name", ["y", "f"])
def test_output_row_avoids_y_and_f(name):
    t = trace("y*f + y", "forward", {"y": 1, "f": 2}, "y")
    assert t.primal[-1].name not in ("y", "f")


@pytest.mark.parametrize("name, dotted, barred", [
    ("v-1", "v\u0307-1", "v\u0304-1"),
    ("x1", "x\u03071", "x\u03041"),
    ("lam", "l\u0307a\u0307m\u0307", "l\u0305a\u0305m\u0305"),
    ("theta_2", "t\u0307h\u0307e\u0307t\u0307a\u0307_2", "t\u0305h\u0305e\u0305t\u0305a\u0305_2"),
])
def test_dots_and_bars_cover_the_whole_name(name, dotted, barred):
    sp = Spell(True)
    assert sp.dot(name) == dotted and sp.bar(name) == barred
    # every letter carries the mark; digits and signs do not
    for text, mark in ((dotted, "\u0307"), (barred, "\u0304\u0305")):
        base = "".join(c for c in text if not unicodedata.combining(c))
        assert base == name


def test_constant_factor_comes_first_in_a_row():
    t = trace("4*x*(1 - x)", "forward", {"x": 0.3}, "x")
    assert any(r.expr.startswith("4 * dv") for r in t.tangent)
    t = trace("x^2", "forward", {"x": 3}, "x")
    assert t.tangent[1].expr == "2 * v0 * dv0" and t.tangent[1].value == 6
