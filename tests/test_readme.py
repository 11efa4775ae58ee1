"""The README's examples print what the README says they print.

Every ``$ command`` in a fenced block of README.md is run (in the repository,
with this interpreter's diffcli first on the PATH) and its output compared
with the lines under it, line by line (stdout and stderr together, in any
order: the README shows them as a terminal interleaves them). Examples whose
output depends on the machine (timings, terminal tables, plots, the bench,
installs) are left out, as are outputs the README abbreviates with "...".
What the examples compute is checked against SymPy and finite differences
elsewhere; this keeps the documentation from drifting away from the program.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MACHINE_DEPENDENT = ("--stats", "python", "pip", "| dot", "plot", "bench", "time ", "XDG", "cd ", "script")


def examples():
    out = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        lines = block.rstrip("\n").split("\n")
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ "):
                i += 1
                continue
            command = lines[i][2:]
            i += 1
            while command.count('"') % 2 and i < len(lines):  # a quoted program over several lines
                command += "\n" + lines[i]
                i += 1
            start = i
            while i < len(lines) and not lines[i].startswith("$ "):
                i += 1
            expected = [line.rstrip() for line in lines[start:i] if line.strip() and not line.startswith("[exit")]
            shown = "\n".join(expected)
            if any(s in command for s in MACHINE_DEPENDENT) or "..." in shown or any(c in shown for c in "┏│╭━…"):
                continue
            out.append(pytest.param(command, expected, id=command[:60]))
    return out


CASES = examples()


def test_the_readme_has_examples_to_check():
    assert len(CASES) >= 40


@pytest.mark.parametrize("command, expected", CASES)
def test_a_readme_example_prints_what_the_readme_says(command, expected):
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
               COLUMNS="100", NO_COLOR="1")
    env.pop("FORCE_COLOR", None)
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    got = [line.rstrip() for line in (result.stdout + result.stderr).split("\n") if line.strip()]
    assert sorted(got) == sorted(expected), "\n".join(["README:", *expected, "got:", *got])
