"""Which derivative a function and a variable call for, by their shapes.

- by a scalar: the forward pass; the derivative has the function's shape;
- of a scalar by an array: the reverse pass; it has the variable's shape;
- of a vector by a vector: the Jacobian, rows outputs, columns inputs;
- anything else (a matrix by a matrix, a vector by a matrix, ...) is a 3-
  or 4-way array: ``Tensor``, its numbers from the adjoint at each unit
  cotangent and its text in index notation where the rules give one.
"""

from __future__ import annotations

from .diff import diff, gradient
from .jacobian import adjoint_of, index_form, jacobian
from .shapes import SCALAR, is_vector


def derive(node, name: str, var_shape: tuple, subgradient: bool = False, kept=()):
    """(derivative node or Tensor, its shape as a list of sizes); ``kept``: intermediates kept whole."""
    if var_shape == SCALAR:
        return diff(node, name, subgradient, kept), dims(node.shape)
    if node.shape == SCALAR:
        return gradient(node, [name], subgradient)[0], dims(var_shape)
    if is_vector(node.shape) and is_vector(var_shape):
        j = jacobian(node, name, subgradient)
        if j is not None:
            return j, [node.shape[0], var_shape[0]]
    return Tensor(node, name, var_shape, subgradient), dims(node.shape) + dims(var_shape)


def dims(shape) -> list:
    """The sizes a value is indexed by: [] a scalar, [n] a vector, [m, n] a matrix."""
    if shape == SCALAR:
        return []
    return [shape[0]] if shape[1] == 1 else list(shape)


class Tensor:
    """A derivative with more than two indices, D[output indices..., input indices...]."""

    def __init__(self, node, name, var_shape, subgradient):
        self.out_shape, self.var_shape = node.shape, var_shape
        self.adjoint, self.cotangent = adjoint_of(node, name, subgradient)
        self.shape = dims(node.shape) + dims(var_shape)

    def text(self) -> str:
        return index_form(self.adjoint, self.cotangent) or "(no matrix form)"

    def values(self, evaluate, sizes):
        """The numbers, from the adjoint at each unit cotangent: ``evaluate(node, extra point)``."""
        import numpy

        rows, cols = (_size(s, sizes) for s in self.out_shape)
        out = numpy.zeros((rows, cols) + tuple(_size(s, sizes) for s in self.var_shape))
        for i in range(rows):
            for j in range(cols):
                unit = numpy.zeros((rows, cols))
                unit[i, j] = 1.0
                v = evaluate(self.adjoint, {self.cotangent.name: unit})
                out[i, j] = numpy.broadcast_to(v, out.shape[2:])
        return out.reshape(tuple(_size(s, sizes) for s in self.shape))


def _size(s, sizes):
    return s if isinstance(s, int) else sizes[s]
