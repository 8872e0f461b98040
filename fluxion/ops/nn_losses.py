"""Losses of ``tf.nn``: the cross-entropies with logits, l2_loss, log_poisson_loss and the
distribution-aware averaging helpers (compute_average_loss, scale_regularization_loss).

The softmax cross-entropies and the sigmoid one are fused primitives: one stable kernel each
(max-subtraction, log1p(exp(-|x|))), with vjps written with public ops. The softmax ones also
output the gradient (softmax - labels), as TF's kernels do, so training never recomputes it.
Half precision is computed in float32 inside the kernels and returned as float16, as TF's Python
wrappers do.
"""
from __future__ import annotations

import functools
import math
import sys

import numpy as np

from fluxion.core import dtypes
from fluxion.core.op import STATE, Spec, defop
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops import _infer, array_ops, math_ops, reduce_ops
from fluxion.ops._util import FLOAT, shape_of
from fluxion.ops.nn_activations import (
    _log_softmax,
    _softmax,
    _softplus,
    _vjp_softmax,
    relu,
    softmax_axis,
)


def _tensor(x) -> Tensor:
    return x if hasattr(x, "_value") else convert_to_tensor(x)


def _work(xp, x):
    return x.astype(xp.float32) if x.dtype == xp.float16 else x


def _same_shape(labels: Tensor, logits: Tensor) -> None:
    if labels._value.shape != logits._value.shape:
        raise ValueError(f"`logits` and `labels` must have the same shape, received "
                         f"({tuple(logits._value.shape)} vs {tuple(labels._value.shape)}).")


# --- sigmoid cross-entropy -----------------------------------------------------------------------
def _sigmoid_xent_kernel(xp, labels, logits):
    # max(x, 0) - x * z + log(1 + exp(-|x|)): exp never overflows
    out = xp.log1p(xp.exp(-xp.abs(logits)))
    out += xp.clip(logits, 0, xp.inf)
    out -= logits * labels
    return out


def _vjp_sigmoid_xent(g, out, labels, logits):
    gz = math_ops.multiply(g, math_ops.negative(logits))
    gx = math_ops.multiply(g, math_ops.subtract(math_ops.sigmoid(logits), labels))
    return gz, gx


_sigmoid_xent = defop("sigmoid_cross_entropy_with_logits", _sigmoid_xent_kernel,
                      vjp=_vjp_sigmoid_xent, infer=_infer.same, dtypes=FLOAT)


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None) -> Tensor:
    """Elementwise logistic loss -z log(sigmoid(x)) - (1 - z) log(1 - sigmoid(x)), stable."""
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided for "
                         "sigmoid_cross_entropy_with_logits.")
    logits, labels = _tensor(logits), _tensor(labels)
    _same_shape(labels, logits)
    return _sigmoid_xent(labels, logits)


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None) -> Tensor:
    """Sigmoid cross-entropy whose positive term is scaled by `pos_weight`."""
    logits, labels = _tensor(logits), _tensor(labels)
    _same_shape(labels, logits)
    log_weight = math_ops.add(math_ops.multiply(pos_weight - 1, labels), 1)
    # log1p(exp(-|x|)) + relu(-x) = softplus(-x), split so that exp cannot overflow
    tail = math_ops.add(_softplus(math_ops.negative(math_ops.abs(logits))),
                        relu(math_ops.negative(logits)))
    return math_ops.add(math_ops.multiply(math_ops.subtract(1, labels), logits),
                        math_ops.multiply(log_weight, tail))


# --- softmax cross-entropies: shared pieces ------------------------------------------------------
# As TF's SoftmaxCrossEntropyWithLogits and SparseSoftmaxCrossEntropyWithLogits, each primitive
# has two outputs computed in one pass, the loss and backprop = softmax(logits) - labels: the vjp
# scales backprop by the loss's cotangent instead of recomputing the softmax. The kernels work on
# the rows of a 2-D view whose last axis holds the classes.

# Up to this many classes NumPy's reductions over the last axis (one row at a time) cost more
# than the arithmetic: argmax + a flat take finds the row maxima several times faster, and a
# product with a vector of ones sums the rows. Longer rows use the plain reductions (pairwise
# summation, and as fast there).
_SHORT_ROWS = 1024


def _row_max(xp, flat, base):
    """Row maxima of a 2-D array; `base` holds each row's flat offset (row * n)."""
    if flat.shape[1] > _SHORT_ROWS:
        return flat.max(axis=1)
    return flat.reshape(-1).take(base + flat.argmax(axis=1))


def _row_sum(xp, flat):
    if flat.shape[1] > _SHORT_ROWS:
        return flat.sum(axis=1)
    return flat @ _ones(xp, flat.shape[1], flat.dtype)


@functools.lru_cache(maxsize=64)
def _ones(xp, n: int, dtype):
    return xp.ones(n, dtype)  # never written to: shared between calls


def _known_zero(g) -> bool:
    """Whether cotangent `g` is zero now and on every run of a traced graph. The tape passes
    zeros for the backprop output when nothing uses it: the usual, first-order case."""
    trace = STATE.trace
    if trace is not None and trace.is_dynamic_here(g):
        return False
    return not g._value.any()


def _softmax_vjp(g, logits, axis: int):
    """A cotangent of backprop pulled back to the logits: the vjp of softmax (backprop's labels
    term is constant in the logits). Only higher-order gradients get here."""
    return _vjp_softmax(g, _softmax(logits, axis=axis), logits, axis=axis)[0]


# --- softmax cross-entropy (dense labels) --------------------------------------------------------
def _softmax_xent_kernel(xp, labels, logits, axis):
    w, z = _work(xp, logits), _work(xp, labels)
    n = w.shape[axis]
    if n == 0:
        return (xp.zeros(w.shape[:axis] + w.shape[axis + 1:], logits.dtype),
                xp.zeros(logits.shape, logits.dtype))
    last = axis == w.ndim - 1
    if not last:  # rare: the classes are moved last, and backprop moved back
        w, z = xp.moveaxis(w, axis, -1), xp.moveaxis(z, axis, -1)
    flat, zflat = w.reshape(-1, n), z.reshape(-1, n)
    shifted = flat - _row_max(xp, flat, xp.arange(0, flat.shape[0] * n, n))[:, None]
    e = xp.exp(shifted)
    total = _row_sum(xp, e)
    xp.subtract(xp.log(total)[:, None], shifted, out=shifted)  # -log_softmax
    loss = _row_sum(xp, zflat * shifted).reshape(w.shape[:-1])
    e /= total[:, None]
    e -= zflat
    backprop = e.reshape(w.shape)
    if not last:
        backprop = xp.ascontiguousarray(xp.moveaxis(backprop, -1, axis))
    return loss.astype(logits.dtype, copy=False), backprop.astype(logits.dtype, copy=False)


def _vjp_softmax_xent(g, out, labels, logits, axis, needs):
    gloss, gbp = g
    gloss = array_ops.expand_dims(gloss, axis)
    used = not _known_zero(gbp)  # backprop itself was differentiated (second order)
    glabels = glogits = None
    if needs[1]:
        glogits = math_ops.multiply(gloss, out[1])
        if used:
            glogits = math_ops.add(glogits, _softmax_vjp(gbp, logits, axis))
    if needs[0]:  # TF2 differentiates the labels too: -g * log_softmax(logits)
        glabels = math_ops.multiply(math_ops.negative(gloss), _log_softmax(logits, axis=axis))
        if used:
            glabels = math_ops.subtract(glabels, gbp)
    return glabels, glogits


def _infer_softmax_xent(labels: Spec, logits: Spec, axis) -> tuple:
    return (_infer.reduce(logits, axis=axis, keepdims=False), Spec(logits.shape, logits.dtype))


_softmax_xent = defop("softmax_cross_entropy_with_logits", _softmax_xent_kernel,
                      vjp=_vjp_softmax_xent, infer=_infer_softmax_xent, dtypes=FLOAT,
                      num_outputs=2, vjp_needs=True)


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None) -> Tensor:
    """-sum(labels * log_softmax(logits), axis); differentiable in labels too (TF2)."""
    logits = _tensor(logits)
    labels = _tensor(labels)
    rank = logits._value.ndim
    if rank == 0:
        raise InvalidArgumentError("softmax_cross_entropy_with_logits: logits must have rank "
                                   ">= 1, got a scalar [Op:SoftmaxCrossEntropyWithLogits]")
    if labels._value.dtype != logits._value.dtype:
        labels = math_ops.cast(labels, logits.dtype)
    if labels._value.shape != logits._value.shape:
        try:
            np.broadcast_shapes(labels._value.shape, logits._value.shape)
        except ValueError:
            raise InvalidArgumentError(
                f"logits and labels must be broadcastable: logits_size="
                f"{list(logits._value.shape)} labels_size={list(labels._value.shape)} "
                f"[Op:SoftmaxCrossEntropyWithLogits]") from None
        labels = array_ops.broadcast_to(labels, logits._value.shape)
    return _softmax_xent(labels, logits, axis=softmax_axis(axis, rank))[0]


# --- sparse softmax cross-entropy (integer labels) -----------------------------------------------
def _check_classes(xp, logits, labels) -> int:
    n = logits.shape[-1]
    if n == 0:
        raise InvalidArgumentError(f"Must have at least one class, but got logits shape "
                                   f"{list(logits.shape)} [Op:SparseSoftmaxCrossEntropyWithLogits]")
    if not labels.size:
        return n
    unsigned = {4: xp.uint32, 8: xp.uint64}.get(labels.dtype.itemsize)
    if unsigned is not None:  # one reduction checks both ends: as unsigned, negatives are huge
        outside = int(labels.view(unsigned).max()) >= n
    else:
        outside = int(labels.min()) < 0 or int(labels.max()) >= n
    if outside:
        bad = labels[(labels < 0) | (labels >= n)].reshape(-1)[0]
        shown = " ".join(str(v) for v in labels.reshape(-1)[:20].tolist())
        raise InvalidArgumentError(
            f"Received a label value of {bad} which is outside the valid range of [0, {n}).  "
            f"Label values: {shown} [Op:SparseSoftmaxCrossEntropyWithLogits]")
    return n


def _sparse_xent_kernel(xp, logits, labels):
    n = _check_classes(xp, logits, labels)
    flat = _work(xp, logits).reshape(-1, n)
    base = xp.arange(0, flat.shape[0] * n, n)
    shifted = flat - _row_max(xp, flat, base)[:, None]
    picks = base + labels.reshape(-1)  # flat positions of the labels' logits
    picked = shifted.reshape(-1).take(picks)
    e = xp.exp(shifted, out=shifted)
    total = _row_sum(xp, e)
    loss = xp.log(total)
    loss -= picked
    e /= total[:, None]
    e.reshape(-1)[picks] -= 1
    return (loss.reshape(labels.shape).astype(logits.dtype, copy=False),
            e.reshape(logits.shape).astype(logits.dtype, copy=False))


def _vjp_sparse_xent(g, out, logits, labels):
    gloss, gbp = g
    glogits = math_ops.multiply(array_ops.expand_dims(gloss, -1), out[1])
    if not _known_zero(gbp):  # backprop itself was differentiated (second order)
        glogits = math_ops.add(glogits, _softmax_vjp(gbp, logits, len(shape_of(logits)) - 1))
    return glogits, None


def _infer_sparse_xent(logits: Spec, labels: Spec) -> tuple:
    loss = None if logits.shape is None else logits.shape[:-1]
    return Spec(loss, logits.dtype), Spec(logits.shape, logits.dtype)


_sparse_xent = defop("sparse_softmax_cross_entropy_with_logits", _sparse_xent_kernel,
                     vjp=_vjp_sparse_xent, infer=_infer_sparse_xent, dtypes=FLOAT,
                     same_dtype=1, num_outputs=2)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None) -> Tensor:
    """-log_softmax(logits)[labels] along the last axis; labels are int32/int64 class ids."""
    labels, logits = _tensor(labels), _tensor(logits)
    lshape, xshape = labels._value.shape, logits._value.shape
    if not xshape:
        raise ValueError(f"`logits` cannot be a scalar. Received logits={logits}`")
    if len(lshape) != len(xshape) - 1:
        raise ValueError(
            f"`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: labels.shape="
            f"{lshape} of rank {len(lshape)} and logits.shape={xshape} of rank {len(xshape)}")
    if lshape != xshape[:-1]:
        raise ValueError(f"`labels.shape` must equal `logits.shape` except for the last "
                         f"dimension. Received: labels.shape={lshape} and logits.shape={xshape}")
    if labels._value.dtype not in (np.int32, np.int64):
        raise InvalidArgumentError(
            f"Value for attr 'Tlabels' of {labels.dtype.name} is not in the list of allowed "
            f"values: int32, int64 [Op:SparseSoftmaxCrossEntropyWithLogits]")
    return _sparse_xent(logits, labels)[0]


# --- l2_loss / log_poisson_loss ------------------------------------------------------------------
def _l2_loss_kernel(xp, x):
    flat = _work(xp, x).reshape(-1)
    return xp.asarray(xp.dot(flat, flat) / 2, x.dtype)


_l2_loss = defop("l2_loss", _l2_loss_kernel, dtypes=FLOAT, tf_name="L2Loss",
                 vjp=lambda g, out, x: (math_ops.multiply(x, g),),
                 infer=lambda x: Spec((), x.dtype))


def l2_loss(t, name=None) -> Tensor:
    """sum(t ** 2) / 2, a scalar."""
    return _l2_loss(t)


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None) -> Tensor:
    """exp(log_input) - log_input * targets, plus Stirling's term for targets > 1 if asked."""
    log_input, targets = _tensor(log_input), _tensor(targets)
    if log_input._value.shape != targets._value.shape:
        raise ValueError(f"`log_input` and `targets` must have the same shape, received "
                         f"({tuple(log_input._value.shape)} vs {tuple(targets._value.shape)}).")
    result = math_ops.subtract(math_ops.exp(log_input), math_ops.multiply(log_input, targets))
    if compute_full_loss:
        stirling = math_ops.add(
            math_ops.subtract(math_ops.multiply(targets, math_ops.log(targets)), targets),
            math_ops.multiply(math_ops.log(math_ops.multiply(targets, 2 * math.pi)), 0.5))
        zeros = array_ops.zeros_like(targets)
        small = math_ops.logical_and(math_ops.greater_equal(targets, 0),
                                     math_ops.less_equal(targets, 1))
        result = math_ops.add(result, math_ops.where(small, zeros, stirling))
    return result


# --- averaging helpers (a single replica: no distribution strategy) ------------------------------
def _scale_by_sample_weight(losses: Tensor, weight) -> Tensor:
    """TF's losses_util: both cast to float32, weight's last dim squeezed/expanded to match."""
    losses = math_ops.cast(losses, dtypes.float32)
    weight = math_ops.cast(_tensor(weight), dtypes.float32)
    wr, lr = weight._value.ndim, losses._value.ndim
    if wr and wr - lr == 1:
        weight = array_ops.squeeze(weight, [-1])
    elif wr and lr - wr == 1:
        weight = array_ops.expand_dims(weight, -1)
    return math_ops.multiply(losses, weight)


def _batch_size_value(global_batch_size) -> int:
    v = np.asarray(global_batch_size._value if hasattr(global_batch_size, "_value")
                   else global_batch_size)
    if v.ndim:
        raise ValueError("global_batch_size must be scalar.")
    if v.dtype.kind not in "iu":
        name = v.dtype.name if v.dtype.kind != "f" else "float32"
        raise TypeError(f"global_batch_size must be an integer.  Expected \"x\" to be integer "
                        f"type.  Found: tensor of dtype {name}")
    if int(v) < 0:
        raise InvalidArgumentError("global_batch_size must be non-negative.")
    return int(v)


def compute_average_loss(per_example_loss, sample_weight=None,
                         global_batch_size=None) -> Tensor:
    """sum(per_example_loss * sample_weight) / global_batch_size (0 when the size is 0)."""
    loss = _tensor(per_example_loss)
    input_dtype = loss.dtype
    if loss._value.ndim == 0:
        raise ValueError(f"Invalid value passed for `per_example_loss`. Expected a tensor with "
                         f"at least rank 1. Received per_example_loss={loss} with rank 0")
    if sample_weight is not None:
        loss = math_ops.cast(_scale_by_sample_weight(loss, sample_weight), input_dtype)
    total = reduce_ops.reduce_sum(loss)
    if global_batch_size is None:  # this replica's batch times the replicas in sync, as TF
        size = math_ops.multiply(array_ops.shape(loss)[0], _replicas())
    else:
        size = _batch_size_value(global_batch_size)
    return math_ops.divide_no_nan(total, math_ops.cast(size, input_dtype))


def _replicas() -> int:
    """Replicas in sync inside `strategy.run` (fluxion.distribute, when in use), else 1."""
    distribute = sys.modules.get("fluxion.distribute")
    context = None if distribute is None else distribute.get_replica_context()
    return 1 if context is None else int(context.num_replicas_in_sync)


def scale_regularization_loss(regularization_loss) -> Tensor:
    """The summed regularization loss divided by the number of replicas in sync."""
    return math_ops.truediv(reduce_ops.reduce_sum(regularization_loss), _replicas())


__all__: list = []
_nn_exports = ("sigmoid_cross_entropy_with_logits", "weighted_cross_entropy_with_logits",
               "softmax_cross_entropy_with_logits", "sparse_softmax_cross_entropy_with_logits",
               "l2_loss", "log_poisson_loss", "compute_average_loss",
               "scale_regularization_loss")
