"""Programs: the statement rules of the grammar, and indentation.

Statements at the top level run as Lark reduces them (an assignment binds
its name at once), so a program without blocks is built exactly as a
formula is. A block (for, while, if) is kept instead: while the parser is
inside one (``depth`` > 0) expressions are templates whose names are free
variables, and statements are records; when the outermost block statement
is complete, the interpreter (``interpret.Run``) runs it with the names'
current values. Records are tuples, their kind first:

    ("set", token, name, template)          an assignment
    ("pass", token)
    ("for", token, name, range token, (templates of the bounds), body)
    ("while", token, condition, body)
    ("if", token, [(condition, body), ...], else body or None)

A body is a list of records.
"""

from __future__ import annotations

from .errors import InputError
from .generated_parser import Indenter, Token, Transformer, v_args
from .rules import CONSTANTS, TABLE, lookup

_AUGMENTED = {"+=": TABLE["add"], "-=": TABLE["sub"], "*=": TABLE["mul"], "/=": TABLE["div"],
              "^=": TABLE["pow"], "**=": TABLE["pow"]}


class BadIndentation(Exception):
    """A line indented where no block opens, or back to a depth no block had (line, column, message)."""

    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column = line, column


class Indentation(Indenter):
    """Lark's Indenter, with indentation measured from the first statement's (``base``)."""

    NL_type = "_NL"
    OPEN_PAREN_types = ["LPAR", "LSQB"]
    CLOSE_PAREN_types = ["RPAR", "RSQB"]
    INDENT_type = "_INDENT"
    DEDENT_type = "_DEDENT"
    tab_len = 8
    base = 0

    def handle_NL(self, token: Token):
        if self.paren_level > 0:  # a new line inside brackets continues the line
            return
        yield token
        indent_str = token.rsplit("\n", 1)[1]
        indent = indent_str.count(" ") + indent_str.count("\t") * self.tab_len - self.base
        line, column = token.end_line, len(indent_str) + 1
        if indent < 0:
            raise BadIndentation(line, column, "this line is indented less than the first statement")
        if indent > self.indent_level[-1]:
            self.indent_level.append(indent)
            yield Token.new_borrow_pos(self.INDENT_type, indent_str, token)
            return
        while indent < self.indent_level[-1]:
            self.indent_level.pop()
            yield Token.new_borrow_pos(self.DEDENT_type, indent_str, token)
        if indent != self.indent_level[-1]:
            raise BadIndentation(line, column, "this line's indentation matches no block it could close")


def base_indentation(text: str) -> int:
    """The indentation of the first line with a statement: the one all others are measured from."""
    for line in text.splitlines():
        code = line.split("#", 1)[0]
        if code.strip(" \t\f\r;"):
            head = line[:len(line) - len(line.lstrip(" \t"))]
            return head.count(" ") + head.count("\t") * Indentation.tab_len
    return 0


@v_args(inline=True)
class StatementBuilder(Transformer):
    """The statement rules; mixed into parse.Builder, whose state (env, depth, ...) they share."""

    def _check_target(self, tok: Token):
        s = str(tok)
        if s in CONSTANTS or lookup(s):
            what = "a constant" if s in CONSTANTS else "a function"
            self._error(f"cannot assign to {s}: it is {what}", tok)

    def _leaf_position(self):
        return (self.leaf.line, self.leaf.column) if self.leaf is not None else (None, None)

    def _end_position(self):
        lines = self.text.rstrip("\n").splitlines() or [""]
        return len(lines), len(lines[-1]) + 1

    def assign(self, tok: Token, value):
        self._check_target(tok)
        self.statements += 1
        self.leaf = None
        if self.depth:
            self.assigned.add(str(tok))
            self.target = str(tok)
            return ("set", tok, str(tok), value)
        self.runner.bind(tok, str(tok), value, self.env)
        return ("assign", value)

    def augassign(self, tok: Token, op: Token, value):
        """z += 1 is z = z + 1."""
        return self.assign(tok, self._op(_AUGMENTED[str(op)], op, self.name(tok), value))

    def output(self, value):
        if self.depth:
            raise InputError("an expression alone in a block does nothing: the output is the last statement "
                             "at the top level", self.text, *self._leaf_position(),
                             "assign it (y = ...) to use its value after the block")
        self.statements += 1
        self.leaf = None
        return ("output", value)

    def skip(self, tok: Token):
        self.leaf = None
        return ("pass", tok)

    def unsupported(self, tok: Token):
        self._error(f"{tok} is not supported: loops run all their iterations (a while loop until its "
                    "condition fails)", tok, "write the condition into the loop, or use if inside it")

    def block_start(self, tok: Token):
        """for, while, if: from here to the end of the statement, expressions are templates."""
        self.depth += 1
        self.blocks += 1
        self.leaf = None
        return tok

    def condition(self, value):
        self.leaf = None
        return value

    def bounds(self, fn: Token, arguments):
        if str(fn) != "range":
            self._error(f"a for loop runs over range(...), not {fn}(...)", fn,
                        "range(n), range(start, stop) or range(start, stop, step)")
        if not 1 <= len(arguments) <= 3:
            self._error(f"range takes one to three arguments, not {len(arguments)}", fn)
        self.leaf = None
        return fn, tuple(arguments)

    def suite(self, *records):
        return list(records)

    def elif_branch(self, condition, body):
        return ("elif", condition, body)

    def else_branch(self, body):
        return ("else", body)

    def for_loop(self, tok: Token, name: Token, bounds, body):
        self._check_target(name)
        self.assigned.add(str(name))
        return self._ran(("for", tok, str(name), *bounds, body))

    def while_loop(self, tok: Token, condition, body):
        return self._ran(("while", tok, condition, body))

    def branches(self, tok: Token, condition, body, *rest):
        clauses = [(condition, body)] + [part[1:] for part in rest if part[0] == "elif"]
        otherwise = next((part[1] for part in rest if part[0] == "else"), None)
        return self._ran(("if", tok, clauses, otherwise))

    def _ran(self, record):
        """A block statement is complete: at the top level it runs now."""
        self.depth -= 1
        if self.depth:
            return record
        self.runner.execute(record)
        return ("block", record)

    def program(self, *statements):
        kind, value = statements[-1][0], statements[-1][1]
        if kind in ("declare", "pass"):
            what = "a declaration" if kind == "declare" else "pass"
            raise InputError(f"the program ends with {what}; its last statement must be the output")
        if kind == "block":
            last = self.target
            raise InputError("the program ends inside a block, so it has no output: its last line, at the top "
                             "level, is the output", self.text, *self._end_position(),
                             f"add a last line such as {last}" if last else "add a last line with the output")
        self.runner.finish()
        return value
