"""What every command reads the same way: the expression, the shapes, the point, and JSON values."""

from __future__ import annotations

from .. import api
from ..errors import InputError, UsageError
from .app import load, note
from .points import check_point, declared, read_values


def prepare(expr: str, at=(), shape=(), seed=()):
    """(function, point or None, seed values or None): shapes come from --shape and from arrays given."""
    raw = read_values(at)
    raw_seed = read_values(seed, "--seed")
    f = load(expr, declared(shape, raw, raw_seed), raw if at else None)  # a while loop on the inputs runs there
    for text in f.program.notes:
        note(text)
    point = check_point(raw, f) if at else None
    if point is not None:
        for condition in f.on_boundary(point):
            note(f"at {api.describe_point(point)} the condition {condition} is exactly on its boundary: "
                 "the branch it selects there is used")
    return f, point, _seed(f, raw_seed) if seed else None


def _seed(f, raw_seed):
    for name in raw_seed:
        if name not in f.variables:
            raise InputError(f"--seed names {name}, which is not a variable of the function")
    try:
        return api.check_values(raw_seed, list(raw_seed), f.shapes, set())[0]
    except InputError as e:
        raise InputError(f"--seed: {e}") from None


def json_value(v):
    """(value for JSON, its shape as a list of sizes): nested lists beside a shape key."""
    if v is None:
        return None, None
    if isinstance(v, (int, float)):
        return v, []
    lists = api.as_lists(v)
    if isinstance(lists, list) and lists and not isinstance(lists[0], list):
        return lists, [len(lists)]
    return lists, list(v.shape)


def subgradient_note(subgradient):
    if subgradient:
        note("subgradient convention (PyTorch, JAX): relu'(0) = 0, abs'(0) = 0, sign'(0) = 0, "
             "a tie of max or min goes to its first argument")


def choose_wrt(f, wrt) -> list[str]:
    """The variables to differentiate by: as given, or the only one there is."""
    if not wrt:
        if len(f.variables) > 1:
            raise UsageError(
                f"the function has {len(f.variables)} variables ({', '.join(f.variables)}): "
                "choose one with --wrt, or use 'diffcli grad' for all partial derivatives")
        if not f.variables:
            note("the function has no variables; its derivative is 0")
        return list(f.variables)
    for w in wrt:
        f.check_variable(w)
    for w in wrt:
        if w.isidentifier() and w not in f.variables and (f.program is None or w not in f.program.names.values()):
            note(f"{w} does not occur in the function, so the derivative is 0")
    return list(wrt)
