"""Trace tables typeset in LaTeX, as Baydin et al. (2018) print their Tables 2 and 3.

One complete ``tabular``: the forward primal trace beside the tangent trace
(forward mode) or beside the reverse adjoint trace (reverse mode), the ``=``
signs aligned in their own columns, v_{-1}, \\dot{v}, \\bar{v} and \\times as
in the paper. Every row is written from what it is made of (``row_text``),
so the LaTeX says exactly what the text tables say.
"""

from __future__ import annotations

import re

from .latex import LatexPrinter, latex_word
from .numformat import format_value
from .printing import ATOM, MUL, TextPrinter
from .trace import Spell, Trace, row_text

_ROW = re.compile(r"([A-Za-z]+)(-?\d+)")


def latex_name(name: str) -> str:
    """v-1 -> v_{-1}, x1 -> x_{1}, theta_2 -> \\theta_{2}, lam -> \\mathrm{lam}."""
    head, sub, _ = _split(name)
    return head + (f"_{{{sub}}}" if sub else "")


def _split(name: str) -> tuple[str, str, int]:
    """(the name's head in LaTeX, its subscript, how many letters the head has)."""
    m = _ROW.fullmatch(name)
    if m:
        return latex_word(m.group(1)), m.group(2), len(m.group(1))
    if "_" in name:
        head, _, tail = name.partition("_")
        return latex_word(head), latex_word(tail, upright=False), len(head)
    return latex_word(name), "", len(name)


class LatexTracePrinter(LatexPrinter):
    """LaTeX in the trace tables' notation: v_{-1} \\times v_{0}, \\ln v_{-1}, \\dot{v}_{-1} / v_{-1}."""

    times = r" \times "
    symbols = {**LatexPrinter.symbols, "*": r" \times "}

    def _print_Var(self, node):
        name = node.name
        return ATOM, [name if name.startswith("\\") else latex_name(name)]  # a derivative's name is LaTeX already

    def _label(self, name: str) -> str:
        return name  # the rows' names are given in LaTeX already

    def _join(self, factors):
        return TextPrinter._join(self, factors)  # the times sign between factors, as in the paper

    def _divide(self, num_parts, den_parts, elementwise=False):
        return [*num_parts, self.ediv if elementwise else " / ", *den_parts]

    def _bare(self, node) -> bool:
        a = node.args
        fn = node.payload
        return (fn.is_function and len(a) == 1 and (a[0] in self.names or not a[0].args)
                and _prefix(fn.latex) is not None)

    def _print_Call(self, node):
        if self._bare(node):  # \sin v_{0}: a function of one named operand without brackets
            return MUL + 1, [_prefix(node.payload.latex) + " ", (node.args[0], ATOM)]
        return super()._print_Call(node)

    def _print_Apply(self, node):
        if self._bare(node):
            return self._print_Call(node)
        return super()._print_Apply(node)


def _prefix(template: str):
    """'\\sin' from '\\sin\\left({*}\\right)': a LaTeX operator name that can stand before its argument."""
    for tail in (r"\left({*}\right)", r"\left({0}\right)"):
        if template.endswith(tail) and template[: -len(tail)].startswith("\\"):
            return template[: -len(tail)]
    return None


class LatexSpell(Spell):
    def __init__(self):
        super().__init__(True)
        self.printer = LatexTracePrinter({})

    def name(self, name):
        return latex_name(name)

    def dot(self, name):
        head, sub, _ = _split(name)
        return rf"\dot{{{head}}}" + (f"_{{{sub}}}" if sub else "")

    def bar(self, name):
        """\\bar{v}_{-1}; over a longer name one line across it all: \\overline{\\mathrm{lam}}."""
        head, sub, letters = _split(name)
        one = letters == 1 or (head.startswith("\\") and not head.startswith("\\mathrm"))  # x, \theta
        return (r"\bar" if one else r"\overline") + f"{{{head}}}" + (f"_{{{sub}}}" if sub else "")

    def primal(self, node, names):
        return LatexTracePrinter(names).doprint(node, expand=True)


def _lhs(sp: LatexSpell, row, kind: str) -> str:
    name = sp.name(row.name) if kind == "primal" else sp.dot(row.name) if kind == "tangent" else sp.bar(row.name)
    return name + (rf" \;(\mathrm{{{row.label}}})" if row.label else "")


def _cells(trace: Trace, rows, kind: str, digits: int) -> list[tuple[str, str, str]]:
    sp = LatexSpell()
    out = []
    for r in rows:
        value = format_value(r.value, None if r.exact else digits)
        out.append((f"${_lhs(sp, r, kind)}$", f"${row_text(trace, r, sp)}$", f"${value}$"))
    return out


def _seed(trace: Trace) -> str:
    if not trace.seed:
        return ""
    sp = LatexSpell()
    return " ($" + ", ".join(f"{sp.dot(k)} = {format_value(v)}" for k, v in trace.seed.items()) + "$)"


def to_latex(trace: Trace, digits: int = 3) -> str:
    """The trace as one complete ``tabular`` environment (needs only LaTeX itself, no package)."""
    kind = "tangent" if trace.mode == "forward" else "adjoint"
    left = _cells(trace, trace.primal, "primal", digits)
    right = _cells(trace, trace.derivative_rows, kind, digits)
    title = ("Forward tangent trace" + _seed(trace) if kind == "tangent"
             else "Reverse adjoint trace (in the order it runs)")
    group = "r@{${}={}$}l@{${}={}$}r"
    lines = [r"\begin{tabular}{" + group + r"@{\qquad}" + group + "}",
             r"\multicolumn{3}{l}{Forward primal trace} & \multicolumn{3}{l}{" + title + r"} \\",
             r"\hline"]
    blank = (r"\multicolumn{3}{c}{}",)  # an empty group, without its = signs
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else blank
        b = right[i] if i < len(right) else blank
        lines.append(" & ".join(a + b) + r" \\")
    lines += [r"\hline", r"\end{tabular}"]
    return "\n".join(lines)

