"""Random numbers (``tf.random``) and dropout."""
from __future__ import annotations

__all__: list = []


def set_seed(seed) -> None:
    """Placeholder until the random family lands: seeds nothing yet."""


_random_exports = ("set_seed",)
