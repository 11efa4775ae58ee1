"""d and eval: parse the options, call the library, render."""

from __future__ import annotations

import time

import click

from ..api import describe_point, format_value
from ..errors import ExpansionTooLarge, InputError, UsageError
from .app import (EXPR_FIRST, at_option, cse_option, data_format_option, echo_json, format_option, is_terminal, main,
                  numpy_option, run, shape_option,
                  subgradient_option)
from .atfile import at_file_option, check_usage, load_points, run_many
from .inputs import choose_wrt, json_value, prepare, subgradient_note
from .render import label, result_panel, trace_tables, value_lines


@main.command("d", context_settings=EXPR_FIRST)
@click.argument("expr")
@click.option("--wrt", multiple=True, metavar="VAR",
              help="Variable to differentiate by; repeat for higher or mixed derivatives.")
@at_option
@at_file_option
@shape_option
@click.option("--trace", type=click.Choice(["forward", "reverse"]), default=None,
              help="Print the forward (tangent) or reverse (adjoint) trace table; needs --at.")
@click.option("--seed", "seed", multiple=True, metavar="VAR=VALUE",
              help="Forward trace direction, e.g. w=[1,0] (default: the first unit vector of --wrt).")
@format_option
@click.option("--digits", type=click.IntRange(0, 17), default=3, show_default=True, help="Decimals in trace tables.")
@click.option("--no-simplify", is_flag=True, help="Show the derivative as the rules give it, unsimplified.")
@click.option("--expand", is_flag=True, help="Multiply out products and integer powers of sums.")
@numpy_option
@click.option("--steps", "show_steps", is_flag=True, help="Show the derivative worked out rule by rule.")
@subgradient_option
@cse_option
@click.option("--stats", is_flag=True, help="Print graph sizes and timings to stderr.")
@run
def d_command(expr, wrt, at, at_file, shape, trace, seed, fmt, digits, no_simplify, expand, use_numpy, show_steps,
              subgradient, cse, stats):
    """Differentiate EXPR (a formula or program; '-' reads standard input).

    \b
    Examples:
      diffcli d "x^3"                                  -> 3*x^2
      diffcli d "ln(x1)+x1*x2-sin(x2)" --wrt x1 --at x1=2,x2=5
      diffcli d "sin(x*y)" --wrt x --wrt y             (mixed second derivative)
      diffcli d "ln(x1)+x1*x2-sin(x2)" --wrt x1 --at x1=2,x2=5 --trace reverse
      diffcli d "norm2(X*w - y)^2" --wrt w --at 'X=[[1,2],[3,4],[5,6]],w=[1,-1],y=[0,1,2]'
      diffcli d "relu(x)" --at x=0 --subgradient
      diffcli d "x^2*y" --wrt x --at-file points.csv     (one row per point)
    """
    check_usage(expr, at, at_file, **{"--trace": trace, "--steps": show_steps, "--stats": stats,
                                      "--seed": seed, "--format latex/python": fmt in ("latex", "python")})
    f, point, seed_values = prepare(expr, at, shape, seed)
    t_parse = time.perf_counter()
    wrt_list = choose_wrt(f, wrt)
    if trace and point is None:
        raise UsageError("--trace needs a point: add --at, e.g. --at x1=2,x2=5")
    if seed and trace != "forward":
        raise UsageError("--seed is the direction of a forward trace: add --trace forward")
    other = [name for name in (seed_values or {}) if name not in wrt_list]
    if other and wrt_list:  # the trace would end in another derivative than the one printed above it
        raise UsageError(f"--seed gives {other[0]} a direction, but the derivative is by {wrt_list[0]}: "
                         f"seed {wrt_list[0]} (--seed {wrt_list[0]}=...), or differentiate by {other[0]} "
                         f"(--wrt {other[0]})")
    if expand and no_simplify:
        raise UsageError("--expand simplifies; it cannot be combined with --no-simplify")
    if trace and len(wrt_list) > 1:
        raise UsageError("--trace shows a first derivative: give at most one --wrt")
    if show_steps and len(wrt_list) != 1:
        raise UsageError("--steps works out a first derivative: give exactly one --wrt")
    subgradient_note(subgradient)
    result = f.diff(*wrt_list, simplify=not no_simplify, subgradient=subgradient)
    if expand:
        try:
            result = result.expand()
        except ExpansionTooLarge as e:
            raise InputError(f"--expand: {e}", hint="leave out --expand to keep the factored form") from None
    if at_file is not None:
        points = load_points(f, at_file)
        template = None if fmt != "json" else {
            "function": f.to_text(cse=cse, written=True), "wrt": wrt_list, "derivative": result.to_text(cse=cse),
            "at": None, "value": None, "function_value": None, "shape": [], "function_shape": []}
        run_many(f, points, "derivatives", fmt, ["derivative", "function_value"], lambda r: r,
                 lambda r: {"value": r[0], "function_value": r[1]}, template, derivative=result)
        return
    t_diff = time.perf_counter()
    size_lines = _graph_sizes(f, result) if stats and result.node is not None else []
    t_sizes = time.perf_counter()
    value = fvalue = None
    if point is not None:
        fvalue = f.evaluate(point)
        value = result.evaluate(point)
    t_eval = time.perf_counter()
    deriv_text = result.to_text(fmt if fmt != "json" else "text", cse, use_numpy)
    t_print = time.perf_counter()
    if stats:
        for line in size_lines:
            click.echo(line, err=True)
        stages = {**f.stage_seconds, "differentiate": t_diff - t_parse}
        if point is not None:
            stages["evaluate"] = t_eval - t_sizes
        stages["print"] = t_print - t_eval
        click.echo("time: " + ", ".join(f"{name} {seconds:.3f}s" for name, seconds in stages.items()), err=True)
    trace_data = (f.trace(trace, point, wrt_list[0] if wrt_list else None, subgradient, seed_values)
                  if trace else None)
    steps = f.steps(wrt_list[0], subgradient) if show_steps else None
    if fmt == "json":
        (value, shape_), (fvalue, fshape) = json_value(value), json_value(fvalue)
        obj = {"function": f.to_text(cse=cse, written=True), "wrt": wrt_list, "derivative": deriv_text,
               "at": _json_point(point), "value": value, "function_value": fvalue,
               "shape": shape_ if shape_ is not None else result.shape,
               "function_shape": fshape if fshape is not None else f.shape}
        if trace_data is not None:
            obj["trace"] = trace_data.as_json()
        if steps is not None:
            obj["steps"] = [{"rule": s.rule, "lhs": s.lhs, "rhs": s.rhs} for s in steps]
        echo_json(obj)
        return
    if is_terminal():
        result_panel(f.to_text(written=True), wrt_list, deriv_text, point, fvalue, value)
    else:
        click.echo(deriv_text)
    if steps is not None:
        for i, step in enumerate(steps, 1):
            click.echo(f"  {i}. {step.line()}")
        click.echo(f"  = {deriv_text}")
    if point is not None and not is_terminal():
        click.echo(f"at {describe_point(point)}:")
        for line in value_lines("f", fvalue) + value_lines(label(wrt_list), value):
            click.echo(line)
    if trace_data is not None:
        click.echo()
        trace_tables(trace_data, digits, fmt=fmt)


def _json_point(point):
    return None if point is None else {k: json_value(v)[0] for k, v in point.items()}


def _graph_sizes(f, derivative) -> list[str]:
    from .render import count

    return [f"{name + ':':<12}{sizes['graph']:>10} nodes as a graph; written out as a tree "
            f"{count(sizes['tree_log10'])} nodes"
            for name, sizes in (("function", f.sizes()), ("derivative", derivative.sizes()))]


@main.command("eval", context_settings=EXPR_FIRST)
@click.argument("expr")
@at_option
@at_file_option
@shape_option
@data_format_option
@run
def eval_command(expr, at, at_file, shape, fmt):
    """Evaluate EXPR at a point.

    \b
    Examples:
      diffcli eval "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5
      diffcli eval "sin(x)" --at "x=pi/6"
      diffcli eval "X*w" --at "X=[[1,2],[3,4]],w=[1,-1]"
      diffcli eval "sin(x)*y" --at-file points.csv      (one row per point)
    """
    check_usage(expr, at, at_file)
    f, point, _ = prepare(expr, at, shape)
    if at_file is not None:
        template = {"function": f.to_text(written=True), "at": None, "value": None, "shape": []}
        run_many(f, load_points(f, at_file), "values", fmt, ["value"], lambda r: r, lambda r: {"value": r[0]},
                 template if fmt == "json" else None)
        return
    if f.variables and not at:
        raise UsageError(f"eval needs --at (or --at-file) with a value for {', '.join(f.variables)}")
    value = f.evaluate(point or {})
    if fmt == "json":
        v, s = json_value(value)
        echo_json({"function": f.to_text(written=True), "at": _json_point(point or {}), "value": v, "shape": s})
        return
    lines = value_lines("", value)
    if len(lines) == 1:
        click.echo(format_value(value, limit=10**9))
    else:  # a matrix: aligned rows
        for line in lines[1:]:
            click.echo(line[4:])
