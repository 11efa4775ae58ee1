"""Expression: a function of named variables, parsed from text or derived from one.

``str()`` is diffcli input (shared parts named when writing them out would
swell the text); in Jupyter it shows as LaTeX. Values are floats, or NumPy
arrays for arrays (a vector as a column). A derivative with more than two
indices (a matrix by a matrix) has no node: its text is index notation or
"(no matrix form)" and its value a NumPy array indexed [outputs..., inputs...].
"""

from __future__ import annotations

import math
from time import perf_counter

from . import diff as D
from .expansion import expand as _expand
from .derivatives import Tensor, derive, dims
from .errors import InputError, MathError
from .canonical import canonical_kept
from .expr import (MINUS_ONE, ZERO, Pow, Var, dag_size, free_vars, interned, interned_constants, interned_node,
                   postorder, release)
from .expression_tools import Tools
from .latex import LatexPrinter, latex_name
from .named_parts import print_program, used_parts
from .parse import Program, parse_program
from .pointvalues import check
from .printing import PythonPrinter, TextPrinter, to_text
from .rules import CONSTANTS, lookup
from .shape_pass import infer

# Above this many nodes a program's assigned intermediates stay whole in the
# canonical form: flattening them would copy every shared product into each
# product that uses it. Smaller programs read better flattened.
WHOLE_INTERMEDIATES_ABOVE = 30

_released_at = [100_000]  # intern-table size that triggers the next clean-up

# With more variables than this, a gradient is one symbolic reverse pass
# (linear in the size) instead of one derivative per variable.
REVERSE_GRADIENT_ABOVE = 4


class Expression(Tools):
    def __init__(self, node, raw=None, inputs=None, program: Program | None = None, origin=None,
                 subgradient: bool = False, shapes: dict | None = None, shape=None):
        self.node = node  # canonical form (None for a Tensor)
        self.raw = raw if raw is not None else node  # as written: what sweeps and traces follow
        self.variables = list(inputs) if inputs is not None else list(dict.fromkeys(free_vars(node)))
        self.program = program
        self.origin = origin  # for a derivative, the function it came from
        self.subgradient = subgradient
        self.shapes = shapes if shapes is not None else (program.shapes if program is not None else {})
        self.shape = shape if shape is not None else dims(node.shape)  # [] scalar, [n] vector, [m, n]
        self.kept = frozenset()  # a big program's intermediates: their derivatives stay whole too
        self.undefined = None  # why the input is undefined everywhere though its form lost the reason (0*ln(0))
        self._last_values = None  # (point, values or MathError): see _values_at
        self._raw_order = None
        self.stage_seconds = {}  # parsed: seconds spent reading the text ("parse") and in "canonical form"

    @classmethod
    def from_text(cls, text: str, shapes: dict | None = None, at: dict | None = None) -> "Expression":
        """Parse a formula or program (``diffcli.parse``)."""
        if not isinstance(text, str):
            raise InputError(f"parse takes the text of a formula or program, not {type(text).__name__}")
        if interned() > _released_at[0]:  # a long-running process: let go of what nobody holds
            release()
            _released_at[0] = max(100_000, 2 * interned())
        t0 = perf_counter()
        program = infer(parse_program(text, at), shapes)
        t1 = perf_counter()
        big = program.is_program and dag_size(program.output, WHOLE_INTERMEDIATES_ABOVE) > WHOLE_INTERMEDIATES_ABOVE
        node, kept = canonical_kept(program.output, program.names if big else ())
        made = cls(node, program.output, program.inputs, program)
        made.kept = kept
        made.undefined = _undefined_part(program.folded)
        made.stage_seconds = {"parse": t1 - t0, "canonical form": perf_counter() - t1}
        return made

    # -- text ----------------------------------------------------------------------
    def to_text(self, fmt: str = "text", cse: bool | None = None, numpy: bool = False,
                written: bool = False) -> str:
        """The expression in ``text``, ``latex`` or ``python``; shared parts named (t1 = ...).

        ``written`` prints the function as the user wrote it rather than its canonical form.
        """
        if fmt not in ("text", "latex", "python"):
            raise InputError(f"a text format is text, latex or python, not {fmt!r}")
        if isinstance(self.node, Tensor):
            return self.node.text()
        numpy = numpy or any(self.shapes.values())  # arrays are written for NumPy
        assigns, (text,) = texts([self], fmt, cse, numpy, written)
        return join_program(assigns, text, fmt)

    def _avoid(self):
        names = set(self.variables)
        if self.program is not None:
            names |= set(self.program.names.values())
        if self.origin is not None:
            names |= self.origin._avoid()
        return names

    def __str__(self):
        return self.to_text()

    def __repr__(self):
        text = self.to_text()
        return f"Expression({text[:200] + '...' if len(text) > 200 else text!r})"

    def __eq__(self, other):
        """The same function of the same variables: equal canonical forms (2*x == x*2)."""
        return isinstance(other, Expression) and self.node is other.node and self.variables == other.variables

    def __hash__(self):
        return hash((id(self.node), tuple(self.variables)))

    def latex(self) -> str:
        """The expression in LaTeX (shared parts as aligned lines t_{1} = ...)."""
        return self.to_text("latex")

    def python(self, numpy: bool = False) -> str:
        """A Python expression over math (or numpy), to paste; arrays always use NumPy."""
        return self.to_text("python", numpy=numpy)

    def _repr_latex_(self):
        text = self.latex()
        if "&=" in text:  # named shared parts: an aligned block
            text = "\\begin{aligned}" + text.replace(" \\\\\n", " \\\\ ") + "\\end{aligned}"
        return f"$\\displaystyle {text}$"

    # -- calculus ------------------------------------------------------------------
    def diff(self, *wrt: str, simplify: bool = True, subgradient: bool | None = None) -> "Expression":
        """The derivative by each variable in turn (two names: a mixed second derivative).

        With no name, the function must have exactly one variable. By an
        array: the gradient (of a scalar), the Jacobian (of a vector by a
        vector, rows outputs), or a Tensor. ``subgradient`` takes the
        convention of PyTorch and JAX at kinks.
        """
        subgradient = self.subgradient if subgradient is None else subgradient  # a derivative keeps it
        if not wrt and not self.variables:  # a constant
            return self._derived(ZERO, subgradient, [])
        wrt = wrt or (self._only_variable(),)
        for w in wrt:
            self.check_variable(w)
        node = self.node
        if not simplify and not any(self.shapes.get(w) for w in wrt):
            node = self.raw
            for w in wrt:
                node = D.diff_as_written(node, w, subgradient)
            return self._derived(_defined(node, "the derivative"), subgradient, self.shape)
        shape = self.shape
        for w in wrt:
            if isinstance(node, Tensor):
                raise InputError("a derivative with more than two indices cannot be differentiated again here")
            node, shape = derive(_defined(node, "the function"), w, self.shapes.get(w, ()), subgradient,
                                 self.kept if node is self.node else ())
        if not isinstance(node, Tensor):
            _defined(node, "the derivative")
        return self._derived(node, subgradient, shape)

    def gradient(self, variables=None, subgradient: bool = False) -> list:
        """One partial derivative per variable (all of them, in order of appearance, by default)."""
        names = list(variables) if variables is not None else self.variables
        for w in names:
            self.check_variable(w)
        if self.node.shape:
            return [self.diff(w, subgradient=subgradient) for w in names]
        _defined(self.node, "the function")
        arrays = any(self.shapes.get(w) for w in names)
        if arrays or len(names) > REVERSE_GRADIENT_ABOVE:  # one reverse pass for all of them
            nodes = D.gradient(self.node, names, subgradient)
        else:
            nodes = [D.diff(self.node, w, subgradient, self.kept) for w in names]  # as diff() makes them
        return [self._derived(_defined(n, "the derivative"), subgradient, dims(self.shapes.get(w, ())))
                for n, w in zip(nodes, names)]

    def hessian(self, variables=None, subgradient: bool = False) -> list:
        """The second derivatives, as rows of expressions; by default by the scalar and vector variables."""
        if self.node is not None and self.node.shape:
            raise InputError("a Hessian is of a scalar function; this one is an array: differentiate it twice, "
                             "one variable at a time")
        names = list(variables) if variables is not None else self.hessian_variables()
        return [[g.diff(w) for w in names] for g in self.gradient(names, subgradient)]

    def hessian_variables(self) -> list:
        """The variables a Hessian is taken by when none are named: scalars and vectors (matrices are data)."""
        small = [n for n in self.variables if len(dims(self.shapes.get(n, ()))) < 2]
        return small or self.variables

    def expand(self) -> "Expression":
        """Products and integer powers of sums multiplied out (ExpansionTooLarge past 5,000 terms)."""
        return self._derived(_expand(self.node), self.subgradient, self.shape, keep_origin=self.origin is not None)

    def _derived(self, node, subgradient, shape, keep_origin=True):
        origin = (self.origin or self) if keep_origin else None
        return Expression(node, None, self.variables, None, origin, subgradient, self.shapes, shape)

    def _only_variable(self) -> str:
        if len(self.variables) != 1:
            raise InputError(f"the function has {len(self.variables)} variables "
                             f"({', '.join(self.variables) or 'none'}): say which one to differentiate by")
        return self.variables[0]

    def whole(self):
        """Raise when the input as written is undefined everywhere, though its canonical form lost the reason."""
        why = (self.origin or self).undefined
        if why is not None:
            raise MathError(why)

    def check_variable(self, w: str):
        """A name one may differentiate by: not a constant, a function or a program's intermediate."""
        self.whole()
        if not isinstance(w, str) or not w.isidentifier():
            raise InputError(f"{w!r} is not a variable name")
        if w in CONSTANTS or lookup(w):
            what = f"the constant {CONSTANTS[w].name}" if w in CONSTANTS else "a function"
            raise InputError(f"{w} is {what}, not a variable: differentiate by a variable "
                             f"({', '.join(self.variables) or 'the function has none'})")
        if self.program is not None and w in self.program.names.values() and w not in self.variables:
            raise InputError(f"{w} is an intermediate of the program, not an input: differentiate with "
                             f"respect to an input ({', '.join(self.variables)})")

    # -- numbers -------------------------------------------------------------------
    def evaluate(self, point: dict | None = None, **values):
        """The value at a point: ``f.evaluate(x=2)`` or ``f.evaluate({"x": 2, "w": [1, -1]})``.

        A derivative is undefined wherever its function is (ln(x)' at x = -1),
        and at a kink of the function unless simplification removed the kink.
        """
        from . import evaluate as V  # only where there is a point: a one-line derivative does without

        point, sizes = self.checked({**(point or {}), **values})
        if self.origin is None:
            return self._values_at(point, sizes)[self.raw]
        function_values = self.origin._values_at(point, sizes)
        try:
            if isinstance(self.node, Tensor):
                return self.node.values(lambda e, extra: V.evaluate(e, {**point, **extra}, sizes=sizes), sizes)
            return full(V.evaluate(self.node, point, "the derivative: ", sizes), self.shape, sizes)
        except MathError:
            kink = V.find_kink(self.origin.raw, point, sizes, function_values, self.origin.raw_order())
            if kink is not None:
                raise V.kink_error(kink, point) from None
            raise

    def raw_order(self) -> list:
        """The function as written, children before parents (walked once: a long program's walk is long)."""
        if self._raw_order is None:
            self._raw_order = postorder(self.raw)
        return self._raw_order

    def _values_at(self, point: dict, sizes: dict) -> dict:
        """Every value of the function as written at a checked point (or its MathError).

        The last scalar point's are kept: a derivative evaluated beside its
        function (d --at) needs them again, and a long program's walk is long.
        """
        from . import evaluate as V

        key = (tuple(sorted((k, repr(v)) for k, v in point.items()))
               if all(type(v) in (int, float) for v in point.values()) else None)
        if key is not None and self._last_values is not None and self._last_values[0] == key:
            found = self._last_values[1]
            if isinstance(found, MathError):
                raise found
            return found
        try:
            found = V.values(self.raw, point, order=self.raw_order(), sizes=sizes)
        except MathError as e:
            self._last_values = (key, e) if key is not None else None
            raise
        self._last_values = (key, found) if key is not None else None
        return found

    def gradient_at(self, point: dict | None = None, subgradient: bool = False, **values) -> list:
        """The gradient's numbers at a point by one reverse sweep (the cheap gradient principle)."""
        if self.node is not None and self.node.shape:
            raise InputError("a gradient is of a scalar function; this one is an array: take diff() by each variable")
        from . import evaluate as V

        point, sizes = self.checked({**(point or {}), **values})
        sweep = V.reverse(self.raw, point, subgradient=subgradient, sizes=sizes)
        by_name = {n.name: sweep.adjoint.get(n, 0.0) for n in sweep.order if type(n) is Var}
        return [full(by_name.get(n, 0.0), dims(self.shapes.get(n, ())), sizes) for n in self.variables]

    def point(self, values: dict) -> dict:
        """A point checked against the variables: every one given, finite, arrays of the right shapes."""
        return self.checked(values)[0]

    def checked(self, values: dict) -> tuple[dict, dict]:
        """(point, sizes): the point, and the values of sizes left as names (n in X: nxn)."""
        self.whole()
        mentioned = self.program.mentioned if self.program is not None else set(self.variables)
        return check(values, self.variables, self.shapes, mentioned)


def _undefined_part(folded) -> str | None:
    """x + 0*ln(0) folds to x, yet as written it is undefined everywhere: the reason, or None."""
    try:
        _all_defined(list(dict.fromkeys(folded)), "the function")
    except MathError as e:
        return str(e)
    return None


def evaluate_all(expressions, point: dict) -> list:
    """The values of several expressions of one function (a gradient, a Hessian) at a point, in one pass."""
    from . import evaluate as V

    if not expressions:
        return []
    first = expressions[0]
    if any(e.origin is not first.origin or e.node is None or e.node.shape for e in expressions):
        return [e.evaluate(point) for e in expressions]
    point, sizes = first.checked(point)
    try:
        if first.origin is not None:
            first.origin._values_at(point, sizes)
        roots = [e.node for e in expressions]
        vals = V.values(roots[0], point, "the derivative: ", postorder(*roots), sizes)
        if all(math.isfinite(vals[r]) for r in roots):
            return [vals[r] for r in roots]
    except MathError:
        pass
    return [e.evaluate(point) for e in expressions]  # one at a time, to say which one fails and why


def texts(expressions, fmt: str = "text", cse: bool | None = None, numpy: bool = False,
          written: bool = False) -> tuple[list, list]:
    """(named shared parts, one text per expression): parts shared between them are named once."""
    avoid = set()
    for e in expressions:
        avoid |= e._avoid()
    kw = {"numpy": numpy} if fmt == "python" else {}
    nodes = [e.raw if written else e.node for e in expressions]
    printer = {"text": TextPrinter, "python": PythonPrinter, "latex": LatexPrinter}[fmt]
    tensors = {i: n.text() for i, n in enumerate(nodes) if isinstance(n, Tensor)}  # index notation, as is
    assigns, results = print_program([n for n in nodes if not isinstance(n, Tensor)], printer, cse=cse,
                                     avoid=avoid, **kw)
    it = iter(results)
    results = [tensors[i] if i in tensors else next(it) for i in range(len(nodes))]
    if fmt == "latex":
        assigns = [(latex_name(n), t) for n, t in assigns]
    return assigns, results


def join_program(assigns, result, fmt="text") -> str:
    """The named shared parts the result uses, and the result, as one text (a program in diffcli's syntax)."""
    assigns = used_parts(assigns, [result])
    if not assigns:
        return result
    if fmt == "python":
        return "\n".join([f"{n} = {t}" for n, t in assigns] + [result])
    if fmt == "latex":
        return " \\\\\n".join([f"{n} &= {t}" for n, t in assigns] + [result])
    return "; ".join([f"{n} = {t}" for n, t in assigns] + [result])


def full(value, shape: list, sizes: dict):
    """A value of the given dims ([] scalar, [n] a column, [m, n]): a scalar where an array is due
    (a zero gradient, a constant derivative) stands for an array full of it."""
    if not shape or len(shape) > 2:
        return value
    import numpy

    sizes_ = tuple(s if isinstance(s, int) else sizes[s] for s in shape)
    return numpy.broadcast_to(value, sizes_ if len(sizes_) == 2 else (sizes_[0], 1)).copy()


def _defined(node, what: str):
    """A constant 1/0 or ln(0) inside a result makes it undefined everywhere: reported, never printed."""
    if node is not None and node.has_var is not None:
        _all_defined([node], what)
    return node


def _all_defined(nodes, what: str):
    """_defined for several nodes at once: the undefined constants are found once, the nodes walked once."""
    one_over_zero = interned_node(Pow, None, (ZERO, MINUS_ONE))  # its one form: if never built, nowhere
    bad = {}
    if interned_constants():  # ln(0), (-8)^(1/3), ...: the few ever built; usually none (and no evaluate import)
        from .evaluate import undefined_constants

        bad = undefined_constants()
    if (one_over_zero is not None or bad) and nodes:
        for n in postorder(*nodes):
            if n is one_over_zero:
                raise MathError(f"{what} divides by zero everywhere (it contains 1/0)")
            if n in bad:
                raise MathError(f"{what} is undefined everywhere: it contains {to_text(n, limit=60)} ({bad[n]})")
