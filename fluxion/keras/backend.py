"""``tf.keras.backend``: the global float type and fuzz factor Keras layers and losses use."""
from __future__ import annotations

_STATE = {"floatx": "float32", "epsilon": 1e-7, "image_data_format": "channels_last"}


def floatx() -> str:
    return _STATE["floatx"]


def set_floatx(value: str) -> None:
    if value not in ("float16", "bfloat16", "float32", "float64"):
        raise ValueError(f"Unknown `floatx` value: {value}. Expected one of {{'float16', "
                         f"'bfloat16', 'float32', 'float64'}}")
    _STATE["floatx"] = value


def epsilon() -> float:
    return _STATE["epsilon"]


def set_epsilon(value: float) -> None:
    _STATE["epsilon"] = float(value)


def image_data_format() -> str:
    return _STATE["image_data_format"]


def set_image_data_format(data_format: str) -> None:
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"The `data_format` argument must be one of {{'channels_first', "
                         f"'channels_last'}}. Received: data_format={data_format}")
    _STATE["image_data_format"] = data_format


def clear_session() -> None:
    """Resets Keras' global state: the automatic layer-name counters."""
    from fluxion.keras.utils import naming  # noqa: PLC0415

    naming.reset()


def backend() -> str:
    """The name of the Keras backend: always "tensorflow" (Fluxion stands in for it)."""
    return "tensorflow"


def get_uid(prefix: str = "") -> int:
    """1, 2, 3, ... for successive calls with the same prefix (shares the counters layers use
    for their default names, and is reset by ``clear_session``)."""
    from fluxion.keras.utils import naming

    naming._COUNTS[prefix] = naming._COUNTS.get(prefix, 0) + 1
    return naming._COUNTS[prefix]


_ALLOWED_DTYPES = ("float16", "float32", "float64", "uint8", "uint16", "uint32", "uint64",
                   "int8", "int16", "int32", "int64", "bfloat16", "bool", "string",
                   "float8_e4m3fn", "float8_e5m2", "complex64", "complex128")
_PYTHON_DTYPES = {bool: "bool", int: "int64", float: "float32", str: "string", "int": "int64",
                  complex: "complex128"}


def standardize_dtype(dtype) -> str:
    """A dtype's Keras name: None -> floatx, Python int -> "int64"; ValueError for names
    Keras does not know ("float", "double"...)."""
    if dtype is None:
        return floatx()
    if isinstance(dtype, (str, type)):
        dtype = _PYTHON_DTYPES.get(dtype, dtype)
    if hasattr(dtype, "name"):
        dtype = dtype.name
    elif hasattr(dtype, "__name__"):
        dtype = dtype.__name__
    if dtype not in _ALLOWED_DTYPES:
        raise ValueError(f"Invalid dtype: {dtype}")
    return dtype


def result_type(*dtypes) -> str:
    """The Keras 3 promotion of ``dtypes`` (Python types weak; floatx when none are given)."""
    from fluxion.keras.ops._common import result_type as _result_type

    return _result_type(*dtypes)


def is_float_dtype(dtype) -> bool:
    name = standardize_dtype(dtype)
    return name.startswith(("float", "bfloat"))


def is_int_dtype(dtype) -> bool:
    name = standardize_dtype(dtype)
    return name.startswith(("int", "uint"))


def is_keras_tensor(x) -> bool:
    """Whether ``x`` is a symbolic functional-API tensor (from ``keras.Input``)."""
    from fluxion.keras.engine.keras_tensor import KerasTensor

    return isinstance(x, KerasTensor)


# The Keras 2 backend functions TF 2.21 still exposes here (keras.src.legacy.backend); the
# names of `__all__` below come from these star imports.
# ruff: noqa: F405
from fluxion.keras.backend_legacy import *  # noqa: F403
from fluxion.keras.backend_legacy_nn import *  # noqa: F403
from fluxion.keras.backend_legacy_rnn import rnn
from fluxion.keras.backend_legacy_vars import *  # noqa: F403

__all__ = ["abs", "all", "any", "arange", "argmax", "argmin", "backend", "batch_dot",
           "batch_flatten", "batch_get_value", "batch_normalization", "batch_set_value",
           "bias_add", "binary_crossentropy", "binary_focal_crossentropy", "cast",
           "cast_to_floatx", "categorical_crossentropy", "categorical_focal_crossentropy",
           "clear_session", "clip", "concatenate", "constant", "conv1d", "conv2d",
           "conv2d_transpose", "conv3d", "cos", "count_params", "ctc_batch_cost", "ctc_decode",
           "ctc_label_dense_to_sparse", "cumprod", "cumsum", "depthwise_conv2d", "dot", "dropout",
           "dtype", "elu", "epsilon", "equal", "eval", "exp", "expand_dims", "eye", "flatten",
           "floatx", "foldl", "foldr", "gather", "get_uid", "get_value", "gradients", "greater",
           "greater_equal", "hard_sigmoid", "image_data_format", "in_top_k", "int_shape",
           "is_float_dtype", "is_int_dtype", "is_keras_tensor", "is_sparse", "l2_normalize",
           "less", "less_equal", "log", "map_fn", "max", "maximum", "mean", "min", "minimum",
           "moving_average_update", "name_scope", "ndim", "not_equal", "one_hot", "ones",
           "ones_like", "permute_dimensions", "pool2d", "pool3d", "pow", "prod",
           "random_bernoulli", "random_normal", "random_normal_variable", "random_uniform",
           "random_uniform_variable", "relu", "repeat", "repeat_elements", "reshape",
           "resize_images", "resize_volumes", "result_type", "reverse", "rnn", "round",
           "separable_conv2d", "set_epsilon", "set_floatx", "set_image_data_format", "set_value",
           "shape", "sigmoid", "sign", "sin", "softmax", "softplus", "softsign",
           "sparse_categorical_crossentropy", "spatial_2d_padding", "spatial_3d_padding", "sqrt",
           "square", "squeeze", "stack", "standardize_dtype", "std", "stop_gradient", "sum",
           "switch", "tanh", "temporal_padding", "tile", "to_dense", "transpose",
           "truncated_normal", "update", "update_add", "update_sub", "var", "variable", "zeros",
           "zeros_like"]
