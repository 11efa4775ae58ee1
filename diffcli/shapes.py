"""Shapes: () is a scalar, (r, c) an array; a vector is a column (n, 1), its transpose a row (1, n).

A size is a number or a name (``n``, or a fresh ``n1`` for an undeclared
array). A 1x1 result is a scalar. The shape pass (``shape_pass``) unifies
sizes through the operators with a ``Unifier``; after it, every node's shape
is known and the builders only combine known shapes.
"""

from __future__ import annotations

from .errors import ShapeError

SCALAR = ()


def normalize(shape: tuple) -> tuple:
    return SCALAR if shape == (1, 1) else shape


def is_vector(shape) -> bool:
    return len(shape) == 2 and shape[1] == 1


def describe(shape) -> str:
    return "scalar" if shape == SCALAR else f"{shape[0]}x{shape[1]}"


def transposed(shape):
    return shape if shape == SCALAR else (shape[1], shape[0])


class ShapeAlgebra:
    """The shape rules' vocabulary; ``unify`` says whether two sizes can be equal (and makes them so)."""

    def unify(self, a, b) -> bool:
        return a == b

    def resolve(self, shape):
        return normalize(tuple(shape))

    def find(self, size):
        return size

    def same(self, a, b, message: str):
        if not self.unify(a, b):
            raise ShapeError(message)

    def common(self, *shapes):
        """An elementwise operation: every array alike; a scalar fits any."""
        out = SCALAR
        for s in shapes:
            s = self.resolve(s)
            if s == SCALAR:
                continue
            if out == SCALAR:
                out = s
                continue
            if not (self.unify(out[0], s[0]) and self.unify(out[1], s[1])):
                raise ShapeError(f"{describe(self.resolve(out))} and {describe(self.resolve(s))} differ")
            out = self.resolve(out)
        return out

    def product(self, *shapes):
        """A matrix product a1*a2*...: inner sizes must agree; a scalar scales."""
        out = self.resolve(shapes[0])
        for s in shapes[1:]:
            s = self.resolve(s)
            if out == SCALAR or s == SCALAR:
                out = out if s == SCALAR else s
                continue
            self.same(out[1], s[0], f"cannot multiply {describe(out)} by {describe(s)}: "
                                    f"inner sizes {self.find(out[1])} and {self.find(s[0])} differ")
            out = self.resolve((out[0], s[1]))
        return out

    def square(self, shape, what: str):
        shape = self.resolve(shape)
        if shape != SCALAR:
            self.same(shape[0], shape[1], f"{what} needs a square matrix, not {describe(shape)}")
        return self.resolve(shape)

    def transposed(self, shape):
        return transposed(self.resolve(shape))


EXACT = ShapeAlgebra()  # for shapes already known to fit


class Unifier(ShapeAlgebra):
    """Sizes that must be equal, as a union-find; a number wins over a name."""

    def __init__(self):
        self.parent: dict = {}
        self.fresh = 0

    def new(self, hint: str = "n"):
        self.fresh += 1
        return f"{hint}{self.fresh}"

    def find(self, size):
        root = size
        while root in self.parent:
            root = self.parent[root]
        while size in self.parent and self.parent[size] != root:  # path compression
            self.parent[size], size = root, self.parent[size]
        return root

    def unify(self, a, b) -> bool:
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        if isinstance(a, int) and isinstance(b, int):
            return False
        if isinstance(a, int) or (str(b).startswith("?") and not str(a).startswith("?")):
            a, b = b, a  # a number, or a name the user gave, is the one that stays
        self.parent[a] = b  # a is a name: it takes b's value
        return True

    def resolve(self, shape):
        return normalize(tuple(self.find(s) for s in shape))
