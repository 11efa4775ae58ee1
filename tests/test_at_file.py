"""--at-file (brief: "Many points at once"): CSV or JSON lines in, one row per point out.

Values are checked against the math module, SymPy and finite differences;
the rows are also checked against the same request at that one point.
"""

import csv
import io
import json
import math
import subprocess
import sys

import pytest
import sympy

from helpers import MISSION, run, sym

def table(text):
    return list(csv.DictReader(io.StringIO(text)))


def write(tmp_path, text, name="points.csv"):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def mission(x1, x2):
    return math.log(x1) + x1 * x2 - math.sin(x2), 1 / x1 + x2, x1 - math.cos(x2)


POINTS = [(2, 5), (0.5, -1.25), (3.75, 0.1), (10, 2)]


def test_grad_csv_round_trip_against_the_math_module(tmp_path):
    path = write(tmp_path, "x1,x2\n" + "".join(f"{a},{b}\n" for a, b in POINTS))
    r = run("grad", MISSION, "--at-file", path)
    assert r.exit_code == 0, r.stderr
    rows = table(r.stdout)
    assert list(rows[0]) == ["x1", "x2", "d/dx1", "d/dx2", "function_value", "error"]
    assert len(rows) == len(POINTS)
    for row, (a, b) in zip(rows, POINTS):
        f, g1, g2 = mission(a, b)
        assert (float(row["x1"]), float(row["x2"])) == (a, b)
        assert float(row["d/dx1"]) == pytest.approx(g1, rel=1e-14)
        assert float(row["d/dx2"]) == pytest.approx(g2, rel=1e-14)
        assert float(row["function_value"]) == pytest.approx(f, rel=1e-14)
        assert row["error"] == ""


def test_d_json_lines_against_sympy(tmp_path):
    text = "x*exp(-y^2) + atan(x*y)"
    pts = [{"x": 0.3, "y": -1.5}, {"x": "pi/4", "y": 2}, {"y": 0.25, "x": -3}]
    path = write(tmp_path, "\n".join(json.dumps(p) for p in pts) + "\n", "points.jsonl")
    r = run("d", text, "--wrt", "y", "--at-file", path, "--format", "json")
    assert r.exit_code == 0, r.stderr
    lines = [json.loads(s) for s in r.stdout.splitlines()]
    x, y = sym("x"), sym("y")
    f = x * sympy.exp(-y**2) + sympy.atan(x * y)
    dfy = sympy.diff(f, y)
    for obj, p in zip(lines, pts):
        xv = math.pi / 4 if p["x"] == "pi/4" else p["x"]
        at = {x: xv, y: p["y"]}
        assert obj["at"] == {"x": xv, "y": p["y"]}
        assert obj["value"] == pytest.approx(float(dfy.subs(at)), rel=1e-13)
        assert obj["function_value"] == pytest.approx(float(f.subs(at)), rel=1e-13)
        assert obj["wrt"] == ["y"] and obj["shape"] == []


def test_eval_against_central_differences_of_itself_and_math(tmp_path):
    # eval of the derivative's closed form agrees with a central difference of eval's values
    path = write(tmp_path, "x\n" + "".join(f"{x}\n" for x in (0.5, 1.0, 1.5, 1.5 + 1e-6, 1.5 - 1e-6)))
    values = [float(r["value"]) for r in table(run("eval", "x^x", "--at-file", path).stdout)]
    assert values[:3] == pytest.approx([0.5**0.5, 1.0, 1.5**1.5], rel=1e-15)
    d = table(run("d", "x^x", "--at-file", path).stdout)
    assert float(d[2]["derivative"]) == pytest.approx((values[3] - values[4]) / 2e-6, rel=1e-8)


def test_rows_equal_the_single_point_json(tmp_path):
    pts = [(2, 5), (0.5, -1.25), (-1, 3)]
    path = write(tmp_path, "x1,x2\n" + "".join(f"{a},{b}\n" for a, b in pts))
    for cmd in (["grad"], ["d", "--wrt", "x2"], ["eval"]):
        many = run(*cmd, MISSION, "--at-file", path, "--format", "json")
        assert many.exit_code == 1
        for line, (a, b) in zip(many.stdout.splitlines(), pts):
            one = run(*cmd, MISSION, "--at", f"x1={a},x2={b}", "--format", "json")
            if one.exit_code == 0:
                assert json.loads(line) == json.loads(one.stdout)
            else:
                assert json.loads(line)["error"]["message"] == json.loads(one.stderr)["error"]["message"]


def test_a_failing_row_carries_its_error_and_the_run_goes_on(tmp_path):
    path = write(tmp_path, "x,y\n1,2\n-1,2\n0,5\n3,1e308\n2,2\n")
    r = run("grad", "ln(x)*y^2", "--at-file", path)
    assert r.exit_code == 1
    rows = table(r.stdout)
    assert [row["error"] != "" for row in rows] == [False, True, True, True, False]
    assert "ln(x) is undefined at x=-1, y=2" in rows[1]["error"]
    assert "ln(x)" in rows[2]["error"]
    assert "overflows" in rows[3]["error"]
    assert rows[1]["d/dx"] == "" and float(rows[4]["d/dx"]) == pytest.approx(4 / 2)
    assert float(rows[4]["d/dy"]) == pytest.approx(2 * 2 * math.log(2))
    assert "3 of 5 points failed" in r.stderr
    js = run("grad", "ln(x)*y^2", "--at-file", path, "--format", "json")
    errors = [json.loads(s) for s in js.stdout.splitlines()]
    assert errors[1]["error"]["row"] == 2 and errors[1]["error"]["line"] == 3
    assert errors[1]["error"]["kind"] == "math" and errors[1]["at"] == {"x": -1.0, "y": 2.0}


def test_a_kink_and_an_overflow_the_result_does_not_need(tmp_path):
    path = write(tmp_path, "x\n0\n2\n")
    r = run("d", "abs(x)", "--at-file", path)
    assert r.exit_code == 1 and "kink" in table(r.stdout)[0]["error"]
    r = run("d", "x*abs(x)", "--at-file", path)  # 2*abs(x): defined at 0
    assert r.exit_code == 0 and [float(x["derivative"]) for x in table(r.stdout)] == [0.0, 4.0]
    path = write(tmp_path, "x\n1000\n-1000\n")
    r = run("eval", "1/(1 + exp(x))", "--at-file", path)  # exp(1000) overflows; the result is 0
    assert r.exit_code == 0 and [float(x["value"]) for x in table(r.stdout)] == [0.0, 1.0]


@pytest.mark.parametrize("text, line, words", [
    ("x1,x2\n2,5\n1\n", 3, "1 values for 2 columns"),
    ("x1,x3\n2,5\n", 1, "'x3' is not a variable"),
    ("x1\n2\n", 1, "no value for x2"),
    ("x1,x2,x1\n2,5,1\n", 1, "x1 is given twice"),
    ("x1,x2\n2,5\n\n2,nan\n", 4, "not a finite number"),
    ("x1,x2\n2,inf\n", 2, "not a finite number"),
    ("x1,x2\n2,1/0\n", 2, "x2"),
    ("x1,x2\n2,\n", 2, "no value for x2"),
    ("x1,x2\n2,foo\n", 2, "foo"),
    ('{"x1": 1, "x2": 2}\n{"x1": 1, "x2": 2\n', 2, "not a JSON object"),
    ('{"x1": 1, "x2": 2}\n[1, 2]\n', 2, "one JSON object"),
    ('{"x1": 1, "x2": 2}\n{"x1": 1}\n', 2, "no value for x2"),
    ('{"x1": 1, "x2": NaN}\n', 1, "not a finite number"),
    ('{"x1": 1, "x2": true}\n', 1, "not a number"),
    ('{"x1": 1, "x2": [1, 2]}\n', 1, "arrays are not supported"),
])
def test_a_bad_file_is_exit_2_naming_its_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    r = run("eval", MISSION, "--at-file", path)
    assert r.exit_code == 2 and r.stdout == ""
    assert f"line {line}:" in r.stderr and words in r.stderr and path in r.stderr
    js = run("grad", MISSION, "--at-file", path, "--format", "json")
    assert js.exit_code == 2 and json.loads(js.stderr)["error"]["line"] == line


def test_standard_input_and_usage_errors(tmp_path):
    r = run("eval", "x*y", "--at-file", "-", input="x,y\n2,3\n")
    assert r.exit_code == 0 and float(table(r.stdout)[0]["value"]) == 6.0
    r = run("eval", "-", "--at-file", "-", input="x\n")
    assert r.exit_code == 2 and "standard input" in r.stderr
    path = write(tmp_path, "x,y\n2,3\n")
    for extra in (["--at", "x=1,y=2"], ["--trace", "forward", "--wrt", "x"]):
        r = run("d", "x*y", "--at-file", path, *extra)
        assert r.exit_code == 2 and "--at-file" in r.stderr, extra
    r = run("eval", "x*y", "--at-file", str(tmp_path / "missing.csv"))
    assert r.exit_code == 2 and "cannot read" in r.stderr
    r = run("grad", "x'*x", "--shape", "x=3", "--at-file", path)
    assert r.exit_code == 2 and "scalars" in r.stderr


def test_quoted_csv_values_and_an_unused_statement(tmp_path):
    path = write(tmp_path, 'x,y\n"log(8, 2)",1\n')
    r = run("eval", "a = y*2; x^2", "--at-file", path)
    assert r.exit_code == 0 and float(table(r.stdout)[0]["value"]) == pytest.approx(9.0)
    assert "y occurs only in statements the output does not use" in r.stderr


def test_many_rows_vectorised_match_the_single_points(tmp_path):
    n = 1500  # past the vectorising threshold
    pts = [(0.1 + i / 100, -2 + i / 500) for i in range(n)]
    pts[7] = (-1.0, 0.5)  # a failing row inside the vectorised batch
    path = write(tmp_path, "x1,x2\n" + "".join(f"{a!r},{b!r}\n" for a, b in pts))
    r = run("grad", MISSION, "--at-file", path)
    assert r.exit_code == 1
    rows = table(r.stdout)
    assert "ln(x1) is undefined at x1=-1, x2=0.5" in rows[7]["error"]
    for i in (0, 1, 500, 1499):
        f, g1, g2 = mission(*pts[i])
        assert float(rows[i]["d/dx1"]) == pytest.approx(g1, rel=1e-12)
        assert float(rows[i]["d/dx2"]) == pytest.approx(g2, rel=1e-12)
        assert float(rows[i]["function_value"]) == pytest.approx(f, rel=1e-12, abs=1e-15)


def test_a_scalar_run_and_a_small_batch_do_not_import_numpy(tmp_path):
    path = write(tmp_path, "x\n1\n2\n")
    code = ("import sys; from diffcli.cli import main\n"
            "try:\n    main([*sys.argv[1:]])\nexcept SystemExit:\n    pass\n"
            "print('numpy' in sys.modules, file=sys.stderr)")
    for args in (["d", "x^2"], ["d", "x^2", "--at-file", path]):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert out.stderr.strip().splitlines()[-1] == "False", (args, out.stderr)
