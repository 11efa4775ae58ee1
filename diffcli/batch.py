"""Many points at once: the graph compiled once, then run per point, or per column with NumPy.

Each kind of result is a straight-line function of the variables (compiled.py,
codegen.py) whose numbers are the interpreter's; a point where it fails or
gives a number that is not finite goes through the library's own one-point
path, which either finds the value after all (an operation in a branch not
taken) or raises the error that names the operation. So every row is exactly
what the same request at that one point gives.

With NumPy and many points the same code runs once on whole columns (the
table's NumPy functions instead of its float ones); rows whose numbers are
not all finite are run again one by one, for their value or their error.
"""

from __future__ import annotations

import math

from .compiled import reverse_code
from .codegen import Emitter
from .errors import InputError, MathError
from .expr import var
from .expression import evaluate_all

VECTORISE_FROM = 1000  # points; below this, compiling NumPy code costs more than it saves
_FAILURES = (KeyError, ValueError, TypeError, ZeroDivisionError, OverflowError)
_CHUNK = 256  # points between progress reports


class Many:
    """Results at many points of ``function``: ``values``, ``derivatives`` or ``gradients``.

    ``run(rows)`` (rows of numbers in ``function.variables`` order) gives, per
    row, a tuple of numbers or the MathError that row meets:
    values -> (f,), derivatives -> (derivative, f), gradients -> (f, df/dv1, ...).
    """

    def __init__(self, function, kind: str, derivative=None, partials=None, subgradient: bool = False):
        if function.node is None or any(function.shapes.values()):
            raise InputError("many points at once are for functions of scalars; give arrays one point at a time")
        if kind not in ("values", "derivatives", "gradients"):
            raise InputError(f"many points give values, derivatives or gradients, not {kind!r}")
        self.function, self.kind = function, kind
        self.derivative, self.partials, self.subgradient = derivative, list(partials or ()), subgradient
        self.variables = list(function.variables)
        self.width = {"values": 1, "derivatives": 2, "gradients": 1 + len(self.variables)}[kind]
        # what the code returns before any watched intermediates: the row, then the symbolic partials
        self.outputs = self.width + (len(self.partials) if kind == "gradients" else 0)
        self._code = {}

    # -- the code, once per implementation ---------------------------------------------
    def code(self, impl=None):
        """The function of the variables' values giving the row's numbers (then checks not in the row)."""
        key = impl is not None
        if key not in self._code:
            self._code[key] = self._build(impl)
        return self._code[key]

    def _build(self, impl):
        """The code; on columns (``impl`` NumPy's) it also returns every intermediate after the results:
        NumPy gives inf or NaN where a float function raises (1/0, ln(-1)), and a later operation may hide
        it (sign(1/0) is 1), so a row with any such intermediate goes the one-point way."""
        f, watch = self.function, impl is not None
        if self.kind == "gradients":  # the reverse sweep's numbers; the symbolic partials must be defined too
            return reverse_code(f.raw, self.variables, self.subgradient, [p.node for p in self.partials], impl,
                                watch)
        roots = [f.raw] if self.kind == "values" else [self.derivative.node, f.raw]
        e = Emitter(impl)
        params = [f"p{i}" for i in range(len(self.variables))]
        results = e.emit(roots, {var(n): p for n, p in zip(self.variables, params)})
        return e.function(params, results + (e.assigned() if watch else []))

    # -- one point, as the library computes it alone -----------------------------------
    def exact(self, row):
        """The row's numbers by the one-point path, or the MathError it raises."""
        f = self.function
        point = dict(zip(self.variables, row))
        try:
            if self.kind == "values":
                return (f.evaluate(point),)
            if self.kind == "derivatives":
                fvalue = f.evaluate(point)
                return (self.derivative.evaluate(point), fvalue)
            fvalue = f.evaluate(point)
            evaluate_all(self.partials, point)
            return (fvalue, *f.gradient_at(point, self.subgradient))
        except MathError as e:
            return e

    # -- many points -------------------------------------------------------------------
    def run(self, rows, progress=None, vectorise: bool | None = None) -> list:
        """One result per row; ``progress(done, total)`` is called as rows are finished."""
        rows = list(rows)
        if vectorise is None:
            vectorise = len(rows) >= VECTORISE_FROM
        if vectorise:
            out = self._columns(rows)
            if out is not None:
                if progress:
                    progress(len(rows), len(rows))
                return out
        return self._rows(rows, progress)

    def _rows(self, rows, progress=None) -> list:
        fn, width, out = self.code(), self.width, []
        for start in range(0, len(rows), _CHUNK):
            for row in rows[start:start + _CHUNK]:
                out.append(self._one(fn, row, width))
            if progress:
                progress(len(out), len(rows))
        return out

    def _one(self, fn, row, width):
        try:
            r = fn(*row)
            if math.isfinite(sum(r)):  # any inf or NaN among them makes the sum one
                return r[:width] if len(r) > width else r
        except _FAILURES:
            pass
        return self.exact(row)

    def _columns(self, rows):
        """The whole batch with NumPy, or None when the code cannot run on columns."""
        try:
            from . import array_eval
            import numpy
        except ImportError:  # pragma: no cover - NumPy is a dependency; without it, row by row
            return None
        n = len(rows)
        try:
            fn = self.code(array_eval.implementation)
            columns = numpy.array(rows, dtype=float).reshape(n, len(self.variables)).T
            with numpy.errstate(all="ignore"):
                results = fn(*columns)
                table = numpy.empty((n, self.outputs))
                for j, r in enumerate(results[:self.outputs]):
                    table[:, j] = r  # a constant result broadcasts
                good = numpy.isfinite(table).all(axis=1)
                for r in results[self.outputs:]:
                    good &= numpy.isfinite(r)
        except (*_FAILURES, ArithmeticError):
            return None  # an operation with no NumPy form: row by row instead
        out = list(map(tuple, table[:, :self.width].tolist()))
        if not good.all():
            fn1 = self.code()
            for i in numpy.flatnonzero(~good).tolist():
                out[i] = self._one(fn1, rows[i], self.width)
        return out
