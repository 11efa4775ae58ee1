"""Trace tables: Baydin et al. (2018) Tables 2 and 3, exactly as the brief
("Trace tables") lists them for ln(x1) + x1*x2 - sin(x2) at (2, 5)."""

import json
import math
import re
import unicodedata

import pytest
from click.testing import CliRunner

from diffcli import trace as T
from diffcli.cli import main
from diffcli.parse import parse_program as parse

MISSION = "ln(x1)+x1*x2-sin(x2)"
POINT = {"x1": 2.0, "x2": 5.0}


def norm(expr: str) -> str:
    """Compare expressions up to the times sign, spacing and Unicode composition."""
    expr = unicodedata.normalize("NFC", expr).replace("×", "*")
    return re.sub(r"\s+", " ", expr).strip()


def rows(trace_rows):
    return [(r.name, norm(r.expr), round(r.value, 3)) for r in trace_rows]


@pytest.fixture(scope="module")
def fwd():
    return T.build(parse(MISSION), POINT, "forward", "x1")


@pytest.fixture(scope="module")
def rev():
    return T.build(parse(MISSION), POINT, "reverse", None)


PRIMAL = [
    ("v-1", "x1", 2.0),
    ("v0", "x2", 5.0),
    ("v1", "ln v-1", 0.693),
    ("v2", "v-1 * v0", 10.0),
    ("v3", "sin v0", -0.959),
    ("v4", "v1 + v2", 10.693),
    ("v5", "v4 - v3", 11.652),
    ("y", "v5", 11.652),
]

# row names are the node names, as in the brief's JSON ("name": "v-1", "expr": "dx1");
# the printed table writes them dv-1 (v̇-1 on a terminal)
TANGENT = [
    ("v-1", "dx1", 1.0),
    ("v0", "dx2", 0.0),
    ("v1", "dv-1 / v-1", 0.5),
    ("v2", "dv-1 * v0 + dv0 * v-1", 5.0),
    ("v3", "dv0 * cos v0", 0.0),
    ("v4", "dv1 + dv2", 5.5),
    ("v5", "dv4 - dv3", 5.5),
    ("y", "dv5", 5.5),
]

# (row, expression in the brief's Unicode spelling, value to 3 decimals)
ADJOINT = [
    ("v5", "ȳ", 1.0),
    ("v4", "v̄5 × 1", 1.0),
    ("v3", "v̄5 × (-1)", -1.0),
    ("v1", "v̄4 × 1", 1.0),
    ("v2", "v̄4 × 1", 1.0),
    ("v0", "v̄3 × cos v0", -0.284),
    ("v-1", "v̄2 × v0", 5.0),
    ("v0", "v̄0 + v̄2 × v-1", 1.716),
    ("v-1", "v̄-1 + v̄1 / v-1", 5.5),
    ("x1", "v̄-1", 5.5),
    ("x2", "v̄0", 1.716),
]


def _ascii(expr):
    """The brief's Unicode adjoint spelling in the ASCII fallback (v̄5 -> v5bar, ȳ -> ybar)."""
    expr = unicodedata.normalize("NFD", expr)
    return re.sub(r"([vxy])\u0304(-?\d*)", r"\1\2bar", expr)


def test_forward_primal(fwd):
    assert rows(fwd.primal) == [(n, norm(e), v) for n, e, v in PRIMAL]


def test_forward_tangent(fwd):
    assert rows(fwd.tangent) == [(n, norm(e), v) for n, e, v in TANGENT]


def test_forward_values_full_precision(fwd):
    by = {r.name: r.value for r in fwd.primal}
    assert by["y"] == pytest.approx(math.log(2) + 10 - math.sin(5), rel=1e-15)
    assert fwd.tangent[-1].value == pytest.approx(5.5, rel=1e-15)


def test_reverse_primal(rev):
    assert rows(rev.primal) == [(n, norm(e), v) for n, e, v in PRIMAL]


def test_reverse_adjoint_ascii(rev):
    assert rows(rev.adjoint) == [(n, norm(_ascii(e)), v) for n, e, v in ADJOINT]


def test_reverse_adjoint_unicode(rev):
    got = [(r.name, norm(r.uexpr), round(r.value, 3)) for r in rev.adjoint]
    assert got == [(n, norm(e), v) for n, e, v in ADJOINT]


def test_reverse_adjoint_final_values(rev):
    final = {r.name: r.value for r in rev.adjoint if r.name in ("x1", "x2")}
    assert final["x1"] == pytest.approx(5.5, rel=1e-15)
    assert final["x2"] == pytest.approx(2 - math.cos(5), rel=1e-15)


# -- the rules --------------------------------------------------------------------

def test_shared_subexpression_is_one_row():
    tr = T.build(parse("sin(x*y) + x*y"), {"x": 2.0, "y": 3.0}, "forward", "x")
    products = [r for r in tr.primal if norm(r.expr) == "v-1 * v0"]
    assert len(products) == 1
    assert [r.name for r in tr.primal] == ["v-1", "v0", "v1", "v2", "v3", "f"]  # an input is y
    assert tr.primal[-1].value == pytest.approx(math.sin(6) + 6)
    assert tr.tangent[-1].value == pytest.approx(3 * math.cos(6) + 3)


def test_same_operation_on_swapped_operands_is_two_rows():
    tr = T.build(parse("x*y + y*x"), {"x": 2.0, "y": 3.0}, "forward", "x")
    exprs = [norm(r.expr) for r in tr.primal]
    assert "v-1 * v0" in exprs and "v0 * v-1" in exprs


def test_same_operand_twice_gives_two_adjoint_rows():
    tr = T.build(parse("x*x"), {"x": 3.0}, "reverse", None)
    v0_rows = [r for r in tr.adjoint if r.name == "v0"]
    assert len(v0_rows) == 2
    assert norm(v0_rows[0].expr) == "v1bar * v0"
    assert norm(v0_rows[1].expr) == "v0bar + v1bar * v0"
    assert [r.value for r in v0_rows] == [3.0, 6.0]
    assert [r.value for r in tr.adjoint if r.name == "x"] == [6.0]


def test_constants_inline():
    tr = T.build(parse("4*x"), {"x": 0.5}, "forward", "x")
    assert [norm(r.expr) for r in tr.primal] == ["x", "4 * v0", "v1"]
    assert tr.primal[1].value == 2.0
    assert tr.tangent[1].value == 4.0


def test_constant_only_subexpressions_fold():
    tr = T.build(parse("(2+3)*x"), {"x": 1.0}, "forward", "x")
    assert [norm(r.expr) for r in tr.primal] == ["x", "5 * v0", "v1"]


def test_unary_minus_is_a_row_and_unary_plus_is_none():
    tr = T.build(parse("-x*y"), {"x": 2.0, "y": 3.0}, "forward", "x")
    assert [norm(r.expr) for r in tr.primal] == ["x", "y", "-v-1", "v1 * v0", "v2"]
    assert tr.primal[-1].value == -6.0
    tr = T.build(parse("+x*y"), {"x": 2.0, "y": 3.0}, "forward", "x")
    assert [norm(r.expr) for r in tr.primal] == ["x", "y", "v-1 * v0", "v1"]


def test_output_named_f_when_an_input_is_y():
    tr = T.build(parse("x*y"), {"x": 2.0, "y": 3.0}, "forward", "x")
    assert tr.primal[-1].name == "f"
    assert tr.tangent[-1].name == "f"


def test_unused_statements_are_not_traced():
    tr = T.build(parse("a = sin(x); b = x*x; b"), {"x": 2.0}, "reverse", None)
    assert [norm(r.expr) for r in tr.primal] == ["x", "v0 * v0", "v1"]


def test_height_numbering_ties_left_to_right():
    # heights: 1 for ln x and sin y (left to right), 2 for the product
    tr = T.build(parse("ln(x) * sin(y)"), {"x": 2.0, "y": 1.0}, "forward", "x")
    assert [(r.name, norm(r.expr)) for r in tr.primal] == [
        ("v-1", "x"), ("v0", "y"), ("v1", "ln v-1"), ("v2", "sin v0"), ("v3", "v1 * v2"), ("f", "v3")]


def test_program_trace_uses_intermediates():
    tr = T.build(parse("a = x*w; b = a - y; b^2"), {"x": 2.0, "w": 3.0, "y": 1.0}, "reverse", None)
    assert [r.name for r in tr.primal][:3] == ["v-2", "v-1", "v0"]
    xbar = {r.name: r.value for r in tr.adjoint if r.name in ("x", "w", "y")}
    # f = (xw - y)^2: df/dx = 2w(xw-y), df/dw = 2x(xw-y), df/dy = -2(xw-y)
    assert xbar == pytest.approx({"x": 30.0, "w": 20.0, "y": -10.0})


# -- through the command line -------------------------------------------------------

def _cli(*args):
    r = CliRunner().invoke(main, list(args))
    assert "Traceback" not in r.stdout + r.stderr
    return r


def test_cli_json_forward_trace():
    r = _cli("d", MISSION, "--wrt", "x1", "--at", "x1=2,x2=5", "--trace", "forward", "--format", "json")
    assert r.exit_code == 0, r.stderr
    t = json.loads(r.stdout)["trace"]
    assert t["mode"] == "forward" and t["wrt"] == "x1"
    assert {k: t["primal"][0][k] for k in ("name", "expr", "value")} == {"name": "v-1", "expr": "x1", "value": 2.0}
    last = t["primal"][-1]
    assert (last["name"], last["expr"]) == ("y", "v5")
    assert last["value"] == pytest.approx(11.652071455223084, rel=1e-15)  # full precision
    assert [p["name"] for p in t["primal"]] == [n for n, _, _ in PRIMAL]
    assert len(t["tangent"]) == len(TANGENT)
    assert t["tangent"][0]["expr"] == "dx1" and t["tangent"][0]["value"] == 1.0
    assert t["tangent"][-1]["value"] == pytest.approx(5.5)


def test_cli_json_forward_tangent_names_as_in_brief():
    # the brief's JSON: "tangent": [{"name": "v-1", "expr": "dx1", "value": 1.0}, ...]
    r = _cli("d", MISSION, "--wrt", "x1", "--at", "x1=2,x2=5", "--trace", "forward", "--format", "json")
    t = json.loads(r.stdout)["trace"]
    assert t["tangent"][0]["name"] == "v-1"
    assert [row["name"] for row in t["tangent"]] == [p["name"] for p in t["primal"]]


def test_cli_json_reverse_trace():
    r = _cli("d", MISSION, "--wrt", "x1", "--at", "x1=2,x2=5", "--trace", "reverse", "--format", "json")
    assert r.exit_code == 0, r.stderr
    t = json.loads(r.stdout)["trace"]
    assert t["mode"] == "reverse"
    assert "adjoint" in t and "primal" in t
    first = t["adjoint"][0]
    assert (first["name"], first["expr"], first["value"]) == ("v5", "ybar", 1.0)
    pairs = [(a["name"], norm(a["expr"])) for a in t["adjoint"]]
    assert ("v-1", "v-1bar + v1bar / v-1") in pairs
    assert ("x1", "v-1bar") in pairs and ("x2", "v0bar") in pairs
    by = {a["name"]: a["value"] for a in t["adjoint"] if a["name"] in ("x1", "x2")}
    assert by["x1"] == pytest.approx(5.5, rel=1e-15)
    assert by["x2"] == pytest.approx(2 - math.cos(5), rel=1e-15)
    assert [(a["name"], round(a["value"], 3)) for a in t["adjoint"]] == [(n, v) for n, _, v in ADJOINT]


def test_cli_text_forward_trace_rows():
    r = _cli("d", MISSION, "--wrt", "x1", "--at", "x1=2,x2=5", "--trace", "forward")
    assert r.exit_code == 0
    text = norm(r.stdout)
    for row in ["v1 = ln v-1 = 0.693", "v2 = v-1 * v0 = 10.000", "v3 = sin v0 = -0.959",
                "v5 = v4 - v3 = 11.652", "dv2 = dv-1 * v0 + dv0 * v-1 = 5.000", "dy = dv5 = 5.500"]:
        assert row in text, row


def test_cli_text_reverse_trace_rows():
    r = _cli("d", MISSION, "--wrt", "x1", "--at", "x1=2,x2=5", "--trace", "reverse")
    assert r.exit_code == 0
    text = norm(r.stdout)
    for row in ["v0bar = v3bar * cos v0 = -0.284", "v0bar = v0bar + v2bar * v-1 = 1.716",
                "v-1bar = v-1bar + v1bar / v-1 = 5.500", "x2bar = v0bar = 1.716"]:
        assert row in text, row


def test_cli_digits():
    r = _cli("d", MISSION, "--wrt", "x1", "--at", "x1=2,x2=5", "--trace", "forward", "--digits", "5")
    assert r.exit_code == 0
    assert "11.65207" in r.stdout and "-0.95892" in r.stdout


def test_grad_reverse_trace():
    r = _cli("grad", MISSION, "--at", "x1=2,x2=5", "--trace", "reverse", "--format", "json")
    assert r.exit_code == 0, r.stderr
    t = json.loads(r.stdout)["trace"]
    assert [(a["name"], round(a["value"], 3)) for a in t["adjoint"]] == [(n, v) for n, _, v in ADJOINT]
