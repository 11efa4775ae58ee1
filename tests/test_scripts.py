"""Issue 11, section 3: what a script reads — named parts, --at names, closed pipes."""

import json
import os
import re
import subprocess
import sys

import pytest
import sympy
from click.testing import CliRunner

import diffcli
from diffcli.cli import main
from helpers import to_sympy

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench.inputs import corpus  # noqa: E402  (the benchmark's random formulas)


def run(*args, input=None):
    r = CliRunner().invoke(main, list(args), input=input)
    assert "Traceback" not in r.stdout + r.stderr and "internal error" not in r.stderr, r.stderr
    return r


def statements(text):
    parts = text.split("; ")
    return [p.split(" = ", 1) for p in parts[:-1]], parts[-1]


def unused_names(text):
    defs, result = statements(text)
    bodies = [b for _, b in defs] + [result]
    return [n for n, _ in defs if not any(re.search(rf"\b{n}\b", b) for b in bodies)]


@pytest.mark.parametrize("formula", corpus(120))
def test_every_named_part_is_used(formula):
    f = diffcli.parse(formula)
    for w in f.variables:
        text = f.diff(w).to_text(cse=True)
        assert unused_names(text) == [], text


def test_grad_json_gives_each_component_only_the_parts_it_uses():
    r = run("grad", "sin(x*y)*(x*y)^2 + z", "--cse", "--format", "json")
    out = json.loads(r.stdout)
    assert out["gradient"][2] == "1"
    x, y = sympy.symbols("x y", real=True)
    f = sympy.sin(x * y) * (x * y) ** 2
    for text, v in zip(out["gradient"][:2], (x, y)):
        assert unused_names(text) == []
        assert sympy.simplify(to_sympy(text) - sympy.diff(f, v)) == 0


def test_at_accepts_a_name_used_only_by_unused_statements_with_a_note():
    r = run("d", "-", "--at", "x=1,z=2", input="a = z^2\nx^2\n")
    assert r.exit_code == 0 and "df/dx = 2" in r.stdout and "z" in r.stderr and "note" in r.stderr
    r = run("d", "-", "--at", "x=1,q=2", input="a = z^2\nx^2\n")
    assert r.exit_code == 2 and "q" in r.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pipe")
def test_closed_pipe_ends_quietly_every_time():
    exe = os.path.join(os.path.dirname(sys.executable), "diffcli")
    cmd = [exe, "plot", "sin(x)"] if os.path.exists(exe) else [sys.executable, "-m", "diffcli", "plot", "sin(x)"]
    for i in range(12):
        big = " --width 400 --height 200" * (i % 2)  # more than a pipe's buffer: the writer meets EPIPE
        script = f"set -o pipefail; {' '.join(repr(c) for c in cmd)}{big} | head -1 > /dev/null"
        r = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
        assert r.returncode == 0 and r.stderr == "", r.stderr


def test_the_console_entry_flushes_everything_and_keeps_the_exit_codes():
    """entry() ends the process with os._exit: the whole output must be out first, the code kept."""
    exe = os.path.join(os.path.dirname(sys.executable), "diffcli")
    base = [exe] if os.path.exists(exe) else [sys.executable, "-m", "diffcli"]
    program = "l = x\n" + "l = 4*l*(1-l)\n" * 300 + "l\n"  # text well past a pipe's buffer
    r = subprocess.run(base + ["d", "-", "--wrt", "x", "--format", "json"], input=program,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["derivative"].count(";") >= 300 and out["derivative"] == diffcli.parse(program).diff("x").to_text()
    for args, code in [(["d", "ln(x)", "--at", "x=-1"], 1), (["d", "ln(x"], 2), (["eval", "x", "--at", "x=2"], 0)]:
        r = subprocess.run(base + args, capture_output=True, text=True)
        assert r.returncode == code and (r.stdout if code == 0 else r.stderr).strip(), (args, r)
