"""The library: what the command line and a notebook both call.

    >>> import diffcli
    >>> f = diffcli.parse("ln(x1)+x1*x2-sin(x2)")
    >>> str(f.diff("x1"))
    '1/x1 + x2'
    >>> f.diff("x1").evaluate(x1=2, x2=5)
    5.5

Errors are ``InputError`` (the input or a request is wrong) and
``MathError`` (undefined at the point, including ``KinkError``), both
``DiffcliError``; their messages name no command-line flag.
"""

from __future__ import annotations

import math

from . import diff as D
from . import evaluate as V
from .algebra import expand as _expand
from .canonical import canonical
from .errors import InputError, MathError
from .expr import ZERO, Num, Pow, dag_size, free_vars, interned, postorder, release, tree_size_log10
from .parse import Program, parse_constant, parse_program
from .shape_pass import infer
from .named_parts import print_program
from .numformat import describe_point, format_number  # noqa: F401  (for the views)
from .latex import LatexPrinter
from .printing import PythonPrinter, TextPrinter

# Above this many nodes a program's assigned intermediates stay whole in the
# canonical form: flattening them would copy every shared product into each
# product that uses it. Smaller programs read better flattened.
WHOLE_INTERMEDIATES_ABOVE = 30

# With more variables than this, a gradient is one symbolic reverse pass
# (linear in the size) instead of one derivative per variable.
REVERSE_GRADIENT_ABOVE = 4

_released_at = [100_000]  # intern-table size that triggers the next clean-up


def parse(text: str, shapes: dict | None = None) -> "Expression":
    """A formula or a program (statements separated by ';' or new lines; the last is the output).

    ``shapes`` declares arrays: {"X": (3, 2), "w": (2, 1), "A": ("n", "n")}; a
    vector is a column (n, 1). Programs may declare them too (``X: 3x2``).
    """
    if interned() > _released_at[0]:  # a long-running process: let go of what nobody holds
        release()
        _released_at[0] = max(100_000, 2 * interned())
    program = infer(parse_program(text), shapes)
    big = program.is_program and dag_size(program.output) > WHOLE_INTERMEDIATES_ABOVE
    node = canonical(program.output, program.names if big else ())
    return Expression(node, program.output, program.inputs, program)


class Expression:
    """A function of named variables: parsed from text, or a derivative of one.

    ``str()`` is diffcli input (shared parts named when writing them out
    would swell the text); in Jupyter it shows as LaTeX.
    """

    def __init__(self, node, raw=None, inputs=None, program: Program | None = None, origin=None,
                 subgradient: bool = False):
        self.node = node  # canonical form
        self.raw = raw if raw is not None else node  # as written: what sweeps and traces follow
        self.variables = list(inputs) if inputs is not None else _names(node)
        self.program = program
        self.origin = origin  # for a derivative, the function it came from
        self.subgradient = subgradient

    # -- text ----------------------------------------------------------------------
    def to_text(self, fmt: str = "text", cse: bool | None = None, numpy: bool = False,
                written: bool = False) -> str:
        """The expression in ``text``, ``latex`` or ``python``; shared parts named (t1 = ...).

        ``written`` prints the function as the user wrote it rather than its canonical form.
        """
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

    def latex(self) -> str:
        return self.to_text("latex")

    def python(self, numpy: bool = False) -> str:
        return self.to_text("python", numpy=numpy)

    def _repr_latex_(self):
        return f"$\\displaystyle {self.latex()}$"

    # -- calculus ------------------------------------------------------------------
    def diff(self, *wrt: str, simplify: bool = True, subgradient: bool = False) -> "Expression":
        """The derivative by each variable in turn (two names: a mixed second derivative).

        With no name, the function must have exactly one variable.
        ``subgradient`` takes the convention of PyTorch and JAX at kinks.
        """
        _check_defined(self.node, "the function")
        if not wrt and not self.variables:  # a constant
            return self._derived(ZERO, subgradient)
        wrt = wrt or (self._only_variable(),)
        for w in wrt:
            self._check_wrt(w)
        if simplify:
            node = self.node
            for w in wrt:
                node = D.diff(node, w, subgradient)
        else:
            node = self.raw
            for w in wrt:
                node = D.diff_as_written(node, w)
        _check_defined(node, "the derivative")
        return self._derived(node, subgradient)

    def gradient(self, variables=None, subgradient: bool = False) -> list:
        """One partial derivative per variable (all of them, in order of appearance, by default)."""
        names = list(variables) if variables is not None else self.variables
        for w in names:
            self._check_wrt(w)
        _check_defined(self.node, "the function")
        if len(names) > REVERSE_GRADIENT_ABOVE:
            nodes = D.gradient(self.node, names, subgradient)
        else:
            nodes = [D.diff(self.node, w, subgradient) for w in names]
        for n in nodes:
            _check_defined(n, "the derivative")
        return [self._derived(n, subgradient) for n in nodes]

    def hessian(self, variables=None) -> list:
        """The matrix of second partial derivatives, as rows of expressions."""
        names = list(variables) if variables is not None else self.variables
        firsts = self.gradient(names)
        return [[g.diff(w) for w in names] for g in firsts]

    def expand(self) -> "Expression":
        """Products and integer powers of sums multiplied out (ExpansionTooLarge past 5,000 terms)."""
        return self._derived(_expand(self.node), self.subgradient, keep_origin=self.origin is not None)

    def _derived(self, node, subgradient, keep_origin=True):
        origin = (self.origin or self) if keep_origin else None
        return Expression(node, None, self.variables, None, origin, subgradient)

    def _only_variable(self) -> str:
        if len(self.variables) != 1:
            raise InputError(f"the function has {len(self.variables)} variables "
                             f"({', '.join(self.variables) or 'none'}): say which one to differentiate by")
        return self.variables[0]

    def _check_wrt(self, w: str):
        if not isinstance(w, str) or not w.isidentifier():
            raise InputError(f"{w!r} is not a variable name")
        if self.program is not None and w in self.program.names.values() and w not in self.variables:
            raise InputError(f"{w} is an intermediate of the program, not an input: differentiate with "
                             f"respect to an input ({', '.join(self.variables)})")

    # -- numbers -------------------------------------------------------------------
    def evaluate(self, point: dict | None = None, **values) -> float:
        """The value at a point: ``f.evaluate(x=2)`` or ``f.evaluate({"x": 2})``.

        A derivative is undefined wherever its function is (ln(x)' at x = -1),
        and at a kink of the function unless simplification removed the kink.
        """
        point = self.point({**(point or {}), **values})
        if self.origin is None:
            return V.evaluate(self.raw, point)
        V.evaluate(self.origin.raw, point)
        try:
            return V.evaluate(self.node, point, what="the derivative: ")
        except MathError:
            kink = V.find_kink(self.origin.raw, point)
            if kink is not None:
                raise V.kink_error(kink, point) from None
            raise

    def gradient_at(self, point: dict | None = None, subgradient: bool = False, **values) -> list:
        """The gradient's numbers at a point by one reverse sweep (the cheap gradient principle)."""
        point = self.point({**(point or {}), **values})
        return V.gradient(self.raw, point, self.variables, subgradient)

    def point(self, values: dict) -> dict:
        """A point checked against the variables: every one given, a finite number, nothing unknown."""
        known = set(self.variables)
        mentioned = self.program.mentioned if self.program is not None else known
        out = {}
        for name, v in values.items():
            if name not in known and name not in mentioned:
                raise InputError(f"{name} is not a variable of the function "
                                 f"(its variables: {', '.join(self.variables) or 'none'})")
            try:
                v = float(v)
            except (TypeError, ValueError):
                raise InputError(f"the value of {name} is not a number: {v!r}") from None
            if not math.isfinite(v):
                raise InputError(f"the value of {name} is not a finite number")
            out[name] = v
        missing = [n for n in self.variables if n not in out]
        if missing:
            raise InputError(f"no value for {', '.join(missing)}")
        return {n: out[n] for n in self.variables}

    def trace(self, mode: str, at: dict, wrt: str | None = None, subgradient: bool = False):
        """The forward or reverse trace table at a point, as rows of data (HTML in a notebook)."""
        from . import trace as T

        if mode not in ("forward", "reverse"):
            raise InputError(f"a trace is 'forward' or 'reverse', not {mode!r}")
        if self.program is None:
            raise InputError("a trace follows the operations as written: trace the parsed function")
        if mode == "forward":
            wrt = wrt or self._only_variable()
            self._check_wrt(wrt)
        return T.build(self.program, self.point(at), mode, wrt, subgradient)

    def steps(self, wrt: str | None = None, subgradient: bool = False) -> list:
        """The first derivative worked out rule by rule."""
        from .steps import steps

        wrt = wrt or self._only_variable()
        self._check_wrt(wrt)
        return steps(self.raw, wrt, subgradient)

    def check(self, point: dict) -> list:
        """The derivative by each variable four ways at a point: symbolic, forward, reverse, central difference."""
        from .checks import compare

        return compare(self, self.point(point), self.variables)

    def check_answer(self, answer: "Expression", wrt: str | None = None):
        """Is ``answer`` this function's derivative by ``wrt``? Symbolically, or at random points."""
        from .checks import check_answer

        extra = [n for n in answer.variables if n not in self.variables]
        if extra:
            raise InputError(f"the answer uses {', '.join(extra)}, which the function does not have")
        return check_answer(self.diff(*([wrt] if wrt else [])).node, answer.node, self.variables)

    def graph(self, point: dict | None = None, wrt: str | None = None, fmt: str = "text"):
        """The computational graph numbered as the trace tables number it: lines of a tree, or Graphviz DOT."""
        from .graph import to_dot, to_tree

        if wrt is not None and wrt not in self.variables:
            raise InputError(f"{wrt} is not a variable of the function ({', '.join(self.variables)})")
        point = self.point(point) if point is not None else None
        return to_dot(self.program, point, wrt) if fmt == "dot" else to_tree(self.program, point, wrt)

    def sizes(self) -> dict:
        """Nodes as a graph, and log10 of the nodes written out as a tree (both as written, when parsed)."""
        return {"graph": dag_size(self.raw), "tree_log10": tree_size_log10(self.raw)}

    def compile(self):
        """A fast callable: ``f.compile()(x1=2, x2=5)`` or positionally in variable order."""
        from .compiled import Compiled

        return Compiled(self)


def texts(expressions, fmt: str = "text", cse: bool | None = None, numpy: bool = False,
          written: bool = False) -> tuple[list, list]:
    """(named shared parts, one text per expression): parts shared between them are named once."""
    avoid = set()
    for e in expressions:
        avoid |= e._avoid()
    kw = {"numpy": numpy} if fmt == "python" else {}
    nodes = [e.raw if written else e.node for e in expressions]
    printer = {"text": TextPrinter, "python": PythonPrinter, "latex": LatexPrinter}[fmt]
    return print_program(nodes, printer, cse=cse, avoid=avoid, **kw)


def join_program(assigns, result, fmt="text") -> str:
    """Named shared parts and the result as one text (a program in diffcli's own syntax)."""
    if not assigns:
        return result
    if fmt == "python":
        return "\n".join([f"{n} = {t}" for n, t in assigns] + [result])
    if fmt == "latex":
        return " \\\\\n".join([f"{n} &= {t}" for n, t in assigns] + [result])
    return "; ".join([f"{n} = {t}" for n, t in assigns] + [result])


def constant(text: str) -> float:
    """The value of a constant expression such as ``pi/2``."""
    try:
        v = V.evaluate(parse_constant(text), {})
    except MathError as e:
        raise InputError(f"{text.strip()} is not a finite number ({e})") from None
    if not math.isfinite(v):
        raise InputError(f"{text.strip()} is not a finite number")
    return v


def _names(node) -> list:
    return list(dict.fromkeys(free_vars(node)))


def _check_defined(node, what: str):
    """A constant 1/0 inside a result makes it undefined everywhere (never printed as infinity)."""
    for n in postorder(node):
        if type(n) is Pow and n.args[0] is ZERO and type(n.args[1]) is Num and n.args[1].value < 0:
            raise MathError(f"{what} divides by zero everywhere (it contains 1/0)")
