"""The library: what the command line and a notebook both call.

    >>> import diffcli
    >>> f = diffcli.parse("ln(x1)+x1*x2-sin(x2)")
    >>> str(f.diff("x1"))
    '1/x1 + x2'
    >>> f.diff("x1").evaluate(x1=2, x2=5)
    5.5

Errors are ``InputError`` (the input or a request is wrong) and
``MathError`` (undefined at the point, including ``KinkError``), both
``DiffcliError``; their messages name no command-line flag.
"""

from __future__ import annotations

import math

from .errors import InputError, MathError
from .expression import Expression, evaluate_all, join_program, texts  # noqa: F401  (the library's names)
from .numformat import as_lists, describe_point, format_number, format_value  # noqa: F401  (for the views)
from .pointfile import Points, constant, read_points  # noqa: F401  (points given one by one or many)
from .pointvalues import array_shape, check as check_values  # noqa: F401

def parse(text: str, shapes: dict | None = None, at: dict | None = None) -> Expression:
    """A formula or a program (statements separated by ';' or new lines; the last is the output).

    ``shapes`` declares arrays: {"X": (3, 2), "w": (2, 1), "A": ("n", "n")}; a
    vector is a column (n, 1). Programs may declare them too (``X: 3x2``). ``at`` is a point
    ({"a": 0.5}) where while loops whose condition depends on the inputs run; the result is then the
    function along the path they take there (``program.notes`` says how they ran).
    """
    return Expression.from_text(text, shapes, at)


def __getattr__(name):
    if name == "Many":  # many points at once: compiled code, imported on first use (a one-line run never pays)
        from .batch import Many

        return Many
    raise AttributeError(f"module 'diffcli.api' has no attribute {name!r}")


def trace_latex(trace, digits: int = 3) -> str:
    """A trace table (``Expression.trace``) as one LaTeX ``tabular``, laid out as Baydin et al.'s Tables 2 and 3."""
    from .trace_latex import to_latex

    return to_latex(trace, digits)
