"""Keras 3's loss functions (``keras.losses.mean_squared_error``, ...): per-sample losses, the
last axis reduced. Formulas, clipping (epsilon = `keras.backend.epsilon()`, 1e-7) and dtype
handling follow Keras' TensorFlow backend; the crossentropies use the fused `tf.nn` kernels when
they start from logits.
"""
from __future__ import annotations

import warnings

import numpy as np

import fluxion as tf
from fluxion.keras import backend
from fluxion.keras.losses_base import (
    convert,
    get_keras_logits,
    set_keras_mask,
    shape_of,
    squeeze_or_expand_to_same_rank,
)

# Keras computes log(2) in float32 and casts it to the predictions' dtype
_LOG2_F32 = float(np.float32(np.log(2.0)))


def _pred_and_true(y_true, y_pred, match_ranks: bool = True):
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    if match_ranks:
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return y_true, y_pred


# --- regression ----------------------------------------------------------------------------------
def mean_squared_error(y_true, y_pred):
    """mean(square(y_true - y_pred), axis=-1)."""
    y_true, y_pred = _pred_and_true(y_true, y_pred)
    return tf.reduce_mean(tf.math.squared_difference(y_true, y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """mean(abs(y_true - y_pred), axis=-1)."""
    y_true, y_pred = _pred_and_true(y_true, y_pred)
    return tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """100 * mean(abs((y_true - y_pred) / maximum(abs(y_true), epsilon)), axis=-1)."""
    y_true, y_pred = _pred_and_true(y_true, y_pred)
    diff = tf.abs((y_true - y_pred) / tf.maximum(tf.abs(y_true), backend.epsilon()))
    return 100.0 * tf.reduce_mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """mean(square(log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1)), axis=-1)."""
    y_true, y_pred = _pred_and_true(y_true, y_pred)
    eps = backend.epsilon()
    first = tf.math.log(tf.maximum(y_pred, eps) + 1.0)
    second = tf.math.log(tf.maximum(y_true, eps) + 1.0)
    return tf.reduce_mean(tf.square(first - second), axis=-1)


def _l2_normalize(x, axis):
    """Keras' `ops.normalize(order=2)`: x * min(rsqrt(sum(x ** 2)), 1 / epsilon)."""
    inv_norm = tf.math.rsqrt(tf.reduce_sum(tf.square(x), axis=axis, keepdims=True))
    return x * tf.minimum(inv_norm, 1.0 / backend.epsilon())


def cosine_similarity(y_true, y_pred, axis=-1):
    """-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)."""
    y_true, y_pred = _pred_and_true(y_true, y_pred)
    return -tf.reduce_sum(_l2_normalize(y_true, axis) * _l2_normalize(y_pred, axis), axis=axis)


def huber(y_true, y_pred, delta=1.0):
    """mean(0.5 * e**2 where |e| <= delta, else delta * |e| - 0.5 * delta**2, axis=-1)."""
    y_true, y_pred = _pred_and_true(y_true, y_pred)
    delta = convert(delta, y_pred.dtype)
    error = y_pred - y_true
    abs_error = tf.abs(error)
    quadratic = 0.5 * tf.square(error)
    linear = delta * abs_error - 0.5 * tf.square(delta)
    return tf.reduce_mean(tf.where(abs_error <= delta, quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    """mean(log(cosh(y_pred - y_true)), axis=-1), as x + softplus(-2x) - log(2)."""
    y_true, y_pred = _pred_and_true(y_true, y_pred)
    x = y_pred - y_true
    return tf.reduce_mean(x + tf.math.softplus(x * -2.0) - _LOG2_F32, axis=-1)


# --- hinge ---------------------------------------------------------------------------------------
def _hinge_labels(y_true):
    """0/1 labels become -1/1; labels that are not all binary are kept."""
    is_binary = tf.reduce_all(tf.logical_or(tf.equal(y_true, 0.0), tf.equal(y_true, 1.0)))
    return tf.where(is_binary, 2.0 * y_true - 1.0, y_true)


def hinge(y_true, y_pred):
    """mean(maximum(1 - y_true * y_pred, 0), axis=-1), 0/1 labels taken as -1/1."""
    y_true, y_pred = _pred_and_true(y_true, y_pred, match_ranks=False)
    y_true = _hinge_labels(y_true)
    return tf.reduce_mean(tf.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


def squared_hinge(y_true, y_pred):
    """mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)."""
    y_true, y_pred = _pred_and_true(y_true, y_pred, match_ranks=False)
    y_true = _hinge_labels(y_true)
    return tf.reduce_mean(tf.square(tf.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


def categorical_hinge(y_true, y_pred):
    """maximum(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0) over the last axis."""
    y_true, y_pred = _pred_and_true(y_true, y_pred, match_ranks=False)
    pos = tf.reduce_sum(y_true * y_pred, axis=-1)
    neg = tf.reduce_max((1.0 - y_true) * y_pred, axis=-1)
    return tf.maximum(neg - pos + 1.0, 0.0)


# --- probabilistic -------------------------------------------------------------------------------
def kl_divergence(y_true, y_pred):
    """sum(y_true * log(y_true / y_pred), axis=-1), both clipped to [epsilon, 1]."""
    y_true, y_pred = _pred_and_true(y_true, y_pred, match_ranks=False)
    y_true = tf.clip_by_value(y_true, backend.epsilon(), 1.0)
    y_pred = tf.clip_by_value(y_pred, backend.epsilon(), 1.0)
    return tf.reduce_sum(y_true * tf.math.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    """mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)."""
    y_true, y_pred = _pred_and_true(y_true, y_pred, match_ranks=False)
    return tf.reduce_mean(y_pred - y_true * tf.math.log(y_pred + backend.epsilon()), axis=-1)


def _logits_of(output, from_logits: bool, fn_name: str):
    """The logits behind a softmax/sigmoid output when Keras recorded them (as its backend's
    `_get_logits` does with `_keras_logits`): crossentropy then starts from them."""
    logits = get_keras_logits(output)
    if logits is None:
        return output, from_logits
    if from_logits:
        warnings.warn(f'"`{fn_name}` received `from_logits=True`, but the `output` argument '
                      f'was produced by a sigmoid or softmax activation and thus does not '
                      f'represent logits. Was this intended?', stacklevel=3)
    return logits, True


def _check_same_shape(target, output) -> None:
    ts, os_ = shape_of(target), shape_of(output)
    if len(ts) != len(os_):
        raise ValueError(f"Arguments `target` and `output` must have the same rank (ndim). "
                         f"Received: target.shape={ts}, output.shape={os_}")
    if ts != os_:
        raise ValueError(f"Arguments `target` and `output` must have the same shape. "
                         f"Received: target.shape={ts}, output.shape={os_}")


def _warn_one_class(y_pred, fn_name: str) -> None:
    if shape_of(y_pred)[-1:] == (1,):
        warnings.warn(f"In loss {fn_name}, expected y_pred.shape to be (batch_size, num_classes)"
                      f" with num_classes > 1. Received: y_pred.shape={shape_of(y_pred)}. "
                      f"Consider using 'binary_crossentropy' if you only have 2 classes.",
                      SyntaxWarning, stacklevel=3)


def _check_axis(axis) -> None:
    if isinstance(axis, bool):
        raise ValueError(  # noqa: TRY004 - as Keras
            f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}")


def _smooth_categorical(y_true, label_smoothing, dtype):
    # label_smoothing / num_classes divided in the labels' dtype, as Keras does
    np_dtype = tf.as_dtype(dtype).as_numpy_dtype
    share = np.asarray(label_smoothing, np_dtype) / np.asarray(shape_of(y_true)[-1], np_dtype)
    return y_true * (1.0 - label_smoothing) + tf.constant(share, dtype)


def categorical_crossentropy_elementwise(target, output, from_logits=False, axis=-1):
    """Keras' backend `categorical_crossentropy`: no label smoothing, `axis` reduced."""
    target, output = convert(target), convert(output)
    if not shape_of(target):
        raise ValueError(f"Arguments `target` and `output` must be at least rank 1. Received: "
                         f"target.shape={shape_of(target)}, output.shape={shape_of(output)}")
    _check_same_shape(target, output)
    output, from_logits = _logits_of(output, from_logits, "categorical_crossentropy")
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=output, axis=axis)
    eps = backend.epsilon()
    output = output / tf.reduce_sum(output, axis, keepdims=True)
    output = tf.clip_by_value(output, eps, 1.0 - eps)
    return -tf.reduce_sum(target * tf.math.log(output), axis)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """-sum(y_true * log(y_pred), axis) with y_pred renormalised and clipped to
    [eps, 1 - eps]; softmax_cross_entropy_with_logits when `from_logits`."""
    _check_axis(axis)
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    _warn_one_class(y_pred, "categorical_crossentropy")
    if label_smoothing:
        y_true = _smooth_categorical(y_true, label_smoothing, y_pred.dtype)
    return categorical_crossentropy_elementwise(y_true, y_pred, from_logits, axis)


def _sparse_crossentropy(target, output, from_logits, axis):
    """Keras' backend `sparse_categorical_crossentropy` (classes on the last axis)."""
    out_shape = shape_of(output)
    rank = len(out_shape)
    if axis != -1 and axis != rank - 1:
        raise ValueError(f"Only axis=-1 is currently supported. Received: axis={axis}")
    output, from_logits = _logits_of(output, from_logits, "sparse_categorical_crossentropy")
    target = convert(target)
    if target.dtype not in (tf.int32, tf.int64):  # int32 labels are taken as they are
        target = tf.cast(target, tf.int64)
    t_shape = shape_of(target)
    if len(t_shape) == rank and t_shape[-1] == 1:
        target = tf.squeeze(target, -1)
        t_shape = t_shape[:-1]
    if rank < 1:
        raise ValueError(f"Argument `output` must be at least rank 1. Received: "
                         f"output.shape={out_shape}")
    if len(t_shape) != rank - 1:
        raise ValueError(f"Argument `output` must have rank (ndim) `target.ndim - 1`. "
                         f"Received: target.shape={t_shape}, output.shape={out_shape}")
    if t_shape != out_shape[:-1]:
        raise ValueError(f"Arguments `target` and `output` must have the same shape up until "
                         f"the last dimension: target.shape={t_shape}, "
                         f"output.shape={out_shape}")
    if not from_logits:
        eps = backend.epsilon()
        output = tf.math.log(tf.clip_by_value(output, eps, 1.0 - eps))
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=output)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None,
                                    axis=-1):
    """-log(y_pred[y_true]) for integer labels (probabilities clipped to [eps, 1 - eps]);
    entries labelled `ignore_class` give 0 and are masked out of the reduction."""
    y_pred = convert(y_pred)
    y_true = convert(y_true)
    if len(shape_of(y_true)) == len(shape_of(y_pred)) and shape_of(y_true)[axis] == 1:
        y_true = tf.squeeze(y_true, axis)
    if ignore_class is not None:
        valid = tf.not_equal(y_true, tf.cast(ignore_class, y_true.dtype))
        y_true = tf.where(valid, y_true, tf.zeros_like(y_true))
        y_pred = tf.where(tf.expand_dims(valid, axis), y_pred, tf.zeros_like(y_pred))
    res = _sparse_crossentropy(y_true, y_pred, from_logits, axis)
    if ignore_class is not None:
        if shape_of(valid) != shape_of(res):
            valid = tf.reshape(valid, shape_of(res))
        res = tf.where(valid, res, tf.zeros_like(res))
        set_keras_mask(res, valid)
    return res


def binary_crossentropy_elementwise(target, output, from_logits=False):
    """Keras' backend `binary_crossentropy`: elementwise, probabilities clipped to
    [eps, 1 - eps]; sigmoid_cross_entropy_with_logits for logits."""
    target, output = convert(target), convert(output)
    _check_same_shape(target, output)
    output, from_logits = _logits_of(output, from_logits, "binary_crossentropy")
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = backend.epsilon()
    output = tf.clip_by_value(output, eps, 1.0 - eps)
    bce = target * tf.math.log(output)
    bce = bce + (1.0 - target) * tf.math.log(1.0 - output)
    return -bce


def _smooth_binary(y_true, label_smoothing):
    return y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """mean(-(y log p + (1 - y) log(1 - p)), axis), labels smoothed towards 0.5."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    if label_smoothing:
        y_true = _smooth_binary(y_true, label_smoothing)
    return tf.reduce_mean(binary_crossentropy_elementwise(y_true, y_pred, from_logits),
                          axis=axis)


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25,
                              gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1):
    """mean((1 - p_t) ** gamma * bce, axis), optionally weighted alpha / 1 - alpha."""
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    if label_smoothing:
        y_true = _smooth_binary(y_true, label_smoothing)
    if from_logits:
        # Keras' sigmoid records its logits, so the crossentropy below starts from them
        bce = binary_crossentropy_elementwise(y_true, y_pred, from_logits=True)
        y_pred = tf.sigmoid(y_pred)
    else:
        bce = binary_crossentropy_elementwise(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal_bce = tf.pow(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        weight = y_true * alpha + (1.0 - y_true) * (1.0 - alpha)
        focal_bce = weight * focal_bce
    return tf.reduce_mean(focal_bce, axis=axis)


def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False,
                                   label_smoothing=0.0, axis=-1):
    """sum(alpha * (1 - p) ** gamma * -y_true * log(p), axis), p renormalised and clipped."""
    _check_axis(axis)
    y_pred = convert(y_pred)
    y_true = convert(y_true, y_pred.dtype)
    _warn_one_class(y_pred, "categorical_focal_crossentropy")
    if label_smoothing:
        y_true = _smooth_categorical(y_true, label_smoothing, y_pred.dtype)
    if from_logits:
        y_pred = tf.nn.softmax(y_pred, axis=axis)
    eps = backend.epsilon()
    output = y_pred / tf.reduce_sum(y_pred, axis=axis, keepdims=True)
    output = tf.clip_by_value(output, eps, 1.0 - eps)
    cce = -y_true * tf.math.log(output)
    weighting = tf.pow(1.0 - output, gamma) * convert(alpha, output.dtype)
    return tf.reduce_sum(weighting * cce, axis=axis)


def categorical_generalized_cross_entropy(y_true, y_pred, q):
    """(1 - p ** q) / q with p the predicted probability of the integer label."""
    y_pred = convert(y_pred)
    labels = tf.cast(convert(y_true), tf.int32)
    one_hot = tf.one_hot(labels, shape_of(y_pred)[-1], dtype=y_pred.dtype)
    p = tf.reduce_sum(y_pred * one_hot, axis=-1)
    return (1.0 - tf.pow(p, q)) / q


# --- segmentation / similarity -------------------------------------------------------------------
def dice(y_true, y_pred, axis=None):
    """1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + epsilon) over `axis`."""
    y_true, y_pred = _pred_and_true(y_true, y_pred, match_ranks=False)
    intersection = tf.reduce_sum(y_true * y_pred, axis=axis)
    total = tf.reduce_sum(y_true, axis=axis) + tf.reduce_sum(y_pred, axis=axis)
    return 1.0 - (2.0 * intersection) / (total + backend.epsilon())


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """1 - TP / (TP + alpha * FP + beta * FN + epsilon), soft counts over `axis`."""
    y_true, y_pred = _pred_and_true(y_true, y_pred, match_ranks=False)
    intersection = tf.reduce_sum(y_true * y_pred, axis=axis)
    fp = tf.reduce_sum((1.0 - y_pred) * y_true, axis=axis)
    fn = tf.reduce_sum(y_pred * (1.0 - y_true), axis=axis)
    return 1.0 - intersection / (intersection + fp * alpha + fn * beta + backend.epsilon())


def _pos_neg_masks(query_labels, key_labels, remove_diagonal: bool):
    query = tf.reshape(query_labels, [-1, 1])
    key = tf.reshape(key_labels, [-1, 1])
    positive = tf.equal(query, tf.transpose(key))
    negative = tf.logical_not(positive)
    if remove_diagonal:
        eye = tf.eye(tf.size(query), tf.size(key), dtype=tf.bool)
        positive = tf.logical_and(positive, tf.logical_not(eye))
    return positive, negative


def circle(y_true, y_pred, ref_labels=None, ref_embeddings=None, remove_diagonal=True,
           gamma=80, margin=0.4):
    """Circle loss of L2-normalised embeddings (Sun et al., 2020), one value per query."""
    y_pred = convert(y_pred)
    y_true = tf.cast(convert(y_true), tf.int32)
    ref_embeddings = y_pred if ref_embeddings is None else convert(ref_embeddings)
    ref_labels = y_true if ref_labels is None else tf.cast(convert(ref_labels), tf.int32)
    distances = tf.maximum(1.0 - tf.matmul(y_pred, tf.transpose(ref_embeddings)), 0.0)
    positive, negative = _pos_neg_masks(y_true, ref_labels, remove_diagonal)
    pos_f, neg_f = tf.cast(positive, distances.dtype), tf.cast(negative, distances.dtype)
    pos_weights = tf.maximum((margin + distances) * pos_f, 0.0)
    neg_weights = tf.maximum((1.0 + margin - distances) * neg_f, 0.0)
    pos_terms = -1.0 * gamma * pos_weights * (margin - distances)
    neg_terms = gamma * neg_weights * ((1.0 - margin) - distances)
    minus_inf = tf.zeros_like(distances) - np.inf
    p_loss = tf.reduce_logsumexp(tf.where(positive, pos_terms, minus_inf), axis=1)
    n_loss = tf.reduce_logsumexp(tf.where(negative, neg_terms, minus_inf), axis=1)
    loss = tf.math.softplus(p_loss + n_loss)
    set_keras_mask(loss, loss > 0)
    return loss
