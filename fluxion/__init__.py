"""Fluxion: a machine-learning system with TensorFlow 2's Python API, over NumPy.

``import fluxion as tf`` and TF2 code runs. Heavy submodules are imported lazily.
"""
from __future__ import annotations

import warnings as _warnings

from fluxion import bitwise, config, debugging, errors
from fluxion import dtypes
from fluxion.core.dtypes import (DType, as_dtype, bool, complex64, complex128, double,  # noqa: A004
                                 float16, float32, float64, half, int8, int16, int32, int64,
                                 string, uint8, uint16, uint32, uint64)
from fluxion.core.shape import TensorShape
from fluxion.core.tensor import Tensor, constant, convert_to_tensor, is_tensor
from fluxion.core.variable import Variable, VariableAggregation, VariableSynchronization
from fluxion.core.tape import GradientTape, UnconnectedGradients, custom_gradient
from fluxion.core import nest
from fluxion.core.context import device, executing_eagerly, name_scope
from fluxion.core.module import Module
from fluxion.core.context import print_ as print  # noqa: A001 - TF's public name
from fluxion.debugging import Assert, assert_equal, assert_greater, assert_less, assert_rank
from fluxion.graph.function import TensorSpec, function
from fluxion import autograph
from fluxion.control_flow import TensorArray, case, cond, switch_case, while_loop
from fluxion.functional_ops import foldl, foldr, map_fn, scan, vectorized_map
from fluxion.extras import *  # noqa: F403
from fluxion import ops as _ops
from fluxion import linalg, math, nn, random  # noqa: A004 - TF's namespace names

globals().update(_ops.namespace("top"))

__version__ = "0.1.0"
version.VERSION = __version__  # noqa: F405 - tf.version, from fluxion.extras
config._tune_allocator()

# Kernels follow TF: 1/0 is inf and log(0) is -inf, without NumPy's RuntimeWarnings.
_warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"fluxion\.")


# Heavier namespaces load on first use (``tf.keras``, ``tf.data``...), keeping `import` fast.
_LAZY = {"saved_model": "fluxion.saved_model", "keras": "fluxion.keras", "data": "fluxion.data",
         "io": "fluxion.io", "train": "fluxion.train", "sparse": "fluxion.sparse",
         "feature_column": "fluxion.feature_column",
         "distribute": "fluxion.distribute", "estimator": "fluxion.estimator",
         "compat": "fluxion.compat", "image": "fluxion.image", "strings": "fluxion.strings",
         "ragged": "fluxion.ragged", "lookup": "fluxion.lookup", "signal": "fluxion.signal",
         "test": "fluxion.test", "summary": "fluxion.summary",
         "autodiff": "fluxion.autodiff", "experimental": "fluxion.experimental",
         "types": "fluxion.types",
         "sets": "fluxion.sets", "audio": "fluxion.audio"}
# tf.losses, tf.metrics, tf.optimizers and tf.initializers are Keras' (as TF 2.21 loads them)
_KERAS_ALIASES = ("losses", "metrics", "optimizers", "initializers")


# Top-level names that live in lazily imported modules: name -> module.
_LAZY_NAMES = {"SparseTensor": "fluxion.sparse", "SparseTensorSpec": "fluxion.sparse",
               "RaggedTensor": "fluxion.ragged", "RaggedTensorSpec": "fluxion.ragged",
               "py_function": "fluxion.py_func", "numpy_function": "fluxion.py_func",
               "as_string": "fluxion.strings",
               "gradients": "fluxion.graph.gradients", "hessians": "fluxion.graph.gradients",
               "AggregationMethod": "fluxion.graph.gradients",
               **dict.fromkeys(["get_static_value", "inside_function", "is_symbolic_tensor",
                                "get_current_name_scope", "RegisterGradient", "no_gradient",
                                "DeviceSpec"], "fluxion.introspection"),
               **dict.fromkeys(["TypeSpec", "type_spec_from_value", "IndexedSlicesSpec",
                                "TensorArraySpec", "OptionalSpec", "NoneTensorSpec"],
                               "fluxion.type_spec"),
               "variable_creator_scope": "fluxion.core.variable",
               "make_tensor_proto": "fluxion.io.tensor_proto_message",
               "make_ndarray": "fluxion.io.tensor_proto_message"}


def __getattr__(name: str):
    if name in _KERAS_ALIASES:
        module = getattr(__getattr__("keras"), name)
        globals()[name] = module
        return module
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        module = importlib.import_module(_LAZY[name])
        globals()[name] = module
        return module
    if name in _LAZY_NAMES:
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(_LAZY_NAMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'fluxion' has no attribute {name!r}")
