"""Readable output means at least as short as SymPy's diff (brief, "Differentiation and simplification"):
on the benchmark's deterministic corpus of random formulas, on at least 97% of the derivatives."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench.readability import compare, length  # noqa: E402


def test_no_longer_than_sympy_on_97_percent_of_the_corpus():
    rows, undefined = compare(720)
    assert len(undefined) <= 2  # ln(x - x) and the like: reported, not printed
    for kind in ("d", "grad"):
        items = rows[kind]
        ok = sum(length(ours) <= length(theirs) for _, _, ours, theirs in items)
        assert len(items) > 1200
        assert ok / len(items) >= 0.97, f"{kind}: {ok} of {len(items)}"
