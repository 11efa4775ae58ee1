"""Running a block of a program: loops unroll into the graph as they run.

A statement's expression is a template whose names are free variables;
running it substitutes the names' current values (a non-recursive postorder
rebuild with ``written``, so operations on numbers fold: the loop variable
is a number in the body, and z + 3 folds while z is one). Hash-consing keeps
repeated work shared, so the derivative of a loop is exact everywhere and
costs time linear in the unrolled size.

Branches: a condition that folds to a number is decided at once. A
condition on the inputs runs both branches, each on its own copy of the
names, and joins them: every name they leave different becomes
``where(condition, then, else)``. A while loop whose condition depends on
the inputs runs only at a point (``at``): there its condition is evaluated
as the loop goes, and the result is the function along that path.

Nothing recurses: blocks nest on an explicit stack of frames. Every
statement run counts its operations; past ``LIMIT`` the run stops with an
InputError (a for loop whose count is certain is refused before it starts).
"""

from __future__ import annotations

from .errors import InputError, MathError, NeedsPoint
from .expr import Num, Var, num, postorder, var, written
from .numformat import describe_point, format_number
from .path import PointValues
from .printing import to_text
from .rules import TABLE

LIMIT = 1_000_000  # operations a run may execute, counted as executed (before sharing)
_WHERE = TABLE["where"]


class Unset:
    """A name an if on the inputs assigns in some branches only, and nothing before it."""

    __slots__ = ("name", "tok")

    def __init__(self, name, tok):
        self.name, self.tok = name, tok


class Run:
    """The interpreter of one program's blocks; the builder holds the names (``env``) and the tables."""

    def __init__(self, builder):
        self.b = builder
        self.executed = 0
        self.loops: list = []  # the running loops, innermost last: [token, label]
        self.context = ""  # their labels: i=3, iteration 2
        self.plans: dict = {}  # template -> (its nodes with variables in postorder, its operation count)
        self.path = None  # values at the point, once a while loop needs them
        self.checked = None  # the last condition checked for a boundary
        self.whiles: dict = {}  # while token -> [iterations, runs], for loops decided at the point

    # -- counting ------------------------------------------------------------------------
    def count(self, n: int):
        self.executed += n
        if self.executed > LIMIT:
            tok = self.loops[-1][0] if self.loops else None
            raise self._error(f"the program runs more than {LIMIT:,} operations (loops unroll as they run)",
                              tok, "run fewer iterations")

    def _error(self, msg, tok, hint=None, cls=InputError):
        if tok is None:
            return cls(msg, hint=hint)
        return cls(msg, self.b.text, tok.line, tok.column, hint)

    # -- names -----------------------------------------------------------------------------
    def read(self, name: str, env: dict, node=None):
        """A name's value as a statement runs: assigned, or else an input (``node``, its variable)."""
        v = env.get(name)
        if v is None:
            order = self.b.order
            if name not in order:
                order[name] = len(order)
            return node if node is not None else var(name)
        if type(v) is Unset:
            raise self._error(f"{name} is assigned only in some branches of this if, which depends on the "
                              "inputs, and nowhere before it", v.tok,
                              f"give {name} a value before the if, or in every branch")
        return v

    def bind(self, tok, name: str, value, env: dict, context: str = ""):
        self.check_unassigned(tok, name, env)
        env[name] = value
        self.b.names[value] = name
        if context:
            self.b.iterations[value] = context

    def check_unassigned(self, tok, name: str, env: dict):
        if name in self.b.order and name not in env:
            raise self._error(f"{name} is used as an input before it is assigned", tok,
                              "an input and an intermediate need different names")

    # -- expressions -----------------------------------------------------------------------
    def plan(self, template):
        """(the template's nodes with variables in postorder, how many operations they are), once."""
        plan = self.plans.get(template)
        if plan is None:
            order = [n for n in postorder(template) if n.has_var]
            plan = self.plans[template] = (order, sum(1 for n in order if type(n) is not Var))
        return plan

    def least_cost(self, body) -> int:
        """Operations one run of a body executes at least: its assignments' (blocks count one)."""
        return sum(max(1, self.plan(s[3])[1]) if s[0] == "set" else 1 for s in body)

    def substitute(self, template, env):
        """The template with the names' current values in place of its free variables."""
        if not template.has_var:
            return template
        order, ops = self.plans.get(template) or self.plan(template)
        self.count(ops)
        read, where = self.read, self.b.where
        new: dict = {}
        get = new.get
        for n in order:
            if type(n) is Var:
                new[n] = read(n.payload, env, n)
                continue
            out = new[n] = written(n.payload, *[get(a, a) for a in n.args])
            at = where.get(n)
            if at is not None and out.args and out not in where:
                where[out] = at
        return new[template]

    def decided(self, node, tok):
        """A condition's truth, or None when it depends on the inputs."""
        if type(node) is Num:
            return node.value != 0
        if node.has_var:
            return None
        return self._number(node, tok) != 0  # a constant such as pi > 3

    def _number(self, node, tok) -> float:
        from .evaluate import evaluate

        try:
            return evaluate(node, {})
        except MathError as e:
            raise self._error(str(e), tok) from None

    # -- statements ----------------------------------------------------------------------
    def execute(self, record):
        """Run one block statement (with what it nests) on the builder's names."""
        stack = [_Block([record], self.b.env)]
        while stack:
            stack[-1].resume(self, stack)

    def run_statement(self, s, env, stack):
        kind = s[0]
        if kind == "set":
            _, tok, name, template = s
            value = self.substitute(template, env)
            self.count(1)
            self.bind(tok, name, value, env, self.context)
        elif kind == "pass":
            self.count(1)
        elif kind == "for":
            stack.append(_For(self, s, env))
        elif kind == "while":
            stack.append(_While(s, env))
        else:
            stack.append(_If(s[1], s[2], s[3], env))

    def relabel(self):
        self.context = ", ".join(label for _, label in self.loops if label)

    def join(self, tok, condition, env, then, otherwise):
        """After an if on the inputs: each name the branches leave different becomes where(c, a, b)."""
        context = self.context
        for name in list(dict.fromkeys([*then, *otherwise])):
            a, b = then.get(name), otherwise.get(name)
            if a is b:
                env[name] = a
            elif a is None or b is None or type(a) is Unset or type(b) is Unset:
                env[name] = Unset(name, tok)
            else:
                self.count(1)
                value = written(_WHERE, condition, a, b)
                if tok is not None:
                    self.b.where.setdefault(value, tok.start_pos)
                self.bind(None, name, value, env, context)

    # -- while loops at a point ----------------------------------------------------------
    def at_point(self, node, tok) -> float:
        """The value of a condition on the inputs at the point (none given: an error that says why)."""
        if self.path is None:
            if self.b.at is None:
                names = ", ".join(dict.fromkeys(n.name for n in postorder(node) if type(n) is Var))
                raise self._error(f"this while loop's condition depends on the inputs ({names}): it can run "
                                  "only at a point, and then the result is the function along the path it takes "
                                  "there; give the point", tok, cls=NeedsPoint)
            self.path = PointValues(self.b.at)
        return self.path.value(node, lambda msg: self._error(msg, tok))

    def on_boundary(self, node, template, tok, iteration):
        """A note when the point sits exactly on the boundary of a comparison in the condition."""
        if node is self.checked:  # the same condition as the last iteration's (it does not involve the loop)
            return
        self.checked = node
        if self.path.on_boundary(node):
            self.b.notes.append(
                f"at {describe_point(self.b.at)} the condition {to_text(template, limit=60)} of the while loop "
                f"on line {tok.line} is exactly on its boundary after {iteration} iteration"
                f"{'s' if iteration != 1 else ''}: the branch it selects is used")

    def finish(self):
        """Notes on the while loops that ran at the point."""
        for tok, (iterations, runs) in self.whiles.items():
            times = f"{iterations} time{'s' if iterations != 1 else ''}"
            if runs > 1:
                times += f" in all over {runs} runs"
            self.b.notes.append(f"the while loop on line {tok.line} ran {times} at {describe_point(self.b.at)}: "
                                "the result is the function along that path, and it holds near that point")


# -- frames: one block statement in progress each; ``resume`` does one step -------------------

class _Block:
    __slots__ = ("records", "i", "env")

    def __init__(self, records, env):
        self.records, self.i, self.env = records, 0, env

    def resume(self, run, stack):
        records, n, depth = self.records, len(self.records), len(stack)
        while self.i < n:  # assignments one after another; a block statement pushes its frame
            self.i += 1
            run.run_statement(records[self.i - 1], self.env, stack)
            if len(stack) != depth:
                return
        stack.pop()


class _For:
    __slots__ = ("name", "body", "env", "values", "k", "tok", "count")

    def __init__(self, run, record, env):
        _, tok, name, fn, bounds, body = record
        ints = []
        for i, b in enumerate(bounds):
            node = run.substitute(b, env)
            if node.has_var:
                used = ", ".join(dict.fromkeys(n.name for n in postorder(node) if type(n) is Var))
                raise run._error(f"range bounds are constant whole numbers; argument {i + 1} depends on the "
                                 f"input{'s' if ',' in used else ''} {used}", fn,
                                 "a bound may be a number, a constant expression, a name assigned one, "
                                 "or an outer loop variable")
            value = node.value if type(node) is Num else run._number(node, fn)
            if value != int(value):
                raise run._error(f"range bounds are whole numbers; argument {i + 1} is "
                                 f"{format_number(float(value))}", fn)
            ints.append(int(value))
        if len(ints) == 3 and ints[2] == 0:
            raise run._error("the step of range must not be 0", fn)
        self.values = r = range(*ints)
        count = max(0, (r.stop - r.start + r.step - (1 if r.step > 0 else -1)) // r.step)  # len() stops at 2^63
        per = 1 + run.least_cost(body)
        if run.executed + count * per > LIMIT:
            raise run._error(f"range({', '.join(map(str, ints))}) runs {count:,} times, at least "
                             f"{per} operation{'s' if per != 1 else ''} each: more than the limit of {LIMIT:,} "
                             "operations (loops unroll as they run)", fn, "run fewer iterations")
        self.name, self.body, self.env, self.k, self.tok, self.count = name, body, env, 0, tok, count
        run.check_unassigned(tok, name, env)
        run.loops.append([tok, ""])

    def resume(self, run, stack):
        if self.k == self.count:
            run.loops.pop()
            run.relabel()
            stack.pop()
            return
        v = self.values[self.k]
        self.k += 1
        run.count(1)
        self.env[self.name] = num(v)
        run.loops[-1][1] = f"{self.name}={v}"
        run.relabel()
        stack.append(_Block(self.body, self.env))


class _While:
    __slots__ = ("tok", "condition", "body", "env", "k", "at_point")

    def __init__(self, record, env):
        _, self.tok, self.condition, self.body = record
        self.env, self.k, self.at_point = env, 0, False

    def resume(self, run, stack):
        if self.k == 0:
            run.loops.append([self.tok, ""])
        node = run.substitute(self.condition, self.env)
        truth = run.decided(node, self.tok)
        if truth is None:
            truth = run.at_point(node, self.tok) != 0
            run.on_boundary(node, self.condition, self.tok, self.k)
            self.at_point = True
        if not truth:
            if self.at_point:
                stats = run.whiles.setdefault(self.tok, [0, 0])
                stats[0] += self.k
                stats[1] += 1
            run.loops.pop()
            run.relabel()
            stack.pop()
            return
        self.k += 1
        run.count(1)
        run.loops[-1][1] = f"iteration {self.k}"
        run.relabel()
        stack.append(_Block(self.body, self.env))


class _If:
    """if/elif/else: clauses tried in order while their conditions are decided."""

    __slots__ = ("tok", "clauses", "otherwise", "env")

    def __init__(self, tok, clauses, otherwise, env):
        self.tok, self.clauses, self.otherwise, self.env = tok, clauses, otherwise, env

    def resume(self, run, stack):
        stack.pop()
        for j, (condition, body) in enumerate(self.clauses):
            node = run.substitute(condition, self.env)
            truth = run.decided(node, self.tok)
            if truth is None:  # on the inputs: both ways, then joined
                rest = _If(self.tok, self.clauses[j + 1:], self.otherwise, None)
                stack.append(_Join(self.tok, node, self.env, body, rest))
                return
            if truth:
                stack.append(_Block(body, self.env))
                return
        if self.otherwise is not None:
            stack.append(_Block(self.otherwise, self.env))


class _Join:
    """A branch on the inputs: the then-branch on one copy of the names, the rest on another, then where."""

    __slots__ = ("tok", "condition", "env", "body", "then", "otherwise", "rest", "phase")

    def __init__(self, tok, condition, env, body, rest):
        self.tok, self.condition, self.env, self.body, self.rest = tok, condition, env, body, rest
        self.then, self.otherwise = dict(env), dict(env)
        self.phase = 0
        self.rest.env = self.otherwise

    def resume(self, run, stack):
        self.phase += 1
        if self.phase == 1:
            stack.append(_Block(self.body, self.then))
        elif self.phase == 2:
            stack.append(self.rest)
        else:
            stack.pop()
            run.join(self.tok, self.condition, self.env, self.then, self.otherwise)
