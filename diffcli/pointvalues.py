"""The values of a point, checked against the function: numbers, and arrays of the declared shapes.

An array value may be given as nested lists ([1, 2] a vector, [[1, 2], [3, 4]]
a matrix) or as a NumPy array; a vector is kept as a column. Sizes that the
shapes leave as names (``n``) take their values from the arrays given.
"""

from __future__ import annotations

import math

from .errors import InputError
from .shapes import describe as describe_shape


def array_shape(value):
    """The shape an array value declares: (n, 1) for a flat list, (r, c) for rows; () for a number."""
    if isinstance(value, (int, float)):
        return ()
    if hasattr(value, "shape"):
        shape = tuple(value.shape)
        return (shape[0], 1) if len(shape) == 1 else shape if len(shape) == 2 else None
    if isinstance(value, (list, tuple)) and value:
        if all(isinstance(r, (list, tuple)) for r in value):
            widths = {len(r) for r in value}
            return (len(value), widths.pop()) if len(widths) == 1 and 0 not in widths else None
        if not any(isinstance(r, (list, tuple)) for r in value):
            return (len(value), 1)
    return None


def check(values: dict, variables: list, shapes: dict, mentioned: set) -> tuple[dict, dict]:
    """(point, sizes): the values in variable order, arrays as NumPy columns and matrices."""
    out, sizes = {}, {}
    for name, v in values.items():
        if name not in variables and name not in mentioned:
            raise InputError(f"{name} is not a variable of the function "
                             f"(its variables: {', '.join(variables) or 'none'})")
        want = shapes.get(name, ())
        got = array_shape(v)
        if got is None:
            raise InputError(f"the value of {name} is not a number or a rectangular array (ragged rows?)")
        if got in ((), (1, 1)) and not want:
            out[name] = _number(name, v)
            continue
        if not want:
            raise InputError(f"the value of {name} is an array, but {name} is a scalar in this function "
                             "(declare it, e.g. X: 3x2, to make it an array)")
        if got == ():
            vector = len(want) == 2 and want[1] == 1
            raise InputError(f"the value of {name} is a number, but {name} is a {'vector' if vector else 'matrix'}"
                             f" in this function: give it in brackets, e.g. "
                             f"{name}={'[1,2,3]' if vector else '[[1,2],[3,4]]'}")
        for w, g in zip(want, got):
            if isinstance(w, int) and w != g or isinstance(w, str) and sizes.setdefault(w, g) != g:
                raise InputError(f"the value of {name} is {describe_shape(got)}, "
                                 f"but {name} is {describe_shape(want)}")
        out[name] = _array(name, v, got)
    missing = [n for n in variables if n not in out]
    if missing:
        raise InputError(f"no value for {', '.join(missing)}")
    return {n: out[n] for n in variables}, sizes


def _number(name, v) -> float:
    try:
        if hasattr(v, "reshape"):
            v = v.reshape(-1)[0]
        elif isinstance(v, (list, tuple)):
            v = v[0][0] if isinstance(v[0], (list, tuple)) else v[0]
        v = float(v)
    except (TypeError, ValueError, IndexError):
        raise InputError(f"the value of {name} is not a number: {v!r}") from None
    if not math.isfinite(v):
        raise InputError(f"the value of {name} is not a finite number")
    return v


def _array(name, v, shape):
    import numpy

    try:
        a = numpy.asarray(v, dtype=float).reshape(shape)
    except (TypeError, ValueError):
        raise InputError(f"the value of {name} has an entry that is not a number") from None
    if not numpy.isfinite(a).all():
        raise InputError(f"the value of {name} has an entry that is not a finite number")
    return a
