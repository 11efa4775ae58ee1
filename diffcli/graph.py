"""The computational graph, numbered as in the trace tables: Graphviz DOT and a terminal tree."""

from __future__ import annotations

from .evaluate import Undefined, forward, reverse
from .expr import Var
from .numformat import format_value
from .printing import to_text
from .trace import number, primal_text, row_names


def _nodes(program, point, wrt, digits=3):
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
            extra.append("value undefined (branch not taken)" if type(v) is Undefined
                         else f"value {format_value(v, digits)}")
            if tangent is not None:
                extra.append(f"tangent {format_value(tangent.get(node, 0.0), digits)}")
            extra.append(f"adjoint {format_value(adjoint.get(node, 0.0), digits)}")
        rows.append((node, names[node], label, program.label(node), extra))
    return root, rows, names


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(program, point=None, wrt=None, digits=3) -> str:
    root, rows, names = _nodes(program, point, wrt, digits)
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


def outline(program, point=None, wrt=None, digits=3) -> list[tuple[int, str]]:
    """The graph as a tree from the output down, (depth, text) in preorder; a shared node is written out once."""
    root, rows, names = _nodes(program, point, wrt, digits)
    info = {node: (name, label, user, extra) for node, name, label, user, extra in rows}
    if root not in info:
        return [(0, f"{row_names(program)[1]} = {to_text(root)}   (a constant: no operations to draw)")]
    out = []
    seen = set()
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        name, label, user, extra = info[node]
        if node in seen and node.args:
            out.append((depth, f"{name} (shared, above)"))
            continue
        seen.add(node)
        text = f"{name} = {label}" + (f" ({user})" if user else "")
        out.append((depth, text + ("   [" + ", ".join(extra) + "]" if extra else "")))
        stack.extend((a, depth + 1) for a in reversed([a for a in node.args if a in info]))
    return out


def to_tree(program, point=None, wrt=None, digits=3) -> list[str]:
    """The outline drawn with ├── and └── (plain text)."""
    items = outline(program, point, wrt, digits)
    last = [True] * len(items)
    following: dict = {}  # depth -> index of the latest item at that depth still open
    for i, (depth, _) in enumerate(items):
        for d in [d for d in following if d > depth]:
            del following[d]
        if depth in following:
            last[following[depth]] = False
        following[depth] = i
    lines, open_bars = [], []
    for i, (depth, text) in enumerate(items):
        del open_bars[max(depth - 1, 0):]
        lead = "".join("│   " if bar else "    " for bar in open_bars)
        lines.append(text if depth == 0 else lead + ("└── " if last[i] else "├── ") + text)
        if depth:
            open_bars.append(not last[i])
    return lines
