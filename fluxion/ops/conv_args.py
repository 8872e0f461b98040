"""Argument normalisation shared by the convolution and pooling functions of ``tf.nn``.

TF accepts strides, dilations and window sizes as an int or a list of 1, N or N + 2 ints (N the
number of spatial axes) and padding as "SAME", "VALID" or explicit (before, after) pairs; these
helpers turn them into the static tuples the primitives take, raising TF's exception classes.
"""
from __future__ import annotations

import numpy as np

from fluxion.errors import InvalidArgumentError, UnimplementedError
from fluxion.ops._util import static_ints, static_value

LAYOUTS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def data_format(value, n: int, error=InvalidArgumentError) -> str:
    """The canonical layout name for `n` spatial axes ("NHWC"...); None means channels-last."""
    last, first = LAYOUTS[n]
    if value is None or value == last:
        return last
    if value == first:
        return first
    if error is ValueError:
        raise ValueError(f"`data_format` must be '{last}' or '{first}'. Received: "
                         f"data_format={value}")
    raise error(f"Value for attr 'data_format' of \"{value}\" is not in the list of allowed "
                f"values: \"{last}\", \"{first}\"")


def loose_format(value, n: int) -> str:
    """tf.nn.convolution/pool style: any name starting with "NC" is channels-first."""
    return LAYOUTS[n][1 if value is not None and str(value).startswith("NC") else 0]


def full_sequence(value, n: int, channels_first: bool, name: str) -> tuple:
    """TF's `_get_sequence`: an int or 1, N or N + 2 ints, as N + 2 ints (None gives ones)."""
    if value is None:
        return (1,) * (n + 2)
    v = static_ints(value, name)
    v = (v,) if isinstance(v, int) else tuple(v)
    if len(v) == n + 2:
        return v
    if len(v) not in (1, n):
        raise ValueError(f"{name} should be of length 1, {n} or {n + 2}. Received: "
                         f"{name}={list(v)} of length {len(v)}")
    v = v * n if len(v) == 1 else v
    return (1, 1) + v if channels_first else (1,) + v + (1,)


def strict_list(value, n: int, name: str, op: str, default=None) -> tuple:
    """Ops whose attribute must be a list of exactly N + 2 ints (conv3d, depthwise...)."""
    if value is None and default is not None:
        return default
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"Expected list for '{name}' argument to '{op}' Op, not {value!r}.")
    v = tuple(static_ints(list(value), name))
    if len(v) != n + 2:
        raise InvalidArgumentError(f"Sliding window {name} field must specify {n + 2} "
                                   f"dimensions [Op:{op}]")
    return v


def spatial(full: tuple, channels_first: bool) -> tuple:
    return full[2:] if channels_first else full[1:-1]


def conv_window(strides, dilations, channels_first: bool) -> tuple:
    """Checks full-rank conv strides/dilations; returns their spatial parts."""
    if any(s <= 0 for s in strides):
        raise InvalidArgumentError(f"Stride must be > 0, but got {min(strides)}")
    if any(d <= 0 for d in dilations):
        raise InvalidArgumentError("Dilated rates should be larger than 0.")
    batch_c = (0, 1) if channels_first else (0, len(strides) - 1)
    if any(strides[i] != 1 for i in batch_c):
        raise UnimplementedError("Current implementation does not yet support strides in the "
                                 "batch and depth dimensions.")
    if any(dilations[i] != 1 for i in batch_c):
        raise InvalidArgumentError("Current implementation does not yet support dilations in "
                                   "the batch and depth dimensions.")
    return spatial(strides, channels_first), spatial(dilations, channels_first)


def padding(value, n: int, channels_first: bool, explicit: bool = True, full: bool = False):
    """"SAME"/"VALID", or explicit pairs as a tuple (spatial axes only unless `full`)."""
    if isinstance(value, str) or not explicit:
        if not isinstance(value, str):
            raise TypeError(f"Expected string for argument 'padding' not {value!r}.")
        if value == "EXPLICIT":
            raise ValueError("'EXPLICIT' is not a valid value for `padding`. To use explicit "
                             "padding, `padding` must be a list.")
        if value not in ("SAME", "VALID"):
            raise InvalidArgumentError(f"Value for attr 'padding' of \"{value}\" is not in the "
                                       "list of allowed values: \"SAME\", \"VALID\", "
                                       "\"EXPLICIT\"")
        return value
    pairs = np.asarray(static_value(value))
    if pairs.ndim != 2 or pairs.shape[1] != 2:
        raise ValueError("When `padding` is a list, each element of `padding` must be a "
                         f"list/tuple of size 2. Received: padding={value}")
    if pairs.shape[0] != n + 2:
        raise ValueError(f"When padding is a list, it must be of size {n + 2}. Received: "
                         f"padding={value} of size {pairs.shape[0]}")
    pairs = tuple((int(lo), int(hi)) for lo, hi in pairs)
    if any(p < 0 for pair in pairs for p in pair):
        raise InvalidArgumentError(f"All elements of explicit_paddings must be nonnegative, "
                                   f"got {[list(p) for p in pairs]}")
    if full:
        return pairs
    outer = (pairs[0], pairs[1]) if channels_first else (pairs[0], pairs[-1])
    if any(outer[0]) or any(outer[1]):
        raise InvalidArgumentError("Nonzero explicit padding in the batch or depth dimensions "
                                   "is not supported")
    return spatial(pairs, channels_first)


def output_shape(value, n: int, input_shape, channels: int, channels_first: bool) -> tuple:
    """A transposed convolution's output_shape: N + 2 ints, or N spatial sizes (batch from
    the input, channels from the filters)."""
    v = static_ints(value, "output_shape")
    v = (v,) if isinstance(v, int) else tuple(v)
    if len(v) == n + 2:
        return v
    if len(v) != n:
        raise ValueError(f"output_shape must have shape ({n + 2},) or ({n},), got {list(v)}")
    batch = tuple(input_shape[:1])
    return batch + ((channels,) + v if channels_first else v + (channels,))
