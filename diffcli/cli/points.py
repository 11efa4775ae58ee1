"""--at POINT: 'x1=2,x2=5', values that may be constant expressions (pi/2, log(8, 2))."""

from __future__ import annotations

from .. import api
from ..errors import InputError
from .app import note


def split_top(text: str) -> list[str]:
    """Split 'x=1, y=log(8, 2)' at commas outside parentheses and brackets."""
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


def parse_point(specs, expression, required: bool = True, names=None) -> dict:
    """The --at values, checked against the function's variables (or ``names``)."""
    variables = expression.variables if names is None else names
    raw: dict = {}
    for spec in specs:
        for item in split_top(spec):
            name, eq, value = item.partition("=")
            name = name.strip()
            if not eq or not name:
                raise InputError(f"--at expects NAME=VALUE pairs such as x1=2,x2=5, not {item.strip()!r}")
            if not name.isidentifier():
                raise InputError(f"--at: {name!r} is not a variable name")
            if name in raw:
                raise InputError(f"--at gives {name} twice")
            try:
                raw[name] = api.constant(value)
            except InputError as e:
                raise InputError(f"--at {name}: {e}") from None
    mentioned = expression.program.mentioned if expression.program is not None else set(variables)
    for name in raw:
        if name not in variables and name not in mentioned:
            known = ", ".join(variables) if variables else "none"
            raise InputError(f"--at names {name}, which is not a variable of the function (its variables: {known})")
        if name not in variables:
            note(f"{name} occurs only in statements the output does not use: its value changes nothing")
    missing = [n for n in variables if n not in raw]
    if missing and required:
        raise InputError(f"--at is missing a value for {', '.join(missing)}")
    return {n: raw[n] for n in variables if n in raw}
