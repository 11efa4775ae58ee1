"""Text -> as-written expression graph, with Lark's LALR parser.

The Builder is an inline transformer: Lark calls one method per grammar
alias as it reduces, so no parse tree is kept and nothing recurses over the
input (LALR runs on an explicit stack). Constant-only operations fold into
one canonical constant; everything else becomes an ``Apply`` node, one per
operation as written, hash-consed so that a repeated operation is one node.
The statement rules (and blocks: for, while, if) are in ``blocks``; blocks
run in ``interpret``.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass, field
from fractions import Fraction

from .blocks import BadIndentation, Indentation, StatementBuilder, base_indentation
from .canonical import canonical
from .errors import ExactnessWarning, InputError
from .expr import Num, Var, const, free_vars, num, size, var
from .expr import written as apply
from .generated_parser import (Lark, Lark_StandAlone, Token, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput,
                               UnexpectedToken, v_args)
from .interpret import Run
from .rules import CONSTANTS, TABLE, VARIADIC, function_names, lookup

MAX_INPUT = 16 * 1024 * 1024
_NOT_NAMES = {**dict.fromkeys(("True", "False", "None", "is", "in"), "write a comparison instead (x > 0)"),
              **dict.fromkeys(("if", "else", "elif"), "for 'a if c else b' write where(c, a, b)")}
_MAX_DIGITS = 400  # longer exact literals are read as floats
_MAX_EXPONENT = 1200  # as far as exact numbers go (exact.MAX_EXACT_BITS), so 1e400 prints and reads back


@dataclass
class Program:
    """A parsed input: its output node and what the user called things."""

    output: object
    text: str
    inputs: list  # names of free variables, in order of first appearance
    names: dict = field(default_factory=dict)  # node -> user's name for an intermediate
    is_program: bool = False
    mentioned: set = field(default_factory=set)  # every input name read, used by the output or not
    declared: dict = field(default_factory=dict)  # name -> shape from 'X: 3x2' lines
    where: dict = field(default_factory=dict)  # operation -> its place in the text (an int)
    arrays: bool = False  # written with something that is only for arrays
    shapes: dict = field(default_factory=dict)  # input name -> shape, once the shape pass has run
    iterations: dict = field(default_factory=dict)  # node -> "i=3": the loop variables when a loop assigned it
    notes: list = field(default_factory=list)  # what a run at a point decided (while loops), for the user
    folded: list = field(default_factory=list)  # constant operations folded away as the text was read

    def label(self, node) -> str:
        """The user's name for an intermediate, with the loop variables when a loop assigned it."""
        name, within = self.names.get(node, ""), self.iterations.get(node)
        return f"{name} ({within})" if within else name


_ADD, _SUB, _MUL, _DIV, _POW, _NEG, _EMUL, _EDIV, _EPOW, _MATMUL, _TRANSPOSE = (
    TABLE[n] for n in ("add", "sub", "mul", "div", "pow", "neg", "emul", "ediv", "epow", "matmul", "transpose"))
_AND, _OR, _NOT = TABLE["logical_and"], TABLE["logical_or"], TABLE["logical_not"]
_COMPARE = {"<": TABLE["less"], "<=": TABLE["less_equal"], ">": TABLE["greater"], ">=": TABLE["greater_equal"],
            "==": TABLE["equal"], "!=": TABLE["not_equal"]}


@v_args(inline=True)
class Builder(StatementBuilder):
    """One method per grammar alias; each builds the node for that rule."""

    def reset(self, text: str, at: dict | None = None):
        self.text = text
        self.at = at  # a point, for while loops whose condition depends on the inputs
        self.depth = 0  # inside this many block statements: expressions are templates
        self.blocks = 0
        self.assigned: set = set()  # names a block assigns
        self.target = None  # the last of them
        self.iterations: dict = {}
        self.notes: list = []
        self.leaf = None  # the first name or number of the statement being read (for carets)
        self.runner = Run(self)
        self.env: dict = {}
        self.names: dict = {}
        self.order: dict = {}
        self.statements = 0
        self.where: dict = {}  # operation -> where in the text it is written (for carets under shape errors)
        self.folded: list = []  # constant operations folded into a number (checked for ln(0), 1/0, ...)
        self.declared: dict = {}  # name -> shape, from 'X: 3x2' lines
        self.arrays = False  # something written only makes sense for arrays (x', .*, tr)
        self.fresh = 0

    def _op(self, prim, tok, *args):
        node = apply(prim, *args)
        if not node.has_var:  # a fold: 0*ln(0) is 0 as a number, but the input is undefined everywhere
            self.folded.extend(a for a in args if a.args)
        if tok is not None and node.args:
            self.where.setdefault(node, tok.start_pos)
        self.arrays = self.arrays or prim.array_only
        if not self.depth:
            self.runner.count(1)
        return node

    def _context_sizes(self, count: int):
        """Sizes to be found from the other operands (eye, vector(c)): placeholders the shape pass fills."""
        out = []
        for _ in range(count):
            self.fresh += 1
            out.append(size(f"?{self.fresh}"))
        return out

    def _size(self, node, tok):
        if type(node) is Num and node.is_exact and node.value.denominator == 1 and node.value > 0:
            return size(int(node.value))
        if type(node) is Var:
            return size(node.name)
        self._error("a size is a positive whole number or a name", tok)

    def _error(self, msg: str, tok: Token, hint: str | None = None):
        raise InputError(msg, self.text, tok.line, tok.column, hint)

    def number(self, tok: Token):
        s = str(tok)
        self.leaf = self.leaf or tok
        if s.isdigit() and len(s) <= _MAX_DIGITS:  # the common case, without Fraction's parser
            return num(int(s))
        mantissa, _, exponent = s.lower().partition("e")
        if exponent and abs(int(exponent)) > _MAX_EXPONENT or len(mantissa) > _MAX_DIGITS:
            value = float(s)
            if value in (float("inf"), float("-inf")):
                self._error(f"the number {s} is too large", tok)
            warnings.warn(ExactnessWarning(f"the number {s} has too large an exponent to keep exact; read as {value!r}"))
            return num(value)
        return num(Fraction(s))

    def name(self, tok: Token):
        s = str(tok)
        self.leaf = self.leaf or tok
        if not self.depth and s in self.env:
            return self.runner.read(s, self.env)
        if s in CONSTANTS:
            return const(CONSTANTS[s])
        if s in _NOT_NAMES:  # Python's words, never a variable: 'x if c else y' is not x*if*c*else - y
            self._error(f"{s} is not part of the language", tok, _NOT_NAMES[s])
        sized = [f for f in lookup(s) if f.arity == f.sizes]
        if sized:  # eye: its size comes from context
            return self._op(sized[0], tok, *self._context_sizes(sized[0].sizes))
        if lookup(s):
            power = self.text[tok.end_pos:].lstrip().startswith(("^", "**"))
            hint = f"write {s}(x)^2 for the square of {s}(x)" if power else f"write {s}(x)"
            self._error(f"{s} is a function and needs an argument", tok, hint)
        if not self.depth:  # in a block, a template's free name: its value when the statement runs
            self.order.setdefault(s, len(self.order))
        return var(s)

    def call(self, tok: Token, arguments):
        s = str(tok)
        fns = lookup(s)
        if not fns:
            if s in self.env or s in self.order or s in CONSTANTS or s in self.assigned:
                self._error(f"{s} is not a function", tok, f"to multiply, write {s}*(...)")
            import difflib  # only for this hint: a run that parses does without it

            close = difflib.get_close_matches(s.lower(), function_names(), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}?" if close else "functions: " + " ".join(function_names())
            self._error(f"unknown function {s}", tok, hint)
        for fn in fns:
            if fn.sizes and len(arguments) in (fn.arity, fn.arity - fn.sizes):
                given = len(arguments) - (fn.arity - fn.sizes)
                values = arguments[:fn.arity - fn.sizes]
                sizes = [self._size(a, tok) for a in arguments[len(values):]]
                return self._op(fn, tok, *values, *sizes, *self._context_sizes(fn.sizes - given))
            if fn.arity == len(arguments) or (fn.arity == VARIADIC and len(arguments) >= 2):
                return self._op(fn, tok, *arguments)
        want = " or ".join(sorted({"two or more" if f.arity == VARIADIC else str(f.arity) for f in fns}))
        self._error(f"{s} takes {want} argument{'s' if want != '1' else ''}, not {len(arguments)}", tok)

    def arguments(self, *items):
        return items

    def add(self, a, op, b):
        return self._op(_ADD, op, a, b)

    def sub(self, a, op, b):
        return self._op(_SUB, op, a, b)

    def mul(self, a, op, b):
        return self._op(_MUL, op, a, b)

    def implicit_mul(self, a, b):
        return self._op(_MUL, None, a, b)

    def div(self, a, op, b):
        return self._op(_DIV, op, a, b)

    def emul(self, a, op, b):
        return self._op(_EMUL, op, a, b)

    def ediv(self, a, op, b):
        return self._op(_EDIV, op, a, b)

    def matmul(self, a, op, b):
        self.arrays = True  # '@' is always the matrix product
        return self._op(_MATMUL, op, a, b)

    def pow(self, a, op, b):
        return self._op(_POW, op, a, b)

    def epow(self, a, op, b):
        return self._op(_EPOW, op, a, b)

    def transpose(self, a, op):
        return self._op(_TRANSPOSE, op, a)

    def neg(self, op, a):
        return self._op(_NEG, op, a)

    def compare(self, first, *rest):
        """a < b, and a chain a < b <= c as Python reads it: a < b and b <= c."""
        out, left = None, first
        for i in range(0, len(rest), 2):
            tok, right = rest[i], rest[i + 1]
            test = self._op(_COMPARE[str(tok)], tok, left, right)
            out = test if out is None else self._op(_AND, tok, out, test)
            left = right
        return out

    def logical_and(self, a, op, b):
        return self._op(_AND, op, a, b)

    def logical_or(self, a, op, b):
        return self._op(_OR, op, a, b)

    def logical_not(self, op, a):
        return self._op(_NOT, op, a)

    def pos(self, op, a):
        return a

    def dims(self, *tokens):
        return tokens

    def declare(self, tok: Token, dims):
        """X: 3x2 (also 3 x 2, mxn, m x n, n): the shape of an input."""
        if self.depth:
            self._error("declare shapes at the top level, not in a block", tok)
        text = "".join(str(t) for t in dims)
        parts = text.split("x") if text not in ("x",) else [text]
        try:
            sizes = [int(p) if p.isdigit() else p for p in parts]
            if not 1 <= len(sizes) <= 2 or any(p == "" or (type(p) is int and p < 1) for p in sizes) or \
                    not all(type(p) is int or p.isidentifier() for p in sizes):
                raise ValueError
        except ValueError:
            self._error(f"{text!r} is not a shape: write n (a vector) or mxn (a matrix), sizes numbers or names",
                        dims[0])
        self.declared[str(tok)] = (sizes[0], 1) if len(sizes) == 1 else tuple(sizes)
        return ("declare", None)
_builder = Builder()
_indentation = Indentation()
_parser = None


def _get_parser() -> Lark:
    global _parser
    if _parser is None:
        _parser = _build_parser()
    return _parser


def _build_parser() -> Lark:
    """Lark's LALR parser for grammar/diffcli.lark, as tools/make_parser.py generated it: its tables
    come with the package (nothing is read from a cache another user could write to)."""
    return Lark_StandAlone(transformer=_builder, postlex=_indentation)


def _expected(names, text: str, pos: int) -> str:
    """What the parser could have taken at pos, in words, without LALR's noise."""
    names = set(names)
    before = text[:pos]
    open_parens = before.count("(") - before.count(")")
    words = []
    if "COLON" in names:
        words.append("':'")
    if "_INDENT" in names:
        words.append("an indented block (the body, on the lines below)")
    if "NUMBER" in names:  # after an operand only a name or '(' may follow (2x), never a number
        words.append("a number, a name or '('")
    if {"TIMES", "SLASH", "POW"} & names:
        words.append("an operator (+ - * / ^)")
    if "RPAR" in names and open_parens > 0:
        words.append("')'")
    if "COMMA" in names and open_parens > 0:
        words.append("','")
    if ({"_NL", "_SEMI", "$END"} & names) and open_parens <= 0 and not words:
        words.append("the end of the statement")
    return " or ".join(words) if words else "something else"


# Characters that editors and web pages slip in: a byte-order mark (invisible,
# so it takes no column) and no-break or thin spaces (each one space wide). A
# caret then points at the column the user sees in the editor.
_SPACES = str.maketrans({"\ufeff": None, **{c: " " for c in "\u00a0\u2007\u2009\u200a\u202f\u205f\u3000"}})


def parse_program(text: str, at: dict | None = None) -> Program:
    """The program's graph; ``at`` is a point for while loops whose condition depends on the inputs."""
    if len(text) > MAX_INPUT:
        raise InputError(f"the input is {len(text)} characters; the limit is {MAX_INPUT}")
    text = text.translate(_SPACES)
    if not text.strip():
        raise InputError("the input is empty")
    parser = _get_parser()
    _builder.reset(text, at)
    base = _indentation.base = base_indentation(text)
    try:
        out = parser.parse(text + "\n" + " " * base)  # every line ends, the last one too, back at the base
    except BadIndentation as e:
        raise InputError(f"unexpected indentation: {e}", text, e.line, e.column,
                         "a block's lines share one indentation, deeper than the line with its ':'") from None
    except UnexpectedCharacters as e:
        raise InputError(f"unexpected character {text[e.pos_in_stream]!r}", text, e.line, e.column,
                         "expected " + _expected(e.allowed, text, e.pos_in_stream) if e.allowed else None) from None
    except UnexpectedToken as e:
        raise _unexpected(e, text) from None
    except UnexpectedEOF as e:  # pragma: no cover - LALR reports $END as a token
        raise InputError("the input ends too early", text, None, None, str(e)) from None
    except UnexpectedInput as e:  # pragma: no cover
        raise InputError(f"cannot parse the input: {e}") from None
    inputs = sorted(set(free_vars(out)), key=lambda n: _builder.order.get(n, sys.maxsize))
    b = _builder
    program = Program(out, text, inputs, b.names, b.statements > 1 or b.blocks > 0, set(b.order), b.declared,
                      b.where, b.arrays, iterations=b.iterations, notes=b.notes, folded=b.folded)
    _builder.reset("")  # let go of this input's tables
    return program


def _unexpected(e: UnexpectedToken, text: str) -> InputError:
    tok = e.token
    try:  # the parser's own choices (the lexer's fallback names only what it could lex: a new line)
        e.expected = e.interactive_parser.accepts() or e.expected
    except Exception:  # pragma: no cover - keep Lark's set
        pass
    if tok.type == "$END" or (tok.type in ("_NL", "_DEDENT") and tok.start_pos >= len(text)):
        lines = text.splitlines() or [""]
        line, col = len(lines), len(lines[-1]) + 1
        if not any(row.split("#", 1)[0].strip(" \t;") for row in text.splitlines()):  # comments only
            return InputError("the input has no expression, only comments or separators")
        return InputError("the input ends too early", text, line, col, "expected " + _expected(e.expected, text, len(text)))
    if tok.type == "NUMBER" and tok.start_pos and text[:tok.start_pos].rstrip()[-1:].isdigit():
        return InputError("two numbers side by side", text, tok.line, tok.column, "write * between them to multiply")
    hint = "expected " + _expected(e.expected, text, tok.start_pos or 0)
    if tok.type == "_INDENT":  # its position is the line break before it
        return InputError("unexpected indentation", text, tok.end_line, len(tok) + 1,
                          "indent only the body of a for, while or if, after the line with its ':'")
    if tok.type == "_DEDENT":
        return InputError("the block ends too early", text, tok.end_line, len(tok) + 1, hint)
    if tok.type == "_NL":
        return InputError("unexpected end of the line", text, tok.line, tok.column, hint)
    return InputError(f"unexpected {str(tok)!r}", text, tok.line, tok.column, hint)


def parse_constant(text: str):
    """A constant expression such as ``pi/2`` (for --at values), canonical."""
    prog = parse_program(text)
    if prog.is_program:
        raise InputError(f"{text.strip()!r} is a program; a value here is one constant expression")
    if prog.inputs:
        raise InputError(f"{text!r} is not a constant: it uses {', '.join(prog.inputs)}")
    return canonical(prog.output)
