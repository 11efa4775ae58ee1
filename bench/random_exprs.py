"""Random expressions of 10^3 .. 10^5 operations, against SymPy (and SymEngine).

    python -m bench.random_exprs [--quick]

One random tree in x and y per size (inputs.random_ssa, fixed seed, depth
about log n). diffcli reads its text (parse + canonical form), then d/dx and the
text; the CAS builds the same tree with its own operators (no parser), then
``diff`` + ``str``. Each in a fresh interpreter; a CAS series stops at its first
timeout (quick: up to 10^4).
"""

from __future__ import annotations

import sys

from . import runner
from .inputs import WARMUP_FORMULA, random_ssa, ssa_build, ssa_to_text

TITLE = "random expressions: derivative + text"


def w_random_diffcli(p):
    import diffcli
    from diffcli.expr import dag_size

    ssa, depth = random_ssa(p["n"])
    text = ssa_to_text(ssa)
    del ssa
    diffcli.parse(WARMUP_FORMULA).diff("x").to_text()
    runner.emit(stage="parse")
    t0 = runner.pc()
    f = diffcli.parse(text)
    t1 = runner.pc()
    runner.emit(stage="diff")
    d = f.diff("x")
    t2 = runner.pc()
    runner.emit(stage="text")
    s = d.to_text()
    t3 = runner.pc()
    runner.emit(result={"load": t1 - t0, "diff": t2 - t1, "print": t3 - t2, "chars": len(s),
                        "text_chars": len(text), "depth": depth, "raw": dag_size(f.raw),
                        "fsize": dag_size(f.node), "dsize": dag_size(d.node)})


def w_random_cas(p):
    if p["lib"] == "sympy":
        import sympy as lib
    else:
        import symengine as lib
    ssa, _ = random_ssa(p["n"])
    runner.emit(stage="build")
    t0 = runner.pc()
    f, x = ssa_build(ssa, lib)
    del ssa
    runner.cas_diff_and_str(lib, f, x, t0)


WORKERS = {"random-diffcli": w_random_diffcli, "random-cas": w_random_cas}


def measure(quick: bool) -> list[dict]:
    rows, series, cap = [], runner.Series(quick), runner.own_cap(quick)
    for n in [1000, 10_000] + ([] if quick else [100_000]):
        case = f"{runner.n_label(n)} ops"
        r = runner.worker("random_exprs", "random-diffcli", cap, n=n)
        x = r.result()
        cas = {lib: series.step("random_exprs", lib, runner.n_label(n), "random-cas", n=n)
               for lib in runner.cas_libs()}
        if x is None:
            rows.append({"case": case + ": diff + text", "diffcli": None, "peer": "SymPy", "target": None,
                         "peer_time": cas["sympy"][0], "note": r.failure(cap) or "failed"})
            continue
        s = cas["sympy"][1]
        rows.append({"case": case + ": parse", "diffcli": x["load"], "peer": "SymPy build by operators",
                     "peer_time": s["build"] if s else cas["sympy"][0], "target": None,
                     "note": f"input {x['text_chars']:,} chars, tree depth {x['depth']}"})
        for lib, (spent, res, _) in cas.items():
            rows.append({"case": case + ": diff + text", "diffcli": x["diff"] + x["print"],
                         "peer": f"{runner.PEER_NAMES[lib]} diff + str",
                         "peer_time": res["diff"] + res["print"] if res else spent, "target": None,
                         "peak_mib": r.peak_mib,
                         "note": f"diffcli diff {runner.fmt_time(x['diff'])} + text {runner.fmt_time(x['print'])}"
                                 + (f"; {runner.PEER_NAMES[lib]} diff {runner.fmt_time(res['diff'])} + str "
                                    f"{runner.fmt_time(res['print'])}" if res else "")})
        rows.append({"case": case + ": derivative graph", "diffcli": x["dsize"], "peer": "function graph",
                     "peer_time": x["fsize"], "target": 5.0, "unit": "nodes",
                     "note": f"canonical DAGs (as written {x['raw']:,}); output {x['chars']:,} chars"})
    return rows


if __name__ == "__main__":
    runner.family_main(sys.modules[__name__])
