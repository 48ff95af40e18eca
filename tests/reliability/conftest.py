"""Helpers for the reliability tests: frame readers and a running host."""

from __future__ import annotations

import sys
from pathlib import Path

# frames.py sits beside the tests and is shared with bench/reliability.py
sys.path.insert(0, str(Path(__file__).parent))
