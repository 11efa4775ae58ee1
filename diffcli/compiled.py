"""An expression compiled once to straight-line Python, for evaluating at many points."""

from __future__ import annotations

import math

from .codegen import compile_graph
from .expr import var


class Compiled:
    """``f.compile()``: call with the variables' values, positionally (in ``variables`` order) or by name.

    The code computes exactly what the interpreter computes (the same entry
    functions in the same order); where it fails or gives no finite number,
    the interpreter runs instead to report the failure as evaluation does.
    """

    def __init__(self, expression):
        self.expression = expression
        self.variables = list(expression.variables)
        self._f = compile_graph([expression.raw], [var(n) for n in self.variables])

    def __call__(self, *args, **values) -> float:
        if len(args) > len(self.variables):
            raise TypeError(f"{len(self.variables)} values expected, {len(args)} given")
        point = dict(zip(self.variables, args), **values)
        try:
            (result,) = self._f(*(float(point[n]) for n in self.variables))
        except (KeyError, ValueError, TypeError, ZeroDivisionError, OverflowError):
            result = math.nan
        if not math.isfinite(result):
            return self.expression.evaluate(point)  # the interpreter says what went wrong
        return result
