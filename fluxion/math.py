"""The ``tf.math`` namespace: re-exports collected from the op families (fluxion.ops)."""
from fluxion.ops import namespace as _namespace

globals().update(_namespace("math"))

from fluxion.extras import confusion_matrix  # noqa: E402,F401 - a composite of ops


def __getattr__(name: str):
    if name == "special":  # tf.math.special loads on first use
        from fluxion import math_special  # noqa: PLC0415

        globals()["special"] = math_special
        return math_special
    if name in ("approx_max_k", "approx_min_k"):
        from fluxion.ops import embedding_sparse  # noqa: PLC0415

        return getattr(embedding_sparse, name)
    raise AttributeError(f"module 'fluxion.math' has no attribute {name!r}")
