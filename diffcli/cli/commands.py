"""d, grad, hessian, eval, check: parse the options, call the library, render."""

from __future__ import annotations

import time

import click

from .. import api
from ..api import describe_point, format_number
from ..errors import ExpansionTooLarge, InputError, MathError
from .app import (EXPR_FIRST, Quiet, at_option, cse_option, echo_json, format_option, is_terminal, load, main,
               note, run, subgradient_option)
from .points import parse_point
from .render import echo_table, label, result_panel, trace_tables


def choose_wrt(f, wrt) -> list[str]:
    """The variables to differentiate by: as given, or the only one there is."""
    if not wrt:
        if len(f.variables) > 1:
            raise InputError(
                f"the function has {len(f.variables)} variables ({', '.join(f.variables)}): "
                "choose one with --wrt, or use 'diffcli grad' for all partial derivatives")
        if not f.variables:
            note("the function has no variables; its derivative is 0")
        return list(f.variables)
    for w in wrt:
        if w.isidentifier() and w not in f.variables and (f.program is None or w not in f.program.names.values()):
            note(f"{w} does not occur in the function, so the derivative is 0")
    return list(wrt)


def _subgradient_note(subgradient):
    if subgradient:
        note("subgradient convention (PyTorch, JAX): relu'(0) = 0, abs'(0) = 0, sign'(0) = 0, "
             "a tie of max or min goes to its first argument")


@main.command("d", context_settings=EXPR_FIRST)
@click.argument("expr")
@click.option("--wrt", multiple=True, metavar="VAR",
              help="Variable to differentiate by; repeat for higher or mixed derivatives.")
@at_option
@click.option("--trace", type=click.Choice(["forward", "reverse"]), default=None,
              help="Print the forward (tangent) or reverse (adjoint) trace table; needs --at.")
@format_option
@click.option("--digits", type=click.IntRange(0, 17), default=3, show_default=True, help="Decimals in trace tables.")
@click.option("--no-simplify", is_flag=True, help="Show the derivative as the rules give it, unsimplified.")
@click.option("--expand", is_flag=True, help="Multiply out products and integer powers of sums.")
@click.option("--numpy", "use_numpy", is_flag=True, help="With --format python: numpy.* instead of math.*.")
@click.option("--steps", "show_steps", is_flag=True, help="Show the derivative worked out rule by rule.")
@subgradient_option
@cse_option
@click.option("--stats", is_flag=True, help="Print graph sizes and timings to stderr.")
@run
def d_command(expr, wrt, at, trace, fmt, digits, no_simplify, expand, use_numpy, show_steps, subgradient, cse,
              stats):
    """Differentiate EXPR (a formula or program; '-' reads standard input).

    \b
    Examples:
      diffcli d "x^3"                                  -> 3*x^2
      diffcli d "ln(x1)+x1*x2-sin(x2)" --wrt x1 --at x1=2,x2=5
      diffcli d "sin(x*y)" --wrt x --wrt y             (mixed second derivative)
      diffcli d "ln(x1)+x1*x2-sin(x2)" --wrt x1 --at x1=2,x2=5 --trace reverse
      diffcli d "relu(x)" --at x=0 --subgradient
    """
    t0 = time.perf_counter()
    f = load(expr)
    t_parse = time.perf_counter()
    wrt_list = choose_wrt(f, wrt)
    point = parse_point(at, f) if at else None
    if trace and point is None:
        raise InputError("--trace needs a point: add --at, e.g. --at x1=2,x2=5")
    if expand and no_simplify:
        raise InputError("--expand simplifies; it cannot be combined with --no-simplify")
    if trace and len(wrt_list) > 1:
        raise InputError("--trace shows a first derivative: give at most one --wrt")
    if show_steps and len(wrt_list) != 1:
        raise InputError("--steps works out a first derivative: give exactly one --wrt")
    _subgradient_note(subgradient)
    result = f.diff(*wrt_list, simplify=not no_simplify, subgradient=subgradient)
    if expand:
        try:
            result = result.expand()
        except ExpansionTooLarge as e:
            raise InputError(f"--expand: {e}", hint="leave out --expand to keep the factored form") from None
    t_diff = time.perf_counter()
    size_lines = _graph_sizes(f, result) if stats else []  # before printing: lower peak memory
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
        evaluated = f"evaluate {t_eval - t_sizes:.3f}s, " if point is not None else ""
        click.echo(f"time: parse and canonical form {t_parse - t0:.3f}s, differentiate {t_diff - t_parse:.3f}s, "
                   f"{evaluated}print {t_print - t_eval:.3f}s", err=True)
    trace_data = f.trace(trace, point, wrt_list[0] if wrt_list else None, subgradient) if trace else None
    steps = f.steps(wrt_list[0], subgradient) if show_steps else None
    if fmt == "json":
        obj = {"function": f.to_text(cse=cse, written=True), "wrt": wrt_list, "derivative": deriv_text,
               "at": point, "value": value, "function_value": fvalue}
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
        click.echo(f"  f = {format_number(fvalue)}")
        click.echo(f"  {label(wrt_list)} = {format_number(value)}")
    if trace_data is not None:
        click.echo()
        trace_tables(trace_data, digits)


def _graph_sizes(f, derivative) -> list[str]:
    from .render import count

    return [f"{name + ':':<12}{sizes['graph']:>10} nodes as a graph; written out as a tree "
            f"{count(sizes['tree_log10'])} nodes"
            for name, sizes in (("function", f.sizes()), ("derivative", derivative.sizes()))]


@main.command("grad", context_settings=EXPR_FIRST)
@click.argument("expr")
@at_option
@click.option("--trace", type=click.Choice(["reverse"]), default=None, help="Print the reverse trace table.")
@format_option
@click.option("--digits", type=click.IntRange(0, 17), default=3, show_default=True, help="Decimals in trace tables.")
@subgradient_option
@cse_option
@run
def grad_command(expr, at, trace, fmt, digits, subgradient, cse):
    """The gradient of EXPR: one partial derivative per variable, in order of appearance.

    \b
    Examples:
      diffcli grad "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5
      diffcli grad "x*y^2" --format json
    """
    f = load(expr)
    names = f.variables
    point = parse_point(at, f) if at else None
    if trace and point is None:
        raise InputError("--trace needs a point: add --at")
    _subgradient_note(subgradient)
    partials = f.gradient(subgradient=subgradient)
    values = fvalue = None
    if point is not None:
        fvalue = f.evaluate(point)
        for p in partials:  # the symbolic partials must be defined there too
            p.evaluate(point)
        values = f.gradient_at(point, subgradient)
    assigns, texts = api.texts(partials, "text" if fmt == "json" else fmt, cse)
    trace_data = f.trace("reverse", point, subgradient=subgradient) if trace else None
    if fmt == "json":
        grad = texts if not assigns else [api.join_program(assigns, t) for t in texts]
        obj = {"function": f.to_text(cse=cse, written=True), "variables": names, "gradient": grad,
               "at": point, "value": values, "function_value": fvalue}
        if trace_data is not None:
            obj["trace"] = trace_data.as_json()
        echo_json(obj)
        return
    prefix = "; ".join(f"{n} = {t}" for n, t in assigns)
    click.echo((prefix + "; " if prefix else "") + "[" + ", ".join(texts) + "]")
    if point is not None:
        click.echo(f"at {describe_point(point)}:")
        click.echo(f"  f = {format_number(fvalue)}")
        click.echo("  grad f = [" + ", ".join(format_number(v) for v in values) + "]")
    if trace_data is not None:
        click.echo()
        trace_tables(trace_data, digits)


@main.command("hessian", context_settings=EXPR_FIRST)
@click.argument("expr")
@at_option
@format_option
@cse_option
@run
def hessian_command(expr, at, fmt, cse):
    """The matrix of second partial derivatives of EXPR, symbolic and at a point.

    \b
    Examples:
      diffcli hessian "x^2*y + y^3"
      diffcli hessian "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5 --format json
    """
    f = load(expr)
    names = f.variables
    point = parse_point(at, f) if at else None
    matrix = f.hessian()
    flat = [e for row in matrix for e in row]
    values = None
    if point is not None:
        f.evaluate(point)
        values = [[e.evaluate(point) for e in row] for row in matrix]
    assigns, texts = api.texts(flat, "text" if fmt == "json" else fmt, cse) if flat else ([], [])
    rows = [texts[i * len(names):(i + 1) * len(names)] for i in range(len(names))]
    if fmt == "json":
        if assigns:
            rows = [[api.join_program(assigns, t) for t in row] for row in rows]
        echo_json({"function": f.to_text(cse=cse, written=True), "variables": names,
                   "hessian": rows, "at": point, "value": values})
        return
    prefix = "; ".join(f"{n} = {t}" for n, t in assigns)
    click.echo((prefix + "; " if prefix else "") + "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]")
    if is_terminal() and fmt == "text" and names:  # tables only for a person
        echo_table([[""] + names] + [[names[i]] + rows[i] for i in range(len(names))])
    if values is not None:
        click.echo(f"at {describe_point(point)}:")
        if is_terminal() and fmt == "text":
            echo_table([[""] + names] + [[names[i]] + [format_number(v) for v in values[i]]
                                         for i in range(len(names))])
        else:
            click.echo("  [" + ", ".join("[" + ", ".join(format_number(v) for v in r) + "]" for r in values) + "]")


@main.command("check", context_settings=EXPR_FIRST)
@click.argument("expr")
@at_option
@click.option("--wrt", multiple=False, default=None, metavar="VAR", help="Variable of --answer.")
@click.option("--answer", default=None, metavar="G", help="Your own derivative, to check against diffcli's.")
@format_option
@run
def check_command(expr, at, wrt, answer, fmt):
    """Check derivatives four ways: symbolic, forward, reverse, finite differences.

    With --answer G, check your own derivative G (with respect to --wrt)
    against diffcli's, at random points and symbolically where possible.
    Exits 1 when they disagree.

    \b
    Examples:
      diffcli check "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5
      diffcli check "x^x" --wrt x --answer "x^x*(ln(x)+1)"
    """
    f = load(expr)
    if answer is not None:
        wrt_list = choose_wrt(f, (wrt,) if wrt else ())
        ours = f.diff(*wrt_list)
        theirs = api.parse(answer)
        try:
            result = f.check_answer(theirs, wrt_list[0] if wrt_list else None)
        except InputError as e:
            raise InputError(f"--answer: {e}") from None
        if fmt == "json":
            echo_json({"function": f.to_text(written=True), "wrt": wrt_list, "derivative": str(ours),
                       "answer": str(theirs), "equal": result.equal, "how": result.how,
                       "counterexample": result.counterexample})
        else:
            click.echo("correct" if result.equal else "incorrect")
            click.echo(f"  d/d{wrt_list[0] if wrt_list else '?'}: {ours}")
            click.echo(f"  answer: {theirs}")
            if result.equal:
                click.echo(f"  equal {result.how}")
            elif result.counterexample is not None:
                click.echo(f"  at {describe_point(result.counterexample)}: ours = "
                           f"{format_number(result.ours)}, answer = {format_number(result.theirs)}")
            else:
                click.echo(f"  {result.how}")
        if not result.equal:
            raise Quiet(1)
        return
    if not at:
        raise InputError("check needs --at (a point to compare at), or --answer G to check your own derivative")
    point = parse_point(at, f)
    rows = f.check(point)
    ok = all(r.agree for r in rows)
    if fmt == "json":
        echo_json({"function": f.to_text(written=True), "at": point, "agree": ok, "rows": [r.as_json() for r in rows]})
    else:
        table = [["wrt", "symbolic", "forward", "reverse", "central diff", "step", "max abs diff", "max rel diff", ""]]
        for r in rows:
            a, rel = r.spread()
            table.append([r.variable, format_number(r.symbolic), format_number(r.forward), format_number(r.reverse),
                          "undefined" if r.finite is None else format_number(r.finite), f"{r.step:.1e}",
                          f"{a:.1e}", f"{rel:.1e}", "ok" if r.agree else "DISAGREE"])
        echo_table(table)
        click.echo("all four agree" if ok else "they disagree beyond rounding")
    if not ok:
        raise MathError("the derivatives disagree")


@main.command("eval", context_settings=EXPR_FIRST)
@click.argument("expr")
@at_option
@format_option
@run
def eval_command(expr, at, fmt):
    """Evaluate EXPR at a point.

    \b
    Examples:
      diffcli eval "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5
      diffcli eval "sin(x)" --at "x=pi/6"
    """
    f = load(expr)
    if f.variables and not at:
        raise InputError(f"eval needs --at with a value for {', '.join(f.variables)}")
    point = parse_point(at, f)
    value = f.evaluate(point)
    if fmt == "json":
        echo_json({"function": f.to_text(written=True), "at": point, "value": value})
        return
    click.echo(format_number(value))

