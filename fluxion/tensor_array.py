"""``tf.TensorArray``: a list of tensors written by index, eager or carried by graph loops."""
from __future__ import annotations

import numpy as np

from fluxion.core.dtypes import as_dtype
from fluxion.core.op import STATE
from fluxion.core.shape import TensorShape
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError


def _dynamic(index) -> bool:
    return (STATE.trace is not None and hasattr(index, "_value")
            and STATE.trace.is_dynamic_here(index))


def to_loop_tensors(leaves: list, probe_body) -> tuple[list, dict]:
    """Loop variables as tensors: each TensorArray becomes its buffer. `probe_body` (or None)
    runs the loop body once on a throwaway trace to learn an unknown element shape."""
    arrays, out = {}, []
    for i, leaf in enumerate(leaves):
        if isinstance(leaf, TensorArray):
            arrays[i] = leaf
            shape = leaf._element_shape
            if leaf._buffer is None and shape is None and probe_body is not None:
                shape = _probe_element_shape(probe_body, leaves, i)
            out.append(leaf._to_buffer(shape))
        else:
            out.append(convert_to_tensor(leaf))
    return out, arrays


def from_loop_tensors(values: list, arrays: dict) -> list:
    return [TensorArray._from_buffer(arrays[i].dtype, v, arrays[i]._dynamic, v.shape[1:])
            if i in arrays else v for i, v in enumerate(values)]


def _copy_array(ta, copy):
    twin = copy.copy(ta)
    twin._items = dict(ta._items)
    return twin


def _probe_element_shape(probe_body, leaves: list, position: int):
    import copy  # noqa: PLC0415

    from fluxion.core import nest  # noqa: PLC0415
    from fluxion.graph.trace import child_trace  # noqa: PLC0415

    # eager writes update an array in place (as TF's eager arrays do): probe on copies
    copies = [_copy_array(x, copy) if isinstance(x, TensorArray) else x for x in leaves]
    with child_trace("tensor_array_probe"):
        out = probe_body(copies)
    leaf = nest.flatten(out)[position]
    if isinstance(leaf, TensorArray) and leaf._element_shape is not None:
        return leaf._element_shape
    return None


class TensorArray:
    """A list of same-dtype tensors written by index (``tf.TensorArray``), stackable.

    Eagerly it keeps the written tensors. Written with an input-dependent index inside a traced
    function (or carried through a graph while loop) it becomes a *buffer*: one tensor of shape
    [size, *element_shape] updated functionally, so the loop can carry it. Dynamic-size arrays
    grow by one row per write there, so they must be written in order (index = size), as
    loops that append do.
    """

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 tensor_array_name=None, handle=None, flow=None, infer_shape=True,
                 element_shape=None, colocate_with_first_write_call=True, name=None):
        self.dtype = as_dtype(dtype)
        self._size = 0 if size is None else int(np.asarray(getattr(size, "_value", size)))
        self._dynamic = bool(dynamic_size)
        self._items: dict[int, Tensor] = {}
        self._element_shape = None if element_shape is None else TensorShape(element_shape)
        self._buffer = None

    @classmethod
    def _from_buffer(cls, dtype, buffer, dynamic: bool, element_shape) -> "TensorArray":
        ta = cls(dtype, size=0, dynamic_size=dynamic, element_shape=element_shape)
        ta._buffer = buffer
        ta._size = None
        return ta

    def _to_buffer(self, element_shape=None):
        """The stacked contents (unwritten rows are zeros)."""
        if self._buffer is not None:
            return self._buffer
        from fluxion.ops.array_ops import stack, zeros  # noqa: PLC0415

        shape = self._element_shape if self._element_shape is not None else element_shape
        if shape is None or not TensorShape(shape).is_fully_defined():
            raise ValueError("TensorArray: its element shape must be known to carry it through a "
                             "graph loop; pass element_shape=... or write it once before")
        rows = [self._items.get(i) for i in range(self._size)]
        rows = [r if r is not None else zeros(TensorShape(shape).as_list(), self.dtype)
                for r in rows]
        return stack(rows) if rows else zeros([0] + TensorShape(shape).as_list(), self.dtype)

    def _write_buffer(self, index, value) -> "TensorArray":
        from fluxion.ops.array_ops import concat, expand_dims, reshape  # noqa: PLC0415
        from fluxion.ops.gather_ops import tensor_scatter_nd_update  # noqa: PLC0415

        t = convert_to_tensor(value, self.dtype)
        buffer = self._to_buffer(t.shape)
        if self._dynamic:
            new = concat([buffer, expand_dims(t, 0)], 0)
        else:
            new = tensor_scatter_nd_update(buffer, reshape(index, [1, 1]), expand_dims(t, 0))
        return TensorArray._from_buffer(self.dtype, new, self._dynamic, t.shape)

    @property
    def element_shape(self) -> TensorShape:
        return self._element_shape or TensorShape(None)

    def size(self, name=None) -> Tensor:
        if self._buffer is not None:
            from fluxion.ops.array_ops import shape  # noqa: PLC0415

            return shape(self._buffer)[0]
        return convert_to_tensor(np.int32(self._size))

    def write(self, index, value, name=None) -> "TensorArray":
        if self._buffer is not None or _dynamic(index):
            return self._write_buffer(convert_to_tensor(index), value)
        i = int(np.asarray(getattr(index, "_value", index)))
        if i < 0 or (i >= self._size and not self._dynamic):
            raise InvalidArgumentError(f"TensorArray.write: index {i} is out of range for a "
                                       f"TensorArray of size {self._size}")
        t = convert_to_tensor(value, self.dtype)
        if self._element_shape is not None and not self._element_shape.is_compatible_with(
                t.shape):
            raise ValueError(f"TensorArray.write: value of shape {t.shape} does not match "
                             f"element_shape {self._element_shape}")
        self._element_shape = self._element_shape or t.shape
        self._items[i] = t
        self._size = max(self._size, i + 1)
        return self

    def read(self, index, name=None) -> Tensor:
        if self._buffer is not None or _dynamic(index):
            from fluxion.ops.gather_ops import gather  # noqa: PLC0415

            return gather(self._to_buffer(), index)
        i = int(np.asarray(getattr(index, "_value", index)))
        if i not in self._items:
            if 0 <= i < self._size and self._element_shape is not None:
                from fluxion.ops.array_ops import zeros  # noqa: PLC0415

                return zeros(self._element_shape.as_list(), self.dtype)
            raise InvalidArgumentError(f"TensorArray.read: index {i} was never written "
                                       f"(size {self._size})")
        return self._items[i]

    def stack(self, name=None) -> Tensor:
        from fluxion.ops.array_ops import stack, zeros  # noqa: PLC0415

        if self._buffer is not None:
            return self._buffer
        if self._size == 0:
            shape = [] if self._element_shape is None else self._element_shape.as_list()
            return zeros([0] + shape, self.dtype)
        return stack([self.read(i) for i in range(self._size)])

    def unstack(self, value, name=None) -> "TensorArray":
        from fluxion.ops.array_ops import unstack  # noqa: PLC0415

        for i, t in enumerate(unstack(convert_to_tensor(value, self.dtype))):
            self._size = max(self._size, i + 1) if self._dynamic or i < self._size else i + 1
            self._items[i] = t
        return self

    def gather(self, indices, name=None) -> Tensor:
        from fluxion.ops.array_ops import stack  # noqa: PLC0415

        if self._buffer is not None or _dynamic(indices):
            from fluxion.ops.gather_ops import gather  # noqa: PLC0415

            return gather(self._to_buffer(), indices)
        idx = np.asarray(getattr(indices, "_value", indices)).reshape(-1)
        return stack([self.read(int(i)) for i in idx])

    def concat(self, name=None) -> Tensor:
        from fluxion.ops.array_ops import concat, reshape  # noqa: PLC0415

        if self._buffer is not None:
            rest = self._buffer.shape.as_list()[2:]
            return reshape(self._buffer, [-1] + rest)
        return concat([self.read(i) for i in range(self._size)], axis=0)
