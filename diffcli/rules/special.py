"""Functions with kinks, the machine-learning functions, and the error function.

Where a function has no derivative (abs, relu, sign at 0; max and min at a
tie) its rule ``d`` is a derivative that is undefined exactly there, so that
evaluating a derivative at a kink fails unless simplification removed the
kink (x*abs(x) has derivative 2*abs(x)). ``subgradient`` is the convention
of PyTorch and JAX instead: relu'(0) = 0, abs'(0) = 0, a tie goes to the
first argument.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .. import algebra as A
from ..expr import ONE, ZERO, Num, Pow, num
from .base import VARIADIC, define
from .elementary import exact, rec, sq, sqrt
from .operators import PI, TWO, exp, ln

neg, mul, add = A.neg, A.mul, A.add


def _number_fold(f):
    """Exact value of f at exact numbers: abs(-2) = 2."""

    def hook(*args):
        if all(type(a) is Num and a.is_exact for a in args):
            return num(f(*(a.value for a in args)))
        return None

    return hook


def _step(x):
    if x == 0:
        raise ValueError("heaviside(0) is undefined")
    return 1.0 if x > 0 else 0.0


def _dirac(x):
    if x == 0:
        raise ValueError("dirac(0) is infinite")
    return 0.0


def _sigmoid(x):
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)  # never overflows for x < 0: sigmoid(-800) is 0, not an error
    return z / (1 + z)


def _softplus(x):
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _zero(*_):
    return ZERO


def _integer(k):
    """The integer value of an exponent node, or None."""
    return int(k.value) if type(k) is Num and k.is_exact and k.value.denominator == 1 else None


def _abs_exact(a):
    """abs(-2) = 2; abs(u^k) is u^k for even k (abs(x^2) = x^2), abs(u)^k for odd k."""
    if type(a) is Pow and _integer(a.args[1]) is not None:
        return a if _integer(a.args[1]) % 2 == 0 else A.power(abs_(a.args[0]), a.args[1])
    return _abs_numbers(a)


def _abs_times(base, powers):
    """u^m/abs(u)^n: an even power of u joins the absolute value (x^2/abs(x) = abs(x), x^3/abs(x) = x*abs(x))."""
    u, k = base.args[0], _integer(powers[base])
    m = _integer(powers.get(u, ZERO))
    if k is None or k >= 0 or not m or m < 2:
        return None
    j = m - m % 2
    return [base, u], mul(A.power(u, num(m - j)), A.power(base, num(k + j)))


def _sign_times(base, powers):
    """x*sign(x) = abs(x), abs(x)*sign(x) = x."""
    if powers[base] is not ONE:
        return None
    u = base.args[0]
    m = _integer(powers.get(u, ZERO))
    if m and m % 2:
        return [base, u], mul(abs_(u), A.power(u, num(m - 1)))
    k = _integer(powers.get(abs_(u), ZERO))
    if k:
        return [base, abs_(u)], mul(u, A.power(abs_(u), num(k - 1)))
    return None


def _even_power(base, k):
    n = _integer(k)
    return A.power(base.args[0], k) if n is not None and n % 2 == 0 else None


_abs_numbers = _number_fold(abs)
abs_ = define("abs", 1, abs, lambda u: mul(u, rec(abs_(u))), spellings=("absolute",), python="abs({0})",
              latex=r"\left|{0}\right|", exact=_abs_exact, kink=lambda x: x == 0,
              subgradient=lambda u: sign(u), raise_to=_even_power, times=_abs_times)  # abs(u)^2 = u^2
sign = define("sign", 1, lambda x: float((x > 0) - (x < 0)), lambda u: mul(TWO, dirac(u)),
              python="float(({0} > 0) - ({0} < 0))", exact=_number_fold(lambda v: (v > 0) - (v < 0)),
              kink=lambda x: x == 0, subgradient=_zero, times=_sign_times)
dirac = define("dirac", 1, _dirac, lambda u: dirac(u), python="(0.0 if {0} else math.inf)",
               numpy="numpy.where({0} == 0, numpy.inf, 0.0)", latex=r"\delta\left({0}\right)",
               exact=lambda a: ZERO if type(a) is Num and a.value != 0 else None,
               kink=lambda x: x == 0, subgradient=_zero)
step = define("heaviside", 1, _step, lambda u: dirac(u), python="(float({0} > 0) if {0} else math.nan)",
              numpy="numpy.heaviside({0}, numpy.nan)", latex=r"H\left({0}\right)",
              exact=lambda a: num(int(a.value > 0)) if type(a) is Num and a.value != 0 else None,
              kink=lambda x: x == 0, subgradient=_zero)
heaviside = define("heaviside2", 2, lambda x, h: h if x == 0 else float(x > 0),
                   (lambda u, h: dirac(u), lambda u, h: dirac(u)), text="heaviside",  # by h: 0, but at u = 0
                   python="({1} if {0} == 0 else float({0} > 0))", numpy="numpy.heaviside({0}, {1})",
                   latex=r"H\left({0}, {1}\right)", kink=lambda x, h: x == 0, subgradient=_zero,
                   exact=lambda a, h: (h if a.value == 0 else num(int(a.value > 0))) if type(a) is Num else None)

relu = define("relu", 1, lambda x: max(x, 0.0), lambda u: step(u), python="max({0}, 0.0)",
              numpy="numpy.maximum({0}, 0.0)", exact=_number_fold(lambda v: max(v, 0)),
              kink=lambda x: x == 0, subgradient=lambda u: heaviside(u, ZERO))
sigmoid = define("sigmoid", 1, _sigmoid, lambda u: mul(sigmoid(u), add(ONE, neg(sigmoid(u)))),
                 python="math.exp(-(max(-{0}, 0.0) + math.log1p(math.exp(-abs({0})))))",
                 numpy="numpy.exp(-numpy.logaddexp(0.0, -{0}))",
                 latex=r"\sigma\left({0}\right)", exact=exact({0: Fraction(1, 2)}))
softplus = define("softplus", 1, _softplus, lambda u: sigmoid(u),
                  python="(max({0}, 0.0) + math.log1p(math.exp(-abs({0}))))", numpy="numpy.logaddexp(0.0, {0})",
                  exact=exact({0: lambda: ln(TWO)}))


def _extreme(pick):
    """max or min as a canonical node: numbers folded into one (where the first stood), repeats
    dropped, the written order kept (a tie goes to the first argument under --subgradient)."""

    def build(*args):
        numbers = [a.value for a in args if type(a) is Num]
        rest = []
        for a in args:
            if type(a) is Num:
                a = num(pick(numbers))
            if a not in rest:
                rest.append(a)
        return rest[0] if len(rest) == 1 else A.call(entries[pick], *rest)

    return build


def _extreme_partials(pick, sign_):
    """d max(a...)/dai = H(ai - max(others)); for min the step is turned around.

    An operand written twice (max(x, x)) is one operand: its first place takes
    the derivative, a repeat none, and it never ties with itself.
    """

    def step_of(u, h=None):
        u = u if sign_ > 0 else neg(u)
        return step(u) if h is None else heaviside(u, h)

    def against(u, others, h=None):
        others = list(dict.fromkeys(a for a in others if a is not u))
        return step_of(add(u, neg(entries[pick](*others))), h) if others else ONE

    def exact_rule(args, live):
        return [ZERO if args[i] in args[:i] else against(args[i], args) for i in live]

    def first_wins(args, live):  # a tie goes to the earlier argument
        return [ZERO if args[i] in args[:i] else
                mul(against(args[i], args[:i], ZERO), against(args[i], args[i + 1:], ONE)) for i in live]

    return exact_rule, first_wins


def _tie(pick):
    return lambda *xs: xs.count(pick(xs)) > 1


entries: dict = {}
for _pick, _name, _sign, _np in ((max, "max", 1, "maximum"), (min, "min", -1, "minimum")):
    _d, _sub = _extreme_partials(_pick, _sign)
    entries[_pick] = define(_name, VARIADIC, _pick, _d, build=_extreme(_pick), python=f"{_name}({{*}})",
                            numpy=f"numpy.{_np}.reduce([{{*}}])", latex=rf"\{_name}\left({{*}}\right)",
                            kink=_tie(_pick), subgradient=_sub, spellings=(_np,))


def _erf_d(u):
    return mul(TWO, exp(neg(sq(u))), rec(sqrt(PI)))


def _vectorized(f):
    """f entry by entry on a NumPy array (NumPy has no erf; scipy is not a dependency)."""
    def value(x):
        import numpy

        return numpy.vectorize(f, otypes=[float])(x)
    return value


erf = define("erf", 1, math.erf, _erf_d, numpy="scipy.special.erf({0})", exact=exact({0: 0}),
             array_value=_vectorized(math.erf))
erfc = define("erfc", 1, math.erfc, lambda u: neg(_erf_d(u)), numpy="scipy.special.erfc({0})",
              exact=exact({0: 1}), array_value=_vectorized(math.erfc))


def _norm_sq(y, x):
    return add(sq(x), sq(y))


atan2 = define("atan2", 2, math.atan2, (lambda y, x: mul(x, rec(_norm_sq(y, x))),
                                        lambda y, x: neg(mul(y, rec(_norm_sq(y, x))))),
               spellings=("arctan2",), numpy="numpy.arctan2({0}, {1})", python="math.atan2({0}, {1})",
               latex=r"\operatorname{{atan2}}\left({0}, {1}\right)")
hypot = define("hypot", 2, math.hypot, (lambda x, y: mul(x, rec(hypot(x, y))), lambda x, y: mul(y, rec(hypot(x, y)))),
               python="math.hypot({0}, {1})", numpy="numpy.hypot({0}, {1})")
