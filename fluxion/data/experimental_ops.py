"""The rest of ``tf.data.experimental``: group_by_reducer, rejection_resample, snapshot,
pad_to_cardinality, `at`, table initializers from datasets, batched-feature readers, and the
device-placement transformations (identities on one CPU)."""
from __future__ import annotations

import enum
import os

import numpy as np

from fluxion.core.tensor import wrap
from fluxion.data import structure
from fluxion.data.dataset import Dataset
from fluxion.data.functions import DatasetFunction, _example, _leaf_array, call_unpacked
from fluxion.errors import InvalidArgumentError, OutOfRangeError

SHARD_HINT = -1


class AutotuneAlgorithm(enum.Enum):
    DEFAULT = 0
    HILL_CLIMB = 1
    GRADIENT_DESCENT = 2
    MAX_PARALLELISM = 3
    STAGE_BASED = 4


# --- group_by_reducer ----------------------------------------------------------------------------
class Reducer:
    """``Reducer(init_func, reduce_func, finalize_func)``: a per-key fold for group_by_reducer."""

    def __init__(self, init_func, reduce_func, finalize_func) -> None:
        self.init_func, self.reduce_func, self.finalize_func = init_func, reduce_func, finalize_func


class GroupByReducerDataset(Dataset):
    """One element per key (in the order keys first appear): the key's elements folded with the
    reducer, then finalized. Functions run eagerly, on Tensors."""

    def __init__(self, dataset: Dataset, key_func, reducer: Reducer) -> None:
        self._input, self._key_func, self._reducer = dataset, key_func, reducer
        key = DatasetFunction(key_func, dataset.element_spec, "group_by_reducer", eager=True)
        spec = key.output_structure
        if not (isinstance(spec, structure.TensorSpec) and spec.dtype.name == "int64"
                and spec.shape.rank == 0):
            raise ValueError(f"Invalid `key_func`. Expected `key_func` to return a scalar "
                             f"tf.int64 tensor, but instead `key_func` has output types={spec}")
        self._key = key
        example = tuple(_example(s, 1, False) for s in structure.flatten(dataset.element_spec))
        first = self._finish(self._reduce(self._start(0), example))
        super().__init__(structure.map_specs(structure.spec_of, first),
                         structure.UNKNOWN, (dataset,))

    def _start(self, key: int):
        return self._reducer.init_func(wrap(np.int64(key)))

    def _reduce(self, state, flat):
        element = structure.pack(self._input.element_spec,
                                 [wrap(a) if type(a) is np.ndarray else a for a in flat])
        return self._reducer.reduce_func(state, element)

    def _finish(self, state):
        state = structure.normalize_output(state)  # a tuple state is unpacked, as TF does
        return structure.normalize_output(call_unpacked(self._reducer.finalize_func, state))

    def _elements(self):
        states = {}
        for flat in self._input._elements():
            key = int(self._key(flat)[0])
            states[key] = self._reduce(states[key] if key in states else self._start(key), flat)
        for state in states.values():
            yield tuple(_leaf_array(x) for x in structure.flatten(self._finish(state)))


def group_by_reducer(key_func, reducer: Reducer):
    return lambda dataset: GroupByReducerDataset(dataset, key_func, reducer)


# --- rejection_resample --------------------------------------------------------------------------
class RejectionResampleDataset(Dataset):
    """(class, element) pairs: each element kept with probability a_c = (t_c / p_c) / max_j
    (t_j / p_j), t the target distribution and p the initial one (when not given, estimated
    from the classes seen so far), so the kept classes follow `target_dist`."""

    def __init__(self, dataset: Dataset, class_func, target_dist, initial_dist, seed) -> None:
        self._input = dataset
        self._class = DatasetFunction(class_func, dataset.element_spec, "rejection_resample")
        spec = self._class.output_structure
        if not (isinstance(spec, structure.TensorSpec) and spec.dtype.is_integer
                and spec.shape.rank == 0):
            raise ValueError(f"rejection_resample: `class_func` must return a scalar integer "
                             f"tensor, got {spec}")
        self._target = _distribution(target_dist, "target_dist")
        self._initial = None if initial_dist is None else _distribution(initial_dist,
                                                                         "initial_dist")
        if self._initial is not None and self._initial.shape != self._target.shape:
            raise ValueError(f"rejection_resample: `initial_dist` has {len(self._initial)} "
                             f"classes and `target_dist` {len(self._target)}")
        self._seed = seed
        super().__init__((structure.TensorSpec([], spec.dtype), dataset.element_spec),
                         structure.UNKNOWN, (dataset,))

    def _elements(self):
        rng = np.random.default_rng(self._seed)
        n = len(self._target)
        counts = np.zeros(n)
        for flat in self._input._elements():
            label = self._class(flat)[0]
            c = int(label)
            if not 0 <= c < n:
                raise InvalidArgumentError(f"rejection_resample: class {c} is outside "
                                           f"[0, {n}) of target_dist")
            counts[c] += 1
            initial = self._initial if self._initial is not None else counts / counts.sum()
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(initial > 0, self._target / initial, 0.0)
            top = ratio.max()
            if top > 0 and rng.random() < ratio[c] / top:
                yield (np.asarray(label),) + tuple(flat)


def _distribution(value, name: str) -> np.ndarray:
    dist = np.asarray(getattr(value, "_value", value), np.float64).reshape(-1)
    if dist.size == 0 or np.any(dist < 0) or not np.isclose(dist.sum(), 1.0, atol=1e-3):
        raise InvalidArgumentError(f"rejection_resample: `{name}` must be a probability "
                                   f"vector (non-negative, summing to 1), got {dist.tolist()}")
    return dist


def rejection_resample(class_func, target_dist, initial_dist=None, seed=None):
    return lambda dataset: dataset.rejection_resample(class_func, target_dist, initial_dist,
                                                      seed)


# --- snapshot ------------------------------------------------------------------------------------
class SnapshotDataset(Dataset):
    """``snapshot(path)``: the first complete pass writes the elements under `path` (saved as
    `Dataset.save` does, into a temporary folder renamed when the pass ends); later passes,
    and later pipelines given the same path, read them back instead of the input."""

    def __init__(self, dataset: Dataset, path, compression="AUTO") -> None:
        self._input = dataset
        self._path = os.fspath(getattr(path, "_value", path) if not isinstance(path, bytes)
                               else path.decode())
        if isinstance(self._path, np.ndarray):
            self._path = str(self._path.item().decode())
        self._compression = None if compression in ("AUTO", None, "") else compression
        super().__init__(dataset.element_spec, dataset._card, (dataset,))

    def _done(self) -> bool:
        from fluxion.data import persist  # noqa: PLC0415

        return os.path.exists(os.path.join(self._path, persist.SPEC_FILE))

    def _elements(self):
        from fluxion.data import persist  # noqa: PLC0415

        if self._done():
            yield from persist.load(self._path, self.element_spec,
                                    self._compression)._elements()
            return
        yield from persist.write_through(self._input, self._path, self._compression)


def snapshot(path, compression="AUTO", reader_func=None, shard_func=None):
    return lambda dataset: SnapshotDataset(dataset, path, compression)


# --- small transformations -----------------------------------------------------------------------
def pad_to_cardinality(cardinality, mask_key="valid"):
    """Pads a dataset of dicts to `cardinality` elements with zeros, adding a bool `mask_key`
    component that is True for the original elements."""

    def apply(dataset: Dataset) -> Dataset:
        spec = dataset.element_spec
        if not isinstance(spec, dict):
            raise ValueError(f"`pad_to_cardinality` requires its input dataset to be a "
                             f"dictionary, got {spec}")
        if mask_key in spec:
            raise ValueError(f"`mask_key` {mask_key!r} is already a key of the dataset's "
                             f"elements")
        n = dataset._card
        if n < 0:
            raise ValueError(f"The dataset passed into `pad_to_cardinality` must have a known "
                             f"cardinalty, but has cardinality {n}")
        if n > cardinality:
            raise ValueError(f"The dataset passed into `pad_to_cardinality` must have a "
                             f"cardinalty less than the target cardinality ({cardinality}), "
                             f"but has cardinality {n}")
        from fluxion.core import tensor as _tensor  # noqa: PLC0415

        def with_mask(x):
            return {**x, mask_key: _tensor.wrap(np.array(True))}

        for s in spec.values():
            if not isinstance(s, structure.TensorSpec) or not s.shape.is_fully_defined():
                raise ValueError(f"`pad_to_cardinality` needs components of known shape, "
                                 f"got {s}")
        padding = {k: np.zeros(s.shape.as_list(), s.dtype._np) if s.dtype.name != "string"
                   else np.full(s.shape.as_list(), b"", object) for k, s in spec.items()}
        padding[mask_key] = np.array(False)
        pad = Dataset.from_tensors(padding).repeat(cardinality - n)
        return dataset.map(with_mask).concatenate(pad)

    return apply


def at(dataset: Dataset, index):
    """The element at `index` (OutOfRangeError past the end)."""
    index = structure.int64_arg(index, "index")
    if index < 0:
        raise InvalidArgumentError(f"Index out of range: {index}")
    for i, element in enumerate(dataset):
        if i == index:
            return element
    raise OutOfRangeError(None, None, f"at: index {index} is out of range (the dataset has "
                                      f"fewer elements)")


def copy_to_device(target_device, source_device="/cpu:0"):
    return lambda dataset: dataset


def prefetch_to_device(device, buffer_size=None):
    return lambda dataset: dataset.prefetch(1 if buffer_size is None else buffer_size)


_DEBUG = [False]


def enable_debug_mode() -> None:
    """Pipelines already run user functions in order here; recorded for `tf.data` callers."""
    _DEBUG[0] = True


def dense_to_ragged_batch(batch_size, drop_remainder=False, row_splits_dtype=None):
    return lambda dataset: dataset.ragged_batch(batch_size, drop_remainder, row_splits_dtype)


def dense_to_sparse_batch(batch_size, row_shape):
    return lambda dataset: dataset.sparse_batch(batch_size, row_shape)


def parse_example_dataset(features, num_parallel_calls=1, deterministic=None):
    """A transformation of batches of serialized Examples into dicts of features."""
    from fluxion.io import parse_example  # noqa: PLC0415

    return lambda dataset: dataset.map(lambda s: parse_example(s, features),
                                       num_parallel_calls=num_parallel_calls)


def make_batched_features_dataset(file_pattern, batch_size, features, reader=None,
                                  label_key=None, reader_args=None, num_epochs=None,
                                  shuffle=True, shuffle_buffer_size=10000, shuffle_seed=None,
                                  prefetch_buffer_size=None, reader_num_threads=None,
                                  parser_num_threads=None, sloppy_ordering=False,
                                  drop_final_batch=False):
    """Batches of parsed Examples read from the files matching `file_pattern` (a dict, or
    (features, label) when `label_key` names a feature)."""
    from fluxion.data.readers import TFRecordDataset  # noqa: PLC0415
    from fluxion.io import gfile  # noqa: PLC0415

    patterns = [file_pattern] if isinstance(file_pattern, (str, bytes)) else list(file_pattern)
    files = sorted({f for p in patterns for f in gfile.glob(p)})
    if not files:
        raise InvalidArgumentError(f"No files match `file_pattern` {file_pattern}.")
    if label_key is not None and label_key not in features:
        raise ValueError(f"The `label_key` provided ({label_key}) must be one of the "
                         f"`features` keys.")
    reader = TFRecordDataset if reader is None else reader
    dataset = Dataset.from_tensor_slices(files)
    if shuffle:
        dataset = dataset.shuffle(len(files), seed=shuffle_seed)
    dataset = dataset.flat_map(lambda f: reader(f, *(reader_args or [])))
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, seed=shuffle_seed)
    dataset = dataset.batch(batch_size, drop_remainder=drop_final_batch)
    dataset = dataset.apply(parse_example_dataset(features))
    if label_key is not None:
        dataset = dataset.map(lambda x: ({k: v for k, v in x.items() if k != label_key},
                                         x[label_key]))
    return dataset.prefetch(-1 if prefetch_buffer_size is None else prefetch_buffer_size)


# --- lookup tables from datasets -----------------------------------------------------------------
class DatasetInitializer:
    """A lookup-table initializer from a dataset of (key, value) pairs."""

    def __init__(self, dataset: Dataset) -> None:
        spec = dataset.element_spec
        if not (isinstance(spec, tuple) and len(spec) == 2):
            raise ValueError(f"The dataset must contain elements of length 2, got {spec}")
        self.dataset = dataset
        self.key_dtype, self.value_dtype = spec[0].dtype, spec[1].dtype

    def _arrays(self) -> tuple:
        keys, values = [], []
        for flat in self.dataset._elements():
            keys.append(flat[0][()])
            values.append(flat[1][()])
        key_np = object if self.key_dtype.name == "string" else self.key_dtype._np
        return (np.array(keys, dtype=key_np).reshape(-1),
                np.array(values, dtype=self.value_dtype._np if self.value_dtype.name != "string"
                         else object))


def table_from_dataset(dataset=None, num_oov_buckets=0, vocab_size=None, default_value=None,
                       hasher_spec=None, key_dtype=None, name=None):
    """A StaticHashTable (or, with OOV buckets, a StaticVocabularyTable) of (key, value)
    pairs."""
    from fluxion import lookup  # noqa: PLC0415

    if vocab_size is not None:
        dataset = dataset.take(vocab_size)
    init = DatasetInitializer(dataset)
    if key_dtype is not None and init.key_dtype.name != _dtype_name(key_dtype):
        raise TypeError(f"Invalid `key_dtype`, expected {key_dtype} but got "
                        f"{init.key_dtype}.")
    if num_oov_buckets:
        return lookup.StaticVocabularyTable(init, num_oov_buckets)
    if default_value is None:
        raise ValueError("`default_value` must be given when `num_oov_buckets` is 0.")
    return lookup.StaticHashTable(init, default_value)


def index_table_from_dataset(dataset=None, num_oov_buckets=0, vocab_size=None,
                             default_value=-1, hasher_spec=None, key_dtype=None, name=None):
    """Keys of `dataset` mapped to their positions (int64)."""
    pairs = dataset.enumerate().map(lambda i, k: (k, i))
    return table_from_dataset(pairs, num_oov_buckets, vocab_size, default_value,
                              hasher_spec, key_dtype, name)


def _dtype_name(dtype) -> str:
    from fluxion.core import dtypes  # noqa: PLC0415

    return dtypes.as_dtype(dtype).name

