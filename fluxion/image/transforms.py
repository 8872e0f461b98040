"""Geometric transforms: flips, rot90, transpose, random flips and random crops."""
from __future__ import annotations

import fluxion as tf
from fluxion.core import dtypes
from fluxion.core.tensor import Tensor, convert_to_tensor
from fluxion.errors import InvalidArgumentError
from fluxion.ops._util import shape_of, static_ints

__all__ = [
    "flip_left_right",
    "flip_up_down",
    "random_crop",
    "random_flip_left_right",
    "random_flip_up_down",
    "rot90",
    "stateless_random_crop",
    "stateless_random_flip_left_right",
    "stateless_random_flip_up_down",
    "transpose",
]


def _image(image, name: str = "image") -> Tensor:
    """`image` as a tensor of rank 3 or 4 (TF's ValueError otherwise)."""
    image = image if isinstance(image, Tensor) else convert_to_tensor(image)
    rank = image.shape.rank
    if rank is None:
        raise ValueError(f"'{name}' contains no shape.")
    if rank < 3:
        raise ValueError(f"'{name}' (shape {image.shape}) must be at least three-dimensional.")
    if rank > 4:
        raise ValueError(f"'{name}' (shape {image.shape}) must have either 3 or 4 dimensions.")
    return image


def _flip(image, axis_from_end: int) -> Tensor:
    image = _image(image)
    return tf.reverse(image, [image.shape.rank - axis_from_end])


def flip_left_right(image) -> Tensor:
    """Mirrors images horizontally (reverses the width axis)."""
    return _flip(image, 2)


def flip_up_down(image) -> Tensor:
    """Mirrors images vertically (reverses the height axis)."""
    return _flip(image, 3)


def transpose(image, name=None) -> Tensor:
    """Swaps the height and width axes."""
    image = _image(image)
    perm = [1, 0, 2] if image.shape.rank == 3 else [0, 2, 1, 3]
    return tf.transpose(image, perm)


def rot90(image, k=1, name=None) -> Tensor:
    """Rotates images by `k` quarter turns counter-clockwise."""
    image = _image(image)
    k = static_ints(k, "k")
    turns = k % 4
    if turns == 0:
        return image
    if turns == 2:
        return flip_up_down(flip_left_right(image))
    if turns == 1:
        return flip_up_down(transpose(image))
    return flip_left_right(transpose(image))


def _random_flip(image, axis_from_end: int, coin: Tensor | None, seed) -> Tensor:
    """Flips each image (or the one image) where a uniform draw falls below 0.5."""
    image = _image(image)
    batched = image.shape.rank == 4
    n = shape_of(image)[0] if batched else 1
    if coin is None:
        coin = tf.random.uniform([n], 0.0, 1.0, seed=seed)
    flipped = _flip(image, axis_from_end)
    mask = coin < 0.5
    mask = tf.reshape(mask, [n, 1, 1, 1]) if batched else tf.reshape(mask, [1, 1, 1])
    return tf.where(mask, flipped, image)


def random_flip_left_right(image, seed=None) -> Tensor:
    """Flips each image horizontally with probability 1/2."""
    return _random_flip(image, 2, None, seed)


def random_flip_up_down(image, seed=None) -> Tensor:
    """Flips each image vertically with probability 1/2."""
    return _random_flip(image, 3, None, seed)


def _stateless_coin(image, seed) -> Tensor:
    image = _image(image)
    n = shape_of(image)[0] if image.shape.rank == 4 else 1
    return tf.random.stateless_uniform([n], seed, 0.0, 1.0)


def stateless_random_flip_left_right(image, seed) -> Tensor:
    """Horizontal flip with probability 1/2, deterministic given `seed` (shape [2])."""
    return _random_flip(image, 2, _stateless_coin(image, seed), None)


def stateless_random_flip_up_down(image, seed) -> Tensor:
    """Vertical flip with probability 1/2, deterministic given `seed` (shape [2])."""
    return _random_flip(image, 3, _stateless_coin(image, seed), None)


# --- random crops ----------------------------------------------------------------------------
def _crop_limits(value: Tensor, size) -> tuple[tuple, tuple]:
    size = static_ints(size, "size")
    size = (size,) if isinstance(size, int) else tuple(size)
    shape = shape_of(value)
    if len(size) != len(shape):
        raise InvalidArgumentError(f"Expected begin and size arguments to be 1-D tensors of "
                                   f"size {len(shape)}, but got shapes [{len(size)}] [Op:Slice]")
    if any(s > d for s, d in zip(size, shape)):
        raise InvalidArgumentError(f"Need value.shape >= size, got {list(shape)} {list(size)}")
    return size, tuple(d - s + 1 for s, d in zip(size, shape))


def _crop_at(value: Tensor, offset: Tensor, size: tuple) -> Tensor:
    """The block of `size` at a runtime `offset` (gathers, so it traces and differentiates)."""
    for axis, extent in enumerate(size):
        if extent == shape_of(value)[axis]:
            continue
        value = tf.gather(value, offset[axis] + tf.range(extent), axis=axis)
    return value


def random_crop(value, size, seed=None, name=None) -> Tensor:
    """A block of `size` at a uniformly random offset in `value`."""
    value = value if isinstance(value, Tensor) else convert_to_tensor(value)
    size, limits = _crop_limits(value, size)
    draw = tf.random.uniform([len(size)], 0, dtypes.int32.max, dtype=dtypes.int32, seed=seed)
    return _crop_at(value, draw % tf.constant(limits, dtypes.int32), size)


def stateless_random_crop(value, size, seed, name=None) -> Tensor:
    """`random_crop`, deterministic given `seed` (shape [2])."""
    value = value if isinstance(value, Tensor) else convert_to_tensor(value)
    size, limits = _crop_limits(value, size)
    draw = tf.random.stateless_uniform([len(size)], seed, 0, dtypes.int32.max,
                                       dtype=dtypes.int32)
    return _crop_at(value, draw % tf.constant(limits, dtypes.int32), size)
