"""What an Expression offers besides calculus: traces, steps, checks, the graph, compiling."""

from __future__ import annotations

import math

from .errors import InputError
from .expr import dag_size, postorder


class Tools:
    """Mixed into Expression: each method works on the parsed function as written."""

    def trace(self, mode: str, at: dict, wrt: str | None = None, subgradient: bool = False, seed=None):
        """The forward or reverse trace table at a point, as rows of data (HTML in a notebook).

        Forward mode follows one direction: ``wrt`` (a scalar variable), or
        ``seed``, a tangent per variable ({"w": [1, 0]}; default the first unit
        vector of ``wrt``).
        """
        from . import trace as T

        if mode not in ("forward", "reverse"):
            raise InputError(f"a trace is 'forward' or 'reverse', not {mode!r}")
        if self.program is None:
            raise InputError("a trace follows the operations as written: trace the parsed function")
        point, sizes = self.checked(at)
        direction = None
        if mode == "forward":
            wrt = wrt or (next(iter(seed)) if seed else self._only_variable())
            self.check_variable(wrt)
            direction = T.direction(self, wrt, seed, sizes)
        return T.build(self.program, point, mode, wrt, subgradient, direction, sizes)

    def steps(self, wrt: str | None = None, subgradient: bool = False) -> list:
        """The first derivative worked out rule by rule."""
        from .steps import steps

        wrt = wrt or self._only_variable()
        self.check_variable(wrt)
        return steps(self.raw, wrt, subgradient)

    def check(self, point: dict, subgradient: bool = False) -> list:
        """The derivative by each variable four ways at a point: symbolic, forward, reverse, central difference."""
        from .checks import compare

        point, sizes = self.checked(point)
        return compare(self, point, self.variables, sizes, subgradient)

    def check_answer(self, answer, wrt: str | None = None, at: dict | None = None):
        """Is ``answer`` this function's derivative by ``wrt``? Symbolically, or numerically.

        The numbers come from points where the function is defined, starting at
        ``at`` and widening. ``equal`` is None when no such point is found.
        """
        from .checks import check_answer

        if isinstance(answer, str):
            answer = self.from_text(answer, self.shapes)
        extra = [n for n in answer.variables if n not in self.variables]
        if extra:
            raise InputError(f"the answer uses {', '.join(extra)}, which the function does not have")
        start = self.point(at) if at else None
        return check_answer(self.raw, self.diff(*([wrt] if wrt else [])).node, answer.node, self.variables, start)

    def graph(self, point: dict | None = None, wrt: str | None = None, fmt: str = "text", digits: int = 3):
        """The computational graph numbered as the trace tables number it.

        ``text``: lines of a tree; ``outline``: (depth, text) pairs of the same
        tree, to draw it some other way; ``dot``: Graphviz DOT. Values have
        ``digits`` decimals, as in the trace tables.
        """
        from .graph import outline, to_dot, to_tree

        if wrt is not None and wrt not in self.variables:
            raise InputError(f"{wrt} is not a variable of the function ({', '.join(self.variables)})")
        point = self.point(point) if point is not None else None
        draw = {"dot": to_dot, "outline": outline}.get(fmt, to_tree)
        return draw(self.program, point, wrt, digits)

    def on_boundary(self, point: dict) -> list:
        """The function's conditions that sit exactly on their boundary at the point (x > 0 at x = 0), as text.

        There the branch the condition selects is the one used (the derivative is that branch's).
        """
        from .evaluate import boundaries
        from .printing import to_text

        point, _ = self.checked(point)
        return [to_text(n, limit=60) for n in boundaries(self.raw, point, self.raw_order())]

    def sizes(self) -> dict:
        """Nodes as a graph, and log10 of the nodes written out as a tree (both as written, when parsed)."""
        return {"graph": dag_size(self.raw), "tree_log10": tree_size_log10(self.raw)}

    def compile(self):
        """A fast callable: ``f.compile()(x1=2, x2=5)`` or positionally in variable order."""
        from .compiled import Compiled

        self.whole()
        return Compiled(self)


def tree_size_log10(root) -> float:
    """log10 of how many nodes the expression has when written out as a plain tree.

    In logarithms because the count itself can have thousands of digits
    (the logistic map doubles it at every step).
    """
    logs: dict = {}
    for node in postorder(root):
        parts = [logs[a] for a in node.args]
        if not parts:
            logs[node] = 0.0
            continue
        top = max(parts)
        total = sum(10 ** (p - top) for p in parts) + 10 ** (-top)
        logs[node] = top + math.log10(total)
    return logs[root]
