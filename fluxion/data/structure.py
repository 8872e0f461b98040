"""Element structures of datasets: nests of TensorSpec, and the flat tuples of NumPy arrays that
pipelines pass around internally.

tf.data nests are tuples, namedtuples and dicts (lists are values: ``from_tensors([1, 2])`` is one
tensor). Leaves are flattened in TF's order (dict keys sorted) by `fluxion.core.nest`, which works
on these nests because they hold no lists. Inside a pipeline an element is a tuple of NumPy arrays
(scalars as 0-d arrays) or, for `window`, of datasets; they become Tensors only at the boundary.
"""
from __future__ import annotations

import numbers

import numpy as np

from fluxion.core import dtypes, nest
from fluxion.core.shape import TensorShape
from fluxion.core.tensor import Tensor, to_array, wrap
from fluxion.errors import InvalidArgumentError
from fluxion.graph.function import TensorSpec

AUTOTUNE = -1
INFINITE = -1
UNKNOWN = -2


class DatasetSpec:
    """The spec of a dataset-valued element (a `window` component): ``tf.data.DatasetSpec``."""

    def __init__(self, element_spec, dataset_shape=()) -> None:
        self.element_spec = element_spec
        self.dataset_shape = TensorShape(dataset_shape)

    def __eq__(self, other) -> bool:
        return (isinstance(other, DatasetSpec) and self.element_spec == other.element_spec
                and self.dataset_shape == other.dataset_shape)

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        return f"DatasetSpec({self.element_spec!r}, {self.dataset_shape!r})"


def is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def flatten(structure) -> list:
    return nest.flatten(structure)


def pack(structure, flat):
    return nest.pack_sequence_as(structure, flat)


def map_specs(fn, structure):
    """Applies `fn` to every leaf (spec) of a normalized structure."""
    return pack(structure, [fn(s) for s in flatten(structure)])


# --- values to normalized structures -------------------------------------------------------------
def _is_dataset(x) -> bool:
    from fluxion.data.dataset import Dataset  # noqa: PLC0415 - dataset imports this module

    return isinstance(x, Dataset)


def normalize(value, what: str = "element"):
    """A user value as a nest (tuples, namedtuples, dicts) of NumPy arrays (or datasets)."""
    if isinstance(value, dict):
        return type(value)((k, normalize(v, what)) for k, v in value.items())
    if is_namedtuple(value):
        return type(value)(*[normalize(v, what) for v in value])
    if isinstance(value, tuple):
        return tuple(normalize(v, what) for v in value)
    if value is None:
        raise InvalidArgumentError(f"Attempt to convert None to a tensor in the {what}: "
                                   f"tf.data elements must be tensors")
    if _is_dataset(value) or hasattr(value, "_dataset_spec"):
        return value  # datasets (window components) and RaggedTensors travel whole
    if isinstance(value, Tensor):
        _check_static(value)
    arr = to_array(value)
    return arr.copy() if arr is value else arr  # a user's array may change later


def _check_static(tensor) -> None:
    """Datasets hold concrete values: refuse a value that a trace would make a constant."""
    from fluxion.core.op import STATE  # noqa: PLC0415

    if STATE.trace is not None and STATE.trace.is_dynamic_here(tensor):
        from fluxion.errors import OperatorNotAllowedInGraphError  # noqa: PLC0415

        raise OperatorNotAllowedInGraphError(
            "Creating a tf.data.Dataset from a tensor that depends on a tf.function's inputs "
            "is not supported: create the dataset outside the function")


def normalize_output(value):
    """What a dataset function returned, as a nest of Tensors (or datasets): lists become tuples
    and Python/NumPy values become tensors, as TF does."""
    from fluxion.core.tensor import convert_to_tensor  # noqa: PLC0415

    if isinstance(value, dict):
        return type(value)((k, normalize_output(v)) for k, v in value.items())
    if is_namedtuple(value):
        return type(value)(*[normalize_output(v) for v in value])
    if isinstance(value, (tuple, list)):
        return tuple(normalize_output(v) for v in value)
    if value is None:
        raise InvalidArgumentError("A tf.data function returned None; it must return tensors "
                                   "(or a nest of them)")
    if _is_dataset(value) or isinstance(value, Tensor) or hasattr(value, "_dataset_spec"):
        return value  # a RaggedTensor stays one
    return convert_to_tensor(value)


def spec_of(leaf):
    """The spec of one leaf value (array, Tensor or dataset)."""
    if _is_dataset(leaf):
        return DatasetSpec(leaf.element_spec)
    if hasattr(leaf, "_dataset_spec"):  # a RaggedTensor: its RaggedTensorSpec
        return leaf._dataset_spec()
    arr = getattr(leaf, "_value", leaf)
    return TensorSpec(arr.shape, dtypes.from_numpy(arr.dtype))


def rank_of(leaf):
    """The rank of one leaf value (an array, a RaggedTensor or a SparseTensor)."""
    return leaf.ndim if hasattr(leaf, "ndim") else leaf.shape.rank


def is_tensor_spec(spec) -> bool:
    return isinstance(spec, TensorSpec) or hasattr(spec, "_batch")  # or a RaggedTensorSpec


# --- spec arithmetic -----------------------------------------------------------------------------
def batched_spec(spec: TensorSpec, size) -> TensorSpec:
    if hasattr(spec, "_batch"):  # RaggedTensorSpec: one more ragged dimension
        return spec._batch(size)
    return TensorSpec(TensorShape([size]).concatenate(spec.shape), spec.dtype)


def unbatched_spec(spec: TensorSpec) -> TensorSpec:
    if hasattr(spec, "_unbatch"):  # RaggedTensorSpec: one less ragged dimension
        return spec._unbatch()
    return TensorSpec(spec.shape[1:], spec.dtype)


def compatible_structure(a, b, what: str):
    """The most specific spec nest compatible with `a` and `b` (concatenate, flat_map...)."""
    if nest.structure_key(a) != nest.structure_key(b):
        raise TypeError(f"Incompatible dataset elements:\n  {a} vs.   {b}")
    out = []
    for x, y in zip(flatten(a), flatten(b)):
        if isinstance(x, DatasetSpec) or isinstance(y, DatasetSpec):
            if x != y:
                raise TypeError(f"Incompatible dataset elements:\n  {a} vs.   {b}")
            out.append(x)
            continue
        if x.dtype is not y.dtype or type(x) is not type(y):
            raise TypeError(f"Incompatible dataset elements:\n  {a} vs.   {b}")
        if hasattr(x, "most_specific_compatible_type"):  # RaggedTensorSpec
            out.append(x.most_specific_compatible_type(y))
            continue
        out.append(TensorSpec(x.shape.most_specific_compatible_shape(y.shape), x.dtype))
    return pack(a, out)


# --- argument conversion -------------------------------------------------------------------------
def int64_arg(value, name: str) -> int:
    """A scalar int64 argument (batch_size, count...) converted with TF's rules and errors."""
    if isinstance(value, Tensor) or hasattr(value, "_value"):
        arr = np.asarray(value._value)
        if arr.dtype != np.int64:
            raise ValueError(f"{name}: Tensor conversion requested dtype int64 for Tensor with "
                             f"dtype {dtypes.from_numpy(arr.dtype).name}: {value!r}")
        return int(arr)
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (numbers.Integral, np.integer)):
        return int(value)
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        return int(value)
    raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype int64")


def as_bool_arg(value) -> bool:
    return bool(getattr(value, "_value", value))


# --- element packing -----------------------------------------------------------------------------
def _to_tensor(leaf):
    if type(leaf) is np.ndarray:
        return wrap(leaf)
    return leaf  # a dataset (window components)


def _to_numpy(leaf):
    if type(leaf) is np.ndarray:
        return leaf[()] if leaf.ndim == 0 else leaf
    if hasattr(leaf, "_dataset_numpy"):  # a SparseTensor: its dense value, as TF gives it
        return leaf._dataset_numpy()
    return leaf


def make_packer(structure, leaf_fn=_to_tensor):
    """A fast function from a flat element tuple to the user-visible nest."""
    if not isinstance(structure, (tuple, dict)):
        return lambda flat: leaf_fn(flat[0])
    if type(structure) is tuple and all(not isinstance(s, (tuple, dict)) for s in structure):
        return lambda flat: tuple([leaf_fn(a) for a in flat])
    return lambda flat: pack(structure, [leaf_fn(a) for a in flat])


def tensor_packer(structure):
    return make_packer(structure, _to_tensor)


def numpy_packer(structure):
    """Packs elements as `as_numpy_iterator` shows them: scalars as NumPy scalars, bytes."""
    return make_packer(structure, _to_numpy)


def array_packer(structure):
    """Packs elements as NumPy arrays (0-d arrays kept), for `Dataset._numpy_iterator`."""
    return make_packer(structure, lambda a: a)


def rows(arr) -> list:
    """The slices of `arr` along its first axis, each an ndarray (0-d for vectors)."""
    if hasattr(arr, "_dataset_rows"):  # a RaggedTensor: arrays (or RaggedTensors if nested)
        rows = arr._dataset_rows()
        return [rows[i] for i in range(rows.shape[0])]
    if arr.ndim > 1:
        return list(arr)
    return [arr[i, ...] for i in range(arr.shape[0])]


def default_padding(dtype) -> np.ndarray:
    if dtype is dtypes.string:
        return np.array(b"", dtype=object)
    return np.zeros((), dtype._np)


def example_array(spec: TensorSpec, unknown_dim: int, varied: bool) -> np.ndarray:
    """A stand-in value for tracing: ones (or, when `varied`, 2, 3, 4...), unknown dims given."""
    if hasattr(spec, "_example_value"):  # RaggedTensorSpec
        return spec._example_value(unknown_dim, varied)
    shape = tuple(unknown_dim if d is None else d for d in (spec.shape.dims or []))
    dtype = spec.dtype
    if dtype is dtypes.string:
        return np.full(shape, b"1", dtype=object)
    n = int(np.prod(shape)) if shape else 1
    if dtype.is_bool:
        values = (np.arange(n) % 2 == 0) if varied else np.ones(n, bool)
    else:
        values = (np.arange(n) % 7 + 2) if varied else np.ones(n)
    return values.astype(dtype._np).reshape(shape)
