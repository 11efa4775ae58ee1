"""Printers: text (valid diffcli input), Python and LaTeX.

One ``_print_<Node>`` method per node kind (as SymPy's printers do) returns
the node's precedence and its parts: strings, and ``(child, min_prec)``
pairs. A driver expands the parts with an explicit stack, adding
parentheses exactly where a child binds looser than its place needs, so
printing never recurses and costs time linear in the output.

Large DAGs print with their shared parts named (``t1 = ...``) instead of
writing them out again; ``print_program`` decides when.
"""

from __future__ import annotations

import keyword
from fractions import Fraction

from .expr import MatMul, Mul, Num, Pow, num
from .numformat import scientific
from .rules import ADD, ATOM, MUL, NEG, POW, spelt_power


def _is_negative(node) -> bool:
    if type(node) is Num:
        return node.value < 0
    return type(node) is Mul and type(node.args[0]) is Num and node.args[0].value < 0


class TextPrinter:
    """diffcli's own syntax: what the text output and JSON TEXT fields use."""

    times = "*"
    power_op = "^"
    lparen, rparen = "(", ")"
    symbols: dict = {}  # this printer's spelling of an operator's symbol, where it differs
    # arrays: elementwise product, division and power; matrix product; transpose
    hadamard, ediv, epower, matmul, transpose = ".*", "./", ".^", "*", "'"

    def __init__(self, names: dict | None = None):
        self.names = names if names is not None else {}

    # -- driver -------------------------------------------------------------
    def doprint(self, root, need: int = 0, limit: int | None = None, expand: bool = False) -> str:
        """The text of root, in parentheses if it binds looser than ``need``.

        With ``limit``, stop after about that many characters (an error
        message naming a node of a huge DAG must not write it all out).
        With ``expand``, root is written out even where it has a name (a
        trace row: v2 = v-1 × v0).
        """
        out: list[str] = []
        length = 0
        stack = [(root, need, False, expand)]
        while stack:
            if limit is not None and length > limit:
                out.append("...")
                break
            item = stack.pop()
            if type(item) is str:
                out.append(item)
                length += len(item)
                continue
            node, need, *flags = item
            negated = flags and flags[0]
            name = None if flags[1:] and flags[1] else self.names.get(node)
            if name is not None and not negated:
                out.append(self._label(name))
                length += len(name)
                continue
            if negated:  # a term after " - ": print -node without building it
                prec, parts = self._negated(node)
            else:
                prec, parts = getattr(self, "_print_" + type(node).__name__)(node)
            if prec < need:
                parts = [self.lparen, *parts, self.rparen]
            for part in reversed(parts):
                stack.append(part)
        return "".join(out)

    def _label(self, name: str) -> str:
        """How a named shared part (t1) is written."""
        return name

    # -- leaves -------------------------------------------------------------
    def _number(self, v) -> str:
        if type(v) is not float:
            return "/".join(self._integer(n) for n in ((v.numerator,) if v.denominator == 1
                                                        else (v.numerator, v.denominator)))
        return repr(float(v))

    def _integer(self, n: int) -> str:
        """1e400 rather than 401 digits: an exact number, read back exactly."""
        short = scientific(n)
        return f"{short[0]}e{short[1]}" if short else str(n)

    def _print_Num(self, node):
        v = node.value
        if type(v) is Fraction:
            return MUL, [self._number(v)]
        return (NEG if v < 0 else ATOM), [self._number(v)]

    def _print_Var(self, node):
        return ATOM, [node.name]

    def _print_Const(self, node):
        return ATOM, [self._constant(node.payload)]

    def _constant(self, entry) -> str:
        return entry.name

    # -- canonical nodes ----------------------------------------------------
    def _print_Add(self, node):
        terms = list(node.args)
        negative = [_is_negative(t) and t not in self.names for t in terms]
        # a sum starts with a term that has no minus ("1 - x", "b - a", "x^2 - 2*x^3"), but a longer
        # polynomial in one variable keeps its falling degrees ("-2*x^3 + x^2 + 1")
        if negative[0] and not (len(terms) > 2 and len({t.lead for t in terms} - {""}) == 1):
            first = next((t for t, neg in zip(terms, negative) if not neg), None)
            if first is not None:
                terms.remove(first)
                terms.insert(0, first)
        parts: list = [(terms[0], ADD)]
        for term in terms[1:]:
            if _is_negative(term) and term not in self.names:
                parts += [" - ", (term, ADD + 1, True)]
            else:
                parts += [" + ", (term, ADD)]
        return ADD, parts

    def _print_Mul(self, node):
        return self._product(node.args)

    def _negated(self, node):
        if type(node) is Num:
            return self._print_Num(num(-node.value))
        return self._product(node.args, negate=True)

    def _print_Pow(self, node):
        base, exp = node.args
        if type(exp) is Num and exp.value < 0:
            return self._product((node,))
        spelt = spelt_power(exp) if type(exp) is Num and not base.shape else None
        if spelt is not None:  # u^(1/2) is written sqrt(u), as its entry spells it
            return ATOM, self._call(spelt, (base,))
        return POW, self._power(base, exp)

    def _print_Call(self, node):
        if node.payload.syntax is not None:  # an operator kept whole in canonical form: x > 0
            return self._print_Apply(node)
        return ATOM, self._call(node.payload, node.args)

    def _print_MatMul(self, node):
        parts: list = []
        for i, f in enumerate(node.args):
            parts += [self.matmul] * bool(i) + [(f, MUL if i == 0 else POW)]
        return MUL, parts

    def _print_Transpose(self, node):
        return POW + 5, [(node.args[0], ATOM), self.transpose]

    def _print_Size(self, node):
        return ATOM, [str(node.payload)]

    # -- as-written nodes ---------------------------------------------------
    def _print_Apply(self, node):
        prim, a = node.payload, node.args
        syn = prim.syntax
        if syn is None:
            return ATOM, self._call(prim, a)
        return syn.precedence, getattr(self, "_form_" + syn.form)(syn, *a)

    # one method per operator form (as SymPy's printers have one per node kind)
    def _form_infix(self, syn, left, right):
        return [(left, syn.left), self.symbols.get(syn.symbol, syn.symbol), (right, syn.right)]

    def _form_prefix(self, syn, operand):
        return [self.symbols.get(syn.symbol, syn.symbol), (operand, syn.right)]

    _form_quotient = _form_infix

    def _form_power(self, syn, base, exp):
        return self._power(base, exp)

    def _form_matmul(self, syn, left, right):
        return [(left, syn.left), self.matmul, (right, syn.right)]

    def _form_postfix(self, syn, operand):
        return [(operand, syn.right), self.transpose]

    # -- shared shapes ------------------------------------------------------
    def _power(self, base, exp):
        return [(base, POW + 1), self.epower if base.shape or exp.shape else self.power_op, (exp, POW)]

    def _call(self, fn, args):
        shown = args[:len(args) - fn.sizes]  # sizes come from context: vector(1), eye
        if not shown:
            return [fn.text]
        parts: list = [fn.text, "("]
        for i, a in enumerate(shown):
            if i:
                parts.append(", ")
            parts.append((a, 0))
        parts.append(")")
        return parts

    def _divide(self, num_parts, den_parts, elementwise=False):
        return [*num_parts, self.ediv if elementwise else "/", *den_parts]

    def _product(self, factors, negate=False):
        """coefficient * factors, with negative powers written as a denominator."""
        sign, numer, denom = split_fraction(factors)
        sign = sign != negate
        num_items = self._join(numer) or ["1"]
        if denom:
            if len(denom) == 1:
                den_items = [(denom[0], POW)]
            else:
                den_items = [self.lparen, *self._join(denom), self.rparen]
            body, prec = self._divide(num_items, den_items, any(d.shape for d in denom)), MUL
        elif len(numer) > 1:
            body, prec = num_items, MUL
        else:  # a lone factor under a minus sign: -x^2, -A*B
            body, prec = [(numer[0], MUL if type(numer[0]) is MatMul else POW)], NEG
        return (prec, ["-", *body]) if sign else (prec, body)

    def _join(self, factors):
        """Factors of a product: .* between arrays; a matrix product after scalars needs no parentheses."""
        items: list = []
        arrays = False
        for i, f in enumerate(factors):
            if i:
                items.append(self.hadamard if arrays and f.shape else self.times)
            items.append((f, MUL if i == 0 or (type(f) is MatMul and not arrays) else POW))
            arrays = arrays or bool(f.shape)
        return items


def split_fraction(factors):
    """Split a product into (negative?, numerator factors, denominator factors)."""
    coeff = 1
    numer, denom = [], []
    for f in factors:
        if type(f) is Num:
            coeff = coeff * f.value
        elif type(f) is Pow and type(f.args[1]) is Num and f.args[1].value < 0:
            e = -f.args[1].value
            denom.append(f.args[0] if e == 1 else Pow.make(None, (f.args[0], num(e)), f.shape))
        else:
            numer.append(f)
    negative = coeff < 0
    coeff = -coeff if negative else coeff
    if type(coeff) is not float:
        top, bottom = coeff.numerator, coeff.denominator
    else:
        top, bottom = coeff, 1
    if top != 1:
        numer.insert(0, num(top))
    if bottom != 1:
        denom.insert(0, num(bottom))
    return negative, numer, denom


class PythonPrinter(TextPrinter):
    """A Python expression over ``math`` (or ``numpy`` with numpy=True), spelt by the table's entries."""

    power_op = "**"
    hadamard, ediv, epower, matmul, transpose = "*", "/", "**", " @ ", ".T"
    symbols = {".*": "*", "./": "/"}

    def __init__(self, names=None, numpy: bool = False):
        super().__init__(names)
        self.numpy = numpy

    def _print_Var(self, node):
        name = node.name
        clash = keyword.iskeyword(name) or name in ("math", "numpy")  # a valid name here, not in Python
        return ATOM, [name + "_" if clash else name]

    def _constant(self, entry):
        return entry.numpy if self.numpy else entry.python

    def _integer(self, n: int) -> str:
        short = scientific(n)  # 1e400 is a float (infinity) in Python; 10**400 is exact
        if not short:
            return str(n)
        return f"10**{short[1]}" if short[0] == 1 else f"({short[0]}*10**{short[1]})"

    def _call(self, fn, args):
        return template_parts(fn.numpy if self.numpy else fn.python, args, 0)

    def _print_Apply(self, node):
        if node.payload.syntax is not None and node.payload.python is not None:  # and, or, not: as 1 or 0
            return ATOM, self._call(node.payload, node.args)
        return super()._print_Apply(node)

    def _power(self, base, exp):
        # x**(1/3) is a complex number for x < 0 in Python; math.pow says "domain error" as diffcli does
        if self.numpy or (type(exp) is Num and float(exp.value).is_integer()):
            return super()._power(base, exp)
        return ["math.pow(", (base, 0), ", ", (exp, 0), ")"]


class TracePrinter(TextPrinter):
    """The notation of trace tables (Baydin et al.): v-1 × v0, ln v-1, dv-1 / v-1.

    ``names`` maps the traced nodes to their row names; a function of one
    named (or atomic) argument is written without parentheses.
    """

    def __init__(self, names=None, unicode: bool = True):
        super().__init__(names)
        self.times = self.matmul = " × " if unicode else " * "
        self.symbols = {"*": self.times, "/": " / "}

    def _bare(self, node) -> bool:
        a = node.args
        return node.payload.is_function and len(a) == 1 and (a[0] in self.names or not a[0].args)

    def _print_Call(self, node):
        if self._bare(node):  # binds looser than ^: (cos v0)^2
            return MUL + 1, [node.payload.text, " ", (node.args[0], ATOM)]
        return super()._print_Call(node)

    def _print_Apply(self, node):
        if self._bare(node):
            return self._print_Call(node)
        return super()._print_Apply(node)

    def _divide(self, num_parts, den_parts, elementwise=False):
        return [*num_parts, " ./ " if elementwise else " / ", *den_parts]


def template_parts(template: str, args, prec):
    """Split a format-style spelling ('math.log({0}, {1})', '\\sqrt{{{0}}}', 'max({*})') into parts.

    An argument set off by brackets or commas ('f({0})', '{{{0}}}') needs no
    parentheses of its own; anywhere else ('-{0}', '2**{0}', '1/{0}') it binds
    as an atom, so -(x + y) is never written -x + y.
    """
    parts: list = []
    text: list[str] = []
    i = 0
    while i < len(template):
        pair = template[i:i + 2]
        if pair in ("{{", "}}"):
            text.append(pair[0])
            i += 2
        elif template[i] == "{":
            k = template.index("}", i)
            if text:
                parts.append("".join(text))
                text = []
            field = template[i + 1:k]
            before, after = template[i - 1:i], template[k + 1:k + 2]
            need = prec if before in ("(", "[", " ", ",", "{", "") and after in (")", "]", ",", "}", "\\", "") else ATOM
            if field == "*":  # every argument, separated by commas
                for j, a in enumerate(args):
                    parts += [", "] * bool(j) + [(a, need)]
            else:
                parts.append((args[int(field)], need))
            i = k + 1
        else:
            text.append(template[i])
            i += 1
    if text:
        parts.append("".join(text))
    return parts


def to_text(node, names=None, need: int = 0, limit: int | None = None) -> str:
    return TextPrinter(names).doprint(node, need, limit)
