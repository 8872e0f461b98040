"""``tf.TypeSpec`` and the specs of composite values: ``tf.IndexedSlicesSpec``,
``tf.TensorArraySpec``, ``tf.OptionalSpec``, ``tf.NoneTensorSpec``, plus
``tf.type_spec_from_value``.

`TypeSpec` is an abstract base: Fluxion's existing specs (TensorSpec, SparseTensorSpec,
RaggedTensorSpec, DatasetSpec) are registered as its virtual subclasses, so
``isinstance(spec, tf.TypeSpec)`` holds for all of them as in TF.
"""
from __future__ import annotations

import abc

from fluxion.core import dtypes, nest
from fluxion.core.shape import TensorShape
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.core.variable import Variable
from fluxion.graph.function import TensorSpec


class TypeSpec(abc.ABC):
    """The type of a tensor-like value (``tf.TypeSpec``)."""

    @property
    @abc.abstractmethod
    def value_type(self):
        """The Python type of values this spec describes."""

    def _fields(self) -> tuple:
        return ()

    def is_compatible_with(self, spec_or_value) -> bool:
        other = spec_or_value
        if not isinstance(other, TypeSpec):
            try:
                other = type_spec_from_value(other)
            except TypeError:
                return False
        return type(other) is type(self) and _compatible(self._fields(), other._fields())

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(self._fields())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(repr(f) for f in self._fields())})"


def _compatible(a, b) -> bool:
    """Field-wise compatibility: shapes may be partial; nested specs compare leaf by leaf."""
    for x, y in zip(a, b):
        if isinstance(x, TensorShape) and isinstance(y, TensorShape):
            if not x.is_compatible_with(y):
                return False
            continue
        try:
            if _skeleton(x) != _skeleton(y):
                return False
        except (TypeError, ValueError):
            return False
        for u, v in zip(nest.flatten(x), nest.flatten(y)):
            if isinstance(u, TensorSpec) and isinstance(v, TensorSpec):
                if u.dtype != v.dtype or not u.shape.is_compatible_with(v.shape):
                    return False
            elif isinstance(u, TypeSpec) and hasattr(u, "_fields"):
                if not u.is_compatible_with(v):
                    return False
            elif u != v:
                return False
    return True


def _skeleton(structure):
    """`structure` with every leaf replaced by 0: equal skeletons mean the same structure."""
    return nest.map_structure(lambda _: 0, structure)


class NoneTensorSpec(TypeSpec):
    """The spec of `None` inside a structure of tensors."""

    @property
    def value_type(self):
        return type(None)

    def is_compatible_with(self, spec_or_value) -> bool:
        return spec_or_value is None or isinstance(spec_or_value, NoneTensorSpec)


class IndexedSlicesSpec(TypeSpec):
    """``tf.IndexedSlicesSpec(shape, dtype, indices_dtype, dense_shape_dtype, indices_shape)``."""

    def __init__(self, shape=None, dtype=dtypes.float32, indices_dtype=dtypes.int64,
                 dense_shape_dtype=None, indices_shape=None):
        self._shape = TensorShape(shape)
        self._values_dtype = dtypes.as_dtype(dtype)
        self._indices_dtype = dtypes.as_dtype(indices_dtype)
        self._dense_shape_dtype = (None if dense_shape_dtype is None
                                   else dtypes.as_dtype(dense_shape_dtype))
        self._indices_shape = TensorShape([None] if indices_shape is None else indices_shape)

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._values_dtype)

    @property
    def value_type(self):
        from fluxion.extras import IndexedSlices  # noqa: PLC0415

        return IndexedSlices

    def _fields(self) -> tuple:
        return (self._shape, self._values_dtype, self._indices_dtype, self._dense_shape_dtype,
                self._indices_shape)


class TensorArraySpec(TypeSpec):
    """``tf.TensorArraySpec(element_shape, dtype, dynamic_size, infer_shape)``."""

    def __init__(self, element_shape=None, dtype=dtypes.float32, dynamic_size=False,
                 infer_shape=True):
        self._element_shape = TensorShape(element_shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._dynamic_size = dynamic_size
        self._infer_shape = infer_shape

    @property
    def value_type(self):
        from fluxion.control_flow import TensorArray  # noqa: PLC0415

        return TensorArray

    def _fields(self) -> tuple:
        return (self._element_shape, self._dtype, self._dynamic_size, self._infer_shape)


class OptionalSpec(TypeSpec):
    """``tf.OptionalSpec(element_spec)``: the type of a `tf.experimental.Optional`."""

    def __init__(self, element_spec):
        self._element_spec = element_spec

    element_spec = property(lambda self: self._element_spec)

    @property
    def value_type(self):
        from fluxion.data.dataset import Optional  # noqa: PLC0415

        return Optional

    @staticmethod
    def from_value(value) -> "OptionalSpec":
        return OptionalSpec(value.element_spec)

    def _fields(self) -> tuple:
        return (self._element_spec,)

    def __repr__(self) -> str:
        return f"OptionalSpec({self._element_spec!r},)"


class IteratorSpec(TypeSpec):
    """``tf.data.IteratorSpec(element_spec)``: the type of a dataset iterator."""

    def __init__(self, element_spec):
        self._element_spec = element_spec

    element_spec = property(lambda self: self._element_spec)

    @property
    def value_type(self):
        from fluxion.data.dataset import OwnedIterator  # noqa: PLC0415

        return OwnedIterator

    @staticmethod
    def from_value(value) -> "IteratorSpec":
        return IteratorSpec(value.element_spec)

    def _fields(self) -> tuple:
        return (self._element_spec,)

    def __repr__(self) -> str:
        return f"IteratorSpec({self._element_spec!r},)"


def _register_existing_specs() -> None:
    from fluxion.data.structure import DatasetSpec  # noqa: PLC0415
    from fluxion.ragged.spec import RaggedTensorSpec  # noqa: PLC0415
    from fluxion.sparse import SparseTensorSpec  # noqa: PLC0415

    for cls in (TensorSpec, SparseTensorSpec, RaggedTensorSpec, DatasetSpec):
        TypeSpec.register(cls)


_register_existing_specs()


def type_spec_from_value(value) -> TypeSpec:
    """The TypeSpec of `value`: a tensor (or anything convertible to one), a composite tensor,
    a dataset, an Optional, a TensorArray, an IndexedSlices, or None."""
    from fluxion.control_flow import TensorArray  # noqa: PLC0415
    from fluxion.data.dataset import Dataset, Optional  # noqa: PLC0415
    from fluxion.data.structure import DatasetSpec  # noqa: PLC0415
    from fluxion.extras import IndexedSlices  # noqa: PLC0415
    from fluxion.ragged.ragged_tensor import RaggedTensor  # noqa: PLC0415
    from fluxion.ragged.spec import RaggedTensorSpec  # noqa: PLC0415
    from fluxion.sparse import SparseTensor, SparseTensorSpec  # noqa: PLC0415

    if value is None:
        return NoneTensorSpec()
    if isinstance(value, (Tensor, Variable)):
        return TensorSpec(value.shape, value.dtype)
    if isinstance(value, SparseTensor):
        return SparseTensorSpec.from_value(value)
    if isinstance(value, RaggedTensor):
        return RaggedTensorSpec.from_value(value)
    if isinstance(value, Dataset):
        return DatasetSpec(value.element_spec, TensorShape([]))
    if isinstance(value, Optional):
        return OptionalSpec(value.element_spec)
    from fluxion.data.dataset import OwnedIterator  # noqa: PLC0415

    if isinstance(value, OwnedIterator):
        return IteratorSpec(value.element_spec)
    if isinstance(value, TensorArray):
        return TensorArraySpec(value._element_shape, value.dtype, value._dynamic, True)
    if isinstance(value, IndexedSlices):
        ds_dtype = None if value.dense_shape is None else value.dense_shape.dtype
        return IndexedSlicesSpec(value.shape, value.dtype, value.indices.dtype, ds_dtype,
                                 value.indices.shape)
    if not isinstance(value, dict):
        try:
            t = convert_to_tensor(value)
        except (TypeError, ValueError):
            t = None
        if t is not None:
            return TensorSpec(t.shape, t.dtype)
    raise TypeError(f"Could not build a TypeSpec for {value!r} of unsupported type "
                    f"{type(value)}.")
