"""Reshaping layers: flatten/reshape/permute/repeat, zero padding, cropping, upsampling."""
from fluxion.keras.layers.reshaping.padding import (
                                                    Cropping1D,
                                                    Cropping2D,
                                                    Cropping3D,
                                                    ZeroPadding1D,
                                                    ZeroPadding2D,
                                                    ZeroPadding3D,
)
from fluxion.keras.layers.reshaping.reshape import Flatten, Permute, RepeatVector, Reshape
from fluxion.keras.layers.reshaping.upsampling import UpSampling1D, UpSampling2D, UpSampling3D

__all__ = ["Cropping1D", "Cropping2D", "Cropping3D", "Flatten", "Permute", "RepeatVector",
           "Reshape", "UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D",
           "ZeroPadding2D", "ZeroPadding3D"]
