"""Derivatives of array-valued functions by array variables, in closed form where there is one.

The reverse pass with a symbolic cotangent ``G`` (a placeholder the shape of
the output) gives the adjoint of the variable as a linear function of G:
xbar(G) = J'*G. For a vector function of a vector this is read as a matrix,
J' = coefficient(xbar, G), so d(A*x)/dx = A and d sin(x)/dx = diag(cos(x)).
For matrices (a 3- or 4-way array) the adjoint of the form P*G*Q gives
index notation D[i,j,k,l] = P[k,i]*Q[j,l]; otherwise there is no matrix
form and only the numbers are given (by evaluating xbar at each unit G).
"""

from __future__ import annotations

from .algebra import add, mul
from .diff import gradient
from .expr import MINUS_ONE as MINUS, ONE, ZERO, Add, Call, MatMul, Mul, Var, postorder, size, var
from .matrices import matmul, transpose
from .printing import POW, to_text
from .rules import TABLE
from .rules.arrays import ones

COTANGENT = "#G"
_EYE, _DIAG, _SUM = TABLE["eye"], TABLE["diag"], TABLE["sum"]


def adjoint_of(root, name: str, subgradient: bool = False):
    """(xbar(G), G): the variable's adjoint for a symbolic cotangent G of root."""
    g = var(COTANGENT, root.shape)
    [xbar] = gradient(root, [name], subgradient, seed=g)
    return xbar, g


def jacobian(root, name: str, subgradient: bool = False):
    """The Jacobian (rows: outputs, columns: inputs) of a vector function by a vector, or None."""
    xbar, g = adjoint_of(root, name, subgradient)
    c = coefficient(xbar, g)
    return None if c is None else transpose(c)


def coefficient(expr, g):
    """The matrix C with expr = C*g, for expr linear in the vector g; None where there is none."""
    depends = {}
    for node in postorder(expr):
        depends[node] = node is g or any(depends[a] for a in node.args)
    coef: dict = {}
    for node in postorder(expr):
        if not depends[node]:
            continue
        if node is g:
            coef[node] = _EYE(size(g.shape[0]))
            continue
        c = _coefficient(node, depends, coef)
        if c is None:
            return None
        coef[node] = c
    return coef.get(expr, ZERO)


def _coefficient(node, depends, coef):
    t = type(node)
    live = [a for a in node.args if depends[a]]
    if t is Add:
        if len(live) != len(node.args):
            return None  # a constant term: affine, not linear
        # a scalar term of an array sum stands for ones*term
        return add(*(matmul(ones(node.shape), coef[a]) if node.shape and not a.shape else coef[a] for a in live))
    if len(live) != 1:
        return None
    inner = live[0]
    if t is Mul:
        rest = [a for a in node.args if a is not inner]
        scale = mul(*(a for a in rest if not a.shape))
        arrays = [a for a in rest if a.shape]
        if not arrays:
            return mul(scale, coef[inner])
        if len(arrays) == 1 and arrays[0].shape[1:] == (1,) and node.shape[1:] == (1,):
            if not inner.shape:  # a vector times a scalar linear in g: an outer product
                return matmul(mul(scale, arrays[0]), coef[inner])
            return mul(scale, matmul(_DIAG(arrays[0]), coef[inner]))
        return None
    if t is MatMul and node.args.index(inner) == len(node.args) - 1:
        return matmul(*node.args[:-1], coef[inner])
    if t is Call and node.payload is _SUM and inner.shape[1:] == (1,):
        return matmul(transpose(ones(inner.shape)), coef[inner])
    return None


def index_form(xbar, g) -> str | None:
    """D[i,j,k,l] for an adjoint P*G*Q or P*G'*Q (or a sum of such terms), or None.

    With xbar[k,l] = sum over i,j of P[k,i]*G[i,j]*Q[j,l], the derivative of
    output entry (i,j) by input entry (k,l) is P[k,i]*Q[j,l].
    """
    terms = xbar.args if type(xbar) is Add else (xbar,)
    out = []
    for term in terms:
        scale, body = ONE, term
        if type(term) is Mul:
            scalars = [a for a in term.args if not a.shape]
            arrays = [a for a in term.args if a.shape]
            if len(arrays) != 1:
                return None
            scale, body = mul(*scalars), arrays[0]
        factors = list(body.args) if type(body) is MatMul else [body]
        gt = transpose(g)
        hits = [i for i, f in enumerate(factors) if f is g or f is gt]
        if len(hits) != 1 or any(g in postorder(f) for i, f in enumerate(factors) if i != hits[0]):
            return None
        k = hits[0]
        rows, cols = ("i", "j") if factors[k] is g else ("j", "i")
        p = matmul(*factors[:k]) if k else None
        q = matmul(*factors[k + 1:]) if k < len(factors) - 1 else None
        sign, scale_text = "", []
        if scale is not ONE:
            text = to_text(scale)
            if text.startswith("-"):
                sign, text = "-", to_text(mul(scale, MINUS), need=POW)
            else:
                text = to_text(scale, need=POW)
            scale_text = [] if text == "1" else [text]
        entries = [_indexed(p, "k", rows) if p is not None else f"delta(k,{rows})",
                   _indexed(q, cols, "l") if q is not None else f"delta({cols},l)"]
        out.append((sign, "*".join(scale_text + entries)))
    text = "".join((f" {'-' if s else '+'} " if n else s) + t for n, (s, t) in enumerate(out))
    return "D[i,j,k,l] = " + text


def _indexed(node, a: str, b: str) -> str:
    """node[a,b], written with the simpler of node and its transpose: inv(X')[k,i] is inv(X)[i,k]."""
    flipped = transpose(node)
    if len(to_text(flipped)) < len(to_text(node)):
        node, a, b = flipped, b, a
    text = to_text(node)
    return f"{text if type(node) in (Var, Call) else f'({text})'}[{a},{b}]"
