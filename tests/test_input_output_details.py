"""Issue 11, section 4 (the smaller items): input that editors slip in, hints, big numbers, LaTeX names."""

import json

import pytest
import sympy
from click.testing import CliRunner
from helpers import to_sympy

import diffcli
from diffcli.cli import main


def run(*args, input=None):
    r = CliRunner().invoke(main, list(args), input=input)
    assert "Traceback" not in r.stdout + r.stderr and "internal error" not in r.stderr, r.stderr
    return r


def test_byte_order_mark_on_standard_input_is_not_an_error():
    r = run("d", "-", input="\ufeffx^2 + 1\n")
    assert r.exit_code == 0 and r.stdout == "2*x\n"


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
def test_no_break_and_thin_spaces_are_spaces(space):
    r = run("d", f"x^2{space}+{space}3*x")
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == "2*x + 3"


def test_caret_column_is_right_after_a_byte_order_mark_and_no_break_space():
    r = run("d", "-", input="\ufeffx +\u00a0$")
    assert r.exit_code == 2
    src, caret = r.stderr.splitlines()[1:3]
    # the caret sits under the '$' the user typed, in the line as shown
    assert src[caret.index("^")] == "$" and "column 5" in caret


def test_power_of_a_function_name_hints_the_square():
    r = run("d", "sin^2(x)")
    assert r.exit_code == 2 and "sin(x)^2" in r.stderr


@pytest.mark.parametrize("expr, want", [("1e400*x", 10**400), ("3e250*x^2", 6 * 10**250 * sympy.Symbol("x"))])
def test_huge_exact_numbers_print_short_and_read_back_exactly(expr, want):
    r = run("d", expr)
    text = r.stdout.splitlines()[0]
    assert r.exit_code == 0 and len(text) < 20, text
    # read back, the printed text is exactly the derivative (no digit lost to a float)
    back = sympy.sympify(text.replace("^", "**").replace("e", "*10**"))
    assert sympy.expand(back - want) == 0


def test_huge_numbers_in_python_and_latex_stay_exact():
    py = run("d", "1e400*x", "--format", "python").stdout.strip()
    assert eval(py, {}) == 10**400  # an int: 1e400 would be a float infinity in Python
    assert run("d", "2e400*x", "--format", "python").stdout.strip() == "(2*10**400)"
    assert run("d", "1e400*x", "--format", "latex").stdout.strip() == "10^{400}"


@pytest.mark.parametrize("name, tex", [("λ", r"\lambda"), ("λ2", r"\lambda_{2}"), ("θ_2", r"\theta_{2}"),
                                       ("theta_2", r"\theta_{2}"), ("Ω", r"\Omega"), ("αβ", r"\alpha \beta")])
def test_latex_names_greek_letters_typed_as_themselves(name, tex):
    out = diffcli.parse(f"{name}*x^2").diff("x").latex()
    assert tex in out and not any("\u0370" <= c <= "\u03ff" for c in out), out


def test_every_greek_letter_maps_to_its_own_command():
    import unicodedata

    from diffcli.latex import latex_word

    for c in "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΥΦΨΩ":
        want = unicodedata.name(c).split()[-1].lower().replace("lamda", "lambda")
        assert latex_word(c).lower().lstrip("\\").replace("var", "") == want, c


# -- the command line's small refusals -------------------------------------------

@pytest.mark.parametrize("expr, want", [("--x", "1"), ("--x^2", "2*x"), ("- -x", "1")])
def test_an_expression_may_start_with_two_minus_signs(expr, want):
    r = run("d", expr)
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == want


def test_a_misspelt_option_in_the_expression_place_is_still_a_usage_error():
    r = run("d", "--wtr")
    assert r.exit_code == 2 and "--wrt" in r.stderr


@pytest.mark.parametrize("args, said", [
    (["d", "x^2", "--wrtt", "x"], "no such option: --wrtt (did you mean --wrt?)"),
    (["d", "--bogus", "x^2"], "no such option: --bogus"),
    (["grad", "x*y", "--att", "x=1,y=2"], "no such option: --att (did you mean --at?)"),
    (["eval", "x", "--at", "x=1", "--formt", "json"], "no such option: --formt (did you mean --format?)"),
    (["d", "x^2", "--wrt", "x", "y"], "unexpected extra argument (y)"),
])
def test_an_unknown_option_is_named_not_called_an_extra_argument(args, said):
    r = run(*args)
    assert r.exit_code == 2 and said in r.stderr and r.stdout == ""


def test_an_unknown_option_with_json_is_a_json_usage_error():
    r = run("d", "x^2", "--format", "json", "--bogus")
    assert r.exit_code == 2 and json.loads(r.stderr)["error"] == {
        "kind": "usage", "message": "no such option: --bogus", "line": None, "column": None}
    assert run("d", "--x").stdout.splitlines()[0] == "1"  # an expression may still start with --


def test_a_seed_in_another_variable_than_the_derivative_is_a_usage_error():
    r = run("d", "x*y", "--wrt", "x", "--at", "x=1,y=2", "--trace", "forward", "--seed", "y=1")
    assert r.exit_code == 2 and "--seed gives y a direction, but the derivative is by x" in r.stderr
    r = run("d", "x*y", "--wrt", "y", "--at", "x=1,y=2", "--trace", "forward", "--seed", "y=1")
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == "x"


@pytest.mark.parametrize("args, said", [
    (["d", "x'*x", "--at", "x=1"], "the value of x is a number, but x is a vector in this function"),
    (["d", "tr(X)", "--wrt", "X", "--at", "X=2"], "the value of X is a number, but X is a matrix"),
    (["d", "norm2(X*w - y)^2", "--wrt", "w", "--at", "X=[[1,2],[3,4],[5,6]],w=[1,-1],y=[0,1,2]", "--trace", "forward",
      "--seed", "w=[1,0,0]"], "--at says w is 2x1, but its value in --seed is 3x1"),
    (["d", "sin(x)", "--at", "x=[1,2]", "--shape", "x=3"], "--shape says x is 3x1, but its value in --at is 2x1"),
    (["hessian", "sin(x)", "--shape", "x=3"], "a Hessian is of a scalar function; this one is an array"),
    (["d", "x^2", "-h"], "the help is --help"),
])
def test_values_and_options_in_the_wrong_place_say_where(args, said):
    r = run(*args)
    assert r.exit_code == 2 and said in r.stderr and r.stdout == "", r.stderr


def test_minus_h_is_the_expression_with_a_note_pointing_to_help():
    r = run("d", "-h")
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == "-1" and "--help" in r.stderr


@pytest.mark.parametrize("name, what", [("e", "constant"), ("pi", "constant"), ("π", "constant"),
                                        ("sin", "function"), ("log", "function")])
def test_wrt_a_constant_or_a_function_is_an_error_not_a_zero(name, what):
    r = run("d", "sin(x) + e*pi", "--wrt", name)
    assert r.exit_code == 2 and what in r.stderr and r.stdout == ""
    with pytest.raises(diffcli.InputError):
        diffcli.parse("x*e").diff(name)


def test_wrt_a_variable_that_does_not_occur_is_still_zero_with_a_note():
    r = run("d", "sin(x)", "--wrt", "z")
    assert r.exit_code == 0 and r.stdout == "0\n" and "does not occur" in r.stderr


@pytest.mark.parametrize("command", ["grad", "hessian"])
def test_grad_and_hessian_take_numpy(command):
    r = run(command, "sin(x)*y", "--format", "python", "--numpy")
    assert r.exit_code == 0 and "numpy.cos(x)" in r.stdout and "math." not in r.stdout


@pytest.mark.parametrize("command", ["eval", "check"])
@pytest.mark.parametrize("fmt", ["latex", "python"])
def test_eval_and_check_offer_only_text_and_json(command, fmt):
    r = run(command, "x^2", "--at", "x=1", "--format", fmt)
    assert r.exit_code == 2 and "text" in r.stderr and "json" in r.stderr
