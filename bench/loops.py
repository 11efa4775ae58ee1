"""Programs with loops (issue 10): a loop against the same program written out, and the limits.

    python -m bench.loops [--quick]

1. The logistic map l = 4*l*(1-l) iterated n times (10^4; quick 10^3), as a
   for loop and written out statement by statement: parse (with the run of the
   loop), differentiate and print, as `diffcli d` does, each in a fresh
   interpreter, the variants interleaved; best of 3. Design: the loop is as
   fast as the program written out, within 20%.
2. End to end on the command line (wall time, best of 3): seed 002's loop of
   1000 iterations at a point; a loop of range(10^7), refused before it runs;
   an endless while loop, stopped at 10^6 operations.
"""

from __future__ import annotations

import gc
import sys

from . import runner

TITLE = "loops: a for loop vs the program written out; the limits"
LIMIT = 1.2


def program(variant: str, n: int) -> str:
    if variant == "loop":
        return f"l = x\nfor i in range({n}):\n    l = 4*l*(1-l)\nl\n"
    return "l = x\n" + "l = 4*l*(1-l)\n" * n + "l\n"


def w_loop(p):
    """What `diffcli d` does with the program: parse (and run), differentiate, print."""
    import diffcli

    text = program(p["variant"], p["n"])
    gc.disable()  # as the command line runs
    t0 = runner.pc()
    f = diffcli.parse(text)
    t1 = runner.pc()
    d = f.diff("x")
    t2 = runner.pc()
    out = d.to_text()
    t3 = runner.pc()
    runner.emit(result={"parse": t1 - t0, "diff": t2 - t1, "print": t3 - t2, "total": t3 - t0, "chars": len(out),
                        "nodes": f.sizes()["graph"]})


WORKERS = {"loop": w_loop}

CLI_CASES = [
    ("seed 002, 1000 iterations, d --wrt a --at", ["d", "-", "--wrt", "a", "--at", "a=0.5,b=0.3"],
     "z = 0\nfor i in range(1000):\n    z = a*cos(z + i) + z*b\nz\n"),
    ("range(10^7), refused", ["d", "-"], "z = 0\nfor i in range(10^7):\n    z = z + x\nz\n"),
    ("endless while, stopped at 10^6 operations", ["d", "-"], "z = 0\nwhile 1 > 0:\n    z = z + x\nz\n"),
]


def measure(quick: bool) -> list[dict]:
    n, repeats, cap = (1000 if quick else 10_000), 3, runner.own_cap(quick)
    best: dict = {}
    for _ in range(repeats):
        for variant in ("loop", "written out"):  # interleaved, so drift hits both alike
            got = runner.worker("loops", "loop", cap, variant=variant, n=n).result()
            if got and (variant not in best or got["total"] < best[variant]["total"]):
                best[variant] = got
    loop, flat = best.get("loop"), best.get("written out")
    same = bool(loop and flat and loop["chars"] == flat["chars"] and loop["nodes"] == flat["nodes"])
    stages = ", ".join(f"{k} {runner.fmt_time(loop[k])}" for k in ("parse", "diff", "print")) if loop else ""
    rows = [{"case": f"logistic n={runner.n_label(n)} as a for loop, best of {repeats}",
             "diffcli": loop["total"] if loop else None, "peer": "diffcli, written out",
             "peer_time": flat["total"] if flat else None, "target": LIMIT,
             "note": f"loop: {stages} (parse includes the run); same graph and text: {same}"}]
    for label, args, stdin in CLI_CASES:
        runs = [runner.run_capped(runner.diffcli_cmd() + args, cap, stdin_text=stdin) for _ in range(repeats)]
        r = min(runs, key=lambda r: r.wall)
        first = ((r.stderr or r.stdout).splitlines() or [""])[0][:70]
        rows.append({"case": f"command line: {label}", "diffcli": r.wall, "peer": None, "peer_time": None,
                     "target": None, "peak_mib": r.peak_mib, "note": f"exit {r.rc}: {first}"})
    return rows


if __name__ == "__main__":
    runner.family_main(sys.modules[__name__])
