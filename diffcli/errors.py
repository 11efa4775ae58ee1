"""The two kinds of failure a user can meet, and their exit codes."""

from __future__ import annotations


class DiffcliError(Exception):
    exit_code = 1

    def render(self) -> str:
        return f"error: {self}"


class InputError(DiffcliError):
    """Bad usage or input that does not parse (exit 2), optionally with a caret."""

    exit_code = 2

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
