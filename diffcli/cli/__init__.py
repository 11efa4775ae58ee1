"""The command line: click commands over the library (``diffcli.api``).

``app`` holds the group and what every command shares; ``commands`` and
``views`` add the commands; ``render`` draws for a person; ``points`` reads --at.
"""

from . import checking, commands, gradients, views  # noqa: F401  (each module adds its commands to the group)
from .app import entry, main

__all__ = ["main", "entry"]
