#!/usr/bin/env python3
"""Readability: how often is diffcli's derivative no longer than SymPy's?

    python bench/readability.py              # 720 formulas, d by x and by y, and grad
    python bench/readability.py --count 200 --show 10

The formulas are bench/run.py's deterministic corpus (the same random
generator and seed). For each formula and each of its variables, diffcli's
derivative text and SymPy's ``diff`` (printed with ^ for **) are compared by
length without spaces; the brief asks for "no longer than SymPy" on at least
97% of inputs. ``grad`` is measured the same way, component by component.
Prints the percentages and the worst cases. Needs sympy.
"""

from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from run import corpus, to_sympy_text  # noqa: E402  (the benchmark's own generator)


def length(text: str) -> int:
    return len(text.replace(" ", ""))


def sympy_text(expr) -> str:
    return str(expr).replace("**", "^")


def measure(count: int = 720):
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=720)
    ap.add_argument("--show", type=int, default=5, help="worst cases to print")
    args = ap.parse_args()
    rows, undefined = measure(args.count)
    if undefined:
        print(f"left out, undefined everywhere: {len(undefined)} ({'; '.join(undefined[:3])})")
    for kind, items in rows.items():
        ok = [r for r in items if length(r[2]) <= length(r[3])]
        share = 100.0 * len(ok) / len(items)
        print(f"{kind:5} no longer than SymPy: {len(ok)} of {len(items)} ({share:.1f}%)")
        worst = sorted(items, key=lambda r: length(r[3]) - length(r[2]))[: args.show]
        for text, var, ours, theirs in worst:
            if length(ours) > length(theirs):
                print(f"    d/d{var} {text}\n        diffcli ({length(ours)}): {ours}\n"
                      f"        sympy   ({length(theirs)}): {theirs}")


if __name__ == "__main__":
    main()
