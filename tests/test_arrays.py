"""Vectors and matrices: the issue's examples, the seeds' vector calculus, errors of shape.

Every value is checked against NumPy computing the known closed form
independently (or central differences), never against diffcli's own output.
"""

import json
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

import diffcli
from diffcli.cli import main

X = [[1, 2], [3, 4], [5, 6]]
W = [1, -1]
Y = [0, 1, 2]
LSQ_AT = "X=[[1,2],[3,4],[5,6]],w=[1,-1],y=[0,1,2]"


def run(*args, input=None):
    r = CliRunner().invoke(main, list(args), input=input)
    assert "Traceback" not in r.stdout + r.stderr and "internal error" not in r.stderr, r.stderr
    return r


def first(r):
    return r.stdout.splitlines()[0]


def jd(*args, input=None):
    r = run(*args, "--format", "json", input=input)
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def test_seed_001_two_x_transpose_x():
    obj = jd("d", "2*x'*x", "--wrt", "x", "--at", "x=[0,1,2,3]")
    assert obj["derivative"] == "4*x"
    assert obj["value"] == [0, 4, 8, 12] and obj["shape"] == [4]  # PyTorch's x.grad in seed 001
    assert obj["function_value"] == 2 * sum(v * v for v in range(4))


def test_sum_of_a_vector_gives_ones_written_as_valid_input():
    text = first(run("d", "sum(x)", "--shape", "x=4"))
    assert text == "vector(1)"
    # the text is input: in the same context it is the vector of ones
    f = diffcli.parse(f"{text} + 0*x", {"x": (4, 1)})
    assert f.evaluate(x=[5, 6, 7, 8]).reshape(-1).tolist() == [1, 1, 1, 1]


def test_squared_residual_of_an_inner_product():
    text = first(run("d", "(x'*w - y)^2", "--wrt", "w", "--shape", "x=3,w=3"))
    assert len(text.replace(" ", "")) <= len("2*(x'*w-y)*x")
    f = diffcli.parse(text, {"x": (3, 1), "w": (3, 1)})
    rng = np.random.default_rng(0)
    x, w, y = rng.normal(size=3), rng.normal(size=3), 0.7
    assert f.evaluate(x=x, w=w, y=y).reshape(-1) == pytest.approx(2 * (x @ w - y) * x)


def test_least_squares_gradient():
    obj = jd("d", "norm2(X*w - y)^2", "--wrt", "w", "--at", LSQ_AT)
    assert obj["derivative"] == "2*X'*(X*w - y)"
    Xa, wa, ya = np.array(X, float), np.array(W, float), np.array(Y, float)
    assert obj["value"] == pytest.approx((2 * Xa.T @ (Xa @ wa - ya)).tolist()) == [-44, -56]
    assert obj["function_value"] == pytest.approx(float(np.sum((Xa @ wa - ya) ** 2))) == 14


def test_seed_004_logistic_loss_program():
    program = "h = 1/(1 + exp(-sum(w.*x)))\ny*log(h) + (1 - y)*log(1 - h)\n"
    obj = jd("d", "-", "--wrt", "w", "--at", "w=[1,1,1],x=[1,0.2,0.7],y=1", input=program)
    x = np.array([1, 0.2, 0.7])
    h = 1 / (1 + np.exp(-x.sum()))
    want = (1 - h) * x  # d/dw of log(sigmoid(w.x)) at y = 1
    assert obj["value"] == pytest.approx(want.tolist(), rel=1e-12)
    assert obj["value"] == pytest.approx([0.130108474, 0.026021695, 0.091075932], abs=1e-9)
    # the closed form, evaluated on its own, gives the same numbers
    f = diffcli.parse(obj["derivative"], {"w": (3, 1), "x": (3, 1)})
    assert f.evaluate(w=[1, 1, 1], x=x, y=1).reshape(-1) == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("expr, wrt, shapes, wanted", [
    ("tr(A*X)", "X", [], {"A'"}),
    ("x'*A*x", "x", [], {"(A + A')*x", "A*x + A'*x", "A'*x + A*x"}),
    ("logdet(X)", "X", [], {"inv(X)'", "inv(X')"}),
    ("A*x", "x", [], {"A"}),
    ("sin(x)", "x", ["--shape", "x=3"], {"diag(cos(x))"}),
])
def test_closed_forms(expr, wrt, shapes, wanted):
    assert first(run("d", expr, "--wrt", wrt, *shapes)) in wanted


def test_hessian_of_a_quadratic_form():
    assert first(run("hessian", "x'*A*x", "--shape", "x=n,A=nxn")) in {"A + A'", "A' + A"}
    obj = jd("hessian", "x'*A*x", "--at", "x=[1,2],A=[[1,2],[3,4]]")
    A = np.array([[1, 2], [3, 4]])
    assert obj["value"][0][0] == (A + A.T).tolist()


def test_least_squares_traces_have_shapes_and_the_seed_adjoint():
    t = jd("d", "norm2(X*w - y)^2", "--wrt", "w", "--at", LSQ_AT, "--trace", "reverse")["trace"]
    shapes = {row["name"]: row.get("shape") for row in t["primal"]}
    assert shapes["v-2"] == [3, 2] and shapes["v-1"] == [2] and shapes["v0"] == [3]
    wbar = [row for row in t["adjoint"] if row["name"] == "w"]
    assert wbar and wbar[0]["value"] == [-44, -56]
    rules = [row.get("rule", "") for row in t["adjoint"]]
    assert "matmul rule, left" in rules and "matmul rule, right" in rules
    t = jd("d", "norm2(X*w - y)^2", "--wrt", "w", "--at", LSQ_AT, "--trace", "forward", "--seed", "w=[0,1]")["trace"]
    assert t["tangent"][-1]["value"] == pytest.approx(-56)  # the directional derivative along the second unit vector
    t = jd("d", "norm2(X*w - y)^2", "--wrt", "w", "--at", LSQ_AT, "--trace", "forward")["trace"]
    assert t["tangent"][-1]["value"] == pytest.approx(-44)  # default: the first unit vector


def test_text_output_of_arrays_and_formats():
    r = run("d", "norm2(X*w - y)^2", "--wrt", "w", "--at", LSQ_AT)
    assert r.stdout.splitlines()[1:] == ["at X=[[1, 2], [3, 4], [5, 6]], w=[1, -1], y=[0, 1, 2]:",
                                         "  f = 14", "  df/dw = [-44, -56]"]
    assert first(run("d", "norm2(X*w - y)^2", "--wrt", "w", "--shape", "X=3x2,w=2,y=3", "--format", "latex")) \
        == r"2 X^\top \left(X w - y\right)"
    code = first(run("d", "norm2(X*w - y)^2", "--wrt", "w", "--shape", "X=3x2,w=2,y=3", "--format", "python"))
    Xa, wa, ya = (np.array(v, float) for v in (X, [[1], [-1]], [[0], [1], [2]]))
    assert eval(code, {"numpy": np}, {"X": Xa, "w": wa, "y": ya}).reshape(-1).tolist() == [-44, -56]  # our code


def test_matrix_by_matrix_has_index_notation_and_numbers():
    obj = jd("d", "inv(X)", "--wrt", "X", "--at", "X=[[2,1],[1,3]]")
    assert obj["derivative"] == "D[i,j,k,l] = -inv(X)[i,k]*inv(X)[l,j]"
    inv = np.linalg.inv(np.array([[2.0, 1], [1, 3]]))
    want = -np.einsum("ik,lj->ijkl", inv, inv)
    assert np.array(obj["value"]) == pytest.approx(want) and obj["shape"] == [2, 2, 2, 2]
    obj = jd("d", "X.*X + sin(X)", "--wrt", "X", "--at", "X=[[2,1],[1,3]]")
    assert obj["shape"] == [2, 2, 2, 2]  # no matrix form, but the numbers
    x = np.array([[2.0, 1], [1, 3]])
    want = np.zeros((2, 2, 2, 2))
    for i in range(2):
        for j in range(2):
            want[i, j, i, j] = 2 * x[i, j] + np.cos(x[i, j])
    assert np.array(obj["value"]) == pytest.approx(want)


@pytest.mark.parametrize("args, message", [
    (["d", "X*w", "--shape", "X=3x2,w=3", "--wrt", "w"], "cannot multiply 3x2 by 3x1: inner sizes 2 and 3 differ"),
    (["d", "x^2", "--shape", "x=3"], "x.^2"),
    (["d", "x + y", "--wrt", "x", "--shape", "x=3,y=2"], "3x1 and 2x1 differ"),
    (["d", "x", "--at", "x=[[1,2],[3]]"], "x"),
    (["d", "x", "--shape", "x=3", "--at", "x=[1,2]"], "x"),
    (["d", "X/Y", "--shape", "X=2x2,Y=2x2", "--wrt", "X"], "./"),
    (["d", "tr(X)", "--shape", "X=2x3"], "square"),
])
def test_shape_errors_are_exit_2_with_a_message(args, message):
    r = run(*args)
    assert r.exit_code == 2 and message in r.stderr, r.stderr


def test_shape_error_caret_under_the_operator():
    r = run("d", "sin(X*w)", "--shape", "X=3x2,w=3", "--wrt", "w")
    lines = r.stderr.splitlines()
    assert lines[1].strip() == "sin(X*w)" and lines[2].index("^") == lines[1].index("*")


def test_singular_and_domain_failures_at_a_point_are_exit_1():
    r = run("eval", "inv(X)", "--at", "X=[[1,2],[2,4]]")
    assert r.exit_code == 1 and "inv(X)" in r.stderr
    r = run("eval", "logdet(X)", "--at", "X=[[-1,0],[0,1]]")
    assert r.exit_code == 1 and "logdet" in r.stderr
    r = run("eval", "sum(log(x))", "--at", "x=[1,-1]")
    assert r.exit_code == 1 and "ln(x)" in r.stderr


def test_declarations_in_a_program_and_symbolic_sizes():
    f = diffcli.parse("X: m x n\nw: n\nnorm2(X*w)^2")
    assert str(f.diff("w")) == "2*X'*X*w"
    X_ = np.arange(6.0).reshape(3, 2)
    assert f.diff("w").evaluate(X=X_, w=[1, 2]).reshape(-1) == pytest.approx(2 * X_.T @ X_ @ [1, 2])
    with pytest.raises(diffcli.InputError):
        f.evaluate(X=X_, w=[1, 2, 3])  # n is 2 from X, so w cannot have 3 entries


def test_eye_and_constant_arrays_take_their_size_from_context():
    f = diffcli.parse("sum((eye + X)*x) + vector(2)'*x", {"X": (2, 2), "x": (2, 1)})
    X_ = np.array([[1.0, 2], [3, 4]])
    want = (np.eye(2) + X_).T @ np.ones(2) + 2
    assert f.diff("x").evaluate(X=X_, x=[1, 1]).reshape(-1) == pytest.approx(want)


def test_detach_carries_no_derivative():
    f = diffcli.parse("sum(detach(x).*x)", {"x": (3, 1)})
    assert f.diff("x").evaluate(x=[1, 2, 3]).reshape(-1).tolist() == [1, 2, 3]


def test_a_scalar_run_does_not_import_numpy():
    code = "import sys; from diffcli.cli import main; sys.argv = ['diffcli', 'd', 'x^2', '--at', 'x=3']\n" \
           "try:\n    main()\nexcept SystemExit:\n    pass\nprint('numpy' in sys.modules, file=sys.stderr)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.splitlines()[0] == "2*x" and r.stderr.strip().splitlines()[-1] == "False"


def test_check_agrees_four_ways_on_arrays():
    r = run("check", "norm2(X*w - y)^2 + sum(softmax(X*w))", "--at", LSQ_AT)
    assert r.exit_code == 0 and "all four agree" in r.stdout


def test_grad_of_an_array_function_gives_each_derivative():
    # found by hypothesis: x.^E + x with E a matrix (upper case) has a 4-way derivative by E
    r = run("grad", "x.^E+x", "--at", "x=2,E=[[1,2],[3,4]]", "--format", "json")
    obj = json.loads(r.stdout)
    assert r.exit_code == 0 and obj["gradient"][1] == "(no matrix form)"
    E = np.array([[1, 2], [3, 4]])
    assert obj["value"][0] == (E * 2.0 ** E / 2 + 1).tolist()
    assert np.array(obj["value"][1]).shape == (2, 2, 2, 2)
