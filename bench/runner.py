"""What every family shares: capped subprocesses, best-of timing, the table, the summary, JSON.

A family module has ``TITLE`` and ``measure(quick) -> list[dict]``; each row is
{"case", "diffcli", "peer", "peer_time", "target"} plus optional "note",
"peak_mib", "peak_limit_mib" and "unit" ("s" by default; "nodes", "chars" or
"%" for rows that compare sizes, not times). A row passes when
diffcli / peer_time <= target (and its peak memory is under its limit).

The parent process imports neither diffcli nor a peer library: Linux counts
the parent's resident size at fork/exec in a child's peak (wait4), so the
parent stays small and every measurement runs in a fresh child.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pc = time.perf_counter

# set by bench/__main__.py (or a family run on its own) from the command line
settings = {"cap": None, "symengine": True}


def peer_cap(quick: bool) -> float:
    """Wall-clock cap for a peer's (SymPy, SymEngine, CasADi) subprocess."""
    return settings["cap"] if settings["cap"] is not None else (3.0 if quick else 60.0)


def own_cap(quick: bool) -> float:
    """diffcli's own runs: generous, only against hangs."""
    return 120.0 if quick else 600.0


# -- subprocesses ------------------------------------------------------------------

class Run:
    def __init__(self, wall, rc, timed_out, peak_mib, stdout, stderr):
        self.wall, self.rc, self.timed_out = wall, rc, timed_out
        self.peak_mib, self.stdout, self.stderr = peak_mib, stdout, stderr

    def lines(self) -> list[dict]:
        out = []
        for line in self.stdout.splitlines():
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict):
                out.append(obj)
        return out

    def result(self):
        """The worker's result (the value of its last ``emit(result=...)``), or None."""
        return next((o["result"] for o in self.lines() if "result" in o), None)

    def failure(self, cap) -> str | None:
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
        return None


def address_limit() -> int:
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return min(8 << 30, total // 2)


def _limit_memory():
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (address_limit(), address_limit()))
    except (ImportError, ValueError, OSError):
        pass


def run_capped(cmd, cap: float, stdin_text: str | None = None, limit: bool = True) -> Run:
    """cmd with a wall-clock cap and (``limit``) an address-space limit; wall time and the
    child's own peak RSS (wait4). Timed from just before the start to the child's exit."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    fin = tempfile.TemporaryFile() if stdin_text is not None else subprocess.DEVNULL
    if stdin_text is not None:
        fin.write(stdin_text.encode())
        fin.seek(0)
    state = {"done": False, "killed": False}
    lock = threading.Lock()
    try:
        t0 = pc()
        proc = subprocess.Popen(cmd, stdin=fin, stdout=out, stderr=err, cwd=ROOT,
                                preexec_fn=_limit_memory if limit else None)

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
        if stdin_text is not None:
            fin.close()
    out.seek(0)
    err.seek(0)
    r = Run(wall, proc.returncode, state["killed"], ru.ru_maxrss / 1024.0,
            out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
    out.close()
    err.close()
    return r


def worker(family: str, job: str, cap: float, **params) -> Run:
    """Run ``python -m bench.<family> --worker job params`` in a fresh interpreter."""
    return run_capped([sys.executable, "-m", f"bench.{family}", "--worker", job, json.dumps(params)], cap)


def cas_diff_and_str(lib, f, x, t0):
    """A CAS worker's last stages: f (built since t0) differentiated by x and printed; the stages and result emitted."""
    t1 = pc()
    emit(stage="diff", build=t1 - t0)
    d = lib.diff(f, x)
    t2 = pc()
    emit(stage="str", diff=t2 - t1)
    s = str(d)
    t3 = pc()
    emit(result={"seconds": t3 - t0, "build": t1 - t0, "diff": t2 - t1, "print": t3 - t2, "chars": len(s)})


def emit(**kw):
    """A worker's line to the parent: stage=... before a slow step, result=... at the end."""
    sys.stdout.write(json.dumps(kw) + "\n")
    sys.stdout.flush()


def worker_main(workers: dict, job: str, params: str):
    _limit_memory()
    try:
        workers[job](json.loads(params))
    except BaseException as e:  # noqa: BLE001 - RecursionError, MemoryError, ... are results
        emit(error=type(e).__name__, message=str(e)[:300])
        sys.exit(3)


def diffcli_cmd() -> list[str]:
    """The console script next to the interpreter, as a user runs it; else ``python -m diffcli``."""
    script = os.path.join(os.path.dirname(sys.executable), "diffcli")
    if os.path.isfile(script) and os.access(script, os.X_OK):
        return [script]
    return [sys.executable, "-m", "diffcli"]


def have(mod: str) -> bool:
    """Importable? Checked without importing (the parent stays small)."""
    import importlib.util

    return importlib.util.find_spec(mod) is not None


def cas_libs() -> list[str]:
    return ["sympy"] + (["symengine"] if settings["symengine"] and have("symengine") else [])


PEER_NAMES = {"sympy": "SymPy", "symengine": "SymEngine", "casadi": "CasADi"}


def best_of(fn, repeats: int):
    """(best wall time, last result) of ``repeats`` calls."""
    best, out = math.inf, None
    for _ in range(repeats):
        t0 = pc()
        out = fn()
        best = min(best, pc() - t0)
    return best, out


class Series:
    """A peer's growing series: after a timeout or failure the larger sizes are skipped; in
    quick mode also after a size took over a tenth of the cap (the next is 10x larger)."""

    def __init__(self, quick: bool):
        self.quick, self.stopped = quick, {}

    def step(self, family, lib, label, job, **params):
        """(seconds or failure text, result dict or None, Run or None)."""
        if self.stopped.get(lib):
            return f"skipped ({self.stopped[lib]})", None, None
        cap = peer_cap(self.quick)
        w = worker(family, job, cap, lib=lib, **params)
        res = w.result()
        if res is None:
            msg = w.failure(cap) or "failed (no result)"
            self.stopped[lib] = ("timed out" if "timeout" in msg else "failed") + f" at {label}"
            return msg, None, w
        spent = res.get("seconds", 0.0)
        if self.quick and spent > cap / 10:
            self.stopped[lib] = f"quick: {label} took {spent:.1f}s"
        return spent, res, w


# -- rows, table, summary -----------------------------------------------------------------

def fmt_time(s) -> str:
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


def fmt_value(v, unit: str = "s") -> str:
    if v is None or isinstance(v, str):
        return v or "-"
    if unit == "s":
        return fmt_time(v)
    if unit == "%":
        return f"{v:.1f}%"
    return f"{v:,.0f} {unit}"


def n_label(n: int) -> str:
    e = round(math.log10(n))
    return f"10^{e}" if 10 ** e == n and n >= 1000 else str(n)


def ratio(row: dict):
    d, p = row.get("diffcli"), row.get("peer_time")
    if isinstance(d, (int, float)) and isinstance(p, (int, float)) and p > 0:
        return d / p
    return None


def status(row: dict) -> str:
    """PASS, FAIL, or '' for an informational row (no target, or its peer not measured)."""
    target, lim = row.get("target"), row.get("peak_limit_mib")
    if target is None and lim is None:
        return ""
    if row.get("diffcli") is None:
        return "FAIL"  # diffcli itself failed or timed out
    ok = True
    if target is not None:
        r = ratio(row)
        if r is None:
            return ""  # the peer is not installed or failed: nothing to compare with
        ok = r <= target
    if lim is not None:
        ok = ok and row.get("peak_mib") is not None and row["peak_mib"] < lim
    return "PASS" if ok else "FAIL"


COLUMNS = ["family", "case", "diffcli", "peer", "peer time", "ratio", "target", "result", "peak", "note"]


def cells(family: str, row: dict) -> list[str]:
    unit = row.get("unit", "s")
    r = ratio(row)
    peak = ""
    if row.get("peak_mib") is not None:
        peak = f"{row['peak_mib']:.0f} MiB"
        if row.get("peak_limit_mib") is not None:
            peak += f" (< {row['peak_limit_mib']:g})"
    return [family, row["case"], fmt_value(row.get("diffcli"), unit), row.get("peer") or "-",
            fmt_value(row.get("peer_time"), unit), "-" if r is None else f"{r:.3g}",
            "-" if row.get("target") is None else f"<= {row['target']:g}", status(row) or "info", peak,
            row.get("note", "")]


def render(results: list[tuple[str, list[dict]]], markdown: bool = False) -> str:
    rows = [cells(fam, row) for fam, fam_rows in results for row in fam_rows]
    if not markdown:
        rows = [r[:-1] + [r[-1] if len(r[-1]) <= 100 else r[-1][:99] + "…"] for r in rows]
    if markdown:
        def esc(c):
            return str(c).replace("|", "\\|")
        out = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
        return "\n".join(out)
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(COLUMNS)]
    line = lambda cs: "  ".join(c.ljust(w) for c, w in zip(cs, widths)).rstrip()  # noqa: E731
    out = [line(COLUMNS), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out)


def summary(results) -> tuple[str, dict]:
    counts = {"PASS": 0, "FAIL": 0}
    fails = []
    for fam, rows in results:
        for row in rows:
            s = status(row)
            if s:
                counts[s] += 1
            if s == "FAIL":
                c = cells(fam, row)
                fails.append(f"  FAIL  {fam}: {row['case']}: {c[2]} vs {c[3]} {c[4]} = {c[5]} ({c[6]}) {c[8]}")
    head = f"Summary: {counts['PASS']} PASS, {counts['FAIL']} FAIL (rows without a target are informational)"
    return "\n".join([head] + fails), counts


def collect(module, quick: bool) -> list[dict]:
    """A family's rows; a family that breaks is one failing row, not a stopped benchmark."""
    try:
        return module.measure(quick)
    except Exception as e:  # noqa: BLE001 - a benchmark reports, it does not stop
        return [{"case": "(the family failed)", "diffcli": None, "peer": None, "peer_time": None,
                 "target": 0.0, "note": f"{type(e).__name__}: {e}"[:200]}]


def family_main(module):
    """``python -m bench.<family>``: its worker when called with --worker, else its rows alone."""
    ap = argparse.ArgumentParser(description=module.TITLE)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--cap", type=float, default=None)
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        worker_main(getattr(module, "WORKERS", {}), *a.worker)
        return
    settings["cap"] = a.cap
    name = module.__spec__.name.rsplit(".", 1)[-1]
    results = [(name, collect(module, a.quick))]
    print(render(results))
    print(summary(results)[0])
