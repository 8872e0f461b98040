"""Per-family op cases walked by tests/test_ops.py. Each module defines CASES: list[Case]."""
