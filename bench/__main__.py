"""python -m bench [--quick] [--only NAME,...] [--json FILE] [--cap S] [--markdown]

Every family of design.md "Scale and speed" side by side with its peer, in one
run: one table and a PASS/FAIL summary.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import importlib.util
import json
import os
import platform
import subprocess
import sys

from . import runner

# in the order they run; a family whose module is absent is skipped with a note
FAMILIES = ["startup", "corpus", "logistic", "random_exprs", "rosenbrock", "points", "arrays", "loops",
            "readability"]


def _version(dist: str) -> str:
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:  # noqa: BLE001
        return "-"


def header(quick: bool) -> list[str]:
    try:
        rev = subprocess.run(["git", "-C", runner.ROOT, "describe", "--always", "--dirty"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        rev = ""
    peers = ", ".join(f"{d} {_version(d)}" for d in ("sympy", "symengine", "casadi", "numpy"))
    return [
        f"diffcli {_version('diffcli')}{f' (git {rev})' if rev else ''} benchmark "
        f"({'quick' if quick else 'full'} mode), {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"Python {platform.python_version()}, {platform.platform()}, {os.cpu_count()} CPUs; {peers}",
        f"Cap per peer subprocess {runner.peer_cap(quick):g} s (diffcli runs {runner.own_cap(quick):g} s); "
        "wall clock (perf_counter), every measurement in a fresh subprocess.",
    ]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[1].replace("\n", " "))
    ap.add_argument("--quick", action="store_true", help="smaller sizes, 3 s peer cap: a few minutes")
    ap.add_argument("--only", metavar="NAME,...", help=f"run these families only (of {', '.join(FAMILIES)})")
    ap.add_argument("--json", metavar="FILE", help="also write every row as JSON")
    ap.add_argument("--cap", type=float, default=None, help="wall-clock cap per peer subprocess (60 s; quick 3 s)")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    ap.add_argument("--no-symengine", action="store_true", help="leave SymEngine out even if installed")
    a = ap.parse_args()
    runner.settings.update(cap=a.cap, symengine=not a.no_symengine)
    names = FAMILIES
    if a.only:
        names = [n.strip() for n in a.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in FAMILIES]
        if unknown:
            ap.error(f"unknown families: {', '.join(unknown)} (known: {', '.join(FAMILIES)})")
    head = header(a.quick)
    print("\n".join(head), flush=True)
    t_start = runner.pc()
    results, notes = [], []
    for name in names:
        if importlib.util.find_spec(f"bench.{name}") is None:
            notes.append(f"family {name}: skipped (bench/{name}.py is not there)")
            continue
        module = importlib.import_module(f"bench.{name}")
        t0 = runner.pc()
        results.append((name, runner.collect(module, a.quick)))
        print(f"  [{name}: {module.TITLE}: {runner.pc() - t0:.1f} s]", file=sys.stderr, flush=True)
    print()
    print(runner.render(results, markdown=a.markdown))
    print()
    for note in notes:
        print(note)
    text, counts = runner.summary(results)
    print(text)
    total = runner.pc() - t_start
    print(f"\nTotal benchmark time: {total:.1f} s")
    if a.json:
        rows = [dict(row, family=fam, status=runner.status(row) or "info") for fam, fr in results for row in fr]
        with open(a.json, "w") as fh:
            json.dump({"header": head, "rows": rows, "counts": counts, "notes": notes, "total_seconds": total}, fh,
                      indent=1, default=str)
    return 1 if counts["FAIL"] else 0  # a script sees a missed target (the table is printed either way)


if __name__ == "__main__":
    sys.exit(main())
