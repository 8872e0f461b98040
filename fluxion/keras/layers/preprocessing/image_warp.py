"""Keras 3's RandomPerspective: each image's corners moved by random fractions of their
coordinates, the image resampled through the homography mapping the moved corners back
(TF's ImageProjectiveTransformV3 with constant fill)."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_base import float_dim, is_training
from fluxion.keras.layers.preprocessing.image_mix import _RegionLayer
from fluxion.keras.layers.preprocessing.image_transform import transform_p

__all__ = ["RandomPerspective"]

_INTERPOLATIONS = ("nearest", "bilinear")


def homography_rows(start, end):
    """[batch, 8] projective transforms taking points `end` [batch, 4, 2] (x, y) to `start`
    (Keras' compute_homography_matrix: the 8x8 linear system solved per image)."""
    rows, targets = [], []
    zeros = tf.zeros_like(end[:, 0, 0])
    ones = tf.ones_like(zeros)
    for k in range(4):
        sx, sy = start[:, k, 0], start[:, k, 1]
        ex, ey = end[:, k, 0], end[:, k, 1]
        rows.append(tf.stack([ex, ey, ones, zeros, zeros, zeros, -sx * ex, -sx * ey], -1))
        rows.append(tf.stack([zeros, zeros, zeros, ex, ey, ones, -sy * ex, -sy * ey], -1))
        targets += [sx, sy]
    system = tf.stack(rows, axis=1)
    solution = tf.linalg.solve(system, tf.stack(targets, axis=-1)[..., None])
    return tf.reshape(solution, [-1, 8])


class RandomPerspective(_RegionLayer):
    """While training, with a probability drawn in `factor`, warps each image: every corner
    moves by a fraction of its own coordinates drawn in [-scale/2, scale/2] (so the top-left
    corner stays); outside points read `fill_value`. The output is in the layer's dtype."""

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear", fill_value=0.0,
                 seed=None, data_format=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = scale
        self.fill_value = fill_value
        self.interpolation = interpolation
        self._seeded(seed)
        if scale < 0.0 or scale > 1.0:
            raise ValueError(f"The `scale` argument should be a number in the range [0,1]. "
                             f"Received: scale={scale}")
        if interpolation not in _INTERPOLATIONS:
            raise NotImplementedError(f"Unknown `interpolation` {interpolation}. Expected of "
                                      f"one {_INTERPOLATIONS}.")

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(inputs)
        images = tf.cast(images, self.compute_dtype)
        if is_training(training):
            apply = self._applied(images)
            shift = self._uniform(images, True, (4, 2), -0.5 * self.scale, 0.5 * self.scale)
            right = float_dim(images, 2) - 1.0
            bottom = float_dim(images, 1) - 1.0
            corners = tf.reshape(tf.stack([0.0, 0.0, right, 0.0, 0.0, bottom, right, bottom]),
                                 (1, 4, 2))
            start = tf.zeros_like(shift) + corners
            transforms = homography_rows(start, start + start * shift)
            warped = transform_p(images, tf.cast(transforms, "float32"), output_shape=None,
                                 fill_value=float(self.fill_value),
                                 interpolation=self.interpolation.upper(),
                                 fill_mode="CONSTANT")
            images = tf.where(apply, tf.cast(warped, images.dtype), images)
        return self._restore(images, batched)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor, "scale": self.scale,
                "interpolation": self.interpolation, "fill_value": self.fill_value,
                "seed": self.seed}
