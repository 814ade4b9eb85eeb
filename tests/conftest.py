"""Test-wide setup: Qt must run offscreen before any Qt module is imported."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# CI runs the same examples every time (a new counterexample is found by developers' random runs, not
# by chance in a submission's CI); locally hypothesis keeps exploring.
if os.environ.get("CI"):
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, deadline=None)
    settings.load_profile("ci")
