"""Connectionist temporal classification for ``tf.nn``: ``ctc_loss`` (dense or SparseTensor
labels), ``ctc_greedy_decoder``, ``ctc_beam_search_decoder``, ``ctc_unique_labels`` and
``collapse_repeated``.

The loss is the one CTC definition of Fluxion (``keras.ops.ctc_loss``, ``keras.losses.CTC`` and
``keras.backend.ctc_batch_cost`` call it): a log-space forward recursion composed from public
ops, so it differentiates (with respect to the logits) and traces like any op. The decoders
are data-dependent searches run in NumPy inside ``numpy_function`` (no gradient, as in TF); the
beam search is the prefix search of ``fluxion.keras.backend_legacy_ctc``.
"""
from __future__ import annotations

import numpy as np

_NEG = -1e30  # log(0) stand-in that keeps the logsumexp gradients finite

__all__: list = []
_nn_exports = ("collapse_repeated", "ctc_beam_search_decoder", "ctc_greedy_decoder",
               "ctc_loss", "ctc_unique_labels")


def _tf():
    import fluxion as tf  # noqa: PLC0415 - the public ops, imported when first used

    return tf


# --- the loss -------------------------------------------------------------------------------------
def _extended_labels(tf, labels, blank: int, num_classes: int):
    """(batch, 2L+1) labels with blanks around and between them, and which positions may be
    reached by skipping the blank before them (a label differing from the one two back)."""
    batch, length = tf.shape(labels)[0], labels.shape[1]
    labels = tf.clip_by_value(labels, 0, num_classes - 1)  # padding must still index
    blanks = tf.fill(tf.stack([batch, length]), blank)
    pairs = tf.reshape(tf.stack([blanks, labels], axis=-1), [-1, 2 * length])
    ext = tf.concat([pairs, tf.fill(tf.stack([batch, 1]), blank)], axis=1)
    previous = tf.concat([tf.fill(tf.stack([batch, 2]), blank), ext[:, :-2]], 1)
    skip = tf.math.logical_and(tf.math.not_equal(ext, blank), tf.math.not_equal(ext, previous))
    return ext, skip


def _shift(tf, alpha, k: int):
    """alpha[:, s - k] (log-zero where s < k)."""
    pad = tf.fill(tf.stack([tf.shape(alpha)[0], k]), tf.constant(_NEG, alpha.dtype))
    return tf.concat([pad, alpha[:, :-k]], axis=1)


def _forward(tf, logp, ext, skip, time_len):
    """Log forward variables after each sequence's last step: logp (T, B, C) log-softmaxes."""
    emit = tf.transpose(tf.gather(tf.transpose(logp, [1, 0, 2]), ext, axis=2, batch_dims=1),
                        [1, 0, 2])  # (T, B, S)
    neg = tf.constant(_NEG, logp.dtype)
    positions = tf.range(tf.shape(ext)[1])
    alpha = tf.where(positions < 2, emit[0], neg)
    no_skip = tf.fill(tf.shape(alpha), neg)

    def step(carry, x):
        alpha, t = carry
        options = tf.stack([alpha, _shift(tf, alpha, 1),
                            tf.where(skip, _shift(tf, alpha, 2), no_skip)])
        new = tf.reduce_logsumexp(options, axis=0) + x
        return tf.where(tf.expand_dims(t < time_len, -1), new, alpha), t + 1  # past its length

    # a scan rather than an unrolled loop: one traced graph serves every number of steps
    alphas, _ = tf.scan(step, emit[1:], initializer=(alpha, tf.constant(1)))
    return tf.concat([tf.expand_dims(alpha, 0), alphas], 0)[-1]


def _dense_ctc(tf, labels, logits, label_length, logit_length, blank: int):
    """Per-sequence negative log-likelihoods: logits (T, B, C), labels (B, L) dense."""
    num_classes = logits.shape[-1]
    logp = tf.nn.log_softmax(logits, axis=-1)
    ext, skip = _extended_labels(tf, tf.cast(labels, "int32"), blank, num_classes)
    alpha = _forward(tf, logp, ext, skip, tf.cast(logit_length, "int32"))
    last = 2 * tf.cast(label_length, "int32")  # the final blank; the final label sits before it
    neg = tf.constant(_NEG, logp.dtype)
    final_blank = tf.gather(alpha, last, axis=1, batch_dims=1)
    final_label = tf.where(last > 0, tf.gather(alpha, tf.math.maximum(last - 1, 0), axis=1,
                                               batch_dims=1), neg)
    return -tf.reduce_logsumexp(tf.stack([final_blank, final_label]), axis=0)


def _sparse_to_dense_labels(tf, labels):
    """Dense (B, L) labels and their lengths (one past each row's last index)."""
    dense = tf.sparse.to_dense(labels, default_value=0)
    rows = labels.indices[:, 0]
    ends = tf.math.unsorted_segment_max(labels.indices[:, 1] + 1, rows,
                                        tf.cast(labels.dense_shape[0], "int32"))
    return dense, tf.math.maximum(ends, 0)


def ctc_loss(labels, logits, label_length, logit_length, logits_time_major=True, unique=None,
             blank_index=None, name=None):
    """Negative log probability (batch,) of each label sequence under the logits: dense
    ``labels`` (batch, max_label) padded past ``label_length`` with ``blank_index`` 0 by
    default, or a SparseTensor (``blank_index`` required, ``label_length`` unused). ``unique``
    only speeds up TF's kernel and does not change the result."""
    tf = _tf()
    del unique, name
    logits = tf.convert_to_tensor(logits)
    if not logits_time_major:
        logits = tf.transpose(logits, [1, 0, 2])
    num_classes = logits.shape[-1]
    if isinstance(labels, tf.SparseTensor):
        if blank_index is None:
            raise ValueError("Argument `blank_index` must be provided when `labels` is a "
                             "`SparseTensor`.")
        labels, label_length = _sparse_to_dense_labels(tf, labels)
    elif blank_index is None:
        blank_index = 0
    if blank_index < 0:
        blank_index += num_classes
    labels = tf.convert_to_tensor(labels)
    if logits.dtype.name in ("float16", "bfloat16"):  # log(0) stand-ins need float32's range
        loss = _dense_ctc(tf, labels, tf.cast(logits, "float32"), label_length, logit_length,
                          blank_index)
        return tf.cast(loss, logits.dtype)
    return _dense_ctc(tf, labels, logits, label_length, logit_length, blank_index)


# --- decoders -------------------------------------------------------------------------------------
def _sparse_of_paths(paths: list, batch: int):
    """(indices, values, dense_shape) int64 arrays of one label sequence per batch row."""
    width = max((len(p) for p in paths), default=0)
    indices = [(b, j) for b, p in enumerate(paths) for j in range(len(p))]
    values = [v for p in paths for v in p]
    return (np.asarray(indices, np.int64).reshape(-1, 2), np.asarray(values, np.int64),
            np.asarray([batch, width], np.int64))


def _greedy_paths(inputs, lengths, merge_repeated: bool, blank: int):
    best = inputs.argmax(axis=-1)  # (T, B)
    paths, scores = [], np.zeros((inputs.shape[1], 1), inputs.dtype)
    for b in range(inputs.shape[1]):
        n = int(lengths[b])
        path, prev = [], -1
        for t in range(n):
            k = int(best[t, b])
            if k != blank and not (merge_repeated and k == prev):
                path.append(k)
            prev = k
        paths.append(path)
        scores[b, 0] = -inputs[:n, b].max(axis=-1).sum()
    return (*_sparse_of_paths(paths, inputs.shape[1]), scores)


def _sparse_outputs(tf, outs, top_paths: int):
    return [tf.SparseTensor(*outs[3 * k: 3 * k + 3]) for k in range(top_paths)]


def ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True, blank_index=None):
    """Best-path decoding of time-major logits (T, B, C): ``([SparseTensor], neg_sum_logits)``
    with neg_sum_logits (B, 1) the negated sums of each step's largest logit. The blank is
    the last class unless ``blank_index`` says otherwise."""
    tf = _tf()
    inputs = tf.convert_to_tensor(inputs)
    blank = inputs.shape[-1] - 1 if blank_index is None else blank_index
    if blank < 0:
        blank += inputs.shape[-1]
    outs = tf.numpy_function(
        lambda x, n: _greedy_paths(x, n, bool(merge_repeated), blank),
        [inputs, sequence_length], [tf.int64] * 3 + [inputs.dtype], stateful=False)
    return _sparse_outputs(tf, outs, 1), outs[-1]


def _beam_paths(inputs, lengths, beam_width: int, top_paths: int):
    from fluxion.keras.backend_legacy_ctc import beam_search_dense  # noqa: PLC0415

    outs = beam_search_dense(np.swapaxes(inputs, 0, 1), lengths, beam_width, top_paths,
                             merge_repeated=False)
    flat = []
    for dense in outs[:-1]:
        flat.extend(_sparse_of_paths([[int(v) for v in row if v >= 0] for row in dense],
                                     inputs.shape[1]))
    return (*flat, outs[-1])


def ctc_beam_search_decoder(inputs, sequence_length, beam_width=100, top_paths=1):
    """TF's CTC prefix beam search over time-major logits (T, B, C), blank the last class:
    ``(decoded, log_probabilities)`` with decoded ``top_paths`` SparseTensors and
    log_probabilities (B, top_paths)."""
    tf = _tf()
    from fluxion import errors  # noqa: PLC0415

    inputs = tf.convert_to_tensor(inputs)
    if top_paths > beam_width:
        raise errors.InvalidArgumentError(None, None,
                                          "requested more paths than the beam width.")
    outs = tf.numpy_function(
        lambda x, n: _beam_paths(x, n, int(beam_width), int(top_paths)),
        [inputs, sequence_length], [tf.int64] * (3 * top_paths) + [inputs.dtype],
        stateful=False)
    return _sparse_outputs(tf, outs, top_paths), outs[-1]


# --- label helpers --------------------------------------------------------------------------------
def _unique_rows(labels):
    uniq = np.zeros(labels.shape, np.int64)
    idx = np.zeros(labels.shape, np.int32)
    for b, row in enumerate(labels):
        seen: dict = {}
        for j, v in enumerate(row.tolist()):
            idx[b, j] = seen.setdefault(v, len(seen))
        uniq[b, :len(seen)] = list(seen)
    return uniq, idx


def ctc_unique_labels(labels, name=None):
    """Per row of (batch, max_label) ``labels``: its distinct values in order of first
    appearance (int64), padded with 0, and the index of each label in them (int32)."""
    tf = _tf()
    labels = tf.convert_to_tensor(labels)
    uniq, idx = tf.numpy_function(_unique_rows, [labels], [tf.int64, tf.int32],
                                  stateful=False)
    uniq.set_shape(labels.shape)
    idx.set_shape(labels.shape)
    return [uniq, idx]


def _collapse_rows(labels, lengths):
    rows = []
    for row, n in zip(labels, lengths):
        out = [v for j, v in enumerate(row[:int(n)].tolist()) if j == 0 or v != row[j - 1]]
        rows.append(out)
    width = max((len(r) for r in rows), default=0)
    collapsed = np.zeros((labels.shape[0], width), labels.dtype)
    for b, r in enumerate(rows):
        collapsed[b, :len(r)] = r
    return collapsed, np.asarray([len(r) for r in rows], np.int32)


def collapse_repeated(labels, seq_length, name=None):
    """Merges runs of equal labels in each row's first ``seq_length`` entries:
    ``(collapsed labels padded with 0 to the longest result, new lengths int32)``."""
    tf = _tf()
    labels = tf.convert_to_tensor(labels)
    out, lengths = tf.numpy_function(_collapse_rows, [labels, seq_length],
                                     [labels.dtype, tf.int32], stateful=False)
    return out, lengths
