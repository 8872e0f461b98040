"""Keras 3's ContrastLimitedAdaptiveHistogramEqualization (CLAHE): per-tile histograms,
clipped at `clip_limit` times the mean bin count with the excess spread evenly, turned into
equalizing maps that are blended bilinearly between tile centres. Deterministic; applied
whatever `training` says; the output keeps the input's dtype."""
from __future__ import annotations

import numpy as np

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_color import _ColorLayer
from fluxion.keras.layers.preprocessing.image_extra import _rescale

__all__ = ["ContrastLimitedAdaptiveHistogramEqualization"]


def _symmetric_pad(images, pad: int, axis: int):
    """np.pad(mode="symmetric") at the end of `axis` (pad <= that axis' size)."""
    if pad == 0:
        return images
    size = images.shape[axis]
    index = [slice(None)] * 4
    index[axis] = slice(size - pad, size)
    return tf.concat([images, tf.reverse(images[tuple(index)], [axis])], axis=axis)


def _grid(size: int, tile: int, grid: int):
    """Keras' float32 sampling positions between tile centres: (lower, upper) int32 tile
    indices into the edge-padded map grid and the weight of the upper one."""
    pos = (np.arange(size, dtype=np.float32) - np.float32(tile / 2.0)) / np.float32(tile)
    pos = pos + np.float32(1.0)
    low = np.floor(pos)
    weight = pos - low
    high = np.clip(low + 1.0, 0, grid + 1).astype(np.int32)
    return np.clip(low, 0, grid + 1).astype(np.int32), high, weight.astype(np.float32)


class ContrastLimitedAdaptiveHistogramEqualization(_ColorLayer):
    """CLAHE on values mapped from `value_range` to 0-255: a `tile_grid_size` (rows, cols)
    grid of tiles (the image padded symmetrically to whole tiles)."""

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), clip_limit=4.0, tile_grid_size=(8, 8),
                 data_format=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.clip_limit = clip_limit
        self.tile_grid_size = tile_grid_size

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(tf.convert_to_tensor(inputs))
        work = _rescale(tf.cast(images, "float32"), self.value_range, (0, 255))
        out = _rescale(self._clahe(work), (0, 255), self.value_range)
        return self._restore(tf.cast(out, inputs.dtype), batched)

    def _maps(self, padded, tile_h: int, tile_w: int):
        """[batch, grid_h + 2, grid_w + 2, channels, 256] equalizing maps (edge tiles
        repeated around the grid)."""
        grid_h, grid_w = self.tile_grid_size
        channels = padded.shape[-1]
        tiled = tf.reshape(padded, [-1, grid_h, tile_h, grid_w, tile_w, channels])
        tiled = tf.transpose(tiled, (0, 1, 3, 5, 2, 4))
        tiled = tf.reshape(tiled, [-1, grid_h, grid_w, channels, tile_h * tile_w])
        values = tf.clip_by_value(tf.cast(tiled, "int32"), 0, 255)
        hists = tf.reduce_sum(tf.one_hot(values, 256), axis=-2)
        if self.clip_limit > 0:
            limit = float(np.float32(self.clip_limit * (tile_h * tile_w) / 256.0))
            clipped = tf.clip_by_value(hists, 0.0, limit)
            excess = tf.reduce_sum(hists - clipped, axis=-1, keepdims=True)
            hists = clipped + excess / 256.0
        cdf = tf.math.cumsum(hists, axis=-1)
        cdf_min = tf.reduce_min(cdf, axis=-1, keepdims=True)
        denominator = float(tile_h * tile_w) - cdf_min
        denominator = tf.where(denominator == 0, tf.ones_like(denominator), denominator)
        maps = tf.clip_by_value((cdf - cdf_min) * 255.0 / denominator, 0.0, 255.0)
        maps = tf.concat([maps[:, :1], maps, maps[:, -1:]], axis=1)
        return tf.concat([maps[:, :, :1], maps, maps[:, :, -1:]], axis=2)

    def _clahe(self, images):
        height, width, channels = images.shape[1], images.shape[2], images.shape[3]
        grid_h, grid_w = self.tile_grid_size
        tile_h, tile_w = -(-height // grid_h), -(-width // grid_w)
        padded = _symmetric_pad(images, tile_h * grid_h - height, 1)
        padded = _symmetric_pad(padded, tile_w * grid_w - width, 2)
        maps = tf.reshape(self._maps(padded, tile_h, tile_w), [-1])
        y0, y1, wy = _grid(tile_h * grid_h, tile_h, grid_h)
        x0, x1, wx = _grid(tile_w * grid_w, tile_w, grid_w)
        stride_x = 256 * channels
        stride_y = stride_x * (grid_w + 2)
        stride_b = stride_y * (grid_h + 2)
        pixels = tf.cast(tf.clip_by_value(padded, 0.0, 255.0), "int32")
        batch = tf.range(tf.shape(padded)[0])[:, None, None, None]
        base = batch * stride_b + tf.range(channels)[None, None, None, :] * 256 + pixels

        def corner(ys, xs):
            rows = tf.constant(ys * stride_y)[None, :, None, None]
            cols = tf.constant(xs * stride_x)[None, None, :, None]
            return tf.gather(maps, base + rows + cols)

        wy = tf.constant(wy)[None, :, None, None]
        wx = tf.constant(wx)[None, None, :, None]
        top = corner(y0, x0) * (1.0 - wx) + corner(y0, x1) * wx
        bottom = corner(y1, x0) * (1.0 - wx) + corner(y1, x1) * wx
        out = top * (1.0 - wy) + bottom * wy
        return out[:, :height, :width, :]

    def get_config(self) -> dict:
        return {**super().get_config(), "value_range": self.value_range,
                "clip_limit": self.clip_limit, "tile_grid_size": self.tile_grid_size,
                "data_format": self.data_format}
