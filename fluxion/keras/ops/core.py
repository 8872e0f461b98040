"""``keras.ops`` core: conversion, dtypes, shapes, control flow, slicing and scatter."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.ops._common import standardize_dtype, static_shape, tensor, wrap_module


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """A tensor of ``x`` (cast when ``dtype`` differs)."""
    if ragged is False and hasattr(x, "to_tensor"):
        x = x.to_tensor()
    return tensor(x, dtype)


def convert_to_numpy(x) -> np.ndarray:
    if hasattr(x, "to_tensor") and not tf.is_tensor(x):
        x = x.to_tensor()
    if hasattr(x, "numpy"):
        return np.array(x.numpy())
    return np.array(x)


def is_tensor(x) -> bool:
    return tf.is_tensor(x)


def shape(x) -> tuple:
    """The shape as a tuple: ints where known, scalar tensors where not."""
    if type(x).__name__ == "KerasTensor":
        return x.shape
    if not tf.is_tensor(x):
        x = tf.convert_to_tensor(x)
    dims = static_shape(x)
    if dims is None:
        raise ValueError("All tensors passed to `ops.shape` must have a statically known "
                         f"rank. Received: x={x} with unknown rank.")
    if None not in dims:
        return tuple(dims)
    dynamic = tf.shape(x)
    return tuple(dynamic[i] if d is None else d for i, d in enumerate(dims))


def dtype(x) -> str:
    if type(x).__name__ == "KerasTensor":
        return x.dtype
    return standardize_dtype(x.dtype)


def cast(x, dtype):
    return tf.cast(x, standardize_dtype(dtype))


def saturate_cast(x, dtype):
    """Casts with values clipped to the target dtype's range."""
    dtype = standardize_dtype(dtype)
    x = tensor(x)
    target = tf.as_dtype(dtype)
    if target.is_floating or x.dtype.is_bool or target.is_bool:
        if x.dtype.is_floating and target.is_floating and target.size < x.dtype.size:
            x = tf.clip_by_value(x, float(target.min), float(target.max))
        return tf.cast(x, dtype)
    low, high = target.min, target.max
    if x.dtype.is_integer:
        low, high = max(low, x.dtype.min), min(high, x.dtype.max)
        return tf.cast(tf.clip_by_value(x, tf.constant(low, x.dtype),
                                        tf.constant(high, x.dtype)), dtype)
    # float -> int: clip in float. Like TF, a bound the float type rounds up (float32(2**31 - 1)
    # is 2**31) then overflows in the cast.
    clipped = tf.clip_by_value(x, tf.constant(float(low), x.dtype),
                               tf.constant(float(high), x.dtype))
    return tf.cast(clipped, dtype)


def cond(pred, true_fn, false_fn):
    return tf.cond(pred, true_fn, false_fn)


def switch(index, branches, *operands):
    """Runs ``branches[index](*operands)`` (index clipped to the valid range)."""
    index = tf.clip_by_value(tensor(index, "int32"), 0, len(branches) - 1)
    fns = [(lambda b=b: b(*operands)) for b in branches]
    return tf.switch_case(index, fns)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_tuple = isinstance(loop_vars, (tuple, list))
    loop_vars = tuple(loop_vars) if is_tuple else (loop_vars,)

    def step(*args):
        out = body(*args)
        return tuple(out) if is_tuple else (out,)

    out = tf.while_loop(cond, step, loop_vars, maximum_iterations=maximum_iterations)
    return tuple(out) if is_tuple else out[0]


def fori_loop(lower, upper, body_fun, init_val):
    """``init_val`` updated by ``body_fun(i, val)`` for i in [lower, upper)."""
    return tf.while_loop(lambda i, val: i < upper,
                         lambda i, val: (i + 1, body_fun(i, val)),
                         (lower, init_val))[1]


def stop_gradient(variable):
    return tf.stop_gradient(variable)


def unstack(x, num=None, axis=0) -> list:
    return tf.unstack(x, num=num, axis=axis)


def custom_gradient(f):
    return tf.custom_gradient(f)


def _length(xs_flat, length):
    """The number of steps: an int, or None when it varies between runs of a graph."""
    if length is not None:
        return int(length)
    return static_shape(xs_flat[0])[0]


def _stack_tree(items: list):
    """Stacks a list of equally-structured outputs leaf by leaf."""
    if not items or items[0] is None:
        return None
    flat = [tf.nest.flatten(item) for item in items]
    leaves = [tf.stack([f[i] for f in flat]) for i in range(len(flat[0]))]
    return tf.nest.pack_sequence_as(items[0], leaves)


def _graph_loop(step, carry, xs, xs_flat, reverse):
    """``step`` over a leading axis whose size varies per run: a graph while loop whose
    outputs grow one row per iteration."""
    from fluxion.graph.trace import child_trace

    n = tf.shape(xs_flat[0])[0]
    carry = tf.nest.map_structure(tensor, carry)
    with child_trace("scan_probe", branch=True):  # learns the outputs' structure, recorded nowhere
        _, y0 = step(carry, tf.nest.pack_sequence_as(xs, [x[0] for x in xs_flat]))
    leaves = [] if y0 is None else [tensor(y) for y in tf.nest.flatten(y0)]
    arrays = [tf.TensorArray(y.dtype, size=0, dynamic_size=True, element_shape=y.shape)
              for y in leaves]

    def body(i, c, *tas):
        index = n - 1 - i if reverse else i
        c, y = step(c, tf.nest.pack_sequence_as(xs, [tf.gather(x, index) for x in xs_flat]))
        c = tf.nest.map_structure(tensor, c)
        ys = [] if y is None else [tensor(v) for v in tf.nest.flatten(y)]
        return (i + 1, c, *[ta.write(i, v) for ta, v in zip(tas, ys)])

    out = tf.while_loop(lambda i, *_: i < n, body, (tf.constant(0), carry, *arrays))
    ys = [ta.stack() for ta in out[2:]]
    if reverse:
        ys = [tf.reverse(y, [0]) for y in ys]
    return out[1], None if y0 is None else tf.nest.pack_sequence_as(y0, ys)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """``(carry, ys)``: ``carry, y = f(carry, x)`` over the leading axis of ``xs``."""
    if not callable(f):
        raise TypeError(f"`f` should be a callable. Received: f={f}")
    if not isinstance(unroll, bool) and (not isinstance(unroll, int) or unroll < 1):
        raise ValueError("`unroll` must be an positive integer or boolean. "
                         f"Received: unroll={unroll}")
    if xs is None and length is None:
        raise ValueError("Got no `xs` to scan over and `length` not provided.")
    xs_flat = [] if xs is None else [tensor(x) for x in tf.nest.flatten(xs)]
    n = _length(xs_flat, length)
    if n is None:
        return _graph_loop(f, init, xs, xs_flat, reverse)
    slices = [tf.unstack(x, num=n) for x in xs_flat]
    carry, ys = init, [None] * n
    order = range(n - 1, -1, -1) if reverse else range(n)
    for i in order:
        x = None if xs is None else tf.nest.pack_sequence_as(xs, [s[i] for s in slices])
        carry, ys[i] = f(carry, x)
    return carry, _stack_tree(ys)


def map(f, xs):
    """Stacks ``f(x)`` for each x along the leading axis of ``xs`` (nested structures ok)."""
    flat = [tensor(x) for x in tf.nest.flatten(xs)]
    n = _length(flat, None)
    if n is None:
        return _graph_loop(lambda c, x: (c, f(x)), (), xs, flat, False)[1]
    slices = [tf.unstack(x, num=n) for x in flat]
    outs = [f(tf.nest.pack_sequence_as(xs, [s[i] for s in slices])) for i in range(n)]
    return _stack_tree(outs)


def vectorized_map(function, elements):
    return map(function, elements)


def associative_scan(f, elems, reverse=False, axis=0):
    """Inclusive scan of ``f`` along ``axis`` (sequential; ``f`` is applied to slices)."""
    flat = [tensor(x) for x in tf.nest.flatten(elems)]
    n = static_shape(flat[0])[axis]
    if n is None:
        raise ValueError("associative_scan needs a static size along `axis`")
    slices = [tf.unstack(x, num=n, axis=axis) for x in flat]
    order = list(range(n - 1, -1, -1)) if reverse else list(range(n))
    outs: list = [None] * n
    acc = None
    for i in order:
        cur = tf.nest.pack_sequence_as(elems, [s[i] for s in slices])
        acc = cur if acc is None else f(acc, cur)
        outs[i] = acc
    leaves = [tf.stack([tf.nest.flatten(o)[j] for o in outs], axis=axis)
              for j in range(len(flat))]
    return tf.nest.pack_sequence_as(elems, leaves)


def slice(inputs, start_indices, shape):
    return tf.slice(inputs, start_indices, shape)


def slice_update(inputs, start_indices, updates):
    """``inputs`` with ``updates`` written at ``start_indices`` (which may be tensors)."""
    inputs = tensor(inputs)
    updates = tensor(updates, inputs.dtype)
    dims = updates.shape.as_list()
    if None in dims:
        raise ValueError("slice_update: `updates` needs a static shape")
    if not dims or 0 in dims:
        return inputs
    grids = tf.meshgrid(*[tf.range(d) for d in dims], indexing="ij")
    starts = tf.cast(tf.stack([tensor(s, "int32") for s in start_indices]), "int32")
    index = tf.reshape(tf.stack(grids, axis=-1), [-1, len(dims)]) + starts
    return tf.tensor_scatter_nd_update(inputs, index, tf.reshape(updates, [-1]))


def scatter(indices, values, shape):
    """A zero tensor of ``shape`` with ``values`` added at ``indices``."""
    return tf.scatter_nd(indices, values, shape)


def scatter_update(inputs, indices, updates, reduction=None):
    fns = {None: tf.tensor_scatter_nd_update, "add": tf.tensor_scatter_nd_add,
           "max": tf.tensor_scatter_nd_max, "min": tf.tensor_scatter_nd_min}
    if reduction == "mul":
        inputs = tensor(inputs)
        ones = tf.ones_like(inputs)
        factors = tf.tensor_scatter_nd_update(ones, indices, tf.ones_like(tensor(updates)))
        for i in range(int(tensor(indices).shape[0])):  # duplicates multiply in turn
            factors = tf.tensor_scatter_nd_update(
                factors, indices[i:i + 1],
                tf.gather_nd(factors, indices[i:i + 1]) * tensor(updates)[i:i + 1])
        return inputs * factors
    if reduction not in fns:
        raise ValueError(f"Unsupported reduction: {reduction}")
    return fns[reduction](inputs, indices, updates)


__all__ = ["associative_scan", "cast", "cond", "convert_to_numpy", "convert_to_tensor",
           "custom_gradient", "dtype", "fori_loop", "is_tensor", "map", "saturate_cast", "scan",
           "scatter", "scatter_update", "shape", "slice", "slice_update", "stop_gradient",
           "switch", "unstack", "vectorized_map", "while_loop"]
wrap_module(globals(), ["cast", "saturate_cast", "scatter", "scatter_update", "slice",
                        "slice_update", "stop_gradient", "unstack"])
