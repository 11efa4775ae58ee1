"""Immutable, hash-consed expression nodes.

Building the same node twice returns the same object, so equality is
identity and a subexpression used twice is one node: every expression is a
DAG. Two families share the machinery:

* canonical nodes (Num, Var, Const, Add, Mul, Pow, Call, and for arrays
  MatMul and Transpose), produced by the builders in ``algebra`` and used
  for symbolic work;
* ``Apply`` nodes, one per operation as the user wrote it, used for
  evaluation sweeps and trace tables.

Nothing here recurses: ``postorder`` walks a DAG with an explicit stack.
The intern tables hold every node built; ``release`` lets go of those
nobody else holds, so a long-running process does not grow without bound.
"""

from __future__ import annotations

import math
import sys
import zlib
from fractions import Fraction

_MASK = (1 << 30) - 1  # digests fit a one-digit int: 8 bytes less per node
# One table per (kind, payload), keyed by the arguments tuple itself (or the
# leaf's value), so that interning costs no key object beyond what the node
# already holds: on a 10^5-statement program that is a third of the memory.
_tables: dict = {}


def _mix(h: int, x: int) -> int:
    return ((h ^ (x & _MASK)) * 0x100000001B3) & _MASK


def _text_digest(s: str) -> int:
    # str hashes are randomised per process; crc32 keeps order stable across runs
    return zlib.crc32(s.encode())


class Expr:
    """Base of all nodes. Subclasses set RANK (for canonical ordering)."""

    __slots__ = ("args", "payload", "digest", "lead", "has_var", "shape")
    RANK = 99
    args: tuple
    payload: object

    def __new__(cls, *a, **k):  # pragma: no cover - construction goes through make()
        raise TypeError("use the builders, nodes are interned")

    @classmethod
    def make(cls, payload, args: tuple = (), shape: tuple = ()):
        """The one node of this kind, payload and arguments; ``shape`` is set by whoever builds it first.

        A node's shape follows from its kind and arguments, so it is not part
        of the key (a variable's shape is part of its payload).
        """
        if args:
            table_key, key = (cls, payload), args
        else:  # a leaf: Fraction(1) and 1.0 are equal as keys, so the type is part of it
            table_key, key = (cls, type(payload)), payload
        table = _tables.get(table_key)
        if table is None:
            table = _tables[table_key] = {}
        node = table.get(key)
        if node is None:
            node = object.__new__(cls)
            node.payload = payload
            node.args = args
            node.shape = shape
            h = _mix(cls.RANK + 7, node._payload_digest())
            lead = node._own_lead()
            has_var = isinstance(node, Var)
            for a in args:
                h = ((h ^ a.digest) * 0x100000001B3) & _MASK  # _mix, written out: this loop is the hottest
                if a.lead and (not lead or a.lead < lead):
                    lead = a.lead
                has_var = has_var or a.has_var
            node.digest = h
            node.lead = lead
            node.has_var = has_var
            table[key] = node
        return node

    def _payload_digest(self) -> int:
        return 0

    def _own_lead(self) -> str:
        return ""

    def sort_key(self):
        """Deterministic order for the terms of a sum and the factors of a product."""
        return (self.lead, self.RANK, self._label(), self.digest)

    def _label(self) -> str:
        return ""

    def __repr__(self):
        head = getattr(self.payload, "name", self.payload)
        return f"<{type(self).__name__} {head}{f' of {len(self.args)}' if self.args else ''}>"

    def __reduce__(self):  # pragma: no cover
        raise TypeError("nodes are interned and cannot be pickled")


class Num(Expr):
    """An exact number (an int, a Fraction only when not an integer: faster) or, past the exact limits, a float."""

    __slots__ = ()
    RANK = 0

    @property
    def value(self):
        return self.payload

    def _payload_digest(self):
        # not hash(): it maps -1 and -2 alike; an int digests as Fraction(n, 1) did: the same canonical order
        v = self.payload
        return _text_digest(f"Fraction({v}, 1)" if type(v) is int else repr(v))

    @property
    def is_exact(self) -> bool:
        return type(self.payload) is not float

    def __float__(self) -> float:
        try:
            return float(self.payload)
        except OverflowError:  # an exact number past the largest double: IEEE says infinity
            return math.inf if self.payload > 0 else -math.inf


class Var(Expr):
    """A variable: its payload is its name, or (name, shape) for an array."""

    __slots__ = ()
    RANK = 2

    @property
    def name(self) -> str:
        p = self.payload
        return p if type(p) is str else p[0]

    def _payload_digest(self):
        return _text_digest(repr(self.payload))

    def _own_lead(self):
        return self.name


class Size(Expr):
    """A size (a number or a name), an argument of the constant arrays vector(c), matrix(c), eye."""

    __slots__ = ()
    RANK = 0

    def _payload_digest(self):
        return _text_digest(repr(self.payload))


class Const(Expr):
    """A named mathematical constant (pi, e): its payload is the constant's table entry."""

    __slots__ = ()
    RANK = 1

    @property
    def name(self) -> str:
        return self.payload.name

    def _payload_digest(self):
        return _text_digest(self.payload.name)

    def _label(self):
        return self.payload.name


class Add(Expr):
    __slots__ = ()
    RANK = 6


class Mul(Expr):
    __slots__ = ()
    RANK = 5


class Pow(Expr):
    __slots__ = ()
    RANK = 3

    @property
    def base(self):
        return self.args[0]

    @property
    def exp(self):
        return self.args[1]


class Call(Expr):
    """A function from the table applied to canonical arguments."""

    __slots__ = ()
    RANK = 4

    @property
    def fn(self):
        return self.payload

    def _payload_digest(self):
        return _text_digest(self.payload.name)

    def _label(self):
        return self.payload.name


class MatMul(Expr):
    """A matrix product of two or more arrays, in order (scalar factors live outside it)."""

    __slots__ = ()
    RANK = 5


class Transpose(Expr):
    __slots__ = ()
    RANK = 2


class Apply(Expr):
    """One operation as written: an operator or function applied to operands."""

    __slots__ = ()
    RANK = 7

    @property
    def prim(self):
        return self.payload

    def _payload_digest(self):
        return _text_digest(self.payload.name)

    def _label(self):
        return self.payload.name


def num(value) -> Num:
    if type(value) is not int and type(value) is not float:
        value = value if type(value) is Fraction else float(value) if isinstance(value, float) else Fraction(value)
        if type(value) is Fraction:  # bool, NumPy integers too (Fraction(numpy.int32(3)).numerator is numpy's)
            value = int(value) if value.denominator == 1 else Fraction(int(value.numerator), int(value.denominator))
    return Num.make(value)


def var(name: str, shape: tuple = ()) -> Var:
    return Var.make(name if not shape else (name, shape), (), shape)


def size(value) -> Size:
    return Size.make(value)


def const(entry) -> Const:
    return Const.make(entry)


def written(prim, *args):
    """One operation as the user wrote it; an operation on constants folds to its canonical value."""
    for a in args:
        if a.has_var:
            return Apply.make(prim, args, prim.shape_of(*args))
    return prim.build(*args)


ZERO = num(0)
ONE = num(1)
MINUS_ONE = num(-1)


def interned_node(cls, payload, args: tuple):
    """The node if it has been built (and is still held), else None: nothing is built here."""
    table = _tables.get((cls, payload) if args else (cls, type(payload)))
    return None if table is None else table.get(args if args else payload)


def interned_constants():
    """Every operation node built without a variable (ln(2), 2^(1/2)) and still held: few of them."""
    tables = [t for (cls, _), t in list(_tables.items()) if cls is Call or cls is Pow]
    return [n for t in tables for n in list(t.values()) if not n.has_var]


def release() -> int:
    """Forget the interned nodes that only the intern tables still hold; return how many.

    A node's reference count says whether anything besides its table holds
    it; the count a table alone gives is measured on a probe, so it is right
    for this interpreter. Freeing a node may free its arguments: they are
    checked at once (an explicit stack), so a freed chain goes in one pass.
    """
    probe = {0: object()}
    alone = _count(probe, 0)
    freed = 0
    for table in list(_tables.values()):
        keys = list(table)
        while keys:
            freed += _free(table, keys.pop(), alone)
    return freed


def _count(table, key) -> int:
    node = table[key]
    return sys.getrefcount(node)


def _free(table, key, alone: int) -> int:
    freed = 0
    work = [(table, key)]
    del key
    while work:
        table, key = work.pop()
        if key not in table or _count(table, key) > alone:
            continue
        args = table.pop(key).args
        del key
        freed += 1
        work.extend([(_table_of(a), a.args if a.args else a.payload) for a in args])
        del args
    return freed


def _table_of(node):
    cls = type(node)
    return _tables[(cls, node.payload) if node.args else (cls, type(node.payload))]


def interned() -> int:
    return sum(len(t) for t in _tables.values())


def postorder(*roots):
    """Each node reachable from roots once, children before parents, left to right."""
    seen = set()
    out = []
    for root in roots:
        if root in seen:
            continue
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                out.append(node)
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            for child in reversed(node.args):
                if child not in seen:
                    stack.append((child, False))
    return out


def postorder_uses(root):
    """(postorder, uses): uses[node] counts the references to node from its parents."""
    order = postorder(root)  # its visited set is freed before the counts are built
    uses = dict.fromkeys(order, 0)
    for node in order:
        for a in node.args:
            uses[a] += 1
    return order, uses


def free_vars(root) -> list[str]:
    """Variable names in order of first appearance (left to right as written)."""
    names = []
    for node in postorder(root):
        if isinstance(node, Var):
            names.append(node.name)
    return names


def dag_size(root, past=None) -> int:
    """How many nodes; with ``past``, counting stops once there are more than that (is it bigger?)."""
    if past is None:
        return len(postorder(root))
    seen = {root}
    stack = [root]
    while stack and len(seen) <= past:
        for a in stack.pop().args:
            if a not in seen:
                seen.add(a)
                stack.append(a)
    return len(seen)
