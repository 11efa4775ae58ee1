"""The derivative worked out rule by rule, as a student would write it.

Walks the as-written graph from the output down (an explicit stack, each
distinct subexpression once) and says, for every operation that depends on
the variable, which rule turns its derivative into derivatives of its parts.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import simplify as S
from .expr import Apply, Var
from .functions import FUNCTIONS
from .printing import MUL, POW, to_text


@dataclass
class Step:
    rule: str
    lhs: str
    rhs: str

    def line(self) -> str:
        return f"{self.rule}: {self.lhs} = {self.rhs}"


def steps(root, name: str) -> list[Step]:
    from .expr import postorder

    dep: dict = {}
    for node in postorder(root):
        dep[node] = (type(node) is Var and node.name == name) or any(dep[a] for a in node.args)
    d = lambda e: f"d/d{name}[{to_text(e)}]"  # noqa: E731
    t = to_text
    f = lambda e: to_text(e, need=POW)  # noqa: E731  (a factor beside others)
    g = lambda e: to_text(e, need=MUL + 1)  # noqa: E731  (after a division sign)
    out: list[Step] = []
    seen = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if not dep[node]:
            out.append(Step("constant rule", d(node), "0"))
            continue
        if type(node) is Var:
            out.append(Step("variable", d(node), "1"))
            continue
        if type(node) is not Apply:
            continue
        prim, args = node.prim, node.args
        live = [a for a in args if dep[a]]
        op = prim.name
        u = args[0]
        v = args[1] if len(args) > 1 else None
        if op in ("add", "sub"):
            sign = " + " if op == "add" else " - "
            parts = [d(a) if dep[a] else "0" for a in args]
            out.append(Step("sum rule" if op == "add" else "difference rule", d(node), sign.join(parts)))
        elif op == "neg":
            out.append(Step("constant multiple rule", d(node), f"-{d(u)}"))
        elif op == "mul":
            if len(live) == 2:
                out.append(Step("product rule", d(node), f"{d(u)}*{f(v)} + {f(u)}*{d(v)}"))
            else:
                c, w = (u, v) if not dep[u] else (v, u)
                out.append(Step("constant multiple rule", d(node), f"{f(c)}*{d(w)}"))
        elif op == "div":
            if dep[v]:
                out.append(Step("quotient rule", d(node),
                                f"({d(u)}*{f(v)} - {f(u)}*{d(v)})/{to_text(v, need=POW + 1)}^2"))
            else:
                out.append(Step("constant multiple rule", d(node), f"{d(u)}/{g(v)}"))
        elif op == "pow":
            if not dep[v]:
                n = S.canonical(v)
                n_minus_1 = S.add(n, S.num(-1))
                if type(u) is Var:
                    out.append(Step("power rule", d(node), t(S.mul(n, S.power(u, n_minus_1)))))
                else:
                    outer = t(S.mul(n, S.power(_u(), n_minus_1)))
                    power_u = to_text(S.power(_u(), n))
                    out.append(Step("chain rule", d(node), f"(d/du[{power_u}] at u = {t(u)})*{d(u)}"))
                    out.append(Step("power rule", f"d/du[{power_u}]", outer))
            elif not dep[u]:
                out.append(Step("exponential rule", d(node), f"{f(node)}*ln({t(u)})*{d(v)}"))
            else:
                out.append(Step("general power rule", d(node),
                                f"{f(node)}*({d(v)}*ln({t(u)}) + {f(v)}*{d(u)}/{g(u)})"))
        else:
            fn = FUNCTIONS[prim.name]
            cu = [S.canonical(a) for a in args]
            partials = fn.partials(*cu)
            if len(args) == 1 and type(u) is Var:
                out.append(Step(f"derivative of {fn.name}", d(node), t(partials[0])))
            else:
                terms = [f"{f(p)}*{d(a)}" for p, a in zip(partials, args) if dep[a]]
                out.append(Step(f"chain rule ({fn.name})", d(node), " + ".join(terms)))
        for a in reversed(live):
            if a not in seen:
                stack.append(a)
    return out


def _u():
    return Var.make("u")  # the inner function's stand-in, as textbooks write it

