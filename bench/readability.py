"""Readability: how often is diffcli's derivative no longer than SymPy's?

    python -m bench.readability [--quick] [--show N]

The formulas are the benchmark's deterministic corpus (inputs.corpus, 720;
quick 200). For each formula and each of its variables, diffcli's derivative
text and SymPy's ``diff`` (printed with ^ for **) are compared by length
without spaces; the brief asks for "no longer than SymPy" on at least 97% of
inputs, so at most 3% longer. ``grad`` is measured the same way, component by
component. tests/test_readability.py checks the same share (not the time).
"""

from __future__ import annotations

import sys

from . import runner
from .inputs import corpus, to_sympy_text

TITLE = "readability: derivatives no longer than SymPy's"
ALLOWED_LONGER = 3.0  # percent


def length(text: str) -> int:
    return len(text.replace(" ", ""))


def sympy_text(expr) -> str:
    return str(expr).replace("**", "^")


def compare(count: int = 720):
    """{"d": rows, "grad": rows}, each row (formula, variable, diffcli's text, SymPy's text); and the
    formulas left out because they are undefined everywhere (diffcli reports them)."""
    import sympy
    from sympy.parsing.sympy_parser import parse_expr

    import diffcli

    names = {n: sympy.Symbol(n) for n in ("x", "y")}
    rows = {"d": [], "grad": []}
    undefined = []
    for text in corpus(count):
        f = diffcli.parse(text)
        s = parse_expr(to_sympy_text(text), local_dict=names)
        try:
            grad = f.gradient()
        except diffcli.MathError:  # undefined everywhere (ln(0)): reported, nothing to compare
            undefined.append(text)
            continue
        for var, g in zip(f.variables, grad):
            theirs = sympy_text(sympy.diff(s, names[var]))
            rows["d"].append((text, var, str(f.diff(var)), theirs))
            rows["grad"].append((text, var, str(g), theirs))
    return rows, undefined


def w_readability(p):
    rows, undefined = compare(p["count"])
    out = {"undefined": len(undefined)}
    for kind, items in rows.items():
        longer = [r for r in items if length(r[2]) > length(r[3])]
        worst = sorted(longer, key=lambda r: length(r[3]) - length(r[2]))[: p["show"]]
        out[kind] = {"count": len(items), "longer": len(longer),
                     "worst": [f"d/d{v} {t}: {length(o)} vs {length(s)} chars" for t, v, o, s in worst]}
    runner.emit(result=out)


WORKERS = {"readability": w_readability}


def measure(quick: bool, show: int = 2) -> list[dict]:
    count = 200 if quick else 720
    r = runner.worker("readability", "readability", runner.own_cap(quick), count=count, show=show)
    o = r.result()
    if o is None:
        return [{"case": f"{count} formulas", "diffcli": None, "peer": "SymPy", "peer_time": None,
                 "target": 1.0, "note": r.failure(runner.own_cap(quick)) or "failed"}]
    rows = []
    for kind in ("d", "grad"):
        k = o[kind]
        rows.append({"case": f"{kind}: longer than SymPy's, of {k['count']}", "diffcli": 100.0 * k["longer"] / k["count"],
                     "peer": "allowed share", "peer_time": ALLOWED_LONGER, "target": 1.0, "unit": "%",
                     "note": f"{k['longer']} longer; worst: " + "; ".join(k["worst"])})
    return rows


if __name__ == "__main__":
    runner.family_main(sys.modules[__name__])
