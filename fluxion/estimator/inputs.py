"""``tf.compat.v1.estimator.inputs``: input functions over NumPy arrays (TF1's
`numpy_input_fn`), as tf.data pipelines."""
from __future__ import annotations

import numpy as np


def _lengths(arrays: dict) -> set:
    return {len(np.asarray(v)) for v in arrays.values()}


def numpy_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000,
                   num_threads=1):
    """An input_fn giving (features, labels) batches of `x` (an array or a dict of arrays)
    and `y`, for `num_epochs` epochs (None: forever), shuffled each epoch when `shuffle`."""
    if not isinstance(shuffle, bool):
        raise ValueError(  # noqa: TRY004 - TF raises ValueError
            f"shuffle must be provided and explicitly set as boolean (it is recommended to set "
            f"it as True for training); got {shuffle}")
    features = dict(x) if isinstance(x, dict) else {"__x__": x}
    labels = None if y is None else (dict(y) if isinstance(y, dict) else {"__y__": y})
    if labels is not None:
        shared = sorted(set(features) & set(labels))
        if shared:
            raise ValueError(f"{len(shared)} duplicate keys are found in both x and y: {shared}")
    lengths = _lengths({**features, **(labels or {})})
    if len(lengths) > 1:
        raise ValueError("Length of tensors in x and y is mismatched. All elements in x and y "
                         "must have the same length.")
    rows = max(lengths) if lengths else 1

    def input_fn():
        from fluxion.data import Dataset

        fx = {k: np.asarray(v) for k, v in features.items()}
        element = fx.get("__x__", fx)
        if labels is not None:
            fy = {k: np.asarray(v) for k, v in labels.items()}
            element = (element, fy.get("__y__", fy))
        dataset = Dataset.from_tensor_slices(element)
        if shuffle:
            dataset = dataset.shuffle(max(rows, 1), reshuffle_each_iteration=True)
        return dataset.repeat(num_epochs).batch(batch_size)

    return input_fn


__all__ = ["numpy_input_fn"]
