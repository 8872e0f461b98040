"""``keras.ops.nn.ctc_loss`` / ``ctc_decode``: the loss is ``tf.nn.ctc_loss`` (the one CTC
definition, fluxion/ops/ctc_ops.py) on batch-major logits, as Keras's TensorFlow backend calls
it."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.ops._common import result_type, tensor


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """Negative log-likelihood of each dense, padded ``target`` (batch, max_label) under the
    logits ``output`` (batch, time, classes), as ``tf.nn.ctc_loss`` with ``blank_index``
    ``mask_index``."""
    output = tensor(output)
    out_dtype = result_type(output.dtype.name, "float32")
    compute = "float32" if out_dtype == "float64" else out_dtype
    loss = tf.nn.ctc_loss(tf.cast(tensor(target), "int32"), tf.cast(output, compute),
                          target_length, output_length, logits_time_major=False,
                          blank_index=mask_index)
    return tf.cast(loss, out_dtype)


__all__ = ["ctc_loss"]


def ctc_decode(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1,
               merge_repeated=True, mask_index=0):
    """Greedy CTC decoding: ``(decoded, scores)`` with decoded (1, batch, time) int32 labels
    left-aligned and padded with -1, and scores (batch, 1) the negated sums of each step's
    best logit, as ``tf.nn.ctc_greedy_decoder``; or ``tf.nn.ctc_beam_search_decoder``'s paths."""
    if strategy == "beam_search":
        return _beam_decode(inputs, sequence_lengths, beam_width, top_paths, mask_index)
    if strategy != "greedy":
        raise ValueError(f"Invalid strategy {strategy}. Supported values are 'greedy' and "
                         "'beam_search'.")
    x = tensor(inputs)
    x = tf.cast(x, result_type(x.dtype.name, "float32"))
    lengths = tf.cast(tensor(sequence_lengths), "int32")
    best = tf.math.argmax(x, axis=-1, output_type="int32")  # (B, T)
    steps = tf.shape(best)[1]
    valid = tf.expand_dims(tf.range(steps), 0) < tf.expand_dims(lengths, -1)
    keep = tf.math.logical_and(valid, tf.math.not_equal(best, mask_index))
    if merge_repeated:
        previous = tf.concat([tf.fill(tf.stack([tf.shape(best)[0], 1]), -1), best[:, :-1]], 1)
        keep = tf.math.logical_and(keep, tf.math.not_equal(best, previous))
    slot = tf.math.cumsum(tf.cast(keep, "int32"), axis=1) - 1  # output position of each label
    # dense[b, j] = the kept label whose slot is j, else -1 (a (B, T, T) one-hot placement)
    placed = tf.math.logical_and(tf.expand_dims(keep, -1), tf.math.equal(
        tf.expand_dims(slot, -1), tf.reshape(tf.range(steps), [1, 1, -1])))
    dense = tf.reduce_sum(tf.where(placed, tf.expand_dims(best + 1, -1), 0), axis=1) - 1
    scores = -tf.reduce_sum(tf.where(valid, tf.reduce_max(x, axis=-1), 0.0), axis=1,
                            keepdims=True)
    return tf.expand_dims(dense, 0), scores


__all__ += ["ctc_decode"]


def _beam_decode(inputs, sequence_lengths, beam_width, top_paths, mask_index):
    """``tf.nn.ctc_beam_search_decoder`` with the ``mask_index`` class moved last (its blank),
    its paths as (top_paths, batch, time) int32 padded with -1 and labels moved back."""
    x = tensor(inputs)
    x = tf.transpose(tf.cast(x, result_type(x.dtype.name, "float32")), [1, 0, 2])
    classes = x.shape[-1]
    if mask_index is not None:
        mask_index = mask_index + classes if mask_index < 0 else mask_index
        x = tf.concat([x[..., :mask_index], x[..., mask_index + 1:],
                       x[..., mask_index:mask_index + 1]], axis=-1)
    decoded, scores = tf.nn.ctc_beam_search_decoder(
        x, tf.cast(tensor(sequence_lengths), "int32"), beam_width=beam_width,
        top_paths=top_paths)
    shape = tf.cast(tf.stack([tf.shape(x)[1], tf.shape(x)[0]]), "int64")
    dense = tf.stack([tf.sparse.to_dense(tf.SparseTensor(d.indices, d.values, shape),
                                         default_value=-1) for d in decoded])
    dense = tf.cast(dense, "int32")
    if mask_index is not None:
        dense = tf.where(dense >= mask_index, dense + 1, dense)
    return dense, scores
