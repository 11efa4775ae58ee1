"""The one table of primitives.

Every operator and function is one entry here, carrying everything the rest
of the program needs to know about it, side by side (as JAX keeps a rule
beside its primitive): its spellings, how to build its canonical form, its
numeric value, its symbolic partial derivatives, its numeric partials for
the forward and reverse sweeps, and how trace tables, LaTeX and Python write
it. Adding ``erf`` or ``sigmoid`` is one more entry.

Partials are per argument: ``d f(u, w) = partials[0]*du + partials[1]*dw``.
Trace partials are written as the operation applied to an incoming
derivative: ``"× cos {0}"`` reads ``dv0 × cos v0``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Optional

from . import simplify as S
from .expr import ONE, ZERO, Num, num

# Trace partials that the tables print specially (a sum rule writes dv1 + dv2).
PLUS = "× 1"
MINUS = "× (-1)"


@dataclass(frozen=True, eq=False)
class Function:
    name: str
    arity: int
    evaluate: Callable[..., float]
    partials: Callable[..., tuple]  # symbolic, on canonical nodes
    dfloat: Callable[..., tuple]  # numeric, (output value, *argument values)
    trace: tuple  # per-argument partial, e.g. ("× cos {0}",)
    latex: str  # template, arguments as {0}, {1}
    python: str  # template over math.*
    numpy: str  # template over numpy.*
    spellings: tuple = ()
    exact: Optional[Callable] = None  # exact value at exact arguments, or None
    rule: str = ""

    @property
    def build(self):
        return lambda *args: S.call(self, *args)

    @property
    def rule_name(self) -> str:
        return self.rule or f"chain rule through {self.name}"


@dataclass(frozen=True, eq=False)
class Operator:
    """An operator as written. Its canonical form is made by the builders."""

    name: str
    build: Callable
    evaluate: Callable[..., float]
    partials: Callable[..., tuple]  # symbolic, as for functions (used by --no-simplify)
    dfloat: Callable[..., tuple]
    trace: tuple
    trace_expr: str
    rule_name: str
    arity: int = 2


def _at(points: dict):
    """Exact values at a few exact points, e.g. sin at 0."""

    def exact(*args):
        a = args[0]
        if type(a) is Num and a.is_exact and a.value in points:
            return num(points[a.value])
        return None

    return exact


def _sqrt_exact(a):
    if type(a) is Num and a.is_exact and a.value >= 0:
        r = S._exact_root(a.value, 2)
        return num(r) if r is not None else None
    return None


def _ln_exact(a):
    if a is S.E:
        return ONE
    return _at({1: 0})(a)


def _exp_exact(a):
    if a is ZERO:
        return ONE
    if a is ONE:
        return S.E
    return None


def _abs_exact(a):
    return num(abs(a.value)) if type(a) is Num else None


def _sign_exact(a):
    if type(a) is Num:
        return num((a.value > 0) - (a.value < 0))
    return None


def _sign(x: float) -> float:
    return float((x > 0) - (x < 0))


def _sqrt_deriv(out):
    if out == 0:
        raise ZeroDivisionError("sqrt has no derivative at 0")
    return 0.5 / out


def _logb(x, b):
    return math.log(x) / math.log(b)


def _nonzero(x, what):
    if x == 0:
        raise ZeroDivisionError(what)
    return x


def _acosh_d(x):
    return 1 / math.sqrt(_nonzero(x * x - 1, "acosh has no derivative at 1"))


def _asin_d(x):
    return 1 / math.sqrt(_nonzero(1 - x * x, "no derivative at ±1"))


_F = Function
p, m, pw, c, n = S.add, S.mul, S.power, S.call, num
half, minus1, two = n(Fraction(1, 2)), n(-1), n(2)


def _table():
    f = {}

    def reg(fn):
        f[fn.name] = fn
        return fn

    sin = reg(_F("sin", 1, math.sin, lambda u: (c(cos, u),), lambda o, x: (math.cos(x),),
                 ("× cos {0}",), r"\sin\left({0}\right)", "math.sin({0})", "numpy.sin({0})",
                 exact=_at({0: 0})))
    cos = reg(_F("cos", 1, math.cos, lambda u: (S.neg(c(sin, u)),), lambda o, x: (-math.sin(x),),
                 ("× (-sin {0})",), r"\cos\left({0}\right)", "math.cos({0})", "numpy.cos({0})",
                 exact=_at({0: 1})))
    reg(_F("tan", 1, math.tan, lambda u: (pw(c(cos, u), n(-2)),), lambda o, x: (1 + o * o,),
           ("× (1 + tan {0}^2)",), r"\tan\left({0}\right)", "math.tan({0})", "numpy.tan({0})",
           exact=_at({0: 0})))
    reg(_F("sec", 1, lambda x: 1 / math.cos(x), lambda u: (m(c(f["sec"], u), c(f["tan"], u)),),
           lambda o, x: (o * math.tan(x),), ("× sec {0} tan {0}",), r"\sec\left({0}\right)",
           "(1/math.cos({0}))", "(1/numpy.cos({0}))", exact=_at({0: 1})))
    reg(_F("csc", 1, lambda x: 1 / math.sin(x), lambda u: (S.neg(m(c(f["csc"], u), c(f["cot"], u))),),
           lambda o, x: (-o / math.tan(x),), ("× (-csc {0} cot {0})",), r"\csc\left({0}\right)",
           "(1/math.sin({0}))", "(1/numpy.sin({0}))"))
    reg(_F("cot", 1, lambda x: 1 / math.tan(x), lambda u: (S.neg(pw(c(sin, u), n(-2))),),
           lambda o, x: (-(1 + o * o),), ("× (-(1 + cot {0}^2))",), r"\cot\left({0}\right)",
           "(1/math.tan({0}))", "(1/numpy.tan({0}))"))
    one_minus_sq = lambda u: p(ONE, S.neg(pw(u, two)))  # noqa: E731
    inv_sqrt = lambda u: pw(c(f["sqrt"], u), minus1)  # noqa: E731
    reg(_F("asin", 1, math.asin, lambda u: (inv_sqrt(one_minus_sq(u)),),
           lambda o, x: (_asin_d(x),), ("× 1/sqrt(1 - {0}^2)",), r"\arcsin\left({0}\right)",
           "math.asin({0})", "numpy.arcsin({0})", exact=_at({0: 0})))
    reg(_F("acos", 1, math.acos, lambda u: (S.neg(inv_sqrt(one_minus_sq(u))),),
           lambda o, x: (-_asin_d(x),), ("× (-1/sqrt(1 - {0}^2))",), r"\arccos\left({0}\right)",
           "math.acos({0})", "numpy.arccos({0})", exact=_at({1: 0})))
    reg(_F("atan", 1, math.atan, lambda u: (pw(p(ONE, pw(u, two)), minus1),),
           lambda o, x: (1 / (1 + x * x),), ("× 1/(1 + {0}^2)",), r"\arctan\left({0}\right)",
           "math.atan({0})", "numpy.arctan({0})", exact=_at({0: 0})))
    sinh = reg(_F("sinh", 1, math.sinh, lambda u: (c(f["cosh"], u),), lambda o, x: (math.cosh(x),),
                  ("× cosh {0}",), r"\sinh\left({0}\right)", "math.sinh({0})", "numpy.sinh({0})",
                  exact=_at({0: 0})))
    reg(_F("cosh", 1, math.cosh, lambda u: (c(sinh, u),), lambda o, x: (math.sinh(x),),
           ("× sinh {0}",), r"\cosh\left({0}\right)", "math.cosh({0})", "numpy.cosh({0})",
           exact=_at({0: 1})))
    reg(_F("tanh", 1, math.tanh, lambda u: (pw(c(f["cosh"], u), n(-2)),), lambda o, x: (1 - o * o,),
           ("× (1 - tanh {0}^2)",), r"\tanh\left({0}\right)", "math.tanh({0})", "numpy.tanh({0})",
           exact=_at({0: 0})))
    reg(_F("asinh", 1, math.asinh, lambda u: (inv_sqrt(p(pw(u, two), ONE)),),
           lambda o, x: (1 / math.sqrt(x * x + 1),), ("× 1/sqrt({0}^2 + 1)",),
           r"\operatorname{{arsinh}}\left({0}\right)", "math.asinh({0})", "numpy.arcsinh({0})",
           exact=_at({0: 0})))
    reg(_F("acosh", 1, math.acosh, lambda u: (inv_sqrt(p(pw(u, two), minus1)),),
           lambda o, x: (_acosh_d(x),), ("× 1/sqrt({0}^2 - 1)",),
           r"\operatorname{{arcosh}}\left({0}\right)", "math.acosh({0})", "numpy.arccosh({0})",
           exact=_at({1: 0})))
    reg(_F("atanh", 1, math.atanh, lambda u: (pw(one_minus_sq(u), minus1),),
           lambda o, x: (1 / _nonzero(1 - x * x, "atanh has no derivative at ±1"),), ("× 1/(1 - {0}^2)",),
           r"\operatorname{{artanh}}\left({0}\right)", "math.atanh({0})", "numpy.arctanh({0})",
           exact=_at({0: 0})))
    exp = reg(_F("exp", 1, math.exp, lambda u: (c(exp, u),), lambda o, x: (o,),
                 ("× exp {0}",), r"e^{{{0}}}", "math.exp({0})", "numpy.exp({0})", exact=_exp_exact))
    ln = reg(_F("ln", 1, math.log, lambda u: (pw(u, minus1),), lambda o, x: (1 / x,),
                ("/ {0}",), r"\ln\left({0}\right)", "math.log({0})", "numpy.log({0})",
                spellings=("log",), exact=_ln_exact))
    ln10, ln2 = (lambda: c(ln, n(10))), (lambda: c(ln, n(2)))
    reg(_F("log", 2, _logb,
           lambda u, b: (pw(m(u, c(ln, b)), minus1),
                         S.neg(m(c(ln, u), pw(b, minus1), pw(c(ln, b), n(-2))))),
           lambda o, x, b: (1 / (x * math.log(b)), -math.log(x) / (b * math.log(b) ** 2)),
           ("/ ({0} ln {1})", "× (-ln {0} / ({1} ln^2 {1}))"), r"\log_{{{1}}}\left({0}\right)",
           "math.log({0}, {1})", "(numpy.log({0})/numpy.log({1}))"))
    reg(_F("log10", 1, math.log10, lambda u: (pw(m(u, ln10()), minus1),),
           lambda o, x: (1 / (x * math.log(10)),), ("/ ({0} ln 10)",), r"\log_{{10}}\left({0}\right)",
           "math.log10({0})", "numpy.log10({0})", exact=_at({1: 0})))
    reg(_F("log2", 1, math.log2, lambda u: (pw(m(u, ln2()), minus1),),
           lambda o, x: (1 / (x * math.log(2)),), ("/ ({0} ln 2)",), r"\log_{{2}}\left({0}\right)",
           "math.log2({0})", "numpy.log2({0})", exact=_at({1: 0})))
    reg(_F("sqrt", 1, math.sqrt, lambda u: (m(half, pw(c(f["sqrt"], u), minus1)),),
           lambda o, x: (_sqrt_deriv(o),), ("/ (2 sqrt {0})",), r"\sqrt{{{0}}}", "math.sqrt({0})",
           "numpy.sqrt({0})", exact=_sqrt_exact))
    # d|u| = u/|u|: the same as sign(u) where it exists, and undefined (not 0) at 0
    reg(_F("abs", 1, abs, lambda u: (m(u, pw(c(f["abs"], u), minus1)),),
           lambda o, x: (x / _nonzero(o, "abs has no derivative at 0"),),
           ("× sign {0}",), r"\left|{0}\right|", "abs({0})", "numpy.abs({0})", exact=_abs_exact))
    reg(_F("sign", 1, _sign, lambda u: (ZERO,), lambda o, x: (0.0,),
           ("× 0",), r"\operatorname{{sign}}\left({0}\right)", "math.copysign(1.0, {0})",
           "numpy.sign({0})", exact=_sign_exact, rule="sign is constant where it is differentiable"))
    return f


FUNCTIONS: dict[str, Function] = _table()


def _by_spelling() -> dict:
    out: dict = {}
    for fn in FUNCTIONS.values():
        for spelling in (fn.name, *fn.spellings):
            out.setdefault(spelling, []).append(fn)
    return out


_SPELLINGS = _by_spelling()


def lookup(name: str) -> list[Function]:
    """Entries spelt ``name`` (``log`` is both ln and the two-argument log)."""
    return _SPELLINGS.get(name, [])


def function_names() -> list[str]:
    names = set(FUNCTIONS)
    for fn in FUNCTIONS.values():
        names.update(fn.spellings)
    return sorted(names)


def _pow_dfloat(o, x, y):
    dx = y * _pow_float(x, y - 1) if y != 0 else 0.0
    # d/dy x^y needs ln x; for x <= 0 it exists only where y is held fixed,
    # so it is NaN here and the sweeps report it if the exponent varies
    dy = o * math.log(x) if x > 0 else (0.0 if x == 0 and y > 0 else math.nan)
    return dx, dy


def _div_float(x, y):
    return x / y


def _pow_float(x, y):
    if x < 0 and y != int(y):
        raise ValueError("a negative number to a non-integer power is not real")
    r = x**y
    if isinstance(r, complex):  # pragma: no cover - guarded above
        raise ValueError("not real")
    return r


def _pow_partials(x, y):
    return (S.mul(y, S.power(x, S.add(y, n(-1)))), S.mul(S.power(x, y), S.call(FUNCTIONS["ln"], x)))


OPERATORS: dict[str, Operator] = {
    op.name: op
    for op in (
        Operator("add", S.add, lambda x, y: x + y, lambda x, y: (ONE, ONE),
                 lambda o, x, y: (1.0, 1.0), (PLUS, PLUS), "{0} + {1}", "sum rule"),
        Operator("sub", S.sub, lambda x, y: x - y, lambda x, y: (ONE, minus1),
                 lambda o, x, y: (1.0, -1.0), (PLUS, MINUS), "{0} - {1}", "difference rule"),
        Operator("mul", S.mul, lambda x, y: x * y, lambda x, y: (y, x),
                 lambda o, x, y: (y, x), ("× {1}", "× {0}"), "{0} × {1}", "product rule"),
        Operator("div", S.div, _div_float,
                 lambda x, y: (S.power(y, minus1), S.neg(S.mul(x, S.power(y, n(-2))))),
                 lambda o, x, y: (1 / y, -o / y), ("/ {1}", "× (-{0} / {1}^2)"), "{0} / {1}", "quotient rule"),
        Operator("pow", S.power, _pow_float, _pow_partials, _pow_dfloat,
                 ("× {1} × {0}^({1} - 1)", "× {0}^{1} × ln {0}"), "{0}^{1}", "power rule"),
        Operator("neg", S.neg, lambda x: -x, lambda x: (minus1,), lambda o, x: (-1.0,),
                 (MINUS,), "-{0}", "negation", arity=1),
    )
}

CONSTANTS = {"pi": math.pi, "e": math.e}
CONSTANT_SPELLINGS = {"pi": "pi", "π": "pi", "e": "e"}
