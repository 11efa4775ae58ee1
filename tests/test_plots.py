"""Plots (issue 11, section 1): the terminal plot with plotext, files with matplotlib."""

import math
import re

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from diffcli.cli import main
from diffcli.cli.plot import sample, terminal_plot, y_limits

import diffcli


def run(*args):
    r = CliRunner().invoke(main, list(args))
    assert "Traceback" not in r.stdout + r.stderr and "internal error" not in r.stderr, r.stderr
    return r


def curves(text, lo, hi, n=400):
    f = diffcli.parse(text)
    d = f.diff()
    return [("f", "•", sample(f, "x", {}, lo, hi, n)), ("f'", "·", sample(d, "x", {}, lo, hi, n))]


def test_bounded_function_keeps_its_peaks_in_the_frame():
    c = curves("sin(x)", -3, 3)
    low, high = y_limits(c)
    ys = [y for _, _, pts in c for _, y in pts if y is not None]
    assert low <= min(ys) and max(ys) <= high  # nothing dropped: the peaks are drawn
    assert high - low < 2.5  # and the frame is not much larger than the values


@pytest.mark.parametrize("text, lo, hi", [("1/x", -2, 2), ("ln(x)", -1, 4), ("tan(x)", -3, 3)])
def test_a_pole_does_not_flatten_the_picture(text, lo, hi):
    c = curves(text, lo, hi)
    low, high = y_limits(c)
    ys = sorted(y for _, _, pts in c for _, y in pts if y is not None)
    middle = ys[len(ys) // 10: -len(ys) // 10]
    assert low <= middle[0] and middle[-1] <= high
    assert high - low < 50 * (middle[-1] - middle[0] + 1)


def test_terminal_plot_has_ticks_on_both_axes_a_legend_and_fits():
    text = terminal_plot(curves("sin(x)", -3, 3), -3, 3, "x", 72, 20, colour=False)
    lines = text.splitlines()
    assert all(cell_len(ln) <= 72 for ln in lines)
    assert "\x1b[" not in text
    y_ticks = [float(m) for ln in lines for m in re.findall(r"^\s*(-?\d+\.\d+)┤", ln)]
    assert len(y_ticks) >= 4 and min(y_ticks) <= -1 and max(y_ticks) >= 1
    assert "-3.0" in lines[-2] and "3.0" in lines[-2] and lines[-1].strip() == "x"
    assert "f" in text and "f'" in text


def test_terminal_plot_in_colour_on_a_terminal_only():
    coloured = terminal_plot(curves("sin(x)", -3, 3), -3, 3, "x", 72, 20, colour=True)
    assert "\x1b[" in coloured
    piped = run("plot", "sin(x)")
    assert piped.exit_code == 0 and "\x1b[" not in piped.stdout and "┤" in piped.stdout


def test_file_plot_axes(tmp_path):
    pytest.importorskip("matplotlib")
    from diffcli.cli.plot import figure

    fig = figure(curves("ln(x)", -1, 4), "ln(x)", "x", -1, 4)
    ax = fig.axes[0]
    assert ax.get_xlim() == (-1, 4)
    assert ax.get_xlabel() == "x" and ax.get_ylabel()
    assert any(line.get_visible() for line in ax.get_xgridlines())
    low, high = ax.get_ylim()
    assert high < 20 and low > -20  # 1/x near 0 does not squash ln(x) to a flat line
    r = run("plot", "ln(x)", "--range", "-1:4", "--output", str(tmp_path / "ln.svg"))
    assert r.exit_code == 0 and (tmp_path / "ln.svg").stat().st_size > 1000
    assert math.isfinite(low)
