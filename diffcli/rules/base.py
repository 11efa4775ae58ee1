"""What a table entry is, and the one registry that holds them all.

A ``Primitive`` is everything the program knows about one operation: how it
is spelt, how it is built in canonical form, its value, its shape rule, and
its derivative, written once in ONE of three ways (as JAX keeps one rule
beside each primitive):

* ``d``: partials per argument, for elementwise operations (every scalar
  function, lifted to arrays entry by entry): ``d f(u, w) = d[0](u, w) .* du
  + d[1](u, w) .* dw``. One function for one argument, a tuple of functions
  for a fixed number of arguments, or ``f(args, live)`` returning the
  partials at the positions in ``live`` for a variadic primitive.
* ``transpose``: for an operation linear in each argument (the matrix
  product, transpose, sum, trace, diag): its adjoint, the cotangent of an
  argument given the output's cotangent ``g``. Its forward derivative
  follows from linearity: the operation applied to the tangent.
* ``jvp``: for any other operation (inv, det, softmax ...): its tangent
  ``jvp(args, tangents)`` written with linear operations; the reverse
  rule is derived by transposing it.

Everything else about the derivative — the numbers the sweeps use, the text
of trace rows and of ``--steps``, the rule's name, the reverse rule of a
``jvp`` — is derived by the passes, never written again beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from .. import algebra
from ..algebra import shape_of
from ..expr import ONE, Apply, Call, Size, Var
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
    exact: Optional[Callable] = None  # argument nodes -> the exact value (sin(0) = 0), or None
    raise_to: Optional[Callable] = None  # (base node, exponent) -> node or None, for the power builder
    # (call node, {base: exponent} of the product it is a factor of) -> (bases it consumes, their product)
    # or None, for the product builder: exp(a)*exp(b) = exp(a + b)
    times: Optional[Callable] = None
    rule: str = ""
    syntax: Optional[Syntax] = None
    chain: Optional[Chain] = None
    kink: Optional[Callable[..., bool]] = None  # float arguments -> not differentiable here
    subgradient: object = None  # the derivative under the PyTorch/JAX convention at kinks
    inline: Optional[Callable] = None  # argument names -> Python computing exactly ``value``, or None
    text: str = ""  # how a call is written, when not the name (two entries spelt heaviside)
    linear: bool = False  # linear in each argument on its own (sums, products, negation)
    power: object = None  # the entry is u^power (sqrt: 1/2): canonical as that power, printed by this name
    shape: Optional[Callable] = None  # (shape algebra, *argument shapes) -> shape; None: elementwise
    array_only: bool = False  # writing it says the input is about arrays (tr, det, .*, ')
    transpose: object = None  # linear operations: cotangents of the arguments (see above)
    jvp: Optional[Callable] = None  # other operations: (args, tangents or None) -> tangent
    written_shape: Optional[Callable] = None  # extra checks of the operation as written (x^2 on a vector)
    arrays_mean: object = None  # the operation meant when both operands are arrays ('*' is the matrix product)
    transposes: Optional[Callable] = None  # (node, transposed args) -> node', where it is not X' itself
    sizes: int = 0  # trailing Size arguments taken from context (vector(c) has its length)
    is_identity: bool = False  # the identity of the matrix product (eye)
    inverts: bool = False  # f(A)*A = A*f(A) = I in a matrix product (inv)
    unit: Optional[Callable] = None  # node -> it is an array of ones, neutral in an elementwise product
    zeros: Optional[Callable] = None  # (node, shape) -> an array of zeros of the shape, if node is one
    array_value: Optional[Callable] = None  # the value on NumPy arrays, where ``value`` is for floats
    detached: bool = False  # its derivative is zero by definition, not by its value (detach)
    ones_product: Optional[Callable] = None  # (node, ones on the left?) -> node*ones or ones'*node (diag)
    # control flow (rules/control.py): what branches of a program become
    truth: bool = False  # its value is a truth value, 1 or 0 (comparisons, and, or, not)
    boundary: Optional[Callable[..., bool]] = None  # float arguments -> on the boundary where it flips
    lazy: bool = False  # its value may not need every argument (where): evaluated around undefined ones
    absorb: Optional[Callable] = None  # (node, factor) -> node*factor as one node, or None (product builder)
    join: Optional[Callable] = None  # (terms, all calls of it) -> fewer terms, or None (sum builder)
    # (args, i, t) -> the partial by argument i times t, built at once, where ``d`` is written with it
    # (a product's partial is the other factors: times t, one product and no partial left over)
    d_times: Optional[Callable] = None

    @property
    def scalar(self) -> bool:
        """An operation on scalars (lifted elementwise to arrays), as opposed to one made for arrays."""
        return self.shape is None and not self.array_only and not self.sizes
    def __post_init__(self):
        if self.build is None:
            self.build = self._call
        self.text = self.text or self.name
        if self.syntax is None:
            self.python = self.python or f"math.{self.text}({{0}})"
            self.numpy = self.numpy or f"numpy.{self.text}({{0}})"
            self.latex = self.latex or rf"\operatorname{{{{{self.text}}}}}\left({{*}}\right)"
            if "{0}" not in self.latex and "{*}" not in self.latex:  # a name alone: \sin
                self.latex += r"\left({*}\right)"
        if self.transposes is None and self.shape is None:  # elementwise: f(X)' = f(X')
            self.transposes = lambda node, *targs: self.build(*targs)

    def _call(self, *args):
        return algebra.call(self, *args)

    def shape_of(self, *args) -> tuple:
        """The shape of this primitive applied to args, whose shapes are already consistent."""
        if self.shape is None:
            return shape_of(args)
        return self.shape(EXACT, *(a.payload if type(a) is Size else a.shape for a in args))

    def __call__(self, *args):
        """The canonical node of this primitive applied to args: rules read as mathematics."""
        return self.build(*args)

    def __repr__(self):
        return f"<primitive {self.name}>"

    @property
    def rule_name(self) -> str:
        return self.rule or f"chain rule through {self.text}"

    @property
    def is_function(self) -> bool:
        return self.syntax is None

    def _rule(self, written, subgradient):
        return self.subgradient if subgradient and self.subgradient is not None else written

    def partials(self, args: tuple, live, subgradient: bool = False) -> list:
        """The partial derivatives by the arguments at positions ``live``, as canonical nodes."""
        return _per_argument(self._rule(self.d, subgradient), self.arity, args, live)

    def partials_times(self, args: tuple, live, tangents: list, subgradient: bool = False, keep=()) -> list:
        """Each partial at ``live`` times its argument's tangent (``tangents`` by position)."""
        if self.d_times is not None and self._rule(self.d, subgradient) is self.d:
            return [self.d_times(args, i, tangents[i], keep) for i in live]
        return [t if p is ONE else algebra.mul(p, t, keep=keep)
                for p, t in zip(self.partials(args, live, subgradient), (tangents[i] for i in live))]

    def adjoints(self, g, args: tuple, live) -> list:
        """A linear operation's cotangents of the arguments at ``live`` for the output's cotangent g."""
        return _per_argument(self.transpose, self.arity, args, live, g)

    def tangent(self, args: tuple, tangents: list, subgradient: bool = False):
        """An operation's tangent (``jvp``) for the arguments' tangents (None where constant)."""
        return self._rule(self.jvp, subgradient)(args, tangents)


def _per_argument(rule, arity, args, live, *g):
    if arity == VARIADIC:
        return rule(*g, args, live)
    if callable(rule):
        return [rule(*g, *args) for _ in live]
    return [rule[i](*g, *args) for i in live]


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


# -- the registry -------------------------------------------------------------

TABLE: dict[str, Primitive] = {}
CONSTANTS: dict[str, Constant] = {}  # by every spelling
_SPELT: dict[str, list] = {}
_BY_KIND: dict = {}
_POWERS: dict = {}  # exponent -> the entry that spells u^exponent (1/2: sqrt)


def define(*args, **kw) -> Primitive:
    entry = Primitive(*args, **kw)
    if entry.name in TABLE:
        raise ValueError(f"{entry.name} is defined twice")
    TABLE[entry.name] = entry
    for spelling in ((entry.text,) if entry.is_function else ()) + entry.spellings:
        _SPELT.setdefault(spelling, []).append(entry)
    if entry.power is not None:
        _POWERS[entry.power] = entry
    return entry


def define_constant(*args, **kw) -> Constant:
    entry = Constant(*args, **kw)
    for spelling in (entry.name, *entry.spellings):
        CONSTANTS[spelling] = entry
    return entry


def canonical_kind(kind, entry: Primitive):
    """The canonical node kind (Add, Mul, Pow) whose nodes follow this entry's rules."""
    _BY_KIND[kind] = entry


def is_stand_in(node) -> bool:
    """A placeholder a pass puts in for an argument (the sweeps' #0, #1): '#' starts no user's name."""
    return type(node) is Var and node.name.startswith("#")


def rule_of(node) -> Primitive:
    """The table entry of an operation node, as written (Apply) or canonical."""
    t = type(node)
    if t is Apply or t is Call:
        return node.payload
    return _BY_KIND[t]


def spelt_power(exponent):
    """The entry that writes u^exponent as a function (sqrt for 1/2), or None."""
    return _POWERS.get(exponent.value) if exponent.is_exact else None


def lookup(spelling: str) -> list:
    """Entries a name spells when called like a function (log is ln and log base b)."""
    return _SPELT.get(spelling, [])


def function_names() -> list:
    return sorted(_SPELT)


def operations() -> list:
    """Every entry, for the tests and documentation that walk the whole table."""
    return list(TABLE.values())

