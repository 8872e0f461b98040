"""Smaller top-level TF2 names: ``tf.get_logger``, ``tf.init_scope``, ``tf.recompute_grad``,
``tf.grad_pass_through``, ``tf.timestamp``, ``tf.histogram_fixed_width(_bins)``,
``tf.IndexedSlices``, the TF2 initializer classes (``tf.zeros_initializer`` ...) and
``tf.version``."""
from __future__ import annotations

import contextlib
import logging
import time
import types

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import STATE, Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError

__all__ = ["IndexedSlices", "constant_initializer", "get_logger", "grad_pass_through",
           "saturate_cast",
           "histogram_fixed_width", "histogram_fixed_width_bins", "init_scope",
           "ones_initializer", "random_normal_initializer", "random_uniform_initializer",
           "recompute_grad", "timestamp", "version", "zeros_initializer"]


def get_logger() -> logging.Logger:
    """The "tensorflow" logger, as TF returns it (`tf.get_logger().setLevel("ERROR")`)."""
    return logging.getLogger("tensorflow")


@contextlib.contextmanager
def init_scope():
    """Runs its block eagerly even inside a function being traced (variables and constants
    made there are created once, outside the graph), as TF lifts it out."""
    saved = STATE.trace
    STATE.trace = None
    try:
        yield
    finally:
        STATE.trace = saved


def recompute_grad(f):
    """f itself: TF recomputes f's forward pass during backprop to save memory; values and
    gradients are the same."""
    return f


def grad_pass_through(f):
    """f whose gradient is the identity: y = f(x) forward, dy/dx = 1 backward (TF's
    straight-through estimator)."""
    from fluxion.core.tape import custom_gradient  # noqa: PLC0415

    @custom_gradient
    def passed(x):
        return f(x), lambda g: g

    return passed


def _timestamp_kernel(xp):
    return xp.asarray(time.time(), xp.float64)


_timestamp = defop("timestamp", _timestamp_kernel, stateful=True,
                   infer=lambda: Spec((), dtypes.float64), tf_name="Timestamp")


def timestamp(name=None) -> Tensor:
    """Seconds since the epoch as float64, read when the op runs (each call of a graph)."""
    return _timestamp()


def histogram_fixed_width_bins(values, value_range, nbins=100, dtype=dtypes.int32,
                               name=None) -> Tensor:
    """The bin of each value among `nbins` equal bins over value_range (values outside go to
    the first or last bin)."""
    from fluxion.ops import math_ops, unary_ops  # noqa: PLC0415

    values = convert_to_tensor(values)
    if not values.dtype.is_floating and not values.dtype.is_integer:
        raise TypeError(f"histogram_fixed_width_bins: values must be numeric, got "
                        f"{values.dtype.name}")
    value_range = convert_to_tensor(value_range, dtype=values.dtype)
    lo, hi = value_range[0], value_range[1]
    scaled = math_ops.cast(values - lo, dtypes.float64) / math_ops.cast(hi - lo, dtypes.float64)
    index = math_ops.cast(unary_ops.floor(scaled * int(nbins)), dtypes.int64)
    index = math_ops.clip_by_value(index, 0, int(nbins) - 1)
    return math_ops.cast(index, dtypes.as_dtype(dtype))


def histogram_fixed_width(values, value_range, nbins=100, dtype=dtypes.int32,
                          name=None) -> Tensor:
    """Counts of values in `nbins` equal bins over value_range (outliers in the end bins)."""
    from fluxion.ops import array_ops, math_ops, segment_ops  # noqa: PLC0415

    bins = histogram_fixed_width_bins(values, value_range, nbins, dtypes.int32)
    flat = array_ops.reshape(bins, [-1])
    counts = segment_ops.unsorted_segment_sum(array_ops.ones_like(flat), flat, int(nbins))
    return math_ops.cast(counts, dtypes.as_dtype(dtype))


class IndexedSlices:
    """A sparse set of rows of a dense tensor: `values[i]` is row `indices[i]` of a tensor of
    shape `dense_shape` (what TF's gradients of gathers are). Converts to the dense tensor."""

    def __init__(self, values, indices, dense_shape=None):
        self.values = convert_to_tensor(values)
        self.indices = convert_to_tensor(indices)
        self.dense_shape = None if dense_shape is None else convert_to_tensor(dense_shape)

    @property
    def dtype(self):
        return self.values.dtype

    @property
    def shape(self):
        from fluxion.core.shape import TensorShape  # noqa: PLC0415

        if self.dense_shape is None:
            return TensorShape([None] + list(self.values.shape[1:]))
        return TensorShape([int(d) for d in np.asarray(self.dense_shape._value)])

    def __tf_tensor__(self, dtype=None, name=None):
        from fluxion.ops import array_ops, gather_ops  # noqa: PLC0415

        if self.dense_shape is None:
            raise ValueError("IndexedSlices without dense_shape cannot be converted to a "
                             "Tensor")
        rows = array_ops.expand_dims(self.indices, -1)  # repeated rows add up, as in TF
        dense = gather_ops.scatter_nd(rows, self.values, self.dense_shape)
        return dense if dtype is None else convert_to_tensor(dense, dtype=dtype)

    def __repr__(self) -> str:
        return (f"IndexedSlices(indices={self.indices}, values={self.values}, "
                f"dense_shape={self.dense_shape})")


class _Initializer:
    """TF2's init_ops_v2 initializers: `init(shape, dtype=tf.float32)` -> a Tensor."""

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class zeros_initializer(_Initializer):  # noqa: N801 - TF's name
    def __call__(self, shape, dtype=dtypes.float32, **kwargs):
        from fluxion.ops import array_ops  # noqa: PLC0415

        return array_ops.zeros(shape, dtype=dtype)


class ones_initializer(_Initializer):  # noqa: N801 - TF's name
    def __call__(self, shape, dtype=dtypes.float32, **kwargs):
        from fluxion.ops import array_ops  # noqa: PLC0415

        return array_ops.ones(shape, dtype=dtype)


class constant_initializer(_Initializer):  # noqa: N801 - TF's name
    def __init__(self, value=0):
        self.value = value

    def __call__(self, shape, dtype=None, **kwargs):
        from fluxion.ops import array_ops  # noqa: PLC0415

        value = convert_to_tensor(self.value, dtype=dtype)
        return array_ops.broadcast_to(value, shape) if value.shape.rank == 0 else \
            array_ops.reshape(value, shape)

    def get_config(self) -> dict:
        return {"value": self.value}


class random_normal_initializer(_Initializer):  # noqa: N801 - TF's name
    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=dtypes.float32, **kwargs):
        from fluxion.ops import random_ops as random  # noqa: PLC0415

        return random.normal(shape, self.mean, self.stddev, dtype=dtype, seed=self.seed)

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class random_uniform_initializer(_Initializer):  # noqa: N801 - TF's name
    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=dtypes.float32, **kwargs):
        from fluxion.ops import random_ops as random  # noqa: PLC0415

        return random.uniform(shape, self.minval, self.maxval, dtype=dtype, seed=self.seed)

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


# tf.version; VERSION is fluxion's (set by fluxion/__init__.py next to __version__)
version = types.SimpleNamespace(VERSION=None, GIT_VERSION="unknown", COMPILER_VERSION="python",
                                GRAPH_DEF_VERSION=0, GRAPH_DEF_VERSION_MIN_CONSUMER=0,
                                GRAPH_DEF_VERSION_MIN_PRODUCER=0)


def saturate_cast(value, dtype, name=None) -> Tensor:
    """value cast to `dtype`, clamped to its range first (no wrap-around): bounds that the
    input dtype cannot hold exactly are taken just inside, as TF does."""
    from fluxion.ops import math_ops  # noqa: PLC0415

    value = convert_to_tensor(value)
    dtype = dtypes.as_dtype(dtype)
    src, dst = value.dtype._np, dtype._np
    if dtype.is_complex or value.dtype.is_complex or dtype == dtypes.bool:
        return math_ops.cast(value, dtype)
    info_in, info_out = _limits(src), _limits(dst)
    lo, hi = max(info_in[0], info_out[0]), min(info_in[1], info_out[1])
    lo_in, hi_in = np.asarray(lo).astype(src), np.asarray(hi).astype(src)
    if np.dtype(src).kind == "f":  # rounded past the bound: step back inside
        if float(hi_in) > hi:
            hi_in = np.nextafter(hi_in, src.type(-np.inf))
        if float(lo_in) < lo:
            lo_in = np.nextafter(lo_in, src.type(np.inf))
    if (lo, hi) != info_in:
        value = math_ops.clip_by_value(value, lo_in, hi_in)
    return math_ops.cast(value, dtype)


def _limits(npd) -> tuple:
    npd = np.dtype(npd)
    info = np.finfo(npd) if npd.kind == "f" else np.iinfo(npd)
    return (float(info.min), float(info.max)) if npd.kind == "f" else (int(info.min),
                                                                      int(info.max))


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=dtypes.int32,
                     name=None) -> Tensor:
    """[num_classes, num_classes] counts (or summed weights) of (label, prediction) pairs;
    num_classes defaults to the largest label or prediction + 1."""
    from fluxion.ops import array_ops, gather_ops, math_ops, reduce_ops  # noqa: PLC0415

    dtype = dtypes.as_dtype(dtype)
    labels = math_ops.cast(array_ops.reshape(convert_to_tensor(labels), [-1]), dtypes.int64)
    predictions = math_ops.cast(array_ops.reshape(convert_to_tensor(predictions), [-1]),
                                dtypes.int64)
    if num_classes is None:
        num_classes = math_ops.maximum(reduce_ops.reduce_max(labels),
                                       reduce_ops.reduce_max(predictions)) + 1
    n = math_ops.cast(num_classes, dtypes.int64)
    values = array_ops.ones_like(labels, dtype=dtype) if weights is None else \
        math_ops.cast(array_ops.reshape(convert_to_tensor(weights), [-1]), dtype)
    indices = array_ops.stack([labels, predictions], axis=1)
    return gather_ops.scatter_nd(indices, values, array_ops.stack([n, n]))


def _block_axes(data_format: str, op: str) -> bool:
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"{op}: data_format must be 'NHWC' or 'NCHW', got {data_format!r}")
    return data_format == "NCHW"


def depth_to_space(input, block_size, data_format="NHWC", name=None) -> Tensor:  # noqa: A002
    """Moves channel blocks into block_size x block_size spatial tiles (DCR order, as TF)."""
    from fluxion.ops import array_ops  # noqa: PLC0415

    x = convert_to_tensor(input)
    first, b = _block_axes(data_format, "DepthToSpace"), int(block_size)
    if first:
        x = array_ops.transpose(x, [0, 2, 3, 1])
    n, h, w, c = x.shape.as_list()
    if b < 2 or c % (b * b):
        raise InvalidArgumentError(
            f"Input depth dimension {c} should be divisible by: {b * b} [Op:DepthToSpace]")
    y = array_ops.reshape(x, [-1, h, w, b, b, c // (b * b)])
    y = array_ops.transpose(y, [0, 1, 3, 2, 4, 5])
    y = array_ops.reshape(y, [-1, h * b, w * b, c // (b * b)])
    return array_ops.transpose(y, [0, 3, 1, 2]) if first else y


def space_to_depth(input, block_size, data_format="NHWC", name=None) -> Tensor:  # noqa: A002
    """Moves block_size x block_size spatial tiles into channels (the inverse of
    depth_to_space)."""
    from fluxion.ops import array_ops  # noqa: PLC0415

    x = convert_to_tensor(input)
    first, b = _block_axes(data_format, "SpaceToDepth"), int(block_size)
    if first:
        x = array_ops.transpose(x, [0, 2, 3, 1])
    n, h, w, c = x.shape.as_list()
    if b < 2 or h % b or w % b:
        raise InvalidArgumentError(
            f"Image width {w} and height {h} should be divisible by block_size: {b} "
            f"[Op:SpaceToDepth]")
    y = array_ops.reshape(x, [-1, h // b, b, w // b, b, c])
    y = array_ops.transpose(y, [0, 1, 3, 2, 4, 5])
    y = array_ops.reshape(y, [-1, h // b, w // b, b * b * c])
    return array_ops.transpose(y, [0, 3, 1, 2]) if first else y
