"""Errors: exit codes, one clear message on stderr, a caret under the right
column for parse errors, hints, and never a Python traceback."""

import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from diffcli.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def assert_clean(r):
    out = r.stdout + r.stderr
    assert "Traceback" not in out
    assert "internal error" not in out, out
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)


def caret_column(stderr: str, src_line: str) -> int:
    """0-based column the caret points at, relative to the echoed source line."""
    lines = stderr.splitlines()
    for i, line in enumerate(lines[:-1]):
        if src_line in line and "^" in lines[i + 1] and not line.startswith(("error", "hint")):
            return lines[i + 1].index("^") - line.index(src_line)
    raise AssertionError(f"no echoed input {src_line!r} with a caret line in:\n{stderr}")


# -- mathematical failures at a point: exit 1, naming the operation --------------

@pytest.mark.parametrize("cmd, expr, point, op", [
    ("d", "ln(x)", "x=-1", "ln"),        # undefined function, though 1/x is defined at -1
    ("d", "1/x", "x=0", "/"),
    ("d", "sqrt(x)", "x=-1", "sqrt"),
    ("d", "asin(x)", "x=2", "asin"),
    ("eval", "ln(x)", "x=-1", "ln"),
    ("eval", "1/x", "x=0", "/"),
    ("eval", "sqrt(x)", "x=-1", "sqrt"),
    ("eval", "asin(x)", "x=2", "asin"),
    ("grad", "ln(x) + y", "x=-1,y=1", "ln"),
    ("eval", "acosh(x)", "x=0.5", "acosh"),
    ("eval", "x^(1/2)", "x=-4", "^"),
])
def test_domain_errors_exit_1_naming_the_operation(cmd, expr, point, op):
    args = [cmd, expr, "--at", point] + (["--wrt", "x"] if cmd == "d" and "y" in expr else [])
    r = run(*args)
    assert_clean(r)
    assert r.exit_code == 1, (r.stdout, r.stderr)
    assert op in r.stderr
    assert r.stderr.count("\n") <= 3  # one clear message
    assert not re.search(r"\b(nan|inf)\b", r.stdout.lower())


@pytest.mark.parametrize("expr, point", [("sqrt(x)", "x=0"), ("asin(x)", "x=1"), ("x^(1/3)", "x=0")])
def test_derivative_undefined_at_point_exit_1(expr, point):
    r = run("d", expr, "--at", point)
    assert_clean(r)
    assert r.exit_code == 1, (r.stdout, r.stderr)
    assert "error" in r.stderr.lower()


@pytest.mark.parametrize("cmd, expr, point", [("eval", "exp(x)", "x=1000"), ("d", "x^2", "x=1e200"),
                                               ("eval", "x*x*x", "x=1e120")])
def test_overflow_exit_1(cmd, expr, point):
    r = run(cmd, expr, "--at", point)
    assert_clean(r)
    assert r.exit_code == 1
    assert not re.search(r"\b(nan|inf)\b", r.stdout.lower())


# -- parse errors: exit 2, input echoed, caret under the column -------------------

@pytest.mark.parametrize("text, col", [
    ("x + * y", 4),
    ("2 3", 2),
    ("sin(x))", 6),
    ("x $ y", 2),
    ("x^2 +", 5),        # the end of the input: one past the last character
    ("(x + 1", 6),
    ("x ** * 2", 5),
    ("x + y =", 6),
])
def test_parse_error_caret(text, col):
    r = run("d", text)
    assert_clean(r)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert text in r.stderr
    assert caret_column(r.stderr, text) == col, r.stderr


def test_parse_error_caret_on_second_line():
    text = "a = x\nb = a $ 2"  # (@ is the matrix product now)
    r = run("d", "-", input=text)
    assert_clean(r)
    assert r.exit_code == 2
    assert caret_column(r.stderr, "b = a $ 2") == 6, r.stderr


def test_parse_error_says_what_was_expected():
    r = run("d", "x^2 +")
    assert r.exit_code == 2
    assert "expected" in r.stderr.lower()
    r = run("d", "sin(x")
    assert r.exit_code == 2
    assert "')'" in r.stderr or "\")\"" in r.stderr


def test_did_you_mean():
    r = run("d", "Sin(x)")
    assert_clean(r)
    assert r.exit_code == 2
    assert "did you mean sin" in r.stderr.lower()
    assert caret_column(r.stderr, "Sin(x)") == 0


def test_did_you_mean_misspelt():
    r = run("d", "sqr(x)")
    assert r.exit_code == 2
    assert "sqrt" in r.stderr


def test_variable_called_like_a_function():
    r = run("d", "x(x+1)")
    assert_clean(r)
    assert r.exit_code == 2
    assert "x" in r.stderr
    assert "hint" in r.stderr.lower() and "*" in r.stderr


def test_two_numbers_side_by_side():
    r = run("d", "2 3")
    assert_clean(r)
    assert r.exit_code == 2
    assert "error" in r.stderr.lower()


@pytest.mark.parametrize("text", ["sin x", "sin", "log(x, 2, 3)", "foo(x)", "pi = 3; pi*x",
                                  "sin = x; sin", "", "   ", "x = ", "()", "f(x)", "1 +", "x,y"])
def test_bad_input_exit_2(text):
    r = run("d", text)
    assert_clean(r)
    assert r.exit_code == 2, (text, r.stdout, r.stderr)
    assert r.stderr.strip().startswith("error") or "Error" in r.stderr


@pytest.mark.parametrize("args", [["d", "x^2", "--wrt", "2x"], ["d", "x^2", "--format", "yaml"],
                                  ["d", "x^2", "--at", "x"], ["d", "x^2", "--at", "=2"],
                                  ["d", "x*y", "--trace", "forward", "--at", "x=1,y=2"],
                                  ["frobnicate", "x"]])
def test_bad_usage_exit_2(args):
    r = run(*args)
    assert_clean(r)
    assert r.exit_code == 2, (args, r.stdout, r.stderr)


# -- never a traceback ---------------------------------------------------------------

_ALPHABET = list("xy12.e^*/+-(),;= \n#π−×") + ["sin", "ln", "log", "pi", "sqrt", "**", "1e", "E+"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), min_size=0, max_size=14).map("".join),
       st.sampled_from(["d", "grad", "eval"]))
def test_no_traceback_on_any_input(text, cmd):
    args = [cmd, "-"]
    if cmd == "eval":
        args += ["--at", "x=0.5,y=2"] if ("x" in text or "y" in text) else []
    r = run(*args, input=text)
    assert_clean(r)
    assert r.exit_code in (0, 1, 2)
    if r.exit_code != 0:
        assert r.stderr.strip(), (text, cmd)
    assert not re.search(r"\b(nan|inf)\b", r.stdout.lower()), (text, r.stdout)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=20))
def test_no_traceback_on_arbitrary_text(text):
    r = run("d", "-", input=text)
    assert_clean(r)
    assert r.exit_code in (0, 1, 2)
