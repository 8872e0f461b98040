"""`fused_elementwise`: a chain of elementwise ops evaluated as one kernel.

The graph optimizer's fusion pass (fluxion/graph/passes/fuse.py) replaces a tree of elementwise
nodes by one node of this op. Its `program` attribute lists the steps, each an elementwise op of
the registry and its arguments: ``'iK'`` is input K of the fused node, ``'sK'`` the result of
step K; the last step is the result. For example ``B1 * m + (1 - B1) * g`` with inputs
(B1, m, c, g) is ``(('multiply', ('i0', 'i1')), ('multiply', ('i2', 'i3')),
('add', ('s0', 's1')))``.

Nothing here is a second definition of an op: the kernel calls each step's own kernel (a NumPy
ufunc), inference chains each step's own rule, and the vjp chains each step's own vjp. What
fusion buys is the evaluation: intermediates never outlive the kernel and share scratch buffers
(each step writes into a dead intermediate with `out=`), and the executor makes one call per
chain instead of one per op.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from fluxion.core.op import REGISTRY, defop
from fluxion.ops.conv_threads import over_batch, workers

__all__: list = []


def fusable(op_name: str) -> bool:
    """Ops a fused kernel may contain: one output, no attributes, a NumPy ufunc kernel (so it
    broadcasts and writes into `out=`), and a plain vjp."""
    op = REGISTRY.get(op_name)
    return (op is not None and op.num_outputs == 1 and not op.stateful and not op.vjp_needs
            and isinstance(op._np_kernel, np.ufunc) and op.vjp is not None)


def _ref(token: str, inputs, steps):
    return inputs[int(token[1:])] if token[0] == "i" else steps[int(token[1:])]


def _check_program(program, n_inputs: int) -> None:
    if not program:
        raise ValueError("fused_elementwise: the program has no steps")
    for k, step in enumerate(program):
        name, args = step
        if not fusable(name):
            raise ValueError(f"fused_elementwise: step {k} uses {name!r}, which is not an "
                             f"elementwise op with a ufunc kernel")
        for token in args:
            limit = n_inputs if token[0] == "i" else k
            if token[0] not in "is" or not 0 <= int(token[1:]) < limit:
                raise ValueError(f"fused_elementwise: step {k} refers to {token!r}, which is "
                                 f"not an input or an earlier step")


@functools.lru_cache(maxsize=512)
def compile_program(program: tuple, n_inputs: int):
    """Generated code for `program`: ``f(i0, ..., out=None)`` returning the last step's result.

    Each intermediate step writes into the buffer of an intermediate that is dead after this
    step (in place is safe: intermediates have the full output shape, and ufuncs read each
    element before writing it), or allocates when none is free; only the last step writes into
    `out`, so `out` may alias an input of full shape.
    """
    _check_program(program, n_inputs)
    last_use = {}
    for k, (_, args) in enumerate(program):
        for token in args:
            last_use[token] = k
    env = {}
    params = [f"i{j}" for j in range(n_inputs)]
    lines = [f"def fused({', '.join(params + ['out=None'])}):"]
    free: list[str] = []  # intermediates whose buffers are dead
    for k, (name, args) in enumerate(program):
        env[f"u{k}"] = REGISTRY[name]._np_kernel
        call_args = ", ".join(args)
        dead = [t for t in dict.fromkeys(args) if t[0] == "s" and last_use[t] == k]
        if k == len(program) - 1:
            spare = (free + dead)[:1]
            target = f"out if out is not None else {spare[0]}" if spare else "out"
            lines.append(f"    return u{k}({call_args}, out={target})")
            break
        free.extend(dead)
        if free:
            lines.append(f"    s{k} = u{k}({call_args}, out={free.pop(0)})")
        else:
            lines.append(f"    s{k} = u{k}({call_args})")
    source = "\n".join(lines)
    exec(compile(source, "<fused_elementwise>", "exec"), env)  # noqa: S102 - our own code
    fn = env["fused"]
    fn.source = source
    return fn


# element count from which a fused chain runs on two threads (NumPy releases the GIL in ufunc
# loops), in blocks whose intermediates stay in cache: measured on Adam's three updates of a
# 1.2M-element kernel, 1.35 -> 0.95 ms
_THREAD_ELEMENTS = 1 << 18
_BLOCK = 1 << 16


def _size(a) -> int:
    return getattr(a, "size", 1)


def large(shape) -> bool:
    """Whether an elementwise result of static `shape` is worth `sliced`'s threads."""
    return shape is not None and None not in shape and math.prod(shape) >= _THREAD_ELEMENTS


def sliced(fused):
    """`fused` (a fused chain or a ufunc) that, on large inputs of the result's shape - and
    scalars, or rows that repeat along the leading axes (a bias) - runs over blocks of rows
    in fluxion's worker threads (elementwise: each block reads and writes only its own
    positions, so `out` may alias an input). Anything else runs as one call."""
    def run(*inputs, out=None):
        size = max(_size(a) for a in inputs)
        shape = next((a.shape for a in inputs if _size(a) == size), None)
        rows = _row_shape(inputs, size, shape)
        if size < _THREAD_ELEMENTS or rows is None or workers() < 2 or (
                out is not None and (out.shape != shape or not out.flags.c_contiguous)):
            return fused(*inputs, out=out)
        inner = math.prod(rows)
        if out is None:
            first = fused(*[a.reshape(-1)[:inner] if _size(a) == size else _flat_row(a, rows)
                            for a in inputs])
            out = np.empty(shape, first.dtype)
        flat = [(a.reshape(-1, inner), True) if _size(a) == size else (_flat_row(a, rows), False)
                for a in inputs]
        target = out.reshape(-1, inner)
        step = max(1, _BLOCK // inner)

        def blocks(lo: int, hi: int) -> None:
            for b in range(lo, hi, step):
                e = min(b + step, hi)
                fused(*[a[b:e] if full else a for a, full in flat], out=target[b:e])

        over_batch(blocks, size // inner, size * out.itemsize)
        return out
    return run


def _row_shape(inputs, size: int, shape):
    """The trailing shape the smaller inputs repeat (() when all are scalars), or None when
    an input is a strided view or broadcasts otherwise."""
    rows = ()
    for a in inputs:
        n = _size(a)
        if n == size:
            if a.shape != shape or not a.flags.c_contiguous:
                return None
        elif n != 1:
            if a.ndim > len(shape) or tuple(a.shape) != tuple(shape[len(shape) - a.ndim:]) \
                    or rows and a.shape != rows or not a.flags.c_contiguous:
                return None
            rows = tuple(a.shape)
    return rows


def _flat_row(a, rows):
    return a.reshape(-1) if rows and _size(a) != 1 else a


def _fused_kernel(xp, *inputs, program):
    return compile_program(program, len(inputs))(*inputs)


def _infer(*specs, program):
    _check_program(program, len(specs))
    steps: list = []
    for name, args in program:
        steps.append(REGISTRY[name].infer_specs(*[_ref(t, specs, steps) for t in args]))
    final = steps[-1].shape
    for k, step in enumerate(steps):
        # the kernel writes intermediates into each other's buffers: they need the full shape
        if step.shape != final and final is not None and step.shape is not None:
            raise ValueError(f"fused_elementwise: step {k} ({program[k][0]}) has shape "
                             f"{step.shape} but the result has shape {final}; every step of a "
                             f"fused program must have the result's shape")
    return steps[-1]


def _vjp(g, out, *inputs, program):
    # replay the steps with the public ops, then apply each step's own vjp in reverse
    steps: list = []
    for name, args in program[:-1]:
        steps.append(REGISTRY[name](*[_ref(t, inputs, steps) for t in args]))
    steps.append(out)
    cot: dict = {f"s{len(program) - 1}": g}
    grads: list = [None] * len(inputs)
    for k in range(len(program) - 1, -1, -1):
        name, args = program[k]
        gk = cot.pop(f"s{k}", None)
        if gk is None:
            continue
        arg_values = [_ref(t, inputs, steps) for t in args]
        for token, gx in zip(args, REGISTRY[name].vjp(gk, steps[k], *arg_values)):
            if gx is None:
                continue
            if token[0] == "i":
                j = int(token[1:])
                grads[j] = gx if grads[j] is None else REGISTRY["add"](grads[j], gx)
            else:
                cot[token] = gx if token not in cot else REGISTRY["add"](cot[token], gx)
    return tuple(grads)


fused_elementwise = defop(
    "fused_elementwise", _fused_kernel, vjp=_vjp, infer=_infer, tf_name="FusedElementwise",
    doc="A chain of elementwise ops evaluated as one kernel (made by the graph optimizer).")
