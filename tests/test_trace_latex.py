"""Teaching output (issue 11, section 2): trace tables as LaTeX tabulars, gradients and Hessians as bmatrix."""

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

import diffcli
from diffcli.api import trace_latex
from diffcli.cli import main

MISSION = "ln(x1)+x1*x2-sin(x2)"
AT = {"x1": 2, "x2": 5}


def run(*args):
    r = CliRunner().invoke(main, list(args))
    assert "Traceback" not in r.stdout + r.stderr and "internal error" not in r.stderr, r.stderr
    return r


def balanced(tex: str) -> bool:
    depth = 0
    for ch in tex.replace(r"\{", "").replace(r"\}", ""):
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0


def to_ascii(cell: str) -> str:
    """Read a LaTeX cell back in the ASCII notation of the text tables."""
    s = cell.strip().strip("$")
    s = re.sub(r"\\;\(\\mathrm\{(\w+)\}\)", r" (\1)", s)
    s = re.sub(r"\\mathrm\{(\w+)\}", r"\1", s)
    s = re.sub(r"\\(theta|lambda|alpha)(\}?)_\{", r"\1\2_{_", s)  # a Greek name with _ kept its _
    s = re.sub(r"\\(theta|lambda|alpha)\b", r"\1", s)
    s = re.sub(r"\be\^\{(.+?)\}$", r"exp \1", s)
    s = re.sub(r"\\dot\{(\w+)\}", r"d\1", s)
    s = re.sub(r"\\(?:bar|overline)\{(\w+)\}(_\{-?\w+\}|_\w+)?", lambda m: m.group(1) + (m.group(2) or "") + "bar", s)
    s = re.sub(r"_\{(-?\w+)\}", r"\1", s)
    s = s.replace(r"\times", "*").replace(r"\ln ", "ln ").replace(r"\sin ", "sin ").replace(r"\cos ", "cos ")
    s = s.replace(r"\exp ", "exp ")
    s = re.sub(r"\^\{(\w+)\}", r"^\1", s)
    s = re.sub(r"(\w+?)bar(-?\d+)$", r"\1\2bar", s)  # \bar{v}_{-1} read as v-1bar
    s = re.sub(r"(\w+?)bar(-?\d+)(?=\W)", r"\1\2bar", s)
    return re.sub(r"\s+", " ", s).strip()


def rows_of(tex: str):
    body = tex.split(r"\hline")[1]
    out = []
    for line in body.strip().splitlines():
        cells = [c for c in line.rstrip("\\ ").split(" & ")]
        out.append(cells)
    return out


@pytest.mark.parametrize("mode", ["forward", "reverse"])
@pytest.mark.parametrize("source, at", [(MISSION, AT), ("lam*x^2 + theta_2*exp(-x)", {"lam": 2, "x": 0.5, "theta_2": 1})])
def test_latex_table_says_what_the_text_table_says(mode, source, at):
    f = diffcli.parse(source)
    t = f.trace(mode, at, next(iter(at)) if mode == "forward" else None)
    tex = trace_latex(t)
    assert tex.startswith(r"\begin{tabular}{") and tex.endswith(r"\end{tabular}") and balanced(tex)
    assert "\u0307" not in tex and "\u0304" not in tex and "×" not in tex  # LaTeX commands, not Unicode marks
    rows = rows_of(tex)
    kind = "tangent" if mode == "forward" else "adjoint"
    left = t.columns("primal", 3, False)
    right = t.columns(kind, 3, False)
    assert len(rows) == max(len(left), len(right))
    for i, cells in enumerate(rows):
        groups = []
        k = 0
        while k < len(cells):
            if cells[k].startswith(r"\multicolumn{3}"):
                groups.append(None)
                k += 1
            else:
                groups.append(cells[k:k + 3])
                k += 3
        for cols, group in zip((left, right), groups):
            if group is None:
                assert i >= len(cols)
                continue
            name, expr, value = cols[i][:3]
            assert to_ascii(group[0]) == name, (group[0], name)
            assert to_ascii(group[1]) == expr, (group[1], expr)
            assert to_ascii(group[2]) == value


def test_latex_table_uses_baydin_notation():
    tex = trace_latex(diffcli.parse(MISSION).trace("forward", AT, "x1"))
    for piece in (r"$v_{-1}$", r"$\dot{v}_{2}$", r"\dot{v}_{-1} \times v_{0} + \dot{v}_{0} \times v_{-1}",
                  r"$\ln v_{-1}$", r"$\sin v_{0}$", r"($\dot{x}_{1} = 1$)", r"$0.693$", r"@{${}={}$}"):
        assert piece in tex, piece
    rev = trace_latex(diffcli.parse(MISSION).trace("reverse", AT))
    for piece in (r"$\bar{v}_{0}$ & $\bar{v}_{0} + \bar{v}_{2} \times v_{-1}$ & $1.716$", r"$\bar{x}_{1}$"):
        assert piece in rev, piece
    lam = trace_latex(diffcli.parse("lam*x").trace("reverse", {"lam": 1, "x": 2}))
    assert r"\overline{\mathrm{lam}}" in lam  # one bar over the whole name


def test_cli_prints_the_table_with_format_latex():
    r = run("d", MISSION, "--wrt", "x1", "--at", "x1=2,x2=5", "--trace", "reverse", "--format", "latex")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == r"\frac{1}{x_{1}} + x_{2}"
    assert r"\begin{tabular}" in r.stdout and r"\end{tabular}" in r.stdout


@pytest.mark.skipif(not shutil.which("pdflatex"), reason="no pdflatex installed")
@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_latex_table_compiles(tmp_path, mode):
    t = diffcli.parse("lam*x^2 + theta_2*exp(-x)").trace(mode, {"lam": 2, "x": 0.5, "theta_2": 1},
                                                         "lam" if mode == "forward" else None)
    doc = "\\documentclass{article}\n\\begin{document}\n" + trace_latex(t) + "\n\\end{document}\n"
    (tmp_path / "t.tex").write_text(doc)
    r = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-2000:]


def test_grad_and_hessian_latex_are_bmatrix():
    g = run("grad", MISSION, "--format", "latex").stdout.strip()
    f = diffcli.parse(MISSION)
    want = [p.latex() for p in f.gradient()]
    assert g == r"\begin{bmatrix} " + r" \\ ".join(want) + r" \end{bmatrix}"
    h = run("hessian", MISSION, "--format", "latex").stdout.strip()
    entries = [[e.latex() for e in row] for row in f.hessian()]
    assert h == r"\begin{bmatrix} " + r" \\ ".join(" & ".join(r) for r in entries) + r" \end{bmatrix}"
    assert balanced(g) and balanced(h)
