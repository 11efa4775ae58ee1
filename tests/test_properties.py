"""Hypothesis properties over random expressions (helpers.expressions):
(a) derivative values agree with SymPy's; (b) print -> parse round-trips to
the same hash-consed node; (c) simplification keeps the value; (d) the
forward tangent, reverse adjoint and symbolic derivative agree."""

import math

import pytest

import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import diffcli
from diffcli.evaluate import forward, gradient
from diffcli.errors import MathError
from diffcli.parse import parse_program as parse
from diffcli.printing import to_text
from diffcli.canonical import canonical
from helpers import derivative_node, close, expressions, points, sym, sympy_value, to_sympy, try_eval, var_expressions

BOUND = 1e6  # skip points where values are huge (cancellation makes comparisons meaningless)


def _rules_defined(loaded, point):
    """Every operation as written has finite local partials at the point (for
    the arguments that depend on a variable): the precondition of AD. Where it
    fails (sqrt(x - x) at 0: sqrt' is infinite there though the composite's
    derivative is 0) a sweep may legitimately report an error."""
    from diffcli.evaluate import partial_values, values
    from diffcli.expr import Apply, postorder

    raw = loaded.raw
    try:
        vals = values(raw, point)
        for node in postorder(raw):
            if type(node) is Apply:
                partial_values(node, vals, [i for i, a in enumerate(node.args) if a.has_var], point)
    except MathError:
        return False
    return True


def _continuous_at(expr, point, var):
    """SymPy's derivative has (about) the same finite value on both sides of the point."""
    h = 1e-7 * max(1.0, abs(point[var]))
    left = sympy_value(expr, {**point, var: point[var] - h})
    right = sympy_value(expr, {**point, var: point[var] + h})
    mid = sympy_value(expr, point)
    return None not in (left, right, mid) and close(left, right, rel=1e-4, abs_=1e-4) and close(left, mid, rel=1e-4, abs_=1e-4)


def _finite_small(*vals):
    return all(v is not None and math.isfinite(v) and abs(v) < BOUND for v in vals)


@settings(max_examples=120, deadline=None)
@given(var_expressions, st.sampled_from(["x", "y"]), points)
def test_derivative_matches_sympy(text, wrt, point):
    loaded = diffcli.parse(text)
    fval = try_eval(loaded.raw, point)
    assume(_finite_small(fval))
    d = derivative_node(loaded, wrt)
    ours_numeric = try_eval(d, point)
    # the oracle: SymPy differentiates the same input text
    theirs = sympy.diff(to_sympy(text), sym(wrt))
    expected = sympy_value(theirs, point)
    assume(_finite_small(expected))
    if ours_numeric is None:
        # SymPy's conventions give values at kinks (d|x|/dx = sign(x) = 0 at 0);
        # diffcli may call those undefined. Elsewhere it must give a value.
        assume(all(_continuous_at(theirs, point, v) for v in ("x", "y")))
    assert ours_numeric is not None, f"d/d{wrt} {text} = {to_text(d)} undefined at {point}, SymPy: {expected}"
    assert close(ours_numeric, expected, rel=1e-6, abs_=1e-7), (text, to_text(d), point, expected)
    # and diffcli's *printed* derivative means the same thing to SymPy
    printed = sympy_value(to_sympy(to_text(d)), point)
    assert printed is not None and close(printed, expected, rel=1e-6, abs_=1e-7), (to_text(d), point)


@settings(max_examples=150, deadline=None)
@given(expressions)
def test_print_parse_round_trip_function(text):
    f = canonical(parse(text).output)
    printed = to_text(f)
    assert canonical(parse(printed).output) is f, (text, printed)


@settings(max_examples=100, deadline=None)
@given(var_expressions, st.sampled_from(["x", "y"]))
def test_print_parse_round_trip_derivative(text, wrt):
    d = derivative_node(text, wrt)
    printed = to_text(d)
    assert canonical(parse(printed).output) is d, (text, printed)


@settings(max_examples=150, deadline=None)
@given(var_expressions, points)
def test_simplification_keeps_the_value(text, point):
    prog = parse(text)
    raw = try_eval(prog.output, point)
    assume(_finite_small(raw))
    canon = try_eval(canonical(prog.output), point)
    assert canon is not None, (text, to_text(canonical(prog.output)), point)
    assert close(canon, raw, rel=1e-8, abs_=1e-9), (text, to_text(canonical(prog.output)), point)


@settings(max_examples=120, deadline=None)
@given(var_expressions, points)
def test_forward_reverse_symbolic_agree(text, point):
    loaded = diffcli.parse(text)
    names = loaded.variables
    assume(names)
    raw = loaded.raw
    fval = try_eval(raw, point)
    assume(_finite_small(fval))
    symbolic = []
    for w in names:
        v = try_eval(derivative_node(loaded, w), point)
        assume(_finite_small(v))
        symbolic.append(v)
    p = {n: point[n] for n in names}
    assume(_rules_defined(loaded, p))
    try:
        adjoints = gradient(raw, p, names)
        tangents = [forward(raw, p, {w: 1.0}).tangent[raw] for w in names]
    except MathError as exc:
        raise AssertionError(f"sweep failed for {text} at {p} though the derivative is {symbolic}: {exc}")
    for w, s, a, t in zip(names, symbolic, adjoints, tangents):
        assert close(a, s, rel=1e-7, abs_=1e-8), ("reverse", w, text, p, a, s)
        assert close(t, s, rel=1e-7, abs_=1e-8), ("forward", w, text, p, t, s)


@settings(max_examples=80, deadline=None)
@given(var_expressions, points)
def test_reverse_adjoint_of_every_input_is_the_partial(text, point):
    """Trace property: the x̄ rows of a reverse trace are the symbolic partials."""
    from diffcli import trace as T

    loaded = diffcli.parse(text)
    names = loaded.variables
    assume(names)
    p = {n: point[n] for n in names}
    assume(_finite_small(try_eval(loaded.raw, p)))
    partials = [try_eval(derivative_node(loaded, w), p) for w in names]
    assume(all(_finite_small(v) for v in partials))
    assume(_rules_defined(loaded, p))
    tr = T.build(loaded.program, p, "reverse", None)
    rows = {r.name: r.value for r in tr.adjoint if r.name in names}
    for w, s in zip(names, partials):
        assert w in rows, (text, [r.name for r in tr.adjoint])
        assert close(rows[w], s, rel=1e-7, abs_=1e-8), (text, w, rows[w], s)


@settings(max_examples=60, deadline=None)
@given(var_expressions, points)
def test_forward_trace_output_tangent_is_the_derivative(text, point):
    from diffcli import trace as T

    loaded = diffcli.parse(text)
    names = loaded.variables
    assume(names)
    p = {n: point[n] for n in names}
    assume(_finite_small(try_eval(loaded.raw, p)))
    w = names[0]
    s = try_eval(derivative_node(loaded, w), p)
    assume(_finite_small(s))
    assume(_rules_defined(loaded, p))
    tr = T.build(loaded.program, p, "forward", w)
    assert tr.tangent[-1].name in ("y", "f")
    assert close(tr.tangent[-1].value, s, rel=1e-7, abs_=1e-8)
    assert close(tr.primal[-1].value, try_eval(loaded.raw, p), rel=1e-12, abs_=1e-12)


@settings(max_examples=60, deadline=None)
@given(var_expressions)
def test_differentiation_is_deterministic_and_shares_nodes(text):
    # hash-consing: differentiating twice gives the very same node
    a = derivative_node(text, "x")
    b = derivative_node(text, "x")
    assert a is b


@settings(max_examples=60, deadline=None)
@given(var_expressions, points)
def test_grad_text_is_valid_input_in_the_function_variables(text, point):
    from diffcli.expr import free_vars

    loaded = diffcli.parse(text)
    for w in loaded.variables:
        d = derivative_node(loaded, w)
        assert set(free_vars(d)) <= set(loaded.variables)
        printed = to_text(d)
        again = diffcli.parse(printed)
        assert set(again.variables) <= set(loaded.variables)


@settings(max_examples=100, deadline=None)
@given(expressions, expressions)
def test_canonical_form_ignores_operand_order(a, b):
    for op in ("+", "*"):
        left = canonical(parse(f"({a}) {op} ({b})").output)
        right = canonical(parse(f"({b}) {op} ({a})").output)
        assert left is right, (a, op, b, to_text(left), to_text(right))


@settings(max_examples=100, deadline=None)
@given(expressions, var_expressions)
def test_program_equals_inlined_expression(inner, outer):
    """`a = E1; E2(a)` has the same canonical form and derivative as E2 with E1 written in."""
    program = f"a = {inner}; " + outer.replace("y", "a")
    inlined = outer.replace("y", f"({inner})")
    p, q = diffcli.parse(program), diffcli.parse(inlined)
    assert p.node is q.node, (program, to_text(p.node), to_text(q.node))
    assert derivative_node(p, "x") is derivative_node(q, "x")


@settings(max_examples=80, deadline=None)
@given(var_expressions, points)
def test_python_format_means_the_same(text, point):
    from diffcli.printing import PythonPrinter

    loaded = diffcli.parse(text)
    d = derivative_node(loaded, "x")
    expected = try_eval(d, point)
    assume(_finite_small(expected))
    code = PythonPrinter().doprint(d)
    try:
        got = eval(code, {"math": math, "abs": abs}, dict(point))
    except (ValueError, ZeroDivisionError, OverflowError):
        got = None
    assert isinstance(got, (int, float)), (code, got)
    assert close(float(got), expected, rel=1e-9, abs_=1e-12), (text, code, point)


# -- cases hypothesis found, kept as plain regression tests ---------------------------

def _no_nested_products(node):
    from diffcli.expr import Add, Mul, postorder

    for n in postorder(node):
        if type(n) in (Add, Mul):
            assert not any(type(a) is type(n) for a in n.args), f"{type(n).__name__} inside {type(n).__name__}: {n}"


def test_round_trip_negated_sum_over_power():
    f = canonical(parse("(x + y) * (-(x^(-2)))").output)
    assert canonical(parse(to_text(f)).output) is f, to_text(f)


def test_round_trip_derivative_of_negated_sum():
    d = diffcli.parse("-(x + x/(y - x))").diff("x").node
    _no_nested_products(d)
    assert canonical(parse(to_text(d)).output) is d, to_text(d)


@settings(max_examples=80, deadline=None)
@given(var_expressions, points)
def test_symbolic_reverse_gradient_equals_per_variable_derivatives(text, point):
    """diff.gradient (one reverse pass, used by grad for many variables) means the
    same as one forward derivative per variable."""
    from diffcli.diff import gradient

    loaded = diffcli.parse(text)
    names = loaded.variables
    assume(names)
    p = {n: point[n] for n in names}
    grads = gradient(loaded.node, names)
    for name, g in zip(names, grads):
        want = try_eval(derivative_node(loaded, name), p)
        assume(_finite_small(want))
        got = try_eval(g, p)
        assert got is not None and close(got, want, rel=1e-9, abs_=1e-12), (text, name, p)


def test_grad_with_many_variables_matches_sympy():
    import sympy

    n = 12
    text = " + ".join(f"100*(x{i+1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(1, n))
    loaded = diffcli.parse(text)
    from diffcli.diff import gradient

    grads = gradient(loaded.node, loaded.variables)
    xs = sympy.symbols(" ".join(loaded.variables))
    f = sympy.sympify(text.replace("^", "**"), locals={str(s): s for s in xs})
    point = {str(s): 0.5 + 0.05 * i for i, s in enumerate(xs)}
    for s, g in zip(xs, grads):
        want = float(sympy.diff(f, s).subs({sym: point[str(sym)] for sym in xs}))
        assert try_eval(g, point) == pytest.approx(want, rel=1e-12)
