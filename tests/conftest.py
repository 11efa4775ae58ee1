import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from hypothesis import settings  # noqa: E402

settings.register_profile("diffcli", deadline=None, max_examples=100)
settings.load_profile("diffcli")


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _plain_stdout(monkeypatch):
    """Tests read plain output: a FORCE_COLOR or TTY_COMPATIBLE in the environment would make it a terminal."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
