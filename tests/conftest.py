import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from hypothesis import settings  # noqa: E402

settings.register_profile("diffcli", deadline=None, max_examples=100)
settings.load_profile("diffcli")
