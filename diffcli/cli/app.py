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


def wants_json(args) -> bool:
    """Did the command line ask for --format json? (Errors then go out as JSON too.)"""
    args = list(args or ())
    return "--format=json" in args or any(a == "--format" and b == "json" for a, b in zip(args, args[1:]))


def echo_error_json(error: dict):
    import json

    click.echo(json.dumps({"error": error}, ensure_ascii=False), err=True)


def report(e: DiffcliError, as_json: bool):
    if as_json:
        echo_error_json(e.as_json())
    elif e.render():
        click.echo(e.render(), err=True)


def run(fn):
    """Turn every failure into one message on stderr (one JSON object with --format json) and an exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        as_json = kwargs.get("fmt") == "json"
        # Expression graphs are acyclic and a run is short: the cycle collector
        # would only rescan millions of live nodes (quadratic on large inputs).
        gc.disable()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ExactnessWarning)
            try:
                fn(*args, **kwargs)
                code = 0
            except DiffcliError as e:
                if not isinstance(e, Quiet):
                    report(_hint(e), as_json)
                code = e.exit_code
            except (click.exceptions.Exit, click.ClickException, click.Abort):
                raise
            except BrokenPipeError:  # the reader went away (diffcli ... | head -1): stop quietly
                import os

                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                code = 0
            except RecursionError:  # pragma: no cover - nothing recurses; a guard all the same
                report(DiffcliError("internal error: the input is nested too deeply"), as_json)
                code = 1
            except MemoryError:  # pragma: no cover
                report(DiffcliError("the input needs more memory than is available"), as_json)
                code = 1
            except Exception as e:  # pragma: no cover - a bug; still no traceback
                report(DiffcliError(f"internal error ({type(e).__name__}: {e}); please report it"), as_json)
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
        _misspelt_option(expr)
    if expr == "-h":
        note("-h is read as the expression -h; the help is --help")
    if expr == "-":
        data = sys.stdin.read()
        if not data.strip():
            raise InputError("standard input is empty")
        return data
    return expr


def _misspelt_option(expr: str, ctx=None, surely: bool = False):
    """'--wtr' is an option misspelt; '--x' is the expression -(-x), unless ``surely`` (then
    the command line had a word too many, and this is the likely culprit)."""
    import difflib
    import re

    name, eq, _ = expr[2:].partition("=")
    ctx = ctx or click.get_current_context(silent=True)
    options = [o[2:] for p in (ctx.command.params if ctx else ()) for o in getattr(p, "opts", ()) + getattr(
        p, "secondary_opts", ()) if o.startswith("--")] + ["help"]
    if name in options or not re.fullmatch(r"[a-z][a-z-]*", name):
        return
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    if surely or eq or close:
        raise click.UsageError(f"no such option: --{name}" + (f" (did you mean --{close[0]}?)" if close else ""), ctx)


class Command(click.Command):
    """A command whose expression may start with '-': unknown options are read as arguments, so one
    misspelt or unknown ('--wrtt x') would be reported as an extra argument; it is named instead."""

    def parse_args(self, ctx, args):
        words = list(args)  # click consumes args as it parses
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:
            if "unexpected extra argument" in e.message:
                for word in words:
                    if word.startswith("--"):
                        _misspelt_option(word, ctx, surely=True)
                if "-h" in words:
                    raise click.UsageError("the help is --help (-h would be read as an expression)", ctx) from None
            raise


def load(expr: str, shapes: dict | None = None, at: dict | None = None):
    from .. import api

    return api.parse(read_expr(expr), shapes, at)


def echo_json(obj):
    import json

    click.echo(json.dumps(obj, ensure_ascii=False))


def is_terminal() -> bool:
    """Does a person read stdout? rich's console decides (FORCE_COLOR, TTY_COMPATIBLE, TERM=dumb honoured)."""
    import os

    if not (sys.stdout.isatty() or "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ):
        return False  # decided without loading rich: nothing makes this a terminal
    from rich.console import Console

    return Console().is_terminal


cse_option = click.option("--cse/--no-cse", default=None,
                          help="Name shared parts (t1 = ...) always / never. Default: when the output would swell.")
format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                             help="Output format.")
# eval and check give numbers and verdicts: text for a person, JSON for a script (LaTeX or Python would add nothing)
data_format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                                  show_default=True, help="Output format.")
numpy_option = click.option("--numpy", "use_numpy", is_flag=True, help="With --format python: numpy.* instead of math.*.")
at_option = click.option("--at", "at", multiple=True, metavar="POINT",
                         help="Point such as x1=2,x2=5 (repeatable; values may be constant expressions like pi/2).")
shape_option = click.option("--shape", "shape", multiple=True, metavar="SHAPES",
                            help="Declare arrays: X=3x2,w=2 (a vector is n, a matrix mxn; sizes may be names: A=nxn).")
subgradient_option = click.option("--subgradient", is_flag=True,
                                  help="At kinks use the convention of PyTorch and JAX: relu'(0) = 0, abs'(0) = 0, "
                                       "a tie of max/min goes to the first argument.")


class Group(click.Group):
    """The command group; with --format json, click's own usage errors are JSON on stderr too."""

    command_class = Command

    def make_context(self, info_name, args, parent=None, **extra):
        with _json_usage_errors(args):
            ctx = super().make_context(info_name, args, parent, **extra)
        ctx.meta["argv"] = list(args)
        return ctx

    def invoke(self, ctx):
        with _json_usage_errors(ctx.meta.get("argv")):
            return super().invoke(ctx)


class _json_usage_errors:
    def __init__(self, args):
        self.json = wants_json(args)

    def __enter__(self):
        return self

    def __exit__(self, kind, e, tb):
        if self.json and isinstance(e, click.ClickException):  # shown by click as it ends the run
            message = e.format_message()
            e.show = lambda file=None: echo_error_json(
                {"kind": "usage", "message": message, "line": None, "column": None})
        return False


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
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


def entry():
    """The console script (and ``python -m diffcli``): the command, then out at once.

    A long program leaves millions of nodes behind; freeing them one by one as
    the interpreter shuts down took most of a second and changes nothing the
    user sees. The output is flushed and the process ends (``os._exit``).
    The tests call ``main`` itself, which returns as click's commands do.
    """
    import os

    try:
        main()
        code = 0
    except SystemExit as e:
        code = e.code
    if code is not None and not isinstance(code, int):  # sys.exit("message")
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader went away, or the stream is closed: nothing to say
            pass
    os._exit(code or 0)
