"""Merging layers: elementwise (`Add`, `Subtract`, `Multiply`, `Average`, `Maximum`,
`Minimum`), `Concatenate` and `Dot`, plus Keras' functional shortcuts (`add(inputs)`...).

Inputs of lower rank are expanded at axis 1 until all ranks agree (Keras' rule); masks attached
to the inputs (Embedding/Masking) are honoured as in Keras: masked positions are ignored by
Multiply, Maximum and Minimum, and the output mask is their union.
"""
from __future__ import annotations

import string

import fluxion as tf
from fluxion.keras.layers.layer import Layer
from fluxion.keras.losses_base import get_keras_mask, set_keras_mask


class Merge(Layer):
    """Base of the elementwise merges: `_merge_function(list of tensors)`."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    def build(self, input_shape) -> None:
        if not isinstance(input_shape, (list, tuple)) or not input_shape or \
                not isinstance(input_shape[0], (tuple, list)):
            raise ValueError(f"A merge layer should be called on a list of inputs. Received: "
                             f"input_shape={input_shape} (not a list of shapes)")
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(f"Cannot merge tensors with different batch sizes. Received "
                             f"tensors with shapes {list(input_shape)}")
        self._check_shapes([tuple(s) for s in input_shape])
        self._reshape_required = len({len(s) for s in input_shape}) != 1
        self.built = True

    def _check_shapes(self, shapes: list) -> None:
        """Keras' elementwise shape check on the non-batch axes (broadcasting 1s)."""
        out = shapes[0][1:]
        for shape in shapes[1:]:
            a, b = (out, shape[1:]) if len(out) >= len(shape) - 1 else (shape[1:], out)
            merged = list(a[:len(a) - len(b)])
            for i, j in zip(a[len(a) - len(b):], b):
                if i is not None and j is not None and i != j and 1 not in (i, j):
                    raise ValueError(f"Inputs have incompatible shapes. Received shapes {a} "
                                     f"and {b}")
                merged.append(j if i == 1 else i)
            out = tuple(merged)

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"A merge layer should be called on a list of inputs. Received: "
                             f"inputs={inputs} (not a list of tensors)")
        if self._reshape_required:
            rank = max(x.ndim for x in inputs)
            expanded = []
            for x in inputs:
                for _ in range(rank - x.ndim):
                    x = tf.expand_dims(x, 1)
                expanded.append(x)
            inputs = expanded
        return self._merge_function(list(inputs))

    def _merge_function(self, inputs):
        raise NotImplementedError

    def compute_mask(self, inputs, mask=None):
        if mask is None or any(m is None for m in mask):
            return None
        out = mask[0]
        for m in mask[1:]:
            out = tf.logical_or(out, m)
        return out


def _masked_reduce(op, inputs):
    """Keras' Maximum/Minimum with masks: masked entries take the other operand's value and
    the output mask is the union of the input masks."""
    output = output_mask = None
    for x in inputs:
        mask = get_keras_mask(x)
        if mask is not None:
            mask = tf.broadcast_to(tf.expand_dims(mask, -1), tf.shape(x))
        if output is None:
            output, output_mask = x, mask
            continue
        if mask is not None:
            x = tf.where(mask, x, output)
        if output_mask is not None:
            output = tf.where(output_mask, output, x)
        output_mask = None if mask is None or output_mask is None else \
            tf.logical_or(output_mask, mask)
        output = op(output, x)
    if output_mask is not None:
        set_keras_mask(output, tf.reduce_any(output_mask, axis=-1))
    return output


class Add(Merge):
    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output


class Subtract(Merge):
    def build(self, input_shape) -> None:
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(f"A `Subtract` layer should be called on exactly 2 inputs. "
                             f"Received: input_shape={list(input_shape)}")

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError(f"A `Subtract` layer should be called on exactly 2 inputs. "
                             f"Received: inputs={inputs}")
        return inputs[0] - inputs[1]


class Multiply(Merge):
    def _merge_function(self, inputs):
        masks = [get_keras_mask(x) for x in inputs]
        all_masked = all(m is not None for m in masks)
        output = output_mask = None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = tf.broadcast_to(tf.expand_dims(mask, -1), tf.shape(x))
                x = tf.where(mask, x, tf.ones_like(x))  # masked entries multiply by 1
                if all_masked:
                    output_mask = mask if output_mask is None else \
                        tf.logical_or(output_mask, mask)
            output = x if output is None else output * x
        if all_masked:
            output = tf.where(output_mask, output, tf.zeros_like(output))
            set_keras_mask(output, tf.reduce_any(output_mask, axis=-1))
        return output


class Average(Merge):
    def _merge_function(self, inputs):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output / len(inputs)


class Maximum(Merge):
    def _merge_function(self, inputs):
        return _masked_reduce(tf.maximum, inputs)


class Minimum(Merge):
    def _merge_function(self, inputs):
        return _masked_reduce(tf.minimum, inputs)


class Concatenate(Merge):
    """Concatenates a list of tensors along `axis`."""

    def __init__(self, axis: int = -1, **kwargs) -> None:
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape) -> None:
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) < 1 or \
                not isinstance(input_shape[0], (tuple, list)):
            raise ValueError(f"A `Concatenate` layer should be called on a list of at least "
                             f"1 input. Received: input_shape={input_shape}")
        shapes = [list(s) for s in input_shape]
        ranks = {len(s) for s in shapes}
        message = (f"A `Concatenate` layer requires inputs with matching shapes except for "
                   f"the concatenation axis. Received: input_shape={list(input_shape)}")
        if len(ranks) != 1:
            raise ValueError(message)
        rank = ranks.pop()
        axis = self.axis % rank
        for i in range(rank):
            dims = {s[i] for s in shapes if s[i] is not None}
            if i != axis and len(dims) > 1:
                raise ValueError(message)
        self.built = True

    def call(self, inputs):
        inputs = list(inputs)
        kinds = {t.dtype for t in inputs}
        if len(kinds) > 1:  # Keras promotes: ints with floats give the widest float
            floats = [d for d in kinds if d.is_floating]
            common = max(floats or kinds, key=lambda d: d.size)
            inputs = [t if t.dtype == common else tf.cast(t, common) for t in inputs]
        return tf.concat(inputs, axis=self.axis)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


def batch_dot(x, y, axes):
    """Keras' batch_dot: contracts x's axis axes[0] with y's axes[1], per batch entry; the
    result has x's remaining axes then y's (at least 2 dims)."""
    rx, ry = x.ndim, y.ndim
    if rx < 2 or ry < 2:
        raise ValueError(f"Cannot do batch_dot on inputs with rank < 2. Received inputs with "
                         f"shapes {tuple(x.shape)} and {tuple(y.shape)}.")
    a0, a1 = axes[0] % rx, axes[1] % ry
    if 0 in (a0, a1):
        raise ValueError("Cannot perform batch_dot over axis 0. If your inputs are not "
                         "batched, add a dummy batch dimension to your inputs using "
                         "keras.ops.expand_dims(x, 0)")
    letters = iter(string.ascii_lowercase[2:])
    xs = ["a"] + [next(letters) for _ in range(rx - 1)]
    ys = ["a"] + [next(letters) for _ in range(ry - 1)]
    xs[a0] = ys[a1] = "b"
    out = [c for c in xs if c != "b"] + [c for c in ys[1:] if c != "b"]
    result = tf.einsum(f"{''.join(xs)},{''.join(ys)}->{''.join(out)}", x, y)
    return tf.expand_dims(result, 1) if len(out) == 1 else result


def _l2_normalize(x, axis: int):
    """Keras' normalize(order=2): x * min(rsqrt(sum(x^2)), 1 / epsilon)."""
    from fluxion.keras import backend  # noqa: PLC0415

    square_sum = tf.reduce_sum(tf.square(x), axis=axis, keepdims=True)
    return x * tf.minimum(tf.math.rsqrt(square_sum), 1.0 / backend.epsilon())


class Dot(Merge):
    """Batchwise dot product of two tensors along `axes` (an int or a pair); with
    `normalize`, the inputs are L2-normalised first (cosine proximity)."""

    def __init__(self, axes, normalize: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(f"Invalid type for argument `axes`: it should be a list or an "
                                f"int. Received: axes={axes}")
            if len(axes) != 2:
                raise ValueError(f"Invalid format for argument `axes`: it should contain two "
                                 f"elements. Received: axes={axes}")
            if not isinstance(axes[0], int) or not isinstance(axes[1], int):
                raise ValueError(f"Invalid format for argument `axes`: list elements should be "
                                 f"integers. Received: axes={axes}")
        self.axes = axes
        self.normalize = normalize

    def _pair(self, ranks) -> list:
        if isinstance(self.axes, int):
            return [self.axes % r if self.axes < 0 else self.axes for r in ranks]
        return [a % r if a < 0 else a for a, r in zip(self.axes, ranks)]

    def build(self, input_shape) -> None:
        if not isinstance(input_shape[0], (tuple, list)) or len(input_shape) != 2:
            raise ValueError(f"A `Dot` layer should be called on a list of 2 inputs. "
                             f"Received: input_shape={input_shape}")
        s1, s2 = input_shape
        a1, a2 = self._pair((len(s1), len(s2)))
        if s1[a1] is not None and s2[a2] is not None and s1[a1] != s2[a2]:
            raise ValueError(f"Incompatible input shapes: axis values {s1[a1]} (at axis {a1}) "
                             f"!= {s2[a2]} (at axis {a2}). Full input shapes: {tuple(s1)}, "
                             f"{tuple(s2)}")
        self.built = True

    def call(self, inputs):
        if len(inputs) != 2:
            raise ValueError(f"A `Dot` layer should be called on exactly 2 inputs. Received: "
                             f"inputs={inputs}")
        x1, x2 = inputs
        axes = self._pair((x1.ndim, x2.ndim))
        if self.normalize:
            x1, x2 = _l2_normalize(x1, axes[0]), _l2_normalize(x2, axes[1])
        return batch_dot(x1, x2, axes)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self) -> dict:
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def add(inputs, **kwargs):
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis: int = -1, **kwargs):
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes=-1, normalize: bool = False, **kwargs):
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)


__all__ = ["Add", "Average", "Concatenate", "Dot", "Maximum", "Minimum", "Multiply",
           "Subtract", "add", "average", "concatenate", "dot", "maximum", "minimum",
           "multiply", "subtract"]
