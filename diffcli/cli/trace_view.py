"""Trace tables on a terminal: rich tables that fit the console's width.

Expressions and values never wrap. When the widest layout does not fit, the
rule column gives way first; then the tables stack (the primal trace above
the tangent or adjoint trace); on the narrowest terminals each row becomes
two lines, the expression and then its value.
"""

from __future__ import annotations

from .fit import fits, table


def trace_renderables(console, trace, digits: int = 3) -> list:
    """What to print for the trace, the first layout that fits ``console.width``."""
    primal = trace.columns("primal", digits, True)
    kind = "tangent" if trace.mode == "forward" else "adjoint"
    second = trace.columns(kind, digits, True)
    layouts = []
    if trace.mode == "forward":
        layouts += [lambda rule=rule: [_side_by_side(trace, primal, second, rule)] for rule in (True, False)]
    layouts += [lambda rule=rule: _stacked(trace, primal, second, kind, rule) for rule in (True, False)]
    for make in layouts:
        renderables = make()
        if fits(console, renderables):
            return renderables
    return _two_lines(trace, primal, second, kind)


def _bold_output(rows):
    """The output row (y, or f when y is taken) stands out: it is the last row."""
    return [len(rows) - 1]


def _side_by_side(trace, primal, tangent, rule: bool):
    heads = [("", "name"), ("primal", "expr"), ("value", "value"), ("", "name"), ("tangent", "expr"),
             ("value", "value")] + ([("rule", "rule")] if rule else [])
    rows = [[a[0], "= " + a[1], a[2], b[0], "= " + b[1], b[2]] + ([b[3]] if rule else [])
            for a, b in zip(primal, tangent)]
    title = trace.title("tangent").replace("Forward tangent trace", "Forward primal and tangent traces")
    return table(title, heads, rows, bold=_bold_output(rows))


def _one(title, cols, rule: bool):
    heads = [("", "name"), ("expression", "expr"), ("value", "value")] + ([("rule", "rule")] if rule else [])
    rows = [[c[0], "= " + c[1], c[2]] + ([c[3]] if rule else []) for c in cols]
    return table(title, heads, rows, bold=_bold_output(rows))


def _stacked(trace, primal, second, kind, rule: bool):
    return [_one(trace.title("primal"), primal, False), _one(trace.title(kind), second, rule)]


def _two_lines(trace, primal, second, kind):
    """The narrowest layout: 'name = expression' on one line, '= value' under it."""
    from rich.text import Text

    out = []
    for title, cols in ((trace.title("primal"), primal), (trace.title(kind), second)):
        out.append(Text(title, style="italic"))
        for name, expr, value, _ in cols:
            out.append(Text(f"{name} = {expr}", no_wrap=True, overflow="ignore"))
            out.append(Text(f"    = {value}", no_wrap=True, overflow="ignore"))
        out.append(Text(""))
    return out[:-1]
