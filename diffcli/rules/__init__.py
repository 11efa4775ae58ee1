"""The one table of primitives: every operator and function, its derivative written once.

Importing this package fills the registry (``TABLE``); each group of entries
lives in its own module. Passes look entries up here (``rule_of``,
``lookup``) and never branch on an operation's name.
"""

from . import operators, elementary, special, arrays, control  # noqa: F401  (each module defines its entries)
from .base import (  # noqa: F401
    ADD,
    ATOM,
    CONSTANTS,
    MUL,
    NEG,
    POW,
    TABLE,
    VARIADIC,
    Constant,
    Primitive,
    function_names,
    lookup,
    operations,
    rule_of,
    spelt_power,
)
from .operators import E, PI  # noqa: F401
