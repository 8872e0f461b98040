"""Helpers shared by the optimizers: TF's casting of hyperparameters, cond for assignments,
slot initial values, constructor argument checks and Keras' global-norm clipping."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.core.tensor import convert_to_tensor


def as_tf_scalar(value):
    """What ``ops.cast(value, dtype)`` gives for a Python float, as a Python float: TF converts
    the float to float32 first, so float64 variables see float32-rounded hyperparameters."""
    if type(value) is float:
        return float(np.float32(value))
    if isinstance(value, np.floating):  # a NumPy float keeps its own precision
        return float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def scalar_as(value, dtype):
    """``ops.cast(value, dtype)`` for a hyperparameter: Python numbers stay Python numbers (the
    op converts them to the variable's dtype, exactly as the cast would)."""
    if isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(value, bool):
        return as_tf_scalar(value)
    return tf.cast(value, dtype)


def cast(x, dtype):
    """``tf.cast`` that skips the op when `x` already has `dtype`."""
    if getattr(x, "dtype", None) == dtype:
        return x
    return tf.cast(x, dtype)


def run_cond(pred, true_fn, false_fn) -> None:
    """``tf.cond`` for branches run for their assignments only (they return nothing)."""
    def branch(fn):
        def run():
            fn()
            return ()
        return run

    tf.cond(pred, branch(true_fn), branch(false_fn))


def initial_value(initializer, shape, dtype):
    """A slot's initial value: "zeros"/"ones" directly, other names through
    `keras.initializers.get`, callables called with ``(shape, dtype=dtype)``."""
    shape = tuple(shape)
    np_dtype = tf.as_dtype(dtype)._np
    if isinstance(initializer, str) and initializer in ("zeros", "ones"):
        return (np.zeros if initializer == "zeros" else np.ones)(shape, np_dtype)
    if isinstance(initializer, (str, dict)):
        from fluxion.keras import initializers  # noqa: PLC0415 - only for named initializers

        initializer = initializers.get(initializer)
    return initializer(shape, dtype=dtype)


class Constant:
    """The constant initializer Keras uses for accumulators: ``cast(value, dtype) * ones``."""

    def __init__(self, value) -> None:
        self.value = value

    def __call__(self, shape, dtype=None):
        dtype = tf.as_dtype(dtype or "float32")
        value = np.asarray(convert_to_tensor(self.value)._value).astype(dtype._np)
        return np.full(tuple(shape), value, dtype._np)


def floatx() -> str:
    from fluxion.keras import backend  # noqa: PLC0415

    return backend.floatx()


def check_arguments(accumulation, use_ema, ema_momentum, ema_overwrite_frequency, clipnorm,
                    clipvalue, global_clipnorm) -> None:
    if accumulation and not accumulation >= 2:
        raise ValueError("`gradient_accumulation_steps` must be an integer >= 2. Received: "
                         f"gradient_accumulation_steps={accumulation}")
    if use_ema:
        if ema_momentum > 1 or ema_momentum < 0:
            raise ValueError("`ema_momentum` must be in the range [0, 1]. Received: "
                             f"ema_momentum={ema_momentum}")
        if ema_overwrite_frequency and (not isinstance(ema_overwrite_frequency, int)
                                        or ema_overwrite_frequency < 1):
            raise ValueError("`ema_overwrite_frequency` must be an integer >= 1 or None. "
                             f"Received: ema_overwrite_frequency={ema_overwrite_frequency}")
    if sum(a is not None for a in (clipnorm, clipvalue, global_clipnorm)) > 1:
        raise ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                         f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                         f"global_clipnorm={global_clipnorm}")


def global_norm(value_list):
    """sqrt of the sum of the squares of every gradient (None skipped)."""
    squared = [tf.reduce_sum(tf.square(v)) for v in value_list if v is not None]
    return tf.sqrt(tf.reduce_sum(tf.stack(squared)))


def clip_by_global_norm(value_list, clip_norm):
    """Keras' global clipping: scale = clip_norm * min(1/norm, 1/clip_norm), NaN when the norm
    is not finite."""
    use_norm = global_norm(value_list)
    scale = clip_norm * tf.minimum(1.0 / use_norm, 1.0 / clip_norm)
    scale = scale + (use_norm - use_norm)
    return [v * scale if v is not None else v for v in value_list]
