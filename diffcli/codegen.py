"""A graph as straight-line Python: one statement per node, compiled once.

The code is generated from the graph, never from the user's text: its
names are ``p0, p1, ...`` for the parameters and ``t1, t2, ...`` for the
nodes, and each operation is its table entry's own ``value`` function (or
the entry's ``inline`` code, which computes exactly the same), so compiled
and interpreted evaluation agree bit for bit. One statement per node keeps
deep graphs clear of Python's nesting limits.
"""

from __future__ import annotations

import math

from .expr import Const, Num, Size, postorder
from .rules import rule_of


class Emitter:
    """Straight-line statements, one per node; the names of known nodes are given, the rest made up."""

    def __init__(self, impl=None):
        self.impl = impl
        self.namespace: dict = {"INF": math.inf}
        self.functions: dict = {}
        self.lines: list = []
        self.count = 0

    def fresh(self, stem: str = "t") -> str:
        self.count += 1
        return f"{stem}{self.count}"

    def emit(self, outputs, names: dict) -> list:
        """Append the statements computing the outputs; ``names`` (node -> Python name) grows."""
        for node in postorder(*outputs):
            if node in names:
                continue
            t = type(node)
            if t is Size:
                names[node] = repr(node.payload)
                continue
            if t is Num or t is Const:
                value = float(node) if t is Num else node.payload.value
                names[node] = f"{value!r}" if math.isfinite(value) else f"{'-' if value < 0 else ''}INF"
                continue
            if not node.args:
                raise KeyError(f"{node!r} is neither a parameter nor a constant")
            names[node] = self.fresh()
            self.lines.append(f"    {names[node]} = {self.code(node, [names[a] for a in node.args])}")
        return [names[o] for o in outputs]

    def code(self, node, args: list) -> str:
        rule = rule_of(node)
        code = rule.inline(args) if rule.inline else None
        if code is None:
            fname = self.functions.get(rule)
            if fname is None:
                fname = self.functions[rule] = f"f_{len(self.functions)}"
                self.namespace[fname] = self.impl(rule) if self.impl is not None else rule.value
            code = f"{fname}({', '.join(args)})"
        return code

    def assigned(self) -> list:
        """Every name the statements so far assign (to watch intermediates that NumPy lets through)."""
        return list(dict.fromkeys(line.split(" = ", 1)[0].strip() for line in self.lines))

    def function(self, params: list, results: list):
        text = _function_text(params, self.lines, results)
        exec(compile(text, "<diffcli graph>", "exec"), self.namespace)  # noqa: S102 - code from the graph, names ours
        return self.namespace["f"]


def source(outputs, params, impl=None) -> tuple[str, dict]:
    """(Python source of ``def f(p0, ...)`` returning the outputs' values, its namespace).

    ``impl(rule)`` gives the function an operation calls (NumPy's for arrays);
    by default the entry's ``value`` on floats.
    """
    e = Emitter(impl)
    names: dict = {p: f"p{i}" for i, p in enumerate(params)}
    results = e.emit(outputs, names)
    return _function_text([names[p] for p in params], e.lines, results), e.namespace


def _function_text(params: list, lines: list, results: list) -> str:
    return "\n".join([f"def f({', '.join(params)}):", *lines, f"    return ({', '.join(results)},)"])


def compile_graph(outputs, params, impl=None):
    """A function of the parameters' values returning a tuple of the outputs' values."""
    text, namespace = source(outputs, params, impl)
    exec(compile(text, "<diffcli graph>", "exec"), namespace)  # noqa: S102 - code from the graph, names ours
    return namespace["f"]


def template_function(template: str, arity: int, namespace: dict):
    """A function from one of the table's spellings ('numpy.sin({0})', 'numpy.maximum.reduce([{*}])').

    The spelling is the table's own text, never the user's; arguments are
    named a0, a1, ... (a variadic spelling takes them all as {*}).
    """
    if arity < 0:
        params, star = "*a", "*a"
        body = template.replace("{*}", star)
    else:
        names = [f"a{i}" for i in range(arity)]
        params = ", ".join(names)
        body = template.replace("{*}", params)
        for i, n in enumerate(names):
            body = body.replace("{" + str(i) + "}", n)
    body = body.replace("{{", "{").replace("}}", "}")
    ns = dict(namespace)
    exec(compile(f"def f({params}):\n    return {body}\n", "<diffcli spelling>", "exec"), ns)  # noqa: S102
    return ns["f"]
