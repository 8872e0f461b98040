"""Keras 3's `Loss` base class and the machinery every loss and metric shares: Keras'
tensor conversion (casting, unlike `tf.convert_to_tensor`), rank matching of labels, predictions
and sample weights, the reductions, and the side tables that stand in for the attributes Keras
attaches to tensors (`_keras_mask`, `_keras_logits`: fluxion tensors have no `__dict__`).
"""
from __future__ import annotations

import sys

import weakref

import fluxion as tf
from fluxion.core import nest
from fluxion.core.op import STATE
from fluxion.core.tensor import Tensor
from fluxion.keras import backend
from fluxion.keras.utils import naming

REDUCTIONS = ("sum_over_batch_size", "sum", None, "none", "mean", "mean_with_sample_weight")
_MEAN_REDUCTIONS = ("sum_over_batch_size", "mean", "mean_with_sample_weight")


# --- tensor attributes kept beside the tensors ---------------------------------------------------
class _SideTable:
    """Values attached to live tensors by identity; an entry dies with its tensor."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple] = {}

    def set(self, tensor, value) -> None:
        key = id(tensor)
        entries = self._entries
        if value is None:
            entries.pop(key, None)
            return
        try:
            ref = weakref.ref(tensor, lambda _r, key=key: entries.pop(key, None))
        except TypeError:  # Python numbers and other values that cannot carry one
            return
        entries[key] = (ref, value)

    def get(self, tensor):
        entry = self._entries.get(id(tensor))
        if entry is None or entry[0]() is not tensor:
            return None
        return entry[1]


_MASKS = _SideTable()
_LOGITS = _SideTable()


def set_keras_mask(tensor, mask) -> None:
    """Attaches a boolean mask (Keras' `_keras_mask`): losses and metrics weight by it."""
    _MASKS.set(tensor, mask)


def get_keras_mask(tensor):
    return _MASKS.get(tensor)


def _mask_attribute(tensor):
    mask = _MASKS.get(tensor)
    if mask is None:  # as Keras: only tensors given a mask have the attribute
        raise AttributeError(f"'{type(tensor).__name__}' object has no attribute '_keras_mask'")
    return mask


# `y._keras_mask`, as Keras sets it on layer outputs (Embedding(mask_zero=True), Masking...)
Tensor._keras_mask = property(_mask_attribute, set_keras_mask,
                              lambda tensor: _MASKS.set(tensor, None))


def set_keras_logits(output, logits) -> None:
    """Records that `output` is softmax/sigmoid(`logits`), as Keras' activations do with
    `output._keras_logits = logits`: the crossentropies then compute from the logits."""
    _LOGITS.set(output, logits)


def get_keras_logits(output):
    return _LOGITS.get(output)


# --- conversion ----------------------------------------------------------------------------------
_DTYPES: dict = {}  # dtype spellings seen -> DType


def dtype_name(dtype) -> str:
    """A dtype policy's compute dtype as a string ("float32"); None gives `floatx()`."""
    if dtype is None:
        return backend.floatx()
    if isinstance(dtype, str):
        if dtype.startswith("mixed_"):
            return dtype[len("mixed_"):]
        return "int64" if dtype == "int" else tf.as_dtype(dtype).name
    compute = getattr(dtype, "compute_dtype", None)
    if compute is not None:
        return dtype_name(compute)
    return tf.as_dtype(dtype).name


def _as_dtype(dtype):
    found = _DTYPES.get(dtype) if isinstance(dtype, str) else None
    if found is None:
        found = tf.as_dtype(dtype_name(dtype))
        if isinstance(dtype, str):
            _DTYPES[dtype] = found
    return found


def convert(x, dtype=None):
    """Keras' `ops.convert_to_tensor`: tensors of another dtype are cast; Python values go to
    integer and bool dtypes through a cast (TF's conversion would refuse 1.5 -> int)."""
    if hasattr(x, "_value"):
        if type(x) is not Tensor:
            x = tf.convert_to_tensor(x)
        if dtype is None:
            return x
        target = _as_dtype(dtype)
        return x if x._value.dtype == target._np else tf.cast(x, target)
    if dtype is None:
        return tf.convert_to_tensor(x)
    target = _as_dtype(dtype)
    if target.is_bool or target.is_integer:
        return tf.cast(tf.convert_to_tensor(x), target)
    return tf.convert_to_tensor(x, target)


def shape_of(x) -> tuple:
    """The static shape of a tensor or variable as a tuple (cheaper than `.shape`)."""
    return x._value.shape


def element_count(x):
    """How many elements `x` has: a Python int, or a tensor inside a graph trace whose
    shapes vary between runs (then the count must be computed by the graph)."""
    trace = STATE.trace
    if trace is not None and trace.is_shape_dynamic_here(x):
        return tf.size(x)
    return x._value.size


def _is_structure(x) -> bool:
    """Dicts, and lists/tuples holding tensors or dicts (nested numbers and arrays are data)."""
    if isinstance(x, dict):
        return True
    return isinstance(x, (list, tuple)) and any(
        hasattr(v, "_value") or (isinstance(v, (list, tuple, dict)) and _is_structure(v))
        for v in x)


def map_tensors(fn, x):
    return nest.map_structure(fn, x) if _is_structure(x) else fn(x)


def broadcast_like(x, target):
    """`x` broadcast to `target`'s shape; by adding zeros when that shape varies between runs
    of a graph (a static shape argument would be baked in)."""
    shape = target._value.shape
    if x._value.shape == shape:
        return x
    trace = STATE.trace
    if trace is not None and trace.is_shape_dynamic_here(target):
        return x + tf.zeros_like(target, dtype=x.dtype)
    return tf.broadcast_to(x, shape)


# --- ranks and reductions ------------------------------------------------------------------------
def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1: bool = True):
    """Makes ranks equal when they differ by one and the longer one ends in a dim of 1."""
    s1, s2 = x1._value.shape, x2._value.shape
    r1, r2 = len(s1), len(s2)
    if r1 == r2:
        return x1, x2
    if r1 == r2 + 1 and s1[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = tf.expand_dims(x2, -1)
        else:
            x1 = tf.squeeze(x1, -1)
    if r2 == r1 + 1 and s2[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = tf.expand_dims(x1, -1)
        else:
            x2 = tf.squeeze(x2, -1)
    return x1, x2


def standardize_reduction(reduction):
    if reduction not in REDUCTIONS:
        allowed = "{" + ", ".join(repr(r) for r in REDUCTIONS) + "}"
        raise ValueError(f"Invalid value for argument `reduction`. Expected one of {allowed}. "
                         f"Received: reduction={reduction}")
    return reduction


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Sum, or sum divided by the element count (or by the weights' sum); scalars and empty
    vectors pass through unreduced, as in Keras."""
    shape = values._value.shape
    if reduction is None or reduction == "none" or shape == () or shape == (0,):
        return values
    loss = tf.reduce_sum(values)
    if reduction not in _MEAN_REDUCTIONS:
        return loss
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        loss = tf.math.divide_no_nan(loss, tf.cast(tf.reduce_sum(sample_weight), loss.dtype))
        return scale_for_replicas(loss)
    count = element_count(values)
    if isinstance(count, int):  # the usual case: one division by a Python number
        replicas = replicas_in_sync()
        return loss / float(count * replicas) if count else tf.zeros_like(loss)
    return scale_for_replicas(tf.math.divide_no_nan(loss, tf.cast(count, loss.dtype)))


def replicas_in_sync() -> int:
    """The replicas of the current `tf.distribute` strategy (1 without one). Keras divides
    mean losses by it (`scale_loss_for_distribution`), in the strategy's scope as inside
    `strategy.run`, so that the replicas' summed gradients are the global batch mean's."""
    distribute = sys.modules.get("fluxion.distribute")  # loaded only when strategies are used
    return 1 if distribute is None else distribute.get_strategy().num_replicas_in_sync


def scale_for_replicas(loss):
    replicas = replicas_in_sync()
    return loss if replicas == 1 else loss * (1.0 / replicas)


def apply_mask(sample_weight, mask, dtype, reduction):
    """Folds a mask into the sample weights; for mean reductions the valid entries weigh
    total / valid, so that the mean runs over the valid entries only."""
    if mask is None:
        return sample_weight
    if reduction in ("mean", "sum_over_batch_size"):
        total = tf.cast(element_count(mask), dtype)
        valid = tf.reduce_sum(tf.cast(mask, dtype))
        mask_weight = tf.math.divide_no_nan(total, valid)
        float_mask = tf.where(tf.cast(mask, tf.bool), mask_weight, tf.zeros_like(mask_weight))
    else:
        float_mask = tf.cast(mask, dtype)
    if sample_weight is None:
        return float_mask
    sample_weight = tf.cast(sample_weight, dtype)
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, sample_weight)
    return sample_weight * float_mask


def reduce_weighted_values(values, sample_weight=None, mask=None,
                           reduction="sum_over_batch_size", dtype=None):
    reduction = standardize_reduction(reduction)
    values = convert(values, dtype)
    if sample_weight is not None:
        sample_weight = convert(sample_weight, dtype)
    if mask is not None:
        mask = convert(mask, dtype)
    sample_weight = apply_mask(sample_weight, mask, values.dtype, reduction)
    if sample_weight is not None:
        sample_weight = tf.cast(sample_weight, values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)


def _merge_masks(a, b):
    if a is not None and b is not None:
        return tf.logical_and(tf.cast(a, tf.bool), tf.cast(b, tf.bool))
    return a if a is not None else b


class KerasModule:
    """The module a serialized config names: Keras' public one ("keras.losses") for the
    classes defined in fluxion.keras, the defining module for user subclasses."""

    def __init__(self, public: str) -> None:
        self.public = public

    def __get__(self, obj, owner) -> str:
        return self.public if owner.__module__.startswith("fluxion.keras.") else owner.__module__


# --- Loss ----------------------------------------------------------------------------------------
class Loss:
    """Base class of Keras losses: subclasses implement `call(y_true, y_pred)` returning
    per-sample losses; `__call__` weights and reduces them.

    reduction: "sum_over_batch_size" (default) and "mean" divide the weighted sum by the number
    of loss elements, "sum" sums, "mean_with_sample_weight" divides by the weights' sum,
    "none"/None returns the weighted losses.
    """

    _keras_module = KerasModule("keras.losses")
    _labels_in_dtype = True  # labels are cast to the loss dtype (not for integer class ids)

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None) -> None:
        self.name = name or naming.uniquify(naming.to_snake_case(type(self).__name__))
        self.reduction = standardize_reduction(reduction)
        self._dtype_policy = dtype
        self._dtype = dtype_name(dtype)

    @property
    def dtype(self) -> str:
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        in_mask = get_keras_mask(y_pred)
        y_pred = map_tensors(lambda x: convert(x, self._dtype), y_pred)
        label_dtype = self._dtype if self._labels_in_dtype else None
        y_true = map_tensors(lambda x: convert(x, label_dtype), y_true)
        losses = self.call(y_true, y_pred)
        mask = _merge_masks(in_mask, get_keras_mask(losses))
        return reduce_weighted_values(losses, sample_weight=sample_weight, mask=mask,
                                      reduction=self.reduction, dtype=self._dtype)

    def call(self, y_true, y_pred):
        raise NotImplementedError

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


class LossFunctionWrapper(Loss):
    """A `Loss` calling `fn(y_true, y_pred, **kwargs)` after matching their ranks."""

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None,
                 **kwargs) -> None:
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        if _is_structure(y_true) or _is_structure(y_pred):
            pairs = [squeeze_or_expand_to_same_rank(t, p)
                     for t, p in zip(nest.flatten(y_true), nest.flatten(y_pred))]
            y_true = nest.pack_sequence_as(y_true, [p[0] for p in pairs])
            y_pred = nest.pack_sequence_as(y_pred, [p[1] for p in pairs])
        else:
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        from fluxion.keras.utils.serialization import serialize_keras_object  # noqa: PLC0415

        config = super().get_config()
        config["fn"] = serialize_keras_object(self.fn)
        config.update(serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config: dict):
        if "fn" in config:
            from fluxion.keras import losses  # noqa: PLC0415

            config = dict(config)
            config["fn"] = losses.deserialize(config["fn"])
        return cls(**config)

    def __repr__(self) -> str:
        return f"<LossFunctionWrapper({self.fn}, kwargs={self._fn_kwargs})>"


class Reduction:
    """``tf.keras.losses.Reduction`` (legacy constants; Keras 3 losses take the strings)."""

    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls) -> tuple:
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key) -> None:
        if key not in cls.all():
            raise ValueError(f'Invalid Reduction Key: {key}. Expected keys are "{cls.all()}"')
