"""Adaptive pooling layers (1-D, 2-D, 3-D): average or max pooling to a fixed spatial
`output_size` with PyTorch's bins (`keras.ops.adaptive_average_pool` / `adaptive_max_pool`)."""
from __future__ import annotations

from fluxion.keras.layers.argument_validation import standardize_data_format
from fluxion.keras.layers.layer import Layer
from fluxion.keras.ops.adaptive_pool import adaptive_average_pool, adaptive_max_pool

_AXES = {1: "", 2: "(height, width) ", 3: "(depth, height, width) "}


def _output_size(output_size, rank: int) -> tuple:
    if isinstance(output_size, int):
        return (output_size,) * rank
    if rank == 1 and isinstance(output_size, (tuple, list)):
        if len(output_size) != 1:
            raise ValueError(f"For 1D input, `output_size` tuple must have length 1. "
                             f"Received: {output_size}")
        return tuple(output_size)
    if isinstance(output_size, (tuple, list)) and len(output_size) == rank:
        return tuple(output_size)
    what = "tuple of 1 integer" if rank == 1 else f"{_AXES[rank]}tuple"
    raise TypeError(f"`output_size` must be an integer or {what}. Received: {output_size} "
                    f"of type {type(output_size)}")


class BaseAdaptivePooling(Layer):
    rank = 0
    _pool = None

    def __init__(self, output_size, data_format=None, **kwargs) -> None:
        output_size = _output_size(output_size, self.rank)
        super().__init__(**kwargs)
        self.output_size = output_size
        self.data_format = standardize_data_format(data_format)

    def build(self, input_shape=None) -> None:
        self.built = True

    def call(self, inputs):
        return self._pool(inputs, output_size=self.output_size,
                                data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        if self.data_format == "channels_last":
            return (input_shape[0], *self.output_size, input_shape[-1])
        return (input_shape[0], input_shape[1], *self.output_size)

    def get_config(self) -> dict:
        return {**super().get_config(), "output_size": self.output_size,
                "data_format": self.data_format}


def _adaptive(rank: int, mode: str):
    name = f"Adaptive{'Average' if mode == 'avg' else 'Max'}Pooling{rank}D"
    pool = adaptive_average_pool if mode == "avg" else adaptive_max_pool
    doc = f"{rank}D adaptive {'average' if mode == 'avg' else 'max'} pooling."
    return type(name, (BaseAdaptivePooling,), {"rank": rank, "_pool": staticmethod(pool),
                                               "__doc__": doc, "__module__": __name__})


AdaptiveAveragePooling1D = _adaptive(1, "avg")
AdaptiveAveragePooling2D = _adaptive(2, "avg")
AdaptiveAveragePooling3D = _adaptive(3, "avg")
AdaptiveMaxPooling1D = _adaptive(1, "max")
AdaptiveMaxPooling2D = _adaptive(2, "max")
AdaptiveMaxPooling3D = _adaptive(3, "max")

__all__ = ["AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D", "AdaptiveAveragePooling3D",
           "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D", "AdaptiveMaxPooling3D"]
