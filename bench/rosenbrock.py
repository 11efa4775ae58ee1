"""Rosenbrock, n = 10, 100, 1000: values and gradients at a point, and the symbolic gradient.

    python -m bench.rosenbrock [--quick]

diffcli's interpreter (`evaluate`, and `gradient` = one reverse sweep) best of
several, against SymPy's `lambdify(modules='math')` of the function and of its
symbolic gradient; the cheap-gradient principle (gradient <= 5x the function);
the symbolic gradient (one reverse pass for all n partials) against n SymPy
``diff`` calls, and its size as one DAG.
"""

from __future__ import annotations

import sys

from . import runner
from .inputs import rosenbrock_grad_exact, rosenbrock_point, rosenbrock_text

TITLE = "Rosenbrock: evaluation, reverse-sweep gradient, symbolic gradient"


def _repeats(n, quick):
    return ({10: 50, 100: 20, 1000: 10} if quick else {10: 200, 100: 50, 1000: 10})[n]


def _error(n, point, values):
    exact = rosenbrock_grad_exact(n, point)
    return max(abs(float(g) - exact[f"x{i}"]) / (1 + abs(exact[f"x{i}"])) for i, g in zip(range(1, n + 1), values))


def w_rosen_diffcli(p):
    import diffcli
    from diffcli.evaluate import evaluate, gradient

    n, reps = p["n"], p["repeats"]
    f = diffcli.parse(rosenbrock_text(n))
    pt = rosenbrock_point(n)
    evaluate(f.raw, pt)  # warm-up
    gradient(f.raw, pt, f.variables)
    t_f, _ = runner.best_of(lambda: evaluate(f.raw, pt), reps)
    t_g, g = runner.best_of(lambda: gradient(f.raw, pt, f.variables), reps)
    runner.emit(result={"f": t_f, "grad": t_g, "err": _error(n, pt, [dict(zip(f.variables, g))[f"x{i}"]
                                                                     for i in range(1, n + 1)])})


def w_rosen_symbolic_diffcli(p):
    import diffcli
    from diffcli.expr import dag_size, postorder

    f = diffcli.parse(rosenbrock_text(p["n"]))
    runner.emit(stage="diff")
    t0 = runner.pc()
    parts = [g.node for g in f.gradient()]
    t1 = runner.pc()
    runner.emit(result={"symgrad": t1 - t0, "fsize": dag_size(f.node), "gsize": len(postorder(*parts))})


def w_rosen_cas(p):
    if p["lib"] == "sympy":
        import sympy as lib
    else:
        import symengine as lib
    n, reps = p["n"], p["repeats"]
    xs = [lib.Symbol(f"x{i}") for i in range(1, n + 1)]
    runner.emit(stage="build")
    t0 = runner.pc()
    f = lib.Add(*[100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(n - 1)])
    t1 = runner.pc()
    runner.emit(stage="gradient", build=t1 - t0)
    g = [lib.diff(f, v) for v in xs]
    t2 = runner.pc()
    res = {"seconds": t2 - t0, "build": t1 - t0, "symgrad": t2 - t1}
    if p["lib"] == "sympy":  # SymEngine's Lambdify needs NumPy arrays: its symbolic side only
        pt = rosenbrock_point(n)
        vals = [pt[f"x{i}"] for i in range(1, n + 1)]
        runner.emit(stage="lambdify")
        t3 = runner.pc()
        lf, lg = lib.lambdify(xs, f, modules="math"), lib.lambdify(xs, g, modules="math")
        res["lambdify"] = runner.pc() - t3
        lf(*vals), lg(*vals)
        res["f"], _ = runner.best_of(lambda: lf(*vals), reps)
        res["grad"], gv = runner.best_of(lambda: lg(*vals), reps)
        res["err"] = _error(n, pt, gv)
    runner.emit(result=res)


WORKERS = {"rosen-diffcli": w_rosen_diffcli, "rosen-symbolic-diffcli": w_rosen_symbolic_diffcli,
           "rosen-cas": w_rosen_cas}


def measure(quick: bool) -> list[dict]:
    rows, series, cap = [], runner.Series(quick), runner.own_cap(quick)
    for n in (10, 100, 1000):
        reps, case = _repeats(n, quick), f"n={n}"
        r = runner.worker("rosenbrock", "rosen-diffcli", cap, n=n, repeats=reps)
        d = r.result()
        cas = {lib: series.step("rosenbrock", lib, case, "rosen-cas", n=n, repeats=reps) for lib in runner.cas_libs()}
        spent, s, _ = cas["sympy"]
        if d is None:
            rows.append({"case": case + ": evaluation", "diffcli": None, "peer": "SymPy lambdify", "peer_time": None,
                         "target": None, "note": r.failure(cap) or "failed"})
            continue
        rows.append({"case": case + ": f at a point", "diffcli": d["f"], "peer": "SymPy lambdify",
                     "peer_time": s["f"] if s else spent, "target": None,
                     "note": f"best of {reps}; diffcli interprets the graph"})
        rows.append({"case": case + ": gradient at a point", "diffcli": d["grad"], "peer": "SymPy lambdify",
                     "peer_time": s["grad"] if s else spent, "target": None,
                     "note": f"reverse sweep; max rel. error vs exact {d['err']:.1e}"
                             + (f" (SymPy {s['err']:.1e})" if s else "")})
        rows.append({"case": case + ": gradient / f", "diffcli": d["grad"], "peer": "diffcli f", "peer_time": d["f"],
                     "target": 5.0, "note": "cheap gradient principle"})
        if quick and n == 1000:
            continue  # the symbolic gradient at n = 1000: full mode only
        w = runner.worker("rosenbrock", "rosen-symbolic-diffcli", cap, n=n)
        sym = w.result()
        for lib, (spent, res, _) in cas.items():
            rows.append({"case": case + ": symbolic gradient", "diffcli": sym["symgrad"] if sym else None,
                         "peer": f"{runner.PEER_NAMES[lib]} {n} x diff",
                         "peer_time": res["symgrad"] if res else spent, "target": None,
                         "note": (w.failure(cap) or "failed") if not sym else f"one reverse pass for {n} partials"})
        if sym:
            rows.append({"case": case + ": gradient graph", "diffcli": sym["gsize"], "peer": "function graph",
                         "peer_time": sym["fsize"], "target": 5.0, "unit": "nodes",
                         "note": f"all {n} partials as one DAG"})
    return rows


if __name__ == "__main__":
    runner.family_main(sys.modules[__name__])
