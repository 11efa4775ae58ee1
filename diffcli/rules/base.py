"""What a table entry is, and the one registry that holds them all.

A ``Primitive`` is everything the program knows about one operation: how it
is spelt, how it is built in canonical form, its value on floats, and its
derivative, written once as symbolic partials (``d``). Everything else about
the derivative — the numbers the sweeps use, the text of trace rows and of
``--steps``, the rule's name — is derived from ``d`` by the passes, never
written again beside it.

Partials are per argument: ``d f(u, w) = d[0](u, w)*du + d[1](u, w)*dw``.
``d`` is one function for one argument, a tuple of functions for a fixed
number of arguments, or ``f(args, live)`` returning the partials for the
argument positions in ``live`` for a variadic primitive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from .. import algebra
from ..algebra import shape_of
from ..expr import Apply, Call, Num, num
from ..shapes import EXACT

VARIADIC = -1

# binding strength, as data: what printers consult to place parentheses
ADD, MUL, NEG, POW, ATOM = 10, 20, 25, 30, 40


@dataclass(frozen=True)
class Syntax:
    """How an operator is written, as data for the printers.

    ``form`` is the shape a printer gives it (``infix`` a + b, ``prefix`` -a,
    ``quotient`` a/b, ``power`` a^b: LaTeX writes the last two as
    structures); ``precedence`` is how tightly the operation binds; ``left``
    and ``right`` how tightly an operand must bind to go without parentheses
    there (a prefix operator has only ``right``).
    """

    symbol: str
    precedence: int
    left: int
    right: int
    form: str = "infix"


@dataclass(frozen=True)
class Chain:
    """Membership of a chain that canonical form gathers into one call (a - b + c).

    ``gather`` builds the whole chain from its operands (and names the
    family: sums, products); ``inverted`` says which argument enters it
    through ``invert`` (negated in a sum, reciprocal in a product).
    """

    gather: Callable
    invert: Callable
    inverted: tuple = (False, False)


@dataclass(eq=False)
class Primitive:
    name: str
    arity: int
    value: Callable[..., float]
    d: object
    build: Optional[Callable] = None
    spellings: tuple = ()
    python: Optional[str] = None  # templates: {0}, {1} the arguments, {*} all of them
    numpy: Optional[str] = None
    latex: Optional[str] = None
    exact: object = None  # {argument: value} at exact arguments, or a function of the nodes
    raise_to: Optional[Callable] = None  # (base node, exponent) -> node or None, for the power builder
    rule: str = ""
    syntax: Optional[Syntax] = None
    chain: Optional[Chain] = None
    kink: Optional[Callable[..., bool]] = None  # float arguments -> not differentiable here
    subgradient: object = None  # the derivative under the PyTorch/JAX convention at kinks
    inline: Optional[Callable] = None  # argument names -> Python computing exactly ``value``, or None
    text: str = ""  # how a call is written, when not the name (two entries spelt heaviside)
    linear: bool = False  # linear in each argument on its own (sums, products, negation)
    shape: Optional[Callable] = None  # (shape algebra, *argument shapes) -> shape; None: elementwise
    array_only: bool = False  # writing it says the input is about arrays (tr, det, .*, ')

    def __post_init__(self):
        if self.build is None:
            self.build = self._call
        self.text = self.text or self.name
        if isinstance(self.exact, dict):
            self.exact = _exact_points(self.exact)
        if self.syntax is None:
            self.python = self.python or f"math.{self.text}({{0}})"
            self.numpy = self.numpy or f"numpy.{self.text}({{0}})"
            self.latex = self.latex or rf"\operatorname{{{{{self.text}}}}}\left({{*}}\right)"
            if "{0}" not in self.latex and "{*}" not in self.latex:  # a name alone: \sin
                self.latex += r"\left({*}\right)"

    def _call(self, *args):
        return algebra.call(self, *args)

    def shape_of(self, *args) -> tuple:
        """The shape of this primitive applied to args, whose shapes are already consistent."""
        if self.shape is None:
            return shape_of(args)
        return self.shape(EXACT, *(a.shape for a in args))

    def __call__(self, *args):
        """The canonical node of this primitive applied to args: rules read as mathematics."""
        return self.build(*args)

    def __repr__(self):
        return f"<primitive {self.name}>"

    @property
    def rule_name(self) -> str:
        return self.rule or f"chain rule through {self.name}"

    @property
    def is_function(self) -> bool:
        return self.syntax is None

    def partials(self, args: tuple, live, subgradient: bool = False) -> list:
        """The partial derivatives by the arguments at positions ``live``, as canonical nodes."""
        d = self.subgradient if subgradient and self.subgradient is not None else self.d
        if self.arity == VARIADIC:
            return d(args, live)
        if callable(d):
            return [d(*args) for _ in live]
        return [d[i](*args) for i in live]


@dataclass(eq=False)
class Constant:
    """A named constant (pi, e)."""

    name: str
    value: float
    spellings: tuple = ()
    python: str = ""
    numpy: str = ""
    latex: str = ""
    raise_to: Optional[Callable] = None

    def __repr__(self):
        return f"<constant {self.name}>"


def _exact_points(points: dict):
    def exact(*args):
        a = args[0]
        if type(a) is Num and a.is_exact and a.value in points:
            v = points[a.value]
            return v() if callable(v) else num(v)
        return None

    return exact


# -- the registry -------------------------------------------------------------

TABLE: dict[str, Primitive] = {}
CONSTANTS: dict[str, Constant] = {}  # by every spelling
_SPELT: dict[str, list] = {}
_BY_KIND: dict = {}


def define(*args, **kw) -> Primitive:
    entry = Primitive(*args, **kw)
    if entry.name in TABLE:
        raise ValueError(f"{entry.name} is defined twice")
    TABLE[entry.name] = entry
    for spelling in ((entry.text,) if entry.is_function else ()) + entry.spellings:
        _SPELT.setdefault(spelling, []).append(entry)
    return entry


def define_constant(*args, **kw) -> Constant:
    entry = Constant(*args, **kw)
    for spelling in (entry.name, *entry.spellings):
        CONSTANTS[spelling] = entry
    return entry


def canonical_kind(kind, entry: Primitive):
    """The canonical node kind (Add, Mul, Pow) whose nodes follow this entry's rules."""
    _BY_KIND[kind] = entry


def rule_of(node) -> Primitive:
    """The table entry of an operation node, as written (Apply) or canonical."""
    t = type(node)
    if t is Apply or t is Call:
        return node.payload
    return _BY_KIND[t]


def lookup(spelling: str) -> list:
    """Entries a name spells when called like a function (log is ln and log base b)."""
    return _SPELT.get(spelling, [])


def function_names() -> list:
    return sorted(_SPELT)


def operations() -> list:
    """Every entry, for the tests and documentation that walk the whole table."""
    return list(TABLE.values())

