"""TF1 graph-building calls as Estimator model_fns use them: collections, `placeholder`,
`group` / `no_op` / `control_dependencies`, `get_variable`, `layers.dense`, summaries and
logging.

`group` / `no_op` / `control_dependencies` are TF's own (fluxion/ops/control_ops.py): side
effects are recorded in program order, so nothing is left to order; inside an Estimator's graph
`group` / `no_op` return an Operation, as in TF1's graph mode. Summaries are accepted and not
written (no event files yet).
"""
from __future__ import annotations

import logging as _logging

import numpy as np

from fluxion.core.variable import Variable
from fluxion.estimator import _graph


class GraphKeys:
    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    SUMMARY_OP = "summary_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    TRAIN_OP = "train_op"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"


def _collections() -> dict:
    from fluxion.compat.v1 import losses

    return losses.collections()


def trainable_variables(scope=None) -> list:
    graph = _graph.current()
    found = [] if graph is None else graph.trainable_variables()
    return [v for v in found if scope is None or v.name.startswith(scope)]


def global_variables(scope=None) -> list:
    graph = _graph.current()
    found = [] if graph is None else graph.global_variables()
    return [v for v in found if scope is None or v.name.startswith(scope)]


def local_variables(scope=None) -> list:
    graph = _graph.current()
    if graph is None:
        return []
    return [v for n, v in graph.primaries.items() if n in graph.local and
            (scope is None or n.startswith(scope))]


def get_collection(key, scope=None) -> list:
    if key == GraphKeys.TRAINABLE_VARIABLES:
        return trainable_variables(scope)
    if key == GraphKeys.GLOBAL_VARIABLES:
        return global_variables(scope)
    if key == GraphKeys.LOCAL_VARIABLES:
        return local_variables(scope)
    if key == GraphKeys.GLOBAL_STEP:
        graph = _graph.current()
        return [] if graph is None or graph.global_step is None else [graph.global_step]
    return list(_collections().get(key, []))


def get_collection_ref(key) -> list:
    return _collections().setdefault(key, [])


def add_to_collection(name, value) -> None:
    _collections().setdefault(name, []).append(value)


def add_to_collections(names, value) -> None:
    for name in [names] if isinstance(names, str) else names:
        add_to_collection(name, value)




def placeholder(dtype, shape=None, name=None):
    """Inside a serving_input_receiver_fn being exported: a graph input. Elsewhere TF2 refuses
    placeholders, and so does Fluxion."""
    from fluxion.estimator import _export

    tensor = _export.placeholder(dtype, shape, name)
    if tensor is None:
        raise RuntimeError("tf.placeholder() is not compatible with eager execution.")
    return tensor


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=0, aggregation=0):
    """A new variable `name` (TF1's default initializer: glorot_uniform for floats, zeros for
    integers)."""
    import fluxion as tf

    dtype = tf.as_dtype(dtype or tf.float32)
    if callable(initializer) and not isinstance(initializer, (np.ndarray, tf.Tensor)):
        if shape is None:
            raise ValueError(f"Shape of a new variable ({name}) must be fully defined, but "
                             f"instead was None.")
        value = initializer(shape, dtype=dtype)
    elif initializer is not None:
        value = tf.cast(tf.convert_to_tensor(initializer), dtype)
    elif dtype.is_floating:
        value = tf.keras.initializers.GlorotUniform()(shape, dtype=dtype)
    else:
        value = tf.zeros(shape, dtype)
    return Variable(value, trainable=True if trainable is None else trainable, name=name,
                    constraint=constraint)


# --- layers ------------------------------------------------------------------------------------
def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
          trainable=True, name=None, reuse=None):
    """`tf.compat.v1.layers.dense`: a Dense layer (variables `dense/kernel`, `dense_1/...`)
    applied to `inputs`."""
    import fluxion as tf

    layer = tf.keras.layers.Dense(units, activation=activation, use_bias=use_bias,
                                  kernel_initializer=kernel_initializer or "glorot_uniform",
                                  bias_initializer=bias_initializer,
                                  kernel_regularizer=kernel_regularizer,
                                  bias_regularizer=bias_regularizer,
                                  activity_regularizer=activity_regularizer,
                                  kernel_constraint=kernel_constraint,
                                  bias_constraint=bias_constraint, trainable=trainable,
                                  name=name)
    return layer(inputs)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    import fluxion as tf

    return tf.keras.layers.Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)(
        inputs, training=training)


def input_layer(features, feature_columns, weight_collections=None, trainable=True,
                cols_to_vars=None, cols_to_output_tensors=None):
    """`tf.compat.v1.feature_column.input_layer`: the dense input of `feature_columns`."""
    from fluxion.feature_column import DenseFeatures

    return DenseFeatures(feature_columns, trainable=trainable, name="input_layer")(features)


# --- summaries and logging ---------------------------------------------------------------------
def _summary(*args, **kwargs):
    return None


class summary:
    scalar = histogram = image = audio = text = tensor_summary = staticmethod(_summary)
    merge = merge_all = staticmethod(_summary)


class logging:
    DEBUG, INFO, WARN, ERROR, FATAL = 10, 20, 30, 40, 50
    _logger = _logging.getLogger("fluxion")

    @staticmethod
    def set_verbosity(level) -> None:
        _logging.getLogger("fluxion").setLevel(level)

    @staticmethod
    def get_verbosity() -> int:
        return _logging.getLogger("fluxion").getEffectiveLevel()

    debug = staticmethod(_logging.getLogger("fluxion").debug)
    info = staticmethod(_logging.getLogger("fluxion").info)
    warning = warn = staticmethod(_logging.getLogger("fluxion").warning)
    error = staticmethod(_logging.getLogger("fluxion").error)
