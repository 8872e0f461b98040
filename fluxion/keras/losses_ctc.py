"""``keras.losses.CTC`` / ``ctc``: CTC loss of dense int labels (0 is the blank and the padding)
under batch-major logits, through ``keras.ops.ctc_loss`` (and so ``tf.nn.ctc_loss``)."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.losses_base import Loss, LossFunctionWrapper


def ctc(y_true, y_pred):
    """Per-sample CTC loss: y_true (batch, max_length) int labels, y_pred (batch, time,
    classes) unnormalised logits; every step of y_pred counts and label lengths are the
    numbers of non-zero labels."""
    from fluxion.keras.ops.nn_ctc import ctc_loss  # noqa: PLC0415

    y_true, y_pred = tf.convert_to_tensor(y_true), tf.convert_to_tensor(y_pred)
    if len(y_true.shape) != 2:
        raise ValueError("Targets `y_true` are expected to be a tensor of shape "
                         "`(batch_size, max_length)` in integer format. "
                         f"Received: y_true.shape={tuple(y_true.shape)}")
    if len(y_pred.shape) != 3:
        raise ValueError("Logits `y_pred` are expected to be a tensor of shape "
                         "`(batch_size, max_length, num_classes)`. "
                         f"Received: y_pred.shape={tuple(y_pred.shape)}")
    shape = tf.shape(y_pred)
    input_length = shape[1] * tf.ones(shape[:1], dtype="int32")
    label_length = tf.reduce_sum(tf.cast(tf.math.not_equal(y_true, 0), "int32"), axis=-1)
    return ctc_loss(y_true, y_pred, label_length, input_length, mask_index=0)


class CTC(LossFunctionWrapper):
    """CTC (Connectionist Temporal Classification) loss."""

    def __init__(self, reduction="sum_over_batch_size", name="ctc", dtype=None) -> None:
        super().__init__(ctc, name=name, reduction=reduction, dtype=dtype)

    def get_config(self) -> dict:
        return Loss.get_config(self)


__all__ = ["CTC", "ctc"]
