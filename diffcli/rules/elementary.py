"""Trigonometric and hyperbolic functions, their inverses, logarithms, roots."""

from __future__ import annotations

import math
from fractions import Fraction

from .. import algebra as A
from ..exact import exact_root
from ..expr import MINUS_ONE, ONE, Add, Mul, Num, Pow, num
from .base import TABLE, define
from .operators import HALF, INF, PI, TWO, exp, ln

neg, mul, add = A.neg, A.mul, A.add


def rec(u):
    return A.power(u, MINUS_ONE)


def sq(u):
    return A.power(u, TWO)


def one_minus_sq(u):
    return add(ONE, neg(sq(u)))


def _negative(a) -> bool:
    """-2*x, or -x - y^2: an argument whose sign comes out."""
    def neg_term(t):
        return type(t) is Mul and type(t.args[0]) is Num and t.args[0].value < 0
    return neg_term(a) or (type(a) is Add and all(neg_term(t) or (type(t) is Num and t.value < 0) for t in a.args))


def exact(points: dict | None = None, inverse: str | None = None, root: int | None = None,
          odd: str | None = None, even: str | None = None, of: dict | None = None):
    """Exact values: at exact points, of f(f^-1(u)) = u, of exact roots; f(-u) = -f(u) for an odd f
    (``odd`` names it), f(-u) = f(u) for an even one: sin(-x/2) is -sin(x/2), cos(-x) is cos(x);
    ``of`` maps another entry's name to f of it: cos(atan(u)) = 1/sqrt(1 + u^2)."""

    def hook(a):
        if of and getattr(a, "payload", None) is not None and getattr(a.payload, "name", None) in of:
            return of[a.payload.name](a.args[0])
        if (odd or even) and _negative(a):
            f = TABLE[odd or even](neg(a))
            return neg(f) if odd else f
        if type(a) is Num:
            if a.is_exact and points and a.value in points:
                v = points[a.value]
                return v() if callable(v) else num(v)
            if root and a.is_exact:
                r = exact_root(abs(a.value), root)
                if r is not None and (a.value >= 0 or root % 2):
                    return num(r if a.value >= 0 else -r)
            return None
        if inverse and getattr(a, "payload", None) is TABLE.get(inverse):
            return a.args[0]
        return None

    return hook


def _domain(ok: bool, what: str):
    if not ok:
        raise ValueError(what)


def _overflows(f):
    """f past the largest double is +-inf (IEEE), not an error: 1/cosh(800) is 0."""

    def value(x):
        try:
            return f(x)
        except OverflowError:
            return math.copysign(INF, f(math.copysign(1.0, x)))
    return value


def _acot(x):
    return math.atan(1 / x) if x else math.pi / 2


def _asec(x):
    _domain(abs(x) >= 1, "asec needs |x| >= 1")
    return math.acos(1 / x)


def _acsc(x):
    _domain(abs(x) >= 1, "acsc needs |x| >= 1")
    return math.asin(1 / x)


def _asech(x):
    _domain(0 < x <= 1, "asech needs 0 < x <= 1")
    return math.acosh(1 / x)


def _acsch(x):
    _domain(x != 0, "acsch is undefined at 0")
    return math.asinh(1 / x)


def _acoth(x):
    _domain(abs(x) > 1, "acoth needs |x| > 1")
    return math.atanh(1 / x)


def _logb(x, b):
    return math.log(x) / math.log(b)


def _exp2(x):
    try:
        return 2.0**x
    except OverflowError:
        return INF


_sinh, _cosh = _overflows(math.sinh), _overflows(math.cosh)


def _cbrt(x):
    r = math.cbrt(x)
    whole = round(r)  # the C library's cube root is not correctly rounded: cbrt(27) is 3
    return float(whole) if whole**3 == x else r


def _over_hypot(top):
    """top(u)/sqrt(1 + u^2): sin and cos of atan(u)."""
    return lambda u: mul(top(u), rec(sqrt(add(ONE, sq(u)))))


sin = define("sin", 1, math.sin, lambda u: cos(u), latex=r"\sin",
             exact=exact({0: 0}, "asin", odd="sin", of={"atan": _over_hypot(lambda u: u)}))
cos = define("cos", 1, math.cos, lambda u: neg(sin(u)), latex=r"\cos",
             exact=exact({0: 1}, "acos", even="cos", of={"atan": _over_hypot(lambda u: ONE)}))
tan = define("tan", 1, math.tan, lambda u: A.power(cos(u), num(-2)), latex=r"\tan",
             exact=exact({0: 0}, "atan", odd="tan"))
sec = define("sec", 1, lambda x: 1 / math.cos(x), lambda u: mul(sec(u), tan(u)),
             python="(1/math.cos({0}))", numpy="(1/numpy.cos({0}))", latex=r"\sec", exact=exact({0: 1}, even="sec"))
csc = define("csc", 1, lambda x: 1 / math.sin(x), lambda u: neg(mul(csc(u), cot(u))),
             python="(1/math.sin({0}))", numpy="(1/numpy.sin({0}))", latex=r"\csc")
cot = define("cot", 1, lambda x: 1 / math.tan(x), lambda u: neg(A.power(sin(u), num(-2))),
             python="(1/math.tan({0}))", numpy="(1/numpy.tan({0}))", latex=r"\cot")
asin = define("asin", 1, math.asin, lambda u: rec(sqrt(one_minus_sq(u))), spellings=("arcsin",),
              numpy="numpy.arcsin({0})", latex=r"\arcsin", exact=exact({0: 0}, odd="asin"))
acos = define("acos", 1, math.acos, lambda u: neg(rec(sqrt(one_minus_sq(u)))), spellings=("arccos",),
              numpy="numpy.arccos({0})", latex=r"\arccos", exact=exact({1: 0}))
atan = define("atan", 1, math.atan, lambda u: rec(add(ONE, sq(u))), spellings=("arctan",),
              numpy="numpy.arctan({0})", latex=r"\arctan", exact=exact({0: 0}, odd="atan"))
acot = define("acot", 1, _acot, lambda u: neg(rec(add(ONE, sq(u)))), spellings=("arccot",),
              python="(math.atan(1/{0}) if {0} else math.pi/2)", numpy="numpy.where({0} == 0, numpy.pi/2, numpy.arctan(1/{0}))",
              exact=exact({0: lambda: mul(HALF, PI)}))
asec = define("asec", 1, _asec, lambda u: rec(mul(sq(u), sqrt(add(ONE, neg(rec(sq(u))))))),
              spellings=("arcsec",), python="math.acos(1/{0})", numpy="numpy.arccos(1/{0})", exact=exact({1: 0}))
acsc = define("acsc", 1, _acsc, lambda u: neg(rec(mul(sq(u), sqrt(add(ONE, neg(rec(sq(u)))))))),
              spellings=("arccsc",), python="math.asin(1/{0})", numpy="numpy.arcsin(1/{0})")

sinh = define("sinh", 1, _sinh, lambda u: cosh(u), latex=r"\sinh", exact=exact({0: 0}, "asinh", odd="sinh"))
cosh = define("cosh", 1, _cosh, lambda u: sinh(u), latex=r"\cosh", exact=exact({0: 1}, "acosh", even="cosh"))
# 1 - tanh^2 rather than 1/cosh^2: bounded, so neither its value nor its Python code overflows far out
tanh = define("tanh", 1, math.tanh, lambda u: one_minus_sq(tanh(u)), latex=r"\tanh",
              exact=exact({0: 0}, "atanh", odd="tanh"))
sech = define("sech", 1, lambda x: 1 / _cosh(x), lambda u: neg(mul(sech(u), tanh(u))),  # no overflow at 800:
              python="(2*math.exp(-abs({0}))/(1 + math.exp(-2*abs({0}))))", numpy="(1/numpy.cosh({0}))",
              exact=exact({0: 1}, even="sech"))
csch = define("csch", 1, lambda x: 1 / _sinh(x), lambda u: neg(mul(csch(u), coth(u))),
              python="(2*math.copysign(math.exp(-abs({0})), {0})/(1 - math.exp(-2*abs({0}))))",
              numpy="(1/numpy.sinh({0}))")
coth = define("coth", 1, lambda x: 1 / math.tanh(x), lambda u: neg(A.power(sinh(u), num(-2))),
              python="(1/math.tanh({0}))", numpy="(1/numpy.tanh({0}))", latex=r"\coth")
asinh = define("asinh", 1, math.asinh, lambda u: rec(sqrt(add(sq(u), ONE))), spellings=("arcsinh",),
               numpy="numpy.arcsinh({0})", latex=r"\operatorname{{arsinh}}", exact=exact({0: 0}, odd="asinh"))
acosh = define("acosh", 1, math.acosh, lambda u: rec(sqrt(add(sq(u), MINUS_ONE))), spellings=("arccosh",),
               numpy="numpy.arccosh({0})", latex=r"\operatorname{{arcosh}}", exact=exact({1: 0}))
atanh = define("atanh", 1, math.atanh, lambda u: rec(one_minus_sq(u)), spellings=("arctanh",),
               numpy="numpy.arctanh({0})", latex=r"\operatorname{{artanh}}", exact=exact({0: 0}, odd="atanh"))
asech = define("asech", 1, _asech, lambda u: neg(rec(mul(u, sqrt(one_minus_sq(u))))), spellings=("arcsech",),
               python="math.acosh(1/{0})", numpy="numpy.arccosh(1/{0})", latex=r"\operatorname{{arsech}}",
               exact=exact({1: 0}))
acsch = define("acsch", 1, _acsch, lambda u: neg(rec(mul(sq(u), sqrt(add(ONE, rec(sq(u))))))),
               spellings=("arccsch",), python="math.asinh(1/{0})", numpy="numpy.arcsinh(1/{0})",
               latex=r"\operatorname{{arcsch}}")
acoth = define("acoth", 1, _acoth, lambda u: rec(one_minus_sq(u)), spellings=("arccoth",),
               python="math.atanh(1/{0})", numpy="numpy.arctanh(1/{0})", latex=r"\operatorname{{arcoth}}")

log = define("log", 2, _logb, (lambda u, b: rec(mul(u, ln(b))),
                               lambda u, b: neg(mul(ln(u), rec(b), A.power(ln(b), num(-2))))),
             python="math.log({0}, {1})", numpy="(numpy.log({0})/numpy.log({1}))", latex=r"\log_{{{1}}}\left({0}\right)")
log10 = define("log10", 1, math.log10, lambda u: rec(mul(u, ln(num(10)))), latex=r"\log_{{10}}\left({0}\right)",
               exact=exact({1: 0}))
log2 = define("log2", 1, math.log2, lambda u: rec(mul(u, ln(TWO))), latex=r"\log_{{2}}\left({0}\right)",
              exact=exact({1: 0}))
exp2 = define("exp2", 1, _exp2, lambda u: mul(exp2(u), ln(TWO)), python="2.0**{0}", latex=r"2^{{{0}}}",
              exact=exact({k: 2**k for k in range(-64, 65)}))
expm1 = define("expm1", 1, _overflows(math.expm1), lambda u: exp(u), exact=exact({0: 0}))
log1p = define("log1p", 1, math.log1p, lambda u: rec(add(u, ONE)), exact=exact({0: 0}))
def _even(k) -> bool:
    return type(k) is Num and k.is_exact and k.value.denominator == 1 and k.value % 2 == 0 and k.value != 0


def _sqrt_exact(a):
    """sqrt(u^(2j)) = abs(u)^j (so sqrt(x^4) is x^2, sqrt(x^2) is abs(x)); exact roots of numbers."""
    if type(a) is Pow and _even(a.args[1]):
        return A.power(TABLE["abs"](a.args[0]), num(Fraction(a.args[1].value, 2)))
    return _sqrt_numbers(a)


def _sqrt_build(u):
    """sqrt(u) is u^(1/2), as in SymPy, so that it meets u's other powers (sqrt(x)*x = x^(3/2))."""
    if u.shape:
        return A.call(sqrt, u)
    return _sqrt_exact(u) or A.power(u, HALF)


_sqrt_numbers = exact(root=2)
sqrt = define("sqrt", 1, math.sqrt, lambda u: mul(HALF, rec(sqrt(u))), latex=r"\sqrt{{{0}}}",
              exact=_sqrt_exact, build=_sqrt_build, power=Fraction(1, 2))
cbrt = define("cbrt", 1, _cbrt, lambda u: mul(num(Fraction(1, 3)), A.power(cbrt(u), num(-2))),
              latex=r"\sqrt[3]{{{0}}}", exact=exact(root=3))
