"""An expression compiled once to straight-line Python, for evaluating at many points.

``Compiled`` computes the value and, on request, the gradient by the reverse
sweep, written out as code: the forward statements (one per node), then for
each operation its entry's partials (the same graphs the interpreted sweep
compiles, ``partials.partial_graph``) and the adjoint updates, in the order the
interpreter makes them. So the numbers are the interpreter's, bit for bit;
where the code meets a domain error or a number that is not finite, the
interpreter runs instead and reports the failure as evaluation does.
"""

from __future__ import annotations

import math

from .codegen import Emitter
from .errors import InputError
from .evaluate import reverse
from .expr import Var, postorder, var
from .partials import arguments_of, constant_places, partial_graph, same_places
from .rules import rule_of

_FAILURES = (KeyError, ValueError, TypeError, ZeroDivisionError, OverflowError)


class Compiled:
    """``f.compile()``: call with the variables' values, positionally (in ``variables`` order) or by name;
    ``gradient(...)`` gives (value, [df/dx for each variable])."""

    def __init__(self, expression):
        if expression.node is None or any(expression.shapes.values()):
            raise InputError("compiling is for scalar functions; evaluate arrays with evaluate()")
        self.expression = expression
        self.variables = list(expression.variables)
        # a derivative is computed beside its function: undefined where the function is (ln(x)' at -1)
        roots = [expression.raw] + ([expression.origin.raw] if expression.origin is not None else [])
        e = Emitter()
        names = {var(n): f"p{i}" for i, n in enumerate(self.variables)}
        self._f = e.function(list(names.values()), e.emit(roots, names))
        self._g = None

    def _point(self, args, values) -> dict:
        if len(args) > len(self.variables):
            raise TypeError(f"{len(self.variables)} values expected, {len(args)} given")
        point = dict(zip(self.variables, args))
        for name, v in values.items():
            if name in point or name not in self.variables:
                raise InputError(f"{name} is given twice" if name in point else
                                 f"{name} is not a variable of the function ({', '.join(self.variables)})")
            point[name] = v
        return point

    def _numbers(self, args, values) -> list:
        if not values and len(args) == len(self.variables):  # positional: no dictionary on the way
            return list(map(float, args))
        point = self._point(args, values)
        return [float(point[n]) for n in self.variables]

    def __call__(self, *args, **values) -> float:
        try:
            results = self._f(*self._numbers(args, values))
            if _finite(results):
                return results[0]
        except _FAILURES:
            pass
        return self.expression.evaluate(self._point(args, values))  # the interpreter says what went wrong

    def gradient(self, *args, subgradient: bool = False, **values):
        """(value, gradient) by the reverse sweep, compiled: the cheap gradient principle at full speed."""
        if self._g is None or self._g[0] != subgradient:
            self._g = (subgradient, reverse_code(self.expression.raw, self.variables, subgradient))
        try:
            out = self._g[1](*self._numbers(args, values))
            if _finite(out):
                return out[0], list(out[1:])
        except _FAILURES:
            pass
        point = self._point(args, values)
        sweep = reverse(self.expression.raw, self.expression.point(point), subgradient=subgradient)
        by_name = {n.name: sweep.adjoint.get(n, 0.0) for n in sweep.order if type(n) is Var}
        return sweep.value[self.expression.raw], [by_name.get(n, 0.0) for n in self.variables]


def _finite(numbers) -> bool:
    total = sum(numbers)  # an inf or a NaN among them makes the sum one; a finite sum says all are finite
    return total - total == 0.0 or all(map(math.isfinite, numbers))


def _literal(code: str) -> bool:
    try:
        float(code)
    except ValueError:
        return False
    return True


def reverse_code(root, variables: list, subgradient: bool = False, extra=(), impl=None, watch: bool = False):
    """A function of the variables' values returning (value, *gradient, *extra values): the reverse sweep
    as code. ``impl`` as in ``Emitter`` (NumPy's functions: the same code on whole columns); ``watch``
    also returns every intermediate, whose values NumPy does not check as the float functions do."""
    e = Emitter(impl)
    inputs = {var(n): f"p{i}" for i, n in enumerate(variables)}
    names = dict(inputs)
    order = postorder(root)
    [value, *others] = e.emit([root, *extra], names)
    bars: dict = {root: "1.0"}
    for node in reversed(order):
        if not node.args or node not in bars:
            continue
        live = tuple(i for i, a in enumerate(node.args) if a.has_var)
        if not live:
            continue
        same = same_places(node)
        parts, params, with_out = partial_graph(rule_of(node), len(node.args), live, subgradient, same,
                                                constant_places(node))
        local = dict(zip(params, ([names[node]] if with_out else []) + [names[a] for a in arguments_of(node, same)]))
        aliased = False
        for i, p in zip(live, e.emit(list(parts), local)):
            a, bar = node.args[i], bars[node]
            # times 1 and times -1 are exact: no multiplication (the numbers stay the interpreter's)
            c = bar if p == "1.0" else f"-{bar}" if p == "-1.0" else p if bar == "1.0" else f"{bar} * {p}"
            if a in bars:
                if _literal(bars[a]):
                    bars[a], old = e.fresh("b"), bars[a]
                    e.lines.append(f"    {bars[a]} = {old} + {c}")
                else:
                    e.lines.append(f"    {bars[a]} = {bars[a]} + {c}")
            elif _literal(c):  # a number (1.0, -1.0, 100.0): written where it is used, no statement
                bars[a] = c
            elif c == bar and not aliased and bar != "1.0" and node.args.count(a) == 1:
                # the argument's adjoint is the node's, by name: the node's is read no more after this
                # (an argument written twice would update the name while the node still reads it)
                bars[a], aliased = bar, True
            else:
                bars[a] = e.fresh("b")
                e.lines.append(f"    {bars[a]} = {c}")
    grads = [bars.get(v, "0.0") for v in inputs]
    return e.function(list(inputs.values()), [value, *grads, *others, *(e.assigned() if watch else [])])
