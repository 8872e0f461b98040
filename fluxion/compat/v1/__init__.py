"""``tf.compat.v1``: the TF1 API that TF2 Estimator model_fns use.

`train` (global step, Optimizers with `minimize(loss, global_step, var_list)`, session hooks),
`metrics` ((value, update_op) pairs), `losses` (weights and reductions), `layers.dense`,
`feature_column.input_layer`, collections, `placeholder` (inside serving input receivers),
`group` / `no_op` / `control_dependencies` (TF2's own), `summary` (accepted, not written),
`logging` and `estimator` (= `tf.estimator`). Other names fall back to the TF2 namespace
(`tf.compat.v1.nn` is `tf.nn`), which is what TF1 code that ran under TF2 expects of them.
"""
from __future__ import annotations

import importlib
import types

from fluxion.compat.v1 import losses, metrics, train
from fluxion.compat.v1._graph_api import (
    GraphKeys,
    add_to_collection,
    add_to_collections,
    get_collection,
    get_collection_ref,
    get_variable,
    global_variables,
    local_variables,
    logging,
    placeholder,
    summary,
    trainable_variables,
)
from fluxion.compat.v1._graph_api import dense as _dense
from fluxion.compat.v1._graph_api import dropout as _dropout
from fluxion.compat.v1._graph_api import input_layer as _input_layer
from fluxion.ops.control_ops import Operation, control_dependencies, group, no_op

layers = types.SimpleNamespace(dense=_dense, dropout=_dropout)


def set_random_seed(seed) -> None:
    import fluxion as tf

    tf.random.set_seed(seed)


def global_variables_initializer() -> Operation:
    return Operation("init")


def local_variables_initializer() -> Operation:
    return Operation("init_1")


def tables_initializer(name="init_all_tables") -> Operation:
    return Operation(name)


_LAZY = {"estimator": "fluxion.estimator", "distribute": "fluxion.distribute",
         "keras": "fluxion.keras", "data": "fluxion.data", "io": "fluxion.io"}


def __getattr__(name: str):
    import fluxion

    if name == "feature_column":
        module = importlib.import_module("fluxion.feature_column")
        value = types.SimpleNamespace(**{k: getattr(module, k) for k in module.__all__},
                                      input_layer=_input_layer)
    elif name == "random":
        value = types.SimpleNamespace(**{k: getattr(fluxion.random, k)
                                         for k in dir(fluxion.random) if not k.startswith("_")},
                                      set_random_seed=set_random_seed)
    elif name in _LAZY:
        value = importlib.import_module(_LAZY[name])
    else:
        try:
            value = getattr(fluxion, name)
        except AttributeError:
            raise AttributeError(f"module 'fluxion.compat.v1' has no attribute {name!r}") \
                from None
    globals()[name] = value
    return value


__all__ = ["GraphKeys", "Operation", "add_to_collection", "add_to_collections",
           "control_dependencies", "get_collection", "get_collection_ref", "get_variable",
           "global_variables", "global_variables_initializer", "group", "layers",
           "local_variables", "local_variables_initializer", "logging", "losses", "metrics",
           "no_op", "placeholder", "set_random_seed", "summary", "tables_initializer", "train",
           "trainable_variables"]
