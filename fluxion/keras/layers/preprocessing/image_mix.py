"""Keras 3's region and mixing augmentation layers: RandomErasing, RandomGaussianBlur, MixUp
and CutMix (the last two mix the "labels" of dict inputs with the same weights as the
images). Formulas follow Keras 3.15; the random numbers are Fluxion's own."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.layers.preprocessing.image_base import is_training
from fluxion.keras.layers.preprocessing.image_color import _ColorLayer, filter2d

__all__ = ["CutMix", "MixUp", "RandomErasing", "RandomGaussianBlur"]


def _unit_pair(value, name: str, low: float = 0, high: float = 1) -> tuple:
    """Keras' _set_factor_by_name: a number f in [low, high] gives (max(-f, low), f), a pair
    is sorted."""
    message = (f"The `{name}` argument should be a number (or a list of two numbers) in the "
               f"range [{low}, {high}]. Received: factor={value}")
    if isinstance(value, (tuple, list)):
        if len(value) != 2 or value[0] > high or value[1] < low:
            raise ValueError(message)
        return tuple(sorted(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < low or value > high:
            raise ValueError(message)
        return (max(-abs(value), low), abs(value))
    raise ValueError(message)


def _box_mask(images, ratio_x, ratio_y, starts_x, starts_y):
    """Per-image boxes of `ratio` times the width/height, placed at `starts` (draws in [0, 1))
    of the room left: a bool mask [batch, h, w, 1] and each box's area fraction [batch]."""
    height = tf.cast(tf.shape(images)[1], images.dtype)
    width = tf.cast(tf.shape(images)[2], images.dtype)
    box_w, box_h = ratio_x * width, ratio_y * height
    x0 = starts_x * (width - box_w)
    y0 = starts_y * (height - box_h)
    grid_y = tf.cast(tf.range(tf.shape(images)[1]), images.dtype)[None, :, None, None]
    grid_x = tf.cast(tf.range(tf.shape(images)[2]), images.dtype)[None, None, :, None]
    mask = (grid_x >= x0) & (grid_x < x0 + box_w) & (grid_y >= y0) & (grid_y < y0 + box_h)
    return mask, box_w * box_h / (width * height)


class _RegionLayer(_ColorLayer):
    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def _stateless_seed(self, images):
        """A [2] int32 seed for TF's stateless samplers, drawn from the layer's stream."""
        return tf.cast(self._uniform(images, False, (2,), 0.0, 2.0**30), "int32")

    def _applied(self, images):
        """Per image: a threshold draw below a probability drawn in `factor`."""
        probability = self._per_image(images, *self.factor)
        return self._per_image(images, 0.0, 1.0) < probability


class RandomErasing(_RegionLayer):
    """While training, with a probability drawn in `factor`, replaces a random box of each
    image (sides sqrt(u) of the image's, u drawn in `scale`) by `fill_value` (a number or
    three per-channel numbers; None: Gaussian noise times value_range[1]), clipped to
    `value_range`."""

    def __init__(self, factor=1.0, scale=(0.02, 0.33), fill_value=None,
                 value_range=(0, 255), seed=None, data_format=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.scale = _unit_pair(scale, "scale")
        self.fill_value = fill_value
        self.value_range = value_range
        self._seeded(seed)

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(inputs)
        images = tf.cast(images, self.compute_dtype)
        if is_training(training):
            ratio_x = tf.sqrt(self._per_image(images, *self.scale))
            ratio_y = tf.sqrt(self._per_image(images, *self.scale))
            start_x = self._per_image(images, 0.0, 1.0)
            start_y = self._per_image(images, 0.0, 1.0)
            mask, _ = _box_mask(images, ratio_x, ratio_y, start_x, start_y)
            fill = self._fill(images)
            erased = tf.where(mask & self._applied(images), fill, images)
            images = erased
        return self._restore(images, batched)

    def _fill(self, images):
        value = self.fill_value
        if value is None:
            noise = tf.random.stateless_normal(tf.shape(images), self._stateless_seed(images),
                                               dtype=images.dtype)
            fill = noise * float(self.value_range[1])
        elif isinstance(value, (tuple, list)):
            if len(value) != 3:
                raise ValueError("The `fill_value` argument should be a number (or a list of "
                                 "three numbers) ")
            fill = tf.zeros_like(images) + tf.constant([float(v) for v in value], images.dtype)
        elif isinstance(value, (int, float)):
            fill = tf.zeros_like(images) + float(value)
        else:
            raise ValueError("The `fill_value` argument should be a number (or a list of "
                             "three numbers) ")
        low, high = (float(v) for v in self.value_range)
        return tf.clip_by_value(fill, low, high)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor, "scale": self.scale,
                "fill_value": self.fill_value, "value_range": self.value_range,
                "seed": self.seed}


def _odd_pair(value, name: str) -> tuple:
    message = f"{name} must be an odd number. Received: {name}={value}"
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"The `{name}` argument should be a number (or a list of two "
                             f"numbers) Received: {name}={value}")
        if value[0] % 2 == 0 or value[1] % 2 == 0:
            raise ValueError(message)
        return tuple(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value % 2 == 0:
            raise ValueError(message)
        return (value, value)
    raise ValueError(message)


def _gaussian_1d(size: int, sigma):
    x = tf.range(size, dtype=sigma.dtype) - (size - 1) / 2.0
    kernel = tf.exp(-0.5 * (x / sigma) ** 2)
    return kernel / tf.reduce_sum(kernel)


def gaussian_blur(images, kernel_size: tuple, sigma):
    """Keras' ops.image.gaussian_blur on a channels-last batch: correlation ("SAME", zero
    padded) with the outer product of 1-D Gaussians; `sigma` is [2] (x, y). As in Keras, the
    [size_y, size_x] product is reshaped to [size_x, size_y]."""
    kx, ky = int(kernel_size[0]), int(kernel_size[1])
    kernel = tf.tensordot(_gaussian_1d(ky, sigma[1]), _gaussian_1d(kx, sigma[0]), axes=0)
    return filter2d(images, tf.reshape(kernel, (kx, ky)))


class RandomGaussianBlur(_RegionLayer):
    """While training, with a probability drawn in `factor`, blurs each image with a Gaussian
    of `kernel_size` (odd) and a standard deviation drawn in `sigma` (one draw per axis,
    shared by the batch), then clips to `value_range`. The output is in the layer's dtype."""

    def __init__(self, factor=1.0, kernel_size=3, sigma=1.0, value_range=(0, 255),
                 data_format=None, seed=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self.kernel_size = _odd_pair(kernel_size, "kernel_size")
        self.sigma = _unit_pair(sigma, "sigma")
        self.value_range = value_range
        self._seeded(seed)

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(inputs)
        images = tf.cast(images, self.compute_dtype)
        if is_training(training):
            apply = self._applied(images)
            sigma = self._uniform(images, False, (2,), *self.sigma, dtype=images.dtype)
            blurred = gaussian_blur(images, self.kernel_size, sigma + 1e-6)
            low, high = (float(v) for v in self.value_range)
            images = tf.clip_by_value(tf.where(apply, blurred, images), low, high)
        return self._restore(images, batched)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor,
                "kernel_size": self.kernel_size, "sigma": self.sigma,
                "value_range": self.value_range, "seed": self.seed}


_TRIALS = 12  # Marsaglia-Tsang accepts > 95% of tries: all 12 failing has odds < 1e-15


def _log_gamma_sample(layer, images, alpha):
    """log of one Gamma(alpha) draw per image [batch], from per-image uniform draws only
    (so any batch size a graph meets works): Marsaglia and Tsang's method for alpha + 1,
    with tries made side by side, times U^(1 / alpha)."""
    def uniforms():
        return 1.0 - layer._uniform(images, True, (_TRIALS,), 0.0, 1.0, dtype="float32")

    alpha = tf.cast(alpha, "float32")
    d = alpha + 1.0 - 1.0 / 3.0
    c = 1.0 / tf.sqrt(9.0 * d)
    normal = tf.sqrt(-2.0 * tf.math.log(uniforms())) * tf.cos(6.283185307179586 * uniforms())
    v = (1.0 + c * normal) ** 3
    safe_v = tf.maximum(v, 1e-30)
    accept = (v > 0) & (tf.math.log(uniforms()) <
                        0.5 * normal**2 + d - d * safe_v + d * tf.math.log(safe_v))
    first = tf.argmax(tf.cast(accept, "int32"), axis=1)
    log_sample = tf.math.log(d) + tf.gather(tf.math.log(safe_v), first, batch_dims=1)
    boost = tf.math.log(uniforms()[:, 0]) / alpha
    return log_sample + boost


def _beta(layer, images, alpha):
    """One Beta(alpha, alpha) draw per image: X / (X + Y) of two Gamma(alpha) draws, taken
    as sigmoid(log X - log Y) so tiny draws do not give 0 / 0."""
    log_x = _log_gamma_sample(layer, images, alpha)
    log_y = _log_gamma_sample(layer, images, alpha)
    return tf.cast(tf.sigmoid(log_x - log_y), images.dtype)


class _MixLayer(_RegionLayer):
    """Mixes each image with another of the batch (a random permutation); dict inputs get
    their "labels" mixed with the same weights."""

    def __call__(self, inputs, *args, **kwargs):
        if isinstance(inputs, dict):
            training = kwargs.get("training", args[0] if args else None)
            if "images" not in inputs:
                raise ValueError(f"A dict input needs an 'images' key. Received keys: "
                                 f"{sorted(inputs)}")
            unsupported = sorted(set(inputs) - {"images", "labels"})
            if unsupported:
                raise NotImplementedError(f"{type(self).__name__}: transforming "
                                          f"{unsupported} is not supported")
            self._check_rank(tf.convert_to_tensor(inputs["images"]))
            images, batched = self._channels_last_batch(tf.convert_to_tensor(inputs["images"]))
            out = dict(inputs)
            if not is_training(training):
                return out
            images = tf.cast(images, self.compute_dtype)
            mixed, weight, order = self._mix(images)
            out["images"] = self._restore(mixed, batched)
            if "labels" in inputs:
                labels = tf.cast(inputs["labels"], self.compute_dtype)
                weight = tf.reshape(weight, [-1, 1])
                out["labels"] = weight * labels + (1.0 - weight) * tf.gather(labels, order)
            return out
        return super().__call__(inputs, *args, **kwargs)

    def _permutation(self, images):
        return tf.argsort(self._uniform(images, True, (), 0.0, 1.0))


class MixUp(_MixLayer):
    """While training, image <- w image + (1 - w) other, w ~ Beta(alpha, alpha) per image
    (labels of dict inputs mixed alike)."""

    def __init__(self, alpha=0.2, data_format=None, seed=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self.alpha = alpha
        self._seeded(seed)

    def _mix(self, images):
        order = self._permutation(images)
        weight = _beta(self, images, float(self.alpha))
        w = tf.reshape(weight, [-1, 1, 1, 1])
        return w * images + (1.0 - w) * tf.gather(images, order), weight, order

    def call(self, inputs, training=True):
        images, batched = self._channels_last_batch(inputs)
        if not is_training(training):
            return inputs
        mixed, _, _ = self._mix(tf.cast(images, self.compute_dtype))
        return self._restore(mixed, batched)

    def get_config(self) -> dict:
        return {**super().get_config(), "alpha": self.alpha, "seed": self.seed}


class CutMix(_MixLayer):
    """While training, pastes into each image a box from another image of the batch; the box
    has area fraction 1 - w, w ~ Beta(a, a) with a drawn in `factor` (labels of dict inputs
    mixed by the box's actual area). One image (rank 3) comes back unchanged."""

    def __init__(self, factor=1.0, seed=None, data_format=None, **kwargs) -> None:
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        self._seeded(seed)

    def _mix(self, images):
        alpha = self._uniform(images, False, (), *self.factor, dtype=images.dtype) + 1e-6
        ratio = tf.sqrt(1.0 - _beta(self, images, alpha))[:, None, None, None]
        start_x = self._per_image(images, 0.0, 1.0)
        start_y = self._per_image(images, 0.0, 1.0)
        mask, area = _box_mask(images, ratio, ratio, start_x, start_y)
        order = self._permutation(images)
        mixed = tf.where(mask, tf.gather(images, order), images)
        return mixed, tf.reshape(1.0 - area, [-1]), order

    def call(self, inputs, training=True):
        batched = self._check_rank(inputs)
        images = tf.cast(inputs, self.compute_dtype)
        if not is_training(training) or not batched:
            return images
        images, _ = self._channels_last_batch(images)
        mixed, _, _ = self._mix(images)
        return self._restore(mixed, True)

    def get_config(self) -> dict:
        return {**super().get_config(), "factor": self.factor, "seed": self.seed}
