"""Unique default names for layers, models and metrics: `dense`, `dense_1`, ... as Keras."""
from __future__ import annotations

import re

_COUNTS: dict[str, int] = {}


def to_snake_case(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def uniquify(base: str) -> str:
    """`base` the first time, then `base_1`, `base_2`, ..."""
    n = _COUNTS.get(base, 0)
    _COUNTS[base] = n + 1
    return base if n == 0 else f"{base}_{n}"


def reset() -> None:
    _COUNTS.clear()
