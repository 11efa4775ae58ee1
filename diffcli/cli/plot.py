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


def y_limits(curves) -> tuple[float, float]:
    """The values' range; near a pole (1/x, ln(x) at 0) the bulk of them, so one spike does not flatten all."""
    ys = sorted(y for _, _, pts in curves for _, y in pts if y is not None)
    if not ys:
        raise MathError("the function is undefined or overflows everywhere in the range")
    low, high = ys[0], ys[-1]
    q_low, q_high = ys[int(0.05 * (len(ys) - 1))], ys[int(0.95 * (len(ys) - 1))]
    bulk = q_high - q_low
    if bulk > 0 and high - low > 20 * bulk:  # a pole: the frame holds the bulk with room around it
        low, high = max(low, q_low - bulk), min(high, q_high + bulk)
    if not math.isfinite(high - low):
        raise MathError("the values are too large to draw on one scale")
    pad = 0.05 * (high - low) if high > low else 1.0
    return low - pad, high + pad


def _runs(pts, low, high, clip: bool):
    """Stretches without gaps; a value beyond the frame is clipped to it (or ends the stretch)."""
    run = []
    for x, y in pts:
        if y is not None and not clip and not low <= y <= high:
            y = None
        if y is None:
            if run:
                yield run
            run = []
            continue
        run.append((x, min(max(y, low), high)))
    if run:
        yield run


def terminal_plot(curves, lo, hi, name: str, width=72, height=20, colour: bool = True) -> str:
    """The curves with plotext: braille dots, ticks on both axes, a legend, values beyond the frame on its edge."""
    import plotext as plt

    low, high = y_limits(curves)
    plt.clear_figure()
    plt.plot_size(width, height)
    plt.theme("clear")
    for (label, _, pts), tint in zip(curves, ("blue", "red", "green")):
        for i, run in enumerate(_runs(pts, low, high, clip=True)):
            plt.plot([x for x, _ in run], [y for _, y in run], marker="braille", color=tint,
                     label=label if i == 0 else None)
    plt.xlim(lo, hi)
    plt.ylim(low, high)
    plt.xlabel(name)
    try:
        text = plt.build()
    except (OverflowError, ValueError, ZeroDivisionError) as e:  # ticks of a range near the largest double
        raise MathError(f"the plot cannot be drawn at this scale ({e})") from None
    finally:
        plt.clear_figure()
    return text if colour else plt.uncolorize(text)


def file_plot(curves, path: str, title: str, name: str, lo: float, hi: float):
    """A PNG, SVG or PDF of the figure."""
    fig = figure(curves, title, name, lo, hi)  # says how to install matplotlib when it is missing
    import matplotlib.pyplot as plt

    fig.savefig(path)
    plt.close(fig)


def figure(curves, title: str, name: str, lo: float, hi: float):
    """matplotlib's figure: labelled axes, a grid, the range as the x-limits, y held near poles."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("writing a plot file needs matplotlib: pip install 'diffcli[plot]'") from None
    low, high = y_limits(curves)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, _, pts in curves:
        for i, run in enumerate(_runs(pts, low, high, clip=False)):  # no line drawn across a pole
            ax.plot([x for x, _ in run], [y for _, y in run], label=label if i == 0 else None,
                    color=ax.lines[-1].get_color() if i else None)
    ax.axhline(0, color="0.6", linewidth=0.8)
    ax.set_xlim(lo, hi)
    ax.set_ylim(low, high)
    ax.set_xlabel(name)
    ax.set_ylabel("value")
    ax.grid(True, alpha=0.4)
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    return fig
