"""grad and hessian: all first or second derivatives at once."""

from __future__ import annotations

import click

from .. import api
from ..api import describe_point, format_value
from ..errors import InputError, UsageError
from .app import (EXPR_FIRST, at_option, cse_option, echo_json, format_option, is_terminal, main, numpy_option, run,
                  shape_option,
                  subgradient_option)
from .atfile import at_file_option, check_usage, load_points, run_many
from .inputs import json_value, prepare, subgradient_note
from .render import gradient_view, matrix_view, trace_tables, value_lines


@main.command("grad", context_settings=EXPR_FIRST)
@click.argument("expr")
@at_option
@at_file_option
@shape_option
@click.option("--trace", type=click.Choice(["reverse"]), default=None, help="Print the reverse trace table.")
@format_option
@click.option("--digits", type=click.IntRange(0, 17), default=3, show_default=True, help="Decimals in trace tables.")
@numpy_option
@subgradient_option
@cse_option
@run
def grad_command(expr, at, at_file, shape, trace, fmt, digits, use_numpy, subgradient, cse):
    """The gradient of EXPR: one partial derivative per variable, in order of appearance.

    \b
    Examples:
      diffcli grad "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5
      diffcli grad "x*y^2" --format json
      diffcli grad "norm2(X*w - y)^2" --at 'X=[[1,2],[3,4],[5,6]],w=[1,-1],y=[0,1,2]'
      diffcli grad "x*y^2" --at-file points.csv                  (one row per point)
    """
    check_usage(expr, at, at_file, **{"--trace": trace, "--format latex/python": fmt in ("latex", "python")})
    f, point, _ = prepare(expr, at, shape)
    names = f.variables
    if trace and point is None:
        raise UsageError("--trace needs a point: add --at")
    subgradient_note(subgradient)
    partials = f.gradient(subgradient=subgradient)
    if at_file is not None:
        _many(f, partials, load_points(f, at_file), fmt, cse, subgradient)
        return
    values = fvalue = None
    if point is not None:
        fvalue = f.evaluate(point)
        symbolic = api.evaluate_all(partials, point)  # the symbolic partials must be defined there too
        # a scalar's gradient by one reverse sweep; an array's derivatives are the closed forms' values
        values = f.gradient_at(point, subgradient) if not f.shape else symbolic
    assigns, texts = api.texts(partials, "text" if fmt == "json" else fmt, cse, use_numpy)
    trace_data = f.trace("reverse", point, subgradient=subgradient) if trace else None
    if fmt == "json":
        grad = texts if not assigns else [api.join_program(assigns, t) for t in texts]
        pairs = [json_value(v) for v in values] if values is not None else None
        obj = {"function": f.to_text(cse=cse, written=True), "variables": names, "gradient": grad,
               "at": None if point is None else {k: json_value(v)[0] for k, v in point.items()},
               "value": None if pairs is None else [v for v, _ in pairs], "function_value": json_value(fvalue)[0],
               "shapes": [p.shape for p in partials]}
        if trace_data is not None:
            obj["trace"] = trace_data.as_json()
        echo_json(obj)
        return
    if is_terminal() and fmt == "text" and all(not p.shape for p in partials):  # a table for a person
        if point is not None:
            click.echo(f"at {describe_point(point)}: f = {format_value(fvalue)}")
        gradient_view(names, texts, assigns, values)
    else:
        prefix = "; ".join(f"{n} = {t}" for n, t in assigns)
        if fmt == "latex":  # a column vector, as the gradient is written
            click.echo(bmatrix(r"\nabla f", [[t] for t in texts], assigns))
        else:
            click.echo((prefix + "; " if prefix else "") + "[" + ", ".join(texts) + "]")
        if point is not None:
            click.echo(f"at {describe_point(point)}:")
            for line in value_lines("f", fvalue):
                click.echo(line)
            for name, v in zip(names, values):  # each number beside its variable
                for line in value_lines(f"df/d{name}", v):
                    click.echo(line)
    if trace_data is not None:
        click.echo()
        trace_tables(trace_data, digits, fmt=fmt)


def _many(f, partials, points, fmt, cse, subgradient):
    template = None
    if fmt == "json":
        assigns, texts = api.texts(partials, "text", cse)
        template = {"function": f.to_text(cse=cse, written=True), "variables": f.variables,
                    "gradient": texts if not assigns else [api.join_program(assigns, t) for t in texts],
                    "at": None, "value": None, "function_value": None, "shapes": [[] for _ in partials]}
    run_many(f, points, "gradients", fmt, [f"d/d{n}" for n in f.variables] + ["function_value"],
             lambda r: (*r[1:], r[0]), lambda r: {"value": list(r[1:]), "function_value": r[0]}, template,
             partials=partials, subgradient=subgradient)


def bmatrix(name: str, rows, assigns=()) -> str:
    """LaTeX's bmatrix of the entries; named shared parts above it in an aligned block."""
    body = r"\begin{bmatrix} " + r" \\ ".join(" & ".join(r) for r in rows) + r" \end{bmatrix}"
    if not assigns:
        return body
    lines = [f"{n} &= {t}" for n, t in assigns] + [f"{name} &= {body}"]
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


@main.command("hessian", context_settings=EXPR_FIRST)
@click.argument("expr")
@at_option
@shape_option
@click.option("--wrt", multiple=True, metavar="VAR",
              help="The variables (default: every scalar and vector variable).")
@format_option
@numpy_option
@subgradient_option
@cse_option
@run
def hessian_command(expr, at, shape, wrt, fmt, use_numpy, subgradient, cse):
    """The matrix of second partial derivatives of EXPR, symbolic and at a point.

    \b
    Examples:
      diffcli hessian "x^2*y + y^3"
      diffcli hessian "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5 --format json
      diffcli hessian "x'*A*x" --shape x=n,A=nxn                  -> A + A'
    """
    f, point, _ = prepare(expr, at, shape)
    names = list(wrt) or f.hessian_variables()
    subgradient_note(subgradient)
    matrix = f.hessian(names, subgradient)
    flat = [e for row in matrix for e in row]
    values = None
    if point is not None:
        f.evaluate(point)
        flat_values = api.evaluate_all(flat, point)
        values = [flat_values[i * len(names):(i + 1) * len(names)] for i in range(len(names))]
    assigns, texts = api.texts(flat, "text" if fmt == "json" else fmt, cse, use_numpy) if flat else ([], [])
    rows = [texts[i * len(names):(i + 1) * len(names)] for i in range(len(names))]
    if fmt == "json":
        if assigns:
            rows = [[api.join_program(assigns, t) for t in row] for row in rows]
        echo_json({"function": f.to_text(cse=cse, written=True), "variables": names, "hessian": rows,
                   "at": None if point is None else {k: json_value(v)[0] for k, v in point.items()},
                   "value": None if values is None else [[json_value(v)[0] for v in r] for r in values]})
        return
    prefix = "; ".join(f"{n} = {t}" for n, t in assigns)
    if len(names) == 1 and f.shapes.get(names[0]):  # one array variable: the Hessian is one matrix
        click.echo((prefix + "; " if prefix else "") + rows[0][0])
        if values is not None:
            click.echo(f"at {describe_point(point)}:")
            for line in value_lines(f"d^2f/d{names[0]}^2", values[0][0]):
                click.echo(line)
        return
    if is_terminal() and fmt == "text" and names:  # tables for a person, each matrix once
        matrix_view("Hessian", names, rows, "expr", assigns)
        if values is not None:
            matrix_view(f"at {describe_point(point)}", names, [[format_value(v) for v in r] for r in values],
                        "value")
        return
    if fmt == "latex":
        click.echo(bmatrix(r"\nabla^2 f", rows, assigns))
    else:
        click.echo((prefix + "; " if prefix else "") + "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]")
    if values is not None:
        click.echo(f"at {describe_point(point)}:")
        click.echo("  [" + ", ".join("[" + ", ".join(format_value(v) for v in r) + "]" for r in values) + "]")
