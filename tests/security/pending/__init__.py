"""Tests of findings not fixed yet, kept out of the suite (files are not test_*.py).

Each module names the owner and the fix; once it passes, it moves into
tests/security/ proper.
"""
