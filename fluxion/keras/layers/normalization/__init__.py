"""Normalization layers."""
from fluxion.keras.layers.normalization.batch_norm import BatchNormalization
from fluxion.keras.layers.normalization.layer_norm import (
                                                           GroupNormalization,
                                                           LayerNormalization,
                                                           UnitNormalization,
)
from fluxion.keras.layers.normalization.rms_spectral import (RMSNormalization,
                                                             SpectralNormalization)

__all__ = ["BatchNormalization", "GroupNormalization", "LayerNormalization",
           "RMSNormalization", "SpectralNormalization", "UnitNormalization"]
