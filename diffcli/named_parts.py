"""Large results with their shared parts named (t1 = ...), instead of writing them out again."""

from __future__ import annotations

import re

from .expr import Add, Mul, Num, Pow, postorder, postorder_uses
from .printing import TextPrinter


def _reciprocal(n) -> bool:
    return type(n) is Pow and type(n.args[1]) is Num and n.args[1].value < 0


def shared_parts(root) -> list:
    """Nodes worth a name: used more than once and more than a leaf.

    A reciprocal 1/u is never named (a product writes it as a denominator,
    so the name would go unused): its base u is named in its place.
    """
    order, uses = postorder_uses(root)
    wanted = {n.args[0] for n in order if _reciprocal(n) and uses[n] > 1}
    shared = [n for n in order if (uses[n] > 1 or n in wanted) and n.args and n is not root and not _reciprocal(n)
              and not (type(n) is Mul and len(n.args) == 2 and type(n.args[0]) is Num and not n.args[1].args)]
    return shared


def used_parts(assigns, texts) -> list:
    """The named parts that the texts use, directly or through other parts, in their order."""
    word = re.compile(r"[A-Za-z]_\{\d+\}|[A-Za-z_][A-Za-z0-9_]*")  # t_{1} in LaTeX, t1 elsewhere
    needed = {w for t in texts for w in word.findall(t)}
    keep = []
    for name, text in reversed(assigns):  # a part uses only parts named before it
        if name in needed:
            keep.append((name, text))
            needed |= set(word.findall(text))
    return keep[::-1]


def needs_names(root, factor: int = 4, floor: int = 200) -> bool:
    """Would writing the DAG out as a tree swell it well beyond its size?"""
    order = postorder(root)
    limit = max(factor * len(order), floor)
    sizes: dict = {}
    for node in order:
        s = 1 + sum(sizes[a] for a in node.args)
        if s > limit:
            return True
        sizes[node] = s
    return False


def fresh_names(count: int, avoid) -> list[str]:
    avoid = set(avoid)
    out, i = [], 1
    while len(out) < count:
        name = f"t{i}"
        if name not in avoid:
            out.append(name)
        i += 1
    return out


def print_program(roots, printer_cls=TextPrinter, cse: bool | None = None, avoid=(), **kw):
    """Statements naming shared parts (when cse, or when auto-detected), then each root.

    Returns (assignments: list[(name, text)], results: list[text]).
    """
    roots = list(roots)
    if cse is None:
        cse = any(needs_names(r) for r in roots)
    names: dict = {}
    assignments = []
    if cse:
        # one pass over all roots so a part shared between them is named once
        glue = Add.make(None, tuple(roots)) if len(roots) > 1 else roots[0]
        parts = shared_parts(glue)
        parts = [p for p in parts if p not in roots or len(roots) > 1]
        labels = fresh_names(len(parts), avoid)
        printer = printer_cls(names, **kw)
        for node, label in zip(parts, labels):
            assignments.append((label, printer.doprint(node)))
            names[node] = label
    printer = printer_cls(names, **kw)
    results = []
    for r in roots:
        saved = names.pop(r, None)
        results.append(printer.doprint(r))
        if saved is not None:
            names[r] = saved
    shown = {printer._label(n): n for n, _ in assignments}  # as the texts write the names (t_{1} in LaTeX)
    used = used_parts([(printer._label(n), t) for n, t in assignments], results)
    kept = {shown[n] for n, _ in used}
    return [(n, t) for n, t in assignments if n in kept], results


