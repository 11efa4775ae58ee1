"""Deterministic inputs, generated identically in the parent and in every worker.

The corpus of ordinary formulas, random expression trees of a given size (as
SSA, so each library builds the same tree), the logistic program, Rosenbrock.
"""

from __future__ import annotations

import cmath
import math
import random

FUNCS = ["sin", "cos", "exp", "ln", "sqrt", "tanh", "atan"]
CORPUS_SEED = 20240601
RANDOM_SEED = 7
WARMUP_FORMULA = "sin(x)*y + x^2/(1 + exp(-x))"


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
    qx, qy = 1.9213, 0.4417  # a second fingerprint: equal at both points means a constant (cancellation)
    ssa, val, val2, dep = [], [], [], []
    pool = []
    for _ in range(n_bin + 1):
        v = "x" if rng.random() < 0.6 else "y"
        ssa.append((v,))
        val.append(complex(px if v == "x" else py))
        val2.append(complex(qx if v == "x" else qy))
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
                vi, wi = val[i], val2[i]
                if f in ("ln", "sqrt") and vi is not None and abs(vi) < 1e-9:
                    f = "exp"
                # ln or sqrt of a negative constant is undefined everywhere: the input would be refused
                if (f in ("ln", "sqrt") and vi is not None and wi is not None and abs(vi - wi) <= 1e-9 * (1 + abs(vi))
                        and vi.real < 0):
                    f = "exp"
                ssa.append((f, i))
                val.append(safe(cfn[f], vi) if vi is not None else None)
                val2.append(safe(cfn[f], wi) if wi is not None else None)
            elif r < 0.8:
                e = rng.choice([2, 3])
                ssa.append(("pow", i, e))
                val.append(safe(lambda z: z ** e, val[i]) if val[i] is not None else None)
                val2.append(safe(lambda z: z ** e, val2[i]) if val2[i] is not None else None)
            else:
                c = rng.randint(2, 9)
                ssa.append(("scale", i, c))
                val.append(val[i] * c if val[i] is not None else None)
                val2.append(val2[i] * c if val2[i] is not None else None)
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
            for vals in (val, val2):
                a, b = vals[i], vals[j]
                if a is None or b is None or (op == "div" and b == 0):
                    vals.append(None)
                else:
                    vals.append(safe({"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
                                      "div": lambda: a / b}[op]))
            ssa.append((op, i, j))
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
    return "l = x\n" + "l = 4*l*(1-l)\n" * n + "l\n"


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
