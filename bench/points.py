"""Bench family: compiled evaluation and many points, against SymPy's lambdify.

Rows (each ratio is diffcli's time over the peer's; target = the most allowed):
1. Rosenbrock n = 1000, the function's value: ``f.compile()`` called on a point,
   against ``lambdify(xs, f, modules="math")``, best of N calls; target 3.
2. The same for the gradient: ``Compiled.gradient`` (the reverse sweep as code)
   against ``lambdify`` of SymPy's n partial derivatives (one function); target 3.
3. ``diffcli grad "<Rosenbrock 10>" --at-file pts.csv`` (10^4 points) end to end,
   against a SymPy script that differentiates, lambdifies (math), loops over the
   points and prints CSV; both subprocesses, wall time, best of 3; target 1.
4. The vectorised path alone (10^4 points, NumPy on whole columns), against
   SymPy's gradient lambdified with modules="numpy" on the same columns; no target.

Every in-process measurement runs in its own subprocess (``python -m
bench.points --worker NAME ...``) so the libraries share no caches; BLAS and
OpenMP threads are set to 1. ``python -m bench.points [--quick]`` prints the rows.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time

TITLE = "compiled evaluation and many points"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def rosenbrock_text(n: int) -> str:
    return " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(1, n))


def rosenbrock_point(n: int) -> list:
    return [0.5 + 0.9 * ((i * 37) % 17) / 17 for i in range(1, n + 1)]


def points_csv(path: str, count: int, n: int = 10):
    """``count`` deterministic points of ``n`` variables, as CSV with a header."""
    with open(path, "w") as fh:
        fh.write(",".join(f"x{i}" for i in range(1, n + 1)) + "\n")
        for k in range(count):
            fh.write(",".join(repr(round(-1.5 + 3.0 * ((k * 7919 + i * 104729) % 1000) / 999, 6))
                              for i in range(1, n + 1)) + "\n")


# -- workers (each in a fresh interpreter; the last stdout line is JSON) -----------------

def _best(fn, repeats: int) -> float:
    fn()  # warm-up
    best = math.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _rows(count, n=10):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "pts.csv")
        points_csv(path, count, n)
        with open(path) as fh:
            next(fh)
            return [tuple(float(v) for v in line.split(",")) for line in fh]


def w_compiled_diffcli(n: int, repeats: int) -> dict:
    import diffcli

    c = diffcli.parse(rosenbrock_text(n)).compile()
    by_name = dict(zip((f"x{i}" for i in range(1, n + 1)), rosenbrock_point(n)))
    pt = [by_name[v] for v in c.variables]  # positional, in the function's order (of first appearance)
    grad = dict(zip(c.variables, c.gradient(*pt)[1]))
    return {"f": _best(lambda: c(*pt), repeats), "grad": _best(lambda: c.gradient(*pt), repeats),
            "check": [c(*pt)] + [grad[f"x{i}"] for i in range(1, 4)]}


def w_compiled_sympy(n: int, repeats: int) -> dict:
    import sympy

    xs = sympy.symbols(f"x1:{n + 1}")
    f = sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(n - 1))
    lf = sympy.lambdify(xs, f, modules="math")
    lg = sympy.lambdify(xs, [sympy.diff(f, x) for x in xs], modules="math")
    pt = rosenbrock_point(n)
    return {"f": _best(lambda: lf(*pt), repeats), "grad": _best(lambda: lg(*pt), repeats),
            "check": [float(lf(*pt))] + [float(v) for v in lg(*pt)[:3]]}


def w_vector_diffcli(count: int, repeats: int) -> dict:
    import diffcli
    from diffcli.api import Many

    f = diffcli.parse(rosenbrock_text(10))
    many = Many(f, "gradients", partials=f.gradient())
    rows = _rows(count)
    out = {"vector": _best(lambda: many.run(rows, vectorise=True), repeats),
           "scalar": _best(lambda: many.run(rows, vectorise=False), max(1, repeats // 3))}
    out["same"] = many.run(rows, vectorise=True) == many.run(rows, vectorise=False)
    return out


def w_vector_sympy(count: int, repeats: int) -> dict:
    import numpy
    import sympy

    xs = sympy.symbols("x1:11")
    f = sum(100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(9))
    lg = sympy.lambdify(xs, [f, *[sympy.diff(f, x) for x in xs]], modules="numpy")
    cols = numpy.array(_rows(count)).T.copy()
    return {"vector": _best(lambda: numpy.array(lg(*cols)).T.tolist(), repeats)}


WORKERS = {"compiled-diffcli": w_compiled_diffcli, "compiled-sympy": w_compiled_sympy,
           "vector-diffcli": w_vector_diffcli, "vector-sympy": w_vector_sympy}

SYMPY_SCRIPT = r"""
import csv, sys
import sympy
text = sys.argv[1]
xs = sympy.symbols("x1:11")
f = sympy.sympify(text.replace("^", "**"), locals={str(x): x for x in xs})
lf = sympy.lambdify(xs, f, modules="math")
lg = sympy.lambdify(xs, [sympy.diff(f, x) for x in xs], modules="math")
out = csv.writer(sys.stdout, lineterminator="\n")
with open(sys.argv[2]) as fh:
    rows = csv.reader(fh)
    names = next(rows)
    out.writerow(names + [f"d/d{n}" for n in names] + ["function_value"])
    for row in rows:
        p = [float(v) for v in row]
        out.writerow([repr(v) for v in p] + [repr(float(v)) for v in lg(*p)] + [repr(float(lf(*p)))])
"""


def worker(name: str, **params) -> dict:
    args = [sys.executable, "-m", "bench.points", "--worker", name, json.dumps(params)]
    out = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=ENV)
    if out.returncode != 0:
        raise RuntimeError(f"{name}: {out.stderr.strip().splitlines()[-1:] or out.returncode}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _wall(cmd, repeats: int) -> float:
    best = math.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV, check=True)
        best = min(best, time.perf_counter() - t0)
    return best


def _safe(fn):
    try:
        return fn(), None
    except Exception as e:  # a missing peer or a crash: the row says so instead of ending the run
        return None, f"{type(e).__name__}: {e}"


# -- the family ----------------------------------------------------------------------------

def measure(quick: bool) -> list[dict]:
    n = 200 if quick else 1000
    repeats = 20 if quick else 100
    count = 10_000
    rows = []
    mine, err1 = _safe(lambda: worker("compiled-diffcli", n=n, repeats=repeats))
    peer, err2 = _safe(lambda: worker("compiled-sympy", n=n, repeats=repeats))
    agree = ""
    if mine and peer:
        agree = "; values agree" if all(math.isclose(a, b, rel_tol=1e-12) for a, b in
                                        zip(mine["check"], peer["check"])) else "; VALUES DIFFER"
    for key, label, peer_label in (("f", "value", "SymPy lambdify (math)"),
                                   ("grad", "reverse-mode gradient", "SymPy lambdify of diff (math)")):
        rows.append({"case": f"Rosenbrock n={n}: compiled {label}, per call",
                     "diffcli": mine[key] if mine else None, "peer": peer_label,
                     "peer_time": peer[key] if peer else None, "target": 3.0,
                     "note": (err1 or err2 or f"best of {repeats}{agree}")})

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "pts.csv")
        points_csv(path, count)
        text = rosenbrock_text(10)
        t_mine, e1 = _safe(lambda: _wall([sys.executable, "-m", "diffcli", "grad", text, "--at-file", path], 3))
        t_peer, e2 = _safe(lambda: _wall([sys.executable, "-c", SYMPY_SCRIPT, text, path], 3))
    rows.append({"case": f"--at-file {count} points, Rosenbrock 10 gradient, end to end",
                 "diffcli": t_mine, "peer": "SymPy script (diff, lambdify, loop, CSV)", "peer_time": t_peer,
                 "target": 1.0, "note": e1 or e2 or "subprocess wall time, best of 3"})

    vec, e1 = _safe(lambda: worker("vector-diffcli", count=count, repeats=5 if quick else 10))
    pv, e2 = _safe(lambda: worker("vector-sympy", count=count, repeats=5 if quick else 10))
    note = e1 or e2 or (f"row by row (compiled) {vec['scalar'] * 1e3:.1f} ms; "
                        f"{'same numbers as row by row' if vec['same'] else 'NUMBERS DIFFER from row by row'}")
    rows.append({"case": f"vectorised gradient alone, {count} points, Rosenbrock 10",
                 "diffcli": vec["vector"] if vec else None, "peer": "SymPy lambdify (numpy) on columns",
                 "peer_time": pv["vector"] if pv else None, "target": None, "note": note})
    return rows


def _fmt(t):
    return "-" if t is None else f"{t * 1e3:.3f} ms" if t < 1 else f"{t:.2f} s"


def main(argv):
    if argv[:1] == ["--worker"]:
        print(json.dumps(WORKERS[argv[1]](**json.loads(argv[2]))))
        return 0
    quick = "--quick" in argv
    print(f"{TITLE}{' (quick)' if quick else ''}")
    failed = False
    for r in measure(quick):
        ratio = r["diffcli"] / r["peer_time"] if r["diffcli"] and r["peer_time"] else None
        verdict = "" if r["target"] is None or ratio is None else ("PASS" if ratio <= r["target"] else "FAIL")
        failed |= verdict == "FAIL"
        target = f"<= {r['target']:g}x" if r["target"] is not None else ""
        print(f"  {r['case']}\n    diffcli {_fmt(r['diffcli'])} | {r['peer']} {_fmt(r['peer_time'])} | "
              f"ratio {'-' if ratio is None else f'{ratio:.2f}x'} {target} {verdict}  ({r.get('note', '')})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
