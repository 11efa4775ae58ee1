"""diffcli's benchmark, side by side with its peers: `python -m bench` (see bench/README.md).

One module per family, each with ``TITLE`` and ``measure(quick) -> rows``; runner.py is
what they share. Nothing here is a test, and nothing in tests/ is timed.
"""
