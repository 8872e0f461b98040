"""Op definitions by family. Importing this package registers every primitive op.

Each family module lists what it exports: `__all__` for the top-level ``tf.*`` names and
`_math_exports`, `_nn_exports`, `_linalg_exports`, `_random_exports` for the
``tf.math``/``tf.nn``/``tf.linalg``/``tf.random`` namespaces (see `namespace`).
"""
import importlib

from fluxion.ops import overloads as _overloads

FAMILIES = ("math_ops", "reduce_ops", "array_ops", "gather_ops", "nn_ops", "conv_ops",
            "linalg_ops", "random_ops", "state_ops", "control_ops", "fused_ops", "debug_ops",
            "sparse_ops", "conv_fused", "math_extra_ops",
            "array_extra_ops")
MODULES = [importlib.import_module(f"fluxion.ops.{name}") for name in FAMILIES]


def namespace(kind: str) -> dict:
    """Name -> object for a public namespace: 'top' (tf.*), 'math', 'nn', 'linalg', 'random'."""
    out = {}
    for module in MODULES:
        names = module.__all__ if kind == "top" else getattr(module, f"_{kind}_exports", ())
        for name in names:
            out[name] = getattr(module, name)
    return out


_overloads.install()
