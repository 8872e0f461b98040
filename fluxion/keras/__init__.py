"""``tf.keras``: Keras 3's API (as shipped with TF 2.21) over Fluxion's ops.

Submodules load on first use, so ``import fluxion`` and ``import fluxion.keras`` stay fast.
"""
from __future__ import annotations

import importlib

__version__ = "3.15.1"  # the Keras release whose API this mirrors

_SUBMODULES = ("activations", "applications", "backend", "callbacks", "config", "constraints",
               "datasets", "dtype_policies", "estimator", "export", "initializers", "layers",
               "losses", "metrics", "mixed_precision", "models", "ops", "optimizers",
               "preprocessing", "random", "regularizers", "saving", "tree", "utils")
# top-level names -> the module that defines them
_NAMES = {"Input": "layers", "Model": "models", "Sequential": "models", "Layer": "layers",
          "Loss": "losses", "DTypePolicy": "dtype_policies",
          "FloatDTypePolicy": "dtype_policies", "Metric": "metrics", "Optimizer": "optimizers",
          "Variable": None, "InputSpec": "scopes", "name_scope": "scopes", "device": "scopes",
          "version": "scopes", "Initializer": "initializers", "Regularizer": "regularizers",
          "KerasTensor": "engine.keras_tensor", "StatelessScope": "backend_scopes",
          "SymbolicScope": "backend_scopes", "RematScope": "backend_scopes",
          "remat": "backend_scopes", "Function": "operation", "Operation": "operation",
          "Quantizer": "operation"}


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = importlib.import_module(f"fluxion.keras.{name}")
    elif name in _NAMES and _NAMES[name] is not None:
        module = getattr(importlib.import_module(f"fluxion.keras.{_NAMES[name]}"), name)
    elif name == "Variable":
        from fluxion import Variable as module  # noqa: PLC0415
    else:
        raise AttributeError(f"module 'fluxion.keras' has no attribute {name!r}")
    globals()[name] = module
    return module


def __dir__() -> list:
    return sorted(set(globals()) | set(_SUBMODULES) | set(_NAMES))
