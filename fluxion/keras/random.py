"""``keras.random``: random draws from an explicit seed (Keras 3's API on Fluxion's stateless
samplers). An int seed gives the same numbers at every call; a `SeedGenerator` (its state a
variable, so graphs move it too) gives new ones; no seed uses a global generator."""
from __future__ import annotations

import fluxion as tf

__all__ = ["SeedGenerator", "beta", "binomial", "categorical", "dropout", "gamma", "normal",
           "randint", "shuffle", "truncated_normal", "uniform"]


class SeedGenerator:
    """A seed state (an int64 [2] variable: the seed and a counter, as Keras' TensorFlow
    backend keeps it); `next()` returns it and moves the counter on."""

    def __init__(self, seed=None, name=None, **kwargs) -> None:
        import random as _random  # noqa: PLC0415

        if seed is None:
            seed = _random.SystemRandom().randint(1, 10 ** 9)
        if not isinstance(seed, int):
            raise ValueError(f"Argument `seed` must be an integer. Received: seed={seed}")
        from fluxion.keras.utils import naming  # noqa: PLC0415

        self.name = name or naming.uniquify("seed_generator")
        self._initial_seed = seed
        with tf.init_scope():
            self.state = tf.Variable([seed, 0], dtype=tf.int64, trainable=False,
                                     name=f"{self.name}_state")

    def next(self, ordered: bool = True):
        value = tf.identity(self.state.read_value())
        if ordered:
            self.state.assign_add(tf.constant([0, 1], tf.int64))
        else:
            self.state.assign((self.state.read_value() + 1) * 5387 % 933199)
        return value

    def get_config(self) -> dict:
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config: dict) -> SeedGenerator:
        return cls(**config)


_GLOBAL: list = []


def _global_generator() -> SeedGenerator:
    if not _GLOBAL:
        _GLOBAL.append(SeedGenerator(name="global_seed_generator"))
    return _GLOBAL[0]


def draw_seed(seed):
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if isinstance(seed, int) and not isinstance(seed, bool):
        return tf.constant([seed, 0], tf.int64)
    if seed is None:
        return _global_generator().next(ordered=False)
    raise ValueError(f"Argument `seed` must be either an integer or an instance of "
                     f"`SeedGenerator`. Received: seed={seed} (of type {type(seed)})")


def _dtype(dtype):
    from fluxion.keras import backend  # noqa: PLC0415

    return tf.as_dtype(dtype or backend.floatx())


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return tf.random.stateless_normal(shape, draw_seed(seed), mean, stddev, _dtype(dtype))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return tf.random.stateless_uniform(shape, draw_seed(seed), minval, maxval, _dtype(dtype))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return tf.random.stateless_truncated_normal(shape, draw_seed(seed), mean, stddev,
                                                _dtype(dtype))


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return tf.random.stateless_uniform(shape, draw_seed(seed), minval, maxval,
                                       tf.as_dtype(dtype))


def categorical(logits, num_samples, dtype="int32", seed=None):
    return tf.random.stateless_categorical(logits, num_samples, draw_seed(seed),
                                           tf.as_dtype(dtype))


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = tf.convert_to_tensor(inputs)
    shape = tf.shape(inputs) if noise_shape is None else noise_shape
    keep = uniform(shape, dtype=inputs.dtype, seed=seed) >= rate
    return tf.where(keep, inputs / (1.0 - rate), tf.zeros_like(inputs))


def shuffle(x, axis=0, seed=None):
    x = tf.convert_to_tensor(x)
    perm = list(range(x.shape.rank))
    perm[0], perm[axis] = perm[axis], perm[0]
    moved = tf.transpose(x, perm) if axis else x
    shuffled = tf.random.experimental.stateless_shuffle(moved, draw_seed(seed))
    return tf.transpose(shuffled, perm) if axis else shuffled


def gamma(shape, alpha, dtype=None, seed=None):
    return tf.random.stateless_gamma(shape, draw_seed(seed), alpha, dtype=_dtype(dtype))


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    return tf.random.stateless_binomial(shape, draw_seed(seed), counts, probabilities,
                                        output_dtype=_dtype(dtype))


def beta(shape, alpha, beta, dtype=None, seed=None):  # noqa: A002 - Keras' argument name
    seed = draw_seed(seed)
    a = tf.random.stateless_gamma(shape, seed, alpha, dtype=_dtype(dtype))
    b = tf.random.stateless_gamma(shape, seed[::-1] + 1, beta, dtype=_dtype(dtype))
    return a / (a + b)
