"""The command group, its shared options, and error handling for every command.

Every failure leaves through ``run``: a DiffcliError prints its one clear
message (exit 2 for input, 1 for mathematics), anything else an internal
error line, never a traceback.
"""

from __future__ import annotations

import functools
import gc
import sys
import warnings

import click

from .. import __version__
from ..errors import DiffcliError, ExactnessWarning, InputError, KinkError, NeedsPoint

FORMATS = ["text", "json", "latex", "python"]


def note(msg: str):
    click.echo(f"note: {msg}", err=True)


class Quiet(DiffcliError):
    """Exit with a code, the report already printed."""

    def __init__(self, code):
        super().__init__("")
        self.exit_code = code

    def render(self):
        return ""


def _hint(e: DiffcliError) -> DiffcliError:
    """The library's errors name no flag; on the command line, say which flag helps."""
    if isinstance(e, NeedsPoint) and e.hint is None:
        e.hint = ("add --at with the inputs' values: the loop runs as it would there, and the derivative "
                  "printed holds along that path")
    if isinstance(e, KinkError) and "--subgradient" not in str(e):
        return KinkError(f"{e}\nhint: --subgradient uses the convention of PyTorch and JAX there "
                         "(relu'(0) = 0, abs'(0) = 0, a tie goes to the first argument)")
    return e


def run(fn):
    """Turn every failure into one message on stderr and an exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        # Expression graphs are acyclic and a run is short: the cycle collector
        # would only rescan millions of live nodes (quadratic on large inputs).
        gc.disable()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ExactnessWarning)
            try:
                fn(*args, **kwargs)
                code = 0
            except DiffcliError as e:
                e = _hint(e)
                if e.render():
                    click.echo(e.render(), err=True)
                code = e.exit_code
            except (click.exceptions.Exit, click.ClickException, click.Abort):
                raise
            except BrokenPipeError:  # the reader went away (diffcli ... | head -1): stop quietly
                import os

                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                code = 0
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
                note(str(w.message))
        sys.exit(code)

    return wrapper


# An expression may start with a minus sign ("-x^2"): unknown options are
# taken as the expression rather than rejected.
# Subcommands have no short options at all (only --help), so that "-tanh(x)"
# is never read as the bundled flags -t -a -n -h.
EXPR_FIRST = {"ignore_unknown_options": True, "help_option_names": ["--help"]}


def read_expr(expr: str) -> str:
    if expr.startswith("--"):
        raise click.UsageError(f"no such option: {expr.split('=')[0]}")
    if expr == "-":
        data = sys.stdin.read()
        if not data.strip():
            raise InputError("standard input is empty")
        return data
    return expr


def load(expr: str, shapes: dict | None = None, at: dict | None = None):
    from .. import api

    return api.parse(read_expr(expr), shapes, at)


def echo_json(obj):
    import json

    click.echo(json.dumps(obj, ensure_ascii=False))


def is_terminal() -> bool:
    return sys.stdout.isatty()


cse_option = click.option("--cse/--no-cse", default=None,
                          help="Name shared parts (t1 = ...) always / never. Default: when the output would swell.")
format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                             help="Output format.")
at_option = click.option("--at", "at", multiple=True, metavar="POINT",
                         help="Point such as x1=2,x2=5 (repeatable; values may be constant expressions like pi/2).")
shape_option = click.option("--shape", "shape", multiple=True, metavar="SHAPES",
                            help="Declare arrays: X=3x2,w=2 (a vector is n, a matrix mxn; sizes may be names: A=nxn).")
subgradient_option = click.option("--subgradient", is_flag=True,
                                  help="At kinks use the convention of PyTorch and JAX: relu'(0) = 0, abs'(0) = 0, "
                                       "a tie of max/min goes to the first argument.")


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

