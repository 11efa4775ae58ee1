"""--at POINT and --seed: 'x1=2,x2=5', 'w=[1,-1],X=[[1,2],[3,4]]'; --shape 'X=3x2,w=2,A=nxn'.

Values may be constant expressions (pi/2, log(8, 2)); an array is written in
brackets, a vector flat ([1, 2]) and a matrix by rows ([[1, 2], [3, 4]]).
The raw values are read before the function is parsed, because an array in
--at declares its variable's shape; then the library checks them.
"""

from __future__ import annotations

from .. import api
from ..errors import InputError
from .app import note


def split_top(text: str) -> list[str]:
    """Split 'x=1, y=log(8, 2), w=[1, 2]' at commas outside parentheses and brackets."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p for p in parts if p.strip()]


def read_values(specs, flag: str = "--at") -> dict:
    """NAME=VALUE pairs as {name: number or nested lists}, in the order given."""
    raw: dict = {}
    for spec in specs:
        for item in split_top(spec):
            name, eq, value = item.partition("=")
            name = name.strip()
            if not eq or not name:
                raise InputError(f"{flag} expects NAME=VALUE pairs such as x1=2,x2=5, not {item.strip()!r}")
            if not name.isidentifier():
                raise InputError(f"{flag}: {name!r} is not a variable name")
            if name in raw:
                raise InputError(f"{flag} gives {name} twice")
            try:
                raw[name] = _value(value.strip())
            except InputError as e:
                raise InputError(f"{flag} {name}: {e}") from None
    return raw


def _value(text: str):
    """A number, [a, b, ...] (a vector) or [[a, b], [c, d]] (a matrix, by rows)."""
    if not text.startswith("["):
        return api.constant(text)
    if not text.endswith("]"):
        raise InputError(f"{text!r} opens a bracket it does not close")
    items = split_top(text[1:-1])
    if not items:
        raise InputError("an array needs at least one entry")
    rows = []
    for item in items:
        item = item.strip()
        if item.startswith("["):
            if not item.endswith("]") or "[" in item[1:]:
                raise InputError(f"{item!r} is not a row of numbers")
            rows.append([api.constant(x) for x in split_top(item[1:-1])])
        else:
            rows.append(api.constant(item))
    if any(isinstance(r, list) for r in rows) and not all(isinstance(r, list) for r in rows):
        raise InputError("a matrix is written by rows: [[1, 2], [3, 4]]")
    return rows


def read_shapes(specs) -> dict:
    """--shape X=3x2,w=2,A=nxn (also 3 x 2, m x n): {name: (rows, columns)}, a vector as (n, 1)."""
    shapes: dict = {}
    for spec in specs:
        for item in split_top(spec):
            name, eq, dims = item.partition("=")
            name, text = name.strip(), dims.replace(" ", "")
            parts = text.split("x") if text else []
            sizes = [int(p) if p.isdigit() else p for p in parts]
            if not eq or not name.isidentifier() or not 1 <= len(sizes) <= 2 or \
                    any(p == "" or (isinstance(p, str) and not p.isidentifier()) or p == 0 for p in sizes):
                raise InputError(f"--shape expects NAME=SHAPE such as X=3x2,w=2,A=nxn, not {item.strip()!r}")
            shapes[name] = (sizes[0], 1) if len(sizes) == 1 else tuple(sizes)
    return shapes


def declared(shape_specs, at_values: dict, seed_values: dict) -> dict:
    """The shapes --shape declares and those the arrays in --at and --seed imply."""
    shapes = read_shapes(shape_specs)
    said = dict.fromkeys(shapes, "--shape says")
    for option, values in (("--at", at_values), ("--seed", seed_values)):
        for name, v in values.items():
            implied = api.array_shape(v)
            if implied is None:
                raise InputError(f"{option}: the value of {name} is not a rectangular array (ragged rows?)")
            if implied in ((), (1, 1)):
                continue
            if name in shapes and _concrete(shapes[name]) and shapes[name] != implied:
                raise InputError(f"{said[name]} {name} is {_text(shapes[name])}, but its value in {option} is "
                                 f"{_text(implied)}")
            if name not in shapes:
                shapes[name], said[name] = implied, f"{option} says"
    return shapes


def _concrete(shape) -> bool:
    return all(isinstance(s, int) for s in shape)


def _text(shape) -> str:
    return f"{shape[0]}x{shape[1]}"


def check_point(raw: dict, expression, required: bool = True, names=None) -> dict:
    """The raw values checked by the library against the function (or only ``names``)."""
    variables = expression.variables if names is None else names
    mentioned = expression.program.mentioned if expression.program is not None else set(variables)
    for name in raw:
        if name not in variables and name not in mentioned:
            known = ", ".join(variables) if variables else "none"
            raise InputError(f"--at names {name}, which is not a variable of the function (its variables: {known})")
        if name not in variables and names is None:
            note(f"{name} occurs only in statements the output does not use: its value changes nothing")
    missing = [n for n in variables if n not in raw]
    if missing:
        if required:
            raise InputError(f"--at is missing a value for {', '.join(missing)}")
        return {}
    if names is not None:  # a part of the point (plot: the other variables)
        return {n: raw[n] for n in names}
    try:
        return expression.point({n: raw[n] for n in variables})
    except InputError as e:
        raise InputError(f"--at: {e}") from None
