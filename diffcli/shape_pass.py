"""Kinds and sizes: which names are arrays, how large, checked through every operation.

A name is a scalar unless it is declared (--shape, an array in --at, a line
``X: 3x2``), or the input is about arrays (it declares one, or writes x',
.*, tr(...), ...) and then, as matrixcalculus.org reads names: an
undeclared upper-case name is a matrix, and a lower-case one from h on
becomes a vector where an operation needs an array (x' in x'*A*x); a to g
stay scalars. Sizes are unified through the operators with the table's
shape rules; a mismatch is an InputError with a caret under the operator.
Afterwards the graph is rebuilt with every node's shape known, and '*'
between two arrays becomes the matrix product.
"""

from __future__ import annotations

from dataclasses import replace

from .errors import ShapeError
from .expr import Size, Var, postorder, size, var, written
from .rules import rule_of
from .shapes import SCALAR, Unifier, describe

MAX_ROUNDS = 64


class _Demand(Exception):
    """An operation needs an array where names that could be vectors are still scalars."""

    def __init__(self, names):
        self.names = names


def infer(program, declared: dict | None = None):
    """The program with shapes, or the program itself when nothing in it is an array."""
    declared = _merge(program.declared, declared or {})
    used = set(program.inputs)
    if not program.arrays and not any(declared.get(n, SCALAR) != SCALAR for n in used):
        program.where.clear()  # its places are for carets under shape errors: none can come now
        return program
    kinds = {n: ("declared", declared[n]) if n in declared else
             ("matrix", None) if n[:1].isupper() else ("scalar", None) for n in used}
    for _ in range(MAX_ROUNDS):
        try:
            return _rebuild(program, *_shapes(program, kinds))
        except _Demand as d:
            kinds.update({n: ("vector", None) for n in d.names})
    raise ShapeError("cannot work out which names are arrays: declare them (X: 3x2)")  # pragma: no cover


def _merge(inside: dict, outside: dict) -> dict:
    out = dict(inside)
    for name, shape in outside.items():
        if name in out and _plain(out[name]) != _plain(shape):
            raise ShapeError(f"{name} is declared {describe(_plain(out[name]))} in the program "
                             f"and {describe(_plain(shape))} outside it")
        out[name] = shape
    return out


def _plain(shape):
    return SCALAR if tuple(shape) == (1, 1) else tuple(shape)


def _may_be_vector(name: str, kinds) -> bool:
    return kinds.get(name, ("declared",))[0] == "scalar" and name[:1].islower() and not ("a" <= name[:1] <= "g")


def _shapes(program, kinds):
    U = Unifier()
    of_name = {}
    for n, (kind, shape) in kinds.items():
        if kind == "declared":
            of_name[n] = _plain(shape)
        elif kind == "matrix":
            of_name[n] = (U.new("m"), U.new("n"))
        elif kind == "vector":
            of_name[n] = (U.new("n"), 1)
        else:
            of_name[n] = SCALAR
    shape: dict = {}
    chosen: dict = {}  # node -> the entry it turned out to be ('*' of two arrays: the matrix product)
    names_in: dict = {}
    for node in postorder(program.output):
        t = type(node)
        if t is Var:
            shape[node] = of_name[node.name]
            names_in[node] = {node.name}
            continue
        names_in[node] = set().union(*(names_in[a] for a in node.args)) if node.args else set()
        if t is Size or not node.args:
            shape[node] = SCALAR
            continue
        entry = rule_of(node)
        shapes = [a.payload if type(a) is Size else shape[a] for a in node.args]
        if entry.arrays_mean is not None and len(shapes) > 1 and all(U.resolve(s) != SCALAR for s in shapes):
            entry = entry.arrays_mean
        chosen[node] = entry
        try:
            if entry.shape is not None and entry.array_only:
                for a, s in zip(node.args, shapes):
                    if type(a) is not Size and U.resolve(s) == SCALAR:
                        vectors = {n for n in names_in[a] if _may_be_vector(n, kinds)}
                        if vectors:
                            raise _Demand(vectors)
            if entry.written_shape is not None:
                entry.written_shape(U, *shapes)
            shape[node] = U.resolve(entry.shape(U, *shapes) if entry.shape is not None else U.common(*shapes))
        except ShapeError as e:
            raise _located(e, program, node) from None
    return U, of_name, chosen


def _located(e: ShapeError, program, node) -> ShapeError:
    at = program.where.get(node)  # a position in the text: an int, not the token (less memory per operation)
    if at is None:
        return ShapeError(str(e), hint=e.hint)
    line = program.text.count("\n", 0, at) + 1
    return ShapeError(str(e), program.text, line, at - program.text.rfind("\n", 0, at), e.hint)


def _rebuild(program, U, of_name, chosen):
    new: dict = {}
    for node in postorder(program.output):
        t = type(node)
        if t is Var:
            new[node] = var(node.name, U.resolve(of_name[node.name]))
        elif t is Size:
            value = U.find(node.payload)
            if isinstance(value, str) and value.startswith("?"):
                raise ShapeError("the size of eye, vector or matrix cannot be told from the other operands: "
                                 "give it, as in eye(3) or eye(n)")
            new[node] = size(value)
        elif not node.args:
            new[node] = node
        else:
            entry = chosen[node]
            args = [new[a] for a in node.args]
            new[node] = written(entry, *args) if node.has_var else entry.build(*args)
    names = {new[n]: label for n, label in program.names.items() if n in new}
    iterations = {new[n]: within for n, within in program.iterations.items() if n in new}
    where = {new[n]: tok for n, tok in program.where.items() if n in new}
    shapes = {n: U.resolve(s) for n, s in of_name.items()}
    return replace(program, output=new[program.output], names=names, where=where, arrays=True, shapes=shapes,
                   iterations=iterations)
