"""A while loop on the inputs runs at a point: its conditions' values there, as the loop goes.

Each node's value is computed once per run: the graph grows by a few nodes
an iteration, so evaluating each condition afresh would cost quadratic
time. As in the evaluator, where(c, a, b) evaluates only the branch its
condition picks. Nothing recurses: an explicit stack.
"""

from __future__ import annotations

import math

from .errors import MathError
from .expr import Const, Num, Var
from .numformat import describe_point
from .printing import to_text
from .rules import rule_of


class PointValues:
    def __init__(self, point: dict):
        self.point = point
        self.values: dict = {}

    def value(self, node, fail) -> float:
        """node's value at the point; ``fail(message)`` makes the error for a value the point lacks."""
        vals = self.values
        stack = [node]
        while stack:
            n = stack[-1]
            if n in vals:
                stack.pop()
                continue
            entry = rule_of(n) if n.args else None
            lazy = entry is not None and entry.lazy
            need = [a for a in (n.args[:1] if lazy else n.args) if a not in vals]
            if lazy and not need:  # where: only the branch its condition picks
                picked = n.args[entry.value(vals[n.args[0]], *range(1, len(n.args)))]
                if picked in vals:
                    vals[n] = vals[picked]
                    stack.pop()
                else:
                    stack.append(picked)
                continue
            if need:
                stack.extend(need)
                continue
            stack.pop()
            vals[n] = self._leaf_or_op(n, entry, fail)
        return vals[node]

    def _leaf_or_op(self, n, entry, fail) -> float:
        t = type(n)
        if t is Num:
            return float(n)
        if t is Const:
            return n.payload.value
        if t is Var:
            v = self.point.get(n.name)
            if v is None:
                raise fail(f"the point gives no value for {n.name}, which this while loop's condition needs")
            if not isinstance(v, (int, float)):
                raise fail(f"a while loop runs at a point of numbers; {n.name} is an array")
            return float(v)
        try:
            v = entry.value(*[self.values[a] for a in n.args])
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            v = math.nan
        if v != v:
            from .evaluate import evaluate

            evaluate(n, self.point)  # raises the evaluator's own message for this operation
            raise MathError(f"{to_text(n, limit=60)} is undefined at {describe_point(self.point)}")
        return v

    def on_boundary(self, node) -> list:
        """The comparisons at the top of a condition (through and, or, not) whose sides are equal here."""
        out, stack, seen = [], [node], set()
        while stack:
            n = stack.pop()
            if n in seen or not n.args:
                continue
            seen.add(n)
            entry = rule_of(n)
            args = [self.values[a] for a in n.args if a in self.values]
            if entry.boundary is not None and len(args) == len(n.args) and entry.boundary(*args):
                out.append(n)
            elif entry.truth and entry.boundary is None:
                stack.extend(a for a in n.args if a in self.values)
        return out
