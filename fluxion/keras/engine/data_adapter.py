"""What `fit`/`evaluate`/`predict` accept as data, turned into an epoch's batches.

Arrays and tensors (nested in tuples, lists and dicts) are sliced into batches, shuffled each
epoch when asked; `fluxion.data.Dataset`s, Python generators and `keras.utils.PyDataset`s are
iterated as they are. Every batch is a tuple `(x,)`, `(x, y)` or `(x, y, sample_weight)`.
"""
from __future__ import annotations

import math

import numpy as np

from fluxion.core import nest
from fluxion.core.tensor import Tensor, wrap


def unpack_x_y_sample_weight(data):
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(f"Data is expected to be in format `x`, `(x,)`, `(x, y)`, or "
                     f"`(x, y, sample_weight)`, found: {data}")


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    if y is None:
        # a single x stays unwrapped (no ambiguity), so arrays and datasets reach train_step alike
        return (x,) if isinstance(x, (tuple, list)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def _is_array(v) -> bool:
    return isinstance(v, (np.ndarray, Tensor)) or hasattr(v, "_value") or \
        (isinstance(v, (list, tuple)) and v and all(isinstance(i, (int, float)) for i in v))


def _as_array(v):
    """NumPy data as fed to a model: float64 arrays become Keras' floatx (float32), as
    Keras' array adapters do; tensors keep their dtype."""
    if hasattr(v, "_value"):
        return np.asarray(v._value)
    a = np.asarray(v)
    if a.dtype == np.float64:
        from fluxion.keras import backend  # noqa: PLC0415

        a = a.astype(backend.floatx())
    elif a.dtype.kind in "US":  # NumPy text arrays: string tensors (UTF-8 bytes objects)
        from fluxion.core import dtypes  # noqa: PLC0415
        from fluxion.core.tensor import to_array  # noqa: PLC0415

        a = to_array(a, dtypes.string)
    return a


def _is_dataset(x) -> bool:
    return hasattr(x, "element_spec") and hasattr(x, "__iter__")


def _class_weights(y, class_weight: dict):
    y = _as_array(y)
    ids = y.argmax(-1) if y.ndim > 1 and y.shape[-1] > 1 else y.reshape(len(y), -1)[:, 0]
    ids = np.round(ids).astype(np.int64)
    table = np.ones(max(int(ids.max(initial=0)) + 1, max(class_weight) + 1), np.float32)
    for k, w in class_weight.items():
        table[int(k)] = w
    return table[ids]


class EpochData:
    """One source of batches; `steps` is the number per epoch when it is known."""

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None,
                 shuffle=False, class_weight=None) -> None:
        self.steps_per_epoch = steps_per_epoch
        self.kind = "arrays"
        self._epoch_iterator = None
        if _is_dataset(x) or hasattr(x, "__next__") or _is_pydataset(x):
            if y is not None or sample_weight is not None:
                what = "a dataset" if _is_dataset(x) else "a generator or PyDataset"
                raise ValueError(f"When providing `x` as {what}, `y` and `sample_weight` are "
                                 f"not supported: include them in the elements of `x`")
            self.kind = "dataset" if _is_dataset(x) else (
                "pydataset" if _is_pydataset(x) else "generator")
            self.source = x
            self.class_weight = class_weight
            self.num_samples = None
            return
        if class_weight is not None:
            if y is None:
                raise ValueError("`class_weight` needs targets `y`")
            weights = _class_weights(y, class_weight)
            sample_weight = weights if sample_weight is None else \
                _as_array(sample_weight) * weights
        self.arrays = nest.map_structure(_as_array, pack_x_y_sample_weight(x, y, sample_weight))
        flat = nest.flatten(self.arrays)
        sizes = {a.shape[0] if a.ndim else None for a in flat}
        if None in sizes or len(sizes) != 1:
            raise ValueError(f"Data cardinality is ambiguous: make sure all arrays contain the "
                             f"same number of samples. Sizes: "
                             f"{[a.shape[0] if a.ndim else '()' for a in flat]}")
        self.num_samples = sizes.pop()
        self.batch_size = batch_size or 32
        self.shuffle = shuffle

    @property
    def steps(self):
        if self.steps_per_epoch is not None:
            return self.steps_per_epoch
        if self.kind == "arrays":
            return math.ceil(self.num_samples / self.batch_size)
        if self.kind == "pydataset":
            return len(self.source)
        if self.kind == "dataset":
            n = _cardinality(self.source)
            return n if n >= 0 else None
        return None

    def batches(self):
        """One epoch of batches (as tuples of tensors)."""
        if self.kind == "arrays":
            yield from self._array_batches()
            return
        if self.kind == "pydataset":  # with Keras' epoch hooks around the epoch's batches
            getattr(self.source, "on_epoch_begin", lambda: None)()
            source = (self.source[i] for i in range(len(self.source)))
        elif self.kind == "dataset" and self.steps_per_epoch is not None:
            if self._epoch_iterator is None:  # steps_per_epoch: carry on where it stopped
                self._epoch_iterator = iter(self.source)
            source = self._epoch_iterator
        elif self.kind == "dataset":
            source = iter(self.source)
        else:
            source = self.source
        for step, element in enumerate(source):
            if self.steps_per_epoch is not None and step >= self.steps_per_epoch:
                break
            x, y, sw = unpack_x_y_sample_weight(element)
            if self.class_weight is not None and y is not None:
                extra = _class_weights(y, self.class_weight)
                sw = extra if sw is None else _as_array(sw) * extra
            yield nest.map_structure(_to_tensor, pack_x_y_sample_weight(x, y, sw))
            if self.steps_per_epoch is not None and step + 1 >= self.steps_per_epoch:
                break
        if self.kind == "pydataset":
            self.source.on_epoch_end()

    def _array_batches(self):
        n, bs = self.num_samples, self.batch_size
        order = None
        if self.shuffle == "batch":
            starts = np.random.permutation(math.ceil(n / bs)) * bs
            order = np.concatenate([np.random.permutation(np.arange(s, min(s + bs, n)))
                                    for s in starts]) if n else np.arange(0)
        elif self.shuffle:
            order = np.random.permutation(n)
        steps = self.steps
        for step in range(steps):
            lo = (step * bs) % n if n else 0
            hi = min(lo + bs, n)
            if order is None:
                pick = lambda a, lo=lo, hi=hi: wrap(a[lo:hi])  # noqa: E731 - a view, no copy
            else:
                idx = order[lo:hi]
                pick = lambda a, idx=idx: wrap(a[idx])  # noqa: E731
            yield nest.map_structure(pick, self.arrays)


def _to_tensor(v):
    if v is None or isinstance(v, Tensor):
        return v
    if hasattr(v, "_value"):
        return wrap(np.asarray(v._value))
    return wrap(_as_array(v))


def _is_pydataset(x) -> bool:
    return hasattr(x, "__getitem__") and hasattr(x, "__len__") and \
        hasattr(x, "on_epoch_end") and not isinstance(x, (np.ndarray, list, tuple, dict))


def _cardinality(dataset) -> int:
    fn = getattr(dataset, "cardinality", None)
    if fn is None:
        return -2
    n = fn()
    return int(np.asarray(getattr(n, "_value", n)))


def split_validation(x, y, sample_weight, validation_split: float):
    """The last `validation_split` of array data, before any shuffling (as Keras)."""
    if _is_dataset(x) or hasattr(x, "__next__") or _is_pydataset(x):
        raise ValueError("`validation_split` is only supported for Tensors or NumPy arrays, "
                         f"found following types in the input: {type(x)}")
    arrays = tuple(None if v is None else nest.map_structure(_as_array, v)
                   for v in (x, y, sample_weight))
    n = nest.flatten(arrays[0])[0].shape[0]
    cut = int(math.floor(n * (1.0 - validation_split)))
    if cut == 0 or cut == n:
        raise ValueError(f"Training data contains {cut} samples, which is not sufficient to "
                         f"split it into a validation and training set as specified by "
                         f"`validation_split={validation_split}`.")
    train = tuple(None if v is None else nest.map_structure(lambda a: a[:cut], v)
                  for v in arrays)
    val = tuple(None if v is None else nest.map_structure(lambda a: a[cut:], v)
                for v in arrays)
    return train, val
