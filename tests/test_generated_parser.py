"""The parser ships with the package: nothing is read from, or written to, a cache on disk.

diffcli/generated_parser.py is Lark's stand-alone LALR parser for
grammar/diffcli.lark (tools/make_parser.py writes it). These tests hold it
to the grammar (the digest it was made from, and a parser Lark builds from
the grammar now must read every input alike) and show that files planted
where caches used to be are never loaded.
"""

import hashlib
import importlib
import os
import pathlib
import pickle
import subprocess
import sys

import lark
import pytest
from helpers import expressions
from hypothesis import given, settings

import diffcli
from diffcli import generated_parser

P = importlib.import_module("diffcli.parse")  # the module (diffcli.parse is also the library's function)

ROOT = pathlib.Path(__file__).resolve().parent.parent
GRAMMAR = ROOT / "grammar" / "diffcli.lark"
RUN = [sys.executable, "-m", "diffcli", "d", "x^3"]


def test_the_generated_parser_is_made_from_this_grammar():
    assert generated_parser.GRAMMAR_SHA256 == hashlib.sha256(GRAMMAR.read_bytes()).hexdigest(), \
        "grammar/diffcli.lark changed: run python tools/make_parser.py"


@pytest.fixture(scope="module")
def built_by_lark():
    """A parser Lark builds from the grammar now, with the same builder and post-lexer."""
    return lark.Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", transformer=P._builder,
                     postlex=P._indentation)


_ERRORS = ("UnexpectedCharacters", "UnexpectedEOF", "UnexpectedInput", "UnexpectedToken")


def _reading(text: str, parser, monkeypatch):
    """What diffcli makes of the text with this parser: the graph as written, or the error."""
    shipped = P._get_parser()
    P._parser = parser
    with monkeypatch.context() as m:
        if isinstance(parser, lark.Lark):  # Lark's own parser raises Lark's own classes
            for name in _ERRORS:
                m.setattr(P, name, getattr(lark.exceptions, name))
        return _read(text, shipped)


def _read(text, shipped):
    try:
        f = diffcli.parse(text)
        return ("ok", f.to_text(written=True), str(f.diff(f.variables[0])) if f.variables else "")
    except diffcli.DiffcliError as e:
        return ("error", e.render())
    finally:
        P._parser = shipped


_CASES = ["x^3", "-x^2", "2^-x", "2x(x+1)", "sin x", "ln(x", "a if b", "x +* y", "X: 3x2\nX*w", "2./x .* y'",
          "a = x*w; b = a - y; b^2", "z = 0\nfor i in range(3):\n    z = a*cos(z + i)\nz",
          "if x > 0 and not y < 1:\n    z = x\nelse:\n    z = -x\nz", "for i in range(3)\n    z = 1\n",
          "x <= -1 or x == 2", "  x\n y", "where(x > 0, x, 0) # c", "1e400 * x", "x;;y;", "(x\n+ 1)"]


@pytest.mark.parametrize("text", _CASES)
def test_the_shipped_parser_reads_as_lark_does(text, built_by_lark, monkeypatch):
    assert _reading(text, P._get_parser(), monkeypatch) == _reading(text, built_by_lark, monkeypatch)


@settings(max_examples=60, deadline=None)
@given(expressions)
def test_the_shipped_parser_reads_random_formulas_as_lark_does(built_by_lark, text):
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _reading(text, P._get_parser(), monkeypatch) == _reading(text, built_by_lark, monkeypatch)


class _Boom:
    """Unpickling this writes a marker file: proof that a planted pickle ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_planted_caches_are_never_loaded_and_nothing_is_written(tmp_path):
    marker = tmp_path / "pwned"
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    home, cache = tmp_path / "home", tmp_path / "xdg"
    payload = pickle.dumps(_Boom(str(marker)))
    # where the old versions kept their tables (a shared folder, then the user's cache), and Lark's own cache
    for folder in (shared / f"diffcli-{os.getuid()}", cache / "diffcli", home / ".cache" / "diffcli"):
        folder.mkdir(parents=True)
        for name in ("grammar-1.3.1-0-0.cache", "x.cache", "grammar-0.json"):
            (folder / name).write_bytes(payload)
    before = sorted(p for p in tmp_path.rglob("*"))
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "TMPDIR")}
    env.update(HOME=str(home), TMPDIR=str(shared), XDG_CACHE_HOME=str(cache))
    for _ in range(2):
        r = subprocess.run(RUN, env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and r.stdout.splitlines()[0] == "3*x^2", r.stderr
    assert not marker.exists()
    assert sorted(p for p in tmp_path.rglob("*")) == before  # not a file more, in TMPDIR or anywhere
