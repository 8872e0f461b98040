"""``tf.keras.losses``: Keras 3's loss classes, loss functions and their lookup by name.

Each class wraps the function of the same formula (losses_functions.py) in a `Loss` that casts
inputs to its dtype, applies sample weights and reduces (losses_base.py).
"""
from __future__ import annotations

import inspect

from fluxion.keras.losses_base import (  # noqa: F401
    Loss,
    LossFunctionWrapper,
    Reduction,
    get_keras_logits,
    get_keras_mask,
    set_keras_logits,
    set_keras_mask,
)
from fluxion.keras.losses_functions import (
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_generalized_cross_entropy,
    categorical_hinge,
    circle,
    cosine_similarity,
    dice,
    hinge,
    huber,
    kl_divergence,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
    tversky,
)
from fluxion.keras.losses_ctc import CTC, ctc
from fluxion.keras.utils import serialization

_SUM = "sum_over_batch_size"


class _Simple(LossFunctionWrapper):
    """A wrapper whose config is the base one (name, reduction)."""

    def get_config(self) -> dict:
        return Loss.get_config(self)


def _with(config: dict, obj, keys) -> dict:
    config.update({k: getattr(obj, k) for k in keys})
    return config


class MeanSquaredError(_Simple):
    def __init__(self, reduction=_SUM, name="mean_squared_error", dtype=None) -> None:
        super().__init__(mean_squared_error, name=name, reduction=reduction, dtype=dtype)


class MeanAbsoluteError(_Simple):
    def __init__(self, reduction=_SUM, name="mean_absolute_error", dtype=None) -> None:
        super().__init__(mean_absolute_error, name=name, reduction=reduction, dtype=dtype)


class MeanAbsolutePercentageError(_Simple):
    def __init__(self, reduction=_SUM, name="mean_absolute_percentage_error",
                 dtype=None) -> None:
        super().__init__(mean_absolute_percentage_error, name=name, reduction=reduction,
                         dtype=dtype)


class MeanSquaredLogarithmicError(_Simple):
    def __init__(self, reduction=_SUM, name="mean_squared_logarithmic_error",
                 dtype=None) -> None:
        super().__init__(mean_squared_logarithmic_error, name=name, reduction=reduction,
                         dtype=dtype)


class CosineSimilarity(_Simple):
    def __init__(self, axis=-1, reduction=_SUM, name="cosine_similarity", dtype=None) -> None:
        super().__init__(cosine_similarity, name=name, reduction=reduction, dtype=dtype,
                         axis=axis)


class Huber(_Simple):
    def __init__(self, delta=1.0, reduction=_SUM, name="huber_loss", dtype=None) -> None:
        super().__init__(huber, name=name, reduction=reduction, dtype=dtype, delta=delta)


class LogCosh(_Simple):
    def __init__(self, reduction=_SUM, name="log_cosh", dtype=None) -> None:
        super().__init__(log_cosh, name=name, reduction=reduction, dtype=dtype)


class Hinge(_Simple):
    def __init__(self, reduction=_SUM, name="hinge", dtype=None) -> None:
        super().__init__(hinge, name=name, reduction=reduction, dtype=dtype)


class SquaredHinge(_Simple):
    def __init__(self, reduction=_SUM, name="squared_hinge", dtype=None) -> None:
        super().__init__(squared_hinge, name=name, reduction=reduction, dtype=dtype)


class CategoricalHinge(_Simple):
    def __init__(self, reduction=_SUM, name="categorical_hinge", dtype=None) -> None:
        super().__init__(categorical_hinge, name=name, reduction=reduction, dtype=dtype)


class KLDivergence(_Simple):
    def __init__(self, reduction=_SUM, name="kl_divergence", dtype=None) -> None:
        super().__init__(kl_divergence, name=name, reduction=reduction, dtype=dtype)


class Poisson(_Simple):
    def __init__(self, reduction=_SUM, name="poisson", dtype=None) -> None:
        super().__init__(poisson, name=name, reduction=reduction, dtype=dtype)


class BinaryCrossentropy(LossFunctionWrapper):
    """Binary crossentropy of probabilities (clipped to [eps, 1 - eps]) or logits."""

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1, reduction=_SUM,
                 name="binary_crossentropy", dtype=None) -> None:
        super().__init__(binary_crossentropy, name=name, reduction=reduction, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self) -> dict:
        return _with(Loss.get_config(self), self, ("from_logits", "label_smoothing", "axis"))


class BinaryFocalCrossentropy(LossFunctionWrapper):
    """Binary crossentropy scaled by (1 - p_t) ** gamma (Lin et al., 2018)."""

    def __init__(self, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False,
                 label_smoothing=0.0, axis=-1, reduction=_SUM,
                 name="binary_focal_crossentropy", dtype=None) -> None:
        super().__init__(binary_focal_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, apply_class_balancing=apply_class_balancing,
                         alpha=alpha, gamma=gamma, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.apply_class_balancing = apply_class_balancing
        self.alpha = alpha
        self.gamma = gamma

    def get_config(self) -> dict:
        return _with(Loss.get_config(self), self,
                     ("from_logits", "label_smoothing", "axis", "apply_class_balancing",
                      "alpha", "gamma"))


class CategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy of one-hot labels; probabilities renormalised and clipped, or logits."""

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1, reduction=_SUM,
                 name="categorical_crossentropy", dtype=None) -> None:
        super().__init__(categorical_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis

    def get_config(self) -> dict:
        return _with(Loss.get_config(self), self, ("from_logits", "label_smoothing", "axis"))


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """Categorical crossentropy scaled by alpha * (1 - p) ** gamma."""

    def __init__(self, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction=_SUM, name="categorical_focal_crossentropy", dtype=None) -> None:
        super().__init__(categorical_focal_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, alpha=alpha, gamma=gamma, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self.alpha = alpha
        self.gamma = gamma

    def get_config(self) -> dict:
        return _with(Loss.get_config(self), self,
                     ("from_logits", "label_smoothing", "axis", "alpha", "gamma"))


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy of integer labels; `ignore_class` entries are left out of the mean."""

    def __init__(self, from_logits=False, ignore_class=None, reduction=_SUM, axis=-1,
                 name="sparse_categorical_crossentropy", dtype=None) -> None:
        super().__init__(sparse_categorical_crossentropy, name=name, reduction=reduction,
                         dtype=dtype, from_logits=from_logits, ignore_class=ignore_class,
                         axis=axis)
        self.from_logits = from_logits
        self.ignore_class = ignore_class

    # Keras casts the labels to the loss dtype and then to int64: the same ids for any label
    # below 2**24, so integer labels skip the float round trip
    _labels_in_dtype = False

    def get_config(self) -> dict:
        return _with(Loss.get_config(self), self, ("from_logits", "ignore_class"))


class Dice(LossFunctionWrapper):
    def __init__(self, reduction=_SUM, name="dice", axis=None, dtype=None) -> None:
        super().__init__(dice, name=name, reduction=reduction, dtype=dtype, axis=axis)
        self.axis = axis

    def get_config(self) -> dict:
        return _with(Loss.get_config(self), self, ("axis",))


class Tversky(LossFunctionWrapper):
    def __init__(self, alpha=0.5, beta=0.5, reduction=_SUM, name="tversky", axis=None,
                 dtype=None) -> None:
        super().__init__(tversky, name=name, reduction=reduction, dtype=dtype, alpha=alpha,
                         beta=beta, axis=axis)
        self.alpha = alpha
        self.beta = beta
        self.axis = axis

    def get_config(self) -> dict:
        return _with(Loss.get_config(self), self, ("alpha", "beta", "axis"))


class Circle(LossFunctionWrapper):
    def __init__(self, gamma=80.0, margin=0.4, remove_diagonal=True, reduction=_SUM,
                 name="circle", dtype=None) -> None:
        super().__init__(circle, name=name, reduction=reduction, dtype=dtype, gamma=gamma,
                         margin=margin, remove_diagonal=remove_diagonal)
        self.gamma = gamma
        self.margin = margin
        self.remove_diagonal = remove_diagonal

    def get_config(self) -> dict:
        return _with(Loss.get_config(self), self, ("gamma", "margin", "remove_diagonal"))


class CategoricalGeneralizedCrossEntropy(LossFunctionWrapper):
    def __init__(self, q=0.5, reduction=_SUM, name="categorical_generalized_cross_entropy",
                 dtype=None) -> None:
        if not 0 < q < 1:
            raise ValueError("q must be in the interval (0, 1)")
        super().__init__(categorical_generalized_cross_entropy, name=name,
                         reduction=reduction, dtype=dtype, q=q)
        self.q = q

    def get_config(self) -> dict:
        return _with(Loss.get_config(self), self, ("q",))


# --- lookup --------------------------------------------------------------------------------------
ALL_OBJECTS = (
    Loss, LossFunctionWrapper, KLDivergence, Poisson, BinaryCrossentropy,
    BinaryFocalCrossentropy, CategoricalCrossentropy, CategoricalFocalCrossentropy,
    SparseCategoricalCrossentropy, MeanSquaredError, MeanAbsoluteError,
    MeanAbsolutePercentageError, MeanSquaredLogarithmicError, CosineSimilarity, LogCosh, Huber,
    Hinge, SquaredHinge, CategoricalHinge, Dice, Tversky, Circle,
    CategoricalGeneralizedCrossEntropy, CTC, ctc,
    kl_divergence, poisson, binary_crossentropy, binary_focal_crossentropy,
    categorical_crossentropy, categorical_focal_crossentropy, sparse_categorical_crossentropy,
    mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
    mean_squared_logarithmic_error, cosine_similarity, log_cosh, huber, hinge, squared_hinge,
    categorical_hinge, dice, tversky, circle, categorical_generalized_cross_entropy,
)
ALL_OBJECTS_DICT = {obj.__name__: obj for obj in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({
    "bce": binary_crossentropy, "BCE": binary_crossentropy,
    "kld": kl_divergence, "KLD": kl_divergence,
    "mae": mean_absolute_error, "MAE": mean_absolute_error,
    "mse": mean_squared_error, "MSE": mean_squared_error,
    "mape": mean_absolute_percentage_error, "MAPE": mean_absolute_percentage_error,
    "msle": mean_squared_logarithmic_error, "MSLE": mean_squared_logarithmic_error,
})

# tf.keras' legacy aliases (attributes of tf.keras.losses, not names `get` resolves)
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh


def serialize(loss):
    """The Keras config of a loss (class instances) or its function reference."""
    return serialization.serialize_keras_object(loss)


def deserialize(name, custom_objects=None):
    """The loss a name or config describes (functions by name, classes from their config)."""
    return serialization.deserialize_keras_object(
        name, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects,
        printable_module_name="loss function")


def get(identifier):
    """A loss from a name ("mse", "categorical_crossentropy", "Huber"), a config dict, an
    instance or a function. Class names give a default instance; function names the
    function."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret loss identifier: {identifier}")


def _object_name(obj) -> str:
    if hasattr(obj, "name") and isinstance(obj.name, str):
        return obj.name
    if hasattr(obj, "__name__"):
        return obj.__name__
    from fluxion.keras.utils.naming import to_snake_case  # noqa: PLC0415

    return to_snake_case(type(obj).__name__)


def is_binary_or_sparse_categorical(y_true_shape, y_pred_shape) -> tuple[bool, bool]:
    """Keras' compile-time guess from static shapes: predictions with one unit are binary;
    labels of lower rank, or with one unit against several predictions, are sparse."""
    t, p = tuple(y_true_shape), tuple(y_pred_shape)
    t_last, p_last = (t[-1] if t else None), (p[-1] if p else None)
    is_binary = p_last == 1
    is_sparse = len(t) < len(p) or (t_last == 1 and p_last is not None and p_last > 1)
    return is_binary, is_sparse


def resolve_loss(identifier, y_true_shape, y_pred_shape) -> Loss | None:
    """What `Model.compile(loss=identifier)` trains with (Keras' `get_loss`): "crossentropy"
    / "ce" pick binary, sparse or categorical crossentropy from the shapes; anything that is
    not a `Loss` is wrapped in a `LossFunctionWrapper` named after the identifier."""
    if identifier is None:
        return None
    if str(identifier).lower() in ("crossentropy", "ce"):
        is_binary, is_sparse = is_binary_or_sparse_categorical(y_true_shape, y_pred_shape)
        loss = (binary_crossentropy if is_binary else
                sparse_categorical_crossentropy if is_sparse else categorical_crossentropy)
    else:
        loss = get(identifier)
    if isinstance(loss, Loss):
        return loss
    name = identifier if isinstance(identifier, str) else _object_name(loss)
    return LossFunctionWrapper(loss, name=name)


__all__ = [
    "KLD",
    "MAE",
    "MAPE",
    "MSE",
    "MSLE",
    "BinaryCrossentropy",
    "CTC",
    "BinaryFocalCrossentropy",
    "CategoricalCrossentropy",
    "CategoricalFocalCrossentropy",
    "CategoricalGeneralizedCrossEntropy",
    "CategoricalHinge",
    "Circle",
    "CosineSimilarity",
    "Dice",
    "Hinge",
    "Huber",
    "KLDivergence",
    "LogCosh",
    "Loss",
    "LossFunctionWrapper",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanSquaredError",
    "MeanSquaredLogarithmicError",
    "Poisson",
    "Reduction",
    "SparseCategoricalCrossentropy",
    "SquaredHinge",
    "Tversky",
    "binary_crossentropy",
    "binary_focal_crossentropy",
    "categorical_crossentropy",
    "categorical_focal_crossentropy",
    "categorical_generalized_cross_entropy",
    "categorical_hinge",
    "circle",
    "ctc",
    "cosine_similarity",
    "deserialize",
    "dice",
    "get",
    "hinge",
    "huber",
    "kl_divergence",
    "kld",
    "kullback_leibler_divergence",
    "log_cosh",
    "logcosh",
    "mae",
    "mape",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "mean_squared_logarithmic_error",
    "mse",
    "msle",
    "poisson",
    "serialize",
    "sparse_categorical_crossentropy",
    "squared_hinge",
    "tversky",
]
