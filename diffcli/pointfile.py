"""Many points from text: CSV with a header of variable names, or JSON lines (one object per line).

The kind is read from the content: a first non-blank character ``{`` is JSON
lines. A value is a number or a constant expression (``pi/2``), as in a single
point. Every problem names the line of the text it is on; the table is read
and checked whole before anything is evaluated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .errors import InputError, MathError
from .parse import parse_constant


def constant(text: str) -> float:
    """The value of a constant expression such as ``pi/2``."""
    from . import evaluate as V  # on first use: a one-line run without a point never loads the evaluator

    try:
        v = V.evaluate(parse_constant(text), {})
    except MathError as e:
        raise InputError(f"{text.strip()} is not a finite number ({e})") from None
    if not math.isfinite(v):
        raise InputError(f"{text.strip()} is not a finite number")
    return v


@dataclass
class Points:
    """Rows of values in the order of ``names`` (the function's variables); ``lines[i]`` is row i's line."""

    names: list
    rows: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    unused: list = field(default_factory=list)  # names given that only unused statements mention

    def point(self, i: int) -> dict:
        return dict(zip(self.names, self.rows[i]))


def read_points(text: str, variables: list, mentioned=()) -> Points:
    """The points in ``text`` (CSV or JSON lines) for a function of ``variables``.

    ``mentioned`` are names the input uses only where the output does not
    depend on them: accepted, their values ignored (listed in ``unused``).
    """
    first = text.lstrip()[:1]
    if not first:
        raise InputError("the points are empty: give a header of variable names and one row per point")
    return (_json_lines if first == "{" else _csv)(text, list(variables), set(mentioned))


def _number(raw, name: str, line: int) -> float:
    try:
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            what = "an array" if isinstance(raw, list) else type(raw).__name__
            hint = " (arrays are not supported in a points file yet: give arrays with a single point)" \
                if isinstance(raw, list) else ""
            raise InputError(f"the value of {name} is {what}, not a number{hint}")
        if isinstance(raw, str):
            text = raw.strip()
            if not text:
                raise InputError(f"no value for {name}")
            try:
                v = float(text)
            except ValueError:
                try:
                    v = constant(text)
                except InputError as e:
                    raise InputError(f"the value of {name}: {e}", hint=e.hint) from None
        else:
            v = float(raw)
        if not math.isfinite(v):
            raise InputError(f"the value of {name} is not a finite number")
        return v
    except OverflowError:
        raise _at(line, InputError(f"the value of {name} is too large for a double")) from None
    except InputError as e:
        raise _at(line, e) from None


def _at(line: int, e: InputError) -> InputError:
    msg = str(e)
    return InputError(msg if msg.startswith("line ") else f"line {line}: {msg}", line=line, hint=e.hint)


def _columns(keys, variables, mentioned, line: int) -> list:
    """The names a header or an object gives, checked: every variable, nothing unknown, nothing twice."""
    seen = set()
    for k in keys:
        if k in seen:
            raise _at(line, InputError(f"{k} is given twice"))
        seen.add(k)
        if k not in variables and k not in mentioned:
            known = ", ".join(variables) or "none"
            raise _at(line, InputError(f"{k!r} is not a variable of the function (its variables: {known})"))
    missing = [n for n in variables if n not in seen]
    if missing:
        raise _at(line, InputError(f"no value for {', '.join(missing)}"))
    return [k for k in keys if k not in variables]


def _csv(text: str, variables: list, mentioned: set) -> Points:
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    header, out = None, Points(variables)
    try:
        for cells in reader:
            if not cells or all(not c.strip() for c in cells):
                continue
            line = reader.line_num
            if header is None:
                header = [c.strip() for c in cells]
                out.unused = _columns(header, variables, mentioned, line)
                where = [header.index(n) for n in variables]
                continue
            if len(cells) != len(header):
                raise _at(line, InputError(f"{len(cells)} values for {len(header)} columns ({', '.join(header)})"))
            out.rows.append(tuple(_number(cells[j], header[j], line) for j in where))
            out.lines.append(line)
    except csv.Error as e:
        raise _at(reader.line_num, InputError(f"not CSV ({e})")) from None
    return out


def _json_lines(text: str, variables: list, mentioned: set) -> Points:
    import json

    out, unused = Points(variables), {}
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError as e:
            raise _at(line, InputError(f"not a JSON object ({e.msg} at column {getattr(e, 'colno', '?')})")) \
                from None
        if not isinstance(obj, dict):
            raise _at(line, InputError("each line is one JSON object such as {\"x\": 1, \"y\": 2}"))
        for k in _columns(list(obj), variables, mentioned, line):
            unused[k] = True
        out.rows.append(tuple(_number(obj[n], n, line) for n in variables))
        out.lines.append(line)
    out.unused = list(unused)
    return out
