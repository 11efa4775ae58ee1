"""diffcli: symbolic derivatives, gradients and automatic-differentiation traces.

    >>> import diffcli
    >>> f = diffcli.parse("ln(x1)+x1*x2-sin(x2)")
    >>> str(f.diff("x1"))
    '1/x1 + x2'
    >>> f.diff("x1").evaluate(x1=2, x2=5)
    5.5
    >>> [str(g) for g in f.gradient()]
    ['1/x1 + x2', 'x1 - cos(x2)']

The command line (``diffcli d ...``) is a thin layer over this library.
"""

__version__ = "0.2.0"

from .api import Expression, parse  # noqa: E402
from .errors import DiffcliError, InputError, KinkError, MathError  # noqa: E402

__all__ = ["parse", "Expression", "DiffcliError", "InputError", "MathError", "KinkError", "__version__"]
