"""Shared test helpers: a SymPy oracle for diffcli's text syntax, numeric
comparisons, finite differences, and a hypothesis strategy for expressions."""

from __future__ import annotations

import math
import re

import sympy
from hypothesis import strategies as st

# ---------------------------------------------------------------------------
# SymPy oracle
# ---------------------------------------------------------------------------

_SYMBOL_CACHE: dict = {}


def sym(name: str):
    """A real SymPy symbol (so that d|x|/dx is sign(x), as on the real line)."""
    s = _SYMBOL_CACHE.get(name)
    if s is None:
        s = _SYMBOL_CACHE[name] = sympy.Symbol(name, real=True)
    return s


def _log(x, b=None):
    return sympy.log(x) if b is None else sympy.log(x, b)


def _where(c, a, b):
    """where(c, a, b): a where c holds (a comparison, or a number that is not 0), else b."""
    logic = (sympy.core.relational.Relational, sympy.logic.boolalg.BooleanFunction, sympy.logic.boolalg.BooleanAtom)
    holds = c if isinstance(c, logic) else sympy.Ne(c, 0)
    return sympy.Piecewise((a, holds), (b, True))


SYMPY_LOCALS = {
    "where": _where,
    "ln": sympy.log,
    "log": _log,
    "log10": lambda x: sympy.log(x, 10),
    "log2": lambda x: sympy.log(x, 2),
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "sec": sympy.sec,
    "csc": sympy.csc,
    "cot": sympy.cot,
    "asin": sympy.asin,
    "acos": sympy.acos,
    "atan": sympy.atan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "asinh": sympy.asinh,
    "acosh": sympy.acosh,
    "atanh": sympy.atanh,
    "exp": sympy.exp,
    "sqrt": sympy.sqrt,
    "abs": sympy.Abs,
    "sign": sympy.sign,
    "acot": sympy.acot,
    "asec": sympy.asec,
    "acsc": sympy.acsc,
    "sech": sympy.sech,
    "csch": sympy.csch,
    "coth": sympy.coth,
    "asech": sympy.asech,
    "acsch": sympy.acsch,
    "acoth": sympy.acoth,
    "exp2": lambda x: 2**x,
    "expm1": lambda x: sympy.exp(x) - 1,
    "log1p": lambda x: sympy.log(1 + x),
    "cbrt": lambda x: sympy.real_root(x, 3),
    "atan2": sympy.atan2,
    "hypot": lambda x, y: sympy.sqrt(x**2 + y**2),
    "erf": sympy.erf,
    "erfc": sympy.erfc,
    "relu": lambda x: sympy.Max(x, 0),
    "sigmoid": lambda x: 1 / (1 + sympy.exp(-x)),
    "softplus": lambda x: sympy.log(1 + sympy.exp(x)),
    "max": sympy.Max,
    "min": sympy.Min,
    "heaviside": lambda x, h=None: sympy.Heaviside(x) if h is None else sympy.Heaviside(x, h),
    "dirac": sympy.DiracDelta,
    "pi": sympy.pi,
    "e": sympy.E,
}

_NAME = re.compile(r"[A-Za-z_]\w*")


def to_sympy(text: str):
    """diffcli text (a formula, or a `t1 = ...; ...; result` program) as SymPy.

    Only for diffcli's *output* syntax and the explicit-operator inputs the
    tests write: `^` becomes `**`; names are real symbols.
    """
    statements = [s.strip() for s in re.split(r"[;\n]", text) if s.strip()]
    env: dict = {}
    result = None
    for stmt in statements:
        target = None
        m = re.match(r"^([A-Za-z_]\w*)\s*=(?!=)(.*)$", stmt)
        if m:
            target, stmt = m.group(1), m.group(2)
        expr_text = stmt.replace("^", "**")
        local = dict(SYMPY_LOCALS)
        for name in set(_NAME.findall(expr_text)):
            if name in env:
                local[name] = env[name]
            elif name not in local:
                local[name] = sym(name)
        value = sympy.sympify(expr_text, locals=local)
        if target:
            env[target] = value
        result = value
    return result


def sympy_value(expr, point: dict) -> float | None:
    """Numeric value of a SymPy expression at a real point; None if not a finite real."""
    try:
        subs = {sym(k): sympy.Float(v, 30) for k, v in point.items()}
        val = complex(sympy.N(expr.subs(subs), 20))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if not (math.isfinite(val.real) and math.isfinite(val.imag)):
        return None
    if abs(val.imag) > 1e-12 * max(1.0, abs(val.real)):
        return None
    return val.real


def close(a: float, b: float, rel: float = 1e-7, abs_: float = 1e-9) -> bool:
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def central_difference(f, x: float, h: float | None = None) -> float:
    """Fourth-order central difference (Richardson) of a float function."""
    if h is None:
        h = 1e-4 * max(1.0, abs(x))
    return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)


def no_spaces_len(s: str) -> int:
    return len(s.replace(" ", ""))


# ---------------------------------------------------------------------------
# diffcli conveniences
# ---------------------------------------------------------------------------

def load(text: str):
    import diffcli

    return diffcli.parse(text)


def derivative_node(source, *wrt):
    """The canonical derivative node by the differentiation pass itself (no checks around it)."""
    import diffcli
    from diffcli.diff import diff

    node = (diffcli.parse(source) if isinstance(source, str) else source).node
    for w in wrt:
        node = diff(node, w)
    return node


def value_at(text: str, point: dict) -> float:
    """diffcli's numeric value of an input text at a point (as written)."""
    from diffcli.evaluate import evaluate

    return evaluate(load(text).raw, point)


def try_eval(node, point):
    """diffcli evaluation, or None when diffcli reports it undefined."""
    from diffcli.errors import MathError
    from diffcli.evaluate import evaluate

    try:
        v = evaluate(node, point)
    except MathError:
        return None
    return v if math.isfinite(v) else None


# ---------------------------------------------------------------------------
# hypothesis: random expressions in diffcli syntax (explicit operators only,
# so the same text is valid SymPy after ^ -> **)
# ---------------------------------------------------------------------------

VARIABLES = ("x", "y")
UNARY_FUNCTIONS = ("sin", "cos", "exp", "ln", "sqrt", "tanh", "atan")

_leaf = st.one_of(
    st.sampled_from(VARIABLES),
    st.sampled_from(VARIABLES),  # variables twice as likely as numbers
    st.integers(min_value=1, max_value=5).map(str),
    st.sampled_from(["(1/2)", "(2/3)", "(3/2)", "(-1)", "(-2)"]),
)


def _extend(children):
    binop = st.tuples(children, st.sampled_from(["+", "-", "*", "/"]), children).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})")
    power = st.tuples(children, st.sampled_from([-2, -1, 2, 3])).map(
        lambda t: f"({t[0]})^{t[1]}" if t[1] >= 0 else f"({t[0]})^({t[1]})")
    func = st.tuples(st.sampled_from(UNARY_FUNCTIONS), children).map(lambda t: f"{t[0]}({t[1]})")
    neg = children.map(lambda c: f"(-{c})")
    return st.one_of(binop, binop, power, func, func, neg)


expressions = st.recursive(_leaf, _extend, max_leaves=8)

# expressions that contain at least one variable
var_expressions = expressions.filter(lambda s: "x" in s or "y" in s)

points = st.fixed_dictionaries({
    "x": st.floats(min_value=-3, max_value=3, allow_nan=False).map(lambda v: round(v, 3)),
    "y": st.floats(min_value=-3, max_value=3, allow_nan=False).map(lambda v: round(v, 3)),
})


MISSION = "ln(x1)+x1*x2-sin(x2)"


def run(*args, input=None):
    """The command line, in-process: its result, which never carries a traceback."""
    from click.testing import CliRunner

    from diffcli.cli import main

    result = CliRunner().invoke(main, list(args), input=input)
    assert "Traceback" not in result.stdout + result.stderr
    return result
