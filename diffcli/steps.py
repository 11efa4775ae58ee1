"""The derivative worked out rule by rule, as a student would write it.

Walks the as-written graph from the output down (an explicit stack, each
distinct subexpression once) and writes, for every operation that depends
on the variable, the chain rule with the table entry's own partials:
d/dx[f(u, w)] = f_u(u, w)*d/dx[u] + f_w(u, w)*d/dx[w]. The step's name is
the entry's rule name; nothing here knows a rule by heart.
"""

from __future__ import annotations

from dataclasses import dataclass

from .algebra import add, mul
from .canonical import canonical
from .expr import ONE, Var, postorder, var
from .printing import to_text
from .rules import rule_of


@dataclass
class Step:
    """One rule applied: ``rule: lhs = rhs``."""

    rule: str
    lhs: str
    rhs: str

    def line(self) -> str:
        return f"{self.rule}: {self.lhs} = {self.rhs}"


def steps(root, name: str, subgradient: bool = False) -> list[Step]:
    dep: dict = {}
    for node in postorder(root):
        dep[node] = (type(node) is Var and node.name == name) or any(dep[a] for a in node.args)

    def d(e):
        return f"d/d{name}[{to_text(e)}]"

    taken = {n.name for n in postorder(root) if type(n) is Var}
    stand_in = var(next(u for u in ("u", "w", "s", "t", "u1", "u2") if u not in taken))
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
        rule = rule_of(node)
        args = node.args
        live = [i for i, a in enumerate(args) if dep[a]]
        if _outer_inner(rule, args, live):
            out += _chain_steps(node, rule, live[0], d, stand_in, subgradient)
            stack.append(args[live[0]])
            continue
        partials = rule.partials(tuple(canonical(a) for a in args), live, subgradient)
        # d/dx[u] is a stand-in that sorts after every name (factors read 2*sin(x)*d/dx[sin(x)]); 1 where u is x
        inner = [ONE if type(args[i]) is Var else var(f"\uffff{k}") for k, i in enumerate(live)]
        shown = {v: d(args[i]) for v, i in zip(inner, live) if v is not ONE}
        rhs = to_text(add(*(mul(p, di) for p, di in zip(partials, inner))), names=shown)
        direct = all(type(args[i]) is Var for i in live)
        title = rule.rule or (f"derivative of {rule.text}" if direct else rule.rule_name)
        out.append(Step(title, d(node), rhs))
        for i in reversed(live):
            if args[i] not in seen and type(args[i]) is not Var:
                stack.append(args[i])
    return out


def _outer_inner(rule, args, live) -> bool:
    """A nonlinear function of one inner expression: written as the chain rule with a stand-in u."""
    return len(live) == 1 and type(args[live[0]]) is not Var and not rule.linear


def _chain_steps(node, rule, i, d, u, subgradient) -> list[Step]:
    """chain rule: d/dx[f(g)] = (d/du[f(u)] at u = g)*d/dx[g], then f's own rule for d/du[f(u)]."""
    args = tuple(canonical(a) for a in node.args)
    inner = node.args[i]
    outer = rule(*(u if k == i else a for k, a in enumerate(args)))
    [partial] = rule.partials(tuple(u if k == i else a for k, a in enumerate(args)), [i], subgradient)
    du = f"d/d{u.name}[{to_text(outer)}]"
    title = rule.rule or f"derivative of {rule.text}"
    return [Step("chain rule", d(node), f"({du} at {u.name} = {to_text(inner)})*{d(inner)}"),
            Step(title, du, to_text(partial))]
