"""``tf.keras.preprocessing.image``: Keras 1's `ImageDataGenerator` (random augmentation and
normalization of NumPy images, batched by `flow` / `flow_from_directory`), its iterators, the
functional transforms, and the image-file helpers of `keras.utils`. NumPy in, NumPy out; the
random draws follow Keras' (NumPy's global generator, in Keras' order), so seeded runs give
Keras' transforms."""
from __future__ import annotations

import math
import warnings

import numpy as np

from fluxion.keras.preprocessing.affine import (apply_affine_transform, apply_brightness_shift,
                                                apply_channel_shift, random_brightness,
                                                random_channel_shift, random_rotation,
                                                random_shear, random_shift, random_zoom)
from fluxion.keras.preprocessing.image_iterators import (DirectoryIterator, Iterator,
                                                         NumpyArrayIterator)
from fluxion.keras.utils.image_utils import (array_to_img, img_to_array, load_img, save_img,
                                             smart_resize)

__all__ = ["DirectoryIterator", "ImageDataGenerator", "Iterator", "NumpyArrayIterator",
           "apply_affine_transform", "apply_brightness_shift", "apply_channel_shift",
           "array_to_img", "img_to_array", "load_img", "random_brightness",
           "random_channel_shift", "random_rotation", "random_shear", "random_shift",
           "random_zoom", "save_img", "smart_resize"]


def flip_axis(x, axis: int) -> np.ndarray:
    return np.flip(np.asarray(x), axis)


def _range_shift(value, size: int) -> float:
    """A shift drawn from `value`: a float range [-value, value) or, for ints and lists, a
    choice among them with a random sign; fractions (< 1) are of `size` pixels."""
    try:  # ints and 1-D array-likes
        shift = np.random.choice(value)
        shift *= np.random.choice([-1, 1])
    except ValueError:  # a float
        shift = np.random.uniform(-value, value)
    if np.max(value) < 1:
        shift *= size
    return shift


class ImageDataGenerator:
    """Random augmentation (rotation, shifts, shear, zoom, channel shift, brightness, flips)
    and normalization (rescale, sample- or feature-wise centring and std, ZCA) of images,
    applied per image by the iterators of `flow` and `flow_from_directory`."""

    def __init__(self, featurewise_center=False, samplewise_center=False,
                 featurewise_std_normalization=False, samplewise_std_normalization=False,
                 zca_whitening=False, zca_epsilon=1e-6, rotation_range=0,
                 width_shift_range=0.0, height_shift_range=0.0, brightness_range=None,
                 shear_range=0.0, zoom_range=0.0, channel_shift_range=0.0,
                 fill_mode="nearest", cval=0.0, horizontal_flip=False, vertical_flip=False,
                 rescale=None, preprocessing_function=None, data_format=None,
                 validation_split=0.0, interpolation_order=1, dtype=None) -> None:
        from fluxion.keras import backend

        data_format = data_format or backend.image_data_format()
        self.dtype = dtype or backend.floatx()
        self.featurewise_center = featurewise_center
        self.samplewise_center = samplewise_center
        self.featurewise_std_normalization = featurewise_std_normalization
        self.samplewise_std_normalization = samplewise_std_normalization
        self.zca_whitening = zca_whitening
        self.zca_epsilon = zca_epsilon
        self.rotation_range = rotation_range
        self.width_shift_range = width_shift_range
        self.height_shift_range = height_shift_range
        self.shear_range = shear_range
        self.channel_shift_range = channel_shift_range
        self.fill_mode = fill_mode
        self.cval = cval
        self.horizontal_flip = horizontal_flip
        self.vertical_flip = vertical_flip
        self.rescale = rescale
        self.preprocessing_function = preprocessing_function
        self.interpolation_order = interpolation_order
        if data_format not in {"channels_last", "channels_first"}:
            raise ValueError(f'`data_format` should be `"channels_last"` (channel after row and '
                             f'column) or `"channels_first"` (channel before row and column). '
                             f"Received: {data_format}")
        self.data_format = data_format
        self.channel_axis, self.row_axis, self.col_axis = \
            (1, 2, 3) if data_format == "channels_first" else (3, 1, 2)
        if validation_split and not 0 < validation_split < 1:
            raise ValueError(f"`validation_split` must be strictly between 0 and 1.  "
                             f"Received: {validation_split}")
        self._validation_split = validation_split
        self.mean = self.std = self.zca_whitening_matrix = None
        self.zoom_range = self._zoom_range(zoom_range)
        self._resolve_normalization_flags()
        if brightness_range is not None and (
                not isinstance(brightness_range, (tuple, list)) or len(brightness_range) != 2):
            raise ValueError(f"`brightness_range should be tuple or list of two floats. "
                             f"Received: {brightness_range}")
        self.brightness_range = brightness_range

    @staticmethod
    def _zoom_range(zoom_range) -> list:
        if isinstance(zoom_range, (float, int)):
            return [1 - zoom_range, 1 + zoom_range]
        if len(zoom_range) == 2 and all(isinstance(v, (float, int)) for v in zoom_range):
            return [zoom_range[0], zoom_range[1]]
        raise ValueError(f"`zoom_range` should be a float or a tuple or list of two floats. "
                         f"Received: {zoom_range}")

    def _resolve_normalization_flags(self) -> None:
        """ZCA implies feature-wise centring (and replaces std normalization); std
        normalization implies centring (warnings as Keras)."""
        def warn(what, overrides):
            warnings.warn(f"This ImageDataGenerator specifies `{what}`, which overrides "
                          f"setting of `{overrides}`.", stacklevel=3)

        if self.zca_whitening:
            if not self.featurewise_center:
                self.featurewise_center = True
                warn("zca_whitening", "featurewise_center")
            if self.featurewise_std_normalization:
                self.featurewise_std_normalization = False
                warn("zca_whitening", "featurewise_std_normalization")
        if self.featurewise_std_normalization and not self.featurewise_center:
            self.featurewise_center = True
            warn("featurewise_std_normalization", "featurewise_center")
        if self.samplewise_std_normalization and not self.samplewise_center:
            self.samplewise_center = True
            warn("samplewise_std_normalization", "samplewise_center")

    def flow(self, x, y=None, batch_size=32, shuffle=True, sample_weight=None, seed=None,
             save_to_dir=None, save_prefix="", save_format="png", ignore_class_split=False,
             subset=None) -> NumpyArrayIterator:
        """An iterator of augmented batches of the arrays `x` (rank 4) and `y`."""
        return NumpyArrayIterator(x, y, self, batch_size=batch_size, shuffle=shuffle,
                                  sample_weight=sample_weight, seed=seed,
                                  data_format=self.data_format, save_to_dir=save_to_dir,
                                  save_prefix=save_prefix, save_format=save_format,
                                  ignore_class_split=ignore_class_split, subset=subset,
                                  dtype=self.dtype)

    def flow_from_directory(self, directory, target_size=(256, 256), color_mode="rgb",
                            classes=None, class_mode="categorical", batch_size=32,
                            shuffle=True, seed=None, save_to_dir=None, save_prefix="",
                            save_format="png", follow_links=False, subset=None,
                            interpolation="nearest",
                            keep_aspect_ratio=False) -> DirectoryIterator:
        """An iterator of augmented batches of the image files under `directory`."""
        return DirectoryIterator(directory, self, target_size=target_size,
                                 color_mode=color_mode, keep_aspect_ratio=keep_aspect_ratio,
                                 classes=classes, class_mode=class_mode,
                                 data_format=self.data_format, batch_size=batch_size,
                                 shuffle=shuffle, seed=seed, save_to_dir=save_to_dir,
                                 save_prefix=save_prefix, save_format=save_format,
                                 follow_links=follow_links, subset=subset,
                                 interpolation=interpolation, dtype=self.dtype)

    def flow_from_dataframe(self, dataframe, *args, **kwargs):
        raise NotImplementedError("`flow_from_dataframe` needs pandas, which Fluxion does not "
                                  "use: list the files and call `flow` or "
                                  "`flow_from_directory` instead")

    def standardize(self, x):
        """Normalizes `x` (in place for arrays, as Keras): preprocessing_function, rescale,
        sample-wise then feature-wise centring and std, ZCA."""
        if self.preprocessing_function:
            x = self.preprocessing_function(x)
        if self.rescale:
            x *= self.rescale
        if self.samplewise_center:
            x -= np.mean(x, keepdims=True)
        if self.samplewise_std_normalization:
            x /= np.std(x, keepdims=True) + 1e-6
        if self.featurewise_center:
            if self.mean is not None:
                x -= self.mean
            else:
                self._warn_unfit("featurewise_center")
        if self.featurewise_std_normalization:
            if self.std is not None:
                x /= self.std + 1e-6
            else:
                self._warn_unfit("featurewise_std_normalization")
        if self.zca_whitening:
            if self.zca_whitening_matrix is not None:
                flat = x.reshape(-1, math.prod(x.shape[-3:]))
                x = np.reshape(flat @ self.zca_whitening_matrix, x.shape)
            else:
                self._warn_unfit("zca_whitening")
        return x

    @staticmethod
    def _warn_unfit(what: str) -> None:
        warnings.warn(f"This ImageDataGenerator specifies `{what}`, but it hasn't been fit on "
                      f"any training data. Fit it first by calling `.fit(numpy_data)`.",
                      stacklevel=3)

    def get_random_transform(self, img_shape, seed=None) -> dict:
        """Random transform parameters for one image (Keras' draws, in Keras' order)."""
        if seed is not None:
            np.random.seed(seed)
        theta = np.random.uniform(-self.rotation_range, self.rotation_range) \
            if self.rotation_range else 0
        tx = _range_shift(self.height_shift_range, img_shape[self.row_axis - 1]) \
            if self.height_shift_range else 0
        ty = _range_shift(self.width_shift_range, img_shape[self.col_axis - 1]) \
            if self.width_shift_range else 0
        shear = np.random.uniform(-self.shear_range, self.shear_range) \
            if self.shear_range else 0
        if self.zoom_range[0] == 1 and self.zoom_range[1] == 1:
            zx, zy = 1, 1
        else:
            zx, zy = np.random.uniform(self.zoom_range[0], self.zoom_range[1], 2)
        flip_horizontal = (np.random.random() < 0.5) * self.horizontal_flip
        flip_vertical = (np.random.random() < 0.5) * self.vertical_flip
        channel_shift = None
        if self.channel_shift_range != 0:
            channel_shift = np.random.uniform(-self.channel_shift_range,
                                              self.channel_shift_range)
        brightness = None
        if self.brightness_range is not None:
            brightness = np.random.uniform(self.brightness_range[0], self.brightness_range[1])
        return {"theta": theta, "tx": tx, "ty": ty, "shear": shear, "zx": zx, "zy": zy,
                "flip_horizontal": flip_horizontal, "flip_vertical": flip_vertical,
                "channel_shift_intensity": channel_shift, "brightness": brightness}

    def apply_transform(self, x, transform_parameters: dict):
        """Applies the parameters of `get_random_transform` to one 3-D image."""
        rows, cols, channels = self.row_axis - 1, self.col_axis - 1, self.channel_axis - 1
        p = transform_parameters
        x = apply_affine_transform(x, p.get("theta", 0), p.get("tx", 0), p.get("ty", 0),
                                   p.get("shear", 0), p.get("zx", 1), p.get("zy", 1),
                                   row_axis=rows, col_axis=cols, channel_axis=channels,
                                   fill_mode=self.fill_mode, cval=self.cval,
                                   order=self.interpolation_order)
        if p.get("channel_shift_intensity") is not None:
            x = apply_channel_shift(x, p["channel_shift_intensity"], channels)
        if p.get("flip_horizontal", False):
            x = flip_axis(x, cols)
        if p.get("flip_vertical", False):
            x = flip_axis(x, rows)
        if p.get("brightness") is not None:
            x = apply_brightness_shift(x, p["brightness"], False)
        return x

    def random_transform(self, x, seed=None):
        """One image randomly transformed (same shape)."""
        return self.apply_transform(x, self.get_random_transform(x.shape, seed))

    def fit(self, x, augment=False, rounds=1, seed=None) -> None:
        """Computes the feature-wise mean, std and ZCA matrix from sample images (rank 4),
        after `rescale`, optionally over `rounds` augmented copies."""
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 4:
            raise ValueError(f"Input to `.fit()` should have rank 4. Got array with shape: "
                             f"{x.shape}")
        if x.shape[self.channel_axis] not in {1, 3, 4}:
            warnings.warn(f'Expected input to be images (as Numpy array) following the data '
                          f'format convention "{self.data_format}" (channels on axis '
                          f"{self.channel_axis}), i.e. expected either 1, 3 or 4 channels on "
                          f"axis {self.channel_axis}. However, it was passed an array with "
                          f"shape {x.shape} ({x.shape[self.channel_axis]} channels).",
                          stacklevel=2)
        if seed is not None:
            np.random.seed(seed)
        x = np.copy(x)
        if self.rescale:
            x *= self.rescale
        if augment:
            augmented = np.zeros((rounds * x.shape[0], *x.shape[1:]), dtype=self.dtype)
            for r in range(rounds):
                for i in range(x.shape[0]):
                    augmented[i + r * x.shape[0]] = self.random_transform(x[i])
            x = augmented
        shape = [1, 1, 1]
        shape[self.channel_axis - 1] = x.shape[self.channel_axis]
        axes = (0, self.row_axis, self.col_axis)
        if self.featurewise_center:
            self.mean = np.reshape(np.mean(x, axis=axes), shape)
            x -= self.mean
        if self.featurewise_std_normalization:
            self.std = np.reshape(np.std(x, axis=axes), shape)
            x /= self.std + 1e-6
        if self.zca_whitening:
            n = len(x)
            u, s, _ = np.linalg.svd(np.reshape(x, (n, -1)).T, full_matrices=False)
            s_inv = np.sqrt(n) / (s + self.zca_epsilon)
            self.zca_whitening_matrix = (u * s_inv).dot(u.T)
