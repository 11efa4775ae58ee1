"""The logistic map as a program (l = x; l = 4*l*(1-l) n times; l), against SymPy and CasADi.

    python -m bench.logistic [--quick]

1. `diffcli d - --stats` (program on stdin), n = 10 .. 10^5 (quick: .. 10^4),
   against SymPy (and SymEngine) iterating the same map symbolically, then
   `diff` + `str`, each end to end in a subprocess (interpreter start and import
   included); a series stops after its first timeout. The --stats stage times
   and graph sizes go into the notes.
2. Exactly `diffcli d - --wrt x --at x=0.3 --format json`, n = 10^3 .. 10^5
   (quick: .. 10^4): wall time and peak RSS, against CasADi building the map
   with SX and its gradient and calling it at 0.3, timed in its subprocess from
   before `import casadi` to after the call (MX as an informational row). At
   these n the derivative overflows a double at 0.3: diffcli's exit 1 with a
   JSON math error is a completed run (the contract); a traceback is not.
   Targets (issue 12) at the largest n: <= 2.5x CasADi SX, peak < 400 MiB at 10^5.
"""

from __future__ import annotations

import json
import re
import sys

from . import runner
from .inputs import logistic_program

TITLE = "logistic program: d --stats vs SymPy; d --at --format json vs CasADi"
CASADI_TARGET = 2.5
PEAK_LIMIT_MIB = 400.0
SCALING_LIMIT = 15.0  # t(10n)/t(n): linear is 10


def w_logistic_cas(p):
    t0 = runner.pc()
    if p["lib"] == "sympy":
        import sympy as lib
    else:
        import symengine as lib
    runner.emit(stage="build")
    x = lib.Symbol("x")
    l = x
    for _ in range(p["n"]):
        l = 4 * l * (1 - l)
    runner.cas_diff_and_str(lib, l, x, t0)


def w_casadi(p):
    t0 = runner.pc()
    import casadi as ca

    runner.emit(stage="build")
    x = getattr(ca, p["kind"]).sym("x")
    l = x
    for _ in range(p["n"]):
        l = 4 * l * (1 - l)
    runner.emit(stage="gradient")
    g = ca.gradient(l, x)
    f = ca.Function("f", [x], [l, g])
    value, grad = f(0.3)
    runner.emit(result={"seconds": runner.pc() - t0, "value": float(value), "gradient": float(grad)})


WORKERS = {"logistic-cas": w_logistic_cas, "casadi": w_casadi}


def stats(stderr: str) -> tuple[dict, dict]:
    """(graph sizes {"function": n, "derivative": n}, stage times {label: seconds}) from --stats."""
    sizes = {m[1]: int(m[2]) for m in re.finditer(r"^(\w+):\s+(\d+) nodes as a graph", stderr, re.M)}
    line = next((ln for ln in stderr.splitlines() if ln.startswith("time: ")), "")
    return sizes, {m[1].strip(): float(m[2]) for m in re.finditer(r"([a-z][a-z ]*?) ([\d.]+)s", line[6:])}


def completed(r: runner.Run, cap) -> str | None:
    """None when the run finished as the contract says (exit 0, or exit 1 with a JSON math error)."""
    if r.timed_out or "Traceback" in r.stderr or r.rc not in (0, 1):
        return r.failure(cap) or f"failed (exit {r.rc})"
    if r.rc == 1:
        try:
            if json.loads(r.stderr)["error"]["kind"] == "math":
                return None
        except (ValueError, KeyError, TypeError):
            pass
        return f"failed (exit 1: {r.stderr.strip()[:60]})"
    return None


def sympy_series(quick: bool, sizes: list[int]) -> list[dict]:
    rows, series, cap = [], runner.Series(quick), runner.own_cap(quick)
    for n in sizes:
        case = f"n={runner.n_label(n)}: d --stats"
        r = runner.run_capped(runner.diffcli_cmd() + ["d", "-", "--stats"], cap, stdin_text=logistic_program(n))
        fail = r.failure(cap)
        graph, times = stats(r.stderr)
        stages = ", ".join(f"{k} {v:.3f}s" for k, v in times.items())
        for lib in runner.cas_libs():
            spent, res, _ = series.step("logistic", lib, f"n={runner.n_label(n)}", "logistic-cas", n=n)
            note = f"diffcli {stages}" if lib == "sympy" and stages else (fail or "")
            if res:
                note += f"; {runner.PEER_NAMES[lib]} build {runner.fmt_time(res['build'])} diff " \
                        f"{runner.fmt_time(res['diff'])} str {runner.fmt_time(res['print'])}"
            rows.append({"case": case, "diffcli": None if fail else r.wall, "peer": runner.PEER_NAMES[lib],
                         "peer_time": spent, "target": None, "peak_mib": r.peak_mib, "note": note.strip("; ")})
        if graph.get("function") and graph.get("derivative"):
            rows.append({"case": f"n={runner.n_label(n)}: derivative graph", "diffcli": graph["derivative"],
                         "peer": "function graph", "peer_time": graph["function"], "target": 5.0, "unit": "nodes"})
    return rows


def casadi_rows(quick: bool, sizes: list[int]) -> tuple[list[dict], dict]:
    rows, walls, cap = [], {}, runner.own_cap(quick)
    installed = runner.have("casadi")
    cmd = runner.diffcli_cmd() + ["d", "-", "--wrt", "x", "--at", "x=0.3", "--format", "json"]
    for n in sizes:
        largest = n == sizes[-1]
        r = runner.run_capped(cmd, cap, stdin_text=logistic_program(n))
        fail = completed(r, cap)
        walls[n] = None if fail else r.wall
        for kind in ("SX", "MX"):
            peer, note = "not installed", "pip install casadi to compare" if installed is False else ""
            if installed:
                w = runner.worker("logistic", "casadi", runner.peer_cap(quick) * (20 if kind == "SX" else 5),
                                  kind=kind, n=n)
                res = w.result()
                peer = res["seconds"] if res else (w.failure(runner.peer_cap(quick)) or "failed")
                note = f"CasADi subprocess {runner.fmt_time(w.wall)}, peak {w.peak_mib:.0f} MiB" if res else ""
            row = {"case": f"n={runner.n_label(n)}: d --at x=0.3 --format json", "diffcli": walls[n],
                   "peer": f"CasADi {kind} build + gradient", "peer_time": peer,
                   "target": CASADI_TARGET if kind == "SX" and largest else None,
                   "note": "; ".join(x for x in (fail, note) if x)}
            if kind == "SX":
                row["peak_mib"] = r.peak_mib
                if n >= 100_000:
                    row["peak_limit_mib"] = PEAK_LIMIT_MIB
            rows.append(row)
    return rows, walls


def measure(quick: bool) -> list[dict]:
    big = [1000, 10_000] + ([] if quick else [100_000])
    rows = sympy_series(quick, [10, 100] + big)
    more, walls = casadi_rows(quick, big)
    rows += more
    for a, b in zip(big, big[1:]):
        rows.append({"case": f"t({runner.n_label(b)})/t({runner.n_label(a)}), d --at --format json",
                     "diffcli": walls[b], "peer": f"diffcli at n={runner.n_label(a)}", "peer_time": walls[a],
                     "target": SCALING_LIMIT, "note": "10x the statements: linear is 10"})
    return rows


if __name__ == "__main__":
    runner.family_main(sys.modules[__name__])
