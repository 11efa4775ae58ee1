"""Operations on vectors and matrices: the syntax of matrixcalculus.org.

Each entry has its shape rule and one derivative rule: ``transpose`` (the
adjoint) for the linear ones, ``jvp`` (the tangent) for the others; the
reverse rules of inv, det, logdet, norms, softmax and logsumexp are derived
by transposing their tangents. Values are computed with NumPy, imported
only when an array is evaluated. Scalar functions need nothing here: their
``d`` rule lifts elementwise.
"""

from __future__ import annotations

from .. import algebra as A
from .. import matrices as M
from ..errors import ShapeError
from ..expr import ONE, ZERO, MatMul, Transpose, num, size
from ..shapes import SCALAR
from .base import ATOM, MUL, POW, VARIADIC, Syntax, canonical_kind, define
from .operators import div, mul, power
from .special import abs_, sign


def _np():
    import numpy

    return numpy


def _mm(*a):
    out = a[0]
    for x in a[1:]:
        out = out @ x if getattr(out, "ndim", 0) == 2 and getattr(x, "ndim", 0) == 2 else out * x
    return _scalar(out)


def _scalar(v):
    """A 1x1 array is a scalar."""
    return float(v.reshape(())) if getattr(v, "shape", None) == (1, 1) else v


def ones(shape):
    """vector(1) or matrix(1) of a shape: the neutral element of an elementwise product."""
    return ONE if shape == SCALAR else filled(ONE, shape)


def filled(c, shape):
    """An array of the shape with every entry c: vector(c), matrix(c), or a row vector(c)'."""
    if shape[1] == 1:
        return vector(c, size(shape[0]))
    if shape[0] == 1:
        return M.transpose(vector(c, size(shape[1])))
    return matrix(c, size(shape[0]), size(shape[1]))


def eye_of(n):
    return eye(size(n))


def _is_ones(node) -> bool:
    return node.args[0] is ONE


def _zeros(node, shape):
    if node.args[0] is not ZERO:
        return None
    return filled(ZERO, shape) if shape else ZERO  # x'*(0*x) is the number 0


# -- linear operations: their adjoint --------------------------------------------

transpose = define(
    "transpose", 1, lambda a: getattr(a, "T", a), None, build=M.transpose,
    shape=lambda S, a: S.transposed(a), syntax=Syntax("'", POW + 5, ATOM, ATOM, "postfix"),
    transpose=lambda g, a: M.transpose(g), array_only=True, rule="transpose rule")
matmul = define(
    "matmul", VARIADIC, _mm, None, build=M.matmul, spellings=(),
    shape=lambda S, *s: S.product(*s), syntax=Syntax("*", MUL, MUL, POW, "matmul"),
    transpose=lambda g, args, live: [M.matmul(M.transpose(M.matmul(*args[:i])) if i else ONE, g,
                                              M.transpose(M.matmul(*args[i + 1:])) if i < len(args) - 1 else ONE)
                                     for i in live],
    rule="matmul rule")
canonical_kind(MatMul, matmul)
canonical_kind(Transpose, transpose)
mul.arrays_mean = matmul  # '*' between two arrays is the matrix product


def _dot_shape(S, x, y):
    if S.product(S.transposed(x), y) != SCALAR:
        raise ShapeError("dot takes two vectors of one length")
    return SCALAR


def _scalar_of_square(what):
    def rule(S, a):
        S.square(a, what)
        return SCALAR

    return rule


dot = define("dot", 2, lambda x, y: _mm(getattr(x, "T", x), y), None,
             build=lambda x, y: M.matmul(M.transpose(x), y), shape=_dot_shape,
             transpose=(lambda g, x, y: A.mul(g, y), lambda g, x, y: A.mul(g, x)),
             python="({0}.T @ {1})", numpy="({0}.T @ {1})", latex=r"{0}^\top {1}", array_only=True)
sum_ = define("sum", 1, lambda u: float(_np().sum(u)) if hasattr(u, "shape") else u, None,
              shape=lambda S, u: SCALAR, transpose=lambda g, u: A.mul(g, ones(u.shape)),
              python="numpy.sum({0})", numpy="numpy.sum({0})", latex=r"\sum {0}", array_only=True)
tr = define("tr", 1, lambda a: float(_np().trace(a)) if hasattr(a, "shape") else a, None,
            shape=_scalar_of_square("tr"),
            transpose=lambda g, a: A.mul(g, eye_of(a.shape[0])) if a.shape else g,
            python="numpy.trace({0})", numpy="numpy.trace({0})", latex=r"\operatorname{{tr}}\left({0}\right)",
            array_only=True)


def _diag_value(a):
    np = _np()
    if not hasattr(a, "shape"):
        return a
    return np.diag(a[:, 0]) if a.shape[1] == 1 else np.diag(a).reshape(-1, 1)


def _diag_shape(S, a):
    a = S.resolve(a)
    if a == SCALAR:
        return a
    if a[1] == 1:
        return (a[0], a[0])
    return (S.square(a, "diag")[0], 1)


def _diag_times_ones(node, ones_on_left):
    v = node.args[0]
    if node.shape[0] != node.shape[1] or not v.shape or v.shape[1] != 1:
        return node  # diag of a matrix is a vector: nothing to absorb
    return M.transpose(v) if ones_on_left else v


diag = define("diag", 1, _diag_value, None, shape=_diag_shape, transpose=lambda g, a: diag(g),
              ones_product=_diag_times_ones,
              python="numpy.diag({0})", numpy="numpy.diag({0})", array_only=True,
              transposes=lambda node, a: node if node.shape[0] == node.shape[1] else M.leaf(node))


def _filled(*dims):
    def rule(S, c, *sizes):
        if S.resolve(c) != SCALAR:
            raise ShapeError("vector(c) and matrix(c) take a scalar c: every entry is c")
        return tuple(sizes[i] for i in dims) if len(dims) == 2 else (sizes[0], 1)
    return rule


vector = define("vector", 2, lambda c, n: _np().full((n, 1), c), None,
                shape=_filled(0), sizes=1, unit=_is_ones, zeros=_zeros,
                transpose=(lambda g, c, n: sum_(g), None), python="numpy.full(({1}, 1), {0})",
                numpy="numpy.full(({1}, 1), {0})", array_only=True)
matrix = define("matrix", 3, lambda c, m, n: _np().full((m, n), c), None,
                shape=_filled(0, 1), sizes=2, unit=_is_ones, zeros=_zeros,
                transpose=(lambda g, c, m, n: sum_(g), None, None), python="numpy.full(({1}, {2}), {0})",
                numpy="numpy.full(({1}, {2}), {0})", array_only=True,
                transposes=lambda node, c, m, n: matrix(c, n, m))
eye = define("eye", 1, lambda n: _np().eye(n), None, shape=lambda S, n: (n, n), sizes=1, is_identity=True,
             transpose=(None,), python="numpy.eye({0})", numpy="numpy.eye({0})", latex=r"I",
             array_only=True, transposes=lambda node, n: node)


# -- other operations: their tangent ----------------------------------------------

def _inv_value(a):
    np = _np()
    if not hasattr(a, "shape"):
        return 1 / a
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:
        raise ZeroDivisionError("the matrix is singular") from None


def _logdet_value(a):
    np = _np()
    if not hasattr(a, "shape"):
        if a <= 0:
            raise ValueError("logdet needs a positive determinant")
        return float(np.log(a))
    sign, log = np.linalg.slogdet(a)
    if sign <= 0:
        raise ValueError("logdet needs a positive determinant")
    return float(log)


inv = define("inv", 1, _inv_value, None, shape=lambda S, a: S.square(a, "inv"),
             jvp=lambda args, t: A.neg(M.matmul(inv(args[0]), t[0], inv(args[0]))),
             python="numpy.linalg.inv({0})", numpy="numpy.linalg.inv({0})", latex=r"{0}^{{-1}}",
             array_only=True, transposes=lambda node, a: inv(a), inverts=True,
             exact=lambda a: a.args[0] if getattr(a, "payload", None) is inv else None)  # inv(inv(A)) = A
det = define("det", 1, lambda a: float(_np().linalg.det(a)) if hasattr(a, "shape") else a, None,
             shape=_scalar_of_square("det"),
             jvp=lambda args, t: A.mul(det(args[0]), tr(M.matmul(inv(args[0]), t[0]))),
             python="numpy.linalg.det({0})", numpy="numpy.linalg.det({0})", latex=r"\det\left({0}\right)",
             array_only=True)
logdet = define("logdet", 1, _logdet_value, None, shape=_scalar_of_square("logdet"),
                jvp=lambda args, t: tr(M.matmul(inv(args[0]), t[0])),
                python="numpy.linalg.slogdet({0})[1]", numpy="numpy.linalg.slogdet({0})[1]",
                latex=r"\log\det\left({0}\right)", array_only=True)


def _norm2_value(u):
    np = _np()
    return float(np.linalg.norm(u)) if hasattr(u, "shape") else abs(u)


norm2 = define("norm2", 1, _norm2_value, None, shape=lambda S, u: SCALAR, spellings=("norm",),
               jvp=lambda args, t: A.mul(sum_(A.mul(args[0], t[0])), A.power(norm2(args[0]), num(-1))),
               python="numpy.linalg.norm({0})", numpy="numpy.linalg.norm({0})",
               latex=r"\left\|{0}\right\|_2", array_only=True, kink=lambda u: not _np().any(u))


def _norm1_value(u):
    np = _np()
    return float(np.sum(np.abs(u))) if hasattr(u, "shape") else abs(u)


def _norm1_jvp(sign_of):
    return lambda args, t: sum_(A.mul(sign_of(args[0]), t[0]))


def _abs_ratio(u):
    return A.mul(u, A.power(abs_(u), num(-1)))


norm1 = define("norm1", 1, _norm1_value, None, shape=lambda S, u: SCALAR, jvp=_norm1_jvp(_abs_ratio),
               subgradient=_norm1_jvp(sign), kink=lambda u: bool((_np().asarray(u) == 0).any()),
               python="numpy.sum(numpy.abs({0}))", numpy="numpy.sum(numpy.abs({0}))",
               latex=r"\left\|{0}\right\|_1", array_only=True)


def _softmax_value(u):
    np = _np()
    e = np.exp(u - np.max(u))
    return e / np.sum(e)


def _softmax_jvp(args, t):
    s = softmax(args[0])
    return A.add(A.mul(s, t[0]), A.neg(A.mul(s, sum_(A.mul(s, t[0])))))


def _logsumexp_value(u):
    np = _np()
    m = np.max(u)
    return float(m + np.log(np.sum(np.exp(u - m))))


softmax = define("softmax", 1, _softmax_value, None, jvp=_softmax_jvp, shape=lambda S, u: S.resolve(u),
                 python="(numpy.exp({0})/numpy.sum(numpy.exp({0})))",
                 numpy="(numpy.exp({0})/numpy.sum(numpy.exp({0})))", array_only=True)
logsumexp = define("logsumexp", 1, _logsumexp_value, None, shape=lambda S, u: SCALAR,
                   jvp=lambda args, t: sum_(A.mul(softmax(args[0]), t[0])),
                   python="numpy.log(numpy.sum(numpy.exp({0})))", numpy="numpy.log(numpy.sum(numpy.exp({0})))",
                   latex=r"\log\sum\exp\left({0}\right)", array_only=True)
detach = define("detach", 1, lambda u: u, lambda u: ZERO, python="{0}", numpy="{0}",
                latex=r"\operatorname{{sg}}\left({0}\right)", rule="detach: no derivative", detached=True)


# -- the operators as written for arrays -----------------------------------------

emul = define("emul", VARIADIC, lambda x, y: x * y, mul.d, build=A.mul, syntax=Syntax(".*", MUL, MUL, POW),
              rule="product rule", array_only=True, inline=lambda a: " * ".join(a))
ediv = define("ediv", 2, lambda x, y: x / y, div.d, build=A.div, syntax=Syntax("./", MUL, MUL, POW, "quotient"),
              rule="quotient rule", array_only=True, inline=lambda a: " / ".join(a))
epow = define("epow", 2, lambda x, y: x**y, power.d, build=A.power, syntax=Syntax(".^", POW, POW + 1, POW, "power"),
              rule="power rule", array_only=True)
