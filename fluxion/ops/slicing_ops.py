"""Indexing, slicing, padding and tiling (``tensor[...]``, ``tf.slice``, ``tf.strided_slice``,
``tf.pad``, ``tf.tile``, ``tf.repeat``, ``tf.reverse``, ``tf.roll``, ``tf.reverse_sequence``).

Every slice is one primitive, `strided_slice`, whose attribute is a normalised Python index:
a tuple of ints, ``None`` (new axis), ``Ellipsis`` and ``(start, stop, step)`` triples for
slices. TF's strided-slice semantics are Python's, so the kernel is plain NumPy basic indexing
(a zero-copy view). Its gradient scatters into zeros (`strided_slice_grad`), whose own gradient
is the slice again.
"""
from __future__ import annotations

import weakref

import numpy as np

from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer, array_ops
from fluxion.ops._util import shape_of, static_value

__all__ = ["slice", "strided_slice", "pad", "repeat", "tile", "reverse", "roll",
           "reverse_sequence"]

_pyslice = slice


# --- the strided_slice primitive -----------------------------------------------------------------
_INDEX_CACHE: dict = {}


def _numpy_index(key: tuple) -> tuple:
    """The NumPy index of a normalised key; always holds an Ellipsis so results are arrays."""
    idx = _INDEX_CACHE.get(key)
    if idx is None:
        idx = tuple(_pyslice(*k) if type(k) is tuple else k for k in key)
        if Ellipsis not in key:
            idx += (Ellipsis,)
        if len(_INDEX_CACHE) > 4096:
            _INDEX_CACHE.clear()
        _INDEX_CACHE[key] = idx
    return idx


def _strided_slice_kernel(xp, x, key):
    try:
        return x[_numpy_index(key)]
    except IndexError:
        raise InvalidArgumentError(_index_error(x.shape, key)) from None


def _index_error(shape: tuple, key: tuple) -> str:
    """TF's message for an index NumPy rejected (bad int index, too many indices...)."""
    if key.count(Ellipsis) > 1:
        msg = "Multiple ellipses in slice spec not allowed"
    elif not shape and any(k is not None and k is not Ellipsis for k in key):
        msg = "Attempting to slice scalar input."
    else:
        msg = "invalid index"
        real = sum(1 for k in key if k is not None and k is not Ellipsis)
        dim = 0
        for k in key:
            if k is Ellipsis:
                dim += len(shape) - real
                continue
            if k is None:
                continue
            if dim >= len(shape):
                msg = f"Index out of range using input dim {dim}; input has only " \
                      f"{len(shape)} dims"
                break
            if type(k) is int and not -shape[dim] <= k < shape[dim]:
                shown = k + shape[dim] if k < 0 else k
                msg = f"slice index {shown} of dimension {dim} out of bounds."
                break
            dim += 1
    return f"{msg} [Op:StridedSlice] name: strided_slice/"


def _infer_strided_slice(x: Spec, key):
    if x.shape is None:
        return Spec(None, x.dtype)
    shape, out, dim = x.shape, [], 0
    real = sum(1 for k in key if k is not None and k is not Ellipsis)
    if real > len(shape) or key.count(Ellipsis) > 1:
        raise InvalidArgumentError(_index_error(_known(shape), key))
    for k in key:
        if k is Ellipsis:
            n = len(shape) - real
            out.extend(shape[dim:dim + n])
            dim += n
        elif k is None:
            out.append(1)
        elif type(k) is int:
            if shape[dim] is not None and not -shape[dim] <= k < shape[dim]:
                raise InvalidArgumentError(_index_error(_known(shape), key))
            dim += 1
        else:
            d = shape[dim]
            out.append(None if d is None else len(range(*_pyslice(*k).indices(d))))
            dim += 1
    if Ellipsis not in key:
        out.extend(shape[dim:])
    return Spec(tuple(out), x.dtype)


def _known(shape: tuple) -> tuple:
    """A static shape with unknown dims made huge, so only known dims can be out of range."""
    return tuple(2**62 if d is None else d for d in shape)


def _vjp_strided_slice(g, out, x, key):
    return (_strided_slice_grad(g, shape=shape_of(x), key=key),)


_strided_slice = defop("strided_slice", _strided_slice_kernel, infer=_infer_strided_slice,
                       vjp=_vjp_strided_slice)


def _strided_slice_grad_kernel(xp, g, shape, key):
    out = xp.zeros(shape, g.dtype)
    out[_numpy_index(key)] = g
    return out


_strided_slice_grad = defop(
    "strided_slice_grad", _strided_slice_grad_kernel,
    infer=lambda g, shape, key: Spec(tuple(shape), g.dtype),
    vjp=lambda g, out, dy, shape, key: (_strided_slice(g, key=key),),
    doc="Scatters `g` into zeros of `shape` at the index `key` (the adjoint of strided_slice).")


# --- Tensor.__getitem__ --------------------------------------------------------------------------
_BAD_INDEX = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
              "tf.int32/tf.int64 tensors are valid indices, got {!r}")


def _getitem(tensor, key) -> Tensor:
    """``tensor[key]`` with Python/TF semantics: ints, slices, ``...``, ``None``, int scalar
    tensors; a bool mask (tensor, array or Python bool) goes to `tf.boolean_mask`."""
    kind = type(key)
    if kind is not tuple:
        if kind is list:  # TF reads a list index as a tuple of indices
            key = tuple(key)
        elif _is_bool_mask(key):
            from fluxion.ops import gather_ops  # noqa: PLC0415 - owned by the gather family

            return gather_ops.boolean_mask(tensor, key)
        else:
            key = (key,)
    if len(key) == 1 and _traced_dynamic(key[0]):
        # x[i] with an index computed from the inputs inside a graph trace: a gather, not a
        # slice whose bounds would be frozen into the graph
        from fluxion.ops import gather_ops  # noqa: PLC0415

        return gather_ops.gather(tensor, key[0], axis=0)
    spec = []
    for k in key:
        kind = type(k)
        if kind is int or k is None or k is Ellipsis:
            spec.append(k)
        elif kind is _pyslice:
            start, stop, step = k.start, k.stop, k.step
            if (step is None and (start is None or type(start) is int)
                    and (stop is None or type(stop) is int)):
                spec.append((start, stop, None))
            else:
                spec.append(_slice_triple(k))
        else:
            spec.append(_index_int(k))
    return _strided_slice(tensor, key=tuple(spec))


def _traced_dynamic(k) -> bool:
    from fluxion.core.op import STATE  # noqa: PLC0415

    return (STATE.trace is not None and hasattr(k, "_value") and np.ndim(k._value) == 0
            and np.asarray(k._value).dtype.kind in "iu" and STATE.trace.is_dynamic_here(k))


def _is_bool_mask(key) -> bool:
    if type(key) is bool:
        return True
    v = getattr(key, "_value", key)
    return isinstance(v, np.ndarray) and v.dtype == np.bool_


def _slice_triple(s) -> tuple:
    start, stop, step = s.start, s.stop, s.step
    if not (type(start) is int or start is None):
        start = _index_int(start)
    if not (type(stop) is int or stop is None):
        stop = _index_int(stop)
    if not (type(step) is int or step is None):
        step = _index_int(step)
    if step == 0:
        raise InvalidArgumentError("strides[0] must be non-zero [Op:StridedSlice] "
                                   "name: strided_slice/")
    return (start, stop, step)


def _index_int(k) -> int:
    """An index given as a NumPy int, a 0-d int array or a scalar int32/int64 tensor."""
    if isinstance(k, (int, np.integer)):  # bool inside a tuple counts as an int, as in TF
        return int(k)
    v = np.asarray(k._value) if hasattr(k, "_value") else k  # op results may be NumPy scalars
    if isinstance(v, np.ndarray) and v.ndim == 0 and (
            v.dtype in (np.int32, np.int64) or (v.dtype.kind in "iu" and type(k) is np.ndarray)):
        return int(v)
    raise TypeError(_BAD_INDEX.format(k))


# --- slices of variables: ``v[1:3].assign(x)`` (TF's _SliceHelperVar) ---------------------------
class _SliceOrigin(weakref.ref):
    """A weak reference to a slice of a variable, with the variable and the index."""

    __slots__ = ("key", "variable")


# id(slice tensor) -> its _SliceOrigin (only variables' slices pay for this); entries of dead
# tensors are dropped in bulk once the table doubles, cheaper than a callback per tensor
_VARIABLE_SLICES: dict[int, _SliceOrigin] = {}
_PURGE_AT = [256]


def _variable_getitem(variable, key) -> Tensor:
    """``variable[key]``: the slice, remembered so that ``.assign(value)`` writes it back."""
    out = _getitem(variable, key)
    kind = type(key)
    if kind is tuple or kind is int or kind is _pyslice or not _is_bool_mask(key):
        origin = _SliceOrigin(out)
        origin.variable, origin.key = variable, key
        _VARIABLE_SLICES[id(out)] = origin
        if len(_VARIABLE_SLICES) > _PURGE_AT[0]:
            _purge_slices()
    return out


def _purge_slices() -> None:
    for k in [k for k, origin in list(_VARIABLE_SLICES.items()) if origin() is None]:
        _VARIABLE_SLICES.pop(k, None)
    _PURGE_AT[0] = max(256, 2 * len(_VARIABLE_SLICES))


def variable_slice_assign(tensor):
    """``tensor.assign`` for a slice of a variable; AttributeError for any other tensor."""
    origin = _VARIABLE_SLICES.get(id(tensor))
    if origin is None or origin() is not tensor:
        raise AttributeError(f"'{type(tensor).__name__}' object has no attribute 'assign'")
    variable, key = origin.variable, origin.key

    def assign(value, name=None):
        """Writes `value` (broadcast to the slice's shape) into the variable's slice; returns
        what ``variable.assign`` returns."""
        return _assign_slice(variable, key, value)
    return assign


def _assign_slice(variable, key, value):
    if hasattr(value, "_value"):
        if value._value.dtype != variable._value.dtype:
            raise ValueError(f"Tensor conversion requested dtype {variable.dtype.name} for "
                             f"Tensor with dtype {value.dtype.name}: {value!r}")
    else:
        value = convert_to_tensor(value, variable.dtype)
    if type(key) is list:
        key = tuple(key)
    if type(key) is not tuple and _traced_dynamic(key):  # v[i] with i from the inputs
        from fluxion.ops import gather_ops  # noqa: PLC0415

        row = array_ops.broadcast_to(value, shape_of(variable)[1:])
        new = gather_ops.tensor_scatter_nd_update(
            variable, array_ops.reshape(key, [1, 1]), array_ops.expand_dims(row, 0))
    else:
        new = _strided_slice_update(variable, value, key=_slice_spec(key))
    return variable.assign(new)


def _slice_spec(key) -> tuple:
    """The normalised strided_slice key of a Python index (as `_getitem` builds it)."""
    spec = []
    for k in key if type(key) is tuple else (key,):
        kind = type(k)
        if kind is int or k is None or k is Ellipsis:
            spec.append(k)
        elif kind is _pyslice:
            spec.append(_slice_triple(k))
        else:
            spec.append(_index_int(k))
    return tuple(spec)


def _strided_slice_update_kernel(xp, x, value, key):
    idx = _numpy_index(key)
    out = x.copy()
    try:
        target = out[idx]
    except IndexError:
        raise InvalidArgumentError(_index_error(x.shape, key)) from None
    try:
        target[...] = value  # a view of `out`: NumPy's broadcasting rules are TF's here
    except ValueError:
        raise InvalidArgumentError(
            f"Cannot broadcast input shape [{','.join(map(str, np.shape(value)))}] into final "
            f"shape [{','.join(map(str, target.shape))}] [Op:ResourceStridedSliceAssign] "
            f"name: strided_slice/_assign") from None
    return out


def _vjp_strided_slice_update(g, out, x, value, key):
    from fluxion.ops._util import unbroadcast  # noqa: PLC0415

    g_slice = _strided_slice(g, key=key)
    dx = _strided_slice_update(g, array_ops.zeros_like(g_slice), key=key)
    vshape, sshape = shape_of(value), shape_of(g_slice)
    if len(vshape) > len(sshape):  # extra leading 1-dims: same values, value's shape
        return dx, array_ops.reshape(g_slice, vshape)
    return dx, unbroadcast(g_slice, value)


_strided_slice_update = defop(
    "tensor_strided_slice_update", _strided_slice_update_kernel,
    infer=lambda x, value, key: Spec(x.shape, x.dtype), vjp=_vjp_strided_slice_update,
    doc="`x` with `x[key]` replaced by `value` (broadcast): what ``v[key].assign`` stores.")


# --- tf.strided_slice / tf.slice -----------------------------------------------------------------
def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None) -> Tensor:
    """``input_[begin:end:strides]`` per dimension, with TF's bit masks: a set bit i in
    begin_mask/end_mask ignores begin[i]/end[i]; ellipsis_mask puts ``...`` at i; new_axis_mask
    inserts a length-1 axis; shrink_axis_mask takes the single index begin[i]."""
    b = array_ops.dims_arg(begin, "StridedSlice")
    e = array_ops.dims_arg(end, "StridedSlice")
    s = (1,) * len(b) if strides is None else array_ops.dims_arg(strides, "StridedSlice")
    if not len(b) == len(e) == len(s):
        raise InvalidArgumentError(
            f"Expected begin, end, and strides to be 1D equal size tensors, but got shapes "
            f"[{len(b)}], [{len(e)}], and [{len(s)}] instead. [Op:StridedSlice]")
    key = []
    for i in range(len(b)):
        bit = 1 << i
        if ellipsis_mask & bit:
            key.append(Ellipsis)
        elif new_axis_mask & bit:
            key.append(None)
        elif shrink_axis_mask & bit:
            key.append(b[i])
        else:
            if s[i] == 0:
                raise InvalidArgumentError(f"strides[{i}] must be non-zero [Op:StridedSlice]")
            key.append((None if begin_mask & bit else b[i], None if end_mask & bit else e[i],
                        s[i]))
    return _strided_slice(input_, key=tuple(key))


def slice(input_, begin, size, name=None) -> Tensor:  # noqa: A001 - TF's name
    """The block starting at `begin` of extent `size` (-1: to the end of that dimension)."""
    x = array_ops.as_input(input_)
    shape = x._value.shape
    b = array_ops.dims_arg(begin, "Slice")
    n = array_ops.dims_arg(size, "Slice")
    if not len(b) == len(n) == len(shape):
        raise InvalidArgumentError(
            f"Expected begin and size arguments to be 1-D tensors of size {len(shape)}, but got "
            f"shapes [{len(b)}] and [{len(n)}] instead. [Op:Slice]")
    key = []
    for i, (d, start, extent) in enumerate(zip(shape, b, n)):
        if not 0 <= start <= d:
            raise InvalidArgumentError(f"Expected begin[{i}] in [0, {d}], but got {start} "
                                       f"[Op:Slice]")
        if extent == -1:
            extent = d - start
        if not 0 <= extent <= d - start:
            raise InvalidArgumentError(f"Expected size[{i}] in [0, {d - start}], but got "
                                       f"{extent} [Op:Slice]")
        key.append((start, start + extent, 1))
    return _strided_slice(x, key=tuple(key))


# --- pad -----------------------------------------------------------------------------------------
def _pad_kernel(xp, x, value, paddings):
    if value.ndim:
        raise InvalidArgumentError(f"constant_values must be a scalar. Got: "
                                   f"{list(value.shape)} [Op:PadV2]")
    shape = tuple(d + a + b for d, (a, b) in zip(x.shape, paddings))
    out = xp.full(shape, value, x.dtype)
    out[tuple(_pyslice(a, a + d) for d, (a, _) in zip(x.shape, paddings))] = x
    return out


def _infer_pad(x: Spec, value: Spec, paddings):
    if x.shape is None:
        return Spec(None, x.dtype)
    return Spec(tuple(None if d is None else d + a + b
                      for d, (a, b) in zip(x.shape, paddings)), x.dtype)


def _interior(x, paddings) -> tuple:
    return tuple((a, a + d, 1) for d, (a, _) in zip(shape_of(x), paddings))


_pad = defop("pad", _pad_kernel, infer=_infer_pad, tf_name="PadV2",
             vjp=lambda g, out, x, value, paddings: (
                 _strided_slice(g, key=_interior(x, paddings)), None))


def _mirror_pad_kernel(xp, x, paddings, mode):
    for d, (a, b) in zip(x.shape, paddings):
        if mode == "REFLECT" and not (a < d and b < d):
            raise InvalidArgumentError(f"paddings must be less than the dimension size: {a}, "
                                       f"{b} not less than {d} [Op:MirrorPad]")
        if mode == "SYMMETRIC" and not (a <= d and b <= d):
            raise InvalidArgumentError(f"paddings must be no greater than the dimension size: "
                                       f"{a}, {b} greater than {d} [Op:MirrorPad]")
    return xp.pad(x, paddings, mode=mode.lower())


def _mirror_pad_grad_kernel(xp, g, paddings, mode):
    """Folds the padded borders of `g` back onto the positions they were copied from."""
    edge = 1 if mode == "REFLECT" else 0
    for axis, (a, b) in enumerate(paddings):
        d = g.shape[axis] - a - b
        g = xp.moveaxis(g, axis, 0)
        out = g[a:a + d].copy()
        if a:
            out[edge:edge + a] += g[:a][::-1]
        if b:
            out[d - edge - b:d - edge] += g[a + d:][::-1]
        g = xp.moveaxis(out, 0, axis)
    return xp.ascontiguousarray(g)


def _infer_mirror_pad(x: Spec, paddings, mode, sign=1):
    if x.shape is None:
        return Spec(None, x.dtype)
    return Spec(tuple(None if d is None else d + sign * (a + b)
                      for d, (a, b) in zip(x.shape, paddings)), x.dtype)


_mirror_pad = defop(
    "mirror_pad", _mirror_pad_kernel, infer=_infer_mirror_pad,
    vjp=lambda g, out, x, paddings, mode: (_mirror_pad_grad(g, paddings=paddings, mode=mode),))
_mirror_pad_grad = defop(
    "mirror_pad_grad", _mirror_pad_grad_kernel,
    infer=lambda g, paddings, mode: _infer_mirror_pad(g, paddings, mode, -1),
    vjp=lambda g, out, dy, paddings, mode: (_mirror_pad(g, paddings=paddings, mode=mode),),
    doc="The adjoint of mirror_pad: sums each padded border into the entries it mirrors.")


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None) -> Tensor:
    """Pads with `constant_values` (mode CONSTANT) or mirrored entries (REFLECT excludes the
    border entry, SYMMETRIC repeats it); `paddings[i] = [before, after]` for dimension i."""
    x = array_ops.as_input(tensor)
    m = str(mode).upper()
    if m not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise ValueError(f'Value of argument `mode` expected to be one of "CONSTANT", '
                         f'"REFLECT", or "SYMMETRIC". Received `mode` = {mode}')
    pads = _paddings(paddings, x._value.shape)
    if m == "CONSTANT":
        value = constant_values
        if not hasattr(value, "_value"):
            npd = x._value.dtype
            if np.ndim(value) == 0 and value == 0:  # TF's Pad: the zero of any dtype
                value = wrap(np.full((), b"", object) if npd.kind == "O" else np.zeros((), npd))
            else:
                value = convert_to_tensor(value, x.dtype)
        return _pad(x, value, paddings=pads)
    return _mirror_pad(x, paddings=pads, mode=m)


def _paddings(paddings, shape: tuple) -> tuple:
    v = static_value(paddings)
    if v.dtype.kind not in "iu" and v.size:
        raise InvalidArgumentError(f"Value for attr 'Tpaddings' of {v.dtype} is not in the list "
                                   f"of allowed values: int32, int64 [Op:Pad]")
    if v.ndim != 2 or v.shape[1] != 2:
        raise InvalidArgumentError(f"paddings must be a matrix with 2 columns: "
                                   f"{list(v.shape)} [Op:Pad]")
    if v.shape[0] != len(shape):
        raise InvalidArgumentError(f"The first dimension of paddings must be the rank of "
                                   f"inputs{list(v.shape)} {list(shape)} [Op:Pad]")
    for a, b in v:
        if a < 0 or b < 0:
            raise InvalidArgumentError(f"Paddings must be non-negative: {a} {b} [Op:Pad]")
    return tuple((int(a), int(b)) for a, b in v)


# --- tile ----------------------------------------------------------------------------------------
def _tile_kernel(xp, x, multiples):
    return xp.tile(x, multiples) if x.ndim else x


def _infer_tile(x: Spec, multiples):
    if x.shape is None:
        return Spec(None, x.dtype)
    return Spec(tuple(None if d is None else d * m for d, m in zip(x.shape, multiples)), x.dtype)


def _vjp_tile(g, out, x, multiples):
    from fluxion.ops import reduce_ops  # noqa: PLC0415 - reduce_ops imports array_ops

    xshape = shape_of(x)
    if not xshape:
        return (g,)
    split = tuple(d for pair in zip(multiples, xshape) for d in pair)
    every_other = tuple(range(0, len(split), 2))
    summed = reduce_ops.reduce_sum(array_ops.reshape(g, split), axis=every_other)
    return (array_ops.reshape(summed, xshape),)


_tile = defop("tile", _tile_kernel, vjp=_vjp_tile, infer=_infer_tile)


def tile(input, multiples, name=None) -> Tensor:  # noqa: A002
    """Repeats the whole tensor `multiples[i]` times along each axis i."""
    x = array_ops.as_input(input)
    m = array_ops.dims_arg(multiples, "Tile")
    if len(m) != x._value.ndim:
        raise InvalidArgumentError(f"Expected multiples argument to be a vector of length "
                                   f"{x._value.ndim} but got length {len(m)} [Op:Tile]")
    for i, k in enumerate(m):
        if k < 0:
            raise InvalidArgumentError(f"Expected multiples[{i}] >= 0, but got {k} [Op:Tile]")
    return _tile(x, multiples=m)


# --- reverse / roll ------------------------------------------------------------------------------
def _reverse_kernel(xp, x, axis):
    return xp.flip(x, axis) if axis else x


_reverse = defop("reverse", _reverse_kernel, infer=_infer.same, tf_name="ReverseV2",
                 vjp=lambda g, out, x, axis: (_reverse(g, axis=axis),))


def reverse(tensor, axis, name=None) -> Tensor:
    """Reverses the order of elements along each axis listed in `axis` (a 1-D list)."""
    x = array_ops.as_input(tensor)
    rank = x._value.ndim
    v = static_value(axis)
    if v.ndim != 1:
        raise InvalidArgumentError(f"'dims' must be 1-dimension, not {v.ndim} [Op:ReverseV2]")
    out = []
    for i, a in enumerate(int(a) for a in v):
        if not -rank <= a < rank:
            raise InvalidArgumentError(f"'axis'[{i}] = {a} is out of valid range [0, {rank - 1} "
                                       f"[Op:ReverseV2]")
        if a % rank in out:
            raise InvalidArgumentError(f"axis {a % rank} specified more than once. "
                                       f"[Op:ReverseV2]")
        out.append(a % rank)
    return _reverse(x, axis=tuple(out))


def _roll_kernel(xp, x, shift, axis):
    return xp.roll(x, shift, axis)


_roll = defop("roll", _roll_kernel, infer=_infer.same,
              vjp=lambda g, out, x, shift, axis: (_roll(g, shift=tuple(-s for s in shift),
                                                        axis=axis),))


def roll(input, shift, axis, name=None) -> Tensor:  # noqa: A002
    """Rolls elements along `axis` by `shift` (repeated axes add their shifts)."""
    x = array_ops.as_input(input)
    rank = x._value.ndim
    s, a = static_value(shift), static_value(axis)
    if rank == 0:
        raise InvalidArgumentError("input must be 1-D or higher [Op:Roll]")
    if s.ndim > 1 or a.ndim > 1 or s.shape != a.shape:
        raise InvalidArgumentError("shift and axis must have the same size [Op:Roll]")
    shifts = tuple(int(i) for i in s.reshape(-1))
    axes = tuple(int(i) for i in a.reshape(-1))
    for i in axes:
        if not -rank <= i < rank:
            raise InvalidArgumentError(f"axis {i} is out of range [Op:Roll]")
    return _roll(x, shift=shifts, axis=tuple(i % rank for i in axes))


# --- reverse_sequence ----------------------------------------------------------------------------
def _reverse_sequence_kernel(xp, x, lengths, seq_axis, batch_axis):
    if lengths.dtype.kind not in "iu":
        raise InvalidArgumentError(f"Value for attr 'Tlen' of {lengths.dtype} is not in the list "
                                   f"of allowed values: int32, int64 [Op:ReverseSequence]")
    batch, n = x.shape[batch_axis], x.shape[seq_axis]
    if lengths.shape != (batch,):
        raise InvalidArgumentError(f"Length of seq_lengths != input.dims({batch_axis}), "
                                   f"({lengths.size} vs. {batch}) [Op:ReverseSequence]")
    for i, n_i in enumerate(lengths.tolist()):
        if not 0 <= n_i <= n:
            cmp = "< 0" if n_i < 0 else f"> input.dims({seq_axis})"
            raise InvalidArgumentError(f"seq_lens({i}) {cmp} [Op:ReverseSequence]")
    j = xp.arange(n)
    keep = lengths.astype(np.int64)[:, None]
    source = xp.where(j < keep, keep - 1 - j, j)  # (batch, n): where each output entry reads
    if batch_axis > seq_axis:
        source = source.T
    index_shape = [1] * x.ndim
    index_shape[batch_axis], index_shape[seq_axis] = batch, n
    return xp.take_along_axis(x, source.reshape(index_shape), axis=seq_axis)


_reverse_sequence = defop(
    "reverse_sequence", _reverse_sequence_kernel, infer=_infer.same, same_dtype=1,
    vjp=lambda g, out, x, lengths, seq_axis, batch_axis: (
        _reverse_sequence(g, lengths, seq_axis=seq_axis, batch_axis=batch_axis), None))


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None,  # noqa: A002
                     name=None) -> Tensor:
    """Reverses the first `seq_lengths[b]` entries along `seq_axis` of each slice b along
    `batch_axis` (default 0); the rest stay in place."""
    x = array_ops.as_input(input)
    if seq_axis is None:
        raise TypeError("Expected int for argument 'seq_dim' not None.")
    seq = array_ops.int_arg(seq_axis, "seq_axis")
    batch = 0 if batch_axis is None else array_ops.int_arg(batch_axis, "batch_axis")
    rank = x._value.ndim
    if not 0 <= seq < rank:
        raise InvalidArgumentError(f"Invalid seq_dim {seq} [Op:ReverseSequence]")
    if not 0 <= batch < rank:
        raise InvalidArgumentError(f"Invalid batch_dim {batch} [Op:ReverseSequence]")
    if seq == batch:
        raise InvalidArgumentError(f"batch_dim == seq_dim == {seq} [Op:ReverseSequence]")
    return _reverse_sequence(x, seq_lengths, seq_axis=seq, batch_axis=batch)


# --- repeat --------------------------------------------------------------------------------------
def _repeat_kernel(xp, x, repeats, axis):
    return xp.repeat(x, repeats, axis)


def _infer_repeat(x: Spec, repeats, axis):
    if x.shape is None:
        return Spec(None, x.dtype)
    return Spec(tuple(x.shape[:axis]) + (sum(repeats),) + tuple(x.shape[axis + 1:]), x.dtype)


def _repeat_grad_kernel(xp, g, repeats, axis):
    """Sums `g` over each run of repeated entries along `axis` (runs of length 0 give 0)."""
    reps = np.asarray(repeats, np.int64)
    out = xp.zeros(g.shape[:axis] + (len(reps),) + g.shape[axis + 1:], g.dtype)
    kept = np.flatnonzero(reps)
    if kept.size and g.size:
        starts = (np.cumsum(reps) - reps)[kept]
        index = (_pyslice(None),) * axis + (kept,)
        out[index] = xp.add.reduceat(g, starts, axis=axis)
    return out


def _infer_repeat_grad(g: Spec, repeats, axis):
    if g.shape is None:
        return Spec(None, g.dtype)
    return Spec(tuple(g.shape[:axis]) + (len(repeats),) + tuple(g.shape[axis + 1:]), g.dtype)


_repeat = defop("repeat", _repeat_kernel, infer=_infer_repeat,
                vjp=lambda g, out, x, repeats, axis: (
                    _repeat_grad(g, repeats=repeats, axis=axis),))
_repeat_grad = defop("repeat_grad", _repeat_grad_kernel, infer=_infer_repeat_grad,
                     vjp=lambda g, out, dy, repeats, axis: (
                         _repeat(g, repeats=repeats, axis=axis),),
                     doc="The adjoint of repeat: segment sums over the repeated runs.")


def repeat(input, repeats, axis=None, name=None) -> Tensor:  # noqa: A002
    """Repeats each element `repeats` times (a scalar, or one count per entry) along `axis`;
    with axis=None the input is flattened first."""
    x = array_ops.as_input(input)
    r = static_value(repeats)
    if r.dtype.kind not in "iu":
        raise TypeError(f"Argument `tensor` (name: repeats) must be of type integer. Received "
                        f"`tensor` = {repeats} of dtype: {r.dtype}")
    if r.ndim > 1:
        raise ValueError(f"Shape {r.shape} must have rank at most 1")
    if axis is None:
        x, axis = array_ops.reshape(x, (-1,)), 0
    rank = x._value.ndim
    axis = array_ops.int_arg(axis, "axis")
    if not -rank <= axis < rank:
        raise ValueError(f"axis={axis} out of bounds: expected {-rank}<=axis<{rank}")
    axis %= rank
    n = x._value.shape[axis]
    counts = [int(c) for c in r.reshape(-1)]
    if r.ndim == 0 and counts[0] < 0:
        raise InvalidArgumentError(f"Expected multiples[1] >= 0, but got {counts[0]} [Op:Tile]")
    if len(counts) == 1:
        counts = counts * n
    elif len(counts) != n:
        raise ValueError(f"Dimensions {n} and {len(counts)} are not compatible")
    return _repeat(x, repeats=tuple(max(c, 0) for c in counts), axis=axis)
