"""Canonical builders of matrix algebra: the matrix product and the transpose.

A canonical product holds only arrays, in order; scalar factors (a number,
a scalar variable, a 1x1 product such as x'*w) are pulled out into an
elementwise product around it, so 2*X'*(X*w - y) is Mul(2, MatMul(X',
X*w - y)). Identities drop out (an entry marks itself ``is_identity``).
A transpose is pushed to the leaves: (A*B)' = B'*A', (A + B)' = A' + B',
f(X)' = f(X') for an elementwise f, x'' = x; what remains is a
transposed leaf, or a function whose entry says how it transposes.
"""

from __future__ import annotations

from .algebra import add, mul, power
from .expr import ZERO, Add, Call, MatMul, Mul, Pow, Transpose, postorder
from .shapes import EXACT, transposed


def matmul(*factors):
    scalars, arrays = [], []
    for f in factors:
        if not f.shape:
            scalars.append(f)
        elif type(f) is MatMul:
            arrays.extend(f.args)
        elif type(f) is Mul and any(not g.shape for g in f.args):
            scalars.extend(g for g in f.args if not g.shape)
            inner = [g for g in f.args if g.shape]
            rest = inner[0] if len(inner) == 1 else mul(*inner)
            arrays.extend(rest.args if type(rest) is MatMul else (rest,))
        else:
            arrays.append(f)
    arrays = [a for a in arrays if not (type(a) is Call and getattr(a.payload, "is_identity", False))] or \
        [a for a in arrays][:1]
    arrays = _cancel_inverses(_absorb_ones(arrays))
    if any(s is ZERO for s in scalars):
        return ZERO
    if not arrays:
        return mul(*scalars)
    shape = EXACT.product(*(a.shape for a in arrays))
    for a in arrays:  # a zero array makes the product a zero array (its entry builds one)
        zero = a.payload.zeros(a, shape) if type(a) is Call and a.payload.zeros is not None else None
        if zero is not None:
            return zero if shape else ZERO
    node = arrays[0] if len(arrays) == 1 else MatMul.make(None, tuple(arrays), shape)
    return mul(*scalars, node) if scalars else node


def _absorb_ones(arrays):
    """diag(v)*ones = v and ones'*diag(v) = v': the entries that can say so, say so (``ones_product``)."""
    out = []
    for a in arrays:
        if out and _is_ones(a) and getattr(out[-1].payload, "ones_product", None) and type(out[-1]) is Call:
            out[-1] = out[-1].payload.ones_product(out[-1], False)
            continue
        if out and type(out[-1]) is Transpose and _is_ones(out[-1].args[0]) and type(a) is Call \
                and getattr(a.payload, "ones_product", None):
            out[-1] = a.payload.ones_product(a, True)
            continue
        out.append(a)
    return out


def _cancel_inverses(arrays):
    """inv(A)*A and A*inv(A) drop out of a longer product (an entry marks itself ``inverts``)."""
    out = []
    for i, a in enumerate(arrays):
        rest = len(out) - 1 + len(arrays) - i - 1  # factors left if this pair goes
        if out and rest >= 1 and (_inverse_of(out[-1], a) or _inverse_of(a, out[-1])):
            out.pop()
            continue
        out.append(a)
    return out


def _inverse_of(f, a) -> bool:
    return type(f) is Call and getattr(f.payload, "inverts", False) and f.args[0] is a


def _is_ones(node) -> bool:
    return type(node) is Call and node.payload.unit is not None and node.payload.unit(node)


def transpose(a):
    """a', with the transpose pushed to the leaves (an explicit walk: no recursion over the expression)."""
    if not a.shape:
        return a
    done: dict = {}
    for node in postorder(a):
        if not node.shape:
            done[node] = node
            continue
        t = type(node)
        if t is Transpose:
            done[node] = node.args[0]
        elif t is MatMul:
            done[node] = matmul(*(done[f] for f in reversed(node.args)))
        elif t is Add:
            done[node] = add(*(done[x] for x in node.args))
        elif t is Mul:
            done[node] = mul(*(done[x] for x in node.args))
        elif t is Pow:
            done[node] = power(done[node.args[0]], done[node.args[1]])
        elif t is Call and node.payload.transposes is not None:
            done[node] = node.payload.transposes(node, *(done[x] for x in node.args))
        else:
            done[node] = leaf(node)
    return done[a]


def leaf(node):
    """The transpose of a node kept whole: X'."""
    return Transpose.make(None, (node,), transposed(node.shape))
