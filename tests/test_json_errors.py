"""With --format json an error is one JSON object on stderr (brief: "Command line"), exit codes unchanged."""

import json

import pytest
from click.testing import CliRunner

from diffcli.cli import main


def run(*args, input=None):
    r = CliRunner().invoke(main, list(args), input=input)
    assert "Traceback" not in r.stdout + r.stderr
    return r


def error_of(r) -> dict:
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr  # one object, nothing else
    obj = json.loads(lines[0])
    assert set(obj) == {"error"}
    err = obj["error"]
    assert {"kind", "message", "line", "column"} <= set(err)
    assert err["kind"] in ("usage", "input", "math") and err["message"]
    return err


@pytest.mark.parametrize("args, kind, code", [
    (["d", "x +* 2"], "input", 2),
    (["d", "sin(x", "--wrt", "x"], "input", 2),
    (["d", "x*y"], "usage", 2),  # which variable?
    (["d", "x", "--trace", "forward"], "usage", 2),  # --trace needs --at
    (["d", "ln(x)", "--at", "x=-1"], "math", 1),
    (["d", "abs(x)", "--at", "x=0"], "math", 1),
    (["eval", "x", "--at", "y=1"], "input", 2),
    (["grad", "x/y", "--at", "x=1,y=0"], "math", 1),
    (["d", "x", "--trace", "sideways"], "usage", 2),  # click's own usage error
    (["d", "x", "--no-such-flag"], "usage", 2),
    (["d"], "usage", 2),  # missing argument
    (["nosuchcommand"], "usage", 2),
])
@pytest.mark.parametrize("spelling", [["--format", "json"], ["--format=json"]])
def test_errors_are_json_with_their_exit_codes(args, kind, code, spelling):
    r = run(*args, *spelling)
    assert r.exit_code == code
    assert r.stdout == ""
    assert error_of(r)["kind"] == kind


def test_a_parse_error_carries_line_and_column():
    r = run("d", "-", "--format", "json", input="a = x^2\nb = a +* 3\nb")
    err = error_of(r)
    assert (err["line"], err["column"]) == (2, 8)
    assert err["kind"] == "input"


def test_without_json_errors_stay_text():
    r = run("d", "x +* 2")
    assert r.exit_code == 2 and r.stderr.startswith("error:") and "^" in r.stderr
    r = run("d", "x", "--trace", "sideways")
    assert r.exit_code == 2 and "Usage" in r.stderr
