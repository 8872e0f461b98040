"""Normalization layers."""
from fluxion.keras.layers.normalization.batch_norm import BatchNormalization
from fluxion.keras.layers.normalization.layer_norm import (
                                                           GroupNormalization,
                                                           LayerNormalization,
                                                           UnitNormalization,
)

__all__ = ["BatchNormalization", "GroupNormalization", "LayerNormalization",
           "UnitNormalization"]
