"""Tensor contractions (``tf.einsum``, ``tf.tensordot``).

Part of the gather family: `gather_ops` imports this module and re-exports its names.
The public `einsum` resolves the equation once (ellipses become explicit labels, implicit
outputs are spelled out) so the primitive, its gradient and graph dumps see a plain equation.
The gradient of each operand is another einsum of the output gradient with the other operands.
"""
from __future__ import annotations

import functools
import string
from collections import Counter

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor, wrap
from fluxion.errors import InvalidArgumentError, NotFoundError
from fluxion.ops._util import shape_of

__all__ = ["einsum", "tensordot"]

_EINSUM_DTYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64,
                  dtypes.complex64, dtypes.complex128)
_EINSUM_NP = frozenset(d._np for d in _EINSUM_DTYPES)
_TENSORDOT_DTYPES = _EINSUM_DTYPES + (dtypes.int8, dtypes.int16, dtypes.uint8)
_LETTERS = string.ascii_letters
_OPTIMIZE_ABOVE = 1 << 15  # below this many multiply-adds NumPy's direct loop is faster


def _as_tensor(x) -> Tensor:
    return x if hasattr(x, "_value") else convert_to_tensor(x)


# --- equation parsing ----------------------------------------------------------------------------
def _check_labels(sub: str, equation: str) -> None:
    for c in sub:
        if c not in _LETTERS:
            raise ValueError(f"Invalid character '{c}' in einsum equation: {equation}")


def _input_subscripts(inputs, shapes, equation):
    """Ellipsis rank of each input, checking ranks against the labels."""
    ranks = []
    for i, (sub, shape) in enumerate(zip(inputs, shapes)):
        labels = sub.replace("...", "")
        _check_labels(labels, equation)
        if "..." in sub:
            if len(shape) < len(labels):
                raise InvalidArgumentError(f"Expected input {i} to have rank at least "
                                           f"{len(labels)} but got: {len(shape)} [Op:Einsum]")
            ranks.append(len(shape) - len(labels))
        elif len(shape) != len(labels):
            raise InvalidArgumentError(f"Expected input {i} to have rank {len(labels)} but "
                                       f"got: {len(shape)} [Op:Einsum]")
        else:
            ranks.append(0)
    return ranks


@functools.lru_cache(maxsize=1024)
def resolve_equation(equation: str, shapes: tuple) -> str:
    """An explicit equation without ellipses ('...ij,jk' -> 'Aij,jk->Aik') for these shapes."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    inputs = lhs.split(",")
    if len(inputs) != len(shapes):
        raise ValueError(f'Got {len(shapes)} inputs for equation "{equation}", expecting '
                         f"{len(inputs)}")
    ell_ranks = _input_subscripts(inputs, shapes, equation)
    free = [c for c in _LETTERS if c not in eq]
    n_ell = max(ell_ranks, default=0)
    ell = "".join(free[:n_ell])
    subs = [s.replace("...", ell[n_ell - e:]) for s, e in zip(inputs, ell_ranks)]
    if arrow:
        out = rhs.replace("...", ell)
        _check_labels(out.replace(ell, "") if ell else out, equation)
        joined = "".join(subs)
        for c in out:
            if c not in joined:
                raise ValueError(f"Output subscripts contain the label {c} not present in "
                                 f"the input subscripts.")
        if len(set(out)) != len(out):
            raise ValueError(f"Output subscripts contain a label appearing more than once: "
                             f"{equation}")
    else:
        counts = Counter("".join(s.replace("...", "") for s in inputs))
        out = ell + "".join(sorted(c for c, k in counts.items() if k == 1))
    _label_sizes(subs, shapes, set(ell))
    return ",".join(subs) + "->" + out


def _label_sizes(subs, shapes, broadcastable=frozenset()) -> dict:
    """Size of each label; ellipsis labels broadcast (size 1 against n), others must agree."""
    sizes: dict = {}
    for sub, shape in zip(subs, shapes):
        for axis, (c, d) in enumerate(zip(sub, shape)):
            known = sizes.get(c)
            if known is None or known == d:
                sizes[c] = d
            elif c in broadcastable and (known == 1 or d == 1):
                sizes[c] = max(known, d)
            else:
                raise InvalidArgumentError(
                    f"Expected dimension {known} at axis {axis} of the input shaped "
                    f"{list(shape)} but got dimension {d} [Op:Einsum]")
    return sizes


# --- the primitive -------------------------------------------------------------------------------
def _einsum_kernel(xp, *operands, equation):
    optimize = False
    if len(operands) > 1 and operands[0].dtype.kind in "fc":
        optimize = _worth_optimizing(equation, tuple(o.shape for o in operands))
    return xp.einsum(equation, *operands, optimize=optimize)


@functools.lru_cache(maxsize=1024)
def _worth_optimizing(equation: str, shapes: tuple) -> bool:
    """NumPy's contraction planner (BLAS, pairwise order) pays off for 3+ operands or much
    work; for small products its direct loop is faster (measured)."""
    if len(shapes) > 2:
        return True
    sizes = _label_sizes(equation.split("->")[0].split(","), shapes, frozenset(_LETTERS))
    return int(np.prod(list(sizes.values()), dtype=np.float64)) > _OPTIMIZE_ABOVE


def _infer_einsum(*specs: Spec, equation):
    subs, out = equation.split("->")
    sizes: dict = {}
    for sub, spec in zip(subs.split(","), specs):
        if spec.shape is None:
            continue
        for c, d in zip(sub, spec.shape):
            if d is not None and sizes.get(c) in (None, 1):
                sizes[c] = d
    return Spec(tuple(sizes.get(c) for c in out), specs[0].dtype)


def operand_grad(g, out_sub: str, operands, subs, k: int):
    """d/d operands[k] of einsum(subs -> out_sub) given the output gradient `g`, as an einsum of
    g with the other (conjugated) operands. Labels of operand k found nowhere else broadcast
    (a `ones` factor), repeated labels fill a diagonal (an `eye` factor), and ellipsis dims of
    size 1 that were broadcast are summed back."""
    from fluxion.ops import math_ops, reduce_ops

    npd = g._value.dtype
    sizes = _label_sizes([out_sub] + list(subs), [shape_of(g)] + [shape_of(o) for o in operands],
                         frozenset(_LETTERS))
    terms = [(out_sub, g)] + [(s, math_ops.conj(o)) for j, (s, o) in
                              enumerate(zip(subs, operands)) if j != k]
    present = set("".join(s for s, _ in terms))
    spare = iter(c for c in _LETTERS if c not in sizes)
    target, seen = [], set()
    for c in subs[k]:
        if c in seen:  # a repeated label reads a diagonal: its gradient fills one
            fresh = next(spare)
            target.append(fresh)
            terms.append((c + fresh, wrap(np.eye(sizes[c], dtype=npd))))
            continue
        seen.add(c)
        target.append(c)
        if c not in present:  # summed within operand k only: the gradient broadcasts
            terms.append((c, wrap(np.ones(sizes[c], npd))))
            present.add(c)
    eq = ",".join(s for s, _ in terms) + "->" + "".join(target)
    grad = _einsum(*[t for _, t in terms], equation=eq)
    xshape = shape_of(operands[k])
    summed = tuple(i for i, (a, b) in enumerate(zip(xshape, shape_of(grad))) if a != b)
    if summed:
        grad = reduce_ops.reduce_sum(grad, axis=summed, keepdims=True)
    return grad


def _vjp_einsum(g, out, *operands, equation):
    ins, out_sub = equation.split("->")
    subs = ins.split(",")
    return tuple(operand_grad(g, out_sub, operands, subs, k) for k in range(len(operands)))


_einsum = defop("einsum", _einsum_kernel, vjp=_vjp_einsum, infer=_infer_einsum,
                dtypes=_EINSUM_DTYPES, tf_name="Einsum")


def einsum(equation, *inputs, **kwargs) -> Tensor:
    """Einstein summation (``tf.einsum``): 'ij,jk->ik', '...ij,...jk', implicit outputs."""
    tensors = [_as_tensor(x) for x in inputs]
    eq = resolve_equation(equation, tuple(t._value.shape for t in tensors))
    npd = tensors[0]._value.dtype if tensors else None
    if npd is not None and npd not in _EINSUM_NP:
        name = dtypes.from_numpy(npd).name if npd.kind != "O" else "string"
        raise NotFoundError(f"Could not find device for node: {{{{node Einsum}}}} = "
                            f"Einsum[N={len(tensors)}, T=DT_{name.upper()}, "
                            f'equation="{equation}"] [Op:Einsum]')
    return _einsum(*tensors, equation=eq)


# --- tensordot -----------------------------------------------------------------------------------
def _tensordot_kernel(xp, a, b, axes_a, axes_b):
    for i, j in zip(axes_a, axes_b):
        if a.shape[i] != b.shape[j]:
            raise InvalidArgumentError(
                f"Matrix size-incompatible: In[0]: {list(a.shape)}, In[1]: {list(b.shape)}: "
                f"dimension {i} of a ({a.shape[i]}) != dimension {j} of b ({b.shape[j]}) "
                f"[Op:MatMul]")
    return xp.tensordot(a, b, axes=(list(axes_a), list(axes_b)))


def _tensordot_subscripts(rank_a: int, rank_b: int, axes_a, axes_b):
    sa = list(_LETTERS[:rank_a])
    sb = list(_LETTERS[rank_a:rank_a + rank_b])
    for i, j in zip(axes_a, axes_b):
        sb[j] = sa[i]
    out = [c for i, c in enumerate(sa) if i not in axes_a] + \
        [c for j, c in enumerate(sb) if j not in axes_b]
    return "".join(sa), "".join(sb), "".join(out)


def _infer_tensordot(a: Spec, b: Spec, axes_a, axes_b) -> Spec:
    if a.shape is None or b.shape is None:
        return Spec(None, a.dtype)
    shape = [d for i, d in enumerate(a.shape) if i not in axes_a] + \
        [d for j, d in enumerate(b.shape) if j not in axes_b]
    return Spec(tuple(shape), a.dtype)


def _vjp_tensordot(g, out, a, b, axes_a, axes_b):
    sa, sb, so = _tensordot_subscripts(len(shape_of(a)), len(shape_of(b)), axes_a, axes_b)
    return operand_grad(g, so, (a, b), (sa, sb), 0), operand_grad(g, so, (a, b), (sa, sb), 1)


_tensordot = defop("tensordot", _tensordot_kernel, vjp=_vjp_tensordot, infer=_infer_tensordot,
                   dtypes=_TENSORDOT_DTYPES, tf_name="Tensordot")


def _tensordot_axes(axes, a, rank_a: int, rank_b: int):
    if hasattr(axes, "_value"):
        axes = axes._value.tolist()
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        if n < 0:
            raise ValueError(f"`axes` must be at least 0. Received: {n}.")
        if n > rank_a or n > rank_b:
            raise ValueError(f"`axes` must not be larger than the number of dimensions of "
                             f"tensor {a}.  Received {n}, vs tensor dimensions "
                             f"{min(rank_a, rank_b)}.")
        return tuple(range(rank_a - n, rank_a)), tuple(range(n))
    axes = list(axes)
    if len(axes) != 2:
        raise ValueError(f"`axes` must be an integer or have length 2. Received {axes}.")
    axes_a, axes_b = axes
    axes_a = [int(axes_a)] if np.ndim(axes_a) == 0 else [int(i) for i in axes_a]
    axes_b = [int(axes_b)] if np.ndim(axes_b) == 0 else [int(i) for i in axes_b]
    if len(axes_a) != len(axes_b):
        raise ValueError(f"Different number of contraction axes `a` and `b`, {len(axes_a)} != "
                         f"{len(axes_b)}.")
    return tuple(i % max(rank_a, 1) for i in axes_a), tuple(j % max(rank_b, 1) for j in axes_b)


def tensordot(a, b, axes, name=None) -> Tensor:
    """Sum of products over `axes` (an int n: last n of a with first n of b; or two lists)."""
    a, b = _as_tensor(a), _as_tensor(b)
    axes_a, axes_b = _tensordot_axes(axes, a, a._value.ndim, b._value.ndim)
    return _tensordot(a, b, axes_a=axes_a, axes_b=axes_b)
