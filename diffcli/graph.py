"""The computational graph, numbered as in the trace tables: Graphviz DOT and a terminal tree."""

from __future__ import annotations

from .evaluate import Undefined, forward, reverse
from .expr import Var
from .printing import to_text
from .trace import number, primal_text, row_names


def _nodes(program, point, wrt):
    root = program.output
    nodes, names = number(root, program.inputs, row_names(program)[0])
    value = tangent = adjoint = None
    if point is not None:
        rev = reverse(root, point)
        value, adjoint = rev.value, rev.adjoint
        if wrt:
            tangent = forward(root, point, {wrt: 1.0}).tangent
    rows = []
    for node in nodes:
        label = node.name if type(node) is Var else primal_text(node, names, unicode=False)
        extra = []
        if value is not None:
            v = value[node]
            extra.append("value undefined (branch not taken)" if type(v) is Undefined else f"value {v:.6g}")
            if tangent is not None:
                extra.append(f"tangent {tangent.get(node, 0.0):.6g}")
            extra.append(f"adjoint {adjoint.get(node, 0.0):.6g}")
        rows.append((node, names[node], label, program.label(node), extra))
    return root, rows, names


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(program, point=None, wrt=None) -> str:
    root, rows, names = _nodes(program, point, wrt)
    out = ["digraph diffcli {", "  rankdir=BT;", '  node [shape=box, fontname="Helvetica"];']
    for node, name, label, user, extra in rows:
        head = f"{name} = {label}" + (f"  ({user})" if user else "")
        shape = ', shape=ellipse' if type(node) is Var else ""
        out.append(f"  {_quote(name)} [label={_quote(chr(10).join([head] + extra))}{shape}];")
    for node, name, *_ in rows:
        for a in node.args:
            if a in names:
                out.append(f"  {_quote(names[a])} -> {_quote(name)};")
    out_name = row_names(program)[1]
    out.append(f"  {_quote(out_name)} [shape=doublecircle];")
    if root in names:
        out.append(f"  {_quote(names[root])} -> {_quote(out_name)};")
    out.append("}")
    return "\n".join(out)


def to_tree(program, point=None, wrt=None) -> list[str]:
    """The graph as a tree from the output down; a shared node is written out once."""
    root, rows, names = _nodes(program, point, wrt)
    info = {node: (name, label, user, extra) for node, name, label, user, extra in rows}
    if root not in info:
        return [f"y = {to_text(root)}   (a constant: no operations to draw)"]
    lines = []
    seen = set()
    stack = [(root, "", "", True)]
    while stack:
        node, lead, child_lead, _ = stack.pop()
        name, label, user, extra = info[node]
        text = f"{name} = {label}" + (f" ({user})" if user else "")
        if extra:
            text += "   [" + ", ".join(extra) + "]"
        if node in seen and node.args:
            lines.append(f"{lead}{name} (shared, above)")
            continue
        seen.add(node)
        lines.append(lead + text)
        kids = [a for a in node.args if a in info]
        for i in range(len(kids) - 1, -1, -1):
            last = i == len(kids) - 1
            stack.append((kids[i], child_lead + ("└── " if last else "├── "),
                          child_lead + ("    " if last else "│   "), last))
    return lines
