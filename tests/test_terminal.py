"""What a terminal shows (issue 11, section 1): tables that fit 60, 80 and 200 columns, nothing wrapped
inside an expression or a value, colour only as rich's console decides."""

import io
import os
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from rich.console import Console

import diffcli
from diffcli.cli import main
from diffcli.cli.render import check_view, gradient_view, matrix_view, result_panel, trace_tables

MISSION = "ln(x1)+x1*x2-sin(x2)"
AT = {"x1": 2, "x2": 5}
LOGISTIC_25 = "l = x\n" + "l = 4*l*(1-l)\n" * 24
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def rendered(width, draw) -> list[str]:
    buf = io.StringIO()
    console = Console(width=width, file=buf, force_terminal=True, color_system="truecolor", highlight=False)
    draw(console)
    return ANSI.sub("", buf.getvalue()).splitlines()


def assert_fits(lines, width):
    too_wide = [ln for ln in lines if cell_len(ln.rstrip()) > width]
    assert not too_wide, too_wide[:3]


def assert_whole(lines, pieces):
    """Each expression and value appears whole on one line: nothing wrapped inside it."""
    text = "\n".join(lines)
    missing = [p for p in pieces if p not in text]
    assert not missing, missing[:5]


def trace_pieces(trace, digits=3):
    kinds = ["primal", "tangent" if trace.mode == "forward" else "adjoint"]
    return [piece for kind in kinds for c in trace.columns(kind, digits, True) for piece in (c[1], c[2])]


@pytest.mark.parametrize("width", [60, 80, 200])
@pytest.mark.parametrize("mode", ["forward", "reverse"])
@pytest.mark.parametrize("source, at, wrt", [(MISSION, AT, "x1"), (LOGISTIC_25, {"x": 0.3}, "x")])
def test_trace_tables_fit_and_never_wrap_an_expression(width, mode, source, at, wrt):
    t = diffcli.parse(source).trace(mode, at, wrt if mode == "forward" else None)
    lines = rendered(width, lambda c: trace_tables(t, 3, out=c, terminal=True))
    assert_fits(lines, width)
    assert_whole(lines, trace_pieces(t))
    if mode == "forward":
        assert any(f"{wrt[0]}\u0307{wrt[1:]} = 1" in ln for ln in lines)  # the seed is in the heading


def test_wide_terminal_keeps_the_rule_column_and_narrow_one_drops_it_first():
    t = diffcli.parse(MISSION).trace("forward", AT, "x1")
    wide = rendered(200, lambda c: trace_tables(t, 3, out=c, terminal=True))
    assert any("chain rule through sin" in ln for ln in wide)
    assert any("= v\u0307-1 × v0 + v\u03070 × v-1" in ln for ln in wide)
    # side by side at 200 columns: a primal and its tangent on one line
    assert any("v2" in ln and "v̇2" in ln for ln in wide)
    at80 = rendered(80, lambda c: trace_tables(t, 3, out=c, terminal=True))
    assert any("v2" in ln and "v̇2" in ln for ln in at80)  # still side by side, the rule gave way
    assert not any("product rule" in ln for ln in at80)
    at60 = rendered(60, lambda c: trace_tables(t, 3, out=c, terminal=True))
    assert not any("v2" in ln and "v̇2" in ln for ln in at60)  # stacked


@pytest.mark.parametrize("width", [40, 60, 80, 200])
def test_result_panel_shows_a_program_one_statement_per_line(width):
    f = diffcli.parse(LOGISTIC_25)
    d = f.diff("x")
    lines = rendered(width, lambda c: result_panel(f.to_text(written=True), ["x"], str(d), {"x": 0.3},
                                                   f.evaluate(x=0.3), d.evaluate(x=0.3), out=c))
    assert_fits(lines, width)
    statements = f.to_text(written=True).split("; ")
    assert len(statements) > 10
    if width >= 60:
        assert_whole(lines, statements)
    assert len(lines) < 200  # linear in the program, never exponential


@pytest.mark.parametrize("width", [40, 60, 80, 200])
def test_grad_hessian_and_check_views_fit(width):
    f = diffcli.parse(MISSION)
    names = f.variables
    texts = [str(g) for g in f.gradient()]
    values = f.gradient_at(AT)
    lines = rendered(width, lambda c: gradient_view(names, texts, [], values, out=c))
    assert_fits(lines, width)
    assert_whole(lines, texts + [diffcli.api.format_value(v) for v in values])
    h = [[str(e) for e in row] for row in f.hessian()]
    lines = rendered(width, lambda c: matrix_view("Hessian", names, h, out=c))
    assert_fits(lines, width)
    assert_whole(lines, [e for row in h for e in row])
    rows = [[r.variable, str(r.symbolic), str(r.forward), str(r.reverse), str(r.finite), "1e-05", "1e-12", "1e-12",
             "ok"] for r in f.check(AT)]
    lines = rendered(width, lambda c: check_view(rows, out=c))
    assert_fits(lines, width)
    assert_whole(lines, [r[1] for r in rows])


def has_colour(text: str) -> bool:
    """An SGR sequence that sets a colour (bold and italic are not colour)."""
    for params in re.findall(r"\x1b\[([0-9;]*)m", text):
        codes = [int(p) for p in params.split(";") if p]
        if any(30 <= c <= 38 or 40 <= c <= 48 or 90 <= c <= 97 or 100 <= c <= 107 for c in codes):
            return True
    return False


def run_env(args, **env):
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return CliRunner().invoke(main, args)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_force_color_makes_a_terminal_and_no_color_only_removes_colour():
    args = ["d", MISSION, "--wrt", "x1", "--at", "x1=2,x2=5", "--trace", "forward"]
    coloured = run_env(args, FORCE_COLOR="1", COLUMNS="100")
    plain_colour = run_env(args, FORCE_COLOR="1", NO_COLOR="1", COLUMNS="100")
    assert coloured.exit_code == plain_colour.exit_code == 0
    assert has_colour(coloured.stdout) and not has_colour(plain_colour.stdout)
    assert ANSI.sub("", coloured.stdout) == ANSI.sub("", plain_colour.stdout)  # the same layout
    assert "v̇2" in plain_colour.stdout  # the terminal's notation, not the ASCII fallback
    piped = run_env(args, NO_COLOR="1")
    assert piped.stdout.splitlines()[0] == "1/x1 + x2" and "dv2" in piped.stdout


@pytest.mark.skipif(not shutil.which("script") or sys.platform != "linux", reason="needs util-linux script")
@pytest.mark.parametrize("width", [60, 80])
def test_in_a_real_terminal_nothing_is_wider_than_it(width):
    exe = os.path.join(os.path.dirname(sys.executable), "diffcli")
    if not os.path.exists(exe):
        pytest.skip("diffcli is not installed as a command")
    cmd = f"stty cols {width} rows 40; {exe} d '{MISSION}' --wrt x1 --at x1=2,x2=5 --trace reverse"
    r = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, text=True, timeout=60)
    lines = ANSI.sub("", r.stdout).replace("\r", "").splitlines()
    assert any("v̄0 = v̄0 + v̄2 × v-1" in re.sub(r"\s+=\s+", " = ", ln) for ln in lines)
    assert_fits(lines, width)


# -- the graph and one number format ------------------------------------------------

@pytest.mark.parametrize("width", [40, 60, 80, 200])
def test_graph_tree_fits_and_keeps_values_whole(width):
    from diffcli.cli.render import tree_view

    items = diffcli.parse(MISSION).graph(AT, "x1", "outline")
    lines = rendered(width, lambda c: tree_view(items, out=c))
    assert_fits(lines, width)
    assert_whole(lines, ["value 0.693", "adjoint 1.716", "v2 = v-1 * v0"])


def test_graph_values_use_the_trace_format_and_never_a_negative_zero():
    f = diffcli.parse("x*y")
    text = "\n".join(f.graph({"x": -1e-9, "y": 1.0}, None, "text"))
    dot = f.graph({"x": -1e-9, "y": 1.0}, None, "dot")
    assert "-0" not in text and "-0" not in dot
    assert "value 0.000" in text and "value 1.000" in text
    t = f.trace("forward", {"x": -1e-9, "y": 1.0}, "y")
    assert [c[2] for c in t.columns("primal")][2] == "0.000"  # the same format as the graph


def test_plain_tree_is_the_outline_drawn():
    f = diffcli.parse(MISSION)
    outline = f.graph(AT, None, "outline")
    lines = f.graph(AT, None, "text")
    assert len(lines) == len(outline)
    for (depth, text), line in zip(outline, lines):
        assert line.endswith(text) and (depth == 0 or line[:-len(text)].endswith(("├── ", "└── ")))


def test_grad_labels_every_number_beside_its_variable():
    names = ["a", "b", "c", "x"]
    r = CliRunner().invoke(main, ["grad", "a*x^2 + b*x + c*sin(x)", "--at", "a=1,b=2,c=3,x=0.5"])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    import math as m
    want = {"a": 0.25, "b": 0.5, "c": m.sin(0.5), "x": 2 * 0.5 + 2 + 3 * m.cos(0.5)}
    for n in names:
        line = next(ln for ln in lines if ln.strip().startswith(f"df/d{n} = "))
        assert abs(float(line.split("=")[1]) - want[n]) < 1e-12


def test_hessian_on_a_terminal_prints_each_matrix_once():
    r = run_env(["hessian", "x^2*y + y^3", "--at", "x=1,y=2"], FORCE_COLOR="1", NO_COLOR="1", COLUMNS="80")
    out = ANSI.sub("", r.stdout)
    assert r.exit_code == 0
    assert out.count("6*y") == 1 and out.count("2*x") == 2  # the symbolic matrix once (2*x twice in it)
    assert out.count("12") == 1  # the value 6*y = 12 once
