"""Zero padding and cropping of the spatial axes: `ZeroPadding1D/2D/3D`, `Cropping1D/2D/3D`."""
from __future__ import annotations

import fluxion as tf
from fluxion.keras.layers.argument_validation import (
    pair_tuple,
    standardize_data_format,
    standardize_tuple,
)
from fluxion.keras.layers.layer import Layer
from fluxion.keras.layers.reshaping.reshape import _check_rank


def _spatial_axes(data_format: str, n: int) -> tuple:
    return tuple(range(2, n + 2)) if data_format == "channels_first" else tuple(range(1, n + 1))


class _ZeroPadding(Layer):
    rank = 0

    def __init__(self, padding, data_format=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.padding = self._standardize(padding)
        pads = [(0, 0)] * (self.rank + 2)
        for axis, pair in zip(_spatial_axes(self.data_format, self.rank), self.padding):
            pads[axis] = tuple(pair)
        self._pads = tuple(pads)

    def _standardize(self, padding) -> tuple:
        return pair_tuple(padding, "padding", self.rank)

    def build(self, input_shape) -> None:
        _check_rank(self, input_shape, ndim=self.rank + 2)
        self.built = True

    def call(self, inputs):
        return tf.pad(inputs, self._pads)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding,
                "data_format": self.data_format}


class ZeroPadding1D(_ZeroPadding):
    """Pads the steps axis with zeros: `padding` is an int or (before, after)."""

    rank = 1

    def __init__(self, padding=1, data_format=None, **kwargs) -> None:
        super().__init__(padding, data_format, **kwargs)

    def _standardize(self, padding) -> tuple:
        return (standardize_tuple(padding, 2, "padding", allow_zero=True),)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding[0]}


class ZeroPadding2D(_ZeroPadding):
    """Pads rows and columns with zeros: an int, (sym_h, sym_w) or ((top, bottom),
    (left, right))."""

    rank = 2

    def __init__(self, padding=(1, 1), data_format=None, **kwargs) -> None:
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding3D(_ZeroPadding):
    rank = 3

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs) -> None:
        super().__init__(padding, data_format, **kwargs)


class _Cropping(Layer):
    rank = 0

    def __init__(self, cropping, data_format=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.cropping = self._standardize(cropping)
        index = [slice(None)] * (self.rank + 2)
        for axis, (lo, hi) in zip(_spatial_axes(self.data_format, self.rank), self.cropping):
            index[axis] = slice(lo, -hi if hi else None)
        self._index = tuple(index)

    def _standardize(self, cropping) -> tuple:
        return pair_tuple(cropping, "cropping", self.rank)

    def build(self, input_shape) -> None:
        _check_rank(self, input_shape, ndim=self.rank + 2)
        for axis, pair in zip(_spatial_axes(self.data_format, self.rank), self.cropping):
            size = input_shape[axis]
            if size is not None and sum(pair) >= size:
                raise ValueError(f"Values in `cropping` argument should be smaller than the "
                                 f"corresponding spatial dimension of the input. Received: "
                                 f"input_shape={tuple(input_shape)}, cropping={self.cropping}")
        self.built = True

    def call(self, inputs):
        return inputs[self._index]

    def get_config(self) -> dict:
        return {**super().get_config(), "cropping": self.cropping,
                "data_format": self.data_format}


class Cropping1D(_Cropping):
    """Crops the steps axis: `cropping` is an int or (start, end)."""

    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs) -> None:
        super().__init__(cropping, "channels_last", **kwargs)

    def _standardize(self, cropping) -> tuple:
        return (standardize_tuple(cropping, 2, "cropping", allow_zero=True),)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["data_format"]
        return {**config, "cropping": self.cropping[0]}


class Cropping2D(_Cropping):
    """Crops rows and columns: an int, (sym_h, sym_w) or ((top, bottom), (left, right))."""

    rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs) -> None:
        super().__init__(cropping, data_format, **kwargs)


class Cropping3D(_Cropping):
    rank = 3

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs) -> None:
        super().__init__(cropping, data_format, **kwargs)
