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

from fractions import Fraction

from .expr import Add, Mul, Num, Pow, postorder, postorder_uses

ADD, MUL, NEG, POW, ATOM = 10, 20, 25, 30, 40


def _is_negative(node) -> bool:
    if type(node) is Num:
        return node.value < 0
    return type(node) is Mul and type(node.args[0]) is Num and node.args[0].value < 0


class TextPrinter:
    """diffcli's own syntax: what the text output and JSON TEXT fields use."""

    times = "*"
    power_op = "^"
    lparen, rparen = "(", ")"

    def __init__(self, names: dict | None = None):
        self.names = names if names is not None else {}

    # -- driver -------------------------------------------------------------
    def doprint(self, root, need: int = 0, limit: int | None = None) -> str:
        """The text of root, in parentheses if it binds looser than ``need``.

        With ``limit``, stop after about that many characters (an error
        message naming a node of a huge DAG must not write it all out).
        """
        out: list[str] = []
        length = 0
        stack = [(root, need)]
        while stack:
            if limit is not None and length > limit:
                out.append("...")
                break
            item = stack.pop()
            if type(item) is str:
                out.append(item)
                length += len(item)
                continue
            node, need, *negated = item
            name = self.names.get(node)
            if name is not None and not negated:
                out.append(name)
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

    # -- leaves -------------------------------------------------------------
    def _number(self, v) -> str:
        if isinstance(v, Fraction):
            return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
        return repr(float(v))

    def _print_Num(self, node):
        v = node.value
        if isinstance(v, Fraction) and v.denominator != 1:
            return MUL, [self._number(v)]
        return (NEG if v < 0 else ATOM), [self._number(v)]

    def _print_Var(self, node):
        return ATOM, [node.name]

    def _print_Const(self, node):
        return ATOM, [node.name]

    # -- canonical nodes ----------------------------------------------------
    def _print_Add(self, node):
        terms = list(node.args)
        negative = [_is_negative(t) and t not in self.names for t in terms]
        if negative[0]:  # read "1 - x" and "b - a", but keep "-2*x^3 + x^2" in degree order
            first = next((t for t, neg in zip(terms, negative) if not neg), None)
            if first is not None and (len(terms) == 2 or type(first) is Num):
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
            return self._print_Num(Num.make(-node.value))
        return self._product(node.args, negate=True)

    def _print_Pow(self, node):
        base, exp = node.args
        if type(exp) is Num and exp.value < 0:
            return self._product((node,))
        return POW, self._power(base, exp)

    def _print_Call(self, node):
        return ATOM, self._call(node.fn, node.args)

    # -- as-written nodes ---------------------------------------------------
    def _print_Apply(self, node):
        prim, a = node.prim, node.args
        name = prim.name
        if name == "add":
            return ADD, [(a[0], ADD), " + ", (a[1], ADD + 1)]
        if name == "sub":
            return ADD, [(a[0], ADD), " - ", (a[1], ADD + 1)]
        if name == "mul":
            return MUL, [(a[0], MUL), self.times, (a[1], POW)]
        if name == "div":
            return MUL, self._divide([(a[0], MUL)], [(a[1], POW)])
        if name == "neg":
            return NEG, ["-", (a[0], POW)]
        if name == "pow":
            return POW, self._power(a[0], a[1])
        return ATOM, self._call(prim, a)

    # -- shared shapes ------------------------------------------------------
    def _power(self, base, exp):
        return [(base, POW + 1), self.power_op, (exp, POW)]

    def _call(self, fn, args):
        parts: list = [fn.name, "("]
        for i, a in enumerate(args):
            if i:
                parts.append(", ")
            parts.append((a, 0))
        parts.append(")")
        return parts

    def _divide(self, num_parts, den_parts):
        return [*num_parts, "/", *den_parts]

    def _product(self, factors, negate=False):
        """coefficient * factors, with negative powers written as a denominator."""
        sign, numer, denom = _fraction(factors)
        sign = sign != negate
        num_items = self._join(numer) or ["1"]
        if denom:
            if len(denom) == 1:
                den_items = [(denom[0], POW)]
            else:
                den_items = [self.lparen, *self._join(denom), self.rparen]
            body, prec = self._divide(num_items, den_items), MUL
        elif len(numer) > 1:
            body, prec = num_items, MUL
        else:  # a lone factor under a minus sign
            body, prec = [(numer[0], POW)], NEG
        return (prec, ["-", *body]) if sign else (prec, body)

    def _join(self, factors):
        items: list = []
        for i, f in enumerate(factors):
            if i:
                items.append(self.times)
            items.append((f, MUL if i == 0 else POW))
        return items


def _fraction(factors):
    """Split a product into (negative?, numerator factors, denominator factors)."""
    coeff = Fraction(1)
    numer, denom = [], []
    for f in factors:
        if type(f) is Num:
            coeff = coeff * f.value
        elif type(f) is Pow and type(f.args[1]) is Num and f.args[1].value < 0:
            e = -f.args[1].value
            denom.append(f.args[0] if e == 1 else Pow.make(None, (f.args[0], Num.make(e))))
        else:
            numer.append(f)
    negative = coeff < 0
    coeff = -coeff if negative else coeff
    if isinstance(coeff, Fraction):
        top, bottom = Fraction(coeff.numerator), Fraction(coeff.denominator)
    else:
        top, bottom = coeff, Fraction(1)
    if top != 1:
        numer.insert(0, Num.make(top))
    if bottom != 1:
        denom.insert(0, Num.make(bottom))
    return negative, numer, denom


class PythonPrinter(TextPrinter):
    """A Python expression over ``math`` (or ``numpy`` with numpy=True)."""

    power_op = "**"

    def __init__(self, names=None, numpy: bool = False):
        super().__init__(names)
        self.numpy = numpy

    def _print_Const(self, node):
        return ATOM, [("numpy." if self.numpy else "math.") + node.name]

    def _call(self, fn, args):
        template = fn.numpy if self.numpy else fn.python
        return _template(template, args, 0)


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

    def _print_Var(self, node):
        name = node.name
        if "_" in name:
            head, _, tail = name.partition("_")
            return ATOM, [f"{_greek(head)}_{{{tail}}}"]
        head = name.rstrip("0123456789")
        if head and head != name and len(head) == 1:
            return ATOM, [f"{head}_{{{name[len(head):]}}}"]
        return ATOM, [_greek(name)]

    def _print_Const(self, node):
        return ATOM, [r"\pi" if node.name == "pi" else "e"]

    def _power(self, base, exp):
        return [(base, POW + 1), "^{", (exp, 0), "}"]

    def _call(self, fn, args):
        return _template(fn.latex, args, 0)

    def _divide(self, num_parts, den_parts):
        return [r"\frac{", *_loosen(num_parts, self), "}{", *_loosen(den_parts, self), "}"]

    def _join(self, factors):
        items: list = []
        for i, f in enumerate(factors):
            if i:  # juxtapose, but keep a dot before a number so digits never run together
                starts_num = type(f) is Num or (type(f) is Pow and type(f.args[0]) is Num)
                items.append(self.times if starts_num else " ")
            items.append((f, MUL if i == 0 else POW))
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


def _template(template: str, args, prec):
    """Split a format-style spelling ('math.log({0}, {1})', '\\sqrt{{{0}}}') into parts."""
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
            parts.append((args[int(template[i + 1:k])], prec))
            i = k + 1
        else:
            text.append(template[i])
            i += 1
    if text:
        parts.append("".join(text))
    return parts


PRINTERS = {"text": TextPrinter, "python": PythonPrinter, "latex": LatexPrinter}


def to_text(node, names=None, need: int = 0, limit: int | None = None) -> str:
    return TextPrinter(names).doprint(node, need, limit)


# -- named shared parts ------------------------------------------------------

def shared_parts(root) -> list:
    """Nodes worth a name: used more than once and more than a leaf."""
    order, uses = postorder_uses(root)
    shared = [n for n in order if uses[n] > 1 and n.args and n is not root
              and not (type(n) is Mul and len(n.args) == 2 and type(n.args[0]) is Num and not n.args[1].args)]
    return shared


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
    return assignments, results
