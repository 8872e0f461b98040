"""Keras 2 backend functions of ``tf.keras.backend`` for networks: activations, losses,
convolution/pooling, padding and resizing, random tensors, CTC and the ``rnn`` loop."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.backend_legacy import ndim, repeat_elements, reshape, static_dims


def _config():
    """``fluxion.keras.backend`` (imported late: it imports this module)."""
    from fluxion.keras import backend

    return backend


def _eps(dtype):
    return tf.constant(_config().epsilon(), dtype)


def _data_format(data_format):
    data_format = _config().image_data_format() if data_format is None else data_format
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError(f"Unknown data_format: {data_format}")
    return data_format


# --- activations --------------------------------------------------------------------------------
def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """Keras 2 relu: ``x`` above ``threshold`` (else 0), capped at ``max_value``, minus
    ``alpha * relu(threshold - x)`` (leaky part)."""
    x = tf.convert_to_tensor(x)
    if alpha != 0.0:
        if max_value is None and threshold == 0:
            return tf.nn.leaky_relu(x, alpha=alpha)
        negative_part = tf.nn.relu(-x + threshold) if threshold != 0 else tf.nn.relu(-x)
    clip_max = max_value is not None
    if threshold != 0:
        x = x * tf.cast(tf.greater(x, threshold), x.dtype)
    elif max_value == 6:
        x = tf.nn.relu6(x)
        clip_max = False
    else:
        x = tf.nn.relu(x)
    if clip_max:
        x = tf.clip_by_value(x, tf.constant(0, x.dtype), tf.constant(max_value, x.dtype))
    if alpha != 0.0:
        x -= tf.constant(alpha, x.dtype) * negative_part
    return x


def elu(x, alpha=1.0):
    res = tf.nn.elu(x)
    return res if alpha == 1 else tf.where(x > 0, res, alpha * res)


def softmax(x, axis=-1):
    x = tf.convert_to_tensor(x)
    if x.shape.rank <= 1:
        raise ValueError(f"Cannot apply softmax to a tensor that is 1D. Received input: {x}")
    if isinstance(axis, int):
        return tf.nn.softmax(x, axis=axis)
    e = tf.exp(x - tf.reduce_max(x, axis=axis, keepdims=True))
    return e / tf.reduce_sum(e, axis=axis, keepdims=True)


def dropout(x, level, noise_shape=None, seed=None):
    if seed is None:
        seed = np.random.randint(10e6)
    return tf.nn.dropout(x, rate=level, noise_shape=noise_shape, seed=seed)


def bias_add(x, bias, data_format=None):
    data_format = _data_format(data_format)
    bias_shape = tuple(bias.shape)
    if len(bias_shape) != 1 and len(bias_shape) != ndim(x) - 1:
        raise ValueError(f"Unexpected bias dimensions {len(bias_shape)}. Expected it to be 1 "
                         f"or {ndim(x) - 1} dimensions")
    if len(bias_shape) == 1:
        if data_format == "channels_first":
            return tf.nn.bias_add(x, bias, data_format="NCHW")
        return tf.nn.bias_add(x, bias, data_format="NHWC")
    if ndim(x) in (3, 4, 5):
        if data_format == "channels_first":
            return x + reshape(bias, (1, bias_shape[-1]) + bias_shape[:-1])
        return x + reshape(bias, (1,) + bias_shape)
    return tf.nn.bias_add(x, bias)


def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    return tf.nn.batch_normalization(x, mean, var, beta, gamma, epsilon)


# --- losses -------------------------------------------------------------------------------------
def binary_crossentropy(target, output, from_logits=False):
    """Elementwise; probabilities are clipped to [eps, 1 - eps] and eps added inside the logs."""
    target = tf.convert_to_tensor(target)
    output = tf.convert_to_tensor(output)
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = _eps(output.dtype)
    output = tf.clip_by_value(output, eps, 1.0 - eps)
    bce = target * tf.math.log(output + eps)
    bce += (1 - target) * tf.math.log(1 - output + eps)
    return -bce


def binary_focal_crossentropy(target, output, apply_class_balancing=False, alpha=0.25,
                              gamma=2.0, from_logits=False):
    target = tf.convert_to_tensor(target)
    output = tf.convert_to_tensor(output)
    prob = tf.sigmoid(output) if from_logits else output
    p_t = target * prob + (1 - target) * (1 - prob)
    focal = tf.pow(1.0 - p_t, gamma) * binary_crossentropy(target, output, from_logits)
    if apply_class_balancing:
        focal = (target * alpha + (1 - target) * (1 - alpha)) * focal
    return focal


def _normalized_probs(target, output, axis):
    target = tf.convert_to_tensor(target)
    output = tf.convert_to_tensor(output)
    target.shape.assert_is_compatible_with(output.shape)
    return target, output


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Probabilities are renormalised over ``axis`` and clipped to [eps, 1 - eps]."""
    target, output = _normalized_probs(target, output, axis)
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=output, axis=axis)
    output = output / tf.reduce_sum(output, axis, True)
    eps = _eps(output.dtype)
    output = tf.clip_by_value(output, eps, 1.0 - eps)
    return -tf.reduce_sum(target * tf.math.log(output), axis)


def categorical_focal_crossentropy(target, output, alpha=0.25, gamma=2.0, from_logits=False,
                                   axis=-1):
    target, output = _normalized_probs(target, output, axis)
    if from_logits:
        output = tf.nn.softmax(output, axis=axis)
    output = output / tf.reduce_sum(output, axis=axis, keepdims=True)
    eps = _eps(output.dtype)
    output = tf.clip_by_value(output, eps, 1.0 - eps)
    cce = -target * tf.math.log(output)
    return tf.reduce_sum(tf.pow(1.0 - output, gamma) * alpha * cce, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1,
                                    ignore_class=None):
    """Integer ``target`` against class scores on ``axis``; ``ignore_class`` entries give 0."""
    target = tf.cast(tf.convert_to_tensor(target), "int64")
    output = tf.convert_to_tensor(output)
    if not from_logits:
        eps = _eps(output.dtype)
        output = tf.math.log(tf.clip_by_value(output, eps, 1 - eps))
    rank = output.shape.rank
    axis %= rank
    if axis != rank - 1:
        perm = list(range(axis)) + list(range(axis + 1, rank)) + [axis]
        output = tf.transpose(output, perm=perm)
    output_shape = tf.shape(output)
    reshaped = target.shape.rank != rank - 1
    if reshaped:
        target = tf.reshape(target, [-1])
        output = tf.reshape(output, tf.stack([-1, output_shape[-1]]))
    if ignore_class is not None:
        valid = tf.not_equal(target, tf.cast(ignore_class, target.dtype))
        safe = tf.where(valid, target, tf.zeros_like(target))
        res = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=safe, logits=output)
        res = tf.where(valid, res, tf.zeros_like(res))
        return tf.reshape(res, output_shape[:-1])
    res = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=output)
    if reshaped and rank >= 3:
        res = tf.reshape(res, output_shape[:-1])
    return res


# --- convolution and pooling (computed channels-last, transposed around) ------------------------
def _padding(padding):
    if padding == "same":
        return "SAME"
    if padding == "valid":
        return "VALID"
    raise ValueError(f"Invalid padding: {padding}")


def _to_last(x, channels_first):
    if not channels_first:
        return x
    rank = ndim(x)
    return tf.transpose(x, [0] + list(range(2, rank)) + [1])


def _to_first(x, channels_first):
    if not channels_first:
        return x
    rank = ndim(x)
    return tf.transpose(x, [0, rank - 1] + list(range(1, rank - 1)))


def _convolve(x, kernel, strides, padding, data_format, dilation_rate):
    first = _data_format(data_format) == "channels_first"
    padding = _padding(padding)
    y = tf.nn.convolution(_to_last(tf.convert_to_tensor(x), first), kernel, strides=strides,
                          padding=padding, dilations=dilation_rate)
    return _to_first(y, first)


def conv1d(x, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    if padding == "causal":
        # Keras pads axis 1 whatever the data format (with channels_first that is the channels)
        x = temporal_padding(x, (dilation_rate * (kernel.shape[0] - 1), 0))
        padding = "valid"
    return _convolve(x, kernel, strides, padding, data_format, dilation_rate)


def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1)):
    return _convolve(x, kernel, strides, padding, data_format, dilation_rate)


def conv3d(x, kernel, strides=(1, 1, 1), padding="valid", data_format=None,
           dilation_rate=(1, 1, 1)):
    return _convolve(x, kernel, strides, padding, data_format, dilation_rate)


def conv2d_transpose(x, kernel, output_shape, strides=(1, 1), padding="valid",
                     data_format=None, dilation_rate=(1, 1)):
    first = _data_format(data_format) == "channels_first"
    x = _to_last(tf.convert_to_tensor(x), first)
    if first:
        output_shape = (output_shape[0], output_shape[2], output_shape[3], output_shape[1])
    if output_shape[0] is None:
        output_shape = (tf.shape(x)[0],) + tuple(output_shape[1:])
    output_shape = tf.stack(list(output_shape))
    padding = _padding(padding)
    if tuple(dilation_rate) == (1, 1):
        y = tf.nn.conv2d_transpose(x, kernel, output_shape, (1,) + tuple(strides) + (1,),
                                   padding=padding)
    else:
        if dilation_rate[0] != dilation_rate[1]:
            raise ValueError("Expected the 2 dimensions of the `dilation_rate` argument to be "
                             f"equal to each other. Received: dilation_rate={dilation_rate}")
        y = tf.nn.atrous_conv2d_transpose(x, kernel, output_shape, rate=dilation_rate[0],
                                          padding=padding)
    return _to_first(y, first)


def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding="valid", data_format=None,
                     dilation_rate=(1, 1)):
    first = _data_format(data_format) == "channels_first"
    y = tf.nn.depthwise_conv2d(_to_last(tf.convert_to_tensor(x), first), depthwise_kernel,
                               strides=(1,) + tuple(strides) + (1,), padding=_padding(padding),
                               dilations=dilation_rate)
    return _to_first(y, first)


def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding="valid",
                     data_format=None, dilation_rate=(1, 1)):
    first = _data_format(data_format) == "channels_first"
    if len(strides) != 2:
        raise ValueError("`strides` must be a tuple of 2 integers.")
    y = tf.nn.separable_conv2d(_to_last(tf.convert_to_tensor(x), first), depthwise_kernel,
                               pointwise_kernel, strides=(1,) + tuple(strides) + (1,),
                               padding=_padding(padding), dilations=dilation_rate)
    return _to_first(y, first)


def _pool(x, pool_size, strides, padding, data_format, pool_mode):
    first = _data_format(data_format) == "channels_first"
    padding = _padding(padding)
    x = _to_last(tf.convert_to_tensor(x), first)
    two_d = len(pool_size) == 2
    if pool_mode == "max":
        pool = tf.nn.max_pool2d if two_d else tf.nn.max_pool3d
    elif pool_mode == "avg":
        pool = tf.nn.avg_pool2d if two_d else tf.nn.avg_pool3d
    else:
        raise ValueError(f"Invalid pooling mode: {pool_mode}")
    y = pool(x, tuple(pool_size), tuple(strides), padding)
    return _to_first(y, first)


def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None, pool_mode="max"):
    _data_format(data_format)
    if len(pool_size) != 2:
        raise ValueError("`pool_size` must be a tuple of 2 integers.")
    if len(strides) != 2:
        raise ValueError("`strides` must be a tuple of 2 integers.")
    return _pool(x, pool_size, strides, padding, data_format, pool_mode)


def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid", data_format=None,
           pool_mode="max"):
    return _pool(x, pool_size, strides, padding, data_format, pool_mode)


# --- padding and resizing -----------------------------------------------------------------------
def temporal_padding(x, padding=(1, 1)):
    if len(padding) != 2:
        raise ValueError("Expected `padding` to be a tuple of 2 integers. Received: "
                         f"padding={padding}")
    return tf.pad(x, [[0, 0], [padding[0], padding[1]], [0, 0]])


def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    if len(padding) != 2 or len(padding[0]) != 2 or len(padding[1]) != 2:
        raise ValueError("Expected `padding` to be a tuple of 2 tuples of 2 integers. "
                         f"Received: padding={padding}")
    inner = [list(p) for p in padding]
    if _data_format(data_format) == "channels_first":
        return tf.pad(x, [[0, 0], [0, 0]] + inner)
    return tf.pad(x, [[0, 0]] + inner + [[0, 0]])


def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)), data_format=None):
    if len(padding) != 3 or any(len(p) != 2 for p in padding):
        raise ValueError("Expected `padding` to be a tuple of 3 tuples of 2 integers. "
                         f"Received: padding={padding}")
    inner = [list(p) for p in padding]
    if _data_format(data_format) == "channels_first":
        return tf.pad(x, [[0, 0], [0, 0]] + inner)
    return tf.pad(x, [[0, 0]] + inner + [[0, 0]])


_RESIZE = ("area", "bicubic", "bilinear", "gaussian", "lanczos3", "lanczos5", "mitchellcubic",
           "nearest")


def resize_images(x, height_factor, width_factor, data_format, interpolation="nearest"):
    """Upsamples rows and columns by integer factors with ``tf.image.resize``."""
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(f"Invalid `data_format` argument: {data_format}")
    if interpolation not in _RESIZE:
        names = '"' + '", "'.join(_RESIZE) + '"'
        raise ValueError(f"`interpolation` argument should be one of: {names}. Received: "
                         f'"{interpolation}".')
    first = data_format == "channels_first"
    x = _to_last(tf.convert_to_tensor(x), first)
    static = static_dims(x)[1:3]
    if None in static:
        size = tf.shape(x)[1:3] * tf.constant([height_factor, width_factor], "int32")
    else:
        size = [static[0] * height_factor, static[1] * width_factor]
    y = tf.image.resize(x, size, method=interpolation)
    return _to_first(y, first)


def resize_volumes(x, depth_factor, height_factor, width_factor, data_format):
    if data_format == "channels_first":
        axes = (2, 3, 4)
    elif data_format == "channels_last":
        axes = (1, 2, 3)
    else:
        raise ValueError(f"Invalid data_format: {data_format}")
    for factor, axis in zip((depth_factor, height_factor, width_factor), axes):
        x = repeat_elements(x, factor, axis=axis)
    return x


# --- random tensors -----------------------------------------------------------------------------
def _seed(seed):
    return np.random.randint(10e6) if seed is None else seed


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return tf.random.uniform(shape, minval=minval, maxval=maxval,
                             dtype=dtype or _config().floatx(), seed=_seed(seed))


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return tf.random.normal(shape, mean=mean, stddev=stddev, dtype=dtype or _config().floatx(),
                            seed=_seed(seed))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return tf.random.truncated_normal(shape, mean, stddev, dtype=dtype or _config().floatx(),
                                      seed=_seed(seed))


def random_bernoulli(shape, p=0.0, dtype=None, seed=None):
    """1 where a uniform draw is <= p, else 0, in ``dtype``."""
    dtype = dtype or _config().floatx()
    draw = tf.random.uniform(shape, dtype=dtype, seed=_seed(seed))
    return tf.where(draw <= p, tf.ones(shape, dtype=dtype), tf.zeros(shape, dtype=dtype))


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None):
    from fluxion.keras.backend_legacy_vars import variable

    dtype = dtype or _config().floatx()
    value = tf.random.normal(shape, mean, scale, dtype=dtype,
                             seed=np.random.randint(10e8) if seed is None else seed)
    return variable(value, dtype=dtype, name=name)


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None):
    from fluxion.keras.backend_legacy_vars import variable

    dtype = dtype or _config().floatx()
    value = tf.random.uniform(shape, low, high, dtype=dtype,
                              seed=np.random.randint(10e8) if seed is None else seed)
    return variable(value, dtype=dtype, name=name)


# --- CTC ------------------------------------------------------------------------------------------
def ctc_label_dense_to_sparse(labels, label_lengths):
    """The first ``label_lengths[b]`` labels of each row as an int64-indexed SparseTensor."""
    labels = tf.convert_to_tensor(labels)
    shape = tf.shape(labels)
    mask = tf.expand_dims(tf.range(shape[1]), 0) < tf.expand_dims(
        tf.cast(label_lengths, "int32"), 1)
    indices = tf.where(mask)
    values = tf.gather_nd(labels, indices)
    return tf.SparseTensor(indices, values, tf.cast(shape, "int64"))


def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """Per-sample CTC loss (batch, 1) of softmax outputs ``y_pred`` (batch, time, classes) with
    the blank as the last class, as Keras 2."""
    from fluxion.keras.ops.nn_ctc import ctc_loss

    y_pred = tf.convert_to_tensor(y_pred)
    label_length = tf.cast(tf.squeeze(label_length, axis=-1), "int32")
    input_length = tf.cast(tf.squeeze(input_length, axis=-1), "int32")
    logits = tf.math.log(y_pred + _eps(y_pred.dtype))
    blank = y_pred.shape[-1] - 1
    loss = ctc_loss(tf.cast(y_true, "int32"), logits, label_length, input_length,
                    mask_index=blank)
    return tf.expand_dims(loss, 1)


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100, top_paths=1):
    """Decodes softmax outputs (blank = last class): ``(decoded, log_prob)`` with decoded a
    list of ``top_paths`` (batch, time) int64 tensors padded with -1 and log_prob
    (batch, top_paths): greedy best path, or TF's CTC prefix beam search."""
    from fluxion.keras.ops.nn_ctc import ctc_decode as _decode

    y_pred = tf.convert_to_tensor(y_pred)
    logits = tf.math.log(y_pred + _eps(y_pred.dtype))
    lengths = tf.cast(input_length, "int32")
    if not greedy:
        from fluxion.keras.backend_legacy_ctc import ctc_beam_search

        return ctc_beam_search(logits, lengths, beam_width, top_paths)
    decoded, log_prob = _decode(logits, lengths, mask_index=y_pred.shape[-1] - 1)
    return [tf.cast(decoded[0], "int64")], log_prob

__all__ = [
    'batch_normalization',
    'bias_add',
    'binary_crossentropy',
    'binary_focal_crossentropy',
    'categorical_crossentropy',
    'categorical_focal_crossentropy',
    'conv1d',
    'conv2d',
    'conv2d_transpose',
    'conv3d',
    'ctc_batch_cost',
    'ctc_decode',
    'ctc_label_dense_to_sparse',
    'depthwise_conv2d',
    'dropout',
    'elu',
    'pool2d',
    'pool3d',
    'random_bernoulli',
    'random_normal',
    'random_normal_variable',
    'random_uniform',
    'random_uniform_variable',
    'relu',
    'resize_images',
    'resize_volumes',
    'separable_conv2d',
    'softmax',
    'sparse_categorical_crossentropy',
    'spatial_2d_padding',
    'spatial_3d_padding',
    'temporal_padding',
    'truncated_normal',
]
