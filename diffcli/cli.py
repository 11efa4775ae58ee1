"""The command line: click commands over diffcli.core, and error handling.

Every failure leaves through ``_run``: a DiffcliError prints its one clear
message (exit 2 for input, 1 for mathematics), anything else an internal
error line, never a traceback.
"""

from __future__ import annotations

import functools
import gc
import sys
import warnings

import click

from . import __version__
from .errors import DiffcliError, InputError

FORMATS = ["text", "json", "latex", "python"]


def _note(msg: str):
    click.echo(f"note: {msg}", err=True)


def _run(fn):
    """Turn every failure into one message on stderr and an exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .simplify import ExactnessWarning

        # Expression graphs are acyclic and a run is short: the cycle collector
        # would only rescan millions of live nodes (quadratic on large inputs).
        gc.disable()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ExactnessWarning)
            try:
                fn(*args, **kwargs)
                code = 0
            except DiffcliError as e:
                if e.render():
                    click.echo(e.render(), err=True)
                code = e.exit_code
            except (click.exceptions.Exit, click.ClickException, click.Abort):
                raise
            except BrokenPipeError:  # the reader went away (diffcli ... | head -1): stop quietly
                import os

                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                code = 1
            except RecursionError:  # pragma: no cover - nothing recurses; a guard all the same
                click.echo("error: internal error: the input is nested too deeply", err=True)
                code = 1
            except MemoryError:  # pragma: no cover
                click.echo("error: the input needs more memory than is available", err=True)
                code = 1
            except Exception as e:  # pragma: no cover - a bug; still no traceback
                click.echo(f"error: internal error ({type(e).__name__}: {e}); please report it", err=True)
                code = 1
        gc.enable()
        seen = set()
        for w in caught:
            if issubclass(w.category, ExactnessWarning) and str(w.message) not in seen:
                seen.add(str(w.message))
                _note(str(w.message))
        sys.exit(code)

    return wrapper


# An expression may start with a minus sign ("-x^2"): unknown options are
# taken as the expression rather than rejected.
# Subcommands have no short options at all (only --help), so that "-tanh(x)"
# is never read as the bundled flags -t -a -n -h.
_EXPR_FIRST = {"ignore_unknown_options": True, "help_option_names": ["--help"]}


def _read_expr(expr: str) -> str:
    if expr.startswith("--"):
        raise click.UsageError(f"no such option: {expr.split('=')[0]}")
    if expr == "-":
        data = sys.stdin.read()
        if not data.strip():
            raise InputError("standard input is empty")
        return data
    return expr


def _echo_json(obj):
    import json

    click.echo(json.dumps(obj, ensure_ascii=False))


def _render(nodes, fmt: str, cse, avoid, numpy=False):
    """Text of one or more results in a format; shared parts named when needed."""
    from .printing import PRINTERS, print_program

    kw = {"numpy": numpy} if fmt == "python" else {}
    printer = PRINTERS["text" if fmt == "json" else fmt]
    assigns, results = print_program(nodes, printer, cse=cse, avoid=avoid, **kw)
    return assigns, results


def _join_program(assigns, result, fmt):
    if not assigns:
        return result
    if fmt == "python":
        return "\n".join([f"{n} = {t}" for n, t in assigns] + [result])
    if fmt == "latex":
        return " \\\\\n".join([f"{n} &= {t}" for n, t in assigns] + [result])
    return "; ".join([f"{n} = {t}" for n, t in assigns] + [result])


def _graph_sizes(function, derivative) -> list[str]:
    from .expr import dag_size, tree_size_log10

    return [f"{label + ':':<12}{dag_size(node):>10} nodes as a graph; written out as a tree "
            f"{_count(tree_size_log10(node))} nodes"
            for label, node in (("function", function), ("derivative", derivative))]


def _is_terminal() -> bool:
    return sys.stdout.isatty()


def _rich_result(loaded, wrt_list, deriv_text, point, fvalue, value):
    """On a terminal: the function, the derivative and the values in one panel."""
    from rich.console import Console
    from rich.table import Table

    from .evaluate import describe_point, format_number
    from .printing import to_text

    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(style="bold cyan", justify="right")
    table.add_column()
    table.add_row("f", to_text(loaded.raw))
    table.add_row(_label(wrt_list), f"[bold]{deriv_text}[/bold]")
    if point is not None:
        table.add_row("at", describe_point(point))
        table.add_row("f", format_number(fvalue))
        table.add_row(_label(wrt_list), f"[bold green]{format_number(value)}[/bold green]")
    Console(highlight=False).print(table)


def _steps(loaded, wrt_list):
    from .steps import steps

    if len(wrt_list) != 1:
        raise InputError("--steps works out a first derivative: give exactly one --wrt")
    return steps(loaded.raw, wrt_list[0])


def _count(log10: float) -> str:
    if log10 < 15:
        return f"{round(10 ** log10):,}"
    mantissa = 10 ** (log10 - int(log10))
    return f"about {mantissa:.1f}e{int(log10)}"


def _label(wrt: list[str]) -> str:
    if not wrt:
        return "df"
    n = len(wrt)
    top = "d" if n == 1 else f"d^{n}"
    return f"{top}f/" + " ".join(f"d{w}" for w in wrt)


cse_option = click.option("--cse/--no-cse", default=None,
                          help="Name shared parts (t1 = ...) always / never. Default: when the output would swell.")
format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                             help="Output format.")
at_option = click.option("--at", "at", multiple=True, metavar="POINT",
                         help="Point such as x1=2,x2=5 (repeatable; values may be constant expressions like pi/2).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="diffcli")
def main():
    """Differentiate formulas and short programs, symbolically and by automatic differentiation.

    \b
    Examples:
      diffcli d "ln(x1)+x1*x2-sin(x2)" --wrt x1 --at x1=2,x2=5
      diffcli d "x^x"
      diffcli grad "x*y^2" --at x=1,y=2
      diffcli eval "sin(x)^2" --at x=pi/4
      echo "a = x*w; b = a - y; b^2" | diffcli d - --wrt w
    """


@main.command("d", context_settings=_EXPR_FIRST)
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
@cse_option
@click.option("--stats", is_flag=True, help="Print graph sizes and timings to stderr.")
@_run
def d_command(expr, wrt, at, trace, fmt, digits, no_simplify, expand, use_numpy, show_steps, cse, stats):
    """Differentiate EXPR (a formula or program; '-' reads standard input).

    \b
    Examples:
      diffcli d "x^3"                                  -> 3*x^2
      diffcli d "ln(x1)+x1*x2-sin(x2)" --wrt x1 --at x1=2,x2=5
      diffcli d "sin(x*y)" --wrt x --wrt y             (mixed second derivative)
      diffcli d "ln(x1)+x1*x2-sin(x2)" --wrt x1 --at x1=2,x2=5 --trace reverse
      diffcli d "1/(1+exp(-x))" --format json
    """
    import time

    from . import core
    from .evaluate import evaluate

    t0 = time.perf_counter()
    loaded = core.load(_read_expr(expr))
    t_parse = time.perf_counter()
    wrt_list, notes = core.choose_wrt(loaded, wrt)
    for n in notes:
        _note(n)
    point = core.parse_point(at, loaded.inputs) if at else None
    if trace and point is None:
        raise InputError("--trace needs a point: add --at, e.g. --at x1=2,x2=5")
    if expand and no_simplify:
        raise InputError("--expand simplifies; it cannot be combined with --no-simplify")
    if trace and len(wrt_list) > 1:
        raise InputError("--trace shows a first derivative: give at most one --wrt")
    # no variables at all: the derivative of a constant
    result = core.derivative(loaded, wrt_list, simplify=not no_simplify) if wrt_list else core.ZERO
    core.check_defined(loaded.function, "the function")
    core.check_defined(result, "the derivative")
    if expand:
        from .simplify import ExpansionTooLarge, expand as do_expand

        try:
            result = do_expand(result)
        except ExpansionTooLarge as e:
            raise InputError(f"--expand: {e}", hint="leave out --expand to keep the factored form") from None
    t_diff = time.perf_counter()
    size_lines = _graph_sizes(loaded.raw, result) if stats else []  # before printing: lower peak memory
    value = fvalue = None
    if point is not None:
        fvalue = evaluate(loaded.raw, point)
        value = evaluate(result, point, what="the derivative: ")
    avoid = set(loaded.inputs) | set(loaded.program.names.values())
    assigns, (text,) = _render([result], fmt, cse, avoid, numpy=use_numpy)
    deriv_text = _join_program(assigns, text, fmt)
    t_print = time.perf_counter()
    if stats:
        for line in size_lines:
            click.echo(line, err=True)
        click.echo(f"time: parse {t_parse - t0:.3f}s, differentiate {t_diff - t_parse:.3f}s, "
                   f"print {t_print - t_diff:.3f}s", err=True)
    trace_data = None
    if trace:
        from . import trace as T

        trace_data = T.build(loaded.program, point, trace, wrt_list[0] if wrt_list else None)
    if fmt == "json":
        fn_assigns, (fn_text,) = _render([loaded.raw], "json", cse, avoid)
        obj = {
            "function": _join_program(fn_assigns, fn_text, "text"),
            "wrt": wrt_list,
            "derivative": deriv_text,
            "at": point,
            "value": value,
            "function_value": fvalue,
        }
        if trace_data is not None:
            obj["trace"] = trace_data.as_json()
        if show_steps:
            obj["steps"] = [{"rule": s.rule, "lhs": s.lhs, "rhs": s.rhs} for s in _steps(loaded, wrt_list)]
        _echo_json(obj)
        return
    if _is_terminal():
        _rich_result(loaded, wrt_list, deriv_text, point, fvalue, value)
    else:
        click.echo(deriv_text)
    if show_steps:
        for i, step in enumerate(_steps(loaded, wrt_list), 1):
            click.echo(f"  {i}. {step.line()}")
        click.echo(f"  = {deriv_text}")
    if point is not None and not _is_terminal():
        from .evaluate import describe_point, format_number

        click.echo(f"at {describe_point(point)}:")
        click.echo(f"  f = {format_number(fvalue)}")
        click.echo(f"  {_label(wrt_list)} = {format_number(value)}")
    if trace_data is not None:
        from . import trace as T

        click.echo()
        T.render(trace_data, digits=digits)


@main.command("grad", context_settings=_EXPR_FIRST)
@click.argument("expr")
@at_option
@click.option("--trace", type=click.Choice(["reverse"]), default=None, help="Print the reverse trace table.")
@format_option
@click.option("--digits", type=click.IntRange(0, 17), default=3, show_default=True, help="Decimals in trace tables.")
@cse_option
@_run
def grad_command(expr, at, trace, fmt, digits, cse):
    """The gradient of EXPR: one partial derivative per variable, in order of appearance.

    \b
    Examples:
      diffcli grad "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5
      diffcli grad "x*y^2" --format json
    """
    from . import core
    from .evaluate import evaluate, gradient

    loaded = core.load(_read_expr(expr))
    names = loaded.inputs
    point = core.parse_point(at, names) if at else None
    if trace and point is None:
        raise InputError("--trace needs a point: add --at")
    partials = core.gradient(loaded, names)
    values = fvalue = None
    if point is not None:
        fvalue = evaluate(loaded.raw, point)
        for p in partials:  # the symbolic partials must be defined there too
            evaluate(p, point, what="the derivative: ")
        values = gradient(loaded.raw, point, names)
    assigns, texts = _render(partials, fmt, cse, set(names))
    if fmt == "json":
        fn_assigns, (fn_text,) = _render([loaded.raw], "json", cse, set(names))
        grad = texts if not assigns else [_join_program(assigns, t, "text") for t in texts]
        obj = {"function": _join_program(fn_assigns, fn_text, "text"), "variables": names,
               "gradient": grad, "at": point, "value": values, "function_value": fvalue}
        if trace:
            from . import trace as T

            obj["trace"] = T.build(loaded.program, point, "reverse", None).as_json()
        _echo_json(obj)
        return
    from .evaluate import describe_point, format_number

    prefix = "; ".join(f"{n} = {t}" for n, t in assigns)
    click.echo((prefix + "; " if prefix else "") + "[" + ", ".join(texts) + "]")
    if point is not None:
        click.echo(f"at {describe_point(point)}:")
        click.echo(f"  f = {format_number(fvalue)}")
        click.echo("  grad f = [" + ", ".join(format_number(v) for v in values) + "]")
    if trace:
        from . import trace as T

        click.echo()
        T.render(T.build(loaded.program, point, "reverse", None), digits=digits)


@main.command("hessian", context_settings=_EXPR_FIRST)
@click.argument("expr")
@at_option
@format_option
@cse_option
@_run
def hessian_command(expr, at, fmt, cse):
    """The matrix of second partial derivatives of EXPR, symbolic and at a point.

    \b
    Examples:
      diffcli hessian "x^2*y + y^3"
      diffcli hessian "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5 --format json
    """
    from . import core
    from .diff import diff
    from .evaluate import describe_point, evaluate, format_number

    loaded = core.load(_read_expr(expr))
    names = loaded.inputs
    point = core.parse_point(at, names) if at else None
    firsts = core.gradient(loaded, names)
    matrix = [[diff(firsts[i], names[j]) for j in range(len(names))] for i in range(len(names))]
    flat = [e for row in matrix for e in row]
    values = None
    if point is not None:
        evaluate(loaded.raw, point)
        values = [[evaluate(e, point, what="the second derivative: ") for e in row] for row in matrix]
    assigns, texts = _render(flat, fmt, cse, set(names)) if flat else ([], [])
    rows = [texts[i * len(names):(i + 1) * len(names)] for i in range(len(names))]
    if fmt == "json":
        if assigns:
            rows = [[_join_program(assigns, t, "text") for t in row] for row in rows]
        fn_assigns, (fn_text,) = _render([loaded.raw], "json", cse, set(names))
        _echo_json({"function": _join_program(fn_assigns, fn_text, "text"), "variables": names,
                    "hessian": rows, "at": point, "value": values})
        return
    prefix = "; ".join(f"{n} = {t}" for n, t in assigns)
    click.echo((prefix + "; " if prefix else "") + "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]")
    if _is_terminal() and fmt == "text" and names:  # tables only for a person
        _echo_table([[""] + names] + [[names[i]] + rows[i] for i in range(len(names))])
    if values is not None:
        click.echo(f"at {describe_point(point)}:")
        if _is_terminal() and fmt == "text":
            _echo_table([[""] + names] + [[names[i]] + [format_number(v) for v in values[i]]
                                          for i in range(len(names))])
        else:
            click.echo("  [" + ", ".join("[" + ", ".join(format_number(v) for v in r) + "]" for r in values) + "]")


def _echo_table(rows):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        click.echo("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


@main.command("check", context_settings=_EXPR_FIRST)
@click.argument("expr")
@at_option
@click.option("--wrt", multiple=False, default=None, metavar="VAR", help="Variable of --answer.")
@click.option("--answer", default=None, metavar="G", help="Your own derivative, to check against diffcli's.")
@format_option
@_run
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
    from . import core
    from .checks import check_answer, compare
    from .errors import MathError
    from .evaluate import format_number

    loaded = core.load(_read_expr(expr))
    names = loaded.inputs
    if answer is not None:
        wrt_list, notes = core.choose_wrt(loaded, (wrt,) if wrt else ())
        for n in notes:
            _note(n)
        ours = core.derivative(loaded, wrt_list)
        theirs_prog = core.load(answer)
        extra = [n for n in theirs_prog.inputs if n not in names]
        if extra:
            raise InputError(f"--answer uses {', '.join(extra)}, which the function does not have")
        result = check_answer(ours, theirs_prog.function, names)
        from .printing import to_text

        if fmt == "json":
            _echo_json({"function": to_text(loaded.raw), "wrt": wrt_list, "derivative": to_text(ours),
                        "answer": to_text(theirs_prog.function), "equal": result.equal, "how": result.how,
                        "counterexample": result.counterexample})
        else:
            click.echo("correct" if result.equal else "incorrect")
            click.echo(f"  d/d{wrt_list[0] if wrt_list else '?'}: {to_text(ours)}")
            click.echo(f"  answer: {to_text(theirs_prog.function)}")
            if result.equal:
                click.echo(f"  equal {result.how}")
            elif result.counterexample is not None:
                from .evaluate import describe_point

                click.echo(f"  at {describe_point(result.counterexample)}: ours = "
                           f"{format_number(result.ours)}, answer = {format_number(result.theirs)}")
            else:
                click.echo(f"  {result.how}")
        if not result.equal:
            raise _Quiet(1)
        return
    if not at:
        raise InputError("check needs --at (a point to compare at), or --answer G to check your own derivative")
    point = core.parse_point(at, names)
    rows = compare(loaded, point, names)
    ok = all(r.agree for r in rows)
    if fmt == "json":
        from .printing import to_text

        _echo_json({"function": to_text(loaded.raw), "at": point, "agree": ok,
                    "rows": [r.as_json() for r in rows]})
    else:
        table = [["wrt", "symbolic", "forward", "reverse", "central diff", "step", "max abs diff", "max rel diff", ""]]
        for r in rows:
            a, rel = r.spread()
            table.append([r.variable, format_number(r.symbolic), format_number(r.forward), format_number(r.reverse),
                          "undefined" if r.finite is None else format_number(r.finite), f"{r.step:.1e}",
                          f"{a:.1e}", f"{rel:.1e}", "ok" if r.agree else "DISAGREE"])
        _echo_table(table)
        click.echo("all four agree" if ok else "they disagree beyond rounding")
    if not ok:
        raise MathError("the derivatives disagree")


class _Quiet(DiffcliError):
    """Exit with a code, the report already printed."""

    def __init__(self, code):
        super().__init__("")
        self.exit_code = code

    def render(self):
        return ""


@main.command("graph", context_settings=_EXPR_FIRST)
@click.argument("expr")
@at_option
@click.option("--wrt", default=None, metavar="VAR", help="With --at: also show tangents in this direction.")
@click.option("--format", "fmt", type=click.Choice(["text", "dot"]), default="text", show_default=True,
              help="A tree in the terminal, or Graphviz DOT.")
@_run
def graph_command(expr, at, wrt, fmt):
    """The computational graph of EXPR, numbered v-1 .. v_l as in the trace tables.

    \b
    Examples:
      diffcli graph "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5
      diffcli graph "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5 --format dot | dot -Tpng -o graph.png
    """
    from . import core
    from .graph import to_dot, to_tree

    loaded = core.load(_read_expr(expr))
    point = core.parse_point(at, loaded.inputs) if at else None
    if wrt is not None and wrt not in loaded.inputs:
        raise InputError(f"--wrt {wrt}: not a variable of the function ({', '.join(loaded.inputs)})")
    if fmt == "dot":
        click.echo(to_dot(loaded.program, point, wrt))
    else:
        for line in to_tree(loaded.program, point, wrt):
            click.echo(line)


@main.command("plot", context_settings=_EXPR_FIRST)
@click.argument("expr")
@click.option("--wrt", default=None, metavar="VAR", help="The variable on the horizontal axis.")
@click.option("--range", "xrange", default="-3:3", show_default=True, metavar="LOW:HIGH", help="The range of VAR.")
@at_option
@click.option("--output", default=None, metavar="FILE", help="Write a PNG or SVG (needs matplotlib).")
@click.option("--width", type=click.IntRange(20, 400), default=72, show_default=True)
@click.option("--height", type=click.IntRange(5, 200), default=20, show_default=True)
@_run
def plot_command(expr, wrt, xrange, at, output, width, height):
    """Plot EXPR and its derivative over a range; gaps where undefined.

    \b
    Examples:
      diffcli plot "sin(x)" --range -3:3
      diffcli plot "x^2*y" --wrt x --at y=2 --range 0:2
      diffcli plot "ln(x)" --range -1:4 --output ln.svg
    """
    from . import core
    from .plot import file_plot, parse_range, sample, terminal_plot
    from .printing import to_text

    loaded = core.load(_read_expr(expr))
    wrt_list, notes = core.choose_wrt(loaded, (wrt,) if wrt else ())
    for n in notes:
        _note(n)
    name = wrt_list[0] if wrt_list else "x"
    others = [n for n in loaded.inputs if n != name]
    point = core.parse_point(at, others) if others else {}
    lo, hi = parse_range(xrange)
    deriv = core.derivative(loaded, [name]) if wrt_list else core.S.num(0)
    n = max(width * 2, 200)
    f_pts = sample(loaded.raw, name, point, lo, hi, n)
    # where f is undefined its derivative is too (ln(x) at x<0, even though 1/x is defined)
    d_pts = [(x, None if fy is None else dy)
             for (x, fy), (_, dy) in zip(f_pts, sample(deriv, name, point, lo, hi, n))]
    curves = [(f"f = {to_text(loaded.raw)}", "•", f_pts), (f"f' = {to_text(deriv)}", "·", d_pts)]
    if output:
        if not output.lower().endswith((".png", ".svg", ".pdf")):
            raise InputError("--output must end in .png, .svg or .pdf")
        file_plot(curves, output, f"{to_text(loaded.raw)} and its derivative")
        click.echo(f"wrote {output}")
        return
    for line in terminal_plot(curves, lo, hi, width, height):
        click.echo(line)


@main.command("eval", context_settings=_EXPR_FIRST)
@click.argument("expr")
@at_option
@format_option
@_run
def eval_command(expr, at, fmt):
    """Evaluate EXPR at a point.

    \b
    Examples:
      diffcli eval "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5
      diffcli eval "sin(x)" --at "x=pi/6"
    """
    from . import core
    from .evaluate import evaluate, format_number

    loaded = core.load(_read_expr(expr))
    if loaded.inputs and not at:
        raise InputError(f"eval needs --at with a value for {', '.join(loaded.inputs)}")
    point = core.parse_point(at, loaded.inputs)
    value = evaluate(loaded.raw, point)
    if fmt == "json":
        assigns, (text,) = _render([loaded.raw], "json", None, set(loaded.inputs))
        _echo_json({"function": _join_program(assigns, text, "text"), "at": point, "value": value})
        return
    click.echo(format_number(value))


if __name__ == "__main__":  # pragma: no cover
    main()
