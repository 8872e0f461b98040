"""CTC prefix beam search as TF's ``CTCBeamSearchDecoder`` runs it (used by
``tf.keras.backend.ctc_decode(..., greedy=False)``).

The search is sequential and data-dependent (a trie of label prefixes pruned to ``beam_width``
leaves each step), so it runs in NumPy/Python inside a ``numpy_function`` op: it works eagerly
and in traced graphs, and like TF's op it has no gradient. Semantics kept from TF: scores are
log-space sums of each step's log-softmax of the inputs, the blank is the last class, a prefix
that drops out of the beam loses its accumulated probability, and ``merge_repeated`` collapses
equal neighbours of the final label sequence.
"""
from __future__ import annotations

import math

import numpy as np

import fluxion as tf
from fluxion import errors

_NEG = -math.inf


def _lse(a: float, b: float) -> float:
    if a == _NEG:
        return b
    if b == _NEG:
        return a
    return a + math.log1p(math.exp(b - a)) if a > b else b + math.log1p(math.exp(a - b))


class _Entry:
    """A trie node: one label prefix, with its probabilities now (new_*) and one step ago."""

    __slots__ = ("children", "label", "new", "old", "parent")

    def __init__(self, parent, label: int) -> None:
        self.parent = parent
        self.label = label
        self.children: dict = {}
        self.new = [_NEG, _NEG, _NEG]  # total, blank, label (log space)
        self.old = [_NEG, _NEG, _NEG]

    def active(self) -> bool:
        return self.new[0] != _NEG

    def child(self, label: int) -> _Entry:
        c = self.children.get(label)
        if c is None:
            c = self.children[label] = _Entry(self, label)
        return c

    def labels(self, merge_repeated: bool) -> list:
        out, prev, node = [], -1, self
        while node.parent is not None:
            if not merge_repeated or node.label != prev:
                out.append(node.label)
            prev = node.label
            node = node.parent
        return out[::-1]


def _candidate(prob, leaves, beam_width) -> bool:
    return prob[0] > _NEG and (len(leaves) < beam_width or
                               prob[0] > min(e.new[0] for e in leaves))


def _extend(leaves, row, beam_width):
    """Carries every leaf one step (blank or repeated last label) and grows children."""
    blank = row.shape[0] - 1
    peak = float(row.max())
    top = peak + math.log(float(np.exp(row - peak).sum()))  # log-softmax normaliser
    branches = sorted(leaves, key=lambda e: -e.new[0])
    for b in branches:
        b.old = list(b.new)
    leaves = []
    for b in branches:
        if b.parent is not None:
            if b.parent.active():
                p = b.parent
                prev = p.old[1] if b.label == p.label else p.old[0]
                b.new[2] = _lse(b.new[2], prev)
            b.new[2] += float(row[b.label]) - top
        b.new[1] = b.old[0] + float(row[blank]) - top
        b.new[0] = _lse(b.new[1], b.new[2])
        leaves.append(b)
    for b in branches:
        if not _candidate(b.old, leaves, beam_width):
            continue
        for label in range(blank):
            c = b.child(label)
            if c.active():
                continue
            prev = b.old[1] if label == b.label else b.old[0]
            score = float(row[label]) - top + prev
            c.new = [score, _NEG, score]
            if _candidate(c.new, leaves, beam_width):
                if len(leaves) == beam_width:  # the weakest leaf leaves the beam
                    bottom = min(leaves, key=lambda e: e.new[0])
                    bottom.new = [_NEG, _NEG, _NEG]
                    leaves.remove(bottom)
                leaves.append(c)
            else:
                c.new, c.old = [_NEG, _NEG, _NEG], [_NEG, _NEG, _NEG]
    return leaves


def _search(steps, beam_width: int, top_paths: int, merge_repeated: bool):
    """(paths, log_probs) of one sequence of input rows (time, classes)."""
    root = _Entry(None, -1)
    root.new = [0.0, 0.0, _NEG]
    leaves = [root]
    for row in steps:
        leaves = _extend(leaves, row, beam_width)
    if top_paths > len(leaves):
        raise errors.InvalidArgumentError(
            None, None, "Less leaves in the beam search than requested.")
    best = sorted(leaves, key=lambda e: -e.new[0])[:top_paths]
    return [e.labels(merge_repeated) for e in best], [e.new[0] for e in best]


def beam_search_dense(inputs, lengths, beam_width: int, top_paths: int,
                      merge_repeated: bool = True):
    """NumPy: inputs (batch, time, classes) -> top_paths int64 arrays (batch, time) padded
    with -1, and log probabilities (batch, top_paths) in the inputs' dtype."""
    batch, steps = inputs.shape[0], inputs.shape[1]
    dense = [np.full((batch, steps), -1, np.int64) for _ in range(top_paths)]
    scores = np.zeros((batch, top_paths), inputs.dtype)
    for b in range(batch):
        paths, probs = _search(inputs[b, :int(lengths[b])].astype(np.float64), beam_width,
                               top_paths, merge_repeated)
        for k, path in enumerate(paths):
            dense[k][b, :len(path)] = path
        scores[b] = probs
    return (*dense, scores)


def ctc_beam_search(logits, lengths, beam_width: int, top_paths: int):
    """``([decoded (batch, time) int64] * top_paths, log_probs (batch, top_paths))``."""
    if top_paths > beam_width:
        raise errors.InvalidArgumentError(None, None,
                                          "requested more paths than the beam width.")
    outs = tf.numpy_function(
        lambda x, n: beam_search_dense(x, n, beam_width, top_paths),
        [logits, lengths], [tf.int64] * top_paths + [logits.dtype], stateful=False)
    return list(outs[:-1]), outs[-1]
