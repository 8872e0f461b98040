"""``keras.optimizers.legacy``: Keras 2's optimizers are not part of Keras 3."""
from __future__ import annotations


class LegacyOptimizerWarning:
    """Constructing any legacy optimizer raises ImportError, as in Keras 3."""

    def __init__(self, *args, **kwargs) -> None:
        raise ImportError(
            "`keras.optimizers.legacy` is not supported in Keras 3. When using `tf.keras`, to "
            "continue using a `tf.keras.optimizers.legacy` optimizer, you can install the "
            "`tf_keras` package (Keras 2) and set the environment variable "
            "`TF_USE_LEGACY_KERAS=True` to configure TensorFlow to use `tf_keras` when "
            "accessing `tf.keras`.")


Adagrad = Adam = Ftrl = RMSprop = SGD = Optimizer = LegacyOptimizerWarning

__all__ = ["SGD", "Adagrad", "Adam", "Ftrl", "Optimizer", "RMSprop"]
