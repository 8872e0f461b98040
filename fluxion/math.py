"""The ``tf.math`` namespace: re-exports collected from the op families (fluxion.ops)."""
from fluxion.ops import namespace as _namespace

globals().update(_namespace("math"))

from fluxion.extras import confusion_matrix  # noqa: E402,F401 - a composite of ops


def __getattr__(name: str):
    if name == "special":  # tf.math.special loads on first use
        from fluxion import math_special  # noqa: PLC0415

        globals()["special"] = math_special
        return math_special
    raise AttributeError(f"module 'fluxion.math' has no attribute {name!r}")
