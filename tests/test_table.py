"""Every entry of the table of primitives, walked: a new entry is tested without writing a test.

For each primitive, at points found in its domain (away from its kinks):
- its symbolic partials, evaluated, equal central finite differences of its value;
- the numbers the forward and reverse sweeps use equal the symbolic partials;
- under --subgradient its partials are the same as the exact ones away from kinks;
- every spelling (its text and aliases, Python, NumPy) evaluates to its value;
- its LaTeX spelling is a balanced template that uses every argument.
"""

import math
import random

import pytest

from diffcli.evaluate import evaluate, forward, numeric_partials, reverse
from diffcli.expr import var, written
from diffcli.parse import parse_program
from diffcli.latex import LatexPrinter
from diffcli.printing import PythonPrinter, to_text
from diffcli.rules import TABLE, VARIADIC, operations
from helpers import central_difference

ENTRIES = sorted((e for e in operations() if e.scalar), key=lambda e: e.name)
IDS = [e.name for e in ENTRIES]
H = 1e-4


def arities(entry):
    return (2, 3) if entry.arity == VARIADIC else (entry.arity,)


def _defined(entry, xs) -> bool:
    try:
        v = entry.value(*xs)
    except (ValueError, ZeroDivisionError, OverflowError):
        return False
    return isinstance(v, float) and math.isfinite(v) and abs(v) < 1e6


def _well_conditioned(entry, xs) -> bool:
    """Finite differences with steps h and h/2 agree: the point is not beside a pole or a branch point."""
    for i in range(len(xs)):
        def along(t):
            return entry.value(*(t if j == i else x for j, x in enumerate(xs)))

        h = H * max(1.0, abs(xs[i]))
        a, b = central_difference(along, xs[i], h), central_difference(along, xs[i], h / 2)
        if abs(a) > 1e3 or abs(a - b) > 1e-9 * max(1.0, abs(a)):
            return False
    return True


def sample_points(entry, arity, want=4, seed=0):
    """Points where the entry and its neighbourhood (for finite differences) are defined and smooth."""
    rng = random.Random(f"{entry.name}/{arity}/{seed}")
    found = []
    for _ in range(4000):
        scale = rng.choice([0.9, 3.0])
        xs = [round(rng.uniform(-scale, scale), 3) for _ in range(arity)]
        if rng.random() < 0.3:
            xs = [abs(x) + 1.05 for x in xs]  # asec, acosh, acoth live past 1
        if rng.random() < 0.3:
            xs = [abs(x) + 0.05 for x in xs]
        near = [xs] + [[x + s * k * H * max(1.0, abs(x)) if j == i else x for j, x in enumerate(xs)]
                       for i in range(arity) for s in (-2, -1, 1, 2) for k in (1,)]
        if not all(_defined(entry, p) for p in near):
            continue
        if entry.kink is not None and any(entry.kink(*p) for p in near):
            continue
        if entry.kink is not None and entry.arity == VARIADIC and min(
                abs(a - b) for i, a in enumerate(xs) for b in xs[i + 1:]) < 0.01:
            continue  # max and min: no near ties
        if not _well_conditioned(entry, xs):
            continue
        found.append(xs)
        if len(found) == want:
            break
    return found


def _cases():
    for e in ENTRIES:
        for n in arities(e):
            yield pytest.param(e, n, id=f"{e.name}/{n}")


CASES = list(_cases())


def _symbols(n):
    return tuple(var(f"a{i}") for i in range(n))


@pytest.mark.parametrize("entry, n", CASES)
def test_entry_has_points_in_its_domain(entry, n):
    assert len(sample_points(entry, n)) >= 3, f"{entry.name}: too few points where it is defined"


@pytest.mark.parametrize("entry, n", CASES)
def test_symbolic_partials_equal_finite_differences(entry, n):
    if entry.detached:
        pytest.skip("its derivative is zero by definition")
    args = _symbols(n)
    partials = entry.partials(args, range(n))
    for xs in sample_points(entry, n):
        point = {a.name: x for a, x in zip(args, xs)}
        for i in range(n):
            def along(t, i=i):
                return entry.value(*(t if j == i else x for j, x in enumerate(xs)))

            fd = central_difference(along, xs[i], H * max(1.0, abs(xs[i])))
            got = evaluate(partials[i], point)
            assert got == pytest.approx(fd, rel=1e-6, abs=1e-7), (entry.name, i, xs, to_text(partials[i]))


@pytest.mark.parametrize("entry, n", CASES)
def test_sweeps_use_the_symbolic_partials(entry, n):
    args = _symbols(n)
    node = written(entry, *args)
    partials = entry.partials(args, range(n))
    for xs in sample_points(entry, n):
        point = {a.name: x for a, x in zip(args, xs)}
        want = [evaluate(p, point) for p in partials]
        # the compiled partials a sweep multiplies by
        f, with_out = numeric_partials(entry, n, tuple(range(n)))
        got = f(entry.value(*xs), *xs) if with_out else f(*xs)
        assert list(got) == pytest.approx(want, rel=1e-12, abs=1e-14), entry.name
        # and what the sweeps make of them
        rev = reverse(node, point)
        for i, a in enumerate(args):
            tangent = forward(node, point, {a.name: 1.0}).tangent[node]
            assert tangent == pytest.approx(want[i], rel=1e-12, abs=1e-14), (entry.name, i)
            assert rev.adjoint[a] == pytest.approx(want[i], rel=1e-12, abs=1e-14), (entry.name, i)


@pytest.mark.parametrize("entry, n", [c for c in CASES if c.values[0].subgradient is not None])
def test_subgradient_rule_agrees_away_from_kinks(entry, n):
    args = _symbols(n)
    exact = entry.partials(args, range(n))
    sub = entry.partials(args, range(n), subgradient=True)
    for xs in sample_points(entry, n):
        point = {a.name: x for a, x in zip(args, xs)}
        for p, q in zip(exact, sub):
            assert evaluate(p, point) == pytest.approx(evaluate(q, point), abs=1e-12), entry.name


def _python_value(entry, xs, numpy=False):
    mod = pytest.importorskip("numpy") if numpy else math
    args = _symbols(len(xs))
    code = PythonPrinter(numpy=numpy).doprint(entry.build(*args) if entry.syntax is None else written(entry, *args))
    env = {"numpy": mod} if numpy else {"math": math}
    if "scipy" in code:
        env["scipy"] = pytest.importorskip("scipy")
        pytest.importorskip("scipy.special")
    return float(eval(code, env, {a.name: x for a, x in zip(args, xs)}))  # our generated code


@pytest.mark.parametrize("entry, n", CASES)
def test_every_spelling_evaluates_to_the_value(entry, n):
    if entry.syntax is not None and n != 2 and entry.arity == VARIADIC:
        pytest.skip("an operator as written has two operands")
    names = [f"a{i}" for i in range(n)]
    texts = []
    if entry.syntax is None:
        texts = [f"{s}({', '.join(names)})" for s in (entry.text, *entry.spellings)]
    else:
        texts = [to_text(written(entry, *_symbols(n)))] + [f"{s}({', '.join(names)})" for s in entry.spellings]
    for xs in sample_points(entry, n):
        value = entry.value(*xs)
        point = dict(zip(names, xs))
        for text in texts:
            prog = parse_program(text)
            assert evaluate(prog.output, point) == pytest.approx(value, rel=1e-14, abs=1e-300), text
        assert _python_value(entry, xs) == pytest.approx(value, rel=1e-12, abs=1e-14), entry.python
        assert _python_value(entry, xs, numpy=True) == pytest.approx(value, rel=1e-12, abs=1e-14), entry.numpy


@pytest.mark.parametrize("entry, n", CASES)
def test_latex_spelling_is_balanced_and_uses_every_argument(entry, n):
    if entry.syntax is not None and n != 2 and entry.arity == VARIADIC:
        pytest.skip("an operator as written has two operands")
    args = tuple(var(f"q{i}") for i in range(n))
    node = entry.build(*args) if entry.syntax is None else written(entry, *args)
    tex = LatexPrinter().doprint(node)
    assert tex.count("{") == tex.count("}") and tex.count(r"\left") == tex.count(r"\right"), tex
    for i in range(n):
        assert f"q_{{{i}}}" in tex, (entry.name, tex)


def test_every_function_is_reachable_by_its_spellings():
    from diffcli.rules import lookup

    for e in ENTRIES:
        for s in ((e.text,) if e.syntax is None else ()) + e.spellings:
            assert e in lookup(s), (e.name, s)


def test_the_operators_are_table_entries():
    for name in ("add", "sub", "mul", "div", "pow", "neg"):
        assert TABLE[name].syntax is not None


@pytest.mark.parametrize("entry, n", [c for c in CASES if c.values[0].syntax is None])
def test_spellings_take_compound_arguments(entry, n):
    """A spelling with its argument beside an operator ('-{0}') still means the whole argument:
    sigmoid(x + y) in Python is not ...-x + y... (found by comparing with JAX)."""
    from diffcli import algebra

    z = var("z")
    args = [algebra.add(var(f"a{i}"), z) for i in range(n)]
    node = entry.build(*args)
    for xs in sample_points(entry, n)[:2]:
        point = {**{f"a{i}": x - 0.25 for i, x in enumerate(xs)}, "z": 0.25}
        want = entry.value(*xs)
        code = PythonPrinter().doprint(node)
        assert float(eval(code, {"math": math}, point)) == pytest.approx(want, rel=1e-12, abs=1e-14), code  # our code
