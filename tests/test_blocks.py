"""The block syntax of programs (for, while, if/elif/else by indentation), what it means, and
bad programs: exit 2 with the input echoed and a caret under the offending column."""

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import diffcli
from diffcli import interpret
from diffcli.cli import main
from dual import run as dual_run


def cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def same(a: str, b: str) -> bool:
    """Two programs that build one graph (hash-consing: one node)."""
    return diffcli.parse(a).raw is diffcli.parse(b).raw


# -- syntax -------------------------------------------------------------------------------

@pytest.mark.parametrize("loop, written", [
    ("z = x\nfor i in range(3):\n    z = z*x + i\nz", "z = x; z = z*x + 0; z = z*x + 1; z = z*x + 2; z"),
    ("z = x\nfor i in range(3): z = z*x + i\nz", "z = x; z = z*x + 0; z = z*x + 1; z = z*x + 2; z"),
    ("z = x; for i in range(2): z = z*x; z = z + 1\nz", "z = x; z = z*x; z = z + 1; z = z*x; z = z + 1; z"),
    ("z = x\nfor i in range(5, 0, -2):\n    z = z + i*x\nz", "z = x; z = z + 5*x; z = z + 3*x; z = z + 1*x; z"),
    ("z = x\nfor i in range(4, 2):\n    z = z*z\nz", "z = x; z"),
    ("n = 2^2\nz = x\nfor i in range(1, n):\n    for j in range(i):\n        z = z + j*x\nz",
     "z = x; z = z + 0*x; z = z + 0*x; z = z + 1*x; z = z + 0*x; z = z + 1*x; z = z + 2*x; z"),
    ("z = x\nfor i in range(10**0, 2^1 + 1):\n    z = z*x\nz", "z = x; z = z*x; z = z*x; z"),
    ("z = x\nk = 0\nwhile k < 3:\n    z = z*x\n    k += 1\nz", "z = x; z = z*x; z = z*x; z = z*x; z"),
    ("z = x\nif 2 > 1:\n    z = z + 1\nelse:\n    z = z - 1\nz", "z = x; z = z + 1; z"),
    ("z = x\nif 1 > 2: z = 1\nelif 3 > 2: z = z*2\nelse: z = 3\nz", "z = x; z = z*2; z"),
    ("z = x\nif pi > 3:\n    pass\nelse:\n    z = 0\nz", "z = x; z"),
])
def test_loops_unroll_into_the_program_written_out(loop, written):
    assert same(loop, written), (loop, diffcli.parse(loop).to_text(written=True))


def test_the_whole_input_may_be_indented_and_comments_and_blank_lines_go_anywhere():
    text = ("    # a program pasted from an indented block\n"
            "    z = x\n\n"
            "    for i in range(2):   # two steps\n"
            "  # a comment less indented\n"
            "        z = z*x\n\n"
            "    z\n")
    assert same(text, "z = x; z = z*x; z = z*x; z")


def test_a_new_line_inside_brackets_continues_the_line():
    r = cli("d", "(x^2 +\n 1)")
    assert r.exit_code == 0 and r.stdout == "2*x\n", r.output
    assert same("y = sin(\n  x)\nfor i in range(2):\n    y = (y +\n1)\ny",
                "y = sin(x); y = y + 1; y = y + 1; y")


def test_statements_separated_as_before():
    for text in ("a = x*w; b = a - y; b^2", ";a = x*w;; b = a - y;\nb^2;", "a = x*w\n;\nb = a - y\nb^2\n"):
        assert same(text, "a = x*w; b = a - y; b^2"), text


def test_augmented_assignments():
    assert same("z = x\nz += 2\nz *= y\nz -= 1\nz /= x\nz ^= 2\nz **= 3\nz",
                "z = x; z = z + 2; z = z*y; z = z - 1; z = z/x; z = z^2; z = z^3; z")


def test_comparisons_and_logic_are_python_s():
    cases = ["x < y", "x <= y", "x > y", "x >= y", "x == y", "x != y", "x < y <= 2", "not x > y",
             "x > 0 and y > 0", "x > 0 or y > 0", "not x > 0 or y > 0 and x < 1", "(x > y) + (y > x)*2"]
    for text in cases:
        f = diffcli.parse(text)
        for x, y in ((0.5, 1.5), (1.5, 0.5), (1.0, 1.0), (-1.0, 2.0)):
            want = float(eval(text, {"x": x, "y": y}))  # the test's own expressions, as Python reads them
            assert f.evaluate({k: v for k, v in {"x": x, "y": y}.items() if k in f.variables}) == want, text
            assert diffcli.parse(str(f)).node is f.node, (text, str(f))  # printed back, the same function


def test_comparisons_print_with_their_precedence():
    assert str(diffcli.parse("(x > 0) + 1")) == "(x > 0) + 1"
    assert str(diffcli.parse("not (x > 0 and y > 0)")) == "not (x > 0 and y > 0)"
    assert str(diffcli.parse("(x < y) < z")) == "(x < y) < z"
    assert str(diffcli.parse("x < y < z")) == "x < y and y < z"
    assert str(diffcli.parse("(x or y) and z")) == "(x or y) and z"
    assert str(diffcli.parse("where(x > 0, x, -x)*2")) == "where(x > 0, 2*x, -2*x)"
    assert diffcli.parse("where(x + 1 > 2*y, x, y)").latex() == \
        r"\begin{cases} {x} & \text{if } {x + 1 > 2 y} \\ {y} & \text{otherwise} \end{cases}"
    assert diffcli.parse("where(x >= 0 and not y != 1, x, y)").python() == \
        "(x if (bool(x >= 0) and bool((not y != 1))) else y)"


def test_where_is_input_too_and_its_derivative_is_simplified():
    f = diffcli.parse("where(x > 0, x^2, -x)")
    assert str(f.diff("x")) == "where(x > 0, 2*x, -1)"
    assert str(diffcli.parse("where(x > y, x*y, sin(x))").diff("x")) == "where(x > y, y, cos(x))"
    assert str(diffcli.parse("x*where(x > 0, 1, 2)").diff("x")) == "where(x > 0, 1, 2)"


# -- semantics ----------------------------------------------------------------------------

def test_a_branch_on_the_inputs_takes_the_branch_that_holds_at_a_point():
    text = "if x > 0:\n    y = ln(x)\nelse:\n    y = 0\ny"
    f = diffcli.parse(text)
    assert str(f) == "where(x > 0, ln(x), 0)"
    assert f.evaluate(x=-1) == 0 and f.diff("x").evaluate(x=-1) == 0  # ln(-1) is not needed there
    assert f.gradient_at(x=-1) == [0.0]
    assert f.evaluate(x=2) == pytest.approx(0.6931471805599453)
    rows = f.trace("forward", {"x": -1}).primal
    assert any(r.value is None for r in rows)  # the row of ln(x): not taken
    r = cli("d", text, "--at", "x=-1", "--trace", "reverse")
    assert r.exit_code == 0 and "undefined (branch not taken)" in r.stdout, r.output
    r = cli("d", "where(x > 0, ln(x), ln(-x))", "--at", "x=0")
    assert r.exit_code == 1  # the branch taken is undefined there: a mathematical failure


def test_a_point_on_a_boundary_uses_the_branch_its_condition_selects_with_a_note():
    r = cli("d", "if x > 0:\n    y = x^2\nelse:\n    y = -x\ny", "--at", "x=0")
    assert r.exit_code == 0
    assert "df/dx = -1" in r.stdout
    assert "note: at x=0 the condition x > 0 is exactly on its boundary" in r.stderr
    r = cli("d", "z = x\nwhile z < 4:\n    z = z*2\nz", "--at", "x=1")
    assert r.exit_code == 0 and "df/dx = 4" in r.stdout
    assert "z < 4" in r.stderr and "exactly on its boundary after 2 iterations" in r.stderr


def test_names_assigned_in_one_branch_only_and_read_after():
    text = "if x > 0:\n    y = x\nz = y + 1\nz"
    r = cli("d", text)
    assert r.exit_code == 2
    assert "y is assigned only in some branches" in r.stderr and "if x > 0:\n  ^" in r.stderr
    # decided at once: the name is assigned, as Python would have it
    assert str(diffcli.parse("if 1 > 0:\n    y = x\nz = y + 1\nz")) == "x + 1"


def test_the_trace_of_a_loop_is_the_trace_of_the_program_written_out_with_loop_labels():
    loop = diffcli.parse("z = x\nfor i in range(3):\n    z = z*x + i\nz")
    flat = diffcli.parse("z = x; z = z*x + 0; z = z*x + 1; z = z*x + 2; z")
    a, b = loop.trace("reverse", {"x": 0.7}), flat.trace("reverse", {"x": 0.7})
    assert [(r.name, r.expr, r.value) for r in a.primal] == [(r.name, r.expr, r.value) for r in b.primal]
    assert [(r.name, r.expr, r.value) for r in a.adjoint] == [(r.name, r.expr, r.value) for r in b.adjoint]
    assert [r.label for r in a.primal if r.label] == ["z (i=0)", "z (i=1)", "z (i=2)"]
    r = cli("d", "z = x\nfor i in range(3):\n    z = z*x + i\nz", "--at", "x=0.7", "--trace", "forward")
    assert "v6 (z (i=2)) = v5 + 2" in r.stdout and "dv6 (z (i=2)) = dv5" in r.stdout, r.stdout


def test_nested_loops_label_both_variables_and_while_loops_their_iteration():
    f = diffcli.parse("z = x\nfor i in range(2):\n    for j in range(2):\n        z = z*x + i + j\nz")
    assert "z (i=1, j=1)" in {f.program.label(n) for n in f.program.names}
    f = diffcli.parse("z = x\nk = 0\nwhile k < 2:\n    z = sin(z)\n    k = k + 1\nz")
    assert {"z (iteration 1)", "z (iteration 2)"} <= {f.program.label(n) for n in f.program.names}


def test_parse_at_a_point_is_the_library_s_way_to_run_a_while_loop():
    text = "z = x\nwhile z < 10:\n    z = z*z + 1\nz"
    f = diffcli.parse(text, at={"x": 1.5})
    value, slope, _ = dual_run(text, {"x": 1.5}, "x")
    assert f.evaluate(x=1.5) == pytest.approx(value) and f.diff("x").evaluate(x=1.5) == pytest.approx(slope)
    assert f.program.notes == ["the while loop on line 2 ran 2 times at x=1.5: the result is the function "
                               "along that path, and it holds near that point"]


def test_an_endless_loop_stops_at_the_operation_limit(monkeypatch):
    monkeypatch.setattr(interpret, "LIMIT", 20_000)
    r = cli("d", "z = 0\nwhile 1 > 0:\n    z = z + x\nz")
    assert r.exit_code == 2
    assert "more than 20,000 operations" in r.stderr and "while 1 > 0:\n  ^" in r.stderr
    r = cli("d", "z = x\nk = 0\nwhile k >= 0:\n    k = k + 1\nz")
    assert r.exit_code == 2 and "more than 20,000 operations" in r.stderr


def test_the_real_limit_stops_an_endless_loop():
    r = cli("d", "z = 0\nwhile 1 > 0:\n    z = z + x\nz")
    assert r.exit_code == 2 and "more than 1,000,000 operations" in r.stderr


def test_the_shipped_parser_reads_blocks_in_a_fresh_process(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "XDG_CACHE_HOME"}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    program = "z = x\nfor i in range(2):\n    if x > 0:\n        z = z*x\n    else:\n        z = (z +\n1)\nz"
    cmd = [sys.executable, "-c", "from diffcli.cli import main; main()", "d", program]
    outs = [subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60) for _ in range(2)]
    assert not list(tmp_path.iterdir())  # the tables come with the package: no cache is written
    assert outs[0].returncode == outs[1].returncode == 0, outs[1].stderr
    assert outs[0].stdout == outs[1].stdout == str(diffcli.parse(program).diff("x")) + "\n"


# -- bad programs: exit 2, the input echoed, a caret under the column -------------------------

BAD = [
    ("for i in range(3)\n    z = x\nz", "for i in range(3)", 18, "expected ':'"),
    ("if x > 0\n    z = x\nz", "if x > 0", 9, "expected ':'"),
    ("z = x\n    z = z*x\nz", "    z = z*x", 5, "unexpected indentation"),
    ("z = x\nfor i in range(3):\n        z = z*x\n    z = z + 1\nz", "    z = z + 1", 5,
     "matches no block"),
    ("  z = x\nz", "z", 1, "less than the first statement"),
    ("z = x\nfor i in range(3):\nz = z*x\nz", "z = z*x", 1, "expected an indented block"),
    ("z = x\nfor i in range(x):\n    z = z*x\nz", "for i in range(x):", 10, "depends on the input x"),
    ("z = x\nfor i in range(2.5):\n    z = z*x\nz", "for i in range(2.5):", 10, "whole numbers"),
    ("z = x\nfor i in range(1, 5, 0):\n    z = z*x\nz", "for i in range(1, 5, 0):", 10, "must not be 0"),
    ("z = x\nfor i in range(1, 2, 3, 4):\n    z = z*x\nz", "for i in range(1, 2, 3, 4):", 10, "one to three"),
    ("z = x\nfor i in rnage(3):\n    z = z*x\nz", "for i in rnage(3):", 10, "runs over range"),
    ("z = x\nfor i in range(3):\n    break\nz", "    break", 5, "break is not supported"),
    ("z = x\nwhile z < 3:\n    continue\nz", "    continue", 5, "continue is not supported"),
    ("z = x\nfor i in range(3):\n    z = z*x\n", "    z = z*x", 12, "ends inside a block"),
    ("z = x\nfor i in range(3):\n    z*x\nz", "    z*x", 5, "does nothing"),
    ("z = x\nfor i in range(3):\n    X: 3x2\nz", "    X: 3x2", 5, "top level"),
    ("z = x\nfor pi in range(3):\n    z = z*x\nz", "for pi in range(3):", 5, "cannot assign to pi"),
    ("y = x + i\nfor i in range(3):\n    y = y*i\ny", "for i in range(3):", 1, "used as an input before"),
    ("z = 0\nfor i in range(10**7):\n    z = z + x\nz", "for i in range(10**7):", 10, "limit of 1,000,000"),
    ("z = 0\nfor i in range(2^300):\n    z = z + x\nz", "for i in range(2^300):", 10, "limit of 1,000,000"),
]


@pytest.mark.parametrize("text, line, column, message", BAD, ids=[b[3] for b in BAD])
def test_bad_programs_exit_2_with_a_caret(text, line, column, message):
    r = cli("d", "-", input=text)
    assert r.exit_code == 2, (text, r.output)
    assert message in r.stderr, r.stderr
    assert "Traceback" not in r.output
    lines = r.stderr.splitlines()
    i = lines.index("  " + line)
    assert lines[i + 1].index("^") - 2 == column - 1, r.stderr


_PIECES = ["x", "y", "z", "i", "1", "2", " = ", " + ", "*", "(", ")", ":", ";", "\n", "\n    ", "\n  ", "\t",
           "for i in range(", "if ", "elif ", "else", "while ", " > ", " <= ", " == ", " and ", "not ", "pass",
           "break", "where(", ", ", "#", "z += ", "10^7", "-"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=0, max_size=16).map("".join))
def test_no_traceback_on_any_block_program(text):
    r = cli("d", "-", "--at", "x=0.5,y=2", input=text)
    assert r.exit_code in (0, 1, 2), (text, r.output)
    assert "Traceback" not in r.output and "internal error" not in r.output, (text, r.output)
    if r.exit_code:
        assert r.stderr.strip()


_ARITH = st.recursive(st.sampled_from(["x", "y", "1", "2", "(-1)"]),
                      lambda c: st.tuples(c, st.sampled_from(["+", "-", "*"]), c).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
                      max_leaves=4)
_COMPARISON = st.tuples(_ARITH, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), _ARITH).map(
    lambda t: f"({t[0]} {t[1]} {t[2]})")
# a truth value used as a number, compared again: ((x < y) + 1 > x)
_COMPARISON = st.one_of(_COMPARISON, st.tuples(_COMPARISON, _ARITH, st.sampled_from(["<", ">="]), _ARITH).map(
    lambda t: f"(({t[0]} + {t[1]}) {t[2]} {t[3]})"))
_LOGIC = st.recursive(_COMPARISON, lambda c: st.one_of(
    st.tuples(c, st.sampled_from(["and", "or"]), c).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    c.map(lambda a: f"(not {a})")), max_leaves=5)


@settings(max_examples=150, deadline=None)
@given(_LOGIC, st.integers(-2, 2), st.integers(-2, 2))
def test_conditions_print_with_parentheses_that_keep_their_meaning(text, x, y):
    f = diffcli.parse(text)
    printed = str(f)
    assert diffcli.parse(printed).node is f.node, (text, printed)
    point = {"x": x, "y": y}
    want = float(eval(text, dict(point)))  # the test's own fully parenthesised text, as Python reads it
    assert f.evaluate({k: v for k, v in point.items() if k in f.variables}) == want, (text, printed)
    got = diffcli.parse(printed)
    assert got.evaluate({k: v for k, v in point.items() if k in got.variables}) == want, (text, printed)


def test_a_program_ending_with_pass_or_a_declaration_has_no_output():
    for text, what in (("y = x\npass", "ends with pass"), ("y = x\nX: 2x2", "ends with a declaration")):
        r = cli("d", text)
        assert r.exit_code == 2 and what in r.stderr, r.output


def test_a_gradient_beside_a_where_still_names_a_kink():
    # a where in the graph lets an undefined branch pass; a partial undefined itself still fails
    r = cli("grad", "where(x > 0, ln(x), x) + abs(y)", "--at", "x=-1,y=0")
    assert r.exit_code == 1 and "abs(y) has a kink" in r.stderr, r.output
    r = cli("grad", "where(x > 0, ln(x), x) + abs(y)", "--at", "x=-1,y=1")
    assert r.exit_code == 0 and "df/dx = 1" in r.stdout and "df/dy = 1" in r.stdout, r.output
