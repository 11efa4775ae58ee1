"""Identities of the Matrix Cookbook (Petersen and Pedersen, 2012), numbered as there.

Each derivative diffcli prints is evaluated at a random point (square
matrices well conditioned) and compared with the Cookbook's closed form
computed by NumPy; a few are also checked as text.
"""

import numpy as np
import pytest

import diffcli

N = 3
rng = np.random.default_rng(42)


def spd(n=N):
    a = rng.normal(size=(n, n))
    return a @ a.T + n * np.eye(n)


def general(n=N):
    return rng.normal(size=(n, n)) + n * np.eye(n)


SHAPES = {"X": (N, N), "A": (N, N), "B": (N, N), "C": (N, N), "D": (N, N), "x": (N, 1), "a": (N, 1),
          "b": (N, 1), "c": (N, 1)}
P = {"X": general(), "A": general(), "B": general(), "C": general(), "D": general(),
     "x": rng.normal(size=(N, 1)), "a": rng.normal(size=(N, 1)), "b": rng.normal(size=(N, 1)),
     "c": rng.normal(size=(N, 1))}
inv = np.linalg.inv
X, A, B, C, D, x, a, b, c = (P[k] for k in "X A B C D x a b c".split())


@pytest.mark.parametrize("eq, expr, wrt, want", [
    ("(49)", "det(X)", "X", np.linalg.det(X) * inv(X).T),
    ("(57)", "logdet(X'*X)", "X", 2 * inv(X).T),
    ("(69)", "x'*a", "x", a),
    ("(70)", "a'*X*b", "X", a @ b.T),
    ("(71)", "a'*X'*b", "X", b @ a.T),
    ("(81)", "x'*A*x", "x", (A + A.T) @ x),
    ("(84)", "b'*X'*X*c", "X", X @ (b @ c.T + c @ b.T)),
    ("(85)", "(X*b + c)'*D*(X*b + c)", "X", (D + D.T) @ (X @ b + c) @ b.T),
    ("(100)", "tr(A*X)", "X", A.T),
    ("(101)", "tr(A*X*B)", "X", A.T @ B.T),
    ("(103)", "tr(X'*A)", "X", A),
    ("(109)", "tr(X'*X)", "X", 2 * X),
    ("(111)", "tr(X'*B*X)", "X", B @ X + B.T @ X),
    ("(113)", "tr(X*X)", "X", 2 * X.T),
    ("(124)", "tr(inv(X))", "X", -(inv(X) @ inv(X)).T),
    ("(125)", "tr(A*inv(X)*B)", "X", -(inv(X) @ B @ A @ inv(X)).T),
    ("(129)", "norm2(x - a)", "x", (x - a) / np.linalg.norm(x - a)),
    ("(130)", "norm2(x)^2", "x", 2 * x),
    ("(131)", "norm2(X)^2", "X", 2 * X),
])
def test_cookbook_derivative(eq, expr, wrt, want):
    f = diffcli.parse(expr, SHAPES)
    d = f.diff(wrt)
    got = d.evaluate({k: P[k] for k in f.variables})
    assert got.shape == want.shape, (eq, str(d))
    assert got == pytest.approx(want, rel=1e-9, abs=1e-9), (eq, str(d))


def test_cookbook_log_det_of_a_symmetric_matrix_at_a_symmetric_point():
    # (51) d log|det X| = inv(X)' ; at a symmetric positive definite point
    S = spd()
    d = diffcli.parse("logdet(X)", SHAPES).diff("X")
    assert d.evaluate(X=S) == pytest.approx(inv(S).T, rel=1e-10)


def test_cookbook_inverse_derivative_in_index_notation():
    # (59) d inv(X) = -inv(X) dX inv(X): D[i,j,k,l] = -inv(X)[i,k]*inv(X)[l,j]
    d = diffcli.parse("inv(X)", SHAPES).diff("X")
    assert str(d) == "D[i,j,k,l] = -inv(X)[i,k]*inv(X)[l,j]"
    want = -np.einsum("ik,lj->ijkl", inv(X), inv(X))
    assert d.evaluate(X=X) == pytest.approx(want, rel=1e-9)


@pytest.mark.parametrize("expr, wrt, texts", [
    ("a'*X*b", "X", {"a*b'"}),
    ("tr(A*X*B)", "X", {"A'*B'"}),
    ("x'*x", "x", {"2*x"}),
])
def test_cookbook_texts(expr, wrt, texts):
    assert str(diffcli.parse(expr, SHAPES).diff(wrt)) in texts
