"""One number format for every view: integers without a point, never a negative zero."""

from __future__ import annotations

import math


def format_number(v: float, digits: int | None = None) -> str:
    """A value as printed: integers without a point, else the shortest repr; never -0."""
    if v == 0:
        v = 0.0  # -0.0 prints as 0
    if digits is not None:
        text = f"{v:.{digits}f}"
        return text[1:] if text.startswith("-") and float(text) == 0 else text
    if math.isfinite(v) and v == int(v) and abs(v) < 1e16:
        return str(int(v))
    return repr(v)


def format_value(v, digits: int | None = None, limit: int = 12) -> str:
    """A number, or an array as nested brackets (a vector flat: [0, 4, 8]); long rows cut with '...'."""
    if isinstance(v, (int, float)):
        return format_number(v, digits)
    rows = as_lists(v)
    if rows and not isinstance(rows[0], list):
        return _bracket([format_number(x, digits) for x in rows], limit)
    return _bracket([_bracket([format_number(x, digits) for x in r], limit) for r in rows], limit)


def as_lists(v):
    """A value for JSON: a float, a flat list for a vector (or a row), nested lists for a matrix."""
    if isinstance(v, (int, float)):
        return float(v)
    if v.ndim == 2 and (v.shape[1] == 1 or v.shape[0] == 1):
        return [float(x) for x in v.reshape(-1)]
    return v.tolist()


def _bracket(items, limit):
    if len(items) > limit:
        items = items[:limit // 2] + ["..."] + items[-(limit // 2):]
    return "[" + ", ".join(items) + "]"


def describe_point(point: dict) -> str:
    return ", ".join(f"{k}={format_value(v)}" for k, v in point.items())


def scientific(n: int):
    """(m, k) with n = m*10^k when that is much shorter to write, else None."""
    if abs(n) < 10**12:
        return None
    digits = str(abs(n))
    m = digits.rstrip("0")
    k = len(digits) - len(m)
    if k < 6:
        return None
    return (-int(m) if n < 0 else int(m)), k
