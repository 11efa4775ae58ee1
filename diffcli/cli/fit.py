"""Tables that fit the terminal: built with rich, measured before they are printed.

A cell is one of four kinds: a name, an expression and a value never wrap
(a wrapped expression reads as two); prose (a rule's name) may. Commands
offer layouts from the widest to the narrowest and print the first that fits.
"""

from __future__ import annotations

UNLIMITED = 10**6


def table(title, heads, rows, bold=(), box=True):
    """A rich Table: heads are (header, kind) with kind name, expr, value, rule or text."""
    from rich import box as boxes
    from rich.table import Table
    from rich.text import Text

    t = Table(title=Text(title) if title else None, box=boxes.SIMPLE_HEAD if box else None, show_header=any(h for h, _ in heads),
              title_style="italic", pad_edge=False, padding=(0, 1))
    for head, kind in heads:
        t.add_column(head, justify="right" if kind == "value" else "left", no_wrap=kind != "text",
                     style="dim" if kind == "rule" else ("bold cyan" if kind == "name" else None))
    for i, row in enumerate(rows):
        t.add_row(*(Text(c) for c in row), style="bold" if i in bold else None)  # text, never markup: [1, 2]
    return t


def width_of(console, renderable) -> int:
    """The width the renderable takes when nothing wraps."""
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update(max_width=UNLIMITED), renderable).maximum


def fits(console, renderables) -> bool:
    return all(width_of(console, r) <= console.width for r in renderables)


def first_fitting(console, layouts):
    """The renderables of the first layout (a function giving a list) that fits; else the last layout's."""
    out = None
    for make in layouts:
        out = make()
        if fits(console, out):
            return out
    return out
