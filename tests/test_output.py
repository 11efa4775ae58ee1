"""Output formats and views: LaTeX, Python, --expand, --steps, graph, plot, hessian, check."""

import json
import math
import re
import shutil
import subprocess

import pytest
import sympy
from click.testing import CliRunner

from diffcli.cli import main

BRIEF_EXAMPLES = [
    ("ln(x1)+x1*x2-sin(x2)", "x1"),
    ("ln(x1)+x1*x2-sin(x2)", "x2"),
    ("x^3", "x"),
    ("sin(x)^2", "x"),
    ("exp(2x)", "x"),
    ("1/(1+exp(-x))", "x"),
    ("x^x", "x"),
    ("sqrt(x)", "x"),
    ("a*x^2 + b*x + c", "x"),
]


def run(*args, input=None):
    r = CliRunner().invoke(main, list(args), input=input)
    assert "Traceback" not in r.stdout + r.stderr
    return r


def _point(expr):
    from diffcli import parse as load

    return {n: 0.7 + 0.3 * i for i, n in enumerate(load(expr).variables)}


@pytest.mark.parametrize("expr,wrt", BRIEF_EXAMPLES)
def test_python_output_evaluates_to_the_derivative(expr, wrt):
    r = run("d", expr, "--wrt", wrt, "--format", "python")
    assert r.exit_code == 0, r.stderr
    code = r.stdout.strip()
    point = _point(expr)
    at = ",".join(f"{k}={v}" for k, v in point.items())
    expected = json.loads(run("d", expr, "--wrt", wrt, "--at", at, "--format", "json").stdout)["value"]
    value = eval(code, {"math": math}, dict(point))  # our own generated code, not user input
    assert value == pytest.approx(expected, rel=1e-12)


def test_python_output_numpy():
    numpy = pytest.importorskip("numpy")
    r = run("d", "ln(x)*sin(x)", "--format", "python", "--numpy")
    value = eval(r.stdout.strip(), {"numpy": numpy}, {"x": 1.3})
    assert value == pytest.approx(math.sin(1.3) / 1.3 + math.log(1.3) * math.cos(1.3))


LATEX_EXPECT = {
    "ln(x1)+x1*x2-sin(x2)": [r"\frac{1}{x_{1}}", "x_{2}"],
    "x^3": ["x^{2}"],
    "sin(x)^2": [r"\sin\left(x\right)", r"\cos\left(x\right)"],
    "exp(2x)": ["e^{2 x}"],
    "1/(1+exp(-x))": [r"\frac{e^{-x}}{\left(e^{-x} + 1\right)^{2}}"],
    "x^x": ["x^{x}", r"\ln\left(x\right)"],
    "sqrt(x)": [r"\frac{1}{2 \sqrt{x}}"],
    "a*x^2 + b*x + c": ["2 a x + b"],
}


@pytest.mark.parametrize("expr,wrt", BRIEF_EXAMPLES)
def test_latex_output_structure(expr, wrt):
    tex = run("d", expr, "--wrt", wrt, "--format", "latex").stdout.strip()
    assert tex.count("{") == tex.count("}")
    assert tex.count(r"\left(") == tex.count(r"\right)")
    assert "*" not in tex and "ln(" not in tex and "sqrt(" not in tex
    for piece in LATEX_EXPECT.get(expr, []) if wrt != "x2" else [r"x_{1} - \cos\left(x_{2}\right)"]:
        assert piece in tex, tex


def test_latex_spellings():
    assert run("d", "x^3", "--format", "latex").stdout.strip() == "3 x^{2}"
    assert run("d", "sqrt(x)", "--format", "latex").stdout.strip() == r"\frac{1}{2 \sqrt{x}}"
    assert run("d", "ln(x1)+x1*x2-sin(x2)", "--wrt", "x1", "--format", "latex").stdout.strip() == \
        r"\frac{1}{x_{1}} + x_{2}"


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no LaTeX engine installed")
def test_latex_compiles(tmp_path):
    body = "\n".join(f"$${run('d', e, '--wrt', w, '--format', 'latex').stdout.strip()}$$" for e, w in BRIEF_EXAMPLES)
    (tmp_path / "t.tex").write_text("\\documentclass{article}\\usepackage{amsmath}\\begin{document}\n"
                                    + body + "\n\\end{document}\n")
    p = subprocess.run(["pdflatex", "-interaction=nonstopmode", "t.tex"], cwd=tmp_path, capture_output=True)
    assert p.returncode == 0, p.stdout[-2000:]


def test_expand_logistic_table_1():
    """Seed 004, Table 1, n = 4. The seed prints the x^3 coefficient as 2688 (x64);
    SymPy and the exact product give 2640, which is what we assert, from SymPy."""
    f = "64*x*(1-x)*(1-2*x)^2*(1-8*x+8*x^2)^2"
    r = run("d", f, "--expand")
    ours = sympy.Poly(sympy.sympify(r.stdout.strip().replace("^", "**")), sympy.Symbol("x"))
    want = sympy.Poly(sympy.expand(sympy.diff(sympy.sympify(f.replace("^", "**")), "x")), sympy.Symbol("x"))
    assert ours == want
    assert len(sympy.Add.make_args(sympy.sympify(r.stdout.strip().replace("^", "**")))) == 8
    coeffs = [c / 64 for c in reversed(want.all_coeffs())]
    assert coeffs[:3] == [1, -42, 504] and coeffs[4:] == [7040, -9984, 7168, -2048]


def test_steps_names_product_chain_power_in_order_and_ends_in_the_result():
    r = run("d", "x*sin(x)^2", "--steps")
    lines = r.stdout.splitlines()
    rules = [ln.split(":")[0] for ln in lines[1:-1]]
    joined = " | ".join(rules)
    i = joined.index("product rule")
    j = joined.index("chain rule", i)
    k = joined.index("power rule", j)
    assert i < j < k
    assert lines[-1].strip() == "= " + lines[0]
    assert lines[0] == run("d", "x*sin(x)^2").stdout.splitlines()[0]


def test_steps_json():
    obj = json.loads(run("d", "exp(2x)/(1+x^2)", "--steps", "--format", "json").stdout)
    rules = [s["rule"] for s in obj["steps"]]
    assert rules[0] == "quotient rule" and "power rule" in rules


def test_graph_text_tree_and_values():
    r = run("graph", "ln(x1)+x1*x2-sin(x2)", "--at", "x1=2,x2=5")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith("v5 = v4 - v3")
    assert any("v3 = sin v0" in ln for ln in lines)
    assert "adjoint 5.5" in r.stdout  # x1's adjoint


def test_graph_dot_structure():
    dot = run("graph", "ln(x1)+x1*x2-sin(x2)", "--format", "dot").stdout
    assert dot.startswith("digraph")
    edges = set(re.findall(r'"([^"]+)" -> "([^"]+)"', dot))
    assert {("v-1", "v1"), ("v-1", "v2"), ("v0", "v2"), ("v0", "v3"), ("v1", "v4"), ("v2", "v4"),
            ("v4", "v5"), ("v3", "v5"), ("v5", "y")} == edges


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graph_dot_renders(tmp_path):
    dot = run("graph", "ln(x1)+x1*x2-sin(x2)", "--at", "x1=2,x2=5", "--format", "dot").stdout
    out = tmp_path / "g.png"
    subprocess.run(["dot", "-Tpng", "-o", str(out)], input=dot.encode(), check=True)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_terminal_has_both_curves_and_gaps():
    r = run("plot", "ln(x)", "--range", "-1:4", "--width", "50", "--height", "12")
    assert r.exit_code == 0, r.stderr
    assert "f = ln(x)" in r.stdout and "f' = 1/x" in r.stdout
    frame = [row for row in r.stdout.splitlines() if "┤" in row or row.lstrip().startswith("│")]
    start = frame[0].index("┤") + 1
    width = len(frame[0].rstrip()) - 1 - start
    for row in frame[2:]:  # below the legend: x in [-1, 0) is blank, ln and its derivative are undefined there
        assert not row[start:start + int(0.18 * width)].strip(), row
    assert any(row[start + int(0.3 * width):].strip(" │") for row in frame[2:])


def test_plot_file_needs_matplotlib_or_writes(tmp_path):
    out = tmp_path / "p.svg"
    r = run("plot", "sin(x)", "--output", str(out))
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert r.exit_code == 2 and "matplotlib" in r.stderr
    else:
        assert r.exit_code == 0 and out.read_text().lstrip().startswith("<?xml")


def test_hessian_matches_sympy():
    obj = json.loads(run("hessian", "x^2*y + sin(x*y)", "--at", "x=0.5,y=1.5", "--format", "json").stdout)
    x, y = sympy.symbols("x y")
    f = x**2 * y + sympy.sin(x * y)
    for i, a in enumerate((x, y)):
        for j, b in enumerate((x, y)):
            want = float(sympy.diff(f, a, b).subs({x: 0.5, y: 1.5}))
            assert obj["value"][i][j] == pytest.approx(want, rel=1e-12)
    assert obj["variables"] == ["x", "y"]


def test_check_four_ways_agree_and_answer():
    r = run("check", "ln(x1)+x1*x2-sin(x2)", "--at", "x1=2,x2=5")
    assert r.exit_code == 0 and "all four agree" in r.stdout
    good = run("check", "x^x", "--answer", "x^x*(ln(x)+1)")
    assert good.exit_code == 0 and good.stdout.startswith("correct")
    numeric = run("check", "sin(x)^2", "--answer", "sin(2x)")
    assert numeric.exit_code == 0 and "numerically" in numeric.stdout
    bad = run("check", "x^x", "--answer", "x^x*ln(x)")
    assert bad.exit_code == 1 and bad.stdout.startswith("incorrect")
