"""Canonical builders: every canonical node is made here, already simplified.

The rules of the primitive table are written with these builders, so a
partial derivative comes out simplified; the builders know no primitive by
name: what is special about one (sin 0 = 0, e^x = exp(x)) is a hook on its
table entry (``exact``, ``raise_to``, ``times``).

Simplification happens at construction (as in SymPy's automatic evaluation),
so the result of any builder is in the one canonical form: exact constant
folding, neutral and absorbing elements, flattened sums and products, like
terms collected (2x + 3x = 5x), powers combined (x*x = x^2, x^3/x = x^2),
and a deterministic order of terms and factors.

Sums, products (Mul) and powers are elementwise: their operands are
scalars or arrays of one shape, a scalar standing for an array full of it;
the matrix product and the transpose are in ``matrices``. The shape pass
has checked the shapes before anything is built here.

Flattening is bounded (FLATTEN_LIMIT): a sum or product that already has
many operands is kept as one operand of the next, so that chains built one
step at a time (the derivative of a deep composition) cost linear time
instead of quadratic. A ``keep`` set names operands not to flatten: the
intermediates a program assigns stay one factor, so that a shared product
is not copied into every product that uses it (the logistic map would
otherwise grow every product to the limit).
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

from .errors import ExactnessWarning
from .expr import ONE, ZERO, Add, Call, Const, Mul, Num, Pow, Var, num, postorder

FLATTEN_LIMIT = 64
MAX_EXACT_BITS = 4096  # beyond this an exact number stays symbolic or becomes a float



def _too_big(q: Fraction) -> bool:
    return q.numerator.bit_length() > MAX_EXACT_BITS or q.denominator.bit_length() > MAX_EXACT_BITS


def _fit(value):
    """Keep an exact result exact while it is small enough, else make it a float."""
    if type(value) is not float and _too_big(value):
        warnings.warn(ExactnessWarning("a number exceeded the exact-arithmetic limit and was rounded to floating point"))
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    return value


def shape_of(nodes) -> tuple:
    """The shape of an elementwise combination: the arrays' common shape, else scalar."""
    for n in nodes:
        if n.shape:
            return n.shape
    return ()


def _flatten(items, cls, keep=()):
    for item in items:
        if type(item) is cls and len(item.args) <= FLATTEN_LIMIT and item not in keep:
            yield from item.args
        else:
            yield item


def _split(term):
    """term = coefficient * product of key, without building the product."""
    if type(term) is Mul:
        if type(term.args[0]) is Num:
            return term.args[0].value, term.args[1:]
        return 1, term.args
    return 1, (term,)


def _with_coeff(c, key):
    if c == 1:
        return key[0] if len(key) == 1 else Mul.make(None, key, shape_of(key))
    return Mul.make(None, (num(c),) + key, shape_of(key))


def _scaled_terms(terms, keep):
    """(term, factor) pairs; a number times a sum, 2*(x + y), joins the sum as 2*x + 2*y."""
    for t in terms:
        if (type(t) is Mul and len(t.args) == 2 and type(t.args[0]) is Num and type(t.args[1]) is Add
                and len(t.args[1].args) <= FLATTEN_LIMIT and t not in keep and t.args[1] not in keep):
            scale = t.args[0].value
            for inner in t.args[1].args:
                yield inner, scale
        else:
            yield t, 1


def add(*terms, keep=()):
    if len(terms) == 2 and type(terms[0]) is Num and type(terms[1]) is Num:  # two numbers (loops fold many)
        a, b = terms[0].value, terms[1].value
        return num(_fit(a + b) if a else b)
    constant = 0
    # like terms share a key (the factors besides the coefficient); a term
    # that meets no like term is reused as it is, so no node is built for it
    coeffs: dict = {}
    for t, scale in _scaled_terms(_flatten(terms, Add, keep), keep):
        if type(t) is Num:
            v = t.value * scale
            constant = _fit(constant + v) if constant else v
            continue
        c, key = (1, (t,)) if t in keep else _split(t)  # a kept 2*u is one whole term: it meets -(2*u)
        entry = coeffs.get(key)
        if entry is None:
            coeffs[key] = [c * scale, t if scale == 1 else None]
        else:
            entry[0] = _fit(entry[0] + c * scale)
            entry[1] = None
    out = [t if t is not None else _with_coeff(c, key) for key, (c, t) in coeffs.items() if c != 0]
    joined = _joined(out)
    if joined is not None:  # where(c, a, b) + where(c, p, q): their entry joins them
        return add(num(constant), *joined, keep=keep)
    if len(out) > 1 and any(t.shape for t in out):
        simpler = _broadcast_units(out)
        if simpler is not None:
            return add(num(constant), *simpler)
    out.sort(key=_term_order)
    if constant != 0:
        out.append(num(constant))
    if not out:
        return num(constant) if isinstance(constant, float) else ZERO
    if len(out) == 1:
        return out[0]
    return Add.make(None, tuple(out), shape_of(out))


def _joined(terms):
    """The terms with the calls their entry joins (``join``) joined, or None when none are."""
    groups: dict = {}
    for t in terms:
        if type(t) is Call and t.payload.join is not None:
            groups.setdefault(t.payload, []).append(t)
    for entry, calls in groups.items():
        if len(calls) > 1:
            merged = entry.join(calls)
            if merged is not None:
                return [t for t in terms if not (type(t) is Call and t.payload is entry)] + merged
    return None


def _broadcast_units(terms):
    """In a sum with an array, c*vector(1) is just c: a scalar term stands for an array full of it."""
    out = []
    for t in terms:
        factors = t.args if type(t) is Mul else (t,)
        units = [f for f in factors if type(f) is Call and f.payload.unit is not None and f.payload.unit(f)]
        if len(units) == 1 and all(not f.shape for f in factors if f is not units[0]):
            rest = [f for f in factors if f is not units[0]]
            t = mul(*rest) if rest else ONE
        out.append(t)
    if out == terms or not any(t.shape for t in out):  # nothing to do, or every array was ones
        return None
    return out


def _degree(node, name: str):
    """Degree of a monomial in one variable (0 for anything else)."""
    t = type(node)
    if t is Mul:
        return sum(_degree(f, name) for f in node.args if type(f) is not Mul)
    if t is Pow and type(node.args[1]) is Num and type(node.args[0]) is Var:
        return node.args[1].value if node.args[0].name == name else 0
    if t is Var:
        return 1 if node.name == name else 0
    return 0


def _term_order(term):
    """Terms by their first variable, then by falling degree in it (x^2 + x + 1)."""
    lead, rank, label, digest = term.sort_key()
    return (lead, -_degree(term, lead) if lead else 0, rank, label, digest)


def _factor_order(factor):
    """Symbols and their powers first, then functions, sums last: 2*x*y*sin(x)*(x + 1)."""
    t = type(factor)
    base = factor.args[0] if t is Pow else factor
    group = 2 if type(base) is Add else (0 if type(base) in (Var, Const, Num) else 1)
    return (group,) + factor.sort_key()


def mul(*factors, keep=()):
    if len(factors) == 2 and type(factors[0]) is Num and type(factors[1]) is Num:  # two numbers
        c = _fit(factors[0].value * factors[1].value)
        return ZERO if c == 0 else num(c)
    coeff = 1
    exps: dict = {}
    units = []  # arrays of ones: neutral beside another array (their entry says what they are)
    flat = []
    hooked = False
    for f in _flatten(factors, Mul, keep):
        if type(f) is Num:
            coeff = _fit(coeff * f.value)
            continue
        if type(f) is Call and f.payload.unit is not None and f.payload.unit(f):
            units.append(f)
            continue
        base, e = (f.args[0], f.args[1]) if type(f) is Pow else (f, ONE)
        exps.setdefault(base, []).append(e)
        flat.append(f)
        hooked = hooked or (type(base) is Call and base.payload.times is not None)
    if ZERO in exps and any(type(e) is Num and e.value < 0 for e in exps[ZERO]):
        return power(ZERO, num(-1))  # a product with 1/0 in it is 1/0, in its one form (0/0 too: never 0)
    if coeff == 0:
        return ZERO
    if hooked:  # exp(a)*exp(b) = exp(a + b), x*sign(x) = abs(x): the calls' entries say
        merged = _entry_products(exps)
        if merged is not None:
            consumed, product = merged
            rest = [f for f in flat if (f.args[0] if type(f) is Pow else f) not in consumed]
            return mul(num(coeff), *rest, *units, product, keep=keep)
    out = []
    regroup = False
    for base, every in exps.items():
        numbers = [e for e in every if type(e) is Num]
        # x^y/x stays x^y/x, as in SymPy: a symbolic exponent and a number are not summed into x^(y - 1)
        groups = [numbers, [e for e in every if type(e) is not Num]] if 0 < len(numbers) < len(every) else [every]
        for es in groups:
            p = power(base, add(*es)) if len(es) > 1 else (base if es[0] is ONE else _pow_node(base, es[0]))
            if type(p) is Num:
                coeff = _fit(coeff * p.value)
            elif p is not ONE:
                regroup = regroup or (len(es) > 1 and type(p) is Mul)
                out.append(p)
    if len(out) > 1:  # beside other factors a sum gives out its common number and a minus on every term:
        for i, f in enumerate(out):  # x*(-2*x - 2) is -2*x*(x + 1)
            if type(f) is Add and f not in keep and not f.shape and len(f.args) <= FLATTEN_LIMIT:
                g = _content(f)
                if g != 1 and _small(coeff * g):  # small: a chain of products must not pile up 4^n
                    out[i], coeff = add(Mul.make(None, (num(Fraction(1, g)), f))), coeff * g
                    regroup = regroup or out[i] in out[:i] + out[i + 1:]  # (y + 1)*(-1 - y) is -(y + 1)^2
    if units and not any(f.shape for f in out):
        out.append(units[0])  # the product's shape comes from the ones
    if regroup:  # a combined power expanded into a product, e.g. (x*y)^(1/2)*(x*y)^(1/2)
        return mul(num(coeff), *out, keep=keep)
    if len(out) + (coeff != 1) > 1:
        for i, f in enumerate(out):  # a factor that takes the others in: where(c, 1, 0)*x = where(c, x, 0)
            if type(f) is Call and f.payload.absorb is not None:
                done = f.payload.absorb(f, mul(num(coeff), *out[:i], *out[i + 1:], keep=keep))
                if done is not None:
                    return done
    out.sort(key=_factor_order)
    if coeff != 1:  # a number goes into a sum as in SymPy (4*(2*x - 7) is 8*x - 28), a minus into a sum
        # beside other factors when that saves one (-3*x*(1 - w) is 3*x*(w - 1))
        flip = next((f for f in out if type(f) is Add and f not in keep and len(f.args) <= FLATTEN_LIMIT
                     and not f.shape  # arrays keep 2*(X*w - y), as matrixcalculus.org writes it
                     and (len(out) == 1 or coeff < 0 and any(_coefficient(t) < 0 for t in f.args))), None)
        if flip is not None:
            rest = [f for f in out if f is not flip]
            return mul(*rest, *units, add(Mul.make(None, (num(coeff), flip), flip.shape)), keep=keep)
    if coeff != 1:
        out.insert(0, num(coeff))
    if not out:
        return num(coeff)
    if len(out) == 1:
        return out[0]
    return Mul.make(None, tuple(out), shape_of(out))


def _small(c) -> bool:
    return type(c) is not float and abs(c.numerator) < 2**32 and c.denominator < 2**32


def _coefficient(term):
    return term.value if type(term) is Num else _split(term)[0]


def _content(s) -> int:
    """The number common to a sum's terms (their integer gcd), negative when every term is."""
    coeffs = [_coefficient(t) for t in s.args]
    if not all(type(c) is int for c in coeffs):
        g = 1
    else:
        g = math.gcd(*coeffs)
    return -g if all(c < 0 for c in coeffs) else g


def _pow_node(base, exp):
    return Pow.make(None, (base, exp), base.shape or exp.shape)


def _entry_products(exps):
    """The first merge a call's entry offers for this product: (bases consumed, their product), or None."""
    powers = {b: (add(*es) if len(es) > 1 else es[0]) for b, es in exps.items()}
    for base in powers:
        if type(base) is Call and base.payload.times is not None:
            merged = base.payload.times(base, powers)
            if merged is not None:
                return merged
    return None


def _is_int(n) -> bool:
    return type(n) is Num and n.is_exact and n.value.denominator == 1


def exact_root(q: Fraction, k: int):
    """The rational r with r**k == q, or None."""
    if q < 0 or k > 64:
        return None
    out = []
    for part in (q.numerator, q.denominator):
        r = round(part ** (1.0 / k)) if part.bit_length() < 1000 else None
        if r is None:
            return None
        for cand in (r - 1, r, r + 1):
            if cand >= 0 and cand**k == part:
                out.append(cand)
                break
        else:
            return None
    return Fraction(out[0], out[1])


def _num_power(b: Num, e: Num):
    bv, ev = b.value, e.value
    if b.is_exact and e.is_exact:
        if ev.denominator == 1:
            n = abs(ev.numerator)
            bits = max(bv.numerator.bit_length(), bv.denominator.bit_length())
            if bv == 0 and ev < 0:  # 1/0 stays symbolic (evaluation reports it), in one form
                return _pow_node(b, num(-1))
            if bits <= 1 or bits * n <= MAX_EXACT_BITS:
                return num(Fraction(bv) ** ev.numerator if ev < 0 else bv**ev)
            warnings.warn(ExactnessWarning(f"{bv}^{ev} is too large to compute exactly; it is kept as a power"))
            return _pow_node(b, e)
        root = exact_root(bv, ev.denominator)
        if root is not None:
            return _num_power(num(root), num(ev.numerator))
        return _pow_node(b, e)
    try:
        r = float(bv) ** float(ev)
    except (OverflowError, ZeroDivisionError):
        return _pow_node(b, e)
    if isinstance(r, complex) or not math.isfinite(r):
        return _pow_node(b, e)
    return num(r)


def power(base, exp):
    if exp is ZERO or base is ONE:
        return ONE
    if exp is ONE:
        return base
    if type(base) is Num and type(exp) is Num:
        return _num_power(base, exp)
    if base is ZERO and type(exp) is Num and exp.value > 0:
        return ZERO
    if _is_int(exp):
        if type(base) is Pow:
            return power(base.args[0], mul(base.args[1], exp))
        if type(base) is Mul:
            return mul(*(power(f, exp) for f in base.args))
    elif type(exp) is Num and type(base) is Pow and type(base.args[1]) is Num and not _is_int(base.args[1]):
        # u^a with a not an integer exists only for u >= 0, where (u^a)^b = u^(a*b): sqrt(sqrt(x)) = x^(1/4)
        return power(base.args[0], mul(base.args[1], exp))
    elif type(exp) is Num and type(base) is Mul and type(base.args[0]) is Num and base.args[0].value > 0:
        c = _num_power(base.args[0], exp)  # (4*x)^(1/2) = 2*sqrt(x): a number's exact root comes out
        if type(c) is Num:
            return mul(c, power(Mul.make(None, base.args[1:], base.shape) if len(base.args) > 2 else base.args[1],
                                exp))
    if type(base) in (Call, Const):  # e^x is exp(x), exp(u)^k is exp(k*u): the base's entry says
        hook = base.payload.raise_to
        if hook is not None:
            done = hook(base, exp)
            if done is not None:
                return done
    return _pow_node(base, exp)


def neg(x, keep=()):
    return mul(num(-1), x, keep=keep)


def sub(a, b):
    return add(a, neg(b))


def div(a, b):
    return mul(a, power(b, num(-1)))


def call(fn, *args):
    exact = fn.exact(*args) if fn.exact else None
    return exact if exact is not None else Call.make(fn, args, fn.shape_of(*args))
