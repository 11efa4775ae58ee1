"""LaTeX: the printer of the text (one method per node kind), with LaTeX's spellings."""

from __future__ import annotations

from .expr import MatMul, Num, Pow
from .numformat import scientific
from .printing import ATOM, MUL, NEG, POW, TextPrinter, template_parts


class LatexPrinter(TextPrinter):
    times = r" \cdot "
    power_op = "^"
    lparen, rparen = r"\left(", r"\right)"

    def _number(self, v):
        if type(v) is not float:
            if v.denominator == 1:
                return self._integer(v.numerator)
            sign = "-" if v < 0 else ""
            return rf"{sign}\frac{{{self._integer(abs(v.numerator))}}}{{{self._integer(v.denominator)}}}"
        return repr(float(v))

    def _integer(self, n: int) -> str:
        short = scientific(n)
        if not short:
            return str(n)
        return f"10^{{{short[1]}}}" if short[0] == 1 else rf"{short[0]} \cdot 10^{{{short[1]}}}"

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


# Greek letters typed as themselves (λ, θ): LaTeX names them, as it names lambda and theta
_GREEK_LETTERS = dict(zip("αβγδεζηθικλμνξοπρστυφχψωΓΔΘΛΞΠΣΥΦΨΩ", (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi o pi rho sigma tau "
    "upsilon varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega").split()))


def latex_word(word: str, upright: bool = True) -> str:
    """A name or part of one: \\lambda for lambda and for λ, one letter as it is, else upright."""
    if word in _GREEK:
        return "\\" + word
    if len(word) == 1 and word not in _GREEK_LETTERS:
        return word
    text = "".join(f"\\{_GREEK_LETTERS[c]} " if c in _GREEK_LETTERS else c for c in word).rstrip()
    if all(c in _GREEK_LETTERS for c in word) or not upright:
        return text
    return rf"\mathrm{{{text}}}"


def latex_name(name: str) -> str:
    """x1 is x_{1}, theta_2 is \\theta_{2}, beta is \\beta, λ2 is \\lambda_{2}, lam is \\mathrm{lam}."""
    if "_" in name:
        head, _, tail = name.partition("_")
        return f"{latex_word(head)}_{{{latex_word(tail, upright=False)}}}"
    head = name.rstrip("0123456789")
    if head and head != name and len(head) == 1:
        return f"{latex_word(head)}_{{{name[len(head):]}}}"
    return latex_word(name)
