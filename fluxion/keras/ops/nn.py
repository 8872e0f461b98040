"""``keras.ops.nn``: activations, losses, one-hot encodings, normalisation, conv and pooling
(Keras' TensorFlow backend semantics)."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras import activations as _act
from fluxion.keras import losses_functions as _losses
from fluxion.keras.ops._common import floatx, result_type, standardize_dtype, tensor, wrap_module
from fluxion.keras.ops.adaptive_pool import adaptive_average_pool, adaptive_max_pool
from fluxion.keras.ops.nn_ctc import ctc_decode, ctc_loss


def relu(x):
    return tf.nn.relu(tensor(x))


def relu6(x):
    return tf.nn.relu6(tensor(x))


def gelu(x, approximate=True):
    return tf.nn.gelu(tensor(x), approximate=approximate)


def leaky_relu(x, negative_slope=0.2):
    return tf.nn.leaky_relu(tensor(x), alpha=negative_slope)


def sigmoid(x):
    return _act.sigmoid(x)


def softmax(x, axis=-1):
    return _act.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    return _act.log_softmax(x, axis=axis)


# Activations whose keras.ops signature matches keras.activations.
sparse_sigmoid = _act.sparse_sigmoid
softplus = _act.softplus
softsign = _act.softsign
soft_shrink = _act.soft_shrink
sparse_plus = _act.sparse_plus
silu = _act.silu
swish = _act.silu
squareplus = _act.squareplus
log_sigmoid = _act.log_sigmoid
hard_sigmoid = _act.hard_sigmoid
hard_silu = _act.hard_silu
hard_swish = _act.hard_silu
elu = _act.elu
selu = _act.selu
celu = _act.celu
glu = _act.glu
tanh_shrink = _act.tanh_shrink
hard_tanh = _act.hard_tanh
hard_shrink = _act.hard_shrink
threshold = _act.threshold
sparsemax = _act.sparsemax


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """``num_classes``-wide one-hot rows of integer ``x`` (negative labels give zeros)."""
    x = tensor(x, "int64")
    dtype = "float32" if dtype is None else standardize_dtype(dtype)
    if dtype == "bool":
        return tf.one_hot(x, num_classes, on_value=True, off_value=False, axis=axis,
                          dtype="bool")
    return tf.one_hot(x, num_classes, axis=axis, dtype=dtype)


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if num_classes is None:
        raise ValueError("Argument `num_classes` must be specified.")
    x = tensor(inputs)
    reduce_axis = 1 if x.shape.rank > 1 else 0
    dtype = standardize_dtype(dtype)
    hot = one_hot(x, num_classes, axis=axis, dtype=dtype)
    if dtype == "bool":
        return tf.reduce_any(hot, axis=reduce_axis)
    return tf.reduce_max(hot, axis=reduce_axis)


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    return _losses.categorical_crossentropy_elementwise(target, output, from_logits, axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    return _losses._sparse_crossentropy(target, tensor(output), from_logits, axis)


def binary_crossentropy(target, output, from_logits=False):
    return _losses.binary_crossentropy_elementwise(target, output, from_logits)


def moments(x, axes, keepdims=False, synchronized=False):
    """(mean, variance) over ``axes``; half precision is computed in float32."""
    x = tensor(x)
    low = x.dtype.name in ("float16", "bfloat16")
    xc = tf.cast(x, "float32") if low else x
    mean = tf.reduce_mean(xc, axis=axes, keepdims=True)
    variance = tf.reduce_mean(tf.math.square(xc - tf.stop_gradient(mean)), axis=axes,
                              keepdims=True)
    if not keepdims:
        mean, variance = tf.squeeze(mean, axes), tf.squeeze(variance, axes)
    if low:
        big = float(tf.float16.max)
        mean = tf.cast(tf.clip_by_value(mean, -big, big), x.dtype)
        variance = tf.cast(tf.clip_by_value(variance, -big, big), x.dtype)
    return mean, variance


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = tensor(x)
    if axis != -1 and axis != x.shape.rank - 1:
        shape = [1] * x.shape.rank
        shape[axis] = tensor(mean).shape[0]
        mean, variance = tf.reshape(mean, shape), tf.reshape(variance, shape)
        offset = None if offset is None else tf.reshape(offset, shape)
        scale = None if scale is None else tf.reshape(scale, shape)
    return tf.nn.batch_normalization(x, mean, variance, offset, scale, epsilon)


def normalize(x, axis=-1, order=2, epsilon=None):
    """``x`` divided by its ``order``-norm along ``axis`` (at least ``epsilon``)."""
    x = tensor(x)
    if not x.dtype.is_floating:
        x = tf.cast(x, floatx())
    eps = 1e-7 if epsilon is None else epsilon
    if order == 2:
        square_sum = tf.reduce_sum(tf.math.square(x), axis=axis, keepdims=True)
        return x * tf.math.rsqrt(tf.math.maximum(square_sum, eps * eps))
    norm = tf.norm(x, ord=order, axis=axis, keepdims=True)
    return x / tf.math.maximum(norm, eps)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    x = tensor(x)
    eps = 1e-7 if epsilon is None else epsilon
    out = x * tf.math.rsqrt(tf.reduce_mean(tf.math.square(x), axis=axis, keepdims=True) + eps)
    return out if scale is None else out * tf.cast(scale, out.dtype)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """(x - mean) / sqrt(var + epsilon) * gamma + beta over ``axis``, in float32 at least."""
    x = tensor(x)
    original = x.dtype.name
    compute = result_type(original, "float32")
    x = tf.cast(x, compute)
    eps = 1e-7 if epsilon is None else epsilon
    rank = x.shape.rank
    axis = sorted(a % rank for a in ([axis] if isinstance(axis, int) else axis))
    shape = [x.shape[d] if d in axis else 1 for d in range(rank)]

    def fit(v):
        v = tensor(v, compute)
        return v if v.shape.rank == rank or axis == [rank - 1] else tf.reshape(v, shape)

    mean, variance = moments(x, axes=axis, keepdims=True)
    inv = tf.math.rsqrt(variance + eps)
    if gamma is not None:
        inv = inv * fit(gamma)
    shift = -mean * inv
    if beta is not None:
        shift = shift + fit(beta)
    return tf.cast(x * inv + shift, original)


def psnr(x1, x2, max_val):
    x1, x2 = tensor(x1), tensor(x2)
    mse = tf.reduce_mean(tf.math.square(x1 - x2))
    return 20.0 * tf.math.log(tf.cast(max_val, mse.dtype)) / 2.302585092994046 - \
        10.0 * tf.math.log(mse) / 2.302585092994046


def _data_format(data_format) -> str:
    if data_format is None:
        from fluxion.keras import backend

        data_format = backend.image_data_format()
    return data_format


def _tf_format(rank: int, data_format: str) -> str:
    spatial = {3: "W", 4: "HW", 5: "DHW"}[rank]
    return f"N{spatial}C" if data_format == "channels_last" else f"NC{spatial}"


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x = tensor(inputs)
    fmt = _tf_format(x.shape.rank, _data_format(data_format))
    strides = pool_size if strides is None else strides
    return tf.nn.max_pool(x, pool_size, strides, padding.upper(), data_format=fmt)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x = tensor(inputs)
    fmt = _tf_format(x.shape.rank, _data_format(data_format))
    strides = pool_size if strides is None else strides
    return tf.nn.avg_pool(x, pool_size, strides, padding.upper(), data_format=fmt)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    x = tensor(inputs)
    fmt = _tf_format(x.shape.rank, _data_format(data_format))
    return tf.nn.convolution(x, tensor(kernel), strides=strides, padding=padding.upper(),
                             data_format=fmt, dilations=dilation_rate)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None,
                   dilation_rate=1):
    x = tensor(inputs)
    if x.shape.rank != 4:
        raise NotImplementedError("depthwise_conv: only 2D inputs are supported here")
    fmt = _tf_format(4, _data_format(data_format))
    s = [strides] * 2 if isinstance(strides, int) else list(strides)
    d = [dilation_rate] * 2 if isinstance(dilation_rate, int) else list(dilation_rate)
    full = [1, *s, 1] if fmt == "NHWC" else [1, 1, *s]
    return tf.nn.depthwise_conv2d(x, tensor(kernel), full, padding.upper(), data_format=fmt,
                                  dilations=d)


def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid",
                   data_format=None, dilation_rate=1):
    depthwise = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format,
                               dilation_rate)
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format)


__all__ = ["average_pool", "batch_normalization", "binary_crossentropy",
           "categorical_crossentropy", "celu", "conv", "depthwise_conv", "elu", "gelu", "glu",
           "hard_shrink", "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh",
           "layer_normalization", "leaky_relu", "log_sigmoid", "log_softmax", "max_pool",
           "moments", "multi_hot",
           "normalize", "one_hot", "psnr", "relu", "relu6", "rms_normalization", "selu",
           "separable_conv", "sigmoid", "silu", "soft_shrink", "softmax", "softplus",
           "softsign", "sparse_categorical_crossentropy", "sparse_plus", "sparse_sigmoid",
           "sparsemax", "squareplus", "swish", "tanh_shrink", "threshold"]


def _large_negative(dtype):
    return tf.constant((65500.0 if dtype.name == "float16" else 3.38953e38) * -0.7, dtype)


def dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False,
                          flash_attention=None, attn_logits_soft_cap=None):
    """softmax(q.k / sqrt(H) + bias, masked) . v on (batch, seq, heads, head_dim) tensors;
    grouped key/value heads are repeated to match the query heads."""
    if flash_attention:
        raise ValueError("Flash attention is not supported in tensorflow backend.")
    query, key, value = tensor(query), tensor(key), tensor(value)
    if query.shape.rank != 4:
        raise ValueError("`dot_product_attention` only supports 4D inputs. Received: "
                         f"query.shape={query.shape}, key.shape={key.shape}, "
                         f"value.shape={value.shape}.")
    dtype = result_type(query.dtype.name, key.dtype.name, value.dtype.name)
    query, key, value = (tf.cast(t, dtype) for t in (query, key, value))
    heads, kv_heads = query.shape[2], key.shape[2]
    if heads > kv_heads:  # (Keras skips one shared head; its einsum then fails)
        key = tf.repeat(key, heads // kv_heads, axis=2)
        value = tf.repeat(value, heads // kv_heads, axis=2)
    logits = tf.einsum("BTNH,BSNH->BNTS", query, key)
    logits_dtype = result_type(dtype, "float32")
    logits = tf.cast(logits, logits_dtype)
    if scale is None:
        scale = 1.0 / tf.math.sqrt(tf.cast(tf.shape(key)[-1], "float32"))
    logits = logits * tf.cast(scale, logits_dtype)
    if bias is not None:
        logits = logits + tf.cast(bias, logits_dtype)
    if mask is not None or is_causal:
        keep = tf.ones_like(logits, "bool")
        if mask is not None:
            keep = tf.math.logical_and(keep, tf.cast(mask, "bool"))
        if is_causal:
            shape = tf.shape(logits)
            causal = tf.range(shape[3]) <= tf.expand_dims(tf.range(shape[2]), -1)
            keep = tf.math.logical_and(keep, causal)
        logits = tf.where(keep, logits, _large_negative(logits.dtype))
    probs = tf.cast(tf.nn.softmax(tf.cast(logits, result_type(logits_dtype, "float32")), -1),
                    key.dtype)
    return tf.einsum("BNTS,BSNH->BTNH", probs, value)


def _block_rearrange(x, data_format, split, merged):
    """Reshapes NHWC ``x`` to ``split`` (6-D), swaps axes 2 and 3, reshapes to ``merged``;
    the shape lists come from ``(n, h, w, c)`` (batch size dynamic, the rest static)."""
    x = tensor(x)
    first = data_format == "channels_first"
    if first:
        x = tf.transpose(x, [0, 2, 3, 1])
    _, h, w, c = x.shape.as_list()
    dims = (tf.shape(x)[0], h, w, c)
    out = tf.reshape(x, split(*dims))
    out = tf.reshape(tf.transpose(out, [0, 1, 3, 2, 4, 5]), merged(*dims))
    return tf.transpose(out, [0, 3, 1, 2]) if first else out


def depth_to_space(x, block_size, data_format="channels_last"):
    b = block_size
    return _block_rearrange(x, data_format,
                            lambda n, h, w, c: [n, h, w, b, b, c // (b * b)],
                            lambda n, h, w, c: [n, h * b, w * b, c // (b * b)])


def space_to_depth(x, block_size, data_format="channels_last"):
    b = block_size
    return _block_rearrange(x, data_format,
                            lambda n, h, w, c: [n, h // b, b, w // b, b, c],
                            lambda n, h, w, c: [n, h // b, w // b, c * b * b])


def polar(abs_, angle):
    abs_, angle = tensor(abs_), tensor(angle)
    return tf.complex(abs_ * tf.math.cos(angle), abs_ * tf.math.sin(angle))


def _transpose_length(size, kernel, stride, padding, output_padding, dilation):
    kernel = (kernel - 1) * dilation + 1
    if output_padding is None:
        if padding == "valid":
            return size * stride + max(kernel - stride, 0)
        return size * stride
    pad = kernel // 2 if padding == "same" else 0
    return (size - 1) * stride + kernel - 2 * pad + output_padding


def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None,
                   data_format=None, dilation_rate=1):
    """Transposed convolution; ``kernel`` is (*spatial, out_channels, in_channels)."""
    x, kernel = tensor(inputs), tensor(kernel)
    rank = x.shape.rank
    n_spatial = rank - 2
    last = _data_format(data_format) == "channels_last"

    def per_dim(v):
        return [v] * n_spatial if isinstance(v, int) or v is None else list(v)

    strides_, dilations, pads = per_dim(strides), per_dim(dilation_rate), per_dim(output_padding)
    dims = x.shape.as_list()
    spatial = dims[1:-1] if last else dims[2:]
    ksize = kernel.shape.as_list()[:n_spatial]
    lengths = [_transpose_length(sz, k, st, padding, op, d)
               for sz, k, st, op, d in zip(spatial, ksize, strides_, pads, dilations)]
    channels = kernel.shape[-2]
    batch = tf.shape(x)[0]
    out_shape = [batch, *lengths, channels] if last else [batch, channels, *lengths]
    fmt = _tf_format(rank, "channels_last" if last else "channels_first")
    fn = {3: tf.nn.conv1d_transpose, 4: tf.nn.conv2d_transpose,
          5: tf.nn.conv3d_transpose}[rank]
    return fn(x, kernel, tf.stack(out_shape), strides_, padding.upper(), data_format=fmt,
              dilations=dilations)


__all__ += ["adaptive_average_pool", "adaptive_max_pool"]
__all__ += ["conv_transpose", "ctc_decode", "ctc_loss", "depth_to_space",
            "dot_product_attention", "polar", "space_to_depth"]
wrap_module(globals(), __all__)
