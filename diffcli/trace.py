"""Forward and reverse trace tables in the layout of Baydin et al. (2018), Tables 2 and 3.

The rows are plain data made from the sweeps in ``evaluate``; a rich table,
plain text and JSON are three renderings of the same rows.

Numbering: inputs are v_{1-n} .. v_0 in order of first appearance; every
distinct operation as written is one v_i, numbered by its height above the
inputs (longest path), ties broken left to right. Constants stay inline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .evaluate import forward, reverse
from .expr import Apply, Var, postorder
from .functions import MINUS, PLUS, FUNCTIONS
from .printing import to_text


@dataclass
class Row:
    name: str  # ASCII: v-1, v0, y
    expr: str  # ASCII expression
    uexpr: str  # the same with v̇ / v̄ / ×
    value: float
    rule: str = ""
    label: str = ""  # the user's name for an intermediate of a program
    exact: bool = False  # an input or seed, printed as given

    def as_json(self):
        out = {"name": self.name, "expr": self.expr, "value": self.value}
        if self.rule:
            out["rule"] = self.rule
        if self.label:
            out["label"] = self.label
        return out


@dataclass
class Trace:
    mode: str
    wrt: str | None
    primal: list = field(default_factory=list)
    tangent: list = field(default_factory=list)
    adjoint: list = field(default_factory=list)

    def as_json(self):
        out = {"mode": self.mode}
        if self.mode == "forward":
            out["wrt"] = self.wrt
        out["primal"] = [r.as_json() for r in self.primal]
        out["forward" == self.mode and "tangent" or "adjoint"] = [
            r.as_json() for r in (self.tangent if self.mode == "forward" else self.adjoint)]
        return out


def number(root, inputs: list[str]):
    """Order the graph's nodes and name them v_i by the rules above."""
    order = postorder(root)
    position = {node: i for i, node in enumerate(order)}
    varnodes = {n.name: n for n in order if type(n) is Var}
    ins = [varnodes[name] for name in inputs if name in varnodes]
    height: dict = {}
    for node in order:
        if type(node) is Apply:
            height[node] = 1 + max((height.get(a, 0) for a in node.args if a.has_var), default=0)
    ops = sorted(height, key=lambda n: (height[n], position[n]))
    names = {node: f"v{i - len(ins) + 1}" for i, node in enumerate(ins)}
    names.update({node: f"v{i}" for i, node in enumerate(ops, start=1)})
    return ins + ops, names


def _arg_text(node, names):
    return names.get(node) or to_text(node)


def _fill(template: str, node, names) -> str:
    return template.format(*(_arg_text(a, names) for a in node.args))


def _primal_expr(node, names):
    prim = node.prim
    if prim.name in FUNCTIONS:
        args = [_arg_text(a, names) for a in node.args]
        return f"{prim.name} {args[0]}" if len(args) == 1 else f"{prim.name}({', '.join(args)})"
    return _fill(prim.trace_expr, node, names)


class _Spell:
    """How derivative names and the times sign are written (Unicode or ASCII)."""

    def __init__(self, unicode: bool):
        self.u = unicode

    def dot(self, name):
        return f"{name[0]}\u0307{name[1:]}" if self.u else f"d{name}"

    def bar(self, name):
        return f"{name[0]}\u0304{name[1:]}" if self.u else f"{name}bar"

    def times(self, text):
        return text if self.u else text.replace("×", "*")


def _forward_expr(node, names, sp: _Spell):
    terms = []
    for i, a in enumerate(node.args):
        if not a.has_var:
            continue  # a constant has no tangent
        partial = node.prim.trace[i]
        d = sp.dot(names[a])
        if partial == PLUS:
            terms.append(("+", d))
        elif partial == MINUS:
            terms.append(("-", d))
        else:
            terms.append(("+", f"{d} {_fill(partial, node, names)}"))
    text = ""
    for j, (sign, t) in enumerate(terms):
        if j == 0:
            text = t if sign == "+" else f"-{t}"
        else:
            text += f" {sign} {t}"
    return sp.times(text)


def build(program, point: dict, mode: str, wrt: str | None) -> Trace:
    root = program.output
    nodes, names = number(root, program.inputs)
    out_name = "f" if "y" in program.inputs or "y" in program.names.values() else "y"
    trace = Trace(mode, wrt)
    ascii_, uni = _Spell(False), _Spell(True)
    if mode == "forward":
        sweep = forward(root, point, {wrt: 1.0} if wrt else {}, order=postorder(root))
    else:
        sweep = reverse(root, point, order=sorted(postorder(root), key=lambda n: _index(n, names)))
    for node in nodes:
        label = program.names.get(node, "")
        if type(node) is Var:
            trace.primal.append(Row(names[node], node.name, node.name, sweep.value[node], exact=True))
        else:
            e = _primal_expr(node, names)
            trace.primal.append(Row(names[node], ascii_.times(e), e, sweep.value[node],
                                    node.prim.rule_name, label))
    top = names.get(root)
    trace.primal.append(Row(out_name, top or to_text(root), top or to_text(root), sweep.value[root]))
    if mode == "forward":
        for node in nodes:
            n = names[node]
            if type(node) is Var:
                trace.tangent.append(Row(n, ascii_.dot(node.name), uni.dot(node.name),
                                         sweep.tangent[node], exact=True))
            else:
                trace.tangent.append(Row(n, _forward_expr(node, names, ascii_),
                                         _forward_expr(node, names, uni), sweep.tangent[node],
                                         node.prim.rule_name, program.names.get(node, "")))
        trace.tangent.append(Row(out_name, ascii_.dot(top) if top else "0",
                                 uni.dot(top) if top else "0", sweep.tangent.get(root, 0.0)))
    else:
        if top:
            trace.adjoint.append(Row(top, f"{out_name}bar", uni.bar(out_name), 1.0, exact=True))
        for node, i, arg, total, first in sweep.steps:
            partial = node.prim.trace[i]
            text = {PLUS: "× 1", MINUS: "× (-1)"}.get(partial) or _fill(partial, node, names)
            a_name = names[arg]
            contrib_a = f"{ascii_.bar(names[node])} {ascii_.times(text)}"
            contrib_u = f"{uni.bar(names[node])} {text}"
            if not first:
                contrib_a = f"{ascii_.bar(a_name)} + {contrib_a}"
                contrib_u = f"{uni.bar(a_name)} + {contrib_u}"
            trace.adjoint.append(Row(a_name, contrib_a, contrib_u, total, node.prim.rule_name))
        for node in nodes:
            if type(node) is Var:
                trace.adjoint.append(Row(node.name, ascii_.bar(names[node]), uni.bar(names[node]),
                                         sweep.adjoint.get(node, 0.0)))
    return trace


def _index(node, names):
    name = names.get(node)
    if name is None:
        return -10**9  # constants first; they carry no adjoint
    return int(name[1:])


# -- rendering ---------------------------------------------------------------

def _fmt(row: Row, digits: int) -> str:
    from .evaluate import format_number

    if row.exact:
        return format_number(row.value)
    return f"{row.value:.{digits}f}"


def _lhs(row: Row, kind: str, unicode: bool) -> str:
    """The left-hand name of a row: v-1, v̇-1 / dv-1, v̄-1 / v-1bar."""
    sp = _Spell(unicode)
    if kind == "primal":
        return row.name
    if kind == "tangent":
        return sp.dot(row.name)
    return sp.bar(row.name)


def render(trace: Trace, digits: int = 3, console=None):
    """Print the tables: rich on a terminal, aligned plain text otherwise."""
    import os
    import sys

    if console is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        _render_rich(trace, digits)
    else:
        for line in plain_lines(trace, digits, unicode=False):
            print(line)


def _columns(rows, kind, digits, unicode):
    out = []
    for r in rows:
        name = _lhs(r, kind, unicode)
        if r.label:
            name = f"{name} ({r.label})"
        out.append((name, r.uexpr if unicode else r.expr, _fmt(r, digits), r.rule))
    return out


def _align(cols):
    widths = [max((len(c[i]) for c in cols), default=0) for i in range(3)]
    return [f"{a:<{widths[0]}} = {b:<{widths[1]}} = {c}" for a, b, c, _ in cols], widths


def plain_lines(trace: Trace, digits: int = 3, unicode: bool = False) -> list[str]:
    primal = _columns(trace.primal, "primal", digits, unicode)
    left, _ = _align(primal)
    lw = max(len(s) for s in left)
    if trace.mode == "forward":
        right_cols = _columns(trace.tangent, "tangent", digits, unicode)
        right, _ = _align(right_cols)
        rw = max(len(s) for s in right)
        title = f"Forward tangent trace (d{trace.wrt} = 1)" if trace.wrt else "Forward tangent trace"
        lines = [f"{'Forward primal trace':<{lw}}   {title:<{rw}}   rule"]
        for i, l_ in enumerate(left):
            r = right[i] if i < len(right) else ""
            rule = right_cols[i][3] if i < len(right_cols) else ""
            lines.append(f"{l_:<{lw}}   {r:<{rw}}   {rule}".rstrip())
        return lines
    adj_cols = _columns(trace.adjoint, "adjoint", digits, unicode)
    right, _ = _align(adj_cols)
    lines = ["Forward primal trace"] + left + ["", "Reverse adjoint trace (in the order it runs)"]
    rw = max(len(s) for s in right)
    lines += [f"{r:<{rw}}   {c[3]}".rstrip() for r, c in zip(right, adj_cols)]
    return lines


def _render_rich(trace: Trace, digits: int):
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if trace.mode == "forward":
        table = Table(title="Forward mode", show_lines=False)
        for h in ("", "primal", "value", "", "tangent", "value", "rule"):
            table.add_column(h, justify="right" if h == "value" else "left")
        p = _columns(trace.primal, "primal", digits, True)
        t = _columns(trace.tangent, "tangent", digits, True)
        for a, b in zip(p, t):
            table.add_row(a[0], "= " + a[1], a[2], b[0], "= " + b[1], b[2], b[3], style="bold" if a[0] in "yf" else None)
        console.print(table)
        return
    primal = Table(title="Forward primal trace")
    for h in ("", "expression", "value"):
        primal.add_column(h, justify="right" if h == "value" else "left")
    for a in _columns(trace.primal, "primal", digits, True):
        primal.add_row(a[0], "= " + a[1], a[2])
    adj = Table(title="Reverse adjoint trace (in the order it runs)")
    for h in ("", "expression", "value", "rule"):
        adj.add_column(h, justify="right" if h == "value" else "left")
    for a in _columns(trace.adjoint, "adjoint", digits, True):
        adj.add_row(a[0], "= " + a[1], a[2], a[3])
    console.print(primal)
    console.print(adj)
