"""The operations behind the commands, independent of the command line."""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import simplify as S
from .diff import diff
from .errors import InputError
from .expr import ONE, ZERO, Apply, Var, dag_size, postorder
from .parse import Program, parse, parse_constant


@dataclass
class Loaded:
    program: Program
    function: object  # canonical form of the output

    @property
    def raw(self):
        return self.program.output

    @property
    def inputs(self) -> list[str]:
        return self.program.inputs


# Above this many nodes a program's assigned intermediates stay whole in
# the canonical form: flattening them would copy every shared product into
# each product that uses it. Smaller programs read better flattened.
WHOLE_INTERMEDIATES_ABOVE = 30


def load(text: str) -> Loaded:
    program = parse(text)
    big = program.is_program and dag_size(program.output) > WHOLE_INTERMEDIATES_ABOVE
    return Loaded(program, S.canonical(program.output, program.names if big else ()))


def choose_wrt(loaded: Loaded, wrt: tuple | list) -> tuple[list[str], list[str]]:
    """The variables to differentiate by, and notes for the user."""
    notes = []
    if not wrt:
        if len(loaded.inputs) > 1:
            raise InputError(
                f"the function has {len(loaded.inputs)} variables ({', '.join(loaded.inputs)}): "
                "choose one with --wrt, or use 'diffcli grad' for all partial derivatives")
        if not loaded.inputs:
            notes.append("the function has no variables; its derivative is 0")
            return [], notes
        return list(loaded.inputs), notes
    for w in wrt:
        if not _is_name(w):
            raise InputError(f"--wrt takes a variable name, not {w!r}")
        if w in loaded.program.names.values() and w not in loaded.inputs:
            raise InputError(f"{w} is an intermediate of the program, not an input: differentiate with "
                             f"respect to an input ({', '.join(loaded.inputs)})")
        if w not in loaded.inputs:
            notes.append(f"{w} does not occur in the function, so the derivative is 0")
    return list(wrt), notes


def _is_name(s: str) -> bool:
    return s.isidentifier()


def derivative(loaded: Loaded, wrt: list[str], simplify: bool = True):
    if simplify:
        node = loaded.function
        for w in wrt:
            node = diff(node, w)
        return node
    node = loaded.raw
    for w in wrt:
        node = raw_diff(node, w)
    return node


# With more variables than this, grad runs one symbolic reverse pass (linear in
# the size) instead of one derivative per variable (size x variables). Below
# it, grad prints exactly what d prints for each variable.
REVERSE_GRADIENT_ABOVE = 4


def gradient(loaded: Loaded, names: list[str]) -> list:
    from .diff import gradient as reverse_gradient

    if len(names) > REVERSE_GRADIENT_ABOVE:
        return reverse_gradient(loaded.function, names)
    return [derivative(loaded, [n]) for n in names]


def raw_diff(root, name: str):
    """The derivative by the rules alone, as written, with nothing simplified."""
    from .parse import apply

    d: dict = {}
    for node in postorder(root):
        if type(node) is Var:
            d[node] = ONE if node.name == name else ZERO
        elif type(node) is not Apply or all(d[a] is ZERO for a in node.args):
            d[node] = ZERO
        else:
            partials = node.prim.partials(*node.args)
            terms = [apply("mul", p, d[a]) for p, a in zip(partials, node.args) if d[a] is not ZERO]
            total = terms[0]
            for t in terms[1:]:
                total = apply("add", total, t)
            d[node] = total
    return d[root]


def check_defined(node, what: str):
    """A constant 1/0 inside a result makes it undefined everywhere (exit 1, never printed as infinity)."""
    from .errors import MathError
    from .expr import Num, Pow

    for n in postorder(node):
        if type(n) is Pow and n.args[0] is ZERO and type(n.args[1]) is Num and n.args[1].value < 0:
            raise MathError(f"{what} divides by zero everywhere (it contains 1/0)")
    return node


def _split_top(text: str) -> list[str]:
    """Split 'x=1, y=log(8, 2)' at commas outside parentheses."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p for p in parts if p.strip()]


def parse_point(specs, inputs: list[str], required: bool = True) -> dict:
    """--at values, checked against the function's inputs."""
    from .evaluate import evaluate

    point: dict = {}
    for spec in specs:
        for item in _split_top(spec):
            name, eq, value = item.partition("=")
            name = name.strip()
            if not eq or not name:
                raise InputError(f"--at expects NAME=VALUE pairs such as x1=2,x2=5, not {item.strip()!r}")
            if not _is_name(name):
                raise InputError(f"--at: {name!r} is not a variable name")
            if name in point:
                raise InputError(f"--at gives {name} twice")
            if name not in inputs:
                known = ", ".join(inputs) if inputs else "none"
                raise InputError(f"--at names {name}, which is not a variable of the function (its variables: {known})")
            try:
                v = evaluate(parse_constant(value), {})
            except InputError as e:
                raise InputError(f"--at {name}: {e}") from None
            except Exception as e:  # a math failure in a constant is bad input here
                raise InputError(f"--at {name}={value.strip()} is not a finite number ({e})") from None
            if not math.isfinite(v):
                raise InputError(f"--at {name}={value.strip()} is not a finite number")
            point[name] = v
    missing = [n for n in inputs if n not in point]
    if missing and required:
        raise InputError(f"--at is missing a value for {', '.join(missing)}")
    return {n: point[n] for n in inputs if n in point}
