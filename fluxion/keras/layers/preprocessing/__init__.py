"""Preprocessing layers."""
from fluxion.keras.layers.preprocessing.normalization import Normalization, Rescaling

__all__ = ["Normalization", "Rescaling"]
