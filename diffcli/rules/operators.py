"""The operators + - * / ^ and unary minus, the constants, and exp and ln (which ^ needs).

``add``, ``mul`` and ``pow`` are also the rules of the canonical node kinds
Add, Mul and Pow; ``sub``, ``div`` and ``neg`` occur only as written, and
their canonical builders turn them into sums, products and powers.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .. import algebra as A
from ..errors import ShapeError
from ..expr import MINUS_ONE, ONE, ZERO, Add, Call, Mul, Num, Pow, const, num
from .base import ADD, MUL, NEG, POW, VARIADIC, Chain, Syntax, canonical_kind, define, define_constant, is_stand_in

INF = math.inf


def _sum(*a):
    if len(a) == 2:
        return a[0] + a[1]
    try:
        return math.fsum(a)
    except OverflowError:  # an intermediate sum past the largest double: IEEE gives inf
        return sum(a)


def _pow_inline(a):
    """x ** 2.0 as Python writes it: for a whole exponent it is what _pow computes, without a call."""
    try:
        whole = float(a[1]).is_integer()
    except ValueError:  # a name, not a number
        return None
    return f"{a[0]} ** {a[1]}" if whole else None


def _array_sum(*a):
    out = a[0]
    for x in a[1:]:
        out = out + x
    return out


def _array_pow(x, y):
    import numpy

    return numpy.power(numpy.asarray(x, dtype=float), y)


def _product(*a):
    r = 1.0
    for x in a:
        r *= x
    return r


def _pow(x, y):
    if x < 0 and not float(y).is_integer():
        raise ValueError("a negative number to a non-integer power is not real")
    try:
        return x**y
    except OverflowError:
        return INF if x > 0 or y % 2 == 0 else -INF


def _exp(x):
    try:
        return math.exp(x)
    except OverflowError:
        return INF


def _reciprocal(x, keep=()):
    return A.power(x, MINUS_ONE)


SUMS = Chain(A.add, A.neg)
PRODUCTS = Chain(A.mul, _reciprocal)

_PRODUCT_DIRECT = 8  # above this many factors, products of the others by prefix and suffix (linear)


def _product_times(args, i, t, keep=None):
    """d(a1*...*an)/dai times t = the product of the others and t.

    The args are already a product's flat factors: not flattened again (a factor that is itself a
    product was kept whole, and a ``keep`` given holds it)."""
    return A.mul(*args[:i], t, *args[i + 1:], keep=set(args) if keep is None else keep)


def _product_partials(args, live):
    if len(args) <= _PRODUCT_DIRECT or len(live) == 1:
        return [_product_times(args, i, ONE) for i in live]
    keep = set(args)
    n = len(args)
    prefix = [ONE] * (n + 1)
    for i in range(n):
        prefix[i + 1] = A.mul(prefix[i], args[i], keep=keep)
    suffix = [ONE] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix[i] = A.mul(args[i], suffix[i + 1], keep=keep)
    return [A.mul(prefix[i], suffix[i + 1]) for i in live]


def _join(op):
    return lambda names: op.join(names)


def _scalar_power(S, base, exponent):
    if S.resolve(base) != () or S.resolve(exponent) != ():
        raise ShapeError("^ is the power of a scalar; on an array it is ambiguous",
                         hint="x.^2 is elementwise; x'*x is the inner product, X*X the matrix square")


def _scalar_divisor(S, numerator, denominator):
    if S.resolve(denominator) != ():
        raise ShapeError("/ divides by a scalar; this divisor is an array", hint="./ divides elementwise")


def _power_partial(u, v):
    """v*u^(v - 1); with a symbolic v, or a product u, it is written v*u^v/u, as the general power
    rule (and SymPy) writes it, so that it meets u^v*ln(u) and a product cancels against the chain
    rule's factor: d/dx x^y is x^y*y/x, d/dx (2x)^y is y*(2x)^y/x, d/dx sqrt(x*y^2) is
    sqrt(x*y^2)/(2*x). The sweeps' own numbers keep v*u^(v - 1) (their arguments are stand-ins):
    fewer roundings, and defined at u = 0."""
    if is_stand_in(u) or (type(v) is Num and type(u) is not Mul):
        return A.mul(v, A.power(u, A.add(v, MINUS_ONE)))
    return A.mul(v, A.power(u, v), A.power(u, MINUS_ONE))


# Each operator: name, arity, value on floats, and its partials by each argument.
add = define("add", VARIADIC, _sum, lambda args, live: [ONE for _ in live],
             build=A.add, syntax=Syntax(" + ", ADD, ADD, ADD + 1), chain=SUMS, linear=True,
             rule="sum rule", inline=lambda a: " + ".join(a) if len(a) == 2 else None, array_value=_array_sum)
sub = define("sub", 2, lambda x, y: x - y, (lambda u, v: ONE, lambda u, v: MINUS_ONE),
             build=A.sub, syntax=Syntax(" - ", ADD, ADD, ADD + 1), chain=Chain(A.add, A.neg, (False, True)),
             linear=True, rule="difference rule", inline=_join(" - "))
mul = define("mul", VARIADIC, _product, _product_partials,
             build=A.mul, syntax=Syntax("*", MUL, MUL, POW), chain=PRODUCTS, linear=True, d_times=_product_times,
             rule="product rule", inline=_join(" * "))
div = define("div", 2, lambda x, y: x / y,
             (lambda u, v: _reciprocal(v), lambda u, v: A.neg(A.mul(u, A.power(v, num(-2))))),
             build=A.div, syntax=Syntax("/", MUL, MUL, POW, "quotient"), chain=Chain(A.mul, _reciprocal, (False, True)),
             rule="quotient rule", inline=_join(" / "), written_shape=_scalar_divisor)
neg = define("neg", 1, lambda x: -x, lambda u: MINUS_ONE,
             build=A.neg, syntax=Syntax("-", NEG, POW, POW, "prefix"), linear=True,
             rule="negation", inline=lambda a: "-" + a[0])
power = define("pow", 2, _pow,
               (lambda u, v: _power_partial(u, v),  # the power rule, once
                # 0^v is the constant 0 wherever it is defined (v > 0): no ln(0)
                lambda u, v: ZERO if u is ZERO else A.mul(A.power(u, v), ln(u))),
               build=A.power, syntax=Syntax("^", POW, POW + 1, POW, "power"), spellings=("power",),
               rule="power rule", written_shape=_scalar_power, array_value=_array_pow, inline=_pow_inline)
for _kind, _entry in ((Add, add), (Mul, mul), (Pow, power)):
    canonical_kind(_kind, _entry)


def _exp_exact(a):
    if a is ZERO:
        return ONE
    if a is ONE:
        return E
    if type(a) is not Num and getattr(a, "payload", None) is ln:  # exp(ln(u)) = u
        return a.args[0]
    return None


def _ln_exact(a):
    if a is E:
        return ONE
    if a is ONE:
        return ZERO
    if getattr(a, "payload", None) is exp:  # ln(exp(u)) = u for every real u
        return a.args[0]
    return None


def _exp_times(base, powers):
    """exp(a)*exp(b) = exp(a + b): exp(2x)/exp(x) is exp(x)."""
    calls = [b for b in powers if type(b) is Call and b.payload is exp]
    if len(calls) < 2:
        return None
    return calls, exp(A.add(*(A.mul(b.args[0], powers[b]) for b in calls)))


exp = define("exp", 1, _exp, lambda u: exp(u), latex=r"e^{{{0}}}", exact=_exp_exact,
             raise_to=lambda base, k: exp(A.mul(base.args[0], k)), times=_exp_times)  # exp(u)^k = exp(k*u)
ln = define("ln", 1, math.log, lambda u: A.power(u, MINUS_ONE), spellings=("log",),
            python="math.log({0})", numpy="numpy.log({0})", latex=r"\ln", exact=_ln_exact)

PI = const(define_constant("pi", math.pi, ("π",), "math.pi", "numpy.pi", r"\pi"))
E = const(define_constant("e", math.e, (), "math.e", "numpy.e", "e",
                          raise_to=lambda base, x: exp(x)))  # e^x is exp(x)

HALF = num(Fraction(1, 2))
TWO = num(2)
