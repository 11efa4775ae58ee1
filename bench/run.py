#!/usr/bin/env python3
"""diffcli benchmark, side by side with SymPy (and SymEngine when importable).

    python bench/run.py            # full run (a few minutes)
    python bench/run.py --quick    # under a minute
    python bench/run.py --json out.json

Measures, in one run, the requirements of design.md "Scale and speed":

1. start-up of a one-line derivative, end to end, as a subprocess;
2. an ordinary corpus of ~300 generated formulas (derivative + printing);
3. the logistic map as a program, n = 10 .. 10^5 statements (CLI, --stats);
4. random expressions of ~10^3 .. 10^5 operations;
5. the Rosenbrock gradient: function vs reverse-sweep gradient evaluation.

Every measurement that could be slow or crash runs in its own subprocess
(this script re-invoked with --worker) under a wall-clock cap, so SymPy's
timeouts and RecursionErrors are reported instead of hanging the benchmark,
and each library is timed in a fresh interpreter (no shared caches, no
garbage collector slowed down by the other library's objects).

Standard library only, plus sympy (and symengine if installed).
"""

from __future__ import annotations

import argparse
import cmath
import datetime
import json
import math
import os
import platform
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
pc = time.perf_counter

FUNCS = ["sin", "cos", "exp", "ln", "sqrt", "tanh", "atan"]
CORPUS_SEED = 20240601
RANDOM_SEED = 7
WARMUP_FORMULA = "sin(x)*y + x^2/(1 + exp(-x))"


# ---------------------------------------------------------------------------
# Deterministic inputs (generated identically in the parent and every worker)
# ---------------------------------------------------------------------------

def _gen_formula(rng: random.Random, depth: int):
    """One formula of the diffcli input language; returns (text, vars, composite?).

    Fully parenthesised so that the SymPy translation (^ -> **, ln -> log) has
    the same meaning.  Constant-only subexpressions are avoided (no 1/(3-3)).
    Formulas are at most ``depth`` levels deep: recursion here is bounded by it.
    """
    if depth == 0 or rng.random() < 0.2:
        r = rng.random()
        if r < 0.45:
            return "x", {"x"}, False
        if r < 0.7:
            return "y", {"y"}, False
        return str(rng.randint(1, 9)), set(), False
    r = rng.random()
    if r < 0.28:  # function call
        f = rng.choice(FUNCS)
        a, av, comp = _gen_formula(rng, depth - 1)
        if not av:
            a, comp = rng.choice(["x", "y"]), False
            av = {a}
        inner = a[1:-1] if comp else a
        return f"{f}({inner})", av, False
    if r < 0.40:  # power
        a, av, comp = _gen_formula(rng, depth - 1)
        if not av:
            a = rng.choice(["x", "y"])
            av = {a}
        e = rng.choice(["2", "2", "3", "4", "(-1)", "(-2)", "(1/2)", "y", "x"])
        ev = {e} if e in ("x", "y") else set()
        return f"({a}^{e})", av | ev, True
    if r < 0.45:  # unary minus
        a, av, comp = _gen_formula(rng, depth - 1)
        if not av:
            a, av = "x", {"x"}
        return f"(-{a})", av, True
    op = rng.choices(["+", "-", "*", "/"], weights=[3, 2, 3, 2])[0]
    a, av, _ = _gen_formula(rng, depth - 1)
    b, bv, _ = _gen_formula(rng, depth - 1)
    if not av and not bv:
        b = rng.choice(["x", "y"])
        bv = {b}
    if a == b and op in "-/":
        op = "+" if op == "-" else "*"
    return f"({a} {op} {b})", av | bv, True


def corpus(count: int = 300, seed: int = CORPUS_SEED) -> list[str]:
    rng = random.Random(seed)
    out, seen = [], set()
    while len(out) < count:
        text, vs, comp = _gen_formula(rng, 4)
        if comp and text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
            text = text[1:-1]
        if "x" not in vs or text in seen or len(text) < 4:
            continue
        seen.add(text)
        out.append(text)
    return out


def _balanced(s: str) -> bool:
    depth = 0
    for ch in s:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def to_sympy_text(text: str) -> str:
    return text.replace("^", "**").replace("ln(", "log(")


def random_ssa(n_ops: int, seed: int = RANDOM_SEED):
    """A random expression tree in x, y with exactly n_ops operations, as SSA.

    Leaves are all created first and then merged pairwise at random (a random
    coalescent tree), with unary operations interleaved: depth grows like
    log(n), so SymPy gets a fair, not adversarially deep, input.
    Returns (ssa, depth): ssa[i] is ('x',) | ('y',) | (op, i, j) | ('pow', i, k)
    | ('scale', i, k) | (fname, i); the last entry is the root.
    A numeric fingerprint (complex, at a random point) keeps a - b and a / b
    away from symbolic zeros.
    """
    rng = random.Random(seed * 1000003 + n_ops)
    n_bin = max(1, int(n_ops * 0.6))
    n_un = n_ops - n_bin
    kinds = ["b"] * n_bin + ["u"] * n_un
    rng.shuffle(kinds)
    px, py = 0.7123, 1.3171
    ssa, val, dep = [], [], []
    pool = []
    for _ in range(n_bin + 1):
        v = "x" if rng.random() < 0.6 else "y"
        ssa.append((v,))
        val.append(complex(px if v == "x" else py))
        dep.append(0)
        pool.append(len(ssa) - 1)

    def safe(fn, *a):
        try:
            r = fn(*a)
            if r is None or not (math.isfinite(r.real) and math.isfinite(r.imag)) or abs(r) > 1e100:
                return None
            return r
        except (OverflowError, ZeroDivisionError, ValueError, TypeError):
            return None

    cfn = {"sin": cmath.sin, "cos": cmath.cos, "exp": cmath.exp, "ln": cmath.log,
           "sqrt": cmath.sqrt, "tanh": cmath.tanh, "atan": cmath.atan}
    for kind in kinds:
        if kind == "u":
            k = rng.randrange(len(pool))
            i = pool[k]
            r = rng.random()
            if r < 0.6:
                f = rng.choice(FUNCS)
                vi = val[i]
                if f in ("ln", "sqrt") and vi is not None and abs(vi) < 1e-9:
                    f = "exp"
                ssa.append((f, i))
                val.append(safe(cfn[f], vi) if vi is not None else None)
            elif r < 0.8:
                e = rng.choice([2, 3])
                ssa.append(("pow", i, e))
                val.append(safe(lambda z: z ** e, val[i]) if val[i] is not None else None)
            else:
                c = rng.randint(2, 9)
                ssa.append(("scale", i, c))
                val.append(val[i] * c if val[i] is not None else None)
            dep.append(dep[i] + 1)
            pool[k] = len(ssa) - 1
        else:
            k = rng.randrange(len(pool))
            pool[k], pool[-1] = pool[-1], pool[k]
            i = pool.pop()
            k = rng.randrange(len(pool))
            pool[k], pool[-1] = pool[-1], pool[k]
            j = pool.pop()
            op = rng.choices(["add", "sub", "mul", "div"], weights=[35, 25, 25, 15])[0]
            vi, vj = val[i], val[j]
            if op in ("sub", "div"):
                near = vi is None or vj is None or abs(vi - vj) <= 1e-9 * (1 + abs(vi))
                if op == "sub" and near:
                    op = "add"
                if op == "div" and (near or vj is None or abs(vj) < 1e-9):
                    op = "mul"
            if vi is None or vj is None:
                v = None
            else:
                v = {"add": lambda: vi + vj, "sub": lambda: vi - vj, "mul": lambda: vi * vj,
                     "div": lambda: vi / vj}[op]
                v = safe(v)
            ssa.append((op, i, j))
            val.append(v)
            dep.append(max(dep[i], dep[j]) + 1)
            pool.append(len(ssa) - 1)
    assert len(pool) == 1 and pool[0] == len(ssa) - 1
    return ssa, dep[-1]


def ssa_to_text(ssa) -> str:
    """diffcli text of the SSA tree (each node used once, so no blow-up)."""
    text: list = [None] * len(ssa)
    wrapped = [False] * len(ssa)
    sym = {"add": " + ", "sub": " - ", "mul": "*", "div": "/"}
    for k, e in enumerate(ssa):
        op = e[0]
        if len(e) == 1:
            text[k] = op
            continue
        a = text[e[1]]
        text[e[1]] = None
        if op in sym:
            b = text[e[2]]
            text[e[2]] = None
            text[k] = f"({a}{sym[op]}{b})"
            wrapped[k] = True
        elif op == "pow":
            text[k] = f"({a}^{e[2]})"
            wrapped[k] = True
        elif op == "scale":
            text[k] = f"({e[2]}*{a})"
            wrapped[k] = True
        else:
            text[k] = f"{op}({a[1:-1] if wrapped[e[1]] else a})"
    return text[-1]


def ssa_build(ssa, lib):
    """The same tree built bottom-up with a CAS's own operators (no parser)."""
    x, y = lib.Symbol("x"), lib.Symbol("y")
    fn = {"sin": lib.sin, "cos": lib.cos, "exp": lib.exp, "ln": lib.log,
          "sqrt": lib.sqrt, "tanh": lib.tanh, "atan": lib.atan}
    v: list = [None] * len(ssa)
    for k, e in enumerate(ssa):
        op = e[0]
        if op == "x":
            v[k] = x
        elif op == "y":
            v[k] = y
        elif op == "add":
            v[k] = v[e[1]] + v[e[2]]
        elif op == "sub":
            v[k] = v[e[1]] - v[e[2]]
        elif op == "mul":
            v[k] = v[e[1]] * v[e[2]]
        elif op == "div":
            v[k] = v[e[1]] / v[e[2]]
        elif op == "pow":
            v[k] = v[e[1]] ** e[2]
        elif op == "scale":
            v[k] = e[2] * v[e[1]]
        else:
            v[k] = fn[op](v[e[1]])
        if len(e) > 1:
            v[e[1]] = None
            if op in ("add", "sub", "mul", "div"):
                v[e[2]] = None
    return v[-1], x


def logistic_program(n: int) -> str:
    return "l = x\n" + "l = 4*l*(1-l)\n" * n


def rosenbrock_text(n: int) -> str:
    return " + ".join(f"100*(x{i + 1} - x{i}^2)^2 + (1 - x{i})^2" for i in range(1, n))


def rosenbrock_point(n: int) -> dict:
    return {f"x{i}": 0.5 + 0.9 * ((i * 37) % 17) / 17 for i in range(1, n + 1)}


def rosenbrock_grad_exact(n: int, p: dict) -> dict:
    g = {f"x{i}": 0.0 for i in range(1, n + 1)}
    for i in range(1, n):
        a, b = p[f"x{i}"], p[f"x{i + 1}"]
        g[f"x{i}"] += -400 * a * (b - a * a) - 2 * (1 - a)
        g[f"x{i + 1}"] += 200 * (b - a * a)
    return g


# ---------------------------------------------------------------------------
# Workers: run in a fresh interpreter, print JSON lines on stdout
# ---------------------------------------------------------------------------

def emit(**kw):
    sys.stdout.write(json.dumps(kw) + "\n")
    sys.stdout.flush()


def _limit_memory():
    try:
        import resource

        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        cap = min(8 << 30, total // 2)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):
        pass


def _cas(name):
    if name == "sympy":
        import sympy

        return sympy
    import symengine

    return symengine


def _diffcli_render(node, inputs):
    from diffcli.named_parts import print_program
    from diffcli.printing import TextPrinter

    assigns, (res,) = print_program([node], TextPrinter, avoid=set(inputs))
    if not assigns:
        return res
    return "; ".join([f"{n} = {t}" for n, t in assigns] + [res])


def w_corpus_diffcli(p):
    import diffcli
    from diffcli.expr import dag_size

    texts = corpus(p["count"])
    w = diffcli.parse(WARMUP_FORMULA)  # first-use costs (grammar, parser tables) outside the timing
    _diffcli_render(w.diff("x").node, w.variables)
    rows = []
    for t in texts:
        try:
            t0 = pc()
            L = diffcli.parse(t)
            t1 = pc()
            d = L.diff("x").node
            t2 = pc()
            s = _diffcli_render(d, L.variables)
            t3 = pc()
            rows.append({"load": t1 - t0, "diff": t2 - t1, "print": t3 - t2, "chars": len(s),
                         "fsize": dag_size(L.node), "dsize": dag_size(d)})
        except Exception as e:  # noqa: BLE001 - a benchmark reports, it does not stop
            rows.append({"error": f"{type(e).__name__}: {e}"[:200]})
    emit(result=rows)


def w_corpus_cas(p):
    lib = _cas(p["lib"])
    texts = corpus(p["count"])
    names = ["sin", "cos", "exp", "log", "sqrt", "tanh", "atan"]
    if p["lib"] == "sympy":
        from sympy.parsing.sympy_parser import parse_expr

        x, y = lib.Symbol("x"), lib.Symbol("y")
        loc = {"x": x, "y": y, **{n: getattr(lib, n) for n in names}}

        def parse(s):
            return parse_expr(s, local_dict=loc)
    else:
        x = lib.Symbol("x")

        def parse(s):
            return lib.sympify(s)
    w = parse(to_sympy_text(WARMUP_FORMULA))
    str(lib.diff(w, x))
    t0 = pc()
    exprs = []
    for t in texts:
        try:
            exprs.append(parse(to_sympy_text(t)))
        except Exception as e:  # noqa: BLE001
            exprs.append(e)
    t_parse = pc() - t0
    rows = []
    for e in exprs:
        if isinstance(e, Exception):
            rows.append({"error": f"parse: {type(e).__name__}"})
            continue
        try:
            t0 = pc()
            d = lib.diff(e, x)
            t1 = pc()
            s = str(d)
            t2 = pc()
            rows.append({"diff": t1 - t0, "print": t2 - t1, "chars": len(s)})
        except Exception as ex:  # noqa: BLE001
            rows.append({"error": f"{type(ex).__name__}"})
    emit(result=rows, parse_total=t_parse)


def w_logistic_cas(p):
    lib = _cas(p["lib"])
    n = p["n"]
    emit(stage="build")
    t0 = pc()
    x = lib.Symbol("x")
    l = x
    for _ in range(n):
        l = 4 * l * (1 - l)
    t1 = pc()
    emit(stage="diff", build=t1 - t0)
    d = lib.diff(l, x)
    t2 = pc()
    emit(stage="str", diff=t2 - t1)
    s = str(d)
    t3 = pc()
    emit(result={"build": t1 - t0, "diff": t2 - t1, "print": t3 - t2, "chars": len(s)})


def w_random_diffcli(p):
    import diffcli
    from diffcli.expr import dag_size

    ssa, depth = random_ssa(p["n"])
    text = ssa_to_text(ssa)
    del ssa
    w = diffcli.parse(WARMUP_FORMULA)
    _diffcli_render(w.diff("x").node, w.variables)
    emit(stage="load")
    t0 = pc()
    L = diffcli.parse(text)
    t1 = pc()
    emit(stage="diff")
    d = L.diff("x").node
    t2 = pc()
    emit(stage="print")
    s = _diffcli_render(d, L.variables)
    t3 = pc()
    emit(result={"load": t1 - t0, "diff": t2 - t1, "print": t3 - t2, "chars": len(s),
                 "text_chars": len(text), "depth": depth, "raw": dag_size(L.raw),
                 "fsize": dag_size(L.node), "dsize": dag_size(d)})


def w_random_cas(p):
    lib = _cas(p["lib"])
    ssa, depth = random_ssa(p["n"])
    emit(stage="build")
    t0 = pc()
    f, x = ssa_build(ssa, lib)
    t1 = pc()
    del ssa
    emit(stage="diff", build=t1 - t0)
    d = lib.diff(f, x)
    t2 = pc()
    emit(stage="str", diff=t2 - t1)
    s = str(d)
    t3 = pc()
    emit(result={"build": t1 - t0, "diff": t2 - t1, "print": t3 - t2, "chars": len(s)})


def _best(fn, repeats):
    best = math.inf
    out = None
    for _ in range(repeats):
        t0 = pc()
        out = fn()
        best = min(best, pc() - t0)
    return best, out


def w_rosen_diffcli(p):
    import diffcli
    from diffcli.evaluate import evaluate, gradient

    n, reps = p["n"], p["repeats"]
    L = diffcli.parse(rosenbrock_text(n))
    pt = rosenbrock_point(n)
    evaluate(L.raw, pt)  # warm-up
    gradient(L.raw, pt, L.variables)
    t_f, fval = _best(lambda: evaluate(L.raw, pt), reps)
    t_g, g = _best(lambda: gradient(L.raw, pt, L.variables), reps)
    exact = rosenbrock_grad_exact(n, pt)
    err = max(abs(gi - exact[v]) / (1 + abs(exact[v])) for gi, v in zip(g, L.variables))
    emit(result={"f": t_f, "grad": t_g, "err": err, "fval": fval})


def w_rosen_symbolic_diffcli(p):
    import diffcli
    from diffcli.expr import dag_size, postorder

    n = p["n"]
    L = diffcli.parse(rosenbrock_text(n))
    emit(stage="diff")
    t0 = pc()
    parts = [g.node for g in L.gradient()]  # one symbolic reverse pass above a few variables
    t1 = pc()
    emit(result={"symgrad": t1 - t0, "fsize": dag_size(L.node), "gsize": len(postorder(*parts))})


def w_rosen_cas(p):
    lib = _cas(p["lib"])
    n, reps = p["n"], p["repeats"]
    xs = [lib.Symbol(f"x{i}") for i in range(1, n + 1)]
    emit(stage="build")
    t0 = pc()
    f = lib.Add(*[100 * (xs[i + 1] - xs[i] ** 2) ** 2 + (1 - xs[i]) ** 2 for i in range(n - 1)])
    t1 = pc()
    emit(stage="gradient", build=t1 - t0)
    g = [lib.diff(f, v) for v in xs]
    t2 = pc()
    pt = rosenbrock_point(n)
    vals = [pt[f"x{i}"] for i in range(1, n + 1)]
    res = {"build": t1 - t0, "symgrad": t2 - t1}
    if p["lib"] == "sympy":
        emit(stage="lambdify", symgrad=t2 - t1)
        t3 = pc()
        lf = lib.lambdify(xs, f, modules="math")
        lg = lib.lambdify(xs, g, modules="math")
        t4 = pc()
        emit(stage="evaluate", lambdify=t4 - t3)
        res["lambdify"] = t4 - t3
        lf(*vals)
        lg(*vals)
        res["f"], _ = _best(lambda: lf(*vals), reps)
        res["grad"], gv = _best(lambda: lg(*vals), reps)
        exact = rosenbrock_grad_exact(n, pt)
        res["err"] = max(abs(float(a) - exact[f"x{i}"]) / (1 + abs(exact[f"x{i}"]))
                         for i, a in zip(range(1, n + 1), gv))
    # symengine: Lambdify needs numpy, so only the symbolic gradient is timed
    emit(result=res)


WORKERS = {
    "corpus-diffcli": w_corpus_diffcli,
    "corpus-cas": w_corpus_cas,
    "logistic-cas": w_logistic_cas,
    "random-diffcli": w_random_diffcli,
    "random-cas": w_random_cas,
    "rosen-diffcli": w_rosen_diffcli,
    "rosen-symbolic-diffcli": w_rosen_symbolic_diffcli,
    "rosen-cas": w_rosen_cas,
}


def worker_main(kind, params):
    _limit_memory()
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    try:
        WORKERS[kind](json.loads(params))
    except BaseException as e:  # noqa: BLE001 - RecursionError, MemoryError, ... are results
        emit(error=type(e).__name__, message=str(e)[:300])
        sys.exit(3)


# ---------------------------------------------------------------------------
# The parent: capped subprocesses, measurement, table
# ---------------------------------------------------------------------------

class Run:
    def __init__(self, wall, rc, timed_out, maxrss_mb, stdout, stderr):
        self.wall, self.rc, self.timed_out = wall, rc, timed_out
        self.maxrss_mb, self.stdout, self.stderr = maxrss_mb, stdout, stderr

    def lines(self):
        out = []
        for line in self.stdout.splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out

    def result(self):
        for obj in self.lines():
            if "result" in obj:
                return obj
        return None

    def failure(self, cap):
        """None on success, else a short description ('timeout >60s (in str)')."""
        lines = self.lines()
        stage = next((o["stage"] for o in reversed(lines) if "stage" in o), None)
        where = f" (in {stage})" if stage else ""
        if self.timed_out:
            return f"timeout >{cap:g}s{where}"
        err = next((o for o in lines if "error" in o), None)
        if err:
            return f"failed ({err['error']}){where}"
        if self.rc < 0:
            try:
                name = signal.Signals(-self.rc).name
            except ValueError:
                name = f"signal {-self.rc}"
            return f"failed ({name}){where}"
        if self.rc != 0:
            tail = self.stderr.strip().splitlines()[-1:] or [""]
            return f"failed (exit {self.rc}: {tail[0][:60]})"
        if self.result() is None:
            return "failed (no result)"
        return None


def run_capped(cmd, cap, stdin_path=None) -> Run:
    """Run cmd with a wall-clock cap; wall time and the child's own peak RSS (wait4)."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    fin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    state = {"done": False, "killed": False}
    lock = threading.Lock()
    try:
        t0 = pc()
        proc = subprocess.Popen(cmd, stdin=fin, stdout=out, stderr=err, cwd=ROOT)

        def kill():
            with lock:
                if not state["done"]:
                    state["killed"] = True
                    os.kill(proc.pid, signal.SIGKILL)

        timer = threading.Timer(cap, kill)
        timer.daemon = True
        timer.start()
        # wait without reaping, so the pid cannot be reused before the timer is disarmed
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        wall = pc() - t0
        with lock:
            state["done"] = True
        timer.cancel()
        _, status, ru = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdin_path:
            fin.close()
    out.seek(0)
    err.seek(0)
    r = Run(wall, proc.returncode, state["killed"], ru.ru_maxrss / 1024.0,
            out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
    out.close()
    err.close()
    return r


def worker(kind, cap, **params) -> Run:
    return run_capped([sys.executable, os.path.abspath(__file__), "--worker", kind, json.dumps(params)], cap)


def diffcli_cmd():
    script = os.path.join(os.path.dirname(sys.executable), "diffcli")
    if os.path.isfile(script) and os.access(script, os.X_OK):
        return [script]
    return [sys.executable, "-m", "diffcli"]


def have(mod):
    """Importable? Checked without importing: the parent must stay small, because a
    child's peak RSS (wait4) counts the parent's memory at fork/exec time."""
    import importlib.util

    return importlib.util.find_spec(mod) is not None


def version_of(dist):
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:  # noqa: BLE001
        return "?"


# -- formatting -------------------------------------------------------------

def ft(s):
    if s is None:
        return "-"
    if isinstance(s, str):
        return s
    if s >= 100:
        return f"{s:.0f} s"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.1f} us"


def fr(a, b):
    """ratio a/b as text, or '-'."""
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or not b:
        return "-"
    r = a / b
    return f"{r:.3g}x" if r < 1000 else f"{r:.0f}x"


def fn_(n):
    return f"{n:,}"


def n_label(n):
    e = round(math.log10(n))
    return f"10^{e}" if 10 ** e == n and n >= 1000 else str(n)


class Table:
    COLS = ["section", "case", "metric", "diffcli", "SymPy", "SymEngine", "diffcli/SymPy", "notes"]

    def __init__(self, symengine):
        self.rows = []
        self.symengine = symengine
        self.data = []

    def add(self, section, case, metric, d="-", s="-", e="-", ratio="-", notes="", **raw):
        self.rows.append([section, case, metric, d, s, e, ratio, notes])
        self.data.append({"section": section, "case": case, "metric": metric, "diffcli": d, "sympy": s,
                          "symengine": e, "ratio": ratio, "notes": notes, **raw})

    def sep(self):
        self.rows.append(None)

    def render(self):
        cols = list(self.COLS)
        rows = [r for r in self.rows]
        if not self.symengine:
            idx = cols.index("SymEngine")
            cols.pop(idx)
            rows = [None if r is None else r[:idx] + r[idx + 1:] for r in rows]
        widths = [max([len(c)] + [len(str(r[i])) for r in rows if r is not None]) for i, c in enumerate(cols)]
        widths[-1] = min(widths[-1], 70)

        def line(cells):
            return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()

        out = [line(cols), "  ".join("-" * w for w in widths)]
        for r in rows:
            out.append("  ".join("-" * w for w in widths) if r is None else line(r))
        return "\n".join(out)


# -- the five benchmarks ----------------------------------------------------

def _byte_compile_diffcli():
    """As `pip install` does: an editable checkout run with PYTHONDONTWRITEBYTECODE
    set would otherwise recompile every module on every start (about 30 ms)."""
    import importlib.util

    spec = importlib.util.find_spec("diffcli")  # finds, does not import
    if spec and spec.submodule_search_locations:
        subprocess.run([sys.executable, "-m", "compileall", "-q", *spec.submodule_search_locations],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def bench_startup(T, cfg, res):
    n = cfg["startup_n"]
    _byte_compile_diffcli()  # SymPy's own modules are byte-compiled at install too
    cmds = {
        "diffcli": diffcli_cmd() + ["d", "x^3"],
        "sympy": [sys.executable, "-c", "import sympy; x=sympy.Symbol('x'); print(sympy.diff(x**3, x))"],
        "python": [sys.executable, "-c", "pass"],
    }
    if cfg["symengine"]:
        cmds["symengine"] = [sys.executable, "-c",
                             "import symengine; x=symengine.Symbol('x'); print(symengine.diff(x**3, x))"]
    best = {k: math.inf for k in cmds}
    outs = {}
    for k, c in cmds.items():  # one warm-up run each (disk cache), not counted
        outs[k] = run_capped(c, 60).stdout.strip()
    for _ in range(n):  # interleaved, so drift hits every command alike
        for k, c in cmds.items():
            r = run_capped(c, 60)
            if r.rc == 0:
                best[k] = min(best[k], r.wall)
    d, s, e = best["diffcli"], best["sympy"], best.get("symengine")
    res["startup"] = {k: v for k, v in best.items()}
    T.add("1 start-up", f'd "x^3", best of {n}', "wall, subprocess", ft(d), ft(s), ft(e), fr(d, s),
          f"bare 'python -c pass' {ft(best['python'])}; output {outs['diffcli']!r} vs {outs['sympy']!r}")


def bench_corpus(T, cfg, res):
    count, cap = cfg["corpus"], cfg["cap"]
    libs = ["diffcli", "sympy"] + (["symengine"] if cfg["symengine"] else [])
    runs = {}
    for lib in libs:
        if lib == "diffcli":
            runs[lib] = worker("corpus-diffcli", cfg["dcap"], count=count)
        else:
            runs[lib] = worker("corpus-cas", cfg["dcap"], count=count, lib=lib)
    got, fails = {}, {}
    for lib, r in runs.items():
        obj = r.result()
        if obj is None:
            fails[lib] = r.failure(cfg["dcap"]) or "failed"
        else:
            got[lib] = obj
    if "diffcli" not in got or "sympy" not in got:
        T.add("2 corpus", f"{count} formulas", "all", fails.get("diffcli", "-"), fails.get("sympy", "-"),
              fails.get("symengine", "-"))
        return
    ok = [i for i in range(count) if all("error" not in got[l]["result"][i] for l in got)]
    errs = {l: [got[l]["result"][i].get("error") for i in range(count) if "error" in got[l]["result"][i]]
            for l in got}

    def tot(lib, *keys):
        return sum(sum(got[lib]["result"][i][k] for k in keys) for i in ok)

    D = got["diffcli"]["result"]
    dl, dd, dp = tot("diffcli", "load"), tot("diffcli", "diff"), tot("diffcli", "print")
    sd, sp = tot("sympy", "diff"), tot("sympy", "print")
    ed = ep = None
    if "symengine" in got:
        ed, ep = tot("symengine", "diff"), tot("symengine", "print")
    case = f"{len(ok)} formulas, d/dx"
    note = f"{count} generated (seed {CORPUS_SEED}), depth <= 4"
    bad = {l: e for l, e in errs.items() if e}
    if bad:
        note += "; excluded (failed somewhere): " + ", ".join(f"{l} {len(e)} ({e[0]})" for l, e in bad.items())
    T.add("2 corpus", case, "parse (untimed for CAS)", ft(dl), ft(got["sympy"]["parse_total"]),
          ft(got["symengine"]["parse_total"]) if "symengine" in got else "-", "-",
          "diffcli: parse + canonical form (diffcli.parse); CAS: parse_expr/sympify")
    T.add("2 corpus", case, "diff + print", ft(dd + dp), ft(sd + sp), ft((ed or 0) + (ep or 0)) if ed is not None else "-",
          fr(dd + dp, sd + sp), f"diffcli diff {ft(dd)} + print {ft(dp)}; SymPy diff {ft(sd)} + str {ft(sp)}")
    T.add("2 corpus", case, "parse + diff + print", ft(dl + dd + dp), ft(sd + sp),
          ft(ed + ep) if ed is not None else "-", fr(dl + dd + dp, sd + sp),
          "diffcli parse included, CAS parse excluded")
    dc = sum(D[i]["chars"] for i in ok)
    sc = sum(got["sympy"]["result"][i]["chars"] for i in ok)
    ec = sum(got["symengine"]["result"][i]["chars"] for i in ok) if "symengine" in got else None
    shorter = sum(D[i]["chars"] < got["sympy"]["result"][i]["chars"] for i in ok)
    equal = sum(D[i]["chars"] == got["sympy"]["result"][i]["chars"] for i in ok)
    T.add("2 corpus", case, "output chars (total)", fn_(dc), fn_(sc), fn_(ec) if ec is not None else "-", fr(dc, sc),
          f"diffcli shorter on {shorter}, equal on {equal}, longer on {len(ok) - shorter - equal}")
    fs = sum(D[i]["fsize"] for i in ok)
    ds = sum(D[i]["dsize"] for i in ok)
    worst = max(ok, key=lambda i: D[i]["dsize"] / D[i]["fsize"])
    over = sum(D[i]["dsize"] > 5 * D[i]["fsize"] for i in ok)
    T.add("2 corpus", case, "graph deriv/function", f"{ds / fs:.2f}x", "-", "-", "-",
          f"sum of dag sizes {fn_(ds)}/{fn_(fs)}; worst formula {D[worst]['dsize']}/{D[worst]['fsize']} nodes; "
          f"{over} formulas > 5x")
    res["corpus"] = {"ok": len(ok), "diffcli_load": dl, "diffcli_diff": dd, "diffcli_print": dp,
                     "sympy_diff": sd, "sympy_print": sp, "symengine_diff": ed, "symengine_print": ep,
                     "chars": [dc, sc, ec], "graph_ratio": ds / fs, "errors": bad}


def cas_step(cfg, stopped, lib, label, kind, **params):
    """Run one CAS worker of a growing series; returns (failure text | None, result | None, Run | None).

    A series stops after a timeout or failure (larger sizes are "skipped").  In
    quick mode it also stops when a size took over a tenth of the cap, since
    the next size is 10x larger and would only burn the cap.
    """
    if stopped.get(lib):
        return f"skipped ({stopped[lib]})", None, None
    w = worker(kind, cfg["cap"], lib=lib, **params)
    o = w.result()
    if o is None:
        msg = w.failure(cfg["cap"]) or "failed"
        stopped[lib] = ("timed out" if "timeout" in msg else "failed") + f" at {label}"
        return msg, None, w
    spent = sum(v for k, v in o["result"].items() if k in ("build", "diff", "print", "symgrad", "lambdify"))
    if cfg["quick"] and spent > cfg["cap"] / 10:
        stopped[lib] = f"quick: {label} took {spent:.1f}s"
    return None, o["result"], w


def _parse_stats(stderr):
    f = re.search(r"^function:\s+(\d+) nodes as a graph", stderr, re.M)
    d = re.search(r"^derivative:\s+(\d+) nodes as a graph", stderr, re.M)
    t = re.search(r"time: parse ([\d.]+)s, differentiate ([\d.]+)s, print ([\d.]+)s", stderr)
    return (int(f.group(1)) if f else None, int(d.group(1)) if d else None,
            tuple(float(v) for v in t.groups()) if t else None)


def bench_logistic(T, cfg, res, tmp):
    cap = cfg["cap"]
    out = res["logistic"] = {}
    stopped: dict = {}
    libs = ["sympy"] + (["symengine"] if cfg["symengine"] else [])
    for n in cfg["logistic"]:
        path = os.path.join(tmp, f"logistic{n}.txt")
        with open(path, "w") as fh:
            fh.write(logistic_program(n))
        r = run_capped(diffcli_cmd() + ["d", "-", "--stats"], cfg["dcap"], stdin_path=path)
        fsz, dsz, inner = _parse_stats(r.stderr)
        fail = r.failure(cfg["dcap"]) if r.rc != 0 or r.timed_out else None
        entry = {"wall": None if fail else r.wall, "mb": r.maxrss_mb, "fsize": fsz, "dsize": dsz,
                 "inner": inner, "chars": len(r.stdout), "fail": fail}
        cas = {}
        for lib in libs:
            msg, x, w = cas_step(cfg, stopped, lib, f"n={n_label(n)}", "logistic-cas", n=n)
            mb = w.maxrss_mb if w else None
            # end to end like the diffcli CLI run: interpreter start + import + build + diff + str
            cas[lib] = (msg, None, mb) if x is None else (w.wall, x, mb)
        entry["sympy"] = cas["sympy"][0] if not isinstance(cas["sympy"][0], float) else cas["sympy"][0]
        entry["symengine"] = cas.get("symengine", ("-",))[0]
        out[n] = entry
        case = f"n={n_label(n)}"
        dwall = fail or r.wall
        s_t, s_x, s_mb = cas["sympy"]
        e_t, e_x, e_mb = cas.get("symengine", ("-", None, None))
        inner_note = (f"in-process parse {inner[0]:.3f}s + diff {inner[1]:.3f}s + print {inner[2]:.3f}s"
                      if inner else "")
        cas_note = ""
        if s_x:
            cas_note = (f"; SymPy (subprocess, incl. import) in-process build {ft(s_x['build'])} "
                        f"diff {ft(s_x['diff'])} str {ft(s_x['print'])}")
        T.add("3 logistic", case, "wall, subprocess", ft(dwall), ft(s_t), ft(e_t),
              fr(r.wall, s_t) if not fail else "-", inner_note + cas_note)
        T.add("3 logistic", case, "peak memory",
              f"{r.maxrss_mb:.0f} MB", f"{s_mb:.0f} MB" if s_mb else "-", f"{e_mb:.0f} MB" if e_mb else "-", "-",
              "max RSS of the subprocess (wait4)")
        if fsz and dsz:
            T.add("3 logistic", case, "graph deriv/function", f"{dsz / fsz:.2f}x", "-", "-", "-",
                  f"{fn_(dsz)}/{fn_(fsz)} nodes (--stats); output {fn_(len(r.stdout))} chars"
                  + (f" vs SymPy {fn_(s_x['chars'])}" if s_x else ""))
    ns = sorted(out)
    for a, b in zip(ns, ns[1:]):
        if b == 10 * a and a >= 1000 and out[a]["wall"] and out[b]["wall"]:
            ia, ib = out[a]["inner"], out[b]["inner"]
            inner_r = f"; in-process (parse+diff+print) ratio {sum(ib) / sum(ia):.2f}" if ia and ib else ""
            T.add("3 logistic", f"t({n_label(b)})/t({n_label(a)})", "scaling (10x input)",
                  f"{out[b]['wall'] / out[a]['wall']:.2f}", "-", "-", "-", "linear would be 10" + inner_r)


def bench_random(T, cfg, res):
    cap = cfg["cap"]
    out = res["random"] = {}
    stopped = {}
    libs = ["sympy"] + (["symengine"] if cfg["symengine"] else [])
    for n in cfg["random"]:
        r = worker("random-diffcli", cfg["dcap"], n=n)
        obj = r.result()
        case = f"{n_label(n)} ops"
        cas = {}
        for lib in libs:
            msg, x, _ = cas_step(cfg, stopped, lib, n_label(n), "random-cas", n=n)
            cas[lib] = (msg, None) if x is None else (x["diff"] + x["print"], x)
        s_t, s_x = cas["sympy"]
        e_t, e_x = cas.get("symengine", ("-", None))
        if obj is None:
            msg = r.failure(cfg["dcap"]) or "failed"
            T.add("4 random", case, "diff + print", msg, ft(s_t), ft(e_t))
            out[n] = {"fail": msg, "sympy": s_t}
            continue
        x = obj["result"]
        out[n] = {**x, "sympy": s_t if isinstance(s_t, float) else s_t, "mb": r.maxrss_mb}
        T.add("4 random", case, "parse (diffcli load)", ft(x["load"]),
              ft(s_x["build"]) if s_x else "-", ft(e_x["build"]) if e_x else "-", "-",
              f"input {fn_(x['text_chars'])} chars, tree depth {x['depth']}; CAS: built from the same tree by operators")
        T.add("4 random", case, "diff + print", ft(x["diff"] + x["print"]), ft(s_t), ft(e_t),
              fr(x["diff"] + x["print"], s_t),
              f"diffcli diff {ft(x['diff'])} + print {ft(x['print'])}"
              + (f"; SymPy diff {ft(s_x['diff'])} + str {ft(s_x['print'])}" if s_x else ""))
        T.add("4 random", case, "graph deriv/function", f"{x['dsize'] / x['fsize']:.2f}x", "-", "-", "-",
              f"dag {fn_(x['dsize'])}/{fn_(x['fsize'])} nodes (canonical; as written {fn_(x['raw'])}); "
              f"output {fn_(x['chars'])} chars" + (f" vs SymPy {fn_(s_x['chars'])}" if s_x else "")
              + f"; worker peak {r.maxrss_mb:.0f} MB")


def bench_rosenbrock(T, cfg, res):
    cap = cfg["cap"]
    out = res["rosenbrock"] = {}
    libs = ["sympy"] + (["symengine"] if cfg["symengine"] else [])
    stopped = {}
    for n in cfg["rosen"]:
        reps = cfg["rosen_reps"](n)
        case = f"n={n}"
        r = worker("rosen-diffcli", cfg["dcap"], n=n, repeats=reps)
        o = r.result()
        d = o["result"] if o else None
        cas = {}
        for lib in libs:
            msg, x, _ = cas_step(cfg, stopped, lib, f"n={n}", "rosen-cas", n=n, repeats=reps)
            cas[lib] = (msg, x)
        s_fail, s = cas["sympy"]
        e_fail, e = cas.get("symengine", ("-", None))
        e_eval = "n/a (no numpy)" if e else e_fail  # SymEngine's Lambdify needs numpy
        if d is None:
            T.add("5 rosenbrock", case, "evaluation", r.failure(cfg["dcap"]) or "failed")
            continue
        out[n] = {"f": d["f"], "grad": d["grad"], "ratio": d["grad"] / d["f"], "err": d["err"]}
        T.add("5 rosenbrock", case, "f evaluation", ft(d["f"]),
              ft(s["f"]) if s else s_fail, e_eval, fr(d["f"], s["f"]) if s else "-",
              f"best of {reps}; diffcli evaluate(raw); SymPy lambdify(modules='math')")
        T.add("5 rosenbrock", case, "gradient evaluation", ft(d["grad"]),
              ft(s["grad"]) if s else s_fail, e_eval, fr(d["grad"], s["grad"]) if s else "-",
              f"diffcli reverse sweep; max rel. error vs exact {d['err']:.1e}"
              + (f" (SymPy {s['err']:.1e})" if s else ""))
        T.add("5 rosenbrock", case, "gradient/f", f"{d['grad'] / d['f']:.2f}x",
              f"{s['grad'] / s['f']:.2f}x" if s else "-", "-", "-",
              "cheap gradient principle: <= ~5x")
        # symbolic gradient: every partial, as `diffcli grad` computes them (one reverse pass above a few variables)
        sym = None
        if n in cfg["rosen_symbolic"]:
            w = worker("rosen-symbolic-diffcli", cfg["dcap"], n=n)
            ob = w.result()
            sym = ob["result"] if ob else (w.failure(cfg["dcap"]) or "failed")
        else:
            sym = "skipped (quick)"
        out[n]["symbolic"] = sym
        sym_t = sym["symgrad"] if isinstance(sym, dict) else sym
        T.add("5 rosenbrock", case, "symbolic gradient", ft(sym_t),
              ft(s["symgrad"]) if s else s_fail, ft(e["symgrad"]) if e else e_fail,
              fr(sym_t, s["symgrad"]) if s else "-",
              f"one reverse pass for {n} partials" + (f"; SymPy lambdify {ft(s['lambdify'])}, build {ft(s['build'])}" if s else ""))
        if isinstance(sym, dict):
            T.add("5 rosenbrock", case, "graph gradient/function", f"{sym['gsize'] / sym['fsize']:.2f}x", "-", "-", "-",
                  f"all {n} partials as one dag: {fn_(sym['gsize'])}/{fn_(sym['fsize'])} nodes")


# -- summary ----------------------------------------------------------------

def summary(res, cfg):
    checks = []

    def add(name, ok, figure):
        checks.append((name, "PASS" if ok is True else "FAIL" if ok is False else "SKIP", figure))

    st = res.get("startup", {})
    if st.get("diffcli", math.inf) < math.inf and st.get("sympy", math.inf) < math.inf:
        r = st["diffcli"] / st["sympy"]
        add("start-up <= 1/3 of SymPy's", r <= 1 / 3, f"{ft(st['diffcli'])} vs {ft(st['sympy'])} = {r:.2f} (limit 0.33)")
    else:
        add("start-up <= 1/3 of SymPy's", False, "not measured")
    lg = res.get("logistic", {})
    if 100000 in lg:
        a, b = lg.get(10000, {}).get("wall"), lg[100000].get("wall")
        add("logistic t(10^5)/t(10^4) <= 15", bool(a and b and b / a <= 15),
            f"{b / a:.2f}" if a and b else f"10^5: {lg[100000].get('fail')}")
        mb = lg[100000]["mb"]
        add("peak memory of the 10^5 program < 500 MB", mb < 500 and not lg[100000].get("fail"), f"{mb:.0f} MB")
    else:
        a, b = lg.get(1000, {}).get("wall"), lg.get(10000, {}).get("wall")
        add("logistic t(10^5)/t(10^4) <= 15", None,
            "quick mode; t(10^4)/t(10^3) = " + (f"{b / a:.2f}" if a and b else "-"))
        mb = lg.get(10000, {}).get("mb")
        add("peak memory of the 10^5 program < 500 MB", None,
            "quick mode; 10^4 program: " + (f"{mb:.0f} MB" if mb else "-"))
    a, b = lg.get(1000, {}).get("wall"), lg.get(10000, {}).get("wall")
    if a and b:
        add("logistic t(10^4)/t(10^3) <= 15 (linear)", b / a <= 15, f"{b / a:.2f}")
    # graphs
    figs, ok = [], True
    c = res.get("corpus")
    if c:
        figs.append(f"corpus {c['graph_ratio']:.2f}")
        ok &= c["graph_ratio"] <= 5
    worst = max((v["dsize"] / v["fsize"] for v in lg.values() if v.get("fsize") and v.get("dsize")), default=None)
    if worst is not None:
        figs.append(f"logistic max {worst:.2f}")
        ok &= worst <= 5
    rr = [v["dsize"] / v["fsize"] for v in res.get("random", {}).values() if "dsize" in v]
    if rr:
        figs.append(f"random max {max(rr):.2f}")
        ok &= max(rr) <= 5
    ro = [v["symbolic"]["gsize"] / v["symbolic"]["fsize"] for v in res.get("rosenbrock", {}).values()
          if isinstance(v.get("symbolic"), dict)]
    if ro:
        figs.append(f"rosenbrock gradient max {max(ro):.2f}")
        ok &= max(ro) <= 5
    add("derivative graph <= 5x function graph (every family)", bool(figs) and ok, ", ".join(figs) or "-")
    gr = [(n, v["ratio"]) for n, v in res.get("rosenbrock", {}).items()]
    if gr:
        worst_n, worst_r = max(gr, key=lambda t: t[1])
        add("gradient/function evaluation <= 5x", worst_r <= 5,
            ", ".join(f"n={n}: {r:.2f}" for n, r in gr))
    if c:
        tot = c["diffcli_load"] + c["diffcli_diff"] + c["diffcli_print"]
        sym = c["sympy_diff"] + c["sympy_print"]
        dp = c["diffcli_diff"] + c["diffcli_print"]
        add("diffcli faster than SymPy diff+print on the corpus", tot < sym,
            f"diffcli {ft(tot)} with parse ({ft(dp)} without) vs SymPy {ft(sym)} = {tot / sym:.2f} ({dp / sym:.2f})")
    w = max(len(n) for n, _, _ in checks)
    lines = ["Requirement checks (design.md, Scale and speed):"]
    lines += [f"  {s:<4}  {n:<{w}}  {f}" for n, s, f in checks]
    return "\n".join(lines), checks


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes and a shorter cap: under a minute")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--cap", type=float, default=None,
                    help="wall-clock cap per SymPy/SymEngine subprocess (default 60 s; 3 s with --quick)")
    ap.add_argument("--no-symengine", action="store_true", help="leave SymEngine out even if installed")
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker_main(*args.worker)
        return
    quick = args.quick
    cap = args.cap if args.cap is not None else (3.0 if quick else 60.0)
    symengine = have("symengine") and not args.no_symengine
    cfg = {
        "quick": quick,
        "cap": cap,
        # diffcli's own runs and the fixed corpus workload (any library): generous, only against hangs
        "dcap": 120.0 if quick else 600.0,
        "symengine": symengine,
        "startup_n": 5 if quick else 10,
        "corpus": 300,
        "logistic": [10, 100, 1000, 10000] + ([] if quick else [100000]),
        "random": [1000, 10000] + ([] if quick else [100000]),
        "rosen": [10, 100, 1000],
        "rosen_symbolic": [10, 100] + ([] if quick else [1000]),
        "rosen_reps": (lambda n: {10: 200, 100: 50, 1000: 10}[n]) if not quick else
                      (lambda n: {10: 50, 100: 20, 1000: 10}[n]),
    }
    if not have("sympy"):
        sys.exit("bench/run.py needs sympy")
    versions = f"sympy {version_of('sympy')}"
    if symengine:
        versions += f", symengine {version_of('symengine')}"
    dv = version_of("diffcli")
    try:
        rev = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        rev = ""
    if rev:
        dv += f" (git {rev})"
    t_start = pc()
    header = [
        f"diffcli {dv} benchmark ({'quick' if quick else 'full'} mode), {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"Python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}, "
        f"machine {platform.machine()}, {os.cpu_count()} CPUs; {versions}",
        f"Cap per SymPy/SymEngine subprocess: {cap:g} s (diffcli runs and the corpus: {cfg['dcap']:g} s). "
        f"Times are wall clock (perf_counter); each library runs in its own fresh subprocess.",
    ]
    print("\n".join(header), flush=True)
    T = Table(symengine)
    res: dict = {}
    with tempfile.TemporaryDirectory(prefix="diffcli-bench-") as tmp:
        steps = [("start-up", lambda: bench_startup(T, cfg, res)),
                 ("corpus", lambda: bench_corpus(T, cfg, res)),
                 ("logistic", lambda: bench_logistic(T, cfg, res, tmp)),
                 ("random", lambda: bench_random(T, cfg, res)),
                 ("rosenbrock", lambda: bench_rosenbrock(T, cfg, res))]
        for i, (name, fn) in enumerate(steps):
            t0 = pc()
            fn()
            print(f"  [{name}: {pc() - t0:.1f} s]", file=sys.stderr, flush=True)
            if i < len(steps) - 1:
                T.sep()
    sys.stdout.flush()
    print()
    print(T.render())
    print()
    text, checks = summary(res, cfg)
    print(text)
    total = pc() - t_start
    print(f"\nTotal benchmark time: {total:.1f} s")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"header": header, "config": {k: v for k, v in cfg.items() if not callable(v)},
                       "rows": T.data, "results": res,
                       "checks": [{"name": n, "status": s, "figure": f} for n, s, f in checks],
                       "total_seconds": total}, fh, indent=1, default=str)


if __name__ == "__main__":
    main()
