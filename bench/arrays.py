"""Least squares with arrays: diffcli against hand-written NumPy, JAX (if installed) and SymPy.

    python -m bench.arrays [--quick]

- the gradient of norm2(X*w - y)^2 at a point (X 2000x500; quick 500x100) by
  diffcli's reverse sweep, against evaluating the function (the cheap gradient
  principle here: <= 3x), against NumPy written by hand and JAX's jit(grad);
- the closed form for a sum of k least-squares terms, k = 1, 10, 100 (time per
  term: linear in the expression when flat);
- SymPy's MatrixSymbol derivative of the same loss (the r'*r form; it has no norm).
All of it in one fresh interpreter (NumPy on one thread, for steady numbers).
"""

from __future__ import annotations

import os
import sys

from . import runner

TITLE = "least squares with arrays"


def w_arrays(p):
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    import numpy as np

    import diffcli
    from diffcli.evaluate import evaluate, gradient

    m, n, reps = p["m"], p["n"], p["repeats"]
    rng = np.random.default_rng(0)
    X, w, y = rng.normal(size=(m, n)), rng.normal(size=(n, 1)), rng.normal(size=(m, 1))
    point = {"X": X, "w": w, "y": y}
    f = diffcli.parse("norm2(X*w - y)^2", {"X": (m, n), "w": (n, 1), "y": (m, 1)})
    out = {}
    out["f"], _ = runner.best_of(lambda: evaluate(f.raw, point), reps)
    out["grad"], g = runner.best_of(lambda: gradient(f.raw, point, ["w"])[0], reps)
    exact = 2 * X.T @ (X @ w - y)
    out["err"] = float(np.max(np.abs(g - exact)) / np.max(np.abs(exact)))
    d = f.diff("w")
    out["closed"], _ = runner.best_of(lambda: d.evaluate(point), reps)
    out["numpy_grad"], _ = runner.best_of(lambda: 2 * X.T @ (X @ w - y), reps)
    try:
        import jax
        import jax.numpy as jnp

        jax.config.update("jax_enable_x64", True)
        loss = jax.jit(jax.grad(lambda w_: jnp.sum((jnp.asarray(X) @ w_ - jnp.asarray(y)) ** 2)))
        loss(jnp.asarray(w)).block_until_ready()
        out["jax"], _ = runner.best_of(lambda: loss(jnp.asarray(w)).block_until_ready(), reps)
    except ImportError:
        out["jax"] = "not installed"
    out["terms"] = {}
    for k in (1, 10, 100):
        text = " + ".join(f"norm2(X*w{i} - y)^2" for i in range(k))
        shapes = {"X": (m, n), "y": (m, 1), **{f"w{i}": (n, 1) for i in range(k)}}
        t0 = runner.pc()
        parts = diffcli.parse(text, shapes).gradient()
        out["terms"][k] = [runner.pc() - t0, str(parts[0])[:60]]
    try:
        import sympy

        Xs, ws, ys = sympy.MatrixSymbol("X", m, n), sympy.MatrixSymbol("w", n, 1), sympy.MatrixSymbol("y", m, 1)
        t0 = runner.pc()
        r = Xs * ws - ys
        ds = (r.T * r).diff(ws)
        out["sympy"] = [runner.pc() - t0, str(ds)[:60]]
    except ImportError:
        out["sympy"] = ["not installed", ""]
    runner.emit(result=out)


WORKERS = {"arrays": w_arrays}


def measure(quick: bool) -> list[dict]:
    m, n, reps = (500, 100, 3) if quick else (2000, 500, 7)
    r = runner.worker("arrays", "arrays", runner.own_cap(quick), m=m, n=n, repeats=reps)
    o = r.result()
    case = f"X {m}x{n}"
    if o is None:
        return [{"case": case, "diffcli": None, "peer": "diffcli f", "peer_time": None, "target": 3.0,
                 "note": r.failure(runner.own_cap(quick)) or "failed"}]
    rows = [
        {"case": f"{case}: gradient / f", "diffcli": o["grad"], "peer": "diffcli f", "peer_time": o["f"],
         "target": 3.0, "note": f"reverse sweep, best of {reps}; max rel. error {o['err']:.1e}"},
        {"case": f"{case}: closed form 2*X'*(X*w - y)", "diffcli": o["closed"], "peer": "diffcli f",
         "peer_time": o["f"], "target": None, "note": "the derivative's text, evaluated"},
        {"case": f"{case}: gradient", "diffcli": o["grad"], "peer": "NumPy by hand", "peer_time": o["numpy_grad"],
         "target": None},
        {"case": f"{case}: gradient", "diffcli": o["grad"], "peer": "JAX jit(grad)", "peer_time": o["jax"],
         "target": None},
    ]
    for k, (t, text) in o["terms"].items():
        rows.append({"case": f"{case}: {k} terms, parse + all gradients", "diffcli": t, "peer": None,
                     "peer_time": None, "target": None, "note": f"{runner.fmt_time(t / int(k))} per term; {text}"})
    rows.append({"case": f"{case}: 1 term, parse + gradient", "diffcli": o["terms"]["1"][0],
                 "peer": "SymPy MatrixSymbol d/dw r'*r", "peer_time": o["sympy"][0], "target": None,
                 "note": o["sympy"][1]})
    return rows


if __name__ == "__main__":
    runner.family_main(sys.modules[__name__])
