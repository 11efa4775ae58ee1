"""What a person sees: rich tables fitted to the terminal, aligned plain text otherwise.

Whether stdout is a terminal, how wide it is and whether it shows colour is
rich's console's to decide (it honours FORCE_COLOR, TTY_COMPATIBLE,
NO_COLOR, TERM=dumb and COLUMNS): NO_COLOR removes colour and nothing else.
"""

from __future__ import annotations

import click

from ..api import describe_point, format_value
from .fit import first_fitting, table


def console():
    from rich.console import Console

    return Console(highlight=False)


def label(wrt: list[str]) -> str:
    if not wrt:
        return "df"
    n = len(wrt)
    top = "d" if n == 1 else f"d^{n}"
    return f"{top}f/" + " ".join(f"d{w}" for w in wrt)


def _statements(text: str) -> list[str]:
    """A program's text (t1 = ...; t2 = ...; result) as one statement per line."""
    return text.split("; ")


def result_panel(function_text, wrt_list, deriv_text, point, fvalue, value, out=None):
    """On a terminal: the function, the derivative and the values; a program one statement per line."""
    from rich.table import Table
    from rich.text import Text

    t = Table(show_header=False, box=None, padding=(0, 1), pad_edge=False)
    t.add_column(style="bold cyan", justify="right", no_wrap=True)
    t.add_column(overflow="fold")
    groups = [("f", _statements(function_text), None), (label(wrt_list), _statements(deriv_text), "bold")]
    if point is not None:
        groups += [("at", [describe_point(point)], None), ("f", [format_value(fvalue)], None),
                   (label(wrt_list), [format_value(value)], "bold green")]
    for head, lines, style in groups:
        for i, line in enumerate(lines):  # a program: its named parts, then the result in the style
            t.add_row(head if i == 0 else "", Text(line), style=style if i == len(lines) - 1 else None)
    (out or console()).print(t)


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


def print_fitted(layouts, out=None):
    """Print the first layout that fits the terminal's width."""
    out = out or console()
    for renderable in first_fitting(out, layouts):
        out.print(renderable)


def _named_parts(assigns):
    """Shared parts named t1 = ... above a table, one per line."""
    from rich.text import Text

    return [Text(f"{n} = {t}", style="dim") for n, t in assigns]


def gradient_view(names, texts, assigns, values=None, out=None):
    """grad on a terminal: each partial derivative and its value beside its variable."""
    heads = [("", "name"), ("partial derivative", "expr")] + ([("value", "value")] if values is not None else [])
    rows = [[f"df/d{n}", t] + ([format_value(v)] if values is not None else [])
            for i, (n, t) in enumerate(zip(names, texts)) for v in [values[i] if values is not None else None]]

    def wide():
        return _named_parts(assigns) + [table("gradient", heads, rows)]

    def lines():  # narrow: each partial on its own line, its value under it
        from rich.text import Text

        body = []
        for r in rows:
            body.append(Text(f"{r[0]} = {r[1]}", no_wrap=True, overflow="ignore"))
            if values is not None:
                body.append(Text(f"    = {r[2]}", no_wrap=True, overflow="ignore"))
        return _named_parts(assigns) + body

    print_fitted([wide, lines], out)


def matrix_view(title, names, cells, kind="expr", assigns=(), out=None):
    """A square table of second derivatives (rows and columns by variable), or one entry per line."""
    heads = [("", "name")] + [(n, kind) for n in names]
    rows = [[names[i]] + list(cells[i]) for i in range(len(names))]

    def square():
        return _named_parts(assigns) + [table(title, heads, rows)]

    def lines():
        from rich.text import Text

        return _named_parts(assigns) + [Text(title, style="italic")] + [
            Text(f"d^2f/d{names[i]} d{names[j]} = {cells[i][j]}", no_wrap=True, overflow="ignore")
            for i in range(len(names)) for j in range(len(names))]

    print_fitted([square, lines], out)


def check_view(rows, out=None):
    """check on a terminal: one row per variable if it fits, else one small table per variable."""
    heads = [("wrt", "name"), ("symbolic", "value"), ("forward", "value"), ("reverse", "value"),
             ("central diff", "value"), ("step", "value"), ("max abs diff", "value"), ("max rel diff", "value"),
             ("", "text")]

    def wide():
        return [table("the derivative four ways", heads, rows)]

    def per_variable():
        return [table(f"d/d{r[0]}", [("", "name"), ("", "value")], [[h, c] for (h, _), c in zip(heads[1:], r[1:])],
                      box=False) for r in rows]

    print_fitted([wide, per_variable], out)


def tree_view(items, out=None):
    """The graph as a rich Tree: (depth, text) in preorder; the values go under the operation if too wide."""
    def tree(split: int):  # 0: one line per node; 1: the values on a second line; 2: one value per line
        from rich.text import Text
        from rich.tree import Tree

        def label(text):
            if split:
                text = text.replace("   [", "\n[")
            if split == 2:
                text = text.replace(", ", "\n ")
            return Text(text, no_wrap=True, overflow="ignore")

        root = Tree(label(items[0][1]), guide_style="dim")
        stack = [root]
        for depth, text in items[1:]:
            del stack[depth:]
            stack.append(stack[-1].add(label(text)))
        return [root]

    print_fitted([lambda: tree(0), lambda: tree(1), lambda: tree(2)], out)


def trace_tables(trace, digits: int = 3, out=None, terminal: bool | None = None, fmt: str = "text"):
    """Print the tables: LaTeX when asked, rich and fitted on a terminal, aligned plain text otherwise."""
    from .app import is_terminal

    if fmt == "latex":
        from ..api import trace_latex

        click.echo(trace_latex(trace, digits))
    elif terminal if terminal is not None else is_terminal():
        from .trace_view import trace_renderables

        out = out or console()
        for renderable in trace_renderables(out, trace, digits):
            out.print(renderable)
    else:
        for line in trace.lines(digits, unicode=False):
            click.echo(line)


def count(log10: float) -> str:
    if log10 < 15:
        return f"{round(10 ** log10):,}"
    mantissa = 10 ** (log10 - int(log10))
    return f"about {mantissa:.1f}e{int(log10)}"
