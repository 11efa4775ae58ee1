"""graph and plot: the computational graph, and the function with its derivative over a range."""

from __future__ import annotations

import click

from ..errors import InputError, UsageError
from .app import EXPR_FIRST, at_option, is_terminal, main, run
from .inputs import choose_wrt, prepare
from .points import check_point, read_values
from .render import console, tree_view


@main.command("graph", context_settings=EXPR_FIRST)
@click.argument("expr")
@at_option
@click.option("--wrt", default=None, metavar="VAR", help="With --at: also show tangents in this direction.")
@click.option("--format", "fmt", type=click.Choice(["text", "dot"]), default="text", show_default=True,
              help="A tree in the terminal, or Graphviz DOT.")
@click.option("--digits", type=click.IntRange(0, 17), default=3, show_default=True, help="Decimals of the values.")
@run
def graph_command(expr, at, wrt, fmt, digits):
    """The computational graph of EXPR, numbered v-1 .. v_l as in the trace tables.

    \b
    Examples:
      diffcli graph "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5
      diffcli graph "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5 --format dot | dot -Tpng -o graph.png
    """
    f, point, _ = prepare(expr, at)
    terminal = fmt == "text" and is_terminal()
    try:
        drawing = f.graph(point, wrt, "outline" if terminal else fmt, digits)
    except InputError as e:
        raise InputError(f"--wrt {wrt}: {e}") from None
    if terminal:
        tree_view(drawing)
    else:
        click.echo(drawing if fmt == "dot" else "\n".join(drawing))


@main.command("plot", context_settings=EXPR_FIRST)
@click.argument("expr")
@click.option("--wrt", default=None, metavar="VAR", help="The variable on the horizontal axis.")
@click.option("--range", "xrange", default="-3:3", show_default=True, metavar="LOW:HIGH", help="The range of VAR.")
@at_option
@click.option("--output", default=None, metavar="FILE", help="Write a PNG or SVG (needs matplotlib).")
@click.option("--width", type=click.IntRange(20, 400), default=None,
              help="Columns of the terminal plot (default: the terminal's width, or 80).")
@click.option("--height", type=click.IntRange(5, 200), default=20, show_default=True)
@run
def plot_command(expr, wrt, xrange, at, output, width, height):
    """Plot EXPR and its derivative over a range; gaps where undefined.

    \b
    Examples:
      diffcli plot "sin(x)" --range -3:3
      diffcli plot "x^2*y" --wrt x --at y=2 --range 0:2
      diffcli plot "ln(x)" --range -1:4 --output ln.svg
    """
    from .plot import file_plot, parse_range, sample, terminal_plot

    f, _, _ = prepare(expr)
    wrt_list = choose_wrt(f, (wrt,) if wrt else ())
    name = wrt_list[0] if wrt_list else "x"
    others = [n for n in f.variables if n != name]
    point = check_point(read_values(at), f, names=others) if others else {}
    lo, hi = parse_range(xrange)
    deriv = f.diff(name)
    terminal = is_terminal()
    if width is None:
        width = min(console().width, 200) if terminal else 80
    n = max(width * 4, 200)  # braille: two dots per column, and some to spare
    f_pts = sample(f, name, point, lo, hi, n)
    # where f is undefined its derivative is too (ln(x) at x<0, even though 1/x is defined)
    d_pts = [(x, None if fy is None else dy)
             for (x, fy), (_, dy) in zip(f_pts, sample(deriv, name, point, lo, hi, n))]
    curves = [(f"f = {f.to_text(written=True)}", "•", f_pts), (f"f' = {deriv}", "·", d_pts)]
    if output:
        if not output.lower().endswith((".png", ".svg", ".pdf")):
            raise UsageError("--output must end in .png, .svg or .pdf")
        file_plot(curves, output, f"{f.to_text(written=True)} and its derivative", name, lo, hi)
        click.echo(f"wrote {output}")
        return
    import os

    colour = terminal and not os.environ.get("NO_COLOR")
    click.echo(terminal_plot(curves, lo, hi, name, width, height, colour))
