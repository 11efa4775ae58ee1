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


def describe_point(point: dict) -> str:
    return ", ".join(f"{k}={format_number(v)}" for k, v in point.items())
