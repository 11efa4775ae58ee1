"""Start-up: a one-line derivative end to end, against the SymPy script doing the same.

    python -m bench.startup [--quick]

`diffcli d "x^3"` (the console script next to the interpreter, as a user runs
it) against `python -c "import sympy; ...diff(x**3, x)"`, best of 10 (quick: 5)
each, interleaved so drift hits both alike, after one untimed warm-up each.
Target (issue 12): at most a quarter of SymPy's time.
"""

from __future__ import annotations

import importlib.util
import math
import subprocess
import sys

from . import runner

TITLE = "start-up: diffcli d \"x^3\" vs the SymPy script"
TARGET = 0.25


def _byte_compile_diffcli():
    """As `pip install` does: an editable checkout run with PYTHONDONTWRITEBYTECODE set would
    otherwise recompile every module at every start (SymPy's modules are compiled at install)."""
    spec = importlib.util.find_spec("diffcli")  # finds, does not import
    if spec and spec.submodule_search_locations:
        subprocess.run([sys.executable, "-m", "compileall", "-q", *spec.submodule_search_locations],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def commands() -> dict:
    cmds = {
        "diffcli": runner.diffcli_cmd() + ["d", "x^3"],
        "sympy": [sys.executable, "-c", "import sympy; x=sympy.Symbol('x'); print(sympy.diff(x**3, x))"],
        "python": [sys.executable, "-c", "pass"],
    }
    if "symengine" in runner.cas_libs():
        cmds["symengine"] = [sys.executable, "-c",
                             "import symengine; x=symengine.Symbol('x'); print(symengine.diff(x**3, x))"]
    return cmds


def measure(quick: bool) -> list[dict]:
    repeats = 5 if quick else 10
    _byte_compile_diffcli()
    cmds = commands()
    outs = {k: runner.run_capped(c, 60, limit=False).stdout.strip() for k, c in cmds.items()}  # warm-up
    best = {k: math.inf for k in cmds}
    for _ in range(repeats):
        for k, c in cmds.items():
            r = runner.run_capped(c, 60, limit=False)
            if r.rc == 0:
                best[k] = min(best[k], r.wall)
    best = {k: (None if v == math.inf else v) for k, v in best.items()}
    rows = [{"case": f'd "x^3", best of {repeats}', "diffcli": best["diffcli"], "peer": "SymPy script",
             "peer_time": best["sympy"], "target": TARGET,
             "note": f"bare 'python -c pass' {runner.fmt_time(best['python'])}; "
                     f"output {outs['diffcli']!r} vs {outs['sympy']!r}"}]
    if "symengine" in cmds:
        rows.append({"case": f'd "x^3", best of {repeats}', "diffcli": best["diffcli"], "peer": "SymEngine script",
                     "peer_time": best["symengine"], "target": None})
    return rows


if __name__ == "__main__":
    runner.family_main(sys.modules[__name__])
