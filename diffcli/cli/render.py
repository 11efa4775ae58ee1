"""What a person sees: rich tables on a terminal, aligned plain text otherwise."""

from __future__ import annotations

import os
import sys

import click

from ..api import describe_point, format_number, format_value


def label(wrt: list[str]) -> str:
    if not wrt:
        return "df"
    n = len(wrt)
    top = "d" if n == 1 else f"d^{n}"
    return f"{top}f/" + " ".join(f"d{w}" for w in wrt)


def result_panel(function_text, wrt_list, deriv_text, point, fvalue, value):
    """On a terminal: the function, the derivative and the values in one panel."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(style="bold cyan", justify="right")
    table.add_column()
    table.add_row("f", function_text)
    table.add_row(label(wrt_list), f"[bold]{deriv_text}[/bold]")
    if point is not None:
        table.add_row("at", describe_point(point))
        table.add_row("f", format_number(fvalue))
        table.add_row(label(wrt_list), f"[bold green]{format_number(value)}[/bold green]")
    Console(highlight=False).print(table)


def value_lines(name: str, value) -> list[str]:
    """'  name = value', a matrix as aligned rows under it."""
    if value is None:
        return []
    if not hasattr(value, "shape") or value.ndim < 2 or 1 in value.shape[:2] and value.ndim == 2:
        return [f"  {name} = {format_value(value, limit=10**9)}"]
    if value.ndim > 2:  # a 3- or 4-way array: one matrix per leading index
        out = [f"  {name} ="]
        for index in _leading(value.shape[:-2]):
            out += [f"    [{', '.join(map(str, index))}, :, :]"] + _rows(value[index], "      ")
        return out
    return [f"  {name} ="] + _rows(value, "    ")


def _leading(shape):
    import itertools

    return itertools.product(*(range(n) for n in shape))


def _rows(matrix, indent: str) -> list[str]:
    cells = [[format_value(float(x)) for x in row] for row in matrix]
    width = max(len(c) for row in cells for c in row)
    return [indent + "  ".join(c.rjust(width) for c in row) for row in cells]


def echo_table(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


def trace_tables(trace, digits: int = 3):
    """Print the tables: rich on a terminal, aligned plain text otherwise."""
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        _rich_trace(trace, digits)
    else:
        for line in trace.lines(digits, unicode=False):
            click.echo(line)


def _rich_trace(trace, digits: int):
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if trace.mode == "forward":
        table = Table(title="Forward mode", show_lines=False)
        for h in ("", "primal", "value", "", "tangent", "value", "rule"):
            table.add_column(h, justify="right" if h == "value" else "left")
        p = trace.columns("primal", digits, True)
        t = trace.columns("tangent", digits, True)
        for a, b in zip(p, t):
            table.add_row(a[0], "= " + a[1], a[2], b[0], "= " + b[1], b[2], b[3],
                          style="bold" if a[0] in "yf" else None)
        console.print(table)
        return
    primal = Table(title="Forward primal trace")
    for h in ("", "expression", "value"):
        primal.add_column(h, justify="right" if h == "value" else "left")
    for a in trace.columns("primal", digits, True):
        primal.add_row(a[0], "= " + a[1], a[2])
    adj = Table(title="Reverse adjoint trace (in the order it runs)")
    for h in ("", "expression", "value", "rule"):
        adj.add_column(h, justify="right" if h == "value" else "left")
    for a in trace.columns("adjoint", digits, True):
        adj.add_row(a[0], "= " + a[1], a[2], a[3])
    console.print(primal)
    console.print(adj)


def count(log10: float) -> str:
    if log10 < 15:
        return f"{round(10 ** log10):,}"
    mantissa = 10 ** (log10 - int(log10))
    return f"about {mantissa:.1f}e{int(log10)}"
