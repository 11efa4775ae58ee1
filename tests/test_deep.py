"""Deep and large inputs through the command line (no recursion anywhere).
Not timed: they only have to succeed, with the right values."""

import json
import math
import subprocess
import sys

import pytest

N = 100_000


class _Result:
    def __init__(self, p):
        self.exit_code, self.stdout, self.stderr = p.returncode, p.stdout, p.stderr


def run(*args, input=None):
    # a fresh process per run: interned nodes of a 10^5-node input are not
    # kept for the rest of the test session
    p = subprocess.run([sys.executable, "-m", "diffcli", *args], input=input, capture_output=True,
                       text=True, timeout=600)
    r = _Result(p)
    out = r.stdout + r.stderr
    assert "Traceback" not in out and "internal error" not in out, out[-2000:]
    return r


@pytest.fixture(scope="module")
def parens():
    return "(" * N + "x" + ")" * N


@pytest.fixture(scope="module")
def sines():
    return "sin(" * N + "x" + ")" * N


@pytest.fixture(scope="module")
def big_sum():
    # k*x for odd k, k*y for even k: f = S_odd*x + S_even*y
    return " + ".join(f"{k}*{'x' if k % 2 else 'y'}" for k in range(1, N + 1))


def test_deep_parentheses_d(parens):
    r = run("d", "-", input=parens)
    assert r.exit_code == 0, r.stderr[-500:]
    assert r.stdout.splitlines()[0] == "1"


def test_deep_parentheses_eval(parens):
    r = run("eval", "-", "--at", "x=2.5", input=parens)
    assert r.exit_code == 0, r.stderr[-500:]
    assert float(r.stdout) == 2.5


def _iterated_sine(x, n):
    d = 1.0
    for _ in range(n):
        d *= math.cos(x)
        x = math.sin(x)
    return x, d


def test_deep_sines_d(sines):
    r = run("d", "-", "--at", "x=0.5", "--format", "json", input=sines)
    assert r.exit_code == 0, r.stderr[-500:]
    obj = json.loads(r.stdout)
    value, deriv = _iterated_sine(0.5, N)
    assert obj["function_value"] == pytest.approx(value, rel=1e-9)
    assert obj["value"] == pytest.approx(deriv, rel=1e-9)


def test_deep_sines_eval(sines):
    r = run("eval", "-", "--at", "x=0.5", input=sines)
    assert r.exit_code == 0, r.stderr[-500:]
    assert float(r.stdout) == pytest.approx(_iterated_sine(0.5, N)[0], rel=1e-9)


def test_big_sum_d(big_sum):
    s_odd = sum(range(1, N + 1, 2))
    r = run("d", "-", "--wrt", "x", input=big_sum)
    assert r.exit_code == 0, r.stderr[-500:]
    assert r.stdout.splitlines()[0] == str(s_odd)


def test_big_sum_eval(big_sum):
    s_odd, s_even = sum(range(1, N + 1, 2)), sum(range(2, N + 1, 2))
    r = run("eval", "-", "--at", "x=1,y=2", "--format", "json", input=big_sum)
    assert r.exit_code == 0, r.stderr[-500:]
    assert json.loads(r.stdout)["value"] == pytest.approx(s_odd + 2 * s_even, rel=1e-12)


def test_big_sum_grad(big_sum):
    s_odd, s_even = sum(range(1, N + 1, 2)), sum(range(2, N + 1, 2))
    r = run("grad", "-", "--at", "x=1,y=2", "--format", "json", input=big_sum)
    assert r.exit_code == 0, r.stderr[-500:]
    obj = json.loads(r.stdout)
    assert obj["variables"] == ["x", "y"]
    assert obj["gradient"] == [str(s_odd), str(s_even)]
    assert obj["value"] == pytest.approx([s_odd, s_even], rel=1e-12)


def test_big_sum_of_distinct_terms_grad():
    # sin(k*x) + cos(k*y): nothing to collect, every term survives
    n = 20_000
    text = " + ".join(f"sin({k}*x)" if k % 2 else f"cos({k}*y)" for k in range(1, n + 1))
    r = run("grad", "-", "--at", "x=0.001,y=0.002", "--format", "json", input=text)
    assert r.exit_code == 0, r.stderr[-500:]
    gx = math.fsum(k * math.cos(k * 0.001) for k in range(1, n + 1, 2))
    gy = math.fsum(-k * math.sin(k * 0.002) for k in range(2, n + 1, 2))
    assert json.loads(r.stdout)["value"] == pytest.approx([gx, gy], rel=1e-8, abs=1e-6)


STEPS = 10_000


def test_logistic_map_program_differentiates():
    """The brief's 10^4-statement logistic map: differentiates, with a derivative
    graph linear in the program (a size bound, not a timing)."""
    import diffcli
    from diffcli.evaluate import evaluate, forward
    from diffcli.expr import dag_size

    program = "l = x\n" + "l = 4*l*(1-l)\n" * STEPS
    loaded = diffcli.parse(program)
    d = loaded.diff("x").node
    assert dag_size(d) < 100 * STEPS
    # at x = 1/2 the orbit is 1/2 -> 1 -> 0 -> 0 ...: f = 0 and f' = 0 exactly
    assert evaluate(loaded.raw, {"x": 0.5}) == 0.0
    assert evaluate(d, {"x": 0.5}) == 0.0
    # forward mode agrees (reverse mode cannot: the adjoint of l_2 is 4^9998, which overflows)
    assert forward(loaded.raw, {"x": 0.5}, {"x": 1.0}).tangent[loaded.raw] == 0.0


def test_logistic_map_program_cli():
    program = "l = x\n" + "l = 4*l*(1-l)\n" * STEPS
    r = run("d", "-", "--at", "x=0.5", "--format", "json", input=program)
    assert r.exit_code == 0, r.stderr[-500:]
    obj = json.loads(r.stdout)
    assert obj["value"] == 0.0 and obj["function_value"] == 0.0


def test_logistic_map_program_value_cli():
    # r = 1 keeps the derivative finite; check against a hand loop
    steps = STEPS
    program = "l = x; " + "; ".join(["l = l*(1-l)"] * steps)
    r = run("d", "-", "--at", "x=0.3", "--format", "json", input=program)
    assert r.exit_code == 0, r.stderr[-500:]
    x, d = 0.3, 1.0
    for _ in range(steps):
        d *= 1 - 2 * x
        x = x * (1 - x)
    obj = json.loads(r.stdout)
    assert obj["function_value"] == pytest.approx(x, rel=1e-9)
    assert obj["value"] == pytest.approx(d, rel=1e-7)


def test_overflow_deep_in_a_shared_graph_reports_promptly():
    """l = l + l doubles; 1030 doublings of 1 overflow a double at step 1024.
    The error must be exit 1 naming the overflow. (Regression: the error
    message printed the failing node as a tree, 2^1024 leaves, and hung; run in
    a subprocess with a generous limit so a hang fails instead of stalling.)"""
    import subprocess
    import sys

    program = "l = x; " + "l = l + l; " * 1030 + "l"
    code = "from diffcli.cli import main; main()"
    try:
        p = subprocess.run([sys.executable, "-c", code, "eval", "-", "--at", "x=1"], input=program,
                           capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("diffcli eval did not finish: the overflow error message writes the DAG out as a tree")
    assert p.returncode == 1, p.stderr
    assert "overflow" in p.stderr
    assert "Traceback" not in p.stderr
