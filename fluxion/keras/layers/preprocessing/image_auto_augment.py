"""Keras 3's policy layers built from the other image layers: RandAugment (num_ops layers
picked at random, the same for the whole batch) and AugMix (chains of random layers mixed
with Dirichlet weights, then blended with the original by a Beta draw)."""
from __future__ import annotations

import random

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_base import is_training
from fluxion.keras.layers.preprocessing.image_color import (
    Equalization,
    RandomColorDegeneration,
    RandomPosterization,
    RandomSharpness,
    _ColorLayer,
)
from fluxion.keras.layers.preprocessing.image_extra import AutoContrast, RandomShear, Solarization
from fluxion.keras.layers.preprocessing.image_geometric import RandomRotation, RandomTranslation
from fluxion.keras.layers.preprocessing.image_mix import _log_gamma_sample

__all__ = ["AugMix", "RandAugment"]

_GEOMETRIC_AND_TONE = ["random_shear", "random_translation", "random_rotation",
                       "random_posterization", "solarization", "auto_contrast", "equalization"]
_COLOR = ["random_brightness", "random_color_degeneration", "random_contrast",
          "random_sharpness"]


def _make_layers(owner, names: list) -> dict:
    """The augmentation layers of RandAugment / AugMix, made as Keras makes them from the
    owner's factor, value_range, interpolation, seed and data format."""
    from fluxion.keras.layers.preprocessing.image_layers import (  # noqa: PLC0415
        RandomBrightness,
        RandomContrast,
    )

    factor, value_range, seed = owner.factor, owner.value_range, owner.seed
    common = {"seed": seed, "data_format": owner.data_format}
    color = {"factor": factor, "value_range": value_range, **common}
    makers = {
        "random_shear": lambda: RandomShear(x_factor=factor, y_factor=factor,
                                            interpolation=owner.interpolation, **common),
        "random_translation": lambda: RandomTranslation(
            height_factor=factor, width_factor=factor, interpolation=owner.interpolation,
            **common),
        "random_rotation": lambda: RandomRotation(factor=factor,
                                                  interpolation=owner.interpolation, **common),
        "random_brightness": lambda: RandomBrightness(**color),
        "random_color_degeneration": lambda: RandomColorDegeneration(**color),
        "random_contrast": lambda: RandomContrast(**color),
        "random_sharpness": lambda: RandomSharpness(**color),
        "solarization": lambda: Solarization(addition_factor=factor, threshold_factor=factor,
                                             value_range=value_range, **common),
        "random_posterization": lambda: RandomPosterization(
            factor=max(1, int(8 * factor[1])), value_range=value_range, **common),
        "auto_contrast": lambda: AutoContrast(value_range=value_range,
                                              data_format=owner.data_format),
        "equalization": lambda: Equalization(value_range=value_range,
                                             data_format=owner.data_format),
    }
    return {name: makers[name]() for name in names}


class RandAugment(_ColorLayer):
    """While training, applies `num_ops` times one of 11 augmentation layers (shear,
    translation, rotation, brightness, colour degeneration, contrast, sharpness,
    posterization, solarization, auto contrast, equalization), each pick uniform and shared
    by the batch. The output is in the layer's dtype, clipped by the layers themselves."""

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)
    _AUGMENT_LAYERS = ["random_shear", "random_translation", "random_rotation",
                       "random_brightness", "random_color_degeneration", "random_contrast",
                       "random_sharpness", "random_posterization", "solarization",
                       "auto_contrast", "equalization"]

    def __init__(self, value_range=(0, 255), num_ops=2, factor=0.5, interpolation="bilinear",
                 seed=None, data_format=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.num_ops = num_ops
        self._set_factor(factor)
        self.interpolation = interpolation
        self._seeded(seed)
        self._augmenters = _make_layers(self, self._AUGMENT_LAYERS)

    def call(self, inputs, training=True):
        self._check_rank(inputs)
        images = tf.cast(inputs, self.compute_dtype)
        if not is_training(training):
            return images
        count = len(self._AUGMENT_LAYERS)
        picks = tf.cast(self._uniform(images, False, (max(self.num_ops, 1),), 0.0,
                                      float(count)), "int32")
        for i in range(self.num_ops):
            out = images
            for index, name in enumerate(self._AUGMENT_LAYERS):
                step = tf.cast(self._augmenters[name](images, training=True), images.dtype)
                out = tf.where(tf.equal(picks[i], index), step, out)
            images = out
        return tf.cast(images, self.compute_dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "value_range": self.value_range,
                "num_ops": self.num_ops, "factor": self.factor,
                "interpolation": self.interpolation, "seed": self.seed}


class AugMix(_ColorLayer):
    """While training: `num_chains` chains of up to `chain_depth` augmentation layers (each
    step a layer or nothing, picked in Python when the call is made or traced, as Keras
    does; from `seed` when one is given), mixed with Dirichlet(alpha) weights, then blended
    with the input by a Beta(alpha, alpha) draw and clipped to `value_range`."""

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, value_range=(0, 255), num_chains=3, chain_depth=3, factor=0.3,
                 alpha=1.0, all_ops=True, interpolation="bilinear", seed=None,
                 data_format=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.num_chains = num_chains
        self.chain_depth = chain_depth
        self._set_factor(factor)
        self.alpha = alpha
        self.all_ops = all_ops
        self.interpolation = interpolation
        self._seeded(seed)
        self._names = _GEOMETRIC_AND_TONE + (_COLOR if all_ops else [])
        # chain steps are picked in Python; a seed makes the picks repeat too
        self._picker = random.Random(seed) if seed is not None else random
        self._augmenters = _make_layers(self, self._names)

    def call(self, inputs, training=True):
        self._check_rank(inputs)
        images = tf.cast(inputs, self.compute_dtype)
        if not is_training(training):
            return images
        chains = tf.zeros((self.num_chains, 1, 1, 1))
        log_gamma = _log_gamma_sample(self, chains, float(self.alpha))
        chain_weights = tf.cast(tf.nn.softmax(log_gamma), images.dtype)  # a Dirichlet draw
        pair = tf.zeros((2, 1, 1, 1))
        log_pair = _log_gamma_sample(self, pair, float(self.alpha))
        keep = tf.cast(tf.sigmoid(log_pair[0] - log_pair[1]), images.dtype)  # a Beta draw
        mixed = tf.zeros_like(images)
        for chain in range(self.num_chains):
            chained = images
            for _ in range(self.chain_depth):
                name = self._picker.choice([*self._names, None])
                if name is not None:
                    chained = tf.cast(self._augmenters[name](chained, training=True), images.dtype)
            mixed = mixed + chained * chain_weights[chain]
        out = keep * images + (1.0 - keep) * mixed
        low, high = (float(v) for v in self.value_range)
        return tf.cast(tf.clip_by_value(out, low, high), self.compute_dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "value_range": self.value_range,
                "num_chains": self.num_chains, "chain_depth": self.chain_depth,
                "factor": self.factor, "alpha": self.alpha, "all_ops": self.all_ops,
                "interpolation": self.interpolation, "seed": self.seed}
