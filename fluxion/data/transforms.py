"""Element-wise and ordering transformations: map, filter, scan, unique, take_while, shuffle,
repeat, take, skip, shard, concatenate, choose/sample from datasets, with_options."""
from __future__ import annotations

import itertools
import os

import numpy as np

from fluxion.core import dtypes, nest
from fluxion.data import structure
from fluxion.data.dataset import Dataset
from fluxion.data.functions import DatasetFunction, check_predicate
from fluxion.data.structure import AUTOTUNE, INFINITE, UNKNOWN, flatten, int64_arg, pack
from fluxion.errors import InvalidArgumentError
from fluxion.graph.function import TensorSpec


def first_elements(dataset: Dataset):
    """A callable giving the dataset's first `n` flat elements: for functions whose trace on
    stand-in values failed and must be traced on real elements."""
    return lambda n: list(itertools.islice(dataset._elements(), n))


def autotune_threads() -> int:
    return max(2, min(16, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 2))


def parallelism(num_parallel_calls, what: str = "num_parallel_calls") -> int:
    """Threads for `num_parallel_calls`: None -> 1 (sequential), AUTOTUNE -> the CPUs."""
    if num_parallel_calls is None:
        return 1
    n = int64_arg(num_parallel_calls, what)
    if n == AUTOTUNE:
        return autotune_threads()
    if n <= 0:
        raise InvalidArgumentError(f"{what} must be greater than zero.")
    return n


class OptionsDataset(Dataset):
    def __init__(self, dataset: Dataset, options) -> None:
        super().__init__(dataset.element_spec, dataset._card, (dataset,))
        self._input = dataset
        self._options = options

    def _elements(self):
        return self._input._elements()


class MapDataset(Dataset):
    """``Dataset.map``: the traced function on every element, on a thread pool when
    `num_parallel_calls` > 1 (order kept unless `deterministic=False`)."""

    def __init__(self, dataset: Dataset, map_func, num_parallel_calls, deterministic) -> None:
        self._threads = parallelism(num_parallel_calls)
        self._fn = DatasetFunction(map_func, dataset.element_spec, "map",
                                   first_elements(dataset))
        self._input = dataset
        self._deterministic = deterministic is None or bool(deterministic)
        super().__init__(self._fn.output_structure, dataset._card, (dataset,))

    def _elements(self):
        if self._threads > 1:
            from fluxion.data.parallel import parallel_map  # noqa: PLC0415

            return parallel_map(self._input._elements, self._fn, self._threads,
                                self._deterministic)
        return map(self._fn, self._input._elements())


class FilterDataset(Dataset):
    def __init__(self, dataset: Dataset, predicate) -> None:
        self._fn = DatasetFunction(predicate, dataset.element_spec, "filter",
                                   first_elements(dataset))
        check_predicate(self._fn, "filter")
        self._input = dataset
        super().__init__(dataset.element_spec, UNKNOWN, (dataset,))

    def _elements(self):
        fn = self._fn
        for element in self._input._elements():
            if fn(element)[0]:
                yield element


class TakeWhileDataset(Dataset):
    def __init__(self, dataset: Dataset, predicate) -> None:
        self._fn = DatasetFunction(predicate, dataset.element_spec, "take_while",
                                   first_elements(dataset))
        check_predicate(self._fn, "take_while")
        self._input = dataset
        super().__init__(dataset.element_spec, UNKNOWN, (dataset,))

    def _elements(self):
        fn = self._fn
        for element in self._input._elements():
            if not fn(element)[0]:
                return
            yield element


def _dtype_text(dtype) -> str:
    return f"<dtype: '{dtype.name}'>"


def traced_state_function(dataset: Dataset, initial_state, func, what: str, with_output: bool):
    """Traces `func(state, element)` for reduce/scan, relaxing the state's shape (and
    retracing, as TF does) until the new state fits it. Returns the flat initial state, the
    function and the state spec (and, `with_output`, the output spec)."""
    state = structure.normalize(initial_state, f"{what} initial state")
    flat_state = tuple(flatten(state))
    state_spec = structure.map_specs(structure.spec_of, state)
    first = first_elements(dataset)
    for _ in range(8):
        fn = DatasetFunction(func, (state_spec, dataset.element_spec), what,
                             lambda n: [flat_state + tuple(e) for e in first(n)])
        out = fn.output_structure
        if with_output:
            if not isinstance(out, tuple) or len(out) != 2:
                raise TypeError(f"The `scan_func` must return a pair comprising the new state "
                                f"and the output value, got {out}.")
            new_spec = out[0]
        else:
            new_spec = out
        relaxed = _relax_state(state_spec, new_spec)
        if relaxed == state_spec:
            break
        state_spec = relaxed
    if with_output:
        return flat_state, fn, state_spec, out[1]
    return flat_state, fn, state_spec


def _relax_state(old, new):
    if nest.structure_key(old) != nest.structure_key(new):
        raise TypeError(f"The element classes for the new state must match the initial state. "
                        f"Expected {old}; got {new}.")
    out = []
    for a, b in zip(flatten(old), flatten(new)):
        if a.dtype is not b.dtype:
            raise TypeError(f"The element types for the new state must match the initial "
                            f"state. Expected {_dtype_text(a.dtype)} but got "
                            f"{_dtype_text(b.dtype)}.")
        out.append(TensorSpec(a.shape.most_specific_compatible_shape(b.shape), a.dtype))
    return pack(old, out)


class ScanDataset(Dataset):
    """``Dataset.scan``: `scan_func(state, element) -> (new_state, output)`, outputs yielded."""

    def __init__(self, dataset: Dataset, initial_state, scan_func) -> None:
        self._state, self._fn, _, out_spec = traced_state_function(
            dataset, initial_state, scan_func, "scan", with_output=True)
        self._input = dataset
        super().__init__(out_spec, dataset._card, (dataset,))

    def _elements(self):
        state, fn = self._state, self._fn
        n = len(state)
        for element in self._input._elements():
            result = fn(state + element)
            state = result[:n]
            yield result[n:]


class UniqueDataset(Dataset):
    """``Dataset.unique``: first occurrences of int32, int64 or string elements."""

    def __init__(self, dataset: Dataset) -> None:
        specs = flatten(dataset.element_spec)
        if len(specs) != 1:
            raise InvalidArgumentError("UniqueDataset only supports inputs with a single "
                                       "component.")
        dtype = specs[0].dtype
        if dtype not in (dtypes.int32, dtypes.int64, dtypes.string):
            raise TypeError(f"`tf.data.Dataset.unique` does not support type "
                            f"{_dtype_text(dtype)} -- only `tf.int32`, `tf.int64`, and "
                            f"`tf.string` are supported.")
        self._input = dataset
        super().__init__(dataset.element_spec, UNKNOWN, (dataset,))

    def _elements(self):
        seen = set()
        for element in self._input._elements():
            a = element[0]
            key = a.item() if a.ndim == 0 else (a.shape, tuple(a.reshape(-1).tolist()))
            if key not in seen:
                seen.add(key)
                yield element


# --- order ---------------------------------------------------------------------------------------
def resolve_seed(seed) -> list:
    """The seed words of a random dataset, fixed when it is created (as TF's get_seed): the op
    seed with the global seed (or TF's default), the global sequence, or fresh entropy."""
    from fluxion.ops import random_ops  # noqa: PLC0415

    global_seed = random_ops._SEEDS.global_seed
    if seed is not None:
        op_seed = int(np.asarray(getattr(seed, "_value", seed)))
        graph = random_ops.DEFAULT_GRAPH_SEED if global_seed is None else global_seed
        return [graph, op_seed % random_ops._MAXINT32]
    if global_seed is not None:
        return [int(x) for x in np.asarray(random_ops._next_eager_seed(None)._value)[:2]]
    return [int(x) for x in np.random.SeedSequence().generate_state(2)]


class ShuffleDataset(Dataset):
    """``Dataset.shuffle``: TF's buffer algorithm (fill `buffer_size` elements, yield one picked
    uniformly, put the next input element in its place). A new order every iteration unless
    `reshuffle_each_iteration=False`; orders are reproducible from the seed."""

    def __init__(self, dataset: Dataset, buffer_size, seed, reshuffle_each_iteration) -> None:
        size = int64_arg(buffer_size, "buffer_size")
        if size <= 0 and size != UNKNOWN:
            raise InvalidArgumentError("buffer_size must be greater than zero or "
                                       "UNKNOWN_CARDINALITY")
        self._size = size if size > 0 else None
        self._seed = resolve_seed(seed)
        self._reshuffle = reshuffle_each_iteration is None or bool(reshuffle_each_iteration)
        self._epochs = itertools.count()
        self._input = dataset
        super().__init__(dataset.element_spec, dataset._card, (dataset,))

    def _elements(self):
        epoch = next(self._epochs) if self._reshuffle else 0
        rng = np.random.default_rng(self._seed + [epoch])
        source = self._input._elements()
        buffer = list(itertools.islice(source, self._size))
        randoms, k = rng.random(1024), 0
        while buffer:
            if k == 1024:
                randoms, k = rng.random(1024), 0
            i = int(randoms[k] * len(buffer))
            k += 1
            element = buffer[i]
            refill = next(source, None)
            if refill is None:
                buffer[i] = buffer[-1]
                buffer.pop()
            else:
                buffer[i] = refill
            yield element


class RepeatDataset(Dataset):
    def __init__(self, dataset: Dataset, count) -> None:
        count = -1 if count is None else int64_arg(count, "count")
        n = dataset._card
        if count < 0:
            card = 0 if n == 0 else INFINITE
        elif count == 0:
            card = 0
        else:
            card = n if n in (INFINITE, UNKNOWN) else n * count
        self._count = count
        self._input = dataset
        super().__init__(dataset.element_spec, card, (dataset,))
        if getattr(dataset, "_arrays", None) is not None and dataset._card > 0:
            self._batches = self._slice_batches  # `batch` right after: slices, not stacks

    def _slice_batches(self, size: int, drop_remainder: bool):
        """Batches of the repeated slices of `from_tensor_slices`, cut from its arrays (a
        batch across an epoch's end joins the end and the next epoch's start, as stacking
        the elements would)."""
        arrays, n = self._input._arrays, self._input._card
        total = None if self._count < 0 else n * self._count
        start = 0
        while total is None or start < total:
            stop = start + size if total is None else min(start + size, total)
            if drop_remainder and stop - start < size:
                return
            first = start % n
            if stop - start <= n - first:  # inside one epoch
                yield tuple([a[first:first + stop - start] for a in arrays])
            else:
                index = np.arange(start, stop) % n
                yield tuple([a[index] for a in arrays])
            start = stop

    def _elements(self):
        epochs = itertools.count() if self._count < 0 else range(self._count)
        for _ in epochs:
            empty = True
            for element in self._input._elements():
                empty = False
                yield element
            if empty:  # an empty input repeated forever is empty, not a hang
                return


class TakeDataset(Dataset):
    def __init__(self, dataset: Dataset, count) -> None:
        count = int64_arg(count, "count")
        n = dataset._card
        if count < 0:
            card = n if count == -1 else UNKNOWN
        elif n == INFINITE:
            card = count
        elif n == UNKNOWN:
            card = UNKNOWN
        else:
            card = min(n, count)
        self._count = count
        self._input = dataset
        super().__init__(dataset.element_spec, card, (dataset,))

    def _elements(self):
        source = self._input._elements()
        return source if self._count < 0 else itertools.islice(source, self._count)


class SkipDataset(Dataset):
    def __init__(self, dataset: Dataset, count) -> None:
        count = int64_arg(count, "count")
        n = dataset._card
        if count < 0:
            card = 0
        elif n in (INFINITE, UNKNOWN):
            card = n
        else:
            card = max(0, n - count)
        self._count = count
        self._input = dataset
        super().__init__(dataset.element_spec, card, (dataset,))

    def _elements(self):
        if self._count < 0:
            return iter(())
        return itertools.islice(self._input._elements(), self._count, None)


class ShardDataset(Dataset):
    def __init__(self, dataset: Dataset, num_shards, index) -> None:
        num, index = int64_arg(num_shards, "num_shards"), int64_arg(index, "index")
        if num <= 0:
            raise InvalidArgumentError(f"Number of shards must be greater than zero (currently "
                                       f"num_shards = {num}).")
        if not 0 <= index < num:
            raise InvalidArgumentError(f"Index must be between 0 and {num - 1} (currently "
                                       f"index = {index}).")
        n = dataset._card
        card = n if n < 0 else n // num + (1 if index < n % num else 0)
        self._num, self._index = num, index
        self._input = dataset
        super().__init__(dataset.element_spec, card, (dataset,))

    def _elements(self):
        return itertools.islice(self._input._elements(), self._index, None, self._num)


class ConcatenateDataset(Dataset):
    def __init__(self, first: Dataset, second: Dataset) -> None:
        if not isinstance(second, Dataset):
            raise TypeError(f"`concatenate` expects a tf.data.Dataset, got {second!r}")
        spec = structure.compatible_structure(first.element_spec, second.element_spec,
                                              "concatenate")
        a, b = first._card, second._card
        if INFINITE in (a, b):
            card = INFINITE
        elif UNKNOWN in (a, b):
            card = UNKNOWN
        else:
            card = a + b
        self._datasets = (first, second)
        super().__init__(spec, card, self._datasets)

    def _elements(self):
        return itertools.chain(self._datasets[0]._elements(), self._datasets[1]._elements())


# --- several inputs ------------------------------------------------------------------------------
def _common_spec(datasets, what: str):
    datasets = list(datasets)
    if not datasets or not all(isinstance(d, Dataset) for d in datasets):
        raise TypeError(f"`{what}` expects a non-empty list of tf.data.Dataset objects")
    spec = datasets[0].element_spec
    for d in datasets[1:]:
        spec = structure.compatible_structure(spec, d.element_spec, what)
    return datasets, spec


class ChooseDataset(Dataset):
    """``Dataset.choose_from_datasets``: the element of `datasets[choice]` for each choice."""

    def __init__(self, datasets, choice_dataset: Dataset, stop_on_empty_dataset) -> None:
        self._datasets, spec = _common_spec(datasets, "choose_from_datasets")
        choice = choice_dataset.element_spec
        if not isinstance(choice, TensorSpec) or choice.dtype is not dtypes.int64 \
                or choice.shape.rank != 0:
            raise TypeError(f"Invalid `choice_dataset`. Elements of `choice_dataset` must be "
                            f"scalar of `tf.int64` dtype, but got {choice}.")
        self._choices = choice_dataset
        self._stop = bool(stop_on_empty_dataset)
        super().__init__(spec, UNKNOWN, self._datasets + [choice_dataset])

    def _elements(self):
        iterators = [d._elements() for d in self._datasets]
        done = [False] * len(iterators)
        for (choice,) in self._choices._elements():
            k = int(choice)
            if not 0 <= k < len(iterators):
                raise InvalidArgumentError(f"Selector index out of range: {k}")
            element = None if done[k] else next(iterators[k], None)
            if element is None:
                done[k] = True
                if self._stop:
                    return
                if all(done):
                    return
                continue
            yield element


class SampleDataset(Dataset):
    """``Dataset.sample_from_datasets``: each element from a dataset drawn by `weights`."""

    def __init__(self, datasets, weights, seed, stop_on_empty_dataset) -> None:
        self._datasets, spec = _common_spec(datasets, "sample_from_datasets")
        n = len(self._datasets)
        w = np.ones(n) if weights is None else np.asarray(
            getattr(weights, "_value", weights), np.float64).reshape(-1)
        if w.shape != (n,):
            raise ValueError(f"Invalid `weights`. The shape of `weights` should be compatible "
                             f"with `[len(datasets)]` but is {list(w.shape)}.")
        self._weights = w
        self._seed = resolve_seed(seed)
        self._epochs = itertools.count()
        self._stop = bool(stop_on_empty_dataset)
        cards = [d._card for d in self._datasets]
        card = INFINITE if all(c == INFINITE for c in cards) else UNKNOWN
        super().__init__(spec, card, self._datasets)

    def _elements(self):
        rng = np.random.default_rng(self._seed + [next(self._epochs)])
        iterators = [d._elements() for d in self._datasets]
        weights = self._weights.copy()
        while weights.sum() > 0:
            k = int(rng.choice(len(weights), p=weights / weights.sum()))
            element = next(iterators[k], None)
            if element is None:
                if self._stop:
                    return
                weights[k] = 0.0
                continue
            yield element


def sample_from_datasets(datasets, weights, seed, stop_on_empty_dataset) -> Dataset:
    return SampleDataset(datasets, weights, seed, stop_on_empty_dataset)


class AssertCardinalityDataset(Dataset):
    """``experimental.assert_cardinality``: FailedPreconditionError when the count differs."""

    def __init__(self, dataset: Dataset, expected) -> None:
        self._expected = int64_arg(expected, "expected_cardinality")
        self._input = dataset
        super().__init__(dataset.element_spec, self._expected, (dataset,))

    def _elements(self):
        from fluxion.errors import FailedPreconditionError  # noqa: PLC0415

        count = 0
        for element in self._input._elements():
            count += 1
            if self._expected >= 0 and count > self._expected:
                raise FailedPreconditionError(
                    None, None, f"Input dataset was expected to contain {self._expected} "
                    f"elements but contained at least {count} elements.")
            yield element
        if self._expected != count:
            raise FailedPreconditionError(
                None, None, f"Input dataset was expected to contain {self._expected} elements "
                f"but contained only {count} elements.")


class IgnoreErrorsDataset(Dataset):
    """``experimental.ignore_errors``: elements whose reading raised an op error are skipped
    (the input's own iterator goes on when it can, as a Python generator cannot after a raise,
    the rest of that input is lost)."""

    def __init__(self, dataset: Dataset) -> None:
        self._input = dataset
        super().__init__(dataset.element_spec, UNKNOWN, (dataset,))

    def _elements(self):
        from fluxion.errors import OpError  # noqa: PLC0415

        source = self._input._elements()
        while True:
            try:
                element = next(source)
            except StopIteration:
                return
            except OpError:
                continue
            yield element
