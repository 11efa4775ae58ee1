"""The two kinds of failure a user can meet, and their exit codes."""

from __future__ import annotations


class DiffcliError(Exception):
    exit_code = 1
    kind = "math"  # what a script reads in a JSON error: usage, input or math

    def render(self) -> str:
        return f"error: {self}"

    def as_json(self) -> dict:
        """The error for a script: {"kind", "message", "line", "column"} (line and column where known)."""
        return {"kind": self.kind, "message": str(self), "line": None, "column": None}


class InputError(DiffcliError):
    """Bad usage or input that does not parse (exit 2), optionally with a caret."""

    exit_code = 2
    kind = "input"

    def __init__(self, message: str, text: str | None = None, line: int | None = None,
                 column: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.text, self.line, self.column, self.hint = text, line, column, hint

    def render(self) -> str:
        out = [f"error: {self}"]
        if self.text is not None and self.line is not None and self.column is not None:
            lines = self.text.splitlines() or [""]
            src = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
            col = max(self.column - 1, 0)
            if len(src) > 100:  # show a window around the column of a long line
                start = max(col - 50, 0)
                src, col = ("..." if start else "") + src[start:start + 100], col - start + (3 if start else 0)
            where = f"line {self.line}, " if len(lines) > 1 else ""
            out.append(f"  {src}")
            out.append("  " + " " * col + f"^ ({where}column {self.column})")
        if self.hint:
            out.append(f"hint: {self.hint}")
        return "\n".join(out)

    def as_json(self) -> dict:
        out = super().as_json()
        out["line"], out["column"] = self.line, self.column
        if self.hint:
            out["hint"] = self.hint
        return out


class UsageError(InputError):
    """A request that cannot be done as asked: options that do not go together, or one missing (exit 2)."""

    kind = "usage"


class MathError(DiffcliError):
    """The function or its derivative is undefined at the point, or overflows (exit 1)."""

    exit_code = 1


class KinkError(MathError):
    """A derivative asked for where the function has a kink (abs, relu at 0; max at a tie)."""

    def __init__(self, message: str, function: str = "", point: dict | None = None):
        super().__init__(message)
        self.function, self.point = function, point


class ExpansionTooLarge(InputError):
    """Multiplying out would produce more terms than it is worth writing."""


class ExactnessWarning(UserWarning):
    """Exact arithmetic gave up on a number too large to carry exactly (a note, not an error)."""


class ShapeError(InputError):
    """Operands whose shapes do not fit the operation (exit 2, with a caret under the operator)."""


class NeedsPoint(InputError):
    """A while loop whose condition depends on the inputs runs only at a point, and none was given."""
