"""Forward and reverse trace tables in the layout of Baydin et al. (2018), Tables 2 and 3.

The rows are plain data made from the sweeps in ``evaluate``; the text of a
tangent or adjoint row is the entry's own symbolic partial, printed with the
arguments' row names (``dv0 × cos v0``): no row text is written per rule.

Numbering: inputs are v_{1-n} .. v_0 in order of first appearance; every
distinct operation as written is one v_i, numbered by its height above the
inputs (longest path), ties broken left to right. Constants stay inline.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from .evaluate import Undefined, forward, reverse
from .diff import adjoints, tangent
from .expr import MINUS_ONE, ONE, ZERO, Apply, Mul, Num, Var, postorder, var
from .numformat import as_lists, format_value
from .printing import MUL, POW, TracePrinter, split_fraction
from .rules import rule_of


@dataclass
class Row:
    """One line of a trace table: v2 = v-1 × v0 = 10.000, with the rule that made it."""

    name: str  # ASCII: v-1, v0, y
    expr: str  # ASCII expression
    uexpr: str  # the same with v̇ / v̄ / ×
    value: float
    rule: str = ""
    label: str = ""  # the user's name for an intermediate of a program
    exact: bool = False  # an input or seed, printed as given
    shape: tuple = ()  # the value's shape, for an array
    source: tuple = field(default=(), repr=False, compare=False)  # what the row says, for other spellings

    def as_json(self):
        value = as_lists(self.value)
        out = {"name": self.name, "expr": self.expr, "value": value}
        if isinstance(value, list):
            out["shape"] = list(self.value.shape) if isinstance(value[0], list) else [len(value)]
        if self.rule:
            out["rule"] = self.rule
        if self.label:
            out["label"] = self.label
        return out


@dataclass
class Trace:
    """A forward (primal and tangent rows) or reverse (primal and adjoint rows) trace; HTML in a notebook."""

    mode: str
    wrt: str | None
    primal: list = field(default_factory=list)
    tangent: list = field(default_factory=list)
    adjoint: list = field(default_factory=list)
    digits: int = 3
    seed: dict = field(default_factory=dict)  # forward mode: the direction (variable -> tangent)
    names: dict = field(default_factory=dict, repr=False)  # node -> row name (v-1, v0, ...)
    subgradient: bool = False

    @property
    def derivative_rows(self) -> list:
        return self.tangent if self.mode == "forward" else self.adjoint

    def as_json(self):
        out = {"mode": self.mode}
        if self.mode == "forward":
            out["wrt"] = self.wrt
        out["primal"] = [r.as_json() for r in self.primal]
        out["tangent" if self.mode == "forward" else "adjoint"] = [r.as_json() for r in self.derivative_rows]
        return out

    def columns(self, kind: str, digits: int = 3, unicode: bool = True) -> list:
        """(name, expression, value, rule) per row of the primal, tangent or adjoint table."""
        return columns(getattr(self, kind), kind, digits, unicode)

    def title(self, kind: str, unicode: bool = True) -> str:
        return title(self, kind, unicode)

    def lines(self, digits: int = 3, unicode: bool = False) -> list:
        """The tables as aligned plain text."""
        return plain_lines(self, digits, unicode)

    def _repr_html_(self):
        return to_html(self)


def row_names(program) -> tuple[str, str]:
    """(letter of the rows v_i, name of the output row): neither may clash with a name the user wrote.

    Inputs named v0 and v1 would meet rows v0 and v1 (and v̄1 twice in the
    reverse table), so the rows take the next free letter: u-1, u0, u1.
    """
    import re

    taken = set(program.inputs) | set(program.names.values()) | set(getattr(program, "mentioned", ()))
    letter = next((p for p in "vuwzqkh" if not any(re.fullmatch(rf"d?{p}-?\d+(bar)?", n) for n in taken)), "v_")
    out = next((n for n in ("y", "f", "out", "result") if n not in taken), "y_")
    return letter, out


def number(root, inputs: list[str], letter: str = "v"):
    """Order the graph's nodes and name them v_i by the rules above."""
    order = postorder(root)
    position = {node: i for i, node in enumerate(order)}
    varnodes = {n.name: n for n in order if type(n) is Var}
    ins = [varnodes[name] for name in inputs if name in varnodes]
    height: dict = {}
    for node in order:
        if node.args and node.has_var:
            height[node] = 1 + max((height.get(a, 0) for a in node.args if a.has_var), default=0)
    ops = sorted(height, key=lambda n: (height[n], position[n]))
    names = {node: f"{letter}{i - len(ins) + 1}" for i, node in enumerate(ins)}
    names.update({node: f"{letter}{i}" for i, node in enumerate(ops, start=1)})
    return ins + ops, names


def primal_text(node, names, unicode: bool = True) -> str:
    """A row's operation with its operands' row names: v-1 × v0, ln v-1."""
    return Spell(unicode).primal(node, names)


def row_text(trace: Trace, row: Row, sp: Spell) -> str:
    """The right-hand side of a row in the spelling ``sp`` (the row keeps what it is made of)."""
    kind, *what = row.source
    if kind == "name":  # an input x1, the output row's v5
        return sp.name(what[0])
    if kind in ("dot", "bar"):
        return getattr(sp, kind)(what[0])
    if kind == "primal":
        return sp.primal(what[0], {n: sp.name(v) for n, v in trace.names.items()})
    if kind == "tangent":
        return _forward_expr(what[0], trace.names, sp, trace.subgradient)
    node, i, arg, first = what
    contrib = _adjoint_expr(node, i, trace.names, sp, trace.subgradient)
    return contrib if first else f"{sp.bar(trace.names[arg])} + {contrib}"


class Spell:
    """How row names, derivative names and the times sign are written (Unicode or ASCII).

    Another notation (LaTeX) is a subclass: ``row_text`` writes any row with it.
    """

    def __init__(self, unicode: bool):
        self.u = unicode
        self.printer = TracePrinter({}, unicode)

    def name(self, name):
        return name

    def primal(self, node, names):
        """A row's operation with its operands' row names: v-1 × v0, ln v-1."""
        return TracePrinter(names, self.u).doprint(node, expand=True)

    def dot(self, name):
        """v̇-1, ẋ1, l̇ȧṁ: the dot over every letter of the name (its digits are a subscript)."""
        return _over(name, "\u0307", "\u0307") if self.u else f"d{name}"

    def bar(self, name):
        """v̄-1, x̄1, l̅a̅m̅: one bar over the whole name (an overline joins across letters)."""
        return _over(name, "\u0304", "\u0305") if self.u else f"{name}bar"

    def scaled(self, d: str, partial, forward: bool) -> tuple[str, str]:
        """(sign, text) of d times the partial: dv0 × cos v0, dv-1 / v-1, 2 × v0 × dv0."""
        times = self.printer.times
        if partial is ONE:
            return ("+", d) if forward else ("+", f"{d}{times}1")
        if partial is MINUS_ONE:
            return ("-", d) if forward else ("+", f"{d}{times}(-1)")
        factors = partial.args if type(partial) is Mul else (partial,)
        negative, numer, denom = split_fraction(factors)
        if not negative and not numer and denom:
            den = denom[0] if len(denom) == 1 else Mul.make(None, tuple(denom))
            return "+", f"{d} / {self.printer.doprint(den, POW if len(denom) == 1 else MUL + 1)}"
        factor = MUL + 1  # binds tighter than ×: v0, cos v0, v0^2; not a sum
        if not negative and numer and type(numer[0]) is Num and not denom:  # 4 × dv0, 2 × v0 × dv0
            return "+", times.join([self.printer.doprint(f, factor) for f in numer] + [d])
        text = self.printer.doprint(partial, factor)
        return "+", f"{d}{times}({text})" if negative else f"{d}{times}{text}"


def _over(name: str, one: str, many: str) -> str:
    """A combining mark over each letter of the name's head (lam2: over l, a, m; not over the 2)."""
    head = 1
    while head < len(name) and name[head].isalpha() and name[0].isalpha():
        head += 1
    mark = one if head == 1 else many
    return "".join(c + mark for c in name[:head]) + name[head:]


def _standins(node, names):
    """The arguments as the table entry's rule sees them in a row: traced ones by their row name."""
    return tuple(var(names[a], a.shape) if a in names else a for a in node.args)


def _partials(node, names, live, subgradient):
    return rule_of(node).partials(_standins(node, names), live, subgradient)


def _stand_in_node(node, names):
    args = _standins(node, names)
    return Apply.make(rule_of(node), args, node.shape)


def _forward_expr(node, names, sp: Spell, subgradient):
    live = [i for i, a in enumerate(node.args) if a.has_var]
    if rule_of(node).d is None:  # an array operation: its tangent, printed
        stand = _stand_in_node(node, names)
        tangents = [var(sp.dot(names[a]), a.shape) if i in live else ZERO for i, a in enumerate(node.args)]
        return sp.printer.doprint(tangent(stand, tangents, subgradient))
    text = ""
    for j, (i, p) in enumerate(zip(live, _partials(node, names, live, subgradient))):
        sign, term = sp.scaled(sp.dot(names[node.args[i]]), p, forward=True)
        if j == 0:
            text = term if sign == "+" else f"-{term}"
        else:
            text += f" {sign} {term}"
    return text


def _adjoint_expr(node, i, names, sp: Spell, subgradient):
    """The contribution of node's adjoint to its argument i: v̄3 × cos v0, v̄2 * v0' (matmul rule, left)."""
    if rule_of(node).d is None:
        bar = var(sp.bar(names[node]), node.shape)
        [c] = adjoints(_stand_in_node(node, names), bar, [i], subgradient)
        return sp.printer.doprint(c)
    [p] = _partials(node, names, [i], subgradient)
    return sp.scaled(sp.bar(names[node]), p, forward=False)[1]


def _rule_name(node, i) -> str:
    rule = rule_of(node)
    if rule.d is None and len(node.args) == 2:  # which side of a matrix product, say
        return f"{rule.rule_name}, {('left', 'right')[i]}"
    return rule.rule_name


def direction(f, wrt: str, seed: dict | None, sizes: dict) -> dict:
    """The forward direction: the given seed, else d(wrt) = 1 (the first unit vector for an array)."""
    if seed:
        return seed
    shape = f.shapes.get(wrt, ())
    if not shape:
        return {wrt: 1.0}
    import numpy

    unit = numpy.zeros(tuple(s if isinstance(s, int) else sizes[s] for s in shape))
    unit.flat[0] = 1.0
    return {wrt: unit}


def build(program, point: dict, mode: str, wrt: str | None, subgradient: bool = False,
          seed: dict | None = None, sizes: dict | None = None) -> Trace:
    root = program.output
    letter, out_name = row_names(program)
    nodes, names = number(root, program.inputs, letter)
    trace = Trace(mode, wrt, names=names, subgradient=subgradient)
    ascii_, uni = Spell(False), Spell(True)

    def row(table, name, source, value, **kw):
        r = Row(name, "", "", value, source=source, **kw)
        r.expr, r.uexpr = row_text(trace, r, ascii_), row_text(trace, r, uni)
        table.append(r)

    if mode == "forward":
        seed = seed if seed is not None else ({wrt: 1.0} if wrt else {})
        trace.seed = seed
        sweep = forward(root, point, seed, subgradient=subgradient, sizes=sizes)
    else:
        sweep = reverse(root, point, order=sorted(postorder(root), key=lambda n: _index(n, names)),
                        subgradient=subgradient, sizes=sizes)
    for node in nodes:
        if type(node) is Var:
            row(trace.primal, names[node], ("name", node.name), sweep.value[node], exact=True)
        else:
            row(trace.primal, names[node], ("primal", node), _shown(sweep.value[node]), rule=rule_of(node).rule_name,
                label=program.label(node))
    top = names.get(root)
    row(trace.primal, out_name, ("name", top) if top else ("primal", root), sweep.value[root])
    if mode == "forward":
        for node in nodes:
            if type(node) is Var:
                row(trace.tangent, names[node], ("dot", node.name), sweep.tangent[node], exact=True)
            else:
                row(trace.tangent, names[node], ("tangent", node), sweep.tangent[node],
                    rule=rule_of(node).rule_name, label=program.label(node))
        row(trace.tangent, out_name, ("dot", top) if top else ("name", "0"), sweep.tangent.get(root, 0.0))
        return trace
    if top:
        row(trace.adjoint, top, ("bar", out_name), 1.0, exact=True)
    for node, i, arg, total, first in sweep.steps:
        row(trace.adjoint, names[arg], ("adjoint", node, i, arg, first), total, rule=_rule_name(node, i))
    for node in nodes:
        if type(node) is Var:
            row(trace.adjoint, node.name, ("bar", names[node]), sweep.adjoint.get(node, 0.0))
    return trace


def _shown(value):
    """A value for a row; None for an operation undefined here whose branch was not taken."""
    return None if type(value) is Undefined else value


def _index(node, names):
    name = names.get(node)
    if name is None:
        return -10**9  # constants first; they carry no adjoint
    return int(name[len(name.rstrip("0123456789-")):])  # u-1 -> -1


# -- plain renderings ------------------------------------------------------------

def cell(row: Row, digits: int) -> str:
    if row.value is None:
        return "undefined (branch not taken)"
    return format_value(row.value, None if row.exact else digits)


def lhs(row: Row, kind: str, unicode: bool) -> str:
    """The left-hand name of a row: v-1, v̇-1 / dv-1, v̄-1 / v-1bar; an array's shape beside it."""
    sp = Spell(unicode)
    name = row.name if kind == "primal" else sp.dot(row.name) if kind == "tangent" else sp.bar(row.name)
    notes = [row.label] if row.label else []
    shape = getattr(row.value, "shape", ())
    if len(shape) == 2:
        notes.append(f"{shape[0]}x{shape[1]}")
    return f"{name} ({', '.join(notes)})" if notes else name


def columns(rows, kind, digits, unicode):
    return [(lhs(r, kind, unicode), r.uexpr if unicode else r.expr, cell(r, digits), r.rule) for r in rows]


def _align(cols):
    widths = [max((len(c[i]) for c in cols), default=0) for i in range(3)]
    return [f"{a:<{widths[0]}} = {b:<{widths[1]}} = {c}" for a, b, c, _ in cols]


def forward_title(trace: Trace, unicode: bool = False) -> str:
    """The tangent table's heading names its direction: (dx1 = 1), (ẋ1 = 1), (dw = [1, 0])."""
    if not trace.seed:
        return "Forward tangent trace"
    sp = Spell(unicode)
    return "Forward tangent trace (" + ", ".join(f"{sp.dot(k)} = {format_value(v)}" for k, v in trace.seed.items()) + ")"


TITLES = {"primal": "Forward primal trace", "adjoint": "Reverse adjoint trace (in the order it runs)"}


def title(trace: Trace, kind: str, unicode: bool = True) -> str:
    """The heading of the primal, tangent or adjoint table."""
    return forward_title(trace, unicode) if kind == "tangent" else TITLES[kind]


def plain_lines(trace: Trace, digits: int = 3, unicode: bool = False) -> list[str]:
    left = _align(columns(trace.primal, "primal", digits, unicode))
    lw = max(len(s) for s in left)
    if trace.mode == "forward":
        right_cols = columns(trace.tangent, "tangent", digits, unicode)
        right = _align(right_cols)
        rw = max(len(s) for s in right)
        title = forward_title(trace)
        lines = [f"{'Forward primal trace':<{lw}}   {title:<{rw}}   rule"]
        for i, l_ in enumerate(left):
            r = right[i] if i < len(right) else ""
            rule = right_cols[i][3] if i < len(right_cols) else ""
            lines.append(f"{l_:<{lw}}   {r:<{rw}}   {rule}".rstrip())
        return lines
    adj_cols = columns(trace.adjoint, "adjoint", digits, unicode)
    right = _align(adj_cols)
    lines = ["Forward primal trace"] + left + ["", "Reverse adjoint trace (in the order it runs)"]
    rw = max(len(s) for s in right)
    lines += [f"{r:<{rw}}   {c[3]}".rstrip() for r, c in zip(right, adj_cols)]
    return lines


def to_html(trace: Trace, digits: int = 3) -> str:
    """The tables as HTML, for a notebook."""
    def table(title, cols):
        body = "".join(f"<tr><td>{html.escape(a)}</td><td>= {html.escape(b)}</td>"
                       f"<td style='text-align:right'>{html.escape(c)}</td><td><i>{html.escape(r)}</i></td></tr>"
                       for a, b, c, r in cols)
        return f"<table><caption>{html.escape(title)}</caption>{body}</table>"

    kind = "tangent" if trace.mode == "forward" else "adjoint"
    title = forward_title(trace) if trace.mode == "forward" else "Reverse adjoint trace (in the order it runs)"
    return (table("Forward primal trace", columns(trace.primal, "primal", digits, True))
            + table(title, columns(trace.derivative_rows, kind, digits, True)))

