"""Corpus: 300 ordinary formulas, derivative and text, against SymPy (and SymEngine).

    python -m bench.corpus

The formulas come from inputs.corpus (random.Random(20240601); x, y; + - * / ^;
sin cos exp ln sqrt tanh atan; depth <= 4). diffcli: parse + d/dx + text (as
the command line prints it), timed per formula after a warm-up formula. The
CAS: the text translated (^ -> **, ln -> log) and parsed once untimed, then
``diff`` + ``str``. Each library in its own fresh interpreter.
"""

from __future__ import annotations

import sys

from . import runner
from .inputs import CORPUS_SEED, WARMUP_FORMULA, corpus, to_sympy_text

TITLE = "corpus of 300 formulas: derivative + text"
COUNT = 300


def w_corpus_diffcli(p):
    import diffcli
    from diffcli.expr import dag_size

    w = diffcli.parse(WARMUP_FORMULA)  # first-use costs (grammar tables, lazy imports) outside the timing
    w.diff("x").to_text()
    rows = []
    for t in corpus(p["count"]):
        try:
            t0 = runner.pc()
            f = diffcli.parse(t)
            t1 = runner.pc()
            d = f.diff("x")
            t2 = runner.pc()
            s = d.to_text()
            t3 = runner.pc()
            rows.append({"load": t1 - t0, "diff": t2 - t1, "print": t3 - t2, "chars": len(s),
                         "fsize": dag_size(f.node), "dsize": dag_size(d.node)})
        except Exception as e:  # noqa: BLE001 - a benchmark reports, it does not stop
            rows.append({"error": f"{type(e).__name__}: {e}"[:200]})
    runner.emit(result={"rows": rows})


def w_corpus_cas(p):
    if p["lib"] == "sympy":
        import sympy as lib
        from sympy.parsing.sympy_parser import parse_expr

        x, y = lib.Symbol("x"), lib.Symbol("y")
        names = {"x": x, "y": y, **{n: getattr(lib, n) for n in ("sin", "cos", "exp", "log", "sqrt", "tanh", "atan")}}

        def parse(s):
            return parse_expr(s, local_dict=names)
    else:
        import symengine as lib

        x, parse = lib.Symbol("x"), lib.sympify
    str(lib.diff(parse(to_sympy_text(WARMUP_FORMULA)), x))
    t0 = runner.pc()
    exprs = []
    for t in corpus(p["count"]):
        try:
            exprs.append(parse(to_sympy_text(t)))
        except Exception as e:  # noqa: BLE001
            exprs.append(e)
    t_parse = runner.pc() - t0
    rows = []
    for e in exprs:
        if isinstance(e, Exception):
            rows.append({"error": f"parse: {type(e).__name__}"})
            continue
        try:
            t0 = runner.pc()
            d = lib.diff(e, x)
            t1 = runner.pc()
            s = str(d)
            rows.append({"diff": t1 - t0, "print": runner.pc() - t1, "chars": len(s)})
        except Exception as ex:  # noqa: BLE001
            rows.append({"error": type(ex).__name__})
    runner.emit(result={"rows": rows, "parse": t_parse})


WORKERS = {"corpus-diffcli": w_corpus_diffcli, "corpus-cas": w_corpus_cas}


def measure(quick: bool) -> list[dict]:
    cap = runner.own_cap(quick)  # a fixed workload for every library: only against hangs
    runs = {"diffcli": runner.worker("corpus", "corpus-diffcli", cap, count=COUNT)}
    for lib in runner.cas_libs():
        runs[lib] = runner.worker("corpus", "corpus-cas", cap, count=COUNT, lib=lib)
    got = {lib: r.result() for lib, r in runs.items()}
    if got["diffcli"] is None or got["sympy"] is None:
        why = "; ".join(f"{lib}: {r.failure(cap)}" for lib, r in runs.items() if got[lib] is None)
        return [{"case": f"{COUNT} formulas", "diffcli": None, "peer": "SymPy", "peer_time": None,
                 "target": 1.0, "note": why}]
    got = {lib: g for lib, g in got.items() if g is not None}
    ok = [i for i in range(COUNT) if all("error" not in g["rows"][i] for g in got.values())]
    left_out = {lib: sum("error" in row for row in g["rows"]) for lib, g in got.items()}

    def total(lib, *keys):
        return sum(got[lib]["rows"][i][k] for i in ok for k in keys)

    D = got["diffcli"]["rows"]
    load, dp = total("diffcli", "load"), total("diffcli", "diff", "print")
    case = f"{len(ok)} formulas, d/dx"
    note = f"seed {CORPUS_SEED}, depth <= 4"
    if any(left_out.values()):
        note += "; left out (failed somewhere): " + ", ".join(f"{k} {v}" for k, v in left_out.items() if v)
    rows = [{"case": case + ": parse", "diffcli": load, "peer": "SymPy parse_expr", "peer_time": got["sympy"]["parse"],
             "target": None, "note": "diffcli: parse + canonical form; the CAS's parse is not counted below"}]
    for lib in got:
        if lib == "diffcli":
            continue
        peer = total(lib, "diff", "print")
        name = runner.PEER_NAMES[lib]
        rows.append({"case": case + ": diff + text", "diffcli": dp, "peer": f"{name} diff + str", "peer_time": peer,
                     "target": None, "note": f"diffcli diff {runner.fmt_time(total('diffcli', 'diff'))} + text "
                                             f"{runner.fmt_time(total('diffcli', 'print'))}"})
        if lib == "sympy":
            rows.append({"case": case + ": parse + diff + text", "diffcli": load + dp, "peer": f"{name} diff + str",
                         "peer_time": peer, "target": 1.0, "note": "diffcli's parse counted, SymPy's not; " + note})
    dc, sc = (sum(got[lib]["rows"][i]["chars"] for i in ok) for lib in ("diffcli", "sympy"))
    shorter = sum(D[i]["chars"] < got["sympy"]["rows"][i]["chars"] for i in ok)
    rows.append({"case": case + ": output length", "diffcli": dc, "peer": "SymPy str", "peer_time": sc,
                 "target": None, "unit": "chars", "note": f"diffcli shorter on {shorter} of {len(ok)}"})
    fs, ds = sum(D[i]["fsize"] for i in ok), sum(D[i]["dsize"] for i in ok)
    over = sum(D[i]["dsize"] > 5 * D[i]["fsize"] for i in ok)
    rows.append({"case": case + ": derivative graph", "diffcli": ds, "peer": "function graph", "peer_time": fs,
                 "target": 5.0, "unit": "nodes", "note": f"sum of DAG sizes; {over} formulas over 5x"})
    return rows


if __name__ == "__main__":
    runner.family_main(sys.modules[__name__])
