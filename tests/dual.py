"""Forward-mode automatic differentiation with dual numbers, independent of diffcli.

A program in diffcli's Python subset runs here as Python itself (``run``),
its inputs dual numbers: the value and the derivative come out together,
and every branch the run took is logged, so a test can tell whether a
finite difference crossed a branch boundary.
"""

from __future__ import annotations

import math


class Dual:
    __slots__ = ("v", "d", "log")

    def __init__(self, v, d=0.0, log=None):
        self.v, self.d, self.log = float(v), float(d), log

    def _lift(self, o):
        return o if isinstance(o, Dual) else Dual(o, 0.0, self.log)

    def __add__(self, o):
        o = self._lift(o)
        return Dual(self.v + o.v, self.d + o.d, self.log)

    __radd__ = __add__

    def __sub__(self, o):
        o = self._lift(o)
        return Dual(self.v - o.v, self.d - o.d, self.log)

    def __rsub__(self, o):
        return self._lift(o) - self

    def __mul__(self, o):
        o = self._lift(o)
        return Dual(self.v * o.v, self.d * o.v + self.v * o.d, self.log)

    __rmul__ = __mul__

    def __truediv__(self, o):
        o = self._lift(o)
        return Dual(self.v / o.v, (self.d * o.v - self.v * o.d) / (o.v * o.v), self.log)

    def __rtruediv__(self, o):
        return self._lift(o) / self

    def __neg__(self):
        return Dual(-self.v, -self.d, self.log)

    def __pos__(self):
        return self

    def __pow__(self, o):
        if isinstance(o, Dual):  # u^v = exp(v ln u)
            return exp(o * ln(self))
        return Dual(self.v ** o, o * self.v ** (o - 1) * self.d if o else 0.0, self.log)

    def __rpow__(self, o):
        return exp(self * math.log(o))

    # comparisons decide by the value, and are logged: the path the run took
    def _decide(self, result):
        if self.log is not None:
            self.log.append(result)
        return result

    def __lt__(self, o):
        return self._decide(self.v < _v(o))

    def __le__(self, o):
        return self._decide(self.v <= _v(o))

    def __gt__(self, o):
        return self._decide(self.v > _v(o))

    def __ge__(self, o):
        return self._decide(self.v >= _v(o))

    def __bool__(self):
        return self._decide(self.v != 0)


def _v(o):
    return o.v if isinstance(o, Dual) else o


def _unary(f, df):
    def fn(u):
        if not isinstance(u, Dual):
            return f(u)
        return Dual(f(u.v), df(u.v) * u.d, u.log)

    return fn


sin = _unary(math.sin, math.cos)
cos = _unary(math.cos, lambda x: -math.sin(x))
tanh = _unary(math.tanh, lambda x: 1 - math.tanh(x) ** 2)
exp = _unary(math.exp, math.exp)
ln = _unary(math.log, lambda x: 1 / x)
sqrt = _unary(math.sqrt, lambda x: 0.5 / math.sqrt(x))
abs_ = _unary(abs, lambda x: 1.0 if x > 0 else -1.0)

NAMESPACE = {"sin": sin, "cos": cos, "tanh": tanh, "exp": exp, "ln": ln, "sqrt": sqrt, "abs": abs_}


def run(program: str, point: dict, wrt: str | None = None, output: str | None = None):
    """(value, derivative by wrt, branches taken) of a program run as Python with dual inputs.

    The program is one of the tests' own, in the subset of Python diffcli reads (its '^' is
    Python's '**'); its last line is an expression, the output (or give ``output``, a name).
    """
    program = program.replace("^", "**")
    log: list = []
    env = dict(NAMESPACE)
    env.update({k: Dual(v, 1.0 if k == wrt else 0.0, log) for k, v in point.items()})
    lines = program.rstrip().split("\n")
    body, last = "\n".join(lines[:-1]), output or lines[-1].strip()
    exec(compile(body, "<test program>", "exec"), env)  # the test's own program text
    result = eval(last, env)  # noqa: S307 - the test's own expression
    if not isinstance(result, Dual):
        return float(result), 0.0, log
    return result.v, result.d, log
