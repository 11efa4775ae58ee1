"""The function and its derivative over a range: in the terminal, or to a PNG/SVG file."""

from __future__ import annotations

import math

from ..api import constant
from ..errors import InputError, MathError


def parse_range(text: str) -> tuple[float, float]:
    lo, sep, hi = text.partition(":")
    if not sep:
        raise InputError(f"--range expects LOW:HIGH such as -3:3, not {text!r}")
    try:
        a, b = (constant(s) for s in (lo, hi))
    except InputError as e:
        raise InputError(f"--range: {e}") from None
    if not (math.isfinite(a) and math.isfinite(b)) or a >= b or not math.isfinite(b - a):
        raise InputError(f"--range {text}: LOW must be below HIGH, both finite and not too far apart")
    return a, b


def sample(expression, name: str, point: dict, lo: float, hi: float, n: int) -> list:
    """(x, value or None) at n points; None where the expression is undefined (a gap)."""
    f = expression.compile()
    out = []
    for i in range(n):
        x = lo + (hi - lo) * i / (n - 1)
        if not math.isfinite(x):
            out.append((x, None))
            continue
        try:
            out.append((x, f(**point, **{name: x})))
        except MathError:
            out.append((x, None))
    return out


def terminal_plot(curves, lo, hi, width=72, height=20) -> list[str]:
    """Curves [(label, mark, samples)] on one character grid; gaps stay blank."""
    ys = [y for _, _, pts in curves for _, y in pts if y is not None]
    if not ys:
        raise MathError("the function is undefined or overflows everywhere in the range")
    ys.sort()
    # clip the extreme 2% so a pole does not flatten the picture
    bottom = ys[int(0.02 * (len(ys) - 1))]
    top = ys[int(0.98 * (len(ys) - 1))]
    if top == bottom:
        top, bottom = top + 1, bottom - 1
    if not math.isfinite(top - bottom):
        raise MathError("the values are too large to draw on one scale")
    grid = [[" "] * width for _ in range(height)]
    if bottom <= 0 <= top:
        row = round((top - 0) / (top - bottom) * (height - 1))
        grid[row] = ["─"] * width
    if lo <= 0 <= hi:
        col = round((0 - lo) / (hi - lo) * (width - 1))
        for r in range(height):
            grid[r][col] = "┼" if grid[r][col] == "─" else "│"
    for _, mark, pts in curves:
        for x, y in pts:
            if y is None or not (bottom <= y <= top):
                continue
            col = round((x - lo) / (hi - lo) * (width - 1))
            row = round((top - y) / (top - bottom) * (height - 1))
            grid[row][col] = mark
    lines = [f"{top:>10.4g} ┤" + "".join(grid[0])]
    lines += ["           │" + "".join(r) for r in grid[1:-1]]
    lines.append(f"{bottom:>10.4g} ┤" + "".join(grid[-1]))
    lines.append(" " * 12 + f"{lo:<.4g}".ljust(width - 8) + f"{hi:>.4g}")
    lines.append("  " + "   ".join(f"{mark} {label}" for label, mark, _ in curves))
    return lines


def file_plot(curves, path: str, title: str):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("writing a plot file needs matplotlib: pip install 'diffcli[plot]'") from None
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, _, pts in curves:
        xs = [x for x, _ in pts]
        ys = [math.nan if y is None else y for _, y in pts]  # NaN breaks the line: gaps stay gaps
        ax.plot(xs, ys, label=label)
    ax.axhline(0, color="0.7", linewidth=0.8)
    ax.set_title(title)
    ax.legend()
    fig.savefig(path)
    plt.close(fig)
