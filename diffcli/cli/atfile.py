"""--at-file FILE: d, grad and eval at many points (CSV with a header, or JSON lines), one row out per point.

The whole file is read and checked first (a bad file is exit 2 naming its
line); then the library computes every row from code compiled once. A row
where the function is undefined carries its message and the run goes on;
the exit code is 1 at the end if any row failed.
"""

from __future__ import annotations

import sys
import time

import click

from .. import api
from ..errors import InputError, UsageError
from .app import Quiet, note

at_file_option = click.option("--at-file", "at_file", metavar="FILE", default=None,
                              help="Many points: a CSV file with a header of variable names, or JSON lines "
                                   "('-' reads standard input). One output row per point.")


def check_usage(expr: str, at, at_file: str | None, **others):
    """--at-file goes alone: not with --at, not with options that show one point (given as name=value)."""
    if at_file is None:
        return
    if at:
        raise UsageError("--at and --at-file do not go together: give one point or a file of points")
    if at_file == "-" and expr == "-":
        raise UsageError("the expression and --at-file cannot both read standard input: put one of them in a file")
    for flag, given in others.items():
        if given:
            raise UsageError(f"{flag} is for one point: it does not go with --at-file")


def read_file(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read()
    except OSError as e:
        raise InputError(f"cannot read it ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise InputError("it is not UTF-8 text") from None


def load_points(f, path: str):
    if any(f.shapes.values()):
        raise InputError("--at-file is for functions of scalars; give arrays one point at a time with --at")
    mentioned = f.program.mentioned if f.program is not None else set(f.variables)
    name = "standard input" if path == "-" else path
    try:
        points = api.read_points(read_file(path), f.variables, mentioned)
    except InputError as e:
        raise InputError(f"--at-file {name}: {e}", line=e.line, hint=e.hint) from None
    for unused in points.unused:
        note(f"{unused} occurs only in statements the output does not use: its value changes nothing")
    return points


class _Bar:
    """A rich progress bar on stderr, only on a terminal and only once the run has taken a second."""

    def __init__(self):
        self.start, self.bar, self.task = time.perf_counter(), None, None
        self.on = sys.stderr.isatty()

    def __call__(self, done: int, total: int):
        if not self.on:
            return
        if self.bar is None:
            if time.perf_counter() - self.start < 1.0:
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("points", total=total)
        self.bar.update(self.task, completed=done)

    def close(self):
        if self.bar is not None:
            self.bar.stop()


def run_many(f, points, kind: str, fmt: str, columns: list, cells, fill, template=None, **many):
    """Compute every row and print it: CSV (``columns`` after the variables, then ``error``), or with
    fmt json one object per line (``template`` with ``at`` and ``fill(result)`` filled in)."""
    import json

    bar = _Bar()
    try:
        results = api.Many(f, kind, **many).run(points.rows, bar)
    finally:
        bar.close()
    names, out, failed = points.names, [], 0
    if fmt == "json":
        for i, (row, r) in enumerate(zip(points.rows, results)):
            at = dict(zip(names, row))
            if isinstance(r, Exception):
                failed += 1
                obj = {"error": {"kind": r.kind, "message": str(r), "row": i + 1, "line": points.lines[i],
                                 "column": None}, "at": at}
            else:
                obj = {**template, "at": at, **fill(r)}
            out.append(json.dumps(obj, ensure_ascii=False))
    else:
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([*names, *columns, "error"])
        blank = [""] * len(columns)
        for row, r in zip(points.rows, results):
            if isinstance(r, Exception):
                failed += 1
                writer.writerow([*map(repr, row), *blank, str(r)])
            else:
                writer.writerow([*map(repr, row), *map(repr, cells(r)), ""])
        out.append(buf.getvalue().rstrip("\n"))
    if out:
        click.echo("\n".join(out))
    if failed:
        note(f"{failed} of {len(results)} points failed (their rows say why)")
        raise Quiet(1)
