"""LaTeX: the printer of the text (one method per node kind), with LaTeX's spellings."""

from __future__ import annotations

from fractions import Fraction

from .expr import MatMul, Num, Pow
from .printing import ATOM, MUL, NEG, POW, TextPrinter, template_parts


class LatexPrinter(TextPrinter):
    times = r" \cdot "
    power_op = "^"
    lparen, rparen = r"\left(", r"\right)"

    def _number(self, v):
        if isinstance(v, Fraction):
            if v.denominator == 1:
                return str(v.numerator)
            sign = "-" if v < 0 else ""
            return rf"{sign}\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"
        return repr(float(v))

    def _print_Num(self, node):
        v = node.value
        return (NEG if v < 0 else ATOM), [self._number(v)]

    def _label(self, name: str) -> str:
        return latex_name(name)

    def _print_Var(self, node):
        return ATOM, [latex_name(node.name)]

    def _constant(self, entry):
        return entry.latex

    symbols = {"*": r" \cdot ", ".*": r" \odot ", "./": r" \oslash ", " <= ": r" \le ", " >= ": r" \ge ",
               " == ": " = ", " != ": r" \ne ", " and ": r" \land ", " or ": r" \lor ", "not ": r"\lnot "}
    hadamard, ediv, matmul, transpose = r" \odot ", r" \oslash ", " ", r"^\top"

    def _form_quotient(self, syn, numer, denom):
        return self._divide([(numer, MUL)], [(denom, POW)], bool(numer.shape or denom.shape))

    def _power(self, base, exp):
        elementwise = r"\circ " if base.shape or exp.shape else ""  # the Hadamard power x^{circ 2}
        return [(base, POW + 1), "^{" + elementwise, (exp, 0), "}"]

    def _call(self, fn, args):
        return template_parts(fn.latex, args, 0)

    def _divide(self, num_parts, den_parts, elementwise=False):
        if elementwise:
            return [*num_parts, self.ediv, *den_parts]
        return [r"\frac{", *_loosen(num_parts, self), "}{", *_loosen(den_parts, self), "}"]

    def _join(self, factors):
        items: list = []
        arrays = False
        for i, f in enumerate(factors):
            if i:  # juxtapose, but keep a dot before a number so digits never run together
                starts_num = type(f) is Num or (type(f) is Pow and type(f.args[0]) is Num)
                items.append(self.hadamard if arrays and f.shape else self.times if starts_num else " ")
            items.append((f, MUL if i == 0 or (type(f) is MatMul and not arrays) else POW))
            arrays = arrays or bool(f.shape)
        return items


def _loosen(parts, printer):
    """Inside a fraction bar, parentheses around the whole are not needed."""
    if parts and parts[0] == printer.lparen and parts[-1] == printer.rparen:
        parts = parts[1:-1]
    if len(parts) == 1 and type(parts[0]) is tuple:
        return [(parts[0][0], 0)]
    return parts


_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
          "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega",
          "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi", "Omega"}


def _greek(name: str) -> str:
    if name in _GREEK:
        return "\\" + name
    if len(name) > 1:
        return rf"\mathrm{{{name}}}"
    return name


def latex_name(name: str) -> str:
    """x1 is x_{1}, theta_2 is \\theta_{2}, beta is \\beta."""
    if "_" in name:
        head, _, tail = name.partition("_")
        return f"{_greek(head)}_{{{tail}}}"
    head = name.rstrip("0123456789")
    if head and head != name and len(head) == 1:
        return f"{head}_{{{name[len(head):]}}}"
    return _greek(name)
