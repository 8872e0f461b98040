"""`keras.ops.adaptive_average_pool` / `adaptive_max_pool`: pooling to a fixed output size
with PyTorch's bins, output i of an axis of length L pooling [floor(i L / out),
ceil((i + 1) L / out)). Bins are rectangles, so the pooling runs one spatial axis at a time:
a gather of each bin's indices (padded by repeating the bin's last index) and a reduction -
public ops, so graphs and gradients come with them."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.ops._common import tensor


def _bins(length: int, out: int) -> tuple:
    """(indices [out, width], weights [out, width]): each bin's input positions (the last
    repeated to fill the row) and 1/size at the real positions, 0 at the repeats."""
    starts = [min(i * length // out, length - 1) for i in range(out)]
    ends = [min(-(-(i + 1) * length // out), length) for i in range(out)]
    width = max(e - s for s, e in zip(starts, ends))
    index = np.zeros((out, width), np.int32)
    weight = np.zeros((out, width), np.float64)
    for i, (s, e) in enumerate(zip(starts, ends)):
        index[i] = np.minimum(np.arange(s, s + width), e - 1)
        weight[i, :e - s] = 1.0 / (e - s)
    return index, weight


def _output_size(output_size, n: int) -> tuple:
    if isinstance(output_size, int):
        return (output_size,) * n
    output_size = tuple(output_size)
    if len(output_size) != n:
        raise ValueError(f"`output_size` must have {n} entries for {n}D inputs. Received: "
                         f"output_size={output_size}")
    return output_size


def _adaptive_pool(inputs, output_size, data_format, mode: str):
    from fluxion.keras.layers.argument_validation import (  # noqa: PLC0415
        standardize_data_format)

    x = tensor(inputs)
    n = x.shape.rank - 2
    if n not in (1, 2, 3):
        raise ValueError(f"adaptive_{mode}_pool supports 1D, 2D, or 3D inputs only.")
    sizes = _output_size(output_size, n)
    first_axis = 2 if standardize_data_format(data_format) == "channels_first" else 1
    for k, out in enumerate(sizes):
        axis = first_axis + k
        length = x.shape[axis]
        if length is None:
            raise ValueError("Input length must be statically known for adaptive pooling")
        index, weight = _bins(int(length), int(out))
        windows = tf.gather(x, tf.constant(index), axis=axis)  # [..., out, width, ...]
        if mode == "max":
            x = tf.reduce_max(windows, axis=axis + 1)
        else:
            shape = [1] * windows.shape.rank
            shape[axis], shape[axis + 1] = index.shape
            w = tf.constant(weight.reshape(shape), windows.dtype)
            x = tf.reduce_sum(windows * w, axis=axis + 1)
    return x


def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling of each spatial axis into `output_size` bins."""
    x = tensor(inputs)
    if not x.dtype.is_floating:
        raise tf.errors.InvalidArgumentError(
            None, None, f"Value for attr 'T' of {x.dtype.name} is not in the list of allowed "
            "values: half, bfloat16, float, double")
    return _adaptive_pool(x, output_size, data_format, "average")


def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling of each spatial axis into `output_size` bins."""
    return _adaptive_pool(inputs, output_size, data_format, "max")


__all__ = ["adaptive_average_pool", "adaptive_max_pool"]
