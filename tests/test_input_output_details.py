"""Issue 11, section 4 (the smaller items): input that editors slip in, hints, big numbers, LaTeX names."""

import pytest
import sympy
from click.testing import CliRunner

import diffcli
from diffcli.cli import main
from helpers import to_sympy


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
