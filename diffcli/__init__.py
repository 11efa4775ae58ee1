"""diffcli: differentiate formulas and short programs from the command line."""

__version__ = "0.1.0"
