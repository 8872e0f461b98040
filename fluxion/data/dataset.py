"""``tf.data.Dataset``: the base class, its iterators, and the methods that build pipelines.

A dataset knows its `element_spec` (a nest of TensorSpec), its cardinality, and how to produce
its elements: `_elements()` returns a fresh Python iterator of flat tuples of NumPy arrays. The
transformations (`fluxion.data.transforms`, `.parallel`, `.cache`) are small subclasses whose
`_elements` pull from their inputs; Tensors are made only when elements leave the pipeline
(`iter(ds)`), so a stage costs a generator step and its NumPy work.
"""
from __future__ import annotations

import numpy as np

from fluxion.core.tensor import wrap
from fluxion.data import structure
from fluxion.data.options import Options
from fluxion.data.structure import INFINITE, UNKNOWN, int64_arg
from fluxion.errors import InvalidArgumentError, OutOfRangeError


class Dataset:
    """A pipeline of elements. Subclasses call `__init__` with their element spec nest, their
    cardinality (`INFINITE` -1, `UNKNOWN` -2) and input datasets, and define `_elements`."""

    def __init__(self, element_spec, cardinality: int, inputs=()) -> None:
        self._structure = element_spec
        self._card = int(cardinality)
        self._inputs = tuple(inputs)
        self._options = None

    def _elements(self):
        """A new iterator of flat element tuples (NumPy arrays, or datasets for `window`)."""
        raise NotImplementedError

    # --- description ---------------------------------------------------------------------------
    @property
    def element_spec(self):
        return self._structure

    def cardinality(self):
        """The number of elements as an int64 tensor: -1 infinite, -2 unknown."""
        return wrap(np.array(self._card, np.int64))

    def __len__(self) -> int:
        if self._card == INFINITE:
            raise TypeError("The dataset is infinite.")
        if self._card == UNKNOWN:
            raise TypeError("The dataset length is unknown.")
        return self._card

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        name = getattr(type(self), "_tf_name", None) or "_" + type(self).__name__
        return f"<{name} element_spec={self._structure}>"

    def options(self) -> Options:
        merged = Options()
        for source in self._inputs:
            merged = merged.merge(source.options())
        return merged if self._options is None else merged.merge(self._options)

    def with_options(self, options, name=None) -> Dataset:
        if not isinstance(options, Options):
            raise TypeError(f"`with_options` expects a tf.data.Options, got {options!r}")
        return _t.OptionsDataset(self, options)

    # --- iteration -----------------------------------------------------------------------------
    def __iter__(self) -> OwnedIterator:
        return OwnedIterator(self)

    def as_numpy_iterator(self) -> NumpyIterator:
        """Elements as NumPy values (scalars as NumPy scalars, strings as bytes)."""
        for spec in structure.flatten(self._structure):
            if not structure.is_tensor_spec(spec):
                raise TypeError("`tf.data.Dataset.as_numpy_iterator()` is not supported for "
                                "datasets that produce values of type <class 'Dataset'>")
        return NumpyIterator(self)

    def _numpy_iterator(self):
        """Elements as nests of NumPy arrays (0-d arrays for scalars; datasets for `window`
        components), without making Tensors: for AutoGraph's `for x in dataset` in a trace."""
        pack = structure.array_packer(self._structure)
        for flat in self._elements():
            yield pack(flat)

    # --- reductions ----------------------------------------------------------------------------
    def reduce(self, initial_state, reduce_func, name=None):
        """Folds `reduce_func(state, element)` over the dataset; the state's shape may change."""
        from fluxion.data.transforms import traced_state_function  # noqa: PLC0415

        state, fn, state_spec = traced_state_function(self, initial_state, reduce_func,
                                                      "reduce", with_output=False)
        n = len(state)
        for element in self._elements():
            state = fn(state + element)
            if len(state) != n:
                raise InvalidArgumentError("reduce_func changed the state's structure")
        return structure.pack(state_spec, [wrap(a) for a in state])

    def get_single_element(self, name=None):
        """The only element (InvalidArgumentError when empty or longer, as TF)."""
        elements = self._elements()
        first = next(elements, None)
        if first is None:
            raise InvalidArgumentError("Dataset was empty.")
        if next(elements, None) is not None:
            raise InvalidArgumentError("Dataset had more than one element.")
        return structure.tensor_packer(self._structure)(first)

    def apply(self, transformation_func) -> Dataset:
        result = transformation_func(self)
        if not isinstance(result, Dataset):
            raise TypeError("`transformation_func` must return a `tf.data.Dataset` object.")
        return result

    # --- sources -------------------------------------------------------------------------------
    @staticmethod
    def from_tensors(tensors, name=None) -> Dataset:
        return _s.TensorDataset(tensors)

    @staticmethod
    def from_tensor_slices(tensors, name=None) -> Dataset:
        return _s.TensorSliceDataset(tensors)

    @staticmethod
    def range(*args, output_type=None, name=None) -> Dataset:  # noqa: A003 - TF's name
        return _s.RangeDataset(*args, output_type=output_type)

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None,
                       output_signature=None, name=None) -> Dataset:
        return _s.GeneratorDataset(generator, output_types, output_shapes, args,
                                   output_signature)

    @staticmethod
    def zip(*args, datasets=None, name=None) -> Dataset:  # noqa: A003 - TF's name
        if datasets is None:
            if not args:
                raise TypeError("Must pass at least one dataset to `zip`.")
            datasets = args[0] if len(args) == 1 else args
        elif args:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        return _s.ZipDataset(datasets)

    @staticmethod
    def list_files(file_pattern, shuffle=None, seed=None, name=None) -> Dataset:
        return _s.list_files(file_pattern, shuffle, seed)

    @staticmethod
    def random(seed=None, rerandomize_each_iteration=None, name=None) -> Dataset:
        return _s.RandomDataset(seed, bool(rerandomize_each_iteration))

    @staticmethod
    def counter(start=0, step=1, dtype=None, name=None) -> Dataset:
        return _s.CounterDataset(start, step, dtype)

    @staticmethod
    def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True
                             ) -> Dataset:
        return _t.ChooseDataset(datasets, choice_dataset, stop_on_empty_dataset)

    @staticmethod
    def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False,
                             rerandomize_each_iteration=None) -> Dataset:
        return _t.sample_from_datasets(datasets, weights, seed, stop_on_empty_dataset)

    # --- element-wise transformations ------------------------------------------------------
    def map(self, map_func, num_parallel_calls=None, deterministic=None,  # noqa: A003
            synchronous=None, use_unbounded_threadpool=False, name=None) -> Dataset:
        """Applies `map_func` (traced once into a graph) to every element; with
        `num_parallel_calls` (an int or `tf.data.AUTOTUNE`) on a pool of threads."""
        return _t.MapDataset(self, map_func, num_parallel_calls, deterministic)

    def filter(self, predicate, name=None) -> Dataset:  # noqa: A003 - TF's name
        return _t.FilterDataset(self, predicate)

    def flat_map(self, map_func, name=None) -> Dataset:
        return _p.InterleaveDataset(self, map_func, 1, 1, None, "flat_map")

    def interleave(self, map_func, cycle_length=None, block_length=None,
                   num_parallel_calls=None, deterministic=None, name=None) -> Dataset:
        return _p.InterleaveDataset(self, map_func, cycle_length, block_length,
                                    num_parallel_calls, "interleave")

    def scan(self, initial_state, scan_func, name=None) -> Dataset:
        return _t.ScanDataset(self, initial_state, scan_func)

    def enumerate(self, start=0, name=None) -> Dataset:  # noqa: A003 - TF's name
        return Dataset.zip((Dataset.counter(int64_arg(start, "start")), self))

    def unique(self, name=None) -> Dataset:
        return _t.UniqueDataset(self)

    def take_while(self, predicate, name=None) -> Dataset:
        return _t.TakeWhileDataset(self, predicate)

    # --- batching ------------------------------------------------------------------------------
    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None,
              deterministic=None, name=None) -> Dataset:
        return _b.BatchDataset(self, batch_size, drop_remainder)

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None,
                     drop_remainder=False, name=None) -> Dataset:
        return _b.PaddedBatchDataset(self, batch_size, padded_shapes, padding_values,
                                     drop_remainder)

    def ragged_batch(self, batch_size, drop_remainder=False, row_splits_dtype=None,
                     name=None) -> Dataset:
        """Like `batch`; components of varying shape become RaggedTensors (row splits
        int64 unless `row_splits_dtype`)."""
        from fluxion.ragged import dataset_ops  # noqa: PLC0415 - ragged loads lazily

        return dataset_ops.ragged_batch(self, batch_size, drop_remainder, row_splits_dtype)

    def ignore_errors(self, log_warning=False, name=None) -> Dataset:
        return _t.IgnoreErrorsDataset(self)

    def rejection_resample(self, class_func, target_dist, initial_dist=None, seed=None,
                           name=None) -> Dataset:
        from fluxion.data.experimental_ops import RejectionResampleDataset  # noqa: PLC0415

        return RejectionResampleDataset(self, class_func, target_dist, initial_dist, seed)

    def snapshot(self, path, compression="AUTO", reader_func=None, shard_func=None,
                 name=None) -> Dataset:
        from fluxion.data.experimental_ops import SnapshotDataset  # noqa: PLC0415

        return SnapshotDataset(self, path, compression)

    def sparse_batch(self, batch_size, row_shape, name=None) -> Dataset:
        """Elements of varying shape batched into SparseTensors of shape [batch, *row_shape]."""
        from fluxion.data.sparse_components import DenseToSparseBatchDataset  # noqa: PLC0415

        return DenseToSparseBatchDataset(self, batch_size, row_shape)

    def unbatch(self, name=None) -> Dataset:
        return _b.UnbatchDataset(self)

    def rebatch(self, batch_size, drop_remainder=False, name=None) -> Dataset:
        return _b.RebatchDataset(self, batch_size, drop_remainder)

    def window(self, size, shift=None, stride=1, drop_remainder=False, name=None) -> Dataset:
        return _b.WindowDataset(self, size, shift, stride, drop_remainder)

    def save(self, path, compression=None, shard_func=None, checkpoint_args=None) -> None:
        from fluxion.data import persist  # noqa: PLC0415

        persist.save(self, path, compression, shard_func, checkpoint_args)

    @staticmethod
    def load(path, element_spec=None, compression=None, reader_func=None, wait=False):
        from fluxion.data import persist  # noqa: PLC0415

        return persist.load(path, element_spec, compression, reader_func)

    def group_by_window(self, key_func, reduce_func, window_size=None, window_size_func=None,
                        name=None) -> Dataset:
        from fluxion.data import grouping  # noqa: PLC0415

        return grouping.GroupByWindowDataset(self, key_func, reduce_func, window_size,
                                             window_size_func)

    def bucket_by_sequence_length(self, element_length_func, bucket_boundaries,
                                  bucket_batch_sizes, padded_shapes=None, padding_values=None,
                                  pad_to_bucket_boundary=False, no_padding=False,
                                  drop_remainder=False, name=None) -> Dataset:
        from fluxion.data import grouping  # noqa: PLC0415

        return grouping.bucket_by_sequence_length(
            self, element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes,
            padding_values, pad_to_bucket_boundary, no_padding, drop_remainder)

    # --- order and count -----------------------------------------------------------------------
    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True,
                name=None) -> Dataset:
        return _t.ShuffleDataset(self, buffer_size, seed, reshuffle_each_iteration)

    def repeat(self, count=None, name=None) -> Dataset:
        return _t.RepeatDataset(self, count)

    def take(self, count, name=None) -> Dataset:
        return _t.TakeDataset(self, count)

    def skip(self, count, name=None) -> Dataset:
        return _t.SkipDataset(self, count)

    def shard(self, num_shards, index, name=None) -> Dataset:
        return _t.ShardDataset(self, num_shards, index)

    def concatenate(self, dataset, name=None) -> Dataset:
        return _t.ConcatenateDataset(self, dataset)

    # --- performance ---------------------------------------------------------------------------
    def prefetch(self, buffer_size, name=None) -> Dataset:
        """Runs the pipeline above on a background thread, `buffer_size` elements ahead."""
        return _p.PrefetchDataset(self, buffer_size)

    def cache(self, filename="", name=None) -> Dataset:
        """Keeps the elements of the first complete pass in memory, or in `filename`."""
        return _c.CacheDataset(self, filename)


class OwnedIterator:
    """``iter(dataset)``: yields elements as nests of Tensors."""

    def __init__(self, dataset: Dataset) -> None:
        self.element_spec = dataset.element_spec
        self._dataset = dataset
        self._elements = dataset._elements()
        self._pack = structure.tensor_packer(dataset.element_spec)
        self._position = 0  # elements handed out: what a checkpoint records

    def __iter__(self) -> OwnedIterator:
        return self

    def __next__(self):
        try:
            element = self._pack(next(self._elements))
        except StopIteration:
            self._elements = iter(())  # lets the pipeline (and its threads) go at once
            raise
        self._position += 1
        return element

    # tf.train.Checkpoint: the position in the pass. Restoring starts a fresh pass and skips
    # that many elements, which gives back exactly the same next element for deterministic
    # pipelines (shuffles with a seed included); other pipelines resume at the same count.
    def _checkpoint_state(self) -> dict:
        return {"position": self._position}

    def _restore_checkpoint_state(self, state: dict) -> None:
        self._elements = self._dataset._elements()
        self._position = 0
        for _ in range(int(state["position"])):
            try:
                next(self._elements)
            except StopIteration:
                self._elements = iter(())
                break
            self._position += 1

    def get_next(self):
        """The next element; `tf.errors.OutOfRangeError` at the end, as TF's iterators."""
        try:
            return self.__next__()
        except StopIteration:
            raise OutOfRangeError(None, None, "End of sequence") from None

    def get_next_as_optional(self) -> Optional:
        try:
            return Optional(self.__next__(), self.element_spec)
        except StopIteration:
            return Optional(None, self.element_spec)


class NumpyIterator:
    """``dataset.as_numpy_iterator()``."""

    def __init__(self, dataset: Dataset) -> None:
        self._elements = dataset._elements()
        self._pack = structure.numpy_packer(dataset.element_spec)

    def __iter__(self) -> NumpyIterator:
        return self

    def __next__(self):
        try:
            return self._pack(next(self._elements))
        except StopIteration:
            self._elements = iter(())
            raise

    next = __next__  # noqa: A003 - TF's iterator has it


class Optional:
    """``tf.experimental.Optional``: a value that may be absent."""

    def __init__(self, value, element_spec) -> None:
        self._value = value
        self.element_spec = element_spec

    @staticmethod
    def from_value(value) -> Optional:
        spec = structure.map_specs(structure.spec_of, structure.normalize(value))
        return Optional(structure.normalize_output(value), spec)

    @staticmethod
    def empty(element_spec) -> Optional:
        return Optional(None, element_spec)

    def has_value(self, name=None):
        return wrap(np.array(self._value is not None))

    def get_value(self, name=None):
        if self._value is None:
            raise InvalidArgumentError("The optional does not have a value.")
        return self._value


# the transformations subclass Dataset: imported after it exists
from fluxion.data import batching as _b  # noqa: E402
from fluxion.data import cache as _c  # noqa: E402
from fluxion.data import parallel as _p  # noqa: E402
from fluxion.data import sources as _s  # noqa: E402
from fluxion.data import transforms as _t  # noqa: E402
