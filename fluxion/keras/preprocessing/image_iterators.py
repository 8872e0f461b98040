"""The iterators behind `ImageDataGenerator.flow` / `flow_from_directory`: `Iterator` (batches
by index, Keras' seeding and shuffling), `NumpyArrayIterator` and `DirectoryIterator`. They are
`PyDataset`s, so `model.fit(iterator)` works, and Python iterators that loop forever.

Image files load through Pillow when it is installed (exactly Keras' `load_img`), otherwise
through `tf.io.decode_image` (PNG, JPEG, GIF, BMP) with Pillow's colour conversions and
nearest-neighbour resizing."""
from __future__ import annotations

import importlib.util
import os
import threading
import warnings

import numpy as np

from fluxion.keras.utils.data_utils import PyDataset

__all__ = ["DirectoryIterator", "Iterator", "NumpyArrayIterator"]


def _defaults(data_format, dtype) -> tuple:
    from fluxion.keras import backend

    return data_format or backend.image_data_format(), dtype or backend.floatx()


class Iterator(PyDataset):
    """Batches of `n` samples: `it[i]` (Keras' PyDataset access) and `next(it)` (an endless
    stream, reshuffled each pass); subclasses build a batch from an index array."""

    white_list_formats = ("png", "jpg", "jpeg", "bmp", "ppm", "tif", "tiff")

    def __init__(self, n: int, batch_size: int, shuffle: bool, seed, **kwargs) -> None:
        super().__init__(**kwargs)
        self.n = n
        self.batch_size = batch_size
        self.seed = seed
        self.shuffle = shuffle
        self.batch_index = 0
        self.total_batches_seen = 0
        self.lock = threading.Lock()
        self.index_array = None
        self.index_generator = self._flow_index()

    def _set_index_array(self) -> None:
        self.index_array = np.random.permutation(self.n) if self.shuffle else np.arange(self.n)

    def __getitem__(self, idx: int):
        if idx >= len(self):
            raise ValueError(f"Asked to retrieve element {idx}, but the Sequence has length "
                             f"{len(self)}")
        if self.seed is not None:
            np.random.seed(self.seed + self.total_batches_seen)
        self.total_batches_seen += 1
        if self.index_array is None:
            self._set_index_array()
        chosen = self.index_array[self.batch_size * idx:self.batch_size * (idx + 1)]
        return self._get_batches_of_transformed_samples(chosen)

    def __len__(self) -> int:
        return (self.n + self.batch_size - 1) // self.batch_size

    def on_epoch_end(self) -> None:
        self._set_index_array()

    def reset(self) -> None:
        self.batch_index = 0

    def _flow_index(self):
        self.reset()
        while True:
            if self.seed is not None:
                np.random.seed(self.seed + self.total_batches_seen)
            if self.batch_index == 0:
                self._set_index_array()
            current = (self.batch_index * self.batch_size) % self.n if self.n else 0
            if self.n > current + self.batch_size:
                self.batch_index += 1
            else:
                self.batch_index = 0
            self.total_batches_seen += 1
            yield self.index_array[current:current + self.batch_size]

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            index_array = next(self.index_generator)
        return self._get_batches_of_transformed_samples(index_array)

    next = __next__  # the Keras 2 spelling (`generator.next()`)

    def _get_batches_of_transformed_samples(self, index_array):
        raise NotImplementedError


class NumpyArrayIterator(Iterator):
    """Batches (x[, y[, sample_weight]]) of a rank-4 image array, each image randomly
    transformed and standardized by `image_data_generator`. `x` may be (images, extra array
    or list of arrays): the extras come out beside the images, untransformed."""

    def __init__(self, x, y, image_data_generator, batch_size=32, shuffle=False,
                 sample_weight=None, seed=None, data_format=None, save_to_dir=None,
                 save_prefix="", save_format="png", subset=None, ignore_class_split=False,
                 dtype=None) -> None:
        data_format, self.dtype = _defaults(data_format, dtype)
        x, x_misc = _split_misc(x)
        _check_lengths(x, y, sample_weight)
        if subset is not None:
            x, x_misc, y = _subset(x, x_misc, y, subset, image_data_generator,
                                   ignore_class_split)
        self.x = np.asarray(x, dtype=self.dtype)
        self.x_misc = x_misc
        if self.x.ndim != 4:
            raise ValueError(f"Input data in `NumpyArrayIterator` should have rank 4. You "
                             f"passed an array with shape {self.x.shape}")
        axis = 3 if data_format == "channels_last" else 1
        if self.x.shape[axis] not in {1, 3, 4}:
            warnings.warn(f'NumpyArrayIterator is set to use the data format convention '
                          f'"{data_format}" (channels on axis {axis}), i.e. expected either '
                          f"1, 3, or 4 channels on axis {axis}. However, it was passed an "
                          f"array with shape {self.x.shape} ({self.x.shape[axis]} channels).",
                          stacklevel=2)
        self.y = None if y is None else np.asarray(y)
        self.sample_weight = None if sample_weight is None else np.asarray(sample_weight)
        self.image_data_generator = image_data_generator
        self.data_format = data_format
        self.save_to_dir = save_to_dir
        self.save_prefix = save_prefix
        self.save_format = save_format
        super().__init__(self.x.shape[0], batch_size, shuffle, seed)

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = np.zeros((len(index_array), *self.x.shape[1:]), dtype=self.dtype)
        gen = self.image_data_generator
        for i, j in enumerate(index_array):
            x = self.x[j]
            params = gen.get_random_transform(x.shape)
            x = gen.apply_transform(x.astype(self.dtype), params)
            batch_x[i] = gen.standardize(x)
        if self.save_to_dir:
            _save_batch(batch_x, index_array, self, 1e4)
        miscs = [xx[index_array] for xx in self.x_misc]
        output = (batch_x if not miscs else [batch_x, *miscs],)
        if self.y is None:
            return output[0]
        output += (self.y[index_array],)
        if self.sample_weight is not None:
            output += (self.sample_weight[index_array],)
        return output


def _split_misc(x) -> tuple:
    if not isinstance(x, (tuple, list)):
        return x, []
    misc = [np.asarray(x[1])] if not isinstance(x[1], list) else [np.asarray(a) for a in x[1]]
    images = x[0]
    for extra in misc:
        if len(images) != len(extra):
            raise ValueError(f"All of the arrays in `x` should have the same length. Found a "
                             f"pair with: len(x[0]) = {len(images)}, len(x[?]) = {len(extra)}")
    return images, misc


def _check_lengths(x, y, sample_weight) -> None:
    if y is not None and len(x) != len(y):
        raise ValueError(f"`x` (images tensor) and `y` (labels) should have the same length. "
                         f"Found: x.shape = {np.asarray(x).shape}, "
                         f"y.shape = {np.asarray(y).shape}")
    if sample_weight is not None and len(x) != len(sample_weight):
        raise ValueError(f"`x` (images tensor) and `sample_weight` should have the same "
                         f"length. Found: x.shape = {np.asarray(x).shape}, "
                         f"sample_weight.shape = {np.asarray(sample_weight).shape}")


def _subset(x, x_misc, y, subset, generator, ignore_class_split) -> tuple:
    """The "validation" part (the first `validation_split`) or the "training" rest."""
    if subset not in {"training", "validation"}:
        raise ValueError(f'Invalid subset name: {subset}; expected "training" or '
                         f'"validation".')
    split = int(len(x) * generator._validation_split)
    if y is not None and not ignore_class_split and \
            not np.array_equal(np.unique(y[:split]), np.unique(y[split:])):
        raise ValueError("Training and validation subsets have different number of classes "
                         "after the split. If your numpy arrays are sorted by the label, you "
                         "might want to shuffle them.")
    part = slice(None, split) if subset == "validation" else slice(split, None)
    return (x[part], [np.asarray(a[part]) for a in x_misc],
            None if y is None else y[part])


def _save_batch(batch_x, index_array, it, hash_range) -> None:
    from fluxion.keras.utils import image_utils

    for i, j in enumerate(index_array):
        img = image_utils.array_to_img(batch_x[i], it.data_format, scale=True)
        name = f"{it.save_prefix}_{j}_{np.random.randint(hash_range)}.{it.save_format}"
        img.save(os.path.join(it.save_to_dir, name))


# --- image files -------------------------------------------------------------------------------
def _iter_valid_files(directory, formats, follow_links):
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links),
                                 key=lambda entry: entry[0]):
        for name in sorted(files):
            if name.lower().endswith(".tiff"):
                warnings.warn('Using ".tiff" files with multiple bands will cause distortion. '
                              "Please verify your output.", stacklevel=2)
            if name.lower().endswith(formats):
                yield root, name


def _list_class_files(directory, formats, split, class_indices, follow_links) -> tuple:
    """(class ids, paths relative to `directory`'s parent) of one class folder's files, the
    `split` = (start, stop) fraction of them when given."""
    dirname = os.path.basename(directory)
    files = list(_iter_valid_files(directory, formats, follow_links))
    if split:
        files = files[int(split[0] * len(files)):int(split[1] * len(files))]
    classes = [class_indices[dirname]] * len(files)
    names = [os.path.join(dirname, os.path.relpath(os.path.join(root, name), directory))
             for root, name in files]
    return classes, names


def _have_pil() -> bool:
    return importlib.util.find_spec("PIL") is not None


def _convert_mode(img: np.ndarray, color_mode: str) -> np.ndarray:
    """A decoded (H, W, C) uint8 image in Pillow's "L", "RGB" or "RGBA" mode."""
    channels = img.shape[-1]
    if color_mode == "grayscale":
        if channels < 3:
            return img[..., :1]
        rgb = img[..., :3].astype(np.int64)  # Pillow's ITU-R 601-2 luma, fixed point
        luma = (rgb[..., 0] * 19595 + rgb[..., 1] * 38470 + rgb[..., 2] * 7471 + 0x8000) >> 16
        return luma.astype(np.uint8)[..., None]
    color = img[..., :3] if channels >= 3 else np.repeat(img[..., :1], 3, axis=-1)
    if color_mode == "rgb":
        return color
    if channels in (2, 4):
        alpha = img[..., -1:]
    else:
        alpha = np.full(img.shape[:-1] + (1,), 255, np.uint8)
    return np.concatenate([color, alpha], axis=-1)


def _resize(img: np.ndarray, size: tuple, interpolation: str, keep_aspect_ratio: bool):
    """Pillow-style resize to (height, width) of the (centre-cropped) image."""
    import fluxion as tf

    height, width = img.shape[:2]
    top, left, crop_h, crop_w = 0, 0, height, width
    if keep_aspect_ratio:
        crop_h = min(height, (width * size[0]) // size[1])
        crop_w = min(width, (height * size[1]) // size[0])
        top, left = (height - crop_h) // 2, (width - crop_w) // 2
    if interpolation == "nearest":
        rows = top + np.floor((np.arange(size[0]) + 0.5) * (crop_h / size[0])).astype(np.intp)
        cols = left + np.floor((np.arange(size[1]) + 0.5) * (crop_w / size[1])).astype(np.intp)
        return img[np.minimum(rows, height - 1)][:, np.minimum(cols, width - 1)]
    methods = {"bilinear": "bilinear", "bicubic": "bicubic", "lanczos": "lanczos3",
               "box": "area", "hamming": "bilinear"}
    if interpolation not in methods:
        raise ValueError(f"Invalid interpolation method {interpolation} specified. Supported "
                         f"methods are {', '.join(('nearest', *methods))}")
    crop = img[top:top + crop_h, left:left + crop_w]
    out = tf.image.resize(crop, size, method=methods[interpolation], antialias=True).numpy()
    return np.clip(np.round(out), 0, 255).astype(np.uint8)


def load_image_array(path, color_mode="rgb", target_size=None, interpolation="nearest",
                     keep_aspect_ratio=False, data_format=None, dtype=None) -> np.ndarray:
    """An image file as a 3-D array, as Keras' `img_to_array(load_img(...))` gives it."""
    from fluxion.keras.utils import image_utils

    if _have_pil():
        img = image_utils.load_img(path, color_mode=color_mode, target_size=target_size,
                                   interpolation=interpolation,
                                   keep_aspect_ratio=keep_aspect_ratio)
        return image_utils.img_to_array(img, data_format=data_format, dtype=dtype)
    import fluxion as tf

    with open(path, "rb") as f:
        contents = f.read()
    img = tf.image.decode_image(contents, expand_animations=False).numpy()
    if img.dtype != np.uint8:  # 16-bit files: Pillow's 8-bit view
        img = (img.astype(np.uint32) >> 8).astype(np.uint8)
    img = _convert_mode(img, color_mode)
    if target_size is not None and tuple(img.shape[:2]) != tuple(target_size):
        img = _resize(img, tuple(target_size), interpolation, keep_aspect_ratio)
    return image_utils.img_to_array(img, data_format=data_format, dtype=dtype)


class DirectoryIterator(Iterator):
    """Batches of the images under `directory` (one subdirectory per class, sorted, or
    `classes`), resized to `target_size`, with labels per `class_mode`: "categorical"
    one-hot, "binary"/"sparse" class ids, "input" the images themselves, None no labels."""

    allowed_class_modes = {"categorical", "binary", "sparse", "input", None}  # noqa: RUF012

    def __init__(self, directory, image_data_generator, target_size=(256, 256),
                 color_mode="rgb", classes=None, class_mode="categorical", batch_size=32,
                 shuffle=True, seed=None, data_format=None, save_to_dir=None, save_prefix="",
                 save_format="png", follow_links=False, subset=None, interpolation="nearest",
                 keep_aspect_ratio=False, dtype=None) -> None:
        data_format, self.dtype = _defaults(data_format, dtype)
        self._set_processing_attrs(image_data_generator, target_size, color_mode, data_format,
                                   subset)
        self.save_to_dir, self.save_prefix, self.save_format = \
            save_to_dir, save_prefix, save_format
        self.interpolation = interpolation
        self.keep_aspect_ratio = keep_aspect_ratio
        self.directory = directory
        if class_mode not in self.allowed_class_modes:
            raise ValueError(f"Invalid class_mode: {class_mode}; expected one of: "
                             f"{self.allowed_class_modes}")
        self.class_mode = class_mode
        if not classes:
            classes = [d for d in sorted(os.listdir(directory))
                       if os.path.isdir(os.path.join(directory, d))]
        self.num_classes = len(classes)
        self.class_indices = dict(zip(classes, range(len(classes))))
        ids, self.filenames = [], []
        for subdir in classes:
            found, names = _list_class_files(os.path.join(directory, subdir),
                                             self.white_list_formats, self.split,
                                             self.class_indices, follow_links)
            ids += found
            self.filenames += names
        self.samples = len(self.filenames)
        self.classes = np.array(ids, dtype="int32").reshape(self.samples)
        print(f"Found {self.samples} images belonging to {self.num_classes} classes.")
        self._filepaths = [os.path.join(directory, name) for name in self.filenames]
        super().__init__(self.samples, batch_size, shuffle, seed)

    def _set_processing_attrs(self, generator, target_size, color_mode, data_format,
                              subset) -> None:
        self.image_data_generator = generator
        self.target_size = tuple(target_size)
        channels = {"rgba": 4, "rgb": 3, "grayscale": 1}.get(color_mode)
        if channels is None:
            raise ValueError(f'Invalid color mode: {color_mode}; expected "rgb", "rgba", or '
                             f'"grayscale".')
        self.color_mode = color_mode
        self.data_format = data_format
        self.image_shape = self.target_size + (channels,) if data_format == "channels_last" \
            else (channels,) + self.target_size
        self.split = None
        if subset is not None:
            validation_split = generator._validation_split
            if subset == "validation":
                self.split = (0, validation_split)
            elif subset == "training":
                self.split = (validation_split, 1)
            else:
                raise ValueError(f'Invalid subset name: {subset};expected "training" or '
                                 f'"validation"')
        self.subset = subset

    @property
    def filepaths(self) -> list:
        return self._filepaths

    @property
    def labels(self) -> np.ndarray:
        return self.classes

    @property
    def sample_weight(self):
        return None

    def _get_batches_of_transformed_samples(self, index_array):
        batch_x = np.zeros((len(index_array), *self.image_shape), dtype=self.dtype)
        gen = self.image_data_generator
        for i, j in enumerate(index_array):
            x = load_image_array(self._filepaths[j], self.color_mode, self.target_size,
                                 self.interpolation, self.keep_aspect_ratio,
                                 self.data_format, self.dtype)
            if gen:
                x = gen.apply_transform(x, gen.get_random_transform(x.shape))
                x = gen.standardize(x)
            batch_x[i] = x
        if self.save_to_dir:
            _save_batch(batch_x, index_array, self, 1e7)
        if self.class_mode == "input":
            return batch_x, batch_x.copy()
        if self.class_mode in {"binary", "sparse"}:
            return batch_x, self.classes[index_array].astype(self.dtype)
        if self.class_mode == "categorical":
            batch_y = np.zeros((len(batch_x), len(self.class_indices)), dtype=self.dtype)
            batch_y[np.arange(len(batch_x)), self.classes[index_array]] = 1.0
            return batch_x, batch_y
        return batch_x
