"""check: the derivatives four ways, or a user's own derivative against diffcli's."""

from __future__ import annotations

import click

from .. import api
from ..api import describe_point, format_number, format_value
from ..errors import InputError, MathError, UsageError
from .app import (EXPR_FIRST, Quiet, at_option, data_format_option, echo_json, is_terminal, main, run, shape_option,
                  subgradient_option)
from .inputs import choose_wrt, prepare, subgradient_note
from .render import check_view, echo_table


@main.command("check", context_settings=EXPR_FIRST)
@click.argument("expr")
@at_option
@shape_option
@click.option("--wrt", multiple=False, default=None, metavar="VAR", help="Variable of --answer.")
@click.option("--answer", default=None, metavar="G", help="Your own derivative, to check against diffcli's.")
@data_format_option
@subgradient_option
@run
def check_command(expr, at, shape, wrt, answer, fmt, subgradient):
    """Check derivatives four ways: symbolic, forward, reverse, finite differences.

    With --answer G, check your own derivative G (with respect to --wrt)
    against diffcli's: symbolically where they simplify to the same
    expression, else numerically at points where the function is defined,
    starting at --at if given. Exits 1 when they disagree, and also when it
    cannot decide (no point where the function and both derivatives are
    defined).

    \b
    Examples:
      diffcli check "ln(x1)+x1*x2-sin(x2)" --at x1=2,x2=5
      diffcli check "x^x" --wrt x --answer "x^x*(ln(x)+1)"
      diffcli check "acosh(x/10)" --answer "1/sqrt(x^2-100)" --at x=20
      diffcli check "norm2(X*w - y)^2" --at 'X=[[1,2],[3,4],[5,6]],w=[1,-1],y=[0,1,2]'
    """
    f, point, _ = prepare(expr, at, shape)
    if answer is not None:
        wrt_list = choose_wrt(f, (wrt,) if wrt else ())
        ours = f.diff(*wrt_list)
        try:
            theirs = api.parse(answer, f.shapes)
            result = f.check_answer(theirs, wrt_list[0] if wrt_list else None, point)
        except InputError as e:
            raise InputError(f"--answer: {e}", e.text, e.line, e.column, e.hint) from None
        verdict = {True: "correct", False: "incorrect", None: "could not decide"}[result.equal]
        if fmt == "json":
            echo_json({"function": f.to_text(written=True), "wrt": wrt_list, "derivative": str(ours),
                       "answer": str(theirs), "equal": result.equal, "decided": result.equal is not None,
                       "verdict": verdict, "how": result.how, "counterexample": result.counterexample,
                       "points": result.points})
        else:
            click.echo(verdict)
            click.echo(f"  d/d{wrt_list[0] if wrt_list else '?'}: {ours}")
            click.echo(f"  answer: {theirs}")
            if result.equal:
                click.echo(f"  equal {result.how}")
            elif result.counterexample is not None:
                theirs_text = "undefined" if result.theirs is None else format_number(result.theirs)
                click.echo(f"  at {describe_point(result.counterexample)}: ours = "
                           f"{format_number(result.ours)}, answer = {theirs_text}")
            else:
                click.echo(f"  {result.how}")
        if not result.equal:
            raise Quiet(1)
        return
    if point is None:
        raise UsageError("check needs --at (a point to compare at), or --answer G to check your own derivative")
    subgradient_note(subgradient)
    rows = f.check(point, subgradient)
    ok = all(r.agree for r in rows)
    if fmt == "json":
        echo_json({"function": f.to_text(written=True), "at": {k: api.as_lists(v) for k, v in point.items()},
                   "agree": ok, "rows": [r.as_json() for r in rows]})
    else:
        table = [["wrt", "symbolic", "forward", "reverse", "central diff", "step", "max abs diff", "max rel diff", ""]]
        for r in rows:
            a, rel = r.spread()
            table.append([r.variable, format_value(r.symbolic), format_value(r.forward), format_value(r.reverse),
                          "undefined" if r.finite is None else format_value(r.finite), f"{r.step:.1e}",
                          f"{a:.1e}", f"{rel:.1e}", "ok" if r.agree else "DISAGREE"])
        if is_terminal():
            check_view(table[1:])
        else:
            echo_table(table)
        click.echo("all four agree" if ok else "they disagree beyond rounding")
    if not ok:
        raise MathError("the derivatives disagree")
