"""An expression compiled once to straight-line Python, for evaluating at many points."""

from __future__ import annotations

import math

from .codegen import compile_graph
from .errors import InputError
from .expr import var


class Compiled:
    """``f.compile()``: call with the variables' values, positionally (in ``variables`` order) or by name.

    The code computes exactly what the interpreter computes (the same entry
    functions in the same order); where it fails or gives no finite number,
    the interpreter runs instead to report the failure as evaluation does.
    """

    def __init__(self, expression):
        if expression.node is None or any(expression.shapes.values()):
            raise InputError("compiling is for scalar functions; evaluate arrays with evaluate()")
        self.expression = expression
        self.variables = list(expression.variables)
        # a derivative is computed beside its function: undefined where the function is (ln(x)' at -1)
        roots = [expression.raw] + ([expression.origin.raw] if expression.origin is not None else [])
        self._f = compile_graph(roots, [var(n) for n in self.variables])

    def __call__(self, *args, **values) -> float:
        if len(args) > len(self.variables):
            raise TypeError(f"{len(self.variables)} values expected, {len(args)} given")
        point = dict(zip(self.variables, args))
        for name, v in values.items():
            if name in point or name not in self.variables:
                raise InputError(f"{name} is given twice" if name in point else
                                 f"{name} is not a variable of the function ({', '.join(self.variables)})")
            point[name] = v
        try:
            results = self._f(*(float(point[n]) for n in self.variables))
        except (KeyError, ValueError, TypeError, ZeroDivisionError, OverflowError):
            results = (math.nan,)
        if not all(math.isfinite(r) for r in results):
            return self.expression.evaluate(point)  # the interpreter says what went wrong
        return results[0]
