"""Least squares with arrays, side by side: diffcli, hand-written NumPy, SymPy and JAX where they install.

    python bench/arrays.py [--quick]

Prints, in one run:
- the gradient of norm2(X*w - y)^2 at a point (X 2000x500) by diffcli's reverse
  sweep, against evaluating the function (the cheap gradient principle: <= 3x);
- the same against NumPy written by hand and JAX's grad (if jax is installed);
- building the closed form for a sum of k least-squares terms, k = 1, 10, 100
  (time per term: linear in the expression when flat);
- SymPy's MatrixSymbol derivative of the same loss (x'*x form, as it has no norm).
"""

from __future__ import annotations

import argparse
import os
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one thread: steady numbers on a shared machine

import numpy as np  # noqa: E402


def best(f, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def fmt(t):
    return f"{t * 1e3:.2f} ms" if t < 1 else f"{t:.2f} s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    import diffcli
    from diffcli.evaluate import evaluate, gradient

    m, n = (500, 100) if args.quick else (2000, 500)
    reps = 3 if args.quick else 7
    rng = np.random.default_rng(0)
    X, w, y = rng.normal(size=(m, n)), rng.normal(size=(n, 1)), rng.normal(size=(m, 1))
    point = {"X": X, "w": w, "y": y}
    f = diffcli.parse("norm2(X*w - y)^2", {"X": (m, n), "w": (n, 1), "y": (m, 1)})
    rows = []
    t_f, fv = best(lambda: evaluate(f.raw, point), reps)
    t_g, g = best(lambda: gradient(f.raw, point, ["w"])[0], reps)
    exact = 2 * X.T @ (X @ w - y)
    err = float(np.max(np.abs(g - exact)) / np.max(np.abs(exact)))
    rows.append(("diffcli f", fmt(t_f), ""))
    rows.append(("diffcli gradient (reverse sweep)", fmt(t_g), f"gradient/f = {t_g / t_f:.2f}x; max rel err {err:.1e}"))
    d = f.diff("w")
    t_c, gc = best(lambda: d.evaluate(point), reps)
    rows.append(("diffcli closed form 2*X'*(X*w - y), evaluated", fmt(t_c), f"{t_c / t_f:.2f}x f"))
    t_np, _ = best(lambda: float(np.sum((X @ w - y) ** 2)), reps)
    t_npg, _ = best(lambda: 2 * X.T @ (X @ w - y), reps)
    rows.append(("NumPy by hand: f / gradient", f"{fmt(t_np)} / {fmt(t_npg)}",
                 f"diffcli gradient / NumPy gradient = {t_g / t_npg:.2f}x"))
    try:
        import jax
        import jax.numpy as jnp

        jax.config.update("jax_enable_x64", True)
        loss = jax.jit(jax.grad(lambda w_: jnp.sum((jnp.asarray(X) @ w_ - jnp.asarray(y)) ** 2)))
        loss(jnp.asarray(w)).block_until_ready()
        t_j, _ = best(lambda: loss(jnp.asarray(w)).block_until_ready(), reps)
        rows.append(("JAX jit(grad)", fmt(t_j), f"diffcli / JAX = {t_g / t_j:.2f}x"))
    except ImportError:
        rows.append(("JAX jit(grad)", "not installed", "pip install jax to compare"))
    for k in (1, 10, 100):
        text = " + ".join(f"norm2(X*w{i} - y)^2" for i in range(k))
        shapes = {"X": (m, n), "y": (m, 1), **{f"w{i}": (n, 1) for i in range(k)}}
        t0 = time.perf_counter()
        g = diffcli.parse(text, shapes)
        parts = g.gradient()
        t1 = time.perf_counter()
        rows.append((f"closed forms, {k} terms: parse + all {k} gradients", fmt(t1 - t0),
                     f"{fmt((t1 - t0) / k)} per term; {str(parts[0])}"))
    try:
        import sympy

        Xs, ws, ys = sympy.MatrixSymbol("X", m, n), sympy.MatrixSymbol("w", n, 1), sympy.MatrixSymbol("y", m, 1)
        t0 = time.perf_counter()
        r = Xs * ws - ys
        ds = (r.T * r).diff(ws)
        t1 = time.perf_counter()
        rows.append(("SymPy MatrixSymbol d/dw (r'*r)", fmt(t1 - t0), str(ds)[:60]))
        t0 = time.perf_counter()
        ds_norm = sympy.Symbol("unused")
        try:
            ds_norm = str((sympy.trace(r.T * r)).diff(ws))[:40]
        except Exception as e:  # noqa: BLE001 - report, do not stop
            ds_norm = f"fails: {type(e).__name__}"
        rows.append(("SymPy d/dw tr(r'*r)", fmt(time.perf_counter() - t0), ds_norm))
    except ImportError:
        rows.append(("SymPy", "not installed", ""))
    width = max(len(r[0]) for r in rows)
    print(f"least squares, X {m}x{n}, best of {reps}")
    for name, t, note in rows:
        print(f"  {name:<{width}}  {t:>14}  {note}")
    ratio = t_g / t_f
    print(f"\n  {'PASS' if ratio <= 3 else 'FAIL'}  gradient by the reverse sweep <= 3x the function: {ratio:.2f}x")


if __name__ == "__main__":
    main()
