"""Sampled-class losses of ``tf.nn``: ``nce_loss``, ``sampled_softmax_loss`` and their helper
``compute_accidental_hits``, plus ``all_candidate_sampler``.

The losses are compositions of public ops (embedding lookups, a matmul, the cross-entropies)
over the true classes and a set of sampled classes, as TF computes them: logits of the true
and sampled classes minus log of their expected counts (``subtract_log_q``), sampled classes
that equal a true class pushed to -FLT_MAX when ``remove_accidental_hits``. Gradients reach
``weights``, ``biases`` and ``inputs``; the sampled values are constants (stop_gradient).
"""
from __future__ import annotations

import numpy as np

__all__: list = []
_nn_exports = ("all_candidate_sampler", "compute_accidental_hits", "nce_loss",
               "sampled_softmax_loss")
_random_exports = ("all_candidate_sampler",)

_FLT_MAX = float(np.finfo(np.float32).max)


def _tf():
    import fluxion as tf  # noqa: PLC0415 - the public ops, imported when first used

    return tf


def _hits(true_classes, sampled):
    """TF's kernel: each sampled id maps to its last position; each true class found there is
    one hit (row, position)."""
    position = {int(v): k for k, v in enumerate(sampled.tolist())}
    rows, ids = [], []
    for i, row in enumerate(true_classes.tolist()):
        for c in row:
            if c in position:
                rows.append(i)
                ids.append(position[c])
    return (np.asarray(rows, np.int32), np.asarray(ids, np.int64),
            np.full(len(rows), -_FLT_MAX, np.float32))


def compute_accidental_hits(true_classes, sampled_candidates, num_true, seed=None, name=None):
    """``(indices, ids, weights)``: for each true class (row ``indices``, int32) that was also
    sampled, its position among the sampled candidates (``ids``, int64) and -FLT_MAX."""
    tf = _tf()
    from fluxion import errors  # noqa: PLC0415

    true_classes = tf.cast(tf.convert_to_tensor(true_classes), "int64")
    sampled_candidates = tf.cast(tf.convert_to_tensor(sampled_candidates), "int64")
    if true_classes.shape.rank is not None and (
            true_classes.shape.rank != 2 or true_classes.shape[1] not in (None, int(num_true))):
        raise errors.InvalidArgumentError(
            None, None, f"true_classes must be a matrix of [batch, num_true = {num_true}], "
            f"got shape {true_classes.shape}")
    return tuple(tf.numpy_function(_hits, [true_classes, sampled_candidates],
                                   [tf.int32, tf.int64, tf.float32], stateful=False))


def _all_candidates(true_classes, num_true: int, num_sampled: int):
    from fluxion import errors  # noqa: PLC0415

    if true_classes.ndim != 2 or true_classes.shape[1] != num_true:
        raise errors.InvalidArgumentError(
            None, None, f"true_classes must have num_true columns, expected: {num_true} was: "
            f"{true_classes.shape[-1] if true_classes.ndim else 0}")
    bad = true_classes[(true_classes < 0) | (true_classes >= num_sampled)]
    if bad.size:
        raise errors.InvalidArgumentError(
            None, None, f"`true_candidate` out of range [0, {num_sampled}), received {bad[0]}")
    return (np.arange(num_sampled, dtype=np.int64), np.ones(true_classes.shape, np.float32),
            np.ones(num_sampled, np.float32))


def all_candidate_sampler(true_classes, num_true, num_sampled, unique, seed=None, name=None):
    """Every class in [0, num_sampled) once, each with expected count 1; every true class
    must lie in that range."""
    tf = _tf()
    true_classes = tf.convert_to_tensor(true_classes, dtype="int64")
    outs = tf.numpy_function(lambda t: _all_candidates(t, int(num_true), int(num_sampled)),
                             [true_classes], [tf.int64, tf.float32, tf.float32],
                             stateful=False)
    outs[0].set_shape([int(num_sampled)])
    outs[1].set_shape(true_classes.shape)
    outs[2].set_shape([int(num_sampled)])
    return tuple(outs)


def _lookup(tf, params, ids, dtype):
    if isinstance(params, (list, tuple)):  # partitions, split "div"-wise (contiguous rows)
        params = tf.concat(list(params), axis=0)
    return tf.cast(tf.nn.embedding_lookup(params, ids), dtype)


def _sampled_logits(tf, weights, biases, labels, inputs, num_sampled, num_classes, num_true,
                    sampled_values, remove_accidental_hits, seed=None):
    """(logits, labels) (batch, num_true + num_sampled) of the true then sampled classes."""
    inputs = tf.convert_to_tensor(inputs)
    labels = tf.cast(tf.convert_to_tensor(labels), "int64")
    labels_flat = tf.reshape(labels, [-1])
    if sampled_values is None:
        sampled_values = tf.random.log_uniform_candidate_sampler(
            labels, num_true, num_sampled, True, num_classes, seed=seed)
    sampled, true_count, sampled_count = (tf.stop_gradient(s) for s in sampled_values)
    sampled = tf.cast(sampled, "int64")
    true_w = _lookup(tf, weights, labels_flat, inputs.dtype)
    sampled_w = _lookup(tf, weights, sampled, inputs.dtype)
    true_b = tf.reshape(_lookup(tf, biases, labels_flat, inputs.dtype), [-1, num_true])
    sampled_b = _lookup(tf, biases, sampled, inputs.dtype)
    dim = tf.shape(true_w)[1:2]
    true_w = tf.reshape(true_w, tf.concat([[-1, num_true], dim], 0))
    true_logits = tf.reduce_sum(tf.expand_dims(inputs, 1) * true_w, axis=-1) + true_b
    sampled_logits = tf.matmul(inputs, sampled_w, transpose_b=True) + sampled_b
    if remove_accidental_hits:
        rows, ids, hit = compute_accidental_hits(labels, sampled, num_true)
        where = tf.stack([tf.cast(rows, "int64"), ids], axis=1)
        shift = tf.tensor_scatter_nd_update(tf.zeros_like(sampled_logits), where,
                                            tf.cast(hit, sampled_logits.dtype))
        sampled_logits = sampled_logits + shift
    true_logits -= tf.math.log(true_count)  # float32 counts: TF does not cast them either
    sampled_logits -= tf.math.log(sampled_count)
    logits = tf.concat([true_logits, sampled_logits], 1)
    targets = tf.concat([tf.ones_like(true_logits) / num_true, tf.zeros_like(sampled_logits)], 1)
    return logits, targets


def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
             sampled_values=None, remove_accidental_hits=False, name="nce_loss"):
    """Noise-contrastive estimation loss (batch,): sigmoid cross-entropy of the true classes
    (target 1 / num_true) and sampled ones (target 0), summed per example."""
    tf = _tf()
    logits, targets = _sampled_logits(tf, weights, biases, labels, inputs, num_sampled,
                                      num_classes, num_true, sampled_values,
                                      remove_accidental_hits)
    losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=targets, logits=logits)
    return tf.reduce_sum(losses, axis=1)


def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                         sampled_values=None, remove_accidental_hits=True, seed=None,
                         name="sampled_softmax_loss"):
    """Softmax cross-entropy (batch,) over the true classes and ``num_sampled`` sampled ones
    (log-uniform by default), an estimate of the full softmax loss for training."""
    tf = _tf()
    logits, targets = _sampled_logits(tf, weights, biases, labels, inputs, num_sampled,
                                      num_classes, num_true, sampled_values,
                                      remove_accidental_hits, seed=seed)
    return tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(targets),
                                                   logits=logits)
