"""An entry's partial derivatives as a graph over stand-ins, once per kind of use.

The sweeps (interpreted or compiled) multiply by these numbers: they are the
entry's own symbolic partials, so no derivative is written for them.
"""

from __future__ import annotations

from functools import lru_cache

from .expr import var


@lru_cache(maxsize=4096)
def partial_graph(rule, arity: int, live: tuple, subgradient: bool = False, same: tuple | None = None,
                  constants: tuple = ()):
    """(partials, parameters, with_out): the partials by the arguments at ``live`` over stand-ins #0, #1, ....

    The parameters are the output node (when it is not an argument: a partial
    that contains it, exp' = exp, reuses the value) and then each distinct
    argument; ``same[i]`` is the first place of the argument at place i, so
    that an operand written twice (x*x, max(x, x)) is one operand to the rule.
    """
    same = same or tuple(range(arity))
    fixed = dict(constants)  # (place, number): a constant argument is itself, so 2*u, not v*u^(v - 1)
    args = tuple(fixed.get(i) or var(f"#{same[i]}") for i in range(arity))  # '#' starts no user's name
    out = rule.build(*args)
    parts = tuple(rule.partials(args, live, subgradient))
    params = tuple(dict.fromkeys(a for a in args if a.has_var))
    with_out = out not in args and out.has_var
    return parts, ((out, *params) if with_out else params), with_out


def same_places(node) -> tuple:
    """For each argument place, the first place holding the same node."""
    return tuple(node.args.index(a) for a in node.args)


def constant_places(node) -> tuple:
    """(place, node) for each argument that is a number (a constant folds into the partials)."""
    return tuple((i, a) for i, a in enumerate(node.args) if not a.has_var and not a.args)


def arguments_of(node, same) -> list:
    """The arguments a partial graph takes, in its parameters' order: each distinct variable one once."""
    return [node.args[i] for i in dict.fromkeys(same) if node.args[i].has_var or node.args[i].args]
