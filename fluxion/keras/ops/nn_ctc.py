"""``keras.ops.nn.ctc_loss``: connectionist temporal classification loss, composed from public
ops (log-space forward recursion over time), so it differentiates and traces like any op."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.ops._common import result_type, static_shape, tensor

_NEG = -1e30  # log(0) stand-in that keeps the logsumexp gradients finite


def _extended_labels(target, blank: int, num_classes: int):
    """(batch, 2L+1) labels with blanks around and between them, and which positions may be
    reached by skipping the blank before them (a label differing from the one two back)."""
    length = static_shape(target)[1]
    labels = tf.clip_by_value(target, 0, num_classes - 1)  # padding must still index
    blanks = tf.fill(tf.stack([tf.shape(target)[0], length]), blank)
    pairs = tf.reshape(tf.stack([blanks, labels], axis=-1), [-1, 2 * length])
    ext = tf.concat([pairs, tf.fill(tf.stack([tf.shape(target)[0], 1]), blank)], axis=1)
    previous = tf.concat([tf.fill(tf.stack([tf.shape(target)[0], 2]), blank), ext[:, :-2]], 1)
    skip = tf.math.logical_and(tf.math.not_equal(ext, blank), tf.math.not_equal(ext, previous))
    return ext, skip


def _shift(alpha, k: int):
    """alpha[:, s - k] (log-zero where s < k)."""
    pad = tf.fill(tf.stack([tf.shape(alpha)[0], k]), tf.constant(_NEG, alpha.dtype))
    return tf.concat([pad, alpha[:, :-k]], axis=1)


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """Negative log-likelihood of each dense, padded ``target`` (batch, max_label) under the
    logits ``output`` (batch, time, classes), as ``tf.nn.ctc_loss`` with ``blank_index``
    ``mask_index``."""
    output = tensor(output)
    target = tf.cast(tensor(target), "int32")
    out_dtype = result_type(output.dtype.name, "float32")
    compute = "float32" if out_dtype == "float64" else out_dtype
    logp = tf.nn.log_softmax(tf.cast(output, compute), axis=-1)
    num_classes = static_shape(output)[-1]
    ext, skip = _extended_labels(target, mask_index, num_classes)
    emit = tf.transpose(tf.gather(logp, ext, axis=2, batch_dims=1), [1, 0, 2])  # (T, B, S)
    label_len = tf.cast(tensor(target_length), "int32")
    time_len = tf.cast(tensor(output_length), "int32")
    positions = tf.range(tf.shape(ext)[1])
    neg = tf.constant(_NEG, compute)
    start = tf.where(positions < 2, emit[0], neg)
    no_skip = tf.fill(tf.shape(start), neg)

    def step(carry, x):
        alpha, t = carry
        options = tf.stack([alpha, _shift(alpha, 1), tf.where(skip, _shift(alpha, 2), no_skip)])
        new = tf.reduce_logsumexp(options, axis=0) + x
        alpha = tf.where(tf.expand_dims(t < time_len, -1), new, alpha)  # past its length
        return (alpha, t + 1), None

    from fluxion.keras.ops.core import scan

    (alpha, _), _ = scan(step, (start, tf.constant(1)), emit[1:])
    last = 2 * label_len  # the final blank; the final label sits just before it
    final_blank = tf.gather(alpha, last, axis=1, batch_dims=1)
    final_label = tf.where(label_len > 0, tf.gather(alpha, tf.math.maximum(last - 1, 0), axis=1,
                                                    batch_dims=1), neg)
    loss = -tf.reduce_logsumexp(tf.stack([final_blank, final_label]), axis=0)
    return tf.cast(loss, out_dtype)


__all__ = ["ctc_loss"]


def ctc_decode(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1,
               merge_repeated=True, mask_index=0):
    """Greedy CTC decoding: ``(decoded, scores)`` with decoded (1, batch, time) int32 labels
    left-aligned and padded with -1, and scores (batch, 1) the negated sums of each step's
    best logit, as ``tf.nn.ctc_greedy_decoder``. Beam search is not available."""
    if strategy == "beam_search":
        raise NotImplementedError("ctc_decode: strategy='beam_search' is not supported yet")
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
