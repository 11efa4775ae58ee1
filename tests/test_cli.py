"""The command line (brief: "Command line"), through click's CliRunner."""

import json
import math
import re

import pytest
import sympy

from helpers import MISSION, run, sym, sympy_value, to_sympy

def first_line(result):
    return result.stdout.splitlines()[0]


def numbers_in(text):
    import re

    return [float(m) for m in re.findall(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", text)]


# -- the mission example -------------------------------------------------------

def test_mission_wrt_x1():
    r = run("d", MISSION, "--wrt", "x1", "--at", "x1=2,x2=5")
    assert r.exit_code == 0, r.stderr
    assert first_line(r).strip() in ("1/x1 + x2", "x2 + 1/x1")
    rest = "\n".join(r.stdout.splitlines()[1:])
    assert 5.5 in numbers_in(rest)


def test_mission_wrt_x2():
    r = run("d", MISSION, "--wrt", "x2", "--at", "x1=2,x2=5")
    assert r.exit_code == 0, r.stderr
    assert first_line(r).strip() in ("x1 - cos(x2)", "-cos(x2) + x1")
    rest = "\n".join(r.stdout.splitlines()[1:])
    expected = round(2 - math.cos(5), 3)
    assert expected == 1.716
    assert any(round(v, 3) == expected for v in numbers_in(rest)), rest


def test_first_line_is_derivative_alone():
    r = run("d", "x^2", "--wrt", "x")
    assert r.exit_code == 0
    assert r.stdout == "2*x\n"


def test_wrt_may_be_left_out_with_one_variable():
    r = run("d", "x^3")
    assert r.exit_code == 0
    assert first_line(r) == "3*x^2"


@pytest.mark.parametrize("expr, expected", [("-x^2", "-2*x"), ("-3*x", "-3"), ("-sin(x)", "-cos(x)")])
def test_expression_starting_with_minus(expr, expected):
    # brief: 'An expression may start with a minus sign: diffcli d "-x^2" --wrt x works.'
    r = run("d", expr, "--wrt", "x")
    assert r.exit_code == 0, r.stderr
    assert first_line(r) == expected


def test_expression_starting_with_minus_eval():
    r = run("eval", "-x^2", "--at", "x=3")
    assert r.exit_code == 0, r.stderr
    assert float(r.stdout) == -9.0


# -- JSON -------------------------------------------------------------------------

def test_json_d():
    r = run("d", MISSION, "--wrt", "x1", "--at", "x1=2,x2=5", "--format", "json")
    assert r.exit_code == 0, r.stderr
    obj = json.loads(r.stdout)
    assert {"function", "wrt", "derivative", "at", "value", "function_value"} <= set(obj)
    assert obj["wrt"] == ["x1"]
    assert obj["at"] == {"x1": 2, "x2": 5}
    assert obj["value"] == pytest.approx(5.5)
    assert obj["function_value"] == pytest.approx(math.log(2) + 10 - math.sin(5))
    # TEXT fields are valid input meaning the same thing
    f = to_sympy(obj["function"])
    x1, x2 = sym("x1"), sym("x2")
    assert sympy.simplify(f - (sympy.log(x1) + x1 * x2 - sympy.sin(x2))) == 0
    assert sympy.simplify(to_sympy(obj["derivative"]) - (1 / x1 + x2)) == 0


def test_json_d_without_point_has_nulls():
    r = run("d", "x^2", "--format", "json")
    assert r.exit_code == 0
    obj = json.loads(r.stdout)
    assert obj["at"] is None and obj["value"] is None and obj["function_value"] is None
    assert obj["wrt"] == ["x"]
    assert obj["derivative"] == "2*x"


def test_json_grad():
    r = run("grad", "x*y^2 + sin(z)", "--at", "x=1,y=2,z=0", "--format", "json")
    assert r.exit_code == 0, r.stderr
    obj = json.loads(r.stdout)
    assert {"function", "variables", "gradient", "at", "value", "function_value"} <= set(obj)
    assert obj["variables"] == ["x", "y", "z"]
    x, y, z = sym("x"), sym("y"), sym("z")
    expected = [y**2, 2 * x * y, sympy.cos(z)]
    assert len(obj["gradient"]) == 3
    for text, e in zip(obj["gradient"], expected):
        assert sympy.simplify(to_sympy(text) - e) == 0
    assert obj["value"] == pytest.approx([4.0, 4.0, 1.0])
    assert obj["function_value"] == pytest.approx(4.0)
    assert obj["at"] == {"x": 1, "y": 2, "z": 0}


def test_json_grad_without_point():
    r = run("grad", "x*y", "--format", "json")
    obj = json.loads(r.stdout)
    assert obj["at"] is None and obj["value"] is None and obj["function_value"] is None


def test_json_eval():
    r = run("eval", "sin(x)^2", "--at", "x=pi/4", "--format", "json")
    assert r.exit_code == 0, r.stderr
    obj = json.loads(r.stdout)
    assert {"function", "at", "value"} <= set(obj)
    assert obj["at"] == {"x": pytest.approx(math.pi / 4)}
    assert obj["value"] == pytest.approx(0.5)


def test_grad_variables_in_order_of_first_appearance():
    r = run("grad", "b*a + c*a", "--format", "json")
    assert json.loads(r.stdout)["variables"] == ["b", "a", "c"]


def test_grad_text():
    r = run("grad", MISSION, "--at", "x1=2,x2=5")
    assert r.exit_code == 0, r.stderr
    assert "5.5" in r.stdout and "1.716" in r.stdout


# -- stdin --------------------------------------------------------------------------

def test_stdin_dash():
    r = run("d", "-", "--wrt", "w", input="a = x*w; b = a - y; b^2\n")
    assert r.exit_code == 0, r.stderr
    d = to_sympy(first_line(r))
    x, w, y = sym("x"), sym("w"), sym("y")
    assert sympy.simplify(d - 2 * x * (x * w - y)) == 0


def test_stdin_eval():
    r = run("eval", "-", "--at", "x=3", input="x^2 + 1")
    assert r.exit_code == 0
    assert float(r.stdout) == 10.0


def test_empty_stdin_is_an_error():
    r = run("d", "-", input="")
    assert r.exit_code == 2
    assert "error" in r.stderr.lower()


# -- higher and mixed derivatives -----------------------------------------------

@pytest.mark.parametrize("expr, wrts", [
    ("sin(x)*exp(x)", ["x", "x"]),
    ("x^3*y^2", ["x", "y"]),
    ("sin(x*y)", ["x", "y"]),
    ("sin(x*y)", ["y", "x"]),
    ("ln(x)*y + x/y", ["y", "x", "x"]),
    ("x^x", ["x", "x"]),
])
def test_repeated_wrt(expr, wrts):
    args = ["d", expr]
    for w in wrts:
        args += ["--wrt", w]
    r = run(*args)
    assert r.exit_code == 0, r.stderr
    ours = to_sympy(first_line(r))
    theirs = sympy.diff(to_sympy(expr), *[sym(w) for w in wrts])
    point = {"x": 1.3, "y": 0.7}
    assert sympy_value(ours, point) == pytest.approx(sympy_value(theirs, point), rel=1e-10)


def test_second_derivative_value_at_point():
    r = run("d", "x^4", "--wrt", "x", "--wrt", "x", "--at", "x=2", "--format", "json")
    obj = json.loads(r.stdout)
    assert obj["wrt"] == ["x", "x"]
    assert obj["value"] == pytest.approx(48.0)


# -- --wrt -----------------------------------------------------------------------------

def test_wrt_absent_variable_gives_zero_and_note():
    r = run("d", "x^2", "--wrt", "z")
    assert r.exit_code == 0
    assert first_line(r) == "0"
    assert "z" in r.stderr and r.stderr.strip() != ""


def test_several_variables_without_wrt():
    r = run("d", "x*y + z")
    assert r.exit_code == 2
    assert r.stdout == ""
    for name in ("x", "y", "z", "grad"):
        assert name in r.stderr


# -- --at ------------------------------------------------------------------------------

def test_at_missing_variable():
    r = run("d", "x*y", "--wrt", "x", "--at", "x=1")
    assert r.exit_code == 2
    assert "y" in r.stderr


def test_at_unknown_variable():
    r = run("d", "x^2", "--at", "x=1,q=2")
    assert r.exit_code == 2
    assert "q" in r.stderr


def test_at_repeated_option():
    r = run("d", MISSION, "--wrt", "x1", "--at", "x1=2", "--at", "x2=5", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["value"] == pytest.approx(5.5)


def test_at_constant_expression():
    r = run("d", "sin(x)", "--at", "x=pi/2", "--format", "json")
    assert r.exit_code == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["function_value"] == pytest.approx(1.0)
    assert obj["value"] == pytest.approx(0.0, abs=1e-15)


def test_at_with_spaces():
    r = run("eval", "x + y", "--at", "x = 1, y = 2")
    assert r.exit_code == 0, r.stderr
    assert float(r.stdout) == 3.0


def test_at_value_with_comma_inside_parentheses():
    r = run("eval", "x + y", "--at", "x=log(8, 2),y=1")
    assert r.exit_code == 0, r.stderr
    assert float(r.stdout) == pytest.approx(4.0)


@pytest.mark.parametrize("value", ["abc", "1/0", "ln(-1)", "1e400"])
def test_at_value_not_a_finite_number(value):
    r = run("eval", "x", "--at", f"x={value}")
    assert r.exit_code == 2, (value, r.stdout, r.stderr)
    assert "x" in r.stderr


def test_eval():
    r = run("eval", MISSION, "--at", "x1=2,x2=5")
    assert r.exit_code == 0
    assert float(r.stdout) == pytest.approx(math.log(2) + 10 - math.sin(5))


def test_eval_needs_at():
    r = run("eval", "x + 1")
    assert r.exit_code == 2
    assert "x" in r.stderr


# -- other formats ---------------------------------------------------------------------

def test_python_format_is_python():
    r = run("d", "sin(x)^2 + sqrt(x)", "--format", "python")
    assert r.exit_code == 0
    code = first_line(r)
    x = 0.8
    value = eval(code, {"math": math, "x": x})
    assert value == pytest.approx(2 * math.sin(x) * math.cos(x) + 0.5 / math.sqrt(x))


def test_latex_format():
    r = run("d", "sqrt(x)", "--format", "latex")
    assert r.exit_code == 0
    assert "\\sqrt" in r.stdout and "\\frac" in r.stdout


def test_no_simplify_is_equivalent():
    r = run("d", "x^3*sin(x)", "--no-simplify")
    assert r.exit_code == 0
    ours = to_sympy(first_line(r))
    theirs = sympy.diff(sym("x") ** 3 * sympy.sin(sym("x")), sym("x"))
    assert sympy.simplify(ours - theirs) == 0


def test_trace_forward_text():
    r = run("d", MISSION, "--wrt", "x1", "--at", "x1=2,x2=5", "--trace", "forward")
    assert r.exit_code == 0, r.stderr
    assert first_line(r).strip() in ("1/x1 + x2", "x2 + 1/x1")
    assert "11.652" in r.stdout and "5.500" in r.stdout


def test_trace_needs_point():
    r = run("d", "x^2", "--trace", "forward")
    assert r.exit_code == 2


# -- TEXT fields are valid input in the function's variables ----------------------------

def test_named_shared_parts_do_not_clash_with_user_names():
    # the user has a variable t1; with shared parts named (--cse), TEXT is a program
    expr = "sin(t1*x)^2*cos(t1*x) + exp(t1*x)"
    r = run("d", expr, "--wrt", "x", "--cse", "--format", "json")
    assert r.exit_code == 0, r.stderr
    text = json.loads(r.stdout)["derivative"]
    import diffcli

    loaded = diffcli.parse(text)
    assert set(loaded.variables) <= {"t1", "x"}, text
    # t1 stays the user's input, never a name for a shared part
    assert not re.search(r"(^|;)\s*t1\s*=", text), text
    theirs = sympy.diff(to_sympy(expr), sym("x"))
    point = {"t1": 0.7, "x": 1.3}
    r2 = run("eval", text, "--at", "t1=0.7,x=1.3")
    assert r2.exit_code == 0, r2.stderr
    assert float(r2.stdout) == pytest.approx(sympy_value(theirs, point), rel=1e-12)


def test_eval_constant_needs_no_point():
    r = run("eval", "2^10 + pi - pi")
    assert r.exit_code == 0, r.stderr
    assert float(r.stdout) == 1024.0


def test_d_of_constant_is_zero():
    r = run("d", "2*pi + 3")
    assert r.exit_code == 0
    assert first_line(r) == "0"


def test_grad_text_lists_partials():
    r = run("grad", "x*y^2")
    assert r.exit_code == 0
    line = first_line(r)
    assert line.startswith("[") and line.endswith("]")
    parts = [to_sympy(p) for p in line[1:-1].split(",")]
    x, y = sym("x"), sym("y")
    assert [sympy.simplify(a - b) for a, b in zip(parts, [y**2, 2 * x * y])] == [0, 0]


@pytest.mark.parametrize("extra, labels", [
    ([], ["parse", "canonical form", "differentiate", "print"]),
    (["--at", "x=0.3"], ["parse", "canonical form", "differentiate", "evaluate", "print"]),
])
def test_stats_names_each_stage_it_times(extra, labels):
    """--stats: one label per stage, in the order they run (issue 12: "parse" once included the canonical form)."""
    r = run("d", "l = x; l = 4*l*(1-l); l", "--stats", *extra)
    assert r.exit_code == 0, r.stderr
    line = next(ln for ln in r.stderr.splitlines() if ln.startswith("time: "))
    assert re.fullmatch(", ".join(rf"{label} \d+\.\d{{3}}s" for label in labels), line[len("time: "):]), line
    assert re.search(r"^function: +\d+ nodes as a graph", r.stderr, re.M)
