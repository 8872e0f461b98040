"""Datasets that produce elements: from tensors, slices, ranges, Python generators, files
matching a pattern, random numbers, and `zip` of datasets."""
from __future__ import annotations

import glob
import itertools
import os

import numpy as np

from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, to_array
from fluxion.data import structure
from fluxion.data.dataset import Dataset
from fluxion.data.structure import INFINITE, UNKNOWN, flatten, int64_arg, pack
from fluxion.errors import InvalidArgumentError
from fluxion.graph.function import TensorSpec

_CHUNK = 1024  # elements made per NumPy call by the counting sources


def _tensor_leaves(value, transformation: str) -> list:
    flat = flatten(value)
    for leaf in flat:
        if isinstance(leaf, Dataset):
            raise TypeError(f"`{transformation}` does not accept datasets as components")
    return flat


class TensorDataset(Dataset):
    """``Dataset.from_tensors``: one element."""

    def __init__(self, tensors) -> None:
        value = structure.normalize(tensors, "from_tensors")
        self._flat = tuple(_tensor_leaves(value, "from_tensors"))
        super().__init__(structure.map_specs(structure.spec_of, value), 1)

    def _elements(self):
        yield self._flat


class TensorSliceDataset(Dataset):
    """``Dataset.from_tensor_slices``: the slices of every component along its first axis."""

    def __init__(self, tensors) -> None:
        value = structure.normalize(tensors, "from_tensor_slices")
        flat = _tensor_leaves(value, "from_tensor_slices")
        for a in flat:
            if structure.rank_of(a) == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
        n = flat[0].shape[0]
        for a in flat[1:]:
            if a.shape[0] != n:
                raise ValueError(f"Dimensions {n} and {a.shape[0]} are not compatible")
        spec = pack(value, [structure.unbatched_spec(structure.spec_of(a)) for a in flat])
        # a RaggedTensor is sliced through its rows (arrays, or RaggedTensors when nested)
        self._arrays = [a._dataset_rows() if hasattr(a, "_dataset_rows") else a for a in flat]
        super().__init__(spec, n)

    def _elements(self):
        arrays = self._arrays
        if len(arrays) == 1:
            a = arrays[0]
            for i in range(self._card):
                yield (a[i, ...],)
            return
        for i in range(self._card):
            yield tuple([a[i, ...] for a in arrays])

    def _batches(self, size: int, drop_remainder: bool):
        """Batches as slices of the components (used by `batch` right after this source)."""
        n = self._card
        for start in range(0, n, size):
            if drop_remainder and start + size > n:
                return
            yield tuple([a[start:start + size] for a in self._arrays])


class RangeDataset(Dataset):
    """``Dataset.range(stop)``, ``range(start, stop[, step])``: int64 values by default."""

    def __init__(self, *args, output_type=None) -> None:
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid `args`. The length of `args` should be between 1 and 3 "
                             f"but was {len(args)}.")
        names = ("stop",) if len(args) == 1 else ("start", "stop", "step")[:len(args)]
        values = [int64_arg(a, n) for a, n in zip(args, names)]
        if len(values) == 1:
            start, stop, step = 0, values[0], 1
        else:
            start, stop, step = (values + [1])[:3]
        if step == 0:
            raise InvalidArgumentError("step must be a non-zero integer.")
        self._range = (start, stop, step)
        self._dtype = dtypes.int64 if output_type is None else dtypes.as_dtype(output_type)
        super().__init__(TensorSpec([], self._dtype), len(range(start, stop, step)))

    def _chunks(self, size: int):
        start, stop, step = self._range
        npd = self._dtype._np
        for lo in range(start, stop, step * size):
            hi = min(lo + step * size, stop) if step > 0 else max(lo + step * size, stop)
            yield np.arange(lo, hi, step).astype(npd, copy=False)

    def _elements(self):
        for chunk in self._chunks(_CHUNK):
            for i in range(len(chunk)):
                yield (chunk[i, ...],)

    def _batches(self, size: int, drop_remainder: bool):
        for chunk in self._chunks(size):
            if drop_remainder and len(chunk) < size:
                return
            yield (chunk,)


class CounterDataset(Dataset):
    """``Dataset.counter(start, step)``: start, start + step, ... forever."""

    def __init__(self, start, step, dtype) -> None:
        self._start, self._step = int64_arg(start, "start"), int64_arg(step, "step")
        self._dtype = dtypes.int64 if dtype is None else dtypes.as_dtype(dtype)
        super().__init__(TensorSpec([], self._dtype), INFINITE)

    def _elements(self):
        npd = self._dtype._np
        for lo in itertools.count(self._start, self._step * _CHUNK):
            chunk = (lo + self._step * np.arange(_CHUNK)).astype(npd)
            for i in range(_CHUNK):
                yield (chunk[i, ...],)


class RandomDataset(Dataset):
    """``Dataset.random(seed)``: pseudorandom int64 values in [0, 2**32), forever."""

    def __init__(self, seed, rerandomize: bool) -> None:
        from fluxion.data.transforms import resolve_seed  # noqa: PLC0415

        self._seed = resolve_seed(seed)
        self._rerandomize = rerandomize
        self._epochs = itertools.count()
        super().__init__(TensorSpec([], dtypes.int64), INFINITE)

    def _elements(self):
        epoch = next(self._epochs) if self._rerandomize else 0
        rng = np.random.default_rng(self._seed + [epoch])
        while True:
            chunk = rng.integers(0, 2**32, _CHUNK, dtype=np.int64)
            for i in range(_CHUNK):
                yield (chunk[i, ...],)


class ListDataset(Dataset):
    """A dataset over flat elements already in memory (window components, cached passes)."""

    def __init__(self, element_spec, elements: list) -> None:
        self._list = elements
        super().__init__(element_spec, len(elements))

    def _elements(self):
        return iter(self._list)


# --- generators ----------------------------------------------------------------------------------
class GeneratorDataset(Dataset):
    """``Dataset.from_generator``: elements a Python generator yields, converted to the signature.

    The generator is called anew (with `args` as NumPy values) for every iteration.
    """

    def __init__(self, generator, output_types, output_shapes, args, output_signature) -> None:
        if not callable(generator):
            raise TypeError("`generator` must be a Python callable.")
        spec = _generator_signature(output_types, output_shapes, output_signature)
        self._generator = generator
        self._args = () if args is None else tuple(
            _numpy_value(structure.normalize(a, "from_generator args")) for a in args)
        self._specs = flatten(spec)
        super().__init__(spec, UNKNOWN)

    def _elements(self):
        specs, structure_ = self._specs, self._structure
        single = len(specs) == 1 and not isinstance(structure_, (tuple, dict))
        for value in self._generator(*self._args):
            if single:
                yield (_convert_leaf(value, specs[0], 0),)
            else:
                leaves = _flatten_up_to(structure_, value)
                yield tuple([_convert_leaf(v, s, i) for i, (v, s)
                             in enumerate(zip(leaves, specs))])


def _numpy_value(value):
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value[()]
    if isinstance(value, (tuple, dict)):
        return structure.map_specs(_numpy_value, value)
    return value


def _generator_signature(output_types, output_shapes, output_signature):
    if output_signature is not None:
        if output_types is not None or output_shapes is not None:
            raise TypeError("The `output_types` and `output_shapes` arguments can only be used "
                            "without `output_signature`.")
        for spec in flatten(output_signature):
            if not isinstance(spec, TensorSpec) and not hasattr(spec, "_batch"):  # Ragged
                raise TypeError(f"The `output_signature` must contain objects that are "
                                f"subtype of `tf.TypeSpec` but found {type(spec)} which is not.")
        return output_signature
    if output_types is None:
        raise TypeError("To specify the output signature you need to provide either the "
                        "`output_signature` argument or the `output_types` argument.")
    types_ = flatten(output_types)
    if output_shapes is None:
        shapes = [None] * len(types_)
    elif isinstance(output_types, (tuple, dict)):
        shapes = _flatten_up_to(output_types, output_shapes)
    else:
        shapes = [output_shapes]
    return pack(output_types, [TensorSpec(s, dtypes.as_dtype(t)) for t, s in zip(types_, shapes)])


def _flatten_up_to(spec_structure, value) -> list:
    """The leaves of `value` at the positions of `spec_structure`'s leaves (lists accepted for
    tuples, as TF's generator conversion does)."""
    if isinstance(spec_structure, dict):
        if not isinstance(value, dict) or set(value) != set(spec_structure):
            raise _structure_error(spec_structure, value)
        return [x for k in sorted(spec_structure)
                for x in _flatten_up_to(spec_structure[k], value[k])]
    if isinstance(spec_structure, tuple):
        if not isinstance(value, (tuple, list)) or len(value) != len(spec_structure):
            raise _structure_error(spec_structure, value)
        return [x for s, v in zip(spec_structure, value) for x in _flatten_up_to(s, v)]
    return [value]


def _structure_error(expected, value) -> InvalidArgumentError:
    return InvalidArgumentError(
        f"TypeError: `generator` yielded an element that did not match the expected structure. "
        f"The expected structure was {expected}, but the yielded element was {value}.")


def _convert_leaf(value, spec: TensorSpec, index: int) -> np.ndarray:
    if getattr(spec, "ragged_rank", 0) or getattr(spec, "_sparse", False):
        # a RaggedTensorSpec or SparseTensorSpec converts (and checks) its own
        return spec._convert_value(value)
    try:
        if spec.dtype is dtypes.string:
            arr = to_array(value, dtypes.string)
        else:
            arr = np.asarray(value._value if isinstance(value, Tensor) else value,
                             dtype=spec.dtype._np)
    except (TypeError, ValueError, OverflowError):
        raise InvalidArgumentError(
            f"TypeError: `generator` yielded an element that could not be converted to the "
            f"expected type. The expected type was {spec.dtype.name}, but the yielded element "
            f"was {value}.") from None
    if not spec.shape.is_compatible_with(arr.shape):
        raise InvalidArgumentError(
            f"TypeError: `generator` yielded an element of shape {arr.shape} where an element "
            f"of shape {tuple(spec.shape.dims or ())} was expected.")
    return arr


# --- zip and files -------------------------------------------------------------------------------
class ZipDataset(Dataset):
    """``Dataset.zip``: elements of several datasets side by side, until the shortest ends."""

    def __init__(self, datasets) -> None:
        _check_zip_input(datasets)
        self._datasets = flatten(datasets)
        spec = pack(datasets, [d.element_spec for d in self._datasets])
        super().__init__(spec, _zip_cardinality([d._card for d in self._datasets]),
                         self._datasets)

    def _elements(self):
        iterators = [d._elements() for d in self._datasets]
        if len(iterators) == 1:
            yield from iterators[0]
            return
        while True:
            parts = []
            for it in iterators:
                part = next(it, None)
                if part is None:
                    return
                parts.extend(part)
            yield tuple(parts)


def _check_zip_input(datasets) -> None:
    if isinstance(datasets, list):
        raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) structures "
                        "of `tf.data.Dataset` objects. Python `list` is not supported and you "
                        "should use `tuple` instead.")
    if isinstance(datasets, (tuple, dict)):
        for value in (datasets.values() if isinstance(datasets, dict) else datasets):
            _check_zip_input(value)
    elif not isinstance(datasets, Dataset):
        raise TypeError(f"Invalid input to `zip`. Inputs are expected to be (nested) structures "
                        f"of `tf.data.Dataset` objects but encountered object of type "
                        f"{type(datasets)}.")


def _zip_cardinality(cards: list) -> int:
    if UNKNOWN in cards:
        return UNKNOWN
    finite = [c for c in cards if c != INFINITE]
    return min(finite) if finite else INFINITE


def _patterns(file_pattern) -> list:
    value = structure.normalize(file_pattern, "list_files")
    if not isinstance(value, np.ndarray) or value.dtype != object:
        raise TypeError(f"`file_pattern` must be a string or strings, got {file_pattern!r}")
    return [p.decode() if isinstance(p, bytes) else str(p) for p in value.reshape(-1)]


def matching_files(file_pattern) -> list:
    """Files matching each pattern (sorted per pattern, as ``tf.io.matching_files``)."""
    files = []
    for pattern in _patterns(file_pattern):
        files.extend(sorted(f for f in glob.glob(pattern) if not os.path.isdir(f)))
    return files


def list_files(file_pattern, shuffle, seed) -> Dataset:
    """``Dataset.list_files``: the matching file names, shuffled by default."""
    files = matching_files(file_pattern)
    if not files:
        shown = ", ".join(_patterns(file_pattern))
        raise InvalidArgumentError(f"Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be "
                                   f"true. Summarized data: b'No files matched pattern: "
                                   f"{shown}'")
    dataset = TensorSliceDataset(np.array([f.encode() for f in files], dtype=object))
    if shuffle is None or shuffle:
        dataset = dataset.shuffle(len(files), seed=seed)
    return dataset
