"""Symbolic differentiation over the DAG, forward (one variable) and reverse (all of them).

Each node is differentiated once, children before parents (an explicit
order, no recursion), by the rule its table entry gives, and the result is
assembled with the canonical builders: it comes out simplified and shares
structure with the function, so the derivative's graph grows linearly with
the function's. The three kinds of rule (see ``rules.base``) meet here:

* partials (elementwise): tangent sum_i d_i .* t_i; adjoint g .* d_i,
  summed where a scalar argument was broadcast over an array;
* adjoints (linear operations): the tangent is the operation applied to the
  tangent; the adjoint is the entry's rule;
* tangents (the rest): the adjoint is the tangent transposed, which is this
  same reverse pass run over the tangent's (linear) expression.
"""

from __future__ import annotations

from .algebra import add, mul, power
from .expr import MINUS_ONE, ONE, ZERO, Mul, Num, Pow, Size, Var, postorder, var, written
from .rules import TABLE, rule_of

_SUM = TABLE["sum"]


def diff(root, name: str, subgradient: bool = False, kept=()):
    """d root / d name for a scalar variable, canonical (it has root's shape).

    The tangents of ``kept`` nodes (a big program's intermediates, kept whole
    in the function) stay whole factors of the tangents that use them: the
    derivative of a long chain is then a chain too, not products flattened
    to the limit at every link.
    """
    d: dict = {}
    whole: set = set(kept)  # the intermediates and their tangents: factors never flattened
    for node in postorder(root):
        if not node.has_var:
            d[node] = ZERO
        elif type(node) is Var:
            d[node] = ONE if node.name == name else ZERO
        else:
            d[node] = t = tangent(node, [d[a] for a in node.args], subgradient, whole)
            if node in kept and t.args:
                whole.add(t)
    return d[root]


def tangent(node, tangents: list, subgradient: bool = False, keep=()):
    """The tangent of an operation for its arguments' tangents (ZERO where constant)."""
    rule, args = rule_of(node), node.args
    live = [i for i, t in enumerate(tangents) if t is not ZERO and type(args[i]) is not Size]
    if not live:
        return ZERO
    if rule.d is not None:
        if keep:  # a big program: a plain sum; factoring (combine) costs more than it saves on text nobody reads
            return add(*rule.partials_times(args, live, tangents, subgradient, keep), keep=keep)
        parts = rule.partials(args, live, subgradient)
        return combine([_times(p, tangents[i]) for p, i in zip(parts, live)])
    if rule.transpose is not None:  # linear in each argument: the operation applied to the tangent
        return add(*(rule.build(*args[:i], tangents[i], *args[i + 1:]) for i in live))
    return rule.tangent(args, [tangents[i] if i in live else None for i in range(len(args))], subgradient)


def gradient(root, names: list, subgradient: bool = False, seed=ONE, through=None) -> list:
    """All partial derivatives in one reverse pass over the DAG (symbolic reverse mode).

    Differentiating once per variable costs O(variables x size); accumulating
    adjoints from the output down costs O(size) for the whole gradient, as the
    Baur-Strassen bound promises. A node's adjoint is the sum of its parents'
    contributions, complete by the time the node is reached. ``seed`` is the
    output's cotangent; ``through`` limits the pass to the nodes that depend
    on those names (transposing a tangent follows the tangent only).
    """
    order = postorder(root)
    if through is None:
        follows = None
    else:
        follows = set()
        for node in order:
            if (type(node) is Var and node.name in through) or any(a in follows for a in node.args):
                follows.add(node)
    pending: dict = {root: [seed]}
    adjoint: dict = {}
    for node in reversed(order):
        parts = pending.pop(node, None)
        if parts is None:
            continue
        bar = combine(parts)
        if type(node) is Var:
            adjoint[node.name] = bar
            continue
        if bar is ZERO or not node.args:
            continue
        live = [i for i, a in enumerate(node.args) if type(a) is not Size
                and (a in follows if follows is not None else a.has_var)]
        if not live:
            continue
        for i, term in zip(live, adjoints(node, bar, live, subgradient)):
            if term is not ZERO:
                pending.setdefault(node.args[i], []).append(term)
    return [adjoint.get(name, ZERO) for name in names]


def adjoints(node, bar, live, subgradient: bool = False) -> list:
    """The cotangents of node's arguments at ``live`` for node's cotangent ``bar``."""
    rule, args = rule_of(node), node.args
    if rule.d is not None:
        return [_reduce(_times(p, bar), args[i].shape)
                for p, i in zip(rule.partials(args, live, subgradient), live)]
    if rule.transpose is not None:
        return rule.adjoints(bar, args, live)
    placeholders = {i: var(f"#t{i}", args[i].shape) for i in live}
    t = rule.tangent(args, [placeholders.get(i) for i in range(len(args))], subgradient)
    names = [p.name for p in placeholders.values()]
    return gradient(t, names, subgradient, seed=bar, through=set(names))


def _reduce(term, shape):
    """A scalar broadcast over an array receives the sum of the array's cotangent."""
    return _SUM(term) if term.shape and not shape else term


def _times(partial, d):
    return d if partial is ONE else mul(partial, d)


def combine(terms):
    """The sum of the terms, with a factor common to all of them taken out.

    x^x + x^x*ln(x) is x^x*(ln(x) + 1): the power rule's two partials, or two
    paths of the chain rule, meet in one node. Only factors that are more
    than a symbol are taken out (y*(2*x + 1) is longer than 2*x*y + y). Powers
    of one compound base whose exponents differ by a number come out too: at
    the lowest number (u^2*a + u*b is u*(u*a + b)), or, for a symbolic
    exponent, at the highest, as the general power rule writes it:
    u^v*ln(u) + v*u^(v - 1)*u' is u^v*(ln(u) + v*u'/u).
    """
    if len(terms) < 2:
        return terms[0] if terms else ZERO
    powers = [_powers(t) for t in terms]
    common = {}
    for base, (e, _) in powers[0].items():
        if type(base) is tuple:  # a factor that stands apart
            continue
        exps = [p[base][0] if base in p else None for p in powers]
        if any(x is None for x in exps):
            continue
        if all(x is e for x in exps):
            if base.args or e is not ONE:
                common[base] = e
        elif (base.args or type(e) is not Num) and not base.shape:  # x^x*ln(x) beside x*x^(x - 1) too
            steps = [add(x, mul(MINUS_ONE, e)) for x in exps]
            if all(type(d) is Num for d in steps):  # u^v beside u^(v - 1): out at u^v; u^2 beside u: at u
                if type(e) is not Num:
                    common[base] = exps[max(range(len(exps)), key=lambda i: steps[i].value)]
                elif min(x.value for x in exps) > 0:  # denominators stay apart: a/u^2 + b/u, not (a + b*u)/u^2
                    common[base] = min(exps, key=lambda x: x.value)
    if not common:
        return add(*terms)
    rests = [mul(*(f if b not in common else power(b, add(x, mul(MINUS_ONE, common[b])))
                   for b, (x, f) in p.items()), _coefficient(t))
             for p, t in zip(powers, terms)]
    return mul(*(b if x is ONE else power(b, x) for b, x in common.items()), add(*rests))


def _powers(term) -> dict:
    """A term's factors as base -> (exponent, the factor itself); its numeric coefficient left out."""
    out = {}
    for f in term.args if type(term) is Mul else (term,):
        if type(f) is Num:
            continue
        base, e = (f.args[0], f.args[1]) if type(f) is Pow else (f, ONE)
        if base in out:  # x^y/x: a base twice; the symbolic power keeps the base, the other stands apart
            if type(e) is Num:
                out[(f,)] = (ONE, f)
                continue
            other = out.pop(base)[1]
            out[(other,)] = (ONE, other)
        out[base] = (e, f)
    return out


def _coefficient(term):
    return term.args[0] if type(term) is Mul and type(term.args[0]) is Num else ONE


_ADD, _MUL = TABLE["add"], TABLE["mul"]


def diff_as_written(root, name: str, subgradient: bool = False):
    """The derivative by the rules alone, as written, with nothing simplified."""
    d: dict = {}
    for node in postorder(root):
        if type(node) is Var:
            d[node] = ONE if node.name == name else ZERO
            continue
        live = [i for i, a in enumerate(node.args) if d[a] is not ZERO]
        if not live:
            d[node] = ZERO
            continue
        if rule_of(node).d is None:  # an array operation: its tangent, simplified
            d[node] = tangent(node, [d[a] for a in node.args], subgradient)
            continue
        parts = rule_of(node).partials(node.args, live, subgradient)
        terms = [written(_MUL, p, d[node.args[i]]) for p, i in zip(parts, live)]
        total = terms[0]
        for t in terms[1:]:
            total = written(_ADD, total, t)
        d[node] = total
    return d[root]
