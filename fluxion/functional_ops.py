"""Higher-order functions over a tensor's first axis: ``tf.map_fn``, ``tf.scan``, ``tf.foldl``,
``tf.foldr`` and ``tf.vectorized_map``.

Each one is a `while_loop` over the elements with TensorArrays for the results (as TF builds
them), so the same code runs eagerly, unrolls when a graph knows the length statically, and
becomes a graph loop when the length is only known at run time.
"""
from __future__ import annotations

from fluxion.core import dtypes
from fluxion.core.tensor import convert_to_tensor
from fluxion.ops import array_ops, gather_ops
from fluxion.core import nest

__all__ = ["foldl", "foldr", "map_fn", "scan", "vectorized_map"]


def _leading_size(t):
    """The size of axis 0 when it is the same on every run (None in a trace where it varies:
    `Tensor.shape` shows the size traced with)."""
    from fluxion.core.op import STATE  # noqa: PLC0415

    trace = STATE.trace
    if trace is not None and trace.knows(t):
        recorded = trace.recorded_shape(t)
        return None if recorded is None else recorded[0]
    return t.shape[0]


def _elements(elems, op: str):
    """(flat tensors, their count along axis 0 as a scalar tensor or int)."""
    flat = [convert_to_tensor(e) for e in nest.flatten(elems)]
    if not flat:
        raise ValueError(f"{op}: elems must be a Tensor or a (possibly nested) sequence of "
                         f"tensors, got an empty structure")
    for e in flat:
        if e.shape.rank == 0:
            raise ValueError(f"{op}: elements in elems must be 1+ dimensional Tensors, not "
                             f"scalars")
    static = [_leading_size(e) for e in flat]
    known = {int(s) for s in static if s is not None}
    if len(known) > 1:
        raise ValueError(f"{op}: all elements of elems must have the same size along axis 0, "
                         f"got sizes {sorted(known)}")
    n = known.pop() if known and None not in static else array_ops.shape(flat[0])[0]
    return flat, n


class _Rows:
    """Element i of a tensor along axis 0 (a gather: the index may be a loop tensor)."""

    def __init__(self, tensor):
        self.tensor = tensor

    def read(self, i):
        return gather_ops.gather(self.tensor, i)


def _unstacked(flat: list) -> list:
    return [_Rows(e) for e in flat]


def _results(dtypes_: list, n, infer_shape: bool) -> list:
    """TensorArrays for n results each: sized when n is static, else grown in order."""
    from fluxion.control_flow import TensorArray  # noqa: PLC0415

    if isinstance(n, int):
        return [TensorArray(d, size=n, infer_shape=infer_shape) for d in dtypes_]
    return [TensorArray(d, size=0, dynamic_size=True, infer_shape=infer_shape)
            for d in dtypes_]


def _signature_dtype(spec):
    """The dtype of one leaf of `fn_output_signature`: a dtype or a TensorSpec."""
    if isinstance(spec, dtypes.DType):
        return spec
    return dtypes.as_dtype(spec.dtype if hasattr(spec, "dtype") else spec)


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None, fn_output_signature=None):
    """Stacks fn(e) for each element e of `elems` along axis 0 (elems may be nested: fn then
    gets the same structure of slices)."""
    from fluxion.control_flow import while_loop  # noqa: PLC0415

    if not callable(fn):
        raise TypeError(f"map_fn: fn must be callable, got {fn!r}")
    signature = fn_output_signature if fn_output_signature is not None else dtype
    flat, n = _elements(elems, "map_fn")
    inputs = _unstacked(flat)
    if signature is None:
        out_structure, out_dtypes = elems, [e.dtype for e in flat]
    else:
        out_structure = signature
        out_dtypes = [_signature_dtype(s) for s in nest.flatten(signature)]
    arrays = _results(out_dtypes, n, infer_shape)

    def body(i, *arrays):
        value = fn(nest.pack_sequence_as(elems, [a.read(i) for a in inputs]))
        results = nest.flatten(value)
        if len(results) != len(arrays):
            raise ValueError(f"map_fn: the structure of fn's result ({len(results)} "
                             f"tensors) does not match fn_output_signature "
                             f"({len(arrays)}); pass fn_output_signature when fn's output "
                             f"differs from elems")
        return (i + 1,) + tuple(a.write(i, convert_to_tensor(r, dtype=a.dtype))
                                for a, r in zip(arrays, results))

    _, *done = while_loop(lambda i, *_: i < n, body, (convert_to_tensor(0), *arrays))
    return nest.pack_sequence_as(out_structure, [a.stack() for a in done])


def vectorized_map(fn, elems, fallback_to_while_loop=True, warn=True):
    """fn applied to each element of elems, results stacked: map_fn's values (TF vectorizes
    fn instead), with the result structure read from fn's output on the first element."""
    flat, _ = _elements(elems, "vectorized_map")
    first = fn(nest.pack_sequence_as(elems, [gather_ops.gather(e, 0) for e in flat]))
    signature = nest.map_structure(lambda r: convert_to_tensor(r).dtype, first)
    return map_fn(fn, elems, fn_output_signature=signature)


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
         swap_memory=False, infer_shape=True, reverse=False, name=None):
    """The stacked accumulators of acc = fn(acc, e) over elems (from the last element with
    reverse=True); without `initializer` the first element is the first accumulator."""
    from fluxion.control_flow import while_loop  # noqa: PLC0415

    flat, n = _elements(elems, "scan")
    inputs = _unstacked(flat)
    pick = (lambda i: n - 1 - i) if reverse else (lambda i: i)
    start = 0
    if initializer is None:
        acc, acc_structure, start = [a.read(pick(0)) for a in inputs], elems, 1
    else:
        acc_structure = initializer
        acc = [convert_to_tensor(a) for a in nest.flatten(initializer)]
    arrays = _results([a.dtype for a in acc], n, infer_shape)
    if start:
        arrays = [t.write(0, a) for t, a in zip(arrays, acc)]

    def body(i, accs, arrays):
        x = nest.pack_sequence_as(elems, [a.read(pick(i)) for a in inputs])
        new = nest.flatten(fn(nest.pack_sequence_as(acc_structure, list(accs)), x))
        if len(new) != len(accs):
            raise ValueError(f"scan: fn returned {len(new)} tensors for an accumulator of "
                             f"{len(accs)}: they must have the same structure")
        new = [convert_to_tensor(v, dtype=a.dtype) for v, a in zip(new, accs)]
        return i + 1, new, [t.write(i, v) for t, v in zip(arrays, new)]  # in loop order

    _, _, done = while_loop(lambda i, *_: i < n, body, (convert_to_tensor(start), acc, arrays))
    stacked = [t.stack() for t in done]
    if reverse:
        stacked = [array_ops.reverse(s, [0]) for s in stacked]
    return nest.pack_sequence_as(acc_structure, stacked)


def _fold(fn, elems, initializer, reverse: bool, op: str):
    from fluxion.control_flow import while_loop  # noqa: PLC0415

    flat, n = _elements(elems, op)
    inputs = _unstacked(flat)
    pick = (lambda i: n - 1 - i) if reverse else (lambda i: i)
    if initializer is None:
        acc, structure, start = [a.read(pick(0)) for a in inputs], elems, 1
    else:
        structure, start = initializer, 0
        acc = [convert_to_tensor(a) for a in nest.flatten(initializer)]

    def body(i, accs):
        x = nest.pack_sequence_as(elems, [a.read(pick(i)) for a in inputs])
        new = nest.flatten(fn(nest.pack_sequence_as(structure, list(accs)), x))
        return i + 1, [convert_to_tensor(v, dtype=a.dtype) for v, a in zip(new, accs)]

    _, done = while_loop(lambda i, _: i < n, body, (convert_to_tensor(start), acc))
    return nest.pack_sequence_as(structure, list(done))


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
          swap_memory=False, name=None):
    """The final accumulator of acc = fn(acc, e) over elems, first to last."""
    return _fold(fn, elems, initializer, False, "foldl")


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
          swap_memory=False, name=None):
    """The final accumulator of acc = fn(acc, e) over elems, last to first."""
    return _fold(fn, elems, initializer, True, "foldr")
