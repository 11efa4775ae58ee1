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

from fractions import Fraction

from .exact import fit, number_power, small
from .expr import ONE, ZERO, Add, Call, Const, Mul, Num, Pow, Var, num
from .terms import coefficient, content, factor_order, split, term_order

FLATTEN_LIMIT = 64



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


def _plain_sum(terms, keep):
    """The sum, when it is numbers and scalar terms no two alike, none a sum to flatten or to scale
    into, none a call whose entry joins calls; else None. The general path gives the same node for
    these (a test holds them together) with more bookkeeping."""
    constant = 0
    out = []
    keys = set()
    for t in terms:
        k = type(t)
        if k is Num:
            constant = fit(constant + t.value) if constant else t.value
            continue
        if k is Add or t.shape or (k is Call and t.payload.join is not None):
            return None
        if k is Mul and t not in keep:
            a = t.args
            if type(a[0]) is Num:
                if len(a) == 2 and type(a[1]) is Add and a[1] not in keep and len(a[1].args) <= FLATTEN_LIMIT:
                    return None  # 2*(x + y) goes into the sum
                key = a[1:]
            else:
                key = a
        else:
            key = (t,)
        if key in keys:
            return None
        keys.add(key)
        out.append(t)
    return _sum_node(out, constant)


def _sum_node(terms: list, constant):
    """The canonical sum of distinct terms (put in order here) and a number."""
    terms.sort(key=term_order)
    if constant != 0:
        terms.append(num(constant))
    if not terms:
        return num(constant) if isinstance(constant, float) else ZERO
    if len(terms) == 1:
        return terms[0]
    return Add.make(None, tuple(terms), shape_of(terms))


def add(*terms, keep=()):
    if len(terms) == 2 and type(terms[0]) is Num and type(terms[1]) is Num:  # two numbers (loops fold many)
        a, b = terms[0].value, terms[1].value
        return num(fit(a + b) if a else b)
    quick = _plain_sum(terms, keep)
    if quick is not None:
        return quick
    return _general_sum(terms, keep)


def _general_sum(terms, keep):
    constant = 0
    # like terms share a key (the factors besides the coefficient); a term
    # that meets no like term is reused as it is, so no node is built for it
    coeffs: dict = {}
    for t, scale in _scaled_terms(_flatten(terms, Add, keep), keep):
        if type(t) is Num:
            v = t.value * scale
            constant = fit(constant + v) if constant else v
            continue
        c, key = (1, (t,)) if t in keep else split(t)  # a kept 2*u is one whole term: it meets -(2*u)
        entry = coeffs.get(key)
        if entry is None:
            coeffs[key] = [c * scale, t if scale == 1 else None]
        else:
            entry[0] = fit(entry[0] + c * scale)
            entry[1] = None
    out = [t if t is not None else _with_coeff(c, key) for key, (c, t) in coeffs.items() if c != 0]
    joined = _joined(out)
    if joined is not None:  # where(c, a, b) + where(c, p, q): their entry joins them
        return add(num(constant), *joined, keep=keep)
    if len(out) > 1 and any(t.shape for t in out):
        simpler = _broadcast_units(out)
        if simpler is not None:
            return add(num(constant), *simpler)
    return _sum_node(out, constant)


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


def _plain_product(factors, keep):
    """The product, when it is numbers times distinct factors that nothing below merges, splits or
    absorbs; else None. The general path gives the same node for these (a test holds them
    together); this one skips its bookkeeping, which is most of a long program's differentiation."""
    coeff = 1
    given = None  # the one number factor, if there is one: its node is the coefficient's (no lookup)
    out = []
    bases = set()
    sums = []  # sums not kept whole: a number could go into them
    for f in _flatten(factors, Mul, keep):
        t = type(f)
        if t is Num:
            given = f if coeff == 1 else None
            coeff = fit(coeff * f.value)
            continue
        if t is Pow:
            base = f.args[0]
            if type(base) is Num:  # 1/0 and 2^x: the general path
                return None
        elif t is Add:
            if f not in keep and not f.shape and len(f.args) <= FLATTEN_LIMIT:  # it may give out a number
                if content(f) != 1:
                    return None
                sums.append(f)
            base = f
        elif t is Call:
            entry = f.payload
            if entry.unit is not None or entry.times is not None or entry.absorb is not None:
                return None
            base = f
        elif t is Var or t is Const or t is Mul:  # a Mul here is kept whole
            base = f
        else:
            return None
        if base in bases:
            return None
        bases.add(base)
        out.append(f)
    if coeff == 0:
        return ZERO
    if sums and coeff != 1 and (len(out) == 1 or coeff < 0 and any(coefficient(t) < 0 for f in sums for t in f.args)):
        return None  # the number goes into the sum
    out.sort(key=factor_order)
    if coeff != 1:
        out.insert(0, given if given is not None and given.value == coeff else num(coeff))
    if not out:
        return num(coeff)
    if len(out) == 1:
        return out[0]
    return Mul.make(None, tuple(out), shape_of(out))


def mul(*factors, keep=()):
    if len(factors) == 2 and type(factors[0]) is Num and type(factors[1]) is Num:  # two numbers
        c = fit(factors[0].value * factors[1].value)
        return ZERO if c == 0 else num(c)
    quick = _plain_product(factors, keep)
    if quick is not None:
        return quick
    return _general_product(factors, keep)


def _general_product(factors, keep):
    coeff = 1
    exps: dict = {}
    units = []  # arrays of ones: neutral beside another array (their entry says what they are)
    flat = []
    hooked = False
    for f in _flatten(factors, Mul, keep):
        if type(f) is Num:
            coeff = fit(coeff * f.value)
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
                coeff = fit(coeff * p.value)
            elif p is not ONE:
                regroup = regroup or (len(es) > 1 and type(p) is Mul)
                out.append(p)
    if len(out) > 1:  # beside other factors a sum gives out its common number and a minus on every term:
        for i, f in enumerate(out):  # x*(-2*x - 2) is -2*x*(x + 1)
            if type(f) is Add and f not in keep and not f.shape and len(f.args) <= FLATTEN_LIMIT:
                g = content(f)
                if g != 1 and small(coeff * g):  # small: a chain of products must not pile up 4^n
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
    out.sort(key=factor_order)
    if coeff != 1:  # a number goes into a sum as in SymPy (4*(2*x - 7) is 8*x - 28), a minus into a sum
        # beside other factors when that saves one (-3*x*(1 - w) is 3*x*(w - 1))
        flip = next((f for f in out if type(f) is Add and f not in keep and len(f.args) <= FLATTEN_LIMIT
                     and not f.shape  # arrays keep 2*(X*w - y), as matrixcalculus.org writes it
                     and (len(out) == 1 or coeff < 0 and any(coefficient(t) < 0 for t in f.args))), None)
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


def power(base, exp):
    if exp is ZERO or base is ONE:
        return ONE
    if exp is ONE:
        return base
    if type(base) is Num and type(exp) is Num:
        return number_power(base, exp)
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
        c = number_power(base.args[0], exp)  # (4*x)^(1/2) = 2*sqrt(x): a number's exact root comes out
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
